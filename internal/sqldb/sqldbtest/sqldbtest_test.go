package sqldbtest

import (
	"context"
	"os"
	"testing"

	"github.com/tillit-project/tillit/internal/sqldb"
)

// TestPostgresConfigured makes the PostgreSQL pass visible: on a developer
// machine without it the skip says so; in CI (TILLIT_REQUIRE_ALL=1) a
// missing database fails instead of silently testing SQLite twice.
func TestPostgresConfigured(t *testing.T) {
	if os.Getenv("TILLIT_TEST_POSTGRES") == "" {
		msg := "TILLIT_TEST_POSTGRES is not set: this run tests SQLite only (make test starts PostgreSQL when it is installed)"
		if os.Getenv("TILLIT_REQUIRE_ALL") == "1" && os.Getenv("TILLIT_TEST_SQLITE_PASS") != "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	db := Open(t)
	if db.Dialect() != sqldb.Postgres {
		t.Fatalf("dialect = %s, want postgres", db.Dialect())
	}
	if err := db.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}
