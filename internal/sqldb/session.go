package sqldb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
)

// secretHash is how every bearer secret (session cookie, API token,
// one-time link) is stored: a leaked database holds no usable secret.
// The secrets are 128 random bits, so a plain SHA-256 is enough.
func secretHash(secret string) string {
	if secret == "" {
		return ""
	}
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// SessionPolicy bounds how long a session lives.
type SessionPolicy struct {
	Idle     time.Duration // ends after this long without a request
	Absolute time.Duration // ends this long after sign-in, whatever happens
}

// CreateSession starts a session for the user and returns the secret for
// the cookie. The sign-in is recorded in the audit trail.
func (db *DB) CreateSession(ctx context.Context, userID int64, ip, userAgent string) (string, error) {
	secret := rand.Text()
	err := db.write(ctx, func(tx *Tx) error {
		u, err := tx.findUser(ctx, "id = ?", userID)
		if err != nil {
			return err
		}
		if len(userAgent) > 300 {
			userAgent = userAgent[:300]
		}
		// PostgreSQL refuses invalid UTF-8, which the header may hold or the
		// cut above may leave; drop the offending bytes.
		userAgent = strings.ToValidUTF8(userAgent, "")
		if _, err := tx.exec(ctx, "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?)",
			secretHash(secret), userID, tx.now, tx.now, ip, userAgent); err != nil {
			return err
		}
		return tx.audit(ctx, tillit.ActorOf(u), "user.signin", "user", userID, nil, map[string]string{"ip": ip})
	})
	if err != nil {
		return "", fmt.Errorf("sqldb.CreateSession: %w", err)
	}
	return secret, nil
}

// touchEvery limits how often a request writes last_seen_at: the idle
// limit is measured in tens of minutes, so a minute of slack is harmless
// and saves a write on almost every request.
const touchEvery = time.Minute

// SessionUser returns the user of a live session. An expired session is
// deleted and reported as EUNAUTHORIZED, like an unknown one.
func (db *DB) SessionUser(ctx context.Context, secret string, p SessionPolicy) (*tillit.User, error) {
	if secret == "" {
		return nil, tillit.Errorf(tillit.EUNAUTHORIZED, "Sign in to continue.")
	}
	id := secretHash(secret)
	var u *tillit.User
	var created, seen time.Time
	now := db.now()
	err := db.read(ctx, func(tx *Tx) error {
		var userID int64
		err := tx.queryRow(ctx, "SELECT user_id, created_at, last_seen_at FROM sessions WHERE id_hash = ?", id).Scan(&userID, &created, &seen)
		if isNoRows(err) {
			return tillit.Errorf(tillit.EUNAUTHORIZED, "Your session has ended. Sign in again.")
		}
		if err != nil {
			return err
		}
		u, err = tx.findUser(ctx, "id = ? AND disabled = FALSE", userID)
		if tillit.ErrorCode(err) == tillit.ENOTFOUND {
			return tillit.Errorf(tillit.EUNAUTHORIZED, "Your session has ended. Sign in again.")
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.SessionUser: %w", err)
	}
	if now.Sub(seen) > p.Idle || now.Sub(created) > p.Absolute {
		if err := db.write(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, "DELETE FROM sessions WHERE id_hash = ?", id)
			return err
		}); err != nil {
			return nil, fmt.Errorf("sqldb.SessionUser: %w", err)
		}
		return nil, tillit.Errorf(tillit.EUNAUTHORIZED, "Your session has ended. Sign in again.")
	}
	if now.Sub(seen) > touchEvery {
		if err := db.write(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", tx.now, id)
			return err
		}); err != nil {
			return nil, fmt.Errorf("sqldb.SessionUser: %w", err)
		}
	}
	return u, nil
}

// DeleteSession ends a session (sign-out). Ending an unknown session is not
// an error: the result is the same.
func (db *DB) DeleteSession(ctx context.Context, secret string) error {
	err := db.write(ctx, func(tx *Tx) error {
		var userID int64
		err := tx.queryRow(ctx, "SELECT user_id FROM sessions WHERE id_hash = ?", secretHash(secret)).Scan(&userID)
		if isNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE id_hash = ?", secretHash(secret)); err != nil {
			return err
		}
		u, err := tx.findUser(ctx, "id = ?", userID)
		if err != nil {
			return err
		}
		return tx.audit(ctx, tillit.ActorOf(u), "user.signout", "user", userID, nil, nil)
	})
	if err != nil {
		return fmt.Errorf("sqldb.DeleteSession: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past either limit; a background
// job calls it so the table does not grow with abandoned browsers.
func (db *DB) DeleteExpiredSessions(ctx context.Context, p SessionPolicy) (int64, error) {
	var n int64
	err := db.write(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?", tx.now.Add(-p.Idle), tx.now.Add(-p.Absolute))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sqldb.DeleteExpiredSessions: %w", err)
	}
	return n, nil
}
