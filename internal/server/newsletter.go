package server

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"time"

	"github.com/tillit-project/tillit/internal/sqldb"
)

// The newsletter's mail worker. Sending an issue queues one delivery per
// confirmed subscriber (sqldb.QueueNewsletterIssue); this worker leases
// deliveries, as the notice mailer leases notices, so that two instances
// never send one twice, and sends them at a limited rate so that the
// regions' mail servers do not take a burst for spam. Each delivery is
// marked sent, bounced (the server refused the address: a 5xx reply) or,
// after repeated temporary failures, failed.

const (
	newsletterBatch = 20
	newsletterLease = 10 * time.Minute
)

// SendNewsletters sends queued newsletter mail, at most perMinute a
// minute, until the queue is empty or ctx ends, and returns how many it
// sent. Failures are recorded per delivery and reported in the error.
func (s *Server) SendNewsletters(ctx context.Context, perMinute int) (int, error) {
	if perMinute <= 0 {
		perMinute = 60
	}
	gap := time.Minute / time.Duration(perMinute)
	sent := 0
	var failed []error
	issues := map[int64]*sqldb.IssueRow{}
	var last time.Time
	for {
		batch, err := s.DB.LeaseDeliveries(ctx, newsletterBatch, newsletterLease)
		if err != nil {
			return sent, errors.Join(append(failed, err)...)
		}
		for _, d := range batch {
			if wait := time.Until(last.Add(gap)); wait > 0 {
				t := time.NewTimer(wait)
				select {
				case <-ctx.Done():
					t.Stop()
					return sent, errors.Join(append(failed, ctx.Err())...)
				case <-t.C:
				}
			}
			last = time.Now()
			issue, ok := issues[d.IssueID]
			if !ok {
				if issue, err = s.DB.FindNewsletterIssue(ctx, d.IssueID); err != nil {
					return sent, errors.Join(append(failed, err)...)
				}
				issues[d.IssueID] = issue
			}
			m, err := s.UI.NewsletterMail(ctx, d, issue)
			if err != nil {
				return sent, errors.Join(append(failed, err)...)
			}
			if err := s.Mail.Send(ctx, m); err != nil {
				failed = append(failed, fmt.Errorf("newsletter delivery %d: %w", d.ID, err))
				if merr := s.DB.MarkDeliveryFailed(ctx, d.ID, err.Error(), permanentFailure(err)); merr != nil {
					failed = append(failed, merr)
				}
				continue
			}
			if err := s.DB.MarkDelivered(ctx, d.ID); err != nil {
				failed = append(failed, err)
				continue
			}
			sent++
		}
		if len(batch) < newsletterBatch {
			return sent, errors.Join(failed...)
		}
	}
}

// permanentFailure reports whether the SMTP server refused the message for
// good (a 5xx reply), which is a bounce; anything else may pass on retry.
func permanentFailure(err error) bool {
	var tp *textproto.Error
	return errors.As(err, &tp) && tp.Code >= 500 && tp.Code < 600
}

// RunNewsletterMailer sends queued newsletters every interval and prunes
// unconfirmed addresses, until ctx ends; cmd/tillit starts it beside the
// HTTP server.
func (s *Server) RunNewsletterMailer(ctx context.Context, every time.Duration, perMinute int) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := s.SendNewsletters(ctx, perMinute)
		if err != nil && ctx.Err() == nil {
			s.Logger.ErrorContext(ctx, "newsletter mail", "err", err, "sent", n)
		} else if n > 0 {
			s.Logger.InfoContext(ctx, "newsletter mail", "sent", n)
		}
		if pruned, err := s.DB.PruneSubscribers(ctx); err != nil && ctx.Err() == nil {
			s.Logger.ErrorContext(ctx, "newsletter prune", "err", err)
		} else if pruned > 0 {
			s.Logger.InfoContext(ctx, "newsletter prune", "unconfirmed_deleted", pruned)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
