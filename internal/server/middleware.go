package server

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/api"
	"github.com/tillit-project/tillit/internal/web"
)

// maxFormBytes bounds request bodies of pages and the API; upload routes
// set their own, larger limit (Route.MaxBody).
const maxFormBytes = 1 << 20

// statusWriter remembers the status for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// recoverer turns a panic into a logged 500 instead of a dropped connection.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Logger.ErrorContext(r.Context(), "panic", "err", fmt.Sprint(v), "stack", string(debug.Stack()),
					"request_id", web.RequestID(r.Context()))
				http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// observe gives each request an id and, when it ends, one log line and
// its metrics, labelled with the route pattern rather than the raw path
// (paths can hold one-time secrets and would explode metric labels).
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := rand.Text()[:16]
		ri := &web.RouteInfo{}
		ctx := web.WithRoute(web.WithRequestID(r.Context(), id), ri)
		w.Header().Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(ctx))
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d := time.Since(start)
		route := ri.Pattern
		if route == "" {
			route = "unmatched"
		}
		s.metrics.observe(route, r.Method, sw.status, d)
		if ri.Pattern == "GET /healthz" || ri.Pattern == "GET /readyz" || ri.Pattern == "GET /metrics" || strings.HasPrefix(ri.Pattern, "GET /static/") {
			return
		}
		path := r.URL.Path
		if strings.Contains(ri.Pattern, "{token}") {
			path = ri.Pattern
		}
		s.Logger.InfoContext(ctx, "request", "request_id", id, "method", r.Method, "route", route, "path", path,
			"status", sw.status, "bytes", sw.bytes, "duration_ms", float64(d.Microseconds())/1000)
	})
}

// contentSecurityPolicy allows only our own scripts and styles: no inline
// script, so injected markup cannot run.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		// same-origin: reset and invitation links carry secrets in the path.
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.TLS != nil || s.Cookies.Secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// crossOrigin rejects browser requests that another site started, using
// Sec-Fetch-Site and Origin (net/http's implementation).
var crossOrigin = http.NewCrossOriginProtection()

// wrap puts one route behind authentication, the policy and, for pages,
// CSRF protection. It is the only way a handler is reached.
func (s *Server) wrap(rt *Route) http.Handler {
	pattern := strings.TrimSpace(rt.Method + " " + rt.Path)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if ri := web.Route(ctx); ri != nil {
			ri.Pattern, ri.Action = pattern, rt.Action
		}
		if rt.Bare {
			rt.Handler.ServeHTTP(w, r)
			return
		}
		limit := int64(maxFormBytes)
		if rt.MaxBody > 0 {
			limit = rt.MaxBody
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		fail := s.UI.Error
		if rt.API {
			fail = api.Error(s.Logger)
		}

		actor, session, err := s.authenticate(r, rt.API)
		if err != nil {
			if rt.API || tillit.ErrorCode(err) != tillit.EUNAUTHORIZED {
				fail(w, r, err)
				return
			}
			// A stale cookie on a page: carry on as anonymous.
			s.Cookies.Set(w, r, web.SessionCookie, "", -1)
		}
		if actor.UserID != 0 {
			ctx = tillit.NewContextWithActor(ctx, actor)
			ctx = web.WithSession(ctx, session)
		}
		ctx = web.WithLang(ctx, s.lang(r, actor))

		if !rt.API {
			if !safeMethod(r.Method) && formTooLarge(r) {
				// Say so, rather than letting the unread CSRF field
				// pass for a forged or expired form.
				fail(w, r.WithContext(ctx), tillit.Errorf(tillit.EINVALID, "The request body is too large."))
				return
			}
			token, ok := s.csrfToken(w, r)
			ctx = web.WithCSRF(ctx, token)
			if !safeMethod(r.Method) && !ok {
				r = r.WithContext(ctx)
				fail(w, r, tillit.Errorf(tillit.EFORBIDDEN, "The form had expired or came from another site. Go back, reload the page and try again."))
				return
			}
		}
		r = r.WithContext(ctx)

		if !tillit.Can(actor, rt.Action, tillit.Resource{}) {
			if actor.UserID == 0 {
				fail(w, r, tillit.Errorf(tillit.EUNAUTHORIZED, "Sign in to continue."))
				return
			}
			fail(w, r, tillit.Errorf(tillit.EFORBIDDEN, "Your role does not allow this. Ask the national office if you need access."))
			return
		}
		if !cleanValues(r, rt.API) {
			fail(w, r, tillit.Errorf(tillit.EINVALID, "The request contains characters that are not allowed. Check what you typed or pasted, and try again."))
			return
		}
		rt.Handler.ServeHTTP(w, r)
	})
}

