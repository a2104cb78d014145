package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
)

// The newsletter: subscribers with double opt-in, issues made of published
// news, and one delivery row per issue and subscriber that the mail
// worker leases, sends and marks. Subscribers are members of the public:
// the audit trail records that something happened to subscriber N, never
// the address, so that deleting a subscriber (GDPR) leaves nothing behind
// in the append-only trail.

// Limits of the newsletter.
const (
	// ConfirmValidity is how long a confirmation link works; pending
	// addresses older than this are deleted.
	ConfirmValidity = 7 * 24 * time.Hour
	// confirmResendAfter: asking again within this time sends no new mail.
	confirmResendAfter = 10 * time.Minute
	// AccessValidity is how long a link to one's own data works.
	AccessValidity = time.Hour
	// MaxBounces: an address that bounced this often gets no more mail.
	MaxBounces = 3
	// maxDeliveryAttempts bounds retries of a delivery that keeps failing
	// for a temporary reason.
	maxDeliveryAttempts = 5
)

// publicActor is who the audit trail says acted for a visitor.
var publicActor = tillit.SystemActor("public site")

// Subscriber is an address on the newsletter list.
type Subscriber struct {
	ID          int64
	Email       string
	Lang        tillit.Lang
	Confirmed   bool
	Bounces     int
	CreatedAt   time.Time
	ConfirmedAt time.Time
}

const subscriberColumns = "id, email, lang, status, bounces, created_at, confirmed_at"

func scanSubscriber(s interface{ Scan(...any) error }, sub *Subscriber) error {
	var status string
	var confirmed *time.Time
	if err := s.Scan(&sub.ID, &sub.Email, &sub.Lang, &status, &sub.Bounces, &sub.CreatedAt, &confirmed); err != nil {
		return err
	}
	sub.Confirmed = status == "confirmed"
	if confirmed != nil {
		sub.ConfirmedAt = *confirmed
	}
	return nil
}

