package ui

import (
	"context"
	"fmt"
	"strings"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/mail"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// InquiryMail writes the mail a request owes one of the supplier's users
// (see sqldb.InquiryMailsDue), in the user's language, as QuestionnaireMail
// does for self-assessments: a user without a password yet gets a fresh
// invitation link, so a contact invited with the inquiry can sign in to
// answer it.
func (u *UI) InquiryMail(ctx context.Context, actor tillit.Actor, m sqldb.InquiryMail, rcp sqldb.Recipient) (mail.Message, error) {
	usr := rcp.User
	lang := usr.Lang
	if !lang.Valid() {
		lang = tillit.Swedish
	}
	base := strings.TrimSuffix(u.PublicURL, "/")
	link := base + "/portal/inquiries/" + m.PublicID
	due := formatDate(m.DueOn)
	var subject, intro string
	switch m.Kind {
	case sqldb.MailSent:
		subject = fmt.Sprintf(T(lang, "tillit: questions for %s to answer by %s"), m.Supplier, due)
		intro = fmt.Sprintf(T(lang, "the regions' national office for sustainable public procurement asks %s a few questions: \"%s\". Please answer them by %s."), m.Supplier, m.Title, due)
	case sqldb.MailBeforeDue:
		subject = fmt.Sprintf(T(lang, "tillit: reminder, the questions are due on %s"), due)
		intro = fmt.Sprintf(T(lang, "this is a reminder that the questions \"%s\" to %s are due on %s. Drafts you have saved are kept."), m.Title, m.Supplier, due)
	case sqldb.MailAfterDue:
		subject = fmt.Sprintf(T(lang, "tillit: the questions were due on %s"), due)
		intro = fmt.Sprintf(T(lang, "the questions \"%s\" to %s were due on %s and have not been answered. Answer them as soon as you can, or contact the national office if you need more time."), m.Title, m.Supplier, due)
	default:
		return mail.Message{}, fmt.Errorf("ui.InquiryMail: unknown kind %q", m.Kind)
	}
	return u.supplierMail(ctx, actor, rcp, lang, subject, intro, link, m.Supplier)
}
