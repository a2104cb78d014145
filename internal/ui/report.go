package ui

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/chart"
	"github.com/tillit-project/tillit/internal/export"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The annual activity report (issue 4): the page, its texts form, and the
// PDF and spreadsheet downloads. Everything but the category narratives is
// computed by the store; see report_tables.go for the shared tables and
// report_pdf.go for the PDF's layout.

// reportYearParam reads the {year} of the path.
func reportYearParam(r *http.Request) (int, error) {
	s := r.PathValue("year")
	y, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 || !tillit.ValidReportYear(y) {
		return 0, tillit.Errorf(tillit.EINVALID, "Write the year with four digits, for example 2022.")
	}
	return y, nil
}

// reportYears lists the years a report can be asked for, newest first:
// from the first year with follow-ups or finances to the current year.
func (u *UI) reportYears(r *http.Request) ([]int, error) {
	first, err := u.DB.FirstReportYear(r.Context())
	if err != nil {
		return nil, err
	}
	now := time.Now().Year()
	if first == 0 || first > now {
		first = now
	}
	var out []int
	for y := now; y >= first; y-- {
		out = append(out, y)
	}
	return out, nil
}

// loadReport reads the {year} of the path and computes that year's report.
func (u *UI) loadReport(r *http.Request) (*tillit.AnnualReport, error) {
	year, err := reportYearParam(r)
	if err != nil {
		return nil, err
	}
	return u.DB.AnnualReport(r.Context(), year)
}

type reportIndexPage struct {
	Page
	Years []int
}

// Reports serves GET /reports: the years there are reports for.
func (u *UI) Reports() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		years, err := u.reportYears(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.render(w, r, http.StatusOK, "report/index", reportIndexPage{Page: u.page(r, "Annual reports"), Years: years})
	})
}

// figureView is one big number on the report page or the dashboard.
type figureView struct {
	Value string
	Label string
}

// categoryView is one category's part of the report page.
type categoryView struct {
	Name        string
	Responsible string
	Paragraphs  []string
	Updated     string
	Figures     []figureView
}

// chartView is a chart with the table that holds the same figures.
type chartView struct {
	SVG      template.HTML
	TableID  string
	LinkText string
}

func newChartView(lang tillit.Lang, b chart.Bars, tableID string) chartView {
	return chartView{SVG: b.SVG(), TableID: tableID, LinkText: T(lang, "The figures as a table")}
}

type reportPage struct {
	Page
	Year           int
	Complete       bool
	ComputedAt     string
	Key            []figureView
	Funnel         chartView
	DeviationChart chartView
	TrendChart     chartView
	Figures        shownTable
	Severities     shownTable
	Started        shownTable
	Closed         shownTable
	Categories     []categoryView
	CategoryTable  shownTable
	DeviationTable shownTable
	Trend          shownTable
	Income         *shownTable
	Costs          *shownTable
	Balance        *shownTable
	FinanceProblem string
	Years          []int
	CanEdit        bool
	CanFinances    bool
}

// keyFigures are the handful of numbers the page and the dashboard lead
// with.
func keyFigures(lang tillit.Lang, f tillit.FollowUpFigures) []figureView {
	n := func(v int) string { return formatCount(int64(v)) }
	return []figureView{
		{n(f.SAQReviewed), T(lang, "Self-assessments reviewed")},
		{n(f.SAQDeficient), T(lang, "Self-assessments deficient")},
		{n(f.OfficeAuditsStarted + f.SiteAuditsStarted), T(lang, "Audits started")},
		{n(f.AuditsClosed), T(lang, "Audits closed")},
		{n(f.FollowUpsOngoingYearEnd), T(lang, "Follow-ups ongoing")},
	}
}

// funnelChart draws the follow-up process from questionnaire to closure.
func funnelChart(lang tillit.Lang, year int, f tillit.FollowUpFigures, tableID string) chartView {
	b := chart.Bars{ID: "funnel-" + strconv.Itoa(year), Horizontal: true,
		Title: T(lang, "The follow-up process") + " " + strconv.Itoa(year),
		Desc:  T(lang, "The same figures are in the table of follow-up figures."),
		Categories: []string{T(lang, "Self-assessments sent"), T(lang, "Self-assessments answered"), T(lang, "Self-assessments reviewed"),
			T(lang, "Self-assessments deficient"), T(lang, "Office audits started"), T(lang, "Site audits started"),
			T(lang, "Re-audits"), T(lang, "Audits closed")},
		Series: []chart.Series{{Name: strconv.Itoa(year), Values: []float64{float64(f.SAQSent), float64(f.SAQAnswered), float64(f.SAQReviewed),
			float64(f.SAQDeficient), float64(f.OfficeAuditsStarted), float64(f.SiteAuditsStarted), float64(f.ReAudits), float64(f.AuditsClosed)}}},
	}
	return newChartView(lang, b, tableID)
}

