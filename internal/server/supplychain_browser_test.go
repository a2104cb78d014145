package server

import (
	"strconv"
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/demo"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// supplyChainBrowserPages are the supply-chain map's pages that the
// browser test checks with axe-core, on the demo data: a query with
// results, and the chain of a textile supplier with sub-suppliers two
// levels down.
func supplyChainBrowserPages(t *testing.T, db *sqldb.DB) []string {
	t.Helper()
	sups, err := db.FindOrganisations(t.Context(), sqldb.OrganisationFilter{Kind: tillit.OrgSupplier})
	if err != nil {
		t.Fatal(err)
	}
	cats, err := db.FindCategories(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var supplier, category int64
	for _, s := range sups {
		if s.Name == "FM Trading" {
			supplier = s.ID
		}
	}
	for _, c := range cats {
		if c.Code == demo.CategoryTextilesFurniture {
			category = c.ID
		}
	}
	if supplier == 0 || category == 0 {
		t.Fatal("the demo has no FM Trading or no textiles category")
	}
	return []string{"/country-risk", "/country-risk/import", "/supply-chain",
		"/supply-chain/sites?country=IN&category=" + strconv.FormatInt(category, 10), "/supply-chain/cotton",
		"/suppliers/" + strconv.FormatInt(supplier, 10) + "/supply-chain"}
}
