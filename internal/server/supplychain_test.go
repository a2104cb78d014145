package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tillit-project/tillit"
)

// supplyChainWorld adds to the fixture what the supply-chain pages show:
// an index imported through the page (Pakistan high risk), a sub-supplier
// below Leverantör A's site and a product with 35 % cotton made there.
func (f *fixture) supplyChainWorld(t *testing.T) (supA string) {
	t.Helper()
	officer := f.client().signIn(tillit.RoleOfficer)
	res := officer.postMultipart("/country-risk/import", url.Values{"name": {"Testindex 2024"}, "year": {"2024"},
		"source": {"Påhittat för testerna."}, "scale_min": {"0"}, "scale_max": {"100"}, "direction": {"high"}},
		"file", "index.csv", []byte("Land;Värde\nPK;60\nSE;5\n"))
	wantStatus(t, res, http.StatusOK)
	supA = strconv.FormatInt(f.orgs["Leverantör A"].ID, 10)
	site := strconv.FormatInt(f.siteA.ID, 10)
	res = officer.post("/suppliers/"+supA+"/supply-chain/links", url.Values{"site_id": {site}, "company": {"Väveri Ltd"},
		"site": {"Väveri Faisalabad"}, "city": {"Faisalabad"}, "country": {"PK"}, "what": {"tyg"}})
	wantStatus(t, res, http.StatusSeeOther)
	res = officer.post("/suppliers/"+supA+"/supply-chain/products", url.Values{"name": {"Tandvårdsrock"},
		"category_id": {strconv.FormatInt(f.category.ID, 10)}, "group": {"Skyddskläder"}, "sites": {site},
		"material_0": {"cotton"}, "share_0": {"35"}, "material_1": {"polyester"}, "share_1": {"65"}})
	wantStatus(t, res, http.StatusSeeOther)
	return supA
}

// visitSupplyChainPages renders every page of the supply-chain map, for
// TestEveryPageRendered.
func (f *fixture) visitSupplyChainPages(t *testing.T) {
	supA := f.supplyChainWorld(t)
	officer := f.client().signIn(tillit.RoleOfficer)
	cat := strconv.FormatInt(f.category.ID, 10)
	for p, want := range map[string]string{
		"/country-risk":        "Testindex 2024",
		"/country-risk/import": "<h1>Importera ett landriskindex</h1>",
		"/supply-chain":        "<h1>Leveranskedja</h1>",
		"/supply-chain/sites?country=PK&category=" + cat: "Väveri Faisalabad",
		"/supply-chain/cotton":                           "Tandvårdsrock",
		"/suppliers/" + supA + "/supply-chain":           "Väveri Faisalabad",
	} {
		res := officer.get(p)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, want)
	}
}

func TestCountryRiskImportPage(t *testing.T) {
	f := newFixture(t)
	officer := f.client().signIn(tillit.RoleOfficer)
	form := func() url.Values {
		return url.Values{"name": {"Testindex 2024"}, "year": {"2024"}, "source": {"Påhittat."}, "scale_min": {"0"}, "scale_max": {"10"}, "direction": {"low"}}
	}
	file := []byte("Country,Score\nPK,2\nSE,9.5\nXX,3\nDE,11\n")
	res := officer.postMultipart("/country-risk/import", form(), "file", "a.csv", file)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "Ingenting importerades: 2 rader har problem, 2 rader är i sin ordning.",
		"<td class=\"num\">4</td><td>Country (A)</td><td>XX är inte ett land i ISO 3166-1.",
		"<td class=\"num\">5</td><td>Score (B)</td><td>Värdet 11 ligger utanför indexets skala, som går från 0 till 10.</td>")
	if got, _ := f.db.RiskIndices(t.Context(), false); len(got) != 0 {
		t.Fatal("a file with problems stored an index")
	}
	v := form()
	v.Set("only_valid", "yes")
	res = officer.postMultipart("/country-risk/import", v, "file", "a.csv", file)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Indexet är importerat: 2 nya värden, 0 ändrade, 0 oförändrade. 2 rader med problem lämnades utanför.")
	res = officer.postMultipart("/country-risk/import", form(), "file", "a.csv", []byte("Country,Score\nPK,2\nSE,9.5\n"))
	wantBody(t, res, "Indexet är importerat: 0 nya värden, 0 ändrade, 2 oförändrade.")
	// The description is checked before the file.
	v = form()
	v.Set("threshold_medium", "2")
	v.Set("threshold_high", "5")
	v.Set("threshold_very_high", "8")
	res = officer.postMultipart("/country-risk/import", v, "file", "a.csv", file)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `id="thresholds-error"`, "När låga värden betyder hög risk måste gränsvärdena sjunka")

	// Low scores mean high risk on this index: Pakistan (2) is very high,
	// Sweden (9.5) low; sorted by the index, Pakistan comes first.
	res = officer.get("/country-risk?sort=name")
	wantBody(t, res, "<td>2 (mycket hög)</td>", "<td>9.5 (låg)</td>")
	body := officer.get("/country-risk?sort=" + strconv.FormatInt(mustIndexID(t, f), 10)).Body
	if strings.Index(body, "Pakistan") > strings.Index(body, "Sverige") {
		t.Error("sorted by the index, the riskiest country should come first")
	}
	// The supplier page says the risk of its site's country in words.
	res = officer.get("/suppliers/" + strconv.FormatInt(f.orgs["Leverantör A"].ID, 10))
	wantBody(t, res, "Landrisk: mycket hög (Testindex 2024)")
	// Region staff read the table but do not import.
	staff := f.client().signIn(tillit.RoleStaff)
	wantStatus(t, staff.get("/country-risk"), http.StatusOK)
	wantStatus(t, staff.postMultipart("/country-risk/import", form(), "file", "a.csv", file), http.StatusForbidden)
}

