package server

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	ical "github.com/arran4/golang-ical"
	"github.com/mmcdole/gofeed"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// site is what seedSite puts on the public site.
type site struct {
	author    *tillit.Author
	image     *tillit.PublicFile
	document  *tillit.PublicFile
	published *tillit.NewsItem
	draft     *tillit.NewsItem
	scheduled *tillit.NewsItem
	event     *tillit.Event
	hidden    *tillit.Event
	page      *tillit.SitePage
	result    *tillit.ResultSummary
}

// tinyPNG is a valid 1×1 PNG.
var tinyPNG = []byte{0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
	0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
	0x4e, 0x44, 0xae, 0x42, 0x60, 0x82}

// tinyPDF is a small PDF the file store accepts.
func tinyPDF() []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// seedSite fills the public site: an author with a photo, a published
// article with a picture and tags, a draft, a scheduled item, a public
// and a hidden event, a page, a listed PDF, and a result summary of
// follow-up A (closed for it) that is not yet approved.
func (f *fixture) seedSite() *site {
	t, ctx, sys := f.t, context.Background(), tillit.SystemActor("test")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	s := &site{}
	put := func(name string, b []byte, kind tillit.FileKind) *tillit.PublicFile {
		st, err := f.files.Put(ctx, name, bytes.NewReader(b))
		must(err)
		pf := &tillit.PublicFile{Hash: st.Hash, Name: st.Name, Size: st.Size, ContentType: st.ContentType, Kind: kind}
		return pf
	}
	s.image = put("konferens.png", tinyPNG, tillit.FileImage)
	s.image.Alt = tillit.Translated{SV: "Deltagare vid konferensen", EN: "Participants at the conference"}
	must(f.db.CreatePublicFile(ctx, sys, s.image))
	s.document = put("vagledning.pdf", tinyPDF(), tillit.FileDocument)
	s.document.Title, s.document.Listed = tillit.Translated{SV: "Vägledning till uppförandekoden"}, true
	must(f.db.CreatePublicFile(ctx, sys, s.document))

	s.author = &tillit.Author{Name: "Pauline Göthberg", Role: tillit.Translated{SV: "Nationell samordnare", EN: "National coordinator"},
		Bio: tillit.Translated{SV: "Disputerade vid KTH 2011 om hållbart företagande."}, PhotoID: s.image.ID}
	must(f.db.SaveAuthor(ctx, sys, s.author))

	s.published = &tillit.NewsItem{Title: tillit.Translated{SV: "Studieresa till Pakistan", EN: "Study trip to Pakistan"},
		Summary:  tillit.Translated{SV: "Kansliet besökte instrumenttillverkare i Sialkot.", EN: "The office visited instrument makers in Sialkot."},
		Body:     tillit.Translated{SV: "## Vad vi såg\n\nFabriker i **Sialkot**.<script>alert(1)</script>\n\n![Verkstad i Sialkot](/files/1/a.png)"},
		AuthorID: s.author.ID, ImageID: s.image.ID, Status: tillit.NewsPublished, PublishAt: f.now.Add(-48 * time.Hour),
		RegionIDs: []int64{f.orgs["Region Norrbotten"].ID}, Categories: []int64{f.category.ID}}
	must(f.db.SaveNews(ctx, sys, s.published))
	s.draft = &tillit.NewsItem{Title: tillit.Translated{SV: "Hemligt utkast"}, Summary: tillit.Translated{SV: "Inte klart."}, Status: tillit.NewsDraft}
	must(f.db.SaveNews(ctx, sys, s.draft))
	s.scheduled = &tillit.NewsItem{Title: tillit.Translated{SV: "Kommande nyhet"}, Summary: tillit.Translated{SV: "Publiceras senare."},
		Status: tillit.NewsPublished, PublishAt: f.now.Add(72 * time.Hour)}
	must(f.db.SaveNews(ctx, sys, s.scheduled))

	s.event = &tillit.Event{Title: tillit.Translated{SV: "Webbinarium om högriskmineraler"}, Description: tillit.Translated{SV: "Om kartläggningen, del 1; del 2."},
		StartsAt: f.now.Add(7 * 24 * time.Hour), EndsAt: f.now.Add(7*24*time.Hour + 90*time.Minute), OnlineURL: "https://example.se/webbinarium", Published: true}
	must(f.db.SaveEvent(ctx, sys, s.event))
	s.hidden = &tillit.Event{Title: tillit.Translated{SV: "Internt planeringsmöte"}, StartsAt: f.now.Add(24 * time.Hour), EndsAt: f.now.Add(25 * time.Hour), Place: "Kansliet"}
	must(f.db.SaveEvent(ctx, sys, s.hidden))
	s.page = &tillit.SitePage{Title: tillit.Translated{SV: "Om samarbetet"}, Body: tillit.Translated{SV: "Sveriges regioner samarbetar sedan 2010."}, Published: true}
	must(f.db.SaveSitePage(ctx, sys, s.page))

	coord := tillit.ActorOf(f.users[tillit.RoleCoordinator])
	_, _, err := f.db.ChangeFollowUp(ctx, coord, f.followUpA.ID, func(fu *tillit.FollowUp) (tillit.FollowUpEvent, error) {
		return fu.Close(coord, f.now, tillit.CloseContractsExpired, "")
	})
	must(err)
	s.result = &tillit.ResultSummary{FollowUpID: f.followUpA.ID, Light: tillit.LightYellow,
		Summary: tillit.Translated{SV: "Avtalen löpte ut innan riskanalysen var klar."}}
	must(f.db.SaveResultSummary(ctx, sys, s.result))
	return s
}

