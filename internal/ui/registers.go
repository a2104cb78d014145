package ui

import (
	"net/http"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

type homePage struct {
	Page
	Memberships []tillit.Membership
	Dashboard   *dashboardView
}

// dashboardView is the current year's report figures, live: the same
// computation as the annual report, so the numbers agree.
type dashboardView struct {
	Year    int
	Key     []figureView
	Funnel  chartView
	Figures shownTable
}

// Home serves GET /. Those who read the annual report see this year's
// figures so far.
func (u *UI) Home() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p := homePage{Page: u.page(r, "Home"), Memberships: web.Actor(ctx).Memberships}
		if tillit.Can(web.Actor(ctx), tillit.ActViewReports, tillit.Resource{}) {
			year := inStockholm(u.DB.Now()).Year()
			fig, err := u.DB.FollowUpFigures(ctx, year)
			if err != nil {
				u.Error(w, r, err)
				return
			}
			t := figuresTable(p.Lang, year, fig)
			t.ID = "dashboard-figures"
			p.Dashboard = &dashboardView{Year: year, Key: keyFigures(p.Lang, fig),
				Funnel: funnelChart(p.Lang, year, fig, t.ID), Figures: t.shown("–")}
		}
		u.render(w, r, http.StatusOK, "home", p)
	})
}

type regionRow struct {
	tillit.Organisation
	Population int64
}

type regionsPage struct {
	Page
	Year    int
	Regions []regionRow
}

// Regions serves GET /regions with each region's population for the year
// asked for (?year=), by default the latest year with figures.
func (u *UI) Regions() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		year, err := yearParam(r, 0)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		regions, err := u.DB.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if year == 0 {
			if year, err = u.DB.LatestPopulationYear(ctx); err != nil {
				u.Error(w, r, err)
				return
			}
		}
		pops, err := u.DB.Populations(ctx, year)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := regionsPage{Page: u.page(r, "Regions"), Year: year}
		for _, o := range regions {
			p.Regions = append(p.Regions, regionRow{Organisation: o, Population: pops[o.ID]})
		}
		u.render(w, r, http.StatusOK, "regions", p)
	})
}

// yearParam reads ?year=, or returns def when absent.
func yearParam(r *http.Request, def int) (int, error) {
	s := r.URL.Query().Get("year")
	if s == "" {
		return def, nil
	}
	var y int
	for _, c := range s {
		if c < '0' || c > '9' || y > 10000 {
			return 0, tillit.Errorf(tillit.EINVALID, "Write the year with four digits, for example 2022.")
		}
		y = y*10 + int(c-'0')
	}
	if y < 2000 || y > 2100 {
		return 0, tillit.Errorf(tillit.EINVALID, "Write the year with four digits, for example 2022.")
	}
	return y, nil
}
