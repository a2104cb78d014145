package server

import (
	"net/http"
)

// healthz answers while the process runs.
func (s *Server) healthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
}

// readyz answers 200 only while the database does, so a load balancer
// stops sending traffic to an instance that lost it.
func (s *Server) readyz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := s.DB.Ping(r.Context()); err != nil {
			s.Logger.WarnContext(r.Context(), "readyz: database not reachable", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("database not reachable\n"))
			return
		}
		w.Write([]byte("ready\n"))
	})
}