// wantCacheable checks that a public response can be kept by any cache.
func wantCacheable(t *testing.T, res response) {
	t.Helper()
	if res.Header.Get("ETag") == "" || res.Header.Get("Last-Modified") == "" || !strings.Contains(res.Header.Get("Cache-Control"), "public") {
		t.Errorf("%s: ETag %q, Last-Modified %q, Cache-Control %q", res.Request.URL.Path, res.Header.Get("ETag"), res.Header.Get("Last-Modified"), res.Header.Get("Cache-Control"))
	}
	if c := res.Header.Get("Set-Cookie"); c != "" {
		t.Errorf("%s sets a cookie: %s", res.Request.URL.Path, c)
	}
}

func TestPublicSiteAnonymous(t *testing.T) {
	f := newFixture(t)
	s := f.seedSite()
	anon := f.client()
	article := "/news/" + s.published.Slug

	t.Run("front page", func(t *testing.T) {
		res := anon.get("/start")
		wantStatus(t, res, http.StatusOK)
		wantCacheable(t, res)
		wantBody(t, res, `<html lang="sv">`, "Studieresa till Pakistan", "Webbinarium om högriskmineraler", `action="/newsletter"`,
			`<link rel="canonical" href="http://tillit.test/start">`, `<meta property="og:title"`, `hreflang="en" href="http://tillit.test/start?lang=en"`)
		wantNoBody(t, res, "Hemligt utkast", "Kommande nyhet", "Internt planeringsmöte", `name="csrf"`)
	})

	t.Run("article", func(t *testing.T) {
		res := anon.get(article)
		wantStatus(t, res, http.StatusOK)
		wantCacheable(t, res)
		wantBody(t, res, "<h1>Studieresa till Pakistan</h1>", ">Om författaren</h2>", "Pauline Göthberg", "Nationell samordnare",
			"Disputerade vid KTH", "<h3>Vad vi såg</h3>", `alt="Deltagare vid konferensen"`, `property="og:type" content="article"`,
			`property="og:image" content="http://tillit.test/files/`, `href="/news?region=`, "Tandvårdsmaterial", `href="/authors/pauline-gothberg"`)
		wantNoBody(t, res, "<script>alert", "Hemligt utkast")
		// English where translated, Swedish marked as such where not.
		en := anon.get(article + "?lang=en")
		wantBody(t, en, `<html lang="en">`, "<h1>Study trip to Pakistan</h1>", "About the author", `<link rel="canonical" href="http://tillit.test/news/studieresa-till-pakistan?lang=en">`,
			`<p lang="sv">Disputerade vid KTH`)
	})

	t.Run("drafts and scheduled items are not found", func(t *testing.T) {
		wantStatus(t, anon.get("/news/"+s.draft.Slug), http.StatusNotFound)
		wantStatus(t, anon.get("/news/"+s.scheduled.Slug), http.StatusNotFound)
		f.advance(73 * time.Hour)
		wantStatus(t, anon.get("/news/"+s.scheduled.Slug), http.StatusOK)
		f.advance(-73 * time.Hour)
	})

	t.Run("lists, archive and author", func(t *testing.T) {
		res := anon.get("/news")
		wantBody(t, res, "Studieresa till Pakistan", `href="/news/archive/2026/2"`)
		wantNoBody(t, res, "Hemligt utkast", "Kommande nyhet")
		wantBody(t, anon.get("/news/archive"), "2026", "februari")
		wantBody(t, anon.get("/news/archive/2026/2"), "Studieresa till Pakistan")
		wantNoBody(t, anon.get("/news/archive/2026/3"), "Studieresa till Pakistan")
		wantBody(t, anon.get(fmt.Sprintf("/news?region=%d", f.orgs["Region Norrbotten"].ID)), "Nyheter om Region Norrbotten", "Studieresa till Pakistan")
		wantNoBody(t, anon.get(fmt.Sprintf("/news?region=%d", f.orgs["Region Skåne"].ID)), "Studieresa till Pakistan")
		wantStatus(t, anon.get(fmt.Sprintf("/news?region=%d", f.orgs["Leverantör A"].ID)), http.StatusNotFound)
		wantBody(t, anon.get(fmt.Sprintf("/news?category=%d", f.category.ID)), "Studieresa till Pakistan")
		res = anon.get("/authors/" + s.author.Slug)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "<h1>Pauline Göthberg</h1>", "Skrivet av Pauline Göthberg", "Studieresa till Pakistan")
	})

	t.Run("calendar", func(t *testing.T) {
		res := anon.get("/calendar")
		wantCacheable(t, res)
		wantBody(t, res, "Webbinarium om högriskmineraler", `href="/calendar.ics"`)
		wantNoBody(t, res, "Internt planeringsmöte")
		wantStatus(t, anon.get(fmt.Sprintf("/calendar/%d", s.hidden.ID)), http.StatusNotFound)
		res = anon.get(fmt.Sprintf("/calendar/%d", s.event.ID))
		wantBody(t, res, "Delta på distans", "https://example.se/webbinarium")
		wantStatus(t, anon.get("/calendar?past=1"), http.StatusOK)
	})

	t.Run("iCalendar parses", func(t *testing.T) {
		res := anon.get("/calendar.ics")
		wantStatus(t, res, http.StatusOK)
		wantCacheable(t, res)
		if ct := res.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		cal, err := ical.ParseCalendar(strings.NewReader(res.Body))
		if err != nil {
			t.Fatalf("the calendar does not parse: %v\n%s", err, res.Body)
		}
		evs := cal.Events()
		if len(evs) != 1 {
			t.Fatalf("%d events, want only the published one", len(evs))
		}
		e := evs[0]
		if got := e.GetProperty(ical.ComponentPropertySummary).Value; got != "Webbinarium om högriskmineraler" {
			t.Errorf("SUMMARY %q", got)
		}
		if got := e.GetProperty(ical.ComponentPropertyUniqueId).Value; got != s.event.UID {
			t.Errorf("UID %q, want %q", got, s.event.UID)
		}
		start, err := e.GetStartAt()
		if err != nil || !start.Equal(s.event.StartsAt) {
			t.Errorf("DTSTART %v, %v; want %v", start, err, s.event.StartsAt)
		}
		end, err := e.GetEndAt()
		if err != nil || !end.Equal(s.event.EndsAt) {
			t.Errorf("DTEND %v, %v", end, err)
		}
		if d := e.GetProperty(ical.ComponentPropertyDescription); d == nil || !strings.Contains(d.Value, `del 1\; del 2`) && !strings.Contains(d.Value, "del 1; del 2") {
			t.Errorf("DESCRIPTION %+v", d)
		}
		one := anon.get(fmt.Sprintf("/calendar/%d/event.ics", s.event.ID))
		if _, err := ical.ParseCalendar(strings.NewReader(one.Body)); err != nil {
			t.Errorf("the event's file does not parse: %v", err)
		}
		for _, line := range strings.Split(res.Body, "\r\n") {
			if len(line) > 75 {
				t.Errorf("a line of %d octets: %q", len(line), line)
			}
		}
	})

	t.Run("Atom feed parses", func(t *testing.T) {
		res := anon.get("/feed.xml")
		wantStatus(t, res, http.StatusOK)
		wantCacheable(t, res)
		feed, err := gofeed.NewParser().ParseString(res.Body)
		if err != nil {
			t.Fatalf("the feed does not parse: %v\n%s", err, res.Body)
		}
		if feed.FeedType != "atom" || len(feed.Items) != 1 {
			t.Fatalf("feed type %s with %d items, want atom with the one visible item", feed.FeedType, len(feed.Items))
		}
		it := feed.Items[0]
		if it.Title != "Studieresa till Pakistan" || it.Link != "http://tillit.test"+article || it.Authors[0].Name != "Pauline Göthberg" {
			t.Errorf("item: %q %q %v", it.Title, it.Link, it.Authors[0])
		}
		if strings.Contains(it.Content, "<script") || !strings.Contains(it.Content, "<strong>Sialkot</strong>") {
			t.Errorf("content %q", it.Content)
		}
		if it.PublishedParsed == nil || !it.PublishedParsed.Equal(s.published.PublishAt) {
			t.Errorf("published %v", it.PublishedParsed)
		}
	})

	t.Run("sitemap and robots", func(t *testing.T) {
		res := anon.get("/sitemap.xml")
		wantBody(t, res, "<loc>http://tillit.test/start</loc>", "<loc>http://tillit.test"+article+"</loc>", "<loc>http://tillit.test/pages/om-samarbetet</loc>",
			fmt.Sprintf("<loc>http://tillit.test/calendar/%d</loc>", s.event.ID), "<loc>http://tillit.test/authors/pauline-gothberg</loc>")
		wantNoBody(t, res, s.draft.Slug, s.scheduled.Slug, fmt.Sprintf("/calendar/%d<", s.hidden.ID))
		wantBody(t, anon.get("/robots.txt"), "Sitemap: http://tillit.test/sitemap.xml", "Disallow: /editor", "Allow: /news")
	})

	t.Run("pages, documents and files", func(t *testing.T) {
		wantBody(t, anon.get("/pages/om-samarbetet"), "<h1>Om samarbetet</h1>", "sedan 2010")
		res := anon.get("/documents")
		wantBody(t, res, "Vägledning till uppförandekoden", "(PDF, "+strconv.FormatInt(s.document.Size, 10)+" B)", fmt.Sprintf(`href="/files/%d/vagledning.pdf"`, s.document.ID))
		file := anon.get(fmt.Sprintf("/files/%d/vagledning.pdf", s.document.ID))
		wantStatus(t, file, http.StatusOK)
		if file.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(file.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("document headers: %v", file.Header)
		}
		img := anon.get(fmt.Sprintf("/files/%d/konferens.png", s.image.ID))
		if img.Header.Get("Content-Type") != "image/png" || img.Header.Get("Content-Disposition") != "" || img.Body != string(tinyPNG) {
			t.Errorf("picture: %v", img.Header)
		}
	})

	t.Run("results appear after approval and the review window", func(t *testing.T) {
		res := anon.get("/results")
		wantBody(t, res, "Inga resultat är publicerade ännu.")
		wantNoBody(t, res, "Avtalen löpte ut", "Leverantör A")
		coord := f.client().signIn(tillit.RoleCoordinator)
		wantRedirect(t, coord.post(fmt.Sprintf("/publication/results/%d/approve", s.result.ID), nil), "/publication")
		wantNoBody(t, anon.get("/results"), "Avtalen löpte ut")
		f.advance(14*24*time.Hour - time.Minute)
		wantNoBody(t, anon.get("/results"), "Avtalen löpte ut")
		f.advance(time.Minute)
		res = anon.get("/results")
		wantBody(t, res, "Leverantör A", "Tandvårdsmaterial", "Avtalen löpte ut innan riskanalysen var klar.", `class="light light-yellow">Gul</span>`)
		// Nothing else about the follow-up leaks: not its deviations,
		// its actions, its regions' people or its audit firm.
		wantNoBody(t, res, "Ingen riskanalys av leveranskedjan", "Gör en riskanalys", "Revisionsbyrån", "Test coordinator", "NLL-2025-1")
		f.advance(-14 * 24 * time.Hour)
	})

	t.Run("annual report only once published", func(t *testing.T) {
		wantStatus(t, anon.get("/annual-reports/2026/report.pdf"), http.StatusNotFound)
		wantNoBody(t, anon.get("/annual-reports"), "/annual-reports/2026/report.pdf")
		officer := f.client().signIn(tillit.RoleOfficer)
		wantRedirect(t, officer.post("/publication/reports/2026/publish", nil), "/publication")
		wantBody(t, anon.get("/annual-reports"), `href="/annual-reports/2026/report.pdf"`)
		pdf := anon.get("/annual-reports/2026/report.pdf")
		wantStatus(t, pdf, http.StatusOK)
		if pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.Body, "%PDF-") {
			t.Errorf("report: %s, %q", pdf.Header.Get("Content-Type"), clip(pdf.Body[:min(len(pdf.Body), 20)]))
		}
		wantStatus(t, anon.get("/annual-reports/2025/report.pdf"), http.StatusNotFound)
		wantRedirect(t, officer.post("/publication/reports/2026/unpublish", nil), "/publication")
		wantStatus(t, anon.get("/annual-reports/2026/report.pdf"), http.StatusNotFound)
	})

	t.Run("conditional requests get 304", func(t *testing.T) {
		first := anon.get("/start")
		etag, mod := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
		req, _ := http.NewRequest("GET", f.ts.URL+"/start", nil)
		req.Header.Set("If-None-Match", etag)
		wantStatus(t, anon.do(req), http.StatusNotModified)
		req, _ = http.NewRequest("GET", f.ts.URL+"/start", nil)
		req.Header.Set("If-Modified-Since", mod)
		wantStatus(t, anon.do(req), http.StatusNotModified)
		// An edit changes both.
		editor := f.client().signIn(tillit.RoleEditor)
		f.advance(time.Minute)
		wantRedirect(t, editor.post("/editor/settings", url.Values{"intro_sv": {"Ny inledning."}}), "/editor")
		req, _ = http.NewRequest("GET", f.ts.URL+"/start", nil)
		req.Header.Set("If-None-Match", etag)
		res := anon.do(req)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Ny inledning.")
		if res.Header.Get("Last-Modified") == mod {
			t.Error("Last-Modified did not move with the edit")
		}
		for _, p := range []string{"/feed.xml", "/calendar.ics", "/sitemap.xml", "/robots.txt", "/news"} {
			r1 := anon.get(p)
			req, _ := http.NewRequest("GET", f.ts.URL+p, nil)
			req.Header.Set("If-None-Match", r1.Header.Get("ETag"))
			wantStatus(t, anon.do(req), http.StatusNotModified)
		}
	})

	t.Run("a form from another site is refused", func(t *testing.T) {
		req, _ := http.NewRequest("POST", f.ts.URL+"/newsletter", strings.NewReader("email=x%40example.se"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://evil.example")
		wantStatus(t, anon.do(req), http.StatusForbidden)
	})
}

// postMultipart sends a multipart form with one file, as a browser does.
func (c *client) postMultipart(path string, fields url.Values, field, name string, content []byte) response {
	c.f.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("csrf", c.csrf())
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.f.ts.URL+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.f.ts.URL)
	return c.do(req)
}

