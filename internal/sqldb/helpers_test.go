package sqldb_test

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

var (
	ctx = context.Background()
	sys = tillit.SystemActor("sqldb test")
)

// t0 has a sub-second part so the tests notice lost precision; the store
// keeps microseconds on both engines.
var t0 = time.Date(2024, 3, 1, 9, 30, 0, 123456000, time.UTC)

// clock is a settable time source for db.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// withClock makes db read its time from a clock that starts at t0.
func withClock(db *sqldb.DB) *clock {
	c := &clock{t: t0}
	db.Now = c.Now
	return c
}

// openDSN returns a fresh migrated database and its DSN, for tests that
// also need a raw connection or a second DB on the same database.
func openDSN(t *testing.T) (*sqldb.DB, string) {
	t.Helper()
	dsn := sqldbtest.DSN(t)
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return db, dsn
}

func isPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// rawDB opens dsn with database/sql directly, bypassing the store, so a
// test can do what an attacker with database access could do.
func rawDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if isPostgresDSN(dsn) {
		driver = "pgx"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("raw open: %v", err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

func rawExec(t *testing.T, raw *sql.DB, q string) int64 {
	t.Helper()
	res, err := raw.ExecContext(ctx, q)
	if err != nil {
		t.Fatalf("raw exec %q: %v", q, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		t.Fatalf("raw exec %q: %v", q, err)
	}
	return n
}

func rawCount(t *testing.T, raw *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := raw.QueryRowContext(ctx, q).Scan(&n); err != nil {
		t.Fatalf("raw query %q: %v", q, err)
	}
	return n
}

// wantCode fails unless tillit.ErrorCode(err) is code ("" for no error).
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := tillit.ErrorCode(err); got != code {
		t.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
}

// wantFields fails unless err is EINVALID naming at least these fields.
func wantFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	wantCode(t, err, tillit.EINVALID)
	got := tillit.ErrorFields(err)
	for _, f := range fields {
		if _, ok := got[f]; !ok {
			t.Errorf("fields = %v, want %q among them", got, f)
		}
	}
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func createOrg(t *testing.T, db *sqldb.DB, kind tillit.OrgKind, name, county string) *tillit.Organisation {
	t.Helper()
	o := &tillit.Organisation{Kind: kind, Name: name, CountyCode: county}
	if err := db.CreateOrganisation(ctx, sys, o); err != nil {
		t.Fatalf("CreateOrganisation(%s): %v", name, err)
	}
	return o
}

func createUser(t *testing.T, db *sqldb.DB, email string, hash string, ms ...tillit.Membership) *tillit.User {
	t.Helper()
	u := &tillit.User{Email: email, Name: strings.Split(email, "@")[0], Memberships: ms}
	if err := db.CreateUser(ctx, sys, u, hash); err != nil {
		t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u
}

// fixture is a small world most tests start from.
type fixture struct {
	db       *sqldb.DB
	clock    *clock
	office   *tillit.Organisation
	region   *tillit.Organisation
	supplier *tillit.Organisation
	user     *tillit.User // staff in region
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := sqldbtest.Open(t)
	f := &fixture{db: db, clock: withClock(db)}
	f.office = createOrg(t, db, tillit.OrgNationalOffice, "Nationella kansliet", "")
	f.region = createOrg(t, db, tillit.OrgRegion, "Region Stockholm", "01")
	f.supplier = createOrg(t, db, tillit.OrgSupplier, "Instrument AB", "")
	f.user = createUser(t, db, "staff@sll.se", "hash-1", tillit.Membership{OrgID: f.region.ID, Role: tillit.RoleStaff})
	return f
}
