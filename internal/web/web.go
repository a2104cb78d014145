// Package web holds what the HTML and JSON layers share about a request:
// the values middleware puts in its context and the cookies tillit sets.
package web

import (
	"context"
	"crypto/rand"
	"net"
	"net/http"
	"time"

	"github.com/tillit-project/tillit"
)

// Cookie names. Session and CSRF cookies are HttpOnly; the CSRF value
// reaches forms through the page, never through script.
const (
	SessionCookie = "tillit_session"
	CSRFCookie    = "tillit_csrf"
	LangCookie    = "tillit_lang"
	CSRFField     = "csrf" // the hidden form field
	CSRFHeader    = "X-CSRF-Token"
)

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyLang
	keyCSRF
	keySession
	keyRoute
)

// WithRequestID returns ctx carrying the request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, keyRequestID, id)
}

// RequestID returns the request id, or "".
func RequestID(ctx context.Context) string { s, _ := ctx.Value(keyRequestID).(string); return s }

// WithLang returns ctx carrying the reader's language.
func WithLang(ctx context.Context, l tillit.Lang) context.Context {
	return context.WithValue(ctx, keyLang, l)
}

// Lang returns the reader's language; Swedish unless set.
func Lang(ctx context.Context) tillit.Lang {
	if l, ok := ctx.Value(keyLang).(tillit.Lang); ok && l.Valid() {
		return l
	}
	return tillit.Swedish
}

// WithCSRF returns ctx carrying the CSRF token that forms must echo.
func WithCSRF(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, keyCSRF, token)
}

// CSRF returns the token for forms on this page.
func CSRF(ctx context.Context) string { s, _ := ctx.Value(keyCSRF).(string); return s }

// WithSession returns ctx carrying the session secret of the request, so
// sign-out and password change know which session is the current one.
func WithSession(ctx context.Context, secret string) context.Context {
	return context.WithValue(ctx, keySession, secret)
}

// Session returns the current session secret, or "".
func Session(ctx context.Context) string { s, _ := ctx.Value(keySession).(string); return s }

// RouteInfo is what the route table knows about the matched route.
type RouteInfo struct {
	Pattern string
	Action  tillit.Action
}

// WithRoute returns ctx carrying the matched route.
func WithRoute(ctx context.Context, ri *RouteInfo) context.Context {
	return context.WithValue(ctx, keyRoute, ri)
}

// Route returns the matched route, or nil.
func Route(ctx context.Context) *RouteInfo { ri, _ := ctx.Value(keyRoute).(*RouteInfo); return ri }

// Actor returns the signed-in actor, or the zero (anonymous) actor.
func Actor(ctx context.Context) tillit.Actor {
	a, _ := tillit.ActorFromContext(ctx)
	return a
}

// Cookies sets cookies with one policy: HttpOnly, SameSite=Lax, Path=/, and
// Secure when the request came over TLS or the operator says a proxy
// terminates TLS in front of us.
type Cookies struct {
	Secure bool
}

// Set writes a cookie; maxAge 0 makes a browser-session cookie and a
// negative one deletes it.
func (c Cookies) Set(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration) {
	ck := &http.Cookie{
		Name: name, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: c.Secure || r.TLS != nil,
	}
	switch {
	case maxAge < 0:
		ck.MaxAge = -1
		ck.Value = ""
	case maxAge > 0:
		ck.MaxAge = int(maxAge / time.Second)
	}
	http.SetCookie(w, ck)
}

// ClientIP is the peer address without the port. tillit does not trust
// X-Forwarded-For: a proxy in front must be configured to pass the real
// address another way before throttling per address means anything there.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// NewCSRFToken returns a fresh random token for the CSRF cookie.
func NewCSRFToken() string { return rand.Text() }

// StatusOf maps an error code to an HTTP status: the one place where that
// mapping lives, for pages and the API alike.
func StatusOf(code string) int {
	switch code {
	case tillit.EINVALID:
		return http.StatusBadRequest
	case tillit.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case tillit.EFORBIDDEN:
		return http.StatusForbidden
	case tillit.ENOTFOUND:
		return http.StatusNotFound
	case tillit.ECONFLICT:
		return http.StatusConflict
	case tillit.ETHROTTLED:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}