func mustIndexID(t *testing.T, f *fixture) int64 {
	t.Helper()
	got, err := f.db.RiskIndices(t.Context(), false)
	if err != nil || len(got) != 1 {
		t.Fatalf("indices %v, %v", got, err)
	}
	return got[0].ID
}

func TestSupplyChainPagesAndAPI(t *testing.T) {
	f := newFixture(t)
	supA := f.supplyChainWorld(t)
	cat := strconv.FormatInt(f.category.ID, 10)
	staff := f.client().signIn(tillit.RoleStaff)

	res := staff.get("/supply-chain/sites?country=PK&category=" + cat)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Fabrik 1", "Väveri Faisalabad", "Väveri Ltd", "Region Norrbotten", "Landrisk: hög (Testindex 2024)", "(underleverantör)", "(eget tillverkningsställe)")
	wantNoBody(t, res, "Region Skåne")
	res = staff.get("/supply-chain/sites?country=PK&category=" + cat + "&date=2024-06-01")
	wantBody(t, res, "Inget tillverkningsställe matchar.")
	res = staff.get("/supply-chain/sites?country=XX&category=" + cat)
	wantStatus(t, res, http.StatusBadRequest)
	res = staff.get("/supply-chain/sites.xlsx?country=PK&category=" + cat)
	wantStatus(t, res, http.StatusOK)
	if !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export content type %q", res.Header.Get("Content-Type"))
	}

	res = staff.get("/supply-chain/cotton")
	wantBody(t, res, "Tandvårdsrock", "35 %", "Pakistan")
	wantBody(t, staff.get("/supply-chain/cotton?threshold=35"), "Tandvårdsrock")
	wantBody(t, staff.get("/supply-chain/cotton?threshold=35,1"), "Ingen produkt matchar.")
	wantStatus(t, staff.get("/supply-chain/cotton?threshold=abc"), http.StatusBadRequest)
	wantStatus(t, staff.get("/supply-chain/cotton.xlsx?threshold=20"), http.StatusOK)

	// The chain page: a nested list, the supplier's own staff may change it.
	sup := f.client().signIn(tillit.RoleSupplier)
	res = sup.get("/suppliers/" + supA + "/supply-chain")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `<ul class="tree"`, "Väveri Faisalabad</strong> (Väveri Ltd)", "levererar tyg", "Bomull 35 %", "Lägg till en underleverantör")
	res = sup.post("/suppliers/"+supA+"/supply-chain/products", url.Values{"name": {"För mycket"}, "category_id": {cat},
		"material_0": {"cotton"}, "share_0": {"60"}, "material_1": {"wool"}, "share_1": {"41"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Andelarna blir tillsammans 101 %; de får vara högst 100 %.")
	wantNoBody(t, staff.get("/suppliers/"+supA+"/supply-chain"), "Lägg till en underleverantör")
	wantStatus(t, staff.post("/suppliers/"+supA+"/supply-chain/products", url.Values{}), http.StatusForbidden)
	other := f.orgs["Leverantör B"].ID
	wantStatus(t, sup.get("/suppliers/"+strconv.FormatInt(other, 10)+"/supply-chain"), http.StatusNotFound)

	// The API.
	token := f.apiToken(tillit.RoleStaff)
	res = f.api("GET", "/api/v1/supply-chain/sites?country=PK&category="+cat, token, "")
	wantStatus(t, res, http.StatusOK)
	var sites struct {
		Sites []struct {
			Name      string
			Suppliers []struct {
				Direct  bool
				Regions []struct{ Name string }
			}
		}
	}
	if err := json.Unmarshal([]byte(res.Body), &sites); err != nil || len(sites.Sites) != 2 {
		t.Fatalf("sites: %v\n%s", err, res.Body)
	}
	res = f.api("GET", "/api/v1/supply-chain/cotton?threshold=35", token, "")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"cotton_percent": 35`, `"countries": [`)
	wantStatus(t, f.api("GET", "/api/v1/supply-chain/cotton?threshold=0", token, ""), http.StatusBadRequest)
	res = f.api("GET", "/api/v1/country-risk?country=PK", token, "")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"level": "high"`, `"name": "Testindex 2024"`)
	wantNoBody(t, res, `"country": "SE"`)
}
