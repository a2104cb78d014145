// Package pdf lays out a print-quality report (title page, table of
// contents, numbered sections with paragraphs, key figures, tables and bar
// charts) as an A4 PDF.
//
// It is deliberately ignorant of what it prints: the caller hands over every
// string already translated and every number already formatted, and this
// package only decides where things go. It wraps github.com/go-pdf/fpdf so
// the rest of tillit never imports it.
package pdf

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"time"
)

// Document is everything Render prints, in reading order.
type Document struct {
	Title    string // title page, large; also the running header and PDF Title
	Subtitle string // under the title, e.g. "Verksamhetsberättelse 2022"
	Org      string // publisher on the title page, in the footer and as PDF Author
	Date     string // on the title page, e.g. "Skapad 23 november 2026"
	Lang     string // "sv" or "en"; PDF catalog /Lang

	// ContentsTitle heads the table of contents, e.g. "Innehåll". Empty
	// means "Innehåll" for Lang "sv" and "Contents" otherwise.
	ContentsTitle string

	// PageLabel gives the footer text for a page, e.g. "Sida 3 av 12".
	// Pages are counted from the title page, as PDF viewers count them, so
	// the label agrees with the viewer's page box. nil → "3 / 12".
	PageLabel func(page, total int) string

	Sections []Section

	// Created is the PDF creation date. Zero means now; a fixed value makes
	// the output byte-for-byte reproducible.
	Created time.Time

	// ContinuousSections lets a section follow the previous one on the same
	// page. By default every section starts on a new page, which suits a
	// report of a few long chapters.
	ContinuousSections bool
}

// Section is a numbered chapter: "1 Uppföljning" in the body and the table
// of contents.
type Section struct {
	Heading string
	Blocks  []Block
}

// Block is one piece of section content: Paragraph, Subheading, KeyFigures,
// Table or BarChart.
type Block interface{ block() }

// Paragraph is running text. It wraps; a blank line in Text starts a new
// paragraph and a single newline a new line.
type Paragraph struct{ Text string }

// Subheading is an unnumbered heading inside a section. It is never left
// alone at the bottom of a page.
type Subheading struct{ Text string }

// KeyFigures is a grid of boxes, each with a big number and a small label,
// two to four to a row.
type KeyFigures struct{ Items []KeyFigure }

// KeyFigure is one box of a KeyFigures grid; Value is printed as given.
type KeyFigure struct{ Value, Label string }

// Table is a ruled table. When it breaks across pages the header row is
// repeated.
type Table struct {
	Caption string // above the table; may be empty
	Columns []Column
	Rows    [][]string
	Total   []string // optional bold sum row after a rule; nil for none
}

// Column describes one table column. Width is relative to the other
// columns' widths, and zero counts as 1, so all-zero columns share the
// width equally and {Width: 3} beside zeros is three times as wide. Right
// aligns the column, header included, for numbers.
type Column struct {
	Header string
	Right  bool
	Width  float64
}

// BarChart is a horizontal bar chart drawn as vector graphics, one bar per
// row with its label on the left and its printed value after the bar.
// Negative values extend left of a zero line.
type BarChart struct {
	Caption string
	Bars    []Bar
}

// Bar is one bar of a BarChart. Display is the printed value (e.g.
// "1 183 000 kr"); empty prints Value as is.
type Bar struct {
	Label   string
	Value   float64
	Display string
}

func (Paragraph) block()  {}
func (Subheading) block() {}
func (KeyFigures) block() {}
func (Table) block()      {}
func (BarChart) block()   {}

// maxPasses bounds the layout passes. The second pass only fills in page
// numbers that take a fixed width, so it reproduces the first pass's
// layout; the third is a safety margin.
const maxPasses = 3

// Render writes the document as PDF to w. It lays the document out once to
// learn the page on which each section starts and the page count, then
// again with those numbers in the table of contents and the footers.
// Render keeps no state between calls and is safe for concurrent use.
func Render(w io.Writer, d Document) error {
	var starts []int
	total := 0
	for range maxPasses {
		r := newRenderer(d, starts, total)
		if err := r.render(); err != nil {
			return fmt.Errorf("pdf.Render: %w", err)
		}
		if r.f.PageNo() == total && slices.Equal(r.starts, starts) {
			if err := r.f.Output(w); err != nil {
				return fmt.Errorf("pdf.Render: %w", err)
			}
			return nil
		}
		starts, total = r.starts, r.f.PageNo()
	}
	return errors.New("pdf.Render: page numbers did not settle")
}
