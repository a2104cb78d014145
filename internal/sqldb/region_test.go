package sqldb_test

import (
	"testing"

	"github.com/tillit-project/tillit"
)

func TestLatestPopulationYear(t *testing.T) {
	f := newFixture(t)
	y, err := f.db.LatestPopulationYear(ctx)
	mustOK(t, err)
	if y != 0 {
		t.Fatalf("without figures: %d, want 0", y)
	}
	for _, year := range []int{2023, 2025, 2024} {
		mustOK(t, f.db.SetPopulation(ctx, sys, tillit.RegionPopulation{RegionID: f.region.ID, Year: year, Population: 1}))
	}
	y, err = f.db.LatestPopulationYear(ctx)
	mustOK(t, err)
	if y != 2025 {
		t.Fatalf("LatestPopulationYear = %d, want 2025", y)
	}
}
