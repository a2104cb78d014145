package server

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"html/template"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/ui"
)

// Tests of the follow-up pages. The fixture's users read Swedish, so a
// sentence is checked as ui.T renders it in Swedish and the page escapes it.

// svText is how a page shows the English catalogue key in Swedish.
func svText(english string, args ...any) string {
	s := ui.T(tillit.Swedish, english)
	if len(args) > 0 {
		s = fmt.Sprintf(s, args...)
	}
	return template.HTMLEscapeString(s)
}

// fuUpload is a file sent with a multipart form.
type fuUpload struct {
	field, name, content string
}

// fuPostFiles submits a multipart form with the CSRF field and the Origin
// header, and the CSRF token also in the X-CSRF-Token header, as htmx
// sends it: the middleware reads the field of a multipart form only once it
// parses multipart forms (see TestFollowUpUploadWithoutJavaScript).
func (c *client) fuPostFiles(path string, form url.Values, files ...fuUpload) response {
	c.f.t.Helper()
	return c.fuPostMultipart(path, form, true, files...)
}

func (c *client) fuPostMultipart(path string, form url.Values, header bool, files ...fuUpload) response {
	c.f.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if form == nil {
		form = url.Values{}
	}
	if form.Get("csrf") == "" {
		form.Set("csrf", c.csrf())
	}
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, u := range files {
		w, err := mw.CreateFormFile(u.field, u.name)
		if err != nil {
			c.f.t.Fatal(err)
		}
		w.Write([]byte(u.content))
	}
	mw.Close()
	hdr := map[string]string{"Content-Type": mw.FormDataContentType(), "Origin": c.f.ts.URL}
	if header {
		hdr["X-CSRF-Token"] = form.Get("csrf")
	}
	return c.send("POST", path, &buf, hdr)
}

// fuAddUser adds a user with one role in an organisation and returns a
// client signed in as them.
func (f *fixture) fuAddUser(t *testing.T, email string, role tillit.Role, org string) *client {
	t.Helper()
	hash, err := password.Hash(testPassword, password.Fast)
	if err != nil {
		t.Fatal(err)
	}
	u := &tillit.User{Email: email, Name: "Test " + email, Lang: tillit.Swedish,
		Memberships: []tillit.Membership{{OrgID: f.orgs[org].ID, Role: role}}}
	if err := f.db.CreateUser(context.Background(), tillit.SystemActor("test"), u, hash); err != nil {
		t.Fatal(err)
	}
	c := f.client()
	if res := c.signInAs(email, testPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d", email, res.StatusCode)
	}
	return c
}

func fuURL(fu *tillit.FollowUp, rest string) string {
	return "/followups/" + strconv.FormatInt(fu.ID, 10) + rest
}

func fuDay(f *fixture, days int) string {
	return tillit.DateOf(f.now).AddDate(0, 0, days).Format(time.DateOnly)
}

// fuAttachmentID returns the id of the follow-up's attachment named name.
func (f *fixture) fuAttachmentID(t *testing.T, fu *tillit.FollowUp, name string) string {
	t.Helper()
	list, err := f.db.FindAttachments(context.Background(), tillit.Scope{All: true}, fu.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.Name == name {
			return strconv.FormatInt(a.ID, 10)
		}
	}
	t.Fatalf("follow-up %d has no attachment %s", fu.ID, name)
	return ""
}

