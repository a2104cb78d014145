package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// Country risk and the supply-chain queries as JSON (issue 7).

type riskIndexJSON struct {
	ID                int64              `json:"id"`
	Name              string             `json:"name"`
	Year              int                `json:"year"`
	Source            string             `json:"source"`
	ScaleMin          float64            `json:"scale_min"`
	ScaleMax          float64            `json:"scale_max"`
	HighIsRisky       bool               `json:"high_is_risky"`
	ThresholdMedium   float64            `json:"threshold_medium"`
	ThresholdHigh     float64            `json:"threshold_high"`
	ThresholdVeryHigh float64            `json:"threshold_very_high"`
	Scores            []countryScoreJSON `json:"scores"`
}

type countryScoreJSON struct {
	Country string           `json:"country"`
	Score   float64          `json:"score"`
	Level   tillit.RiskLevel `json:"level"`
}

// CountryRisk serves GET /api/v1/country-risk: every index with its
// scores and levels; ?country=PK keeps that country's scores only.
func (a *API) CountryRisk() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		only := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("country")))
		if _, ok := tillit.CountryByCode(only); only != "" && !ok {
			a.fail(w, r, invalidParam("country", tillit.Msg("Give the country as a two-letter ISO code, such as PK.")))
			return
		}
		indices, err := a.DB.RiskIndices(r.Context(), true)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := []riskIndexJSON{}
		for _, x := range indices {
			j := riskIndexJSON{ID: x.ID, Name: x.Name, Year: x.Year, Source: x.Source, ScaleMin: x.ScaleMin, ScaleMax: x.ScaleMax,
				HighIsRisky: x.HighIsRisky, ThresholdMedium: x.ThresholdMedium, ThresholdHigh: x.ThresholdHigh, ThresholdVeryHigh: x.ThresholdVeryHigh,
				Scores: []countryScoreJSON{}}
			for _, c := range tillit.Countries() {
				if s, ok := x.Scores[c.Code]; ok && (only == "" || only == c.Code) {
					j.Scores = append(j.Scores, countryScoreJSON{Country: c.Code, Score: s, Level: x.Level(s)})
				}
			}
			out = append(out, j)
		}
		writeJSON(w, http.StatusOK, map[string]any{"indices": out})
	})
}

func invalidParam(name string, m tillit.Message) error {
	return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{name: m}}
}

type regionRefJSON struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	CountyCode string `json:"county_code"`
}

type siteSupplierJSON struct {
	SupplierID int64           `json:"supplier_id"`
	Supplier   string          `json:"supplier"`
	Direct     bool            `json:"direct"`
	Regions    []regionRefJSON `json:"regions"`
}

type siteInCountryJSON struct {
	SiteID    int64              `json:"site_id"`
	Name      string             `json:"name"`
	City      string             `json:"city"`
	Country   string             `json:"country"`
	OwnerID   int64              `json:"owner_id"`
	Owner     string             `json:"owner"`
	Suppliers []siteSupplierJSON `json:"suppliers"`
}

// SupplyChainSites serves GET /api/v1/supply-chain/sites?country=PK&category=3&date=2026-03-01.
func (a *API) SupplyChainSites() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		qv := r.URL.Query()
		q := sqldb.SiteQuery{Country: strings.ToUpper(strings.TrimSpace(qv.Get("country"))), On: tillit.SwedishDay(a.DB.Now())}
		if _, ok := tillit.CountryByCode(q.Country); !ok {
			a.fail(w, r, invalidParam("country", tillit.Msg("Give the country as a two-letter ISO code, such as PK.")))
			return
		}
		id, err := strconv.ParseInt(qv.Get("category"), 10, 64)
		if err != nil || id <= 0 {
			a.fail(w, r, invalidParam("category", tillit.Msg("Give the category's id, as /api/v1/categories lists them.")))
			return
		}
		q.CategoryID = id
		if d := qv.Get("date"); d != "" {
			t, err := time.Parse("2006-01-02", d)
			if err != nil || t.Year() < 1900 || t.Year() > 2200 {
				a.fail(w, r, invalidParam("date", tillit.Msg("Give the date as YYYY-MM-DD.")))
				return
			}
			q.On = t
		}
		rows, err := a.DB.FindSitesInCountry(r.Context(), q)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := []siteInCountryJSON{}
		for _, s := range rows {
			j := siteInCountryJSON{SiteID: s.Site.ID, Name: s.Site.Name, City: s.Site.City, Country: s.Site.Country, OwnerID: s.Site.SupplierID, Owner: s.Owner}
			for _, sup := range s.Suppliers {
				sj := siteSupplierJSON{SupplierID: sup.SupplierID, Supplier: sup.Supplier, Direct: sup.Direct}
				for _, reg := range sup.Regions {
					sj.Regions = append(sj.Regions, regionRefJSON{ID: reg.ID, Name: reg.Name, CountyCode: reg.CountyCode})
				}
				j.Suppliers = append(j.Suppliers, sj)
			}
			out = append(out, j)
		}
		writeJSON(w, http.StatusOK, map[string]any{"date": q.On.Format("2006-01-02"), "sites": out})
	})
}

