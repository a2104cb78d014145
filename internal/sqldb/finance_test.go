package sqldb_test

import (
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// regions2022 is the income table of the 2022 activity report: county
// code, region and contribution in whole SEK. The population the charge
// was based on is twice the contribution (0.50 SEK per inhabitant).
var regions2022 = []struct {
	county, name string
	sek          int64
}{
	{"01", "Region Stockholm", 1_206_000},
	{"03", "Region Uppsala", 195_079},
	{"04", "Region Sörmland", 150_308},
	{"05", "Region Östergötland", 233_883},
	{"06", "Region Jönköpings län", 183_014},
	{"07", "Region Kronoberg", 101_165},
	{"08", "Region Kalmar län", 123_318},
	{"09", "Region Gotland", 30_194},
	{"10", "Region Blekinge", 79_487},
	{"12", "Region Skåne", 697_222},
	{"13", "Region Halland", 169_296},
	{"14", "Västra Götalandsregionen", 869_285},
	{"17", "Region Värmland", 141_455},
	{"18", "Region Örebro län", 152_916},
	{"19", "Region Västmanland", 139_180},
	{"20", "Region Dalarna", 144_191},
	{"21", "Region Gävleborg", 143_952},
	{"22", "Region Västernorrland", 122_412},
	{"23", "Region Jämtland Härjedalen", 65_709},
	{"24", "Region Västerbotten", 136_537},
	{"25", "Region Norrbotten", 124_713},
}

func sek(n int64) int64 { return n * tillit.OrePerSEK }

func orePtr(n int64) *int64 { return &n }

// financeWorld creates the 21 regions with their 2022 populations and
// returns the store and the regions' ids by county code.
func financeWorld(t *testing.T) (*sqldb.DB, map[string]int64) {
	t.Helper()
	f := newFixture(t) // already has Region Stockholm (01)
	ids := map[string]int64{"01": f.region.ID}
	for _, r := range regions2022 {
		if r.county != "01" {
			ids[r.county] = createOrg(t, f.db, tillit.OrgRegion, r.name, r.county).ID
		}
		mustOK(t, f.db.SetPopulation(ctx, sys, tillit.RegionPopulation{RegionID: ids[r.county], Year: 2022, Population: r.sek * 2}))
	}
	return f.db, ids
}

func finance2022() *tillit.FinanceYear {
	return &tillit.FinanceYear{
		Year: 2022, RateOrePerInhabitant: 50, OpeningBalanceOre: orePtr(sek(1_521_000)),
		Costs: []tillit.CostLine{
			{Type: tillit.CostPersonnel, Description: "Personnel", AmountOre: sek(3_061_000)},
			{Type: tillit.CostOther, Description: "Other costs", AmountOre: sek(178_269)},
			{Type: tillit.CostOtherServices, Description: "Risk analyses, systems, audits and other follow-ups", AmountOre: sek(2_308_047)},
		},
	}
}

func TestFinanceStatement2022(t *testing.T) {
	db, ids := financeWorld(t)
	mustOK(t, db.SaveFinanceYear(ctx, sys, finance2022()))

	s, err := db.FindFinanceStatement(ctx, 2022)
	mustOK(t, err)
	if len(s.Income) != 21 {
		t.Fatalf("%d income lines, want 21", len(s.Income))
	}
	for i, r := range regions2022 {
		l := s.Income[i]
		if l.RegionID != ids[r.county] || l.RegionName != r.name || l.Population != r.sek*2 || l.AmountOre != sek(r.sek) || l.Overridden {
			t.Errorf("line %d = %+v, want %s %d SEK", i, l, r.name, r.sek)
		}
	}
	if s.OpeningCarried || s.OpeningBalanceOre != sek(1_521_000) {
		t.Errorf("opening %d carried=%v", s.OpeningBalanceOre, s.OpeningCarried)
	}
	if s.IncomeTotalOre != sek(6_730_316) || s.CostTotalOre != sek(5_547_316) || s.ClosingBalanceOre != sek(1_183_000) {
		t.Errorf("income %d, costs %d, closing %d; want 6 730 316, 5 547 316, 1 183 000 SEK", s.IncomeTotalOre, s.CostTotalOre, s.ClosingBalanceOre)
	}
	if len(s.Costs) != 3 || s.Costs[2].Description != "Risk analyses, systems, audits and other follow-ups" || s.CostTotals[1].AmountOre != sek(178_269) {
		t.Errorf("costs = %+v, totals %+v", s.Costs, s.CostTotals)
	}

	// 2023 at 1.00 SEK with no opening balance opens with 2022's closing
	// balance; an override with a reason replaces the computed figure.
	for _, r := range regions2022 {
		mustOK(t, db.SetPopulation(ctx, sys, tillit.RegionPopulation{RegionID: ids[r.county], Year: 2023, Population: r.sek * 2}))
	}
	y23 := &tillit.FinanceYear{Year: 2023, RateOrePerInhabitant: 100,
		Overrides: []tillit.ContributionOverride{{RegionID: ids["09"], AmountOre: sek(50_000), Reason: "Invoiced at half the rate by agreement with the steering group."}},
		Costs:     []tillit.CostLine{{Type: tillit.CostPersonnel, AmountOre: sek(3_000_000)}},
	}
	mustOK(t, db.SaveFinanceYear(ctx, sys, y23))
	s, err = db.FindFinanceStatement(ctx, 2023)
	mustOK(t, err)
	if !s.OpeningCarried || s.OpeningBalanceOre != sek(1_183_000) {
		t.Errorf("2023 opening %d carried=%v, want 1 183 000 SEK carried", s.OpeningBalanceOre, s.OpeningCarried)
	}
	g := s.Income[7] // Gotland
	if g.RegionName != "Region Gotland" || !g.Overridden || g.AmountOre != sek(50_000) || g.ComputedOre != sek(60_388) || g.Reason != y23.Overrides[0].Reason {
		t.Errorf("Gotland = %+v", g)
	}
	if s.Income[0].AmountOre != sek(2_412_000) {
		t.Errorf("Stockholm 2023 = %d, want 2 412 000 SEK", s.Income[0].AmountOre)
	}
	wantContrib := 2*sek(5_209_316) - sek(60_388) + sek(50_000)
	if s.ContributionsOre != wantContrib || s.ClosingBalanceOre != sek(1_183_000)+wantContrib-sek(3_000_000) {
		t.Errorf("2023 contributions %d closing %d", s.ContributionsOre, s.ClosingBalanceOre)
	}

	// Changing 2022 changes 2023's opening balance: it is carried, not copied.
	y22 := finance2022()
	y22.Costs[0].AmountOre = sek(3_000_000)
	mustOK(t, db.SaveFinanceYear(ctx, sys, y22))
	s, err = db.FindFinanceStatement(ctx, 2023)
	mustOK(t, err)
	if s.OpeningBalanceOre != sek(1_244_000) {
		t.Errorf("2023 opening after 2022 changed = %d, want 1 244 000 SEK", s.OpeningBalanceOre)
	}

	// Saving replaces the year's lines and reads back as saved.
	got, err := db.FindFinanceYear(ctx, 2023)
	mustOK(t, err)
	if got.OpeningBalanceOre != nil || len(got.Overrides) != 1 || got.Overrides[0] != y23.Overrides[0] || len(got.Costs) != 1 || got.Costs[0] != y23.Costs[0] {
		t.Errorf("FindFinanceYear(2023) = %+v", got)
	}
	y23.Overrides = nil
	mustOK(t, db.SaveFinanceYear(ctx, sys, y23))
	got, err = db.FindFinanceYear(ctx, 2023)
	mustOK(t, err)
	if len(got.Overrides) != 0 {
		t.Errorf("override not removed: %+v", got.Overrides)
	}

	// Every save is in the audit trail, with the state before.
	ev, err := db.FindAuditEvents(ctx, sqldb.AuditFilter{Entity: "finance_year", EntityID: 2023})
	mustOK(t, err)
	if len(ev) != 2 || ev[0].Action != "finance_year.save" || ev[0].Before == "" || ev[1].Before != "" {
		t.Errorf("audit events = %+v", ev)
	}
	v, err := db.VerifyAudit(ctx)
	mustOK(t, err)
	if v.BrokenID != 0 {
		t.Errorf("audit chain broken: %+v", v)
	}
}

func TestFinanceStatementNeedsAnOpeningBalance(t *testing.T) {
	db, _ := financeWorld(t)
	_, err := db.FindFinanceStatement(ctx, 2022)
	wantCode(t, err, tillit.ENOTFOUND)

	// 2024 carries from 2023, which is missing.
	mustOK(t, db.SaveFinanceYear(ctx, sys, finance2022()))
	mustOK(t, db.SaveFinanceYear(ctx, sys, &tillit.FinanceYear{Year: 2024, RateOrePerInhabitant: 100}))
	_, err = db.FindFinanceStatement(ctx, 2024)
	wantCode(t, err, tillit.ECONFLICT)

	// The first year with no opening balance cannot carry either.
	y := finance2022()
	y.OpeningBalanceOre = nil
	mustOK(t, db.SaveFinanceYear(ctx, sys, y))
	_, err = db.FindFinanceStatement(ctx, 2022)
	wantCode(t, err, tillit.ECONFLICT)

	// An explicit zero is an opening balance, not a missing one.
	y.OpeningBalanceOre = orePtr(0)
	mustOK(t, db.SaveFinanceYear(ctx, sys, y))
	s, err := db.FindFinanceStatement(ctx, 2022)
	mustOK(t, err)
	if s.OpeningCarried || s.ClosingBalanceOre != sek(1_183_000-1_521_000) {
		t.Errorf("opening 0: carried=%v closing %d", s.OpeningCarried, s.ClosingBalanceOre)
	}
}

func TestSaveFinanceYearValidation(t *testing.T) {
	db, ids := financeWorld(t)
	for _, tc := range []struct {
		name   string
		edit   func(*tillit.FinanceYear)
		fields []string
	}{
		{"rate", func(y *tillit.FinanceYear) { y.RateOrePerInhabitant = 0 }, []string{"rate"}},
		{"negative amounts", func(y *tillit.FinanceYear) {
			y.OpeningBalanceOre = orePtr(-1)
			y.Costs[0].AmountOre = -1
		}, []string{"opening_balance", "costs[0].amount"}},
		{"cost type", func(y *tillit.FinanceYear) { y.Costs[1].Type = "travel" }, []string{"costs[1].type"}},
		{"override without a reason", func(y *tillit.FinanceYear) {
			y.Overrides = []tillit.ContributionOverride{{RegionID: ids["25"], AmountOre: 1}}
		}, []string{"overrides[0].reason"}},
		{"override of a non-region", func(y *tillit.FinanceYear) {
			y.Overrides = []tillit.ContributionOverride{{RegionID: 1_000_000, AmountOre: 1, Reason: "x"}}
		}, []string{"overrides[0].region_id"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			y := finance2022()
			tc.edit(y)
			err := db.SaveFinanceYear(ctx, sys, y)
			wantFields(t, err, tc.fields...)
			if _, err := db.FindFinanceYear(ctx, 2022); tillit.ErrorCode(err) != tillit.ENOTFOUND {
				t.Errorf("invalid year was stored: %v", err)
			}
		})
	}
}
