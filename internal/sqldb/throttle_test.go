package sqldb_test

import (
	"testing"
	"time"

	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

func TestLoginFailures(t *testing.T) {
	db := sqldbtest.Open(t)
	c := withClock(db)
	const (
		email  = "email:staff@sll.se"
		ip     = "ip:192.0.2.1"
		window = 15 * time.Minute
		keep   = time.Hour
	)
	count := func(key string, window time.Duration) (int, time.Time) {
		t.Helper()
		n, oldest, err := db.LoginFailures(ctx, key, window)
		mustOK(t, err)
		return n, oldest
	}

	n, oldest := count(email, window)
	if n != 0 || !oldest.IsZero() {
		t.Fatalf("before any failure: %d, %v", n, oldest)
	}

	mustOK(t, db.RecordLoginFailure(ctx, keep, email, ip))
	c.Add(5 * time.Minute)
	mustOK(t, db.RecordLoginFailure(ctx, keep, email))
	c.Add(5 * time.Minute)
	mustOK(t, db.RecordLoginFailure(ctx, keep, email))

	if n, oldest := count(email, window); n != 3 || !oldest.Equal(t0) {
		t.Fatalf("email at +10m: %d failures, oldest %v; want 3, %v", n, oldest, t0)
	}
	if n, oldest := count(ip, window); n != 1 || !oldest.Equal(t0) {
		t.Fatalf("ip at +10m: %d failures, oldest %v; want 1, %v", n, oldest, t0)
	}
	if n, _ := count("email:other@sll.se", window); n != 0 {
		t.Fatalf("unrelated key: %d failures", n)
	}

	// The first failure drops out of the window.
	c.Set(t0.Add(16 * time.Minute))
	if n, oldest := count(email, window); n != 2 || !oldest.Equal(t0.Add(5*time.Minute)) {
		t.Fatalf("email at +16m: %d failures, oldest %v; want 2, %v", n, oldest, t0.Add(5*time.Minute))
	}
	if n, oldest := count(ip, window); n != 0 || !oldest.IsZero() {
		t.Fatalf("ip at +16m: %d failures, oldest %v; want 0", n, oldest)
	}
	if n, _ := count(ip, time.Hour); n != 1 {
		t.Fatalf("ip over an hour: %d failures, want 1", n)
	}

	// Recording prunes entries of that key older than keep, and only those.
	c.Set(t0.Add(2 * time.Hour))
	mustOK(t, db.RecordLoginFailure(ctx, keep, email))
	if n, oldest := count(email, 24*time.Hour); n != 1 || !oldest.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("email after pruning: %d failures, oldest %v; want 1", n, oldest)
	}
	if n, _ := count(ip, 24*time.Hour); n != 1 {
		t.Fatalf("ip after pruning email: %d failures, want 1", n)
	}

	mustOK(t, db.ClearLoginFailures(ctx, email))
	if n, oldest := count(email, 24*time.Hour); n != 0 || !oldest.IsZero() {
		t.Fatalf("email after clear: %d, %v", n, oldest)
	}
	if n, _ := count(ip, 24*time.Hour); n != 1 {
		t.Fatalf("clearing email cleared ip: %d", n)
	}
	mustOK(t, db.ClearLoginFailures(ctx, "never-seen"))
}
