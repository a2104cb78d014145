package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/api"
)

type apiUser struct {
	ID          int64  `json:"id"`
	Email       string `json:"email"`
	Name        string `json:"name"`
	Lang        string `json:"lang"`
	Disabled    bool   `json:"disabled"`
	Memberships []struct {
		OrgID   int64  `json:"org_id"`
		OrgName string `json:"org_name"`
		OrgKind string `json:"org_kind"`
		Role    string `json:"role"`
	} `json:"memberships"`
}

func TestAPIAuthentication(t *testing.T) {
	f := newFixture(t)

	t.Run("no Authorization", func(t *testing.T) {
		for _, p := range []string{"/api/v1/me", "/api/v1/regions", "/api/v1/users", "/api/v1/audit"} {
			res := f.api("GET", p, "", "")
			e := wantAPIError(t, res, http.StatusUnauthorized, tillit.EUNAUTHORIZED)
			if got := res.Header.Get("WWW-Authenticate"); got != `Bearer realm="tillit"` {
				t.Errorf("%s: WWW-Authenticate %q", p, got)
			}
			if e.Error.Message != "Sign in to continue." {
				t.Errorf("%s: message %q", p, e.Error.Message)
			}
		}
	})

	for _, tc := range []struct{ name, header string }{
		{"unknown token", "Bearer tillit_NOSUCHTOKENNOSUCHTOKEN1234"},
		{"not a tillit token", "Bearer abc"},
		{"empty bearer", "Bearer "},
		{"basic auth", "Basic YWRtaW46cGFzc3dvcmQ="},
		{"lower-case scheme", "bearer " + "tillit_X"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := f.client()
			res := c.send("GET", "/api/v1/me", nil, map[string]string{"Authorization": tc.header})
			wantAPIError(t, res, http.StatusUnauthorized, tillit.EUNAUTHORIZED)
			if res.Header.Get("WWW-Authenticate") == "" {
				t.Error("no WWW-Authenticate header")
			}
		})
	}

	t.Run("cookie only", func(t *testing.T) {
		c := f.client().signIn(tillit.RoleAdmin)
		wantStatus(t, c.get("/"), http.StatusOK)
		for _, p := range []string{"/api/v1/me", "/api/v1/users"} {
			wantAPIError(t, c.get(p), http.StatusUnauthorized, tillit.EUNAUTHORIZED)
		}
		// Nor does a cookie make an API write possible.
		res := c.send("POST", "/api/v1/users", strings.NewReader(`{"email":"x@example.org","name":"X","memberships":[{"org_id":1,"role":"admin"}]}`),
			map[string]string{"Content-Type": "application/json", "Origin": f.ts.URL})
		wantAPIError(t, res, http.StatusUnauthorized, tillit.EUNAUTHORIZED)
	})

	t.Run("me", func(t *testing.T) {
		res := f.api("GET", "/api/v1/me", f.apiToken(tillit.RoleCoordinator), "")
		wantStatus(t, res, http.StatusOK)
		var me apiUser
		decodeJSON(t, res, &me)
		u := f.users[tillit.RoleCoordinator]
		if me.ID != u.ID || me.Email != u.Email || me.Name != "Test coordinator" || me.Lang != "sv" || me.Disabled ||
			len(me.Memberships) != 1 || me.Memberships[0].Role != "coordinator" || me.Memberships[0].OrgName != "Region Norrbotten" || me.Memberships[0].OrgKind != "region" {
			t.Fatalf("/api/v1/me = %+v", me)
		}
		if strings.Contains(res.Body, "password") || strings.Contains(res.Body, "$argon2") {
			t.Fatal("the API shows a password hash")
		}
	})

	t.Run("unknown endpoint", func(t *testing.T) {
		e := wantAPIError(t, f.api("GET", "/api/v1/no-such-thing", f.apiToken(tillit.RoleAdmin), ""), http.StatusNotFound, tillit.ENOTFOUND)
		if e.Error.Message != "There is no endpoint GET /api/v1/no-such-thing. See /api/v1/openapi.json." {
			t.Errorf("message %q", e.Error.Message)
		}
		wantAPIError(t, f.api("DELETE", "/api/v1/users/1", f.apiToken(tillit.RoleAdmin), ""), http.StatusNotFound, tillit.ENOTFOUND)
	})

	t.Run("supplier may not list users", func(t *testing.T) {
		tok := f.apiToken(tillit.RoleSupplier)
		e := wantAPIError(t, f.api("GET", "/api/v1/users", tok, ""), http.StatusForbidden, tillit.EFORBIDDEN)
		if e.Error.Message != "Your role does not allow this. Ask the national office if you need access." {
			t.Errorf("message %q", e.Error.Message)
		}
		wantAPIError(t, f.api("POST", "/api/v1/users", tok, `{"email":"s@example.org","name":"S"}`), http.StatusForbidden, tillit.EFORBIDDEN)
		wantAPIError(t, f.api("GET", "/api/v1/audit", tok, ""), http.StatusForbidden, tillit.EFORBIDDEN)
		// An officer may read users but not change them.
		off := f.apiToken(tillit.RoleOfficer)
		wantStatus(t, f.api("GET", "/api/v1/users", off, ""), http.StatusOK)
		wantAPIError(t, f.api("PATCH", fmt.Sprintf("/api/v1/users/%d", f.users[tillit.RoleStaff].ID), off, `{"name":"Hacked"}`), http.StatusForbidden, tillit.EFORBIDDEN)
	})
}

