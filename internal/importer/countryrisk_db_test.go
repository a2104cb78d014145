package importer_test

import (
	"strings"
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/importer"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// TestCountryRiskImportOnDatabase: a file with a bad row writes nothing,
// the valid rows may be imported alone, the whole file then imports, and
// importing it again changes nothing, not even the audit trail.
func TestCountryRiskImportOnDatabase(t *testing.T) {
	db := sqldbtest.Open(t)
	w := &world{db: db}
	x := tillit.RiskIndex{Name: "Testindex B 2023", Year: 2023, Source: "Made up for this test.", ScaleMin: 0, ScaleMax: 10}
	x.DefaultThresholds() // low scores mean high risk: 7.5, 5, 2.5
	bad := "Country;Score\nSE;9,5\nPK;2\nZZ;4\n"
	rep, err := importer.CountryRisk(ctx, db, sys, x, strings.NewReader(bad), importer.Options{FileName: "b.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Written || rep.Skipped != 1 || len(rep.Problems) != 1 || rep.Problems[0].Line != 4 || rep.Problems[0].Column != "Country" {
		t.Fatalf("written %v, skipped %d, problems %+v", rep.Written, rep.Skipped, rep.Problems)
	}
	if got, _ := db.RiskIndices(ctx, false); len(got) != 0 {
		t.Fatalf("a file with a bad row stored %d indices", len(got))
	}
	rep, err = importer.CountryRisk(ctx, db, sys, x, strings.NewReader(bad), importer.Options{FileName: "b.csv", OnlyValid: true})
	if err != nil || !rep.Written || rep.Created != 2 {
		t.Fatalf("only valid rows: written %v created %d, %v", rep.Written, rep.Created, err)
	}
	good := "Land;Värde\nSE;9,5\nPK;2\nCN;4\n"
	rep, err = importer.CountryRisk(ctx, db, sys, x, strings.NewReader(good), importer.Options{})
	if err != nil || rep.Created != 1 || rep.Unchanged != 2 {
		t.Fatalf("created %d unchanged %d, %v", rep.Created, rep.Unchanged, err)
	}
	before := w.auditCount(t)
	rep, err = importer.CountryRisk(ctx, db, sys, x, strings.NewReader(good), importer.Options{})
	if err != nil || rep.Unchanged != 3 || rep.Created+rep.Updated != 0 {
		t.Fatalf("re-import: created %d updated %d unchanged %d, %v", rep.Created, rep.Updated, rep.Unchanged, err)
	}
	if after := w.auditCount(t); after != before {
		t.Fatalf("re-import wrote %d audit events", after-before)
	}
	risks, err := db.CountryRisks(ctx, []string{"PK", "SE", "CN", "DE"})
	if err != nil {
		t.Fatal(err)
	}
	for c, want := range map[string]tillit.RiskLevel{"SE": tillit.RiskLow, "PK": tillit.RiskVeryHigh, "CN": tillit.RiskHigh} {
		if len(risks[c]) != 1 || risks[c][0].Level != want || risks[c][0].Index != "Testindex B 2023" {
			t.Errorf("%s: %+v, want %s", c, risks[c], want)
		}
	}
	if len(risks["DE"]) != 0 {
		t.Errorf("DE has no score but got %+v", risks["DE"])
	}
	// A changed score is an update of that country alone.
	rep, err = importer.CountryRisk(ctx, db, sys, x, strings.NewReader("Country,Score\nSE,9.5\nPK,3\n"), importer.Options{})
	if err != nil || rep.Updated != 1 || rep.Unchanged != 1 {
		t.Fatalf("updated %d unchanged %d, %v", rep.Updated, rep.Unchanged, err)
	}
	if got, _ := db.RiskIndices(ctx, true); len(got) != 1 || got[0].Scores["PK"] != 3 || got[0].Scores["CN"] != 4 {
		t.Fatalf("after the update: %+v", got)
	}
	staff := tillit.Actor{UserID: 5, Memberships: []tillit.Membership{{OrgID: 1, Role: tillit.RoleStaff}}}
	if _, err := importer.CountryRisk(ctx, db, staff, x, strings.NewReader(good), importer.Options{}); tillit.ErrorCode(err) != tillit.EFORBIDDEN {
		t.Fatalf("region staff imported country risk: %v", err)
	}
}
