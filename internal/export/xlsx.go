package export

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/tillit-project/tillit"
)

// Limits of an Excel worksheet.
const (
	maxSheetRows    = 1 << 20 // including the header row
	maxSheetColumns = 1 << 14
	maxSheetName    = 31 // UTF-16 code units
)

// Number formats. Format codes in a file always use ',' for thousands and
// '.' for decimals; Excel shows them with the reader's separators, so
// "#,##0" appears as "1 234 567" in Swedish Excel. (A literal "# ##0" would
// not group thousands at all: the space would be an ordinary character.)
const (
	fmtDate    = "yyyy-mm-dd"
	fmtInteger = "#,##0"
	fmtAmount  = `#,##0 "kr"`
	fmtPercent = "0.0%"
)

// WriteXLSX writes the tables as one workbook, one sheet per table in
// order. Each sheet has a bold header row that stays in view when
// scrolling, an autofilter over the whole table, and column widths that fit
// the content. Dates are Excel dates shown as yyyy-mm-dd, integers and
// amounts numbers with thousands grouped, percents fractions shown as
// 12.5 %. Text is stored as text, so nothing in it runs as a formula.
//
// Sheet names are made valid for Excel from the titles: at most 31
// characters, none of []:*?/\, and unique regardless of case (see
// SheetNames).
//
// A table with more rows than a sheet holds gives EINVALID.
func WriteXLSX(w io.Writer, tables ...Table) error {
	if len(tables) == 0 {
		return errors.New("export.WriteXLSX: no tables")
	}
	titles := make([]string, len(tables))
	for i, t := range tables {
		if len(t.Rows) >= maxSheetRows {
			return tillit.Errorf(tillit.EINVALID, "The list has %d rows, more than a spreadsheet can hold (%d). Filter it further and download it again.", len(t.Rows), maxSheetRows-1)
		}
		if len(t.Columns) > maxSheetColumns {
			return fmt.Errorf("export.WriteXLSX: table %q has %d columns, more than a sheet holds", t.Title, len(t.Columns))
		}
		if err := t.check(); err != nil {
			return err
		}
		titles[i] = t.Title
	}
	names := SheetNames(titles)

	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("export.WriteXLSX: %w", err)
	}
	first := f.GetSheetName(0)
	for i, name := range names {
		if i == 0 {
			err = f.SetSheetName(first, name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err != nil {
			return fmt.Errorf("export.WriteXLSX: sheet %q: %w", name, err)
		}
	}
	for i, t := range tables {
		if err := writeSheet(f, names[i], t, st); err != nil {
			return fmt.Errorf("export.WriteXLSX: sheet %q: %w", names[i], err)
		}
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("export.WriteXLSX: %w", err)
	}
	return nil
}

type styles struct {
	header int
	kind   [Percent + 1]int // style per Kind; 0 for Text
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	st.header, err = f.NewStyle(&excelize.Style{
		Font:   &excelize.Font{Bold: true},
		Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
	})
	if err != nil {
		return st, err
	}
	for _, k := range []struct {
		kind Kind
		code string
	}{{Integer, fmtInteger}, {Date, fmtDate}, {Amount, fmtAmount}, {Percent, fmtPercent}} {
		if st.kind[k.kind], err = f.NewStyle(&excelize.Style{CustomNumFmt: &k.code}); err != nil {
			return st, err
		}
	}
	return st, nil
}

func writeSheet(f *excelize.File, name string, t Table, st styles) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	// Column widths and panes must be set before the first row. The
	// stream writer puts each new width before the ones set earlier, and
	// Excel wants them in column order: so set them from the last column.
	widths := columnWidths(t)
	for i := len(widths) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze:      true,
		YSplit:      1,
		TopLeftCell: "A2",
		ActivePane:  "bottomLeft",
		Selection:   []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}

	values := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		values[i] = excelize.Cell{StyleID: st.header, Value: cleanText(c.Header)}
	}
	if err := sw.SetRow("A1", values); err != nil {
		return err
	}
	for r, row := range t.Rows {
		for i, c := range row {
			values[i] = xlsxValue(t.Columns[i].Kind, c, st)
		}
		if err := sw.SetRow("A"+strconv.Itoa(r+2), values); err != nil {
			return err
		}
	}
	// The autofilter belongs to the worksheet, which the stream writer
	// writes out in Flush; so it is set before.
	last, err := excelize.CoordinatesToCellName(len(t.Columns), len(t.Rows)+1)
	if err != nil {
		return err
	}
	if err := f.AutoFilter(name, "A1:"+last, nil); err != nil {
		return err
	}
	return sw.Flush()
}

