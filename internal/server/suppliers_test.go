package server

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/browsertest"
	"github.com/tillit-project/tillit/internal/ui"
)

// Tests of the supplier register and the inbox. The fixture's users read
// Swedish, so sentences are checked as supSV renders them.

// supSV is how a page shows the English catalogue key in Swedish.
func supSV(english string, args ...any) string {
	s := ui.T(tillit.Swedish, english)
	if len(args) > 0 {
		s = fmt.Sprintf(s, args...)
	}
	return template.HTMLEscapeString(s)
}

func (f *fixture) supID(name string) string { return strconv.FormatInt(f.orgs[name].ID, 10) }

// supCloseB closes follow-up B because the contracts expired (its planned
// audit is cancelled first, as the domain requires).
func (f *fixture) supCloseB(t *testing.T) {
	t.Helper()
	ctx, coord := context.Background(), tillit.ActorOf(f.users[tillit.RoleCoordinator])
	for _, step := range []func(fu *tillit.FollowUp) (tillit.FollowUpEvent, error){
		func(fu *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			return fu.CancelAudit(coord, f.now, 1, "Avtalen har löpt ut")
		},
		func(fu *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			return fu.Close(coord, f.now, tillit.CloseContractsExpired, "")
		},
	} {
		if _, _, err := f.db.ChangeFollowUp(ctx, tillit.SystemActor("test"), f.followUpB.ID, step); err != nil {
			t.Fatal(err)
		}
	}
}

