package server

import (
	"strings"

	"github.com/tillit-project/tillit"
)

// Who reaches the routes of routes_supplychain.go: country risk and the
// supply-chain queries span every supplier, so the office and the regions
// read them; the office imports indices; a supplier's own chain is read
// like its supplier page ({id} is Leverantör A, see supplierParams) and
// changed by those who may change its production sites.
var scReaders = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleStaff}

var expectedSupplyChain = map[string][]tillit.Role{
	"GET /country-risk":                                           scReaders,
	"GET /country-risk/import":                                    office,
	"POST /country-risk/import":                                   office,
	"GET /supply-chain":                                           scReaders,
	"GET /supply-chain/sites":                                     scReaders,
	"GET /supply-chain/sites.xlsx":                                scReaders,
	"GET /supply-chain/cotton":                                    scReaders,
	"GET /supply-chain/cotton.xlsx":                               scReaders,
	"GET /suppliers/{id}/supply-chain":                            supReaders,
	"POST /suppliers/{id}/supply-chain/links":                     supSites,
	"POST /suppliers/{id}/supply-chain/links/delete":              supSites,
	"POST /suppliers/{id}/supply-chain/products":                  supSites,
	"POST /suppliers/{id}/supply-chain/products/{product}/delete": supSites,
	"GET /api/v1/country-risk":                                    scReaders,
	"GET /api/v1/supply-chain/sites":                              scReaders,
	"GET /api/v1/supply-chain/cotton":                             scReaders,
}

// supplyChainParams gives {product} a value: a product no one has, so
// those allowed get 404, which is no refusal.
func supplyChainParams(f *fixture, path string) map[string]string {
	if strings.Contains(path, "{product}") {
		return map[string]string{"{product}": "999999"}
	}
	return nil
}
