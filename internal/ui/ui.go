// Package ui serves tillit's HTML pages: server-rendered html/template
// pages that work without JavaScript, with htmx (a committed static file)
// as an improvement only. Each page has a typed view model.
package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/filestore"
	"github.com/tillit-project/tillit/internal/mail"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Deps are what the pages need.
type Deps struct {
	DB        *sqldb.DB
	Mail      mail.Sender
	Logger    *slog.Logger
	Cookies   web.Cookies
	Sessions  sqldb.SessionPolicy
	Hash      password.Params
	PublicURL string // base of links sent by e-mail
	Files     *filestore.Store
}

// UI holds the parsed templates and the dependencies of every handler.
type UI struct {
	Deps
	base   *template.Template // layout and partials; each page parses on a clone
	pages  map[string]*pageTemplate
	static *Static
	// rendered records which templates have been executed, so a test can
	// fail when a page exists that no test ever renders.
	rendered func(name string)
	imports  importJobs // imports of registers running or recently done (imports.go)
}

// New parses every template once, so a template error is a start-up error,
// never a panic at request time. The parsed pages are then dropped and
// parsed again on first use (pageTemplate): a page clones the layout and
// partials, and keeping all of them parsed was a quarter of an idle
// server's memory for pages most instances never show.
func New(d Deps) (*UI, error) {
	st, err := newStatic()
	if err != nil {
		return nil, err
	}
	u := &UI{Deps: d, static: st, pages: map[string]*pageTemplate{}}
	u.base = template.New("layout").Funcs(template.FuncMap{
		"t":      func(l tillit.Lang, s string) string { return T(l, s) },
		"tf":     func(l tillit.Lang, s string, args ...any) string { return fmt.Sprintf(T(l, s), args...) },
		"msg":    func(l tillit.Lang, m tillit.Message) string { return m.In(translator(l)) },
		"static": st.URL,
		"date":   func(t time.Time) string { return formatDate(t) },
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return "–"
			}
			return t.In(stockholm).Format("2006-01-02 15:04")
		},
	})
	if _, err := u.base.ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html"); err != nil {
		return nil, fmt.Errorf("ui: parse layout: %w", err)
	}
	err = fs.WalkDir(templateFS, "templates/pages", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		if _, err := u.parsePage(p); err != nil {
			return err
		}
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/pages/"), ".html")
		u.pages[name] = &pageTemplate{path: p}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// pageTemplate is one page's template, parsed on first use.
type pageTemplate struct {
	path string
	once sync.Once
	t    *template.Template
	err  error
}

// parsePage parses the page file at path on a clone of the layout.
func (u *UI) parsePage(path string) (*template.Template, error) {
	t, err := u.base.Clone()
	if err != nil {
		return nil, err
	}
	if _, err := t.ParseFS(templateFS, path); err != nil {
		return nil, fmt.Errorf("ui: parse %s: %w", path, err)
	}
	return t, nil
}

// template returns the parsed page name; New has checked that it parses.
func (u *UI) template(name string) (*template.Template, error) {
	p, ok := u.pages[name]
	if !ok {
		return nil, fmt.Errorf("ui: no template %q", name)
	}
	p.once.Do(func() { p.t, p.err = u.parsePage(p.path) })
	return p.t, p.err
}

// PageNames lists every page template, for the test that each is rendered.
func (u *UI) PageNames() []string {
	names := make([]string, 0, len(u.pages))
	for n := range u.pages {
		names = append(names, n)
	}
	return names
}

// OnRender installs a hook called with each rendered page name (tests).
func (u *UI) OnRender(f func(name string)) { u.rendered = f }

var stockholm = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Stockholm"); err == nil {
		return l
	}
	return time.UTC
}()

func formatDate(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.Format("2006-01-02")
}

// Page is the part of every view model that the layout uses.
type Page struct {
	Title    string
	Lang     tillit.Lang
	Actor    tillit.Actor
	SignedIn bool
	CSRF     string
	Path     string
	Nav      []NavItem
	Flash    string
}