func supReadXLSX(t *testing.T, body string) [][]string {
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

// supRow matches the list row of a supplier: its link and the cells after.
func supRow(id, display string, cells ...string) string {
	s := `<td><a href="/suppliers/` + id + `">` + template.HTMLEscapeString(display) + `</a></td>`
	for _, c := range cells {
		s += "\n<td" + c
	}
	return s
}

func TestSupplierList(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, b := f.supID("Leverantör A"), f.supID("Leverantör B")
	// B was called something else once.
	if err := f.db.UpdateSupplierProfile(ctx, tillit.SystemActor("test"), &tillit.SupplierProfile{OrgID: f.orgs["Leverantör B"].ID,
		FormerNames: []string{"Sialkot Instruments Ltd"}}); err != nil {
		t.Fatal(err)
	}
	staff := f.client().signIn(tillit.RoleStaff)
	supplier := f.client().signIn(tillit.RoleSupplier)
	admin := f.client().signIn(tillit.RoleAdmin)
	formerlyB := ui.T(tillit.Swedish, "%s (formerly %s)")
	formerlyB = fmt.Sprintf(formerlyB, "Leverantör B", "Sialkot Instruments Ltd")

	t.Run("everything", func(t *testing.T) {
		res := staff.get("/suppliers")
		wantStatus(t, res, http.StatusOK)
		// Name (with the former name), country, number, contracts in force, open follow-ups.
		wantBody(t, res, supRow(a, "Leverantör A", ">SE</td>", "></td>", ` class="num">1</td>`, ` class="num">1</td>`),
			supRow(b, formerlyB, ">PK</td>"), `<option value="PK">PK</option>`, `<option value="SE">SE</option>`,
			`href="/suppliers.csv"`, `href="/suppliers.xlsx"`, `aria-current="page"`)
		// Staff may not add suppliers; the office may.
		wantNoBody(t, res, `href="/suppliers/new"`)
		wantBody(t, admin.get("/suppliers"), `href="/suppliers/new"`)
	})

	t.Run("search by current or former name", func(t *testing.T) {
		res := staff.get("/suppliers?q=sialkot")
		wantBody(t, res, supRow(b, formerlyB), `value="sialkot"`, `href="/suppliers.csv?q=sialkot"`)
		wantNoBody(t, res, `href="/suppliers/`+a+`"`)
		res = staff.get("/suppliers?q=" + url.QueryEscape("ntör A"))
		wantBody(t, res, `href="/suppliers/`+a+`"`)
		wantNoBody(t, res, `href="/suppliers/`+b+`"`)
		// LIKE wildcards are searched for as they are.
		wantBody(t, staff.get("/suppliers?q=%25"), supSV("No suppliers match the filters."))
	})

	t.Run("country", func(t *testing.T) {
		res := staff.get("/suppliers?country=pk")
		wantBody(t, res, `href="/suppliers/`+b+`"`, `<option value="PK" selected>PK</option>`)
		wantNoBody(t, res, `href="/suppliers/`+a+`"`)
		res = staff.get("/suppliers?country=NO")
		wantBody(t, res, `<option value="NO" selected>NO</option>`, supSV("No suppliers match the filters."))
		wantStatus(t, staff.get("/suppliers?country=Sverige"), http.StatusBadRequest)
		wantStatus(t, staff.get("/suppliers?q="+strings.Repeat("x", 201)), http.StatusBadRequest)
		wantStatus(t, staff.get("/suppliers?after=x"), http.StatusBadRequest)
	})

	t.Run("a supplier sees its own company only", func(t *testing.T) {
		res := supplier.get("/suppliers")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `href="/suppliers/`+a+`"`, `<option value="SE">SE</option>`)
		// Not B, and not even that a supplier in Pakistan exists.
		wantNoBody(t, res, `href="/suppliers/`+b+`"`, "Leverantör B", `value="PK"`)
		wantNoBody(t, supplier.get("/suppliers?q=sialkot"), "Leverantör B")
		wantStatus(t, supplier.get("/suppliers/"+a), http.StatusOK)
		res = supplier.get("/suppliers/" + b)
		wantStatus(t, res, http.StatusNotFound)
		wantNoBody(t, res, "Leverantör B")
		wantStatus(t, supplier.get("/suppliers/999999"), http.StatusNotFound)
		wantStatus(t, supplier.get("/suppliers/abc"), http.StatusNotFound)
		wantStatus(t, supplier.post("/suppliers/"+b+"/sites", url.Values{"name": {"X"}, "city": {"Y"}, "country": {"PK"}}), http.StatusNotFound)
		// The auditor reads the suppliers of the audits assigned to them.
		auditor := f.client().signIn(tillit.RoleAuditor)
		wantStatus(t, auditor.get("/suppliers/"+a), http.StatusOK)
		wantStatus(t, auditor.get("/suppliers/"+b), http.StatusNotFound)
	})

	t.Run("downloads", func(t *testing.T) {
		res := staff.get("/suppliers.csv")
		wantStatus(t, res, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		today := tillit.DateOf(f.now).Format(time.DateOnly)
		if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, url.PathEscape("leverantörer-"+today+".csv")) {
			t.Errorf("Content-Disposition %q", cd)
		}
		wantBody(t, res, "Leverantör A;;SE;;1;1", "Leverantör B;Sialkot Instruments Ltd;PK;;1;1")
		res = supplier.get("/suppliers.csv")
		wantBody(t, res, "Leverantör A")
		wantNoBody(t, res, "Leverantör B")
		rows := supReadXLSX(t, staff.get("/suppliers.xlsx?country=PK").Body)
		if len(rows) != 2 || rows[0][0] != "Leverantör" || rows[1][0] != "Leverantör B" || rows[1][4] != "1" {
			t.Fatalf("workbook rows = %q", rows)
		}
		wantStatus(t, staff.get("/suppliers.xlsx?country=123"), http.StatusBadRequest)
	})

	t.Run("paging", func(t *testing.T) {
		for i := 0; i < 55; i++ {
			o := &tillit.Supplier{Organisation: tillit.Organisation{Name: fmt.Sprintf("Företag %02d AB", i), Country: "DK"}}
			if err := f.db.CreateSupplier(ctx, tillit.SystemActor("test"), o); err != nil {
				t.Fatal(err)
			}
		}
		res := staff.get("/suppliers?country=DK")
		if n := strings.Count(res.Body, `<td><a href="/suppliers/`); n != 50 {
			t.Fatalf("first page has %d rows, want 50", n)
		}
		m := regexp.MustCompile(`<a href="(/suppliers\?[^"]+)" rel="next">`).FindStringSubmatch(res.Body)
		if m == nil {
			t.Fatal("no link to the next page")
		}
		next := staff.get(html.UnescapeString(m[1]))
		wantStatus(t, next, http.StatusOK)
		if n := strings.Count(next.Body, `<td><a href="/suppliers/`); n != 5 {
			t.Fatalf("second page has %d rows, want 5", n)
		}
		wantBody(t, next, "Företag 54 AB", supSV("Suppliers, continued"), `href="/suppliers?country=DK"`)
		wantNoBody(t, next, "Företag 49 AB", `rel="next"`)
		rows := supReadXLSX(t, staff.get("/suppliers.xlsx?country=DK").Body)
		if len(rows) != 56 {
			t.Fatalf("the download has %d rows, want all 55 and the header", len(rows))
		}
	})
}