func TestAPIRegistersAndUsers(t *testing.T) {
	f := newFixture(t)
	f.seedRegisters()
	admin := f.apiToken(tillit.RoleAdmin)
	staff := f.apiToken(tillit.RoleStaff)

	t.Run("regions", func(t *testing.T) {
		var out struct {
			Regions []struct {
				ID         int64  `json:"id"`
				CountyCode string `json:"county_code"`
				Name       string `json:"name"`
				Population *int64 `json:"population"`
				Year       int    `json:"population_year"`
			} `json:"regions"`
		}
		res := f.api("GET", "/api/v1/regions", staff, "")
		wantStatus(t, res, http.StatusOK)
		decodeJSON(t, res, &out)
		got := map[string]string{}
		for _, r := range out.Regions {
			pop := "none"
			if r.Population != nil {
				pop = fmt.Sprintf("%d in %d", *r.Population, r.Year)
			}
			got[r.CountyCode+" "+r.Name] = pop
		}
		want := map[string]string{"25 Region Norrbotten": "250000 in 2024", "12 Region Skåne": "1400000 in 2024"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("regions %v, want %v", got, want)
		}
		res = f.api("GET", "/api/v1/regions?year=2023", staff, "")
		wantStatus(t, res, http.StatusOK)
		var out2023 struct {
			Regions []struct {
				Name       string `json:"name"`
				Population *int64 `json:"population"`
				Year       int    `json:"population_year"`
			} `json:"regions"`
		}
		decodeJSON(t, res, &out2023)
		for _, r := range out2023.Regions {
			if r.Name == "Region Norrbotten" && (r.Population == nil || *r.Population != 249000 || r.Year != 2023) {
				t.Errorf("Norrbotten 2023: %+v", r)
			}
			if r.Name == "Region Skåne" && r.Population != nil {
				t.Errorf("Skåne has no 2023 figure, got %d", *r.Population)
			}
		}
		e := wantAPIError(t, f.api("GET", "/api/v1/regions?year=abc", staff, ""), http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Fields["year"] == "" {
			t.Errorf("no field error for year: %+v", e)
		}
	})

	t.Run("categories", func(t *testing.T) {
		var out struct {
			On         string `json:"on"`
			Categories []struct {
				Code        string `json:"code"`
				NameSV      string `json:"name_sv"`
				NameEN      string `json:"name_en"`
				Responsible []struct {
					Region    string  `json:"region"`
					ValidFrom string  `json:"valid_from"`
					ValidTo   *string `json:"valid_to"`
					InForce   bool    `json:"in_force"`
				} `json:"responsible_regions"`
			} `json:"categories"`
		}
		res := f.api("GET", "/api/v1/categories?on=2019-12-31", staff, "")
		wantStatus(t, res, http.StatusOK)
		decodeJSON(t, res, &out)
		// The fixture's own category sorts after this one (Swedish name).
		if out.On != "2019-12-31" || len(out.Categories) != 2 {
			t.Fatalf("categories: %+v", out)
		}
		c := out.Categories[0]
		if c.Code != "surgical-instruments" || c.NameSV != "Kirurgiska instrument" || c.NameEN != "Surgical instruments" ||
			len(c.Responsible) != 1 || c.Responsible[0].Region != "Region Norrbotten" || c.Responsible[0].ValidFrom != "2020-01-01" ||
			c.Responsible[0].ValidTo != nil || c.Responsible[0].InForce {
			t.Fatalf("category on 2019-12-31: %+v", c)
		}
		res = f.api("GET", "/api/v1/categories?on=2020-01-01", staff, "")
		decodeJSON(t, res, &out)
		if !out.Categories[0].Responsible[0].InForce {
			t.Errorf("responsibility not in force on its first day")
		}
		e := wantAPIError(t, f.api("GET", "/api/v1/categories?on=31-12-2022", staff, ""), http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Fields["on"] == "" {
			t.Errorf("no field error for on: %+v", e)
		}
	})

	skane := f.orgs["Region Skåne"].ID
	var created apiUser

	t.Run("create user", func(t *testing.T) {
		body := fmt.Sprintf(`{"email":" Ny@Region.se ","name":"Ny Användare","lang":"en","memberships":[{"org_id":%d,"role":"staff"}]}`, skane)
		res := f.api("POST", "/api/v1/users", admin, body)
		wantStatus(t, res, http.StatusCreated)
		decodeJSON(t, res, &created)
		if created.ID == 0 || created.Email != "ny@region.se" || created.Name != "Ny Användare" || created.Lang != "en" ||
			len(created.Memberships) != 1 || created.Memberships[0].OrgName != "Region Skåne" {
			t.Fatalf("created %+v", created)
		}
		if loc := res.Header.Get("Location"); loc != fmt.Sprintf("/api/v1/users/%d", created.ID) {
			t.Errorf("Location %q", loc)
		}
		res = f.api("GET", fmt.Sprintf("/api/v1/users/%d", created.ID), admin, "")
		wantStatus(t, res, http.StatusOK)
		var got apiUser
		decodeJSON(t, res, &got)
		if got.Email != "ny@region.se" || got.Name != "Ny Användare" {
			t.Fatalf("GET after POST: %+v", got)
		}
		// The list has it too.
		var list struct{ Users []apiUser }
		decodeJSON(t, f.api("GET", "/api/v1/users", admin, ""), &list)
		if len(list.Users) != 8 {
			t.Errorf("%d users listed, want 8", len(list.Users))
		}
	})

	for _, tc := range []struct {
		name, body string
		status     int
		code       string
		message    string
		fields     []string
	}{
		{"truncated JSON", `{"email":`, 400, tillit.EINVALID, "The request body could not be read as JSON.", nil},
		{"invalid JSON", `{"email" "a@example.org"}`, 400, tillit.EINVALID, "The request body is not valid JSON (at byte 10).", nil},
		{"not JSON at all", `email=a@b.se`, 400, tillit.EINVALID, "The request body is not valid JSON (at byte 1).", nil},
		{"two objects", `{"name":"A"} {"name":"B"}`, 400, tillit.EINVALID, "Send exactly one JSON object.", nil},
		{"unknown field", `{"emial":"a@example.org"}`, 400, tillit.EINVALID, "The field emial is not known.", []string{"emial"}},
		{"wrong type", `{"name":42}`, 400, tillit.EINVALID, "The field name has the wrong type.", []string{"name"}},
		{"an array", `[1,2]`, 400, tillit.EINVALID, "Send exactly one JSON object.", nil},
		{"a string", `"a@example.org"`, 400, tillit.EINVALID, "Send exactly one JSON object.", nil},
		{"nested wrong type", `{"memberships":[{"org_id":"one","role":"staff"}]}`, 400, tillit.EINVALID, "has the wrong type", []string{"memberships.org_id"}},
		{"invalid email", fmt.Sprintf(`{"email":"not-an-address","name":"A","memberships":[{"org_id":%d,"role":"staff"}]}`, skane), 400, tillit.EINVALID, "Check the fields marked below.", []string{"email"}},
		{"empty name", fmt.Sprintf(`{"email":"a@example.org","name":"  ","memberships":[{"org_id":%d,"role":"staff"}]}`, skane), 400, tillit.EINVALID, "Check the fields marked below.", []string{"name"}},
		{"long name", fmt.Sprintf(`{"email":"a@example.org","name":"%s","memberships":[{"org_id":%d,"role":"staff"}]}`, strings.Repeat("n", 201), skane), 400, tillit.EINVALID, "", []string{"name"}},
		{"invalid role", fmt.Sprintf(`{"email":"a@example.org","name":"A","memberships":[{"org_id":%d,"role":"root"}]}`, skane), 400, tillit.EINVALID, "", []string{"role"}},
		{"role does not fit org", fmt.Sprintf(`{"email":"a@example.org","name":"A","memberships":[{"org_id":%d,"role":"admin"}]}`, skane), 400, tillit.EINVALID, "", []string{"role"}},
		{"no membership", `{"email":"a@example.org","name":"A"}`, 400, tillit.EINVALID, "", []string{"role"}},
		{"unknown org", `{"email":"a@example.org","name":"A","memberships":[{"org_id":999999,"role":"staff"}]}`, 400, tillit.EINVALID, "The chosen organisation does not exist.", []string{"org"}},
		{"invalid lang", fmt.Sprintf(`{"email":"a@example.org","name":"A","lang":"de","memberships":[{"org_id":%d,"role":"staff"}]}`, skane), 400, tillit.EINVALID, "", []string{"lang"}},
		{"two roles in one org", fmt.Sprintf(`{"email":"a@example.org","name":"A","memberships":[{"org_id":%d,"role":"staff"},{"org_id":%d,"role":"coordinator"}]}`, skane, skane), 400, tillit.EINVALID, "A person can hold only one role in each organisation.", nil},
		{"several problems", `{"email":"","name":"","lang":"xx"}`, 400, tillit.EINVALID, "Check the fields marked below.", []string{"email", "name", "lang", "role"}},
		{"duplicate email", fmt.Sprintf(`{"email":"STAFF@example.org","name":"Dup","memberships":[{"org_id":%d,"role":"staff"}]}`, skane), 409, tillit.ECONFLICT, "A user with the e-mail address staff@example.org already exists.", []string{"email"}},
	} {
		t.Run("create user: "+tc.name, func(t *testing.T) {
			res := f.api("POST", "/api/v1/users", admin, tc.body)
			e := wantAPIError(t, res, tc.status, tc.code)
			if !strings.Contains(e.Error.Message, tc.message) {
				t.Errorf("message %q does not contain %q", e.Error.Message, tc.message)
			}
			var names []string
			for k, v := range e.Error.Fields {
				names = append(names, k)
				if v == "" {
					t.Errorf("field %s without a sentence", k)
				}
			}
			sort.Strings(names)
			want := append([]string(nil), tc.fields...)
			sort.Strings(want)
			if fmt.Sprintf("%q", names) != fmt.Sprintf("%q", want) {
				t.Errorf("fields %v, want %v\n%s", names, want, res.Body)
			}
		})
	}

	t.Run("create user: type errors speak JSON", func(t *testing.T) {
		for body, want := range map[string]string{
			`{"name":42}`:                      "Expected a value of type string.",
			`{"disabled":"yes"}`:               "Expected a value of type boolean.",
			`{"lang":5}`:                       "Expected a value of type string.",
			`{"memberships":{}}`:               "Expected a value of type array.",
			`{"memberships":[1]}`:              "Expected a value of type object.",
			`{"memberships":[{"org_id":"1"}]}`: "Expected a value of type number.",
		} {
			e := wantAPIError(t, f.api("POST", "/api/v1/users", admin, body), http.StatusBadRequest, tillit.EINVALID)
			if len(e.Error.Fields) != 1 {
				t.Errorf("%s: fields %v", body, e.Error.Fields)
			}
			for k, v := range e.Error.Fields {
				if k == "" || v != want {
					t.Errorf("%s: field %q: %q, want %q", body, k, v, want)
				}
			}
		}
	})

	t.Run("create user: wrong content type", func(t *testing.T) {
		c := f.client()
		res := c.send("POST", "/api/v1/users", strings.NewReader(`{}`), map[string]string{"Authorization": "Bearer " + admin, "Content-Type": "text/plain"})
		e := wantAPIError(t, res, http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Message != "Send the body as JSON with Content-Type: application/json." {
			t.Errorf("message %q", e.Error.Message)
		}
	})

	t.Run("create user: empty body", func(t *testing.T) {
		e := wantAPIError(t, f.api("POST", "/api/v1/users", admin, ""), http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Message != "The request body is empty; send a JSON object." {
			t.Errorf("message %q", e.Error.Message)
		}
	})

	t.Run("no user created by the failures", func(t *testing.T) {
		var list struct{ Users []apiUser }
		decodeJSON(t, f.api("GET", "/api/v1/users", admin, ""), &list)
		if len(list.Users) != 8 {
			t.Errorf("%d users, want 8", len(list.Users))
		}
	})

	t.Run("missing user", func(t *testing.T) {
		e := wantAPIError(t, f.api("GET", "/api/v1/users/999999", admin, ""), http.StatusNotFound, tillit.ENOTFOUND)
		if e.Error.Message != "User not found." {
			t.Errorf("message %q", e.Error.Message)
		}
		wantAPIError(t, f.api("PATCH", "/api/v1/users/999999", admin, `{"name":"X"}`), http.StatusNotFound, tillit.ENOTFOUND)
		for _, id := range []string{"abc", "0", "-3", "1.5", "99999999999999999999"} {
			wantAPIError(t, f.api("GET", "/api/v1/users/"+id, admin, ""), http.StatusNotFound, tillit.ENOTFOUND)
		}
	})

	t.Run("patch name shows in the audit trail", func(t *testing.T) {
		id := created.ID
		res := f.api("PATCH", fmt.Sprintf("/api/v1/users/%d", id), admin, `{"name":"  Omdöpt Användare "}`)
		wantStatus(t, res, http.StatusOK)
		var u apiUser
		decodeJSON(t, res, &u)
		if u.Name != "Omdöpt Användare" || u.Email != "ny@region.se" || u.Lang != "en" || len(u.Memberships) != 1 {
			t.Fatalf("after PATCH: %+v", u)
		}
		var audit struct {
			Events []struct {
				ID       int64  `json:"id"`
				Actor    string `json:"actor"`
				ActorID  int64  `json:"actor_id"`
				Action   string `json:"action"`
				Entity   string `json:"entity"`
				EntityID int64  `json:"entity_id"`
				Before   string `json:"before"`
				After    string `json:"after"`
				Hash     string `json:"hash"`
			} `json:"events"`
		}
		res = f.api("GET", fmt.Sprintf("/api/v1/audit?entity=user&entity_id=%d&limit=1", id), admin, "")
		wantStatus(t, res, http.StatusOK)
		decodeJSON(t, res, &audit)
		if len(audit.Events) != 1 {
			t.Fatalf("%d events with limit=1", len(audit.Events))
		}
		e := audit.Events[0]
		if e.Action != "user.update" || e.Entity != "user" || e.EntityID != id || e.Actor != f.users[tillit.RoleAdmin].Email ||
			e.ActorID != f.users[tillit.RoleAdmin].ID || len(e.Hash) != 64 {
			t.Fatalf("newest event %+v", e)
		}
		if !strings.Contains(e.Before, `"Name":"Ny Användare"`) || !strings.Contains(e.After, `"Name":"Omdöpt Användare"`) {
			t.Errorf("before/after do not show the rename:\nbefore %s\nafter %s", e.Before, e.After)
		}
		// The unfiltered trail has it first, and the creation before it.
		decodeJSON(t, f.api("GET", "/api/v1/audit", admin, ""), &audit)
		if len(audit.Events) < 2 || audit.Events[0].Action != "user.update" || audit.Events[0].EntityID != id {
			t.Fatalf("trail head: %+v", audit.Events[:min(2, len(audit.Events))])
		}
		// Paging with before.
		decodeJSON(t, f.api("GET", fmt.Sprintf("/api/v1/audit?before=%d&limit=2", audit.Events[0].ID), admin, ""), &audit)
		if len(audit.Events) != 2 || audit.Events[0].Action != "user.create" || audit.Events[0].EntityID != id {
			t.Fatalf("page before the rename: %+v", audit.Events)
		}
	})

	t.Run("patch keeps the e-mail", func(t *testing.T) {
		e := wantAPIError(t, f.api("PATCH", fmt.Sprintf("/api/v1/users/%d", created.ID), admin, `{"email":"other@region.se"}`), http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Fields["email"] == "" {
			t.Errorf("no field error for email: %+v", e)
		}
		// The same address, differently written, is not a change.
		wantStatus(t, f.api("PATCH", fmt.Sprintf("/api/v1/users/%d", created.ID), admin, `{"email":"NY@region.se"}`), http.StatusOK)
	})

	t.Run("patch memberships", func(t *testing.T) {
		body := fmt.Sprintf(`{"memberships":[{"org_id":%d,"role":"coordinator"},{"org_id":%d,"role":"auditor"}]}`, skane, f.orgs["Revisionsbyrån"].ID)
		res := f.api("PATCH", fmt.Sprintf("/api/v1/users/%d", created.ID), admin, body)
		wantStatus(t, res, http.StatusOK)
		var u apiUser
		decodeJSON(t, res, &u)
		roles := []string{}
		for _, m := range u.Memberships {
			roles = append(roles, m.Role+"@"+m.OrgName)
		}
		sort.Strings(roles)
		if fmt.Sprint(roles) != "[auditor@Revisionsbyrån coordinator@Region Skåne]" {
			t.Fatalf("memberships %v", roles)
		}
		e := wantAPIError(t, f.api("PATCH", fmt.Sprintf("/api/v1/users/%d", created.ID), admin, `{"memberships":[]}`), http.StatusBadRequest, tillit.EINVALID)
		if e.Error.Fields["role"] == "" {
			t.Errorf("removing every role: %+v", e)
		}
	})

	t.Run("admin cannot lock themselves out", func(t *testing.T) {
		id := f.users[tillit.RoleAdmin].ID
		e := wantAPIError(t, f.api("PATCH", fmt.Sprintf("/api/v1/users/%d", id), admin, `{"disabled":true}`), http.StatusBadRequest, tillit.EINVALID)
		if !strings.Contains(e.Error.Message, "You cannot disable yourself") {
			t.Errorf("message %q", e.Error.Message)
		}
		wantStatus(t, f.api("GET", "/api/v1/me", admin, ""), http.StatusOK)
	})
}

// TestOpenAPICoversRoutes: every API route has its path and method in the
// OpenAPI document, and the document lists nothing that is not a route.
func TestOpenAPICoversRoutes(t *testing.T) {
	f := newFixture(t)
	var doc struct {
		OpenAPI string `json:"openapi"`
		Servers []struct {
			URL string `json:"url"`
		} `json:"servers"`
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPIDocument(), &doc); err != nil {
		t.Fatalf("the OpenAPI document is not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi version %q", doc.OpenAPI)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/api/v1" {
		t.Fatalf("servers %+v, want one with url /api/v1", doc.Servers)
	}
	routes := map[string]bool{}
	for _, rt := range f.srv.Routes() {
		if !rt.API || rt.Method == "" {
			continue
		}
		p, ok := strings.CutPrefix(rt.Path, "/api/v1")
		if !ok {
			t.Errorf("API route %s %s is not under /api/v1", rt.Method, rt.Path)
			continue
		}
		method := strings.ToLower(rt.Method)
		routes[method+" "+p] = true
		if _, ok := doc.Paths[p][method]; !ok {
			t.Errorf("route %s %s is not in the OpenAPI document", rt.Method, rt.Path)
		}
	}
	if len(routes) < 9 {
		t.Errorf("only %d API routes found", len(routes))
	}
	for p, ops := range doc.Paths {
		for m := range ops {
			switch m {
			case "get", "post", "put", "patch", "delete", "head", "options":
				if !routes[m+" "+p] {
					t.Errorf("the OpenAPI document lists %s %s, which is not a route", strings.ToUpper(m), p)
				}
			}
		}
	}

	t.Run("served", func(t *testing.T) {
		res := f.api("GET", "/api/v1/openapi.json", "", "")
		wantStatus(t, res, http.StatusOK)
		if res.Body != string(api.OpenAPIDocument()) {
			t.Error("the served document differs from the embedded one")
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q", ct)
		}
	})
}
