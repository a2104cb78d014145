package server

import (
	"context"
	"errors"
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

const inquiryMailBatch = 100

// SendInquiryMails sends the inquiry mails owed now and returns how many
// went out. It keeps going past a failure and reports every one.
func (s *Server) SendInquiryMails(ctx context.Context) (int, error) {
	actor := tillit.SystemActor("inquiry mailer")
	due, err := s.DB.InquiryMailsDue(ctx, inquiryMailBatch)
	if err != nil {
		return 0, err
	}
	sent := 0
	var failed []error
	for _, m := range due {
		if err := ctx.Err(); err != nil {
			return sent, errors.Join(append(failed, err)...)
		}
		ok, err := s.DB.ClaimInquiryMail(ctx, m)
		if err != nil {
			failed = append(failed, err)
			continue
		}
		if !ok {
			continue // another instance has it
		}
		n, err := s.sendInquiryMail(ctx, actor, m)
		sent += n
		if err != nil {
			failed = append(failed, fmt.Errorf("inquiry request %d, %s: %w", m.RequestID, m.Kind, err))
			if rerr := s.DB.ReleaseInquiryMail(ctx, m); rerr != nil {
				failed = append(failed, rerr)
			}
		}
	}
	return sent, errors.Join(failed...)
}

func (s *Server) sendInquiryMail(ctx context.Context, actor tillit.Actor, m sqldb.InquiryMail) (int, error) {
	rcps, err := s.DB.SupplierRecipients(ctx, actor, m.SupplierID, m.Kind == sqldb.MailSent)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, rcp := range rcps {
		msg, err := s.UI.InquiryMail(ctx, actor, m, rcp)
		if err != nil {
			return sent, err
		}
		if err := s.Mail.Send(ctx, msg); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// RunInquiryMailer sends inquiry mail every interval until ctx ends,
// logging what fails; cmd/tillit starts it beside the HTTP server.
func (s *Server) RunInquiryMailer(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := s.SendInquiryMails(ctx)
		if err != nil && ctx.Err() == nil {
			s.Logger.ErrorContext(ctx, "inquiry mail", "err", err, "sent", n)
		} else if n > 0 {
			s.Logger.InfoContext(ctx, "inquiry mail", "sent", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
