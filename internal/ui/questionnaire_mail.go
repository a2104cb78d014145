package ui

import (
	"context"
	"fmt"
	"strings"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/mail"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// QuestionnaireMail writes the mail a request owes one of the supplier's
// users (see sqldb.QuestionnaireMailsDue), in the user's language. A user
// without a password yet gets a fresh invitation link in it, so a contact
// invited with the request can sign in to answer. The texts are literals
// in T calls, for the Swedish catalogue test.
func (u *UI) QuestionnaireMail(ctx context.Context, actor tillit.Actor, m sqldb.QuestionnaireMail, rcp sqldb.Recipient) (mail.Message, error) {
	usr := rcp.User
	lang := usr.Lang
	if !lang.Valid() {
		lang = tillit.Swedish
	}
	base := strings.TrimSuffix(u.PublicURL, "/")
	link := base + "/portal/requests/" + m.PublicID
	title := tillit.Text{SV: m.TitleSV, EN: m.TitleEN}.In(lang)
	due := formatDate(m.DueOn)
	var subject, intro string
	switch m.Kind {
	case sqldb.MailSent:
		subject = fmt.Sprintf(T(lang, "tillit: a self-assessment for %s to answer by %s"), m.Supplier, due)
		intro = fmt.Sprintf(T(lang, "the national office for sustainable public procurement in the regions asks %s to answer the self-assessment \"%s\" by %s. It is part of the regions' follow-up of the code of conduct for suppliers."), m.Supplier, title, due)
	case sqldb.MailBeforeDue:
		subject = fmt.Sprintf(T(lang, "tillit: reminder, the self-assessment is due on %s"), due)
		intro = fmt.Sprintf(T(lang, "this is a reminder that the self-assessment \"%s\" for %s is due on %s. Drafts you have saved are kept."), title, m.Supplier, due)
	case sqldb.MailAfterDue:
		subject = fmt.Sprintf(T(lang, "tillit: the self-assessment was due on %s"), due)
		intro = fmt.Sprintf(T(lang, "the self-assessment \"%s\" for %s was due on %s and has not been submitted. Submit it as soon as you can, or contact the national office if you need more time."), title, m.Supplier, due)
	case sqldb.MailReturned:
		subject = T(lang, "tillit: questions in the self-assessment need changes")
		intro = fmt.Sprintf(T(lang, "the national office has reviewed the self-assessment \"%s\" for %s and returned some questions with comments. Change those answers and submit again."), title, m.Supplier)
	default:
		return mail.Message{}, fmt.Errorf("ui.QuestionnaireMail: unknown kind %q", m.Kind)
	}
	return u.supplierMail(ctx, actor, rcp, lang, subject, intro, link, m.Supplier)
}

// supplierMail wraps what a mail to a supplier's user says (subject,
// intro, the link to answer at) in the greeting and how to sign in: a
// user without a password yet gets a fresh invitation link, so a contact
// invited with the request can sign in to answer.
func (u *UI) supplierMail(ctx context.Context, actor tillit.Actor, rcp sqldb.Recipient, lang tillit.Lang, subject, intro, link, supplier string) (mail.Message, error) {
	usr := rcp.User
	var signIn string
	if rcp.NeedsPassword {
		secret, err := u.DB.CreateOneTimeToken(ctx, actor, usr.ID, sqldb.PurposeInvite, inviteLinkValidity)
		if err != nil {
			return mail.Message{}, err
		}
		signIn = fmt.Sprintf(T(lang, "You have an account in tillit for this. Choose your password here (the link works once and for %d hours):\n\n%s\n\nAfterwards you sign in with your e-mail address %s."),
			int(inviteLinkValidity.Hours()), strings.TrimSuffix(u.PublicURL, "/")+"/welcome/"+secret, usr.Email)
	} else {
		signIn = fmt.Sprintf(T(lang, "Sign in with your e-mail address %s."), usr.Email)
	}
	return mail.Message{
		To:      usr.Email,
		Subject: subject,
		Text: fmt.Sprintf(T(lang, "Hello %s,\n\n%s\n\nAnswer here: %s\n\n%s\n\nYou get this e-mail because you are a contact person or user of %s in tillit.\n\n/ tillit"),
			usr.Name, intro, link, signIn, supplier),
	}, nil
}
