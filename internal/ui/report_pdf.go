package ui

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/export"
	"github.com/tillit-project/tillit/internal/pdf"
)

// writeReportPDF lays the annual report out as a printable document: the
// same tables as the page (report_tables.go), in the reader's language.
func (u *UI) writeReportPDF(w io.Writer, lang tillit.Lang, org string, rep *tillit.AnnualReport, ts reportTables) error {
	year := strconv.Itoa(rep.Year)
	doc := pdf.Document{
		Title:         T(lang, "Annual report") + " " + year,
		Subtitle:      T(lang, "Shared follow-up of sustainable public procurement"),
		Org:           org,
		Date:          fmt.Sprintf(T(lang, "Computed %s from the data in tillit"), formatDate(inStockholm(rep.ComputedAt))),
		Lang:          string(lang),
		ContentsTitle: T(lang, "Contents"),
		PageLabel: func(page, total int) string {
			return fmt.Sprintf(T(lang, "Page %d of %d"), page, total)
		},
		Created: rep.ComputedAt,
	}
	if !rep.Complete {
		doc.Date += " · " + T(lang, "the year is not over: figures so far")
	}
	blank := "–"
	table := func(t reportTable) pdf.Table {
		s := t.shown(blank)
		out := pdf.Table{Caption: s.Caption, Rows: s.Rows, Total: s.Total}
		for i, c := range s.Columns {
			// Names get the room; dates and numbers are short.
			width := 2.0
			switch {
			case i == 0:
				width = 2.6
			case c.Right:
				width = 1
			case t.Columns[i].Kind == export.Date:
				width = 1.2
			}
			out.Columns = append(out.Columns, pdf.Column{Header: c.Header, Right: c.Right, Width: width})
		}
		return out
	}

	f := rep.FollowUp
	var key pdf.KeyFigures
	for _, k := range keyFigures(lang, f) {
		key.Items = append(key.Items, pdf.KeyFigure{Value: k.Value, Label: k.Label})
	}
	funnel := pdf.BarChart{Caption: T(lang, "The follow-up process") + " " + year}
	for _, b := range []struct {
		label string
		n     int
	}{
		{T(lang, "Self-assessments sent"), f.SAQSent}, {T(lang, "Self-assessments answered"), f.SAQAnswered},
		{T(lang, "Self-assessments reviewed"), f.SAQReviewed}, {T(lang, "Self-assessments deficient"), f.SAQDeficient},
		{T(lang, "Office audits started"), f.OfficeAuditsStarted}, {T(lang, "Site audits started"), f.SiteAuditsStarted},
		{T(lang, "Re-audits"), f.ReAudits}, {T(lang, "Audits closed"), f.AuditsClosed},
	} {
		funnel.Bars = append(funnel.Bars, pdf.Bar{Label: b.label, Value: float64(b.n), Display: formatCount(int64(b.n))})
	}
	doc.Sections = append(doc.Sections, pdf.Section{Heading: T(lang, "Follow-up"), Blocks: []pdf.Block{
		pdf.Paragraph{Text: T(lang, "Every figure in this report is computed from the follow-ups, the registers and the finances recorded in tillit; only the texts about the procurement categories are written by hand.")},
		key, funnel, table(ts.Figures), table(ts.Severities),
	}})

	audits := []pdf.Block{}
	for _, t := range []reportTable{ts.Started, ts.Closed} {
		if len(t.Rows) == 0 {
			audits = append(audits, pdf.Subheading{Text: t.Title}, pdf.Paragraph{Text: T(lang, "None during the year.")})
			continue
		}
		audits = append(audits, table(t))
	}
	doc.Sections = append(doc.Sections, pdf.Section{Heading: T(lang, "Audits"), Blocks: audits})

	var cats []pdf.Block
	l := followUpLabels{lang: lang}
	for _, c := range rep.Categories {
		cats = append(cats, pdf.Subheading{Text: c.Name(string(lang))})
		resp := strings.Join(c.Responsible, ", ")
		if resp == "" {
			resp = T(lang, "None recorded")
		}
		cats = append(cats, pdf.Paragraph{Text: T(lang, "Responsible regions") + ": " + resp})
		figures := []string{
			formatCount(int64(c.FollowUpsOpened)) + " " + strings.ToLower(T(lang, "Follow-ups opened")),
			formatCount(int64(c.AuditsStarted)) + " " + strings.ToLower(T(lang, "Audits started")),
			formatCount(int64(c.DeviationsOpened())) + " " + strings.ToLower(T(lang, "Deviations recorded")),
			formatCount(int64(c.FollowUpsClosed)) + " " + strings.ToLower(T(lang, "Follow-ups closed")),
		}
		for _, s := range c.Deviations {
			if s.Opened > 0 {
				figures = append(figures, formatCount(int64(s.Opened))+" "+strings.ToLower(l.SeverityLabel(s.Severity)))
			}
		}
		cats = append(cats, pdf.Paragraph{Text: strings.Join(figures, " · ")})
		for _, p := range paragraphs(c.Narrative) {
			cats = append(cats, pdf.Paragraph{Text: p})
		}
	}
	// The categories' figures are printed under each heading above; the
	// wide per-category table is left to the page and the spreadsheet.
	cats = append(cats, table(ts.DeviationsByCategory))
	doc.Sections = append(doc.Sections, pdf.Section{Heading: T(lang, "Procurement categories"), Blocks: cats})

	doc.Sections = append(doc.Sections, pdf.Section{Heading: T(lang, "Year over year"), Blocks: []pdf.Block{table(ts.Trend)}})

	var fin []pdf.Block
	if ts.Income != nil {
		fin = append(fin, table(*ts.Income), table(*ts.Costs), table(*ts.Balance))
		if s := rep.Finance; s != nil {
			fin = append(fin, pdf.Paragraph{Text: fmt.Sprintf(T(lang, "Each region pays %s kr per inhabitant."), formatRate(s.RateOrePerInhabitant))})
		}
	} else if rep.FinanceProblem != nil {
		fin = append(fin, pdf.Paragraph{Text: rep.FinanceProblem.Msg.In(translator(lang))})
	}
	doc.Sections = append(doc.Sections, pdf.Section{Heading: T(lang, "Finances"), Blocks: fin})
	if doc.Created.IsZero() {
		doc.Created = time.Now()
	}
	return pdf.Render(w, doc)
}
