package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/mail"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The newsletter's public side: subscribing with double opt-in (nothing
// is sent to an address until its owner follows the link mailed to it),
// unsubscribing with one click from any newsletter (RFC 8058), and the
// address owner's right to see, download and delete their data. Every
// link carries a secret that the store keeps only as a hash.

// Limits on the public forms, per client address and per e-mail address.
const (
	siteFormWindow  = time.Hour
	siteFormPerHour = 10
	siteMailPerHour = 3
	listIDLabel     = "newsletter"
)

type newsletterPage struct {
	publicPage
	Form newsletterForm
}

// SiteNewsletter serves GET /newsletter: the subscription form.
func (u *UI) SiteNewsletter() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		p := newsletterPage{publicPage: u.publicBase(r, "/newsletter", T(lang, "Newsletter"), T(lang, "News from the collaboration by e-mail, about once a month."))}
		u.renderPublic(w, r, "public/newsletter", p)
	})
}

// siteThrottled counts a form request and reports whether the client or the
// address has sent too many, answering the request when so.
func (u *UI) siteThrottled(w http.ResponseWriter, r *http.Request, form, email string) bool {
	byClient, err := u.DB.CountSiteRequest(r.Context(), siteFormWindow, form+":ip:"+web.ClientIP(r))
	if err != nil {
		u.publicError(w, r, err)
		return true
	}
	byEmail, err := u.DB.CountSiteRequest(r.Context(), siteFormWindow, form+":email:"+email)
	if err != nil {
		u.publicError(w, r, err)
		return true
	}
	if byClient > siteFormPerHour || byEmail > siteMailPerHour {
		u.publicError(w, r, tillit.Errorf(tillit.ETHROTTLED, "Too many requests from here. Wait an hour and try again."))
		return true
	}
	return false
}

// SiteSubscribe serves POST /newsletter: it mails a confirmation link to
// a new address and says the same whatever the address's state, so the
// form does not reveal who subscribes.
func (u *UI) SiteSubscribe() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		email, err := tillit.NormaliseEmail("email", r.PostFormValue("email"))
		if err != nil {
			p := newsletterPage{publicPage: u.publicBase(r, "/newsletter", T(lang, "Newsletter"), ""),
				Form: newsletterForm{Email: r.PostFormValue("email"), Error: fieldTexts(lang, err)["email"]}}
			u.renderForm(w, r, http.StatusBadRequest, "public/newsletter", p)
			return
		}
		if u.siteThrottled(w, r, "subscribe", email) {
			return
		}
		secret, err := u.DB.Subscribe(r.Context(), email, lang)
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		if secret != "" {
			link := u.absolute(langPath("/newsletter/confirm/"+secret, lang))
			m := mail.Message{To: email, Subject: T(lang, "Confirm your subscription to the newsletter"),
				Text: fmt.Sprintf(T(lang, "Hello,\n\nsomeone, probably you, asked for the newsletter of %s to be sent to this address. To confirm, open this link and press the button:\n\n%s\n\nThe link works for seven days. If you did not ask for the newsletter, ignore this mail: nothing will be sent to you, and the address is forgotten after seven days.\n\n/ %s"),
					siteName, link, siteName)}
			if err := u.Mail.Send(r.Context(), m); err != nil {
				u.publicError(w, r, fmt.Errorf("confirmation mail: %w", err))
				return
			}
		}
		u.message(w, r, http.StatusOK, T(lang, "Check your inbox"),
			T(lang, "If the address can receive the newsletter, a mail with a link to confirm is on its way. The newsletter is sent only after you confirm."))
	})
}

// renderForm renders a public page with a form's problems: never cached.
func (u *UI) renderForm(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	u.render(w, r, status, name, data)
}

// actionPage asks the visitor to press a button, so that a link opened by
// a mail scanner changes nothing.
type actionPage struct {
	publicPage
	Heading string
	Text    string
	Action  string
	Button  string
	Danger  bool
}

