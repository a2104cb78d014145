// Package export writes the filtered lists people download (follow-ups,
// deviations, suppliers, ...) as CSV for Excel and as XLSX workbooks.
//
// A list is a Table: a title, typed columns and rows of cells. The column's
// Kind decides how each of its cells is read and shown, so callers build
// cells with the constructor for the column (TextCell for Text, IntCell for
// Integer and Amount, DateCell for Date, PercentCell for Percent) or
// BlankCell for a missing value.
package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Content types to serve the files with.
const (
	ContentTypeCSV  = "text/csv; charset=utf-8"
	ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// Table is a spreadsheet-shaped result: a title (the sheet name), column
// headers and rows of cells. Every row has one cell per column.
type Table struct {
	Title   string
	Columns []Column
	Rows    [][]Cell
}

// Column is a header and the kind of value in the column.
type Column struct {
	Header string
	Kind   Kind
}

// Kind is the kind of value in a column.
type Kind int

const (
	Text    Kind = iota // Cell.Text
	Integer             // Cell.Int, a count or other whole number
	Date                // Cell.Time; only the date in the time's own location is kept
	Amount              // Cell.Int, whole Swedish kronor (SEK)
	Percent             // Cell.Float, a fraction: 0.25 is shown as 25 %
)

func (k Kind) String() string {
	switch k {
	case Text:
		return "Text"
	case Integer:
		return "Integer"
	case Date:
		return "Date"
	case Amount:
		return "Amount"
	case Percent:
		return "Percent"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Cell is one value; which field counts depends on the column's Kind.
type Cell struct {
	Text  string    // Text
	Int   int64     // Integer, Amount
	Float float64   // Percent, as a fraction
	Time  time.Time // Date; the zero time is a blank cell
	Empty bool      // a blank cell whatever the kind
}

// TextCell is a cell for a Text column.
func TextCell(s string) Cell { return Cell{Text: s} }

// IntCell is a cell for an Integer or Amount column.
func IntCell(n int64) Cell { return Cell{Int: n} }

// DateCell is a cell for a Date column; the zero time gives a blank cell.
func DateCell(t time.Time) Cell { return Cell{Time: t, Empty: t.IsZero()} }

// PercentCell is a cell for a Percent column: f is a fraction, 0.25 for 25 %.
func PercentCell(f float64) Cell { return Cell{Float: f} }

// BlankCell is a blank cell, for a value that is missing.
func BlankCell() Cell { return Cell{Empty: true} }

// blank reports whether c has no value in a column of kind k.
func (c Cell) blank(k Kind) bool {
	switch {
	case c.Empty:
		return true
	case k == Date:
		return c.Time.IsZero()
	case k == Percent:
		return math.IsNaN(c.Float) || math.IsInf(c.Float, 0)
	}
	return false
}

// day returns the calendar date of t, in t's own location, as midnight UTC,
// so that no time zone moves it to another day.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// check reports a table whose rows do not match its columns; that is a
// programming error, not bad input.
func (t Table) check() error {
	if len(t.Columns) == 0 {
		return fmt.Errorf("export: table %q has no columns", t.Title)
	}
	for i, c := range t.Columns {
		if c.Kind < Text || c.Kind > Percent {
			return fmt.Errorf("export: table %q column %d has unknown kind %v", t.Title, i+1, c.Kind)
		}
	}
	for i, row := range t.Rows {
		if len(row) != len(t.Columns) {
			return fmt.Errorf("export: table %q row %d has %d cells for %d columns", t.Title, i+1, len(row), len(t.Columns))
		}
	}
	return nil
}

// cleanText makes s valid UTF-8.
func cleanText(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
