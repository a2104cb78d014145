package server

import "github.com/tillit-project/tillit"

// apiFollowUpRoutes lists the routes of this part of the product; see routeTable.
//
// The route's action is the coarse gate; each handler asks the policy again
// with the loaded resource. POST …/events is gated by ActViewFollowUps
// because coordinators, auditors and suppliers each make some of the
// changes: the handler answers 404 outside the actor's scope and 403 to
// anyone who may make none of them (region staff), then checks the change
// itself (ActChangeFollowUp, ActEditAudit or ActRespondAsSupplier).
func (s *Server) apiFollowUpRoutes(route routeFunc) []Route {
	a := s.API
	return []Route{
		route("GET", "/api/v1/followups", tillit.ActViewFollowUps, a.FollowUps()),
		route("POST", "/api/v1/followups", tillit.ActOpenFollowUp, a.OpenFollowUp()),
		route("GET", "/api/v1/followups/{id}", tillit.ActViewFollowUps, a.FollowUp()),
		route("POST", "/api/v1/followups/{id}/events", tillit.ActViewFollowUps, a.FollowUpEvent()),
		route("GET", "/api/v1/suppliers", tillit.ActViewSuppliers, a.Suppliers()),
		route("POST", "/api/v1/suppliers", tillit.ActManageSuppliers, a.CreateSupplier()),
		route("GET", "/api/v1/suppliers/{id}", tillit.ActViewSuppliers, a.Supplier()),
		route("PATCH", "/api/v1/suppliers/{id}", tillit.ActManageSuppliers, a.UpdateSupplier()),
		route("GET", "/api/v1/suppliers/{id}/sites", tillit.ActViewSuppliers, a.Sites()),
		route("GET", "/api/v1/contracts", tillit.ActViewSuppliers, a.Contracts()),
		route("POST", "/api/v1/contracts", tillit.ActManageContracts, a.CreateContract()),
		route("POST", "/api/v1/sites", tillit.ActManageSites, a.CreateSite()),
	}
}
