package api

import (
	"net/http"
	"time"

	"github.com/tillit-project/tillit"
)

// Procurement categories as they stood on a day: scope, product groups
// and responsible regions (issue 7, categories over time).

type responsibilityJSON struct {
	RegionID  int64   `json:"region_id"`
	Region    string  `json:"region"`
	ValidFrom string  `json:"valid_from"`
	ValidTo   *string `json:"valid_to"`
	InForce   bool    `json:"in_force"`
}

type scopeJSON struct {
	ValidFrom string `json:"valid_from"`
	TextSV    string `json:"text_sv"`
	TextEN    string `json:"text_en"`
}

type categoryGroupJSON struct {
	Code      string  `json:"code"`
	NameSV    string  `json:"name_sv"`
	NameEN    string  `json:"name_en"`
	ValidFrom string  `json:"valid_from"` // in this category since
	ValidTo   *string `json:"valid_to"`   // and until, when its move is known
}

type categoryJSON struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	NameSV string `json:"name_sv"`
	NameEN string `json:"name_en"`
	// Scope and ProductGroups are those in force on the day asked about.
	Scope         *scopeJSON          `json:"scope"`
	ProductGroups []categoryGroupJSON `json:"product_groups"`
	// Responsible lists every responsibility, past and future too, each
	// marked whether it is in force on the day.
	Responsible []responsibilityJSON `json:"responsible_regions"`
}

func categoryDateOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

// Categories serves GET /api/v1/categories[?on=YYYY-MM-DD]: every category
// as it stood on the date (default today in Sweden).
func (a *API) Categories() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		on := tillit.SwedishDay(a.DB.Now())
		if s := r.URL.Query().Get("on"); s != "" {
			t, err := time.Parse(time.DateOnly, s)
			if err != nil {
				a.fail(w, r, &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The date must be written as YYYY-MM-DD."),
					Fields: map[string]tillit.Message{"on": tillit.Msg("Use a date such as 2022-06-30.")}})
				return
			}
			on = t
		}
		reg, err := a.DB.FindCategoryRegister(r.Context())
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := []categoryJSON{}
		for _, c := range reg.AllInForce(on) {
			cat := c.Category
			cj := categoryJSON{ID: cat.ID, Code: cat.Code, NameSV: cat.NameSV, NameEN: cat.NameEN,
				ProductGroups: []categoryGroupJSON{}, Responsible: []responsibilityJSON{}}
			if c.Scope != nil {
				cj.Scope = &scopeJSON{ValidFrom: c.Scope.ValidFrom.Format(time.DateOnly), TextSV: c.Scope.TextSV, TextEN: c.Scope.TextEN}
			}
			for _, g := range c.Groups {
				p, _ := g.PlacementOn(on)
				cj.ProductGroups = append(cj.ProductGroups, categoryGroupJSON{Code: g.Code, NameSV: g.NameSV, NameEN: g.NameEN,
					ValidFrom: p.ValidFrom.Format(time.DateOnly), ValidTo: categoryDateOrNull(p.ValidTo)})
			}
			for _, rs := range cat.Responsible {
				cj.Responsible = append(cj.Responsible, responsibilityJSON{RegionID: rs.RegionID, Region: rs.RegionName,
					ValidFrom: rs.ValidFrom.Format(time.DateOnly), ValidTo: categoryDateOrNull(rs.ValidTo), InForce: rs.ActiveOn(on)})
			}
			out = append(out, cj)
		}
		writeJSON(w, http.StatusOK, map[string]any{"on": on.Format(time.DateOnly), "categories": out})
	})
}
