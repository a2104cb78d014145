package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/web"
)

const newPassword = "a brand new password for tillit"

func TestPasswordReset(t *testing.T) {
	f := newFixture(t)
	staff := f.users[tillit.RoleStaff]
	c := f.client()

	known := c.post("/password/forgot", url.Values{"email": {staff.Email}})
	wantStatus(t, known, http.StatusOK)
	unknown := c.post("/password/forgot", url.Values{"email": {"nobody@example.org"}})
	wantStatus(t, unknown, http.StatusOK)

	t.Run("no account enumeration", func(t *testing.T) {
		wantBody(t, known, "Om adressen hör till ett konto har vi skickat en länk")
		if known.Body != unknown.Body {
			t.Errorf("the answer differs for a known and an unknown address:\nknown:\n%s\nunknown:\n%s", known.Body, unknown.Body)
		}
		if got := len(f.mail.mailsTo(staff.Email)); got != 1 {
			t.Errorf("%d mails to %s, want 1", got, staff.Email)
		}
		if got := len(f.mail.mailsTo("nobody@example.org")); got != 0 {
			t.Errorf("%d mails to an address without account, want 0", got)
		}
		if got := len(f.mail.mails()); got != 1 {
			t.Errorf("%d mails in all, want 1", got)
		}
	})

	t.Run("empty address", func(t *testing.T) {
		res := c.post("/password/forgot", url.Values{"email": {""}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, "Skriv e-postadressen du loggar in med.")
	})

	m := f.mail.mailsTo(staff.Email)[0]
	if m.Subject != "Återställ ditt lösenord i tillit" {
		t.Errorf("subject %q", m.Subject)
	}
	link := linkIn(t, m)
	if !strings.HasPrefix(link, "/password/reset/") {
		t.Fatalf("reset link %q", link)
	}

	t.Run("form", func(t *testing.T) {
		res := c.get(link)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "Välj ett nytt lösenord", `action="`+link+`"`, `value="`+staff.Email+`"`)
		if res.Header.Get("Referrer-Policy") != "same-origin" {
			t.Errorf("Referrer-Policy %q on a page with a secret in its address", res.Header.Get("Referrer-Policy"))
		}
	})

	t.Run("too short", func(t *testing.T) {
		res := c.post(link, url.Values{"password": {"short"}, "confirm": {"short"}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, "Lösenordet är för kort.", `<span class="field-error" id="password-error">Använd minst 12 tecken.</span>`)
	})

	t.Run("mismatched confirm", func(t *testing.T) {
		res := c.post(link, url.Values{"password": {newPassword}, "confirm": {newPassword + "!"}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, "De två lösenorden är inte lika.", `<span class="field-error" id="confirm-error">Skriv samma lösenord igen.</span>`)
	})

	// Sessions from before the reset end with it.
	before := f.client().signIn(tillit.RoleStaff)

	t.Run("good password", func(t *testing.T) {
		res := c.post(link, url.Values{"password": {newPassword}, "confirm": {newPassword}})
		wantRedirect(t, res, "/")
		home := c.get("/")
		wantStatus(t, home, http.StatusOK)
		wantBody(t, home, "Välkommen, Test staff", "Ditt lösenord är sparat.")
		wantRedirect(t, before.get("/"), "/login?next=%2F")
	})

	t.Run("link used twice", func(t *testing.T) {
		for _, method := range []string{"GET", "POST"} {
			var res response
			if method == "GET" {
				res = f.client().get(link)
			} else {
				res = f.client().post(link, url.Values{"password": {"yet another password!"}, "confirm": {"yet another password!"}})
			}
			wantStatus(t, res, http.StatusNotFound)
			wantBody(t, res, "Länken har redan använts eller har gått ut. Be om en ny.")
		}
	})

	t.Run("new password works, old does not", func(t *testing.T) {
		wantRedirect(t, f.client().signInAs(staff.Email, newPassword), "/")
		res := f.client().signInAs(staff.Email, testPassword)
		wantStatus(t, res, http.StatusUnauthorized)
	})

	t.Run("newest link only, and links expire", func(t *testing.T) {
		a := f.client()
		wantStatus(t, a.post("/password/forgot", url.Values{"email": {staff.Email}}), http.StatusOK)
		first := linkIn(t, f.mail.last(t))
		wantStatus(t, a.post("/password/forgot", url.Values{"email": {staff.Email}}), http.StatusOK)
		second := linkIn(t, f.mail.last(t))
		if first == second {
			t.Fatal("two requests gave the same link")
		}
		wantStatus(t, a.get(first), http.StatusNotFound)
		wantStatus(t, a.get(second), http.StatusOK)
		f.advance(61 * time.Minute)
		wantStatus(t, a.get(second), http.StatusNotFound)
	})

	t.Run("mails per address are limited", func(t *testing.T) {
		admin := f.users[tillit.RoleAdmin].Email
		a := f.client()
		for i := 0; i < 7; i++ {
			res := a.post("/password/forgot", url.Values{"email": {admin}})
			wantStatus(t, res, http.StatusOK)
			wantBody(t, res, "Om adressen hör till ett konto")
		}
		if got := len(f.mail.mailsTo(admin)); got != 5 {
			t.Errorf("%d reset mails to one address in a day, want 5", got)
		}
	})

	t.Run("garbage token", func(t *testing.T) {
		for _, p := range []string{"/password/reset/nope", "/password/reset/" + strings.Repeat("A", 5000), "/welcome/nope"} {
			res := f.client().get(p)
			wantStatus(t, res, http.StatusNotFound)
			wantBody(t, res, "Länken har redan använts eller har gått ut.")
		}
		// A reset link does not work as an invitation, and the other way round.
		wantStatus(t, f.client().post("/password/forgot", url.Values{"email": {f.users[tillit.RoleAuditor].Email}}), http.StatusOK)
		l := linkIn(t, f.mail.last(t))
		wantStatus(t, f.client().get(strings.Replace(l, "/password/reset/", "/welcome/", 1)), http.StatusNotFound)
	})
}

func TestInvitation(t *testing.T) {
	f := newFixture(t)
	admin := f.client().signIn(tillit.RoleAdmin)
	skane := fmt.Sprint(f.orgs["Region Skåne"].ID)

	res := admin.post("/admin/users", url.Values{"email": {"  New.Person@Region.se "}, "name": {"Ny Person"}, "lang": {"en"},
		"org": {skane, ""}, "role": {"coordinator", ""}, "invite": {"on"}})
	wantStatus(t, res, http.StatusSeeOther)
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, "/admin/users/") {
		t.Fatalf("redirected to %q", loc)
	}
	page := admin.get(loc)
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, "Användaren är skapad och en inbjudan har skickats.", `value="new.person@region.se"`, "Ny Person")

	mails := f.mail.mailsTo("new.person@region.se")
	if len(mails) != 1 {
		t.Fatalf("%d invitation mails, want 1", len(mails))
	}
	m := mails[0]
	if m.Subject != "You have been invited to tillit" || !strings.Contains(m.Text, "Hello Ny Person") {
		t.Errorf("the invitation is not in the user's language (English):\n%s\n%s", m.Subject, m.Text)
	}
	link := linkIn(t, m)
	if !strings.HasPrefix(link, "/welcome/") {
		t.Fatalf("invitation link %q", link)
	}

	t.Run("no password before the invitation is used", func(t *testing.T) {
		wantStatus(t, f.client().signInAs("new.person@region.se", ""), http.StatusBadRequest)
		wantStatus(t, f.client().signInAs("new.person@region.se", "anything at all here"), http.StatusUnauthorized)
	})

	c := f.client()
	form := c.get(link)
	wantStatus(t, form, http.StatusOK)
	wantBody(t, form, "Välkommen till tillit", "Välj ett lösenord för ditt konto.", `action="`+link+`"`)

	wantStatus(t, c.post(link, url.Values{"password": {"short"}, "confirm": {"short"}}), http.StatusBadRequest)
	res = c.post(link, url.Values{"password": {newPassword}, "confirm": {newPassword}})
	wantRedirect(t, res, "/")
	home := c.get("/")
	wantStatus(t, home, http.StatusOK)
	// Signed in, in the language the administrator chose.
	wantBody(t, home, `<html lang="en">`, "Welcome, Ny Person", "Regional coordinator – Region Skåne")
	wantStatus(t, f.client().get(link), http.StatusNotFound)
	wantRedirect(t, f.client().signInAs("new.person@region.se", newPassword), "/")

	t.Run("new invitation replaces the old", func(t *testing.T) {
		id := strings.TrimPrefix(loc, "/admin/users/")
		wantRedirect(t, admin.post("/admin/users/"+id+"/invite", nil), loc)
		l1 := linkIn(t, f.mail.last(t))
		wantRedirect(t, admin.post("/admin/users/"+id+"/invite", nil), loc)
		l2 := linkIn(t, f.mail.last(t))
		wantStatus(t, f.client().get(l1), http.StatusNotFound)
		wantStatus(t, f.client().get(l2), http.StatusOK)
	})

	t.Run("no invitation for a disabled user", func(t *testing.T) {
		u := f.users[tillit.RoleEditor]
		wantStatus(t, f.api("PATCH", fmt.Sprintf("/api/v1/users/%d", u.ID), f.apiToken(tillit.RoleAdmin), `{"disabled":true}`), http.StatusOK)
		n := len(f.mail.mails())
		res := admin.post(fmt.Sprintf("/admin/users/%d/invite", u.ID), nil)
		wantStatus(t, res, http.StatusConflict)
		wantBody(t, res, "Användaren är avstängd. Aktivera kontot innan du skickar en inbjudan.")
		if len(f.mail.mails()) != n {
			t.Error("an invitation was mailed to a disabled user")
		}
		// Nor does the reset form mail them.
		wantStatus(t, f.client().post("/password/forgot", url.Values{"email": {u.Email}}), http.StatusOK)
		if len(f.mail.mails()) != n {
			t.Error("a reset link was mailed to a disabled user")
		}
	})

	t.Run("without invitation no mail", func(t *testing.T) {
		n := len(f.mail.mails())
		res := admin.post("/admin/users", url.Values{"email": {"quiet@region.se"}, "name": {"Tyst"}, "lang": {"sv"},
			"org": {skane}, "role": {"staff"}})
		wantStatus(t, res, http.StatusSeeOther)
		if got := len(f.mail.mails()); got != n {
			t.Errorf("%d mails sent without invite=on", got-n)
		}
		wantBody(t, admin.get(res.Header.Get("Location")), "Användaren är skapad.")
	})
}

