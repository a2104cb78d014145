package server

import "github.com/tillit-project/tillit"

// trainingRoutes lists the routes of the training register (issue 9); see
// routeTable. The office and the regions read it; only the office records,
// changes and deletes trainings, which the handlers check again.
func (s *Server) trainingRoutes(page, json routeFunc) []Route {
	u, a := s.UI, s.API
	const (
		view   = tillit.ActViewTraining
		manage = tillit.ActManageTraining
	)
	return []Route{
		page("GET", "/training", view, u.Trainings()),
		page("GET", "/training/export.csv", view, u.ExportTrainings("csv")),
		page("GET", "/training/export.xlsx", view, u.ExportTrainings("xlsx")),
		page("GET", "/training/new", manage, u.NewTraining()),
		page("POST", "/training", manage, u.CreateTraining()),
		page("GET", "/training/{id}", view, u.ShowTraining()),
		page("GET", "/training/{id}/edit", manage, u.EditTraining()),
		page("POST", "/training/{id}/edit", manage, u.UpdateTraining()),
		page("GET", "/training/{id}/delete", manage, u.ConfirmDeleteTraining()),
		page("POST", "/training/{id}/delete", manage, u.DeleteTraining()),
		json("GET", "/api/v1/training", view, a.Trainings()),
		json("POST", "/api/v1/training", manage, a.CreateTraining()),
		json("GET", "/api/v1/training/{id}", view, a.Training()),
		json("PUT", "/api/v1/training/{id}", manage, a.UpdateTraining()),
		json("DELETE", "/api/v1/training/{id}", manage, a.DeleteTraining()),
	}
}
