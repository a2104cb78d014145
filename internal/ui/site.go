package ui

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/markdown"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The public site (issue 8). Its pages are anonymous and the same for
// every visitor, so that any cache may keep them: no cookie, no session,
// no per-visitor token. The language is part of the address (Swedish by
// default, ?lang=en for English), and forms on these pages post to routes
// protected by the browser's fetch metadata instead of a token (see
// server/routes_site.go). Every page answers with ETag and Last-Modified
// and honours conditional requests.

// siteName is the site's name in page titles and feeds.
const siteName = "Hållbar upphandling"

// publicPage is what the public layout needs.
type publicPage struct {
	Title       string
	Lang        tillit.Lang
	Description string
	Path        string // the path without the language
	Canonical   string // absolute address of this page in this language
	AltSV       string // absolute address of the Swedish version
	AltEN       string // absolute address of the English version
	OGType      string // "website" or "article"
	OGImage     string // absolute address of a picture, or ""
	Published   string // article:published_time, RFC 3339
	Nav         []NavItem
	Preview     bool // an editor's preview of unpublished content
	SiteName    string
	FeedURL     string
}

// Href returns the address of path in the page's language.
func (p publicPage) Href(path string) string { return langPath(path, p.Lang) }

// OtherLangHref links this page in the other language.
func (p publicPage) OtherLangHref() string {
	if p.Lang == tillit.English {
		return langPath(p.Path, tillit.Swedish)
	}
	return langPath(p.Path, tillit.English)
}

// langPath adds ?lang=en (or &lang=en) for English.
func langPath(path string, lang tillit.Lang) string {
	if lang != tillit.English {
		return path
	}
	if strings.Contains(path, "?") {
		return path + "&lang=en"
	}
	return path + "?lang=en"
}

// publicLang reads the language of a public request: ?lang=en (or the
// form's lang field) for English, Swedish otherwise.
func publicLang(r *http.Request) tillit.Lang {
	if r.URL.Query().Get("lang") == "en" {
		return tillit.English
	}
	if r.Method == http.MethodPost && r.PostFormValue("lang") == "en" {
		return tillit.English
	}
	return tillit.Swedish
}

// absolute makes a path absolute on the public address.
func (u *UI) absolute(path string) string {
	return strings.TrimSuffix(u.PublicURL, "/") + path
}

// publicBase builds the common part of a public page for path (without
// the language), titled title (already translated or content).
func (u *UI) publicBase(r *http.Request, path, title, description string) publicPage {
	lang := publicLang(r)
	p := publicPage{Title: title, Lang: lang, Description: description, Path: path, OGType: "website",
		Canonical: u.absolute(langPath(path, lang)), AltSV: u.absolute(path), AltEN: u.absolute(langPath(path, tillit.English)),
		SiteName: siteName, FeedURL: u.absolute("/feed.xml")}
	items := []struct{ href, label string }{
		{"/start", T(lang, "Start")}, {"/news", T(lang, "News")}, {"/calendar", T(lang, "Calendar")},
		{"/results", T(lang, "Results")}, {"/annual-reports", T(lang, "Annual reports")},
		{"/documents", T(lang, "Documents")}, {"/newsletter", T(lang, "Newsletter")},
	}
	if pages, err := u.DB.FindSitePages(r.Context(), true); err == nil {
		for _, sp := range pages {
			items = append(items, struct{ href, label string }{"/pages/" + sp.Slug, sp.Title.Text(lang)})
		}
	}
	for _, it := range items {
		cur := path == it.href || it.href != "/start" && strings.HasPrefix(path, it.href+"/")
		p.Nav = append(p.Nav, NavItem{Href: langPath(it.href, lang), Label: it.label, Current: cur})
	}
	return p
}

// renderPublic writes a public page so caches may keep it: a strong ETag
// from the bytes, Last-Modified from when the site's content last
// changed, and 304 Not Modified to a request that already has it.
func (u *UI) renderPublic(w http.ResponseWriter, r *http.Request, name string, data any) {
	t, err := u.template(name)
	if err != nil {
		u.publicError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		u.publicError(w, r, fmt.Errorf("ui: render %s: %w", name, err))
		return
	}
	if u.rendered != nil {
		u.rendered(name)
	}
	u.servePublic(w, r, "text/html; charset=utf-8", buf.Bytes())
}

// servePublic sends public bytes with validators; http.ServeContent
// answers If-None-Match, If-Modified-Since, HEAD and ranges.
func (u *UI) servePublic(w http.ResponseWriter, r *http.Request, contentType string, body []byte) {
	sum := sha256.Sum256(body)
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	h.Set("Cache-Control", "public, max-age=60")
	mod, err := u.DB.SiteChangedAt(r.Context(), u.DB.Now())
	if err != nil {
		u.Logger.WarnContext(r.Context(), "site changed at", "err", err)
		mod = time.Time{}
	}
	http.ServeContent(w, r, "", mod, bytes.NewReader(body))
}

