// Package sqldb stores tillit in SQLite (modernc.org/sqlite, pure Go) or
// PostgreSQL (pgx) from one set of queries. Queries are written with ?
// placeholders and rebound for PostgreSQL in one place; the few dialect
// differences live in the migrations and in named helpers.
//
// Exported methods open one transaction, compose unexported helpers that
// take the *Tx, and write the audit event in that same transaction.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Dialect names the database engine behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the store. With SQLite it holds two pools on the same file: one
// connection for writes (SQLite has one writer; queueing in Go is cheaper
// than spinning on SQLITE_BUSY) and several read-only connections, which
// WAL lets run beside the writer. With PostgreSQL both are the same pool.
type DB struct {
	dialect Dialect
	w       *sql.DB
	r       *sql.DB

	// Now returns the current time; tests replace it to fix timestamps.
	Now func() time.Time

	// queries counts the statements run (see querycount.go); a pointer, so
	// copies made by WithClock count into the same total.
	queries *atomic.Int64
}

// Open connects to dsn: a postgres:// or postgresql:// URL selects
// PostgreSQL; anything else is a SQLite file path (created with its
// directory if missing). It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db := &DB{Now: time.Now, queries: new(atomic.Int64)}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db.dialect = Postgres
		p, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("sqldb.Open: %w", err)
		}
		p.SetMaxOpenConns(20)
		p.SetMaxIdleConns(20)
		p.SetConnMaxIdleTime(5 * time.Minute)
		db.w, db.r = p, p
	} else {
		db.dialect = SQLite
		path := strings.TrimPrefix(dsn, "sqlite:")
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("sqldb.Open: create data directory: %w", err)
			}
		}
		// synchronous(FULL) makes an acknowledged commit survive a crash
		// of the process or the machine; the cost is one fsync per commit.
		base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_time_format=sqlite" +
			"&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"
		w, err := sql.Open("sqlite", base+"&_pragma=journal_mode(WAL)&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("sqldb.Open: %w", err)
		}
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		w.SetConnMaxIdleTime(0)
		// The writer must create the file and switch it to WAL before a
		// read-only connection can open it.
		if err := w.PingContext(ctx); err != nil {
			w.Close()
			return nil, fmt.Errorf("sqldb.Open: %w", err)
		}
		r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("sqldb.Open: %w", err)
		}
		r.SetMaxOpenConns(8)
		r.SetMaxIdleConns(8)
		r.SetConnMaxIdleTime(0)
		db.w, db.r = w, r
	}
	if err := db.w.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqldb.Open: %w", err)
	}
	return db, nil
}

// Dialect reports the engine.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close closes both pools.
func (db *DB) Close() error {
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Ping checks that the database answers; /readyz uses it.
func (db *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := db.r.PingContext(ctx); err != nil {
		return err
	}
	var one int
	return db.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Stats returns pool statistics of the writer and reader pools for metrics.
func (db *DB) Stats() (write, read sql.DBStats) { return db.w.Stats(), db.r.Stats() }

// Tx is a transaction with the time it started, which every row it writes
// uses, so one change has one timestamp.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
	now     time.Time
	queries *atomic.Int64
}

// begin opens a write transaction.
func (db *DB) begin(ctx context.Context) (*Tx, error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &Tx{tx: tx, dialect: db.dialect, now: db.now(), queries: db.queries}, nil
}

// beginRead opens a read-only transaction: a consistent snapshot that does
// not wait for the writer.
func (db *DB) beginRead(ctx context.Context) (*Tx, error) {
	opts := &sql.TxOptions{ReadOnly: db.dialect == Postgres}
	tx, err := db.r.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("begin read: %w", err)
	}
	return &Tx{tx: tx, dialect: db.dialect, now: db.now(), queries: db.queries}, nil
}

// now truncates to microseconds, the precision PostgreSQL keeps, so a time
// reads back exactly as written on both engines (the audit hash needs it).
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }

// write runs fn in a write transaction and commits if fn returns nil.
func (db *DB) write(ctx context.Context, fn func(*Tx) error) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// read runs fn in a read transaction.
func (db *DB) read(ctx context.Context, fn func(*Tx) error) error {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.tx.Rollback()
	return fn(tx)
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = rebind(tx.dialect, q)
	tx.counted(ctx, q, args)
	return tx.tx.ExecContext(ctx, q, args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = rebind(tx.dialect, q)
	tx.counted(ctx, q, args)
	return tx.tx.QueryContext(ctx, q, args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = rebind(tx.dialect, q)
	tx.counted(ctx, q, args)
	return tx.tx.QueryRowContext(ctx, q, args...)
}

// insert runs an INSERT … RETURNING id (both engines support RETURNING).
func (tx *Tx) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// rebind turns ? placeholders into $1, $2, … for PostgreSQL. It skips
// quoted literals and identifiers so a ? inside them stays.
func rebind(d Dialect, q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(fmt.Sprint(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// isUniqueViolation reports whether err is a unique-constraint failure on
// either engine, so callers can turn it into ECONFLICT.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// isNoRows reports sql.ErrNoRows.
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// nullTime turns a zero time into NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// nullString turns "" into NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// dateString formats a calendar date the way both engines accept and
// compare (DATE columns are written as YYYY-MM-DD text).
func dateString(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format("2006-01-02")
}

// collect runs q in tx and returns one value per row, made by scan.
func collect[T any](ctx context.Context, tx *Tx, q string, args []any, scan func(*sql.Rows) (T, error)) ([]T, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// nullID turns a zero id into NULL, for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// WithClock returns the store as seen at a clock of its own: it shares the
// connection pools and the query count, but stamps what it writes with
// now(). The demo uses it to record a past year without moving the shared
// clock that requests and other loaders use.
func (db *DB) WithClock(now func() time.Time) *DB {
	c := *db
	c.Now = now
	return &c
}