func TestSupplierPage(t *testing.T) {
	f := newFixture(t)
	ctx, sys := context.Background(), tillit.SystemActor("test")
	a, b := f.supID("Leverantör A"), f.supID("Leverantör B")
	supA := f.orgs["Leverantör A"].ID
	// An old contract with Skåne, no longer in force, and a profile.
	if err := f.db.CreateContract(ctx, sys, &tillit.Contract{RegionID: f.orgs["Region Skåne"].ID, SupplierID: supA, CategoryID: f.category.ID,
		Reference: "RS-2019-3", OCID: "ocds-213czf-000-00001", Start: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.UpdateSupplierProfile(ctx, sys, &tillit.SupplierProfile{OrgID: supA, FormerNames: []string{"A-bolaget"},
		ParentOrgID: f.orgs["Leverantör B"].ID, Contacts: []tillit.Contact{{Name: "Eva Ek", Email: "eva@a.example", Role: "Hållbarhetschef"}}}); err != nil {
		t.Fatal(err)
	}
	f.supCloseB(t)
	staff := f.client().signIn(tillit.RoleStaff)

	res := staff.get("/suppliers/" + a)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res,
		"<h1>"+supSV("%s (formerly %s)", "Leverantör A", "A-bolaget")+"</h1>",
		`<dd><a href="/suppliers/`+b+`">Leverantör B</a></dd>`,
		"<td>Eva Ek</td><td>Hållbarhetschef</td>", `href="mailto:eva@a.example"`,
		// By region, in county-code order: Skåne (12) before Norrbotten (25).
		`<tr><th scope="row">Region Skåne</th><td class="num">0</td><td class="num">1</td></tr>`+"\n"+
			`<tr><th scope="row">Region Norrbotten</th><td class="num">1</td><td class="num">1</td></tr>`,
		supSV("Contracts %d–%d of %d", 1, 2, 2),
		"<tr><td>Region Norrbotten</td><td>Tandvårdsmaterial</td><td>NLL-2025-1</td><td class=\"mono\"></td><td>2025-01-01</td><td>2027-12-31</td>\n<td>"+supSV("Yes")+"</td></tr>",
		"<tr><td>Region Skåne</td><td>Tandvårdsmaterial</td><td>RS-2019-3</td><td class=\"mono\">ocds-213czf-000-00001</td><td>2019-01-01</td><td>2021-12-31</td>\n<td>"+supSV("No")+"</td></tr>",
		// By category: only Norrbotten's contract is in force.
		`<tr><td>Tandvårdsmaterial</td><td>Region Norrbotten</td>`+"\n"+`<td class="num">1</td><td class="num">2</td></tr>`,
		// Exposure: every region with a contract in force.
		`<tr><td>Region Norrbotten</td><td class="num">1</td></tr>`,
		// Production sites.
		"<td>Fabrik 1</td><td></td><td>Sialkot</td><td>PK</td>", "<td>Saxar</td>",
		// Follow-ups.
		`<a href="/followups/`+strconv.FormatInt(f.followUpA.ID, 10)+`">`+supSV("Follow-up %d", f.followUpA.ID)+`</a>`,
		supSV("Open"), "Tandvårdsmaterial</td><td>2026-03-02</td>",
		// Staff of Skåne may add Skåne's contracts, not sites or the profile.
		`action="/suppliers/`+a+`/contracts"`, `<option value="`+f.supID("Region Skåne")+`">Region Skåne</option>`,
	)
	wantNoBody(t, res, `<option value="`+f.supID("Region Norrbotten")+`">`, `action="/suppliers/`+a+`/sites"`, `href="/suppliers/`+a+`/edit"`)
	wantNoBody(t, res, `<tr><td>Region Skåne</td><td class="num">`)

	// B's follow-up is closed, with its reason.
	res = staff.get("/suppliers/" + b)
	wantBody(t, res, supSV("Closed: contracts expired"), `<tr><td>Region Skåne</td><td class="num">1</td></tr>`, supSV("No contacts are recorded."))

	// The supplier sees its own page, with its parent company named but
	// not linked, and may add sites but not contracts.
	supplier := f.client().signIn(tillit.RoleSupplier)
	res = supplier.get("/suppliers/" + a)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<dd>Leverantör B</dd>", `action="/suppliers/`+a+`/sites"`)
	wantNoBody(t, res, `href="/suppliers/`+b+`"`, `action="/suppliers/`+a+`/contracts"`, `href="/suppliers/`+a+`/edit"`)

	// The office may do everything.
	res = f.client().signIn(tillit.RoleAdmin).get("/suppliers/" + a)
	wantBody(t, res, `href="/suppliers/`+a+`/edit"`, `action="/suppliers/`+a+`/sites"`, `action="/suppliers/`+a+`/contracts"`,
		`<option value="`+f.supID("Region Norrbotten")+`">Region Norrbotten</option>`)
	// Something with no contracts, sites or follow-ups.
	empty := &tillit.Supplier{Organisation: tillit.Organisation{Name: "Tomt AB", Country: "SE"}}
	if err := f.db.CreateSupplier(ctx, sys, empty); err != nil {
		t.Fatal(err)
	}
	res = staff.get("/suppliers/" + strconv.FormatInt(empty.ID, 10))
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, supSV("No contracts are recorded."), supSV("No production sites are recorded."),
		supSV("The supplier has not been followed up."), supSV("No region holds a contract in force with the supplier today."))
	// A region is not a supplier.
	wantStatus(t, staff.get("/suppliers/"+f.supID("Region Skåne")), http.StatusNotFound)
}

