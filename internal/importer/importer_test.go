package importer

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tillit-project/tillit"
)

var (
	ctx = context.Background()
	sys = tillit.SystemActor("importer test")
)

// check runs an import of kind against m without writing.
func check(t testing.TB, m *memStore, kind Kind, data []byte, opts Options) Report {
	t.Helper()
	var pl planner
	switch kind {
	case KindSuppliers:
		pl = &supplierPlan{}
	case KindContracts:
		pl = &contractPlan{regionID: 100}
	case KindSites:
		pl = &sitePlan{actor: sys, defaultSupplier: opts.SupplierID}
	}
	rep, err := run(ctx, m, sys, pl, bytes.NewReader(data), opts)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return rep
}

// problemAt returns the English problems of a line, "column: sentence".
func problemsAt(rep Report, line int) []string {
	var out []string
	for _, p := range rep.Problems {
		if p.Line == line {
			out = append(out, p.Column+": "+p.Msg.String())
		}
	}
	return out
}

func wantProblem(t *testing.T, rep Report, line int, column, part string) {
	t.Helper()
	for _, p := range rep.Problems {
		if p.Line == line && p.Column == column && strings.Contains(p.Msg.String(), part) {
			return
		}
	}
	t.Errorf("no problem on line %d in column %q saying %q; problems: %q", line, column, part, allProblems(rep))
}

func allProblems(rep Report) []string {
	var out []string
	for _, p := range rep.Problems {
		out = append(out, strings.Join([]string{itoa(int64(p.Line)), p.Column, p.Cell, p.Msg.String()}, " | "))
	}
	return out
}

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		want Format
		msg  string
	}{
		{"csv", []byte("a;b\n1;2\n"), CSV, ""},
		{"xlsx", []byte("PK\x03\x04rest"), XLSX, ""},
		{"empty", []byte("\ufeff \n"), "", "The file is empty."},
		{"xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0}, "", "old Excel workbook (XLS)"},
		{"pdf", []byte("%PDF-1.7\n"), "", "The file is a PDF."},
		{"ods", []byte("PK\x03\x04\x14\x00\x00\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheet"), "", "OpenDocument"},
		{"binary", []byte("\x00\x01\x02\x03"), "", "not a CSV file"},
		{"utf16", []byte{0xFF, 0xFE, 'a', 0}, CSV, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Sniff(c.data)
			if got != c.want {
				t.Errorf("format %q, want %q", got, c.want)
			}
			if c.msg == "" && err != nil || c.msg != "" && (err == nil || !strings.Contains(tillit.ErrorMessage(err).String(), c.msg)) {
				t.Errorf("error %v, want one saying %q", err, c.msg)
			}
		})
	}
}

func TestReadCSVEncodingsAndDelimiters(t *testing.T) {
	cp1252 := []byte("Namn;Land\r\nS\xe5gverket \xc5s AB;SE\r\n") // å and Å in Windows-1252
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range "Name\tCountry\r\nSågverket Ås AB\tSE\r\n" {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	for _, c := range []struct {
		name      string
		data      []byte
		enc       string
		delim     rune
		firstLine int
	}{
		{"semicolon with BOM", []byte("\ufeffNamn;Land\r\nSågverket Ås AB;SE\r\n"), "UTF-8", ';', 2},
		{"comma", []byte("name,country\nSågverket Ås AB,SE\n"), "UTF-8", ',', 2},
		{"quoted comma", []byte("\"Namn\",\"Land\"\n\"Sågverket Ås AB\",\"SE\"\n"), "UTF-8", ',', 2},
		{"tab", []byte("Name\tCountry\nSågverket Ås AB\tSE\n"), "UTF-8", '\t', 2},
		{"windows-1252", cp1252, "Windows-1252", ';', 2},
		{"utf-16", utf16, "UTF-16", '\t', 2},
		{"sep line", []byte("sep=;\nName;Country\n\nSågverket Ås AB;SE\n"), "UTF-8", ';', 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			sh, problems := readCSV(c.data, 10)
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			if sh.encoding != c.enc || sh.delimiter != c.delim {
				t.Errorf("encoding %q delimiter %q, want %q %q", sh.encoding, sh.delimiter, c.enc, c.delim)
			}
			if len(sh.rows) != 1 || sh.rows[0].line != c.firstLine || sh.rows[0].cells[0] != "Sågverket Ås AB" {
				t.Errorf("rows %+v, want Sågverket Ås AB on line %d", sh.rows, c.firstLine)
			}
		})
	}
}

