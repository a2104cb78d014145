package server

import (
	"net/http"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// Route is one line of the route table. Every route names the action the
// policy must allow before its handler runs; there is no other way in.
type Route struct {
	Method string
	Path   string
	Action tillit.Action
	// API routes authenticate with bearer tokens only and answer in JSON;
	// the others use the session cookie and CSRF protection.
	API bool
	// Bare routes skip the session lookup: static files and probes, which
	// every load balancer and browser hits often.
	Bare bool
	// MaxBody is the largest request body the route accepts; 0 means
	// maxFormBytes. Only upload routes raise it.
	MaxBody int64
	Handler http.Handler
}

func (s *Server) routeTable() []Route {
	u, a := s.UI, s.API
	page := func(method, path string, act tillit.Action, h http.Handler) Route {
		return Route{Method: method, Path: path, Action: act, Handler: h}
	}
	json := func(method, path string, act tillit.Action, h http.Handler) Route {
		return Route{Method: method, Path: path, Action: act, API: true, Handler: h}
	}
	bare := func(path string, h http.Handler) Route {
		return Route{Method: "GET", Path: path, Action: tillit.ActPublic, Bare: true, Handler: h}
	}
	routes := []Route{
		// Operations and assets.
		bare("/healthz", s.healthz()),
		bare("/readyz", s.readyz()),
		bare("/metrics", s.metrics.handler()),
		bare("/static/{file...}", u.Static()),

		// Signing in and out, and one-time links.
		page("GET", "/login", tillit.ActPublic, u.SignInForm()),
		page("POST", "/login", tillit.ActPublic, u.SignIn()),
		page("POST", "/logout", tillit.ActManageOwnAccount, u.SignOut()),
		page("GET", "/password/forgot", tillit.ActPublic, u.ForgotForm()),
		page("POST", "/password/forgot", tillit.ActPublic, u.Forgot()),
		page("GET", "/password/reset/{token}", tillit.ActPublic, u.ResetForm(sqldb.PurposeReset)),
		page("POST", "/password/reset/{token}", tillit.ActPublic, u.Reset(sqldb.PurposeReset)),
		page("GET", "/welcome/{token}", tillit.ActPublic, u.ResetForm(sqldb.PurposeInvite)),
		page("POST", "/welcome/{token}", tillit.ActPublic, u.Reset(sqldb.PurposeInvite)),
		page("POST", "/lang", tillit.ActPublic, u.SetLang()),

		// The platform.
		page("GET", "/{$}", tillit.ActViewHome, u.Home()),
		page("GET", "/regions", tillit.ActViewRegions, u.Regions()),

		// Own account.
		page("GET", "/account", tillit.ActManageOwnAccount, u.Account()),
		page("POST", "/account/password", tillit.ActManageOwnAccount, u.ChangePassword()),
		page("GET", "/account/tokens", tillit.ActManageOwnAccount, u.Tokens()),
		page("POST", "/account/tokens", tillit.ActManageOwnAccount, u.CreateToken()),
		page("POST", "/account/tokens/{id}/revoke", tillit.ActManageOwnAccount, u.RevokeToken()),

		// Administration.
		page("GET", "/admin/users", tillit.ActViewUsers, u.Users()),
		page("GET", "/admin/users/new", tillit.ActManageUsers, u.NewUser()),
		page("POST", "/admin/users", tillit.ActManageUsers, u.CreateUser()),
		page("GET", "/admin/users/{id}", tillit.ActViewUsers, u.ShowUser()),
		page("POST", "/admin/users/{id}", tillit.ActManageUsers, u.UpdateUser()),
		page("POST", "/admin/users/{id}/invite", tillit.ActManageUsers, u.InviteUser()),
		page("GET", "/admin/audit", tillit.ActViewAuditTrail, u.AuditTrail()),

		// JSON API v1.
		json("GET", "/api/v1/openapi.json", tillit.ActPublic, a.OpenAPI()),
		json("GET", "/api/v1/me", tillit.ActViewHome, a.Me()),
		json("GET", "/api/v1/regions", tillit.ActViewRegions, a.Regions()),
		json("GET", "/api/v1/users", tillit.ActViewUsers, a.Users()),
		json("POST", "/api/v1/users", tillit.ActManageUsers, a.CreateUser()),
		json("GET", "/api/v1/users/{id}", tillit.ActViewUsers, a.User()),
		json("PATCH", "/api/v1/users/{id}", tillit.ActManageUsers, a.UpdateUser()),
		json("GET", "/api/v1/audit", tillit.ActViewAuditTrail, a.AuditEvents()),
	}
	// The follow-up and supplier parts keep their lines in their own files
	// (routes_followups.go, routes_suppliers.go, routes_api_followups.go)
	// in the same form.
	routes = append(routes, s.followUpRoutes(page)...)
	routes = append(routes, s.supplierRoutes(page)...)
	routes = append(routes, s.apiFollowUpRoutes(json)...)
	routes = append(routes, s.financeRoutes(page, json)...)
	routes = append(routes, s.reportRoutes(page, json)...)
	routes = append(routes, s.trainingRoutes(page, json)...)
	routes = append(routes, s.riskRoutes(page, json)...)
	routes = append(routes, s.siteRoutes(page)...)
	routes = append(routes, s.incidentRoutes(page, json)...)
	routes = append(routes, s.questionnaireRoutes(page, json)...)
	routes = append(routes, s.inquiryRoutes(page, json)...)
	routes = append(routes, s.importRoutes(page)...)
	routes = append(routes, s.supplyChainRoutes(page, json)...)
	routes = append(routes, s.requirementRoutes(page, json)...)
	routes = append(routes, s.categoryRoutes(page, json)...)
	return append(routes,
		// Anything else: a 404 in the right format.
		Route{Method: "", Path: "/api/", Action: tillit.ActPublic, API: true, Handler: a.NotFound()},
		Route{Method: "", Path: "/", Action: tillit.ActPublic, Handler: u.NotFound()},
	)
}

// routeFunc makes one route line.
type routeFunc func(method, path string, act tillit.Action, h http.Handler) Route
