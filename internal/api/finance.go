package api

import (
	"net/http"
	"strconv"

	"github.com/tillit-project/tillit"
)

// The finances of the collaboration as JSON: a year's statement with the
// amounts in whole kronor as the activity report shows them, and each also
// in öre (the *_ore fields) for exact sums.

type contributionJSON struct {
	CountyCode  string `json:"county_code"`
	Region      string `json:"region"`
	Population  int64  `json:"population"`
	Amount      int64  `json:"amount"`
	AmountOre   int64  `json:"amount_ore"`
	ComputedOre int64  `json:"computed_ore"`
	Overridden  bool   `json:"overridden"`
	Reason      string `json:"reason,omitempty"`
}

type costJSON struct {
	Type      tillit.CostType `json:"type"`
	Amount    int64           `json:"amount"`
	AmountOre int64           `json:"amount_ore"`
}

type financeJSON struct {
	Year              int                `json:"year"`
	RateOre           int64              `json:"rate_ore"`
	OpeningBalance    int64              `json:"opening_balance"`
	OpeningBalanceOre int64              `json:"opening_balance_ore"`
	OpeningCarried    bool               `json:"opening_carried"`
	Contributions     []contributionJSON `json:"contributions"`
	IncomeTotal       int64              `json:"income_total"`
	IncomeTotalOre    int64              `json:"income_total_ore"`
	Costs             []costJSON         `json:"costs"`
	CostTotal         int64              `json:"cost_total"`
	CostTotalOre      int64              `json:"cost_total_ore"`
	ClosingBalance    int64              `json:"closing_balance"`
	ClosingBalanceOre int64              `json:"closing_balance_ore"`
}

// sek rounds öre to whole kronor, half a krona away from zero.
func sek(ore int64) int64 {
	if ore < 0 {
		return -sek(-ore)
	}
	return (ore + tillit.OrePerSEK/2) / tillit.OrePerSEK
}

// FinanceStatement serves GET /api/v1/finances/{year}; costs are the
// totals per cost type, in the report's order.
func (a *API) FinanceStatement() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := r.PathValue("year")
		year, err := strconv.Atoi(s)
		if err != nil || len(s) != 4 || year < 2000 || year > 2100 {
			a.fail(w, r, tillit.Errorf(tillit.EINVALID, "Write the year with four digits, for example 2022."))
			return
		}
		st, err := a.DB.FindFinanceStatement(r.Context(), year)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, financeOf(st))
	})
}

// financeOf is a statement as JSON, shared with the annual report.
func financeOf(st *tillit.FinanceStatement) financeJSON {
	out := financeJSON{Year: st.Year, RateOre: st.RateOrePerInhabitant,
		OpeningBalance: sek(st.OpeningBalanceOre), OpeningBalanceOre: st.OpeningBalanceOre, OpeningCarried: st.OpeningCarried,
		IncomeTotal: sek(st.IncomeTotalOre), IncomeTotalOre: st.IncomeTotalOre,
		CostTotal: sek(st.CostTotalOre), CostTotalOre: st.CostTotalOre,
		ClosingBalance: sek(st.ClosingBalanceOre), ClosingBalanceOre: st.ClosingBalanceOre,
		Contributions: []contributionJSON{}, Costs: []costJSON{}}
	for _, l := range st.Income {
		out.Contributions = append(out.Contributions, contributionJSON{CountyCode: l.CountyCode, Region: l.RegionName,
			Population: l.Population, Amount: sek(l.AmountOre), AmountOre: l.AmountOre, ComputedOre: l.ComputedOre,
			Overridden: l.Overridden, Reason: l.Reason})
	}
	for _, c := range st.CostTotals {
		out.Costs = append(out.Costs, costJSON{Type: c.Type, Amount: sek(c.AmountOre), AmountOre: c.AmountOre})
	}
	return out
}
