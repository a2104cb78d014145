package sqldb_test

import (
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// followUpWorld adds to the fixture: a category the region is
// responsible for, a second supplier, a contract in force, a coordinator
// in the region and an auditor.
type followUpWorld struct {
	*fixture
	category    *tillit.Category
	supplier2   *tillit.Organisation
	coordinator *tillit.User
	auditor     *tillit.User
	firm        *tillit.Organisation
}

func newFollowUpWorld(t *testing.T) *followUpWorld {
	f := newFixture(t)
	w := &followUpWorld{fixture: f}
	w.category = &tillit.Category{Code: "surgical-instruments", NameSV: "Kirurgiska instrument", NameEN: "Surgical instruments",
		Responsible: []tillit.Responsibility{{RegionID: f.region.ID, ValidFrom: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	mustOK(t, f.db.CreateCategory(ctx, sys, w.category))
	w.supplier2 = createOrg(t, f.db, tillit.OrgSupplier, "Andra AB", "")
	w.firm = createOrg(t, f.db, tillit.OrgAuditFirm, "Revisorerna AB", "")
	w.coordinator = createUser(t, f.db, "coord@sll.se", "h", tillit.Membership{OrgID: f.region.ID, Role: tillit.RoleCoordinator})
	w.auditor = createUser(t, f.db, "auditor@rev.se", "h", tillit.Membership{OrgID: w.firm.ID, Role: tillit.RoleAuditor})
	c := &tillit.Contract{RegionID: f.region.ID, SupplierID: f.supplier.ID, CategoryID: w.category.ID, Reference: "SLL-2023-17",
		Start: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	mustOK(t, f.db.CreateContract(ctx, sys, c))
	return w
}

func (w *followUpWorld) open(t *testing.T, supplierID int64) *tillit.FollowUp {
	t.Helper()
	fu, err := w.db.OpenFollowUp(ctx, tillit.ActorOf(w.coordinator), tillit.FollowUpInput{
		SupplierID: supplierID, CategoryID: w.category.ID, ResponsibleRegionIDs: []int64{w.region.ID},
		RequirementCodes: []string{"COC-1.1", "COC-2.3"},
	})
	if err != nil {
		t.Fatalf("OpenFollowUp: %v", err)
	}
	return fu
}

func TestFollowUpLifecycleStored(t *testing.T) {
	w := newFollowUpWorld(t)
	coord := tillit.ActorOf(w.coordinator)
	fu := w.open(t, w.supplier.ID)
	if fu.ID == 0 || fu.Timeline[0].FollowUpID != fu.ID {
		t.Fatalf("opened follow-up has id %d and first event for %d", fu.ID, fu.Timeline[0].FollowUpID)
	}
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
	change(func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
		return f.PlanAudit(coord, now(), tillit.AuditPlan{Kind: tillit.AuditOffice, PlannedFor: tillit.DateOf(now()), AuditorOrgID: w.firm.ID, AuditorUserID: w.auditor.ID})
	})
	change(func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
		return f.PerformAudit(coord, now(), 1, tillit.DateOf(now()), "", "Two findings")
	})
	f := change(func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
		return f.RecordDeviation(coord, now(), 1, tillit.DeviationInput{RequirementCode: "COC-1.1", Severity: tillit.SeverityMajor,
			Description: "No risk analysis of the supply chain", PlanDueOn: tillit.DateOf(now()).AddDate(0, 0, 30)})
	})
	if f.OpenDeviationCount() != 1 {
		t.Fatalf("open deviations = %d", f.OpenDeviationCount())
	}

	// A failing change writes nothing.
	_, _, err := w.db.ChangeFollowUp(ctx, coord, fu.ID, func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
		return f.Close(coord, now(), tillit.CloseResolved, "")
	})
	wantCode(t, err, tillit.ECONFLICT)

	// Lists reflect the document.
	rows, err := w.db.FindFollowUps(ctx, tillit.Scope{All: true}, sqldb.FollowUpFilter{CategoryID: w.category.ID})
	mustOK(t, err)
	if len(rows) != 1 || rows[0].OpenDeviations != 1 || rows[0].Light != tillit.LightYellow || rows[0].Regions != "Region Stockholm" {
		t.Fatalf("list rows = %+v", rows)
	}
	// Thirty-one days later the action plan is overdue: red.
	w.clock.Add(31 * 24 * time.Hour)
	rows, err = w.db.FindFollowUps(ctx, tillit.Scope{All: true}, sqldb.FollowUpFilter{Light: tillit.LightRed})
	mustOK(t, err)
	if len(rows) != 1 || rows[0].Light != tillit.LightRed {
		t.Fatalf("red rows = %+v", rows)
	}
	rows, err = w.db.FindFollowUps(ctx, tillit.Scope{All: true}, sqldb.FollowUpFilter{Severity: tillit.SeverityMinor})
	mustOK(t, err)
	if len(rows) != 0 {
		t.Fatalf("minor filter rows = %d", len(rows))
	}

	// Close with a reason while the deviation stays open.
	f = change(func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
		return f.Close(coord, now(), tillit.CloseContractsExpired, "")
	})
	got, err := w.db.FindFollowUp(ctx, tillit.Scope{All: true}, fu.ID)
	mustOK(t, err)
	if got.Status != tillit.FollowUpClosed || got.CloseReason != tillit.CloseContractsExpired || len(got.Timeline) != 5 {
		t.Fatalf("stored follow-up: status %s reason %s timeline %d", got.Status, got.CloseReason, len(got.Timeline))
	}
	// Events and the audit trail agree, and the chain holds.
	v, err := w.db.VerifyAudit(ctx)
	mustOK(t, err)
	if v.BrokenID != 0 {
		t.Fatalf("audit chain broken at %d: %s", v.BrokenID, v.Problem)
	}
	evs, err := w.db.FindAuditEvents(ctx, sqldb.AuditFilter{Entity: "followup", EntityID: fu.ID})
	mustOK(t, err)
	if len(evs) != 5 || evs[0].Action != "followup.closed" || evs[4].Action != "followup.opened" {
		t.Fatalf("audit events for the follow-up: %d, newest %q", len(evs), evs[0].Action)
	}

	// The coordinator of the region holding the contract was told when it
	// opened, when the audit found deviations and when it closed.
	ns, err := w.db.FindNotifications(ctx, w.coordinator.ID, 10)
	mustOK(t, err)
	if len(ns) != 3 || ns[0].EventType != tillit.EventFollowUpClosed || ns[2].EventType != tillit.EventFollowUpOpened || ns[0].Supplier != "Instrument AB" {
		t.Fatalf("notifications = %+v", ns)
	}
	// Only the notice of the last week is mailed: the two from a month ago
	// stay in the inbox without a mail.
	mails, err := w.db.LeaseNoticeMails(ctx, 10, time.Minute)
	mustOK(t, err)
	if len(mails) != 1 || mails[0].Email != "coord@sll.se" || mails[0].EventType != tillit.EventFollowUpClosed {
		t.Fatalf("leased mails = %+v", mails)
	}
	again, err := w.db.LeaseNoticeMails(ctx, 10, time.Minute)
	mustOK(t, err)
	if len(again) != 0 {
		t.Fatalf("a leased notice was leased again: %d", len(again))
	}
	// Not acknowledged: after the lease runs out it is retried.
	w.clock.Add(2 * time.Minute)
	again, err = w.db.LeaseNoticeMails(ctx, 10, time.Minute)
	mustOK(t, err)
	if len(again) != 1 {
		t.Fatalf("after the lease ran out the notice should be retried, got %d", len(again))
	}
	mustOK(t, w.db.MarkNoticeMailed(ctx, again[0].ID))
	w.clock.Add(2 * time.Minute)
	again, err = w.db.LeaseNoticeMails(ctx, 10, time.Minute)
	mustOK(t, err)
	if len(again) != 0 {
		t.Fatalf("a mailed notice was leased again: %d", len(again))
	}
}