type productSiteJSON struct {
	SiteID  int64  `json:"site_id"`
	Name    string `json:"name"`
	City    string `json:"city"`
	Country string `json:"country"`
	Owner   string `json:"owner"`
}

type cottonProductJSON struct {
	ProductID     int64             `json:"product_id"`
	Name          string            `json:"name"`
	ProductGroup  string            `json:"product_group"`
	SupplierID    int64             `json:"supplier_id"`
	Supplier      string            `json:"supplier"`
	CategoryID    int64             `json:"category_id"`
	Category      string            `json:"category"`
	CottonPercent float64           `json:"cotton_percent"`
	Sites         []productSiteJSON `json:"sites"`
	Countries     []string          `json:"countries"`
}

// SupplyChainCotton serves GET /api/v1/supply-chain/cotton?threshold=20:
// products with at least that percent cotton (20 unless given).
func (a *API) SupplyChainCotton() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		qv := r.URL.Query()
		q := sqldb.CottonQuery{MinShare: tillit.CottonTestThreshold, Country: strings.ToUpper(strings.TrimSpace(qv.Get("country")))}
		if s := qv.Get("threshold"); s != "" {
			v, ok := tillit.ParsePercent(s)
			if !ok || v <= 0 || v > 1000 {
				a.fail(w, r, invalidParam("threshold", tillit.Msg("Give the threshold in percent, above 0 and at most 100, with at most one decimal.")))
				return
			}
			q.MinShare = v
		}
		if s := qv.Get("category"); s != "" {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				a.fail(w, r, invalidParam("category", tillit.Msg("Give the category's id, as /api/v1/categories lists them.")))
				return
			}
			q.CategoryID = id
		}
		if _, ok := tillit.CountryByCode(q.Country); q.Country != "" && !ok {
			a.fail(w, r, invalidParam("country", tillit.Msg("Give the country as a two-letter ISO code, such as PK.")))
			return
		}
		rows, err := a.DB.FindCottonProducts(r.Context(), tillit.ScopeOf(web.Actor(r.Context())), q)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := []cottonProductJSON{}
		for _, p := range rows {
			j := cottonProductJSON{ProductID: p.ID, Name: p.Name, ProductGroup: p.Group, SupplierID: p.SupplierID, Supplier: p.Supplier,
				CategoryID: p.CategoryID, Category: p.CategoryCode, CottonPercent: p.Share(tillit.MaterialCotton).Percent(),
				Sites: []productSiteJSON{}, Countries: []string{}}
			seen := map[string]bool{}
			for _, s := range p.Sites {
				j.Sites = append(j.Sites, productSiteJSON{SiteID: s.ID, Name: s.Name, City: s.City, Country: s.Country, Owner: s.Owner})
				if !seen[s.Country] {
					seen[s.Country] = true
					j.Countries = append(j.Countries, s.Country)
				}
			}
			out = append(out, j)
		}
		writeJSON(w, http.StatusOK, map[string]any{"threshold_percent": q.MinShare.Percent(), "products": out})
	})
}
