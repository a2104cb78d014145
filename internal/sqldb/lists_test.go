package sqldb_test

import (
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// listWorld has two follow-ups with audits and deviations in several states:
//
//	A (supplier): audit 1 office, performed, assigned to the auditor;
//	   deviation 1 major with a plan due in ten days; deviation 2 an
//	   observation, closed.
//	B (supplier2): audit 1 office, performed, no auditor account;
//	   deviation 1 minor without a due date; audit 2 a desk review planned
//	   for 2025-06-01.
type listWorld struct {
	*followUpWorld
	a, b *tillit.FollowUp
}

func newListWorld(t *testing.T) *listWorld {
	t.Helper()
	w := &listWorld{followUpWorld: newFollowUpWorld(t)}
	coord := tillit.ActorOf(w.coordinator)
	w.a = w.open(t, w.supplier.ID)
	w.b = w.open(t, w.supplier2.ID)
	day := tillit.DateOf(t0)
	steps := func(fu **tillit.FollowUp, fns ...func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error)) {
		t.Helper()
		for _, fn := range fns {
			w.clock.Add(time.Minute)
			at := w.clock.Now()
			f, _, err := w.db.ChangeFollowUp(ctx, coord, (*fu).ID, func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) { return fn(f, at) })
			mustOK(t, err)
			*fu = f
		}
	}
	steps(&w.a,
		func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
			return f.PlanAudit(coord, at, tillit.AuditPlan{Kind: tillit.AuditOffice, PlannedFor: day, AuditorOrgID: w.firm.ID, AuditorUserID: w.auditor.ID})
		},
		func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
			return f.PerformAudit(coord, at, 1, day, "", "")
		},
		func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
			return f.RecordDeviation(coord, at, 1, tillit.DeviationInput{RequirementCode: "COC-1.1", Severity: tillit.SeverityMajor,
				Description: "No risk analysis", PlanDueOn: day.AddDate(0, 0, 10)})
		},
		func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
			return f.RecordDeviation(coord, at, 1, tillit.DeviationInput{RequirementCode: "COC-2.3", Severity: tillit.SeverityObservation,
				Description: "Policy not signed"})
		},
		func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
			return f.CloseDeviation(coord, at, 2, 0, "Signed during the visit")
		},
	)
	steps(&w.b,
		func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
			return f.PlanAudit(coord, at, tillit.AuditPlan{Kind: tillit.AuditOffice, PlannedFor: day, AuditorOrgID: w.region.ID})
		},
		func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
			return f.PerformAudit(coord, at, 1, day, "", "")
		},
		func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
			return f.RecordDeviation(coord, at, 1, tillit.DeviationInput{RequirementCode: "COC-1.1", Severity: tillit.SeverityMinor,
				Description: "Code of conduct not passed on"})
		},
		func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
			return f.PlanAudit(coord, at, tillit.AuditPlan{Kind: tillit.AuditDeskReview, PlannedFor: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), AuditorOrgID: w.office.ID})
		},
	)
	return w
}

type devKey struct{ fu, d int64 }

func devKeys(rows []sqldb.DeviationRow) []devKey {
	out := []devKey{}
	for _, r := range rows {
		out = append(out, devKey{r.FollowUpID, r.DeviationID})
	}
	return out
}

