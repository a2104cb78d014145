package ui

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/filestore"
	"github.com/tillit-project/tillit/internal/markdown"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// Static pages, documents and files, published results, annual reports,
// and what machines read: the Atom feed, the sitemap and robots.txt.

type sitePageView struct {
	publicPage
	Headline     langText
	Summary      langText
	Body         langText
	Updated      string
	Untranslated bool
}

// SitePage serves GET /pages/{slug}.
func (u *UI) SitePage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		slug := r.PathValue("slug")
		if !tillit.ValidSlug(slug) {
			u.publicError(w, r, tillit.Errorf(tillit.ENOTFOUND, "The page was not found."))
			return
		}
		sp, err := u.DB.FindSitePage(r.Context(), 0, slug)
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		title := textIn(sp.Title, lang)
		p := sitePageView{publicPage: u.publicBase(r, "/pages/"+sp.Slug, title.Text, sp.Summary.Text(lang)), Headline: title,
			Summary: textIn(sp.Summary, lang), Body: markdownIn(sp.Body, lang), Updated: longDate(sp.UpdatedAt, lang),
			Untranslated: lang == tillit.English && title.Lang != tillit.English}
		if p.Description == "" {
			p.Description = markdown.Excerpt(p.Body.Text, 200)
		}
		u.renderPublic(w, r, "public/page", p)
	})
}

type documentView struct {
	Title langText
	Href  string
	Size  string
	Date  string
	Year  int
}

type documentsPage struct {
	publicPage
	Documents []documentView
}

func documentOf(f *tillit.PublicFile, lang tillit.Lang) documentView {
	return documentView{Title: textIn(f.Title, lang), Href: fileHref(f), Size: formatSize(f.Size, lang), Date: longDate(f.UploadedAt, lang), Year: f.ReportYear}
}

// SiteDocuments serves GET /documents: the listed PDFs with their sizes.
func (u *UI) SiteDocuments() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		files, err := u.DB.FindPublicFiles(r.Context(), sqldb.PublicFileFilter{Kind: tillit.FileDocument, ListedOnly: true})
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		p := documentsPage{publicPage: u.publicBase(r, "/documents", T(lang, "Documents"), T(lang, "Guidance and other documents of the collaboration to download."))}
		for i := range files {
			p.Documents = append(p.Documents, documentOf(&files[i], lang))
		}
		u.renderPublic(w, r, "public/documents", p)
	})
}

// SiteFile serves GET /files/{id}/{name}: a picture to show or a document
// to download. Every file recorded for the site is public. The bytes
// never change (the store is content-addressed), so caches keep them.
func (u *UI) SiteFile() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := u.DB.FindPublicFile(r.Context(), pathNum(r, "id"))
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		if u.Files == nil {
			u.publicError(w, r, tillit.Errorf(tillit.ENOTFOUND, "The file was not found."))
			return
		}
		file, err := u.Files.Open(f.Hash)
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		defer file.Close()
		h := w.Header()
		h.Set("Content-Type", f.ContentType)
		if f.Kind == tillit.FileDocument {
			h.Set("Content-Disposition", filestore.ContentDisposition(f.Name))
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "public, max-age=86400")
		h.Set("ETag", `"`+f.Hash[:32]+`"`)
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		http.ServeContent(w, r, "", f.UploadedAt, file)
	})
}

type resultView struct {
	Supplier  string
	Category  string
	Light     string
	LightKey  string
	Closed    string
	ClosedISO string
	Summary   langText
}

type resultsPage struct {
	publicPage
	Results []resultView
}

// lightLabel names a traffic light.
func lightLabel(lang tillit.Lang, l tillit.Light) string {
	switch l {
	case tillit.LightGreen:
		return T(lang, "Green")
	case tillit.LightYellow:
		return T(lang, "Yellow")
	case tillit.LightRed:
		return T(lang, "Red")
	}
	return string(l)
}

// SiteResults serves GET /results: summaries of closed follow-ups that a
// responsible region approved and whose review window has passed.
func (u *UI) SiteResults() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		rs, err := u.DB.FindResultSummaries(r.Context(), sqldb.ResultFilter{PublicAt: u.DB.Now()})
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		p := resultsPage{publicPage: u.publicBase(r, "/results", T(lang, "Results of follow-ups"),
			T(lang, "Summaries of closed follow-ups of suppliers: what was found and how it ended."))}
		for _, res := range rs {
			p.Results = append(p.Results, resultView{Supplier: res.Supplier, Category: res.Category.Text(lang), Light: lightLabel(lang, res.Light),
				LightKey: string(res.Light), Closed: longDate(res.ClosedAt, lang), ClosedISO: isoTime(res.ClosedAt), Summary: textIn(res.Summary, lang)})
		}
		u.renderPublic(w, r, "public/results", p)
	})
}

type reportsPage struct {
	publicPage
	Computed  []int
	Documents []documentView
}

// SiteReports serves GET /annual-reports: the years the office published
// and the older reports uploaded as documents.
func (u *UI) SiteReports() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		years, err := u.DB.PublishedReports(r.Context())
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		docs, err := u.DB.FindPublicFiles(r.Context(), sqldb.PublicFileFilter{Kind: tillit.FileDocument, Reports: true})
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		p := reportsPage{publicPage: u.publicBase(r, "/annual-reports", T(lang, "Annual reports"), T(lang, "The collaboration's activity reports, year by year.")), Computed: years}
		for i := range docs {
			p.Documents = append(p.Documents, documentOf(&docs[i], lang))
		}
		u.renderPublic(w, r, "public/reports", p)
	})
}