func (u *UI) actionPage(w http.ResponseWriter, r *http.Request, heading, text, action, button string) {
	lang := publicLang(r)
	p := actionPage{publicPage: u.publicBase(r, r.URL.Path, heading, ""), Heading: heading, Text: text, Action: langPath(action, lang), Button: button}
	u.render(w, r, http.StatusOK, "public/action", p)
}

// SiteConfirmForm serves GET /newsletter/confirm/{token}.
func (u *UI) SiteConfirmForm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		sub, err := u.DB.PendingSubscriber(r.Context(), r.PathValue("token"))
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		u.actionPage(w, r, T(lang, "Confirm your subscription"),
			fmt.Sprintf(T(lang, "Press the button to receive the newsletter at %s."), sub.Email), r.URL.Path, T(lang, "Confirm the subscription"))
	})
}

// SiteConfirm serves POST /newsletter/confirm/{token}.
func (u *UI) SiteConfirm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		if _, err := u.DB.ConfirmSubscriber(r.Context(), r.PathValue("token")); err != nil {
			u.publicError(w, r, err)
			return
		}
		u.message(w, r, http.StatusOK, T(lang, "You subscribe to the newsletter"),
			T(lang, "Thank you. Every newsletter has a link at the bottom that ends the subscription with one click."))
	})
}

// SiteUnsubscribeForm serves GET /newsletter/unsubscribe/{token}.
func (u *UI) SiteUnsubscribeForm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		sub, err := u.DB.DeliverySubscriber(r.Context(), r.PathValue("token"))
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		u.actionPage(w, r, T(lang, "End the subscription"),
			fmt.Sprintf(T(lang, "Press the button to stop the newsletter to %s. The address is then deleted from the list."), sub.Email),
			r.URL.Path, T(lang, "End the subscription"))
	})
}

// SiteUnsubscribe serves POST /newsletter/unsubscribe/{token}: the
// button above, and the one-click unsubscribe that mail programs post
// (List-Unsubscribe=One-Click) without showing anything.
func (u *UI) SiteUnsubscribe() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		if err := u.DB.Unsubscribe(r.Context(), r.PathValue("token")); err != nil {
			u.publicError(w, r, err)
			return
		}
		u.message(w, r, http.StatusOK, T(lang, "The subscription has ended"),
			T(lang, "The address is deleted from the newsletter list. You will get no more newsletters."))
	})
}

// SitePrivacyForm serves GET /newsletter/privacy: the form for asking what
// is stored about one's address.
func (u *UI) SitePrivacyForm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		p := newsletterPage{publicPage: u.publicBase(r, "/newsletter/privacy", T(lang, "Your data"), T(lang, "See, download or delete what the newsletter list holds about your address."))}
		u.renderPublic(w, r, "public/privacy", p)
	})
}

// SitePrivacyRequest serves POST /newsletter/privacy: a link to the data
// goes to the address, if it is on the list; the answer is the same.
func (u *UI) SitePrivacyRequest() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		email, err := tillit.NormaliseEmail("email", r.PostFormValue("email"))
		if err != nil {
			p := newsletterPage{publicPage: u.publicBase(r, "/newsletter/privacy", T(lang, "Your data"), ""),
				Form: newsletterForm{Email: r.PostFormValue("email"), Error: fieldTexts(lang, err)["email"]}}
			u.renderForm(w, r, http.StatusBadRequest, "public/privacy", p)
			return
		}
		if u.siteThrottled(w, r, "privacy", email) {
			return
		}
		secret, _, err := u.DB.RequestSubscriberAccess(r.Context(), email)
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		if secret != "" {
			link := u.absolute(langPath("/newsletter/privacy/"+secret, lang))
			m := mail.Message{To: email, Subject: T(lang, "Your data on the newsletter list"),
				Text: fmt.Sprintf(T(lang, "Hello,\n\nyou asked to see what the newsletter list of %s holds about this address. Open this link within an hour to see it, download it or delete it:\n\n%s\n\nIf you did not ask, ignore this mail.\n\n/ %s"),
					siteName, link, siteName)}
			if err := u.Mail.Send(r.Context(), m); err != nil {
				u.publicError(w, r, fmt.Errorf("access mail: %w", err))
				return
			}
		}
		u.message(w, r, http.StatusOK, T(lang, "Check your inbox"),
			T(lang, "If the address is on the newsletter list, a mail with a link to its data is on its way. The link works for an hour."))
	})
}