// publicErrorPage is the view model of a public error or message page.
type publicMessagePage struct {
	publicPage
	Status  int
	Heading string
	Message string
	Links   []NavItem
}

// publicError renders err as a public page; internal errors are logged.
func (u *UI) publicError(w http.ResponseWriter, r *http.Request, err error) {
	code := tillit.ErrorCode(err)
	status := StatusOf(code)
	if status == http.StatusInternalServerError {
		u.Logger.ErrorContext(r.Context(), "internal error", "err", err, "request_id", web.RequestID(r.Context()),
			"method", r.Method, "path", r.URL.Path)
	}
	lang := publicLang(r)
	heading := T(lang, statusTitle(status))
	p := publicMessagePage{publicPage: u.publicBase(r, r.URL.Path, heading, ""), Status: status, Heading: heading,
		Message: tillit.ErrorMessage(err).In(translator(lang))}
	p.Links = []NavItem{{Href: langPath("/start", lang), Label: T(lang, "To the start page")}}
	u.publicMessage(w, r, status, p)
}

// publicMessage renders a message page, never cached.
func (u *UI) publicMessage(w http.ResponseWriter, r *http.Request, status int, p publicMessagePage) {
	var buf bytes.Buffer
	t, err := u.template("public/message")
	if err != nil || t.ExecuteTemplate(&buf, "layout", p) != nil {
		http.Error(w, http.StatusText(status), status)
		return
	}
	if u.rendered != nil {
		u.rendered("public/message")
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// message shows a short outcome (subscribed, unsubscribed …) with a link on.
func (u *UI) message(w http.ResponseWriter, r *http.Request, status int, heading, text string) {
	lang := publicLang(r)
	p := publicMessagePage{publicPage: u.publicBase(r, r.URL.Path, heading, ""), Status: status, Heading: heading, Message: text}
	p.Links = []NavItem{{Href: langPath("/start", lang), Label: T(lang, "To the start page")}, {Href: langPath("/news", lang), Label: T(lang, "Read the news")}}
	u.publicMessage(w, r, status, p)
}

// PublicNotFound answers paths under the public site that do not exist.
func (u *UI) PublicNotFound() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.publicError(w, r, tillit.Errorf(tillit.ENOTFOUND, "There is no page at this address. Check the address, or start from the home page."))
	})
}

// langText is a content text with the language it is in, so a Swedish
// text on an English page carries lang="sv".
type langText struct {
	Text string
	Lang tillit.Lang
	HTML template.HTML // rendered Markdown, when the text is Markdown
}

func textIn(t tillit.Translated, lang tillit.Lang) langText {
	s, l := t.In(lang)
	return langText{Text: s, Lang: l}
}

func markdownIn(t tillit.Translated, lang tillit.Lang) langText {
	s, l := t.In(lang)
	return langText{Text: s, Lang: l, HTML: markdown.HTML(s)}
}

// swedishMonths and englishMonths name the months for dates on the site.
var swedishMonths = [...]string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}

// longDate writes a day as "19 mars 2019" or "19 March 2019".
func longDate(t time.Time, lang tillit.Lang) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(stockholm)
	if lang == tillit.English {
		return t.Format("2 January 2006")
	}
	return strconv.Itoa(t.Day()) + " " + swedishMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// monthName names a month in lang.
func monthName(m time.Month, lang tillit.Lang) string {
	if lang == tillit.English {
		return m.String()
	}
	return swedishMonths[m-1]
}

// clock writes the time of day as 9.30 (Swedish) or 09:30 (English).
func clockTime(t time.Time, lang tillit.Lang) string {
	t = t.In(stockholm)
	if lang == tillit.English {
		return t.Format("15:04")
	}
	return strconv.Itoa(t.Hour()) + "." + t.Format("04")
}

// isoTime is a machine-readable time for <time datetime>.
func isoTime(t time.Time) string { return t.In(stockholm).Format(time.RFC3339) }

// formatSize writes a file size the way people read it: "340 kB",
// "1,2 MB" (Swedish decimal comma), in decimal units as file managers do.
func formatSize(n int64, lang tillit.Lang) string {
	var s string
	switch {
	case n < 1000:
		s = strconv.FormatInt(n, 10) + " B"
	case n < 1000*1000:
		s = strconv.FormatInt((n+500)/1000, 10) + " kB"
	default:
		tenths := (n + 50_000) / 100_000
		s = strconv.FormatInt(tenths/10, 10) + "." + strconv.FormatInt(tenths%10, 10) + " MB"
		if lang == tillit.Swedish {
			s = strings.Replace(s, ".", ",", 1)
		}
	}
	return s
}

