package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/tillit-project/tillit"
)

// seedFinances2022 enters 2022 through the store so that the statement
// gives the published totals with the fixture's two regions: contributions
// 5 209 316 SEK, income 6 730 316, costs 5 547 316, closing 1 183 000.
func (f *fixture) seedFinances2022() {
	f.t.Helper()
	ctx := context.Background()
	sys := tillit.SystemActor("test")
	for _, p := range []tillit.RegionPopulation{
		{RegionID: f.orgs["Region Norrbotten"].ID, Year: 2022, Population: 500_000}, // 250 000 SEK
		{RegionID: f.orgs["Region Skåne"].ID, Year: 2022, Population: 9_918_632},    // 4 959 316 SEK
	} {
		if err := f.db.SetPopulation(ctx, sys, p); err != nil {
			f.t.Fatal(err)
		}
	}
	opening := int64(1_521_000_00)
	y := &tillit.FinanceYear{Year: 2022, RateOrePerInhabitant: 50, OpeningBalanceOre: &opening, Costs: []tillit.CostLine{
		{Type: tillit.CostPersonnel, Description: "Personnel", AmountOre: 3_061_000_00},
		{Type: tillit.CostOther, Description: "Other costs", AmountOre: 178_269_00},
		{Type: tillit.CostOtherServices, Description: "Audits", AmountOre: 2_308_047_00},
	}}
	if err := f.db.SaveFinanceYear(ctx, sys, y); err != nil {
		f.t.Fatal(err)
	}
}

func TestFinancePages(t *testing.T) {
	f := newFixture(t)
	staff := f.client().signIn(tillit.RoleStaff)

	t.Run("none yet", func(t *testing.T) {
		res := staff.get("/finances")
		wantStatus(t, res, http.StatusOK)
		res = staff.get("/finances/2022")
		wantStatus(t, res, http.StatusNotFound)
	})

	f.seedFinances2022()

	t.Run("staff reads the statement", func(t *testing.T) {
		wantRedirect(t, staff.get("/finances"), "/finances/2022")
		res := staff.get("/finances/2022")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "1 521 000 kr", "6 730 316 kr", "5 547 316 kr", "1 183 000 kr", "4 959 316 kr", "3 061 000 kr")
		wantNoBody(t, res, `href="/finances/2022/edit"`)
	})
	t.Run("staff may not edit", func(t *testing.T) {
		wantStatus(t, staff.get("/finances/2022/edit"), http.StatusForbidden)
		wantStatus(t, staff.post("/finances/2022/edit", url.Values{"rate": {"1"}}), http.StatusForbidden)
	})
	t.Run("outsiders are refused", func(t *testing.T) {
		for _, role := range []tillit.Role{tillit.RoleSupplier, tillit.RoleEditor, tillit.RoleAuditor} {
			c := f.client().signIn(role)
			for _, p := range []string{"/finances", "/finances/2022", "/finances/2022/edit", "/finances/2022/contributions.csv", "/finances/2022/contributions.xlsx"} {
				if res := c.get(p); res.StatusCode != http.StatusForbidden {
					t.Errorf("%s GET %s: status %d, want 403", role, p, res.StatusCode)
				}
			}
			if res := c.post("/finances/2022/edit", url.Values{"rate": {"1"}}); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST: status %d, want 403", role, res.StatusCode)
			}
			if res := f.api("GET", "/api/v1/finances/2022", f.apiToken(role), ""); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s API: status %d, want 403", role, res.StatusCode)
			}
		}
	})
	t.Run("api", func(t *testing.T) {
		res := f.api("GET", "/api/v1/finances/2022", f.apiToken(tillit.RoleStaff), "")
		wantStatus(t, res, http.StatusOK)
		var got struct {
			Year          int   `json:"year"`
			RateOre       int64 `json:"rate_ore"`
			Opening       int64 `json:"opening_balance"`
			IncomeTotal   int64 `json:"income_total"`
			CostTotal     int64 `json:"cost_total"`
			Closing       int64 `json:"closing_balance"`
			Contributions []struct {
				CountyCode string `json:"county_code"`
				Amount     int64  `json:"amount"`
			} `json:"contributions"`
			Costs []struct {
				Type   string `json:"type"`
				Amount int64  `json:"amount"`
			} `json:"costs"`
		}
		decodeJSON(t, res, &got)
		if got.Year != 2022 || got.RateOre != 50 || got.Opening != 1_521_000 || got.IncomeTotal != 6_730_316 || got.CostTotal != 5_547_316 || got.Closing != 1_183_000 {
			t.Errorf("statement %+v", got)
		}
		if len(got.Contributions) != 2 || len(got.Costs) != 3 || got.Costs[0].Type != "personnel" || got.Costs[0].Amount != 3_061_000 {
			t.Errorf("lines %+v %+v", got.Contributions, got.Costs)
		}
		wantStatus(t, f.api("GET", "/api/v1/finances/1999", f.apiToken(tillit.RoleStaff), ""), http.StatusBadRequest)
		wantStatus(t, f.api("GET", "/api/v1/finances/2030", f.apiToken(tillit.RoleStaff), ""), http.StatusNotFound)
	})
	t.Run("csv", func(t *testing.T) {
		res := staff.get("/finances/2022/contributions.csv")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Region Skåne", "9918632", "4959316", "0,50")
		wantStatus(t, staff.get("/finances/2022/contributions.xlsx"), http.StatusOK)
	})

	officer := f.client().signIn(tillit.RoleOfficer)
	t.Run("bad input", func(t *testing.T) {
		res := officer.post("/finances/2022/edit", url.Values{
			"rate": {"abc"}, "opening_balance": {"1 521 000"},
			"cost_type": {"personnel"}, "cost_description": {"Salaries"}, "cost_amount": {"-5"},
			"override_region_id": {""}, "override_amount": {"100"}, "override_reason": {""},
		})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, `id="rate-error"`, `id="cost-0-amount-error"`, `id="override-0-region-error"`, `id="override-0-reason-error"`, `value="abc"`, `value="Salaries"`)
	})
	t.Run("officer edits", func(t *testing.T) {
		res := officer.get("/finances/2022/edit")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `value="0,50"`, `value="1 521 000"`, `value="3 061 000"`)
		skane := f.orgs["Region Skåne"].ID
		res = officer.post("/finances/2022/edit", url.Values{
			"rate": {"0,50"}, "opening_balance": {"1 521 000"},
			"cost_type":          {"personnel", "other_costs", "other_services", "personnel"},
			"cost_description":   {"Personnel", "Other", "Audits", ""},
			"cost_amount":        {"3 061 000", "178 269", "2 308 047", ""},
			"override_region_id": {strconv.FormatInt(skane, 10), ""},
			"override_amount":    {"4 959 000", ""},
			"override_reason":    {"Negotiated discount", ""},
		})
		wantRedirect(t, res, "/finances/2022")
		res = staff.get("/finances/2022")
		wantBody(t, res, "4 959 000 kr", "Negotiated discount", "1 182 684 kr")
	})
}
