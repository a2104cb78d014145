package demo_test

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// reference2022 is testdata/report-2022.json: the figures of the
// collaboration's published report for 2022, which the report computed
// from the demo year must reproduce.
type reference2022 struct {
	Year     int `json:"year"`
	FollowUp struct {
		SAQReviewed         int `json:"saq_reviewed"`
		SAQDeficient        int `json:"saq_deficient"`
		OfficeAuditsStarted int `json:"office_audits_started"`
		AuditsClosed        int `json:"audits_closed"`
	} `json:"followup"`
	RiskAnalysesApproved int      `json:"risk_analyses_approved"`
	PeopleTrained        int      `json:"people_trained"`
	AuditsStarted        []string `json:"audits_started"`
	AuditsClosed         []string `json:"audits_closed"`
	Finance              struct {
		OpeningBalance int64 `json:"opening_balance"`
		Contributions  []struct {
			CountyCode string `json:"county_code"`
			Amount     int64  `json:"amount"`
		} `json:"contributions"`
		IncomeTotal int64 `json:"income_total"`
		Costs       []struct {
			Type   tillit.CostType `json:"type"`
			Amount int64           `json:"amount"`
		} `json:"costs"`
		CostTotal      int64 `json:"cost_total"`
		ClosingBalance int64 `json:"closing_balance"`
	} `json:"finance"`
	Responsible map[string][]string `json:"responsible"`
}

// Reference2022 reads the reference figures; other packages' tests use the
// same file through this path.
func readReference(t *testing.T) reference2022 {
	t.Helper()
	b, err := os.ReadFile("testdata/report-2022.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref reference2022
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

// TestAnnualReport2022 loads the demo year and compares the computed
// report with the published one, figure by figure.
func TestAnnualReport2022(t *testing.T) {
	db := sqldbtest.Open(t)
	load(t, db)
	ref := readReference(t)
	rep, err := db.AnnualReport(ctx, 2022)
	if err != nil {
		t.Fatal(err)
	}
	f := rep.FollowUp
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"self-assessments reviewed", f.SAQReviewed, ref.FollowUp.SAQReviewed},
		{"self-assessments deficient", f.SAQDeficient, ref.FollowUp.SAQDeficient},
		{"office audits started", f.OfficeAuditsStarted, ref.FollowUp.OfficeAuditsStarted},
		{"audits closed", f.AuditsClosed, ref.FollowUp.AuditsClosed},
		{"audits started listed", len(rep.AuditsStarted), ref.FollowUp.OfficeAuditsStarted + f.SiteAuditsStarted},
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
		if got.Type != want.Type || got.AmountOre != want.Amount*tillit.OrePerSEK {
			t.Errorf("cost %d: %s %d öre, want %s %d kr", i, got.Type, got.AmountOre, want.Type, want.Amount)
		}
	}
	t.Logf("2022: %+v; deviations %+v; median days %v", rep.FollowUp, rep.Deviations, rep.MedianDaysToClosure)
}
