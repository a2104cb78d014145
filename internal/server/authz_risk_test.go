package server

import (
	"context"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/tillit-project/tillit"
)

// Who reaches the risk analyses: the office and the regions read; the
// office and coordinators pass the route check to write (the handler then
// asks with the category's responsible regions: the fixture's coordinator
// is in Norrbotten, responsible for the fixture's category).
var (
	riskReaders = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleStaff}
	riskWriters = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator}
)

var expectedRisk = map[string][]tillit.Role{
	"GET /risk-analyses":               riskReaders,
	"GET /risk-analyses/new":           riskWriters,
	"POST /risk-analyses/new":          riskWriters,
	"GET /risk-analyses/compare":       riskReaders,
	"GET /risk-analyses/{id}":          riskReaders,
	"GET /risk-analyses/{id}/edit":     riskWriters,
	"POST /risk-analyses/{id}/edit":    riskWriters,
	"POST /risk-analyses/{id}/approve": riskWriters,
	"POST /risk-analyses/{id}/delete":  riskWriters,
	"GET /api/v1/risk-analyses":        riskReaders,
	"GET /api/v1/risk-analyses/{id}":   riskReaders,
}

var riskSerial atomic.Int64

// riskParams gives each request its own fresh draft, so an approval or a
// deletion by one role does not change what the next role finds.
func riskParams(f *fixture, path string) map[string]string {
	if !strings.Contains(path, "/risk-analyses/{id}") {
		return nil
	}
	a := tillit.NewRiskAnalysis(f.category.ID, 2026, "Behörighetsprov "+strconv.FormatInt(riskSerial.Add(1), 10), "")
	c := a.Cell(tillit.StageRawMaterial, tillit.AreaLabourRights)
	c.Likelihood, c.Severity = 3, 3
	if err := f.db.CreateRiskAnalysis(context.Background(), tillit.SystemActor("test"), a); err != nil {
		f.t.Fatal(err)
	}
	return map[string]string{"{id}": strconv.FormatInt(a.ID, 10)}
}
