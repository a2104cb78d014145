// Package pdftest reads back the PDFs package pdf writes, for tests: the
// text of each page, line by line. It is imported only by tests, so its
// PDF reader never reaches the binary.
package pdftest

import (
	"bytes"
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	rpdf "rsc.io/pdf"
)

// PageTexts extracts each page's text, one string per line, top to bottom,
// with the separately printed pieces of a line (cells) joined by a space.
// rsc.io/pdf parses the file, inflates the streams and decodes the fonts'
// WinAnsiEncoding; its Content method cannot be used because it drops
// spaces and fpdf writes no glyph widths for core fonts, so this walks
// fpdf's "x y Td (text) Tj" operators itself.
func PageTexts(t testing.TB, data []byte) [][]string {
	t.Helper()
	rd, err := rpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("read PDF: %v", err)
	}
	var pages [][]string
	for i := 1; i <= rd.NumPage(); i++ {
		page := rd.Page(i)
		type run struct {
			x float64
			s string
		}
		lines := map[int][]run{}
		var enc rpdf.TextEncoding
		var x, y float64
		rpdf.Interpret(page.V.Key("Contents"), func(stk *rpdf.Stack, op string) {
			args := make([]rpdf.Value, stk.Len())
			for k := len(args) - 1; k >= 0; k-- {
				args[k] = stk.Pop()
			}
			switch op {
			case "Tf":
				enc = page.Font(args[0].Name()).Encoder()
			case "Td":
				x, y = args[0].Float64(), args[1].Float64()
			case "Tj":
				if enc == nil {
					t.Fatalf("page %d: text before a font", i)
				}
				ly := int(math.Round(y))
				lines[ly] = append(lines[ly], run{x, enc.Decode(args[0].RawString())})
			}
		})
		ys := slices.Sorted(maps.Keys(lines))
		slices.Reverse(ys) // PDF y grows upwards
		var text []string
		for _, ly := range ys {
			rs := lines[ly]
			slices.SortStableFunc(rs, func(a, b run) int { return cmp.Compare(a.x, b.x) })
			parts := make([]string, 0, len(rs))
			for _, r := range rs {
				if s := strings.TrimSpace(r.s); s != "" {
					parts = append(parts, s)
				}
			}
			if len(parts) > 0 {
				text = append(text, NormSpace(strings.Join(parts, " ")))
			}
		}
		pages = append(pages, text)
	}
	return pages
}

// NormSpace turns no-break and thin spaces into plain ones.
func NormSpace(s string) string {
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u2009", " ").Replace(s)
}
