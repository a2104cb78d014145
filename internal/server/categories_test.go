package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
)

func isoDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// seedCategoriesOverTime adds medical technology (Norrbotten responsible)
// with the product group imaging and function from 2022, and ICT, whose
// responsibility passes from Skåne to Norrbotten on 2023-01-01.
func (f *fixture) seedCategoriesOverTime() (medtech, ict *tillit.Category, group *tillit.CategoryGroup) {
	f.t.Helper()
	ctx, sys := context.Background(), tillit.SystemActor("test")
	norrbotten, skane := f.orgs["Region Norrbotten"].ID, f.orgs["Region Skåne"].ID
	medtech = &tillit.Category{Code: "medical-technology", NameSV: "Medicinteknik", NameEN: "Medical technology",
		Responsible: []tillit.Responsibility{{RegionID: norrbotten, ValidFrom: isoDay("2022-01-01")}}}
	ict = &tillit.Category{Code: "ict", NameSV: "Informationsteknik", NameEN: "Information technology",
		Responsible: []tillit.Responsibility{
			{RegionID: skane, ValidFrom: isoDay("2022-01-01"), ValidTo: isoDay("2023-01-01")},
			{RegionID: norrbotten, ValidFrom: isoDay("2023-01-01")},
		}}
	for _, c := range []*tillit.Category{medtech, ict} {
		if err := f.db.CreateCategory(ctx, sys, c); err != nil {
			f.t.Fatal(err)
		}
	}
	group = &tillit.CategoryGroup{Code: "imaging-function", NameSV: "Bild och funktion", NameEN: "Imaging and function",
		Placements: []tillit.GroupPlacement{{CategoryID: medtech.ID, ValidFrom: isoDay("2022-01-01")}}}
	if err := f.db.CreateCategoryGroup(ctx, sys, group); err != nil {
		f.t.Fatal(err)
	}
	return medtech, ict, group
}

func (f *fixture) setNow(t time.Time) {
	f.mu.Lock()
	f.now = t
	f.mu.Unlock()
}

func TestCategoriesOverTimePages(t *testing.T) {
	f := newFixture(t)
	f.seedCategoriesOverTime()
	officer := f.client().signIn(tillit.RoleOfficer)
	staff := f.client().signIn(tillit.RoleStaff)

	// The office moves imaging and function to ICT from 2023 through the
	// form on medical technology's page.
	res := officer.post("/categories/medical-technology/groups/move", url.Values{"group": {"imaging-function"}, "to": {"ict"}, "valid_from": {"2023-01-01"}})
	wantRedirect(t, res, "/categories/medical-technology?on=2023-01-01")

	// The list on a date: the category in force decides the responsible
	// regions and the product groups.
	res = staff.get("/categories?on=2022-12-31")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Kategorier och ansvariga regioner 2022-12-31",
		`<a href="/categories/ict?on=2022-12-31">Informationsteknik</a></th><td><em>Inte angiven</em></td><td>–</td><td>Region Skåne</td>`,
		`<a href="/categories/medical-technology?on=2022-12-31">Medicinteknik</a></th><td><em>Inte angiven</em></td><td>Bild och funktion</td><td>Region Norrbotten</td>`)
	res = staff.get("/categories?on=2023-01-01")
	wantBody(t, res, `<a href="/categories/ict?on=2023-01-01">Informationsteknik</a></th><td><em>Inte angiven</em></td><td>Bild och funktion</td><td>Region Norrbotten</td>`,
		`<a href="/categories/medical-technology?on=2023-01-01">Medicinteknik</a></th><td><em>Inte angiven</em></td><td>–</td>`)
	wantStatus(t, staff.get("/categories?on=31-12-2022"), http.StatusBadRequest)

	// A scope version, then the category page on either side of the move.
	res = officer.post("/categories/ict/scopes", url.Values{"valid_from": {"2023-01-01"}, "text_sv": {"Datorer och bild och funktion"}, "text_en": {"Computers and imaging and function"}})
	wantRedirect(t, res, "/categories/ict?on=2023-01-01")
	res = staff.get("/categories/ict?on=2023-01-01")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<h1>Informationsteknik</h1>", "<h2>Kategorin den 2023-01-01</h2>",
		"<dt>Omfattning</dt><dd>Datorer och bild och funktion</dd>", "<dt>Produktgrupper</dt><dd>Bild och funktion</dd>",
		"<dt>Ansvariga regioner</dt><dd>Region Norrbotten</dd>",
		"<tr><td>2022-01-01</td><td>Region Skåne blir ansvarig</td></tr>",
		"<tr><td>2023-01-01</td><td>Region Skåne är inte längre ansvarig</td></tr>",
		"<tr><td>2023-01-01</td><td>Produktgruppen Bild och funktion flyttas hit från Medicinteknik</td></tr>",
		"<tr><td>2023-01-01</td><td>Ny omfattning<br>Datorer och bild och funktion</td></tr>")
	// Staff read; the forms are the office's.
	wantNoBody(t, res, `action="/categories/ict/scopes"`)
	res = staff.get("/categories/ict?on=2022-12-31")
	wantBody(t, res, "<dt>Omfattning</dt><dd><em>Inte angiven</em></dd>", "<dt>Produktgrupper</dt><dd>–</dd>", "<dd>Region Skåne</dd>")
	res = officer.get("/categories/medical-technology?on=2023-06-01")
	wantBody(t, res, "<tr><td>2023-01-01</td><td>Produktgruppen Bild och funktion flyttas till Informationsteknik</td></tr>",
		`action="/categories/medical-technology/scopes"`, `action="/categories/medical-technology/groups"`)
	// No groups in 2023, so nothing to move.
	wantNoBody(t, res, `action="/categories/medical-technology/groups/move"`)
	wantStatus(t, staff.get("/categories/no-such-category"), http.StatusNotFound)

	// In English.
	en := f.client().signIn(tillit.RoleStaff)
	en.post("/lang", url.Values{"lang": {"en"}})
	wantBody(t, en.get("/categories/ict?on=2023-01-01"), "Product group Imaging and function moves here from Medical technology")
}