func TestReadCSVProblems(t *testing.T) {
	for _, c := range []struct {
		name string
		data string
		line int
		msg  string
	}{
		{"undefined byte", "Namn;Land\nA\x81B;SE\n", 0, "neither UTF-8 nor Windows-1252"},
		{"bad utf-8 after BOM", "\xEF\xBB\xBFNamn;Land\nA\xffB;SE\n", 0, "says it is UTF-8 but is not"},
		{"bare quote", "Namn;Land\nOK AB;SE\nA \"B\" AB;SE\n", 3, "quotation mark stands inside"},
		{"unclosed quote", "Namn;Land\n\"OK AB\"x;SE\n", 2, "not closed properly"},
		{"too many rows", "Namn;Land\na;SE\nb;SE\nc;SE\n", 4, "more than 2 rows"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, problems := readCSV([]byte(c.data), 2)
			if len(problems) != 1 || problems[0].Line != c.line || !strings.Contains(problems[0].Msg.String(), c.msg) {
				t.Errorf("problems %+v, want one on line %d saying %q", problems, c.line, c.msg)
			}
		})
	}
}

func TestHeadings(t *testing.T) {
	for _, c := range []struct {
		header string
		want   map[string]int
		msg    string
	}{
		{"Referens;LEVERANTÖR;Kategori;Startdatum;Slutdatum", map[string]int{"reference": 0, "supplier": 1, "category": 2, "start": 3, "end": 4}, ""},
		{"reference,supplier_org_number,category code,Start Date (YYYY-MM-DD),end*,OCID", map[string]int{"reference": 0, "supplier_org_number": 1, "category": 2, "start": 3, "end": 4, "ocid": 5}, ""},
		{"Avtalsnummer;Organisationsnummer;Inköpskategori;Giltig från;Giltig till;Kommentar", map[string]int{"reference": 0, "supplier_org_number": 1, "category": 2, "start": 3, "end": 4}, ""},
		{"Referens;Leverantör;Kategori;Startdatum", nil, "The file has no column End date (in Swedish: Slutdatum)."},
		{"Referens;Avtalsnummer;Leverantör;Kategori;Startdatum;Slutdatum", nil, "This column and column A (Referens) say the same thing."},
	} {
		t.Run(c.header, func(t *testing.T) {
			sh, _ := readCSV([]byte(c.header+"\n"), 10)
			l, problems := mapColumns(contractColumns, sh.header, 1)
			if c.msg != "" {
				if len(problems) != 1 || !strings.HasPrefix(problems[0].Msg.String(), c.msg) {
					t.Errorf("problems %+v, want %q", problems, c.msg)
				}
				return
			}
			if len(problems) > 0 {
				t.Fatalf("problems: %+v", problems)
			}
			for k, i := range c.want {
				if l.index[k] != i {
					t.Errorf("column %s at %d, want %d", k, l.index[k], i)
				}
			}
		})
	}
}