func TestChangePassword(t *testing.T) {
	f := newFixture(t)
	c := f.client().signIn(tillit.RoleStaff)
	other := f.client().signIn(tillit.RoleStaff)
	admin := f.client().signIn(tillit.RoleAdmin)

	t.Run("wrong current password", func(t *testing.T) {
		res := c.post("/account/password", url.Values{"current": {"not my password at all"}, "password": {newPassword}, "confirm": {newPassword}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, "Lösenordet ändrades inte.", `<span class="field-error" id="current-error">Ditt nuvarande lösenord är fel.</span>`)
		wantStatus(t, other.get("/"), http.StatusOK)
	})

	t.Run("new password too short", func(t *testing.T) {
		res := c.post("/account/password", url.Values{"current": {testPassword}, "password": {"tiny"}, "confirm": {"tiny"}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, "Använd minst 12 tecken.")
	})

	t.Run("mismatched confirm", func(t *testing.T) {
		res := c.post("/account/password", url.Values{"current": {testPassword}, "password": {newPassword}, "confirm": {"something else entirely"}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, "Skriv samma lösenord igen.")
	})

	t.Run("good change", func(t *testing.T) {
		res := c.post("/account/password", url.Values{"current": {testPassword}, "password": {newPassword}, "confirm": {newPassword}})
		wantRedirect(t, res, "/account")
		page := c.get("/account")
		wantStatus(t, page, http.StatusOK)
		wantBody(t, page, "Ditt lösenord är bytt. Andra webbläsare där du var inloggad har loggats ut.")
		wantRedirect(t, other.get("/"), "/login?next=%2F")
		wantStatus(t, c.get("/"), http.StatusOK)
		wantStatus(t, admin.get("/"), http.StatusOK) // other users keep theirs
		wantStatus(t, f.client().signInAs(f.users[tillit.RoleStaff].Email, testPassword), http.StatusUnauthorized)
		wantRedirect(t, f.client().signInAs(f.users[tillit.RoleStaff].Email, newPassword), "/")
	})
}

func TestAPITokensThroughUI(t *testing.T) {
	f := newFixture(t)
	c := f.client().signIn(tillit.RoleStaff)

	res := c.post("/account/tokens", url.Values{"name": {"my script"}})
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Kopiera din token nu. Den visas inte igen.", "my script")
	m := tokenSecretRe.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no secret starting with tillit_ in the response:\n%s", clip(res.Body))
	}
	secret := m[1]
	ids := revokeRe.FindStringSubmatch(res.Body)
	if ids == nil {
		t.Fatal("no revoke form for the new token")
	}
	id := ids[1]

	t.Run("shown once", func(t *testing.T) {
		page := c.get("/account/tokens")
		wantStatus(t, page, http.StatusOK)
		wantBody(t, page, "my script", secret[:13]+"…")
		wantNoBody(t, page, secret)
	})

	t.Run("usable as bearer", func(t *testing.T) {
		res := f.api("GET", "/api/v1/me", secret, "")
		wantStatus(t, res, http.StatusOK)
		var me struct {
			ID    int64  `json:"id"`
			Email string `json:"email"`
		}
		decodeJSON(t, res, &me)
		if me.Email != f.users[tillit.RoleStaff].Email || me.ID != f.users[tillit.RoleStaff].ID {
			t.Fatalf("/api/v1/me says %+v", me)
		}
		// Created and last used, in Swedish time (the clock says 09:00 UTC).
		wantBody(t, c.get("/account/tokens"), "<td>2026-03-02 10:00</td><td>2026-03-02 10:00</td>")
	})

	t.Run("empty name", func(t *testing.T) {
		res := c.post("/account/tokens", url.Values{"name": {"   "}})
		wantStatus(t, res, http.StatusBadRequest)
		wantBody(t, res, "Ge din token ett namn", `id="name-error"`)
		wantNoBody(t, res, "Kopiera din token nu.")
	})

	t.Run("revoking another user's token", func(t *testing.T) {
		adminSecret := f.apiToken(tillit.RoleAdmin)
		ts, err := f.db.FindAPITokens(t.Context(), f.users[tillit.RoleAdmin].ID)
		if err != nil || len(ts) != 1 {
			t.Fatalf("admin tokens: %v %v", ts, err)
		}
		res := c.post(fmt.Sprintf("/account/tokens/%d/revoke", ts[0].ID), nil)
		wantStatus(t, res, http.StatusNotFound)
		wantBody(t, res, fmt.Sprintf("Token %d finns inte eller är redan återkallad.", ts[0].ID))
		wantStatus(t, f.api("GET", "/api/v1/me", adminSecret, ""), http.StatusOK)
	})

	t.Run("bad ids", func(t *testing.T) {
		for _, p := range []string{"abc", "0", "-1", "999999", "99999999999999999999"} {
			res := c.post("/account/tokens/"+p+"/revoke", nil)
			wantStatus(t, res, http.StatusNotFound)
		}
	})

	t.Run("revoke", func(t *testing.T) {
		res := c.post("/account/tokens/"+id+"/revoke", nil)
		wantRedirect(t, res, "/account/tokens")
		page := c.get("/account/tokens")
		wantBody(t, page, "Din token är återkallad.", "Återkallad 2026-03-02")
		wantNoBody(t, page, `action="/account/tokens/`+id+`/revoke"`)
		e := wantAPIError(t, f.api("GET", "/api/v1/me", secret, ""), http.StatusUnauthorized, tillit.EUNAUTHORIZED)
		if e.Error.Message != "The API token is not valid. Create a new one under your account." {
			t.Errorf("message %q", e.Error.Message)
		}
		// Revoking twice: not found.
		wantStatus(t, c.post("/account/tokens/"+id+"/revoke", nil), http.StatusNotFound)
	})

	t.Run("tokens die with a disabled user", func(t *testing.T) {
		sup := f.apiToken(tillit.RoleSupplier)
		wantStatus(t, f.api("GET", "/api/v1/me", sup, ""), http.StatusOK)
		u := f.users[tillit.RoleSupplier]
		body := `{"disabled":true}`
		wantStatus(t, f.api("PATCH", fmt.Sprintf("/api/v1/users/%d", u.ID), f.apiToken(tillit.RoleAdmin), body), http.StatusOK)
		wantAPIError(t, f.api("GET", "/api/v1/me", sup, ""), http.StatusUnauthorized, tillit.EUNAUTHORIZED)
	})
}

// TestSessionCookieIsNotAPIAuth: the session cookie, which the API ignores,
// must not be a valid bearer token either.
func TestSessionCookieIsNotAPIAuth(t *testing.T) {
	f := newFixture(t)
	c := f.client().signIn(tillit.RoleAdmin)
	wantAPIError(t, f.api("GET", "/api/v1/me", c.cookieValue(web.SessionCookie), ""), http.StatusUnauthorized, tillit.EUNAUTHORIZED)
}
