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

// TestBrowserSignInAndPages signs in as the demo administrator in headless
// Chromium, as a person would: through the sign-in form, by keyboard. It
// checks every page on the way with axe-core (WCAG 2.1 AA) and that the
// pages fit a 320 px wide screen without sideways scrolling.
func TestBrowserSignInAndPages(t *testing.T) {
	ctx := browsertest.New(t)
	db := sqldbtest.Open(t)
	const pw = "demo password for the browser test"
	if _, err := demo.Load(context.Background(), db, demo.Options{Password: pw, Hash: password.Fast}); err != nil {
		t.Fatal(err)
	}
	srv, err := New(Deps{DB: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Mail: &outbox{},
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
	text := func(what, sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return s
	}
	location := func() string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatalf("location: %v", err)
		}
		return s
	}
	run("open sign-in", chromedp.Navigate(ts.URL+"/"))
	loc := location()
	if !strings.Contains(loc, "/login?next=%2F") {
		t.Fatalf("an anonymous visit to / should land on the sign-in page, got %s", loc)
	}
	browsertest.RequireNoViolations(t, ctx, "sign-in page")

	// Keyboard only: focus the e-mail field, type, tab to the password,
	// type, press Enter.
	run("sign in",
		chromedp.Focus(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "admin@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), pw+"\r"),
		chromedp.WaitVisible(chromedp.CSS("nav")),
	)
	h1 := text("read heading", "h1")
	if !strings.HasPrefix(h1, "Välkommen, ") {
		t.Fatalf("home page heading = %q, want the Swedish welcome", h1)
	}
	browsertest.RequireNoViolations(t, ctx, "home page")

	for _, p := range append([]string{"/regions", "/categories", "/categories?on=2022-12-31", "/categories/ict", "/categories/medical-technology?on=2022-12-31", "/account", "/account/tokens", "/admin/users", "/admin/users/new", "/admin/audit", "/finances/2022", "/finances/2022/edit", "/reports", "/reports/annual/2022", "/reports/annual/2022/texts", "/risk-analyses", "/risk-analyses/1", "/risk-analyses/new", "/risk-analyses/compare?a=1&b=2", "/training?year=2022", "/training/1", "/training/new", "/training/1/edit", "/training/1/delete", "/incidents", "/incidents/1", "/incidents/3", "/incidents/4", "/incidents/new", "/incidents/1/edit", "/consultations", "/consultations/1", "/consultations/2", "/consultations/new", "/consultations/1/edit", "/inquiries", "/inquiries/1", "/registers", "/registers/suppliers/import", "/registers/contracts/import", "/registers/sites/import", "/requirements", "/requirements/UK-5", "/requirements/UK-5/versions/1", "/requirements/UK-5/diff?a=1&b=2", "/requirements/new", "/no/such/page"}, supplyChainBrowserPages(t, db)...) {
		run("open "+p, chromedp.Navigate(ts.URL+p))
		browsertest.RequireNoViolations(t, ctx, p)
	}

	// The grouped menu opens by keyboard (a disclosure: no script) and
	// its links are then reachable; axe checks it open.
	run("open a menu group by keyboard",
		chromedp.Navigate(ts.URL+"/regions"),
		chromedp.Focus(chromedp.CSS(`nav li.group summary`)),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS(`nav details[open] a[href="/categories"]`)),
	)
	browsertest.RequireNoViolations(t, ctx, "menu group open")

	// The language switch in the header, by keyboard.
	run("switch to English",
		chromedp.Navigate(ts.URL+"/regions"),
		chromedp.Focus(chromedp.CSS(`form.lang button`)),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="en"] h1`)),
	)
	h1 = text("read heading", "h1")
	if h1 != "Regions" {
		t.Fatalf("after switching language the heading is %q, want Regions", h1)
	}
	browsertest.RequireNoViolations(t, ctx, "regions in English")

	// 320 CSS pixels wide (WCAG 1.4.10 reflow): nothing may force sideways
	// scrolling of the page itself; wide tables scroll inside their region.
	run("narrow viewport", chromedp.EmulateViewport(320, 640))
	for _, p := range []string{"/", "/regions", "/categories", "/categories/medical-technology?on=2022-12-31", "/account", "/admin/users/new", "/finances/2022", "/finances/2022/edit", "/reports/annual/2022", "/reports/annual/2022/texts", "/risk-analyses", "/risk-analyses/1", "/risk-analyses/new", "/training?year=2022", "/training/1", "/training/new", "/incidents", "/incidents/3", "/consultations", "/registers", "/registers/contracts/import", "/requirements", "/requirements/UK-5/diff?a=1&b=2", "/login"} {
		run("open narrow "+p, chromedp.Navigate(ts.URL+p))
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`))
		if err != nil {
			t.Fatal(err)
		}
		if overflow {
			wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')`))
			t.Errorf("%s scrolls sideways at 320 px; too wide: %s", p, wide)
		}
	}

	// Signing out really ends the session: the home page sends us back.
	run("sign out", chromedp.Navigate(ts.URL+"/"), chromedp.Click(chromedp.CSS(`form.signout button`)),
		chromedp.WaitVisible(chromedp.CSS("#email")))
	run("visit home", chromedp.Navigate(ts.URL+"/"))
	loc = location()
	if !strings.Contains(loc, "/login") {
		t.Fatalf("after signing out, / should lead to the sign-in page, got %s", loc)
	}
}
