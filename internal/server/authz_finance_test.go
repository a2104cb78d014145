package server

import (
	"strings"

	"github.com/tillit-project/tillit"
)

// Who reaches the finance routes: the office and the regions read, only
// the office enters. {year} is a year the fixture has no finances for, so
// readers get 404, which is not a refusal.
var finReaders = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleStaff}

// expectedFinance says who may use each route of routes_finance.go.
var expectedFinance = map[string][]tillit.Role{
	"GET /finances":                           finReaders,
	"GET /finances/{year}":                    finReaders,
	"GET /finances/{year}/edit":               office,
	"POST /finances/{year}/edit":              office,
	"GET /finances/{year}/contributions.csv":  finReaders,
	"GET /finances/{year}/contributions.xlsx": finReaders,
	"GET /api/v1/finances/{year}":             finReaders,
}

// financeParams gives the wildcards of these routes values.
func financeParams(f *fixture, path string) map[string]string {
	if strings.Contains(path, "/finances/") {
		return map[string]string{"{year}": "2022"}
	}
	return nil
}
