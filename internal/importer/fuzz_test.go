package importer

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The fuzz targets feed each importer arbitrary files (go test -fuzz
// FuzzContracts ./internal/importer/); the seeds are in
// testdata/fuzz/<target>/ and below. Whatever the file, an import must not
// panic, every problem must be a sentence at a place in the file, and
// every row it refuses must have at least one problem on its line.

func FuzzContracts(f *testing.F) {
	f.Add([]byte("Referens;Leverantörens organisationsnummer;Kategori;Startdatum;Slutdatum\nRS-1;5560360793;gloves;2024-01-01;2025-12-31\n"))
	f.Add([]byte("reference,supplier,category,start,end,ocid,region\nRS-2021-1,Sylak,Handskar,20210101,2024-12-31,ocds-a-1,12\nRS-2021-1,,,,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzOne(t, KindContracts, data) })
}

func FuzzSuppliers(f *testing.F) {
	f.Add([]byte("Namn;Land;Organisationsnummer;Tidigare namn\nObserve Medical;SE;5560360793;Sylak\nNy AB;Sverige;;\n"))
	f.Add([]byte("name,country\n\"Quoted, Inc.\",US\n,\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzOne(t, KindSuppliers, data) })
}

func FuzzSites(f *testing.F) {
	f.Add([]byte("country,name,address,lat,lng,os_id\nPK,Forge One,\"Plot 12, Sialkot 51310\",32.49,74.52,PK2019085AB1C2D\n"))
	f.Add([]byte("Land;Namn;Adress;Ort;Latitud;Longitud;Produkter;Leverantör\nPK;Forge;Road 1;Sialkot;32,49;74,52;Saxar;Observe Medical\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzOne(t, KindSites, data) })
}

// FuzzXLSX feeds workbooks: the seed is a valid one, which the fuzzer
// damages.
func FuzzXLSX(f *testing.F) {
	x := excelize.NewFile()
	sh := x.GetSheetName(0)
	for i, r := range [][]any{
		{"Reference", "Supplier", "Category", "Start date", "End date"},
		{"RS-1", "Observe Medical", "gloves", 45292, 46022},
		{"RS-2", "Sylak", "gloves", "2024-01-01", "x"},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow(sh, cell, &r)
	}
	var buf bytes.Buffer
	x.Write(&buf)
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, zipMagic) {
			return
		}
		fuzzOne(t, KindContracts, data)
	})
}

func fuzzOne(t *testing.T, kind Kind, data []byte) {
	m := newMemStore()
	rep := check(t, m, kind, data, Options{SupplierID: 10, MaxRows: 1000, OnlyValid: true})
	lines := map[int]bool{}
	for _, row := range rep.Rows {
		lines[row.Line] = true
	}
	problemLines := map[int]bool{}
	for _, p := range rep.Problems {
		s := p.Msg.String()
		if !utf8.ValidString(s) || len(s) < 10 || !strings.HasSuffix(s, ".") || strings.Contains(s, "%!") {
			t.Errorf("problem is not a sentence: %q", s)
		}
		if p.Line < 0 || p.Line > 0 && len(rep.Rows) > 0 && !lines[p.Line] && !rep.FileProblem() {
			t.Errorf("problem on line %d, which is no row: %q", p.Line, s)
		}
		problemLines[p.Line] = true
	}
	for _, row := range rep.Rows {
		if row.Outcome == Skipped && !problemLines[row.Line] {
			t.Errorf("line %d is refused without a problem", row.Line)
		}
		if row.Outcome != Skipped && problemLines[row.Line] {
			t.Errorf("line %d has a problem but is %s", row.Line, row.Outcome)
		}
	}
	if n := rep.Created + rep.Updated + rep.Unchanged + rep.Skipped; n != len(rep.Rows) {
		t.Errorf("counts add up to %d, not %d rows", n, len(rep.Rows))
	}
	if len(rep.Rows) == 0 && len(rep.Problems) == 0 {
		t.Errorf("no rows and no problem")
	}
	if m.written > rep.Created+rep.Updated {
		t.Errorf("%d changes written for %d created and %d updated", m.written, rep.Created, rep.Updated)
	}
}