func equalKeys[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFindDeviations(t *testing.T) {
	w := newListWorld(t)
	a1, a2, b1 := devKey{w.a.ID, 1}, devKey{w.a.ID, 2}, devKey{w.b.ID, 1}
	all := tillit.Scope{All: true}
	for _, tc := range []struct {
		name   string
		scope  tillit.Scope
		filter sqldb.DeviationFilter
		want   []devKey
	}{
		{"everything, newest follow-up first", all, sqldb.DeviationFilter{}, []devKey{b1, a2, a1}},
		{"major", all, sqldb.DeviationFilter{Severity: tillit.SeverityMajor}, []devKey{a1}},
		{"open means not closed", all, sqldb.DeviationFilter{Status: "open"}, []devKey{b1, a1}},
		{"closed", all, sqldb.DeviationFilter{Status: string(tillit.DeviationClosed)}, []devKey{a2}},
		{"by supplier", all, sqldb.DeviationFilter{SupplierID: w.supplier2.ID}, []devKey{b1}},
		{"by category", all, sqldb.DeviationFilter{CategoryID: w.category.ID + 1000}, []devKey{}},
		{"nothing overdue yet", all, sqldb.DeviationFilter{Overdue: true}, []devKey{}},
		{"a supplier reads its own", tillit.Scope{SupplierIDs: []int64{w.supplier.ID}}, sqldb.DeviationFilter{}, []devKey{a2, a1}},
		{"another supplier reads its own", tillit.Scope{SupplierIDs: []int64{w.supplier2.ID}}, sqldb.DeviationFilter{}, []devKey{b1}},
		{"the auditor reads the follow-up assigned", tillit.Scope{AuditorUserID: w.auditor.ID}, sqldb.DeviationFilter{}, []devKey{a2, a1}},
		{"an empty scope reads nothing", tillit.Scope{}, sqldb.DeviationFilter{}, []devKey{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := w.db.FindDeviations(ctx, tc.scope, tc.filter)
			mustOK(t, err)
			if got := devKeys(rows); !equalKeys(got, tc.want) {
				t.Fatalf("rows %v, want %v", got, tc.want)
			}
		})
	}

	rows, err := w.db.FindDeviations(ctx, all, sqldb.DeviationFilter{Severity: tillit.SeverityMajor})
	mustOK(t, err)
	r := rows[0]
	if r.Supplier != "Instrument AB" || r.CategorySV != "Kirurgiska instrument" || r.RequirementCode != "COC-1.1" || r.AuditID != 1 ||
		r.Status != tillit.DeviationOpen || !r.Deadline.Equal(tillit.DateOf(t0).AddDate(0, 0, 10)) || r.Overdue || r.RecordedAt.IsZero() {
		t.Fatalf("major deviation row = %+v", r)
	}

	// Keyset paging walks every row once, in order.
	var seen []devKey
	var after sqldb.ListCursor
	for {
		page, err := w.db.FindDeviations(ctx, all, sqldb.DeviationFilter{Limit: 1, After: after})
		mustOK(t, err)
		if len(page) == 0 {
			break
		}
		seen = append(seen, devKeys(page)...)
		after = page[0].Cursor()
	}
	if !equalKeys(seen, []devKey{b1, a2, a1}) {
		t.Fatalf("paging saw %v", seen)
	}

	// Eleven days later the major deviation's plan is late; a deviation
	// without a due date never is.
	w.clock.Add(11 * 24 * time.Hour)
	rows, err = w.db.FindDeviations(ctx, all, sqldb.DeviationFilter{Overdue: true})
	mustOK(t, err)
	if got := devKeys(rows); !equalKeys(got, []devKey{a1}) || !rows[0].Overdue {
		t.Fatalf("overdue rows = %+v", rows)
	}
	// Nothing in a closed follow-up is late.
	coord := tillit.ActorOf(w.coordinator)
	_, _, err = w.db.ChangeFollowUp(ctx, coord, w.a.ID, func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
		return f.Close(coord, w.clock.Now(), tillit.CloseContractsExpired, "")
	})
	mustOK(t, err)
	rows, err = w.db.FindDeviations(ctx, all, sqldb.DeviationFilter{Overdue: true})
	mustOK(t, err)
	if len(rows) != 0 {
		t.Fatalf("overdue rows after closing the follow-up = %v", devKeys(rows))
	}
	rows, err = w.db.FindDeviations(ctx, all, sqldb.DeviationFilter{Severity: tillit.SeverityMajor})
	mustOK(t, err)
	if len(rows) != 1 || rows[0].Overdue || rows[0].FollowUpStatus != tillit.FollowUpClosed {
		t.Fatalf("the open deviation of a closed follow-up = %+v", rows)
	}
}

type auditKey struct{ fu, a int64 }

func auditKeys(rows []sqldb.FollowUpAuditRow) []auditKey {
	out := []auditKey{}
	for _, r := range rows {
		out = append(out, auditKey{r.FollowUpID, r.AuditID})
	}
	return out
}

