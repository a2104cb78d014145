package ui

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// The calendar: coming events, past ones, an event's page, and the same
// as iCalendar (RFC 5545) for calendar programs: the whole calendar at
// /calendar.ics and one event at /calendar/{id}/event.ics. The iCalendar
// text is simple enough to write with the standard library; the tests
// read it back with a real parser.

type calendarPage struct {
	publicPage
	Heading  string
	Events   []eventCard
	Past     bool
	PastHref string
	NextHref string
	ICSHref  string
}

// SiteCalendar serves GET /calendar (coming and ongoing events) and
// GET /calendar?past=1 (the latest past ones).
func (u *UI) SiteCalendar() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		now := u.DB.Now()
		past := r.URL.Query().Get("past") == "1"
		f := sqldb.EventFilter{PublishedOnly: true, EndsAfter: now}
		path, heading := "/calendar", T(lang, "Calendar")
		if past {
			f = sqldb.EventFilter{PublishedOnly: true, EndsBefore: now, Limit: 50}
			path, heading = "/calendar?past=1", T(lang, "Past events")
		}
		events, err := u.DB.FindEvents(r.Context(), f)
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		p := calendarPage{publicPage: u.publicBase(r, path, heading, T(lang, "Conferences, webinars and meetings of the collaboration.")),
			Heading: heading, Events: eventCards(events, lang), Past: past, PastHref: langPath("/calendar?past=1", lang),
			NextHref: langPath("/calendar", lang), ICSHref: "/calendar.ics"}
		u.renderPublic(w, r, "public/calendar", p)
	})
}

type eventPage struct {
	publicPage
	Headline    langText
	Description langText
	When        string
	StartISO    string
	EndISO      string
	Place       string
	OnlineURL   string
	ICSHref     string
	Past        bool
}

// SiteEvent serves GET /calendar/{id}.
func (u *UI) SiteEvent() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		e, err := u.DB.FindEvent(r.Context(), pathNum(r, "id"), true)
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		id := strconv.FormatInt(e.ID, 10)
		title := textIn(e.Title, lang)
		p := eventPage{publicPage: u.publicBase(r, "/calendar/"+id, title.Text, eventWhen(e, lang)), Headline: title,
			Description: markdownIn(e.Description, lang), When: eventWhen(e, lang), StartISO: isoTime(e.StartsAt), EndISO: isoTime(e.EndsAt),
			Place: e.Place, OnlineURL: e.OnlineURL, ICSHref: "/calendar/" + id + "/event.ics", Past: !e.EndsAt.After(u.DB.Now())}
		u.renderPublic(w, r, "public/event", p)
	})
}

// SiteCalendarICS serves GET /calendar.ics: every published event from a
// year back on.
func (u *UI) SiteCalendarICS() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		events, err := u.DB.FindEvents(r.Context(), sqldb.EventFilter{PublishedOnly: true, EndsAfter: u.DB.Now().AddDate(-1, 0, 0), Limit: 5000})
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		u.serveICS(w, r, events, "kalender.ics")
	})
}

// SiteEventICS serves GET /calendar/{id}/event.ics.
func (u *UI) SiteEventICS() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e, err := u.DB.FindEvent(r.Context(), pathNum(r, "id"), true)
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		u.serveICS(w, r, []tillit.Event{*e}, "event-"+strconv.FormatInt(e.ID, 10)+".ics")
	})
}

func (u *UI) serveICS(w http.ResponseWriter, r *http.Request, events []tillit.Event, name string) {
	lang := publicLang(r)
	var b icsWriter
	b.line("BEGIN:VCALENDAR")
	b.line("VERSION:2.0")
	b.line("PRODID:-//tillit//" + siteName + "//SV")
	b.line("CALSCALE:GREGORIAN")
	b.line("METHOD:PUBLISH")
	b.prop("X-WR-CALNAME", siteName+" – "+T(lang, "Calendar"))
	b.line("X-WR-TIMEZONE:Europe/Stockholm")
	for i := range events {
		e := &events[i]
		page := u.absolute(langPath("/calendar/"+strconv.FormatInt(e.ID, 10), lang))
		b.line("BEGIN:VEVENT")
		b.prop("UID", e.UID)
		b.line("DTSTAMP:" + icsTime(e.UpdatedAt))
		b.line("DTSTART:" + icsTime(e.StartsAt))
		b.line("DTEND:" + icsTime(e.EndsAt))
		b.line("SEQUENCE:" + strconv.Itoa(e.Sequence))
		b.prop("SUMMARY", e.Title.Text(lang))
		desc := strings.TrimSpace(e.Description.Text(lang))
		if e.OnlineURL != "" {
			desc = strings.TrimSpace(desc + "\n\n" + T(lang, "Join online:") + " " + e.OnlineURL)
		}
		if desc != "" {
			b.prop("DESCRIPTION", desc)
		}
		switch {
		case e.Place != "":
			b.prop("LOCATION", e.Place)
		case e.OnlineURL != "":
			b.prop("LOCATION", e.OnlineURL)
		}
		b.line("URL:" + page) // a URI, not TEXT: no escaping
		b.line("END:VEVENT")
	}
	b.line("END:VCALENDAR")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	u.servePublic(w, r, "text/calendar; charset=utf-8", b.Bytes())
}

// icsTime writes a moment in UTC, the form every calendar program reads.
func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsWriter writes content lines: CRLF endings, folded after 75 octets
// without splitting a UTF-8 character (RFC 5545 section 3.1).
type icsWriter struct{ bytes.Buffer }

func (b *icsWriter) line(s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		// A continuation's leading space counts towards its 75 octets.
		limit = 74
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

// prop writes a property whose value is TEXT, escaped.
func (b *icsWriter) prop(name, value string) {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	b.line(name + ":" + r.Replace(value))
}
