package sqldb

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestRebind(t *testing.T) {
	tests := []struct {
		in, postgres string
	}{
		{"SELECT 1", "SELECT 1"},
		{"SELECT * FROM t WHERE a = ?", "SELECT * FROM t WHERE a = $1"},
		{"INSERT INTO t (a, b, c) VALUES (?, ?, ?)", "INSERT INTO t (a, b, c) VALUES ($1, $2, $3)"},
		{"SELECT '?' FROM t WHERE a = ?", "SELECT '?' FROM t WHERE a = $1"},
		{`SELECT "odd?col" FROM t WHERE a = ? AND b = ?`, `SELECT "odd?col" FROM t WHERE a = $1 AND b = $2`},
		{"SELECT 'it''s ?' , ? FROM t", "SELECT 'it''s ?' , $1 FROM t"},
		{`SELECT '"?' , ?, "'?", ?`, `SELECT '"?' , $1, "'?", $2`},
		{"?,?,?,?,?,?,?,?,?,?,?", "$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11"},
		{"SELECT 'åäö?' WHERE a = ? AND b = 'ö'", "SELECT 'åäö?' WHERE a = $1 AND b = 'ö'"},
	}
	for _, tt := range tests {
		if got := rebind(Postgres, tt.in); got != tt.postgres {
			t.Errorf("rebind(Postgres, %q) = %q, want %q", tt.in, got, tt.postgres)
		}
		if got := rebind(SQLite, tt.in); got != tt.in {
			t.Errorf("rebind(SQLite, %q) = %q, want it unchanged", tt.in, got)
		}
	}
}

// TestSQLitePragmas checks the settings the SQLite store depends on: WAL so
// readers run beside the writer, synchronous(FULL) so an acknowledged
// commit survives a power cut, foreign keys, a busy timeout, and readers
// that cannot write.
func TestSQLitePragmas(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "sub", "dir", "tillit.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Dialect() != SQLite {
		t.Fatalf("dialect = %s", db.Dialect())
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	pragma := func(name string, pool string) string {
		t.Helper()
		p := db.w
		if pool == "r" {
			p = db.r
		}
		var v string
		if err := p.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v); err != nil {
			t.Fatalf("PRAGMA %s: %v", name, err)
		}
		return v
	}
	for _, pool := range []string{"w", "r"} {
		if v := pragma("journal_mode", pool); v != "wal" {
			t.Errorf("%s: journal_mode = %s, want wal", pool, v)
		}
		if v := pragma("foreign_keys", pool); v != "1" {
			t.Errorf("%s: foreign_keys = %s, want 1", pool, v)
		}
		if v := pragma("busy_timeout", pool); v != "10000" {
			t.Errorf("%s: busy_timeout = %s, want 10000", pool, v)
		}
	}
	if v := pragma("synchronous", "w"); v != "2" { // 2 = FULL
		t.Errorf("writer synchronous = %s, want 2 (FULL)", v)
	}
	if v := pragma("query_only", "r"); v != "1" {
		t.Errorf("reader query_only = %s, want 1", v)
	}
	if v := pragma("query_only", "w"); v != "0" {
		t.Errorf("writer query_only = %s, want 0", v)
	}
	_, err = db.r.ExecContext(ctx, "INSERT INTO login_failures (key, at) VALUES ('x', '2024-01-01')")
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "readonly") {
		t.Errorf("write through the reader pool: err = %v, want a read-only error", err)
	}
	if s, _ := db.Stats(); s.MaxOpenConnections != 1 {
		t.Errorf("writer pool allows %d connections, want 1", s.MaxOpenConnections)
	}
}

// Data directories with spaces and URL-special characters, and the
// optional sqlite: prefix, all open the file at exactly that path.
func TestSQLitePath(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"plain", "with space", "per%cent", "hash#and?query", "åäö"} {
		path := filepath.Join(t.TempDir(), name, "tillit.db")
		for _, dsn := range []string{path, "sqlite:" + path} {
			db, err := Open(ctx, dsn)
			if err != nil {
				t.Fatalf("Open(%q): %v", dsn, err)
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatalf("Migrate(%q): %v", dsn, err)
			}
			var file string
			if err := db.r.QueryRowContext(ctx, "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file); err != nil {
				t.Fatal(err)
			}
			db.Close()
			if file != path {
				t.Errorf("Open(%q) opened %q", dsn, file)
			}
		}
	}
}
