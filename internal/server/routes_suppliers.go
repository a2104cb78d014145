package server

// supplierRoutes lists the routes of this part of the product; see routeTable.
func (s *Server) supplierRoutes(route routeFunc) []Route {
	return []Route{}
}
