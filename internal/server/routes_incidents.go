package server

import "github.com/tillit-project/tillit"

// incidentRoutes lists the routes of the incidents and consultations
// (issue 9); see routeTable.
//
// Incidents: the office and the regions' coordinators and staff read,
// register, edit and assess them (an alert reaches a region as often as
// the office). Opening follow-ups from one is ActOpenFollowUp, asked again
// per category with its responsible regions in the handler.
//
// Consultations: the office records and answers them; the regions read.
// The form uploads the answer document, so it takes the file store's body
// limit.
func (s *Server) incidentRoutes(page, json routeFunc) []Route {
	u, a := s.UI, s.API
	const (
		view       = tillit.ActViewIncidents
		manage     = tillit.ActManageIncidents
		open       = tillit.ActOpenFollowUp
		viewCons   = tillit.ActViewConsultations
		manageCons = tillit.ActManageConsultations
	)
	return []Route{
		page("GET", "/incidents", view, u.Incidents()),
		page("GET", "/incidents/new", manage, u.NewIncident()),
		page("POST", "/incidents", manage, u.CreateIncident()),
		page("GET", "/incidents/{id}", view, u.ShowIncident()),
		page("GET", "/incidents/{id}/edit", manage, u.EditIncident()),
		page("POST", "/incidents/{id}/edit", manage, u.UpdateIncident()),
		page("POST", "/incidents/{id}/assess", manage, u.AssessIncident()),
		page("POST", "/incidents/{id}/followups", open, u.OpenIncidentFollowUps()),
		page("GET", "/incidents/{id}/exposure.xlsx", view, u.ExportIncidentExposure()),
		json("GET", "/api/v1/incidents", view, a.Incidents()),
		json("POST", "/api/v1/incidents", manage, a.CreateIncident()),
		json("GET", "/api/v1/incidents/{id}", view, a.Incident()),
		json("PUT", "/api/v1/incidents/{id}", manage, a.UpdateIncident()),
		json("POST", "/api/v1/incidents/{id}/assess", manage, a.AssessIncident()),

		page("GET", "/consultations", viewCons, u.Consultations()),
		page("GET", "/consultations/new", manageCons, u.NewConsultation()),
		s.uploadRoute(page("POST", "/consultations", manageCons, u.CreateConsultation())),
		page("GET", "/consultations/{id}", viewCons, u.ShowConsultation()),
		page("GET", "/consultations/{id}/edit", manageCons, u.EditConsultation()),
		s.uploadRoute(page("POST", "/consultations/{id}/edit", manageCons, u.UpdateConsultation())),
		page("GET", "/consultations/{id}/document", viewCons, u.ConsultationDocument()),
		json("GET", "/api/v1/consultations", viewCons, a.Consultations()),
		json("POST", "/api/v1/consultations", manageCons, a.CreateConsultation()),
		json("GET", "/api/v1/consultations/{id}", viewCons, a.Consultation()),
		json("PUT", "/api/v1/consultations/{id}", manageCons, a.UpdateConsultation()),
	}
}
