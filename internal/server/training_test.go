package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tillit-project/tillit"
)

// trainingForm is a valid training form: a webinar in 2022 with Skåne's
// and Norrbotten's procurement officers counted, two named people with
// consent, and the form's empty rows as a browser sends them.
func (f *fixture) trainingForm() url.Values {
	skane, norr := strconv.FormatInt(f.orgs["Region Skåne"].ID, 10), strconv.FormatInt(f.orgs["Region Norrbotten"].ID, 10)
	return url.Values{
		"kind": {"webinar"}, "title": {"Uppförandekoden för upphandlare"}, "date": {"2022-09-15"}, "end_date": {""},
		"organiser": {"Nationella kansliet"}, "audience": {"Upphandlare"}, "description": {"En förmiddag."},
		"count_org":  {skane, norr, "", ""},
		"count_role": {"procurement_officer", "contract_manager", "procurement_officer", "procurement_officer"},
		"count_n":    {"12", "3", "", ""},
		"people":     {"Anna Berg; Region Skåne; anna.berg@example.org\n\nErik Lund; Region Norrbotten\n"},
		"consent":    {"yes"}, "consent_on": {"2022-09-01"},
	}
}

// trainingID reads the id from a redirect to /training/{id}.
func trainingID(t *testing.T, res response) int64 {
	t.Helper()
	wantStatus(t, res, http.StatusSeeOther)
	id, err := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), "/training/"), 10, 64)
	if err != nil {
		t.Fatalf("redirected to %q, want /training/{id}", res.Header.Get("Location"))
	}
	return id
}