// fileHref is the public address of a file of the site.
func fileHref(f *tillit.PublicFile) string {
	return "/files/" + strconv.FormatInt(f.ID, 10) + "/" + url.PathEscape(f.Name)
}

// imageView is a picture with its text alternative.
type imageView struct {
	Src string
	Alt langText
}

// imageOf loads a picture of the site, nil when there is none.
func (u *UI) imageOf(r *http.Request, id int64, lang tillit.Lang) *imageView {
	if id == 0 {
		return nil
	}
	f, err := u.DB.FindPublicFile(r.Context(), id)
	if err != nil || f.Kind != tillit.FileImage {
		return nil
	}
	return &imageView{Src: fileHref(f), Alt: textIn(f.Alt, lang)}
}

// newsCard is a news item in a list.
type newsCard struct {
	Href    string
	Title   langText
	Summary langText
	Date    string
	ISO     string
	Author  string
}

func newsCards(entries []sqldb.NewsEntry, lang tillit.Lang) []newsCard {
	out := make([]newsCard, 0, len(entries))
	for _, e := range entries {
		out = append(out, newsCard{Href: langPath("/news/"+e.Slug, lang), Title: textIn(e.Title, lang), Summary: textIn(e.Summary, lang),
			Date: longDate(e.PublishAt, lang), ISO: isoTime(e.PublishAt), Author: e.AuthorName})
	}
	return out
}

// eventCard is an event in a list.
type eventCard struct {
	Href      string
	Title     langText
	When      string
	ISO       string
	Day       string
	MonthAbbr string
	Place     string
	Online    bool
}

// eventWhen writes when an event is: "31 oktober 2016 11.00–12.00", or
// from one day to another.
func eventWhen(e *tillit.Event, lang tillit.Lang) string {
	s, end := e.StartsAt.In(stockholm), e.EndsAt.In(stockholm)
	if s.YearDay() == end.YearDay() && s.Year() == end.Year() {
		return longDate(s, lang) + " " + clockTime(s, lang) + "–" + clockTime(end, lang)
	}
	return longDate(s, lang) + " " + clockTime(s, lang) + " – " + longDate(end, lang) + " " + clockTime(end, lang)
}

func eventCards(events []tillit.Event, lang tillit.Lang) []eventCard {
	out := make([]eventCard, 0, len(events))
	for i := range events {
		e := &events[i]
		s := e.StartsAt.In(stockholm)
		out = append(out, eventCard{Href: langPath("/calendar/"+strconv.FormatInt(e.ID, 10), lang), Title: textIn(e.Title, lang),
			When: eventWhen(e, lang), ISO: isoTime(e.StartsAt), Day: strconv.Itoa(s.Day()), MonthAbbr: monthName(s.Month(), lang)[:3],
			Place: e.Place, Online: e.OnlineURL != ""})
	}
	return out
}

// siteHomePage is the front page.
type siteHomePage struct {
	publicPage
	Intro  langText
	News   []newsCard
	Events []eventCard
	Form   newsletterForm
}

// newsletterForm is the subscription form, on the front page and its own.
type newsletterForm struct {
	Email string
	Error string
}

// Intro settings: the front page's introduction in each language.
const (
	settingIntroSV = "intro_sv"
	settingIntroEN = "intro_en"
)

// SiteHome serves GET /start: the introduction, the latest news, the
// coming events and the newsletter form.
func (u *UI) SiteHome() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		lang := publicLang(r)
		now := u.DB.Now()
		settings, err := u.DB.SiteSettings(ctx)
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		intro := tillit.Translated{SV: settings[settingIntroSV], EN: settings[settingIntroEN]}
		news, err := u.DB.FindNewsList(ctx, sqldb.NewsFilter{VisibleAt: now, Limit: 5, WithoutBody: true})
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		events, err := u.DB.FindEvents(ctx, sqldb.EventFilter{PublishedOnly: true, EndsAfter: now, Limit: 3})
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		p := siteHomePage{publicPage: u.publicBase(r, "/start", T(lang, "Sustainable procurement – a collaboration of Sweden's regions"),
			markdown.Excerpt(intro.Text(lang), 200)), Intro: markdownIn(intro, lang), News: newsCards(news, lang), Events: eventCards(events, lang)}
		u.renderPublic(w, r, "public/home", p)
	})
}

// PublicError renders err as a public page, for the server's guards of
// the public routes.
func (u *UI) PublicError(w http.ResponseWriter, r *http.Request, err error) { u.publicError(w, r, err) }
