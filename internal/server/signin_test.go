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

func TestSignIn(t *testing.T) {
	f := newFixture(t)
	staff := f.users[tillit.RoleStaff]

	t.Run("right password", func(t *testing.T) {
		c := f.client()
		res := c.post("/login", url.Values{"email": {staff.Email}, "password": {testPassword}, "next": {"/regions?year=2024"}})
		wantRedirect(t, res, "/regions?year=2024")
		var session *http.Cookie
		for _, ck := range res.Cookies() {
			if ck.Name == web.SessionCookie {
				session = ck
			}
		}
		if session == nil || session.Value == "" {
			t.Fatalf("no session cookie set; Set-Cookie: %q", res.Header.Values("Set-Cookie"))
		}
		if !session.HttpOnly {
			t.Error("the session cookie is not HttpOnly")
		}
		if session.SameSite != http.SameSiteLaxMode {
			t.Errorf("the session cookie has SameSite %v, want Lax", session.SameSite)
		}
		if session.Path != "/" {
			t.Errorf("the session cookie has Path %q, want /", session.Path)
		}
		home := c.get("/")
		wantStatus(t, home, http.StatusOK)
		wantBody(t, home, "Välkommen, Test staff", `<span class="who">Test staff</span>`, "Medarbetare i region – Region Skåne")
	})

	t.Run("e-mail is case-insensitive and trimmed", func(t *testing.T) {
		c := f.client()
		wantRedirect(t, c.signInAs("  STAFF@Example.ORG ", testPassword), "/")
	})

	t.Run("wrong password", func(t *testing.T) {
		c := f.client()
		res := c.signInAs(staff.Email, "wrong password, quite long")
		wantStatus(t, res, http.StatusUnauthorized)
		wantBody(t, res, "E-postadressen eller lösenordet är fel.", `value="`+staff.Email+`"`, `aria-invalid="true"`)
		if c.cookieValue(web.SessionCookie) != "" {
			t.Error("a failed sign-in set a session cookie")
		}
		wantRedirect(t, c.get("/"), "/login?next=%2F")
	})

	t.Run("unknown e-mail", func(t *testing.T) {
		c := f.client()
		res := c.signInAs("nobody@example.org", testPassword)
		wantStatus(t, res, http.StatusUnauthorized)
		wantBody(t, res, "E-postadressen eller lösenordet är fel.", `value="nobody@example.org"`)
	})

	t.Run("disabled user", func(t *testing.T) {
		// Disable the coordinator through the admin form.
		admin := f.client().signIn(tillit.RoleAdmin)
		co := f.users[tillit.RoleCoordinator]
		id := fmt.Sprint(co.ID)
		res := admin.post("/admin/users/"+id, url.Values{"name": {co.Name}, "lang": {"sv"}, "disabled": {"on"},
			"org": {fmt.Sprint(f.orgs["Region Norrbotten"].ID)}, "role": {"coordinator"}})
		wantRedirect(t, res, "/admin/users/"+id)
		res = f.client().signInAs(co.Email, testPassword)
		wantStatus(t, res, http.StatusUnauthorized)
		wantBody(t, res, "E-postadressen eller lösenordet är fel.")
	})

	for _, tc := range []struct{ name, email, pw string }{
		{"empty e-mail", "", testPassword},
		{"empty password", staff.Email, ""},
		{"both empty", "", ""},
		{"blank e-mail", "   ", testPassword},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := f.client().signInAs(tc.email, tc.pw)
			wantStatus(t, res, http.StatusBadRequest)
			wantBody(t, res, "Skriv din e-postadress och ditt lösenord.")
		})
	}

	t.Run("open redirects end at /", func(t *testing.T) {
		for _, next := range []string{
			"//evil.example", "https://evil.example", "/\\evil", "\\\\evil.example", "/\\/evil.example",
			"http:evil.example", "javascript:alert(1)", "/\t/evil.example", "/\r\nLocation: https://evil.example",
			"evil.example", "", "///evil.example",
		} {
			t.Run(fmt.Sprintf("%q", next), func(t *testing.T) {
				c := f.client()
				res := c.post("/login", url.Values{"email": {staff.Email}, "password": {testPassword}, "next": {next}})
				wantRedirect(t, res, "/")
				// Signed in already, GET /login?next= goes on at once: also "/".
				wantRedirect(t, c.get("/login?next="+url.QueryEscape(next)), "/")
			})
		}
	})

	t.Run("next survives the form", func(t *testing.T) {
		c := f.client()
		res := c.get("/admin/users")
		wantRedirect(t, res, "/login?next=%2Fadmin%2Fusers")
		form := c.get(res.Header.Get("Location"))
		wantStatus(t, form, http.StatusOK)
		wantBody(t, form, `name="next" value="/admin/users"`)
		evil := c.get("/login?next=" + url.QueryEscape("//evil.example"))
		wantBody(t, evil, `name="next" value="/"`)
	})
}

