package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/demo"
	"github.com/tillit-project/tillit/internal/demo/demotest"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/pdf/pdftest"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// newDemoFixture is a server over the demo year, with the demo's users as
// the fixture's users (one per role).
func newDemoFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, db: sqldbtest.Open(t), mail: &outbox{}, users: map[tillit.Role]*tillit.User{},
		orgs: map[string]*tillit.Organisation{}, now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	f.db.Now = func() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }
	if _, err := demo.Load(ctx, f.db, demo.Options{Password: testPassword, Hash: password.Fast}); err != nil {
		t.Fatal(err)
	}
	for _, a := range demo.Accounts {
		u, err := f.db.FindUserByEmail(ctx, a.Email)
		if err != nil {
			t.Fatal(err)
		}
		if f.users[a.Role] == nil {
			f.users[a.Role] = u
		}
	}
	srv, err := New(Deps{DB: f.db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Mail: f.mail,
		Sessions: sqldb.SessionPolicy{Idle: time.Hour, Absolute: 12 * time.Hour}, Hash: password.Fast, PublicURL: "http://tillit.test"})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	f.ts = httptest.NewServer(srv)
	t.Cleanup(f.ts.Close)
	return f
}

// swedishAmount writes n as the report prints it: "6 730 316".
func swedishAmount(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// TestAnnualReport2022Formats compares every figure, both supplier lists
// and every finance line of the published 2022 report with the report
// computed from the demo year: in the JSON API, in the PDF's text and in
// the spreadsheet.
func TestAnnualReport2022Formats(t *testing.T) {
	f := newDemoFixture(t)
	ref := demotest.Reference(t)

	// JSON.
	res := f.api("GET", "/api/v1/reports/annual/2022", f.apiToken(tillit.RoleStaff), "")
	wantStatus(t, res, http.StatusOK)
	var got struct {
		Year                 int            `json:"year"`
		Complete             bool           `json:"complete"`
		FollowUp             map[string]int `json:"followup"`
		RiskAnalysesApproved *int           `json:"risk_analyses_approved"`
		PeopleTrained        *int           `json:"people_trained"`
		AuditsStarted        []struct {
			Supplier string `json:"supplier"`
		} `json:"audits_started"`
		AuditsClosed []struct {
			Supplier string `json:"supplier"`
		} `json:"audits_closed"`
		Categories []struct {
			Name        string   `json:"name"`
			Responsible []string `json:"responsible_regions"`
		} `json:"categories"`
		Finance *struct {
			OpeningBalance int64 `json:"opening_balance"`
			Contributions  []struct {
				CountyCode string `json:"county_code"`
				Region     string `json:"region"`
				Amount     int64  `json:"amount"`
			} `json:"contributions"`
			IncomeTotal int64 `json:"income_total"`
			Costs       []struct {
				Type   string `json:"type"`
				Amount int64  `json:"amount"`
			} `json:"costs"`
			CostTotal      int64 `json:"cost_total"`
			ClosingBalance int64 `json:"closing_balance"`
		} `json:"finance"`
	}
	decodeJSON(t, res, &got)
	if got.Year != 2022 || !got.Complete {
		t.Errorf("year %d complete %v", got.Year, got.Complete)
	}
	for k, want := range ref.FollowUp {
		if v, ok := got.FollowUp[k]; !ok || v != want {
			t.Errorf("followup.%s = %d (present %v), want %d", k, v, ok, want)
		}
	}
	for _, k := range []string{"saq_sent", "site_audits_started", "followups_ongoing_year_end", "followups_closed"} {
		if _, ok := got.FollowUp[k]; !ok {
			t.Errorf("followup.%s missing", k)
		}
	}
	if got.RiskAnalysesApproved == nil || *got.RiskAnalysesApproved != ref.RiskAnalysesApproved {
		t.Errorf("risk analyses %v, want %d", got.RiskAnalysesApproved, ref.RiskAnalysesApproved)
	}
	if got.PeopleTrained == nil || *got.PeopleTrained != ref.PeopleTrained {
		t.Errorf("people trained %v, want %d", got.PeopleTrained, ref.PeopleTrained)
	}
	var started, closed []string
	for _, a := range got.AuditsStarted {
		started = append(started, a.Supplier)
	}
	for _, a := range got.AuditsClosed {
		closed = append(closed, a.Supplier)
	}
	if !slices.Equal(started, ref.AuditsStarted) || !slices.Equal(closed, ref.AuditsClosed) {
		t.Errorf("lists:\nstarted %q\nwant    %q\nclosed %q\nwant   %q", started, ref.AuditsStarted, closed, ref.AuditsClosed)
	}
	for _, c := range got.Categories {
		if !slices.Equal(c.Responsible, ref.Responsible[c.Name]) {
			t.Errorf("%s: responsible %q, want %q", c.Name, c.Responsible, ref.Responsible[c.Name])
		}
	}
	fin := got.Finance
	if fin == nil {
		t.Fatal("no finance in the report")
	}
	if fin.OpeningBalance != ref.Finance.OpeningBalance || fin.IncomeTotal != ref.Finance.IncomeTotal ||
		fin.CostTotal != ref.Finance.CostTotal || fin.ClosingBalance != ref.Finance.ClosingBalance {
		t.Errorf("finance totals: %+v", *fin)
	}
	if len(fin.Contributions) != len(ref.Finance.Contributions) {
		t.Fatalf("%d contributions, want %d", len(fin.Contributions), len(ref.Finance.Contributions))
	}
	regionOf := map[string]string{}
	for i, want := range ref.Finance.Contributions {
		c := fin.Contributions[i]
		if c.CountyCode != want.CountyCode || c.Amount != want.Amount {
			t.Errorf("contribution %d: %s %d, want %s %d", i, c.CountyCode, c.Amount, want.CountyCode, want.Amount)
		}
		regionOf[c.CountyCode] = c.Region
	}
	for i, want := range ref.Finance.Costs {
		if c := fin.Costs[i]; c.Type != want.Type || c.Amount != want.Amount {
			t.Errorf("cost %d: %s %d, want %s %d", i, c.Type, c.Amount, want.Type, want.Amount)
		}
	}

	// PDF: the same figures in the printed text, Swedish number format.
	web := f.client().signIn(tillit.RoleOfficer)
	res = web.get("/reports/annual/2022/report.pdf")
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Fatalf("Content-Type %q", ct)
	}
	pages := pdftest.PageTexts(t, []byte(res.Body))
	if out := os.Getenv("REPORT_PDF"); out != "" {
		if err := os.WriteFile(out, []byte(res.Body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if os.Getenv("REPORT_TEXT") != "" {
		for i, p := range pages {
			t.Logf("page %d:\n%s", i+1, strings.Join(p, "\n"))
		}
	}
	var lines []string
	for _, p := range pages {
		lines = append(lines, p...)
	}
	text := "\n" + strings.Join(lines, "\n") + "\n"
	line := func(label string, n int64) string { return "\n" + label + " " + swedishAmount(n) }
	for _, want := range []string{
		line("Granskade självutvärderingar", int64(ref.FollowUp["saq_reviewed"])),
		line("Bristfälliga självutvärderingar", int64(ref.FollowUp["saq_deficient"])),
		line("Påbörjade kontorsrevisioner", int64(ref.FollowUp["office_audits_started"])),
		line("Avslutade revisioner", int64(ref.FollowUp["audits_closed"])),
		line("Godkända riskanalyser", int64(ref.RiskAnalysesApproved)),
		line("Utbildade personer", int64(ref.PeopleTrained)),
		line("Ingående balans", ref.Finance.OpeningBalance),
		line("Summa intäkter", ref.Finance.IncomeTotal),
		line("Personal", ref.Finance.Costs[0].Amount),
		line("Övriga kostnader", ref.Finance.Costs[1].Amount),
		line("Övriga tjänster", ref.Finance.Costs[2].Amount),
		line("Summa kostnader", ref.Finance.CostTotal),
		line("Utgående balans", ref.Finance.ClosingBalance),
	} {
		if !strings.Contains(text, want+"\n") && !strings.Contains(text, want+" ") {
			t.Errorf("PDF has no line %q", strings.TrimPrefix(want, "\n"))
		}
	}
	for _, c := range ref.Finance.Contributions {
		if want := "\n" + c.CountyCode + " " + regionOf[c.CountyCode] + " " + swedishAmount(c.Amount) + "\n"; !strings.Contains(text, want) {
			t.Errorf("PDF has no income line %q", strings.TrimSpace(want))
		}
	}
	for _, s := range append(slices.Clone(ref.AuditsStarted), ref.AuditsClosed...) {
		if !strings.Contains(text, "\n"+s+" ") {
			t.Errorf("PDF does not list %q", s)
		}
	}
	if !strings.Contains(text, " Sida 2 av "+strconv.Itoa(len(pages))+"\n") {
		t.Errorf("PDF has no page numbers (%d pages)", len(pages))
	}
	if !strings.Contains(strings.Join(pages[1], "\n"), "Innehåll") {
		t.Errorf("page 2 is not the table of contents: %q", pages[1])
	}

	// XLSX: one sheet per table, numbers as numbers.
	res = web.get("/reports/annual/2022/report.xlsx")
	wantStatus(t, res, http.StatusOK)
	x, err := excelize.OpenReader(strings.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	sheets := x.GetSheetList()
	if len(sheets) != 10 {
		t.Errorf("%d sheets: %q", len(sheets), sheets)
	}
	rows, err := x.GetRows(sheets[7], excelize.Options{RawCellValue: true}) // income
	if err != nil {
		t.Fatal(err)
	}
	if last := rows[len(rows)-1]; len(last) < 3 || last[2] != strconv.FormatInt(ref.Finance.IncomeTotal, 10) {
		t.Errorf("income sheet %q ends with %q", sheets[7], last)
	}

	// The page shows the same.
	res = web.get("/reports/annual/2022")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Verksamhetsberättelse 2022", swedishAmount(ref.Finance.IncomeTotal), "Zimmer Biomet", "Wingplast", "<svg", `role="img"`)
}

// TestReportTexts writes a category text as the office, refuses it to a
// region, and shows it in the report; a too long text is kept as typed
// with what to fix.
func TestReportTexts(t *testing.T) {
	f := newFixture(t)
	officer := f.client().signIn(tillit.RoleOfficer)
	res := officer.get("/reports/annual/2025/texts")
	wantStatus(t, res, http.StatusOK)
	id := strconv.FormatInt(f.category.ID, 10)
	res = officer.post("/reports/annual/2025/texts", url.Values{"narrative-" + id: {"Två revisioner <b>genomförda</b>.\r\n\r\nAndra stycket."}})
	wantRedirect(t, res, "/reports/annual/2025#categories")
	res = officer.get("/reports/annual/2025")
	wantBody(t, res, "<p>Två revisioner &lt;b&gt;genomförda&lt;/b&gt;.</p>", "<p>Andra stycket.</p>")

	long := strings.Repeat("å", 10001)
	res = officer.post("/reports/annual/2025/texts", url.Values{"narrative-" + id: {long}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "högst 10000 tecken", long)

	staff := f.client().signIn(tillit.RoleStaff)
	wantStatus(t, staff.post("/reports/annual/2025/texts", url.Values{"narrative-" + id: {"x"}}), http.StatusForbidden)
	wantBody(t, staff.get("/reports/annual/2025"), "Två revisioner")
	wantStatus(t, officer.get("/reports/annual/1999"), http.StatusBadRequest)
	wantStatus(t, officer.get("/reports/annual/20x2"), http.StatusBadRequest)

	// The dashboard shows this year's figures from the same computation.
	res = officer.get("/")
	wantBody(t, res, "Uppföljningen hittills under 2026", "Granskade självutvärderingar")
	wantNoBody(t, f.client().signIn(tillit.RoleSupplier).get("/"), "Uppföljningen hittills")
}
