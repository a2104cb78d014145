package sqldb_test

import (
	"sync"
	"testing"

	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

func TestMigrate(t *testing.T) {
	db, err := sqldb.Open(ctx, sqldbtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	withClock(db)
	if string(db.Dialect()) != sqldbtest.Engine() {
		t.Fatalf("dialect %s, but the tests run on %s", db.Dialect(), sqldbtest.Engine())
	}
	mustOK(t, db.Ping(ctx))

	before, err := db.MigrationStatus(ctx)
	mustOK(t, err)
	if len(before) == 0 {
		t.Fatal("no migrations embedded")
	}
	for i, m := range before {
		if m.Version != i+1 || m.Name == "" || m.SQL == "" {
			t.Errorf("migration %d = {%d %q, %d bytes}, want version %d with a name and SQL", i, m.Version, m.Name, len(m.SQL), i+1)
		}
		if !m.AppliedAt.IsZero() {
			t.Errorf("migration %d applied at %v before Migrate", m.Version, m.AppliedAt)
		}
	}

	n, err := db.Migrate(ctx)
	mustOK(t, err)
	if n != len(before) {
		t.Fatalf("first Migrate ran %d, want %d", n, len(before))
	}
	n, err = db.Migrate(ctx)
	mustOK(t, err)
	if n != 0 {
		t.Fatalf("second Migrate ran %d, want 0", n)
	}

	after, err := db.MigrationStatus(ctx)
	mustOK(t, err)
	if len(after) != len(before) {
		t.Fatalf("status lists %d migrations, want %d", len(after), len(before))
	}
	for _, m := range after {
		if !m.AppliedAt.Equal(t0) {
			t.Errorf("migration %d applied at %v, want %v", m.Version, m.AppliedAt, t0)
		}
	}

	// The schema works: the audit head row exists and the chain is empty.
	v, err := db.VerifyAudit(ctx)
	mustOK(t, err)
	if v.Checked != 0 || v.BrokenID != 0 {
		t.Fatalf("VerifyAudit on empty store = %+v", v)
	}
}

// Two processes starting at once on a fresh database must both succeed and
// apply each migration exactly once.
func TestMigrateConcurrent(t *testing.T) {
	for round := 0; round < 3; round++ {
		dsn := sqldbtest.DSN(t)
		dbs := make([]*sqldb.DB, 2)
		for i := range dbs {
			db, err := sqldb.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			dbs[i] = db
		}
		ran := make([]int, len(dbs))
		errs := make([]error, len(dbs))
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, db := range dbs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				ran[i], errs[i] = db.Migrate(ctx)
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: Migrate %d: %v", round, i, err)
			}
		}
		status, err := dbs[0].MigrationStatus(ctx)
		mustOK(t, err)
		if ran[0]+ran[1] != len(status) {
			t.Fatalf("round %d: migrations ran %d + %d times, want %d in total", round, ran[0], ran[1], len(status))
		}
		for _, m := range status {
			if m.AppliedAt.IsZero() {
				t.Errorf("round %d: migration %d not applied", round, m.Version)
			}
		}
		raw := rawDB(t, dsn)
		if n := rawCount(t, raw, "SELECT count(*) FROM schema_migrations"); n != len(status) {
			t.Fatalf("round %d: schema_migrations has %d rows, want %d", round, n, len(status))
		}
		if n := rawCount(t, raw, "SELECT count(*) FROM audit_head"); n != 1 {
			t.Fatalf("round %d: audit_head has %d rows, want 1", round, n)
		}
		// Both handles work on the migrated schema.
		for i, db := range dbs {
			if _, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{}); err != nil {
				t.Fatalf("round %d: db %d: %v", round, i, err)
			}
		}
	}
}