func TestSupplierCreate(t *testing.T) {
	f := newFixture(t)
	admin := f.client().signIn(tillit.RoleAdmin)
	res := admin.get("/suppliers/new")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `action="/suppliers"`, `name="org_number"`, `name="contact_name"`, `<option value="`+f.supID("Leverantör B")+`">Leverantör B</option>`)

	form := url.Values{"name": {"Nordic Gloves AB"}, "country": {"se"}, "org_number": {"556036-0794"},
		"former_names": {"Handskar AB\r\nGloves Nordic"}, "parent_org_id": {f.supID("Leverantör B")},
		"contact_name": {"Anna Berg", ""}, "contact_email": {"anna@gloves.example", ""}, "contact_phone": {"", ""}, "contact_role": {"VD", ""}}

	t.Run("bad organisation number", func(t *testing.T) {
		res := admin.post("/suppliers", form)
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, `<span class="field-error" id="org_number-error">`+
			supSV("Enter a Swedish organisation number as six digits, a hyphen and four digits, such as 556036-0793; check the last digit.")+`</span>`,
			`aria-invalid="true"`, `value="Nordic Gloves AB"`, `value="556036-0794"`, `value="SE"`, "Handskar AB\nGloves Nordic</textarea>",
			`<option value="`+f.supID("Leverantör B")+`" selected>`, `value="Anna Berg"`)
	})

	t.Run("bad contact and former names", func(t *testing.T) {
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("org_number", "5560360793")
		bad.Set("former_names", "Nordic Gloves AB")
		bad["contact_email"] = []string{"anna(at)gloves", ""}
		res := admin.post("/suppliers", bad)
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, `id="contact-0-email-error">`+supSV("Enter an e-mail address such as name@supplier.com."),
			`id="former_names-error">`+supSV("A former name cannot be the same as the current name."))
		bad.Set("parent_org_id", f.supID("Region Skåne"))
		res = admin.post("/suppliers", bad)
		wantBody(t, res, `id="parent_org_id-error">`+supSV("Choose the parent company from the list, or leave it empty."))
		bad.Set("parent_org_id", "x")
		wantStatus(t, admin.post("/suppliers", bad), http.StatusBadRequest)
		res = admin.post("/suppliers", url.Values{"name": {""}, "country": {""}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, `id="name-error">`+supSV("Enter a name."), `id="country-error">`+
			supSV("Enter the country where the supplier is registered, as a two-letter ISO code such as SE."))
	})

	var id string
	t.Run("created", func(t *testing.T) {
		form.Set("org_number", "5560360793")
		res := admin.post("/suppliers", form)
		wantStatus(t, res, http.StatusSeeOther)
		loc := res.Header.Get("Location")
		m := regexp.MustCompile(`^/suppliers/(\d+)$`).FindStringSubmatch(loc)
		if m == nil {
			t.Fatalf("redirected to %q", loc)
		}
		id = m[1]
		res = admin.get(loc)
		wantBody(t, res, supSV("The supplier is added."), "<dd>556036-0793</dd>", "<dd>Handskar AB, Gloves Nordic</dd>",
			"<td>Anna Berg</td><td>VD</td>", `<a href="/suppliers/`+f.supID("Leverantör B")+`">Leverantör B</a>`)
		// The same name again is a conflict.
		res = admin.post("/suppliers", form)
		wantStatus(t, res, http.StatusConflict)
		wantBody(t, res, supSV("A supplier named %s already exists. Find it in the list of suppliers, or enter another name.", "Nordic Gloves AB"))
	})

	t.Run("edit the profile", func(t *testing.T) {
		res := admin.get("/suppliers/" + id + "/edit")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `action="/suppliers/`+id+`/edit"`, "Handskar AB\nGloves Nordic</textarea>", `value="Anna Berg"`, `value="anna@gloves.example"`,
			`id="contact-1-name"`, "<dd>556036-0793</dd>")
		wantNoBody(t, res, `name="org_number"`, `<option value="`+id+`"`)
		res = admin.post("/suppliers/"+id+"/edit", url.Values{"former_names": {"Handskar AB\nhandskar ab"}, "contact_name": {"Anna Berg"}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, supSV("The former name %s is listed more than once.", "handskar ab"), supSV("Enter an e-mail address or a phone number so that the contact can be reached."))
		res = admin.post("/suppliers/"+id+"/edit", url.Values{"former_names": {"Handskar AB"}, "parent_org_id": {id}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, supSV("A company cannot be its own parent company."))
		res = admin.post("/suppliers/"+id+"/edit", url.Values{"former_names": {"Handskar AB"},
			"contact_name": {"", "Bo Ek"}, "contact_phone": {"", "+46 70 123 45 67"}, "contact_email": {"", ""}, "contact_role": {"", ""}})
		wantRedirect(t, res, "/suppliers/"+id)
		res = admin.get("/suppliers/" + id)
		wantBody(t, res, "<dd>Handskar AB</dd>", "<td>Bo Ek</td>", "&#43;46 70 123 45 67", "<dd>–</dd>")
		wantNoBody(t, res, "Anna Berg")
	})

	t.Run("a supplier registered without a country", func(t *testing.T) {
		// Organisations made before the supplier register may lack the
		// country a supplier needs; their profile can still be kept up to
		// date.
		o := &tillit.Organisation{Kind: tillit.OrgSupplier, Name: "Gammal AB"}
		if err := f.db.CreateOrganisation(context.Background(), tillit.SystemActor("test"), o); err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(o.ID, 10)
		res := admin.post("/suppliers/"+id+"/edit", url.Values{"former_names": {"Äldre AB"}})
		wantRedirect(t, res, "/suppliers/"+id)
		wantBody(t, admin.get("/suppliers/"+id), "Äldre AB")
	})

	t.Run("only the office", func(t *testing.T) {
		staff := f.client().signIn(tillit.RoleStaff)
		form.Del("csrf") // the admin's
		res := staff.post("/suppliers", form)
		wantStatus(t, res, http.StatusForbidden)
		wantNoBody(t, res, supSV("The form had expired or came from another site. Go back, reload the page and try again."))
		wantStatus(t, staff.get("/suppliers/"+id+"/edit"), http.StatusForbidden)
		wantStatus(t, admin.get("/suppliers/999999/edit"), http.StatusNotFound)
		wantStatus(t, admin.post("/suppliers/999999/edit", url.Values{}), http.StatusNotFound)
	})
}

