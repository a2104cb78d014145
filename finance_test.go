package tillit

import (
	"testing"
)

// contributions2022 is the income table of the 2022 activity report in
// whole SEK, by county code (docs: shared/reference/report-2022.md).
var contributions2022 = []struct {
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

func sek(n int64) int64 { return n * OrePerSEK }

func ptr(n int64) *int64 { return &n }

// regions2022 returns the 21 regions with ids 1…21 and their 2022
// populations: twice the contribution, the number the 0.50 SEK charge was
// based on.
func regions2022() ([]Organisation, map[int64]int64) {
	var regions []Organisation
	pops := map[int64]int64{}
	for i, c := range contributions2022 {
		id := int64(i + 1)
		regions = append(regions, Organisation{ID: id, Kind: OrgRegion, Name: c.name, CountyCode: c.county})
		pops[id] = c.sek * 2
	}
	return regions, pops
}

func year2022() FinanceYear {
	return FinanceYear{
		Year: 2022, RateOrePerInhabitant: 50, OpeningBalanceOre: ptr(sek(1_521_000)),
		Costs: []CostLine{
			{Type: CostPersonnel, Description: "Personnel", AmountOre: sek(3_061_000)},
			{Type: CostOther, Description: "Other costs", AmountOre: sek(178_269)},
			{Type: CostOtherServices, Description: "Risk analyses, systems, audits and other follow-ups", AmountOre: sek(2_308_047)},
		},
	}
}

func TestContributionRounding(t *testing.T) {
	for _, tc := range []struct {
		pop, rate, want int64
	}{
		{0, 50, 0},
		{2, 50, 100}, // 1.00 SEK exactly
		{1, 50, 100}, // 0.50 SEK: half a krona rounds up
		{3, 33, 100}, // 0.99 SEK rounds up
		{1, 49, 0},   // 0.49 SEK rounds down
		{2_412_000, 50, sek(1_206_000)},
		{60_388, 100, sek(60_388)},
		{101, 150, sek(152)}, // 151.50 SEK rounds up to 152
		{99, 150, sek(149)},  // 148.50 SEK rounds up to 149
		{1, 149, sek(1)},     // 1.49 SEK rounds down
	} {
		if got := Contribution(tc.pop, tc.rate); got != tc.want {
			t.Errorf("Contribution(%d, %d) = %d öre, want %d", tc.pop, tc.rate, got, tc.want)
		}
	}
	// Every 2022 figure is population × 0.50 SEK exactly: rounding changes
	// nothing that was published.
	for _, c := range contributions2022 {
		if exact := c.sek * 2 * 50; Contribution(c.sek*2, 50) != exact {
			t.Errorf("%s: rounding changed %d öre", c.name, exact)
		}
	}
}

func TestFinanceStatement2022(t *testing.T) {
	regions, pops := regions2022()
	s, err := ComputeFinanceStatement(year2022(), regions, pops, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s.OpeningCarried || s.OpeningBalanceOre != sek(1_521_000) {
		t.Errorf("opening = %d carried=%v", s.OpeningBalanceOre, s.OpeningCarried)
	}
	if len(s.Income) != 21 {
		t.Fatalf("%d income lines, want 21", len(s.Income))
	}
	for i, c := range contributions2022 {
		l := s.Income[i]
		if l.RegionName != c.name || l.AmountOre != sek(c.sek) || l.ComputedOre != l.AmountOre || l.Overridden || !l.PopulationKnown {
			t.Errorf("line %d = %+v, want %s %d SEK", i, l, c.name, c.sek)
		}
	}
	for name, got := range map[string]int64{
		"contributions": s.ContributionsOre, "income total": s.IncomeTotalOre,
		"cost total": s.CostTotalOre, "closing balance": s.ClosingBalanceOre,
	} {
		want := map[string]int64{
			"contributions": sek(5_209_316), "income total": sek(6_730_316),
			"cost total": sek(5_547_316), "closing balance": sek(1_183_000),
		}[name]
		if got != want {
			t.Errorf("%s = %d öre, want %d", name, got, want)
		}
	}
	wantTotals := []CostTotal{{CostPersonnel, sek(3_061_000)}, {CostOther, sek(178_269)}, {CostOtherServices, sek(2_308_047)}}
	for i, w := range wantTotals {
		if s.CostTotals[i] != w {
			t.Errorf("cost total %d = %+v, want %+v", i, s.CostTotals[i], w)
		}
	}
}

func TestFinanceStatementCarriesAndOverrides(t *testing.T) {
	regions, pops := regions2022()
	y := FinanceYear{Year: 2023, RateOrePerInhabitant: 100,
		Overrides: []ContributionOverride{{RegionID: 9, AmountOre: sek(70_000), Reason: "Invoiced at the 2022 population by agreement."}}}
	s, err := ComputeFinanceStatement(y, regions, pops, sek(1_183_000))
	if err != nil {
		t.Fatal(err)
	}
	if !s.OpeningCarried || s.OpeningBalanceOre != sek(1_183_000) {
		t.Errorf("opening = %d carried=%v, want 1 183 000 SEK carried", s.OpeningBalanceOre, s.OpeningCarried)
	}
	b := s.Income[8] // Blekinge, id 9
	if !b.Overridden || b.AmountOre != sek(70_000) || b.ComputedOre != sek(158_974) || b.Reason == "" {
		t.Errorf("override line = %+v", b)
	}
	if want := 2*sek(5_209_316) - sek(158_974) + sek(70_000); s.ContributionsOre != want {
		t.Errorf("contributions = %d, want %d", s.ContributionsOre, want)
	}
	if s.ClosingBalanceOre != s.IncomeTotalOre || s.CostTotalOre != 0 {
		t.Errorf("no costs: closing %d, income %d", s.ClosingBalanceOre, s.IncomeTotalOre)
	}

	// A region without a population is listed, flagged, at zero.
	delete(pops, 1)
	s, err = ComputeFinanceStatement(y, regions, pops, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s.Income[0].PopulationKnown || s.Income[0].AmountOre != 0 {
		t.Errorf("missing population: %+v", s.Income[0])
	}
}

func TestFinanceYearValidate(t *testing.T) {
	regions, pops := regions2022()
	for _, tc := range []struct {
		name  string
		edit  func(*FinanceYear)
		field string
	}{
		{"rate zero", func(y *FinanceYear) { y.RateOrePerInhabitant = 0 }, "rate"},
		{"rate negative", func(y *FinanceYear) { y.RateOrePerInhabitant = -50 }, "rate"},
		{"year", func(y *FinanceYear) { y.Year = 1999 }, "year"},
		{"negative opening", func(y *FinanceYear) { y.OpeningBalanceOre = ptr(-1) }, "opening_balance"},
		{"negative cost", func(y *FinanceYear) { y.Costs[1].AmountOre = -1 }, "costs[1].amount"},
		{"unknown cost type", func(y *FinanceYear) { y.Costs[2].Type = "travel" }, "costs[2].type"},
		{"override without reason", func(y *FinanceYear) {
			y.Overrides = []ContributionOverride{{RegionID: 1, AmountOre: 1, Reason: "  "}}
		}, "overrides[0].reason"},
		{"negative override", func(y *FinanceYear) {
			y.Overrides = []ContributionOverride{{RegionID: 1, AmountOre: -1, Reason: "x"}}
		}, "overrides[0].amount"},
		{"duplicate override", func(y *FinanceYear) {
			y.Overrides = []ContributionOverride{{RegionID: 1, Reason: "x"}, {RegionID: 1, Reason: "y"}}
		}, "overrides[1].region_id"},
		{"override of an unknown region", func(y *FinanceYear) {
			y.Overrides = []ContributionOverride{{RegionID: 99, Reason: "x"}}
		}, "overrides[0].region_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			y := year2022()
			tc.edit(&y)
			_, err := ComputeFinanceStatement(y, regions, pops, 0)
			if ErrorCode(err) != EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
			if _, ok := ErrorFields(err)[tc.field]; !ok {
				t.Errorf("fields = %v, want %q", ErrorFields(err), tc.field)
			}
		})
	}
}
