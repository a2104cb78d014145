package server

import (
	"strings"

	"github.com/tillit-project/tillit"
)

// Who reaches the annual report's routes: the office and the regions
// read; only the office writes the category texts.
var expectedReport = map[string][]tillit.Role{
	"GET /reports":                           finReaders,
	"GET /reports/annual/{year}":             finReaders,
	"GET /reports/annual/{year}/report.pdf":  finReaders,
	"GET /reports/annual/{year}/report.xlsx": finReaders,
	"GET /reports/annual/{year}/texts":       office,
	"POST /reports/annual/{year}/texts":      office,
	"GET /api/v1/reports/annual/{year}":      finReaders,
}

// reportParams gives the wildcards of these routes values.
func reportParams(f *fixture, path string) map[string]string {
	if strings.Contains(path, "/reports/annual/") {
		return map[string]string{"{year}": "2022"}
	}
	return nil
}
