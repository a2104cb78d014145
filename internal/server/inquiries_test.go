package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

var inquiryPath = regexp.MustCompile(`^/inquiries/(\d+)$`)

// inquiryForm is the new-inquiry form for an incident: a mandatory yes/no
// question, a free-text one and a file one.
func inquiryForm(incident int64, due string) url.Values {
	return url.Values{"incident_id": {strconv.FormatInt(incident, 10)}, "title": {"Översvämningarna i Sialkot"},
		"intro": {"Vi vill veta hur era verkstäder har klarat översvämningarna."}, "due_on": {due},
		"q1": {"Står produktionen still?"}, "q1-kind": {"yes_no"}, "q1-mandatory": {"1"},
		"q2": {"Hur tar ni hand om de anställda?"}, "q2-kind": {"text"},
		"q3": {"Bifoga er plan för återstart"}, "q3-kind": {"file"}}
}

// TestInquiryFromIncidentExposure is the test through the web: an
// incident naming a country and a category lists exactly the sites,
// suppliers, contracts and regions that match; an inquiry sent from it
// through the forms reaches exactly those suppliers; each supplier's user
// sees only its own request in the portal (the other's is 404), answers
// it, and cannot change it once submitted; the office reads the summary,
// exports it and closes the inquiry.
func TestInquiryFromIncidentExposure(t *testing.T) {
	f := newFixture(t)
	supC, _ := f.incidentWorld(t)
	ctx := context.Background()
	staff := f.client().signIn(tillit.RoleStaff)

	// Pakistan and the fixture's category: A's Fabrik 1 and C's two sites,
	// A and C, their contracts in the category, Norrbotten. B holds a
	// contract in the category but makes nothing in Pakistan; C's glove
	// contract with Skåne is in another category.
	res := staff.post("/incidents", url.Values{"source_kind": {"media"}, "source_name": {"Dawn"}, "reported_on": {"2026-02-20"},
		"title": {"Översvämningar i Pakistan"}, "severity": {"high"}, "countries": {"PK"}, "category_ids": {strconv.FormatInt(f.category.ID, 10)}})
	wantStatus(t, res, http.StatusSeeOther)
	incident := res.Header.Get("Location")
	incidentID, _ := strconv.ParseInt(strings.TrimPrefix(incident, "/incidents/"), 10, 64)
	in, err := f.db.FindIncident(ctx, incidentID)
	if err != nil {
		t.Fatal(err)
	}
	e, err := f.db.IncidentExposure(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	names := func(add func(func(string))) string {
		var out []string
		add(func(s string) { out = append(out, s) })
		sort.Strings(out)
		return strings.Join(out, ", ")
	}
	for what, got := range map[string]string{
		"Fabrik 1, Lagret, Smedjan": names(func(add func(string)) {
			for _, s := range e.Sites {
				add(s.Name)
			}
		}),
		"Leverantör A, Leverantör C": names(func(add func(string)) {
			for _, s := range e.Suppliers {
				add(s.Name)
			}
		}),
		"NLL-2025-1, NLL-2025-7": names(func(add func(string)) {
			for _, c := range e.Contracts {
				add(c.Reference)
			}
		}),
		"Region Norrbotten": names(func(add func(string)) {
			for _, r := range e.Regions {
				add(r.Name)
			}
		}),
	} {
		if got != what {
			t.Errorf("exposure: got %q, want %q", got, what)
		}
	}

	// From the incident's page to the form, prefilled with the exposed.
	res = staff.get(incident)
	wantBody(t, res, fmt.Sprintf(`href="/inquiries/new?incident=%d"`, incidentID))
	res = staff.get(fmt.Sprintf("/inquiries/new?incident=%d", incidentID))
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<h1>Ny förfrågan</h1>", "<li>Leverantör A</li>", "<li>Leverantör C</li>", `value="Översvämningar i Pakistan"`)
	wantNoBody(t, res, "<li>Leverantör B</li>")

	due := tillit.DateOf(f.now).AddDate(0, 0, 14).Format(time.DateOnly)
	bad := inquiryForm(incidentID, due)
	bad.Set("q1-kind", "number")
	bad.Set("q2", "")
	bad.Set("q3", "")
	bad.Set("due_on", "snart")
	res = staff.post("/inquiries", bad)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `id="q1-error"`, `id="due_on-error"`, "Står produktionen still?</textarea>")
	res = staff.post("/inquiries", inquiryForm(incidentID, due))
	wantStatus(t, res, http.StatusSeeOther)
	page := res.Header.Get("Location")
	m := inquiryPath.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("after saving the draft, sent to %q", page)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)

	// The draft shows who gets it, each checked; only those may be chosen.
	supA, supB := f.orgs["Leverantör A"], f.orgs["Leverantör B"]
	res = staff.get(page)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, fmt.Sprintf(`name="supplier" value="%d" checked`, supA.ID), fmt.Sprintf(`name="supplier" value="%d" checked`, supC.ID),
		"Fabrik 1 (Sialkot, PK)", "Lagret (Karachi, PK)")
	wantNoBody(t, res, fmt.Sprintf(`value="%d"`, supB.ID))
	res = staff.post(page+"/send", url.Values{"supplier": {strconv.FormatInt(supA.ID, 10), strconv.FormatInt(supB.ID, 10)}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, svText("A chosen supplier is no longer among the recipients. Look at the list again and send."))
	wantStatus(t, staff.post(page+"/send", url.Values{}), http.StatusBadRequest)
	res = staff.post(page+"/send", url.Values{"supplier": {strconv.FormatInt(supA.ID, 10), strconv.FormatInt(supC.ID, 10)}})
	wantStatus(t, res, http.StatusSeeOther)
	wantStatus(t, staff.post(page+"/send", url.Values{"supplier": {strconv.FormatInt(supA.ID, 10)}}), http.StatusConflict)

	// Exactly A and C were asked.
	q, err := f.db.FindInquiry(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	reqs, err := f.db.InquiryAnswers(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 2 || reqs[0].SupplierID != supA.ID || reqs[1].SupplierID != supC.ID {
		t.Fatalf("requests %+v", reqs)
	}
	pidA, pidC := reqs[0].PublicID, reqs[1].PublicID

	// Each supplier's user sees its own request only.
	userA := f.client().signIn(tillit.RoleSupplier)
	userC := f.fuAddUser(t, "supplier-c@example.org", tillit.RoleSupplier, "Leverantör C")
	for _, tt := range []struct {
		c          *client
		own, other string
	}{{userA, pidA, pidC}, {userC, pidC, pidA}} {
		res := tt.c.get("/portal")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `href="/portal/inquiries/`+tt.own+`"`, "Översvämningarna i Sialkot")
		wantNoBody(t, res, tt.other)
		wantStatus(t, tt.c.get("/portal/inquiries/"+tt.own), http.StatusOK)
		wantStatus(t, tt.c.get("/portal/inquiries/"+tt.other), http.StatusNotFound)
		wantStatus(t, tt.c.fuPostMultipart("/portal/inquiries/"+tt.other, url.Values{"q1": {"yes"}, "action": {"submit"}}, true), http.StatusNotFound)
		wantStatus(t, tt.c.get("/portal/inquiries/"+tt.other+"/files/1"), http.StatusNotFound)
	}
	// The office's pages are closed to suppliers.
	wantStatus(t, userA.get(page), http.StatusForbidden)

	// A answers: a draft with a file, a submission missing the mandatory
	// answer (the draft stays), the submission, and no change after it.
	portal := "/portal/inquiries/" + pidA
	res = userA.fuPostMultipart(portal, url.Values{"q2": {"Vi betalar ut löner under stoppet."}, "action": {"save"}}, true,
		fuUpload{"q3-file", "plan.txt", "Återstart i april."})
	wantStatus(t, res, http.StatusSeeOther)
	res = userA.get(portal)
	wantBody(t, res, "Vi betalar ut löner under stoppet.</textarea>", `name="q3-keep"`, "plan.txt")
	fileID := regexp.MustCompile(`name="q3-keep" value="(\d+)"`).FindStringSubmatch(res.Body)[1]
	wantStatus(t, userA.get(portal+"/files/"+fileID), http.StatusOK)
	wantStatus(t, userC.get("/portal/inquiries/"+pidA+"/files/"+fileID), http.StatusNotFound)
	res = userA.fuPostMultipart(portal, url.Values{"q2": {"Vi betalar ut löner under stoppet."}, "q3-keep": {fileID}, "action": {"submit"}}, true)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `id="q1-error"`, svText("Question %d is mandatory: answer it before you submit.", 1))
	res = userA.fuPostMultipart(portal, url.Values{"q1": {"yes"}, "q2": {"Vi betalar ut löner under stoppet."}, "q3-keep": {fileID}, "action": {"submit"}}, true)
	wantStatus(t, res, http.StatusSeeOther)
	res = userA.get(portal)
	wantBody(t, res, svText("Your answers are submitted and can no longer be changed. Thank you."), "plan.txt")
	wantNoBody(t, res, `<form id="answers"`)
	wantStatus(t, userA.fuPostMultipart(portal, url.Values{"q1": {"no"}, "action": {"submit"}}, true), http.StatusConflict)
	wantBody(t, userA.get("/portal"), svText("Answered"))

	// The office's summary: who answered what, and who did not.
	res = staff.get(page)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `<span class="value">2</span> <span class="label">tillfrågade leverantörer</span>`,
		`<span class="value">1</span> <span class="label">har svarat</span>`,
		`<th scope="row">1. Står produktionen still? (obligatorisk)</th><td>Ja eller nej</td><td class="num">1</td><td class="num">1</td><td class="num">0</td>`,
		"<td>Vi betalar ut löner under stoppet.</td>", fmt.Sprintf(`href="/inquiries/%d/files/%s"`, id, fileID), "<li>Leverantör C</li>")
	wantStatus(t, staff.get(fmt.Sprintf("/inquiries/%d/files/%s", id, fileID)), http.StatusOK)
	res = staff.get(page + "/answers.xlsx")
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") || !strings.HasPrefix(res.Body, "PK") {
		t.Errorf("answers download: %s", ct)
	}
	wantBody(t, staff.get("/inquiries"), fmt.Sprintf(`<a href="/inquiries/%d">Översvämningarna i Sialkot</a>`, id), `<td class="num">2</td>`)

	// Invitations to both companies' users; none again.
	n, err := f.srv.SendInquiryMails(ctx)
	if err != nil || n != 1 {
		t.Fatalf("invitations: %d %v, want 1 (A has answered)", n, err)
	}
	if m := f.mail.last(t); m.To != "supplier-c@example.org" || !strings.Contains(m.Text, "/portal/inquiries/"+pidC) {
		t.Errorf("invitation %+v", m)
	}
	if n, _ := f.srv.SendInquiryMails(ctx); n != 0 {
		t.Errorf("sent again: %d", n)
	}
	f.advance(8 * 24 * time.Hour) // six days before the due date
	if n, _ := f.srv.SendInquiryMails(ctx); n != 1 {
		t.Errorf("reminders before the due date: %d", n)
	}
	if m := f.mail.last(t); !strings.Contains(m.Subject, "påminnelse") {
		t.Errorf("reminder %q", m.Subject)
	}

	// Closing ends answering. (The clock moved past the sessions' idle
	// time, so both sign in again.)
	staff = f.client().signIn(tillit.RoleStaff)
	userC = f.client()
	wantStatus(t, userC.post("/login", url.Values{"email": {"supplier-c@example.org"}, "password": {testPassword}}), http.StatusSeeOther)
	wantStatus(t, staff.post(page+"/close", nil), http.StatusSeeOther)
	wantStatus(t, userC.fuPostMultipart("/portal/inquiries/"+pidC, url.Values{"q1": {"no"}, "action": {"submit"}}, true), http.StatusConflict)
	wantBody(t, userC.get("/portal/inquiries/"+pidC), svText("The inquiry is closed and can no longer be answered."))
	wantStatus(t, staff.post(page+"/close", nil), http.StatusConflict)

	events, err := f.db.FindAuditEvents(ctx, sqldb.AuditFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, ev := range events {
		seen[ev.Action] = true
	}
	for _, a := range []string{"inquiry.created", "inquiry.sent", "inquiry.answers_saved", "inquiry.answered", "inquiry.closed"} {
		if !seen[a] {
			t.Errorf("no %s in the audit trail", a)
		}
	}
}

