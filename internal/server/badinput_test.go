package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/web"
)

// TestBadInput sends malformed requests everywhere: each must get a 4xx
// with a sentence saying what is wrong, never a 500.
func TestBadInput(t *testing.T) {
	f := newFixture(t)
	admin := f.client().signIn(tillit.RoleAdmin)
	token := f.apiToken(tillit.RoleAdmin)
	skane := fmt.Sprint(f.orgs["Region Skåne"].ID)
	office := fmt.Sprint(f.orgs["Nationella kansliet"].ID)
	staffID := fmt.Sprint(f.users[tillit.RoleStaff].ID)
	newUser := func(kv ...string) url.Values {
		v := url.Values{"email": {"fuzz@region.se"}, "name": {"Fuzz"}, "lang": {"sv"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v[kv[i]] = append(v[kv[i]], kv[i+1])
		}
		return v
	}
	big := strings.Repeat("a", 2<<20)

	type page struct {
		name    string
		method  string
		path    string
		form    url.Values
		status  int
		message string
	}
	const notFound = "Det finns ingen sida på den här adressen."
	for _, tc := range []page{
		{"user id not a number", "GET", "/admin/users/abc", nil, 404, notFound},
		{"negative user id", "GET", "/admin/users/-1", nil, 404, notFound},
		{"zero user id", "GET", "/admin/users/0", nil, 404, notFound},
		{"user id overflows", "GET", "/admin/users/99999999999999999999", nil, 404, notFound},
		{"largest user id", "GET", "/admin/users/9223372036854775807", nil, 404, "Användaren finns inte."},
		{"missing user", "GET", "/admin/users/999999", nil, 404, "Användaren finns inte."},
		{"update user id not a number", "POST", "/admin/users/abc", newUser("org", skane, "role", "staff"), 404, notFound},
		{"update missing user", "POST", "/admin/users/999999", newUser("org", skane, "role", "staff"), 404, "Användaren finns inte."},
		{"invite missing user", "POST", "/admin/users/999999/invite", nil, 404, "Användaren finns inte."},
		{"invite bad id", "POST", "/admin/users/x/invite", nil, 404, notFound},
		{"year not a number", "GET", "/regions?year=abc", nil, 400, "Skriv året med fyra siffror, till exempel 2022."},
		{"year too small", "GET", "/regions?year=1999", nil, 400, "Skriv året med fyra siffror"},
		{"year huge", "GET", "/regions?year=99999999999999999999999", nil, 400, "Skriv året med fyra siffror"},
		{"year negative", "GET", "/regions?year=-2024", nil, 400, "Skriv året med fyra siffror"},
		{"date in the wrong order", "GET", "/categories?on=31-12-2022", nil, 400, "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2022-06-30."},
		{"date that does not exist", "GET", "/categories?on=2022-02-30", nil, 400, "Skriv datumet som ÅÅÅÅ-MM-DD"},
		{"date with time", "GET", "/categories?on=2022-06-30T10:00:00Z", nil, 400, "Skriv datumet som ÅÅÅÅ-MM-DD"},
		{"mismatched org/role lists", "POST", "/admin/users", newUser("org", skane, "org", office, "role", "staff"), 400, "Formuläret var ofullständigt. Ladda om sidan och försök igen."},
		{"role without org", "POST", "/admin/users", newUser("org", "", "role", "staff"), 400, "Välj en organisation för varje roll."},
		{"org id not a number", "POST", "/admin/users", newUser("org", "abc", "role", "staff"), 400, "Välj en organisation i listan."},
		{"org that does not exist", "POST", "/admin/users", newUser("org", "999999", "role", "staff"), 400, "Den valda organisationen finns inte."},
		{"role root", "POST", "/admin/users", newUser("org", office, "role", "root"), 400, "Välj en av rollerna i listan."},
		{"role that does not fit the org", "POST", "/admin/users", newUser("org", skane, "role", "admin"), 400, "Rollen admin kan inte innehas i den sortens organisation."},
		{"two roles in one org", "POST", "/admin/users", newUser("org", skane, "role", "staff", "org", skane, "role", "coordinator"), 400, "En person kan bara ha en roll i varje organisation."},
		{"no role", "POST", "/admin/users", newUser(), 400, "Välj en roll och en organisation."},
		{"invalid email", "POST", "/admin/users", url.Values{"email": {"no-at-sign"}, "name": {"X"}, "lang": {"sv"}, "org": {skane}, "role": {"staff"}}, 400, "Skriv en e-postadress som namn@region.se."},
		{"invalid lang", "POST", "/admin/users", url.Values{"email": {"a@region.se"}, "name": {"X"}, "lang": {"de"}, "org": {skane}, "role": {"staff"}}, 400, "Välj svenska eller engelska."},
		{"duplicate email", "POST", "/admin/users", url.Values{"email": {"Staff@Example.org"}, "name": {"X"}, "lang": {"sv"}, "org": {skane}, "role": {"staff"}}, 409, "Det finns redan en användare med e-postadressen staff@example.org."},
		{"name too long", "POST", "/admin/users", url.Values{"email": {"a@region.se"}, "name": {strings.Repeat("n", 201)}, "lang": {"sv"}, "org": {skane}, "role": {"staff"}}, 400, "Namnet får vara högst 200 tecken."},
		{"2 MB body", "POST", "/admin/users", url.Values{"email": {"a@region.se"}, "name": {big}, "org": {skane}, "role": {"staff"}}, 400, "Innehållet är för stort."},
		{"2 MB token name", "POST", "/account/tokens", url.Values{"name": {big}}, 400, "Innehållet är för stort."},
		{"token name too long", "POST", "/account/tokens", url.Values{"name": {strings.Repeat("t", 101)}}, 400, "Använd högst 100 tecken."},
		{"self-disable", "POST", "/admin/users/" + fmt.Sprint(f.users[tillit.RoleAdmin].ID), url.Values{"name": {"Test admin"}, "lang": {"sv"}, "disabled": {"on"}, "org": {office}, "role": {"admin"}}, 400, "Du kan inte stänga av dig själv"},
		{"audit before not a number", "GET", "/admin/audit?before=abc", nil, 200, "Händelselogg"},
		{"no such page", "GET", "/admin/nothing", nil, 404, notFound},
		{"wrong method", "DELETE", "/admin/users/" + staffID, nil, 404, notFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var res response
			if tc.method == "GET" {
				res = admin.get(tc.path)
			} else if tc.method == "POST" {
				res = admin.post(tc.path, tc.form)
			} else {
				res = admin.send(tc.method, tc.path, nil, map[string]string{"Origin": f.ts.URL, web.CSRFHeader: admin.csrf()})
			}
			wantStatus(t, res, tc.status)
			wantBody(t, res, tc.message)
		})
	}

	t.Run("the form comes back filled in", func(t *testing.T) {
		res := admin.post("/admin/users", url.Values{"email": {"keep@region.se"}, "name": {"Behåll Mig"}, "lang": {"en"}, "org": {skane}, "role": {"root"}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, `value="keep@region.se"`, `value="Behåll Mig"`, `<option value="en" selected>`, `class="field-error" id="role-error"`)
	})

	t.Run("nothing was created", func(t *testing.T) {
		users, err := f.db.FindUsers(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 7 {
			t.Errorf("%d users after the bad page requests, want the 7 of the fixture", len(users))
		}
	})

	type call struct {
		name, method, path, body string
		status                   int
		code, message            string
	}
	for _, tc := range []call{
		{"audit limit 0", "GET", "/api/v1/audit?limit=0", "", 400, tillit.EINVALID, "The limit must be between 1 and 500."},
		{"audit limit 501", "GET", "/api/v1/audit?limit=501", "", 400, tillit.EINVALID, "The limit must be between 1 and 500."},
		{"audit limit text", "GET", "/api/v1/audit?limit=ten", "", 400, tillit.EINVALID, "The limit must be between 1 and 500."},
		{"audit entity_id negative", "GET", "/api/v1/audit?entity_id=-1", "", 400, tillit.EINVALID, "The parameter entity_id must be a whole number."},
		{"audit before text", "GET", "/api/v1/audit?before=x", "", 400, tillit.EINVALID, "The parameter before must be a whole number."},
		{"audit before overflows", "GET", "/api/v1/audit?before=99999999999999999999", "", 400, tillit.EINVALID, "The parameter before must be a whole number."},
		{"patch lang de", "PATCH", "/api/v1/users/1", `{"lang":"de"}`, 400, tillit.EINVALID, "Check the fields marked below."},
		{"patch empty name", "PATCH", "/api/v1/users/" + staffID, `{"name":""}`, 400, tillit.EINVALID, "Check the fields marked below."},
		{"patch unknown org", "PATCH", "/api/v1/users/" + staffID, `{"memberships":[{"org_id":424242,"role":"staff"}]}`, 400, tillit.EINVALID, "The chosen organisation does not exist."},
		{"patch bad id", "PATCH", "/api/v1/users/abc", `{"name":"x"}`, 404, tillit.ENOTFOUND, `No such resource: "abc" is not an id.`},
		{"2 MB JSON", "POST", "/api/v1/users", `{"email":"a@b.se","name":"` + big + `"}`, 400, tillit.EINVALID, "The request body is too large."},
		{"2 MB JSON patch", "PATCH", "/api/v1/users/" + staffID, `{"name":"` + big + `"}`, 400, tillit.EINVALID, "The request body is too large."},
		{"regions year text", "GET", "/api/v1/regions?year=twenty", "", 400, tillit.EINVALID, "The year must be a number between 2000 and 2100."},
		{"regions year far future", "GET", "/api/v1/regions?year=3000", "", 400, tillit.EINVALID, "The year must be a number between 2000 and 2100."},
		{"categories bad date", "GET", "/api/v1/categories?on=yesterday", "", 400, tillit.EINVALID, "The date must be written as YYYY-MM-DD."},
		{"user id overflows", "GET", "/api/v1/users/99999999999999999999", "", 404, tillit.ENOTFOUND, "is not an id"},
		{"largest user id", "GET", "/api/v1/users/9223372036854775807", "", 404, tillit.ENOTFOUND, "User not found."},
	} {
		t.Run("API "+tc.name, func(t *testing.T) {
			e := wantAPIError(t, f.api(tc.method, tc.path, token, tc.body), tc.status, tc.code)
			if !strings.Contains(e.Error.Message, tc.message) {
				t.Errorf("message %q does not contain %q", e.Error.Message, tc.message)
			}
		})
	}

	// PostgreSQL stores neither NUL characters nor invalid UTF-8; such text
	// must be refused before it reaches the database, on both engines.
	const badText = "Begäran innehåller tecken som inte är tillåtna."
	for _, tc := range []struct {
		name string
		c    *client
		path string
		form url.Values
	}{
		{"sign-in e-mail with NUL", f.client(), "/login", url.Values{"email": {"staff\x00@example.org"}, "password": {testPassword}}},
		{"forgot e-mail with NUL", f.client(), "/password/forgot", url.Values{"email": {"staff@example.org\x00"}}},
		{"user name with NUL", admin, "/admin/users", url.Values{"email": {"nul@region.se"}, "name": {"A\x00B"}, "lang": {"sv"}, "org": {skane}, "role": {"staff"}}},
		{"user name not UTF-8", admin, "/admin/users", url.Values{"email": {"utf@region.se"}, "name": {"Bj\xf6rn"}, "lang": {"sv"}, "org": {skane}, "role": {"staff"}}},
		{"updated name not UTF-8", admin, "/admin/users/" + staffID, url.Values{"name": {"\xff"}, "lang": {"sv"}, "org": {skane}, "role": {"staff"}}},
		{"token name with NUL", admin, "/account/tokens", url.Values{"name": {"\x00"}}},
		{"query with NUL", admin, "/account/tokens?x=%00", url.Values{"name": {"ok"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.c.post(tc.path, tc.form)
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, badText)
		})
	}
	t.Run("GET with NUL in the query", func(t *testing.T) {
		res := admin.get("/categories?on=%00")
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, badText)
	})
	for _, tc := range []struct{ name, method, path, body, field string }{
		{"API name with NUL", "POST", "/api/v1/users", `{"email":"nul@region.se","name":"A\u0000B","memberships":[{"org_id":` + skane + `,"role":"staff"}]}`, "name"},
		{"API e-mail with NUL", "POST", "/api/v1/users", `{"email":"nul\u0000@region.se","name":"A","memberships":[{"org_id":` + skane + `,"role":"staff"}]}`, "email"},
		{"API role with NUL", "POST", "/api/v1/users", `{"email":"nul@region.se","name":"A","memberships":[{"org_id":` + skane + `,"role":"staff\u0000"}]}`, "memberships.role"},
		{"API patch name with NUL", "PATCH", "/api/v1/users/" + staffID, `{"name":"\u0000"}`, "name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := wantAPIError(t, f.api(tc.method, tc.path, token, tc.body), http.StatusBadRequest, tillit.EINVALID)
			if e.Error.Message != "The field "+tc.field+" contains a character that is not allowed." || e.Error.Fields[tc.field] == "" {
				t.Errorf("error %+v, want one naming %s", e.Error, tc.field)
			}
		})
	}
	t.Run("API query with NUL", func(t *testing.T) {
		e := wantAPIError(t, f.api("GET", "/api/v1/audit?entity=%00", token, ""), http.StatusBadRequest, tillit.EINVALID)
		if !strings.HasPrefix(e.Error.Message, "The request contains characters that are not allowed.") {
			t.Errorf("message %q", e.Error.Message)
		}
		// Invalid UTF-8 in JSON is replaced, not refused: it can be stored.
		res := f.api("POST", "/api/v1/users", token, "{\"email\":\"bj\xf6rn@region.se\",\"name\":\"Bj\xf6rn\",\"memberships\":[{\"org_id\":"+skane+",\"role\":\"staff\"}]}")
		wantStatus(t, res, http.StatusCreated)
		wantBody(t, res, "Bj\uFFFDrn")
	})

	t.Run("patch lang de names the field", func(t *testing.T) {
		e := wantAPIError(t, f.api("PATCH", "/api/v1/users/1", token, `{"lang":"de"}`), 400, tillit.EINVALID)
		if e.Error.Fields["lang"] != "Choose Swedish or English." {
			t.Errorf("fields %v", e.Error.Fields)
		}
	})
}

