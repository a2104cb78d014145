package sqldb_test

import (
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// TestImportNaturalKeys: a region's contract reference and a supplier's
// Open Supply Hub ID are unique (0011_import.sql), and an import whose
// plan no longer matches the register changes nothing.
func TestImportNaturalKeys(t *testing.T) {
	db := sqldbtest.Open(t)
	region := createOrg(t, db, tillit.OrgRegion, "Region Skåne", "12")
	other := createOrg(t, db, tillit.OrgRegion, "Region Norrbotten", "25")
	sup := createOrg(t, db, tillit.OrgSupplier, "Leverantör AB", "")
	cat := &tillit.Category{Code: "gloves", NameSV: "Handskar", NameEN: "Gloves"}
	mustOK(t, db.CreateCategory(ctx, sys, cat))
	c := tillit.Contract{RegionID: region.ID, SupplierID: sup.ID, CategoryID: cat.ID, Reference: "RS-1", Start: importDay("2024-01-01"), End: importDay("2025-12-31")}
	mustOK(t, db.CreateContract(ctx, sys, &c))
	dup := c
	err := db.CreateContract(ctx, sys, &dup)
	if tillit.ErrorCode(err) != tillit.ECONFLICT || tillit.ErrorFields(err)["reference"].Format == "" {
		t.Errorf("the same reference twice in a region: %v", err)
	}
	dup.RegionID = other.ID
	mustOK(t, db.CreateContract(ctx, sys, &dup)) // another region's register

	s := tillit.ProductionSite{SupplierID: sup.ID, Name: "Forge", City: "Sialkot", Country: "PK", OSHubID: "PK2019085AB1C2D"}
	mustOK(t, db.CreateSite(ctx, sys, &s))
	s2 := s
	s2.Name = "Forge again"
	if err := db.CreateSite(ctx, sys, &s2); tillit.ErrorCode(err) != tillit.ECONFLICT {
		t.Errorf("the same OS ID twice for a supplier: %v", err)
	}
	s2.OSHubID = ""
	mustOK(t, db.CreateSite(ctx, sys, &s2))

	// A planned change to a contract that has changed since it was read
	// is refused, and the new contract planned with it is not written.
	stale := c
	stale.End = importDay("2024-06-30")
	after := c
	after.End = importDay("2026-12-31")
	newOne := tillit.Contract{SupplierID: sup.ID, CategoryID: cat.ID, Reference: "RS-2", Start: importDay("2024-01-01"), End: importDay("2025-12-31")}
	err = db.ImportContracts(ctx, sys, region.ID, []sqldb.ContractChange{{After: newOne}, {Before: &stale, After: after}}, sqldb.ImportSummary{}, nil)
	if tillit.ErrorCode(err) != tillit.ECONFLICT {
		t.Fatalf("stale plan: %v", err)
	}
	got, err := db.ContractsOfRegion(ctx, region.ID)
	if err != nil || len(got) != 1 || !got[0].End.Equal(c.End) {
		t.Errorf("after a refused import: %+v %v", got, err)
	}
	// The same plan made from what is stored goes through, audited.
	before := got[0]
	mustOK(t, db.ImportContracts(ctx, sys, region.ID, []sqldb.ContractChange{{After: newOne}, {Before: &before, After: after}},
		sqldb.ImportSummary{Register: "contracts", Rows: 2, Created: 1, Updated: 1}, nil))
	if got, _ := db.ContractsOfRegion(ctx, region.ID); len(got) != 2 || !got[0].End.Equal(after.End) {
		t.Errorf("after the import: %+v", got)
	}
	v, err := db.VerifyAudit(ctx)
	if err != nil || v.BrokenID != 0 {
		t.Errorf("audit trail: %+v %v", v, err)
	}
}

func importDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