// fuReload reads a follow-up from the store.
func (f *fixture) fuReload(t *testing.T, fu *tillit.FollowUp) *tillit.FollowUp {
	t.Helper()
	got, err := f.db.FindFollowUp(context.Background(), tillit.Scope{All: true}, fu.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// fuAttachB stores a file as an attachment of follow-up B.
func (f *fixture) fuAttachB(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	file, err := f.files.Put(ctx, "b.txt", strings.NewReader("Leverantör B:s hemliga bevis\n"))
	if err != nil {
		t.Fatal(err)
	}
	a := &sqldb.Attachment{Hash: file.Hash, FollowUpID: f.followUpB.ID, Name: file.Name, Size: file.Size, ContentType: file.ContentType}
	if err := f.db.CreateAttachment(ctx, tillit.SystemActor("test"), a); err != nil {
		t.Fatal(err)
	}
	return a.ID
}

func TestFollowUpReading(t *testing.T) {
	f := newFixture(t)
	a, b := f.followUpA, f.followUpB
	attA, attB := fixtureAttachment(f), f.fuAttachB(t)
	clients := map[tillit.Role]*client{anon: f.client()}
	for _, r := range everyone[1:] {
		clients[r] = f.client().signIn(r)
	}
	att := func(id int64) string { return "/attachments/" + strconv.FormatInt(id, 10) }
	for _, tc := range []struct {
		role tillit.Role
		path string
		want int
		body []string
	}{
		{tillit.RoleStaff, fuURL(a, ""), 200, []string{"Leverantör A", "Tandvårdsmaterial", "Region Norrbotten", "COC-1, COC-2", "Ingen riskanalys av leveranskedjan",
			"Gör en riskanalys", svText("Yellow"), `fill="#f2a900"`, svText("Follow-up opened"), "coordinator@example.org"}},
		{tillit.RoleStaff, fuURL(b, ""), 200, []string{"Leverantör B", "Region Skåne"}},
		{tillit.RoleAuditor, fuURL(a, ""), 200, []string{"Leverantör A"}},
		{tillit.RoleAuditor, fuURL(b, ""), 404, nil},
		{tillit.RoleSupplier, fuURL(a, ""), 200, []string{"Leverantör A", "Ingen riskanalys"}},
		{tillit.RoleSupplier, fuURL(b, ""), 404, nil},
		{tillit.RoleSupplier, fuURL(&tillit.FollowUp{ID: 999999}, ""), 404, nil},
		{tillit.RoleEditor, fuURL(a, ""), 403, nil},
		{anon, fuURL(a, ""), 303, nil},
		{tillit.RoleSupplier, att(attA), 200, []string{"Revisionsrapport för Leverantör A"}},
		{tillit.RoleSupplier, att(attB), 404, nil},
		{tillit.RoleAuditor, att(attB), 404, nil},
		{tillit.RoleStaff, att(attB), 200, []string{"hemliga bevis"}},
		{tillit.RoleSupplier, att(attB + 1000), 404, nil},
		{tillit.RoleSupplier, "/followups/deviations", 200, []string{fuURL(a, "#deviation-1")}},
		{tillit.RoleSupplier, "/followups/audits", 200, []string{fuURL(a, "#audit-1")}},
		{tillit.RoleAuditor, "/followups", 200, []string{fuURL(a, "")}},
		{tillit.RoleStaff, "/followups", 200, []string{fuURL(a, ""), fuURL(b, "")}},
	} {
		t.Run(string(tc.role)+tc.path, func(t *testing.T) {
			res := clients[tc.role].get(tc.path)
			wantStatus(t, res, tc.want)
			wantBody(t, res, tc.body...)
		})
	}
	// Lists in a supplier's or an auditor's scope show nothing of B.
	for _, r := range []tillit.Role{tillit.RoleSupplier, tillit.RoleAuditor} {
		for _, p := range []string{"/followups", "/followups/deviations", "/followups/audits"} {
			wantNoBody(t, clients[r].get(p), fuURL(b, ""), "Leverantör B")
		}
	}

	t.Run("download headers", func(t *testing.T) {
		res := clients[tillit.RoleStaff].get(att(attA))
		wantStatus(t, res, 200)
		for h, want := range map[string]string{
			"Content-Type":           "text/plain; charset=utf-8",
			"Content-Disposition":    `attachment; filename="rapport.txt"; filename*=UTF-8''rapport.txt`,
			"X-Content-Type-Options": "nosniff",
		} {
			if got := res.Header.Get(h); got != want {
				t.Errorf("%s: %q, want %q", h, got, want)
			}
		}
	})

	t.Run("list shows status, regions, light as text and colour", func(t *testing.T) {
		res := clients[tillit.RoleStaff].get("/followups?sort=supplier")
		wantStatus(t, res, 200)
		wantBody(t, res, `<a href="/suppliers/`+strconv.FormatInt(f.orgs["Leverantör A"].ID, 10)+`">Leverantör A</a>`, svText("Open"),
			svText("Yellow"), svText("Green"), `fill="#1d5e2e"`, "<td>Region Norrbotten</td>", "<td>Tandvårdsmaterial</td>")
		if strings.Index(res.Body, "Leverantör A") > strings.Index(res.Body, "Leverantör B") {
			t.Error("sorted by supplier, A should come before B")
		}
		res = clients[tillit.RoleStaff].get("/followups?light=green")
		wantBody(t, res, fuURL(b, ""))
		wantNoBody(t, res, fuURL(a, "\""))
		res = clients[tillit.RoleStaff].get("/followups?severity=major&status=open")
		wantBody(t, res, fuURL(a, "\""))
		wantNoBody(t, res, fuURL(b, "\""))
		res = clients[tillit.RoleStaff].get("/followups?q=" + url.QueryEscape("ntör b"))
		wantBody(t, res, fuURL(b, "\""))
		wantNoBody(t, res, fuURL(a, "\""))
		wantStatus(t, clients[tillit.RoleStaff].get("/followups?light=purple"), 400)
		wantStatus(t, clients[tillit.RoleStaff].get("/followups?year=20x6"), 400)
		wantStatus(t, clients[tillit.RoleStaff].get("/followups?after=x"), 400)
		wantStatus(t, clients[tillit.RoleStaff].get("/followups/deviations?after=1-x"), 400)
	})
}

// fuStep is one request of a scenario and what it must answer.
type fuStep struct {
	name  string
	c     *client
	path  string
	form  url.Values
	files []fuUpload
	want  int
	body  []string
}

func fuRunSteps(t *testing.T, steps []fuStep) {
	t.Helper()
	for _, s := range steps {
		ok := t.Run(s.name, func(t *testing.T) {
			var res response
			if s.files != nil {
				res = s.c.fuPostFiles(s.path, s.form, s.files...)
			} else {
				res = s.c.post(s.path, s.form)
			}
			wantStatus(t, res, s.want)
			wantBody(t, res, s.body...)
		})
		if !ok {
			t.FailNow()
		}
	}
}

// Everyone who may not change follow-up A is refused every change, even
// with a form that would be accepted from someone who may.
func TestFollowUpChangesRefused(t *testing.T) {
	f := newFixture(t)
	a := f.followUpA
	forms := []struct {
		path string
		form url.Values
	}{
		{fuURL(a, "/self-assessments"), url.Values{"due_on": {fuDay(f, 14)}}},
		{fuURL(a, "/audits"), url.Values{"kind": {"office"}, "planned_for": {fuDay(f, 7)}, "auditor_org_id": {fmt.Sprint(f.orgs["Revisionsbyrån"].ID)}}},
		{fuURL(a, "/audits/1/deviations"), url.Values{"requirement_code": {"COC-2"}, "severity": {"minor"}, "description": {"Saknar policy"}}},
		{fuURL(a, "/deviations/1/actions"), url.Values{"description": {"Ny plan"}, "owner": {"VD"}, "deadline": {fuDay(f, 30)}}},
		{fuURL(a, "/actions/1/approve"), url.Values{"comment": {"Bra"}}},
		{fuURL(a, "/actions/1/return"), url.Values{"comment": {"Mer detaljer"}}},
		{fuURL(a, "/escalations"), url.Values{"level": {"reminder"}, "note": {"Påminnelse"}}},
		{fuURL(a, "/close"), url.Values{"reason": {"contracts_expired"}}},
		{fuURL(a, "/deviations/1/close"), url.Values{"note": {"Klart"}}},
		{fuURL(a, "/audits/1/cancel"), url.Values{"reason": {"Ingen tid"}}},
	}
	staff := f.client().signIn(tillit.RoleStaff)
	skane := f.fuAddUser(t, "samordnare@skane.se", tillit.RoleCoordinator, "Region Skåne")
	for who, c := range map[string]*client{"staff": staff, "coordinator of a region not responsible": skane} {
		for _, tc := range forms {
			t.Run(who+tc.path, func(t *testing.T) {
				wantStatus(t, c.post(tc.path, tc.form), http.StatusForbidden)
			})
		}
		// Reading is still allowed.
		wantStatus(t, c.get(fuURL(a, "")), http.StatusOK)
		wantStatus(t, c.get("/followups/new?category="+fmt.Sprint(f.category.ID)), map[string]int{"staff": 403, "coordinator of a region not responsible": 200}[who])
	}
	// Nothing changed.
	if got := f.fuReload(t, a); len(got.Timeline) != len(a.Timeline) {
		t.Fatalf("the refused changes left %d events, want %d", len(got.Timeline), len(a.Timeline))
	}
	// The page shows them no forms.
	res := staff.get(fuURL(a, ""))
	wantNoBody(t, res, `method="post" action="/followups/`)
	// A coordinator of a region not responsible cannot open a follow-up in
	// the category either.
	res = skane.post("/followups", url.Values{"supplier_id": {fmt.Sprint(f.orgs["Leverantör B"].ID)}, "category_id": {fmt.Sprint(f.category.ID)},
		"responsible_region_ids": {fmt.Sprint(f.orgs["Region Skåne"].ID)}, "requirement_codes": {"COC-1"}})
	wantStatus(t, res, http.StatusForbidden)
	wantBody(t, skane.get("/followups/new"), svText("You can open follow-ups only in the categories your region is responsible for, and it is responsible for none today. Ask the national office."))
}

// The auditor works on the audits assigned to them and on nothing else.
func TestFollowUpAuditor(t *testing.T) {
	f := newFixture(t)
	a, b := f.followUpA, f.followUpB
	coord := f.client().signIn(tillit.RoleCoordinator)
	auditor := f.client().signIn(tillit.RoleAuditor)
	firm := fmt.Sprint(f.orgs["Revisionsbyrån"].ID)
	fuRunSteps(t, []fuStep{
		{"coordinator plans a site audit assigned to the auditor", coord, fuURL(a, "/audits"), url.Values{"kind": {"site"}, "planned_for": {fuDay(f, 0)},
			"auditor_org_id": {firm}, "auditor_user_id": {fmt.Sprint(f.users[tillit.RoleAuditor].ID)}, "site_id": {fmt.Sprint(f.siteA.ID)}}, nil, 303, nil},
		{"and an office audit for nobody in particular", coord, fuURL(a, "/audits"), url.Values{"kind": {"office"}, "planned_for": {fuDay(f, 3)},
			"auditor_org_id": {fmt.Sprint(f.orgs["Region Norrbotten"].ID)}}, nil, 303, nil},
		{"the auditor cannot perform the audit not assigned", auditor, fuURL(a, "/audits/3/perform"), url.Values{"performed_on": {fuDay(f, 0)}}, nil, 403, nil},
		{"the auditor uploads the report and a photo", auditor, fuURL(a, "/attachments"), nil,
			[]fuUpload{{"file", "fabriksrevision.pdf", "%PDF-1.4\nrapport\n"}, {"file", "foto.txt", "Foto av nödutgången\n"}}, 303, nil},
	})
	report, photo := f.fuAttachmentID(t, a, "fabriksrevision.pdf"), f.fuAttachmentID(t, a, "foto.txt")
	fuRunSteps(t, []fuStep{
		{"the auditor performs their audit with the report", auditor, fuURL(a, "/audits/2/perform"),
			url.Values{"performed_on": {fuDay(f, 0)}, "findings": {"Brister i arbetsmiljön"}, "report": {report}}, nil, 303, nil},
		{"and records a deviation with evidence", auditor, fuURL(a, "/audits/2/deviations"), url.Values{"requirement_code": {"COC-2"}, "severity": {"minor"},
			"description": {"Nödutgångar blockerade"}, "plan_due_on": {fuDay(f, 20)}, "evidence": {photo}}, nil, 303, nil},
		{"but cannot cancel audits", auditor, fuURL(a, "/audits/3/cancel"), url.Values{"reason": {"x"}}, nil, 403, nil},
		{"nor close the follow-up", auditor, fuURL(a, "/close"), url.Values{"reason": {"other"}, "text": {"x"}}, nil, 403, nil},
		{"nor approve actions", auditor, fuURL(a, "/actions/1/approve"), nil, nil, 403, nil},
		{"nor touch follow-up B", auditor, fuURL(b, "/audits/1/perform"), url.Values{"performed_on": {fuDay(f, 0)}}, nil, 404, nil},
		{"nor upload to it", auditor, fuURL(b, "/attachments"), nil, []fuUpload{{"file", "x.txt", "x\n"}}, 404, nil},
	})
	got := f.fuReload(t, a)
	au := got.AuditByID(2)
	if au.Status != tillit.AuditPerformed || au.Findings != "Brister i arbetsmiljön" || !tillit.ValidAttachmentRef(au.ReportAttachment) {
		t.Fatalf("audit 2 = %+v", au)
	}
	d := got.DeviationByID(2)
	if d == nil || d.AuditID != 2 || len(d.Evidence) != 1 || d.PlanDueOn.Format(time.DateOnly) != fuDay(f, 20) {
		t.Fatalf("deviation 2 = %+v", d)
	}
	// The page links the report and the evidence, and the auditor's
	// changes are attributed to them.
	res := auditor.get(fuURL(a, ""))
	wantStatus(t, res, 200)
	wantBody(t, res, ">fabriksrevision.pdf</a></dd>", ">foto.txt</a></dd>", "auditor@example.org", "Fabrik 1, Sialkot PK", svText("Site audit"))
	link := regexp.MustCompile(`href="(/attachments/\d+)">fabriksrevision.pdf<`).FindStringSubmatch(res.Body)
	if link == nil {
		t.Fatal("no link to the report")
	}
	dl := auditor.get(link[1])
	wantStatus(t, dl, 200)
	if dl.Header.Get("Content-Type") != "application/pdf" || dl.Body != "%PDF-1.4\nrapport\n" {
		t.Fatalf("report download: %q %q", dl.Header.Get("Content-Type"), dl.Body)
	}
	// The supplier of B cannot fetch A's report by its id.
	supB := f.fuAddUser(t, "leverantor@b.example", tillit.RoleSupplier, "Leverantör B")
	wantStatus(t, supB.get(link[1]), 404)
	wantStatus(t, supB.get(fuURL(a, "")), 404)
	wantStatus(t, supB.post(fuURL(a, "/deviations/2/actions"), url.Values{"description": {"x"}, "owner": {"y"}, "deadline": {fuDay(f, 5)}}), 404)
}

// The supplier answers for its own deviations, and only those.
func TestFollowUpSupplier(t *testing.T) {
	f := newFixture(t)
	a, b := f.followUpA, f.followUpB
	coord := f.client().signIn(tillit.RoleCoordinator)
	supplier := f.client().signIn(tillit.RoleSupplier)
	fuRunSteps(t, []fuStep{
		{"the supplier cannot approve its own action", supplier, fuURL(a, "/actions/1/approve"), nil, nil, 403, nil},
		{"the coordinator returns it", coord, fuURL(a, "/actions/1/return"), url.Values{"comment": {"Ange datum för varje steg."}}, nil, 303, nil},
		{"the supplier submits a revised action plan", supplier, fuURL(a, "/deviations/1/actions"),
			url.Values{"description": {"Riskanalys i tre steg, klar i maj"}, "owner": {"Inköpschef"}, "deadline": {fuDay(f, 45)}}, nil, 303, nil},
		{"the supplier cannot answer for B's deviation", supplier, fuURL(b, "/deviations/1/actions"),
			url.Values{"description": {"x"}, "owner": {"y"}, "deadline": {fuDay(f, 5)}}, nil, 404, nil},
		{"the coordinator approves", coord, fuURL(a, "/actions/2/approve"), nil, nil, 303, nil},
		{"the supplier uploads evidence", supplier, fuURL(a, "/attachments"), nil, []fuUpload{{"file", "steg1.csv", "steg;status\n1;klart\n"}}, 303, nil},
	})
	fuRunSteps(t, []fuStep{
		{"and reports progress with it", supplier, fuURL(a, "/actions/2/progress"),
			url.Values{"text": {"Steg 1 klart"}, "evidence": {f.fuAttachmentID(t, a, "steg1.csv")}}, nil, 303, nil},
		{"and uploads a file on its own", supplier, fuURL(a, "/attachments"), nil, []fuUpload{{"file", "policy.txt", "Vår uppförandekod\n"}}, 303, nil},
		{"but not a web page", supplier, fuURL(a, "/attachments"), nil, []fuUpload{{"file", "x.html", "<html><script>alert(1)</script></html>"}}, 400,
			[]string{`id="upload-file-error"`, svText("Only PDF, images (PNG, JPEG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument) and CSV or plain text files can be attached. This file looks like a web page (HTML).")}},
		{"and not nothing", supplier, fuURL(a, "/attachments"), nil, []fuUpload{}, 400, []string{svText("Choose a file to attach.")}},
		{"nor B's attachment as evidence", supplier, fuURL(a, "/actions/2/progress"),
			url.Values{"text": {"Steg 2"}, "evidence": {strconv.FormatInt(f.fuAttachB(t), 10)}}, nil, 400, []string{svText("Choose the files among the follow-up's attachments.")}},
	})
	got := f.fuReload(t, a)
	d := got.DeviationByID(1)
	if len(d.Actions) != 2 || d.Actions[0].Status != tillit.ActionReturned || d.Actions[1].Status != tillit.ActionApproved ||
		d.Actions[1].Owner != "Inköpschef" || len(d.Actions[1].Progress) != 1 || len(d.Actions[1].Progress[0].Evidence) != 1 {
		t.Fatalf("deviation 1 = %+v", d)
	}
	res := supplier.get(fuURL(a, ""))
	wantBody(t, res, "Ange datum för varje steg.", "Riskanalys i tre steg, klar i maj", "Steg 1 klart – <a href=\"/attachments/", ">steg1.csv</a></li>", ">policy.txt</a>",
		svText("Corrective action approved"))
	wantNoBody(t, res, "x.html")
}

// Bad input comes back with the problems next to the fields and what was
// typed kept.
func TestFollowUpBadInput(t *testing.T) {
	f := newFixture(t)
	a := f.followUpA
	fixtureAttachment(f) // so that the report form is shown
	coord := f.client().signIn(tillit.RoleCoordinator)
	supplier := f.client().signIn(tillit.RoleSupplier)
	firm := fmt.Sprint(f.orgs["Revisionsbyrån"].ID)
	for _, tc := range []struct {
		name  string
		c     *client
		path  string
		form  url.Values
		files []fuUpload
		body  []string
	}{
		{"date that does not exist", coord, fuURL(a, "/audits"), url.Values{"kind": {"office"}, "planned_for": {"2026-02-30"}, "auditor_org_id": {firm}, "auditor_name": {"Eva Ek"}},
			nil, []string{`id="plan-audit-planned_for-error"`, svText("Write the date as YYYY-MM-DD, for example 2022-06-30."), `value="Eva Ek"`, `aria-invalid="true"`,
				`<details open><summary>` + svText("Plan an audit"), `href="#plan-audit"`}},
		{"site audit without a site", coord, fuURL(a, "/audits"), url.Values{"kind": {"site"}, "planned_for": {fuDay(f, 1)}, "auditor_org_id": {firm}},
			nil, []string{`id="plan-audit-site_id-error"`, svText("A site audit needs the production site to be audited.")}},
		{"a site of another supplier", coord, fuURL(a, "/audits"), url.Values{"kind": {"site"}, "planned_for": {fuDay(f, 1)}, "auditor_org_id": {firm}, "site_id": {"999"}},
			nil, []string{svText("Choose one of the supplier's production sites.")}},
		{"a supplier as the auditing organisation", coord, fuURL(a, "/audits"), url.Values{"kind": {"office"}, "planned_for": {fuDay(f, 1)},
			"auditor_org_id": {fmt.Sprint(f.orgs["Leverantör B"].ID)}}, nil, []string{`id="plan-audit-auditor_org_id-error"`}},
		{"a user who is no auditor", coord, fuURL(a, "/audits"), url.Values{"kind": {"office"}, "planned_for": {fuDay(f, 1)}, "auditor_org_id": {firm},
			"auditor_user_id": {fmt.Sprint(f.users[tillit.RoleStaff].ID)}}, nil, []string{svText("Choose the auditor from the list, or leave it empty.")}},
		{"a deviation against a requirement not in scope", coord, fuURL(a, "/audits/1/deviations"), url.Values{"requirement_code": {"ISO-9"}, "severity": {"major"}, "description": {"  "}},
			nil, []string{`id="record-deviation-1-requirement_code-error"`, `id="record-deviation-1-description-error"`, svText("Check the fields marked below.")}},
		{"returning without a comment", coord, fuURL(a, "/actions/1/return"), url.Values{"comment": {""}},
			nil, []string{`id="review-action-1-comment-error"`, svText("Write a comment that tells the supplier what to change.")}},
		{"an action with a deadline in the past", supplier, fuURL(a, "/deviations/1/actions"), nil, nil, nil},
		{"a review without a verdict", coord, fuURL(a, "/self-assessments/1/review"), url.Values{"note": {"Bra svar"}},
			nil, []string{svText("Choose approved or deficient.")}},
		{"closing without a reason", coord, fuURL(a, "/close"), url.Values{"text": {"Klar"}},
			nil, []string{`id="close-reason-error"`, `>Klar</textarea>`}},
		{"closing for another reason without saying which", coord, fuURL(a, "/close"), url.Values{"reason": {"other"}},
			nil, []string{svText("Describe why the follow-up is closed.")}},
		{"escalating at an unknown level", coord, fuURL(a, "/escalations"), url.Values{"level": {"shout"}, "note": {"x"}},
			nil, []string{svText("Choose the level: reminder, warning or sanction recommendation.")}},
		{"a self-assessment without a due date", coord, fuURL(a, "/self-assessments"), nil, nil, []string{`id="send-sa-due_on-error"`}},
		{"a program", coord, fuURL(a, "/attachments"), nil, []fuUpload{{"file", "setup.exe", "MZ\x90\x00program"}},
			[]string{`id="upload-file-error"`, svText("Only PDF, images (PNG, JPEG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument) and CSV or plain text files can be attached. This file looks like a program.")}},
		{"a report that is not an attachment", coord, fuURL(a, "/audits/1/report"), url.Values{"report": {"999999"}}, nil,
			[]string{`id="report-1-report-error"`, svText("Choose the files among the follow-up's attachments.")}},
		{"a report that is no number", coord, fuURL(a, "/audits/1/report"), url.Values{"report": {"x"}}, nil, []string{`id="report-1-report-error"`}},
		{"no report at all", coord, fuURL(a, "/audits/1/report"), nil, nil, []string{svText("Upload the audit report.")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "an action with a deadline in the past" {
				// Deviation 1 has an action waiting; return it first so
				// a new one may be submitted.
				wantStatus(t, coord.post(fuURL(a, "/actions/1/return"), url.Values{"comment": {"Ny plan, tack"}}), 303)
				tc.form = url.Values{"description": {"Plan"}, "owner": {"VD"}, "deadline": {fuDay(f, -1)}}
				tc.body = []string{`id="submit-action-1-deadline-error"`, svText("The deadline cannot be before today (%s).", fuDay(f, 0)), ">Plan</textarea>", `value="VD"`}
			}
			var res response
			if tc.files != nil {
				res = tc.c.fuPostFiles(tc.path, tc.form, tc.files...)
			} else {
				res = tc.c.post(tc.path, tc.form)
			}
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, tc.body...)
		})
	}
	// New follow-up form.
	res := coord.post("/followups", url.Values{"supplier_id": {fmt.Sprint(f.orgs["Leverantör B"].ID)}, "category_id": {fmt.Sprint(f.category.ID)},
		"responsible_region_ids": {fmt.Sprint(f.orgs["Region Norrbotten"].ID)}, "requirement_codes": {"COC-1\nCOC-1"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, svText("Requirement %s is listed more than once.", "COC-1"), `id="requirement_codes-error"`, "COC-1\nCOC-1</textarea>")
	res = coord.post("/followups", url.Values{"supplier_id": {"x"}, "category_id": {fmt.Sprint(f.category.ID)}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `id="supplier_id-error"`, svText("Choose the supplier to follow up."))
	res = coord.post("/followups", url.Values{"supplier_id": {fmt.Sprint(f.orgs["Region Skåne"].ID)}, "category_id": {fmt.Sprint(f.category.ID)},
		"responsible_region_ids": {fmt.Sprint(f.orgs["Region Norrbotten"].ID)}, "requirement_codes": {"COC-1"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, svText("Choose a supplier."))
	wantStatus(t, coord.get("/followups/new?category=abc"), http.StatusBadRequest)
}

// A change the follow-up's state does not allow is refused with 409 and
// the sentence that says what has to happen first.
func TestFollowUpConflicts(t *testing.T) {
	f := newFixture(t)
	a, b := f.followUpA, f.followUpB
	coord := f.client().signIn(tillit.RoleCoordinator)
	supplier := f.client().signIn(tillit.RoleSupplier)
	firm := fmt.Sprint(f.orgs["Revisionsbyrån"].ID)
	fuRunSteps(t, []fuStep{
		{"perform an audit twice", coord, fuURL(a, "/audits/1/perform"), url.Values{"performed_on": {fuDay(f, 0)}}, nil, 409,
			[]string{svText("Audit %d has already been recorded as performed.", 1)}},
		{"cancel a performed audit", coord, fuURL(a, "/audits/1/cancel"), url.Values{"reason": {"x"}}, nil, 409,
			[]string{svText("Audit %d has already been performed and cannot be cancelled.", 1)}},
		{"a deviation from a planned audit", coord, fuURL(b, "/audits/1/deviations"), url.Values{"requirement_code": {"COC-1"}, "severity": {"minor"}, "description": {"x"}}, nil, 409,
			[]string{svText("Audit %d has not been performed yet. Record it as performed before adding its deviations.", 1)}},
		{"a second action while one waits", supplier, fuURL(a, "/deviations/1/actions"), url.Values{"description": {"x"}, "owner": {"y"}, "deadline": {fuDay(f, 5)}}, nil, 409,
			[]string{svText("Deviation %d already has a corrective action waiting for review. Approve or return it first.", 1)}},
		{"close a deviation whose action waits", coord, fuURL(a, "/deviations/1/close"), nil, nil, 409,
			[]string{svText("The corrective action for deviation %d is waiting for review. Approve it before closing the deviation.", 1)}},
		{"progress before approval", supplier, fuURL(a, "/actions/1/progress"), url.Values{"text": {"x"}}, nil, 409,
			[]string{svText("Corrective action %d has not been approved yet. Progress can be reported once it is approved.", 1)}},
		{"close as resolved with a deviation open", coord, fuURL(a, "/close"), url.Values{"reason": {"resolved"}}, nil, 409,
			[]string{svText("The follow-up cannot be closed as resolved while 1 deviation is open. Close it, or choose a reason such as expired contracts.")}},
		{"close with an audit planned", coord, fuURL(b, "/close"), url.Values{"reason": {"contracts_expired"}}, nil, 409,
			[]string{svText("Audit %d is still planned. Record it as performed or cancel it before closing the follow-up.", 1)}},
		{"escalate with nothing overdue", coord, fuURL(a, "/escalations"), url.Values{"level": {"reminder"}, "note": {"x"}}, nil, 409,
			[]string{svText("Nothing in this follow-up is overdue, so there is nothing to escalate. Escalate when a deadline has passed.")}},
		{"a re-audit with nothing to verify", coord, fuURL(b, "/audits"), url.Values{"kind": {"re_audit"}, "planned_for": {fuDay(f, 1)}, "auditor_org_id": {firm}}, nil, 409,
			[]string{svText("A re-audit verifies that deviations have been fixed, and this follow-up has no open deviations. Plan an office or site audit instead.")}},
		{"review a self-assessment not submitted", coord, fuURL(a, "/self-assessments"), url.Values{"due_on": {fuDay(f, 10)}}, nil, 303, nil},
		{"(the review)", coord, fuURL(a, "/self-assessments/1/review"), url.Values{"verdict": {"approved"}}, nil, 409,
			[]string{svText("Self-assessment %d has not been submitted yet. It can be reviewed once the supplier submits it.", 1)}},
		{"send another while one is out", coord, fuURL(a, "/self-assessments"), url.Values{"due_on": {fuDay(f, 10)}}, nil, 409,
			[]string{svText("Self-assessment %d is still waiting for the supplier's answers. Wait for them, or send a reminder, before sending another.", 1)}},
		{"the supplier submits its answers", supplier, fuURL(a, "/self-assessments/1/submit"), nil, nil, 303, nil},
		{"and cannot submit them twice", supplier, fuURL(a, "/self-assessments/1/submit"), nil, nil, 409,
			[]string{svText("Self-assessment %d has already been submitted.", 1)}},
		{"deficient needs a recommendation", coord, fuURL(a, "/self-assessments/1/review"), url.Values{"verdict": {"deficient"}, "recommendation": {"none"}}, nil, 400,
			[]string{svText("A deficient self-assessment needs a recommendation: office audit, site audit or dialogue.")}},
		{"the coordinator reviews", coord, fuURL(a, "/self-assessments/1/review"), url.Values{"verdict": {"deficient"}, "recommendation": {"office_audit"}, "note": {"Brister"}}, nil, 303, nil},
		{"no such audit", coord, fuURL(a, "/audits/9/perform"), url.Values{"performed_on": {fuDay(f, 0)}}, nil, 404,
			[]string{svText("This follow-up has no audit %d.", 9)}},
		{"a warning before any reminder", coord, fuURL(a, "/escalations"), url.Values{"level": {"warning"}, "note": {"x"}}, nil, 409, nil},
		{"close for a reason", coord, fuURL(a, "/close"), url.Values{"reason": {"contracts_expired"}, "text": {"Avtalen löpte ut"}}, nil, 303, nil},
		{"a closed follow-up cannot change", coord, fuURL(a, "/audits"), url.Values{"kind": {"office"}, "planned_for": {fuDay(f, 1)}, "auditor_org_id": {firm}}, nil, 409,
			[]string{svText("This follow-up was closed on %s and can no longer be changed. Open a new follow-up to continue following up the supplier.", fuDay(f, 0))}},
		{"nor get files", supplier, fuURL(a, "/attachments"), nil, []fuUpload{{"file", "sent.txt", "för sent\n"}}, 409,
			[]string{svText("This follow-up is closed, so no files can be added to it. Open a new follow-up to continue following up the supplier.")}},
	})
	// "A warning before any reminder" was refused because nothing was
	// overdue; sixty-one days on the action's deadline has passed.
	res := coord.get(fuURL(a, ""))
	wantBody(t, res, svText("Closed: contracts expired"), "Avtalen löpte ut", svText("Self-assessment %d reviewed: %s; recommendation: %s", 1, ui.T(tillit.Swedish, "Deficient"), ui.T(tillit.Swedish, "Office audit")))
	wantNoBody(t, res, `action="`+fuURL(a, "/close")+`"`)
	wantBody(t, coord.get("/followups?status=closed"), svText("Closed: contracts expired"))
}

func TestFollowUpEscalation(t *testing.T) {
	f := newFixture(t)
	a := f.followUpA
	f.advance(61 * 24 * time.Hour) // action 1's deadline has passed
	coord := f.client().signIn(tillit.RoleCoordinator)
	res := coord.get(fuURL(a, ""))
	wantBody(t, res, svText("Red"), `fill="#a4161a"`, svText("Corrective action %d for deviation %d is not done", 1, 1), `<option value="d1">`)
	fuRunSteps(t, []fuStep{
		{"a warning needs a reminder first", coord, fuURL(a, "/escalations"), url.Values{"level": {"warning"}, "note": {"Varning"}}, nil, 409,
			[]string{svText("A warning comes after a reminder. Send the supplier a reminder first.")}},
		{"a reminder about deviation 1", coord, fuURL(a, "/escalations"), url.Values{"level": {"reminder"}, "about": {"d1"}, "note": {"Påminnelse skickad"}}, nil, 303, nil},
		{"then a warning", coord, fuURL(a, "/escalations"), url.Values{"level": {"warning"}, "note": {"Varning skickad"}}, nil, 303, nil},
		{"about something not overdue", coord, fuURL(a, "/escalations"), url.Values{"level": {"warning"}, "about": {"s1"}, "note": {"x"}}, nil, 404, nil},
		{"about a garbled item", coord, fuURL(a, "/escalations"), url.Values{"level": {"warning"}, "about": {"zz"}, "note": {"x"}}, nil, 400, nil},
	})
	res = coord.get("/followups?overdue=1")
	wantBody(t, res, fuURL(a, "\""))
	wantNoBody(t, res, fuURL(f.followUpB, "\""))
	res = coord.get("/followups/deviations?overdue=1")
	wantBody(t, res, fuURL(a, "#deviation-1"), svText("Overdue"))
	res = coord.get(fuURL(a, ""))
	wantBody(t, res, "Påminnelse skickad", svText("Escalation: %s", ui.T(tillit.Swedish, "Warning")))
}

// Opening a follow-up: the category's responsible regions are filled in.
func TestFollowUpOpen(t *testing.T) {
	f := newFixture(t)
	coord := f.client().signIn(tillit.RoleCoordinator)
	officer := f.client().signIn(tillit.RoleOfficer)
	supB := fmt.Sprint(f.orgs["Leverantör B"].ID)
	res := coord.get("/followups/new")
	wantStatus(t, res, 200)
	wantBody(t, res, `action="/followups/new"`, ">Tandvårdsmaterial</option>", ">Leverantör B</option>")
	res = coord.get("/followups/new?supplier=" + supB + "&category=" + fmt.Sprint(f.category.ID))
	wantStatus(t, res, 200)
	norr := fmt.Sprint(f.orgs["Region Norrbotten"].ID)
	wantBody(t, res, `value="`+norr+`" checked`, `<option value="`+supB+`" selected>`, `action="/followups"`)
	wantNoBody(t, res, `value="`+fmt.Sprint(f.orgs["Region Skåne"].ID)+`" checked`)
	res = coord.post("/followups", url.Values{"supplier_id": {supB}, "category_id": {fmt.Sprint(f.category.ID)},
		"responsible_region_ids": {norr}, "requirement_codes": {"COC-1.1\r\n\r\nCOC-2.3\r\n"}})
	wantStatus(t, res, http.StatusSeeOther)
	loc := res.Header.Get("Location")
	if !regexp.MustCompile(`^/followups/\d+$`).MatchString(loc) {
		t.Fatalf("redirected to %q", loc)
	}
	res = coord.get(loc)
	wantBody(t, res, svText("The follow-up is opened."), "COC-1.1, COC-2.3", "Leverantör B", svText("Green"), "Region Skåne")
	// The office may open one in any category.
	res = officer.post("/followups", url.Values{"supplier_id": {fmt.Sprint(f.orgs["Leverantör A"].ID)}, "category_id": {fmt.Sprint(f.category.ID)},
		"responsible_region_ids": {norr}, "requirement_codes": {"COC-3"}})
	wantStatus(t, res, http.StatusSeeOther)
	wantStatus(t, f.client().signIn(tillit.RoleStaff).get("/followups/new"), http.StatusForbidden)
	// After a change the browser returns to the part of the page it
	// concerns.
	res = coord.post(loc+"/audits", url.Values{"kind": {"office"}, "planned_for": {fuDay(f, 7)}, "auditor_org_id": {norr}})
	wantRedirect(t, res, loc+"#audits")
	res = coord.post(loc+"/audits/1/cancel", url.Values{"reason": {"Leverantören bad om ett nytt datum"}})
	wantRedirect(t, res, loc+"#audit-1")
	wantBody(t, coord.get(loc), svText("The audit is cancelled."), "Leverantören bad om ett nytt datum", svText("Cancelled"))
}

// fuReadXLSX returns the rows of the first sheet.
func fuReadXLSX(t *testing.T, body string) [][]string {
	t.Helper()
	x, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestFollowUpExports(t *testing.T) {
	f := newFixture(t)
	staff := f.client().signIn(tillit.RoleStaff)
	supplier := f.client().signIn(tillit.RoleSupplier)
	today := fuDay(f, 0)
	for _, tc := range []struct {
		c        *client
		path     string
		filename string
		has      []string
		hasNot   []string
	}{
		{staff, "/followups.csv", "uppföljningar-" + today + ".csv", []string{"Leverantör A;Tandvårdsmaterial;Region Norrbotten;Pågående;1;Gul;" + today, "Leverantör B"}, nil},
		{supplier, "/followups.csv", "uppföljningar-" + today + ".csv", []string{"Leverantör A"}, []string{"Leverantör B"}},
		{staff, "/followups.csv?q=ntör+B", "uppföljningar-" + today + ".csv", []string{"Leverantör B"}, []string{"Leverantör A"}},
		{staff, "/followups/deviations.csv", "avvikelser-" + today + ".csv", []string{";1;1;Leverantör A;Tandvårdsmaterial;COC-1;;" + ui.T(tillit.Swedish, "Major deviation")}, nil},
		{supplier, "/followups/audits.csv", "revisioner-" + today + ".csv", []string{"Leverantör A", ui.T(tillit.Swedish, "Office audit"), "Revisionsbyrån"}, []string{"Leverantör B"}},
		{staff, "/followups/audits.csv?status=planned", "revisioner-" + today + ".csv", []string{"Leverantör B", "Region Norrbotten"}, []string{"Leverantör A"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			res := tc.c.get(tc.path)
			wantStatus(t, res, 200)
			if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, url.PathEscape(tc.filename)) {
				t.Errorf("Content-Disposition %q, want a download named %s", cd, tc.filename)
			}
			if !strings.HasPrefix(res.Body, "\ufeff") {
				t.Error("the CSV has no byte order mark")
			}
			wantBody(t, res, tc.has...)
			wantNoBody(t, res, tc.hasNot...)
		})
	}
	res := staff.get("/followups.xlsx?sort=supplier")
	wantStatus(t, res, 200)
	if ct := res.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("Content-Type %q", ct)
	}
	rows := fuReadXLSX(t, res.Body)
	if len(rows) != 3 || rows[0][1] != "Leverantör" || rows[1][1] != "Leverantör A" || rows[2][1] != "Leverantör B" || rows[1][6] != "Gul" {
		t.Fatalf("follow-up workbook rows = %q", rows)
	}
	rows = fuReadXLSX(t, supplier.get("/followups/deviations.xlsx").Body)
	if len(rows) != 2 || rows[1][3] != "Leverantör A" {
		t.Fatalf("the supplier's deviation workbook = %q", rows)
	}
	rows = fuReadXLSX(t, supplier.get("/followups/audits.xlsx").Body)
	if len(rows) != 2 || rows[1][2] != "Leverantör A" {
		t.Fatalf("the supplier's audit workbook = %q", rows)
	}
	wantStatus(t, staff.get("/followups.csv?light=blue"), 400)
}

// The list pages with keyset paging: "Next page" carries the cursor.
func TestFollowUpPaging(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	coord := tillit.ActorOf(f.users[tillit.RoleCoordinator])
	for i := 0; i < 52; i++ {
		if _, err := f.db.OpenFollowUp(ctx, coord, tillit.FollowUpInput{SupplierID: f.orgs["Leverantör B"].ID, CategoryID: f.category.ID,
			ResponsibleRegionIDs: []int64{f.orgs["Region Norrbotten"].ID}, RequirementCodes: []string{"COC-1"}}); err != nil {
			t.Fatal(err)
		}
	}
	staff := f.client().signIn(tillit.RoleStaff)
	for _, sort := range []string{"", "supplier"} {
		t.Run("sort="+sort, func(t *testing.T) {
			seen := map[string]bool{}
			next := "/followups?status=open&sort=" + sort
			pages := 0
			for next != "" {
				res := staff.get(next)
				wantStatus(t, res, 200)
				pages++
				for _, m := range regexp.MustCompile(`<a href="(/followups/\d+)">`).FindAllStringSubmatch(res.Body, -1) {
					if seen[m[1]] {
						t.Fatalf("%s seen twice", m[1])
					}
					seen[m[1]] = true
				}
				next = ""
				if m := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(res.Body); m != nil {
					next = html.UnescapeString(m[1])
					if !strings.Contains(next, "after=") || !strings.Contains(next, "status=open") {
						t.Fatalf("next page link %q lost the cursor or the filters", next)
					}
				}
			}
			if pages != 2 || len(seen) != 54 {
				t.Fatalf("%d pages, %d follow-ups; want 2 pages and 54", pages, len(seen))
			}
		})
	}
	rows := strings.Count(staff.get("/followups.csv").Body, "\r\n")
	if rows != 55 {
		t.Fatalf("the download has %d lines, want a header and 54 rows", rows)
	}
}

// A browser without JavaScript sends the CSRF token of an upload only in
// the multipart body: the middleware parses multipart forms for its CSRF
// check, and the upload route's body limit sits above the file store's.
func TestFollowUpUploadWithoutJavaScript(t *testing.T) {
	f := newFixture(t)
	supplier := f.client().signIn(tillit.RoleSupplier)
	res := supplier.fuPostMultipart(fuURL(f.followUpA, "/attachments"), nil, false, fuUpload{"file", "plan.txt", "Åtgärdsplan\n"})
	wantStatus(t, res, http.StatusSeeOther)
	f.fuAttachmentID(t, f.followUpA, "plan.txt")
	// The fixture's file store takes files up to 1 MiB: a larger file is
	// refused by the store with a sentence, and a body far over the limit by
	// the middleware.
	res = supplier.fuPostMultipart(fuURL(f.followUpA, "/attachments"), nil, false, fuUpload{"file", "stor.txt", strings.Repeat("a", 3<<19)})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, svText("The file is larger than %s MiB. Make it smaller or split it.", "1"))
	res = supplier.fuPostMultipart(fuURL(f.followUpA, "/attachments"), nil, false, fuUpload{"file", "enorm.txt", strings.Repeat("a", 5<<20)})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, svText("The request body is too large."))
}
