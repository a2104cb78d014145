package demo_test

import (
	"slices"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/demo"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// demoFollowUps is how many follow-ups the demo holds: 12 closed in 2022
// (Procurator AB's first among them), 16 audited in 2022 (its second), 8
// more deficient and 17 approved self-assessments.
const demoFollowUps = 12 + 16 + 8 + 17

// loaded is the demo year read back: every follow-up with its row.
type loaded struct {
	rows []sqldb.FollowUpRow
	fus  map[int64]*tillit.FollowUp
}

func readYear(t *testing.T, db *sqldb.DB) loaded {
	t.Helper()
	rows, err := db.FindFollowUps(ctx, tillit.Scope{All: true}, sqldb.FollowUpFilter{Limit: 1000, Sort: "supplier"})
	if err != nil {
		t.Fatal(err)
	}
	y := loaded{rows: rows, fus: map[int64]*tillit.FollowUp{}}
	for _, r := range rows {
		f, err := db.FindFollowUp(ctx, tillit.Scope{All: true}, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		y.fus[r.ID] = f
	}
	return y
}

func in2022(t time.Time) bool { return t.UTC().Year() == 2022 }

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// The year's events add up to the report's figures, counted from the
// events themselves as the annual report will count them.
func TestYear2022AsEvents(t *testing.T) {
	db := sqldbtest.Open(t)
	start := time.Now()
	res := load(t, db)
	if d := time.Since(start); d > 3*time.Second {
		t.Logf("Load took %v; it should stay under 3 s on SQLite without the race detector", d)
	}
	y := readYear(t, db)
	if len(y.rows) != demoFollowUps {
		t.Fatalf("%d follow-ups, want %d", len(y.rows), demoFollowUps)
	}

	var reviewed, deficient, approved, events2022, events int
	var officeAudits, closed []string
	for _, r := range y.rows {
		f := y.fus[r.ID]
		events += len(f.Timeline)
		var last time.Time
		for _, e := range f.Timeline {
			if e.At.Before(last) {
				t.Errorf("%s: event %s at %v before the previous one at %v", r.Supplier, e.Type, e.At, last)
			}
			last = e.At
			if e.ByLabel == "" {
				t.Errorf("%s: event %s is not attributed", r.Supplier, e.Type)
			}
			if !in2022(e.At) {
				continue
			}
			events2022++
			switch e.Type {
			case tillit.EventSelfAssessmentReviewed:
				reviewed++
				if e.ByLabel != "officer@example.org" {
					t.Errorf("%s: self-assessment reviewed by %q, want the national office's officer", r.Supplier, e.ByLabel)
				}
				switch e.Verdict {
				case tillit.VerdictDeficient:
					deficient++
					if e.Recommendation != tillit.RecommendOfficeAudit {
						t.Errorf("%s: deficient self-assessment recommends %q, want an office audit", r.Supplier, e.Recommendation)
					}
				case tillit.VerdictApproved:
					approved++
				}
			case tillit.EventAuditPerformed:
				if e.AuditKind == tillit.AuditOffice {
					officeAudits = append(officeAudits, r.Supplier)
				}
			case tillit.EventFollowUpClosed:
				closed = append(closed, r.Supplier)
			}
		}
	}
	if events != res.Events {
		t.Errorf("%d events in the timelines, Load says %d", events, res.Events)
	}
	if reviewed != demo.SelfAssessmentsReviewed2022 || deficient != demo.SelfAssessmentsDeficient2022 || approved != demo.SelfAssessmentsApproved2022 {
		t.Errorf("self-assessments reviewed in 2022: %d, deficient %d, approved %d; want 39, 22, 17", reviewed, deficient, approved)
	}
	if got, want := sorted(officeAudits), sorted(demo.OfficeAuditsStarted2022); !slices.Equal(got, want) {
		t.Errorf("office audits performed in 2022 (%d):\n%v\nwant (%d):\n%v", len(got), got, len(want), want)
	}
	if got, want := sorted(closed), sorted(demo.AuditsClosed2022); !slices.Equal(got, want) {
		t.Errorf("follow-ups closed in 2022 (%d):\n%v\nwant (%d):\n%v", len(got), got, len(want), want)
	}

	// The list projections agree with the events.
	audits, err := db.FindAudits(ctx, tillit.Scope{All: true}, sqldb.FollowUpAuditFilter{Kind: tillit.AuditOffice, Status: tillit.AuditPerformed, Year: 2022, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(audits) != 16 {
		t.Errorf("FindAudits: %d office audits performed in 2022, want 16", len(audits))
	}

	// The audit trail dates follow-up events when they happened.
	trail2022 := 0
	for _, e := range auditTrail(t, db) {
		if e.Entity == "followup" && in2022(e.At) {
			trail2022++
		}
	}
	if trail2022 != events2022 {
		t.Errorf("%d follow-up entries in the audit trail in 2022, %d events in the timelines", trail2022, events2022)
	}

	// Merit Medical: closed in 2022 because its contracts had expired, with
	// its deviations open.
	var merit *sqldb.FollowUpRow
	procurator := map[string]int{}
	for i, r := range y.rows {
		switch r.Supplier {
		case demo.ClosedWithOpenDeviations2022:
			merit = &y.rows[i]
		case "Procurator AB":
			f := y.fus[r.ID]
			if in2022(f.ClosedAt) {
				procurator["closed"]++
			}
			for _, a := range f.Audits {
				if a.Kind == tillit.AuditOffice && in2022(a.PerformedOn) {
					procurator["audited"]++
				}
			}
		}
	}
	if merit == nil {
		t.Fatal("no follow-up of Merit Medical Systems")
	}
	if merit.Status != tillit.FollowUpClosed || merit.CloseReason != tillit.CloseContractsExpired || !in2022(merit.ClosedAt) || merit.OpenDeviations == 0 {
		t.Errorf("Merit Medical: %+v; want closed in 2022 as contracts expired, with open deviations", *merit)
	}
	contracts, err := db.FindContracts(ctx, tillit.Scope{All: true}, sqldb.ContractFilter{SupplierID: merit.SupplierID})
	if err != nil || len(contracts) == 0 {
		t.Fatalf("Merit Medical's contracts: %v, %v", contracts, err)
	}
	for _, c := range contracts {
		if c.ActiveOn(merit.ClosedAt) {
			t.Errorf("Merit Medical's contract %s was in force when the follow-up was closed", c.Reference)
		}
	}
	if procurator["closed"] != 1 || procurator["audited"] != 1 {
		t.Errorf("Procurator AB: %v; want one follow-up closed in 2022 and one audited in 2022", procurator)
	}

	// Contracts: some in force today, with responsible and other regions.
	now, err := db.FindContracts(ctx, tillit.Scope{All: true}, sqldb.ContractFilter{ActiveOn: time.Now()})
	if err != nil || len(now) == 0 {
		t.Errorf("contracts in force today: %d, %v", len(now), err)
	}
	// Production sites: surgical instruments from Sialkot, gloves from Malaysia.
	places := map[string]bool{}
	for _, r := range y.rows {
		sites, err := db.FindSites(ctx, tillit.Scope{All: true}, r.SupplierID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sites {
			places[s.City+", "+s.Country] = true
			if s.OSHubID != "" {
				t.Errorf("site %q has an Open Supply Hub id; the demo's sites are invented", s.Name)
			}
		}
	}
	for _, p := range []string{"Sialkot, PK", "Ipoh, MY", "Faisalabad, PK", "Tiruppur, IN"} {
		if !places[p] {
			t.Errorf("no production site in %s", p)
		}
	}

	if v, err := db.VerifyAudit(ctx); err != nil || v.BrokenID != 0 {
		t.Errorf("VerifyAudit: %+v, %v", v, err)
	}
}

// The demo suppliers each see their own company's open follow-up with
// open deviations, and nothing of the other's.
func TestDemoSuppliersFollowUps(t *testing.T) {
	db := sqldbtest.Open(t)
	load(t, db)
	type who struct {
		email, company string
		light          tillit.Light
	}
	people := []who{
		{"supplier@example.org", "Mölnlycke Health Care AB", tillit.LightYellow}, // a revised plan waits for review
		{"supplier2@example.org", "Stryker AB", tillit.LightRed},                 // an approved action is past its deadline
	}
	own := map[string]int64{} // follow-up with open deviations, by e-mail
	for _, p := range people {
		u, err := db.FindUserByEmail(ctx, p.email)
		if err != nil {
			t.Fatal(err)
		}
		scope := tillit.ScopeOf(tillit.ActorOf(u))
		rows, err := db.FindFollowUps(ctx, scope, sqldb.FollowUpFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			t.Fatalf("%s sees no follow-ups", p.email)
		}
		for _, r := range rows {
			if r.Supplier != p.company {
				t.Errorf("%s sees a follow-up of %s", p.email, r.Supplier)
			}
			if r.Status == tillit.FollowUpOpen && r.OpenDeviations > 0 {
				own[p.email] = r.ID
				if r.Light != p.light {
					t.Errorf("%s's follow-up is %s today, want %s", p.company, r.Light, p.light)
				}
			}
		}
		id, ok := own[p.email]
		if !ok {
			t.Fatalf("%s has no open follow-up with open deviations", p.company)
		}
		f, err := db.FindFollowUp(ctx, scope, id)
		if err != nil {
			t.Fatal(err)
		}
		pending := 0
		for _, d := range f.Deviations {
			if d.Status == tillit.DeviationActionSubmitted || d.Status == tillit.DeviationActionApproved {
				pending++
			}
		}
		if pending == 0 {
			t.Errorf("%s: no deviation with an action submitted or approved", p.company)
		}
		devs, err := db.FindDeviations(ctx, scope, sqldb.DeviationFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range devs {
			if d.Supplier != p.company {
				t.Errorf("%s sees a deviation of %s", p.email, d.Supplier)
			}
		}
	}
	// Neither may read the other's follow-up, even by its id.
	for i, p := range people {
		other := people[1-i]
		u, _ := db.FindUserByEmail(ctx, p.email)
		if _, err := db.FindFollowUp(ctx, tillit.ScopeOf(tillit.ActorOf(u)), own[other.email]); tillit.ErrorCode(err) != tillit.ENOTFOUND {
			t.Errorf("%s reading %s's follow-up: %v, want ENOTFOUND", p.email, other.company, err)
		}
	}

	// The demo auditor sees the follow-ups with audits assigned to them,
	// both demo suppliers' among them, and not the others.
	u, err := db.FindUserByEmail(ctx, "auditor@example.org")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.FindFollowUps(ctx, tillit.ScopeOf(tillit.ActorOf(u)), sqldb.FollowUpFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.Supplier] = true
	}
	if !seen["Mölnlycke Health Care AB"] || !seen["Stryker AB"] || len(rows) >= demoFollowUps {
		t.Errorf("the auditor sees %d follow-ups: %v", len(rows), seen)
	}
}
