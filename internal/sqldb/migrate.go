package sqldb

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrationFS embed.FS

// Migration is one schema change, numbered and applied in order.
type Migration struct {
	Version   int
	Name      string
	SQL       string
	AppliedAt time.Time // zero while pending
}

// migrations reads the embedded files for the dialect: NNNN_name.sql.
func migrations(d Dialect) ([]Migration, error) {
	dir := "migrations/" + string(d)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, rest, ok := strings.Cut(strings.TrimSuffix(name, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %s: name must be NNNN_name.sql", name)
		}
		b, err := migrationFS.ReadFile(dir + "/" + name)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: rest, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	// Versions must be unique and positive; a gap is allowed, so parts of
	// the product developed side by side can reserve their numbers.
	for i := range out {
		if out[i].Version <= 0 || i > 0 && out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("migrations for %s: version %d is used twice or is not positive", d, out[i].Version)
		}
	}
	return out, nil
}

const createMigrationTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TIMESTAMP NOT NULL)`

// migrateLock is the PostgreSQL advisory lock key that serialises migrators.
const migrateLock = 7471101

// ensureMigrationTable creates schema_migrations. On PostgreSQL two
// sessions running CREATE TABLE IF NOT EXISTS at once can both pass the
// existence check and the loser fails on pg_type's unique index (SQLSTATE
// 23505), so the statement runs under the migrators' advisory lock.
func (db *DB) ensureMigrationTable(ctx context.Context) error {
	return db.write(ctx, func(tx *Tx) error {
		if db.dialect == Postgres {
			if _, err := tx.exec(ctx, "SELECT pg_advisory_xact_lock(?)", migrateLock); err != nil {
				return err
			}
		}
		_, err := tx.exec(ctx, createMigrationTable)
		return err
	})
}

// MigrationStatus lists every known migration with when it was applied.
func (db *DB) MigrationStatus(ctx context.Context) ([]Migration, error) {
	ms, err := migrations(db.dialect)
	if err != nil {
		return nil, err
	}
	if err := db.ensureMigrationTable(ctx); err != nil {
		return nil, fmt.Errorf("sqldb.MigrationStatus: %w", err)
	}
	rows, err := db.w.QueryContext(ctx, "SELECT version, applied_at FROM schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("sqldb.MigrationStatus: %w", err)
	}
	defer rows.Close()
	applied := map[int]time.Time{}
	for rows.Next() {
		var v int
		var at time.Time
		if err := rows.Scan(&v, &at); err != nil {
			return nil, fmt.Errorf("sqldb.MigrationStatus: %w", err)
		}
		applied[v] = at
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range ms {
		ms[i].AppliedAt = applied[ms[i].Version]
	}
	return ms, nil
}

// Migrate applies every pending migration, each in its own transaction
// together with its row in schema_migrations, and returns how many ran.
// Two processes migrating at once wait for each other (SQLite's write lock,
// a PostgreSQL advisory lock) and the second finds nothing to do.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	ms, err := migrations(db.dialect)
	if err != nil {
		return 0, err
	}
	if err := db.ensureMigrationTable(ctx); err != nil {
		return 0, fmt.Errorf("sqldb.Migrate: %w", err)
	}
	n := 0
	for _, m := range ms {
		ran := false
		err := db.write(ctx, func(tx *Tx) error {
			if db.dialect == Postgres {
				if _, err := tx.exec(ctx, "SELECT pg_advisory_xact_lock(?)", migrateLock); err != nil {
					return err
				}
			}
			var exists int
			err := tx.queryRow(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.Version).Scan(&exists)
			if err != nil || exists > 0 {
				return err
			}
			if _, err := tx.tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
			}
			_, err = tx.exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", m.Version, m.Name, tx.now)
			ran = true
			return err
		})
		if err != nil {
			return n, fmt.Errorf("sqldb.Migrate: %w", err)
		}
		if ran {
			n++
		}
	}
	if err := db.Optimize(ctx); err != nil {
		return n, fmt.Errorf("sqldb.Migrate: %w", err)
	}
	return n, nil
}

// Optimize refreshes the planner's statistics where they are missing or
// stale. SQLite plans without statistics as if every index were as
// selective as any other: with a user's 216 000 notices it counted the
// unread ones through the index on all of them (470 ms) instead of the
// partial index on the unread (0.07 ms). PRAGMA optimize with a sampling
// limit analyses only the tables that need it, in milliseconds even at EU
// scale; serve runs it at start (through Migrate) and hourly. PostgreSQL's
// autovacuum keeps its own statistics.
func (db *DB) Optimize(ctx context.Context) error {
	if db.dialect != SQLite {
		return nil
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, q := range []string{"PRAGMA analysis_limit = 1000", "PRAGMA optimize = 0x10002"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}
