package server

import (
	"context"
	"strconv"
	"strings"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// Who reaches the follow-up routes, with the path values of
// followUpParams (follow-up A: its audit 1 is assigned to the auditor, it
// belongs to Leverantör A, whose user is the supplier, and its category is
// Region Norrbotten's, whose coordinator is the coordinator).
var (
	// Everyone who reads follow-ups: all but the web editor.
	fuReaders = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleStaff, tillit.RoleAuditor, tillit.RoleSupplier}
	// The office and the coordinators of the responsible regions.
	fuChangers = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator}
	// Audits and their deviations: also the auditor assigned.
	fuAuditors = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleAuditor}
	// The supplier's answers: also the supplier's own staff.
	fuResponders = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleSupplier}
	// Files: anyone who may change something in the follow-up.
	fuUploaders = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleAuditor, tillit.RoleSupplier}
)

// expectedFollowUps says who may use each route of routes_followups.go.
var expectedFollowUps = map[string][]tillit.Role{
	"GET /followups":                                      fuReaders,
	"GET /followups.csv":                                  fuReaders,
	"GET /followups.xlsx":                                 fuReaders,
	"GET /followups/deviations":                           fuReaders,
	"GET /followups/deviations.csv":                       fuReaders,
	"GET /followups/deviations.xlsx":                      fuReaders,
	"GET /followups/audits":                               fuReaders,
	"GET /followups/audits.csv":                           fuReaders,
	"GET /followups/audits.xlsx":                          fuReaders,
	"GET /followups/new":                                  fuChangers,
	"POST /followups":                                     fuChangers,
	"GET /followups/{id}":                                 fuReaders,
	"POST /followups/{id}/self-assessments":               fuChangers,
	"POST /followups/{id}/self-assessments/{sa}/submit":   fuResponders,
	"POST /followups/{id}/self-assessments/{sa}/review":   fuChangers,
	"POST /followups/{id}/audits":                         fuChangers,
	"POST /followups/{id}/audits/{audit}/perform":         fuAuditors,
	"POST /followups/{id}/audits/{audit}/report":          fuAuditors,
	"POST /followups/{id}/audits/{audit}/cancel":          fuChangers,
	"POST /followups/{id}/audits/{audit}/deviations":      fuAuditors,
	"POST /followups/{id}/deviations/{deviation}/actions": fuResponders,
	"POST /followups/{id}/deviations/{deviation}/close":   fuChangers,
	"POST /followups/{id}/actions/{action}/approve":       fuChangers,
	"POST /followups/{id}/actions/{action}/return":        fuChangers,
	"POST /followups/{id}/actions/{action}/progress":      fuResponders,
	"POST /followups/{id}/escalations":                    fuChangers,
	"POST /followups/{id}/close":                          fuChangers,
	"POST /followups/{id}/attachments":                    fuUploaders,
	"GET /attachments/{id}":                               fuReaders,
}

// followUpParams gives the wildcards of these routes values from the fixture.
func followUpParams(f *fixture, path string) map[string]string {
	switch {
	case strings.HasPrefix(path, "/followups/"):
		return map[string]string{
			"{id}": strconv.FormatInt(f.followUpA.ID, 10),
			"{sa}": "1", "{audit}": "1", "{deviation}": "1", "{action}": "1",
		}
	case strings.HasPrefix(path, "/attachments/"):
		return map[string]string{"{id}": strconv.FormatInt(fixtureAttachment(f), 10)}
	}
	return nil
}

// fixtureAttachment returns an attachment of follow-up A, storing one the
// first time it is asked for.
func fixtureAttachment(f *fixture) int64 {
	ctx := context.Background()
	list, err := f.db.FindAttachments(ctx, tillit.Scope{All: true}, f.followUpA.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	if len(list) > 0 {
		return list[0].ID
	}
	file, err := f.files.Put(ctx, "rapport.txt", strings.NewReader("Revisionsrapport för Leverantör A\n"))
	if err != nil {
		f.t.Fatal(err)
	}
	a := &sqldb.Attachment{Hash: file.Hash, FollowUpID: f.followUpA.ID, Name: file.Name, Size: file.Size, ContentType: file.ContentType}
	if err := f.db.CreateAttachment(ctx, tillit.SystemActor("test"), a); err != nil {
		f.t.Fatal(err)
	}
	return a.ID
}
