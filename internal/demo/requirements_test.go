package demo_test

import (
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/demo"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// The demo library covers the areas and the ILO conventions, has a
// version 2 to compare, and the demo follow-ups' deviations point at the
// version in force on the day of the audit that found them.
func TestDemoRequirements(t *testing.T) {
	db := sqldbtest.Open(t)
	load(t, db)
	rows, err := db.FindRequirements(ctx, sqldb.RequirementFilter{})
	if err != nil {
		t.Fatal(err)
	}
	kinds, areas := map[tillit.RequirementKind]int{}, map[tillit.SustainabilityArea]int{}
	text := ""
	for _, r := range rows {
		kinds[r.Kind]++
		areas[r.Area]++
		text += r.Version.Body.EN + "\n"
	}
	for _, k := range tillit.RequirementKinds {
		if kinds[k] == 0 {
			t.Errorf("no requirement of kind %s", k)
		}
	}
	for _, a := range tillit.SustainabilityAreas {
		if areas[a] == 0 {
			t.Errorf("no requirement in area %s", a)
		}
	}
	for _, c := range []string{"ILO 29", "105", "87", "98", "100", "111", "138", "182", "article 32"} {
		if !containsText(text, c) {
			t.Errorf("the library never mentions %s", c)
		}
	}
	uk5, err := db.FindRequirement(ctx, "UK-5")
	if err != nil || len(uk5.Versions) != 2 || uk5.InForce(time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)).Number != 2 {
		t.Fatalf("UK-5: %+v, %v; want version 2 in force in 2023", uk5, err)
	}
	for _, code := range demo.RequirementCodes() {
		if _, err := db.FindRequirement(ctx, code); err != nil {
			t.Errorf("follow-up requirement %s is not in the library: %v", code, err)
		}
	}
	fus, err := db.FindFollowUps(ctx, tillit.Scope{All: true}, sqldb.FollowUpFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	deviations := 0
	for _, row := range fus {
		f, err := db.FindFollowUp(ctx, tillit.Scope{All: true}, row.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Deviations {
			deviations++
			var on time.Time
			for _, a := range f.Audits {
				if a.ID == d.AuditID {
					on = a.PerformedOn
				}
			}
			req, err := db.FindRequirement(ctx, d.RequirementCode)
			if err != nil {
				t.Fatal(err)
			}
			if v := req.InForce(on); v == nil || d.RequirementVersion != v.Number {
				t.Errorf("follow-up %d deviation %d (%s, audit of %s): version %d, want the one then in force", f.ID, d.ID, d.RequirementCode, on.Format(time.DateOnly), d.RequirementVersion)
			}
		}
	}
	if deviations == 0 {
		t.Error("the demo has no deviations to check")
	}
}

func containsText(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
