package server

// apiFollowUpRoutes lists the routes of this part of the product; see routeTable.
func (s *Server) apiFollowUpRoutes(route routeFunc) []Route {
	return []Route{}
}
