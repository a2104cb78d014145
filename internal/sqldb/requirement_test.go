package sqldb_test

import (
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

func reqDate(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func reqInput(text, from string) tillit.VersionInput {
	return tillit.VersionInput{Title: tillit.Text{SV: "Barnarbete", EN: "Child labour"},
		Body: tillit.Text{SV: "Leverantören ska " + text, EN: "The supplier shall " + text}, EffectiveFrom: reqDate(from)}
}

// publishedRequirement adds code with version 1 (from 2016) published.
func publishedRequirement(t *testing.T, db *sqldb.DB, code string) *tillit.Requirement {
	t.Helper()
	r := &tillit.Requirement{Code: code, Kind: tillit.KindCodeOfConduct, Area: tillit.AreaLabourRights}
	mustOK(t, db.CreateRequirement(ctx, sys, r, reqInput("not use child labour.", "2016-01-01")))
	if _, err := db.PublishRequirementVersion(ctx, sys, code, 1); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRequirementVersionsStored(t *testing.T) {
	f := newFixture(t)
	publishedRequirement(t, f.db, "UK-5.4")
	v1, err := f.db.FindRequirement(ctx, "UK-5.4")
	mustOK(t, err)
	before := v1.Versions[0]
	if before.Status != tillit.RequirementPublished || before.PublishedAt.IsZero() || !before.EffectiveFrom.Equal(reqDate("2016-01-01")) {
		t.Fatalf("version 1 = %+v", before)
	}

	// A second requirement with the same code is refused.
	wantCode(t, f.db.CreateRequirement(ctx, sys, &tillit.Requirement{Code: "UK-5.4", Kind: tillit.KindCodeOfConduct}, reqInput("x", "2016-01-01")), tillit.ECONFLICT)
	// A published version cannot be edited.
	_, err = f.db.UpdateRequirementDraft(ctx, sys, "UK-5.4", 1, reqInput("changed", "2016-01-01"))
	wantCode(t, err, tillit.ECONFLICT)

	f.clock.Add(time.Hour)
	if _, err := f.db.AddRequirementDraft(ctx, sys, "UK-5.4", reqInput("not use or accept child labour (ILO 138, 182).", "2022-06-01")); err != nil {
		t.Fatal(err)
	}
	_, err = f.db.AddRequirementDraft(ctx, sys, "UK-5.4", reqInput("again", "2024-01-01"))
	wantCode(t, err, tillit.ECONFLICT)
	if _, err := f.db.UpdateRequirementDraft(ctx, sys, "UK-5.4", 2, reqInput("not use or accept child labour (ILO 138, 182).", "2023-01-01")); err != nil {
		t.Fatal(err)
	}
	// Until it is published, the draft is in force nowhere.
	v, err := f.db.RequirementInForce(ctx, "UK-5.4", reqDate("2024-01-01"))
	mustOK(t, err)
	if v.Number != 1 {
		t.Fatalf("in force before publishing: version %d", v.Number)
	}
	if _, err := f.db.PublishRequirementVersion(ctx, sys, "UK-5.4", 2); err != nil {
		t.Fatal(err)
	}
	_, err = f.db.PublishRequirementVersion(ctx, sys, "UK-5.4", 2)
	wantCode(t, err, tillit.ECONFLICT)

	after, err := f.db.FindRequirement(ctx, "UK-5.4")
	mustOK(t, err)
	if len(after.Versions) != 2 || after.Versions[0] != before {
		t.Fatalf("publishing version 2 changed version 1:\nbefore %+v\nafter  %+v", before, after.Versions[0])
	}
	for _, c := range []struct {
		on   string
		want int
	}{{"2022-12-31", 1}, {"2023-01-01", 2}} {
		v, err := f.db.RequirementInForce(ctx, "UK-5.4", reqDate(c.on))
		mustOK(t, err)
		if v.Number != c.want {
			t.Errorf("in force on %s: version %d, want %d", c.on, v.Number, c.want)
		}
	}
	_, err = f.db.RequirementInForce(ctx, "UK-5.4", reqDate("2015-01-01"))
	wantCode(t, err, tillit.ENOTFOUND)
	_, err = f.db.RequirementInForce(ctx, "XX-1", reqDate("2023-01-01"))
	wantCode(t, err, tillit.ENOTFOUND)
	latest, err := f.db.LatestRequirement(ctx, "UK-5.4")
	mustOK(t, err)
	if latest.Number != 2 {
		t.Fatalf("latest = %d", latest.Number)
	}
	events, err := f.db.FindAuditEvents(ctx, sqldb.AuditFilter{Entity: "requirement"})
	mustOK(t, err)
	if len(events) != 5 { // created, published, draft added, draft updated, published
		t.Errorf("audit events = %d, want 5", len(events))
	}
}

func TestFindRequirements(t *testing.T) {
	f := newFixture(t)
	publishedRequirement(t, f.db, "UK-5.4")
	mustOK(t, f.db.CreateRequirement(ctx, sys, &tillit.Requirement{Code: "UK-1", Kind: tillit.KindCodeOfConduct},
		reqInput("have a policy commitment.", "2016-01-01")))
	mustOK(t, f.db.CreateRequirement(ctx, sys, &tillit.Requirement{Code: "KVB-1", Kind: tillit.KindClauseBasic},
		reqInput("pass the requirements on.", "2016-01-01")))
	if _, err := f.db.PublishRequirementVersion(ctx, sys, "KVB-1", 1); err != nil {
		t.Fatal(err)
	}
	_, err := f.db.AddRequirementDraft(ctx, sys, "UK-5.4", reqInput("never use child labour.", "2023-01-01"))
	mustOK(t, err)
	_, err = f.db.PublishRequirementVersion(ctx, sys, "UK-5.4", 2)
	mustOK(t, err)

	codes := func(rows []sqldb.RequirementRow) (out []string) {
		for _, r := range rows {
			out = append(out, r.Code+"/"+string(rune('0'+r.Version.Number)))
		}
		return out
	}
	tests := []struct {
		name string
		f    sqldb.RequirementFilter
		want []string
	}{
		{"published only", sqldb.RequirementFilter{}, []string{"UK-5.4/2", "KVB-1/1"}},
		{"with drafts", sqldb.RequirementFilter{Drafts: true}, []string{"UK-1/1", "UK-5.4/2", "KVB-1/1"}},
		{"kind", sqldb.RequirementFilter{Kind: tillit.KindClauseBasic}, []string{"KVB-1/1"}},
		{"area", sqldb.RequirementFilter{Area: tillit.AreaLabourRights}, []string{"UK-5.4/2"}},
		{"no area", sqldb.RequirementFilter{Area: "none"}, []string{"KVB-1/1"}},
		{"as of 2022", sqldb.RequirementFilter{On: reqDate("2022-05-01")}, []string{"UK-5.4/1", "KVB-1/1"}},
		{"search the text of the version shown", sqldb.RequirementFilter{Query: "NEVER"}, []string{"UK-5.4/2"}},
		{"search misses older text", sqldb.RequirementFilter{Query: "not use child"}, nil},
		{"search by code", sqldb.RequirementFilter{Query: "kvb"}, []string{"KVB-1/1"}},
		{"before anything applied", sqldb.RequirementFilter{On: reqDate("2010-01-01")}, []string{"UK-5.4/0", "KVB-1/0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := f.db.FindRequirements(ctx, tt.f)
			mustOK(t, err)
			got := codes(rows)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}

// TestDeviationKeepsItsRequirementVersion is the must-show: a deviation
// judged against version 1 still shows version 1 after version 2 is
// published; one recorded after version 2 applies gets version 2; a code
// outside the library is accepted with version 0.
func TestDeviationKeepsItsRequirementVersion(t *testing.T) {
	w := newFollowUpWorld(t)
	coord := tillit.ActorOf(w.coordinator)
	publishedRequirement(t, w.db, "COC-1.1")
	fu := w.open(t, w.supplier.ID) // in scope: COC-1.1 (in the library), COC-2.3 (not)
	change := func(fn func(f *tillit.FollowUp) (tillit.FollowUpEvent, error)) *tillit.FollowUp {
		t.Helper()
		w.clock.Add(time.Hour)
		f, _, err := w.db.ChangeFollowUp(ctx, coord, fu.ID, fn)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	now := func() time.Time { return w.clock.Now() }
	audit := func(id int64, on string) {
		change(func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			return f.PlanAudit(coord, now(), tillit.AuditPlan{Kind: tillit.AuditOffice, PlannedFor: reqDate(on), AuditorOrgID: w.firm.ID})
		})
		change(func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			return f.PerformAudit(coord, now(), id, reqDate(on), "", "Findings")
		})
	}
	record := func(auditID int64, code string) {
		change(func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			return f.RecordDeviation(coord, now(), auditID, tillit.DeviationInput{RequirementCode: code, Severity: tillit.SeverityMinor, Description: "Found"})
		})
	}
	audit(1, "2024-03-01")
	record(1, "COC-1.1")
	record(1, "COC-2.3")

	// Version 2 applies from the day after the first audit.
	_, err := w.db.AddRequirementDraft(ctx, sys, "COC-1.1", reqInput("also pass it on.", "2024-03-02"))
	mustOK(t, err)
	_, err = w.db.PublishRequirementVersion(ctx, sys, "COC-1.1", 2)
	mustOK(t, err)

	w.clock.Set(time.Date(2024, 3, 6, 9, 0, 0, 0, time.UTC))
	audit(2, "2024-03-05")
	record(2, "COC-1.1")

	got, err := w.db.FindFollowUp(ctx, tillit.Scope{All: true}, fu.ID)
	mustOK(t, err)
	want := []int{1, 0, 2}
	for i, d := range got.Deviations {
		if d.RequirementVersion != want[i] {
			t.Errorf("deviation %d (%s): version %d, want %d", d.ID, d.RequirementCode, d.RequirementVersion, want[i])
		}
	}
}

// TestQuestionnairePinsRequirementVersions: publishing a questionnaire
// version records the requirement versions in force that day, and a
// later requirement version does not move the pin.
func TestQuestionnairePinsRequirementVersions(t *testing.T) {
	f := newFixture(t)
	publishedRequirement(t, f.db, "UK-1")
	tpl := smallTemplate("pins") // follows up UK-1 (in the library) and UK-3 (not)
	mustOK(t, f.db.SaveTemplate(ctx, sys, tpl))
	pins, err := f.db.TemplateRequirementPins(ctx, tpl.ID)
	mustOK(t, err)
	if len(pins) != 0 {
		t.Fatalf("a draft has pins %v", pins)
	}
	_, err = f.db.PublishTemplate(ctx, sys, tpl.ID)
	mustOK(t, err)
	_, err = f.db.AddRequirementDraft(ctx, sys, "UK-1", reqInput("later", "2024-03-01"))
	mustOK(t, err)
	_, err = f.db.PublishRequirementVersion(ctx, sys, "UK-1", 2)
	mustOK(t, err)
	pins, err = f.db.TemplateRequirementPins(ctx, tpl.ID)
	mustOK(t, err)
	if len(pins) != 1 || pins["UK-1"] != 1 {
		t.Fatalf("pins = %v, want UK-1 → 1", pins)
	}
}
