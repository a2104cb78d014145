package demo_test

import (
	"testing"

	"github.com/tillit-project/tillit/internal/demo"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// The demo's 2022 finances give the published statement, and 2023 opens
// with 2022's closing balance.
func TestDemoFinances(t *testing.T) {
	db := sqldbtest.Open(t)
	load(t, db)
	s, err := db.FindFinanceStatement(ctx, 2022)
	if err != nil {
		t.Fatal(err)
	}
	const ore = 100
	if s.IncomeTotalOre != demo.Income2022*ore {
		t.Errorf("income %d öre, want 6 730 316 SEK", s.IncomeTotalOre)
	}
	if s.CostTotalOre != 5_547_316*ore {
		t.Errorf("costs %d öre, want 5 547 316 SEK", s.CostTotalOre)
	}
	if s.ClosingBalanceOre != 1_183_000*ore {
		t.Errorf("closing balance %d öre, want 1 183 000 SEK", s.ClosingBalanceOre)
	}
	s23, err := db.FindFinanceStatement(ctx, 2023)
	if err != nil {
		t.Fatal(err)
	}
	if !s23.OpeningCarried || s23.OpeningBalanceOre != 1_183_000*ore || s23.RateOrePerInhabitant != 100 || s23.CostTotalOre != 0 {
		t.Errorf("2023: %+v", s23)
	}
	// Loading again changes nothing.
	load(t, db)
	again, err := db.FindFinanceStatement(ctx, 2022)
	if err != nil {
		t.Fatal(err)
	}
	if again.ClosingBalanceOre != s.ClosingBalanceOre || len(again.Costs) != len(s.Costs) {
		t.Errorf("a second load changed 2022: %+v", again)
	}
}