func TestTrainingPages(t *testing.T) {
	f := newFixture(t)
	officer := f.client().signIn(tillit.RoleOfficer)
	staff := f.client().signIn(tillit.RoleStaff)

	var id int64
	t.Run("create through the form", func(t *testing.T) {
		res := officer.get("/training/new")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `action="/training"`, `name="count_org"`, `id="count-4-n"`, `name="people"`, `name="consent"`)
		id = trainingID(t, officer.post("/training", f.trainingForm()))
		res = staff.get(fmt.Sprintf("/training/%d", id))
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "<h1>Uppförandekoden för upphandlare</h1>", "Webbinarium", "2022-09-15", "<dd>17</dd>",
			"<td>Region Skåne</td><td>Upphandlare</td><td class=\"num\">12</td>", "<td>Region Norrbotten</td><td>Avtalsförvaltare</td>",
			"<td>Anna Berg</td><td>Region Skåne</td><td>anna.berg@example.org</td><td>2022-09-01</td>", "<td>Erik Lund</td>")
		// Staff read, but are offered no changes.
		wantNoBody(t, res, "/edit", "/delete")
	})

	t.Run("the list and its summary", func(t *testing.T) {
		res := staff.get("/training?year=2022")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "<h1>Utbildning 2022</h1>", fmt.Sprintf(`<a href="/training/%d">Uppförandekoden för upphandlare</a>`, id),
			`<th scope="row">Region Norrbotten</th>`, `<th scope="row">Region Skåne</th><td class="num">12</td>`,
			`<th scope="row">Utbildade personer</th>`, `/training/export.xlsx?year=2022`, `href="/training?year=2026"`)
		wantNoBody(t, res, `href="/training/new"`)
		// The default is the current year, which has none.
		res = staff.get("/training")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Inga utbildningar är registrerade för 2026.", `href="/training?year=2022"`)
		wantStatus(t, staff.get("/training?year=22"), http.StatusBadRequest)
		wantBody(t, officer.get("/training?year=2022"), `href="/training/new"`)
	})

	t.Run("validation keeps what was typed", func(t *testing.T) {
		form := f.trainingForm()
		form.Set("title", "")
		form["count_n"] = []string{"12", "noll", "", ""}
		form.Set("people", "Anna Berg; Region Skåne; anna.berg@example.org\nErik Lund; Region Norrbotten; inte-en-adress\n; Region Skåne")
		form.Del("consent")
		res := officer.post("/training", form)
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, `id="title-error"`, `id="count-1-n-error"`, `value="noll"`, `value="Nationella kansliet"`,
			`id="people-error"`, "Rad 2: Ange en giltig e-postadress", "Rad 3: Skriv personens namn.", `id="consent-error"`,
			"Anna Berg; Region Skåne; anna.berg@example.org", `value="2022-09-15"`, `value="2022-09-01"`, "En förmiddag.",
			`<option value="webinar" selected>`, `<option value="contract_manager" selected>`)
		// The typed rows come back first, then five empty ones.
		wantBody(t, res, `id="count-6-n"`)
		wantNoBody(t, res, `id="count-7-n"`)

		form = f.trainingForm()
		form["count_org"] = []string{form["count_org"][0], form["count_org"][0], "", ""}
		form["count_role"] = []string{"procurement_officer", "procurement_officer", "other", "other"}
		form.Set("end_date", "2022-09-14")
		res = officer.post("/training", form)
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, `id="count-1-role-error"`, `id="end_date-error"`)
	})

	t.Run("edit", func(t *testing.T) {
		path := fmt.Sprintf("/training/%d/edit", id)
		res := officer.get(path)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `value="Uppförandekoden för upphandlare"`, `value="12"`, "Anna Berg; Region Skåne; anna.berg@example.org\nErik Lund; Region Norrbotten\n",
			`name="consent" value="yes" checked`, `value="2022-09-01"`, `id="count-6-n"`)
		form := f.trainingForm()
		form.Set("title", "Uppförandekoden, del 1")
		form["count_n"] = []string{"20", "", "", ""}
		form["count_org"] = []string{form["count_org"][0], "", "", ""}
		form.Set("people", "")
		wantRedirect(t, officer.post(path, form), fmt.Sprintf("/training/%d", id))
		res = staff.get(fmt.Sprintf("/training/%d", id))
		wantBody(t, res, "Uppförandekoden, del 1", "<dd>20</dd>", "Ingen är registrerad med namn.")
	})

	t.Run("staff may read but not record", func(t *testing.T) {
		for _, p := range []string{"/training/new", fmt.Sprintf("/training/%d/edit", id), fmt.Sprintf("/training/%d/delete", id)} {
			wantStatus(t, staff.get(p), http.StatusForbidden)
		}
		wantStatus(t, staff.post("/training", f.trainingForm()), http.StatusForbidden)
		wantStatus(t, staff.post(fmt.Sprintf("/training/%d/delete", id), nil), http.StatusForbidden)
		wantStatus(t, staff.get("/training/export.csv?year=2022"), http.StatusOK)
	})

	t.Run("outsiders are refused", func(t *testing.T) {
		for _, role := range []tillit.Role{tillit.RoleSupplier, tillit.RoleAuditor, tillit.RoleEditor} {
			c := f.client().signIn(role)
			for _, p := range []string{"/training", "/training?year=2022", fmt.Sprintf("/training/%d", id), "/training/export.xlsx"} {
				if res := c.get(p); res.StatusCode != http.StatusForbidden {
					t.Errorf("%s GET %s: status %d, want 403", role, p, res.StatusCode)
				}
			}
			if res := f.api("GET", "/api/v1/training?year=2022", f.apiToken(role), ""); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s API: status %d, want 403", role, res.StatusCode)
			}
		}
		// And the menu does not offer it.
		wantNoBody(t, f.client().signIn(tillit.RoleSupplier).get("/"), `href="/training"`)
		wantBody(t, staff.get("/"), `href="/training"`)
	})

	t.Run("export", func(t *testing.T) {
		res := staff.get("/training/export.xlsx?year=2022")
		wantStatus(t, res, http.StatusOK)
		x, err := excelize.OpenReader(strings.NewReader(res.Body))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows(x.GetSheetList()[0], excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 {
			t.Fatalf("rows %q, want the header and one count row", rows)
		}
		if h := strings.Join(rows[0], "|"); !strings.Contains(h, "Organisation|Roll|Deltagare|Namn") {
			t.Errorf("header %q", h)
		}
		if r := rows[1]; len(r) < 8 || r[3] != "Uppförandekoden, del 1" || r[5] != "Region Skåne" || r[6] != "Upphandlare" || r[7] != "20" {
			t.Errorf("row %q", r)
		}
		res = staff.get("/training/export.csv?year=2022")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Uppförandekoden, del 1", "Region Skåne")
	})

	t.Run("delete", func(t *testing.T) {
		path := fmt.Sprintf("/training/%d/delete", id)
		res := officer.get(path)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, fmt.Sprintf(`action="%s"`, path), "med dess 20 deltagare")
		wantRedirect(t, officer.post(path, nil), "/training?year=2022")
		wantStatus(t, staff.get(fmt.Sprintf("/training/%d", id)), http.StatusNotFound)
		wantStatus(t, officer.post(path, nil), http.StatusNotFound)
	})
}

