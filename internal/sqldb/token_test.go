package sqldb_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

func TestAPIToken(t *testing.T) {
	f := newFixture(t)
	db := f.db
	me := tillit.ActorOf(f.user)

	secret, tok, err := db.CreateAPIToken(ctx, me, f.user.ID, "  nightly export ")
	mustOK(t, err)
	if !strings.HasPrefix(secret, "tillit_") || len(secret) < len("tillit_")+20 {
		t.Fatalf("secret %q", secret)
	}
	if tok.ID == 0 || tok.UserID != f.user.ID || tok.Name != "nightly export" || tok.Prefix != secret[:13] || !tok.CreatedAt.Equal(t0) {
		t.Fatalf("token %+v", tok)
	}

	f.clock.Add(time.Hour)
	u, err := db.APITokenUser(ctx, secret)
	mustOK(t, err)
	if u.ID != f.user.ID || len(u.Memberships) != 1 {
		t.Fatalf("APITokenUser = %+v", u)
	}
	toks, err := db.FindAPITokens(ctx, f.user.ID)
	mustOK(t, err)
	if len(toks) != 1 || toks[0].ID != tok.ID || toks[0].Name != "nightly export" || toks[0].Prefix != tok.Prefix ||
		!toks[0].CreatedAt.Equal(t0) || !toks[0].LastUsedAt.Equal(t0.Add(time.Hour)) || !toks[0].RevokedAt.IsZero() {
		t.Fatalf("FindAPITokens = %+v", toks)
	}

	for _, bad := range []string{"", "tillit_", "tillit_WRONGWRONGWRONGWRONG", secret + "x", strings.TrimPrefix(secret, "tillit_"), strings.ToUpper(secret)} {
		_, err := db.APITokenUser(ctx, bad)
		wantCode(t, err, tillit.EUNAUTHORIZED)
	}

	t.Run("invalid", func(t *testing.T) {
		_, _, err := db.CreateAPIToken(ctx, me, f.user.ID, "   ")
		wantFields(t, err, "name")
		_, _, err = db.CreateAPIToken(ctx, me, f.user.ID, strings.Repeat("n", 101))
		wantFields(t, err, "name")
		_, _, err = db.CreateAPIToken(ctx, sys, 999999, "x")
		wantCode(t, err, tillit.ENOTFOUND)
	})

	t.Run("revoke", func(t *testing.T) {
		other := createUser(t, db, "other@sll.se", "", tillit.Membership{OrgID: f.region.ID, Role: tillit.RoleStaff})
		second, tok2, err := db.CreateAPIToken(ctx, me, f.user.ID, "second")
		mustOK(t, err)

		// Someone else cannot revoke my token, and learns nothing.
		wantCode(t, db.RevokeAPIToken(ctx, tillit.ActorOf(other), other.ID, tok.ID), tillit.ENOTFOUND)
		wantCode(t, db.RevokeAPIToken(ctx, me, f.user.ID, 999999), tillit.ENOTFOUND)
		_, err = db.APITokenUser(ctx, secret)
		mustOK(t, err)

		mustOK(t, db.RevokeAPIToken(ctx, me, f.user.ID, tok.ID))
		_, err = db.APITokenUser(ctx, secret)
		wantCode(t, err, tillit.EUNAUTHORIZED)
		wantCode(t, db.RevokeAPIToken(ctx, me, f.user.ID, tok.ID), tillit.ENOTFOUND)
		// The other token is unaffected.
		_, err = db.APITokenUser(ctx, second)
		mustOK(t, err)

		toks, err := db.FindAPITokens(ctx, f.user.ID)
		mustOK(t, err)
		if len(toks) != 2 || toks[0].ID != tok2.ID || toks[1].ID != tok.ID || !toks[0].RevokedAt.IsZero() || !toks[1].RevokedAt.Equal(f.clock.Now()) {
			t.Fatalf("FindAPITokens after revoke = %+v", toks)
		}
		toks, err = db.FindAPITokens(ctx, other.ID)
		mustOK(t, err)
		if len(toks) != 0 {
			t.Fatalf("other user's tokens = %+v", toks)
		}
	})

	t.Run("disabled user", func(t *testing.T) {
		secret, _, err := db.CreateAPIToken(ctx, me, f.user.ID, "third")
		mustOK(t, err)
		mustOK(t, db.UpdateUser(ctx, sys, &tillit.User{ID: f.user.ID, Name: f.user.Name, Disabled: true, Memberships: f.user.Memberships}))
		_, err = db.APITokenUser(ctx, secret)
		wantCode(t, err, tillit.EUNAUTHORIZED)
	})
}

