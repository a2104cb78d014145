package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// Risk analyses as JSON: the list with each matrix summarised, and one
// analysis whole.

type riskRowJSON struct {
	ID         int64                     `json:"id"`
	Category   string                    `json:"category"`
	CategoryID int64                     `json:"category_id"`
	Year       int                       `json:"year"`
	Title      string                    `json:"title"`
	Status     tillit.RiskAnalysisStatus `json:"status"`
	ApprovedAt *time.Time                `json:"approved_at"`
	Assessed   int                       `json:"cells_assessed"`
	High       int                       `json:"cells_high"`
	VeryHigh   int                       `json:"cells_very_high"`
}

type riskCellJSON struct {
	Stage      tillit.SupplyChainStage   `json:"stage"`
	Area       tillit.SustainabilityArea `json:"area"`
	Likelihood int                       `json:"likelihood"`
	Severity   int                       `json:"severity"`
	Score      int                       `json:"score"`
	Level      tillit.RiskLevel          `json:"level"`
	Note       string                    `json:"note"`
	Sources    string                    `json:"sources"`
}

type riskCountryJSON struct {
	Country string `json:"country"`
	Reason  string `json:"reason"`
}

type riskProductJSON struct {
	Name     string `json:"name"`
	Priority int    `json:"priority"`
	Reason   string `json:"reason"`
}

type riskJSON struct {
	riskRowJSON
	Scope      string            `json:"scope"`
	ApprovedBy string            `json:"approved_by,omitempty"`
	Version    int64             `json:"version"`
	Cells      []riskCellJSON    `json:"cells"`
	Countries  []riskCountryJSON `json:"countries_of_concern"`
	Products   []riskProductJSON `json:"product_groups"`
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// RiskAnalyses serves GET /api/v1/risk-analyses (?year=, ?category=).
func (a *API) RiskAnalyses() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var f sqldb.RiskAnalysisFilter
		if s := q.Get("year"); s != "" {
			y, err := strconv.Atoi(s)
			if err != nil || !tillit.ValidReportYear(y) {
				a.fail(w, r, tillit.Errorf(tillit.EINVALID, "Write the year with four digits, for example 2022."))
				return
			}
			f.Year = y
		}
		if s := q.Get("category"); s != "" {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				a.fail(w, r, tillit.Errorf(tillit.EINVALID, "Give the category as its number."))
				return
			}
			f.CategoryID = id
		}
		rows, err := a.DB.FindRiskAnalyses(r.Context(), f)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := []riskRowJSON{}
		for _, v := range rows {
			out = append(out, riskRowJSON{ID: v.ID, Category: v.CategorySV, CategoryID: v.CategoryID, Year: v.Year, Title: v.Title,
				Status: v.Status, ApprovedAt: optionalTime(v.ApprovedAt), Assessed: v.Assessed, High: v.High, VeryHigh: v.VeryHigh})
		}
		writeJSON(w, http.StatusOK, map[string]any{"risk_analyses": out})
	})
}

// RiskAnalysis serves GET /api/v1/risk-analyses/{id}.
func (a *API) RiskAnalysis() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || id <= 0 {
			a.fail(w, r, tillit.Errorf(tillit.ENOTFOUND, "Risk analysis %s not found.", r.PathValue("id")))
			return
		}
		ra, err := a.DB.FindRiskAnalysis(r.Context(), id)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := riskJSON{riskRowJSON: riskRowJSON{ID: ra.ID, Category: ra.Category, CategoryID: ra.CategoryID, Year: ra.Year, Title: ra.Title,
			Status: ra.Status, ApprovedAt: optionalTime(ra.ApprovedAt), Assessed: ra.AssessedCells()},
			Scope: ra.Scope, ApprovedBy: ra.ApprovedBy, Version: ra.Version,
			Cells: []riskCellJSON{}, Countries: []riskCountryJSON{}, Products: []riskProductJSON{}}
		for _, c := range ra.Cells {
			switch c.Level() {
			case tillit.RiskHigh:
				out.High++
			case tillit.RiskVeryHigh:
				out.VeryHigh++
			}
			out.Cells = append(out.Cells, riskCellJSON{Stage: c.Stage, Area: c.Area, Likelihood: c.Likelihood, Severity: c.Severity,
				Score: c.Score(), Level: c.Level(), Note: c.Note, Sources: c.Sources})
		}
		for _, c := range ra.Countries {
			out.Countries = append(out.Countries, riskCountryJSON(c))
		}
		for _, p := range ra.Products {
			out.Products = append(out.Products, riskProductJSON(p))
		}
		writeJSON(w, http.StatusOK, out)
	})
}
