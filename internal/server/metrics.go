package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tillit-project/tillit/internal/sqldb"
)

// metrics are kept in the server's own registry (no global default
// registry), labelled by route pattern, never by raw path.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry, db *sqldb.DB) *metrics {
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tillit_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "tillit_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	pool := func(name, help string, f func(w, r sqlStats) float64) {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
			ws, rs := db.Stats()
			return f(sqlStats{ws.OpenConnections, ws.InUse, ws.WaitCount}, sqlStats{rs.OpenConnections, rs.InUse, rs.WaitCount})
		}))
	}
	// With PostgreSQL the two pools are one; the figures are then counted
	// once, from the write pool.
	same := db.Dialect() == sqldb.Postgres
	sum := func(a, b int64) float64 {
		if same {
			return float64(a)
		}
		return float64(a + b)
	}
	pool("tillit_db_open_connections", "Open database connections.", func(w, r sqlStats) float64 { return sum(int64(w.open), int64(r.open)) })
	pool("tillit_db_in_use_connections", "Database connections in use.", func(w, r sqlStats) float64 { return sum(int64(w.inUse), int64(r.inUse)) })
	pool("tillit_db_wait_count_total", "Times a request waited for a database connection.", func(w, r sqlStats) float64 { return sum(w.waits, r.waits) })
	return m
}

type sqlStats struct {
	open, inUse int
	waits       int64
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route).Observe(d.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
