package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/browsertest"
)

// TestBrowserImport imports a contract register in headless Chromium as a
// region's staff would: choose the file and the region, send, watch the
// progress (htmx replaces it until the import is done), read the report,
// and import the rows without problems. The form, the progress and the
// report pass axe-core's WCAG 2.1 AA rules.
func TestBrowserImport(t *testing.T) {
	ctx := browsertest.New(t)
	f := newFixture(t)
	base := f.ts.URL
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return s
	}
	// waitFor evaluates expr until it is true, through page loads.
	waitFor := func(what, expr string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
			if err == nil && ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: not so after 30 s (%v)", what, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// Enough rows that the import is usually still running when its page
	// first shows, so the progress is seen and replaced.
	var file strings.Builder
	file.WriteString("Referens;Leverantör;Kategori;Startdatum;Slutdatum\r\n")
	for i := range 20000 {
		fmt.Fprintf(&file, "RS-2026-%05d;Leverantör A;dental;2026-01-01;2028-12-31\r\n", i)
	}
	file.WriteString("RS-2026-X;Leverantör Ö;dental;2026-01-01;2028-12-31\r\n")
	path := filepath.Join(t.TempDir(), "avtal.csv")
	if err := os.WriteFile(path, []byte(file.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	run("sign in",
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), f.users[tillit.RoleStaff].Email),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword+"\r"),
		chromedp.WaitVisible(chromedp.CSS("nav")),
	)
	run("open the registers", chromedp.Navigate(base+"/registers"), chromedp.WaitVisible(chromedp.CSS("h1")))
	browsertest.RequireNoViolations(t, ctx, "registers")
	run("open the form", chromedp.Click(chromedp.CSS(`a[href="/registers/contracts/import"]`)), chromedp.WaitVisible(chromedp.CSS("#file")))
	browsertest.RequireNoViolations(t, ctx, "import form")
	run("send the file",
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{path}),
		chromedp.SetValue(chromedp.CSS("#region_id"), strconv.FormatInt(f.orgs["Region Skåne"].ID, 10)),
		chromedp.Click(chromedp.CSS(`form[enctype] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#import-status")),
	)
	running, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('#import-status[hx-get]')`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the import's page showed its progress first: %v", running)
	browsertest.RequireNoViolations(t, ctx, "import running or done")
	waitFor("the report", `document.querySelector('form[action$="/valid"] button') !== null`)
	if s := text("#import-status"); !strings.Contains(s, "Inget sparades: filen har rader med problem (1).") || !strings.Contains(s, "Ingen leverantör som heter Leverantör Ö") {
		t.Fatalf("report:\n%s", s)
	}
	browsertest.RequireNoViolations(t, ctx, "import report")
	run("import the valid rows", chromedp.Click(chromedp.CSS(`form[action$="/valid"] button`)))
	waitFor("the second report", `document.body.innerText.includes('Filen är importerad')`)
	if s := text("#import-status"); !strings.Contains(s, "Filen är importerad, utom raderna med problem (1)") || !strings.Contains(s, "20000") {
		t.Fatalf("after importing the valid rows:\n%s", s)
	}
	browsertest.RequireNoViolations(t, ctx, "import done")
}