func xlsxValue(k Kind, c Cell, st styles) any {
	if c.blank(k) {
		return nil
	}
	switch k {
	case Integer, Amount:
		return excelize.Cell{StyleID: st.kind[k], Value: c.Int}
	case Date:
		return excelize.Cell{StyleID: st.kind[k], Value: day(c.Time)}
	case Percent:
		return excelize.Cell{StyleID: st.kind[k], Value: c.Float}
	}
	return cleanText(c.Text)
}

// columnWidths returns a width per column, in characters, that fits the
// header and the longest value shown, within limits.
func columnWidths(t Table) []float64 {
	const minWidth, maxWidth, padding = 8, 60, 2
	widths := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		n := displayWidth(c.Header) + 2 // room for the filter button
		for _, row := range t.Rows {
			n = max(n, displayWidth(shown(c.Kind, row[i])))
		}
		widths[i] = float64(min(max(n+padding, minWidth), maxWidth))
	}
	return widths
}

// shown is roughly how Excel shows a value, to measure it.
func shown(k Kind, c Cell) string {
	if c.blank(k) {
		return ""
	}
	switch k {
	case Integer, Amount:
		s := strconv.FormatInt(c.Int, 10)
		s += strings.Repeat(" ", (len(s)-1)/3) // thousands separators
		if k == Amount {
			s += " kr"
		}
		return s
	case Date:
		return "2006-01-02"
	case Percent:
		return formatPercent(c.Float) + " %"
	}
	return c.Text
}

// displayWidth counts characters, East Asian wide ones twice, up to the
// first line break.
func displayWidth(s string) int {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	n := 0
	for _, r := range s {
		n++
		if unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana) {
			n++
		}
		if n > 100 {
			break
		}
	}
	return n
}

// SheetNames turns table titles into sheet names that Excel accepts, in
// order: characters Excel forbids are replaced ([ and ] by parentheses,
// : / \ by "-", * and ? removed, control characters removed, an apostrophe by
// a typographic one), names are cut to 31 characters, an empty title
// becomes "Sheet1" (by position), and a name that is already taken,
// ignoring case, or is the reserved "History" gets " (2)", " (3)", ...
func SheetNames(titles []string) []string {
	names := make([]string, 0, len(titles))
	taken := func(s string) bool {
		if strings.EqualFold(s, "History") {
			return true
		}
		for _, n := range names {
			if strings.EqualFold(n, s) {
				return true
			}
		}
		return false
	}
	for i, title := range titles {
		base := sheetBase(title)
		if base == "" {
			base = "Sheet" + strconv.Itoa(i+1)
		}
		name := base
		for n := 2; taken(name); n++ {
			suffix := " (" + strconv.Itoa(n) + ")"
			name = strings.TrimRight(truncateUTF16(base, maxSheetName-len(suffix)), " ") + suffix
		}
		names = append(names, name)
	}
	return names
}

func sheetBase(title string) string {
	var b strings.Builder
	for _, r := range cleanText(title) {
		switch {
		case r == '[':
			b.WriteRune('(')
		case r == ']':
			b.WriteRune(')')
		case r == ':' || r == '/' || r == '\\':
			b.WriteRune('-')
		case r == '\'':
			// Excel allows an apostrophe inside a name, but excelize
			// does not escape it in the autofilter's defined name.
			b.WriteRune('’')
		case r == '*' || r == '?' || r == utf8.RuneError:
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || !unicode.IsPrint(r):
		default:
			b.WriteRune(r)
		}
	}
	s := strings.Join(strings.Fields(b.String()), " ")
	return strings.TrimSpace(truncateUTF16(s, maxSheetName))
}

// truncateUTF16 cuts s to at most n UTF-16 code units, the unit Excel
// counts, without splitting a character.
func truncateUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return s[:i]
		}
	}
	return s
}