func TestFollowUpScope(t *testing.T) {
	w := newFollowUpWorld(t)
	coord := tillit.ActorOf(w.coordinator)
	mine := w.open(t, w.supplier.ID)
	theirs := w.open(t, w.supplier2.ID)
	// An audit of the second supplier's follow-up is assigned to the auditor.
	_, _, err := w.db.ChangeFollowUp(ctx, coord, theirs.ID, func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
		return f.PlanAudit(coord, w.clock.Now(), tillit.AuditPlan{Kind: tillit.AuditOffice, PlannedFor: tillit.DateOf(w.clock.Now()), AuditorOrgID: w.firm.ID, AuditorUserID: w.auditor.ID})
	})
	mustOK(t, err)

	supplierScope := tillit.Scope{SupplierIDs: []int64{w.supplier.ID}}
	auditorScope := tillit.Scope{AuditorUserID: w.auditor.ID}
	for _, tc := range []struct {
		name  string
		scope tillit.Scope
		id    int64
		code  string
	}{
		{"supplier reads own", supplierScope, mine.ID, ""},
		{"supplier cannot read another's", supplierScope, theirs.ID, tillit.ENOTFOUND},
		{"auditor reads assigned", auditorScope, theirs.ID, ""},
		{"auditor cannot read unassigned", auditorScope, mine.ID, tillit.ENOTFOUND},
		{"empty scope reads nothing", tillit.Scope{}, mine.ID, tillit.ENOTFOUND},
		{"everyone shared", tillit.Scope{All: true}, theirs.ID, ""},
		{"no such id", tillit.Scope{All: true}, 999999, tillit.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.db.FindFollowUp(ctx, tc.scope, tc.id)
			if tc.code == "" {
				mustOK(t, err)
			} else {
				wantCode(t, err, tc.code)
			}
		})
	}
	rows, err := w.db.FindFollowUps(ctx, supplierScope, sqldb.FollowUpFilter{})
	mustOK(t, err)
	if len(rows) != 1 || rows[0].ID != mine.ID {
		t.Fatalf("supplier list = %+v", rows)
	}
	rows, err = w.db.FindFollowUps(ctx, auditorScope, sqldb.FollowUpFilter{})
	mustOK(t, err)
	if len(rows) != 1 || rows[0].ID != theirs.ID {
		t.Fatalf("auditor list = %+v", rows)
	}
	sups, err := w.db.FindSuppliers(ctx, supplierScope, sqldb.SupplierFilter{})
	mustOK(t, err)
	if len(sups) != 1 || sups[0].ID != w.supplier.ID || sups[0].Contracts != 1 || sups[0].FollowUps != 1 {
		t.Fatalf("supplier's supplier list = %+v", sups)
	}
	_, err = w.db.FindSupplier(ctx, supplierScope, w.supplier2.ID)
	wantCode(t, err, tillit.ENOTFOUND)
	// Keyset paging walks the whole list once.
	var seen []int64
	var after sqldb.Cursor
	for {
		page, err := w.db.FindFollowUps(ctx, tillit.Scope{All: true}, sqldb.FollowUpFilter{Limit: 1, After: after, Sort: "supplier"})
		mustOK(t, err)
		if len(page) == 0 {
			break
		}
		seen = append(seen, page[0].ID)
		after = sqldb.Cursor{ID: page[0].ID, Name: page[0].Supplier}
	}
	if len(seen) != 2 || seen[0] != theirs.ID { // "Andra AB" sorts first
		t.Fatalf("paging by supplier saw %v", seen)
	}
	exp, err := w.db.FindExposure(ctx, w.supplier.ID, w.category.ID, time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))
	mustOK(t, err)
	if len(exp) != 1 || !exp[0].InCategory || exp[0].Region != "Region Stockholm" {
		t.Fatalf("exposure = %+v", exp)
	}
	exp, err = w.db.FindExposure(ctx, w.supplier.ID, w.category.ID, time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC))
	mustOK(t, err)
	if len(exp) != 0 {
		t.Fatalf("exposure after the contract ended = %+v", exp)
	}
}
