package server

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tillit-project/tillit/internal/browsertest"
	"github.com/tillit-project/tillit/internal/demo"
	"github.com/tillit-project/tillit/internal/filestore"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// TestBrowserQuestionnaire answers the demo's self-assessment in headless
// Chromium as the people would: supplier@example.org (Mölnlycke) opens the
// request from the portal and saves a draft, by keyboard only; tries to
// submit and is shown what is missing; completes and submits. The officer
// returns one question with a comment; the supplier fixes it and submits
// again; the officer gives the verdict deficient with an office audit, and
// the audit is planned in the follow-up. Every portal page, and the
// office's questionnaire pages, pass axe-core's WCAG 2.1 AA rules.
func TestBrowserQuestionnaire(t *testing.T) {
	ctx := browsertest.New(t)
	db := sqldbtest.Open(t)
	const pw = "demo password for the browser test"
	if _, err := demo.Load(context.Background(), db, demo.Options{Password: pw, Hash: password.Fast}); err != nil {
		t.Fatal(err)
	}
	files, err := filestore.New(filepath.Join(t.TempDir(), "files"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Deps{DB: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Mail: &outbox{}, Files: files,
		Sessions: sqldb.SessionPolicy{Idle: time.Hour, Absolute: 12 * time.Hour}, Hash: password.Fast, PublicURL: "http://tillit.test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	base := ts.URL

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
	axe := func(page string) { t.Helper(); browsertest.RequireNoViolations(t, ctx, page) }
	signIn := func(email string) {
		t.Helper()
		run("sign in as "+email,
			chromedp.Navigate(base+"/login"),
			chromedp.SendKeys(chromedp.CSS("#email"), email),
			chromedp.SendKeys(chromedp.CSS("#password"), pw+"\r"),
			chromedp.WaitVisible(chromedp.CSS("nav")),
		)
	}
	signOut := func() {
		t.Helper()
		run("sign out", chromedp.Click(chromedp.CSS("form.signout button")), chromedp.WaitVisible(chromedp.CSS("#email")))
	}
	set := func(id, value string) chromedp.Action[chromedp.Void] {
		return chromedp.SetValue(chromedp.CSS("#"+id), value)
	}
	click := func(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) }
	flash := func(want string) {
		t.Helper()
		if got := text("flash", "p.flash"); !strings.Contains(got, want) {
			t.Fatalf("flash %q, want %q", got, want)
		}
	}

	// Keyboard only: sign in, open the request from the portal, answer the
	// first question and save the draft.
	run("open the sign-in page", chromedp.Navigate(base+"/portal"), chromedp.WaitVisible(chromedp.CSS("#email")))
	run("sign in by keyboard",
		chromedp.Focus(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "supplier@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), pw+"\r"),
		chromedp.WaitVisible(chromedp.CSS("#requests")),
	)
	axe("portal")
	run("open the request by keyboard",
		chromedp.Focus(chromedp.CSS(`#requests ~ div a[href^="/portal/requests/"]`)),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS("form#answers")),
	)
	request, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(request, "/portal/requests/") {
		t.Fatalf("the request page is at %s (%v)", request, err)
	}
	pid := request[strings.LastIndex(request, "/")+1:]
	axe("request, empty")
	run("answer no and save the draft by keyboard",
		chromedp.Focus(chromedp.CSS("#q-policy-exists-no")),
		chromedp.KeyEvent(" "),
		chromedp.Focus(chromedp.CSS(`button[value="save"]`)),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	flash("sparade som utkast")
	// The draft's answer asks the follow-up question.
	run("the follow-up question", chromedp.WaitVisible(chromedp.CSS("#q-policy-plan")))

	// Submitting now lists what is missing, each a link to its question.
	run("submit too early", click(`button[value="submit"]`), chromedp.WaitVisible(chromedp.CSS("#problem")))
	if got := text("problem", "#problem"); !strings.Contains(got, "obligatoriska frågor är inte besvarade ännu") {
		t.Fatalf("missing-answers message %q", got)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#problem a[href^="#q-"]').length`)); err != nil || n < 5 {
		t.Fatalf("%d links to missing answers (%v)", n, err)
	}
	axe("request with missing answers")

	// Complete and submit.
	run("complete the answers",
		set("q-policy-plan", "Styrelsen antar en policy i juni."),
		set("q-responsibility-owner", "Hållbarhetschefen"),
		click("#q-responsibility-mandate-yes"),
		click("#q-risk-done-no"),
		click("#q-passing-share-most"),
		click("#q-passing-onward-yes"),
		click("#q-follow-up-methods-self-assessment"),
		set("q-follow-up-audits", "4"),
		click("#q-deviations-routine-no"),
		click("#q-deviations-grievance-no"),
		click("#q-environment-system-other"),
		set("q-environment-goals", "Minskade utsläpp från transporter."),
		click("#q-products-chemicals-no"),
		click("#q-corruption-guidelines-no"),
		click(`button[value="submit"]`),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	flash("Dina svar är inskickade")
	if got := text("status", "#request-status"); got != "Inskickad, väntar på granskning" {
		t.Fatalf("status after submitting %q", got)
	}
	axe("request, submitted")
	run("the deviations page", chromedp.Navigate(base+"/portal"), click(`#deviations ~ div a[href^="/portal/followups/"]`),
		chromedp.WaitVisible(chromedp.CSS("h2[id^=deviation-]")))
	axe("portal follow-up")
	run("the company page", chromedp.Navigate(base+"/portal/company"), chromedp.WaitVisible(chromedp.CSS("#contacts-form")))
	axe("portal company")
	signOut()

	// The officer returns one question with a comment.
	signIn("officer@example.org")
	for _, p := range []string{"/questionnaires", "/questionnaires/requests"} {
		run("open "+p, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1")))
		axe(p)
	}
	run("open the questionnaire", chromedp.Navigate(base+"/questionnaires"), click(`a[href^="/questionnaires/templates/"]`), chromedp.WaitVisible(chromedp.CSS("section")))
	axe("questionnaire")
	run("open the campaign form", click(`a[href$="/send"]`), chromedp.WaitVisible(chromedp.CSS("form#send")))
	axe("campaign form")
	review := base + "/questionnaires/requests/" + pid
	run("open the review", chromedp.Navigate(review), chromedp.WaitVisible(chromedp.CSS("#verdict-form")))
	axe("review")
	run("return the number of audits",
		click("#review-follow-up-audits-needs_change"),
		set("review-follow-up-audits-comment", "Räkna bara revisioner på plats hos tillverkare."),
		click(`form#review-follow-up-audits-form button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS("form#return-form")),
		click(`form#return-form button[type=submit]`),
		chromedp.WaitNotPresent(chromedp.CSS("form#return-form")),
		chromedp.WaitVisible(chromedp.CSS("#request-status")),
	)
	if got := text("status", "#request-status"); got != "Skickad tillbaka till leverantören för ändringar" {
		t.Fatalf("status after returning %q", got)
	}
	signOut()

	// The supplier sees the comment and fixes the answer.
	signIn("supplier@example.org")
	run("open the returned request", chromedp.Navigate(request), chromedp.WaitVisible(chromedp.CSS("#q-follow-up-audits-returned")))
	if got := text("comment", "#q-follow-up-audits-returned"); !strings.Contains(got, "Räkna bara revisioner på plats") {
		t.Fatalf("the reviewer's comment %q", got)
	}
	axe("request, returned")
	run("fix and submit again",
		set("q-follow-up-audits", "2"),
		click(`button[value="submit"]`),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	flash("Dina svar är inskickade")
	signOut()

	// The officer: deficient, with an office audit, which the follow-up plans.
	signIn("officer@example.org")
	run("give the verdict",
		chromedp.Navigate(review),
		chromedp.WaitVisible(chromedp.CSS("#verdict-form")),
		click("#verdict-deficient"),
		set("recommendation", "office_audit"),
		set("planned_for", time.Now().AddDate(0, 1, 0).Format(time.DateOnly)),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("auditor_org_id").selectedIndex = 1`),
		set("note", "Uppföljningen i leveranskedjan behöver granskas på plats."),
		click(`form#verdict-form button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS("#verdict-given")),
	)
	if got := text("verdict", "#verdict-given"); !strings.Contains(got, "Bristfällig") || !strings.Contains(got, "Kontorsrevision") {
		t.Fatalf("verdict %q", got)
	}
	run("open the follow-up", click(`dl.facts a[href^="/followups/"]`), chromedp.WaitVisible(chromedp.CSS("h1#summary")))
	audits := text("audits", "#audits")
	timeline, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(timeline, "Kontorsrevision") || !strings.Contains(timeline, "Planerad") {
		t.Fatalf("the follow-up shows no planned office audit:\n%s\n%s", audits, timeline)
	}
}
