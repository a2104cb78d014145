package server

import "github.com/tillit-project/tillit"

// riskRoutes lists the routes of the risk analyses (issue 7); see
// routeTable. The office and the regions read them; the route check lets
// coordinators through to write, and the handlers ask again with the
// category's responsible regions.
func (s *Server) riskRoutes(page, json routeFunc) []Route {
	u, a := s.UI, s.API
	const (
		view    = tillit.ActViewRiskAnalyses
		edit    = tillit.ActEditRiskAnalysis
		approve = tillit.ActApproveRiskAnalysis
	)
	return []Route{
		page("GET", "/risk-analyses", view, u.RiskAnalyses()),
		page("GET", "/risk-analyses/new", edit, u.NewRiskAnalysis()),
		page("POST", "/risk-analyses/new", edit, u.CreateRiskAnalysis()),
		page("GET", "/risk-analyses/compare", view, u.CompareRiskAnalyses()),
		page("GET", "/risk-analyses/{id}", view, u.ShowRiskAnalysis()),
		page("GET", "/risk-analyses/{id}/edit", edit, u.EditRiskAnalysis()),
		page("POST", "/risk-analyses/{id}/edit", edit, u.UpdateRiskAnalysis()),
		page("POST", "/risk-analyses/{id}/approve", approve, u.ApproveRiskAnalysis()),
		page("POST", "/risk-analyses/{id}/delete", edit, u.DeleteRiskAnalysis()),
		json("GET", "/api/v1/risk-analyses", view, a.RiskAnalyses()),
		json("GET", "/api/v1/risk-analyses/{id}", view, a.RiskAnalysis()),
	}
}
