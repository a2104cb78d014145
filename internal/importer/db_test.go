package importer_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/export"
	"github.com/tillit-project/tillit/internal/importer"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

var (
	ctx = context.Background()
	sys = tillit.SystemActor("importer test")
)

// world is a database with two regions, two categories and a supplier.
type world struct {
	db            *sqldb.DB
	skane, norr   *tillit.Organisation
	gloves, instr *tillit.Category
	observe       *tillit.Supplier
}

func newWorld(t testing.TB) *world {
	t.Helper()
	db := sqldbtest.Open(t)
	w := &world{db: db}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	w.skane = &tillit.Organisation{Kind: tillit.OrgRegion, Name: "Region Skåne", CountyCode: "12"}
	w.norr = &tillit.Organisation{Kind: tillit.OrgRegion, Name: "Region Norrbotten", CountyCode: "25"}
	must(db.CreateOrganisation(ctx, sys, w.skane))
	must(db.CreateOrganisation(ctx, sys, w.norr))
	w.gloves = &tillit.Category{Code: "gloves", NameSV: "Handskar", NameEN: "Gloves"}
	w.instr = &tillit.Category{Code: "surgical-instruments", NameSV: "Kirurgiska instrument", NameEN: "Surgical instruments"}
	must(db.CreateCategory(ctx, sys, w.gloves))
	must(db.CreateCategory(ctx, sys, w.instr))
	w.observe = &tillit.Supplier{Organisation: tillit.Organisation{Name: "Observe Medical", Country: "SE", OrgNumber: "556036-0793"},
		SupplierProfile: tillit.SupplierProfile{FormerNames: []string{"Sylak"}}}
	must(db.CreateSupplier(ctx, sys, w.observe))
	return w
}

// auditCount is the number of events in the trail, which must verify.
func (w *world) auditCount(t testing.TB) int64 {
	t.Helper()
	v, err := w.db.VerifyAudit(ctx)
	if err != nil || v.BrokenID != 0 {
		t.Fatalf("audit trail: %+v %v", v, err)
	}
	return v.Checked
}

func counts(r importer.Report) string {
	return fmt.Sprintf("created %d updated %d unchanged %d skipped %d written %v", r.Created, r.Updated, r.Unchanged, r.Skipped, r.Written)
}

func wantCounts(t *testing.T, r importer.Report, want string) {
	t.Helper()
	if got := counts(r); got != want {
		var ps []string
		for _, p := range r.Problems {
			ps = append(ps, fmt.Sprintf("%d %s: %s", p.Line, p.Column, p.Msg))
		}
		t.Fatalf("%s, want %s\nproblems: %q", got, want, ps)
	}
}

const suppliersFile = "Namn;Land;Organisationsnummer;Tidigare namn\r\n" +
	"Observe Medical;SE;5560360793;Sylak\r\n" +
	"Instrumenta GmbH;Tyskland;HRB 1234;Instrumente Schmidt\r\n" +
	"Sågverket Ås AB;SE;;\r\n"

const contractsFile = "Referens;Leverantörens organisationsnummer;Leverantör;Kategori;Startdatum;Slutdatum;OCID\r\n" +
	"RS-2021-1;556036-0793;;gloves;2021-01-01;2024-12-31;ocds-213czf-000-00001\r\n" +
	"RS-2022-7;;Instrumenta GmbH;Kirurgiska instrument;2022-03-01;2026-02-28;\r\n" +
	"RS-2023-2;;Sylak;surgical-instruments;2023-01-01;2025-12-31;\r\n"

const sitesFile = "country,name,address,lat,lng,os_id,supplier\n" +
	"PK,Forge One,\"Plot 12, Small Industrial Estate, Sialkot 51310\",32.4945,74.5229,PK2019085AB1C2D,Observe Medical\n" +
	"Pakistan,Forge Two,\"Plot 14, Small Industrial Estate, Sialkot 51310\",,,,Observe Medical\n" +
	"DE,Werk Tuttlingen,\"Hauptstraße 1, 78532 Tuttlingen\",47.98,-8.82,,Instrumenta GmbH\n"