func TestEditorWritesTheSite(t *testing.T) {
	f := newFixture(t)
	editor := f.client().signIn(tillit.RoleEditor)
	anon := f.client()

	// A picture needs its alt text, and a file is judged by its content.
	wantStatus(t, editor.postMultipart("/editor/files", url.Values{"kind": {"image"}}, "file", "bild.png", tinyPNG), http.StatusBadRequest)
	res := editor.postMultipart("/editor/files", url.Values{"kind": {"image"}}, "file", "bild.png", []byte("MZ this is no picture"))
	wantStatus(t, res, http.StatusBadRequest)
	res = editor.postMultipart("/editor/files", url.Values{"kind": {"document"}, "title_sv": {"Broschyr"}}, "file", "broschyr.pdf", tinyPNG)
	wantStatus(t, res, http.StatusBadRequest)
	res = editor.postMultipart("/editor/files", url.Values{"kind": {"image"}, "alt_sv": {"Deltagare i workshopen"}}, "file", "bild.png", tinyPNG)
	wantStatus(t, res, http.StatusSeeOther)
	imgPath := res.Header.Get("Location")
	imgID := strings.TrimPrefix(imgPath, "/editor/files/")
	wantBody(t, editor.get(imgPath), "Deltagare i workshopen", "/files/"+imgID+"/bild.png")

	// An author, then a news item.
	res = editor.post("/editor/authors", url.Values{"name": {"Karin Lonaeus"}, "role_sv": {"Hållbarhetsstrateg"}, "photo": {imgID}})
	wantStatus(t, res, http.StatusSeeOther)
	authorID := strings.TrimPrefix(res.Header.Get("Location"), "/editor/authors/")

	form := url.Values{"title_sv": {"Workshop vid Swedish Medtechs konferens"}, "summary_sv": {"Om hållbarhet som konkurrensfördel."},
		"body_sv": {"Vi höll en workshop.\n\n![](/files/" + imgID + "/bild.png)"}, "author": {authorID}, "image": {imgID}}
	res = editor.post("/editor/news", form)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Varje bild behöver en textbeskrivning", `aria-invalid="true"`)
	form.Set("body_sv", "Vi höll en workshop.\n\n![Deltagare i workshopen](/files/"+imgID+"/bild.png)\n\n[fel](javascript:alert(1))")
	wantStatus(t, editor.post("/editor/news", form), http.StatusBadRequest)
	form.Set("body_sv", "Vi höll en workshop.\n\n![Deltagare i workshopen](/files/"+imgID+"/bild.png)")
	res = editor.post("/editor/news", form)
	wantStatus(t, res, http.StatusSeeOther)
	newsPath := res.Header.Get("Location")
	slug := "workshop-vid-swedish-medtechs-konferens"

	// A draft: the editor previews it, the public does not see it.
	wantStatus(t, anon.get("/news/"+slug), http.StatusNotFound)
	res = editor.get(newsPath + "/preview")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Förhandsvisning:", "<h1>Workshop vid Swedish Medtechs konferens</h1>", `<meta name="robots" content="noindex">`, "Karin Lonaeus")
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("preview Cache-Control %q", res.Header.Get("Cache-Control"))
	}

	// Schedule it, then publish it now.
	later := f.now.Add(48 * time.Hour).In(time.FixedZone("CET", 3600)).Format("2006-01-02T15:04")
	wantRedirect(t, editor.post(newsPath+"/publish", url.Values{"at": {later}}), newsPath)
	wantBody(t, editor.get(newsPath), "Schemalagd")
	wantStatus(t, anon.get("/news/"+slug), http.StatusNotFound)
	wantRedirect(t, editor.post(newsPath+"/publish", nil), newsPath)
	wantBody(t, anon.get("/news/"+slug), "Workshop vid Swedish Medtechs konferens", "Karin Lonaeus")

	// The same title the same day is refused.
	dup := url.Values{"title_sv": {"Workshop vid Swedish Medtechs konferens!"}, "summary_sv": {"Samma igen."}}
	res = editor.post("/editor/news", dup)
	wantStatus(t, res, http.StatusSeeOther)
	dupPath := res.Header.Get("Location")
	res = editor.post(dupPath+"/publish", nil)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "En artikel med den här rubriken är redan publicerad")

	// Unpublish takes it off the site.
	wantRedirect(t, editor.post(newsPath+"/unpublish", nil), newsPath)
	wantStatus(t, anon.get("/news/"+slug), http.StatusNotFound)

	// Events and pages.
	res = editor.post("/editor/events", url.Values{"title_sv": {"Leverantörskonferens"}, "starts_at": {"2026-05-04T09:30"}, "ends_at": {"2026-05-04T16:30"},
		"place": {"Stockholm"}, "published": {"yes"}})
	wantStatus(t, res, http.StatusSeeOther)
	wantBody(t, anon.get("/calendar"), "Leverantörskonferens", "4 maj 2026 9.30–16.30")
	wantStatus(t, editor.post("/editor/events", url.Values{"title_sv": {"Utan plats"}, "starts_at": {"2026-05-04T09:30"}, "ends_at": {"2026-05-04T08:30"}}), http.StatusBadRequest)
	res = editor.post("/editor/pages", url.Values{"title_sv": {"Så går uppföljningen till"}, "body_sv": {"Först en självskattning."}, "published": {"yes"}, "position": {"2"}})
	wantStatus(t, res, http.StatusSeeOther)
	wantBody(t, anon.get("/pages/sa-gar-uppfoljningen-till"), "Först en självskattning.")
	wantBody(t, anon.get("/start"), `href="/pages/sa-gar-uppfoljningen-till"`)

	// Nobody else writes the site.
	for _, role := range []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator} {
		c := f.client().signIn(role)
		wantStatus(t, c.post("/editor/news", dup), http.StatusForbidden)
	}
}

