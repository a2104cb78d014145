package server

import (
	"context"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// inquiryRoutes lists the routes of inquiries (issue 9); see routeTable.
//
// The office and the regions' coordinators and staff, who register and
// judge incidents, write, send and close inquiries and read the answers.
// Suppliers answer in the portal: the handlers read the request named by
// its random public id within the reader's scope, so another company's is
// 404, and ask the policy again with the company it belongs to. The answer
// form carries files, so it takes the file store's body limit.
func (s *Server) inquiryRoutes(page, json routeFunc) []Route {
	u, a := s.UI, s.API
	const (
		view   = tillit.ActViewInquiries
		manage = tillit.ActManageInquiries
		answer = tillit.ActAnswerInquiry
	)
	return []Route{
		page("GET", "/inquiries", view, u.Inquiries()),
		page("GET", "/inquiries/new", manage, u.NewInquiry()),
		page("POST", "/inquiries", manage, u.CreateInquiry()),
		page("GET", "/inquiries/{id}", view, u.ShowInquiry()),
		page("GET", "/inquiries/{id}/edit", manage, u.EditInquiry()),
		page("POST", "/inquiries/{id}/edit", manage, u.UpdateInquiry()),
		page("POST", "/inquiries/{id}/send", manage, u.SendInquiry()),
		page("POST", "/inquiries/{id}/close", manage, u.CloseInquiry()),
		page("GET", "/inquiries/{id}/answers.xlsx", view, u.ExportInquiry()),
		page("GET", "/inquiries/{id}/files/{file}", view, u.InquiryFile()),

		page("GET", "/portal/inquiries/{pid}", answer, u.PortalInquiry()),
		s.uploadRoute(page("POST", "/portal/inquiries/{pid}", answer, u.AnswerPortalInquiry())),
		page("GET", "/portal/inquiries/{pid}/files/{file}", answer, u.PortalInquiryFile()),

		json("GET", "/api/v1/inquiries", view, a.Inquiries()),
		json("GET", "/api/v1/inquiries/{id}", view, a.Inquiry()),
	}
}

// Inquiry mail: when a request is sent the supplier's users are told
// (contacts without an account are invited, with a link to choose a
// password), and a week before the due date and after it, while it is
// unanswered and the inquiry open, they are reminded. Each mail is claimed
// in the database before it is sent, so it goes out once however many
// instances run; a failed send gives the claim back for the next run.

func (s *Server) inquiryMail() supplierMail[sqldb.InquiryMail] {
	return supplierMail[sqldb.InquiryMail]{
		name: "inquiry", due: s.DB.InquiryMailsDue, claim: s.DB.ClaimInquiryMail, release: s.DB.ReleaseInquiryMail,
		to:      func(m sqldb.InquiryMail) (int64, bool) { return m.SupplierID, m.Kind == sqldb.MailSent },
		compose: s.UI.InquiryMail,
		describe: func(m sqldb.InquiryMail) string {
			return fmt.Sprintf("inquiry request %d, %s", m.RequestID, m.Kind)
		},
	}
}

// SendInquiryMails sends the inquiry mails owed now and returns how many
// went out.
func (s *Server) SendInquiryMails(ctx context.Context) (int, error) {
	return s.inquiryMail().send(ctx, s)
}

// RunInquiryMailer sends inquiry mail every interval until ctx ends.
func (s *Server) RunInquiryMailer(ctx context.Context, every time.Duration) {
	s.inquiryMail().run(ctx, s, every)
}
