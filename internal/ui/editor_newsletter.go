package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The editor's newsletter: issues composed from published news, sent in
// the background (see server/newsletter.go), with what happened to each
// delivery; and the subscriber register, where the editor answers a
// request to see or delete an address that came by mail or phone.

// EditorNewsletter serves GET /editor/newsletter.
func (u *UI) EditorNewsletter() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		issues, err := u.DB.FindNewsletterIssues(ctx)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		pending, confirmed, err := u.DB.SubscriberCounts(ctx)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := editorListPage{Page: u.page(r, "Newsletter"), NewHref: "/editor/newsletter/new"}
		lang := p.Lang
		p.Heading, p.NewLabel, p.Empty = p.Title, T(lang, "Compose a newsletter"), T(lang, "No newsletters yet.")
		p.Intro = strings.NewReplacer("{confirmed}", strconv.Itoa(confirmed), "{pending}", strconv.Itoa(pending)).
			Replace(T(lang, "{confirmed} confirmed subscribers; {pending} addresses wait for their owner to confirm and get nothing until then."))
		p.Headers = []string{T(lang, "Subject"), T(lang, "Created"), T(lang, "Sent"), T(lang, "Waiting"), T(lang, "Bounced or failed")}
		for _, is := range issues {
			p.Rows = append(p.Rows, []editorCell{{Text: is.Subject.SV, Href: "/editor/newsletter/" + strconv.FormatInt(is.ID, 10)},
				{Text: datetimeIn(is.Created)}, {Text: strconv.Itoa(is.Sent)}, {Text: strconv.Itoa(is.Queued)}, {Text: strconv.Itoa(is.Bounced + is.Failed)}})
		}
		p.Search = &editorField{Name: "email", Label: T(lang, "Find a subscriber by e-mail address"), Type: "email",
			Hint: T(lang, "To answer a request to see or delete someone's data.")}
		u.render(w, r, http.StatusOK, "editor/list", p)
	})
}

func (u *UI) renderIssueForm(w http.ResponseWriter, r *http.Request, status int, n *tillit.NewsletterIssue, fail error) {
	p := editorFormPage{Page: u.page(r, "Compose a newsletter"), Action: "/editor/newsletter", Back: "/editor/newsletter"}
	lang := p.Lang
	p.Heading, p.Submit = p.Title, T(lang, "Save and preview")
	p.Intro = T(lang, "A newsletter is made of published news items: each with its title, summary and a link. Subscribers who chose English get the English texts where they are translated.")
	p.Fields = translatedFields(lang, "subject", T(lang, "Subject"), n.Subject, "text", 0, 200, true, "")
	p.Fields = append(p.Fields, translatedFields(lang, "intro", T(lang, "A few words first"), n.Intro, "textarea", 4, 1800, false, T(lang, "Plain text."))...)
	news, err := u.DB.FindNewsList(r.Context(), sqldb.NewsFilter{VisibleAt: u.DB.Now(), Limit: 50, WithoutBody: true})
	if err != nil {
		u.Error(w, r, err)
		return
	}
	nf := editorField{Name: "news", Label: T(lang, "News items"), Type: "multiselect", Required: true, Hint: T(lang, "Hold Ctrl (or Cmd) to choose more than one.")}
	for _, e := range news {
		nf.Options = append(nf.Options, editorOption{Value: strconv.FormatInt(e.ID, 10), Label: formatDate(e.PublishAt.In(stockholm)) + " – " + e.Title.SV, Selected: containsID(n.NewsIDs, e.ID)})
	}
	p.Fields = append(p.Fields, nf)
	if fail != nil {
		p.Problem = setErrors(p.Fields, lang, fail)
	}
	u.render(w, r, status, "editor/form", p)
}

// EditorNewIssue serves GET /editor/newsletter/new.
func (u *UI) EditorNewIssue() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.renderIssueForm(w, r, http.StatusOK, &tillit.NewsletterIssue{}, nil)
	})
}

// EditorCreateIssue serves POST /editor/newsletter.
func (u *UI) EditorCreateIssue() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := &tillit.NewsletterIssue{Subject: formTranslated(r, "subject"), Intro: formTranslated(r, "intro"), NewsIDs: formIDs(r, "news")}
		err := u.DB.SaveNewsletterIssue(r.Context(), web.Actor(r.Context()), n)
		u.saveOutcome(w, r, err, func(status int, err error) { u.renderIssueForm(w, r, status, n, err) },
			"/editor/newsletter/"+strconv.FormatInt(n.ID, 10), "The newsletter is saved. Check it, then send it.")
	})
}

