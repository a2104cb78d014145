package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
)

// waitForImport follows an import's status fragment until it is done, as
// htmx would, and returns the import's page.
func (c *client) waitForImport(t *testing.T, jobPath string) response {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		res := c.get(jobPath + "/status")
		wantStatus(t, res, http.StatusOK)
		if strings.Contains(res.Body, "<html") {
			t.Fatalf("the status fragment is a whole page:\n%s", res.Body)
		}
		if !strings.Contains(res.Body, "hx-get=") {
			break
		}
		wantBody(t, res, `hx-trigger="every 1s"`, `<progress max="100"`, `href="`+jobPath+`"`)
		if time.Now().After(deadline) {
			t.Fatalf("the import did not finish:\n%s", res.Body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	res := c.get(jobPath)
	wantStatus(t, res, http.StatusOK)
	return res
}

func startedImport(t *testing.T, res response) string {
	t.Helper()
	wantStatus(t, res, http.StatusSeeOther)
	loc := res.Header.Get("Location")
	if !regexp.MustCompile(`^/registers/imports/[a-z0-9]+$`).MatchString(loc) {
		t.Fatalf("redirected to %q, not an import", loc)
	}
	return loc
}

// visitImportPages renders every page of the registers' import and
// export (for TestEveryPageRendered) and checks what they show.
func (f *fixture) visitImportPages(t *testing.T) {
	staff := f.client().signIn(tillit.RoleStaff) // Region Skåne
	skane := strconv.FormatInt(f.orgs["Region Skåne"].ID, 10)

	res := staff.get("/registers")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<h1>Import och export</h1>", `href="/registers/contracts/import"`, `action="/registers/contracts.csv"`,
		`formaction="/registers/contracts.xlsx"`, `href="/registers/sites.xlsx"`)
	wantNoBody(t, res, `href="/registers/suppliers/import"`, `href="/registers/sites/import"`)

	res = staff.get("/registers/contracts/import")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<h1>Importera avtal</h1>", `enctype="multipart/form-data"`, "<td>Referens</td><td>Ja</td>",
		`<option value="`+skane+`">Region Skåne</option>`)
	wantNoBody(t, res, "Region Norrbotten")

	// A file with a problem saves nothing; the report says where.
	file := "Referens;Leverantör;Kategori;Startdatum;Slutdatum\r\n" +
		"RS-2026-1;Leverantör A;dental;2026-01-01;2028-12-31\r\n" +
		"RS-2026-2;Leverantör Ö;dental;2026-01-01;2028-12-31\r\n"
	job := startedImport(t, staff.postMultipart("/registers/contracts/import", url.Values{"region_id": {skane}}, "file", "avtal.csv", []byte(file)))
	res = staff.waitForImport(t, job)
	wantBody(t, res, "<h1>Import av avtal</h1>", "<dd>avtal.csv</dd>", "<dd>Region Skåne</dd>",
		"Inget sparades: filen har rader med problem (1).", `<th scope="row">skulle läggas till</th><td class="num">1</td>`,
		`<td class="num">3</td><td>Leverantör (B)</td><td>Ingen leverantör som heter Leverantör Ö finns i registret.`,
		`action="`+job+`/valid"`, "Importera raderna utan problem (1)", `href="`+job+`/report.csv"`)
	res = staff.get(job + "/report.csv")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Rad;Utfall;Identifieras av;Kolumn;Problem", "2;skulle läggas till;RS-2026-1;;", "3;inte importerad;RS-2026-2;Leverantör (B);Ingen leverantör")
	// Someone else does not see it.
	wantStatus(t, f.client().signIn(tillit.RoleOfficer).get(job), http.StatusNotFound)

	// The valid rows, then.
	next := startedImport(t, staff.post(job+"/valid", url.Values{}))
	res = staff.waitForImport(t, next)
	wantBody(t, res, "Filen är importerad, utom raderna med problem (1), som hoppades över.", `<th scope="row">tillagd</th><td class="num">1</td>`)
	wantNoBody(t, res, "/valid")
	wantStatus(t, staff.post(job+"/valid", url.Values{}), http.StatusConflict)

	res = staff.get("/registers/contracts.csv?region=" + skane)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Referens;Leverantörens organisationsnummer;Leverantör;Kategori;Startdatum;Slutdatum;OCID;Region", "RS-2026-1;;Leverantör A;dental;2026-01-01;2028-12-31;;12")
	res = staff.get("/registers")
	wantBody(t, res, "Dina senaste importer", `<a href="`+next+`">avtal.csv</a>`, "Importerad, några rader hoppades över")
}

