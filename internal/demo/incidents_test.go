package demo_test

import (
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// Every demo incident reaches something: sites, suppliers, contracts and
// regions; the glove alert reaches the glove factories and not the
// wound-care company's, and loading again adds nothing.
func TestDemoIncidents(t *testing.T) {
	db := sqldbtest.Open(t)
	load(t, db)
	rows, err := db.FindIncidents(ctx, sqldb.IncidentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d demo incidents, want 4", len(rows))
	}
	assessed := map[tillit.IncidentAssessment]int{}
	for _, r := range rows {
		assessed[r.Assessment]++
		in, err := db.FindIncident(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		e, err := db.IncidentExposure(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(e.Sites) == 0 || len(e.Suppliers) == 0 || len(e.Contracts) == 0 || len(e.Regions) == 0 {
			t.Errorf("%q: exposure %d sites, %d suppliers, %d contracts, %d regions", in.Title, len(e.Sites), len(e.Suppliers), len(e.Contracts), len(e.Regions))
		}
		if in.CountryList() == "MY" {
			var names []string
			for _, s := range e.Suppliers {
				names = append(names, s.Name)
			}
			if len(names) != 2 || names[0] != "Handskgrossisten Exempel AB" || names[1] != "Procurator AB" {
				t.Errorf("glove alert reaches %v", names)
			}
		}
		t.Logf("%s: %d sites, %d suppliers, %d contracts, %d regions", in.Title, len(e.Sites), len(e.Suppliers), len(e.Contracts), len(e.Regions))
	}
	if assessed[tillit.IncidentRelevant] != 2 || assessed[tillit.IncidentDuplicate] != 1 || assessed[tillit.IncidentUnassessed] != 1 {
		t.Errorf("assessments %v", assessed)
	}
	cons, err := db.FindConsultations(ctx, sqldb.ConsultationFilter{})
	if err != nil || len(cons) != 2 {
		t.Fatalf("consultations: %d, %v", len(cons), err)
	}
	if res := load(t, db); res.Created != 0 {
		t.Errorf("a second load created %d", res.Created)
	}
}
