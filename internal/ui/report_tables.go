package ui

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/export"
)

// The annual report's tables are built once, as typed spreadsheet tables,
// and shown from that one source on the page, in the PDF and in the XLSX
// file, so the three formats cannot disagree.

// reportTable is one table of the report: typed cells for the spreadsheet
// and an optional sum row, which the page and the PDF set apart.
type reportTable struct {
	ID string // anchor on the page
	export.Table
	Total []export.Cell // nil when the table has no sum row
}

// sheet is the table as one spreadsheet sheet, the sum row last.
func (t reportTable) sheet() export.Table {
	s := t.Table
	if t.Total != nil {
		s.Rows = append(append([][]export.Cell{}, s.Rows...), t.Total)
	}
	return s
}

// shownTable is a table formatted for reading: Swedish number grouping,
// dates as YYYY-MM-DD, numbers right-aligned.
type shownTable struct {
	ID      string
	Caption string
	Columns []shownColumn
	Rows    [][]string
	Total   []string
}

type shownColumn struct {
	Header string
	Right  bool
}

// shown formats t; blank cells become notBlank (e.g. "–").
func (t reportTable) shown(blank string) shownTable {
	out := shownTable{ID: t.ID, Caption: t.Title}
	for _, c := range t.Columns {
		out.Columns = append(out.Columns, shownColumn{Header: c.Header, Right: c.Kind == export.Integer || c.Kind == export.Amount})
	}
	format := func(row []export.Cell) []string {
		var s []string
		for i, c := range row {
			s = append(s, formatCell(t.Columns[i].Kind, c, blank))
		}
		return s
	}
	for _, r := range t.Rows {
		out.Rows = append(out.Rows, format(r))
	}
	if t.Total != nil {
		out.Total = format(t.Total)
	}
	return out
}

// formatCell shows one cell the Swedish way: "6 730 316", "2022-03-01".
func formatCell(k export.Kind, c export.Cell, blank string) string {
	if c.Empty {
		return blank
	}
	switch k {
	case export.Integer, export.Amount:
		return formatCount(c.Int)
	case export.Date:
		if c.Time.IsZero() {
			return blank
		}
		return c.Time.Format(time.DateOnly)
	case export.Percent:
		return strconv.FormatFloat(math.Round(c.Float*1000)/10, 'f', -1, 64) + " %"
	}
	return c.Text
}

// formatCount writes a whole number with a space between thousands.
func formatCount(n int64) string {
	if n < 0 {
		return "−" + groupThousands(-n)
	}
	return groupThousands(n)
}

// reportTables builds every table of the report, in the order the report
// shows them.
type reportTables struct {
	Figures, Severities, Started, Closed, Categories, DeviationsByCategory, Trend reportTable
	Income, Costs, Balance                                                        *reportTable // nil without finances
}

// all lists the tables for the spreadsheet, one sheet each.
func (ts reportTables) all() []reportTable {
	out := []reportTable{ts.Figures, ts.Severities, ts.Started, ts.Closed, ts.Categories, ts.DeviationsByCategory, ts.Trend}
	for _, t := range []*reportTable{ts.Income, ts.Costs, ts.Balance} {
		if t != nil {
			out = append(out, *t)
		}
	}
	return out
}

// figureRows are the follow-up figures in process order with their labels.
func figureRows(lang tillit.Lang, f tillit.FollowUpFigures) []struct {
	label string
	n     int
} {
	return []struct {
		label string
		n     int
	}{
		{T(lang, "Follow-ups opened"), f.FollowUpsOpened},
		{T(lang, "Self-assessments sent"), f.SAQSent},
		{T(lang, "Self-assessments answered"), f.SAQAnswered},
		{T(lang, "Self-assessments reviewed"), f.SAQReviewed},
		{T(lang, "Self-assessments deficient"), f.SAQDeficient},
		{T(lang, "Office audits started"), f.OfficeAuditsStarted},
		{T(lang, "Site audits started"), f.SiteAuditsStarted},
		{T(lang, "Re-audits"), f.ReAudits},
		{T(lang, "Desk reviews"), f.DeskReviews},
		{T(lang, "Audits closed"), f.AuditsClosed},
		{T(lang, "Follow-ups closed"), f.FollowUpsClosed},
		{T(lang, "Follow-ups ongoing at year end"), f.FollowUpsOngoingYearEnd},
	}
}

// figuresTable is the follow-up figures in process order; the report adds
// its other figures below them, the dashboard shows them alone.
func figuresTable(lang tillit.Lang, year int, f tillit.FollowUpFigures) reportTable {
	t := reportTable{ID: "figures", Table: export.Table{Title: T(lang, "Follow-up figures") + " " + strconv.Itoa(year), Columns: []export.Column{
		{Header: T(lang, "Figure"), Kind: export.Text}, {Header: T(lang, "Number"), Kind: export.Integer}, {Header: T(lang, "Note"), Kind: export.Text},
	}}}
	for _, r := range figureRows(lang, f) {
		t.Rows = append(t.Rows, []export.Cell{export.TextCell(r.label), export.IntCell(int64(r.n)), export.TextCell("")})
	}
	return t
}

