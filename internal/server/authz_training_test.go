package server

import (
	"strings"

	"github.com/tillit-project/tillit"
)

// Who reaches the training routes: the office and the regions read, only
// the office records. {id} is a training the fixture does not have, so
// those let through get 404, which is not a refusal.
var trainingReaders = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleStaff}

// expectedTraining says who may use each route of routes_training.go.
var expectedTraining = map[string][]tillit.Role{
	"GET /training":                trainingReaders,
	"GET /training/export.csv":     trainingReaders,
	"GET /training/export.xlsx":    trainingReaders,
	"GET /training/new":            office,
	"POST /training":               office,
	"GET /training/{id}":           trainingReaders,
	"GET /training/{id}/edit":      office,
	"POST /training/{id}/edit":     office,
	"GET /training/{id}/delete":    office,
	"POST /training/{id}/delete":   office,
	"GET /api/v1/training":         trainingReaders,
	"POST /api/v1/training":        office,
	"GET /api/v1/training/{id}":    trainingReaders,
	"PUT /api/v1/training/{id}":    office,
	"DELETE /api/v1/training/{id}": office,
}

// trainingParams gives the wildcards of these routes values.
func trainingParams(f *fixture, path string) map[string]string {
	if strings.Contains(path, "/training/") {
		return map[string]string{"{id}": "987654"}
	}
	return nil
}
