package server

import "github.com/tillit-project/tillit"

// questionnaireRoutes lists the routes of questionnaires and the supplier
// portal; see routeTable.
//
// The office's pages (templates, campaigns, review) admit the national
// office only. The portal admits suppliers only; its handlers read the
// request or follow-up named by its random public id within the reader's
// scope, so another company's is 404, and ask the policy again with the
// company it belongs to. Forms that carry files (answers with evidence,
// evidence for deviations, a YAML import) take the file store's body limit.
func (s *Server) questionnaireRoutes(route, json routeFunc) []Route {
	u, a := s.UI, s.API
	const (
		office   = tillit.ActManageQuestionnaires
		read     = tillit.ActViewQuestionnaireAnswers
		supplier = tillit.ActRespondAsSupplier
	)
	return []Route{
		route("GET", "/questionnaires", office, u.Templates()),
		s.uploadRoute(route("POST", "/questionnaires", office, u.ImportTemplate())),
		route("GET", "/questionnaires/templates/{id}", office, u.ShowTemplate()),
		route("GET", "/questionnaires/templates/{id}/export", office, u.ExportTemplate()),
		route("POST", "/questionnaires/templates/{id}/publish", office, u.PublishTemplate()),
		route("GET", "/questionnaires/templates/{id}/send", office, u.CampaignForm()),
		route("POST", "/questionnaires/templates/{id}/send", office, u.SendCampaign()),
		route("GET", "/questionnaires/requests", read, u.Requests()),
		route("GET", "/questionnaires/requests/{pid}", read, u.ShowReview()),
		route("POST", "/questionnaires/requests/{pid}/questions/{key}/review", office, u.ReviewAnswer()),
		route("POST", "/questionnaires/requests/{pid}/return", office, u.ReturnRequest()),
		route("POST", "/questionnaires/requests/{pid}/verdict", office, u.DecideRequest()),
		route("POST", "/questionnaires/requests/{pid}/reuse", office, u.ReuseRequest()),

		route("GET", "/portal", supplier, u.Portal()),
		route("GET", "/portal/requests/{pid}", supplier, u.PortalRequest()),
		s.uploadRoute(route("POST", "/portal/requests/{pid}", supplier, u.SaveAnswers())),
		route("GET", "/portal/requests/{pid}/files/{hash}", supplier, u.PortalRequestFile()),
		route("GET", "/portal/followups/{fid}", supplier, u.PortalFollowUp()),
		route("POST", "/portal/followups/{fid}/deviations/{deviation}/actions", supplier, u.PortalSubmitAction()),
		route("POST", "/portal/followups/{fid}/actions/{action}/progress", supplier, u.PortalReportProgress()),
		s.uploadRoute(route("POST", "/portal/followups/{fid}/files", supplier, u.PortalUpload())),
		route("GET", "/portal/followups/{fid}/files/{hash}", supplier, u.PortalFollowUpFile()),
		route("GET", "/portal/company", supplier, u.PortalCompany()),
		route("POST", "/portal/company/contacts", supplier, u.PortalContacts()),
		route("POST", "/portal/company/sites", supplier, u.PortalAddSite()),

		json("GET", "/api/v1/questionnaires", office, a.Templates()),
		json("POST", "/api/v1/questionnaires", office, a.ImportTemplate()),
		json("GET", "/api/v1/questionnaires/{id}", office, a.Template()),
		json("GET", "/api/v1/questionnaires/{id}/yaml", office, a.ExportTemplate()),
		json("POST", "/api/v1/campaigns", office, a.CreateCampaign()),
		json("GET", "/api/v1/questionnaire-requests", read, a.Requests()),
		json("GET", "/api/v1/questionnaire-requests/{pid}", read, a.Request()),
	}
}