// TestNoServerErrors throws junk at every route as an administrator (who
// gets furthest into the handlers) and as an anonymous visitor: nothing
// may answer 5xx.
func TestNoServerErrors(t *testing.T) {
	f := newFixture(t)
	admin := f.client().signIn(tillit.RoleAdmin)
	anon := f.client()
	token := f.apiToken(tillit.RoleAdmin)
	junk := []string{"", "0", "-1", "x", "%00", "%ff%fe", "..%2f..%2fetc%2fpasswd", "9223372036854775808", "'%20OR%201=1--", "%E2%80%AE", strings.Repeat("9", 300)}
	bodies := []string{"", "{}", "null", "[]", `{"name":null}`, `{"memberships":[{}]}`, `{"memberships":null,"lang":""}`, "\x00\xff", `{"email":"a@b.se","name":"A","lang":"sv","memberships":[{"org_id":-1,"role":""}]}`}
	forms := []url.Values{
		{},
		{"email": {"\x00"}, "password": {"\xff\xfe"}},
		{"org": {"", ""}, "role": {""}},
		{"org": {"-5"}, "role": {"staff"}, "name": {"X"}, "lang": {"sv"}},
		{"org": {"9223372036854775807"}, "role": {"staff"}, "name": {"X"}, "lang": {"sv"}, "email": {"x@y.se"}},
		{"name": {strings.Repeat("é", 150)}, "email": {"ä@ö.se"}, "lang": {"sv"}, "org": {"1"}, "role": {"admin"}},
		{"lang": {"sv\x00"}, "next": {"/\x00"}},
		{"password": {strings.Repeat("p", 10000)}, "confirm": {strings.Repeat("p", 10000)}, "current": {"x"}},
	}
	var n int
	check := func(t *testing.T, res response) {
		t.Helper()
		n++
		if res.StatusCode >= 500 {
			t.Errorf("%s %s: status %d\n%s", res.Request.Method, res.Request.URL, res.StatusCode, clip(res.Body))
		}
		if res.StatusCode >= 400 && strings.TrimSpace(res.Body) == "" {
			t.Errorf("%s %s: status %d without a body", res.Request.Method, res.Request.URL, res.StatusCode)
		}
	}
	for _, rt := range f.srv.Routes() {
		if rt.Bare || rt.Method == "" {
			continue
		}
		paths := []string{rt.Path}
		if strings.Contains(rt.Path, "{") {
			paths = nil
			for _, j := range junk {
				p := strings.NewReplacer("{id}", j, "{token}", j, "{$}", "").Replace(rt.Path)
				paths = append(paths, p)
			}
		}
		for _, p := range paths {
			for _, q := range []string{"", "?year=" + junk[len(junk)-1], "?on=0000-00-00&before=-1&limit=%00&next=//x"} {
				if _, err := url.Parse(f.ts.URL + p + q); err != nil {
					continue
				}
				switch {
				case rt.API && (rt.Method == "POST" || rt.Method == "PATCH"):
					for _, b := range bodies {
						check(t, f.api(rt.Method, p+q, token, b))
					}
				case rt.API:
					check(t, f.api(rt.Method, p+q, token, ""))
				case rt.Method == "GET":
					check(t, admin.get(p+q))
					check(t, anon.get(p+q))
				default:
					if p == "/logout" {
						continue
					}
					for _, form := range forms {
						check(t, admin.post(p+q, form))
						check(t, anon.post(p+q, form))
					}
				}
			}
		}
	}
	t.Logf("%d requests", n)
	// Still signed in, still working.
	wantStatus(t, admin.get("/admin/users"), http.StatusOK)
}
