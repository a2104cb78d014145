package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/export"
)

var cet = time.FixedZone("CET", 3600)

func deviations() export.Table {
	return export.Table{
		Title: "Avvikelser",
		Columns: []export.Column{
			{Header: "Leverantör", Kind: export.Text},
			{Header: "Upptäckt", Kind: export.Date},
			{Header: "Antal", Kind: export.Integer},
			{Header: "Belopp", Kind: export.Amount},
			{Header: "Andel", Kind: export.Percent},
			{Header: "Kommentar", Kind: export.Text},
		},
		Rows: [][]export.Cell{
			{
				export.TextCell("Åkeri AB"),
				export.DateCell(time.Date(2022, 3, 15, 23, 30, 0, 0, cet)), // 22:30 UTC: still the 15th
				export.IntCell(1234567),
				export.IntCell(250000),
				export.PercentCell(0.125),
				export.TextCell(`=HYPERLINK("http://x","klicka")`),
			},
			{
				export.TextCell(`Bygg; Ö "AB"`),
				export.BlankCell(),
				export.IntCell(-5),
				export.IntCell(0),
				export.PercentCell(1),
				export.TextCell("+46 70 123"),
			},
			{
				export.TextCell("@SUM(A1)"),
				export.DateCell(time.Time{}),
				export.IntCell(0),
				export.BlankCell(),
				export.PercentCell(math.NaN()),
				export.TextCell("rad 1\nrad 2"),
			},
			{
				export.TextCell(" -1+1"),
				export.DateCell(time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC)),
				export.IntCell(7),
				export.IntCell(-1500),
				export.PercentCell(0.07),
				export.TextCell("\tflik"),
			},
		},
	}
}

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := export.WriteCSV(&buf, deviations()); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffLeverantör;Upptäckt;Antal;Belopp;Andel;Kommentar\r\n" +
		"Åkeri AB;2022-03-15;1234567;250000;12,5%;\"'=HYPERLINK(\"\"http://x\"\",\"\"klicka\"\")\"\r\n" +
		"\"Bygg; Ö \"\"AB\"\"\";;-5;0;100%;'+46 70 123\r\n" +
		"'@SUM(A1);;0;;;\"rad 1\nrad 2\"\r\n" +
		"' -1+1;1999-12-31;7;-1500;7%;'\tflik\r\n"
	if got := buf.String(); got != want {
		t.Errorf("WriteCSV =\n%q\nwant\n%q", got, want)
	}
}

func TestWriteCSVOneColumn(t *testing.T) {
	var buf bytes.Buffer
	tab := export.Table{
		Columns: []export.Column{{Header: "Namn"}},
		Rows:    [][]export.Cell{{export.TextCell("a")}, {export.BlankCell()}, {export.TextCell("")}},
	}
	if err := export.WriteCSV(&buf, tab); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "\ufeffNamn\r\na\r\n\"\"\r\n\"\"\r\n"; got != want {
		t.Errorf("WriteCSV = %q, want %q", got, want)
	}
}

func TestWriteBadTable(t *testing.T) {
	for name, tab := range map[string]export.Table{
		"no columns":   {Title: "x"},
		"short row":    {Columns: []export.Column{{Header: "a"}, {Header: "b"}}, Rows: [][]export.Cell{{export.TextCell("1")}}},
		"long row":     {Columns: []export.Column{{Header: "a"}}, Rows: [][]export.Cell{{export.TextCell("1"), export.TextCell("2")}}},
		"unknown kind": {Columns: []export.Column{{Header: "a", Kind: export.Kind(99)}}},
	} {
		if err := export.WriteCSV(io.Discard, tab); err == nil {
			t.Errorf("WriteCSV(%s) succeeded", name)
		}
		if err := export.WriteXLSX(io.Discard, tab); err == nil {
			t.Errorf("WriteXLSX(%s) succeeded", name)
		}
	}
	if err := export.WriteXLSX(io.Discard); err == nil {
		t.Error("WriteXLSX() with no tables succeeded")
	}
}

