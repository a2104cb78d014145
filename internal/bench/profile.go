package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/tillit-project/tillit/internal/scale"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// profilePages runs each page in this process for a few seconds under
// the CPU profiler and writes one profile per page to cfg.ProfileDir
// (read them with go tool pprof -top).
func profilePages(ctx context.Context, db *sqldb.DB, s session, pages []scale.Page, cfg Config) error {
	if err := os.MkdirAll(cfg.ProfileDir, 0o755); err != nil {
		return err
	}
	srv, err := inProcess(db)
	if err != nil {
		return err
	}
	for _, p := range pages {
		name := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			return '-'
		}, strings.ToLower(p.Name))
		path := filepath.Join(cfg.ProfileDir, name+".pprof")
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return err
		}
		n := 0
		for start := time.Now(); time.Since(start) < 5*time.Second || n < 3; n++ {
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, s.request(ctx, "", p))
			if w.Code != http.StatusOK {
				pprof.StopCPUProfile()
				f.Close()
				return fmt.Errorf("%s: %d", p.Name, w.Code)
			}
		}
		pprof.StopCPUProfile()
		f.Close()
		cfg.logf("profile of %s: %d requests, %s", p.Name, n, path)
	}
	return nil
}
