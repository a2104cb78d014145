// Package sqldbtest hands each test a fresh, migrated database: SQLite in a
// temporary directory, or, when TILLIT_TEST_POSTGRES holds a postgres://
// URL, a new schema in that PostgreSQL database. `make test` runs the
// suite once each way.
package sqldbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tillit-project/tillit/internal/sqldb"
)

// DSN returns a data source name for a fresh empty database and registers
// its removal with t.Cleanup. It does not migrate.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("TILLIT_TEST_POSTGRES")
	if base == "" {
		return filepath.Join(t.TempDir(), "tillit.db")
	}
	schema := "t_" + strings.ToLower(rand.Text()[:16])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("sqldbtest: %v", err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("sqldbtest: create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Logf("sqldbtest: drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("sqldbtest: TILLIT_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a fresh migrated database, closed when the test ends.
func Open(t testing.TB) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), DSN(t))
	if err != nil {
		t.Fatalf("sqldbtest.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("sqldbtest.Open: migrate: %v", err)
	}
	return db
}

// Engine names the engine tests run on, for log lines and skips.
func Engine() string {
	if os.Getenv("TILLIT_TEST_POSTGRES") != "" {
		return "postgres"
	}
	return "sqlite"
}
