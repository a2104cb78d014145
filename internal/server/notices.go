package server

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/mail"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/ui"
)

// Notices by e-mail. The store leaves a notice in the inbox of every
// coordinator concerned when a follow-up changes in a way the regions are
// told about (sqldb notify); a worker mails them. Notices are leased, so
// that two instances (or two runs) never send the same one, and marked
// mailed only once the mail is handed over: a failed send leaves the lease
// to run out, and a later run tries again (at most a few times, see
// sqldb.LeaseNoticeMails).

const (
	noticeBatch = 50
	noticeLease = 5 * time.Minute
)

// SendNotices mails the notices not yet mailed and returns how many it
// sent. It keeps going past a failed send and reports every failure in
// the error.
func (s *Server) SendNotices(ctx context.Context) (int, error) {
	sent := 0
	var failed []error
	for {
		batch, err := s.DB.LeaseNoticeMails(ctx, noticeBatch, noticeLease)
		if err != nil {
			return sent, errors.Join(append(failed, err)...)
		}
		for _, n := range batch {
			if err := ctx.Err(); err != nil {
				return sent, errors.Join(append(failed, err)...)
			}
			if err := s.Mail.Send(ctx, s.noticeMail(n)); err != nil {
				failed = append(failed, fmt.Errorf("notice %d to user %d: %w", n.ID, n.UserID, err))
				continue
			}
			// Sent: if recording that fails, the lease runs out and the
			// notice goes out once more, which beats never.
			if err := s.DB.MarkNoticeMailed(ctx, n.ID); err != nil {
				failed = append(failed, err)
				continue
			}
			sent++
		}
		// Failed notices stay leased, so a full batch means there may be
		// more to lease, and a short one that this run is done.
		if len(batch) < noticeBatch {
			return sent, errors.Join(failed...)
		}
	}
}

// noticeMail writes a notice as a mail in the recipient's language. The
// texts are literals in ui.T calls so that the Swedish catalogue test
// sees them (it cannot read constants).
func (s *Server) noticeMail(n sqldb.NoticeMail) mail.Message {
	lang := n.Lang
	if !lang.Valid() {
		lang = tillit.Swedish
	}
	what := ui.NoticeText(lang, n.EventType)
	base := strings.TrimSuffix(s.PublicURL, "/")
	link := base + "/followups/" + strconv.FormatInt(n.FollowUpID, 10)
	return mail.Message{
		To:      n.Email,
		Subject: fmt.Sprintf(ui.T(lang, "tillit: %s – %s"), n.Supplier, what),
		Text: fmt.Sprintf(ui.T(lang, "Hello %s,\n\nthere is news about a follow-up in tillit.\n\nSupplier: %s\nWhat happened: %s\nFollow-up: %s\n\nYour inbox lists every notice: %s\n\nYou get this e-mail because you coordinate a region that is responsible for the follow-up or holds a contract with the supplier.\n\n/ tillit"),
			n.Name, n.Supplier, what, link, base+"/inbox"),
	}
}

// RunNoticeMailer sends notices every interval until ctx ends, logging
// what fails; cmd/tillit starts it beside the HTTP server.
func (s *Server) RunNoticeMailer(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := s.SendNotices(ctx)
		if err != nil && ctx.Err() == nil {
			s.Logger.ErrorContext(ctx, "notice mail", "err", err, "sent", n)
		} else if n > 0 {
			s.Logger.InfoContext(ctx, "notice mail", "sent", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