// NavItem is one link of the main navigation.
type NavItem struct {
	Href    string
	Label   string
	Current bool
	// Items makes the entry a group: its links, shown when the group's
	// label (a disclosure, no script needed) is opened. Current is set
	// when one of them is the current page.
	Items []NavItem
}

// page builds the common part of a view model for the request.
func (u *UI) page(r *http.Request, title string) Page {
	lang := web.Lang(r.Context())
	a := web.Actor(r.Context())
	p := Page{
		Title: T(lang, title), Lang: lang, Actor: a, SignedIn: a.UserID != 0,
		CSRF: web.CSRF(r.Context()), Path: r.URL.Path,
	}
	if p.SignedIn {
		p.Nav = navFor(a, lang, r.URL.Path)
		u.markUnread(r, p.Nav)
	}
	if f, err := r.Cookie(flashCookie); err == nil {
		if v, err := url.QueryUnescape(f.Value); err == nil {
			p.Flash = T(lang, v)
		}
	}
	return p
}

// navFor lists the sections the actor may open; the same policy as the
// routes decides, so a link is never shown to someone it would refuse.
// The daily work stays on the top level; registers, reports, the public
// site and administration are grouped (the office would otherwise see
// twenty links over two lines). A group with one link left for the actor
// is shown as that link.
func navFor(a tillit.Actor, lang tillit.Lang, current string) []NavItem {
	const (
		registers = "Registers"
		reports   = "Reports and finances"
		site      = "Website"
		admin     = "Administration"
	)
	items := []struct {
		href  string
		label string
		act   tillit.Action
		group string
	}{
		{"/", "Home", tillit.ActViewHome, ""},
		{"/portal", "Supplier portal", tillit.ActRespondAsSupplier, ""},
		{"/followups", "Follow-ups", tillit.ActViewFollowUps, ""},
		{"/suppliers", "Suppliers", tillit.ActViewSuppliers, ""},
		{"/inbox", "Inbox", tillit.ActViewInbox, ""},
		{"/incidents", "Incidents", tillit.ActViewIncidents, ""},
		{"/inquiries", "Inquiries", tillit.ActViewInquiries, ""},
		{"/questionnaires", "Questionnaires", tillit.ActManageQuestionnaires, ""},
		{"/questionnaires/requests", "Self-assessments", tillit.ActViewQuestionnaireAnswers, ""},
		{"/regions", "Regions", tillit.ActViewRegions, registers},
		{"/categories", "Procurement categories", tillit.ActViewCategories, registers},
		{"/requirements", "Requirements library", tillit.ActViewRequirements, registers},
		{"/risk-analyses", "Risk analyses", tillit.ActViewRiskAnalyses, registers},
		{"/supply-chain", "Supply chain", tillit.ActViewSupplyChain, registers},
		{"/reports", "Annual reports", tillit.ActViewReports, reports},
		{"/finances", "Finances", tillit.ActViewFinances, reports},
		{"/training", "Training", tillit.ActViewTraining, reports},
		{"/consultations", "Consultations", tillit.ActViewConsultations, reports},
		{"/publication", "Publication", tillit.ActApproveResults, site},
		{"/editor", "Public site", tillit.ActManageSite, site},
		{"/admin/users", "Users", tillit.ActViewUsers, admin},
		{"/admin/audit", "Audit trail", tillit.ActViewAuditTrail, admin},
		{"/account", "My account", tillit.ActManageOwnAccount, ""},
	}
	// The labels as literals in T, for the Swedish catalogue test.
	groupLabel := map[string]string{registers: T(lang, "Registers"), reports: T(lang, "Reports and finances"),
		site: T(lang, "Website"), admin: T(lang, "Administration")}
	// The current section is the longest address the path starts with
	// (the requests under /questionnaires/requests are not also the
	// questionnaires').
	currentHref := ""
	for _, it := range items {
		if !tillit.Can(a, it.act, tillit.Resource{}) {
			continue
		}
		if (current == it.href || it.href != "/" && strings.HasPrefix(current, it.href+"/")) && len(it.href) > len(currentHref) {
			currentHref = it.href
		}
	}
	var out []NavItem
	groupAt := map[string]int{} // where a group stands in out
	for _, it := range items {
		if !tillit.Can(a, it.act, tillit.Resource{}) {
			continue
		}
		cur := it.href == currentHref
		link := NavItem{Href: it.href, Label: T(lang, it.label), Current: cur}
		if it.group == "" {
			out = append(out, link)
			continue
		}
		i, ok := groupAt[it.group]
		if !ok {
			i = len(out)
			groupAt[it.group] = i
			out = append(out, NavItem{Label: groupLabel[it.group]})
		}
		out[i].Items = append(out[i].Items, link)
		out[i].Current = out[i].Current || cur
	}
	for i := range out {
		if len(out[i].Items) == 1 {
			out[i] = out[i].Items[0]
		}
	}
	return out
}

