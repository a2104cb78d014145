// Package bench measures the key pages of issue 6 on a loaded data set
// (internal/scale): a real server process on loopback under 1, 8 and 32
// concurrent clients, and beside each page its floor, the same SQL
// statements run bare in this process with their rows written out as
// bytes. It also reports the statements per request at two data sizes,
// the server's start-up time and its resident memory idle and under load.
//
// It is run by `tillit bench` (see `make bench` and BENCHMARKS.md), never
// by the test suite.
package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/filestore"
	"github.com/tillit-project/tillit/internal/mail"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/scale"
	"github.com/tillit-project/tillit/internal/server"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// Config says what to measure and for how long.
type Config struct {
	Binary     string // the tillit executable started as the server
	DSN        string // the data set measured
	CompareDSN string // a data set of another size, for queries per request; optional
	Clients    []int  // concurrency levels
	Requests   int    // per page and level, at most
	Duration   time.Duration
	FloorRuns  int    // bare runs per page, at most
	ProfileDir string // when set, a CPU profile of each page in this process is written here
	ImportRows int    // rows of the contract file timed against a raw insert; 0 skips it
	Log        io.Writer
}

// Report is everything measured in one run.
type Report struct {
	Started     time.Time
	Dialect     sqldb.Dialect
	Facts       sqldb.KeyPageFacts
	CompareName string
	Startup     time.Duration // process start to the first /readyz 200
	IdleRSS     int64         // bytes, a second after ready
	LoadRSS     int64         // bytes, the most seen under load
	Pages       []PageResult
	Import      *ImportResult // nil when not measured
	// The machine's load average (1, 5, 15 min) at the start and the end:
	// other work on the machine shows here.
	LoadBefore, LoadAfter string
}

// PageResult is one key page.
type PageResult struct {
	scale.Page
	Queries        int // statements per request on this data set
	QueriesCompare int // on the other data set (-1: not measured)
	Bytes          int // response size
	Floor          Stats
	FloorRows      int
	Load           []LoadStats // one per concurrency level
}

// Ratio is the page's median latency at one client over the floor's.
func (p PageResult) Ratio() float64 {
	if len(p.Load) == 0 || p.Floor.P50 == 0 {
		return 0
	}
	return float64(p.Load[0].P50) / float64(p.Floor.P50)
}

// session is what the pages are opened as: a session cookie and an API
// token per user.
type session struct {
	cookie map[string]string
	token  map[string]string
}

func (c *Config) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, format+"\n", args...)
	}
}

// Run measures. It adds a session and an API token for the officer to the
// database.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if len(cfg.Clients) == 0 {
		cfg.Clients = []int{1, 8, 32}
	}
	if cfg.Requests <= 0 {
		cfg.Requests = 2000
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 10 * time.Second
	}
	if cfg.FloorRuns <= 0 {
		cfg.FloorRuns = 200
	}
	rep := &Report{Started: time.Now(), LoadBefore: loadAverage()}
	defer func() { rep.LoadAfter = loadAverage() }()
	db, err := sqldb.Open(ctx, cfg.DSN)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	rep.Dialect = db.Dialect()
	cfg.logf("reading the key records of %s", cfg.DSN)
	if rep.Facts, err = db.FindKeyPageFacts(ctx); err != nil {
		return nil, err
	}
	cfg.logf("  %+v", rep.Facts)
	pages := scale.KeyPages(rep.Facts)
	s, err := newSession(ctx, db, pages)
	if err != nil {
		return nil, err
	}
	captured, err := capture(ctx, db, s, pages)
	if err != nil {
		return nil, err
	}
	var compare map[string]int
	if cfg.CompareDSN != "" {
		if compare, err = compareQueries(ctx, cfg.CompareDSN); err != nil {
			return nil, fmt.Errorf("compare data set: %w", err)
		}
	}
	for i, p := range pages {
		c := captured[i]
		pr := PageResult{Page: p, Queries: len(c.stmts), QueriesCompare: -1, Bytes: c.bytes}
		if n, ok := compare[p.Name]; ok {
			pr.QueriesCompare = n
		}
		cfg.logf("floor of %s: %d statements", p.Name, len(c.stmts))
		if pr.Floor, pr.FloorRows, err = floor(ctx, db, c.stmts, cfg.FloorRuns, cfg.Duration); err != nil {
			return nil, fmt.Errorf("floor of %s: %w", p.Name, err)
		}
		rep.Pages = append(rep.Pages, pr)
	}
	if cfg.ProfileDir != "" {
		if err := profilePages(ctx, db, s, pages, cfg); err != nil {
			return nil, err
		}
	}
	if err := cfg.load(ctx, rep, s); err != nil {
		return nil, err
	}
	if cfg.ImportRows > 0 {
		dir, err := os.MkdirTemp("", "tillit-bench-import")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		res, err := CompareImport(ctx, dir, cfg.ImportRows, cfg.logf)
		if err != nil {
			return nil, fmt.Errorf("import against raw insert: %w", err)
		}
		rep.Import = &res
	}
	return rep, nil
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// newSession signs in the users of the pages and gives them API tokens.
func newSession(ctx context.Context, db *sqldb.DB, pages []scale.Page) (session, error) {
	s := session{cookie: map[string]string{}, token: map[string]string{}}
	for _, p := range pages {
		if _, ok := s.cookie[p.User]; ok || p.User == "" {
			continue
		}
		u, err := db.FindUserByEmail(ctx, p.User)
		if err != nil {
			return s, fmt.Errorf("the data set has no %s: load it with tillit demo --scale: %w", p.User, err)
		}
		if s.cookie[p.User], err = db.CreateSession(ctx, u.ID, "127.0.0.1", "tillit bench"); err != nil {
			return s, err
		}
		if s.token[p.User], _, err = db.CreateAPIToken(ctx, tillit.SystemActor("bench"), u.ID, "tillit bench "+time.Now().Format(time.DateTime)); err != nil {
			return s, err
		}
	}
	return s, nil
}