func TestFindAudits(t *testing.T) {
	w := newListWorld(t)
	a1, b1, b2 := auditKey{w.a.ID, 1}, auditKey{w.b.ID, 1}, auditKey{w.b.ID, 2}
	all := tillit.Scope{All: true}
	for _, tc := range []struct {
		name   string
		scope  tillit.Scope
		filter sqldb.FollowUpAuditFilter
		want   []auditKey
	}{
		{"everything, newest follow-up first", all, sqldb.FollowUpAuditFilter{}, []auditKey{b2, b1, a1}},
		{"desk reviews", all, sqldb.FollowUpAuditFilter{Kind: tillit.AuditDeskReview}, []auditKey{b2}},
		{"performed", all, sqldb.FollowUpAuditFilter{Status: tillit.AuditPerformed}, []auditKey{b1, a1}},
		{"planned", all, sqldb.FollowUpAuditFilter{Status: tillit.AuditPlanned}, []auditKey{b2}},
		{"in 2024", all, sqldb.FollowUpAuditFilter{Year: 2024}, []auditKey{b1, a1}},
		{"in 2025", all, sqldb.FollowUpAuditFilter{Year: 2025}, []auditKey{b2}},
		{"in 2023", all, sqldb.FollowUpAuditFilter{Year: 2023}, []auditKey{}},
		{"by supplier", all, sqldb.FollowUpAuditFilter{SupplierID: w.supplier.ID}, []auditKey{a1}},
		{"by category", all, sqldb.FollowUpAuditFilter{CategoryID: w.category.ID}, []auditKey{b2, b1, a1}},
		{"a supplier reads its own", tillit.Scope{SupplierIDs: []int64{w.supplier2.ID}}, sqldb.FollowUpAuditFilter{}, []auditKey{b2, b1}},
		{"the auditor reads the follow-up assigned", tillit.Scope{AuditorUserID: w.auditor.ID}, sqldb.FollowUpAuditFilter{}, []auditKey{a1}},
		{"an empty scope reads nothing", tillit.Scope{}, sqldb.FollowUpAuditFilter{}, []auditKey{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := w.db.FindAudits(ctx, tc.scope, tc.filter)
			mustOK(t, err)
			if got := auditKeys(rows); !equalKeys(got, tc.want) {
				t.Fatalf("rows %v, want %v", got, tc.want)
			}
		})
	}

	rows, err := w.db.FindAudits(ctx, all, sqldb.FollowUpAuditFilter{SupplierID: w.supplier.ID})
	mustOK(t, err)
	r := rows[0]
	if r.Kind != tillit.AuditOffice || r.Status != tillit.AuditPerformed || r.AuditorOrg != "Revisorerna AB" || r.AuditorUserID != w.auditor.ID ||
		r.AuditorUser != "auditor" || !r.PerformedOn.Equal(tillit.DateOf(t0)) || r.Supplier != "Instrument AB" || r.CategoryEN != "Surgical instruments" {
		t.Fatalf("audit row = %+v", r)
	}
	rows, err = w.db.FindAudits(ctx, all, sqldb.FollowUpAuditFilter{Kind: tillit.AuditDeskReview})
	mustOK(t, err)
	if r := rows[0]; r.AuditorUserID != 0 || r.AuditorUser != "" || r.AuditorOrg != "Nationella kansliet" || !r.PerformedOn.IsZero() ||
		!r.PlannedFor.Equal(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("planned desk review row = %+v", r)
	}

	var seen []auditKey
	var after sqldb.ListCursor
	for {
		page, err := w.db.FindAudits(ctx, all, sqldb.FollowUpAuditFilter{Limit: 2, After: after})
		mustOK(t, err)
		seen = append(seen, auditKeys(page)...)
		if len(page) < 2 {
			break
		}
		after = page[len(page)-1].Cursor()
	}
	if !equalKeys(seen, []auditKey{b2, b1, a1}) {
		t.Fatalf("paging saw %v", seen)
	}
}

func TestFindCloseTexts(t *testing.T) {
	w := newListWorld(t)
	coord := tillit.ActorOf(w.coordinator)
	_, _, err := w.db.ChangeFollowUp(ctx, coord, w.a.ID, func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
		return f.Close(coord, w.clock.Now(), tillit.CloseOther, "Merged into the follow-up of the parent company")
	})
	mustOK(t, err)
	got, err := w.db.FindCloseTexts(ctx, tillit.Scope{All: true}, []int64{w.a.ID, w.b.ID})
	mustOK(t, err)
	if len(got) != 1 || got[w.a.ID] != "Merged into the follow-up of the parent company" {
		t.Fatalf("close texts = %v", got)
	}
	got, err = w.db.FindCloseTexts(ctx, tillit.Scope{SupplierIDs: []int64{w.supplier2.ID}}, []int64{w.a.ID, w.b.ID})
	mustOK(t, err)
	if len(got) != 0 {
		t.Fatalf("another supplier read the close text: %v", got)
	}
	got, err = w.db.FindCloseTexts(ctx, tillit.Scope{All: true}, nil)
	mustOK(t, err)
	if len(got) != 0 {
		t.Fatalf("close texts of nothing = %v", got)
	}
}