func TestWriteXLSXTooManyRows(t *testing.T) {
	tab := export.Table{Title: "Stor", Columns: []export.Column{{Header: "n", Kind: export.Integer}}}
	tab.Rows = make([][]export.Cell, 1<<20)
	err := export.WriteXLSX(io.Discard, tab)
	if tillit.ErrorCode(err) != tillit.EINVALID {
		t.Errorf("err = %v, want EINVALID", err)
	}
}

// readXLSX writes the tables and opens the result with excelize.
func readXLSX(t *testing.T, tables ...export.Table) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, tables...); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, buf.Bytes()
}

// zipEntry returns the content of one part of an XLSX file.
func zipEntry(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	return string(b)
}

func numFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return "builtin " + strconv.Itoa(st.NumFmt)
}

func TestWriteXLSX(t *testing.T) {
	suppliers := export.Table{
		Title:   "Leverantörer",
		Columns: []export.Column{{Header: "Namn"}, {Header: "Org.nr"}},
		Rows:    [][]export.Cell{{export.TextCell("Åkeri AB"), export.TextCell("556000-0000")}},
	}
	f, data := readXLSX(t, deviations(), suppliers)

	if got, want := strings.Join(f.GetSheetList(), "|"), "Avvikelser|Leverantörer"; got != want {
		t.Errorf("sheets = %q, want %q", got, want)
	}

	rows, err := f.GetRows("Avvikelser", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	wantRows := [][]string{
		{"Leverantör", "Upptäckt", "Antal", "Belopp", "Andel", "Kommentar"},
		{"Åkeri AB", "44635", "1234567", "250000", "0.125", `=HYPERLINK("http://x","klicka")`},
		{`Bygg; Ö "AB"`, "", "-5", "0", "1", "+46 70 123"},
		{"@SUM(A1)", "", "0", "", "", "rad 1\nrad 2"},
		{" -1+1", "36525", "7", "-1500", "0.07", "\tflik"},
	}
	if len(rows) != len(wantRows) {
		t.Fatalf("rows = %q", rows)
	}
	for i := range wantRows {
		// GetRows drops trailing empty cells.
		for len(rows[i]) < len(wantRows[i]) {
			rows[i] = append(rows[i], "")
		}
		if strings.Join(rows[i], "|") != strings.Join(wantRows[i], "|") {
			t.Errorf("row %d = %q, want %q", i+1, rows[i], wantRows[i])
		}
	}

	// A date is a number with a date format.
	if typ, _ := f.GetCellType("Avvikelser", "B2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("B2 type = %v, want a number", typ)
	}
	if got := numFmt(t, f, "Avvikelser", "B2"); got != "yyyy-mm-dd" {
		t.Errorf("B2 format = %q, want yyyy-mm-dd", got)
	}
	if got, _ := f.GetCellValue("Avvikelser", "B2"); got != "2022-03-15" {
		t.Errorf("B2 shown as %q, want 2022-03-15", got)
	}
	for cell, want := range map[string]string{"C2": "#,##0", "D2": `#,##0 "kr"`, "E2": "0.0%"} {
		if got := numFmt(t, f, "Avvikelser", cell); got != want {
			t.Errorf("%s format = %q, want %q", cell, got, want)
		}
	}
	if typ, _ := f.GetCellType("Avvikelser", "C2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("C2 type = %v, want a number", typ)
	}

	// Text that looks like a formula stays text.
	if formula, _ := f.GetCellFormula("Avvikelser", "F2"); formula != "" {
		t.Errorf("F2 has formula %q", formula)
	}
	if typ, _ := f.GetCellType("Avvikelser", "F2"); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
		t.Errorf("F2 type = %v, want a string", typ)
	}

	// Bold header, frozen header row.
	id, _ := f.GetCellStyle("Avvikelser", "A1")
	if st, _ := f.GetStyle(id); st == nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header style = %+v, want bold", st)
	}
	for _, sheet := range f.GetSheetList() {
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
			t.Errorf("%s panes = %+v, want the first row frozen", sheet, panes)
		}
	}

	// An autofilter over each whole table.
	if s := zipEntry(t, data, "xl/worksheets/sheet1.xml"); !strings.Contains(s, `<autoFilter ref="$A$1:$F$5"`) {
		t.Errorf("sheet1 has no autofilter over A1:F5:\n%s", s)
	}
	if s := zipEntry(t, data, "xl/worksheets/sheet2.xml"); !strings.Contains(s, `<autoFilter ref="$A$1:$B$2"`) {
		t.Errorf("sheet2 has no autofilter over A1:B2:\n%s", s)
	}

	// Widths fit the content, listed in column order.
	if s := zipEntry(t, data, "xl/worksheets/sheet1.xml"); !strings.Contains(s, `<cols><col min="1" max="1"`) {
		t.Errorf("column widths not in column order:\n%s", s)
	}
	wA, _ := f.GetColWidth("Avvikelser", "A")
	wB, _ := f.GetColWidth("Avvikelser", "B")
	wF, _ := f.GetColWidth("Avvikelser", "F")
	if wA < float64(len("Bygg; Ö AB")) || wB < 10 || wF < float64(len(`=HYPERLINK("http://x","klicka")`)) || wF > 60 {
		t.Errorf("widths A %v, B %v, F %v", wA, wB, wF)
	}
}