// A training named by many people on the form: every line is read, and a
// bad line is named by its number.
func TestTrainingNamedPeopleLines(t *testing.T) {
	f := newFixture(t)
	officer := f.client().signIn(tillit.RoleOfficer)
	var lines []string
	for i := 1; i <= 60; i++ {
		lines = append(lines, fmt.Sprintf("Person %d; Region Skåne", i))
	}
	form := url.Values{"kind": {"elearning"}, "title": {"E-utbildning"}, "date": {"2022-05-16"},
		"people": {strings.Join(lines, "\n")}, "consent": {"yes"}}
	res := officer.post("/training", form)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `id="consent_on-error"`, "Ange det datum då de namngivna personerna samtyckte")

	form.Set("consent_on", "2022-05-01")
	lines[41] = "Person 42; Region Skåne; a@b.se; extra"
	form.Set("people", strings.Join(lines, "\n"))
	res = officer.post("/training", form)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Rad 42: Skriv högst tre delar")

	lines[41] = "Person 42; Region Skåne; a@b.se"
	form.Set("people", strings.Join(lines, "\n"))
	id := trainingID(t, officer.post("/training", form))
	tr, err := f.db.FindTraining(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Total() != 60 || tr.People[41].Email != "a@b.se" || !tr.People[0].Consent || tr.People[59].ConsentOn.Format("2006-01-02") != "2022-05-01" {
		t.Errorf("stored %d people: %+v", tr.Total(), tr.People[41])
	}
}