// AnnualReport serves GET /reports/annual/{year}.
func (u *UI) AnnualReport() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		rep, err := u.loadReport(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		year := rep.Year
		years, err := u.reportYears(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := reportPage{Page: u.page(r, "Annual report"), Year: year, Complete: rep.Complete, Years: years,
			ComputedAt:  inStockholm(rep.ComputedAt).Format("2006-01-02 15:04"),
			CanEdit:     tillit.Can(web.Actor(ctx), tillit.ActEditReport, tillit.Resource{}),
			CanFinances: tillit.Can(web.Actor(ctx), tillit.ActViewFinances, tillit.Resource{})}
		p.Title = T(p.Lang, "Annual report") + " " + strconv.Itoa(year)
		lang := p.Lang
		blank := "–"
		ts := buildReportTables(lang, rep)
		p.Key = keyFigures(lang, rep.FollowUp)
		p.Figures, p.Severities, p.Started, p.Closed = ts.Figures.shown(blank), ts.Severities.shown(blank), ts.Started.shown(blank), ts.Closed.shown(blank)
		p.CategoryTable, p.DeviationTable, p.Trend = ts.Categories.shown(blank), ts.DeviationsByCategory.shown(blank), ts.Trend.shown(blank)
		for _, t := range []struct {
			src *reportTable
			dst **shownTable
		}{{ts.Income, &p.Income}, {ts.Costs, &p.Costs}, {ts.Balance, &p.Balance}} {
			if t.src != nil {
				s := t.src.shown(blank)
				*t.dst = &s
			}
		}
		if rep.FinanceProblem != nil {
			p.FinanceProblem = rep.FinanceProblem.Msg.In(translator(lang))
		}
		p.Funnel = funnelChart(lang, year, rep.FollowUp, ts.Figures.ID)
		p.DeviationChart = deviationChart(lang, rep, ts.DeviationsByCategory.ID)
		p.TrendChart = trendChart(lang, rep, ts.Trend.ID)
		l := followUpLabels{lang: lang}
		for _, c := range rep.Categories {
			v := categoryView{Name: c.Name(string(lang)), Responsible: strings.Join(c.Responsible, ", "), Paragraphs: paragraphs(c.Narrative),
				Figures: []figureView{
					{formatCount(int64(c.FollowUpsOpened)), T(lang, "Follow-ups opened")},
					{formatCount(int64(c.AuditsStarted)), T(lang, "Audits started")},
					{formatCount(int64(c.DeviationsOpened())), T(lang, "Deviations recorded")},
					{formatCount(int64(c.FollowUpsClosed)), T(lang, "Follow-ups closed")},
				}}
			for _, s := range c.Deviations {
				if s.Opened > 0 {
					v.Figures = append(v.Figures, figureView{formatCount(int64(s.Opened)), l.SeverityLabel(s.Severity)})
				}
			}
			if !c.NarrativeUpdatedAt.IsZero() {
				v.Updated = formatDate(inStockholm(c.NarrativeUpdatedAt))
			}
			p.Categories = append(p.Categories, v)
		}
		u.render(w, r, http.StatusOK, "report/show", p)
	})
}

// deviationChart stacks each category's deviations by severity.
func deviationChart(lang tillit.Lang, rep *tillit.AnnualReport, tableID string) chartView {
	l := followUpLabels{lang: lang}
	b := chart.Bars{ID: "deviations-" + strconv.Itoa(rep.Year), Horizontal: true, Stacked: true,
		Title: T(lang, "Deviations recorded by category and severity") + " " + strconv.Itoa(rep.Year),
		Desc:  T(lang, "The same figures are in the table of deviations by category.")}
	for _, c := range rep.Categories {
		b.Categories = append(b.Categories, c.Name(string(lang)))
	}
	for i, s := range tillit.Severities {
		ser := chart.Series{Name: l.SeverityLabel(s)}
		for _, c := range rep.Categories {
			ser.Values = append(ser.Values, float64(c.Deviations[i].Opened))
		}
		b.Series = append(b.Series, ser)
	}
	return newChartView(lang, b, tableID)
}