func TestImportPages(t *testing.T) {
	f := newFixture(t)
	t.Run("pages", func(t *testing.T) { f.visitImportPages(t) })

	staff := f.client().signIn(tillit.RoleStaff)
	skane := strconv.FormatInt(f.orgs["Region Skåne"].ID, 10)
	norrbotten := strconv.FormatInt(f.orgs["Region Norrbotten"].ID, 10)
	t.Run("checked upload", func(t *testing.T) {
		// Content decides, not the name: a PDF called .csv is refused at once.
		res := staff.postMultipart("/registers/contracts/import", url.Values{"region_id": {skane}}, "file", "avtal.csv", []byte("%PDF-1.7\n"))
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, `id="file-error">Filen är en PDF.`, `aria-invalid="true"`)
		res = staff.postMultipart("/registers/contracts/import", url.Values{"region_id": {skane}}, "file", "avtal.csv", nil)
		wantStatus(t, res, http.StatusBadRequest)
		res = staff.postMultipart("/registers/contracts/import", url.Values{}, "file", "avtal.csv", []byte("a;b\n"))
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, "Välj regionen vars avtalsregister filen är.")
		// Another region's register is not Skåne staff's to import.
		res = staff.postMultipart("/registers/contracts/import", url.Values{"region_id": {norrbotten}}, "file", "avtal.csv", []byte("a;b\n"))
		wantStatus(t, res, http.StatusForbidden)
		// Too large: the route's limit.
		big := make([]byte, 33<<20)
		res = staff.postMultipart("/registers/contracts/import", url.Values{"region_id": {skane}}, "file", "avtal.csv", big)
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("a file over the limit: status %d", res.StatusCode)
		}
	})
	t.Run("a file that cannot be read", func(t *testing.T) {
		job := startedImport(t, staff.postMultipart("/registers/contracts/import", url.Values{"region_id": {skane}}, "file", "avtal.csv",
			[]byte("Referens;Leverant\x81r\nx;y\n")))
		res := staff.waitForImport(t, job)
		wantBody(t, res, "Filen kunde inte importeras. Inget sparades.", "varken UTF-8 eller Windows-1252")
		wantNoBody(t, res, "/valid", "report.csv")
	})
	t.Run("a supplier imports its own sites", func(t *testing.T) {
		sup := f.client().signIn(tillit.RoleSupplier) // Leverantör A
		res := sup.get("/registers")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `href="/registers/sites/import"`)
		res = sup.get("/registers/sites/import")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Tillverkningsställena importeras som Leverantör A:s.")
		list := "country,name,address,lat,lng,os_id\n" +
			"PK,Fabrik 2,\"Plot 14, Small Industrial Estate, Sialkot 51310\",32.4945,74.5229,PK2019085AB1C2D\n"
		job := startedImport(t, sup.postMultipart("/registers/sites/import", url.Values{}, "file", "os-hub.csv", []byte(list)))
		res = sup.waitForImport(t, job)
		wantBody(t, res, "Filen är importerad.")
		res = sup.get("/registers/sites.csv")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Leverantör A;PK;Fabrik 1;;Sialkot", "Leverantör A;PK;Fabrik 2;Plot 14, Small Industrial Estate, Sialkot 51310;Sialkot;32.4945;74.5229;PK2019085AB1C2D")
		// It does not see the other supplier's contracts in the export.
		res = sup.get("/registers/contracts.csv")
		wantNoBody(t, res, "Leverantör B")
		// Nor import another supplier's sites.
		job = startedImport(t, sup.postMultipart("/registers/sites/import", url.Values{}, "file", "os-hub.csv",
			[]byte("country,name,city,supplier\nPK,Fabrik 9,Sialkot,Leverantör B\n")))
		res = sup.waitForImport(t, job)
		wantBody(t, res, "Du kan bara importera ditt eget företags tillverkningsställen.")
	})
	t.Run("office imports suppliers as XLSX export", func(t *testing.T) {
		admin := f.client().signIn(tillit.RoleAdmin)
		res := admin.get("/registers/suppliers.xlsx")
		wantStatus(t, res, http.StatusOK)
		if res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("content type %q", res.Header.Get("Content-Type"))
		}
		wantBody(t, admin.get("/registers/suppliers/import"), "<h1>Importera leverantörer</h1>")
		job := startedImport(t, admin.postMultipart("/registers/suppliers/import", url.Values{}, "file", "leverantörer.xlsx", []byte(res.Body)))
		res = admin.waitForImport(t, job)
		wantBody(t, res, "Filen är importerad.", `<th scope="row">oförändrad</th><td class="num">2</td>`)
		wantBody(t, admin.get("/registers/sites/import"), `id="supplier"`)
	})
}