func TestTrainingAPI(t *testing.T) {
	f := newFixture(t)
	officer, staff := f.apiToken(tillit.RoleOfficer), f.apiToken(tillit.RoleStaff)
	skane := f.orgs["Region Skåne"].ID
	body := fmt.Sprintf(`{"kind":"course","title":"Riskanalys, grundkurs","date":"2022-04-05","end_date":"2022-04-06",
		"organiser":"Nationella kansliet","counts":[{"org_id":%d,"role":"category_specialist","count":6}],
		"people":[{"name":"Anna Berg","organisation":"Region Skåne","consent":true,"consent_on":"2022-03-30"}]}`, skane)

	var created struct {
		ID      int64   `json:"id"`
		Title   string  `json:"title"`
		Date    string  `json:"date"`
		EndDate *string `json:"end_date"`
		Total   int     `json:"total"`
		Counts  []struct {
			OrgID        int64  `json:"org_id"`
			Organisation string `json:"organisation"`
			Role         string `json:"role"`
			Count        int    `json:"count"`
		} `json:"counts"`
		People []struct {
			Name      string `json:"name"`
			Consent   bool   `json:"consent"`
			ConsentOn string `json:"consent_on"`
		} `json:"people"`
	}
	t.Run("create", func(t *testing.T) {
		wantStatus(t, f.api("POST", "/api/v1/training", staff, body), http.StatusForbidden)
		res := f.api("POST", "/api/v1/training", officer, body)
		wantStatus(t, res, http.StatusCreated)
		decodeJSON(t, res, &created)
		if created.ID == 0 || res.Header.Get("Location") != fmt.Sprintf("/api/v1/training/%d", created.ID) || created.Total != 7 ||
			created.EndDate == nil || *created.EndDate != "2022-04-06" || len(created.Counts) != 1 || created.Counts[0].Organisation != "Region Skåne" ||
			len(created.People) != 1 || !created.People[0].Consent || created.People[0].ConsentOn != "2022-03-30" {
			t.Errorf("created %+v, Location %q", created, res.Header.Get("Location"))
		}
	})
	t.Run("strict and validated", func(t *testing.T) {
		wantAPIError(t, f.api("POST", "/api/v1/training", officer, `{"kind":"course","title":"x","date":"2022-01-01","colour":"red"}`), http.StatusBadRequest, tillit.EINVALID)
		e := wantAPIError(t, f.api("POST", "/api/v1/training", officer,
			`{"kind":"course","title":"x","date":"2022-13-01","people":[{"name":"A","organisation":"B","consent":false,"consent_on":"2022-01-01"}]}`),
			http.StatusBadRequest, tillit.EINVALID)
		if _, ok := e.Error.Fields["date"]; !ok {
			t.Errorf("fields %v: want date", e.Error.Fields)
		}
		if _, ok := e.Error.Fields["people[0].consent"]; !ok {
			t.Errorf("fields %v: want people[0].consent", e.Error.Fields)
		}
		e = wantAPIError(t, f.api("POST", "/api/v1/training", officer, `{"kind":"course","title":"x","date":"2022-01-01","counts":[{"org_id":999999,"role":"other","count":1}]}`),
			http.StatusBadRequest, tillit.EINVALID)
		if _, ok := e.Error.Fields["counts[0].org_id"]; !ok {
			t.Errorf("fields %v: want counts[0].org_id", e.Error.Fields)
		}
	})
	path := fmt.Sprintf("/api/v1/training/%d", created.ID)
	t.Run("read", func(t *testing.T) {
		res := f.api("GET", path, staff, "")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `"title": "Riskanalys, grundkurs"`, `"role": "category_specialist"`)
		res = f.api("GET", "/api/v1/training?year=2022", staff, "")
		wantStatus(t, res, http.StatusOK)
		var list struct {
			Year      int `json:"year"`
			Total     int `json:"total"`
			Trainings []struct {
				ID int64 `json:"id"`
			} `json:"trainings"`
		}
		decodeJSON(t, res, &list)
		if list.Year != 2022 || list.Total != 7 || len(list.Trainings) != 1 || list.Trainings[0].ID != created.ID {
			t.Errorf("list %+v", list)
		}
		wantAPIError(t, f.api("GET", "/api/v1/training?year=22", staff, ""), http.StatusBadRequest, tillit.EINVALID)
		wantAPIError(t, f.api("GET", "/api/v1/training/999999", staff, ""), http.StatusNotFound, tillit.ENOTFOUND)
	})
	t.Run("update", func(t *testing.T) {
		upd := fmt.Sprintf(`{"kind":"course","title":"Riskanalys","date":"2022-04-05","counts":[{"org_id":%d,"role":"category_specialist","count":9}]}`, skane)
		wantStatus(t, f.api("PUT", path, staff, upd), http.StatusForbidden)
		res := f.api("PUT", path, officer, upd)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `"title": "Riskanalys"`, `"total": 9`, `"end_date": null`, `"people": []`)
		wantAPIError(t, f.api("PUT", "/api/v1/training/999999", officer, upd), http.StatusNotFound, tillit.ENOTFOUND)
	})
	t.Run("delete", func(t *testing.T) {
		wantStatus(t, f.api("DELETE", path, staff, ""), http.StatusForbidden)
		wantStatus(t, f.api("DELETE", path, officer, ""), http.StatusNoContent)
		wantAPIError(t, f.api("GET", path, staff, ""), http.StatusNotFound, tillit.ENOTFOUND)
		wantAPIError(t, f.api("DELETE", path, officer, ""), http.StatusNotFound, tillit.ENOTFOUND)
	})
}