func TestSignInThrottling(t *testing.T) {
	t.Run("per account", func(t *testing.T) {
		f := newFixture(t)
		email := f.users[tillit.RoleStaff].Email
		c := f.client()
		for i := 1; i <= 5; i++ {
			res := c.signInAs(email, fmt.Sprintf("wrong password number %d", i))
			wantStatus(t, res, http.StatusUnauthorized)
		}
		res := c.signInAs(email, testPassword)
		wantStatus(t, res, http.StatusTooManyRequests)
		wantBody(t, res, "För många misslyckade inloggningar för kontot. Vänta 15 minuter och försök igen")
		if c.cookieValue(web.SessionCookie) != "" {
			t.Fatal("a throttled sign-in set a session cookie")
		}

		// Another browser, the same account: still throttled; another
		// account from the same address: not.
		wantStatus(t, f.client().signInAs(email, testPassword), http.StatusTooManyRequests)
		f.client().signIn(tillit.RoleAdmin)

		f.advance(10 * time.Minute)
		res = c.signInAs(email, testPassword)
		wantStatus(t, res, http.StatusTooManyRequests)
		wantBody(t, res, "Vänta 5 minuter")

		f.advance(6 * time.Minute)
		wantRedirect(t, c.signInAs(email, testPassword), "/")
		wantStatus(t, c.get("/"), http.StatusOK)

		// A good sign-in clears the count: five more failures are needed.
		c2 := f.client()
		for i := 0; i < 4; i++ {
			wantStatus(t, c2.signInAs(email, "still the wrong password"), http.StatusUnauthorized)
		}
		wantRedirect(t, c2.signInAs(email, testPassword), "/")
	})

	t.Run("in English", func(t *testing.T) {
		f := newFixture(t)
		email := f.users[tillit.RoleStaff].Email
		c := f.client()
		c.setCookie(web.LangCookie, "en")
		for i := 0; i < 5; i++ {
			wantStatus(t, c.signInAs(email, "wrong password again"), http.StatusUnauthorized)
		}
		res := c.signInAs(email, testPassword)
		wantStatus(t, res, http.StatusTooManyRequests)
		wantBody(t, res, "Too many failed sign-ins for this account. Wait 15 minutes and try again")
	})

	t.Run("per address", func(t *testing.T) {
		f := newFixture(t)
		c := f.client()
		// 30 failures spread over accounts that do not exist, at most 5 each.
		for i := 0; i < 30; i++ {
			wantStatus(t, c.signInAs(fmt.Sprintf("guess%d@example.org", i/5), "not the password"), http.StatusUnauthorized)
		}
		res := c.signInAs(f.users[tillit.RoleAdmin].Email, testPassword)
		wantStatus(t, res, http.StatusTooManyRequests)
		wantBody(t, res, "För många misslyckade inloggningar från ditt nätverk. Vänta 15 minuter")
		f.advance(16 * time.Minute)
		wantRedirect(t, c.signInAs(f.users[tillit.RoleAdmin].Email, testPassword), "/")
	})
}

func TestSessionExpiry(t *testing.T) {
	t.Run("idle", func(t *testing.T) {
		f := newFixture(t)
		c := f.client().signIn(tillit.RoleStaff)
		f.advance(59 * time.Minute)
		wantStatus(t, c.get("/"), http.StatusOK)
		f.advance(61 * time.Minute)
		res := c.get("/")
		wantRedirect(t, res, "/login?next=%2F")
		// The stale cookie is dropped, and the login page renders.
		if v := c.cookieValue(web.SessionCookie); v != "" {
			t.Errorf("the expired session cookie is still in the browser: %q", v)
		}
		wantStatus(t, c.get("/login?next=%2F"), http.StatusOK)
		// Deep links come back to where the reader was.
		c2 := f.client().signIn(tillit.RoleAdmin)
		f.advance(61 * time.Minute)
		wantRedirect(t, c2.get("/admin/users?x=1"), "/login?next=%2Fadmin%2Fusers%3Fx%3D1")
	})

	t.Run("absolute", func(t *testing.T) {
		f := newFixture(t)
		c := f.client().signIn(tillit.RoleStaff)
		var elapsed time.Duration
		for elapsed+50*time.Minute <= 12*time.Hour {
			f.advance(50 * time.Minute)
			elapsed += 50 * time.Minute
			if res := c.get("/"); res.StatusCode != http.StatusOK {
				t.Fatalf("after %v of activity: status %d, want 200", elapsed, res.StatusCode)
			}
		}
		f.advance(50 * time.Minute)
		elapsed += 50 * time.Minute
		if elapsed <= 12*time.Hour {
			t.Fatalf("test error: only %v elapsed", elapsed)
		}
		wantRedirect(t, c.get("/"), "/login?next=%2F")
	})
}

func TestSignOut(t *testing.T) {
	f := newFixture(t)
	c := f.client().signIn(tillit.RoleStaff)
	old := c.cookieValue(web.SessionCookie)
	if old == "" {
		t.Fatal("no session cookie after sign-in")
	}
	other := f.client().signIn(tillit.RoleStaff) // another browser of the same user

	res := c.post("/logout", nil)
	wantRedirect(t, res, "/login")
	if v := c.cookieValue(web.SessionCookie); v != "" {
		t.Errorf("session cookie still set after sign-out: %q", v)
	}
	login := c.get("/login")
	wantBody(t, login, "Du har loggat ut.")

	t.Run("old cookie replayed", func(t *testing.T) {
		thief := f.client()
		thief.setCookie(web.SessionCookie, old)
		wantRedirect(t, thief.get("/"), "/login?next=%2F")
		wantRedirect(t, thief.get("/account"), "/login?next=%2Faccount")
		// A POST with the copied cookie and a valid CSRF pair is refused too.
		res := thief.post("/account/tokens", url.Values{"name": {"stolen"}})
		wantStatus(t, res, http.StatusUnauthorized)
		wantBody(t, res, "Logga in för att fortsätta.")
	})

	t.Run("other sessions live on", func(t *testing.T) {
		wantStatus(t, other.get("/"), http.StatusOK)
	})

	t.Run("sign-out is recorded", func(t *testing.T) {
		res := f.api("GET", "/api/v1/audit?entity=user&entity_id="+fmt.Sprint(f.users[tillit.RoleStaff].ID), f.apiToken(tillit.RoleAdmin), "")
		wantStatus(t, res, http.StatusOK)
		if !strings.Contains(res.Body, `"action": "user.signout"`) {
			t.Errorf("no user.signout event in the audit trail:\n%s", clip(res.Body))
		}
	})
}