func TestSupplierContracts(t *testing.T) {
	f := newFixture(t)
	a := f.supID("Leverantör A")
	staff := f.client().signIn(tillit.RoleStaff)
	form := func(region, ref, start, end string) url.Values {
		return url.Values{"region_id": {f.supID(region)}, "category_id": {strconv.FormatInt(f.category.ID, 10)},
			"reference": {ref}, "ocid": {""}, "start": {start}, "end": {end}}
	}
	// Skåne's staff add a contract for Region Skåne.
	res := staff.post("/suppliers/"+a+"/contracts", form("Region Skåne", "RS-2026-1", "2026-01-01", "2028-12-31"))
	wantRedirect(t, res, "/suppliers/"+a+"#contracts")
	res = staff.get("/suppliers/" + a)
	wantBody(t, res, supSV("The contract is added."), "<td>RS-2026-1</td>", `<tr><td>Region Skåne</td><td class="num">1</td></tr>`)
	// … but not for Region Norrbotten.
	res = staff.post("/suppliers/"+a+"/contracts", form("Region Norrbotten", "NLL-2026-1", "2026-01-01", "2028-12-31"))
	wantStatus(t, res, http.StatusForbidden)
	wantBody(t, res, supSV("You can add contracts only for your own region. Ask the national office or the region's staff."))
	// Norrbotten's coordinator adds Norrbotten's, not Skåne's.
	coord := f.client().signIn(tillit.RoleCoordinator)
	wantStatus(t, coord.post("/suppliers/"+a+"/contracts", form("Region Skåne", "RS-2026-2", "2026-01-01", "2028-12-31")), http.StatusForbidden)
	wantStatus(t, coord.post("/suppliers/"+a+"/contracts", form("Region Norrbotten", "NLL-2026-2", "2026-01-01", "2028-12-31")), http.StatusSeeOther)
	// The office adds any region's.
	admin := f.client().signIn(tillit.RoleAdmin)
	wantStatus(t, admin.post("/suppliers/"+a+"/contracts", form("Region Skåne", "RS-2026-3", "2026-01-01", "2028-12-31")), http.StatusSeeOther)

	// Bad input: the page again, the form open, the problems by the fields.
	bad := form("Region Skåne", "", "2026-05-01", "2026-04-01")
	bad.Set("ocid", "not an ocid")
	res = staff.post("/suppliers/"+a+"/contracts", bad)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "<details open><summary>"+supSV("Add a contract"),
		`id="contract-reference-error">`+supSV("Enter the contract reference, such as the procurement's case number."),
		`id="contract-end-error">`+supSV("The end date must come after the start date."),
		`id="contract-ocid-error">`+supSV("Enter the Open Contracting ocid as published, such as ocds-213czf-000-00001, or leave it empty."),
		`value="2026-05-01"`, `value="not an ocid"`, `<option value="`+f.supID("Region Skåne")+`" selected>`)
	res = staff.post("/suppliers/"+a+"/contracts", url.Values{"start": {"1 maj"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `id="contract-region_id-error">`+supSV("Choose the region that holds the contract."),
		`id="contract-category_id-error">`+supSV("Choose the procurement category."),
		`id="contract-start-error">`+supSV("Write the date as YYYY-MM-DD, for example 2022-06-30."))
	// A category that does not exist, a region that is not one.
	unknown := form("Region Skåne", "RS-1", "2026-01-01", "2026-12-31")
	unknown.Set("category_id", "999999")
	wantStatus(t, staff.post("/suppliers/"+a+"/contracts", unknown), http.StatusBadRequest)
	notRegion := form("Leverantör B", "RS-1", "2026-01-01", "2026-12-31")
	wantStatus(t, admin.post("/suppliers/"+a+"/contracts", notRegion), http.StatusBadRequest)
	wantStatus(t, staff.post("/suppliers/999999/contracts", form("Region Skåne", "RS-1", "2026-01-01", "2026-12-31")), http.StatusNotFound)
}

func TestSupplierSites(t *testing.T) {
	f := newFixture(t)
	a, b := f.supID("Leverantör A"), f.supID("Leverantör B")
	supplier := f.client().signIn(tillit.RoleSupplier)
	// (A fresh form each time: post adds the client's CSRF token to it.)
	site := func() url.Values {
		return url.Values{"name": {"Fabrik 2"}, "address": {"Industrivägen 4"}, "city": {"Lahore"}, "country": {"pk"},
			"os_hub_id": {"PK2019085AB1C2D"}, "products": {"Pincetter\r\n\r\nSaxar\n"}}
	}
	// The supplier adds a site to its own company …
	res := supplier.post("/suppliers/"+a+"/sites", site())
	wantRedirect(t, res, "/suppliers/"+a+"#sites")
	res = supplier.get("/suppliers/" + a)
	wantBody(t, res, supSV("The production site is added."), "<td>Fabrik 2</td><td>Industrivägen 4</td><td>Lahore</td><td>PK</td>",
		`href="https://opensupplyhub.org/facilities/PK2019085AB1C2D"`, "<td>Pincetter, Saxar</td>")
	// … but not to another: that one does not exist for it.
	wantStatus(t, supplier.post("/suppliers/"+b+"/sites", site()), http.StatusNotFound)
	// Region staff may not add sites at all; the office may.
	wantStatus(t, f.client().signIn(tillit.RoleStaff).post("/suppliers/"+a+"/sites", site()), http.StatusForbidden)
	wantStatus(t, f.client().signIn(tillit.RoleOfficer).post("/suppliers/"+b+"/sites", site()), http.StatusSeeOther)

	// Bad input comes back with the problems and what was typed.
	res = supplier.post("/suppliers/"+a+"/sites", url.Values{"name": {"Fabrik 3"}, "city": {""}, "country": {"Pakistan"},
		"os_hub_id": {"x"}, "products": {"Saxar\nsaxar"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "<details open><summary>"+supSV("Add a production site"),
		`id="site-city-error">`+supSV("Enter the city or town where the site is, such as Sialkot."),
		`id="site-country-error">`+supSV("Enter the country as a two-letter ISO code, such as SE or PK."),
		`id="site-os_hub_id-error">`, `id="site-products-error">`+supSV("The product %s is listed more than once.", "saxar"),
		`value="Fabrik 3"`, "Saxar\nsaxar</textarea>")
}

func TestInbox(t *testing.T) {
	f := newFixture(t)
	coord := f.client().signIn(tillit.RoleCoordinator)
	a, b := strconv.FormatInt(f.followUpA.ID, 10), strconv.FormatInt(f.followUpB.ID, 10)
	// The coordinator of Norrbotten, responsible for the category, was told
	// when follow-ups A and B were opened and when A's audit found a
	// deviation.
	res := coord.get("/inbox")
	wantStatus(t, res, http.StatusOK)
	opened, found := supSV("A follow-up was opened"), supSV("An audit found deviations")
	wantBody(t, res, supSV("%d unread notices", 3), `action="/inbox/read"`,
		"<td>Leverantör A</td>\n<td><strong>"+found+"</strong></td>\n<td><a href=\"/followups/"+a+"\">",
		"<td>Leverantör B</td>\n<td><strong>"+opened+"</strong></td>\n<td><a href=\"/followups/"+b+"\">",
		"<td>Leverantör A</td>\n<td><strong>"+opened+"</strong></td>", "<td>2026-03-02 10:00</td>")
	if n := strings.Count(res.Body, "<strong>"+supSV("Unread")+"</strong>"); n != 3 {
		t.Errorf("%d notices are marked unread, want 3", n)
	}
	// Marking them read.
	wantRedirect(t, coord.post("/inbox/read", nil), "/inbox")
	res = coord.get("/inbox")
	wantBody(t, res, supSV("Every notice is marked as read."), "<td>"+supSV("Read")+"</td>")
	wantNoBody(t, res, supSV("Unread"), `action="/inbox/read"`, "<strong>")
	// A new notice when a follow-up is closed.
	f.supCloseB(t)
	res = coord.get("/inbox")
	wantBody(t, res, supSV("1 unread notice"), "<td><strong>"+supSV("The follow-up was closed")+"</strong></td>")
	// Region Skåne has no coordinator: its staff are not told; the
	// supplier has no inbox.
	wantBody(t, f.client().signIn(tillit.RoleStaff).get("/inbox"), supSV("You have no notices."))
	wantStatus(t, f.client().signIn(tillit.RoleSupplier).get("/inbox"), http.StatusForbidden)
	// English.
	en := f.client().signIn(tillit.RoleCoordinator)
	en.post("/lang", url.Values{"lang": {"en"}, "next": {"/inbox"}})
	wantBody(t, en.get("/inbox"), "<strong>The follow-up was closed</strong>")
}

// TestBrowserSuppliers walks the supplier register and the inbox in
// headless Chromium: every page, with its forms unfolded and with a form
// that came back with problems, passes axe-core's WCAG 2.1 AA rules, fits
// 320 px, and a contract is added without JavaScript of our own.
func TestBrowserSuppliers(t *testing.T) {
	ctx := browsertest.New(t)
	f := newFixture(t)
	base := f.ts.URL
	a := f.supID("Leverantör A")
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
	unfoldAll := chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('details').forEach(d => d.open = true)`)
	narrow := func(p string) {
		t.Helper()
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`))
		if err != nil {
			t.Fatal(err)
		}
		if overflow {
			t.Errorf("%s scrolls sideways at 320 px", p)
		}
	}

	signIn(tillit.RoleAdmin)
	pages := []string{"/suppliers", "/suppliers/" + a, "/suppliers/new", "/suppliers/" + a + "/edit", "/inbox"}
	for _, p := range pages {
		run("open "+p, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1")), unfoldAll)
		browsertest.RequireNoViolations(t, ctx, p)
	}
	// A form that comes back with problems.
	run("add a supplier with a bad number",
		chromedp.Navigate(base+"/suppliers/new"),
		chromedp.SendKeys(chromedp.CSS("#name"), "Fel AB"),
		chromedp.SendKeys(chromedp.CSS("#country"), "SE"),
		chromedp.SendKeys(chromedp.CSS("#org_number"), "556036-0794"),
		chromedp.SendKeys(chromedp.CSS("#contact-0-name"), "Utan Kontaktväg"),
		chromedp.Click(chromedp.CSS(`form[action="/suppliers"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#org_number-error")),
	)
	browsertest.RequireNoViolations(t, ctx, "new supplier with problems")

	// Add a contract from the supplier page, as the office.
	run("add a contract",
		chromedp.Navigate(base+"/suppliers/"+a),
		chromedp.Click(chromedp.CSS("details:has(> form#contract) > summary")),
		chromedp.SetValue(chromedp.CSS("#contract-region_id"), f.supID("Region Skåne")),
		chromedp.SetValue(chromedp.CSS("#contract-category_id"), strconv.FormatInt(f.category.ID, 10)),
		chromedp.SendKeys(chromedp.CSS("#contract-reference"), "RS-2026-7"),
		chromedp.SetValue(chromedp.CSS("#contract-start"), "2026-01-01"),
		chromedp.SetValue(chromedp.CSS("#contract-end"), "2026-01-01"),
		chromedp.Click(chromedp.CSS("form#contract button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#contract-end-error")),
	)
	browsertest.RequireNoViolations(t, ctx, "supplier page with a contract form with problems")
	run("fix the end date",
		chromedp.SetValue(chromedp.CSS("#contract-end"), "2027-12-31"),
		chromedp.Click(chromedp.CSS("form#contract button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	if got := text("flash", "p.flash"); got != ui.T(tillit.Swedish, "The contract is added.") {
		t.Fatalf("after adding the contract: %q", got)
	}

	run("narrow viewport", chromedp.EmulateViewport(320, 640))
	for _, p := range pages {
		run("open narrow "+p, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1")), unfoldAll)
		narrow(p)
	}

	// The coordinator's inbox, with unread notices.
	run("sign out", chromedp.Click(chromedp.CSS("form.signout button")), chromedp.WaitVisible(chromedp.CSS("#email")))
	signIn(tillit.RoleCoordinator)
	run("open the inbox", chromedp.Navigate(base+"/inbox"), chromedp.WaitVisible(chromedp.CSS("table")))
	browsertest.RequireNoViolations(t, ctx, "inbox with notices")
	narrow("/inbox with notices")
}

// TestSupplierPageContractsPaged: a supplier with hundreds of contracts
// gets its counts in full and its contract list a hundred at a time.
func TestSupplierPageContractsPaged(t *testing.T) {
	f := newFixture(t)
	ctx, sys := context.Background(), tillit.SystemActor("test")
	a := f.supID("Leverantör A")
	supA := f.orgs["Leverantör A"].ID
	for i := range 230 {
		start := time.Date(2020+i%6, 1, 1, 0, 0, 0, 0, time.UTC)
		if err := f.db.CreateContract(ctx, sys, &tillit.Contract{RegionID: f.orgs["Region Skåne"].ID, SupplierID: supA, CategoryID: f.category.ID,
			Reference: fmt.Sprintf("RS-P-%03d", i), Start: start, End: start.AddDate(3, 0, -1)}); err != nil {
			t.Fatal(err)
		}
	}
	staff := f.client().signIn(tillit.RoleStaff)
	first := staff.get("/suppliers/" + a)
	wantStatus(t, first, http.StatusOK)
	// 230 here and the fixture's one with Norrbotten.
	wantBody(t, first, supSV("Contracts %d–%d of %d", 1, 100, 231), `href="/suppliers/`+a+`?contracts=2#contract-list" rel="next"`,
		`<tr><th scope="row">Region Skåne</th><td class="num">`, `<td class="num">230</td></tr>`)
	wantNoBody(t, first, `rel="prev"`)
	if n := strings.Count(first.Body, "<td>RS-P-"); n != 100 {
		t.Errorf("first page lists %d of the contracts, want 100", n)
	}
	last := staff.get("/suppliers/" + a + "?contracts=3")
	wantStatus(t, last, http.StatusOK)
	wantBody(t, last, supSV("Contracts %d–%d of %d", 201, 231, 231), `href="/suppliers/`+a+`?contracts=2#contract-list" rel="prev"`)
	wantNoBody(t, last, `rel="next"`)
	wantStatus(t, staff.get("/suppliers/"+a+"?contracts=4"), http.StatusNotFound)
	bad := staff.get("/suppliers/" + a + "?contracts=two")
	wantStatus(t, bad, http.StatusBadRequest)
	wantBody(t, bad, supSV("The page number must be a whole number from 1 up."))

	// Production sites are paged the same way, keeping the contract page.
	for i := range 150 {
		if err := f.db.CreateSite(ctx, sys, &tillit.ProductionSite{SupplierID: supA, Name: fmt.Sprintf("Enhet %03d", i), City: "Sialkot", Country: "PK"}); err != nil {
			t.Fatal(err)
		}
	}
	sites := staff.get("/suppliers/" + a + "?contracts=2&sites=2")
	wantStatus(t, sites, http.StatusOK)
	wantBody(t, sites, supSV("Contracts %d–%d of %d", 101, 200, 231), supSV("%d–%d of %d", 101, 151, 151),
		`href="/suppliers/`+a+`?contracts=2&amp;sites=1#sites" rel="prev"`)
	if n := strings.Count(sites.Body, "<td>Enhet "); n != 50 {
		t.Errorf("second page of sites lists %d of them, want 50 (and the fixture's one on the first)", n)
	}
	wantStatus(t, staff.get("/suppliers/"+a+"?sites=3"), http.StatusNotFound)
	wantStatus(t, staff.get("/suppliers/"+a+"?sites=100000000000000000"), http.StatusBadRequest)

	// The supplier page links to the follow-up list of the supplier when
	// it has more than it shows; that list filters by the supplier's id.
	list := staff.get("/followups?supplier=" + a)
	wantStatus(t, list, http.StatusOK)
	wantBody(t, list, fmt.Sprintf(`href="/followups/%d"`, f.followUpA.ID), `<input type="hidden" name="supplier" value="`+a+`">`)
	wantNoBody(t, list, fmt.Sprintf(`href="/followups/%d"`, f.followUpB.ID))
}
