package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tillit-project/tillit"
)

func wantIn(t *testing.T, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("the page lacks %q", p)
		}
	}
}

func wantNotIn(t *testing.T, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(body, p) {
			t.Errorf("the page shows %q", p)
		}
	}
}

func versionForm(title, body, from string) url.Values {
	return url.Values{"title_sv": {title + " (sv)"}, "title_en": {title}, "body_sv": {body + " (sv)"}, "body_en": {body}, "effective_from": {from}}
}

// TestRequirementLibraryPages walks the library as the office writes it
// and as the regions read it, and checks the must-show: a deviation
// judged against version 1 still shows version 1 after version 2 is
// published.
func TestRequirementLibraryPages(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	officer := f.client().signIn(tillit.RoleOfficer)
	staff := f.client().signIn(tillit.RoleStaff)

	// The office adds COC-2 (in follow-up A's scope) and publishes it.
	form := versionForm("Risk analysis", "The supplier shall analyse the risks in its supply chain.", "2020-01-01")
	form.Set("code", "COC-2")
	form.Set("kind", string(tillit.KindCodeOfConduct))
	res := officer.post("/requirements/new", form)
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/requirements/COC-2/versions/1" {
		t.Fatalf("created: redirect to %q", loc)
	}
	// Before it is published, the draft is the office's alone.
	wantStatus(t, staff.get("/requirements/COC-2"), http.StatusNotFound)
	wantStatus(t, officer.get("/requirements/COC-2/versions/1"), http.StatusOK)
	wantStatus(t, officer.post("/requirements/COC-2/versions/1/publish", nil), http.StatusSeeOther)
	// A second requirement with the same code, and a bad one, come back with what to fix.
	res = officer.post("/requirements/new", form)
	wantStatus(t, res, http.StatusConflict)
	bad := url.Values{"code": {"coc two"}, "kind": {"code_of_conduct"}}
	res = officer.post("/requirements/new", bad)
	wantStatus(t, res, http.StatusBadRequest)
	wantIn(t, res.Body, `aria-invalid="true"`, "code-error", "title_en-error")

	// A deviation against COC-2 found by audit 1 (performed on the
	// fixture's day) is judged against version 1.
	sys := tillit.SystemActor("test")
	coord := tillit.ActorOf(f.users[tillit.RoleCoordinator])
	record := func() {
		t.Helper()
		f.advance(1)
		if _, _, err := f.db.ChangeFollowUp(ctx, sys, f.followUpA.ID, func(fu *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			return fu.RecordDeviation(coord, f.now, 1, tillit.DeviationInput{RequirementCode: "COC-2", Severity: tillit.SeverityMinor, Description: "Riskanalysen saknar underleverantörer"})
		}); err != nil {
			t.Fatal(err)
		}
	}
	record()
	page := "/followups/" + jsonID(f.followUpA.ID)
	body := staff.get(page).Body
	wantIn(t, body, `href="/requirements/COC-2/versions/1"`, "COC-2 (version 1)", "COC-1 (finns inte i kravbiblioteket)")
	// The deviation list and its download name the version too.
	wantIn(t, staff.get("/followups/deviations").Body, `<a href="/requirements/COC-2/versions/1">COC-2 (version 1)</a>`)

	// Version 2 applies from the day after the audit.
	res = officer.get("/requirements/COC-2/versions/new")
	wantStatus(t, res, http.StatusOK)
	wantIn(t, res.Body, "The supplier shall analyse the risks in its supply chain.")
	res = officer.post("/requirements/COC-2/versions/new", versionForm("Risk analysis", "The supplier shall rank the risks in its whole supply chain every year.", "2026-03-03"))
	wantStatus(t, res, http.StatusSeeOther)
	// A draft cannot start before the version it follows; it is refused on publishing.
	res = officer.post("/requirements/COC-2/versions/2/edit", versionForm("Risk analysis", "x", "2019-01-01"))
	wantStatus(t, res, http.StatusSeeOther)
	wantStatus(t, officer.post("/requirements/COC-2/versions/2/publish", nil), http.StatusBadRequest)
	res = officer.post("/requirements/COC-2/versions/2/edit", versionForm("Risk analysis", "The supplier shall rank the risks in its whole supply chain every year.", "2026-03-03"))
	wantStatus(t, res, http.StatusSeeOther)
	wantStatus(t, officer.post("/requirements/COC-2/versions/2/publish", nil), http.StatusSeeOther)
	// Published versions are frozen.
	wantStatus(t, officer.get("/requirements/COC-2/versions/1/edit"), http.StatusConflict)
	wantStatus(t, officer.post("/requirements/COC-2/versions/1/edit", versionForm("Changed", "Changed", "2020-01-01")), http.StatusConflict)

	// The earlier deviation still shows version 1, and another one found
	// by the same audit is judged against the version in force on the
	// audit's day: version 1 too.
	record()
	fu, err := f.db.FindFollowUp(ctx, tillit.Scope{All: true}, f.followUpA.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range fu.Deviations {
		want := map[string]int{"COC-1": 0, "COC-2": 1}[d.RequirementCode]
		if d.RequirementVersion != want {
			t.Errorf("deviation %d (%s): version %d, want %d", d.ID, d.RequirementCode, d.RequirementVersion, want)
		}
	}
	body = staff.get(page).Body
	wantIn(t, body, `href="/requirements/COC-2/versions/1"`)
	wantNotIn(t, body, `href="/requirements/COC-2/versions/2"`)
	res = staff.get("/requirements/COC-2/versions/1")
	wantStatus(t, res, http.StatusOK)
	wantIn(t, res.Body, "The supplier shall analyse the risks in its supply chain.", "2026-03-02") // effective until the day before version 2

	// The requirement page, the library as of a day, the search.
	res = staff.get("/requirements/COC-2")
	wantStatus(t, res, http.StatusOK)
	wantIn(t, res.Body, "Version 1", "Version 2", "/requirements/COC-2/diff?a=1&amp;b=2")
	wantNotIn(t, res.Body, "/publish", "/versions/new")
	res = staff.get("/requirements")
	wantStatus(t, res, http.StatusOK)
	wantIn(t, res.Body, `href="/requirements/COC-2/versions/2"`, "Uppförandekod")
	wantNotIn(t, res.Body, "/requirements/new")
	res = staff.get("/requirements?on=2026-03-02")
	wantIn(t, res.Body, `href="/requirements/COC-2/versions/1"`)
	wantNotIn(t, res.Body, `href="/requirements/COC-2/versions/2"`)
	res = staff.get("/requirements?q=rank")
	wantIn(t, res.Body, "COC-2")
	res = staff.get("/requirements?q=nothing-like-this")
	wantNotIn(t, res.Body, "COC-2")
	wantStatus(t, staff.get("/requirements?kind=rules"), http.StatusBadRequest)
	wantStatus(t, staff.get("/requirements?on=yesterday"), http.StatusBadRequest)

	// The differences, marked without colour and announced to screen readers.
	res = staff.get("/requirements/COC-2/diff?a=1&b=2")
	wantStatus(t, res, http.StatusOK)
	wantIn(t, res.Body, "<ins>", "<del>", "[tillagt:", "[borttaget:", "rank")
	wantStatus(t, staff.get("/requirements/COC-2/diff?a=1&b=9"), http.StatusBadRequest)

	// Downloads.
	res = staff.get("/requirements.csv")
	wantStatus(t, res, http.StatusOK)
	wantIn(t, res.Body, "COC-2", "rank the risks")
	res = staff.get("/requirements.xlsx?kind=code_of_conduct")
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Errorf("xlsx content type %q", ct)
	}

	// The API: every version of one requirement, and the library as of a day.
	token := f.apiToken(tillit.RoleSupplier)
	res = f.api("GET", "/api/v1/requirements/COC-2", token, "")
	wantStatus(t, res, http.StatusOK)
	var one struct {
		Code     string `json:"code"`
		Versions []struct {
			Number        int    `json:"number"`
			EffectiveFrom string `json:"effective_from"`
		} `json:"versions"`
	}
	if err := json.Unmarshal([]byte(res.Body), &one); err != nil {
		t.Fatal(err)
	}
	if one.Code != "COC-2" || len(one.Versions) != 2 || one.Versions[1].EffectiveFrom != "2026-03-03" {
		t.Errorf("GET /api/v1/requirements/COC-2 = %+v", one)
	}
	res = f.api("GET", "/api/v1/requirements?on=2026-03-02", token, "")
	wantStatus(t, res, http.StatusOK)
	var list struct {
		Requirements []struct {
			Code    string `json:"code"`
			Version *struct {
				Number int `json:"number"`
			} `json:"version"`
		} `json:"requirements"`
	}
	if err := json.Unmarshal([]byte(res.Body), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Requirements) != 1 || list.Requirements[0].Version == nil || list.Requirements[0].Version.Number != 1 {
		t.Errorf("GET /api/v1/requirements?on=2026-03-02 = %s", res.Body)
	}
	wantStatus(t, f.api("GET", "/api/v1/requirements/XX-9", token, ""), http.StatusNotFound)

	// COC-1 enters the library later, in force only after the audit: the
	// deviation says so rather than "not in the library".
	later := versionForm("Transparency", "The supplier shall disclose its sub-suppliers.", "2027-01-01")
	later.Set("code", "COC-1")
	later.Set("kind", string(tillit.KindCodeOfConduct))
	wantStatus(t, officer.post("/requirements/new", later), http.StatusSeeOther)
	wantStatus(t, officer.post("/requirements/COC-1/versions/1/publish", nil), http.StatusSeeOther)
	wantIn(t, staff.get(page).Body, "COC-1 (ingen version gällde på revisionsdagen)")
}

