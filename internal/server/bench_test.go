package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"github.com/tillit-project/tillit"
)

// Benchmarks of whole requests through the handler (routing, session
// lookup, authorisation, the query, the template), without the network.
// Figures and the command are in BENCHMARKS.md.

func benchRequest(b *testing.B, f *fixture, path string, setup func(*http.Request)) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		setup(req)
		w := httptest.NewRecorder()
		f.srv.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("GET %s = %d", path, w.Code)
		}
	}
}

func sessionCookie(b *testing.B, f *fixture, role tillit.Role) *http.Cookie {
	c := f.client().signIn(role)
	for _, ck := range c.jar.Cookies(c.f.tsURL()) {
		if ck.Name == "tillit_session" {
			return &http.Cookie{Name: ck.Name, Value: ck.Value}
		}
	}
	b.Fatal("no session cookie")
	return nil
}

func BenchmarkPageLogin(b *testing.B) {
	f := newFixture(b)
	benchRequest(b, f, "/login", func(*http.Request) {})
}

func BenchmarkPageHome(b *testing.B) {
	f := newFixture(b)
	ck := sessionCookie(b, f, tillit.RoleAdmin)
	benchRequest(b, f, "/", func(r *http.Request) { r.AddCookie(ck) })
}

func BenchmarkPageCategories(b *testing.B) {
	f := newFixture(b)
	ck := sessionCookie(b, f, tillit.RoleStaff)
	benchRequest(b, f, "/categories", func(r *http.Request) { r.AddCookie(ck) })
}

func BenchmarkAPIRegions(b *testing.B) {
	f := newFixture(b)
	token := f.apiToken(tillit.RoleStaff)
	benchRequest(b, f, "/api/v1/regions", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) })
}

func (f *fixture) tsURL() *url.URL {
	u, err := url.Parse(f.ts.URL)
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

func BenchmarkPageFollowUpList(b *testing.B) {
	f := newFixture(b)
	ck := sessionCookie(b, f, tillit.RoleCoordinator)
	benchRequest(b, f, "/followups", func(r *http.Request) { r.AddCookie(ck) })
}

func BenchmarkPageFollowUpDetail(b *testing.B) {
	f := newFixture(b)
	ck := sessionCookie(b, f, tillit.RoleCoordinator)
	benchRequest(b, f, "/followups/"+strconv.FormatInt(f.followUpA.ID, 10), func(r *http.Request) { r.AddCookie(ck) })
}

func BenchmarkAPIFollowUp(b *testing.B) {
	f := newFixture(b)
	token := f.apiToken(tillit.RoleStaff)
	benchRequest(b, f, "/api/v1/followups/"+strconv.FormatInt(f.followUpA.ID, 10), func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) })
}