func TestOneTimeToken(t *testing.T) {
	f := newFixture(t)
	db := f.db
	session, err := db.CreateSession(ctx, f.user.ID, "", "")
	mustOK(t, err)

	secret, err := db.CreateOneTimeToken(ctx, sys, f.user.ID, sqldb.PurposeReset, time.Hour)
	mustOK(t, err)
	// Looking does not use the link up.
	for range 2 {
		u, err := db.OneTimeTokenUser(ctx, secret, sqldb.PurposeReset)
		mustOK(t, err)
		if u.ID != f.user.ID {
			t.Fatalf("OneTimeTokenUser = %+v", u)
		}
	}
	_, err = db.OneTimeTokenUser(ctx, secret, sqldb.PurposeInvite)
	wantCode(t, err, tillit.ENOTFOUND)
	_, err = db.OneTimeTokenUser(ctx, "unknown", sqldb.PurposeReset)
	wantCode(t, err, tillit.ENOTFOUND)
	_, err = db.UseOneTimeToken(ctx, secret, sqldb.PurposeInvite, "wrong-purpose")
	wantCode(t, err, tillit.ENOTFOUND)

	f.clock.Add(59 * time.Minute)
	u, err := db.UseOneTimeToken(ctx, secret, sqldb.PurposeReset, "new-hash")
	mustOK(t, err)
	if u.ID != f.user.ID {
		t.Fatalf("UseOneTimeToken = %+v", u)
	}
	_, hash, err := db.UserPasswordHash(ctx, "staff@sll.se")
	mustOK(t, err)
	if hash != "new-hash" {
		t.Fatalf("hash = %q, want new-hash", hash)
	}
	// A reset ends every session.
	_, err = db.SessionUser(ctx, session, policy)
	wantCode(t, err, tillit.EUNAUTHORIZED)

	// Exactly once.
	_, err = db.UseOneTimeToken(ctx, secret, sqldb.PurposeReset, "second-hash")
	wantCode(t, err, tillit.ENOTFOUND)
	_, err = db.OneTimeTokenUser(ctx, secret, sqldb.PurposeReset)
	wantCode(t, err, tillit.ENOTFOUND)
	_, hash, err = db.UserPasswordHash(ctx, "staff@sll.se")
	mustOK(t, err)
	if hash != "new-hash" {
		t.Fatalf("hash after second use = %q, want new-hash", hash)
	}
}

func TestOneTimeTokenExpiry(t *testing.T) {
	f := newFixture(t)
	db := f.db
	secret, err := db.CreateOneTimeToken(ctx, sys, f.user.ID, sqldb.PurposeInvite, time.Hour)
	mustOK(t, err)
	f.clock.Add(time.Hour - time.Microsecond)
	_, err = db.OneTimeTokenUser(ctx, secret, sqldb.PurposeInvite)
	mustOK(t, err)
	f.clock.Add(time.Microsecond) // expires_at itself is too late
	_, err = db.OneTimeTokenUser(ctx, secret, sqldb.PurposeInvite)
	wantCode(t, err, tillit.ENOTFOUND)
	_, err = db.UseOneTimeToken(ctx, secret, sqldb.PurposeInvite, "x")
	wantCode(t, err, tillit.ENOTFOUND)
	_, hash, err := db.UserPasswordHash(ctx, "staff@sll.se")
	mustOK(t, err)
	if hash != "hash-1" {
		t.Fatalf("an expired link changed the password to %q", hash)
	}
}

