package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

func TestImportExportCommands(t *testing.T) {
	getenv, data := testEnv(t, nil)
	if _, _, err := runCmd(t, getenv, "migrate"); err != nil {
		t.Fatal(err)
	}
	dsn := getenv("TILLIT_DATABASE")
	if dsn == "" {
		dsn = filepath.Join(data, "tillit.db")
	}
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	sys := tillit.SystemActor("test")
	for _, err := range []error{
		db.CreateOrganisation(ctx, sys, &tillit.Organisation{Kind: tillit.OrgRegion, Name: "Region Skåne", CountyCode: "12"}),
		db.CreateCategory(ctx, sys, &tillit.Category{Code: "gloves", NameSV: "Handskar", NameEN: "Gloves"}),
		db.CreateSupplier(ctx, sys, &tillit.Supplier{Organisation: tillit.Organisation{Name: "Observe Medical", Country: "SE", OrgNumber: "556036-0793"}}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	dir := t.TempDir()
	file := filepath.Join(dir, "avtal.csv")
	os.WriteFile(file, []byte("Referens;Leverantörens organisationsnummer;Kategori;Startdatum;Slutdatum\n"+
		"RS-1;5560360793;gloves;2024-01-01;2026-12-31\nRS-2;5560360793;möbler;2024-01-01;2026-12-31\n"), 0o600)

	// A problem: nothing is written, exit status 1, the problem on stdout.
	out, errOut, err := runCmd(t, getenv, "import", "contracts", file, "--region", "12")
	if err == nil || !strings.Contains(out, "line 3, column Kategori (C): There is no category möbler.") ||
		!strings.Contains(out, "1 would be created") || !strings.Contains(errOut, "checking: 2 of 2 rows (100%)") {
		t.Fatalf("err %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	// With --only-valid the valid row is imported; again, nothing changes.
	report := filepath.Join(dir, "rapport.csv")
	out, _, err = runCmd(t, getenv, "import", "contracts", "--only-valid", file, "--region=Skåne", "--report", report)
	if err != nil || !strings.Contains(out, "1 created, 0 updated, 0 unchanged, 1 skipped") {
		t.Fatalf("err %v\n%s", err, out)
	}
	if b, _ := os.ReadFile(report); !strings.Contains(string(b), "3;not imported;RS-2;Kategori (C);There is no category möbler.") {
		t.Errorf("report:\n%s", b)
	}
	out, _, err = runCmd(t, getenv, "import", "contracts", file, "--only-valid", "--region", "12")
	if err != nil || !strings.Contains(out, "0 created, 0 updated, 1 unchanged, 1 skipped") {
		t.Fatalf("err %v\n%s", err, out)
	}
	// The export reads back as the same register.
	out, _, err = runCmd(t, getenv, "export", "contracts", "--region", "12")
	if err != nil || !strings.Contains(out, "Referens;Leverantörens organisationsnummer;Leverantör;Kategori;Startdatum;Slutdatum;OCID;Region\r\nRS-1;556036-0793;Observe Medical;gloves;2024-01-01;2026-12-31;;12\r\n") {
		t.Fatalf("err %v\n%q", err, out)
	}
	xlsx := filepath.Join(dir, "avtal.xlsx")
	if _, _, err = runCmd(t, getenv, "export", "contracts", "--format", "xlsx", "--out", xlsx, "--lang", "en"); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, getenv, "import", "contracts", xlsx, "--region", "12", "--dry-run")
	if err != nil || !strings.Contains(out, "0 would be created, 0 would be updated, 1 unchanged, 0 skipped") {
		t.Fatalf("err %v\n%s", err, out)
	}
	// Usage errors.
	for _, args := range [][]string{{"import"}, {"import", "contracts", file}, {"import", "things", file}, {"export", "contracts", "--format", "pdf"}} {
		if _, _, err := runCmd(t, getenv, args...); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}