func TestContractRows(t *testing.T) {
	m := newMemStore()
	file := strings.Join([]string{
		"Referens;Leverantörens organisationsnummer;Leverantör;Kategori;Startdatum;Slutdatum;OCID",
		"RS-2021-1;5560360793;;surgical-instruments;2021-01-01;2024-12-31;",   // 2 unchanged: the stored contract
		"RS-2022-1;;Sylak;Handskar;2022-01-01;20251231;ocds-213czf-000-00001", // 3 created, by former name
		"RS-2021-1b;;Instrumenta GmbH;gloves;2022/01/01;2023.12.31;",          // 4 created
		";556036-0793;;gloves;2022-01-01;2023-12-31;",                         // 5 no reference
		"RS-X;999999-9999;;gloves;2022-01-01;2023-12-31;",                     // 6 unknown org number
		"RS-Y;;Okänd AB;gloves;2022-01-01;2023-12-31;",                        // 7 unknown name
		"RS-Z;;;gloves;2022-01-01;2023-12-31;",                                // 8 no supplier
		"RS-W;556036-0793;Instrumenta GmbH;gloves;2022-01-01;2023-12-31;",     // 9 number and name disagree
		"RS-V;556036-0793;;möbler;2022-01-01;2023-12-31;",                     // 10 unknown category
		"RS-U;556036-0793;;gloves;31/12/2022;2022-02-30;",                     // 11 bad dates
		"RS-T;556036-0793;;gloves;2023-01-01;2022-12-31;",                     // 12 end before start
		"RS-S;556036-0793;;gloves;2022-01-01;2023-12-31;not an ocid",          // 13 bad ocid
		"RS-2022-1;556036-0793;;gloves;2022-01-01;2023-12-31;",                // 14 duplicate of line 3
		"RS-R;556036-0793;;gloves;2022-01-01;2023-12-31;\x01",                 // 15 control character
		"RS-2021-1c;556036-0793;;gloves;2022-01-01;2023-12-31;;extra",         // 16 created; the extra cell is ignored
	}, "\n")
	rep := check(t, m, KindContracts, []byte(file), Options{})
	if rep.Written || m.written != 0 {
		t.Fatalf("a file with problems was written")
	}
	want := map[int]Outcome{2: Unchanged, 3: Skipped, 4: Created, 16: Created}
	for _, row := range rep.Rows {
		if o, ok := want[row.Line]; ok && row.Outcome != o {
			t.Errorf("line %d: %s, want %s (%q)", row.Line, row.Outcome, o, problemsAt(rep, row.Line))
		}
	}
	wantProblem(t, rep, 5, "Referens", "Enter the contract reference")
	wantProblem(t, rep, 6, "Leverantörens organisationsnummer", "No supplier with organisation number 999999-9999")
	wantProblem(t, rep, 7, "Leverantör", "No supplier named Okänd AB")
	wantProblem(t, rep, 8, "Leverantörens organisationsnummer", "Enter the supplier's organisation number or name.")
	wantProblem(t, rep, 9, "Leverantör", "belongs to Observe Medical, not to Instrumenta GmbH")
	wantProblem(t, rep, 10, "Kategori", "There is no category möbler")
	wantProblem(t, rep, 11, "Startdatum", "31/12/2022 is not a date")
	wantProblem(t, rep, 11, "Slutdatum", "2022-02-30 is not a date")
	wantProblem(t, rep, 12, "Slutdatum", "The end date must come after the start date.")
	wantProblem(t, rep, 13, "OCID", "Open Contracting ocid")
	wantProblem(t, rep, 14, "Referens", "also on line 3")
	wantProblem(t, rep, 3, "Referens", "also on line 14")
	wantProblem(t, rep, 15, "OCID", "cannot be stored")
	if rep.Created != 2 || rep.Unchanged != 1 || rep.Skipped != 12 {
		t.Errorf("counts %d/%d/%d/%d", rep.Created, rep.Updated, rep.Unchanged, rep.Skipped)
	}
	for _, p := range rep.Problems {
		if p.Line == 0 || p.Cell == "" {
			t.Errorf("problem without line or cell: %+v", p)
		}
	}
	// With only the valid rows, those are written.
	rep = check(t, m, KindContracts, []byte(file), Options{OnlyValid: true})
	if !rep.Written || m.written != 2 {
		t.Errorf("only valid: written %v, %d changes", rep.Written, m.written)
	}
}