func buildReportTables(lang tillit.Lang, rep *tillit.AnnualReport) reportTables {
	l := followUpLabels{lang: lang}
	y := strconv.Itoa(rep.Year)
	var ts reportTables

	ts.Figures = figuresTable(lang, rep.Year, rep.FollowUp)
	median := []export.Cell{export.TextCell(T(lang, "Median days from deviation to closure")), export.BlankCell(), export.TextCell(T(lang, "No deviation was closed during the year."))}
	if rep.MedianDaysToClosure != nil {
		median[1], median[2] = export.IntCell(int64(math.Round(*rep.MedianDaysToClosure))), export.TextCell(T(lang, "Rounded to whole days."))
	}
	ts.Figures.Rows = append(ts.Figures.Rows, median)
	for _, r := range []struct {
		label string
		n     *int
	}{{T(lang, "Risk analyses approved"), rep.RiskAnalysesApproved}, {T(lang, "People trained"), rep.PeopleTrained}} {
		row := []export.Cell{export.TextCell(r.label), export.BlankCell(), export.TextCell(T(lang, "Nothing recorded for the year."))}
		if r.n != nil {
			row[1], row[2] = export.IntCell(int64(*r.n)), export.TextCell("")
		}
		ts.Figures.Rows = append(ts.Figures.Rows, row)
	}

	ts.Severities = reportTable{ID: "severities", Table: export.Table{Title: T(lang, "Deviations by severity") + " " + y, Columns: []export.Column{
		{Header: T(lang, "Severity"), Kind: export.Text}, {Header: T(lang, "Recorded"), Kind: export.Integer}, {Header: T(lang, "Closed"), Kind: export.Integer},
	}}}
	var opened, closed int64
	for _, s := range rep.Deviations {
		ts.Severities.Rows = append(ts.Severities.Rows, []export.Cell{export.TextCell(l.SeverityLabel(s.Severity)), export.IntCell(int64(s.Opened)), export.IntCell(int64(s.Closed))})
		opened += int64(s.Opened)
		closed += int64(s.Closed)
	}
	ts.Severities.Total = []export.Cell{export.TextCell(T(lang, "Total")), export.IntCell(opened), export.IntCell(closed)}

	ts.Started = reportTable{ID: "audits-started", Table: export.Table{Title: T(lang, "Audits started") + " " + y, Columns: []export.Column{
		{Header: T(lang, "Supplier"), Kind: export.Text}, {Header: T(lang, "Category"), Kind: export.Text},
		{Header: T(lang, "Kind"), Kind: export.Text}, {Header: T(lang, "Performed"), Kind: export.Date},
	}}}
	for _, a := range rep.AuditsStarted {
		ts.Started.Rows = append(ts.Started.Rows, []export.Cell{export.TextCell(a.Supplier), export.TextCell(categoryName(lang, a.CategorySV, a.CategoryEN)),
			export.TextCell(l.AuditKindLabel(a.Kind)), export.DateCell(a.PerformedOn)})
	}

	ts.Closed = reportTable{ID: "audits-closed", Table: export.Table{Title: T(lang, "Audits closed") + " " + y, Columns: []export.Column{
		{Header: T(lang, "Supplier"), Kind: export.Text}, {Header: T(lang, "Category"), Kind: export.Text},
		{Header: T(lang, "Closed"), Kind: export.Date}, {Header: T(lang, "Reason"), Kind: export.Text}, {Header: T(lang, "Open deviations"), Kind: export.Integer},
	}}}
	for _, c := range rep.AuditsClosed {
		ts.Closed.Rows = append(ts.Closed.Rows, []export.Cell{export.TextCell(c.Supplier), export.TextCell(categoryName(lang, c.CategorySV, c.CategoryEN)),
			export.DateCell(inStockholm(c.ClosedAt)), export.TextCell(l.CloseReasonLabel(c.Reason)), export.IntCell(int64(c.OpenDeviations))})
	}

	ts.Categories = reportTable{ID: "categories", Table: export.Table{Title: T(lang, "Procurement categories") + " " + y, Columns: []export.Column{
		{Header: T(lang, "Category"), Kind: export.Text}, {Header: T(lang, "Responsible regions"), Kind: export.Text},
		{Header: T(lang, "Follow-ups opened"), Kind: export.Integer}, {Header: T(lang, "Audits started"), Kind: export.Integer},
		{Header: T(lang, "Deviations recorded"), Kind: export.Integer}, {Header: T(lang, "Follow-ups closed"), Kind: export.Integer},
		{Header: T(lang, "Ongoing at year end"), Kind: export.Integer},
	}}}
	ts.DeviationsByCategory = reportTable{ID: "deviations-by-category", Table: export.Table{Title: T(lang, "Deviations recorded by category and severity") + " " + y,
		Columns: []export.Column{{Header: T(lang, "Category"), Kind: export.Text}}}}
	for _, s := range tillit.Severities {
		ts.DeviationsByCategory.Columns = append(ts.DeviationsByCategory.Columns, export.Column{Header: l.SeverityLabel(s), Kind: export.Integer})
	}
	ts.DeviationsByCategory.Columns = append(ts.DeviationsByCategory.Columns, export.Column{Header: T(lang, "Total"), Kind: export.Integer})
	for _, c := range rep.Categories {
		ts.Categories.Rows = append(ts.Categories.Rows, []export.Cell{export.TextCell(c.Name(string(lang))), export.TextCell(strings.Join(c.Responsible, ", ")),
			export.IntCell(int64(c.FollowUpsOpened)), export.IntCell(int64(c.AuditsStarted)), export.IntCell(int64(c.DeviationsOpened())),
			export.IntCell(int64(c.FollowUpsClosed)), export.IntCell(int64(c.FollowUpsOngoing))})
		row := []export.Cell{export.TextCell(c.Name(string(lang)))}
		for _, s := range c.Deviations {
			row = append(row, export.IntCell(int64(s.Opened)))
		}
		ts.DeviationsByCategory.Rows = append(ts.DeviationsByCategory.Rows, append(row, export.IntCell(int64(c.DeviationsOpened()))))
	}

	ts.Trend = reportTable{ID: "trend", Table: export.Table{Title: T(lang, "Year over year"), Columns: []export.Column{{Header: T(lang, "Figure"), Kind: export.Text}}}}
	for _, t := range rep.Trend {
		ts.Trend.Columns = append(ts.Trend.Columns, export.Column{Header: strconv.Itoa(t.Year), Kind: export.Integer})
	}
	if len(rep.Trend) > 0 {
		labels := figureRows(lang, rep.Trend[0].FollowUp)
		for i, lbl := range labels {
			row := []export.Cell{export.TextCell(lbl.label)}
			for _, t := range rep.Trend {
				row = append(row, export.IntCell(int64(figureRows(lang, t.FollowUp)[i].n)))
			}
			ts.Trend.Rows = append(ts.Trend.Rows, row)
		}
	}

	if s := rep.Finance; s != nil {
		income := reportTable{ID: "income", Table: export.Table{Title: T(lang, "Income") + " " + y, Columns: []export.Column{
			{Header: T(lang, "County code"), Kind: export.Text}, {Header: T(lang, "Income"), Kind: export.Text}, {Header: T(lang, "SEK"), Kind: export.Amount},
		}}}
		income.Rows = append(income.Rows, []export.Cell{export.TextCell(""), export.TextCell(T(lang, "Opening balance")), export.IntCell(roundSEK(s.OpeningBalanceOre))})
		for _, l := range s.Income {
			income.Rows = append(income.Rows, []export.Cell{export.TextCell(l.CountyCode), export.TextCell(l.RegionName), export.IntCell(roundSEK(l.AmountOre))})
		}
		income.Total = []export.Cell{export.TextCell(""), export.TextCell(T(lang, "Total income")), export.IntCell(roundSEK(s.IncomeTotalOre))}
		ts.Income = &income

		costs := reportTable{ID: "costs", Table: export.Table{Title: T(lang, "Costs") + " " + y, Columns: []export.Column{
			{Header: T(lang, "Costs"), Kind: export.Text}, {Header: T(lang, "SEK"), Kind: export.Amount},
		}}}
		for _, c := range s.CostTotals {
			costs.Rows = append(costs.Rows, []export.Cell{export.TextCell(costTypeLabel(lang, c.Type)), export.IntCell(roundSEK(c.AmountOre))})
		}
		costs.Total = []export.Cell{export.TextCell(T(lang, "Total costs")), export.IntCell(roundSEK(s.CostTotalOre))}
		ts.Costs = &costs

		balance := reportTable{ID: "balance", Table: export.Table{Title: T(lang, "Closing balance") + " " + y, Columns: []export.Column{
			{Header: T(lang, "Item"), Kind: export.Text}, {Header: T(lang, "SEK"), Kind: export.Amount},
		}}}
		balance.Rows = [][]export.Cell{
			{export.TextCell(T(lang, "Total income")), export.IntCell(roundSEK(s.IncomeTotalOre))},
			{export.TextCell(T(lang, "Total costs")), export.IntCell(-roundSEK(s.CostTotalOre))},
		}
		balance.Total = []export.Cell{export.TextCell(T(lang, "Closing balance")), export.IntCell(roundSEK(s.ClosingBalanceOre))}
		ts.Balance = &balance
	}
	return ts
}

// categoryName picks the category's name in lang.
func categoryName(lang tillit.Lang, sv, en string) string {
	if lang == tillit.English && en != "" {
		return en
	}
	return sv
}
