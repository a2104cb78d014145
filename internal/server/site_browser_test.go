package server

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tillit-project/tillit/internal/browsertest"
	"github.com/tillit-project/tillit/internal/demo"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// TestBrowserPublicSite walks the demo's public site in headless Chromium
// as an anonymous visitor, by following its links and by address, runs
// axe-core (WCAG 2.1 A and AA) on every page, subscribes to the newsletter
// by keyboard, and checks that the pages fit 320 px without sideways
// scrolling. The feed and the calendar file are read with real parsers in
// TestPublicSiteAnonymous.
func TestBrowserPublicSite(t *testing.T) {
	ctx := browsertest.New(t)
	db := sqldbtest.Open(t)
	if _, err := demo.Load(context.Background(), db, demo.Options{Password: "demo password for the browser test", Hash: password.Fast}); err != nil {
		t.Fatal(err)
	}
	box := &outbox{}
	srv, err := New(Deps{DB: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Mail: box,
		Sessions: sqldb.SessionPolicy{Idle: time.Hour, Absolute: 12 * time.Hour}, Hash: password.Fast, PublicURL: "http://tillit.test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return s
	}
	location := func() string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimPrefix(s, ts.URL)
	}

	// In by the front door, then along the links a visitor would follow.
	run("open the front page", chromedp.Navigate(ts.URL+"/start"))
	if h := text("h1"); !strings.HasPrefix(h, "Hållbar upphandling") {
		t.Fatalf("front page heading %q", h)
	}
	browsertest.RequireNoViolations(t, ctx, "front page")
	run("open the latest article", chromedp.Click(chromedp.CSS(`ul.newslist a`)), chromedp.WaitVisible(chromedp.CSS(`article.news`)))
	if !strings.HasPrefix(location(), "/news/") {
		t.Fatalf("the article link led to %s", location())
	}
	browsertest.RequireNoViolations(t, ctx, "article")
	run("open the news list", chromedp.Click(chromedp.CSS(`nav a[href="/news"]`)), chromedp.WaitVisible(chromedp.CSS(`dl.archive`)))
	browsertest.RequireNoViolations(t, ctx, "news")
	run("open a month of the archive", chromedp.Click(chromedp.CSS(`dl.archive a`)), chromedp.WaitVisible(chromedp.CSS(`ul.newslist`)))
	browsertest.RequireNoViolations(t, ctx, "archive month")
	run("open an article with an author", chromedp.Navigate(ts.URL+"/news/ett-handelserikt-2018-for-regionernas-samarbete"),
		chromedp.WaitVisible(chromedp.CSS(`aside.author`)))
	if a := text(`aside.author h2`); a != "Om författaren" {
		t.Errorf("author box heading %q", a)
	}
	run("open the author's page", chromedp.Click(chromedp.CSS(`aside.author a`)), chromedp.WaitVisible(chromedp.CSS(`ul.newslist`)))
	if location() != "/authors/pauline-gothberg" {
		t.Errorf("author link led to %s", location())
	}
	browsertest.RequireNoViolations(t, ctx, "author")
	run("switch to English", chromedp.Click(chromedp.CSS(`a.langswitch`)), chromedp.WaitVisible(chromedp.CSS(`html[lang="en"] h1`)))
	browsertest.RequireNoViolations(t, ctx, "author in English")

	pages := []string{"/start?lang=en", "/news/archive", "/news/det-nationella-kansliet-traffar-region-blekinge?lang=en",
		"/calendar", "/calendar?past=1", "/calendar/1", "/pages/om-samarbetet", "/pages/sa-gar-uppfoljningen-till",
		"/pages/uppforandekoden-for-leverantorer-vagledning", "/documents", "/results", "/results?lang=en", "/annual-reports",
		"/newsletter", "/newsletter/privacy", "/news/no-such-article"}
	for _, p := range pages {
		run("open "+p, chromedp.Navigate(ts.URL+p))
		browsertest.RequireNoViolations(t, ctx, p)
	}

	// Subscribe by keyboard; the confirmation page and its answer.
	run("subscribe",
		chromedp.Navigate(ts.URL+"/newsletter"),
		chromedp.Focus(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "besokare@example.se\r"),
		chromedp.WaitVisible(chromedp.CSS(`div.message h1`)),
	)
	if h := text("main h1"); h != "Titta i din inkorg" {
		t.Fatalf("after subscribing: %q", h)
	}
	browsertest.RequireNoViolations(t, ctx, "subscribed")
	m := box.last(t)
	link := siteLinkRe.FindStringSubmatch(m.Text)
	if link == nil {
		t.Fatalf("no link in %q", m.Text)
	}
	run("open the confirmation link", chromedp.Navigate(ts.URL+link[1]))
	browsertest.RequireNoViolations(t, ctx, "confirm")
	run("confirm", chromedp.Click(chromedp.CSS(`main button`)), chromedp.WaitVisible(chromedp.CSS(`div.message h1`)))
	if h := text("main h1"); h != "Du prenumererar på nyhetsbrevet" {
		t.Fatalf("after confirming: %q", h)
	}
	browsertest.RequireNoViolations(t, ctx, "confirmed")

	// The web editor's pages, signed in as the demo editor.
	run("sign in as the editor",
		chromedp.Navigate(ts.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), "editor@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), "demo password for the browser test\r"),
		chromedp.WaitVisible(chromedp.CSS("nav")),
	)
	for _, p := range []string{"/editor", "/editor/news", "/editor/news/new", "/editor/news/1", "/editor/news/1/preview", "/editor/authors/1",
		"/editor/events", "/editor/events/new", "/editor/pages/1", "/editor/files", "/editor/newsletter", "/editor/newsletter/new",
		"/editor/subscribers?email=besokare@example.se", "/editor/results", "/editor/results/1"} {
		run("open "+p, chromedp.Navigate(ts.URL+p))
		browsertest.RequireNoViolations(t, ctx, p)
	}
	run("sign out", chromedp.Navigate(ts.URL+"/editor"), chromedp.Click(chromedp.CSS(`form.signout button`)), chromedp.WaitVisible(chromedp.CSS("#email")))

	// 320 CSS pixels wide (WCAG 1.4.10 reflow).
	run("narrow viewport", chromedp.EmulateViewport(320, 640))
	for _, p := range append([]string{"/start", "/news", "/news/ett-handelserikt-2018-for-regionernas-samarbete", "/authors/karin-lonaeus"}, pages[:12]...) {
		run("open narrow "+p, chromedp.Navigate(ts.URL+p))
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`))
		if err != nil {
			t.Fatal(err)
		}
		if overflow {
			t.Errorf("%s scrolls sideways at 320 px", p)
		}
	}
}
