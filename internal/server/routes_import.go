package server

import (
	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/importer"
	"github.com/tillit-project/tillit/internal/ui"
)

// importRoutes lists the routes of the registers' import and export; see
// routeTable.
//
// Downloads are for everyone who reads suppliers, within their scope.
// Each import form asks for the action of its register; the handlers ask
// again with the region (contracts) or supplier (sites) concerned. An
// import's own pages are for the person who started it: anyone else gets
// 404, as for an import that is not kept any longer.
func (s *Server) importRoutes(route routeFunc) []Route {
	u := s.UI
	const view = tillit.ActViewSuppliers
	upload := func(rt Route) Route {
		rt.MaxBody = ui.ImportMaxBytes + 1<<20
		return rt
	}
	routes := []Route{
		route("GET", "/registers", view, u.Registers()),
		route("GET", "/registers/imports/{id}", view, u.ImportJob()),
		route("GET", "/registers/imports/{id}/status", view, u.ImportStatus()),
		route("GET", "/registers/imports/{id}/report.csv", view, u.ImportReport()),
		route("POST", "/registers/imports/{id}/valid", view, u.ImportValidRows()),
	}
	for _, k := range []struct {
		kind importer.Kind
		act  tillit.Action
	}{
		{importer.KindSuppliers, tillit.ActManageSuppliers},
		{importer.KindContracts, tillit.ActManageContracts},
		{importer.KindSites, tillit.ActManageSites},
	} {
		base := "/registers/" + string(k.kind)
		routes = append(routes,
			route("GET", base+".csv", view, u.ExportRegister(k.kind, "csv")),
			route("GET", base+".xlsx", view, u.ExportRegister(k.kind, "xlsx")),
			route("GET", base+"/import", k.act, u.ImportForm(k.kind)),
			upload(route("POST", base+"/import", k.act, u.StartImport(k.kind))),
		)
	}
	return routes
}
