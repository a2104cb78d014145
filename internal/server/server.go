// Package server puts tillit's HTTP surface together: the route table, the
// middleware every request passes (request id, logging, metrics, security
// headers, authentication, authorisation, CSRF) and the operational
// endpoints. Pages live in internal/ui and the JSON API in internal/api.
package server

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/tillit-project/tillit/internal/api"
	"github.com/tillit-project/tillit/internal/filestore"
	"github.com/tillit-project/tillit/internal/mail"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/ui"
	"github.com/tillit-project/tillit/internal/web"
)

// Deps are the server's dependencies; cmd/tillit builds them.
type Deps struct {
	DB        *sqldb.DB
	Logger    *slog.Logger
	Mail      mail.Sender
	Cookies   web.Cookies
	Sessions  sqldb.SessionPolicy
	Hash      password.Params
	PublicURL string
	Files     *filestore.Store // attachments
}

// Server is the whole HTTP application.
type Server struct {
	Deps
	UI      *ui.UI
	API     *api.API
	routes  []Route
	metrics *metrics
	handler http.Handler
}

// New builds the server; it fails only on a broken template or asset.
func New(d Deps) (*Server, error) {
	u, err := ui.New(ui.Deps{DB: d.DB, Mail: d.Mail, Logger: d.Logger, Cookies: d.Cookies, Sessions: d.Sessions, Hash: d.Hash, PublicURL: d.PublicURL, Files: d.Files})
	if err != nil {
		return nil, err
	}
	s := &Server{Deps: d, UI: u, API: api.New(api.Deps{DB: d.DB, Logger: d.Logger, Mail: d.Mail, Hash: d.Hash, Files: d.Files})}
	s.metrics = newMetrics(prometheus.NewRegistry(), d.DB)
	s.routes = s.routeTable()
	mux := http.NewServeMux()
	for i := range s.routes {
		rt := &s.routes[i]
		mux.Handle(strings.TrimSpace(rt.Method+" "+rt.Path), s.wrap(rt))
	}
	s.handler = s.recoverer(s.observe(s.secureHeaders(mux)))
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes returns the route table, for the authorisation test.
func (s *Server) Routes() []Route { return s.routes }
