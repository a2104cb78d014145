package demo_test

import (
	"slices"
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/demo/demotest"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// TestAnnualReport2022 loads the demo year and compares the computed
// report with the published one, figure by figure.
func TestAnnualReport2022(t *testing.T) {
	db := sqldbtest.Open(t)
	load(t, db)
	ref := demotest.Reference(t)
	rep, err := db.AnnualReport(ctx, 2022)
	if err != nil {
		t.Fatal(err)
	}
	f := rep.FollowUp
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"self-assessments reviewed", f.SAQReviewed, ref.FollowUp["saq_reviewed"]},
		{"self-assessments deficient", f.SAQDeficient, ref.FollowUp["saq_deficient"]},
		{"office audits started", f.OfficeAuditsStarted, ref.FollowUp["office_audits_started"]},
		{"audits closed", f.AuditsClosed, ref.FollowUp["audits_closed"]},
		{"audits started listed", len(rep.AuditsStarted), ref.FollowUp["office_audits_started"] + f.SiteAuditsStarted},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}
	var started, closed []string
	for _, a := range rep.AuditsStarted {
		started = append(started, a.Supplier)
	}
	for _, c := range rep.AuditsClosed {
		closed = append(closed, c.Supplier)
	}
	if !slices.Equal(started, ref.AuditsStarted) {
		t.Errorf("audits started:\n%q\nwant\n%q", started, ref.AuditsStarted)
	}
	if !slices.Equal(closed, ref.AuditsClosed) {
		t.Errorf("audits closed:\n%q\nwant\n%q", closed, ref.AuditsClosed)
	}
	for _, c := range rep.Categories {
		if want := ref.Responsible[c.NameSV]; !slices.Equal(c.Responsible, want) {
			t.Errorf("%s: responsible %q, want %q", c.NameSV, c.Responsible, want)
		}
	}
	if len(rep.Categories) != len(ref.Responsible) {
		t.Errorf("%d categories, want %d", len(rep.Categories), len(ref.Responsible))
	}

	if rep.RiskAnalysesApproved == nil || *rep.RiskAnalysesApproved != ref.RiskAnalysesApproved {
		t.Errorf("risk analyses: %v, want %d", rep.RiskAnalysesApproved, ref.RiskAnalysesApproved)
	}
	if rep.PeopleTrained == nil || *rep.PeopleTrained != ref.PeopleTrained {
		t.Errorf("people trained: %v, want %d", rep.PeopleTrained, ref.PeopleTrained)
	}

	fin := rep.Finance
	if fin == nil {
		t.Fatalf("no finances for 2022: %v", rep.FinanceProblem)
	}
	sek := func(ore int64) int64 { return ore / tillit.OrePerSEK }
	if sek(fin.OpeningBalanceOre) != ref.Finance.OpeningBalance || sek(fin.IncomeTotalOre) != ref.Finance.IncomeTotal ||
		sek(fin.CostTotalOre) != ref.Finance.CostTotal || sek(fin.ClosingBalanceOre) != ref.Finance.ClosingBalance {
		t.Errorf("finance: opening %d, income %d, costs %d, closing %d; want %d, %d, %d, %d",
			sek(fin.OpeningBalanceOre), sek(fin.IncomeTotalOre), sek(fin.CostTotalOre), sek(fin.ClosingBalanceOre),
			ref.Finance.OpeningBalance, ref.Finance.IncomeTotal, ref.Finance.CostTotal, ref.Finance.ClosingBalance)
	}
	if len(fin.Income) != len(ref.Finance.Contributions) {
		t.Fatalf("%d income lines, want %d", len(fin.Income), len(ref.Finance.Contributions))
	}
	for i, want := range ref.Finance.Contributions {
		got := fin.Income[i]
		if got.CountyCode != want.CountyCode || got.AmountOre != want.Amount*tillit.OrePerSEK {
			t.Errorf("income line %d: %s %d öre, want %s %d kr", i, got.CountyCode, got.AmountOre, want.CountyCode, want.Amount)
		}
	}
	for i, want := range ref.Finance.Costs {
		got := fin.CostTotals[i]
		if string(got.Type) != want.Type || got.AmountOre != want.Amount*tillit.OrePerSEK {
			t.Errorf("cost %d: %s %d öre, want %s %d kr", i, got.Type, got.AmountOre, want.Type, want.Amount)
		}
	}
	t.Logf("2022: %+v; deviations %+v; median days %v", rep.FollowUp, rep.Deviations, rep.MedianDaysToClosure)
}
