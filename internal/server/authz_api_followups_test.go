package server

import (
	"strconv"
	"strings"

	"github.com/tillit-project/tillit"
)

// apiReaders are the roles whose scope reads follow-ups and suppliers (all
// of them for the office and the regions, their own for auditors and
// suppliers); editors read none.
var apiReaders = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleStaff, tillit.RoleAuditor, tillit.RoleSupplier}

// expectedAPIFollowUps says who may use each route of routes_api_followups.go.
// The requests carry the fixture's follow-up A and supplier A, which every
// reader may see, and an empty JSON object as the body, so a role that is
// let through gets 400 (or 200) rather than 403.
var expectedAPIFollowUps = map[string][]tillit.Role{
	"GET /api/v1/followups":      apiReaders,
	"POST /api/v1/followups":     {tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator},
	"GET /api/v1/followups/{id}": apiReaders,
	// Coordinators of the responsible region, the auditor assigned to
	// audit 1 and supplier A's staff each make some changes to follow-up
	// A; region staff make none.
	"POST /api/v1/followups/{id}/events": {tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleAuditor, tillit.RoleSupplier},
	"GET /api/v1/suppliers":              apiReaders,
	"POST /api/v1/suppliers":             office,
	"GET /api/v1/suppliers/{id}":         apiReaders,
	"PATCH /api/v1/suppliers/{id}":       office,
	"GET /api/v1/suppliers/{id}/sites":   apiReaders,
	"GET /api/v1/contracts":              apiReaders,
	"POST /api/v1/contracts":             {tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleStaff},
	"POST /api/v1/sites":                 {tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleSupplier},
}

// apiFollowUpParams gives the wildcards of these routes values from the fixture.
func apiFollowUpParams(f *fixture, path string) map[string]string {
	switch {
	case strings.HasPrefix(path, "/api/v1/followups/"):
		return map[string]string{"{id}": strconv.FormatInt(f.followUpA.ID, 10)}
	case strings.HasPrefix(path, "/api/v1/suppliers/"):
		return map[string]string{"{id}": strconv.FormatInt(f.orgs["Leverantör A"].ID, 10)}
	}
	return nil
}