// TestInquiryByCountryAndCategory: a draft written by country and
// category, changed, and sent; the API lists it and gives the answers.
func TestInquiryByCountryAndCategory(t *testing.T) {
	f := newFixture(t)
	supC, gloves := f.incidentWorld(t)
	staff := f.client().signIn(tillit.RoleStaff)
	due := tillit.DateOf(f.now).AddDate(0, 0, 10).Format(time.DateOnly)
	form := url.Values{"title": {"Handskar från Pakistan"}, "due_on": {due}, "country": {"pk"}, "category_id": {strconv.FormatInt(gloves.ID, 10)},
		"product": {"PEANG"}, "q1": {"Har ni tillverkning i Sialkot?"}, "q1-kind": {"yes_no"}}
	res := staff.post("/inquiries", url.Values{"title": {"Utan mottagare"}, "due_on": {due}, "q1": {"Fråga"}, "q1-kind": {"text"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `id="selection-error"`)
	res = staff.post("/inquiries", form)
	wantStatus(t, res, http.StatusSeeOther)
	page := res.Header.Get("Location")
	// Only C makes peang in Pakistan and holds a glove contract.
	res = staff.get(page)
	wantBody(t, res, fmt.Sprintf(`name="supplier" value="%d" checked`, supC.ID), "Smedjan (Sialkot, PK)", "Lagret (Karachi, PK)")
	wantNoBody(t, res, fmt.Sprintf(`value="%d"`, f.orgs["Leverantör A"].ID))

	// Changed to the fixture's category: A and C, both with sites in Pakistan.
	form.Set("category_id", strconv.FormatInt(f.category.ID, 10))
	form.Set("product", "")
	wantStatus(t, staff.post(page+"/edit", form), http.StatusSeeOther)
	res = staff.get(page)
	wantBody(t, res, fmt.Sprintf(`value="%d"`, f.orgs["Leverantör A"].ID), fmt.Sprintf(`value="%d"`, supC.ID))
	wantStatus(t, staff.post(page+"/send", url.Values{"supplier": {strconv.FormatInt(supC.ID, 10)}}), http.StatusSeeOther)
	wantStatus(t, staff.get(page+"/edit"), http.StatusConflict)

	token := f.apiToken(tillit.RoleCoordinator)
	res = f.api("GET", "/api/v1/inquiries", token, "")
	wantStatus(t, res, http.StatusOK)
	var list struct {
		Inquiries []struct {
			ID       int64  `json:"id"`
			Status   string `json:"status"`
			Requests int    `json:"requests"`
		} `json:"inquiries"`
	}
	decodeJSON(t, res, &list)
	if len(list.Inquiries) != 1 || list.Inquiries[0].Status != "sent" || list.Inquiries[0].Requests != 1 {
		t.Fatalf("list %+v", list)
	}
	res = f.api("GET", "/api/v1/inquiries/"+strconv.FormatInt(list.Inquiries[0].ID, 10), token, "")
	wantStatus(t, res, http.StatusOK)
	var one struct {
		Selection struct {
			Country    *string `json:"country"`
			CategoryID *int64  `json:"category_id"`
		} `json:"selection"`
		Questions []struct {
			Kind string `json:"kind"`
		} `json:"questions"`
		Requests []struct {
			Supplier string `json:"supplier"`
			Status   string `json:"status"`
			Answers  []any  `json:"answers"`
		} `json:"requests"`
	}
	decodeJSON(t, res, &one)
	if one.Selection.Country == nil || *one.Selection.Country != "PK" || len(one.Questions) != 1 || one.Questions[0].Kind != "yes_no" ||
		len(one.Requests) != 1 || one.Requests[0].Supplier != "Leverantör C" || one.Requests[0].Status != "sent" || len(one.Requests[0].Answers) != 0 {
		t.Fatalf("inquiry %s", res.Body)
	}
	wantAPIError(t, f.api("GET", "/api/v1/inquiries/999999", token, ""), http.StatusNotFound, tillit.ENOTFOUND)
	wantAPIError(t, f.api("GET", "/api/v1/inquiries", f.apiToken(tillit.RoleSupplier), ""), http.StatusForbidden, tillit.EFORBIDDEN)
}

// visitInquiryPages renders every inquiry page, for TestEveryPageRendered.
func (f *fixture) visitInquiryPages(t *testing.T) {
	w := f.inquiries(t)
	staff := f.client().signIn(tillit.RoleStaff)
	id := strconv.FormatInt(w.sent.ID, 10)
	res := staff.post("/inquiries", url.Values{"title": {"Utkast"}, "due_on": {"2026-04-01"}, "country": {"PK"}, "q1": {"Fråga"}, "q1-kind": {"text"}})
	wantStatus(t, res, http.StatusSeeOther)
	draft := res.Header.Get("Location")
	for p, want := range map[string]string{
		"/inquiries": "<h1>Förfrågningar</h1>", "/inquiries/new": "<h1>Ny förfrågan</h1>", "/inquiries/" + id: "Vem som svarade vad",
		draft: "Skicka förfrågan", draft + "/edit": "<h1>Ändra förfrågan</h1>",
	} {
		res := staff.get(p)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, want)
	}
	sup := f.client().signIn(tillit.RoleSupplier)
	res = sup.get("/portal/inquiries/" + w.pidA)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Arbetsvillkor", `name="q1"`)
}
