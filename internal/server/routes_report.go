package server

import "github.com/tillit-project/tillit"

// reportRoutes lists the routes of the annual activity report (issue 4);
// see routeTable. The office and the regions read it; only the office
// writes its category texts.
func (s *Server) reportRoutes(page, json routeFunc) []Route {
	u, a := s.UI, s.API
	const (
		view = tillit.ActViewReports
		edit = tillit.ActEditReport
	)
	return []Route{
		page("GET", "/reports", view, u.Reports()),
		page("GET", "/reports/annual/{year}", view, u.AnnualReport()),
		page("GET", "/reports/annual/{year}/report.pdf", view, u.AnnualReportFile("pdf")),
		page("GET", "/reports/annual/{year}/report.xlsx", view, u.AnnualReportFile("xlsx")),
		page("GET", "/reports/annual/{year}/texts", edit, u.EditReportTexts()),
		page("POST", "/reports/annual/{year}/texts", edit, u.SaveReportTexts()),
		json("GET", "/api/v1/reports/annual/{year}", view, a.AnnualReport()),
	}
}
