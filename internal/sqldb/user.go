package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/tillit-project/tillit"
)

// userAudit is what the trail records of a user: never the password hash.
type userAudit struct {
	Email       string
	Name        string
	Lang        tillit.Lang
	Disabled    bool
	Memberships []tillit.Membership
}

func auditOfUser(u *tillit.User) userAudit {
	return userAudit{u.Email, u.Name, u.Lang, u.Disabled, u.Memberships}
}

// CreateUser validates and inserts u with its memberships. passwordHash may
// be empty: the user then signs in only after an invitation or reset.
func (db *DB) CreateUser(ctx context.Context, actor tillit.Actor, u *tillit.User, passwordHash string) error {
	err := db.write(ctx, func(tx *Tx) error { return tx.createUser(ctx, actor, u, passwordHash) })
	if err != nil {
		return fmt.Errorf("sqldb.CreateUser: %w", err)
	}
	return nil
}

// createUser is CreateUser within tx (campaigns create supplier users for
// their contacts).
func (tx *Tx) createUser(ctx context.Context, actor tillit.Actor, u *tillit.User, passwordHash string) error {
	u.Email = tillit.NormalizeEmail(u.Email)
	if u.Lang == "" {
		u.Lang = tillit.Swedish
	}
	if err := tx.resolveMemberships(ctx, u.Memberships); err != nil {
		return err
	}
	if err := u.Validate(); err != nil {
		return err
	}
	u.CreatedAt = tx.now
	id, err := tx.insert(ctx, "INSERT INTO users (email, name, lang, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		u.Email, u.Name, u.Lang, passwordHash, u.Disabled, u.CreatedAt)
	if isUniqueViolation(err) {
		return &tillit.Error{Code: tillit.ECONFLICT, Msg: tillit.Msg("A user with the e-mail address %s already exists.", u.Email),
			Fields: map[string]tillit.Message{"email": tillit.Msg("This address is already in use.")}}
	}
	if err != nil {
		return err
	}
	u.ID = id
	if err := tx.insertMemberships(ctx, id, u.Memberships); err != nil {
		return err
	}
	return tx.audit(ctx, actor, "user.create", "user", id, nil, auditOfUser(u))
}

// resolveMemberships fills in the organisation name and kind of each
// membership, so validation can check that the role fits.
func (tx *Tx) resolveMemberships(ctx context.Context, ms []tillit.Membership) error {
	for i := range ms {
		err := tx.queryRow(ctx, "SELECT name, kind FROM organisations WHERE id = ?", ms[i].OrgID).Scan(&ms[i].OrgName, &ms[i].OrgKind)
		if isNoRows(err) {
			return &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The chosen organisation does not exist."),
				Fields: map[string]tillit.Message{"org": tillit.Msg("Choose an organisation from the list.")}}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) insertMemberships(ctx context.Context, userID int64, ms []tillit.Membership) error {
	for _, m := range ms {
		_, err := tx.exec(ctx, "INSERT INTO memberships (user_id, org_id, role) VALUES (?, ?, ?)", userID, m.OrgID, m.Role)
		if isUniqueViolation(err) {
			return tillit.Errorf(tillit.EINVALID, "A person can hold only one role in each organisation.")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

const userColumns = "id, email, name, lang, disabled, created_at"

func scanUser(s interface{ Scan(...any) error }, u *tillit.User) error {
	return s.Scan(&u.ID, &u.Email, &u.Name, &u.Lang, &u.Disabled, &u.CreatedAt)
}

// loadMemberships fills in the memberships of the users, in one query.
func (tx *Tx) loadMemberships(ctx context.Context, users []*tillit.User) error {
	if len(users) == 0 {
		return nil
	}
	byID := make(map[int64]*tillit.User, len(users))
	q := strings.Builder{}
	q.WriteString(`SELECT m.user_id, m.org_id, o.name, o.kind, m.role FROM memberships m
		JOIN organisations o ON o.id = m.org_id WHERE m.user_id IN (`)
	args := make([]any, 0, len(users))
	for i, u := range users {
		byID[u.ID] = u
		u.Memberships = nil
		if i > 0 {
			q.WriteString(",")
		}
		q.WriteString("?")
		args = append(args, u.ID)
	}
	q.WriteString(") ORDER BY m.user_id, o.name")
	rows, err := tx.query(ctx, q.String(), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var uid int64
		var m tillit.Membership
		if err := rows.Scan(&uid, &m.OrgID, &m.OrgName, &m.OrgKind, &m.Role); err != nil {
			return err
		}
		byID[uid].Memberships = append(byID[uid].Memberships, m)
	}
	return rows.Err()
}

func (tx *Tx) findUser(ctx context.Context, where string, arg any) (*tillit.User, error) {
	var u tillit.User
	err := scanUser(tx.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE "+where, arg), &u)
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "User not found.")
	}
	if err != nil {
		return nil, err
	}
	if err := tx.loadMemberships(ctx, []*tillit.User{&u}); err != nil {
		return nil, err
	}
	return &u, nil
}

// FindUserByID returns a user with memberships, or ENOTFOUND.
func (db *DB) FindUserByID(ctx context.Context, id int64) (*tillit.User, error) {
	var u *tillit.User
	err := db.read(ctx, func(tx *Tx) (err error) { u, err = tx.findUser(ctx, "id = ?", id); return err })
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindUserByID: %w", err)
	}
	return u, nil
}

// FindUserByEmail returns a user with memberships, or ENOTFOUND.
func (db *DB) FindUserByEmail(ctx context.Context, email string) (*tillit.User, error) {
	var u *tillit.User
	err := db.read(ctx, func(tx *Tx) (err error) {
		u, err = tx.findUser(ctx, "email = ?", tillit.NormalizeEmail(email))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindUserByEmail: %w", err)
	}
	return u, nil
}

// UserPasswordHash returns the active user with that e-mail and their
// password hash, for sign-in. Disabled users are not found.
func (db *DB) UserPasswordHash(ctx context.Context, email string) (*tillit.User, string, error) {
	var u *tillit.User
	var hash string
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if u, err = tx.findUser(ctx, "email = ? AND disabled = FALSE", tillit.NormalizeEmail(email)); err != nil {
			return err
		}
		return tx.queryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", u.ID).Scan(&hash)
	})
	if err != nil {
		return nil, "", fmt.Errorf("sqldb.UserPasswordHash: %w", err)
	}
	return u, hash, nil
}

// FindUsers returns every user with memberships, ordered by name.
func (db *DB) FindUsers(ctx context.Context) ([]*tillit.User, error) {
	var out []*tillit.User
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT "+userColumns+" FROM users ORDER BY name, email")
		if err != nil {
			return err
		}
		for rows.Next() {
			u := new(tillit.User)
			if err := scanUser(rows, u); err != nil {
				rows.Close()
				return err
			}
			out = append(out, u)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.loadMemberships(ctx, out)
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindUsers: %w", err)
	}
	return out, nil
}

// UpdateUser saves name, language, disabled flag and memberships. Disabling
// a user ends their sessions and revokes nothing else: their API tokens stop
// working because token lookup checks the user.
func (db *DB) UpdateUser(ctx context.Context, actor tillit.Actor, u *tillit.User) error {
	if u.Lang == "" {
		u.Lang = tillit.Swedish
	}
	err := db.write(ctx, func(tx *Tx) error {
		if tx.dialect == Postgres {
			// Lock the row first so the audit's "before" is the state this
			// update replaces, not one a concurrent update already changed.
			if _, err := tx.exec(ctx, "SELECT id FROM users WHERE id = ? FOR UPDATE", u.ID); err != nil {
				return err
			}
		}
		before, err := tx.findUser(ctx, "id = ?", u.ID)
		if err != nil {
			return err
		}
		u.Email = before.Email
		u.CreatedAt = before.CreatedAt
		if err := tx.resolveMemberships(ctx, u.Memberships); err != nil {
			return err
		}
		if err := u.Validate(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE users SET name = ?, lang = ?, disabled = ? WHERE id = ?", u.Name, u.Lang, u.Disabled, u.ID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM memberships WHERE user_id = ?", u.ID); err != nil {
			return err
		}
		if err := tx.insertMemberships(ctx, u.ID, u.Memberships); err != nil {
			return err
		}
		if u.Disabled {
			if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", u.ID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, "user.update", "user", u.ID, auditOfUser(before), auditOfUser(u))
	})
	if err != nil {
		return fmt.Errorf("sqldb.UpdateUser: %w", err)
	}
	return nil
}

// SetUserLang changes a user's interface language.
func (db *DB) SetUserLang(ctx context.Context, actor tillit.Actor, userID int64, lang tillit.Lang) error {
	if !lang.Valid() {
		return tillit.Errorf(tillit.EINVALID, "Choose Swedish or English.")
	}
	err := db.write(ctx, func(tx *Tx) error {
		var old tillit.Lang
		if err := tx.queryRow(ctx, "SELECT lang FROM users WHERE id = ?", userID).Scan(&old); err != nil {
			if isNoRows(err) {
				return tillit.Errorf(tillit.ENOTFOUND, "User not found.")
			}
			return err
		}
		if old == lang {
			return nil
		}
		if _, err := tx.exec(ctx, "UPDATE users SET lang = ? WHERE id = ?", lang, userID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "user.lang", "user", userID, map[string]any{"lang": old}, map[string]any{"lang": lang})
	})
	if err != nil {
		return fmt.Errorf("sqldb.SetUserLang: %w", err)
	}
	return nil
}

// SetPassword stores a new hash and ends every session of the user, so a
// changed password locks out whoever knew the old one. keepSession, when
// not empty, is the secret of the session that made the change and survives.
func (db *DB) SetPassword(ctx context.Context, actor tillit.Actor, userID int64, hash, keepSession string) error {
	err := db.write(ctx, func(tx *Tx) error { return tx.setPassword(ctx, actor, userID, hash, keepSession) })
	if err != nil {
		return fmt.Errorf("sqldb.SetPassword: %w", err)
	}
	return nil
}

func (tx *Tx) setPassword(ctx context.Context, actor tillit.Actor, userID int64, hash, keepSession string) error {
	res, err := tx.exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return tillit.Errorf(tillit.ENOTFOUND, "User not found.")
	}
	if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?", userID, secretHash(keepSession)); err != nil {
		return err
	}
	return tx.audit(ctx, actor, "user.password", "user", userID, nil, nil)
}

// UserName is a user's id and name, for pages that only name people.
type UserName struct {
	ID   int64
	Name string
}

// FindAuditors lists the enabled users who hold the auditor role in some
// organisation, by name: those an audit may be assigned to. Pages that
// need only them must not read every user (thousands at EU scale).
func (db *DB) FindAuditors(ctx context.Context) ([]UserName, error) {
	var out []UserName
	err := db.read(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, `SELECT u.id, u.name FROM users u
			WHERE u.disabled = FALSE AND EXISTS (
				SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.role = 'auditor')
			ORDER BY u.name, u.email`, nil, scanUserName)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindAuditors: %w", err)
	}
	return out, nil
}

// FindUserNames returns the names of the users with the given ids, disabled
// ones included (a page names who did something, whatever they are now).
func (db *DB) FindUserNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	err := db.read(ctx, func(tx *Tx) error {
		names, err := collect(ctx, tx, "SELECT id, name FROM users WHERE id IN ("+placeholders(len(ids))+")",
			args, scanUserName)
		for _, n := range names {
			out[n.ID] = n.Name
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindUserNames: %w", err)
	}
	return out, nil
}

func scanUserName(rows *sql.Rows) (UserName, error) {
	var n UserName
	return n, rows.Scan(&n.ID, &n.Name)
}
