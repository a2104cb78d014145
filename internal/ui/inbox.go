package ui

import (
	"net/http"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/web"
)

// The inbox: the notices the store leaves for the coordinators of the
// regions concerned when a follow-up is opened, finds deviations, is
// escalated or is closed. The same notices go out by e-mail (see
// server.SendNotices), in the same words.

// inboxSize is how many of the newest notices the inbox shows.
const inboxSize = 100

// NoticeText says in one sentence what happened, in lang.
func NoticeText(lang tillit.Lang, t tillit.EventType) string {
	switch t {
	case tillit.EventFollowUpOpened:
		return T(lang, "A follow-up was opened")
	case tillit.EventDeviationRecorded:
		return T(lang, "An audit found deviations")
	case tillit.EventEscalationReminder:
		return T(lang, "Escalated: reminder")
	case tillit.EventEscalationWarning:
		return T(lang, "Escalated: warning")
	case tillit.EventEscalationSanction:
		return T(lang, "Escalated: sanction recommended")
	case tillit.EventFollowUpClosed:
		return T(lang, "The follow-up was closed")
	}
	return T(lang, "The follow-up was changed")
}

type inboxRow struct {
	At         time.Time
	Supplier   string
	Text       string
	FollowUpID int64
	Unread     bool
}

type inboxPage struct {
	Page
	Rows   []inboxRow
	Unread int
	More   bool // there are older notices than those shown
}

// Inbox serves GET /inbox.
func (u *UI) Inbox() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		ns, err := u.DB.FindNotifications(ctx, actor.UserID, inboxSize+1)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := inboxPage{Page: u.page(r, "Inbox")}
		if len(ns) > inboxSize {
			ns, p.More = ns[:inboxSize], true
		}
		if p.Unread, err = u.DB.UnreadNotifications(ctx, actor.UserID); err != nil {
			u.Error(w, r, err)
			return
		}
		for _, n := range ns {
			p.Rows = append(p.Rows, inboxRow{At: n.CreatedAt, Supplier: n.Supplier, Text: NoticeText(p.Lang, n.EventType),
				FollowUpID: n.FollowUpID, Unread: n.ReadAt.IsZero()})
		}
		u.render(w, r, http.StatusOK, "inbox", p)
	})
}

// MarkInboxRead serves POST /inbox/read: every notice is marked read.
func (u *UI) MarkInboxRead() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if err := u.DB.MarkNotificationsRead(ctx, web.Actor(ctx).UserID); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/inbox", "Every notice is marked as read.")
	})
}
