package server

import "github.com/tillit-project/tillit"

// requirementRoutes lists the routes of the requirements library (issue
// 7); see routeTable. Everyone signed in reads the published library; the
// national office writes and publishes versions and alone sees drafts.
func (s *Server) requirementRoutes(page, json routeFunc) []Route {
	u, a := s.UI, s.API
	const (
		view   = tillit.ActViewRequirements
		manage = tillit.ActManageRequirements
	)
	return []Route{
		page("GET", "/requirements", view, u.Requirements()),
		page("GET", "/requirements.csv", view, u.RequirementsExport("csv")),
		page("GET", "/requirements.xlsx", view, u.RequirementsExport("xlsx")),
		page("GET", "/requirements/new", manage, u.NewRequirement()),
		page("POST", "/requirements/new", manage, u.CreateRequirement()),
		page("GET", "/requirements/{code}", view, u.ShowRequirement()),
		page("GET", "/requirements/{code}/diff", view, u.RequirementDiff()),
		page("GET", "/requirements/{code}/versions/new", manage, u.NewRequirementVersion()),
		page("POST", "/requirements/{code}/versions/new", manage, u.CreateRequirementVersion()),
		page("GET", "/requirements/{code}/versions/{n}", view, u.ShowRequirementVersion()),
		page("GET", "/requirements/{code}/versions/{n}/edit", manage, u.EditRequirementVersion()),
		page("POST", "/requirements/{code}/versions/{n}/edit", manage, u.UpdateRequirementVersion()),
		page("POST", "/requirements/{code}/versions/{n}/publish", manage, u.PublishRequirementVersion()),
		json("GET", "/api/v1/requirements", view, a.Requirements()),
		json("GET", "/api/v1/requirements/{code}", view, a.Requirement()),
	}
}
