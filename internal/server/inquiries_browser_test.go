package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/browsertest"
)

// TestBrowserInquiry, in headless Chromium, without JavaScript of our own:
// region staff register an incident in Pakistan through its form, follow
// its link to a new inquiry prefilled with the exposed suppliers, write
// three questions, save the draft, leave one supplier out and send; the
// supplier's user then answers in the portal, with a file, and submits;
// staff read the summary. Every page on the way passes axe-core's WCAG 2.1
// AA rules.
func TestBrowserInquiry(t *testing.T) {
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
	signIn := func(email string) {
		t.Helper()
		run("sign in as "+email,
			chromedp.Navigate(base+"/login"),
			chromedp.SendKeys(chromedp.CSS("#email"), email),
			chromedp.SendKeys(chromedp.CSS("#password"), testPassword+"\r"),
			chromedp.WaitVisible(chromedp.CSS("nav")),
		)
	}
	signOut := func() {
		t.Helper()
		run("sign out", chromedp.Navigate(base+"/"), chromedp.Click(chromedp.CSS("form.signout button")), chromedp.WaitVisible(chromedp.CSS("#email")))
	}
	set := func(id, value string) chromedp.Action[chromedp.Void] {
		return chromedp.SetValue(chromedp.CSS("#"+id), value)
	}

	signIn(f.users[tillit.RoleStaff].Email)
	run("register an incident",
		chromedp.Navigate(base+"/incidents/new"), chromedp.WaitVisible(chromedp.CSS("#countries")),
		set("source_kind", "media"),
		chromedp.SendKeys(chromedp.CSS("#source_name"), "Dawn"),
		set("reported_on", "2026-02-20"),
		set("severity", "high"),
		chromedp.SendKeys(chromedp.CSS("#title"), "Översvämningar i Pakistan"),
		chromedp.SendKeys(chromedp.CSS("#countries"), "PK"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#category-%d", f.category.ID))),
		chromedp.Click(chromedp.CSS(`form[action="/incidents"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("h2#exposure")),
	)
	if got := text("exposed suppliers", "#exp-suppliers tbody"); !strings.Contains(got, "Leverantör A") || !strings.Contains(got, "Leverantör C") {
		t.Fatalf("exposed suppliers %q", got)
	}
	run("follow the inquiry link", chromedp.Click(chromedp.CSS(`a[href^="/inquiries/new?incident="]`)), chromedp.WaitVisible(chromedp.CSS("#q1")))
	if got := text("recipients", "#inquiry-form ul"); !strings.Contains(got, "Leverantör A") || !strings.Contains(got, "Leverantör C") {
		t.Fatalf("the form lists %q", got)
	}
	browsertest.RequireNoViolations(t, ctx, "new inquiry from an incident")

	// A question without a kind that exists, to see the form's problems.
	run("write the questions",
		chromedp.SendKeys(chromedp.CSS("#intro"), "Vi vill veta hur era verkstäder har klarat översvämningarna."),
		chromedp.SendKeys(chromedp.CSS("#q1"), "Står produktionen still?"),
		set("q1-kind", "yes_no"),
		chromedp.Click(chromedp.CSS("#q1-mandatory")),
		chromedp.SendKeys(chromedp.CSS("#q2"), "Hur tar ni hand om de anställda?"),
		chromedp.SendKeys(chromedp.CSS("#q3"), "Bifoga er plan för återstart"),
		set("q3-kind", "file"),
		set("due_on", "2026-01-01"),
		chromedp.Click(chromedp.CSS(`#inquiry-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#send-form")),
	)
	browsertest.RequireNoViolations(t, ctx, "draft inquiry with its recipients")
	page, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	// The due date has passed: sending says so.
	run("send too late", chromedp.Click(chromedp.CSS(`#send-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(".problem")))
	browsertest.RequireNoViolations(t, ctx, "inquiry with a problem")
	run("change the due date",
		chromedp.Navigate(page+"/edit"), chromedp.WaitVisible(chromedp.CSS("#q1")),
		set("due_on", "2026-03-31"),
		chromedp.Click(chromedp.CSS(`#inquiry-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#send-form")),
	)
	browsertest.RequireNoViolations(t, ctx, "edit inquiry form")
	run("leave A out and send",
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#supplier-%d", f.orgs["Leverantör A"].ID))),
		chromedp.Click(chromedp.CSS(`#send-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#answers-table")),
	)
	if got := text("status", "#inquiry-status"); got != "Skickad" {
		t.Fatalf("status %q", got)
	}
	browsertest.RequireNoViolations(t, ctx, "inquiry sent, nobody has answered")
	run("the list", chromedp.Navigate(base+"/inquiries"), chromedp.WaitVisible(chromedp.CSS("h1")))
	browsertest.RequireNoViolations(t, ctx, "inquiry list")
	signOut()

	// Leverantör C's user answers in the portal.
	f.fuAddUser(t, "supplier-c@example.org", tillit.RoleSupplier, supC.Name)
	signIn("supplier-c@example.org")
	run("open the portal", chromedp.Navigate(base+"/portal"), chromedp.WaitVisible(chromedp.CSS("#inquiries-caption")))
	browsertest.RequireNoViolations(t, ctx, "portal with an inquiry")
	run("open the inquiry", chromedp.Click(chromedp.CSS(`a[href^="/portal/inquiries/"]`)), chromedp.WaitVisible(chromedp.CSS("#answers")))
	browsertest.RequireNoViolations(t, ctx, "inquiry to answer")
	plan := filepath.Join(t.TempDir(), "plan.txt")
	if err := os.WriteFile(plan, []byte("Återstart i april."), 0o600); err != nil {
		t.Fatal(err)
	}
	run("submit without the mandatory answer",
		chromedp.SendKeys(chromedp.CSS("#q2"), "Vi betalar ut löner under stoppet."),
		chromedp.SetUploadFiles(chromedp.CSS("#q3-file"), []string{plan}),
		chromedp.Click(chromedp.CSS(`#answers button[value=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#q1-error")),
	)
	browsertest.RequireNoViolations(t, ctx, "inquiry answer with a problem")
	run("answer and submit",
		chromedp.Click(chromedp.CSS("#q1-yes")),
		chromedp.Click(chromedp.CSS(`#answers button[value=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	if got := text("answered", "main"); !strings.Contains(got, "plan.txt") || !strings.Contains(got, "Vi betalar ut löner under stoppet.") {
		t.Fatalf("the answered inquiry shows %q", got)
	}
	browsertest.RequireNoViolations(t, ctx, "inquiry answered")
	signOut()

	// Staff read the summary.
	signIn(f.users[tillit.RoleStaff].Email)
	run("open the summary", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#q-summary")))
	if got := text("answers", "#answers-table tbody"); !strings.Contains(got, "Leverantör C") || !strings.Contains(got, "Ja") || !strings.Contains(got, "plan.txt") {
		t.Errorf("answers %q", got)
	}
	browsertest.RequireNoViolations(t, ctx, "inquiry summary")

	// 320 CSS pixels wide (WCAG 1.4.10 reflow).
	run("narrow viewport", chromedp.EmulateViewport(320, 640))
	for _, p := range []string{"/inquiries", strings.TrimPrefix(page, base), "/inquiries/new"} {
		run("open narrow "+p, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1")))
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`))
		if err != nil {
			t.Fatal(err)
		}
		if overflow {
			t.Errorf("%s scrolls sideways at 320 px", p)
		}
	}
}
