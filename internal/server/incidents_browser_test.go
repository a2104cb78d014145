package server

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/browsertest"
)

// TestBrowserIncident registers an incident through the form in headless
// Chromium, by keyboard and without JavaScript of our own, as region staff
// would: a country with a place, a category and a named company. Its page
// shows the exposure at once; the coordinator then opens a follow-up of an
// exposed supplier from it. Every page on the way, and the consultation
// pages, pass axe-core's WCAG 2.1 AA rules.
func TestBrowserIncident(t *testing.T) {
	ctx := browsertest.New(t)
	f := newFixture(t)
	supC, _ := f.incidentWorld(t)
	base := f.ts.URL

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
	signIn := func(role tillit.Role) {
		t.Helper()
		run("sign in as "+string(role),
			chromedp.Navigate(base+"/login"),
			chromedp.SendKeys(chromedp.CSS("#email"), f.users[role].Email),
			chromedp.SendKeys(chromedp.CSS("#password"), testPassword+"\r"),
			chromedp.WaitVisible(chromedp.CSS("nav")),
		)
	}
	set := func(id, value string) chromedp.Action[chromedp.Void] {
		return chromedp.SetValue(chromedp.CSS("#"+id), value)
	}

	signIn(tillit.RoleStaff)
	run("open the list", chromedp.Navigate(base+"/incidents"), chromedp.WaitVisible(chromedp.CSS("h1")))
	browsertest.RequireNoViolations(t, ctx, "incident list, empty")
	run("open the form", chromedp.Click(chromedp.CSS(`a[href="/incidents/new"]`)), chromedp.WaitVisible(chromedp.CSS("#countries")))
	browsertest.RequireNoViolations(t, ctx, "new incident form")
	run("fill in the alert",
		set("source_kind", "ngo"),
		chromedp.SendKeys(chromedp.CSS("#source_name"), "Swedwatch"),
		chromedp.SendKeys(chromedp.CSS("#link"), "https://example.org/rapport"),
		set("reported_on", "2026-02-20"),
		set("severity", "high"),
		chromedp.SendKeys(chromedp.CSS("#title"), "Översvämningar i Sialkot"),
		chromedp.SendKeys(chromedp.CSS("#text"), "Verkstäderna står under vatten."),
		chromedp.SendKeys(chromedp.CSS("#countries"), "PK; Sialkot"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#category-%d", f.category.ID))),
		chromedp.SendKeys(chromedp.CSS("#suppliers"), "Leverantör C"),
		chromedp.Click(chromedp.CSS(`form[action="/incidents"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("h2#exposure")),
	)
	if got := text("flash", "p.flash"); got != "Händelsen är registrerad." {
		t.Fatalf("flash %q", got)
	}
	sites := text("exposed sites", "#exp-sites tbody")
	for _, want := range []string{"Fabrik 1", "Smedjan", "Lagret"} {
		if !strings.Contains(sites, want) {
			t.Errorf("the exposed sites %q lack %s", sites, want)
		}
	}
	if regions := text("regions", "#exp-regions tbody"); !strings.Contains(regions, "Region Norrbotten") || strings.Contains(regions, "Region Skåne") {
		t.Errorf("regions holding contracts in the category: %q", regions)
	}
	if got := text("contracts", "#exp-contracts tbody"); !strings.Contains(got, "NLL-2025-1") || !strings.Contains(got, "NLL-2025-7") {
		t.Errorf("contracts %q", got)
	}
	page, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	browsertest.RequireNoViolations(t, ctx, "incident with its exposure")

	// A form with problems, as the reader sees it.
	run("assess as a duplicate of an incident that does not exist",
		chromedp.Click(chromedp.CSS("#assessment-duplicate")),
		chromedp.SendKeys(chromedp.CSS("#duplicate_of"), "999999"),
		chromedp.SendKeys(chromedp.CSS("#reason"), "Samma översvämning."),
		chromedp.Click(chromedp.CSS(`#assess-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#duplicate_of-error")),
	)
	browsertest.RequireNoViolations(t, ctx, "assessment with a problem")
	run("assess as relevant",
		chromedp.Click(chromedp.CSS("#assessment-relevant")),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("duplicate_of").value = ""; document.getElementById("reason").value = "Två av våra leverantörer tillverkar där."`),
		chromedp.Click(chromedp.CSS(`#assess-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	run("edit", chromedp.Navigate(page+"/edit"), chromedp.WaitVisible(chromedp.CSS("#countries")))
	browsertest.RequireNoViolations(t, ctx, "edit incident form")
	run("sign out", chromedp.Navigate(base+"/"), chromedp.Click(chromedp.CSS("form.signout button")), chromedp.WaitVisible(chromedp.CSS("#email")))

	// The coordinator opens a follow-up of Leverantör C from it.
	signIn(tillit.RoleCoordinator)
	pair := fmt.Sprintf("%d-%d", supC.ID, f.category.ID)
	run("open the incident", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#open-followups")))
	browsertest.RequireNoViolations(t, ctx, "incident with the follow-up form")
	run("open a follow-up",
		chromedp.Click(chromedp.CSS("#pair-"+pair)),
		chromedp.SendKeys(chromedp.CSS("#requirement_codes"), "COC-1"),
		chromedp.Click(chromedp.CSS(`#open-followups button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("main ul a")),
	)
	if got := text("opened", "main ul"); !strings.Contains(got, "Leverantör C – Tandvårdsmaterial") {
		t.Fatalf("opened %q", got)
	}
	browsertest.RequireNoViolations(t, ctx, "follow-ups opened from the incident")
	run("sign out", chromedp.Navigate(base+"/"), chromedp.Click(chromedp.CSS("form.signout button")), chromedp.WaitVisible(chromedp.CSS("#email")))

	// The consultation pages, as the office.
	signIn(tillit.RoleOfficer)
	run("open the consultations", chromedp.Navigate(base+"/consultations"), chromedp.WaitVisible(chromedp.CSS("h1")))
	browsertest.RequireNoViolations(t, ctx, "consultation list, empty")
	run("record a consultation",
		chromedp.Navigate(base+"/consultations/new"), chromedp.WaitVisible(chromedp.CSS("#subject")),
		chromedp.SendKeys(chromedp.CSS("#sender"), "Europeiska kommissionen"),
		chromedp.SendKeys(chromedp.CSS("#subject"), "Förbud mot produkter tillverkade med tvångsarbete"),
		set("received_on", "2026-02-20"),
		set("due_on", "2026-03-10"),
		set("status", "drafting"),
		set("drafter_id", fmt.Sprint(f.users[tillit.RoleCoordinator].ID)),
	)
	browsertest.RequireNoViolations(t, ctx, "new consultation form")
	run("save it", chromedp.Click(chromedp.CSS(`form[action="/consultations"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS("p.flash")))
	browsertest.RequireNoViolations(t, ctx, "consultation")
	run("back to the list", chromedp.Navigate(base+"/consultations"), chromedp.WaitVisible(chromedp.CSS("#soon")))
	if got := text("due soon", "table"); !strings.Contains(got, "Sista svarsdag om 8 dagar") {
		t.Errorf("due soon: %q", got)
	}
	browsertest.RequireNoViolations(t, ctx, "consultation list")

	// 320 CSS pixels wide (WCAG 1.4.10 reflow).
	run("narrow viewport", chromedp.EmulateViewport(320, 640))
	for _, p := range []string{"/consultations", "/consultations/new", strings.TrimPrefix(page, base), "/incidents", "/incidents/new"} {
		run("open narrow "+p, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1")))
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`))
		if err != nil {
			t.Fatal(err)
		}
		if overflow {
			wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')`))
			t.Errorf("%s scrolls sideways at 320 px; too wide: %s", p, wide)
		}
	}
}