// markUnread adds the number of unread notices to the inbox link, so news
// is seen from every page. A failed count only leaves the number out.
func (u *UI) markUnread(r *http.Request, nav []NavItem) {
	for i := range nav {
		if nav[i].Href != "/inbox" {
			continue
		}
		n, err := u.DB.UnreadNotifications(r.Context(), web.Actor(r.Context()).UserID)
		if err != nil {
			u.Logger.WarnContext(r.Context(), "unread notices", "err", err)
			return
		}
		if n > 0 {
			nav[i].Label = fmt.Sprintf(T(web.Lang(r.Context()), "Inbox (%d unread)"), n)
		}
	}
}

// render executes a page into a buffer first, so a template error becomes
// a clean error page instead of half a page.
func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, err := u.template(name)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		u.Error(w, r, fmt.Errorf("ui: render %s: %w", name, err))
		return
	}
	if u.rendered != nil {
		u.rendered(name)
	}
	if _, err := r.Cookie(flashCookie); err == nil {
		u.Cookies.Set(w, r, flashCookie, "", -1)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

const flashCookie = "tillit_flash"

// redirect sends the browser on after a successful POST, with an optional
// message (an English catalogue key) shown once on the next page.
func (u *UI) redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		u.Cookies.Set(w, r, flashCookie, url.QueryEscape(flash), time.Minute)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// errorPage is the view model of the error page.
type errorPage struct {
	Page
	Status  int
	Message string
}

// Error renders err as a page with the status its code maps to. Only
// internal errors are logged; the reader never sees their details.
func (u *UI) Error(w http.ResponseWriter, r *http.Request, err error) {
	code := tillit.ErrorCode(err)
	status := StatusOf(code)
	if status == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if status == http.StatusInternalServerError {
		u.Logger.ErrorContext(r.Context(), "internal error", "err", err, "request_id", web.RequestID(r.Context()),
			"method", r.Method, "path", r.URL.Path)
	}
	lang := web.Lang(r.Context())
	p := errorPage{Page: u.page(r, statusTitle(status)), Status: status, Message: tillit.ErrorMessage(err).In(translator(lang))}
	t, terr := u.template("error")
	var buf bytes.Buffer
	if terr != nil || t.ExecuteTemplate(&buf, "layout", p) != nil {
		http.Error(w, http.StatusText(status), status)
		return
	}
	if u.rendered != nil {
		u.rendered("error")
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// StatusOf maps an error code to a status; see web.StatusOf.
func StatusOf(code string) int { return web.StatusOf(code) }

func statusTitle(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "Something needs fixing"
	case http.StatusUnauthorized:
		return "Sign in"
	case http.StatusForbidden:
		return "Not allowed"
	case http.StatusNotFound:
		return "Page not found"
	case http.StatusConflict:
		return "Could not be saved"
	case http.StatusTooManyRequests:
		return "Too many attempts"
	}
	return "Something went wrong"
}

// NotFound renders the 404 page for paths no route matches.
func (u *UI) NotFound() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.Error(w, r, tillit.Errorf(tillit.ENOTFOUND, "There is no page at this address. Check the address, or start from the home page."))
	})
}

// safeNext returns next when it is a local path, so a sign-in link cannot
// send the reader to another site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return "/"
	}
	return u.RequestURI()
}