func TestOneTimeTokenNewerLinkWins(t *testing.T) {
	f := newFixture(t)
	db := f.db
	first, err := db.CreateOneTimeToken(ctx, sys, f.user.ID, sqldb.PurposeReset, time.Hour)
	mustOK(t, err)
	invite, err := db.CreateOneTimeToken(ctx, sys, f.user.ID, sqldb.PurposeInvite, time.Hour)
	mustOK(t, err)
	f.clock.Add(time.Minute)
	second, err := db.CreateOneTimeToken(ctx, sys, f.user.ID, sqldb.PurposeReset, time.Hour)
	mustOK(t, err)

	_, err = db.OneTimeTokenUser(ctx, first, sqldb.PurposeReset)
	wantCode(t, err, tillit.ENOTFOUND)
	_, err = db.UseOneTimeToken(ctx, first, sqldb.PurposeReset, "from-first")
	wantCode(t, err, tillit.ENOTFOUND)
	// A link of another purpose is not affected.
	_, err = db.OneTimeTokenUser(ctx, invite, sqldb.PurposeInvite)
	mustOK(t, err)
	_, err = db.UseOneTimeToken(ctx, second, sqldb.PurposeReset, "from-second")
	mustOK(t, err)
	_, hash, err := db.UserPasswordHash(ctx, "staff@sll.se")
	mustOK(t, err)
	if hash != "from-second" {
		t.Fatalf("hash = %q, want from-second", hash)
	}

	// Another user's link is separate.
	other := createUser(t, db, "other@sll.se", "", tillit.Membership{OrgID: f.region.ID, Role: tillit.RoleStaff})
	theirs, err := db.CreateOneTimeToken(ctx, sys, other.ID, sqldb.PurposeReset, time.Hour)
	mustOK(t, err)
	_, err = db.CreateOneTimeToken(ctx, sys, f.user.ID, sqldb.PurposeReset, time.Hour)
	mustOK(t, err)
	u, err := db.OneTimeTokenUser(ctx, theirs, sqldb.PurposeReset)
	mustOK(t, err)
	if u.ID != other.ID {
		t.Fatalf("link user = %d, want %d", u.ID, other.ID)
	}
}

func TestOneTimeTokenDisabledUser(t *testing.T) {
	f := newFixture(t)
	secret, err := f.db.CreateOneTimeToken(ctx, sys, f.user.ID, sqldb.PurposeReset, time.Hour)
	mustOK(t, err)
	mustOK(t, f.db.UpdateUser(ctx, sys, &tillit.User{ID: f.user.ID, Name: f.user.Name, Disabled: true, Memberships: f.user.Memberships}))
	_, err = f.db.UseOneTimeToken(ctx, secret, sqldb.PurposeReset, "x")
	wantCode(t, err, tillit.ENOTFOUND)
}

// Several requests racing with one link: exactly one sets its password.
func TestOneTimeTokenConcurrentUse(t *testing.T) {
	f := newFixture(t)
	const n = 8
	for round := range 4 {
		secret, err := f.db.CreateOneTimeToken(ctx, sys, f.user.ID, sqldb.PurposeReset, time.Hour)
		mustOK(t, err)
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = f.db.UseOneTimeToken(ctx, secret, sqldb.PurposeReset, fmt.Sprintf("hash-%d-%d", round, i))
			}()
		}
		close(start)
		wg.Wait()
		winner := -1
		for i, err := range errs {
			switch tillit.ErrorCode(err) {
			case "":
				if winner >= 0 {
					t.Fatalf("round %d: the link worked for request %d and %d", round, winner, i)
				}
				winner = i
			case tillit.ENOTFOUND:
			default:
				t.Fatalf("round %d: request %d: %v", round, i, err)
			}
		}
		if winner < 0 {
			t.Fatalf("round %d: the link worked for nobody", round)
		}
		_, hash, err := f.db.UserPasswordHash(ctx, "staff@sll.se")
		mustOK(t, err)
		if want := fmt.Sprintf("hash-%d-%d", round, winner); hash != want {
			t.Fatalf("round %d: hash = %q, want the winner's %q", round, hash, want)
		}
	}
}