func TestWriteXLSXEmptyTable(t *testing.T) {
	f, data := readXLSX(t, export.Table{Title: "Tom", Columns: []export.Column{{Header: "a"}, {Header: "b", Kind: export.Date}}})
	rows, err := f.GetRows("Tom")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || strings.Join(rows[0], "|") != "a|b" {
		t.Errorf("rows = %q, want only the header", rows)
	}
	if s := zipEntry(t, data, "xl/worksheets/sheet1.xml"); !strings.Contains(s, `<autoFilter ref="$A$1:$B$1"`) {
		t.Errorf("no autofilter over the header:\n%s", s)
	}
}

func TestWriteXLSXSheetNames(t *testing.T) {
	long := "Uppföljningar av hållbarhetskrav i upphandlade avtal"
	titles := []string{"Avvikelser", "AVVIKELSER", "", long, long, "Leverantörer: 2022/2023 [alla]*?", "History", "'citat'", "a\\b"}
	tables := make([]export.Table, len(titles))
	for i, title := range titles {
		tables[i] = export.Table{Title: title, Columns: []export.Column{{Header: "x"}}, Rows: [][]export.Cell{{export.TextCell(strconv.Itoa(i))}}}
	}
	f, _ := readXLSX(t, tables...)
	want := []string{
		"Avvikelser",
		"AVVIKELSER (2)",
		"Sheet3",
		"Uppföljningar av hållbarhetskra",
		"Uppföljningar av hållbarhet (2)",
		"Leverantörer- 2022-2023 (alla)",
		"History (2)",
		"’citat’",
		"a-b",
	}
	got := f.GetSheetList()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sheets =\n%q\nwant\n%q", got, want)
	}
	// Each table is on its own sheet, in order.
	for i, name := range got {
		if v, _ := f.GetCellValue(name, "A2"); v != strconv.Itoa(i) {
			t.Errorf("%s A2 = %q, want %d", name, v, i)
		}
	}
}

func TestSheetNames(t *testing.T) {
	got := export.SheetNames([]string{"Ärenden", "ärenden", "ÄRENDEN", "x\x00y", "😀" + strings.Repeat("a", 40)})
	want := []string{"Ärenden", "ärenden (2)", "ÄRENDEN (3)", "xy", "😀" + strings.Repeat("a", 29)}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("SheetNames = %q, want %q", got, want)
	}
}

