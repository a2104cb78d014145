package server

import (
	"strings"

	"github.com/tillit-project/tillit"
)

// expectedImport says who may use each route of routes_import.go: the
// downloads are for every reader of suppliers (within their scope), each
// import for those who may change its register, and an import's own pages
// for the readers of suppliers (the handler shows an import to the person
// who started it only; an unknown id is 404 for all of them).
var expectedImport = map[string][]tillit.Role{
	"GET /registers":                         supReaders,
	"GET /registers/imports/{id}":            supReaders,
	"GET /registers/imports/{id}/status":     supReaders,
	"GET /registers/imports/{id}/report.csv": supReaders,
	"POST /registers/imports/{id}/valid":     supReaders,
	"GET /registers/suppliers.csv":           supReaders,
	"GET /registers/suppliers.xlsx":          supReaders,
	"GET /registers/suppliers/import":        office,
	"POST /registers/suppliers/import":       office,
	"GET /registers/contracts.csv":           supReaders,
	"GET /registers/contracts.xlsx":          supReaders,
	"GET /registers/contracts/import":        supContracts,
	"POST /registers/contracts/import":       supContracts,
	"GET /registers/sites.csv":               supReaders,
	"GET /registers/sites.xlsx":              supReaders,
	"GET /registers/sites/import":            supSites,
	"POST /registers/sites/import":           supSites,
}

// importParams gives the import's id a value: one no one started.
func importParams(f *fixture, path string) map[string]string {
	if strings.HasPrefix(path, "/registers/imports/") {
		return map[string]string{"{id}": "no-such-import"}
	}
	return nil
}
