package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/web"
)

const (
	csrfMessageSV = "Formuläret hade gått ut eller kom från en annan webbplats. Gå tillbaka, ladda om sidan och försök igen."
	csrfMessageEN = "The form had expired or came from another site. Go back, reload the page and try again."
)

func TestCSRF(t *testing.T) {
	f := newFixture(t)
	c := f.client().signIn(tillit.RoleStaff)
	token := c.cookieValue(web.CSRFCookie)
	if len(token) < 16 {
		t.Fatalf("CSRF cookie %q after sign-in", token)
	}
	origin := f.ts.URL
	form := func(csrf string) url.Values {
		v := url.Values{"name": {"x"}}
		if csrf != "" {
			v.Set(web.CSRFField, csrf)
		}
		return v
	}

	for _, tc := range []struct {
		name   string
		form   url.Values
		hdr    map[string]string
		status int
	}{
		{"no csrf field", form(""), map[string]string{"Origin": origin}, http.StatusForbidden},
		{"wrong token", form("AAAAAAAAAAAAAAAAAAAAAAAAAA"), map[string]string{"Origin": origin}, http.StatusForbidden},
		{"token of another browser", form(f.client().csrf()), map[string]string{"Origin": origin}, http.StatusForbidden},
		{"right token, evil origin", form(token), map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"right token, cross-site fetch", form(token), map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"right token, same-site fetch", form(token), map[string]string{"Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
		{"right token, cross-site fetch with our origin", form(token), map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": origin}, http.StatusForbidden},
		{"wrong header token", form(""), map[string]string{"Origin": origin, web.CSRFHeader: "nope"}, http.StatusForbidden},
		{"right token, same origin", form(token), map[string]string{"Origin": origin}, http.StatusOK},
		{"right token, same-origin fetch", form(token), map[string]string{"Sec-Fetch-Site": "same-origin"}, http.StatusOK},
		{"right token, no origin at all", form(token), nil, http.StatusOK},
		{"right header token (htmx)", form(""), map[string]string{"Origin": origin, web.CSRFHeader: token}, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.postForm("/account/tokens", tc.form, tc.hdr)
			wantStatus(t, res, tc.status)
			if tc.status == http.StatusForbidden {
				wantBody(t, res, csrfMessageSV, `<html lang="sv">`)
				wantNoBody(t, res, "tillit_") // no token was created
			} else {
				wantBody(t, res, "Kopiera din token nu.")
			}
		})
	}

	t.Run("refused posts change nothing", func(t *testing.T) {
		ts, err := f.db.FindAPITokens(t.Context(), f.users[tillit.RoleStaff].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) != 4 {
			t.Fatalf("%d tokens exist, want the 4 of the accepted posts", len(ts))
		}
	})

	t.Run("English message", func(t *testing.T) {
		e := f.client()
		e.setCookie(web.LangCookie, "en")
		res := e.postForm("/password/forgot", url.Values{"email": {"a@example.org"}}, map[string]string{"Origin": origin})
		wantStatus(t, res, http.StatusForbidden)
		wantBody(t, res, csrfMessageEN, `<html lang="en">`)
	})

	t.Run("sign-in without csrf", func(t *testing.T) {
		anon := f.client() // no cookie at all yet
		res := anon.postForm("/login", url.Values{"email": {f.users[tillit.RoleAdmin].Email}, "password": {testPassword}}, map[string]string{"Origin": origin})
		wantStatus(t, res, http.StatusForbidden)
		wantBody(t, res, csrfMessageSV)
		if anon.cookieValue(web.SessionCookie) != "" {
			t.Fatal("signed in without CSRF token")
		}
		// The refusal hands out a CSRF cookie, so a reload works.
		if anon.cookieValue(web.CSRFCookie) == "" {
			t.Error("no CSRF cookie set by the refusal")
		}
		// With the cookie but without the field: still refused.
		res = anon.postForm("/login", url.Values{"email": {f.users[tillit.RoleAdmin].Email}, "password": {testPassword}}, map[string]string{"Origin": origin})
		wantStatus(t, res, http.StatusForbidden)
		// Login CSRF from another site with a planted token pair: refused by origin.
		res = anon.postForm("/login", url.Values{"email": {f.users[tillit.RoleAdmin].Email}, "password": {testPassword},
			web.CSRFField: {anon.cookieValue(web.CSRFCookie)}}, map[string]string{"Origin": "http://evil.example"})
		wantStatus(t, res, http.StatusForbidden)
		wantRedirect(t, anon.post("/login", url.Values{"email": {f.users[tillit.RoleAdmin].Email}, "password": {testPassword}}), "/")
	})

	t.Run("sign-out needs csrf", func(t *testing.T) {
		res := c.postForm("/logout", url.Values{}, map[string]string{"Origin": origin})
		wantStatus(t, res, http.StatusForbidden)
		wantStatus(t, c.get("/"), http.StatusOK) // still signed in
	})

	t.Run("token rotates at sign-in", func(t *testing.T) {
		b := f.client()
		before := b.csrf()
		b.signIn(tillit.RoleStaff)
		after := b.cookieValue(web.CSRFCookie)
		if after == "" || after == before {
			t.Fatalf("CSRF token not replaced at sign-in: before %q, after %q", before, after)
		}
		res := b.post("/account/tokens", url.Values{"name": {"old"}, web.CSRFField: {before}})
		wantStatus(t, res, http.StatusForbidden)
	})

	t.Run("GET does not need csrf", func(t *testing.T) {
		res := c.send("GET", "/account/tokens", nil, map[string]string{"Sec-Fetch-Site": "cross-site"})
		wantStatus(t, res, http.StatusOK)
		if !strings.Contains(res.Body, `name="csrf" value="`+token+`"`) {
			t.Errorf("the page does not carry the CSRF token in its forms")
		}
	})
}