// TestReimportIsNoOp imports each register twice: the second import
// changes nothing, not even the audit trail.
func TestReimportIsNoOp(t *testing.T) {
	w := newWorld(t)
	cp1252 := []byte(strings.NewReplacer("Å", "\xc5", "å", "\xe5").Replace(suppliersFile)) // as plain "CSV" from Swedish Excel

	rep, err := importer.Suppliers(ctx, w.db, sys, bytes.NewReader(cp1252), importer.Options{FileName: "leverantörer.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Encoding != "Windows-1252" || rep.Delimiter != ";" {
		t.Errorf("read as %s with %q", rep.Encoding, rep.Delimiter)
	}
	wantCounts(t, rep, "created 2 updated 0 unchanged 1 skipped 0 written true")
	for _, kind := range []struct {
		name string
		run  func() (importer.Report, error)
		want string
	}{
		{"suppliers", func() (importer.Report, error) {
			return importer.Suppliers(ctx, w.db, sys, bytes.NewReader(cp1252), importer.Options{})
		}, "created 0 updated 0 unchanged 3 skipped 0 written true"},
		{"contracts", func() (importer.Report, error) {
			return importer.Contracts(ctx, w.db, sys, w.skane.ID, strings.NewReader(contractsFile), importer.Options{})
		}, "created 3 updated 0 unchanged 0 skipped 0 written true"},
		{"sites", func() (importer.Report, error) {
			return importer.Sites(ctx, w.db, sys, strings.NewReader(sitesFile), importer.Options{})
		}, "created 3 updated 0 unchanged 0 skipped 0 written true"},
	} {
		t.Run(kind.name, func(t *testing.T) {
			rep, err := kind.run()
			if err != nil {
				t.Fatal(err)
			}
			wantCounts(t, rep, kind.want)
			before := w.auditCount(t)
			again, err := kind.run()
			if err != nil {
				t.Fatal(err)
			}
			wantCounts(t, again, fmt.Sprintf("created 0 updated 0 unchanged %d skipped 0 written true", len(again.Rows)))
			if after := w.auditCount(t); after != before {
				t.Errorf("the re-import wrote %d audit events", after-before)
			}
		})
	}
	// What was imported is what the file says.
	sups, err := w.db.SuppliersForImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range sups {
		names = append(names, fmt.Sprintf("%s|%s|%s|%s", s.Name, s.Country, s.OrgNumber, strings.Join(s.FormerNames, ",")))
	}
	if got := strings.Join(names, "\n"); got != "Observe Medical|SE|556036-0793|Sylak\nInstrumenta GmbH|DE|HRB 1234|Instrumente Schmidt\nSågverket Ås AB|SE||" {
		t.Errorf("suppliers:\n%s", got)
	}
	cs, err := w.db.ContractsForExport(ctx, tillit.Scope{All: true}, w.skane.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 3 || cs[0].Reference != "RS-2021-1" || cs[0].OCID != "ocds-213czf-000-00001" || cs[2].SupplierName != "Observe Medical" ||
		cs[1].CategoryCode != "surgical-instruments" || !cs[1].End.Equal(time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("contracts: %+v", cs)
	}
	sites, err := w.db.SitesForExport(ctx, tillit.Scope{All: true}, 0)
	if err != nil {
		t.Fatal(err)
	}
	// By supplier name: Instrumenta's site first.
	if len(sites) != 3 || sites[2].City != "Sialkot" || sites[2].Lat != nil || sites[0].Lng == nil || *sites[0].Lng != -8.82 ||
		sites[1].OSHubID != "PK2019085AB1C2D" || *sites[1].Lat != 32.4945 || sites[0].City != "Tuttlingen" {
		for _, s := range sites {
			t.Logf("%+v", s)
		}
		t.Errorf("sites as above")
	}
}

// TestImportChangesAndProblems: a changed row updates with an audit event
// of its own; a file with problems writes nothing unless asked to write
// the valid rows.
func TestImportChangesAndProblems(t *testing.T) {
	w := newWorld(t)
	rep, err := importer.Suppliers(ctx, w.db, sys, strings.NewReader(suppliersFile), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, rep, "created 2 updated 0 unchanged 1 skipped 0 written true")
	rep, err = importer.Contracts(ctx, w.db, sys, w.skane.ID, strings.NewReader(contractsFile), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, rep, "created 3 updated 0 unchanged 0 skipped 0 written true")
	changed := strings.Replace(contractsFile, "2024-12-31", "2025-06-30", 1) + "RS-2024-1;556036-0793;;möbler;2024-01-01;2026-12-31;\r\n"
	before := w.auditCount(t)
	rep, err = importer.Contracts(ctx, w.db, sys, w.skane.ID, strings.NewReader(changed), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, rep, "created 0 updated 1 unchanged 2 skipped 1 written false")
	if len(rep.Problems) != 1 || rep.Problems[0].Line != 5 || rep.Problems[0].Column != "Kategori" || rep.Problems[0].Cell != "D" {
		t.Errorf("problems %+v", rep.Problems)
	}
	if w.auditCount(t) != before {
		t.Fatal("a file with problems wrote something")
	}
	rep, err = importer.Contracts(ctx, w.db, sys, w.skane.ID, strings.NewReader(changed), importer.Options{OnlyValid: true, FileName: "avtal.csv"})
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, rep, "created 0 updated 1 unchanged 2 skipped 1 written true")
	events, err := w.db.FindAuditEvents(ctx, sqldb.AuditFilter{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].Action != "import.contracts" || !strings.Contains(events[0].After, `"file_name":"avtal.csv"`) ||
		!strings.Contains(events[0].After, `"updated":1`) || events[1].Action != "contract.import" ||
		!strings.Contains(events[1].Before, "2024-12-31") || !strings.Contains(events[1].After, "2025-06-30") {
		t.Errorf("audit events: %+v", events)
	}
	// Staff of another region may not import Skåne's register.
	staff := tillit.Actor{UserID: 99, Memberships: []tillit.Membership{{OrgID: w.norr.ID, Role: tillit.RoleStaff}}}
	if _, err := importer.Contracts(ctx, w.db, staff, w.skane.ID, strings.NewReader(contractsFile), importer.Options{}); tillit.ErrorCode(err) != tillit.EFORBIDDEN {
		t.Errorf("another region's staff: %v", err)
	}
}

// TestExportImportRoundTrip exports each register as CSV and XLSX, in
// both languages, and imports the files again: nothing changes.
func TestExportImportRoundTrip(t *testing.T) {
	w := newWorld(t)
	if _, err := importer.Suppliers(ctx, w.db, sys, strings.NewReader(suppliersFile), importer.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := importer.Contracts(ctx, w.db, sys, w.skane.ID, strings.NewReader(contractsFile), importer.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := importer.Sites(ctx, w.db, sys, strings.NewReader(sitesFile), importer.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, kind := range importer.Kinds {
		for _, lang := range []tillit.Lang{tillit.Swedish, tillit.English} {
			for _, format := range []string{"csv", "xlsx"} {
				t.Run(fmt.Sprintf("%s %s %s", kind, lang, format), func(t *testing.T) {
					tab, err := importer.Export(ctx, w.db, tillit.Scope{All: true}, kind, lang, importer.ExportFilter{RegionID: w.skane.ID})
					if err != nil {
						t.Fatal(err)
					}
					var buf bytes.Buffer
					if format == "csv" {
						err = export.WriteCSV(&buf, tab)
					} else {
						err = export.WriteXLSX(&buf, tab)
					}
					if err != nil {
						t.Fatal(err)
					}
					rep, err := importer.Import(ctx, w.db, sys, kind, w.skane.ID, &buf, importer.Options{})
					if err != nil {
						t.Fatal(err)
					}
					wantCounts(t, rep, fmt.Sprintf("created 0 updated 0 unchanged %d skipped 0 written true", len(tab.Rows)))
				})
			}
		}
	}
}

var big = flag.Bool("big", false, "run the 100 000-row contract import (TestImportContracts100k)")

// TestImportContracts100k imports a 100 000-row contract register and
// reports the rows per second; run it with
//
//	go test ./internal/importer/ -run TestImportContracts100k -big -v
func TestImportContracts100k(t *testing.T) {
	if !*big {
		t.Skip("run with -big")
	}
	w := newWorld(t)
	const n = 100_000
	var file bytes.Buffer
	file.WriteString("Referens;Leverantörens organisationsnummer;Kategori;Startdatum;Slutdatum;OCID\r\n")
	for i := range n {
		start := time.Date(2020+i%5, time.Month(1+i%12), 1, 0, 0, 0, 0, time.UTC)
		fmt.Fprintf(&file, "RS-%d-%06d;556036-0793;%s;%s;%s;ocds-213czf-%06d\r\n", start.Year(), i, []string{"gloves", "surgical-instruments"}[i%2],
			start.Format(time.DateOnly), start.AddDate(3, 0, -1).Format(time.DateOnly), i)
	}
	data := file.Bytes()
	var last importer.Progress
	updates := 0
	run := func(want string) time.Duration {
		start := time.Now()
		rep, err := importer.Contracts(ctx, w.db, sys, w.skane.ID, bytes.NewReader(data), importer.Options{Progress: func(p importer.Progress) {
			updates++
			last = p
		}})
		if err != nil {
			t.Fatal(err)
		}
		wantCounts(t, rep, want)
		return time.Since(start)
	}
	first := run(fmt.Sprintf("created %d updated 0 unchanged 0 skipped 0 written true", n))
	if updates < 50 || last.Phase != importer.PhaseDone {
		t.Errorf("%d progress reports, the last %+v", updates, last)
	}
	again := run(fmt.Sprintf("created 0 updated 0 unchanged %d skipped 0 written true", n))
	t.Logf("%s: %d contracts (%.1f MB) imported in %v: %.0f rows/s; imported again (no change) in %v: %.0f rows/s",
		sqldbtest.Engine(), n, float64(len(data))/1e6, first.Round(time.Millisecond), n/first.Seconds(), again.Round(time.Millisecond), n/again.Seconds())
	w.auditCount(t)
}
