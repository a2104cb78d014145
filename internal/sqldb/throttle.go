package sqldb

import (
	"context"
	"fmt"
	"time"
)

// Failed sign-ins are counted in the database, not in memory, so several
// instances behind a load balancer share one count.

// RecordLoginFailure counts a failed sign-in against each key (for example
// "email:a@b.se" and "ip:192.0.2.1") and drops entries older than keep.
func (db *DB) RecordLoginFailure(ctx context.Context, keep time.Duration, keys ...string) error {
	err := db.write(ctx, func(tx *Tx) error {
		for _, k := range keys {
			if _, err := tx.exec(ctx, "INSERT INTO login_failures (key, at) VALUES (?, ?)", k, tx.now); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, "DELETE FROM login_failures WHERE key = ? AND at < ?", k, tx.now.Add(-keep)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqldb.RecordLoginFailure: %w", err)
	}
	return nil
}

// LoginFailures returns how many failures the key has within window and
// when the oldest of them happened, so callers can say when to retry.
func (db *DB) LoginFailures(ctx context.Context, key string, window time.Duration) (int, time.Time, error) {
	var n int
	var oldest *time.Time
	err := db.read(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT count(*), min(at) FROM login_failures WHERE key = ? AND at >= ?", key, tx.now.Add(-window)).Scan(&n, &oldestScan{&oldest})
	})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("sqldb.LoginFailures: %w", err)
	}
	if oldest == nil {
		return n, time.Time{}, nil
	}
	return n, *oldest, nil
}

// ClearLoginFailures forgets the failures of a key after a good sign-in.
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	err := db.write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "DELETE FROM login_failures WHERE key = ?", key)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqldb.ClearLoginFailures: %w", err)
	}
	return nil
}

// oldestScan reads min(at): SQLite returns the aggregate as text because
// the result has no declared column type.
type oldestScan struct{ t **time.Time }

func (o *oldestScan) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*o.t = nil
		return nil
	case time.Time:
		*o.t = &x
		return nil
	case string:
		return o.parse(x)
	case []byte:
		return o.parse(string(x))
	}
	return fmt.Errorf("oldestScan: cannot scan %T", v)
}

func (o *oldestScan) parse(s string) error {
	for _, f := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano} {
		if t, err := time.Parse(f, s); err == nil {
			t = t.UTC()
			*o.t = &t
			return nil
		}
	}
	return fmt.Errorf("oldestScan: cannot parse %q", s)
}