type myDataPage struct {
	publicPage
	Email       string
	Language    string
	Status      string
	Subscribed  string
	Confirmed   string
	Bounces     int
	Deliveries  []deliveryView
	ExportHref  string
	DeleteHref  string
	Unsubscribe string
}

type deliveryView struct {
	Subject string
	Status  string
	Sent    string
}

func deliveryStatus(lang tillit.Lang, s string) string {
	switch s {
	case "sent":
		return T(lang, "Sent")
	case "queued":
		return T(lang, "Waiting to be sent")
	case "bounced":
		return T(lang, "Bounced")
	case "failed":
		return T(lang, "Could not be sent")
	}
	return s
}

func subscriberView(lang tillit.Lang, d *sqldb.SubscriberData) myDataPage {
	p := myDataPage{Email: d.Email, Bounces: d.Bounces, Subscribed: datetimeIn(d.CreatedAt), Confirmed: datetimeIn(d.ConfirmedAt)}
	p.Language = T(lang, "Swedish")
	if d.Lang == tillit.English {
		p.Language = T(lang, "English")
	}
	p.Status = T(lang, "Waiting for confirmation")
	if d.Confirmed {
		p.Status = T(lang, "Confirmed")
	}
	for _, del := range d.Deliveries {
		p.Deliveries = append(p.Deliveries, deliveryView{Subject: del.Subject, Status: deliveryStatus(lang, del.Status), Sent: datetimeIn(del.SentAt)})
	}
	return p
}

func datetimeIn(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.In(stockholm).Format("2006-01-02 15:04")
}

// SiteMyData serves GET /newsletter/privacy/{token}.
func (u *UI) SiteMyData() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		token := r.PathValue("token")
		d, err := u.DB.SubscriberByAccess(r.Context(), token)
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		p := subscriberView(lang, d)
		p.publicPage = u.publicBase(r, r.URL.Path, T(lang, "Your data"), "")
		p.ExportHref = langPath("/newsletter/privacy/"+token+"/export.json", lang)
		p.DeleteHref = langPath("/newsletter/privacy/"+token+"/delete", lang)
		u.render(w, r, http.StatusOK, "public/mydata", p)
	})
}

// subscriberExport is the download of a subscriber's data.
type subscriberExport struct {
	Email        string           `json:"email"`
	Language     string           `json:"language"`
	Status       string           `json:"status"`
	SubscribedAt time.Time        `json:"subscribed_at"`
	ConfirmedAt  *time.Time       `json:"confirmed_at"`
	Bounces      int              `json:"bounces"`
	Newsletters  []exportDelivery `json:"newsletters"`
}

type exportDelivery struct {
	Subject string     `json:"subject"`
	Status  string     `json:"status"`
	SentAt  *time.Time `json:"sent_at"`
}

func exportOf(d *sqldb.SubscriberData) subscriberExport {
	e := subscriberExport{Email: d.Email, Language: string(d.Lang), Status: "pending", SubscribedAt: d.CreatedAt.UTC(), Bounces: d.Bounces, Newsletters: []exportDelivery{}}
	if d.Confirmed {
		e.Status = "confirmed"
		t := d.ConfirmedAt.UTC()
		e.ConfirmedAt = &t
	}
	for _, del := range d.Deliveries {
		x := exportDelivery{Subject: del.Subject, Status: del.Status}
		if !del.SentAt.IsZero() {
			t := del.SentAt.UTC()
			x.SentAt = &t
		}
		e.Newsletters = append(e.Newsletters, x)
	}
	return e
}

