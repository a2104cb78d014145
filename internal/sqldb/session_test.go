package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

func TestSession(t *testing.T) {
	f := newFixture(t)
	db := f.db
	secret, err := db.CreateSession(ctx, f.user.ID, "192.0.2.1", strings.Repeat("x", 1000))
	mustOK(t, err)
	if len(secret) < 20 {
		t.Fatalf("session secret %q is too short", secret)
	}
	u, err := db.SessionUser(ctx, secret, policy)
	mustOK(t, err)
	if u.ID != f.user.ID || u.Email != "staff@sll.se" || len(u.Memberships) != 1 || u.Memberships[0].Role != tillit.RoleStaff {
		t.Fatalf("SessionUser = %+v", u)
	}

	for _, s := range []string{"", "unknown", secret + "x"} {
		_, err := db.SessionUser(ctx, s, policy)
		wantCode(t, err, tillit.EUNAUTHORIZED)
	}
	_, err = db.CreateSession(ctx, 999999, "", "")
	wantCode(t, err, tillit.ENOTFOUND)

	// Signing in and out is audited.
	ev, err := db.FindAuditEvents(ctx, sqldb.AuditFilter{Entity: "user", EntityID: f.user.ID, Limit: 1})
	mustOK(t, err)
	if len(ev) != 1 || ev[0].Action != "user.signin" || ev[0].ActorID != f.user.ID || ev[0].ActorLabel != "staff@sll.se" {
		t.Fatalf("sign-in event: %+v", ev)
	}

	mustOK(t, db.DeleteSession(ctx, secret))
	_, err = db.SessionUser(ctx, secret, policy)
	wantCode(t, err, tillit.EUNAUTHORIZED)
	ev, err = db.FindAuditEvents(ctx, sqldb.AuditFilter{Entity: "user", EntityID: f.user.ID, Limit: 1})
	mustOK(t, err)
	if len(ev) != 1 || ev[0].Action != "user.signout" {
		t.Fatalf("sign-out event: %+v", ev)
	}
	// Signing out twice, or with an unknown secret, is not an error.
	mustOK(t, db.DeleteSession(ctx, secret))
	mustOK(t, db.DeleteSession(ctx, "unknown"))
}

func TestSessionIdleExpiry(t *testing.T) {
	f := newFixture(t)
	db := f.db
	secret, err := db.CreateSession(ctx, f.user.ID, "", "")
	mustOK(t, err)

	// Each request within the idle limit extends the session.
	for range 4 {
		f.clock.Add(29 * time.Minute)
		_, err := db.SessionUser(ctx, secret, policy)
		wantCode(t, err, "")
	}
	last := f.clock.Now()
	f.clock.Add(policy.Idle + time.Second)
	_, err = db.SessionUser(ctx, secret, policy)
	wantCode(t, err, tillit.EUNAUTHORIZED)
	// The expired session was deleted, not just refused: back within the
	// limit it still does not work.
	f.clock.Set(last.Add(time.Minute))
	_, err = db.SessionUser(ctx, secret, policy)
	wantCode(t, err, tillit.EUNAUTHORIZED)
}

func TestSessionAbsoluteExpiry(t *testing.T) {
	f := newFixture(t)
	db := f.db
	secret, err := db.CreateSession(ctx, f.user.ID, "", "")
	mustOK(t, err)
	p := sqldb.SessionPolicy{Idle: 30 * time.Minute, Absolute: 2 * time.Hour}

	// Busy all along, so never idle; at exactly the limit it still works.
	for elapsed := 20 * time.Minute; elapsed <= p.Absolute; elapsed += 20 * time.Minute {
		f.clock.Set(t0.Add(elapsed))
		_, err := db.SessionUser(ctx, secret, p)
		wantCode(t, err, "")
	}
	f.clock.Set(t0.Add(p.Absolute + time.Second))
	_, err = db.SessionUser(ctx, secret, p)
	wantCode(t, err, tillit.EUNAUTHORIZED)
	f.clock.Set(t0.Add(time.Minute))
	_, err = db.SessionUser(ctx, secret, p)
	wantCode(t, err, tillit.EUNAUTHORIZED)
}

// A request does not write last_seen_at more than once a minute, but
// the idle limit still counts from the last write.
func TestSessionTouchGranularity(t *testing.T) {
	f := newFixture(t)
	db := f.db
	secret, err := db.CreateSession(ctx, f.user.ID, "", "")
	mustOK(t, err)
	p := sqldb.SessionPolicy{Idle: 10 * time.Minute, Absolute: 8 * time.Hour}
	f.clock.Add(30 * time.Second)
	_, err = db.SessionUser(ctx, secret, p) // not written: under a minute
	mustOK(t, err)
	f.clock.Set(t0.Add(10*time.Minute + time.Second))
	_, err = db.SessionUser(ctx, secret, p)
	wantCode(t, err, tillit.EUNAUTHORIZED)
}

func TestDeleteExpiredSessions(t *testing.T) {
	f := newFixture(t)
	db := f.db
	p := sqldb.SessionPolicy{Idle: 30 * time.Minute, Absolute: 2 * time.Hour}

	idle, err := db.CreateSession(ctx, f.user.ID, "", "") // never used again
	mustOK(t, err)
	old, err := db.CreateSession(ctx, f.user.ID, "", "") // used, but too old
	mustOK(t, err)
	for _, m := range []time.Duration{25, 50, 75, 100} {
		f.clock.Set(t0.Add(m * time.Minute))
		_, err := db.SessionUser(ctx, old, p)
		mustOK(t, err)
	}
	f.clock.Set(t0.Add(110 * time.Minute))
	fresh, err := db.CreateSession(ctx, f.user.ID, "", "")
	mustOK(t, err)

	f.clock.Set(t0.Add(119 * time.Minute))
	n, err := db.DeleteExpiredSessions(ctx, p)
	mustOK(t, err)
	if n != 1 {
		t.Fatalf("at 119 min: deleted %d sessions, want 1 (the idle one)", n)
	}
	f.clock.Set(t0.Add(121 * time.Minute))
	n, err = db.DeleteExpiredSessions(ctx, p)
	mustOK(t, err)
	if n != 1 {
		t.Fatalf("at 121 min: deleted %d sessions, want 1 (the old one)", n)
	}
	n, err = db.DeleteExpiredSessions(ctx, p)
	mustOK(t, err)
	if n != 0 {
		t.Fatalf("second run deleted %d sessions, want 0", n)
	}
	_, err = db.SessionUser(ctx, fresh, p)
	wantCode(t, err, "")
	// Gone, not merely expired: with the clock turned back they still fail.
	f.clock.Set(t0.Add(time.Minute))
	for _, s := range []string{idle, old} {
		_, err := db.SessionUser(ctx, s, p)
		wantCode(t, err, tillit.EUNAUTHORIZED)
	}
}

// The user agent is cut to 300 bytes; a cut inside a multi-byte character
// must not make the insert fail (PostgreSQL rejects invalid UTF-8).
func TestSessionLongUserAgent(t *testing.T) {
	f := newFixture(t)
	for _, ua := range []string{strings.Repeat("x", 1000), "x" + strings.Repeat("å", 300), strings.Repeat("\xff", 400)} {
		secret, err := f.db.CreateSession(ctx, f.user.ID, "192.0.2.1", ua)
		mustOK(t, err)
		_, err = f.db.SessionUser(ctx, secret, policy)
		mustOK(t, err)
	}
}
