package server

import (
	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/filestore"
)

// followUpRoutes lists the routes of this part of the product; see routeTable.
//
// The route's action lets in the roles that may ever use it; the handler
// then asks the policy again with the follow-up it has read (within the
// reader's scope: 404 outside it). Submitting corrective actions, progress
// and self-assessment answers, and uploading files, is open to the
// supplier as well as the office and the coordinators, and no single
// action admits all of them, so those routes name ActViewFollowUps (anyone
// who reads follow-ups) and leave the decision to the handler.
//
// Files are uploaded with one multipart form (POST …/attachments); every
// other form names attachments by id and stays an ordinary form. The upload
// route accepts bodies a little above the file store's limit, so the store
// (not the middleware) says how large a file may be.
func (s *Server) followUpRoutes(route routeFunc) []Route {
	u := s.UI
	const (
		view    = tillit.ActViewFollowUps
		open    = tillit.ActOpenFollowUp
		change  = tillit.ActChangeFollowUp
		audit   = tillit.ActEditAudit
		respond = tillit.ActViewFollowUps // supplier or office/coordinator: decided in the handler
	)
	return []Route{
		// Lists and downloads.
		route("GET", "/followups", view, u.FollowUps()),
		route("GET", "/followups.csv", view, u.ExportFollowUps("csv")),
		route("GET", "/followups.xlsx", view, u.ExportFollowUps("xlsx")),
		route("GET", "/followups/deviations", view, u.Deviations()),
		route("GET", "/followups/deviations.csv", view, u.ExportDeviations("csv")),
		route("GET", "/followups/deviations.xlsx", view, u.ExportDeviations("xlsx")),
		route("GET", "/followups/audits", view, u.Audits()),
		route("GET", "/followups/audits.csv", view, u.ExportAudits("csv")),
		route("GET", "/followups/audits.xlsx", view, u.ExportAudits("xlsx")),

		// Opening a follow-up, and its page.
		route("GET", "/followups/new", open, u.NewFollowUp()),
		route("POST", "/followups", open, u.OpenFollowUp()),
		route("GET", "/followups/{id}", view, u.ShowFollowUp()),

		// Every change, one route each.
		route("POST", "/followups/{id}/self-assessments", change, u.SendSelfAssessment()),
		route("POST", "/followups/{id}/self-assessments/{sa}/submit", respond, u.SubmitSelfAssessment()),
		route("POST", "/followups/{id}/self-assessments/{sa}/review", change, u.ReviewSelfAssessment()),
		route("POST", "/followups/{id}/audits", change, u.PlanAudit()),
		route("POST", "/followups/{id}/audits/{audit}/perform", audit, u.PerformAudit()),
		route("POST", "/followups/{id}/audits/{audit}/report", audit, u.AttachAuditReport()),
		route("POST", "/followups/{id}/audits/{audit}/cancel", change, u.CancelAudit()),
		route("POST", "/followups/{id}/audits/{audit}/deviations", audit, u.RecordDeviation()),
		route("POST", "/followups/{id}/deviations/{deviation}/actions", respond, u.SubmitAction()),
		route("POST", "/followups/{id}/deviations/{deviation}/close", change, u.CloseDeviation()),
		route("POST", "/followups/{id}/actions/{action}/approve", change, u.ApproveAction()),
		route("POST", "/followups/{id}/actions/{action}/return", change, u.ReturnAction()),
		route("POST", "/followups/{id}/actions/{action}/progress", respond, u.ReportProgress()),
		route("POST", "/followups/{id}/escalations", change, u.Escalate()),
		route("POST", "/followups/{id}/close", change, u.CloseFollowUp()),

		// Attachments.
		s.uploadRoute(route("POST", "/followups/{id}/attachments", respond, u.UploadAttachments())),
		route("GET", "/attachments/{id}", view, u.DownloadAttachment()),
	}
}

// uploadRoute raises the route's body limit to the file store's.
func (s *Server) uploadRoute(rt Route) Route {
	if s.Files != nil {
		limit := s.Files.MaxBytes
		if limit <= 0 {
			limit = filestore.DefaultMaxBytes
		}
		rt.MaxBody = limit + 1<<20
	}
	return rt
}
