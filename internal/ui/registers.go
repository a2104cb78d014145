package ui

import (
	"net/http"
	"time"

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

type categoriesPage struct {
	Page
	On         time.Time
	Categories []categoryRow
}

type categoryRow struct {
	Name        string
	Code        string
	Responsible []tillit.Responsibility // in force on the page's date
	History     []tillit.Responsibility // all, for the details
}

// Categories serves GET /categories with the responsible regions in force
// on a date (?on=YYYY-MM-DD, default today).
func (u *UI) Categories() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		on := time.Now().In(stockholm)
		on = time.Date(on.Year(), on.Month(), on.Day(), 0, 0, 0, 0, time.UTC)
		if s := r.URL.Query().Get("on"); s != "" {
			t, err := time.Parse("2006-01-02", s)
			if err != nil {
				u.Error(w, r, tillit.Errorf(tillit.EINVALID, "Write the date as YYYY-MM-DD, for example 2022-06-30."))
				return
			}
			on = t
		}
		cats, err := u.DB.FindCategories(r.Context())
		if err != nil {
			u.Error(w, r, err)
			return
		}
		lang := web.Lang(r.Context())
		p := categoriesPage{Page: u.page(r, "Procurement categories"), On: on}
		for i := range cats {
			c := &cats[i]
			p.Categories = append(p.Categories, categoryRow{Name: c.Name(string(lang)), Code: c.Code, Responsible: c.ResponsibleOn(on), History: c.Responsible})
		}
		u.render(w, r, http.StatusOK, "categories", p)
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