// trendChart compares the main figures of the last five years.
func trendChart(lang tillit.Lang, rep *tillit.AnnualReport, tableID string) chartView {
	b := chart.Bars{ID: "trend-" + strconv.Itoa(rep.Year),
		Title: T(lang, "Year over year"), Desc: T(lang, "The same figures are in the year-over-year table.")}
	reviewed := chart.Series{Name: T(lang, "Self-assessments reviewed")}
	started := chart.Series{Name: T(lang, "Audits started")}
	closed := chart.Series{Name: T(lang, "Audits closed")}
	for _, t := range rep.Trend {
		b.Categories = append(b.Categories, strconv.Itoa(t.Year))
		reviewed.Values = append(reviewed.Values, float64(t.FollowUp.SAQReviewed))
		started.Values = append(started.Values, float64(t.FollowUp.OfficeAuditsStarted+t.FollowUp.SiteAuditsStarted))
		closed.Values = append(closed.Values, float64(t.FollowUp.AuditsClosed))
	}
	b.Series = []chart.Series{reviewed, started, closed}
	return newChartView(lang, b, tableID)
}

// paragraphs splits a typed text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// AnnualReportFile serves the report as PDF or XLSX.
func (u *UI) AnnualReportFile(format string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rep, err := u.loadReport(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		year := rep.Year
		lang := web.Lang(r.Context())
		ts := buildReportTables(lang, rep)
		var buf bytes.Buffer
		ct := export.ContentTypeXLSX
		if format == "pdf" {
			ct = "application/pdf"
			var offices []tillit.Organisation
			if offices, err = u.DB.FindOrganisations(r.Context(), sqldb.OrganisationFilter{Kind: tillit.OrgNationalOffice}); err == nil {
				org := "tillit"
				if len(offices) > 0 {
					org = offices[0].Name
				}
				err = u.writeReportPDF(&buf, lang, org, rep, ts)
			}
		} else {
			var sheets []export.Table
			for _, t := range ts.all() {
				sheets = append(sheets, t.sheet())
			}
			err = export.WriteXLSX(&buf, sheets...)
		}
		if err != nil {
			u.Error(w, r, err)
			return
		}
		writeDownload(w, T(lang, "annual-report")+"-"+strconv.Itoa(year)+"."+format, ct, buf.Bytes())
	})
}

type narrativeField struct {
	CategoryID int64
	Name       string
	Text       string
	Error      string
}

type reportTextsPage struct {
	Page
	Year   int
	Fields []narrativeField
	Errors []string
}

// EditReportTexts serves GET /reports/annual/{year}/texts.
func (u *UI) EditReportTexts() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rep, err := u.loadReport(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		year := rep.Year
		p := reportTextsPage{Page: u.page(r, "Report texts"), Year: year}
		p.Title = T(p.Lang, "Report texts") + " " + strconv.Itoa(year)
		for _, c := range rep.Categories {
			p.Fields = append(p.Fields, narrativeField{CategoryID: c.CategoryID, Name: c.Name(string(p.Lang)), Text: c.Narrative})
		}
		u.render(w, r, http.StatusOK, "report/texts", p)
	})
}

// SaveReportTexts serves POST /reports/annual/{year}/texts: every
// category's text at once. A text that cannot be saved is shown again with
// what to fix, and the others are kept as typed.
func (u *UI) SaveReportTexts() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		rep, err := u.loadReport(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		year := rep.Year
		p := reportTextsPage{Page: u.page(r, "Report texts"), Year: year}
		p.Title = T(p.Lang, "Report texts") + " " + strconv.Itoa(year)
		failed := false
		for _, c := range rep.Categories {
			key := "narrative-" + strconv.FormatInt(c.CategoryID, 10)
			f := narrativeField{CategoryID: c.CategoryID, Name: c.Name(string(p.Lang)), Text: c.Narrative}
			if _, sent := r.PostForm[key]; sent {
				f.Text = strings.TrimSpace(strings.ReplaceAll(r.PostFormValue(key), "\r\n", "\n"))
				if err := u.DB.SaveNarrative(ctx, web.Actor(ctx), year, c.CategoryID, f.Text); err != nil {
					if tillit.ErrorCode(err) != tillit.EINVALID {
						u.Error(w, r, err)
						return
					}
					failed = true
					for _, m := range tillit.ErrorFields(err) {
						f.Error = m.In(translator(p.Lang))
					}
					if f.Error == "" {
						f.Error = tillit.ErrorMessage(err).In(translator(p.Lang))
					}
					p.Errors = append(p.Errors, f.Name+": "+f.Error)
				}
			}
			p.Fields = append(p.Fields, f)
		}
		if failed {
			u.render(w, r, http.StatusBadRequest, "report/texts", p)
			return
		}
		u.redirect(w, r, "/reports/annual/"+strconv.Itoa(year)+"#categories", "The report texts are saved.")
	})
}
