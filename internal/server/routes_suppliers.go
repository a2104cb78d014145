package server

import "github.com/tillit-project/tillit"

// supplierRoutes lists the routes of this part of the product; see routeTable.
//
// The supplier pages read within the reader's scope: a supplier's staff
// reach their own company only and get 404 for any other id. Adding a
// contract is gated by ActManageContracts for anyone who may add one for
// some region; the handler asks again with the region the form names.
// Adding a production site likewise asks again with the supplier.
func (s *Server) supplierRoutes(route routeFunc) []Route {
	u := s.UI
	const (
		view      = tillit.ActViewSuppliers
		manage    = tillit.ActManageSuppliers
		contracts = tillit.ActManageContracts
		sites     = tillit.ActManageSites
		inbox     = tillit.ActViewInbox
	)
	return []Route{
		route("GET", "/suppliers", view, u.Suppliers()),
		route("GET", "/suppliers.csv", view, u.ExportSuppliers("csv")),
		route("GET", "/suppliers.xlsx", view, u.ExportSuppliers("xlsx")),
		route("GET", "/suppliers/new", manage, u.NewSupplier()),
		route("POST", "/suppliers", manage, u.CreateSupplier()),
		route("GET", "/suppliers/{id}", view, u.ShowSupplier()),
		route("GET", "/suppliers/{id}/edit", manage, u.EditSupplier()),
		route("POST", "/suppliers/{id}/edit", manage, u.UpdateSupplier()),
		route("POST", "/suppliers/{id}/contracts", contracts, u.AddContract()),
		route("POST", "/suppliers/{id}/sites", sites, u.AddSite()),

		route("GET", "/inbox", inbox, u.Inbox()),
		route("POST", "/inbox/read", inbox, u.MarkInboxRead()),
	}
}