func TestCategoryFormsRefuseWithASentence(t *testing.T) {
	f := newFixture(t)
	f.seedCategoriesOverTime()
	officer := f.client().signIn(tillit.RoleOfficer)

	// A second placement over the same days is refused, and the form says why.
	res := officer.post("/categories/ict/groups", url.Values{"code": {"imaging-function"}, "name_sv": {"Bild"}, "name_en": {"Imaging"}, "valid_from": {"2023-01-01"}})
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "Det finns redan en produktgrupp med koden &#34;imaging-function&#34;.", `id="group-code" name="code"`, `aria-describedby="group-code-hint group-code-error" aria-invalid="true"`)

	res = officer.post("/categories/medical-technology/groups/move", url.Values{"group": {"imaging-function"}, "to": {"ict"}, "valid_from": {"2022-01-01"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Gruppens placering börjar den 2022-01-01; en flytt måste gälla från en senare dag.", `value="2022-01-01" aria-invalid="true" aria-describedby="move-valid_from-error"`)

	res = officer.post("/categories/medical-technology/groups/move", url.Values{"group": {"imaging-function"}, "to": {"medical-technology"}, "valid_from": {"2023-01-01"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Produktgruppen hör redan till den kategorin den 2023-01-01.")

	res = officer.post("/categories/ict/scopes", url.Values{"valid_from": {"1 januari"}, "text_sv": {"x"}, "text_en": {"x"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2023-01-01.", "<textarea id=\"scope-text_sv\"")

	res = officer.post("/categories/ict/scopes", url.Values{"valid_from": {"2023-01-01"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Beskriv omfattningen på svenska.", "Beskriv omfattningen på engelska.")

	res = officer.post("/categories/ict/groups", url.Values{"code": {"Bild & funktion"}, "valid_from": {"2023-01-01"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Ange en kort kod med små bokstäver", "Skriv det svenska namnet.")

	wantStatus(t, officer.post("/categories/no-such/scopes", url.Values{"valid_from": {"2023-01-01"}}), http.StatusNotFound)
	wantStatus(t, f.client().signIn(tillit.RoleCoordinator).post("/categories/ict/scopes", url.Values{"valid_from": {"2023-01-01"}, "text_sv": {"x"}, "text_en": {"x"}}), http.StatusForbidden)

	// A new group, then the audit trail has each change.
	res = officer.post("/categories/ict/groups", url.Values{"code": {"printers"}, "name_sv": {"Skrivare"}, "name_en": {"Printers"}, "valid_from": {"2022-01-01"}})
	wantRedirect(t, res, "/categories/ict?on=2022-01-01")
	wantBody(t, officer.get("/categories/ict?on=2022-01-01"), "<dd>Skrivare</dd>", "Produktgruppen är tillagd.")
}

func TestCategoriesAPI(t *testing.T) {
	f := newFixture(t)
	_, ict, group := f.seedCategoriesOverTime()
	if _, err := f.db.MoveCategoryGroup(context.Background(), tillit.SystemActor("test"), group.ID, ict.ID, isoDay("2023-01-01")); err != nil {
		t.Fatal(err)
	}
	token := f.apiToken(tillit.RoleStaff)
	type cat struct {
		Code  string `json:"code"`
		Scope *struct {
			ValidFrom string `json:"valid_from"`
			TextSV    string `json:"text_sv"`
		} `json:"scope"`
		Groups []struct {
			Code      string  `json:"code"`
			ValidFrom string  `json:"valid_from"`
			ValidTo   *string `json:"valid_to"`
		} `json:"product_groups"`
		Responsible []struct {
			Region  string `json:"region"`
			InForce bool   `json:"in_force"`
		} `json:"responsible_regions"`
	}
	get := func(query string) (string, map[string]cat) {
		t.Helper()
		res := f.api("GET", "/api/v1/categories"+query, token, "")
		wantStatus(t, res, http.StatusOK)
		var out struct {
			On         string `json:"on"`
			Categories []cat  `json:"categories"`
		}
		decodeJSON(t, res, &out)
		m := map[string]cat{}
		for _, c := range out.Categories {
			m[c.Code] = c
		}
		return out.On, m
	}
	inForce := func(c cat) string {
		s := ""
		for _, r := range c.Responsible {
			if r.InForce {
				s += r.Region
			}
		}
		return s
	}
	groups := func(c cat) string {
		s := ""
		for _, g := range c.Groups {
			s += g.Code + " " + g.ValidFrom
			if g.ValidTo != nil {
				s += "–" + *g.ValidTo
			}
		}
		return s
	}
	_, cats := get("?on=2022-12-31")
	if got := inForce(cats["ict"]); got != "Region Skåne" {
		t.Errorf("ICT on 2022-12-31: %q", got)
	}
	if got := groups(cats["medical-technology"]); got != "imaging-function 2022-01-01–2023-01-01" {
		t.Errorf("medical technology's groups on 2022-12-31: %q", got)
	}
	if cats["ict"].Scope != nil || len(cats["ict"].Groups) != 0 {
		t.Errorf("ICT on 2022-12-31: %+v", cats["ict"])
	}

	if err := f.db.AddScopeVersion(context.Background(), tillit.SystemActor("test"),
		&tillit.ScopeVersion{CategoryID: ict.ID, ValidFrom: isoDay("2023-01-01"), TextSV: "Med bild och funktion", TextEN: "With imaging and function"}); err != nil {
		t.Fatal(err)
	}
	// Without ?on=, today in Sweden: half past midnight on New Year's
	// Day in Stockholm, though still 2022 in UTC.
	f.setNow(time.Date(2022, 12, 31, 23, 30, 0, 0, time.UTC))
	on, cats := get("")
	if on != "2023-01-01" || inForce(cats["ict"]) != "Region Norrbotten" || groups(cats["ict"]) != "imaging-function 2023-01-01" ||
		cats["ict"].Scope == nil || cats["ict"].Scope.TextSV != "Med bild och funktion" || len(cats["medical-technology"].Groups) != 0 {
		t.Errorf("today (%s): %+v", on, cats)
	}
	// The page's default date is the same day.
	wantBody(t, f.client().signIn(tillit.RoleStaff).get("/categories"), `value="2023-01-01"`)
}

// TestResponsibleRegionsOnTheDayInQuestion: opening a follow-up and
// writing a risk analysis ask who is responsible on the day in question —
// the Swedish day the follow-up opens, the analysis's year — not on the
// day in UTC or today.
func TestResponsibleRegionsOnTheDayInQuestion(t *testing.T) {
	f := newFixture(t)
	_, ict, _ := f.seedCategoriesOverTime()
	coord := f.apiToken(tillit.RoleCoordinator) // Norrbotten, responsible for ICT from 2023

	// New Year's night: 2022 in UTC, 2023 in Sweden, where Norrbotten is
	// responsible.
	f.setNow(time.Date(2022, 12, 31, 23, 30, 0, 0, time.UTC))
	res := f.api("POST", "/api/v1/followups", coord, fmt.Sprintf(`{"supplier_id":%d,"category_id":%d,"requirement_codes":["COC-1"]}`, f.orgs["Leverantör A"].ID, ict.ID))
	wantStatus(t, res, http.StatusCreated)
	var fu struct {
		Regions []struct {
			Name string `json:"name"`
		} `json:"responsible_regions"`
	}
	decodeJSON(t, res, &fu)
	if len(fu.Regions) != 1 || fu.Regions[0].Name != "Region Norrbotten" {
		t.Errorf("responsible regions of the follow-up opened on New Year's night: %+v", fu.Regions)
	}

	// In 2022 Skåne was responsible: Norrbotten's coordinator may not open
	// one then.
	f.setNow(time.Date(2022, 6, 1, 9, 0, 0, 0, time.UTC))
	wantAPIError(t, f.api("POST", "/api/v1/followups", coord, fmt.Sprintf(`{"supplier_id":%d,"category_id":%d,"requirement_codes":["COC-1"]}`, f.orgs["Leverantör B"].ID, ict.ID)),
		http.StatusForbidden, tillit.EFORBIDDEN)

	// A risk analysis for 2023, written in 2022: the regions responsible
	// in 2023 own it.
	a := tillit.NewRiskAnalysis(ict.ID, 2023, "IKT 2023", "")
	if err := f.db.CreateRiskAnalysis(context.Background(), tillit.SystemActor("test"), a); err != nil {
		t.Fatal(err)
	}
	c := f.client().signIn(tillit.RoleCoordinator)
	wantStatus(t, c.get("/risk-analyses/"+strconv.FormatInt(a.ID, 10)+"/edit"), http.StatusOK)
	// And one for 2022 stays Skåne's.
	b := tillit.NewRiskAnalysis(ict.ID, 2022, "IKT 2022", "")
	if err := f.db.CreateRiskAnalysis(context.Background(), tillit.SystemActor("test"), b); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, c.get("/risk-analyses/"+strconv.FormatInt(b.ID, 10)+"/edit"), http.StatusForbidden)
}
