package server

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
)

// Who reaches the incidents and consultations. The office and the
// regions' coordinators and staff read, register and assess incidents;
// opening follow-ups from one passes the route check for the office and
// coordinators (the handler then asks per category). The office manages
// consultations; the regions read them.
var (
	incidentUsers     = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleStaff}
	incidentFollowUps = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator}
)

var expectedIncidents = map[string][]tillit.Role{
	"GET /incidents":                     incidentUsers,
	"GET /incidents/new":                 incidentUsers,
	"POST /incidents":                    incidentUsers,
	"GET /incidents/{id}":                incidentUsers,
	"GET /incidents/{id}/edit":           incidentUsers,
	"POST /incidents/{id}/edit":          incidentUsers,
	"POST /incidents/{id}/assess":        incidentUsers,
	"POST /incidents/{id}/followups":     incidentFollowUps,
	"GET /incidents/{id}/exposure.xlsx":  incidentUsers,
	"GET /api/v1/incidents":              incidentUsers,
	"POST /api/v1/incidents":             incidentUsers,
	"GET /api/v1/incidents/{id}":         incidentUsers,
	"PUT /api/v1/incidents/{id}":         incidentUsers,
	"POST /api/v1/incidents/{id}/assess": incidentUsers,
	"GET /consultations":                 incidentUsers,
	"GET /consultations/new":             office,
	"POST /consultations":                office,
	"GET /consultations/{id}":            incidentUsers,
	"GET /consultations/{id}/edit":       office,
	"POST /consultations/{id}/edit":      office,
	"GET /consultations/{id}/document":   incidentUsers,
	"GET /api/v1/consultations":          incidentUsers,
	"POST /api/v1/consultations":         office,
	"GET /api/v1/consultations/{id}":     incidentUsers,
	"PUT /api/v1/consultations/{id}":     office,
}

// incidentParams points {id} at an incident or a consultation that exists.
func incidentParams(f *fixture, path string) map[string]string {
	ctx, sys := context.Background(), tillit.SystemActor("test")
	switch {
	case strings.Contains(path, "/incidents/{id}"):
		in := &tillit.Incident{SourceKind: tillit.SourceMedia, SourceName: "Dawn", ReportedOn: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
			Title: "Översvämningar", Severity: tillit.IncidentHigh, Countries: []tillit.IncidentCountry{{Country: "PK"}}}
		if err := f.db.CreateIncident(ctx, sys, in); err != nil {
			f.t.Fatal(err)
		}
		return map[string]string{"{id}": strconv.FormatInt(in.ID, 10)}
	case strings.Contains(path, "/consultations/{id}"):
		c := &tillit.Consultation{SenderKind: tillit.SenderMinistry, Sender: "Finansdepartementet", Subject: "Ny lag",
			ReceivedOn: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), DueOn: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), Status: tillit.ConsultationReceived}
		if err := f.db.CreateConsultation(ctx, sys, c); err != nil {
			f.t.Fatal(err)
		}
		return map[string]string{"{id}": strconv.FormatInt(c.ID, 10)}
	}
	return nil
}
