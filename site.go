package tillit

import (
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The public site (issue 8): the collaboration's face to the public. The
// web editor writes news, keeps the calendar, the static pages, the
// documents and the newsletter; summaries of closed follow-ups appear
// only once a responsible region (or the office) has approved them and
// the supplier has had its review window. Content is written in Swedish
// and may be translated into English, field by field.

// Translated is a text in Swedish with an optional English translation.
type Translated struct {
	SV string
	EN string
}

// In returns the text in lang when it is translated, else the Swedish, and
// the language of what it returned, so a page can mark Swedish text shown
// on an English page with lang="sv".
func (t Translated) In(lang Lang) (string, Lang) {
	if lang == English && strings.TrimSpace(t.EN) != "" {
		return t.EN, English
	}
	return t.SV, Swedish
}

// Text returns the text in lang, or the Swedish when it is not translated.
func (t Translated) Text(lang Lang) string { s, _ := t.In(lang); return s }

// Limits of public content, in characters.
const (
	maxSiteTitleLen   = 200
	maxSiteSummaryLen = 600
	maxSiteBodyLen    = 60_000
	maxSitePlaceLen   = 300
	maxSiteAltLen     = 300
	maxSiteBioLen     = 2000
	maxSiteURLLen     = 2000
)

// checkSiteText adds a problem when s is longer than limit characters.
func checkSiteText(p Problems, field, s string, limit int) {
	if utf8.RuneCountInString(s) > limit {
		p.Add(field, "The text can be at most %d characters.", limit)
	}
}

// checkSiteTranslated checks a required Swedish text and its optional English.
func checkSiteTranslated(p Problems, field string, t Translated, required bool, limit int) {
	if required && strings.TrimSpace(t.SV) == "" {
		p.Add(field+"_sv", "Enter the Swedish text.")
	}
	checkSiteText(p, field+"_sv", t.SV, limit)
	checkSiteText(p, field+"_en", t.EN, limit)
}

// NewsStatus says whether a news item is a draft or published. A published
// item whose PublishAt lies ahead is scheduled: it appears then.
type NewsStatus string

const (
	NewsDraft     NewsStatus = "draft"
	NewsPublished NewsStatus = "published"
)

// NewsItem is one article of the news ("Aktuellt").
type NewsItem struct {
	ID      int64
	Slug    string // the address: /news/{slug}; set when created, never changed
	Title   Translated
	Summary Translated // the lead, shown in lists, feeds and the newsletter
	Body    Translated // Markdown
	// AuthorID is the author shown under the article with their profile.
	AuthorID int64
	// ImageID is the article's picture (a PublicFile of kind image), 0 for none.
	ImageID int64
	Status  NewsStatus
	// PublishAt is when the item appears (or appeared); zero for a draft
	// that has never been scheduled.
	PublishAt  time.Time
	RegionIDs  []int64 // tags: the regions it concerns
	Categories []int64 // tags: the procurement categories it concerns
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Validate checks what an editor can get wrong.
func (n *NewsItem) Validate() error {
	p := Problems{}
	checkSiteTranslated(p, "title", n.Title, true, maxSiteTitleLen)
	checkSiteTranslated(p, "summary", n.Summary, true, maxSiteSummaryLen)
	checkSiteTranslated(p, "body", n.Body, false, maxSiteBodyLen)
	if n.EN() && strings.TrimSpace(n.Title.EN) == "" {
		p.Add("title_en", "Enter the English title too, or leave every English field empty.")
	}
	if n.Status != NewsDraft && n.Status != NewsPublished {
		p.Add("status", "Choose draft or published.")
	}
	if n.Status == NewsPublished && n.PublishAt.IsZero() {
		p.Add("publish_at", "Enter when the item is to be published.")
	}
	if !n.PublishAt.IsZero() && (n.PublishAt.Year() < 2000 || n.PublishAt.Year() > 2200) {
		p.Add("publish_at", "Enter a date between the years 2000 and 2200.")
	}
	return p.Err()
}

// EN reports whether any English text is written.
func (n *NewsItem) EN() bool {
	return strings.TrimSpace(n.Title.EN+n.Summary.EN+n.Body.EN) != ""
}

// Visible reports whether the public sees the item at now.
func (n *NewsItem) Visible(now time.Time) bool {
	return n.Status == NewsPublished && !n.PublishAt.IsZero() && !n.PublishAt.After(now)
}

// Scheduled reports whether the item is published but not yet visible.
func (n *NewsItem) Scheduled(now time.Time) bool {
	return n.Status == NewsPublished && n.PublishAt.After(now)
}

// TitleKey is the form of a title that the guard against publishing the
// same article twice compares: case, accents of a combining kind, spacing
// and punctuation do not make two titles different.
func TitleKey(title string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFC.String(strings.ToLower(title)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// Slugify makes the address part of a title: lower case ASCII letters and
// digits separated by single hyphens, å ä ö written a a o, at most 80
// characters. An empty result is "item".
func Slugify(s string) string {
	repl := strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "é", "e", "ü", "u", "æ", "ae", "ø", "o", "ß", "ss")
	s = repl.Replace(strings.ToLower(norm.NFC.String(s)))
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 80 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "item"
	}
	return out
}

// ValidSlug reports whether s could have come from Slugify, so a path
// value that could not can be refused before any query.
func ValidSlug(s string) bool {
	if s == "" || len(s) > 100 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Author is a person who writes news, with the profile shown under their
// articles ("Om författaren").
type Author struct {
	ID      int64
	Slug    string
	Name    string
	Role    Translated // what they do, e.g. "Hållbarhetsstrateg"
	Bio     Translated
	PhotoID int64 // a PublicFile of kind image, 0 for none
}

// Validate checks an author profile.
func (a *Author) Validate() error {
	p := Problems{}
	if strings.TrimSpace(a.Name) == "" {
		p.Add("name", "Enter the author's name.")
	}
	checkSiteText(p, "name", a.Name, maxSiteTitleLen)
	checkSiteTranslated(p, "role", a.Role, false, maxSiteTitleLen)
	checkSiteTranslated(p, "bio", a.Bio, false, maxSiteBioLen)
	return p.Err()
}

// Event is an entry of the public calendar.
type Event struct {
	ID          int64
	UID         string // the iCalendar UID, stable for the event's life
	Title       Translated
	Description Translated // Markdown
	StartsAt    time.Time
	EndsAt      time.Time
	Place       string // where, or empty for an online event
	OnlineURL   string // a link to join, or empty
	Published   bool
	// Sequence counts the changes, so calendar programs that imported the
	// event take the newest version (iCalendar SEQUENCE).
	Sequence  int
	UpdatedAt time.Time
}

// Validate checks an event.
func (e *Event) Validate() error {
	p := Problems{}
	checkSiteTranslated(p, "title", e.Title, true, maxSiteTitleLen)
	checkSiteTranslated(p, "description", e.Description, false, maxSiteBodyLen)
	if e.StartsAt.IsZero() {
		p.Add("starts_at", "Enter when the event starts.")
	}
	if e.EndsAt.IsZero() {
		p.Add("ends_at", "Enter when the event ends.")
	} else if e.EndsAt.Before(e.StartsAt) {
		p.Add("ends_at", "The event cannot end before it starts.")
	}
	for _, t := range []time.Time{e.StartsAt, e.EndsAt} {
		if !t.IsZero() && (t.Year() < 2000 || t.Year() > 2200) {
			p.Add("starts_at", "Enter a date between the years 2000 and 2200.")
		}
	}
	checkSiteText(p, "place", e.Place, maxSitePlaceLen)
	if strings.TrimSpace(e.Place) == "" && strings.TrimSpace(e.OnlineURL) == "" {
		p.Add("place", "Enter where the event is held, a link to join it online, or both.")
	}
	if e.OnlineURL != "" && !ValidWebURL(e.OnlineURL) {
		p.Add("online_url", "Enter the link as a full address starting with https:// or http://.")
	}
	return p.Err()
}

// ValidWebURL reports whether s is an absolute http or https address with
// a host, and nothing a page or a calendar could misread.
func ValidWebURL(s string) bool {
	if len(s) > maxSiteURLLen || strings.ContainsAny(s, " \t\r\n\"'<>\\") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

// SitePage is a static page of the public site: about the collaboration,
// how follow-up works, the code of conduct guidance.
type SitePage struct {
	ID        int64
	Slug      string
	Title     Translated
	Summary   Translated
	Body      Translated // Markdown
	Published bool
	Position  int // order in the site's menu and the sitemap
	UpdatedAt time.Time
}

// Validate checks a page.
func (s *SitePage) Validate() error {
	p := Problems{}
	checkSiteTranslated(p, "title", s.Title, true, maxSiteTitleLen)
	checkSiteTranslated(p, "summary", s.Summary, false, maxSiteSummaryLen)
	checkSiteTranslated(p, "body", s.Body, true, maxSiteBodyLen)
	if s.Position < 0 || s.Position > 1000 {
		p.Add("position", "Enter a position between 0 and 1000.")
	}
	return p.Err()
}

// FileKind says how the public site uses a file.
type FileKind string

const (
	FileImage    FileKind = "image"    // shown in pages; alt text required
	FileDocument FileKind = "document" // a PDF to download
)

// PublicFile is a file the public site shows or offers for download. The
// bytes live in the content-addressed file store.
type PublicFile struct {
	ID          int64
	Hash        string
	Name        string
	Size        int64
	ContentType string
	Kind        FileKind
	Title       Translated // documents: what the list shows
	Alt         Translated // images: the text alternative, required
	// Listed puts a document on the documents page.
	Listed bool
	// ReportYear marks a document as the annual report of that year (for
	// years before the computed reports), 0 for none.
	ReportYear int
	UploadedAt time.Time
}

// Validate checks a file's description against its kind and content.
func (f *PublicFile) Validate() error {
	p := Problems{}
	switch f.Kind {
	case FileImage:
		if !strings.HasPrefix(f.ContentType, "image/") {
			p.Add("file", "Choose a picture: PNG, JPEG, GIF or WebP.")
		}
		if strings.TrimSpace(f.Alt.SV) == "" {
			p.Add("alt_sv", "Describe the picture for those who cannot see it (alt text).")
		}
		checkSiteTranslated(p, "alt", f.Alt, false, maxSiteAltLen)
	case FileDocument:
		if f.ContentType != "application/pdf" {
			p.Add("file", "Choose a PDF file: documents are offered as PDF.")
		}
		checkSiteTranslated(p, "title", f.Title, true, maxSiteTitleLen)
	default:
		p.Add("kind", "Choose picture or document.")
	}
	if f.ReportYear != 0 && (f.ReportYear < 2000 || f.ReportYear > 2100) {
		p.Add("report_year", "Enter a year between 2000 and 2100, or leave it empty.")
	}
	return p.Err()
}

// ResultSummary is the public summary of a closed follow-up. It appears
// on the site once a coordinator of a responsible region (or the office)
// has approved it and the supplier's confidentiality review window that
// starts then has passed; changing the text withdraws the approval.
type ResultSummary struct {
	ID         int64
	FollowUpID int64
	Light      Light
	Summary    Translated
	// ApprovedAt is when publication was approved, zero while it waits.
	ApprovedAt    time.Time
	ApprovedBy    string // the approver's label, for the editor's list
	VisibleFrom   time.Time
	UpdatedAt     time.Time
	Supplier      string     // read from the follow-up
	Category      Translated // read from the follow-up
	ClosedAt      time.Time  // read from the follow-up
	ResponsibleIn []int64    // the follow-up's responsible regions
}

// Validate checks what the editor writes.
func (r *ResultSummary) Validate() error {
	p := Problems{}
	if r.FollowUpID <= 0 {
		p.Add("followup", "Choose the closed follow-up the summary is about.")
	}
	if !oneOf(r.Light, []Light{LightGreen, LightYellow, LightRed}) {
		p.Add("light", "Choose the traffic light: green, yellow or red.")
	}
	checkSiteTranslated(p, "summary", r.Summary, true, maxSiteSummaryLen*2)
	return p.Err()
}

// Public reports whether the public sees the summary at now.
func (r *ResultSummary) Public(now time.Time) bool {
	return !r.ApprovedAt.IsZero() && !r.VisibleFrom.IsZero() && !r.VisibleFrom.After(now)
}

// NormaliseEmail checks an e-mail address typed into a public form and
// returns it lower-case, or an EINVALID error on field.
func NormaliseEmail(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	a, err := mail.ParseAddress(s)
	if s == "" || err != nil || a.Address != s || len(s) > 254 || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return "", invalid(field, "Enter an e-mail address such as name@example.se.")
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return "", invalid(field, "Enter the e-mail address without letters such as å, ä or ö; ask your provider for the plain form.")
		}
	}
	return strings.ToLower(s), nil
}

// NewsletterIssue is one newsletter: a subject, a few words of
// introduction, and published news items, sent to every confirmed
// subscriber in their language.
type NewsletterIssue struct {
	ID       int64
	Subject  Translated
	Intro    Translated
	NewsIDs  []int64
	QueuedAt time.Time // when sending began; zero for a draft
	Created  time.Time
}

// Validate checks an issue before it is saved.
func (n *NewsletterIssue) Validate() error {
	p := Problems{}
	checkSiteTranslated(p, "subject", n.Subject, true, maxSiteTitleLen)
	checkSiteTranslated(p, "intro", n.Intro, false, maxSiteSummaryLen*3)
	if len(n.NewsIDs) == 0 {
		p.Add("news", "Choose at least one published news item.")
	}
	if len(n.NewsIDs) > 30 {
		p.Add("news", "Choose at most 30 news items.")
	}
	return p.Err()
}

// PublishDay is the Swedish calendar day of t, as DateOf gives it: the day
// the guard against double publishing compares and the archive counts.
func PublishDay(t time.Time) time.Time {
	loc, err := time.LoadLocation(ReportZone)
	if err != nil {
		loc = time.UTC
	}
	return DateOf(t.In(loc))
}