func FuzzSheetNames(f *testing.F) {
	f.Add("Avvikelser", "avvikelser", "")
	f.Add("[a]:*?/\\", "'x'", "History")
	f.Add(strings.Repeat("ö", 40), strings.Repeat("ö", 31), "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		names := export.SheetNames([]string{a, b, c, a})
		if len(names) != 4 {
			t.Fatalf("got %d names", len(names))
		}
		x := excelize.NewFile()
		defer x.Close()
		for i, n := range names {
			if len(utf16.Encode([]rune(n))) > 31 || n == "" || strings.ContainsAny(n, "[]:*?/\\") {
				t.Fatalf("invalid name %q", n)
			}
			for _, m := range names[:i] {
				if strings.EqualFold(m, n) {
					t.Fatalf("%q and %q are the same sheet to Excel", m, n)
				}
			}
			if _, err := x.NewSheet(n); err != nil {
				t.Fatalf("excelize refuses %q: %v", n, err)
			}
		}
	})
}

func FuzzCSV(f *testing.F) {
	f.Add("Leverantör", "Åkeri AB\x1f=1+1\x1f\x1f\"a;b\"\r\nc", int64(-5), 0.125, int64(1648771200))
	f.Add("", "", int64(0), math.NaN(), int64(0))
	f.Add(" ", "\xff\xfe;\n\r", int64(math.MinInt64), math.Inf(1), int64(-62135596800))
	f.Fuzz(func(t *testing.T, header, cells string, n int64, frac float64, unix int64) {
		texts := strings.Split(cells, "\x1f")
		tab := export.Table{
			Title: header,
			Columns: []export.Column{
				{Header: header, Kind: export.Text},
				{Header: "n", Kind: export.Integer},
				{Header: "d", Kind: export.Date},
				{Header: "p", Kind: export.Percent},
				{Header: "k", Kind: export.Amount},
			},
		}
		single := export.Table{Columns: []export.Column{{Header: header}}}
		for i, s := range texts {
			tab.Rows = append(tab.Rows, []export.Cell{
				export.TextCell(s), export.IntCell(n + int64(i)), export.DateCell(time.Unix(unix, 0).UTC()),
				export.PercentCell(frac), export.IntCell(n),
			})
			single.Rows = append(single.Rows, []export.Cell{export.TextCell(s)})
		}
		for _, tab := range []export.Table{tab, single} {
			var buf bytes.Buffer
			if err := export.WriteCSV(&buf, tab); err != nil {
				t.Fatal(err)
			}
			out, ok := bytes.CutPrefix(buf.Bytes(), []byte("\ufeff"))
			if !ok {
				t.Fatal("no byte order mark")
			}
			r := csv.NewReader(bytes.NewReader(out))
			r.Comma = ';'
			r.FieldsPerRecord = len(tab.Columns)
			records, err := r.ReadAll()
			if err != nil {
				t.Fatalf("output does not parse: %v\n%q", err, out)
			}
			if len(records) != len(tab.Rows)+1 {
				t.Fatalf("%d records for %d rows\n%q", len(records), len(tab.Rows), out)
			}
			for i, s := range texts {
				got := strings.ReplaceAll(records[i+1][0], "\r", "")
				want := strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\r", "")
				if got != want && got != "'"+want {
					t.Fatalf("cell %q came back as %q", s, records[i+1][0])
				}
				if rest := strings.TrimLeft(got, " "); rest != "" && strings.ContainsRune("=+-@\t", rune(rest[0])) {
					panic("formula not neutralised: " + got)
				}
			}
		}
	})
}

func TestWriteXLSXOddText(t *testing.T) {
	tab := export.Table{
		Title:   "Udda",
		Columns: []export.Column{{Header: "x\x00y"}, {Header: "n", Kind: export.Percent}},
		Rows: [][]export.Cell{
			{export.TextCell("a\x01b\xffc"), export.PercentCell(math.Inf(1))},
			{export.TextCell("_x0041_ <b>&amp;</b>"), export.PercentCell(-0.5)},
		},
	}
	f, _ := readXLSX(t, tab)
	rows, err := f.GetRows("Udda", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"x\uFFFDy", "n"}, {"a\uFFFDb\uFFFDc"}, {"_x0041_ <b>&amp;</b>", "-0.5"}}
	if len(rows) != len(want) {
		t.Fatalf("rows = %q, want %q", rows, want)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i+1, rows[i], want[i])
		}
	}
}
