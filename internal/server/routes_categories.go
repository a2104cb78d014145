package server

import "github.com/tillit-project/tillit"

// categoryRoutes lists the routes of procurement categories over time
// (issue 7); see routeTable. Everyone signed in reads the categories as
// they stood on any day; the national office records scope versions,
// product groups and their moves.
func (s *Server) categoryRoutes(page, json routeFunc) []Route {
	u, a := s.UI, s.API
	const (
		view   = tillit.ActViewCategories
		manage = tillit.ActManageCategories
	)
	return []Route{
		page("GET", "/categories", view, u.Categories()),
		page("GET", "/categories/{code}", view, u.ShowCategory()),
		page("POST", "/categories/{code}/scopes", manage, u.AddScopeVersion()),
		page("POST", "/categories/{code}/groups", manage, u.AddCategoryGroup()),
		page("POST", "/categories/{code}/groups/move", manage, u.MoveCategoryGroup()),
		json("GET", "/api/v1/categories", view, a.Categories()),
	}
}
