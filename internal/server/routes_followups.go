package server

// followUpRoutes lists the routes of this part of the product; see routeTable.
func (s *Server) followUpRoutes(route routeFunc) []Route {
	return []Route{}
}
