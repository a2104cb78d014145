package server

import "github.com/tillit-project/tillit"

// financeRoutes lists the routes of the finances (issue 4); see routeTable.
// Everyone in the office and the regions reads the shared finances; only
// the office enters them, which the handlers check again.
func (s *Server) financeRoutes(page, json routeFunc) []Route {
	u, a := s.UI, s.API
	const (
		view   = tillit.ActViewFinances
		manage = tillit.ActManageFinances
	)
	return []Route{
		page("GET", "/finances", view, u.Finances()),
		page("GET", "/finances/{year}", view, u.FinanceStatement()),
		page("GET", "/finances/{year}/edit", manage, u.EditFinances()),
		page("POST", "/finances/{year}/edit", manage, u.SaveFinances()),
		page("GET", "/finances/{year}/contributions.csv", view, u.FinanceContributions("csv")),
		page("GET", "/finances/{year}/contributions.xlsx", view, u.FinanceContributions("xlsx")),
		json("GET", "/api/v1/finances/{year}", view, a.FinanceStatement()),
	}
}
