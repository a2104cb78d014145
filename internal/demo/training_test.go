package demo_test

import (
	"testing"
	"time"

	"github.com/tillit-project/tillit/internal/demo"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// The demo's trainings of 2022 add up to the published number of people
// trained, and loading again adds none.
func TestDemoTrainings(t *testing.T) {
	db := sqldbtest.Open(t)
	load(t, db)
	from, to := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	n, recorded, err := db.PeopleTrained(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if !recorded || n != demo.PeopleTrained2022 {
		t.Errorf("people trained in 2022: %d (recorded %v), want 160", n, recorded)
	}
	list, err := db.FindTrainings(ctx, 2022)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != demo.Trainings2022 {
		t.Errorf("%d trainings in 2022, want %d", len(list), demo.Trainings2022)
	}
	s, err := db.TrainingSummary(ctx, 2022)
	if err != nil {
		t.Fatal(err)
	}
	if s.Total != 160 || len(s.Orgs) < 10 {
		t.Errorf("summary: total %d over %d organisations", s.Total, len(s.Orgs))
	}
	load(t, db)
	again, err := db.FindTrainings(ctx, 2022)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != len(list) {
		t.Errorf("a second load made %d trainings of %d", len(again), len(list))
	}
}
