package server

import (
	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/ui"
)

// supplyChainRoutes lists the routes of country risk and the supply-chain
// map (issue 7); see routeTable.
//
// Country risk and the queries span every supplier, so they are for the
// office and the regions (ActViewSupplyChain); the office imports the
// indices. A supplier's own chain is part of its supplier page and reads
// within the same scope; changing it is ActManageSites, as for its
// production sites, which the handlers ask again with the supplier.
func (s *Server) supplyChainRoutes(page, json routeFunc) []Route {
	u, a := s.UI, s.API
	const (
		view   = tillit.ActViewSupplyChain
		risk   = tillit.ActManageCountryRisk
		read   = tillit.ActViewSuppliers
		change = tillit.ActManageSites
	)
	upload := func(rt Route) Route {
		rt.MaxBody = ui.ImportMaxBytes + 1<<20
		return rt
	}
	return []Route{
		page("GET", "/country-risk", view, u.CountryRiskTable()),
		page("GET", "/country-risk/import", risk, u.CountryRiskImportForm()),
		upload(page("POST", "/country-risk/import", risk, u.CountryRiskImport())),
		page("GET", "/supply-chain", view, u.SupplyChain()),
		page("GET", "/supply-chain/sites", view, u.SitesQuery()),
		page("GET", "/supply-chain/sites.xlsx", view, u.SitesQueryExport()),
		page("GET", "/supply-chain/cotton", view, u.CottonQuery()),
		page("GET", "/supply-chain/cotton.xlsx", view, u.CottonQueryExport()),
		page("GET", "/suppliers/{id}/supply-chain", read, u.SupplierChain()),
		page("POST", "/suppliers/{id}/supply-chain/links", change, u.AddChainLink()),
		page("POST", "/suppliers/{id}/supply-chain/links/delete", change, u.RemoveChainLink()),
		page("POST", "/suppliers/{id}/supply-chain/products", change, u.AddProduct()),
		page("POST", "/suppliers/{id}/supply-chain/products/{product}/delete", change, u.DeleteProduct()),
		json("GET", "/api/v1/country-risk", view, a.CountryRisk()),
		json("GET", "/api/v1/supply-chain/sites", view, a.SupplyChainSites()),
		json("GET", "/api/v1/supply-chain/cotton", view, a.SupplyChainCotton()),
	}
}
