package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tillit-project/tillit"
)

// TestEveryPageRendered visits every page, checks what each shows, and
// fails if a page template exists that the visit never rendered.
func TestEveryPageRendered(t *testing.T) {
	f := newFixture(t)
	f.seedRegisters()
	var mu sync.Mutex
	rendered := map[string]int{}
	f.srv.UI.OnRender(func(name string) { mu.Lock(); rendered[name]++; mu.Unlock() })

	anon := f.client()
	admin := f.client().signIn(tillit.RoleAdmin)
	officer := f.client().signIn(tillit.RoleOfficer)
	staff := f.client().signIn(tillit.RoleStaff)

	t.Run("login", func(t *testing.T) {
		res := anon.get("/login")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `<form method="post" action="/login"`, `autocomplete="current-password"`, `href="/password/forgot"`)
		wantNoBody(t, res, "Logga ut", `<nav`)
	})

	t.Run("forgot", func(t *testing.T) {
		res := anon.get("/password/forgot")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Glömt lösenordet?", `action="/password/forgot"`, "Skicka länk")
	})

	t.Run("reset", func(t *testing.T) {
		wantStatus(t, anon.post("/password/forgot", url.Values{"email": {f.users[tillit.RoleEditor].Email}}), http.StatusOK)
		res := anon.get(linkIn(t, f.mail.last(t)))
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "<h1>Välj ett nytt lösenord</h1>", `autocomplete="new-password"`, `minlength="12"`)
	})

	t.Run("error", func(t *testing.T) {
		res := anon.get("/no/such/page")
		wantStatus(t, res, http.StatusNotFound)
		wantBody(t, res, "<h1>Sidan finns inte</h1>", "Det finns ingen sida på den här adressen.", `<a href="/login">Logga in</a>`)
		res = staff.get("/no/such/page")
		wantBody(t, res, `<a href="/">Till startsidan</a>`)
	})

	t.Run("home", func(t *testing.T) {
		res := staff.get("/")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Välkommen, Test staff", "Medarbetare i region – Region Skåne", `href="/regions"`, `href="/categories"`, `href="/account"`)
		// The menu shows only what the role may open.
		wantNoBody(t, res, `href="/admin/users"`, `href="/admin/audit"`)
		wantBody(t, admin.get("/"), `href="/admin/users"`, `href="/admin/audit"`, "Administratör – Nationella kansliet")
	})

	t.Run("regions", func(t *testing.T) {
		res := staff.get("/regions")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "De 21 regionerna och deras befolkning 2024",
			`<tr><td>25</td><td>Region Norrbotten</td><td class="num">250000</td></tr>`,
			`<tr><td>12</td><td>Region Skåne</td><td class="num">1400000</td></tr>`, `aria-current="page"`)
		res = staff.get("/regions?year=2023")
		wantBody(t, res, "befolkning 2023", `<td class="num">249000</td>`, `<tr><td>12</td><td>Region Skåne</td><td class="num">–</td></tr>`)
	})

	t.Run("categories", func(t *testing.T) {
		res := staff.get("/categories?on=2019-12-31")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Kategorier och ansvariga regioner 2019-12-31", `Kirurgiska instrument</a></th><td><em>Inte angiven</em></td><td>–</td><td><em>Ingen detta datum</em></td>`)
		res = staff.get("/categories?on=2022-06-30")
		wantBody(t, res, `<a href="/categories/surgical-instruments?on=2022-06-30">Kirurgiska instrument</a></th><td><em>Inte angiven</em></td><td>–</td><td>Region Norrbotten</td>`, `value="2022-06-30"`)
		wantStatus(t, staff.get("/categories"), http.StatusOK)
		// One category's page with its timeline, and the office's forms.
		wantBody(t, staff.get("/categories/surgical-instruments?on=2022-06-30"), "<h1>Kirurgiska instrument</h1>", "Region Norrbotten blir ansvarig")
		wantBody(t, officer.get("/categories/surgical-instruments"), `action="/categories/surgical-instruments/scopes"`)
	})

	t.Run("account", func(t *testing.T) {
		res := staff.get("/account")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Mitt konto", `action="/account/password"`, `name="current"`, `href="/account/tokens"`)
	})

	t.Run("tokens", func(t *testing.T) {
		res := staff.get("/account/tokens")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "<h1>API-token</h1>", "Du har inga token.")
	})

	t.Run("users", func(t *testing.T) {
		res := admin.get("/admin/users")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "7 användare", `href="/admin/users/new"`, fmt.Sprintf(`<a href="/admin/users/%d">Test staff</a>`, f.users[tillit.RoleStaff].ID),
			"Medarbetare i region – Region Skåne")
		// Officers see the list but may not add.
		res = officer.get("/admin/users")
		wantStatus(t, res, http.StatusOK)
		wantNoBody(t, res, `href="/admin/users/new"`)
	})

	t.Run("user", func(t *testing.T) {
		id := f.users[tillit.RoleStaff].ID
		res := admin.get(fmt.Sprintf("/admin/users/%d", id))
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "<h1>Test staff</h1>", fmt.Sprintf(`action="/admin/users/%d"`, id), fmt.Sprintf(`action="/admin/users/%d/invite"`, id),
			`<option value="staff" selected>`, `readonly value="staff@example.org"`)
		// Read-only for an officer.
		res = officer.get(fmt.Sprintf("/admin/users/%d", id))
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "<dt>Roller</dt><dd>Medarbetare i region – Region Skåne</dd>")
		wantNoBody(t, res, "<form method=\"post\" action=\"/admin/users/")
		res = admin.get("/admin/users/new")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "<h1>Ny användare</h1>", `action="/admin/users"`, `name="invite" checked`)
	})

	t.Run("audit", func(t *testing.T) {
		res := officer.get("/admin/audit")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "<h1>Händelselogg</h1>", `<td class="mono">user.signin</td>`, `<td class="mono">category.create</td>`, "system: test")
	})

	t.Run("audit paging", func(t *testing.T) {
		for i := 0; i < 55; i++ {
			f.client().signIn(tillit.RoleAuditor)
		}
		res := officer.get("/admin/audit")
		m := strings.Count(res.Body, `<td class="mono">`)
		if m != 50 {
			t.Errorf("%d events on the first page, want 50", m)
		}
		i := strings.Index(res.Body, `href="/admin/audit?before=`)
		if i < 0 {
			t.Fatal("no link to older events")
		}
		next := res.Body[i+len(`href="`):]
		next = next[:strings.IndexByte(next, '"')]
		older := officer.get(next)
		wantStatus(t, older, http.StatusOK)
		if strings.Count(older.Body, `<td class="mono">`) == 0 {
			t.Error("the older page is empty")
		}
	})

	t.Run("follow-ups", func(t *testing.T) {
		coord := f.client().signIn(tillit.RoleCoordinator)
		for path, want := range map[string]string{
			"/followups": "<h1>Uppföljningar</h1>", "/followups/deviations": "<h1>Avvikelser</h1>",
			"/followups/audits": "<h1>Revisioner</h1>", "/followups/new": "<h1>Öppna en uppföljning</h1>",
			fmt.Sprintf("/followups/%d", f.followUpA.ID): `<h1 id="summary">Uppföljning – Leverantör A</h1>`,
			"/inbox": "<h1>Inkorg</h1>",
		} {
			res := coord.get(path)
			wantStatus(t, res, http.StatusOK)
			wantBody(t, res, want)
		}
	})
	t.Run("suppliers", func(t *testing.T) {
		admin := f.client().signIn(tillit.RoleAdmin)
		for _, path := range []string{"/suppliers", fmt.Sprintf("/suppliers/%d", f.orgs["Leverantör A"].ID), "/suppliers/new"} {
			res := admin.get(path)
			wantStatus(t, res, http.StatusOK)
			wantBody(t, res, "Leverantör")
		}
	})
	t.Run("finances", func(t *testing.T) {
		res := officer.get("/finances")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "/edit")
		f.seedFinances2022()
		res = staff.get("/finances/2022")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "6 730 316 kr", "1 183 000 kr")
		res = officer.get("/finances/2022/edit")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `name="rate"`, `value="0,50"`)
	})
	t.Run("risk analyses", func(t *testing.T) {
		a := tillit.NewRiskAnalysis(f.category.ID, 2025, "Sidprov", "")
		a.Cell(tillit.StageUse, tillit.AreaEnvironment).Likelihood, a.Cell(tillit.StageUse, tillit.AreaEnvironment).Severity = 2, 2
		if err := f.db.CreateRiskAnalysis(context.Background(), tillit.SystemActor("test"), a); err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(a.ID, 10)
		for _, p := range []string{"/risk-analyses", "/risk-analyses/new", "/risk-analyses/" + id, "/risk-analyses/" + id + "/edit", "/risk-analyses/compare?a=" + id + "&b=" + id} {
			wantStatus(t, officer.get(p), http.StatusOK)
		}
	})
	t.Run("training", func(t *testing.T) {
		wantBody(t, officer.get("/training/new"), "<h1>Registrera en utbildning</h1>")
		res := officer.post("/training", f.trainingForm())
		wantStatus(t, res, http.StatusSeeOther)
		path := res.Header.Get("Location")
		for p, want := range map[string]string{
			"/training?year=2022": "<h1>Utbildning 2022</h1>", path: "<h1>Uppförandekoden för upphandlare</h1>",
			path + "/edit": "<h1>Redigera utbildningen</h1>", path + "/delete": "<h1>Ta bort utbildningen</h1>",
		} {
			res := officer.get(p)
			wantStatus(t, res, http.StatusOK)
			wantBody(t, res, want)
		}
	})
	t.Run("incidents and consultations", func(t *testing.T) { f.visitIncidentPages(t) })
	t.Run("inquiries", func(t *testing.T) { f.visitInquiryPages(t) })
	t.Run("reports", func(t *testing.T) {
		res := staff.get("/reports")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "/reports/annual/2026", "/reports/annual/2022")
		res = staff.get("/reports/annual/2022")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "6 730 316", "Ekonomin i detalj")
		wantNoBody(t, res, "/texts")
		res = officer.get("/reports/annual/2026")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Året är inte slut", "/reports/annual/2026/texts", "Tandvårdsmaterial")
		res = officer.get("/reports/annual/2026/texts")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "<textarea")
	})

	t.Run("questionnaires", func(t *testing.T) { f.visitQuestionnairePages(t) })

	t.Run("public site", func(t *testing.T) { f.renderSitePages(t) })

	t.Run("import and export", func(t *testing.T) { f.visitImportPages(t) })

	t.Run("supply chain", func(t *testing.T) { f.visitSupplyChainPages(t) })

	t.Run("requirements library", func(t *testing.T) { f.visitRequirementPages(t) })

	mu.Lock()
	defer mu.Unlock()
	var missing []string
	for _, name := range f.srv.UI.PageNames() {
		if rendered[name] == 0 {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("page templates no test renders: %s", strings.Join(missing, ", "))
	}
	if len(f.srv.UI.PageNames()) < 12 {
		t.Errorf("only %d page templates: %v", len(f.srv.UI.PageNames()), f.srv.UI.PageNames())
	}
}
