package sqldb

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
)

// apiTokenPrefix marks tillit tokens so secret scanners can find leaked ones.
const apiTokenPrefix = "tillit_"

// CreateAPIToken makes a bearer token for the user and returns the secret,
// which is shown once and stored only as a hash.
func (db *DB) CreateAPIToken(ctx context.Context, actor tillit.Actor, userID int64, name string) (string, *tillit.APIToken, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", nil, &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("Give the token a name, so you can tell it apart later."),
			Fields: map[string]tillit.Message{"name": tillit.Msg("Enter a name, for example the script that will use it.")}}
	}
	if len(name) > 100 {
		return "", nil, &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The name is too long."),
			Fields: map[string]tillit.Message{"name": tillit.Msg("Use at most 100 characters.")}}
	}
	secret := apiTokenPrefix + rand.Text()
	t := &tillit.APIToken{UserID: userID, Name: name, Prefix: secret[:len(apiTokenPrefix)+6]}
	err := db.write(ctx, func(tx *Tx) error {
		if _, err := tx.findUser(ctx, "id = ?", userID); err != nil {
			return err
		}
		t.CreatedAt = tx.now
		id, err := tx.insert(ctx, "INSERT INTO api_tokens (user_id, name, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?)",
			userID, name, t.Prefix, secretHash(secret), t.CreatedAt)
		if err != nil {
			return err
		}
		t.ID = id
		return tx.audit(ctx, actor, "token.create", "api_token", id, nil, t)
	})
	if err != nil {
		return "", nil, fmt.Errorf("sqldb.CreateAPIToken: %w", err)
	}
	return secret, t, nil
}

// APITokenUser returns the active user behind a bearer token, or
// EUNAUTHORIZED for an unknown, revoked or disabled one.
func (db *DB) APITokenUser(ctx context.Context, secret string) (*tillit.User, error) {
	unauthorized := tillit.Errorf(tillit.EUNAUTHORIZED, "The API token is not valid. Create a new one under your account.")
	if !strings.HasPrefix(secret, apiTokenPrefix) {
		return nil, unauthorized
	}
	var u *tillit.User
	var tokenID int64
	var lastUsed *time.Time
	err := db.read(ctx, func(tx *Tx) error {
		var userID int64
		err := tx.queryRow(ctx, "SELECT id, user_id, last_used_at FROM api_tokens WHERE hash = ? AND revoked_at IS NULL", secretHash(secret)).Scan(&tokenID, &userID, &lastUsed)
		if isNoRows(err) {
			return unauthorized
		}
		if err != nil {
			return err
		}
		u, err = tx.findUser(ctx, "id = ? AND disabled = FALSE", userID)
		if tillit.ErrorCode(err) == tillit.ENOTFOUND {
			return unauthorized
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.APITokenUser: %w", err)
	}
	if lastUsed == nil || db.now().Sub(*lastUsed) > touchEvery {
		if err := db.write(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", tx.now, tokenID)
			return err
		}); err != nil {
			return nil, fmt.Errorf("sqldb.APITokenUser: %w", err)
		}
	}
	return u, nil
}

// FindAPITokens lists a user's tokens, newest first, revoked ones included.
func (db *DB) FindAPITokens(ctx context.Context, userID int64) ([]tillit.APIToken, error) {
	var out []tillit.APIToken
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id DESC", userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t tillit.APIToken
			var used, revoked *time.Time
			if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.CreatedAt, &used, &revoked); err != nil {
				return err
			}
			if used != nil {
				t.LastUsedAt = *used
			}
			if revoked != nil {
				t.RevokedAt = *revoked
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindAPITokens: %w", err)
	}
	return out, nil
}

// RevokeAPIToken revokes one of the user's tokens. A token of another user
// is reported as not found, so ids reveal nothing.
func (db *DB) RevokeAPIToken(ctx context.Context, actor tillit.Actor, userID, tokenID int64) error {
	err := db.write(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL", tx.now, tokenID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tillit.Errorf(tillit.ENOTFOUND, "Token %d not found, or already revoked.", tokenID)
		}
		return tx.audit(ctx, actor, "token.revoke", "api_token", tokenID, nil, nil)
	})
	if err != nil {
		return fmt.Errorf("sqldb.RevokeAPIToken: %w", err)
	}
	return nil
}

// One-time link purposes.
const (
	PurposeReset  = "reset"
	PurposeInvite = "invite"
)

// CreateOneTimeToken makes a single-use secret for a password reset or an
// invitation. Earlier unused links of the same purpose stop working, so only
// the newest mail is valid.
func (db *DB) CreateOneTimeToken(ctx context.Context, actor tillit.Actor, userID int64, purpose string, ttl time.Duration) (string, error) {
	secret := rand.Text()
	err := db.write(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "UPDATE one_time_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL", tx.now, userID, purpose); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "INSERT INTO one_time_tokens (hash, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
			secretHash(secret), userID, purpose, tx.now, tx.now.Add(ttl)); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "user."+purpose+"_link", "user", userID, nil, map[string]any{"expires_at": tx.now.Add(ttl)})
	})
	if err != nil {
		return "", fmt.Errorf("sqldb.CreateOneTimeToken: %w", err)
	}
	return secret, nil
}

func (tx *Tx) oneTimeTokenUser(ctx context.Context, secret, purpose string) (*tillit.User, error) {
	var userID int64
	var expires time.Time
	err := tx.queryRow(ctx, "SELECT user_id, expires_at FROM one_time_tokens WHERE hash = ? AND purpose = ? AND used_at IS NULL",
		secretHash(secret), purpose).Scan(&userID, &expires)
	if isNoRows(err) || err == nil && !tx.now.Before(expires) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "This link has already been used or has expired. Ask for a new one.")
	}
	if err != nil {
		return nil, err
	}
	return tx.findUser(ctx, "id = ? AND disabled = FALSE", userID)
}

// OneTimeTokenUser returns the user a link is for, without using it up.
func (db *DB) OneTimeTokenUser(ctx context.Context, secret, purpose string) (*tillit.User, error) {
	var u *tillit.User
	err := db.read(ctx, func(tx *Tx) (err error) { u, err = tx.oneTimeTokenUser(ctx, secret, purpose); return err })
	if err != nil {
		return nil, fmt.Errorf("sqldb.OneTimeTokenUser: %w", err)
	}
	return u, nil
}

// UseOneTimeToken spends the link and sets the password in one
// transaction, so a link works exactly once.
func (db *DB) UseOneTimeToken(ctx context.Context, secret, purpose, passwordHash string) (*tillit.User, error) {
	var u *tillit.User
	err := db.write(ctx, func(tx *Tx) error {
		var err error
		if u, err = tx.oneTimeTokenUser(ctx, secret, purpose); err != nil {
			return err
		}
		// Claim the link only if still unused: on PostgreSQL a concurrent
		// request may have spent it since the read above, and this UPDATE,
		// after waiting for that one, then matches no row.
		res, err := tx.exec(ctx, "UPDATE one_time_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL", tx.now, secretHash(secret))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return tillit.Errorf(tillit.ENOTFOUND, "This link has already been used or has expired. Ask for a new one.")
		}
		return tx.setPassword(ctx, tillit.ActorOf(u), u.ID, passwordHash, "")
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.UseOneTimeToken: %w", err)
	}
	return u, nil
}