// writeSubscriberExport sends the data as a JSON download.
func writeSubscriberExport(w http.ResponseWriter, d *sqldb.SubscriberData) {
	b, _ := json.MarshalIndent(exportOf(d), "", "  ")
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="newsletter-data.json"`)
	h.Set("Cache-Control", "no-store")
	w.Write(append(b, '\n'))
}

// SiteMyDataExport serves GET /newsletter/privacy/{token}/export.json.
func (u *UI) SiteMyDataExport() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, err := u.DB.SubscriberByAccess(r.Context(), r.PathValue("token"))
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		writeSubscriberExport(w, d)
	})
}

// SiteMyDataDelete serves POST /newsletter/privacy/{token}/delete.
func (u *UI) SiteMyDataDelete() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		if err := u.DB.DeleteSubscriberByAccess(r.Context(), r.PathValue("token")); err != nil {
			u.publicError(w, r, err)
			return
		}
		u.message(w, r, http.StatusOK, T(lang, "Your data is deleted"),
			T(lang, "The address and everything stored with it are deleted from the newsletter list."))
	})
}

// NewsletterMail writes one newsletter to one subscriber: plain text in
// their language (English where translated), each news item's title,
// summary and link, and an unsubscribe link both in the text and in the
// List-Unsubscribe headers that mail programs offer as a button.
func (u *UI) NewsletterMail(ctx context.Context, d sqldb.Delivery, issue *sqldb.IssueRow) (mail.Message, error) {
	lang := d.Lang
	if !lang.Valid() {
		lang = tillit.Swedish
	}
	news, err := u.DB.FindNewsList(ctx, sqldb.NewsFilter{IDs: issue.NewsIDs, Limit: len(issue.NewsIDs) + 1, WithoutBody: true, VisibleAt: u.DB.Now()})
	if err != nil {
		return mail.Message{}, err
	}
	byID := map[int64]sqldb.NewsEntry{}
	for _, n := range news {
		byID[n.ID] = n
	}
	var b strings.Builder
	subject := issue.Subject.Text(lang)
	b.WriteString(subject + "\n" + strings.Repeat("=", min(len([]rune(subject)), 70)) + "\n\n")
	if intro := strings.TrimSpace(issue.Intro.Text(lang)); intro != "" {
		b.WriteString(intro + "\n\n")
	}
	for _, id := range issue.NewsIDs {
		n, ok := byID[id]
		if !ok {
			continue
		}
		b.WriteString("* " + n.Title.Text(lang) + "\n")
		if n.Summary.Text(lang) != "" {
			b.WriteString(n.Summary.Text(lang) + "\n")
		}
		b.WriteString(T(lang, "Read more:") + " " + u.absolute(langPath("/news/"+n.Slug, lang)) + "\n\n")
	}
	unsub := u.absolute(langPath("/newsletter/unsubscribe/"+d.Secret, lang))
	b.WriteString("-- \n")
	b.WriteString(fmt.Sprintf(T(lang, "You get this newsletter because you subscribe to it at %s."), u.absolute(langPath("/newsletter", lang))) + "\n")
	b.WriteString(T(lang, "End the subscription with one click:") + " " + unsub + "\n")
	return mail.Message{To: d.Email, Subject: subject, Text: b.String(), Headers: map[string]string{
		"List-Unsubscribe":      "<" + unsub + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"List-Id":               "<" + listIDLabel + "." + hostOf(u.PublicURL) + ">",
	}}, nil
}

// hostOf is the host of an absolute address.
func hostOf(base string) string {
	s := base
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/:"); i >= 0 {
		s = s[:i]
	}
	return s
}
