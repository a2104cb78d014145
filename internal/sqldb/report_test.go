package sqldb_test

import (
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// Events count in the year they happened in Swedish time: a submission at
// 23:30 UTC on 31 December 2021 is 00:30 on New Year's Day in Stockholm
// and belongs to 2022; an audit counts in the year of the day it was
// performed, whenever it was recorded. A year without data gives zeros.
func TestAnnualReportYearBoundaries(t *testing.T) {
	w := newFollowUpWorld(t)
	coord := tillit.ActorOf(w.coordinator)
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	change := func(id int64, when string, fn func(f *tillit.FollowUp, now time.Time) (tillit.FollowUpEvent, error)) {
		t.Helper()
		w.clock.Set(at(when))
		if _, _, err := w.db.ChangeFollowUp(ctx, coord, id, func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			return fn(f, at(when))
		}); err != nil {
			t.Fatal(err)
		}
	}

	// A: opened and asked in 2021, answered and reviewed in 2022 (by
	// Swedish time), audited on the last day of 2022, recorded in 2023.
	w.clock.Set(at("2021-12-31T20:00:00Z"))
	a := w.open(t, w.supplier.ID)
	change(a.ID, "2021-12-31T22:30:00Z", func(f *tillit.FollowUp, now time.Time) (tillit.FollowUpEvent, error) {
		return f.SendSelfAssessment(coord, now, time.Date(2022, 2, 15, 0, 0, 0, 0, time.UTC))
	})
	change(a.ID, "2021-12-31T23:30:00Z", func(f *tillit.FollowUp, now time.Time) (tillit.FollowUpEvent, error) {
		return f.SubmitSelfAssessment(coord, now, 1)
	})
	change(a.ID, "2022-03-01T10:00:00Z", func(f *tillit.FollowUp, now time.Time) (tillit.FollowUpEvent, error) {
		return f.ReviewSelfAssessment(coord, now, 1, tillit.VerdictDeficient, tillit.RecommendOfficeAudit, "No supply-chain risk analysis")
	})
	change(a.ID, "2022-03-02T10:00:00Z", func(f *tillit.FollowUp, now time.Time) (tillit.FollowUpEvent, error) {
		return f.PlanAudit(coord, now, tillit.AuditPlan{Kind: tillit.AuditOffice, PlannedFor: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), AuditorOrgID: w.firm.ID})
	})
	change(a.ID, "2023-01-02T09:00:00Z", func(f *tillit.FollowUp, now time.Time) (tillit.FollowUpEvent, error) {
		return f.PerformAudit(coord, now, 1, time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), "", "One finding")
	})
	change(a.ID, "2023-01-02T10:00:00Z", func(f *tillit.FollowUp, now time.Time) (tillit.FollowUpEvent, error) {
		return f.RecordDeviation(coord, now, 1, tillit.DeviationInput{RequirementCode: "COC-1.1", Severity: tillit.SeverityObservation,
			Description: "Policy not signed by management"})
	})
	change(a.ID, "2023-03-01T08:00:00Z", func(f *tillit.FollowUp, now time.Time) (tillit.FollowUpEvent, error) {
		return f.CloseDeviation(coord, now, 1, 0, "Signed policy seen")
	})

	// B: opened in 2022 and closed at 23:59 on 31 December 2022 Swedish
	// time, without an audit.
	w.clock.Set(at("2022-06-01T10:00:00Z"))
	b := w.open(t, w.supplier2.ID)
	change(b.ID, "2022-12-31T23:59:00+01:00", func(f *tillit.FollowUp, now time.Time) (tillit.FollowUpEvent, error) {
		return f.Close(coord, now, tillit.CloseContractsExpired, "")
	})
	w.clock.Set(at("2024-01-10T10:00:00Z"))

	want := map[int]tillit.FollowUpFigures{
		2021: {FollowUpsOpened: 1, SAQSent: 1, FollowUpsOngoingYearEnd: 1},
		2022: {FollowUpsOpened: 1, SAQAnswered: 1, SAQReviewed: 1, SAQDeficient: 1, OfficeAuditsStarted: 1,
			FollowUpsClosed: 1, FollowUpsOngoingYearEnd: 1},
		2023: {FollowUpsOngoingYearEnd: 1},
		2019: {},
	}
	for year, fig := range want {
		rep, err := w.db.AnnualReport(ctx, year)
		if err != nil {
			t.Fatalf("%d: %v", year, err)
		}
		if rep.FollowUp != fig {
			t.Errorf("%d: %+v\nwant %+v", year, rep.FollowUp, fig)
		}
		if !rep.Complete {
			t.Errorf("%d: not complete on 2024-01-10", year)
		}
	}

	rep, err := w.db.AnnualReport(ctx, 2022)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.AuditsStarted) != 1 || rep.AuditsStarted[0].Supplier != w.supplier.Name || len(rep.AuditsClosed) != 0 {
		t.Errorf("2022 lists: started %+v, closed %+v", rep.AuditsStarted, rep.AuditsClosed)
	}
	if len(rep.Trend) != 5 || rep.Trend[0].Year != 2018 || rep.Trend[3].FollowUp != want[2021] || rep.Trend[4].FollowUp != want[2022] {
		t.Errorf("trend: %+v", rep.Trend)
	}
	if c := rep.Categories[0]; c.FollowUpsOpened != 1 || c.FollowUpsClosed != 1 || c.FollowUpsOngoing != 1 || c.AuditsStarted != 1 ||
		len(c.Responsible) != 1 || c.Responsible[0] != w.region.Name {
		t.Errorf("2022 category: %+v", c)
	}

	rep, err = w.db.AnnualReport(ctx, 2023)
	if err != nil {
		t.Fatal(err)
	}
	obs := rep.Deviations[2]
	if obs.Severity != tillit.SeverityObservation || obs.Opened != 1 || obs.Closed != 1 {
		t.Errorf("2023 deviations: %+v", rep.Deviations)
	}
	// 2 January to 1 March 2023 in Swedish dates.
	if rep.MedianDaysToClosure == nil || *rep.MedianDaysToClosure != 58 {
		t.Errorf("2023 median days to closure: %v, want 58", fmtMedian(rep.MedianDaysToClosure))
	}
	if rep.Categories[0].Deviations[2].Opened != 1 {
		t.Errorf("2023 category deviations: %+v", rep.Categories[0].Deviations)
	}

	empty, err := w.db.AnnualReport(ctx, 2019)
	if err != nil {
		t.Fatal(err)
	}
	if len(empty.AuditsStarted) != 0 || len(empty.AuditsClosed) != 0 || empty.MedianDaysToClosure != nil ||
		empty.Finance != nil || empty.FinanceProblem == nil {
		t.Errorf("2019: %+v", empty)
	}
	for _, d := range empty.Deviations {
		if d.Opened != 0 || d.Closed != 0 {
			t.Errorf("2019 deviations: %+v", empty.Deviations)
		}
	}
	_, err = w.db.AnnualReport(ctx, 1999)
	wantCode(t, err, tillit.EINVALID)
}

