package server

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/tillit-project/tillit"
)

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	c := f.client().signIn(tillit.RoleAdmin)
	for name, res := range map[string]response{
		"page":          c.get("/"),
		"login page":    f.client().get("/login"),
		"error page":    c.get("/no/such/page"),
		"API response":  f.api("GET", "/api/v1/me", f.apiToken(tillit.RoleAdmin), ""),
		"API error":     f.api("GET", "/api/v1/me", "", ""),
		"static file":   f.client().get("/static/style.css"),
		"health probe":  f.client().get("/healthz"),
		"redirect":      f.client().get("/"),
		"CSRF refusal":  c.postForm("/account/tokens", nil, map[string]string{"Origin": "http://evil.example"}),
		"reset link":    f.client().get("/password/reset/not-a-real-token"),
		"openapi":       f.api("GET", "/api/v1/openapi.json", "", ""),
		"unknown route": f.api("GET", "/api/v2/anything", "", ""),
	} {
		t.Run(name, func(t *testing.T) {
			h := res.Header
			csp := h.Get("Content-Security-Policy")
			if csp == "" {
				t.Fatal("no Content-Security-Policy")
			}
			if strings.Contains(csp, "'unsafe-inline'") || strings.Contains(csp, "'unsafe-eval'") {
				t.Errorf("CSP allows inline code: %s", csp)
			}
			for _, d := range []string{"frame-ancestors 'none'", "default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'"} {
				if !strings.Contains(csp, d) {
					t.Errorf("CSP lacks %q: %s", d, csp)
				}
			}
			for k, want := range map[string]string{
				"X-Content-Type-Options": "nosniff",
				"Referrer-Policy":        "same-origin",
				"X-Frame-Options":        "DENY",
			} {
				if got := h.Get(k); got != want {
					t.Errorf("%s: %q, want %q", k, got, want)
				}
			}
			if h.Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id")
			}
			if h.Get("Strict-Transport-Security") != "" {
				t.Error("HSTS sent over plain HTTP without Secure cookies configured")
			}
		})
	}

	t.Run("pages are not cached", func(t *testing.T) {
		for _, res := range []response{c.get("/account"), f.api("GET", "/api/v1/me", f.apiToken(tillit.RoleAdmin), "")} {
			if got := res.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("%s: Cache-Control %q, want no-store", res.Request.URL.Path, got)
			}
		}
	})

	t.Run("no inline script in pages", func(t *testing.T) {
		for _, p := range []string{"/", "/account", "/account/tokens", "/admin/users", "/admin/users/new", "/admin/audit", "/regions", "/categories"} {
			res := c.get(p)
			wantStatus(t, res, http.StatusOK)
			if m := regexp.MustCompile(`<script(?:\s[^>]*)?>`).FindAllString(res.Body, -1); len(m) != 1 || !strings.Contains(m[0], `src="/static/htmx.min.js?v=`) {
				t.Errorf("%s: script tags %q, want only the htmx file", p, m)
			}
			if strings.Contains(res.Body, " style=") || strings.Contains(res.Body, " onclick=") || strings.Contains(res.Body, "<style") {
				t.Errorf("%s: inline style or handler, which the CSP would block", p)
			}
		}
	})
}

func TestHealthAndMetrics(t *testing.T) {
	f := newFixture(t)
	c := f.client()

	t.Run("healthz", func(t *testing.T) {
		res := c.get("/healthz")
		wantStatus(t, res, http.StatusOK)
		if res.Body != "ok\n" {
			t.Errorf("body %q", res.Body)
		}
	})

	t.Run("readyz", func(t *testing.T) {
		res := c.get("/readyz")
		wantStatus(t, res, http.StatusOK)
		if res.Body != "ready\n" {
			t.Errorf("body %q", res.Body)
		}
	})

	t.Run("metrics by route pattern", func(t *testing.T) {
		const secret = "SECRETONETIMETOKEN123456"
		c.get("/login")
		c.get("/login")
		c.get("/password/reset/" + secret)
		c.post("/password/reset/"+secret, nil)
		c.get("/no/such/" + secret)
		f.api("GET", "/api/v1/users/"+secret, f.apiToken(tillit.RoleAdmin), "")
		f.api("GET", "/api/v1/"+secret, "", "")
		f.api("GET", "/api/v1/me", "tillit_"+secret, "")

		res := c.get("/metrics")
		wantStatus(t, res, http.StatusOK)
		for _, line := range []string{
			`tillit_http_requests_total{code="200",method="GET",route="GET /login"} 2`,
			`tillit_http_requests_total{code="404",method="GET",route="GET /password/reset/{token}"} 1`,
			`tillit_http_requests_total{code="404",method="POST",route="POST /password/reset/{token}"} 1`,
			`tillit_http_requests_total{code="404",method="GET",route="/"} 1`,
			`tillit_http_requests_total{code="404",method="GET",route="GET /api/v1/users/{id}"} 1`,
			`tillit_http_requests_total{code="404",method="GET",route="/api/"} 1`,
			`tillit_http_requests_total{code="401",method="GET",route="GET /api/v1/me"} 1`,
			`tillit_http_request_duration_seconds_bucket{route="GET /login",le="+Inf"} 2`,
			"tillit_db_open_connections ",
		} {
			if !strings.Contains(res.Body, line) {
				t.Errorf("metrics lack %q", line)
			}
		}
		if strings.Contains(res.Body, secret) {
			t.Error("a raw path with a secret made it into the metrics")
		}
		for _, m := range regexp.MustCompile(`tillit_http_requests_total\{[^}]*route="([^"]*)"`).FindAllStringSubmatch(res.Body, -1) {
			r := m[1]
			if r != "unmatched" && r != "/" && r != "/api/" && !regexp.MustCompile(`^[A-Z]+ /`).MatchString(r) {
				t.Errorf("route label %q is not a route pattern", r)
			}
		}
	})
}
