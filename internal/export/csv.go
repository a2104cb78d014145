package export

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"
)

// WriteCSV writes t as CSV for Excel with Swedish settings, which is what
// the people downloading it use:
//
//   - UTF-8 with a byte order mark, without which Excel reads the file as
//     Windows-1252 and shows "Ã¥" for "å".
//   - ';' between fields: Swedish Excel uses ',' as the decimal separator
//     and so expects ';' between fields when it opens a CSV file. (A
//     "sep=;" first line would force it in any locale, but Excel then
//     ignores the byte order mark, so it is not used.)
//   - Lines end in CRLF (RFC 4180); a field is quoted when it holds ';',
//     '"', a line break, or leading or trailing spaces.
//   - Integers and amounts are plain digits (1234567, no separators) and
//     dates YYYY-MM-DD, so Excel reads them as numbers and dates; percents
//     are written with a decimal comma, "12,5%", as Swedish Excel reads them.
//   - Text that Excel would run as a formula, starting (after any spaces)
//     with = + - @ tab or carriage return, gets a leading apostrophe
//     (OWASP, "CSV Injection").
//
// The header row comes first; blank cells are empty fields.
func WriteCSV(w io.Writer, t Table) error {
	if err := t.check(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	fields := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		fields[i] = csvText(c.Header)
	}
	writeCSVRecord(bw, fields)
	for _, row := range t.Rows {
		for i, c := range row {
			fields[i] = csvField(t.Columns[i].Kind, c)
		}
		writeCSVRecord(bw, fields)
	}
	return bw.Flush()
}

func csvField(k Kind, c Cell) string {
	if c.blank(k) {
		return ""
	}
	switch k {
	case Integer, Amount:
		return strconv.FormatInt(c.Int, 10)
	case Date:
		return c.Time.Format("2006-01-02")
	case Percent:
		return strings.Replace(formatPercent(c.Float), ".", ",", 1) + "%"
	}
	return csvText(c.Text)
}

// formatPercent writes fraction f as a percentage with at most two
// decimals: 0.125 → "12.5".
func formatPercent(f float64) string {
	p := math.Round(f*10000) / 100
	if p == 0 {
		p = 0 // not "-0"
	}
	return strconv.FormatFloat(p, 'f', -1, 64)
}

// csvText neutralises text that a spreadsheet would read as a formula,
// also after leading spaces, which some spreadsheets skip.
func csvText(s string) string {
	s = cleanText(s)
	if t := strings.TrimLeft(s, " "); t != "" && strings.IndexByte("=+-@\t\r", t[0]) >= 0 {
		return "'" + s
	}
	return s
}

func writeCSVRecord(w *bufio.Writer, fields []string) {
	for i, f := range fields {
		if i > 0 {
			w.WriteByte(';')
		}
		// A record of one empty field would be a blank line, which
		// readers skip; quote it so the row is kept.
		if csvNeedsQuotes(f) || len(fields) == 1 && f == "" {
			w.WriteByte('"')
			w.WriteString(strings.ReplaceAll(f, `"`, `""`))
			w.WriteByte('"')
		} else {
			w.WriteString(f)
		}
	}
	w.WriteString("\r\n")
}

func csvNeedsQuotes(f string) bool {
	if f == "" {
		return false
	}
	return strings.ContainsAny(f, ";\"\r\n") || f[0] == ' ' || f[len(f)-1] == ' '
}