func TestResultApprovalIsTheRegions(t *testing.T) {
	f := newFixture(t)
	s := f.seedSite()
	editor := f.client().signIn(tillit.RoleEditor)
	res := editor.get("/editor/results")
	wantBody(t, res, "Leverantör A", "Väntar på godkännande")
	wantBody(t, editor.get(fmt.Sprintf("/editor/results/%d", s.result.ID)), "Avtalen löpte ut")
	// The editor cannot approve; a coordinator of another region cannot
	// either, and does not even see it.
	wantStatus(t, editor.post(fmt.Sprintf("/publication/results/%d/approve", s.result.ID), nil), http.StatusForbidden)
	ctx := context.Background()
	other := &tillit.User{Email: "coord.skane@example.org", Name: "Skånes samordnare", Lang: tillit.Swedish,
		Memberships: []tillit.Membership{{OrgID: f.orgs["Region Skåne"].ID, Role: tillit.RoleCoordinator}}}
	if err := f.db.CreateUser(ctx, tillit.SystemActor("test"), other, mustHash(t)); err != nil {
		t.Fatal(err)
	}
	oc := f.client()
	wantStatus(t, oc.post("/login", url.Values{"email": {other.Email}, "password": {testPassword}}), http.StatusSeeOther)
	wantNoBody(t, oc.get("/publication"), "Avtalen löpte ut")
	wantStatus(t, oc.post(fmt.Sprintf("/publication/results/%d/approve", s.result.ID), nil), http.StatusForbidden)

	// The office shortens the window; the responsible coordinator approves.
	officer := f.client().signIn(tillit.RoleOfficer)
	wantStatus(t, officer.post("/publication/review-window", url.Values{"days": {"-1"}}), http.StatusBadRequest)
	wantRedirect(t, officer.post("/publication/review-window", url.Values{"days": {"3"}}), "/publication")
	coord := f.client().signIn(tillit.RoleCoordinator)
	wantBody(t, coord.get("/publication"), "Avtalen löpte ut", "Godkänn för publicering", "3 dagar senare")
	wantRedirect(t, coord.post(fmt.Sprintf("/publication/results/%d/approve", s.result.ID), nil), "/publication")
	f.advance(3 * 24 * time.Hour)
	wantBody(t, f.client().get("/results"), "Avtalen löpte ut")
	// Editing the text withdraws the approval at once.
	editor = f.client().signIn(tillit.RoleEditor)
	wantStatus(t, editor.post(fmt.Sprintf("/editor/results/%d", s.result.ID), url.Values{"light": {"green"}, "summary_sv": {"Ny text."}}), http.StatusSeeOther)
	wantNoBody(t, f.client().get("/results"), "Avtalen löpte ut", "Ny text.")
	rs, err := f.db.FindResultSummaries(ctx, sqldb.ResultFilter{AwaitingOnly: true})
	if err != nil || len(rs) != 1 {
		t.Fatalf("awaiting: %v, %v", rs, err)
	}
}