// Subscribe records a request to subscribe email and returns the secret
// for the confirmation link, or "" when no mail should be sent: the
// address is confirmed already, or a link went to it moments ago. The
// caller says the same to the visitor either way, so the form does not
// tell who subscribes.
func (db *DB) Subscribe(ctx context.Context, email string, lang tillit.Lang) (string, error) {
	if !lang.Valid() {
		lang = tillit.Swedish
	}
	secret := rand.Text()
	send := false
	err := db.write(ctx, func(tx *Tx) error {
		var id int64
		var status string
		var sent *time.Time
		err := tx.queryRow(ctx, "SELECT id, status, confirm_sent_at FROM subscribers WHERE email = ?", email).Scan(&id, &status, &sent)
		switch {
		case isNoRows(err):
			id, err = tx.insert(ctx, "INSERT INTO subscribers (email, lang, status, confirm_hash, confirm_sent_at, created_at) VALUES (?, ?, 'pending', ?, ?, ?)",
				email, lang, secretHash(secret), tx.now, tx.now)
			if err != nil {
				return err
			}
			send = true
			return tx.audit(ctx, publicActor, "subscriber.create", "subscriber", id, nil, nil)
		case err != nil:
			return err
		case status == "confirmed":
			return nil
		case sent != nil && tx.now.Sub(*sent) < confirmResendAfter:
			return nil
		}
		if _, err := tx.exec(ctx, "UPDATE subscribers SET confirm_hash = ?, confirm_sent_at = ?, lang = ? WHERE id = ?", secretHash(secret), tx.now, lang, id); err != nil {
			return err
		}
		send = true
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("sqldb.Subscribe: %w", err)
	}
	if !send {
		return "", nil
	}
	return secret, nil
}

// errLinkInvalid is what every stale, used or unknown link gets.
func errLinkInvalid() error {
	return tillit.Errorf(tillit.ENOTFOUND, "The link is not valid any more. It may have been used already or be too old.")
}

// PendingSubscriber returns the address a confirmation link is for, so the
// page can show it before the visitor confirms.
func (db *DB) PendingSubscriber(ctx context.Context, secret string) (*Subscriber, error) {
	var sub Subscriber
	err := db.read(ctx, func(tx *Tx) error {
		err := scanSubscriber(tx.queryRow(ctx, "SELECT "+subscriberColumns+" FROM subscribers WHERE confirm_hash = ? AND status = 'pending' AND confirm_sent_at > ?",
			secretHash(secret), tx.now.Add(-ConfirmValidity)), &sub)
		if isNoRows(err) {
			return errLinkInvalid()
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.PendingSubscriber: %w", err)
	}
	return &sub, nil
}

// ConfirmSubscriber confirms the address the link was sent to.
func (db *DB) ConfirmSubscriber(ctx context.Context, secret string) (*Subscriber, error) {
	var sub Subscriber
	err := db.write(ctx, func(tx *Tx) error {
		err := scanSubscriber(tx.queryRow(ctx, "SELECT "+subscriberColumns+" FROM subscribers WHERE confirm_hash = ? AND status = 'pending' AND confirm_sent_at > ?",
			secretHash(secret), tx.now.Add(-ConfirmValidity)), &sub)
		if isNoRows(err) {
			return errLinkInvalid()
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE subscribers SET status = 'confirmed', confirm_hash = NULL, confirmed_at = ? WHERE id = ?", tx.now, sub.ID); err != nil {
			return err
		}
		sub.Confirmed, sub.ConfirmedAt = true, tx.now
		return tx.audit(ctx, publicActor, "subscriber.confirm", "subscriber", sub.ID, nil, nil)
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.ConfirmSubscriber: %w", err)
	}
	return &sub, nil
}

// DeliverySubscriber returns the subscriber that the unsubscribe secret
// of one sent newsletter belongs to.
func (db *DB) DeliverySubscriber(ctx context.Context, secret string) (*Subscriber, error) {
	var sub Subscriber
	err := db.read(ctx, func(tx *Tx) error {
		err := scanSubscriber(tx.queryRow(ctx, "SELECT s.id, s.email, s.lang, s.status, s.bounces, s.created_at, s.confirmed_at"+
			" FROM newsletter_deliveries d JOIN subscribers s ON s.id = d.subscriber_id WHERE d.token_hash = ?", secretHash(secret)), &sub)
		if isNoRows(err) {
			return errLinkInvalid()
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.DeliverySubscriber: %w", err)
	}
	return &sub, nil
}

// Unsubscribe removes the address behind the unsubscribe secret of a sent
// newsletter. Removing means deleting: see DeleteSubscriber.
func (db *DB) Unsubscribe(ctx context.Context, secret string) error {
	err := db.write(ctx, func(tx *Tx) error {
		var id int64
		err := tx.queryRow(ctx, "SELECT subscriber_id FROM newsletter_deliveries WHERE token_hash = ? AND subscriber_id IS NOT NULL", secretHash(secret)).Scan(&id)
		if isNoRows(err) {
			return errLinkInvalid()
		}
		if err != nil {
			return err
		}
		return tx.deleteSubscriber(ctx, publicActor, id, "subscriber.unsubscribe")
	})
	if err != nil {
		return fmt.Errorf("sqldb.Unsubscribe: %w", err)
	}
	return nil
}

// DeleteSubscriber deletes a subscriber and every trace of the address:
// mail not yet sent to it is cancelled, and the record of what was sent
// keeps only the counts.
func (db *DB) DeleteSubscriber(ctx context.Context, actor tillit.Actor, id int64) error {
	err := db.write(ctx, func(tx *Tx) error { return tx.deleteSubscriber(ctx, actor, id, "subscriber.delete") })
	if err != nil {
		return fmt.Errorf("sqldb.DeleteSubscriber: %w", err)
	}
	return nil
}

func (tx *Tx) deleteSubscriber(ctx context.Context, actor tillit.Actor, id int64, action string) error {
	if _, err := tx.exec(ctx, "DELETE FROM newsletter_deliveries WHERE subscriber_id = ? AND status = 'queued'", id); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, "UPDATE newsletter_deliveries SET subscriber_id = NULL, token_hash = NULL, error = '' WHERE subscriber_id = ?", id); err != nil {
		return err
	}
	res, err := tx.exec(ctx, "DELETE FROM subscribers WHERE id = ?", id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return tillit.Errorf(tillit.ENOTFOUND, "The subscriber was not found.")
	}
	return tx.audit(ctx, actor, action, "subscriber", id, nil, nil)
}

// RequestSubscriberAccess makes a link for the owner of email to see,
// download and delete what is stored about them. It returns "" when the
// address is not on the list; the caller answers the same either way.
func (db *DB) RequestSubscriberAccess(ctx context.Context, email string) (string, *Subscriber, error) {
	secret := rand.Text()
	var sub *Subscriber
	err := db.write(ctx, func(tx *Tx) error {
		var s Subscriber
		err := scanSubscriber(tx.queryRow(ctx, "SELECT "+subscriberColumns+" FROM subscribers WHERE email = ?", email), &s)
		if isNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		sub = &s
		_, err = tx.exec(ctx, "UPDATE subscribers SET access_hash = ?, access_until = ? WHERE id = ?", secretHash(secret), tx.now.Add(AccessValidity), s.ID)
		return err
	})
	if err != nil {
		return "", nil, fmt.Errorf("sqldb.RequestSubscriberAccess: %w", err)
	}
	if sub == nil {
		return "", nil, nil
	}
	return secret, sub, nil
}

// SubscriberData is everything stored about a subscriber, for the export
// the address owner may ask for.
type SubscriberData struct {
	Subscriber
	Deliveries []DeliveryRecord
}

// DeliveryRecord is one newsletter sent (or tried) to a subscriber.
type DeliveryRecord struct {
	IssueID int64
	Subject string
	Status  string
	SentAt  time.Time
}

// SubscriberByAccess returns the data of the subscriber whose access link
// this is.
func (db *DB) SubscriberByAccess(ctx context.Context, secret string) (*SubscriberData, error) {
	var d SubscriberData
	err := db.read(ctx, func(tx *Tx) error {
		err := scanSubscriber(tx.queryRow(ctx, "SELECT "+subscriberColumns+" FROM subscribers WHERE access_hash = ? AND access_until > ?", secretHash(secret), tx.now), &d.Subscriber)
		if isNoRows(err) {
			return errLinkInvalid()
		}
		if err != nil {
			return err
		}
		d.Deliveries, err = tx.deliveryRecords(ctx, d.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.SubscriberByAccess: %w", err)
	}
	return &d, nil
}

func (tx *Tx) deliveryRecords(ctx context.Context, subscriberID int64) ([]DeliveryRecord, error) {
	return collect(ctx, tx, `SELECT d.issue_id, i.subject_sv, d.status, d.sent_at FROM newsletter_deliveries d
		JOIN newsletter_issues i ON i.id = d.issue_id WHERE d.subscriber_id = ? ORDER BY d.id`, []any{subscriberID},
		func(rows *sql.Rows) (DeliveryRecord, error) {
			var r DeliveryRecord
			var sent *time.Time
			err := rows.Scan(&r.IssueID, &r.Subject, &r.Status, &sent)
			if sent != nil {
				r.SentAt = *sent
			}
			return r, err
		})
}

// DeleteSubscriberByAccess deletes the subscriber whose access link this is.
func (db *DB) DeleteSubscriberByAccess(ctx context.Context, secret string) error {
	err := db.write(ctx, func(tx *Tx) error {
		var id int64
		err := tx.queryRow(ctx, "SELECT id FROM subscribers WHERE access_hash = ? AND access_until > ?", secretHash(secret), tx.now).Scan(&id)
		if isNoRows(err) {
			return errLinkInvalid()
		}
		if err != nil {
			return err
		}
		return tx.deleteSubscriber(ctx, publicActor, id, "subscriber.erase")
	})
	if err != nil {
		return fmt.Errorf("sqldb.DeleteSubscriberByAccess: %w", err)
	}
	return nil
}

// FindSubscriber returns the subscriber with the address, for the editor
// answering a request that came by mail or phone.
func (db *DB) FindSubscriber(ctx context.Context, email string) (*SubscriberData, error) {
	var d SubscriberData
	err := db.read(ctx, func(tx *Tx) error {
		err := scanSubscriber(tx.queryRow(ctx, "SELECT "+subscriberColumns+" FROM subscribers WHERE email = ?", email), &d.Subscriber)
		if isNoRows(err) {
			return tillit.Errorf(tillit.ENOTFOUND, "No subscriber has this address.")
		}
		if err != nil {
			return err
		}
		d.Deliveries, err = tx.deliveryRecords(ctx, d.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindSubscriber: %w", err)
	}
	return &d, nil
}

// SubscriberCounts returns how many addresses are pending and confirmed.
func (db *DB) SubscriberCounts(ctx context.Context) (pending, confirmed int, err error) {
	err = db.read(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), 0) FROM subscribers").Scan(&pending, &confirmed)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("sqldb.SubscriberCounts: %w", err)
	}
	return pending, confirmed, nil
}

// PruneSubscribers deletes pending addresses whose link has run out and
// forgets old form requests. It returns how many addresses it deleted.
func (db *DB) PruneSubscribers(ctx context.Context) (int, error) {
	n := 0
	err := db.write(ctx, func(tx *Tx) error {
		ids, err := collect(ctx, tx, "SELECT id FROM subscribers WHERE status = 'pending' AND confirm_sent_at < ?", []any{tx.now.Add(-ConfirmValidity)},
			func(rows *sql.Rows) (int64, error) {
				var id int64
				return id, rows.Scan(&id)
			})
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := tx.deleteSubscriber(ctx, publicActor, id, "subscriber.expire"); err != nil {
				return err
			}
		}
		n = len(ids)
		_, err = tx.exec(ctx, "DELETE FROM site_requests WHERE at < ?", tx.now.Add(-24*time.Hour))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sqldb.PruneSubscribers: %w", err)
	}
	return n, nil
}

// CountSiteRequest records a request from a public form under each key
// and returns the largest number of requests any of the keys made within
// window, this one included.
func (db *DB) CountSiteRequest(ctx context.Context, window time.Duration, keys ...string) (int, error) {
	most := 0
	err := db.write(ctx, func(tx *Tx) error {
		for _, k := range keys {
			if _, err := tx.exec(ctx, "INSERT INTO site_requests (key, at) VALUES (?, ?)", k, tx.now); err != nil {
				return err
			}
			var n int
			if err := tx.queryRow(ctx, "SELECT count(*) FROM site_requests WHERE key = ? AND at > ?", k, tx.now.Add(-window)).Scan(&n); err != nil {
				return err
			}
			most = max(most, n)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("sqldb.CountSiteRequest: %w", err)
	}
	return most, nil
}

// ---- Issues and deliveries

// IssueRow is an issue with its delivery counts.
type IssueRow struct {
	tillit.NewsletterIssue
	Queued, Sent, Failed, Bounced int
}

// SaveNewsletterIssue creates (ID 0) or changes an issue that is not yet
// being sent. Its news items must be published.
func (db *DB) SaveNewsletterIssue(ctx context.Context, actor tillit.Actor, n *tillit.NewsletterIssue) error {
	if err := n.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		for _, id := range n.NewsIDs {
			var status string
			err := tx.queryRow(ctx, "SELECT status FROM news WHERE id = ? AND publish_at <= ?", id, tx.now).Scan(&status)
			if err != nil && !isNoRows(err) {
				return err
			}
			if isNoRows(err) || status != string(tillit.NewsPublished) {
				m := tillit.Msg("Choose published news items only.")
				return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"news": m}}
			}
		}
		var before any
		action := "newsletter.update"
		if n.ID == 0 {
			id, err := tx.insert(ctx, "INSERT INTO newsletter_issues (subject_sv, subject_en, intro_sv, intro_en, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
				n.Subject.SV, n.Subject.EN, n.Intro.SV, n.Intro.EN, tx.now, nullID(actor.UserID))
			if err != nil {
				return err
			}
			n.ID, n.Created, action = id, tx.now, "newsletter.create"
		} else {
			old, err := tx.findIssue(ctx, n.ID)
			if err != nil {
				return err
			}
			if !old.QueuedAt.IsZero() {
				return tillit.Errorf(tillit.ECONFLICT, "This newsletter is already being sent and can no longer be changed.")
			}
			before = old
			if _, err := tx.exec(ctx, "UPDATE newsletter_issues SET subject_sv = ?, subject_en = ?, intro_sv = ?, intro_en = ? WHERE id = ?",
				n.Subject.SV, n.Subject.EN, n.Intro.SV, n.Intro.EN, n.ID); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, "DELETE FROM newsletter_issue_news WHERE issue_id = ?", n.ID); err != nil {
				return err
			}
		}
		for i, id := range uniqueIDs(n.NewsIDs) {
			if _, err := tx.exec(ctx, "INSERT INTO newsletter_issue_news (issue_id, position, news_id) VALUES (?, ?, ?)", n.ID, i, id); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, action, "newsletter_issue", n.ID, before, n)
	})
	if err != nil {
		return fmt.Errorf("sqldb.SaveNewsletterIssue: %w", err)
	}
	return nil
}

func (tx *Tx) findIssue(ctx context.Context, id int64) (*tillit.NewsletterIssue, error) {
	var n tillit.NewsletterIssue
	var queued *time.Time
	err := tx.queryRow(ctx, "SELECT id, subject_sv, subject_en, intro_sv, intro_en, created_at, queued_at FROM newsletter_issues WHERE id = ?", id).
		Scan(&n.ID, &n.Subject.SV, &n.Subject.EN, &n.Intro.SV, &n.Intro.EN, &n.Created, &queued)
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "The newsletter was not found.")
	}
	if err != nil {
		return nil, err
	}
	if queued != nil {
		n.QueuedAt = *queued
	}
	n.NewsIDs, err = collect(ctx, tx, "SELECT news_id FROM newsletter_issue_news WHERE issue_id = ? ORDER BY position", []any{id},
		func(rows *sql.Rows) (int64, error) {
			var v int64
			return v, rows.Scan(&v)
		})
	return &n, err
}

// FindNewsletterIssue returns an issue with its delivery counts.
func (db *DB) FindNewsletterIssue(ctx context.Context, id int64) (*IssueRow, error) {
	var r IssueRow
	err := db.read(ctx, func(tx *Tx) error {
		n, err := tx.findIssue(ctx, id)
		if err != nil {
			return err
		}
		r.NewsletterIssue = *n
		return tx.issueCounts(ctx, &r)
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindNewsletterIssue: %w", err)
	}
	return &r, nil
}

func (tx *Tx) issueCounts(ctx context.Context, r *IssueRow) error {
	rows, err := tx.query(ctx, "SELECT status, count(*) FROM newsletter_deliveries WHERE issue_id = ? GROUP BY status", r.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return err
		}
		switch s {
		case "queued":
			r.Queued = n
		case "sent":
			r.Sent = n
		case "failed":
			r.Failed = n
		case "bounced":
			r.Bounced = n
		}
	}
	return rows.Err()
}

// FindNewsletterIssues lists issues, newest first, with their counts.
func (db *DB) FindNewsletterIssues(ctx context.Context) ([]IssueRow, error) {
	var out []IssueRow
	err := db.read(ctx, func(tx *Tx) error {
		ids, err := collect(ctx, tx, "SELECT id FROM newsletter_issues ORDER BY id DESC LIMIT 200", nil, func(rows *sql.Rows) (int64, error) {
			var id int64
			return id, rows.Scan(&id)
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			n, err := tx.findIssue(ctx, id)
			if err != nil {
				return err
			}
			r := IssueRow{NewsletterIssue: *n}
			if err := tx.issueCounts(ctx, &r); err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindNewsletterIssues: %w", err)
	}
	return out, nil
}

// QueueNewsletterIssue starts sending an issue: one delivery for every
// confirmed address that has not bounced too often, now; addresses that
// confirm later do not get it. It returns the number queued.
func (db *DB) QueueNewsletterIssue(ctx context.Context, actor tillit.Actor, id int64) (int, error) {
	n := 0
	err := db.write(ctx, func(tx *Tx) error {
		issue, err := tx.findIssue(ctx, id)
		if err != nil {
			return err
		}
		if !issue.QueuedAt.IsZero() {
			return tillit.Errorf(tillit.ECONFLICT, "This newsletter is already being sent.")
		}
		res, err := tx.exec(ctx, "UPDATE newsletter_issues SET queued_at = ? WHERE id = ? AND queued_at IS NULL", tx.now, id)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return tillit.Errorf(tillit.ECONFLICT, "This newsletter is already being sent.")
		}
		res, err = tx.exec(ctx, `INSERT INTO newsletter_deliveries (issue_id, subscriber_id, status)
			SELECT ?, id, 'queued' FROM subscribers WHERE status = 'confirmed' AND bounces < ?`, id, MaxBounces)
		if err != nil {
			return err
		}
		k, _ := res.RowsAffected()
		n = int(k)
		return tx.audit(ctx, actor, "newsletter.send", "newsletter_issue", id, nil, map[string]int{"deliveries": n})
	})
	if err != nil {
		return 0, fmt.Errorf("sqldb.QueueNewsletterIssue: %w", err)
	}
	return n, nil
}

// Delivery is one newsletter to send to one confirmed address, with the
// secret of its one-click unsubscribe link.
type Delivery struct {
	ID      int64
	IssueID int64
	Email   string
	Lang    tillit.Lang
	Secret  string
}

// LeaseDeliveries takes up to n queued deliveries to confirmed addresses
// for lease, each with a fresh unsubscribe secret; other workers skip them
// until the lease runs out.
func (db *DB) LeaseDeliveries(ctx context.Context, n int, lease time.Duration) ([]Delivery, error) {
	var out []Delivery
	err := db.write(ctx, func(tx *Tx) error {
		skip := ""
		if tx.dialect == Postgres {
			skip = " FOR UPDATE OF d SKIP LOCKED"
		}
		var err error
		out, err = collect(ctx, tx, `SELECT d.id, d.issue_id, s.email, s.lang FROM newsletter_deliveries d JOIN subscribers s ON s.id = d.subscriber_id
			WHERE d.status = 'queued' AND s.status = 'confirmed' AND (d.leased_until IS NULL OR d.leased_until < ?) AND d.attempts < ?
			ORDER BY d.id LIMIT ?`+skip, []any{tx.now, maxDeliveryAttempts, n}, func(rows *sql.Rows) (Delivery, error) {
			var d Delivery
			return d, rows.Scan(&d.ID, &d.IssueID, &d.Email, &d.Lang)
		})
		if err != nil {
			return err
		}
		for i := range out {
			out[i].Secret = rand.Text()
			if _, err := tx.exec(ctx, "UPDATE newsletter_deliveries SET leased_until = ?, attempts = attempts + 1, token_hash = ? WHERE id = ?",
				tx.now.Add(lease), secretHash(out[i].Secret), out[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.LeaseDeliveries: %w", err)
	}
	return out, nil
}

// MarkDelivered records that the server accepted the delivery's mail.
func (db *DB) MarkDelivered(ctx context.Context, id int64) error {
	err := db.write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE newsletter_deliveries SET status = 'sent', sent_at = ?, leased_until = NULL, error = '' WHERE id = ?", tx.now, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqldb.MarkDelivered: %w", err)
	}
	return nil
}

// MarkDeliveryFailed records a failed send. A permanent failure (the
// server refused the address) is a bounce and counts against the
// address; a temporary one is tried again until the attempts run out.
func (db *DB) MarkDeliveryFailed(ctx context.Context, id int64, reason string, permanent bool) error {
	if len(reason) > 500 {
		reason = reason[:500]
	}
	err := db.write(ctx, func(tx *Tx) error {
		if permanent {
			if _, err := tx.exec(ctx, "UPDATE newsletter_deliveries SET status = 'bounced', leased_until = NULL, error = ? WHERE id = ?", reason, id); err != nil {
				return err
			}
			_, err := tx.exec(ctx, "UPDATE subscribers SET bounces = bounces + 1 WHERE id = (SELECT subscriber_id FROM newsletter_deliveries WHERE id = ?)", id)
			return err
		}
		_, err := tx.exec(ctx, `UPDATE newsletter_deliveries SET error = ?, leased_until = NULL,
			status = CASE WHEN attempts >= ? THEN 'failed' ELSE status END WHERE id = ?`, reason, maxDeliveryAttempts, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqldb.MarkDeliveryFailed: %w", err)
	}
	return nil
}

// RecordBounce records a bounce that came back later, by mail, for the
// latest newsletter sent to the address.
func (db *DB) RecordBounce(ctx context.Context, actor tillit.Actor, email string) error {
	err := db.write(ctx, func(tx *Tx) error {
		var subID, delID int64
		err := tx.queryRow(ctx, `SELECT s.id, COALESCE((SELECT max(d.id) FROM newsletter_deliveries d WHERE d.subscriber_id = s.id AND d.status = 'sent'), 0)
			FROM subscribers s WHERE s.email = ?`, email).Scan(&subID, &delID)
		if isNoRows(err) {
			return tillit.Errorf(tillit.ENOTFOUND, "No subscriber has this address.")
		}
		if err != nil {
			return err
		}
		if delID != 0 {
			if _, err := tx.exec(ctx, "UPDATE newsletter_deliveries SET status = 'bounced', error = 'bounce reported' WHERE id = ?", delID); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, "UPDATE subscribers SET bounces = bounces + 1 WHERE id = ?", subID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "subscriber.bounce", "subscriber", subID, nil, nil)
	})
	if err != nil {
		return fmt.Errorf("sqldb.RecordBounce: %w", err)
	}
	return nil
}