func (s session) request(ctx context.Context, base string, p scale.Page) *http.Request {
	req, _ := http.NewRequestWithContext(ctx, "GET", base+p.Path, nil)
	switch {
	case p.User == "": // an anonymous visitor
	case p.API:
		req.Header.Set("Authorization", "Bearer "+s.token[p.User])
	default:
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: s.cookie[p.User]})
	}
	return req
}

// inProcess is the application as the server process runs it, but in
// this process, to see the statements each page runs.
func inProcess(db *sqldb.DB) (*server.Server, error) {
	dir, err := os.MkdirTemp("", "tillit-bench")
	if err != nil {
		return nil, err
	}
	files, err := filestore.New(filepath.Join(dir, "attachments"), 25<<20)
	if err != nil {
		return nil, err
	}
	return server.New(server.Deps{DB: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Mail: mail.NewLog(slog.New(slog.NewTextHandler(io.Discard, nil))),
		Sessions: sqldb.SessionPolicy{Idle: time.Hour, Absolute: 12 * time.Hour}, Hash: password.Fast,
		PublicURL: "http://127.0.0.1", Files: files})
}

type captured struct {
	stmts []sqldb.Statement
	bytes int
}

// capture opens each page once in this process and keeps the statements
// it ran.
func capture(ctx context.Context, db *sqldb.DB, s session, pages []scale.Page) ([]captured, error) {
	srv, err := inProcess(db)
	if err != nil {
		return nil, err
	}
	var out []captured
	for _, p := range pages {
		// Twice: the first request may touch the session (a write that
		// happens once a minute, not on every request).
		var c captured
		for range 2 {
			rctx, log := sqldb.WithQueryLog(ctx)
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, s.request(rctx, "", p))
			if w.Code != http.StatusOK {
				return nil, fmt.Errorf("%s: GET %s = %d: %.500s", p.Name, p.Path, w.Code, w.Body.String())
			}
			c = captured{stmts: log.Statements(), bytes: w.Body.Len()}
		}
		out = append(out, c)
	}
	return out, nil
}

// compareQueries counts the statements of the key pages on another data
// set.
func compareQueries(ctx context.Context, dsn string) (map[string]int, error) {
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	facts, err := db.FindKeyPageFacts(ctx)
	if err != nil {
		return nil, err
	}
	pages := scale.KeyPages(facts)
	s, err := newSession(ctx, db, pages)
	if err != nil {
		return nil, err
	}
	c, err := capture(ctx, db, s, pages)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for i, p := range pages {
		out[p.Name] = len(c[i].stmts)
	}
	return out, nil
}

// floor runs the page's reading statements bare, runs times or for at
// most d, and returns the timing of one run.
func floor(ctx context.Context, db *sqldb.DB, stmts []sqldb.Statement, runs int, d time.Duration) (Stats, int, error) {
	var reads []sqldb.Statement
	for _, st := range stmts {
		q := strings.ToUpper(strings.TrimSpace(st.SQL))
		if strings.HasPrefix(q, "SELECT") || strings.HasPrefix(q, "WITH") {
			reads = append(reads, st)
		}
	}
	rows := 0
	for range 3 { // warm the caches as the page's own warm-up does
		n, err := db.RunBare(ctx, reads, io.Discard)
		if err != nil {
			return Stats{}, 0, err
		}
		rows = n
	}
	var lat []time.Duration
	start := time.Now()
	for len(lat) < runs && time.Since(start) < d {
		t := time.Now()
		if _, err := db.RunBare(ctx, reads, io.Discard); err != nil {
			return Stats{}, 0, err
		}
		lat = append(lat, time.Since(t))
	}
	return summarise(lat, 0, time.Since(start)), rows, nil
}

// Stats summarises latencies.
type Stats struct {
	N             int
	Errors        int
	P50, P95, P99 time.Duration
	Max           time.Duration
	PerSecond     float64
}

// LoadStats is one page at one concurrency level.
type LoadStats struct {
	Clients int
	Stats
}

func summarise(lat []time.Duration, errors int, elapsed time.Duration) Stats {
	if len(lat) == 0 {
		return Stats{Errors: errors}
	}
	slices.Sort(lat)
	q := func(p float64) time.Duration {
		i := int(p*float64(len(lat))+0.5) - 1
		return lat[min(max(i, 0), len(lat)-1)]
	}
	return Stats{N: len(lat), Errors: errors, P50: q(0.50), P95: q(0.95), P99: q(0.99), Max: lat[len(lat)-1],
		PerSecond: float64(len(lat)) / elapsed.Seconds()}
}
