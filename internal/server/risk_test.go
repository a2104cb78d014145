package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
)

// riskForm is a complete risk analysis form with one rated cell.
func riskForm(categoryID int64, year int, title string) url.Values {
	v := url.Values{"category": {strconv.FormatInt(categoryID, 10)}, "year": {strconv.Itoa(year)}, "title": {title},
		"scope": {"Allt tandvårdsmaterial"}, "countries": {"pk; Handgjorda instrument\nCN; Komponenter"}, "products": {"Tandtänger; 1; Smide för hand"}}
	for _, s := range tillit.SupplyChainStages {
		for _, a := range tillit.SustainabilityAreas {
			k := tillit.RiskCellKey(s, a)
			v.Set(k+".likelihood", "0")
			v.Set(k+".severity", "0")
		}
	}
	k := tillit.RiskCellKey(tillit.StageFinalAssembly, tillit.AreaLabourRights)
	v.Set(k+".likelihood", "4")
	v.Set(k+".severity", "3")
	v.Set(k+".note", "Barnarbete i verkstäder")
	return v
}

func TestRiskAnalysisPages(t *testing.T) {
	f := newFixture(t)
	coord := f.client().signIn(tillit.RoleCoordinator) // Norrbotten: responsible for the fixture's category
	res := coord.get("/risk-analyses/new")
	wantStatus(t, res, http.StatusOK)

	// A mistake shows the form again with everything typed and what to fix.
	bad := riskForm(f.category.ID, 2025, "")
	bad.Set("countries", "Pakistan; handgjort")
	bad.Set(tillit.RiskCellKey(tillit.StageWaste, tillit.AreaEnvironment)+".likelihood", "2")
	res = coord.post("/risk-analyses/new", bad)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Ge analysen en rubrik", "Rad 1: börja med landets ISO-kod", "Bedöm både sannolikhet och allvarlighet",
		"Pakistan; handgjort", "Barnarbete i verkstäder", "Tandtänger; 1; Smide för hand")

	res = coord.post("/risk-analyses/new", riskForm(f.category.ID, 2025, "Tandvårdsmaterial"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.StatusCode, clip(res.Body))
	}
	loc := res.Header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/risk-analyses/"), 10, 64)
	res = coord.get(loc)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<svg", `role="img"`, ">12</text>", "Barnarbete i verkstäder", "<strong>PK</strong>", "Tandtänger", "Godkänn analysen")

	// Staff read but do not write; a region not responsible may not write.
	staff := f.client().signIn(tillit.RoleStaff)
	wantStatus(t, staff.get(loc), http.StatusOK)
	wantNoBody(t, staff.get(loc), "Godkänn analysen", "/edit")
	wantStatus(t, staff.get("/risk-analyses/new"), http.StatusForbidden)
	other := &tillit.Category{Code: "textiles", NameSV: "Textilier", NameEN: "Textiles",
		Responsible: []tillit.Responsibility{{RegionID: f.orgs["Region Skåne"].ID, ValidFrom: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	if err := f.db.CreateCategory(context.Background(), tillit.SystemActor("test"), other); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, coord.post("/risk-analyses/new", riskForm(other.ID, 2025, "Textilier")), http.StatusForbidden)

	// An edit based on an old version is refused with the typed text kept.
	edit := riskForm(f.category.ID, 2025, "Tandvårdsmaterial")
	edit.Set("version", "1")
	edit.Set("scope", "Ny omfattning")
	res = coord.post(loc+"/edit", edit)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", res.StatusCode, clip(res.Body))
	}
	edit.Set("scope", "Inaktuell ändring")
	res = coord.post(loc+"/edit", edit)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "Någon annan ändrade riskanalysen", "Inaktuell ändring")

	// Approval freezes it.
	res = coord.post(loc+"/approve", url.Values{"version": {"2"}})
	wantRedirect(t, res, loc)
	wantBody(t, coord.get(loc), "Godkänd")
	wantStatus(t, coord.get(loc+"/edit"), http.StatusConflict)
	wantStatus(t, coord.post(loc+"/delete", nil), http.StatusConflict)

	// Next year's revision, compared with this one.
	next := riskForm(f.category.ID, 2026, "Tandvårdsmaterial")
	next.Set(tillit.RiskCellKey(tillit.StageFinalAssembly, tillit.AreaLabourRights)+".likelihood", "2")
	res = coord.post("/risk-analyses/new", next)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create 2026: %d\n%s", res.StatusCode, clip(res.Body))
	}
	id2 := strings.TrimPrefix(res.Header.Get("Location"), "/risk-analyses/")
	res = staff.get("/risk-analyses/compare?a=" + id2 + "&b=" + strconv.FormatInt(id, 10))
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Tandvårdsmaterial 2025", "Tandvårdsmaterial 2026", "4 × 3 = 12 (Mycket hög)", "2 × 3 = 6 (Medel)", ">-6<")
	wantStatus(t, staff.get("/risk-analyses/compare?a=x"), http.StatusBadRequest)

	res = staff.get("/risk-analyses?year=2025")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Tandvårdsmaterial", "PK, CN")
	wantNoBody(t, res, "/risk-analyses/"+id2+"\"")

	// The API.
	tok := f.apiToken(tillit.RoleStaff)
	res = f.api("GET", "/api/v1/risk-analyses?year=2025", tok, "")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"title": "Tandvårdsmaterial"`, `"status": "approved"`, `"cells_very_high": 1`)
	res = f.api("GET", "/api/v1/risk-analyses/"+strconv.FormatInt(id, 10), tok, "")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"score": 12`, `"level": "very_high"`, `"country": "PK"`)
	wantAPIError(t, f.api("GET", "/api/v1/risk-analyses/99999", tok, ""), http.StatusNotFound, tillit.ENOTFOUND)
	wantAPIError(t, f.api("GET", "/api/v1/risk-analyses", f.apiToken(tillit.RoleSupplier), ""), http.StatusForbidden, tillit.EFORBIDDEN)
}
