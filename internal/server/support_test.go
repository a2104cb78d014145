package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/mail"
)

// Helpers for the HTTP tests in this package, on top of helpers_test.go.

// send makes a request with exactly the headers given and nothing added:
// no Origin and no CSRF field unless the caller puts them there. The
// client's cookies are sent as usual.
func (c *client) send(method, path string, body io.Reader, hdr map[string]string) response {
	c.f.t.Helper()
	req, err := http.NewRequest(method, c.f.ts.URL+path, body)
	if err != nil {
		c.f.t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return c.do(req)
}

// postForm posts form as is, with the given headers and the form content
// type; see send.
func (c *client) postForm(path string, form url.Values, hdr map[string]string) response {
	c.f.t.Helper()
	h := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	for k, v := range hdr {
		h[k] = v
	}
	return c.send("POST", path, strings.NewReader(form.Encode()), h)
}

// cookieValue returns the value of the client's cookie name, or "".
func (c *client) cookieValue(name string) string {
	u, _ := url.Parse(c.f.ts.URL)
	for _, ck := range c.jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// setCookie puts a cookie in the client's jar, as a copied cookie would be.
func (c *client) setCookie(name, value string) {
	u, _ := url.Parse(c.f.ts.URL)
	c.jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// signInAs signs in with an e-mail address and password and returns the
// response, whatever it is.
func (c *client) signInAs(email, pw string) response {
	c.f.t.Helper()
	return c.post("/login", url.Values{"email": {email}, "password": {pw}})
}

// mails returns a copy of the mail sent so far.
func (o *outbox) mails() []mail.Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]mail.Message(nil), o.sent...)
}

// mailsTo returns the mail sent to addr.
func (o *outbox) mailsTo(addr string) []mail.Message {
	var out []mail.Message
	for _, m := range o.mails() {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

// wantStatus fails the test unless the response has the status.
func wantStatus(t *testing.T, res response, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%s", res.Request.Method, res.Request.URL.RequestURI(), res.StatusCode, want, clip(res.Body))
	}
}

// wantRedirect fails the test unless the response is a 303 to location.
func wantRedirect(t *testing.T, res response, location string) {
	t.Helper()
	wantStatus(t, res, http.StatusSeeOther)
	if got := res.Header.Get("Location"); got != location {
		t.Fatalf("%s %s: redirected to %q, want %q", res.Request.Method, res.Request.URL.RequestURI(), got, location)
	}
}

// wantBody fails the test unless the body holds every string.
func wantBody(t *testing.T, res response, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(res.Body, s) {
			t.Errorf("%s %s: body does not contain %q\n%s", res.Request.Method, res.Request.URL.RequestURI(), s, clip(res.Body))
		}
	}
}

// wantNoBody fails the test if the body holds any of the strings.
func wantNoBody(t *testing.T, res response, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(res.Body, s) {
			t.Errorf("%s %s: body contains %q, it must not\n%s", res.Request.Method, res.Request.URL.RequestURI(), s, clip(res.Body))
		}
	}
}

func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

// apiError is the body of every API error.
type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// wantAPIError checks status, JSON content type and error code, and
// returns the decoded error.
func wantAPIError(t *testing.T, res response, status int, code string) apiError {
	t.Helper()
	wantStatus(t, res, status)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	var e apiError
	if err := json.Unmarshal([]byte(res.Body), &e); err != nil {
		t.Fatalf("error body is not JSON: %v\n%s", err, res.Body)
	}
	if e.Error.Code != code {
		t.Errorf("error code %q, want %q\n%s", e.Error.Code, code, res.Body)
	}
	if e.Error.Message == "" {
		t.Errorf("error without a message\n%s", res.Body)
	}
	return e
}

// decodeJSON decodes a response body into v.
func decodeJSON(t *testing.T, res response, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(res.Body), v); err != nil {
		t.Fatalf("%s %s: body is not JSON: %v\n%s", res.Request.Method, res.Request.URL.RequestURI(), err, clip(res.Body))
	}
}

var (
	tokenSecretRe = regexp.MustCompile(`value="(tillit_[A-Za-z0-9]+)"`)
	revokeRe      = regexp.MustCompile(`action="/account/tokens/(\d+)/revoke"`)
	htmlLangRe    = regexp.MustCompile(`<html lang="([a-z]+)">`)
)

// htmlLang returns the lang attribute of a page.
func htmlLang(t *testing.T, res response) string {
	t.Helper()
	m := htmlLangRe.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no <html lang> in\n%s", clip(res.Body))
	}
	return m[1]
}

// seedRegisters gives the regions a population and adds a category with a
// responsible region, so the register pages have something to show.
func (f *fixture) seedRegisters() {
	f.t.Helper()
	ctx := context.Background()
	sys := tillit.SystemActor("test")
	for _, p := range []tillit.RegionPopulation{
		{RegionID: f.orgs["Region Norrbotten"].ID, Year: 2024, Population: 250_000},
		{RegionID: f.orgs["Region Skåne"].ID, Year: 2024, Population: 1_400_000},
		{RegionID: f.orgs["Region Norrbotten"].ID, Year: 2023, Population: 249_000},
	} {
		if err := f.db.SetPopulation(ctx, sys, p); err != nil {
			f.t.Fatal(err)
		}
	}
	c := &tillit.Category{Code: "surgical-instruments", NameSV: "Kirurgiska instrument", NameEN: "Surgical instruments",
		Responsible: []tillit.Responsibility{{RegionID: f.orgs["Region Norrbotten"].ID, ValidFrom: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	if err := f.db.CreateCategory(ctx, sys, c); err != nil {
		f.t.Fatal(err)
	}
}
