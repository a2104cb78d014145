package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// incidentWorld adds to the fixture what an incident in Pakistan reaches:
// Leverantör C, with a site in Sialkot and contracts with Norrbotten in
// the fixture's category (which Norrbotten is responsible for) and with
// Skåne in gloves (which Skåne is responsible for). Leverantör A (site in
// Sialkot, contract with Norrbotten) already has an open follow-up.
func (f *fixture) incidentWorld(t *testing.T) (supC *tillit.Organisation, gloves *tillit.Category) {
	t.Helper()
	ctx, sys := context.Background(), tillit.SystemActor("test")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	supC = &tillit.Organisation{Kind: tillit.OrgSupplier, Name: "Leverantör C", Country: "SE"}
	must(f.db.CreateOrganisation(ctx, sys, supC))
	f.orgs[supC.Name] = supC
	gloves = &tillit.Category{Code: "gloves", NameSV: "Handskar", NameEN: "Gloves",
		Responsible: []tillit.Responsibility{{RegionID: f.orgs["Region Skåne"].ID, ValidFrom: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	must(f.db.CreateCategory(ctx, sys, gloves))
	must(f.db.CreateSite(ctx, sys, &tillit.ProductionSite{SupplierID: supC.ID, Name: "Smedjan", City: "Sialkot", Country: "PK", Products: []string{"Peanger"}}))
	must(f.db.CreateSite(ctx, sys, &tillit.ProductionSite{SupplierID: supC.ID, Name: "Lagret", City: "Karachi", Country: "PK", Products: []string{"Peanger"}}))
	start, end := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)
	must(f.db.CreateContract(ctx, sys, &tillit.Contract{RegionID: f.orgs["Region Norrbotten"].ID, SupplierID: supC.ID, CategoryID: f.category.ID,
		Reference: "NLL-2025-7", Start: start, End: end}))
	must(f.db.CreateContract(ctx, sys, &tillit.Contract{RegionID: f.orgs["Region Skåne"].ID, SupplierID: supC.ID, CategoryID: gloves.ID,
		Reference: "RS-2025-3", Start: start, End: end}))
	return supC, gloves
}

var incidentPath = regexp.MustCompile(`^/incidents/(\d+)$`)

// TestIncidentRegisteredThroughTheForm: region staff register an alert
// through the form, naming a country with a place, a category and a
// company; the page shows the exposure at once; they assess it; the
// coordinator opens follow-ups of the exposed suppliers.
func TestIncidentRegisteredThroughTheForm(t *testing.T) {
	f := newFixture(t)
	supC, gloves := f.incidentWorld(t)
	staff := f.client().signIn(tillit.RoleStaff)

	wantBody(t, staff.get("/incidents/new"), "<h1>Registrera en händelse</h1>", `name="countries"`, `name="category_ids"`, `name="suppliers"`)
	form := url.Values{"source_kind": {"ngo"}, "source_name": {"Swedwatch"}, "link": {"https://example.org/rapport"},
		"reported_on": {"2026-02-20"}, "title": {"Översvämningar i Sialkot"}, "text": {"Fabrikerna står under vatten.\n\nArbetare har evakuerats."},
		"severity": {"high"}, "countries": {"pk; Sialkot"}, "products": {""}, "suppliers": {"Leverantör C"}, "sites": {""}}

	// What cannot be matched or stored comes back with the line at fault.
	bad := cloneValues(form)
	bad.Set("suppliers", "Leverantör C\nOkänd AB")
	bad.Set("link", "javascript:alert(1)")
	res := staff.post("/incidents", bad)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, svText("Line %d: no supplier in tillit is called %s. Write the name as the supplier's page shows it, or leave the company out.", 2, "Okänd AB"),
		svText("Enter the link as a whole web address starting with https:// or http://, or leave it empty."), "Okänd AB</textarea>")
	bad = cloneValues(form)
	bad.Set("sites", "Leverantör C; Smedjan\nLeverantör C; Finns inte")
	res = staff.post("/incidents", bad)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, svText("Line %d: tillit knows no such production site. Write the company and the site's name as the supplier's page shows them.", 2))

	res = staff.post("/incidents", form)
	wantStatus(t, res, http.StatusSeeOther)
	loc := res.Header.Get("Location")
	m := incidentPath.FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("after registering, sent to %q", loc)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)

	// The exposure: both sites in Sialkot (A's, and C's smithy, not C's
	// warehouse in Karachi), A and C, their contracts in both categories.
	res = staff.get(loc)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<h1>Översvämningar i Sialkot</h1>", "<p>Fabrikerna står under vatten.</p>", "PK (Sialkot)",
		"<td>Fabrik 1</td><td>Leverantör A</td><td>Sialkot, PK</td>", "<td>Smedjan</td><td>Leverantör C</td>", "nämnt land, nämnt företag",
		`<th scope="row">Region Norrbotten</th><td class="num">2</td><td class="num">2</td>`,
		`<th scope="row">Region Skåne</th><td class="num">1</td><td class="num">1</td>`, "NLL-2025-1", "NLL-2025-7", "RS-2025-3",
		fmt.Sprintf(`href="/incidents/%d/exposure.xlsx"`, id))
	// Karachi is not Sialkot, but Leverantör C is named, so its warehouse
	// is in reach too.
	wantBody(t, res, "<td>Lagret</td><td>Leverantör C</td><td>Karachi, PK</td><td>Peanger</td><td>nämnt företag</td>")
	wantNoBody(t, res, `id="open-followups"`) // staff do not open follow-ups

	// Naming a category narrows the contracts to it.
	edit := staff.get(loc + "/edit")
	wantStatus(t, edit, http.StatusOK)
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(edit.Body)
	if version == nil {
		t.Fatal("no version on the edit form")
	}
	form.Set("version", version[1])
	form["category_ids"] = []string{strconv.FormatInt(f.category.ID, 10)}
	wantStatus(t, staff.post(loc+"/edit", form), http.StatusSeeOther)
	res = staff.get(loc)
	wantBody(t, res, "NLL-2025-1", "NLL-2025-7", "Tandvårdsmaterial")
	wantNoBody(t, res, "RS-2025-3", `<th scope="row">Region Skåne</th>`)
	// An edit based on the old version is refused.
	wantStatus(t, staff.post(loc+"/edit", form), http.StatusConflict)

	// The assessment.
	res = staff.post(loc+"/assess", url.Values{"assessment": {"duplicate"}, "reason": {"Samma översvämning"}, "duplicate_of": {"999999"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, svText("There is no incident %d; enter the number of the incident this one duplicates.", 999999), "Samma översvämning</textarea>")
	wantStatus(t, staff.post(loc+"/assess", url.Values{"assessment": {"relevant"}, "reason": {"Två av våra leverantörer tillverkar där."}}), http.StatusSeeOther)
	wantBody(t, staff.get(loc), "Relevant (Test staff,")

	// The list and its filters.
	wantBody(t, staff.get("/incidents"), fmt.Sprintf(`<a href="/incidents/%d">Översvämningar i Sialkot</a>`, id), "PK (Sialkot)")
	wantBody(t, staff.get("/incidents?assessment=relevant&country=pk"), "Översvämningar i Sialkot")
	wantBody(t, staff.get("/incidents?assessment=irrelevant"), "Inga händelser matchar filtren.")
	wantStatus(t, staff.get("/incidents?severity=grave"), http.StatusBadRequest)

	// The exposure as a workbook.
	res = staff.get(loc + "/exposure.xlsx")
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") || !strings.HasPrefix(res.Body, "PK") {
		t.Errorf("exposure download: %s", ct)
	}

	// Staff may not open follow-ups; the coordinator may, in the category
	// Norrbotten is responsible for. A already has one open there.
	wantStatus(t, staff.post(loc+"/followups", url.Values{"pair": {"1-1"}}), http.StatusForbidden)
	coord := f.client().signIn(tillit.RoleCoordinator)
	// Show the gloves contract again, which Norrbotten may not follow up.
	form = cloneValues(form)
	delete(form, "category_ids")
	edit = staff.get(loc + "/edit")
	form.Set("version", regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(edit.Body)[1])
	wantStatus(t, staff.post(loc+"/edit", form), http.StatusSeeOther)
	res = coord.get(loc)
	pairC := fmt.Sprintf("%d-%d", supC.ID, f.category.ID)
	pairCGloves := fmt.Sprintf("%d-%d", supC.ID, gloves.ID)
	pairA := fmt.Sprintf("%d-%d", f.orgs["Leverantör A"].ID, f.category.ID)
	wantBody(t, res, `id="open-followups"`, `value="`+pairC+`"`, svText("already followed up in follow-up %d", f.followUpA.ID),
		svText("only the national office and the category's responsible regions open follow-ups in it"))
	wantNoBody(t, res, `value="`+pairA+`"`, `value="`+pairCGloves+`"`)

	res = coord.post(loc+"/followups", url.Values{"pair": {pairC}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, svText("Choose at least one requirement in scope."))

	res = coord.post(loc+"/followups", url.Values{"pair": {pairC, pairA, pairCGloves}, "requirement_codes": {"COC-1\nCOC-2"}})
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<h1>Uppföljningar från händelsen</h1>", "Leverantör C – Tandvårdsmaterial",
		svText("The supplier already has an open follow-up in this category."), svText("You may not open follow-ups in this category."))
	opened, err := f.db.FindFollowUps(context.Background(), tillit.Scope{All: true}, sqldb.FollowUpFilter{SupplierID: supC.ID})
	if err != nil || len(opened) != 1 || opened[0].CategoryID != f.category.ID || opened[0].Regions != "Region Norrbotten" {
		t.Fatalf("follow-ups of C: %+v (%v)", opened, err)
	}
	wantBody(t, res, fmt.Sprintf(`href="/followups/%d"`, opened[0].ID))
	res = coord.get(loc)
	wantBody(t, res, svText("Opened from this incident:"), fmt.Sprintf(`<a href="/followups/%d">`, opened[0].ID),
		svText("already followed up in follow-up %d", opened[0].ID))
	// Opening again skips it, and says so.
	res = coord.post(loc+"/followups", url.Values{"pair": {pairC}, "requirement_codes": {"COC-1"}})
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, svText("The supplier already has an open follow-up in this category."))
	wantNoBody(t, res, "<h2>Öppnade</h2>")

	// Every change is in the audit trail.
	events, err := f.db.FindAuditEvents(context.Background(), sqldb.AuditFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range events {
		seen[e.Action] = true
	}
	for _, a := range []string{"incident.created", "incident.updated", "incident.assessed", "incident.followups_opened"} {
		if !seen[a] {
			t.Errorf("no %s in the audit trail", a)
		}
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// TestIncidentAPI: register, read with the exposure, replace and assess
// through the API.
func TestIncidentAPI(t *testing.T) {
	f := newFixture(t)
	supC, _ := f.incidentWorld(t)
	staff := f.apiToken(tillit.RoleStaff)
	body := fmt.Sprintf(`{"source_kind":"media","source_name":"Dawn","reported_on":"2026-02-20","title":"Floods","severity":"critical",
		"countries":[{"country":"PK","places":["Sialkot"]}],"category_ids":[%d],"products":["peang"]}`, f.category.ID)
	wantAPIError(t, f.api("POST", "/api/v1/incidents", staff, strings.Replace(body, `"media"`, `"tv"`, 1)), http.StatusBadRequest, tillit.EINVALID)
	res := f.api("POST", "/api/v1/incidents", staff, body)
	wantStatus(t, res, http.StatusCreated)
	var got struct {
		ID       int64 `json:"id"`
		Version  int64 `json:"version"`
		Exposure struct {
			Sites []struct {
				Name      string `json:"name"`
				ByCountry bool   `json:"by_country"`
			} `json:"sites"`
			Suppliers []struct {
				Name string `json:"name"`
			} `json:"suppliers"`
			Contracts []struct {
				Reference string `json:"reference"`
				Open      *int64 `json:"open_followup_id"`
			} `json:"contracts"`
			Regions []struct {
				Name string `json:"name"`
			} `json:"regions"`
		} `json:"exposure"`
		Assessment string `json:"assessment"`
	}
	decodeJSON(t, res, &got)
	// Only C's smithy makes peang; A's site makes scissors.
	if len(got.Exposure.Sites) != 1 || got.Exposure.Sites[0].Name != "Smedjan" || len(got.Exposure.Suppliers) != 1 ||
		len(got.Exposure.Contracts) != 1 || got.Exposure.Contracts[0].Reference != "NLL-2025-7" || got.Exposure.Contracts[0].Open != nil ||
		len(got.Exposure.Regions) != 1 || got.Assessment != "new" {
		t.Fatalf("created: %+v", got)
	}
	path := "/api/v1/incidents/" + strconv.FormatInt(got.ID, 10)
	wantStatus(t, f.api("GET", path, f.apiToken(tillit.RoleCoordinator), ""), http.StatusOK)
	wantAPIError(t, f.api("GET", path, f.apiToken(tillit.RoleSupplier), ""), http.StatusForbidden, tillit.EFORBIDDEN)

	wantAPIError(t, f.api("PUT", path, staff, body), http.StatusBadRequest, tillit.EINVALID) // no version
	put := strings.Replace(body, `"products":["peang"]`, fmt.Sprintf(`"products":[],"supplier_ids":[%d],"version":%d`, supC.ID, got.Version), 1)
	res = f.api("PUT", path, staff, put)
	wantStatus(t, res, http.StatusOK)
	decodeJSON(t, res, &got)
	if len(got.Exposure.Sites) != 3 {
		t.Errorf("with C named, its warehouse in Karachi is exposed too: %+v", got.Exposure.Sites)
	}
	wantAPIError(t, f.api("PUT", path, staff, put), http.StatusConflict, tillit.ECONFLICT)

	wantAPIError(t, f.api("POST", path+"/assess", staff, `{"assessment":"relevant"}`), http.StatusBadRequest, tillit.EINVALID)
	res = f.api("POST", path+"/assess", staff, `{"assessment":"irrelevant","reason":"Not our suppliers"}`)
	wantStatus(t, res, http.StatusOK)
	decodeJSON(t, res, &got)
	if got.Assessment != "irrelevant" {
		t.Errorf("assessment %q", got.Assessment)
	}

	var list struct {
		Incidents []struct {
			ID        int64  `json:"id"`
			Countries string `json:"countries"`
		} `json:"incidents"`
		Next *string `json:"next"`
	}
	res = f.api("GET", "/api/v1/incidents?country=PK&limit=1", staff, "")
	wantStatus(t, res, http.StatusOK)
	decodeJSON(t, res, &list)
	if len(list.Incidents) != 1 || list.Incidents[0].Countries != "PK (Sialkot)" || list.Next == nil {
		t.Fatalf("list: %+v", list)
	}
	res = f.api("GET", "/api/v1/incidents?before="+url.QueryEscape(*list.Next), staff, "")
	decodeJSON(t, res, &list)
	if len(list.Incidents) != 0 || list.Next != nil {
		t.Errorf("second page: %+v", list)
	}
	wantAPIError(t, f.api("GET", "/api/v1/incidents?severity=grave", staff, ""), http.StatusBadRequest, tillit.EINVALID)
}

// TestConsultations: the office records a consultation with its answer
// (only PDF, DOCX or ODT), the regions read it and download the answer;
// the list puts what is due within two weeks first and marks the overdue.
func TestConsultations(t *testing.T) {
	f := newFixture(t) // today is 2026-03-02
	officer := f.client().signIn(tillit.RoleOfficer)
	staff := f.client().signIn(tillit.RoleStaff)

	wantStatus(t, staff.get("/consultations/new"), http.StatusForbidden)
	res := officer.get("/consultations/new")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<h1>Registrera en remiss</h1>", `enctype="multipart/form-data"`, `<optgroup label="Nationella kansliet">`, "Test officer")

	form := url.Values{"sender_kind": {"eu"}, "sender": {"Europeiska kommissionen"}, "subject": {"Förbud mot produkter tillverkade med tvångsarbete"},
		"reference": {"COM(2022) 453"}, "received_on": {"2026-02-01"}, "due_on": {"2026-03-10"}, "status": {"drafting"},
		"drafter_id": {strconv.FormatInt(f.users[tillit.RoleCoordinator].ID, 10)}}
	// A spreadsheet is not an answer.
	res = officer.fuPostFiles("/consultations", form, fuUpload{"document", "svar.csv", "a;b\n1;2\n"})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, svText("The answer must be a PDF, Word (DOCX) or OpenDocument text (ODT) file."), "Förbud mot produkter")
	// A form with other problems keeps what was typed and asks for the file again.
	bad := cloneValues(form)
	bad.Set("due_on", "2026-01-01")
	res = officer.fuPostFiles("/consultations", bad, fuUpload{"document", "svar.pdf", "%PDF-1.4\nsvar\n"})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, svText("The answer cannot be due before the request was received."), svText("Choose the answer document again after fixing the other fields."))

	res = officer.fuPostFiles("/consultations", form, fuUpload{"document", "svar.pdf", "%PDF-1.4\nsvar\n"})
	wantStatus(t, res, http.StatusSeeOther)
	loc := res.Header.Get("Location")

	res = staff.get(loc)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<h1>Förbud mot produkter tillverkade med tvångsarbete</h1>", "Europeiska kommissionen (EU-organ)", "COM(2022) 453",
		"Test coordinator", "Under arbete", "Sista svarsdag om 8 dagar", `>svar.pdf</a>`)
	wantNoBody(t, res, "/edit")
	dl := staff.get(loc + "/document")
	wantStatus(t, dl, http.StatusOK)
	if dl.Header.Get("Content-Type") != "application/pdf" || dl.Body != "%PDF-1.4\nsvar\n" || !strings.Contains(dl.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download: %s %q %q", dl.Header.Get("Content-Type"), dl.Header.Get("Content-Disposition"), dl.Body)
	}

	// Sent: the date is required, and the document stays when none is chosen.
	edit := officer.get(loc + "/edit")
	wantStatus(t, edit, http.StatusOK)
	wantBody(t, edit, `name="remove_document"`, "svar.pdf")
	form.Set("version", regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(edit.Body)[1])
	form.Set("status", "sent")
	res = officer.fuPostFiles(loc+"/edit", form)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, svText("Enter the date the answer was sent."))
	form.Set("sent_on", "2026-03-01")
	wantStatus(t, officer.fuPostFiles(loc+"/edit", form), http.StatusSeeOther)
	wantBody(t, staff.get(loc), "Besvarad 2026-03-01", `>svar.pdf</a>`)

	// The list: overdue and due soon first, then later, then answered.
	ctx, sys := context.Background(), tillit.SystemActor("test")
	for _, c := range []tillit.Consultation{
		{SenderKind: tillit.SenderMinistry, Sender: "Finansdepartementet", Subject: "Sen remiss", ReceivedOn: incidentDay(2026, 1, 1), DueOn: incidentDay(2026, 2, 27), Status: tillit.ConsultationReceived},
		{SenderKind: tillit.SenderAuthority, Sender: "Upphandlingsmyndigheten", Subject: "Snart", ReceivedOn: incidentDay(2026, 2, 1), DueOn: incidentDay(2026, 3, 12), Status: tillit.ConsultationDrafting},
		{SenderKind: tillit.SenderAuthority, Sender: "Konkurrensverket", Subject: "Senare", ReceivedOn: incidentDay(2026, 2, 1), DueOn: incidentDay(2026, 5, 1), Status: tillit.ConsultationReceived},
	} {
		if err := f.db.CreateConsultation(ctx, sys, &c); err != nil {
			t.Fatal(err)
		}
	}
	res = staff.get("/consultations")
	wantStatus(t, res, http.StatusOK)
	body := res.Body
	soon, later, done := strings.Index(body, `id="soon"`), strings.Index(body, `id="later"`), strings.Index(body, `id="done"`)
	late, snart, senare, sent := strings.Index(body, ">Sen remiss<"), strings.Index(body, ">Snart<"), strings.Index(body, ">Senare<"), strings.Index(body, ">Förbud mot")
	if !(soon < late && late < snart && snart < later && later < senare && senare < done && done < sent) {
		t.Errorf("order: soon %d late %d snart %d later %d senare %d done %d sent %d", soon, late, snart, later, senare, done, sent)
	}
	wantBody(t, res, "<strong>3 dagar försenad</strong>", "Sista svarsdag om 10 dagar")

	// The API.
	token := f.apiToken(tillit.RoleOfficer)
	var list struct {
		Consultations []struct {
			Subject  string `json:"subject"`
			DaysLeft *int   `json:"days_left"`
			Overdue  bool   `json:"overdue"`
			Document *struct {
				Name string `json:"name"`
			} `json:"document"`
		} `json:"consultations"`
	}
	res = f.api("GET", "/api/v1/consultations?status=open", f.apiToken(tillit.RoleStaff), "")
	wantStatus(t, res, http.StatusOK)
	decodeJSON(t, res, &list)
	if len(list.Consultations) != 3 || list.Consultations[0].Subject != "Sen remiss" || !list.Consultations[0].Overdue || *list.Consultations[0].DaysLeft != -3 {
		t.Errorf("open: %+v", list)
	}
	wantAPIError(t, f.api("POST", "/api/v1/consultations", f.apiToken(tillit.RoleStaff), `{}`), http.StatusForbidden, tillit.EFORBIDDEN)
	res = f.api("POST", "/api/v1/consultations", token, `{"sender_kind":"ministry","sender":"Socialdepartementet","subject":"Ny lag om hälso- och sjukvård",
		"received_on":"2026-03-01","due_on":"2026-04-15","status":"received"}`)
	wantStatus(t, res, http.StatusCreated)
	var one struct {
		ID      int64 `json:"id"`
		Version int64 `json:"version"`
	}
	decodeJSON(t, res, &one)
	wantAPIError(t, f.api("PUT", fmt.Sprintf("/api/v1/consultations/%d", one.ID), token, `{"sender_kind":"ministry","sender":"Socialdepartementet",
		"subject":"Ny lag","received_on":"2026-03-01","due_on":"2026-04-15","status":"sent"}`), http.StatusBadRequest, tillit.EINVALID)
	res = f.api("PUT", fmt.Sprintf("/api/v1/consultations/%d", one.ID), token, fmt.Sprintf(`{"sender_kind":"ministry","sender":"Socialdepartementet",
		"subject":"Ny lag","received_on":"2026-03-01","due_on":"2026-04-15","status":"declined","version":%d}`, one.Version))
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"status": "declined"`, `"days_left": null`)
}

func incidentDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// visitIncidentPages renders every page of the incidents and consultations
// with what each must show, for TestEveryPageRendered.
func (f *fixture) visitIncidentPages(t *testing.T) {
	t.Helper()
	staff := f.client().signIn(tillit.RoleStaff)
	coord := f.client().signIn(tillit.RoleCoordinator)
	officer := f.client().signIn(tillit.RoleOfficer)
	wantBody(t, staff.get("/incidents"), "<h1>Händelser</h1>", `href="/incidents/new"`)
	wantBody(t, staff.get("/incidents/new"), "<h1>Registrera en händelse</h1>")
	res := staff.post("/incidents", url.Values{"source_kind": {"media"}, "source_name": {"Dawn"}, "reported_on": {"2026-02-20"},
		"title": {"Sidprov"}, "severity": {"low"}, "countries": {"PK"}})
	wantStatus(t, res, http.StatusSeeOther)
	loc := res.Header.Get("Location")
	wantBody(t, staff.get(loc), "<h1>Sidprov</h1>", "<td>Fabrik 1</td>")
	wantBody(t, staff.get(loc+"/edit"), "<h1>Redigera händelsen</h1>")
	pair := fmt.Sprintf("%d-%d", f.orgs["Leverantör A"].ID, f.category.ID)
	res = coord.post(loc+"/followups", url.Values{"pair": {pair}, "requirement_codes": {"COC-1"}})
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<h1>Uppföljningar från händelsen</h1>")

	wantBody(t, staff.get("/consultations"), "<h1>Remisser</h1>")
	wantBody(t, officer.get("/consultations/new"), "<h1>Registrera en remiss</h1>")
	res = officer.fuPostFiles("/consultations", url.Values{"sender_kind": {"eu"}, "sender": {"Europeiska kommissionen"}, "subject": {"Sidprov"},
		"received_on": {"2026-02-01"}, "due_on": {"2026-03-10"}, "status": {"received"}})
	wantStatus(t, res, http.StatusSeeOther)
	loc = res.Header.Get("Location")
	wantBody(t, staff.get(loc), "<h1>Sidprov</h1>")
	wantBody(t, officer.get(loc+"/edit"), "<h1>Redigera remissen</h1>")
}
