package importer

import (
	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/export"
)

// ReportTable is the per-row report as a table to download: one line per
// row of the file with what became of it, and one more per further
// problem of the row, then the problems with the file itself. translate
// maps the English texts to the reader's language (nil: English).
func (r *Report) ReportTable(translate func(string) string) export.Table {
	tr := func(m tillit.Message) string { return m.In(translate) }
	t := export.Table{Title: tr(tillit.Msg("Import report")), Columns: []export.Column{
		{Header: tr(tillit.Msg("Line")), Kind: export.Integer},
		{Header: tr(tillit.Msg("Outcome")), Kind: export.Text},
		{Header: tr(tillit.Msg("Identified by")), Kind: export.Text},
		{Header: tr(tillit.Msg("Column")), Kind: export.Text},
		{Header: tr(tillit.Msg("Problem")), Kind: export.Text},
	}}
	byLine := map[int][]Problem{}
	var general []Problem
	lines := map[int]bool{}
	for _, row := range r.Rows {
		lines[row.Line] = true
	}
	for _, p := range r.Problems {
		if lines[p.Line] {
			byLine[p.Line] = append(byLine[p.Line], p)
		} else {
			general = append(general, p)
		}
	}
	column := func(p Problem) string {
		if p.Cell == "" {
			return p.Column
		}
		return p.Column + " (" + p.Cell + ")"
	}
	line := func(n int) export.Cell {
		if n == 0 {
			return export.BlankCell()
		}
		return export.IntCell(int64(n))
	}
	for _, p := range general {
		t.Rows = append(t.Rows, []export.Cell{line(p.Line), export.TextCell(tr(tillit.Msg("not read"))), export.BlankCell(),
			export.TextCell(column(p)), export.TextCell(tr(p.Msg))})
	}
	for _, row := range r.Rows {
		outcome := tr(r.OutcomeText(row.Outcome))
		ps := byLine[row.Line]
		if len(ps) == 0 {
			t.Rows = append(t.Rows, []export.Cell{line(row.Line), export.TextCell(outcome), export.TextCell(row.Key), export.BlankCell(), export.BlankCell()})
		}
		for _, p := range ps {
			t.Rows = append(t.Rows, []export.Cell{line(row.Line), export.TextCell(outcome), export.TextCell(row.Key),
				export.TextCell(column(p)), export.TextCell(tr(p.Msg))})
		}
	}
	return t
}

// OutcomeText says what became of a row, in words for people: when the
// rows were not written, what importing would have done.
func (r *Report) OutcomeText(o Outcome) tillit.Message {
	switch {
	case o == Skipped:
		return tillit.Msg("not imported")
	case !r.Written && o == Created:
		return tillit.Msg("would be added")
	case !r.Written && o == Updated:
		return tillit.Msg("would be changed")
	case o == Created:
		return tillit.Msg("added")
	case o == Updated:
		return tillit.Msg("changed")
	}
	return tillit.Msg("unchanged")
}