// SiteReportPDF serves GET /annual-reports/{year}/report.pdf: the annual
// report as PDF, made by the same renderer as the internal download, for
// the years the office has published only.
func (u *UI) SiteReportPDF() http.Handler {
	inner := u.AnnualReportFile("pdf")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		year, err := reportYearParam(r)
		if err != nil {
			u.publicError(w, r, tillit.Errorf(tillit.ENOTFOUND, "The annual report was not found."))
			return
		}
		years, err := u.DB.PublishedReports(r.Context())
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		for _, y := range years {
			if y == year {
				inner.ServeHTTP(w, r.WithContext(web.WithLang(r.Context(), publicLang(r))))
				return
			}
		}
		u.publicError(w, r, tillit.Errorf(tillit.ENOTFOUND, "The annual report was not found."))
	})
}

// ---- Atom

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Link      atomLink   `xml:"link"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Author    atomPerson `xml:"author"`
	Summary   atomText   `xml:"summary"`
	Content   atomText   `xml:"content"`
}

// SiteFeed serves GET /feed.xml: the latest twenty news items as Atom.
func (u *UI) SiteFeed() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		list, err := u.DB.FindNewsList(r.Context(), sqldb.NewsFilter{VisibleAt: u.DB.Now(), Limit: 20})
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		feed := atomFeed{Lang: string(lang), Title: siteName + " – " + T(lang, "News"), ID: u.absolute(langPath("/news", lang)),
			Links:  []atomLink{{Rel: "self", Href: u.absolute(langPath("/feed.xml", lang)), Type: "application/atom+xml"}, {Rel: "alternate", Href: u.absolute(langPath("/news", lang)), Type: "text/html"}},
			Author: atomPerson{Name: siteName}}
		updated := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		for _, e := range list {
			link := u.absolute(langPath("/news/"+e.Slug, lang))
			author := e.AuthorName
			if author == "" {
				author = siteName
			}
			up := e.UpdatedAt
			if up.Before(e.PublishAt) {
				up = e.PublishAt
			}
			if up.After(updated) {
				updated = up
			}
			feed.Entries = append(feed.Entries, atomEntry{Title: e.Title.Text(lang), ID: u.absolute("/news/" + e.Slug), Link: atomLink{Rel: "alternate", Href: link, Type: "text/html"},
				Published: e.PublishAt.UTC().Format(time.RFC3339), Updated: up.UTC().Format(time.RFC3339), Author: atomPerson{Name: author},
				Summary: atomText{Type: "text", Body: e.Summary.Text(lang)}, Content: atomText{Type: "html", Body: string(markdown.HTML(e.Body.Text(lang)))}})
		}
		feed.Updated = updated.UTC().Format(time.RFC3339)
		var buf bytes.Buffer
		buf.WriteString(xml.Header)
		enc := xml.NewEncoder(&buf)
		enc.Indent("", "  ")
		if err := enc.Encode(feed); err != nil {
			u.publicError(w, r, err)
			return
		}
		u.servePublic(w, r, "application/atom+xml; charset=utf-8", buf.Bytes())
	})
}

// ---- Sitemap and robots.txt

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// SiteSitemap serves GET /sitemap.xml: every public page in Swedish.
func (u *UI) SiteSitemap() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		now := u.DB.Now()
		var set sitemapURLSet
		add := func(path string, mod time.Time) {
			s := sitemapURL{Loc: u.absolute(path)}
			if !mod.IsZero() {
				s.LastMod = mod.UTC().Format("2006-01-02")
			}
			set.URLs = append(set.URLs, s)
		}
		for _, p := range []string{"/start", "/news", "/news/archive", "/calendar", "/results", "/annual-reports", "/documents", "/newsletter"} {
			add(p, time.Time{})
		}
		pages, err := u.DB.FindSitePages(ctx, true)
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		for _, p := range pages {
			add("/pages/"+p.Slug, p.UpdatedAt)
		}
		news, err := u.DB.FindNewsList(ctx, sqldb.NewsFilter{VisibleAt: now, Limit: 500, WithoutBody: true})
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		authors := map[string]bool{}
		for _, n := range news {
			add("/news/"+n.Slug, n.UpdatedAt)
			if n.AuthorSlug != "" && !authors[n.AuthorSlug] {
				authors[n.AuthorSlug] = true
				add("/authors/"+n.AuthorSlug, time.Time{})
			}
		}
		events, err := u.DB.FindEvents(ctx, sqldb.EventFilter{PublishedOnly: true, Limit: 500})
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		for _, e := range events {
			add("/calendar/"+strconv.FormatInt(e.ID, 10), e.UpdatedAt)
		}
		var buf bytes.Buffer
		buf.WriteString(xml.Header)
		enc := xml.NewEncoder(&buf)
		enc.Indent("", "  ")
		if err := enc.Encode(set); err != nil {
			u.publicError(w, r, err)
			return
		}
		u.servePublic(w, r, "application/xml; charset=utf-8", buf.Bytes())
	})
}

// SiteRobots serves GET /robots.txt: the public site may be indexed; the
// platform, the editor's pages and one-time links may not.
func (u *UI) SiteRobots() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		b.WriteString("User-agent: *\n")
		for _, p := range []string{"/start", "/news", "/authors/", "/calendar", "/pages/", "/documents", "/files/", "/results", "/annual-reports", "/newsletter", "/feed.xml"} {
			b.WriteString("Allow: " + p + "\n")
		}
		for _, p := range []string{"/newsletter/confirm/", "/newsletter/unsubscribe/", "/newsletter/privacy/", "/editor", "/publication", "/api/", "/login", "/password/", "/welcome/"} {
			b.WriteString("Disallow: " + p + "\n")
		}
		b.WriteString("Disallow: /\n\nSitemap: " + u.absolute("/sitemap.xml") + "\n")
		u.servePublic(w, r, "text/plain; charset=utf-8", []byte(b.String()))
	})
}
