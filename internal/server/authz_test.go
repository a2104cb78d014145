package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tillit-project/tillit"
)

// anon stands for a visitor who is not signed in.
const anon tillit.Role = "anonymous"

var (
	everyone = []tillit.Role{anon, tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator, tillit.RoleStaff, tillit.RoleAuditor, tillit.RoleSupplier, tillit.RoleEditor}
	signedIn = everyone[1:]
	office   = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer}
	admins   = []tillit.Role{tillit.RoleAdmin}
)

// expected says who may use each route, written out by hand: the route
// table must agree with it, and a route missing here fails the test, so a
// new route cannot slip in without someone deciding who may use it. The
// follow-up and supplier parts keep their lines in authz_*_test.go.
var expected = mergeExpected(expectedFoundation, expectedFollowUps, expectedSuppliers, expectedAPIFollowUps, expectedFinance, expectedReport, expectedRisk, expectedTraining, expectedQuestionnaires, expectedIncidents, expectedSite, expectedImport, expectedSupplyChain, expectedRequirements, expectedCategories, expectedInquiries)

func mergeExpected(parts ...map[string][]tillit.Role) map[string][]tillit.Role {
	out := map[string][]tillit.Role{}
	for _, p := range parts {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}

// pathParams gives each path wildcard a value that exists in the fixture,
// by the route's path prefix; parts add theirs in authz_*_test.go.
func (f *fixture) pathParams(path string) map[string]string {
	params := map[string]string{
		"{id}":      strconv.FormatInt(f.users[tillit.RoleStaff].ID, 10),
		"{token}":   "no-such-token",
		"{file...}": "style.css",
	}
	for _, extra := range []func(*fixture, string) map[string]string{followUpParams, supplierParams, apiFollowUpParams, financeParams, reportParams, riskParams, trainingParams, questionnaireParams, incidentParams, siteParams, importParams, supplyChainParams, categoryParams, requirementParams, inquiryParams} {
		for k, v := range extra(f, path) {
			params[k] = v
		}
	}
	return params
}

var expectedFoundation = map[string][]tillit.Role{
	"GET /healthz":                     everyone,
	"GET /readyz":                      everyone,
	"GET /metrics":                     everyone,
	"GET /static/{file...}":            everyone,
	"GET /login":                       everyone,
	"POST /login":                      everyone,
	"POST /logout":                     signedIn,
	"GET /password/forgot":             everyone,
	"POST /password/forgot":            everyone,
	"GET /password/reset/{token}":      everyone,
	"POST /password/reset/{token}":     everyone,
	"GET /welcome/{token}":             everyone,
	"POST /welcome/{token}":            everyone,
	"POST /lang":                       everyone,
	"GET /{$}":                         signedIn,
	"GET /regions":                     signedIn,
	"GET /account":                     signedIn,
	"POST /account/password":           signedIn,
	"GET /account/tokens":              signedIn,
	"POST /account/tokens":             signedIn,
	"POST /account/tokens/{id}/revoke": signedIn,
	"GET /admin/users":                 office,
	"GET /admin/users/new":             admins,
	"POST /admin/users":                admins,
	"GET /admin/users/{id}":            office,
	"POST /admin/users/{id}":           admins,
	"POST /admin/users/{id}/invite":    admins,
	"GET /admin/audit":                 office,
	"GET /api/v1/openapi.json":         everyone,
	"GET /api/v1/me":                   signedIn,
	"GET /api/v1/regions":              signedIn,
	"GET /api/v1/users":                office,
	"POST /api/v1/users":               admins,
	"GET /api/v1/users/{id}":           office,
	"PATCH /api/v1/users/{id}":         admins,
	"GET /api/v1/audit":                office,
	"/api/":                            everyone, // unmatched API paths: 404 for all
	"/":                                everyone, // unmatched pages: 404 for all
}

// TestAuthorizationEveryRoute sends every route a request as every role
// and checks that the policy lets exactly the expected roles through:
// denied requests get 403 (or 401 / the sign-in page when anonymous) and
// allowed ones never do.
func TestAuthorizationEveryRoute(t *testing.T) {
	f := newFixture(t)
	seen := map[string]bool{}
	for _, rt := range f.srv.Routes() {
		key := strings.TrimSpace(rt.Method + " " + rt.Path)
		seen[key] = true
		allowed, ok := expected[key]
		if !ok {
			t.Errorf("route %q is not in the authorisation test's table: decide who may use it and add it", key)
			continue
		}
		for _, role := range everyone {
			want := contains(allowed, role)
			t.Run(strings.ReplaceAll(key, "/", "_")+"/"+string(role), func(t *testing.T) {
				res := f.request(t, rt, role)
				denied := res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusUnauthorized ||
					res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login?next=")
				if res.StatusCode >= 500 {
					t.Fatalf("status %d: a request must never cause a server error\n%s", res.StatusCode, res.Body)
				}
				if want && denied {
					t.Fatalf("%s was denied (status %d), but the table allows it", role, res.StatusCode)
				}
				if !want && !denied {
					t.Fatalf("%s got status %d, but the table denies it", role, res.StatusCode)
				}
				if !want && role != anon && res.StatusCode != http.StatusForbidden {
					t.Fatalf("a signed-in %s who is denied must get 403, got %d", role, res.StatusCode)
				}
				if !want && role == anon && rt.API && res.StatusCode != http.StatusUnauthorized {
					t.Fatalf("an anonymous API request must get 401, got %d", res.StatusCode)
				}
			})
		}
	}
	for key := range expected {
		if !seen[key] {
			t.Errorf("the table lists %q, which is not a route", key)
		}
	}
}

func contains(rs []tillit.Role, r tillit.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// request makes a plausible request to the route as the role: path
// parameters point at things that exist, and forms are empty but carry a
// valid CSRF token, so only authorisation can refuse them outright.
func (f *fixture) request(t *testing.T, rt Route, role tillit.Role) response {
	path := strings.ReplaceAll(rt.Path, "{$}", "")
	for k, v := range f.pathParams(rt.Path) {
		path = strings.ReplaceAll(path, k, v)
	}
	if rt.Path == "/" {
		path = "/no/such/page"
	} else if rt.Path == "/api/" {
		path = "/api/v1/no-such-endpoint"
	}
	method := rt.Method
	if method == "" {
		method = "GET"
	}
	if rt.API {
		token := ""
		if role != anon {
			token = f.apiToken(role)
		}
		body := ""
		if method == "POST" || method == "PATCH" {
			body = "{}"
		}
		return f.api(method, path, token, body)
	}
	c := f.client()
	if role != anon {
		c.signIn(role)
	}
	if method == "GET" {
		return c.get(path)
	}
	return c.post(path, url.Values{})
}