type issuePage struct {
	Page
	Issue    *sqldb.IssueRow
	Subject  string
	Text     string
	Queued   bool
	SendHref string
	Subs     int
}

// EditorIssue serves GET /editor/newsletter/{id}: the mail as a Swedish
// subscriber gets it, and sending it or how far sending has come.
func (u *UI) EditorIssue() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := editorID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		is, err := u.DB.FindNewsletterIssue(ctx, id)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		m, err := u.NewsletterMail(ctx, sqldb.Delivery{Email: "subscriber@example.se", Lang: tillit.Swedish, Secret: "EXAMPLE"}, is)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		_, confirmed, err := u.DB.SubscriberCounts(ctx)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := issuePage{Page: u.page(r, "Newsletter"), Issue: is, Subject: m.Subject, Text: m.Text, Queued: !is.QueuedAt.IsZero(),
			SendHref: "/editor/newsletter/" + strconv.FormatInt(id, 10) + "/send", Subs: confirmed}
		p.Title = is.Subject.SV
		u.render(w, r, http.StatusOK, "editor/issue", p)
	})
}

// EditorSendIssue serves POST /editor/newsletter/{id}/send: every
// confirmed address gets a delivery, which the mail worker sends at its
// pace.
func (u *UI) EditorSendIssue() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := editorID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if _, err := u.DB.QueueNewsletterIssue(r.Context(), web.Actor(r.Context()), id); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/editor/newsletter/"+strconv.FormatInt(id, 10), "Sending has started. The counts below show how far it has come.")
	})
}

type subscriberPage struct {
	Page
	Email    string
	Found    bool
	NotFound bool
	Data     myDataPage
	Problem  string
}

// EditorSubscriber serves GET /editor/subscribers?email=: one subscriber's
// data, with its export, deletion, and recording a bounce.
func (u *UI) EditorSubscriber() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := subscriberPage{Page: u.page(r, "Subscriber")}
		email := strings.TrimSpace(r.URL.Query().Get("email"))
		if email != "" {
			p.Email = email
			norm, err := tillit.NormaliseEmail("email", email)
			if err != nil {
				p.Problem = tillit.ErrorMessage(err).In(translator(p.Lang))
				u.render(w, r, http.StatusBadRequest, "editor/subscriber", p)
				return
			}
			d, err := u.DB.FindSubscriber(r.Context(), norm)
			switch tillit.ErrorCode(err) {
			case "":
				p.Found, p.Data, p.Email = true, subscriberView(p.Lang, d), norm
			case tillit.ENOTFOUND:
				p.NotFound = true
			default:
				u.Error(w, r, err)
				return
			}
		}
		u.render(w, r, http.StatusOK, "editor/subscriber", p)
	})
}

// subscriberFromForm finds the subscriber an editor's form names.
func (u *UI) subscriberFromForm(r *http.Request, value string) (*sqldb.SubscriberData, error) {
	email, err := tillit.NormaliseEmail("email", value)
	if err != nil {
		return nil, err
	}
	return u.DB.FindSubscriber(r.Context(), email)
}

// EditorSubscriberExport serves GET /editor/subscribers/export.json?email=.
func (u *UI) EditorSubscriberExport() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, err := u.subscriberFromForm(r, r.URL.Query().Get("email"))
		if err != nil {
			u.Error(w, r, err)
			return
		}
		writeSubscriberExport(w, d)
	})
}

// EditorDeleteSubscriber serves POST /editor/subscribers/delete.
func (u *UI) EditorDeleteSubscriber() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, err := u.subscriberFromForm(r, r.PostFormValue("email"))
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if err := u.DB.DeleteSubscriber(r.Context(), web.Actor(r.Context()), d.ID); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/editor/newsletter", "The subscriber is deleted.")
	})
}

// EditorRecordBounce serves POST /editor/subscribers/bounce: a bounce
// that came back by mail; after three the address gets nothing more.
func (u *UI) EditorRecordBounce() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		email, err := tillit.NormaliseEmail("email", r.PostFormValue("email"))
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if err := u.DB.RecordBounce(r.Context(), web.Actor(r.Context()), email); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/editor/subscribers?email="+url.QueryEscape(email), "The bounce is recorded.")
	})
}
