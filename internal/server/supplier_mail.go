package server

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/mail"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// supplierMail is a kind of mail owed to a supplier's users (questionnaire
// requests, inquiries): invitations, reminders and notices that a job
// sends as they fall due. Each mail is claimed in the database before it
// is sent, so it goes out once however many instances run; a failed send
// gives the claim back for the next run.
type supplierMail[M any] struct {
	name     string // in the log and the audit trail's actor
	due      func(ctx context.Context, limit int) ([]M, error)
	claim    func(ctx context.Context, m M) (bool, error)
	release  func(ctx context.Context, m M) error
	to       func(m M) (supplierID int64, invite bool) // invite: contacts without an account get one
	compose  func(ctx context.Context, actor tillit.Actor, m M, rcp sqldb.Recipient) (mail.Message, error)
	describe func(m M) string // names a mail in an error
}

const supplierMailBatch = 100

// send sends the mails owed now and returns how many went out. It keeps
// going past a failure and reports every one.
func (j supplierMail[M]) send(ctx context.Context, s *Server) (int, error) {
	actor := tillit.SystemActor(j.name + " mailer")
	due, err := j.due(ctx, supplierMailBatch)
	if err != nil {
		return 0, err
	}
	sent := 0
	var failed []error
	for _, m := range due {
		if err := ctx.Err(); err != nil {
			return sent, errors.Join(append(failed, err)...)
		}
		ok, err := j.claim(ctx, m)
		if err != nil {
			failed = append(failed, err)
			continue
		}
		if !ok {
			continue // another instance has it
		}
		n, err := j.sendOne(ctx, s, actor, m)
		sent += n
		if err != nil {
			failed = append(failed, fmt.Errorf("%s: %w", j.describe(m), err))
			if rerr := j.release(ctx, m); rerr != nil {
				failed = append(failed, rerr)
			}
		}
	}
	return sent, errors.Join(failed...)
}

func (j supplierMail[M]) sendOne(ctx context.Context, s *Server, actor tillit.Actor, m M) (int, error) {
	supplierID, invite := j.to(m)
	rcps, err := s.DB.SupplierRecipients(ctx, actor, supplierID, invite)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, rcp := range rcps {
		msg, err := j.compose(ctx, actor, m, rcp)
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

// run sends the mail every interval until ctx ends, logging what fails;
// cmd/tillit starts one per kind beside the HTTP server.
func (j supplierMail[M]) run(ctx context.Context, s *Server, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := j.send(ctx, s)
		if err != nil && ctx.Err() == nil {
			s.Logger.ErrorContext(ctx, j.name+" mail", "err", err, "sent", n)
		} else if n > 0 {
			s.Logger.InfoContext(ctx, j.name+" mail", "sent", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