// jsonID formats an id for a path.
func jsonID(id int64) string {
	b, _ := json.Marshal(id)
	return string(b)
}

// visitRequirementPages renders every page of the library: the list, a
// requirement, a version, the differences and the form.
func (f *fixture) visitRequirementPages(t *testing.T) {
	officer := f.client().signIn(tillit.RoleOfficer)
	form := versionForm("Forced labour", "The supplier shall not use forced labour.", "2016-01-01")
	form.Set("code", "UK-5.1")
	form.Set("kind", string(tillit.KindCodeOfConduct))
	form.Set("area", string(tillit.AreaLabourRights))
	wantStatus(t, officer.post("/requirements/new", form), http.StatusSeeOther)
	wantStatus(t, officer.post("/requirements/UK-5.1/versions/1/publish", nil), http.StatusSeeOther)
	wantStatus(t, officer.post("/requirements/UK-5.1/versions/new", versionForm("Forced labour", "The supplier shall not use forced or bonded labour.", "2023-01-01")), http.StatusSeeOther)
	wantStatus(t, officer.post("/requirements/UK-5.1/versions/2/publish", nil), http.StatusSeeOther)
	for p, want := range map[string]string{
		"/requirements":                     "<h1>Kravbibliotek</h1>",
		"/requirements/new":                 `name="code"`,
		"/requirements/UK-5.1":              "Version 2",
		"/requirements/UK-5.1/versions/1":   "The supplier shall not use forced labour.",
		"/requirements/UK-5.1/diff?a=1&b=2": "<ins>",
	} {
		res := officer.get(p)
		wantStatus(t, res, http.StatusOK)
		wantIn(t, res.Body, want)
	}
}