func TestContractUpdateKeepsAbsentColumns(t *testing.T) {
	m := newMemStore()
	m.conts[0].OCID = "ocds-213czf-000-00009"
	// Without an OCID column the stored ocid stays; a new end date is a change.
	rep := check(t, m, KindContracts, []byte("reference,supplier,category,start,end\nRS-2021-1,Observe Medical,surgical-instruments,2021-01-01,2025-06-30\n"), Options{DryRun: true})
	if rep.Updated != 1 || len(rep.Problems) > 0 {
		t.Fatalf("report %+v", rep)
	}
	rep = check(t, m, KindContracts, []byte("reference,supplier,category,start,end\nRS-2021-1,Observe Medical,surgical-instruments,2021-01-01,2024-12-31\n"), Options{})
	if rep.Unchanged != 1 || !rep.Written || m.written != 0 {
		t.Fatalf("report %+v, %d written", rep, m.written)
	}
	// A region column naming another region is a problem.
	rep = check(t, m, KindContracts, []byte("reference,supplier,category,start,end,region\nRS-1,Observe Medical,gloves,2021-01-01,2024-12-31,25\nRS-2,Observe Medical,gloves,2021-01-01,2024-12-31,Skåne\n"), Options{})
	wantProblem(t, rep, 2, "region", "belongs to Region Norrbotten")
	if len(problemsAt(rep, 3)) != 0 {
		t.Errorf("line 3: %q", problemsAt(rep, 3))
	}
}

func TestSupplierRows(t *testing.T) {
	m := newMemStore()
	file := strings.Join([]string{
		"Name,Country,Organisation number,Former names",
		"Observe Medical,SE,556036-0793,Sylak",          // 2 unchanged
		"Instrumenta Tuttlingen GmbH,Germany,HRB 1234,", // 3 renamed: updated
		"Utan Nummer AB,SE,5591234567,",                 // 4 gains a number... with a bad check digit
		"Ny Leverantör AB,SE,,",                         // 5 created
		"Ny Leverantör AB,SE,,",                         // 6 duplicate of 5
		"Sylak,SE,,",                                    // 7 a former name
		"Observe Medical,DK,,",                          // 8 name taken in another country
		",SE,,",                                         // 9 no name
		"Foo,Narnia,,",                                  // 10 unknown country
		"Instrumenta GmbH,DE,HRB 9999,",                 // 11 the name is taken by another number
	}, "\n")
	rep := check(t, m, KindSuppliers, []byte(file), Options{DryRun: true})
	want := map[int]Outcome{2: Unchanged, 3: Updated}
	for _, row := range rep.Rows {
		if o, ok := want[row.Line]; ok && row.Outcome != o {
			t.Errorf("line %d: %s, want %s (%q)", row.Line, row.Outcome, o, problemsAt(rep, row.Line))
		}
	}
	wantProblem(t, rep, 4, "Organisation number", "check the last digit")
	wantProblem(t, rep, 5, "Name", "This row and line 6 are the same supplier")
	wantProblem(t, rep, 6, "Name", "This row and line 5 are the same supplier")
	wantProblem(t, rep, 7, "Name", "Sylak is a former name of Observe Medical")
	wantProblem(t, rep, 8, "Country", "registered in SE")
	wantProblem(t, rep, 9, "Name", "Enter a name.")
	wantProblem(t, rep, 10, "Country", "Narnia is not a country we know")
	wantProblem(t, rep, 11, "Organisation number", "registered with organisation number HRB 1234")

	// A rename keeps the old name as a former name, newest first.
	rep = check(t, m, KindSuppliers, []byte("Namn;Land;Organisationsnummer\nObserve Medical Group;SE;5560360793\n"), Options{DryRun: true})
	if rep.Updated != 1 {
		t.Fatalf("report %q", allProblems(rep))
	}
	got := merged(&m.sups[0], &tillit.Supplier{Organisation: tillit.Organisation{Name: "Observe Medical Group", Country: "SE", OrgNumber: "556036-0793"}}, true)
	if strings.Join(got.FormerNames, ",") != "Observe Medical,Sylak" {
		t.Errorf("former names %q", got.FormerNames)
	}
}

