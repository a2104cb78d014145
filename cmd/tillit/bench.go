package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit/internal/bench"
)

// bench measures the key pages on a data set loaded with demo --scale;
// see internal/bench and BENCHMARKS.md.
func (e *environment) bench(ctx context.Context, args []string) error {
	fs, f := e.flags("bench")
	dsn := fs.String("db", "", "the data set: a postgres:// URL or a SQLite file loaded with tillit demo --scale")
	compare := fs.String("compare-db", "", "a data set of another size, for the statements per request at two sizes")
	clients := fs.String("clients", "1,8,32", "concurrency levels")
	requests := fs.Int("requests", 2000, "requests per page and level, at most")
	duration := fs.Duration("duration", 10*time.Second, "time per page and level, at most")
	profile := fs.String("profile", "", "directory for a CPU profile of each page (run in this process)")
	importRows := fs.Int("import-rows", 100_000, "rows of the contract file imported and raw-inserted on SQLite for comparison; 0 skips it")
	if _, err := e.parse(f, args); err != nil {
		return err
	}
	if *dsn == "" {
		return usageError{msg: "bench needs --db"}
	}
	var levels []int
	for _, s := range strings.Split(*clients, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return usageError{msg: fmt.Sprintf("--clients: %q is not a number of clients", s)}
		}
		levels = append(levels, n)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	rep, err := bench.Run(ctx, bench.Config{Binary: self, DSN: *dsn, CompareDSN: *compare, Clients: levels,
		Requests: *requests, Duration: *duration, ProfileDir: *profile, ImportRows: *importRows, Log: e.stderr})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "tillit bench %s, %s\n\n", strings.Join(args, " "), rep.Started.Format(time.DateTime))
	rep.Markdown(e.stdout)
	return nil
}
