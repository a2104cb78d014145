package server

import (
	"strconv"
	"strings"

	"github.com/tillit-project/tillit"
)

// Who reaches the questionnaire routes: the office manages questionnaires
// and reviews answers; only suppliers reach the portal. The path values
// (questionnaireParams) name things of Leverantör A, whose user is the
// supplier.
var supplierOnly = []tillit.Role{tillit.RoleSupplier}

// answerReaders read the requests and answers: the office and the regions.
var answerReaders = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleStaff}

// expectedQuestionnaires says who may use each route of routes_questionnaires.go.
var expectedQuestionnaires = map[string][]tillit.Role{
	"GET /questionnaires":                                        office,
	"POST /questionnaires":                                       office,
	"GET /questionnaires/templates/{id}":                         office,
	"GET /questionnaires/templates/{id}/export":                  office,
	"POST /questionnaires/templates/{id}/publish":                office,
	"GET /questionnaires/templates/{id}/send":                    office,
	"POST /questionnaires/templates/{id}/send":                   office,
	"GET /questionnaires/requests":                               answerReaders,
	"GET /questionnaires/requests/{pid}":                         answerReaders,
	"POST /questionnaires/requests/{pid}/questions/{key}/review": office,
	"POST /questionnaires/requests/{pid}/return":                 office,
	"POST /questionnaires/requests/{pid}/verdict":                office,
	"POST /questionnaires/requests/{pid}/reuse":                  office,
	"GET /portal":                                                 supplierOnly,
	"GET /portal/requests/{pid}":                                  supplierOnly,
	"POST /portal/requests/{pid}":                                 supplierOnly,
	"GET /portal/requests/{pid}/files/{hash}":                     supplierOnly,
	"GET /portal/followups/{fid}":                                 supplierOnly,
	"POST /portal/followups/{fid}/deviations/{deviation}/actions": supplierOnly,
	"POST /portal/followups/{fid}/actions/{action}/progress":      supplierOnly,
	"POST /portal/followups/{fid}/files":                          supplierOnly,
	"GET /portal/followups/{fid}/files/{hash}":                    supplierOnly,
	"GET /portal/company":                                         supplierOnly,
	"POST /portal/company/contacts":                               supplierOnly,
	"POST /portal/company/sites":                                  supplierOnly,
	"GET /api/v1/questionnaires":                                  office,
	"POST /api/v1/questionnaires":                                 office,
	"GET /api/v1/questionnaires/{id}":                             office,
	"GET /api/v1/questionnaires/{id}/yaml":                        office,
	"POST /api/v1/campaigns":                                      office,
	"GET /api/v1/questionnaire-requests":                          answerReaders,
	"GET /api/v1/questionnaire-requests/{pid}":                    answerReaders,
}

// questionnaireParams gives the wildcards of these routes values.
func questionnaireParams(f *fixture, path string) map[string]string {
	if !strings.HasPrefix(path, "/questionnaires/") && !strings.HasPrefix(path, "/portal/") &&
		!strings.HasPrefix(path, "/api/v1/questionnaire") {
		return nil
	}
	q := f.questionnaires()
	return map[string]string{
		"{id}": strconv.FormatInt(q.tpl.ID, 10), "{pid}": q.reqA, "{key}": "policy-exists",
		"{fid}": q.fidA, "{deviation}": "1", "{action}": "1", "{hash}": strings.Repeat("0", 64),
	}
}
