package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/scale"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// demoScale loads the synthetic data set of issue 6 into an empty
// database and reports how long it took.
func (e *environment) demoScale(ctx context.Context, args []string) error {
	fs, f := e.flags("demo")
	var names []string
	for _, s := range scale.Sizes {
		names = append(names, s.Name)
	}
	size := fs.String("scale", "", "size of the synthetic data set: "+strings.Join(names, ", "))
	seed := fs.Uint64("seed", 1, "the data set is a function of the seed and the size")
	dsn := fs.String("db", "", "database: a postgres:// URL or a SQLite file (overrides --database and --data)")
	keep := fs.Bool("keep", false, "when the database holds data already, keep it and load nothing (for make bench)")
	c, err := e.parse(f, args)
	if err != nil {
		return err
	}
	if *size == "" {
		return usageError{msg: "demo needs --scale (" + strings.Join(names, ", ") + "); the demo year 2022 loads with serve --demo"}
	}
	sz, err := scale.SizeNamed(*size)
	if err != nil {
		return usageError{msg: err.Error()}
	}
	if *dsn != "" {
		c.Database = *dsn
	}
	db, err := e.open(ctx, c, e.logger(c))
	if err != nil {
		return err
	}
	defer db.Close()
	orgs, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{})
	if err != nil {
		return err
	}
	if len(orgs) > 0 && *keep {
		fmt.Fprintf(e.stdout, "keeping the data in %s (%d organisations); delete it to load again\n", c.DSN(), len(orgs))
		// A data set loaded before the public site's news were part of it
		// gets them now (none are added when it has news).
		n, err := scale.LoadNews(ctx, db, scale.Options{Seed: *seed, Size: sz})
		if n > 0 {
			fmt.Fprintf(e.stdout, "added %d news items\n", n)
		}
		return err
	}
	if len(orgs) > 0 {
		return fmt.Errorf("the database %s already holds %d organisations: the synthetic data set loads into an empty database", c.DSN(), len(orgs))
	}
	pw, generated := demoPassword(e.getenv)
	hash, err := password.Hash(pw, password.Default)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "loading the %s data set (seed %d) into %s (%s)\n", sz.Name, *seed, c.DSN(), db.Dialect())
	res, err := scale.Load(ctx, db, scale.Options{Seed: *seed, Size: sz, PasswordHash: hash}, func(p scale.Progress) {
		fmt.Fprintf(e.stdout, "  %6.1f s  %9d records  %7d follow-ups  %9d follow-up events\n",
			p.Elapsed.Seconds(), p.Records, p.FollowUps, p.Events)
	})
	if err != nil {
		return err
	}
	e.printLoad(res)
	if generated {
		fmt.Fprintf(e.stdout, "The accounts admin@, officer@, coordinator@, staff@, auditor@, editor@ and supplier@example.org have the password (shown once; set TILLIT_DEMO_PASSWORD to choose it): %s\n", pw)
	} else {
		fmt.Fprintln(e.stdout, "The accounts admin@, officer@, coordinator@, staff@, auditor@, editor@ and supplier@example.org have the password in TILLIT_DEMO_PASSWORD.")
	}
	return nil
}

func (e *environment) printLoad(res scale.LoadResult) {
	out := e.stdout
	fmt.Fprintf(out, "loaded in %s: %d rows, %.0f rows/s\n", res.Duration.Round(time.Millisecond), res.Total, res.RowsPerSecond())
	fmt.Fprintf(out, "  %d buying organisations, %d suppliers (the largest holds %d contracts), %d contracts, %d production sites, %d users\n",
		res.BuyingOrgs, res.Suppliers, res.LargestContracts, res.Contracts, res.Sites, res.Users)
	fmt.Fprintf(out, "  %d follow-ups (%d still open), %d audits, %d deviations, %d follow-up events, %s to %s\n",
		res.FollowUps, res.OpenFollowUps, res.Audits, res.Deviations, res.Events, res.From.Format(time.DateOnly), res.To.Format(time.DateOnly))
	var years []int
	for y := range res.EventsByYear {
		years = append(years, y)
	}
	slices.Sort(years)
	fmt.Fprint(out, "  follow-up events by year:")
	for _, y := range years {
		fmt.Fprintf(out, " %d:%d", y, res.EventsByYear[y])
	}
	fmt.Fprintf(out, " (busiest %d)\n", res.BusiestYear)
	var tables []string
	for t := range res.Rows {
		tables = append(tables, t)
	}
	slices.Sort(tables)
	for _, t := range tables {
		fmt.Fprintf(out, "  %-26s %10d\n", t, res.Rows[t])
	}
}
