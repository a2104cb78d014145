package server

import (
	"strconv"
	"strings"

	"github.com/tillit-project/tillit"
)

// Who reaches the supplier routes, with the path values of supplierParams
// ({id} is Leverantör A: the supplier user's company, and the supplier of
// follow-up A, whose audit is assigned to the auditor).
var (
	// Everyone with a read scope: all but the web editor.
	supReaders = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleStaff, tillit.RoleAuditor, tillit.RoleSupplier}
	// Contracts: the office, and the staff and coordinators of regions
	// (for their own region, which the handler checks).
	supContracts = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleStaff}
	// Production sites: the office and the supplier's own staff.
	supSites = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleSupplier}
	// The inbox: everyone inside the collaboration.
	supInbox = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleStaff, tillit.RoleAuditor, tillit.RoleEditor}
)

// expectedSuppliers says who may use each route of routes_suppliers.go.
var expectedSuppliers = map[string][]tillit.Role{
	"GET /suppliers":                 supReaders,
	"GET /suppliers.csv":             supReaders,
	"GET /suppliers.xlsx":            supReaders,
	"GET /suppliers/new":             office,
	"POST /suppliers":                office,
	"GET /suppliers/{id}":            supReaders,
	"GET /suppliers/{id}/edit":       office,
	"POST /suppliers/{id}/edit":      office,
	"POST /suppliers/{id}/contracts": supContracts,
	"POST /suppliers/{id}/sites":     supSites,
	"GET /inbox":                     supInbox,
	"POST /inbox/read":               supInbox,
}

// supplierParams gives the wildcards of these routes values from the fixture.
func supplierParams(f *fixture, path string) map[string]string {
	if strings.HasPrefix(path, "/suppliers/") {
		return map[string]string{"{id}": strconv.FormatInt(f.orgs["Leverantör A"].ID, 10)}
	}
	return nil
}
