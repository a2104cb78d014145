package server

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// Questionnaire mail: when a request is sent the supplier's users are told
// (contacts without an account are invited, with a link to choose a
// password), a week before the due date and the day after it they are
// reminded, and when questions are returned they are told. Each mail is
// claimed in the database before it is sent, so it goes out once however
// many instances run; a failed send gives the claim back for the next run.

const questionnaireMailBatch = 100

// SendQuestionnaireMails sends the mails owed now and returns how many
// went out. It keeps going past a failure and reports every one.
func (s *Server) SendQuestionnaireMails(ctx context.Context) (int, error) {
	actor := tillit.SystemActor("questionnaire mailer")
	due, err := s.DB.QuestionnaireMailsDue(ctx, questionnaireMailBatch)
	if err != nil {
		return 0, err
	}
	sent := 0
	var failed []error
	for _, m := range due {
		if err := ctx.Err(); err != nil {
			return sent, errors.Join(append(failed, err)...)
		}
		ok, err := s.DB.ClaimQuestionnaireMail(ctx, m)
		if err != nil {
			failed = append(failed, err)
			continue
		}
		if !ok {
			continue // another instance has it
		}
		n, err := s.sendQuestionnaireMail(ctx, actor, m)
		sent += n
		if err != nil {
			failed = append(failed, fmt.Errorf("request %d, %s: %w", m.RequestID, m.Kind, err))
			if rerr := s.DB.ReleaseQuestionnaireMail(ctx, m); rerr != nil {
				failed = append(failed, rerr)
			}
		}
	}
	return sent, errors.Join(failed...)
}

func (s *Server) sendQuestionnaireMail(ctx context.Context, actor tillit.Actor, m sqldb.QuestionnaireMail) (int, error) {
	rcps, err := s.DB.SupplierRecipients(ctx, actor, m.SupplierID, m.Kind == sqldb.MailSent)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, rcp := range rcps {
		msg, err := s.UI.QuestionnaireMail(ctx, actor, m, rcp)
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

// RunQuestionnaireMailer sends questionnaire mail every interval until ctx
// ends, logging what fails; cmd/tillit starts it beside the HTTP server.
func (s *Server) RunQuestionnaireMailer(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := s.SendQuestionnaireMails(ctx)
		if err != nil && ctx.Err() == nil {
			s.Logger.ErrorContext(ctx, "questionnaire mail", "err", err, "sent", n)
		} else if n > 0 {
			s.Logger.InfoContext(ctx, "questionnaire mail", "sent", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