func TestSaveNarrative(t *testing.T) {
	w := newFollowUpWorld(t)
	officer := tillit.ActorOf(w.user)
	mustOK(t, w.db.SaveNarrative(ctx, officer, 2022, w.category.ID, "Fyra kontorsrevisioner."))
	rep, err := w.db.AnnualReport(ctx, 2022)
	if err != nil {
		t.Fatal(err)
	}
	if c := rep.Categories[0]; c.Narrative != "Fyra kontorsrevisioner." || c.NarrativeUpdatedAt.IsZero() {
		t.Errorf("narrative: %+v", c)
	}
	if rep, _ := w.db.AnnualReport(ctx, 2023); rep.Categories[0].Narrative != "" {
		t.Errorf("2022's text shows in 2023")
	}
	mustOK(t, w.db.SaveNarrative(ctx, officer, 2022, w.category.ID, ""))
	if rep, _ := w.db.AnnualReport(ctx, 2022); rep.Categories[0].Narrative != "" {
		t.Errorf("emptied text remains")
	}
	wantCode(t, w.db.SaveNarrative(ctx, officer, 2022, 9999, "x"), tillit.ENOTFOUND)
	long := make([]rune, 10001)
	for i := range long {
		long[i] = 'a'
	}
	wantFields(t, w.db.SaveNarrative(ctx, officer, 2022, w.category.ID, string(long)), "narrative")
	events, err := w.db.FindAuditEvents(ctx, sqldb.AuditFilter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Action == "report.narrative_saved" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d narrative events in the audit trail, want 2", n)
	}
}

func fmtMedian(p *float64) any {
	if p == nil {
		return "none"
	}
	return *p
}