func mustHash(t *testing.T) string {
	t.Helper()
	h, err := password.Hash(testPassword, password.Fast)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// renderSitePages visits every page of the public site and the editor's
// pages, for TestEveryPageRendered.
func (f *fixture) renderSitePages(t *testing.T) {
	ctx := context.Background()
	s := f.seedSite()
	anon := f.client()
	for path, want := range map[string]string{
		"/start": "Senaste nytt", "/news": "Studieresa till Pakistan", "/news/archive": "Nyhetsarkiv",
		"/news/" + s.published.Slug: "Om författaren", "/authors/" + s.author.Slug: "Pauline Göthberg",
		"/calendar": "Webbinarium om högriskmineraler", fmt.Sprintf("/calendar/%d", s.event.ID): "Delta på distans",
		"/newsletter": "Prenumerera", "/newsletter/privacy": "Skicka länken till mig", "/pages/" + s.page.Slug: "Om samarbetet",
		"/documents": "Vägledning till uppförandekoden", "/results": "Resultat av uppföljningar", "/annual-reports": "Verksamhetsberättelser",
	} {
		res := anon.get(path)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, want)
	}
	wantBody(t, anon.get("/news/no-such-item"), "Nyheten hittades inte.")
	secret, err := f.db.Subscribe(ctx, "dora@example.se", tillit.Swedish)
	if err != nil {
		t.Fatal(err)
	}
	wantBody(t, anon.get("/newsletter/confirm/"+secret), "dora@example.se")
	access, _, err := f.db.RequestSubscriberAccess(ctx, "dora@example.se")
	if err != nil {
		t.Fatal(err)
	}
	wantBody(t, anon.get("/newsletter/privacy/"+access), "Väntar på bekräftelse")

	editor := f.client().signIn(tillit.RoleEditor)
	issue := &tillit.NewsletterIssue{Subject: tillit.Translated{SV: "Nyhetsbrev"}, NewsIDs: []int64{s.published.ID}}
	if err := f.db.SaveNewsletterIssue(ctx, tillit.SystemActor("test"), issue); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"/editor": "Startsidan", "/editor/news": "Studieresa till Pakistan", "/editor/news/new": "Spara som utkast",
		fmt.Sprintf("/editor/newsletter/%d", issue.ID): "Skicka nyhetsbrevet", "/editor/subscribers?email=dora@example.se": "Registrera en studs",
		"/editor/files": "Ladda upp", fmt.Sprintf("/editor/results/%d", s.result.ID): "Trafikljus",
	} {
		res := editor.get(path)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, want)
	}
	wantBody(t, f.client().signIn(tillit.RoleOfficer).get("/publication"), "Leverantörens granskningstid", "Avtalen löpte ut")
}