func TestSiteRows(t *testing.T) {
	m := newMemStore()
	// Open Supply Hub's list format, lower case, with the supplier chosen
	// on import.
	file := strings.Join([]string{
		"country,name,address,lat,lng,os_id",
		"PK,Forge One,\"Plot 12, Small Industrial Estate, Sialkot 51310\",32.4945,74.5229,PK2019085AB1C2D", // 2 updated: address, coordinates
		"Pakistan,Forge Two,\"Plot 14, Small Industrial Estate, Sialkot 51310\",,,",                        // 3 created, city Sialkot
		"PK,Forge Three,,,,",                                                  // 4 no city
		"PK,Forge Four,Road 1 Sialkot,91,74,",                                 // 5 bad latitude
		"PK,Forge Five,Road 1 Sialkot,32.1,,",                                 // 6 only latitude
		"XX1,Forge Six,Road 1 Sialkot,,,",                                     // 7 bad country
		"PK,Forge Seven,Road 1 Sialkot,,,bad id",                              // 8 bad OS ID
		"PK,Forge Two,\"Plot 14, Small Industrial Estate, Sialkot 51310\",,,", // 9 duplicate of 3
	}, "\n")
	rep := check(t, m, KindSites, []byte(file), Options{SupplierID: 10, DryRun: true})
	want := map[int]Outcome{2: Updated, 3: Skipped}
	for _, row := range rep.Rows {
		if o, ok := want[row.Line]; ok && row.Outcome != o {
			t.Errorf("line %d: %s, want %s (%q)", row.Line, row.Outcome, o, problemsAt(rep, row.Line))
		}
	}
	wantProblem(t, rep, 4, "address", "Enter the city, or an address that ends with it")
	wantProblem(t, rep, 5, "lat", "91 is not a latitude")
	wantProblem(t, rep, 6, "lng", "Give both the latitude and the longitude")
	wantProblem(t, rep, 7, "country", "XX1 is not a country we know")
	wantProblem(t, rep, 8, "os_id", "Open Supply Hub ID")
	wantProblem(t, rep, 9, "name", "This row and line 3 are the same site")

	// Without a chosen supplier and without a supplier column, rows
	// cannot be placed.
	rep = check(t, m, KindSites, []byte("country,name,address\nPK,Forge,Sialkot\n"), Options{})
	wantProblem(t, rep, 2, "Supplier", "Say which supplier the site belongs to")

	// The city comes from the address.
	if got := cityFromAddress("Plot 14, Small Industrial Estate, Sialkot 51310, Pakistan", "PK"); got != "Sialkot" {
		t.Errorf("city %q", got)
	}
}

func TestSupplierCannotImportOthersSites(t *testing.T) {
	m := newMemStore()
	actor := tillit.Actor{UserID: 7, Memberships: []tillit.Membership{{OrgID: 10, Role: tillit.RoleSupplier}}}
	pl := &sitePlan{actor: actor, defaultSupplier: 10}
	rep, err := run(ctx, m, actor, pl, strings.NewReader("country,name,city,supplier\nPK,Own,Sialkot,\nPK,Other,Sialkot,Instrumenta GmbH\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows[0].Outcome != Created || len(problemsAt(rep, 2)) != 0 {
		t.Errorf("own site: %s %q", rep.Rows[0].Outcome, problemsAt(rep, 2))
	}
	wantProblem(t, rep, 3, "supplier", "your own company only")
}

func TestReadXLSX(t *testing.T) {
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	rows := [][]any{
		{"Reference", "Supplier organisation number", "Category", "Start date", "End date"},
		{},
		{"RS-2024-1", 5560360793, "gloves", mustDate("2024-01-01"), mustDate("2027-12-31")},
		{"RS-2024-2", "556036-0793", "gloves", "2024-02-01", 46022},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sh, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle(sh, "D3", "E3", style)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	m := newMemStore()
	rep := check(t, m, KindContracts, buf.Bytes(), Options{DryRun: true})
	if rep.Format != XLSX || rep.Created != 2 || len(rep.Problems) > 0 {
		t.Fatalf("report %+v %q", rep, allProblems(rep))
	}
	if rep.Rows[0].Line != 3 || rep.Rows[1].Line != 4 {
		t.Errorf("rows %+v", rep.Rows)
	}
	// A damaged workbook is a sentence, not a crash.
	rep = check(t, m, KindContracts, buf.Bytes()[:len(buf.Bytes())/2], Options{})
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].Msg.String(), "The workbook cannot be read") {
		t.Errorf("damaged: %q", allProblems(rep))
	}
}

func mustDate(s string) any {
	t, _ := parseDate(s, nil)
	return t
}
