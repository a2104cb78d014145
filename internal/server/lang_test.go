package server

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/web"
)

func TestLanguage(t *testing.T) {
	f := newFixture(t)

	t.Run("Swedish by default", func(t *testing.T) {
		res := f.client().get("/login")
		wantStatus(t, res, http.StatusOK)
		if l := htmlLang(t, res); l != "sv" {
			t.Fatalf("html lang %q, want sv", l)
		}
		wantBody(t, res, "<h1>Logga in</h1>", "Glömt lösenordet?", `value="en" lang="en">English</button>`)
	})

	for _, tc := range []struct{ header, want string }{
		{"en", "en"},
		{"en-GB,en;q=0.9", "en"},
		{"sv-SE,sv;q=0.9,en;q=0.8", "sv"},
		{"de-DE,de;q=0.9,en;q=0.5", "en"},
		{"en;q=0.3,sv;q=0.7", "sv"},
		{"fr", "sv"},
		{"*", "sv"},
		{"garbage;;;,,q=", "sv"},
	} {
		t.Run("Accept-Language "+tc.header, func(t *testing.T) {
			res := f.client().send("GET", "/login", nil, map[string]string{"Accept-Language": tc.header})
			wantStatus(t, res, http.StatusOK)
			if l := htmlLang(t, res); l != tc.want {
				t.Fatalf("html lang %q, want %s", l, tc.want)
			}
			if tc.want == "en" {
				wantBody(t, res, "<h1>Sign in</h1>", "Forgot your password?")
				wantNoBody(t, res, "Logga in")
			}
		})
	}

	t.Run("anonymous switch", func(t *testing.T) {
		c := f.client()
		res := c.post("/lang", url.Values{"lang": {"en"}, "next": {"/password/forgot"}})
		wantRedirect(t, res, "/password/forgot")
		page := c.get("/password/forgot")
		if l := htmlLang(t, page); l != "en" {
			t.Fatalf("html lang %q after switching to English", l)
		}
		wantBody(t, page, "Forgot your password?")
		// The cookie beats Accept-Language.
		page = c.send("GET", "/login", nil, map[string]string{"Accept-Language": "sv"})
		if l := htmlLang(t, page); l != "en" {
			t.Fatalf("html lang %q: the chosen language must beat Accept-Language", l)
		}
		wantRedirect(t, c.post("/lang", url.Values{"lang": {"en"}, "next": {"//evil.example"}}), "/")
	})

	t.Run("signed-in switch is saved", func(t *testing.T) {
		c := f.client().signIn(tillit.RoleOfficer)
		wantBody(t, c.get("/"), "Välkommen, Test officer")
		res := c.post("/lang", url.Values{"lang": {"en"}, "next": {"/regions"}})
		wantRedirect(t, res, "/regions")
		page := c.get("/regions")
		if l := htmlLang(t, page); l != "en" {
			t.Fatalf("html lang %q after switching", l)
		}
		wantBody(t, page, "<h1>Regions</h1>")
		u, err := f.db.FindUserByID(t.Context(), f.users[tillit.RoleOfficer].ID)
		if err != nil {
			t.Fatal(err)
		}
		if u.Lang != tillit.English {
			t.Fatalf("the user's language is %q, want en", u.Lang)
		}
		// A new browser, whose reader prefers Swedish: the account wins
		// once signed in.
		n := f.client()
		if l := htmlLang(t, n.get("/login")); l != "sv" {
			t.Fatalf("a new browser starts in %q", l)
		}
		n.signIn(tillit.RoleOfficer)
		home := n.send("GET", "/", nil, map[string]string{"Accept-Language": "sv"})
		wantStatus(t, home, http.StatusOK)
		if l := htmlLang(t, home); l != "en" {
			t.Fatalf("html lang %q in a new browser, want the saved en", l)
		}
		wantBody(t, home, "Welcome, Test officer", "Officer at the national office – Nationella kansliet")
		if n.cookieValue(web.LangCookie) != "en" {
			t.Errorf("sign-in did not set the language cookie to en")
		}
		// Back to Swedish.
		wantRedirect(t, n.post("/lang", url.Values{"lang": {"sv"}}), "/")
		wantBody(t, c.get("/"), "Välkommen, Test officer")
	})

	t.Run("account setting beats the cookie", func(t *testing.T) {
		c := f.client().signIn(tillit.RoleAuditor) // Swedish account
		c.setCookie(web.LangCookie, "en")
		if l := htmlLang(t, c.get("/")); l != "sv" {
			t.Fatalf("html lang %q, want the account's sv", l)
		}
	})

	for _, bad := range []string{"", "de", "EN", "sv-SE", "<script>"} {
		t.Run("invalid lang "+bad, func(t *testing.T) {
			res := f.client().post("/lang", url.Values{"lang": {bad}})
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, "Välj svenska eller engelska.")
			wantNoBody(t, res, "<script>")
		})
	}
}
