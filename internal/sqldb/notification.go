package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
)

// Notification is a notice in a user's inbox about a follow-up.
type Notification struct {
	ID         int64
	UserID     int64
	FollowUpID int64
	EventType  tillit.EventType
	Supplier   string
	CreatedAt  time.Time
	ReadAt     time.Time
}

// FindNotifications returns the user's newest notices.
func (db *DB) FindNotifications(ctx context.Context, userID int64, limit int) ([]Notification, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var out []Notification
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT id, user_id, followup_id, event_type, text, created_at, read_at FROM notifications
			WHERE user_id = ? ORDER BY id DESC LIMIT ?`, userID, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n Notification
			var read *time.Time
			if err := rows.Scan(&n.ID, &n.UserID, &n.FollowUpID, &n.EventType, &n.Supplier, &n.CreatedAt, &read); err != nil {
				return err
			}
			if read != nil {
				n.ReadAt = *read
			}
			out = append(out, n)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindNotifications: %w", err)
	}
	return out, nil
}

// UnreadNotifications counts the user's unread notices.
func (db *DB) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := db.read(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", userID).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("sqldb.UnreadNotifications: %w", err)
	}
	return n, nil
}

// MarkNotificationsRead marks all of the user's notices read.
func (db *DB) MarkNotificationsRead(ctx context.Context, userID int64) error {
	err := db.write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL", tx.now, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqldb.MarkNotificationsRead: %w", err)
	}
	return nil
}

// NoticeMail is a notice to send by e-mail, with its recipient.
type NoticeMail struct {
	Notification
	Email string
	Name  string
	Lang  tillit.Lang
}

// maxMailAttempts bounds retries of a notice that keeps failing.
const maxMailAttempts = 5

// maxMailAge: a notice older than this is not mailed any more (it stays in
// the inbox). News a week late is noise, and it keeps a restored backup or
// the demo's historical notices from flooding inboxes at start-up.
const maxMailAge = 7 * 24 * time.Hour

// LeaseNoticeMails takes up to n unsent notices for lease: other workers
// (other instances) skip them until the lease runs out, so no mail is sent
// twice while one worker is busy; an unacknowledged lease is retried.
func (db *DB) LeaseNoticeMails(ctx context.Context, n int, lease time.Duration) ([]NoticeMail, error) {
	var out []NoticeMail
	err := db.write(ctx, func(tx *Tx) error {
		skip := ""
		if tx.dialect == Postgres {
			skip = " FOR UPDATE SKIP LOCKED"
		}
		rows, err := tx.query(ctx, `SELECT n.id, n.user_id, n.followup_id, n.event_type, n.text, n.created_at, u.email, u.name, u.lang
			FROM notifications n JOIN users u ON u.id = n.user_id
			WHERE n.mailed_at IS NULL AND (n.mail_leased_until IS NULL OR n.mail_leased_until < ?) AND n.mail_attempts < ?
			AND n.created_at >= ?
			ORDER BY n.id LIMIT ?`+skip, tx.now, maxMailAttempts, tx.now.Add(-maxMailAge), n)
		if err != nil {
			return err
		}
		for rows.Next() {
			var m NoticeMail
			if err := rows.Scan(&m.ID, &m.UserID, &m.FollowUpID, &m.EventType, &m.Supplier, &m.CreatedAt, &m.Email, &m.Name, &m.Lang); err != nil {
				rows.Close()
				return err
			}
			out = append(out, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, m := range out {
			if _, err := tx.exec(ctx, "UPDATE notifications SET mail_leased_until = ?, mail_attempts = mail_attempts + 1 WHERE id = ?", tx.now.Add(lease), m.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.LeaseNoticeMails: %w", err)
	}
	return out, nil
}

// MarkNoticeMailed records that the notice's mail was sent.
func (db *DB) MarkNoticeMailed(ctx context.Context, id int64) error {
	err := db.write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE notifications SET mailed_at = ?, mail_leased_until = NULL WHERE id = ?", tx.now, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqldb.MarkNoticeMailed: %w", err)
	}
	return nil
}