// cleanValues reports whether the query (and, for pages, the form) holds
// only valid UTF-8 without NUL characters: PostgreSQL refuses to store
// either, and handlers pass such text on to the database.
func cleanValues(r *http.Request, isAPI bool) bool {
	vs := r.URL.Query()
	if !isAPI {
		r.ParseForm()
		vs = r.Form
	}
	clean := func(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
	for k, v := range vs {
		if !clean(k) {
			return false
		}
		for _, x := range v {
			if !clean(x) {
				return false
			}
		}
	}
	return true
}

// formTooLarge parses a form body (multipart too, so the CSRF field of an
// upload form is found) and reports whether it went past the route's limit.
func formTooLarge(r *http.Request) bool {
	var tooBig *http.MaxBytesError
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		// Up to 8 MiB in memory; larger files spill to temporary files.
		return errors.As(r.ParseMultipartForm(8<<20), &tooBig)
	}
	return errors.As(r.ParseForm(), &tooBig)
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// authenticate finds the actor: a bearer token for the API, the session
// cookie for pages. The API never accepts cookies, which keeps it out of
// reach of cross-site requests without CSRF tokens.
func (s *Server) authenticate(r *http.Request, isAPI bool) (tillit.Actor, string, error) {
	if isAPI {
		h := r.Header.Get("Authorization")
		if h == "" {
			return tillit.Actor{}, "", nil
		}
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return tillit.Actor{}, "", tillit.Errorf(tillit.EUNAUTHORIZED, "Send the API token as Authorization: Bearer TOKEN.")
		}
		u, err := s.DB.APITokenUser(r.Context(), strings.TrimSpace(token))
		if err != nil {
			return tillit.Actor{}, "", err
		}
		return tillit.ActorOf(u), "", nil
	}
	c, err := r.Cookie(web.SessionCookie)
	if err != nil || c.Value == "" {
		return tillit.Actor{}, "", nil
	}
	u, err := s.DB.SessionUser(r.Context(), c.Value, s.Sessions)
	if err != nil {
		return tillit.Actor{}, "", err
	}
	return tillit.ActorOf(u), c.Value, nil
}

// csrfToken returns the token for this browser, setting the cookie on
// first sight, and whether an unsafe request proved it came from our own
// pages: same origin by Sec-Fetch-Site/Origin, and the form field (or
// header, for htmx) equal to the cookie.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) (string, bool) {
	c, err := r.Cookie(web.CSRFCookie)
	if err != nil || len(c.Value) < 16 {
		token := web.NewCSRFToken()
		s.Cookies.Set(w, r, web.CSRFCookie, token, 0)
		return token, false
	}
	if safeMethod(r.Method) {
		return c.Value, true
	}
	if crossOrigin.Check(r) != nil {
		return c.Value, false
	}
	sent := r.Header.Get(web.CSRFHeader)
	if sent == "" {
		sent = r.PostFormValue(web.CSRFField)
	}
	return c.Value, subtle.ConstantTimeCompare([]byte(sent), []byte(c.Value)) == 1
}

// lang picks the reader's language: their account setting, else the
// language cookie, else Accept-Language, else Swedish.
func (s *Server) lang(r *http.Request, a tillit.Actor) tillit.Lang {
	if a.UserID != 0 && a.Lang.Valid() {
		return a.Lang
	}
	if c, err := r.Cookie(web.LangCookie); err == nil && tillit.Lang(c.Value).Valid() {
		return tillit.Lang(c.Value)
	}
	return acceptLanguage(r.Header.Get("Accept-Language"))
}

// acceptLanguage returns the first of sv/en in the header's order of
// preference; quality values are honoured only as far as order goes,
// which is what browsers send.
func acceptLanguage(h string) tillit.Lang {
	best, bestQ := tillit.Swedish, -1.0
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			fmt.Sscanf(v, "%g", &q)
		}
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		var l tillit.Lang
		switch base {
		case "sv":
			l = tillit.Swedish
		case "en":
			l = tillit.English
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}
