package server

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/browsertest"
)

// TestBrowserFollowUp follows one follow-up from opening to closing in
// headless Chromium, as the people doing it would, without JavaScript of
// our own: the coordinator opens it, plans and records an office audit
// that finds a major deviation; the supplier submits an action plan; the
// coordinator approves it, plans and records a re-audit, closes the
// deviation and closes the follow-up as resolved, which turns it green.
// The list, the form that opens a follow-up and the follow-up's page (with
// every form unfolded) pass axe-core's WCAG 2.1 AA rules.
func TestBrowserFollowUp(t *testing.T) {
	ctx := browsertest.New(t)
	f := newFixture(t)
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
	signOut := func() {
		t.Helper()
		run("sign out", chromedp.Click(chromedp.CSS("form.signout button")), chromedp.WaitVisible(chromedp.CSS("#email")))
	}
	// unfold opens the <details> around the form with the id, as a click
	// on its summary would.
	unfold := func(form string) chromedp.Action[chromedp.Void] {
		return chromedp.Click(chromedp.CSS(fmt.Sprintf("details:has(> form#%s) > summary", form)))
	}
	set := func(id, value string) chromedp.Action[chromedp.Void] {
		return chromedp.SetValue(chromedp.CSS("#"+id), value)
	}
	submit := func(form string) chromedp.Action[chromedp.Void] {
		return chromedp.Click(chromedp.CSS(fmt.Sprintf("form#%s button[type=submit]", form)))
	}
	today := fuDay(f, 0)
	firm := fmt.Sprint(f.orgs["Revisionsbyrån"].ID)

	// The coordinator opens a new follow-up of Leverantör A.
	signIn(tillit.RoleCoordinator)
	run("open the list", chromedp.Navigate(base+"/followups"), chromedp.WaitVisible(chromedp.CSS("table")))
	browsertest.RequireNoViolations(t, ctx, "follow-up list")
	run("open the new follow-up form", chromedp.Navigate(base+"/followups/new"), chromedp.WaitVisible(chromedp.CSS("#category")))
	browsertest.RequireNoViolations(t, ctx, "new follow-up, first step")
	run("choose supplier and category",
		set("supplier", fmt.Sprint(f.orgs["Leverantör A"].ID)),
		set("category", fmt.Sprint(f.category.ID)),
		chromedp.Click(chromedp.CSS(`form[action="/followups/new"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#requirement_codes")),
	)
	browsertest.RequireNoViolations(t, ctx, "new follow-up, second step")
	checked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.getElementById("region-%d").checked`, f.orgs["Region Norrbotten"].ID)))
	if err != nil || !checked {
		t.Fatalf("the responsible region is not filled in (%v)", err)
	}
	run("open it",
		set("requirement_codes", "COC-1\nCOC-2"),
		chromedp.Click(chromedp.CSS(`form[action="/followups"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("h1#summary")),
	)
	page, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(page, base+"/followups/") {
		t.Fatalf("after opening, the browser is at %s", page)
	}
	if got := text("flash", "p.flash"); got != "Uppföljningen är öppnad." {
		t.Fatalf("flash %q", got)
	}

	// An office audit, performed, with a major deviation.
	run("plan an office audit",
		unfold("plan-audit"),
		set("plan-audit-kind", "office"),
		set("plan-audit-planned_for", today),
		set("plan-audit-auditor_org_id", firm),
		submit("plan-audit"),
		chromedp.WaitVisible(chromedp.CSS("#audit-1-h")),
	)
	run("record it as performed",
		unfold("perform-1"),
		set("perform-1-findings", "Leverantören saknar riskanalys av leveranskedjan."),
		submit("perform-1"),
		chromedp.WaitReady(chromedp.CSS("form#record-deviation-1")),
	)
	run("record a major deviation",
		unfold("record-deviation-1"),
		set("record-deviation-1-requirement_code", "COC-1"),
		set("record-deviation-1-severity", "major"),
		set("record-deviation-1-description", "Ingen riskanalys av leveranskedjan."),
		set("record-deviation-1-plan_due_on", fuDay(f, 30)),
		submit("record-deviation-1"),
		chromedp.WaitVisible(chromedp.CSS("#deviation-1-h")),
	)
	if got := text("light", "dl.facts .light"); !strings.Contains(got, "Gul") {
		t.Fatalf("with a deviation open the light is %q, want yellow (Gul)", got)
	}
	// Every form unfolded, for axe.
	run("unfold every form", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details").forEach(d => d.open = true)`))
	browsertest.RequireNoViolations(t, ctx, "follow-up page with its forms")
	signOut()

	// The supplier answers with an action plan.
	signIn(tillit.RoleSupplier)
	run("open the follow-up as the supplier", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#deviation-1-h")))
	run("submit an action plan",
		unfold("submit-action-1"),
		set("submit-action-1-description", "Vi gör en riskanalys av hela leveranskedjan."),
		set("submit-action-1-owner", "Hållbarhetschefen"),
		set("submit-action-1-deadline", fuDay(f, 40)),
		submit("submit-action-1"),
		chromedp.WaitVisible(chromedp.CSS("#action-1-h")),
	)
	browsertest.RequireNoViolations(t, ctx, "follow-up page as the supplier")
	signOut()

	// The coordinator approves it, re-audits and closes.
	signIn(tillit.RoleCoordinator)
	run("open the follow-up", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#action-1-h")))
	run("approve the action plan",
		unfold("review-action-1"),
		set("review-action-1-comment", "Godkänd."),
		chromedp.Click(chromedp.CSS("form#review-action-1 button.primary")),
		chromedp.WaitReady(chromedp.CSS("form#close-deviation-1")),
	)
	run("plan a re-audit",
		unfold("plan-audit"),
		set("plan-audit-kind", "re_audit"),
		set("plan-audit-planned_for", today),
		set("plan-audit-auditor_org_id", firm),
		submit("plan-audit"),
		chromedp.WaitVisible(chromedp.CSS("#audit-2-h")),
	)
	run("record the re-audit as performed",
		unfold("perform-2"),
		set("perform-2-findings", "Riskanalysen är gjord."),
		submit("perform-2"),
		chromedp.WaitReady(chromedp.CSS("form#record-deviation-2")),
	)
	run("close the deviation",
		unfold("close-deviation-1"),
		set("close-deviation-1-audit_id", "2"),
		set("close-deviation-1-note", "Verifierad vid återrevisionen."),
		submit("close-deviation-1"),
		chromedp.WaitNotPresent(chromedp.CSS("form#close-deviation-1")),
	)
	run("close the follow-up as resolved",
		chromedp.Click(chromedp.CSS("#close-reason-resolved")),
		set("close-text", "Leverantören har infört riskanalys."),
		submit("close"),
		chromedp.WaitNotPresent(chromedp.CSS("form#close")),
	)
	if got := text("light", "dl.facts .light"); !strings.Contains(got, "Grön") {
		t.Fatalf("the closed follow-up's light is %q, want green (Grön)", got)
	}
	if got := text("status", "dl.facts dt:nth-of-type(4) + dd"); !strings.Contains(got, "Avslutad: åtgärdad") {
		t.Fatalf("status %q", got)
	}
	browsertest.RequireNoViolations(t, ctx, "closed follow-up")
	run("back to the list", chromedp.Navigate(base+"/followups?status=closed"), chromedp.WaitVisible(chromedp.CSS("table")))
	if got := text("list", "tbody"); !strings.Contains(got, "Avslutad: åtgärdad") || !strings.Contains(got, "Grön") {
		t.Fatalf("the list shows %q", got)
	}
	browsertest.RequireNoViolations(t, ctx, "follow-up list, filtered")

	// 320 CSS pixels wide (WCAG 1.4.10 reflow), every form unfolded.
	run("narrow viewport", chromedp.EmulateViewport(320, 640))
	for _, p := range []string{"/followups", "/followups/deviations", "/followups/audits", "/followups/new?category=" + fmt.Sprint(f.category.ID), fuURL(f.followUpA, "")} {
		run("open narrow "+p, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1")),
			chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details").forEach(d => d.open = true)`))
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
