package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
)

// Consultations (remisser, issue 9): one row each, the answer document's
// file store key and metadata included.

// consultationAudit is what the audit trail keeps of a consultation.
type consultationAudit struct {
	SenderKind tillit.ConsultationSender `json:"sender_kind"`
	Sender     string                    `json:"sender"`
	Subject    string                    `json:"subject"`
	Reference  string                    `json:"reference,omitempty"`
	ReceivedOn string                    `json:"received_on"`
	DueOn      string                    `json:"due_on"`
	DrafterID  int64                     `json:"drafter_id,omitempty"`
	Status     tillit.ConsultationStatus `json:"status"`
	SentOn     string                    `json:"sent_on,omitempty"`
	Notes      string                    `json:"notes,omitempty"`
	Document   string                    `json:"document,omitempty"` // the file store hash
}

func auditOfConsultation(c *tillit.Consultation) consultationAudit {
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	return consultationAudit{SenderKind: c.SenderKind, Sender: c.Sender, Subject: c.Subject, Reference: c.Reference,
		ReceivedOn: day(c.ReceivedOn), DueOn: day(c.DueOn), DrafterID: c.DrafterID, Status: c.Status, SentOn: day(c.SentOn),
		Notes: c.Notes, Document: c.Document.Hash}
}

// drafterRoles are the roles of the people who may draft an answer: the
// office's and the regions'.
const drafterRoles = "('admin','officer','coordinator','staff')"

func (tx *Tx) checkDrafter(ctx context.Context, id int64) error {
	if id == 0 {
		return nil
	}
	var n int
	if err := tx.queryRow(ctx, "SELECT count(*) FROM memberships WHERE user_id = ? AND role IN "+drafterRoles, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return incidentField("drafter_id", tillit.Msg("Choose who drafts the answer among the people of the national office and the regions."))
	}
	return nil
}

// CreateConsultation stores a new consultation.
func (db *DB) CreateConsultation(ctx context.Context, actor tillit.Actor, c *tillit.Consultation) error {
	c.Trim()
	if err := c.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.checkDrafter(ctx, c.DrafterID); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO consultations (sender_kind, sender, subject, reference, received_on, due_on, drafter_id, status,
			sent_on, notes, document_hash, document_name, document_size, document_type, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			c.SenderKind, c.Sender, c.Subject, c.Reference, dateString(c.ReceivedOn), dateString(c.DueOn), nullID(c.DrafterID), c.Status,
			dateString(c.SentOn), c.Notes, c.Document.Hash, c.Document.Name, c.Document.Size, c.Document.ContentType, tx.now, tx.now)
		if err != nil {
			return err
		}
		c.ID, c.CreatedAt, c.UpdatedAt, c.Version = id, tx.now, tx.now, 1
		return tx.audit(ctx, actor, "consultation.created", "consultation", id, nil, auditOfConsultation(c))
	})
	if err != nil {
		return fmt.Errorf("sqldb.CreateConsultation: %w", err)
	}
	return nil
}

// UpdateConsultation replaces a consultation, its document reference
// included. c.Version must be the version the change was based on.
func (db *DB) UpdateConsultation(ctx context.Context, actor tillit.Actor, c *tillit.Consultation) error {
	c.Trim()
	if err := c.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		before, err := tx.findConsultation(ctx, c.ID, true)
		if err != nil {
			return err
		}
		if before.Version != c.Version {
			return tillit.Errorf(tillit.ECONFLICT, "Someone else changed the consultation while you edited it. Open it again and redo your change.")
		}
		if c.DrafterID != before.DrafterID {
			if err := tx.checkDrafter(ctx, c.DrafterID); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `UPDATE consultations SET sender_kind = ?, sender = ?, subject = ?, reference = ?, received_on = ?, due_on = ?,
			drafter_id = ?, status = ?, sent_on = ?, notes = ?, document_hash = ?, document_name = ?, document_size = ?, document_type = ?,
			updated_at = ?, version = version + 1 WHERE id = ?`,
			c.SenderKind, c.Sender, c.Subject, c.Reference, dateString(c.ReceivedOn), dateString(c.DueOn), nullID(c.DrafterID), c.Status,
			dateString(c.SentOn), c.Notes, c.Document.Hash, c.Document.Name, c.Document.Size, c.Document.ContentType, tx.now, c.ID); err != nil {
			return err
		}
		c.CreatedAt, c.UpdatedAt, c.Version = before.CreatedAt, tx.now, before.Version+1
		return tx.audit(ctx, actor, "consultation.updated", "consultation", c.ID, auditOfConsultation(before), auditOfConsultation(c))
	})
	if err != nil {
		return fmt.Errorf("sqldb.UpdateConsultation: %w", err)
	}
	return nil
}

const consultationColumns = `c.id, c.sender_kind, c.sender, c.subject, c.reference, c.received_on, c.due_on, COALESCE(c.drafter_id, 0),
	COALESCE(u.name, ''), c.status, c.sent_on, c.notes, c.document_hash, c.document_name, c.document_size, c.document_type,
	c.created_at, c.updated_at, c.version`

func scanConsultation(r interface{ Scan(...any) error }) (tillit.Consultation, error) {
	var c tillit.Consultation
	var received, due, sent dateScan
	err := r.Scan(&c.ID, &c.SenderKind, &c.Sender, &c.Subject, &c.Reference, &received, &due, &c.DrafterID, &c.DrafterName, &c.Status,
		&sent, &c.Notes, &c.Document.Hash, &c.Document.Name, &c.Document.Size, &c.Document.ContentType, &c.CreatedAt, &c.UpdatedAt, &c.Version)
	c.ReceivedOn, c.DueOn, c.SentOn = received.t, due.t, sent.t
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, err
}

// FindConsultation returns one consultation, or ENOTFOUND.
func (db *DB) FindConsultation(ctx context.Context, id int64) (*tillit.Consultation, error) {
	var c *tillit.Consultation
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		c, err = tx.findConsultation(ctx, id, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindConsultation: %w", err)
	}
	return c, nil
}

func (tx *Tx) findConsultation(ctx context.Context, id int64, lock bool) (*tillit.Consultation, error) {
	q := "SELECT " + consultationColumns + " FROM consultations c LEFT JOIN users u ON u.id = c.drafter_id WHERE c.id = ?"
	if lock && tx.dialect == Postgres {
		q += " FOR UPDATE OF c"
	}
	c, err := scanConsultation(tx.queryRow(ctx, q, id))
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "There is no consultation %d.", id)
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// ConsultationFilter narrows the list; the zero value lists every
// consultation.
type ConsultationFilter struct {
	Open   bool // only those still to be answered (received, drafting), soonest due first
	Closed bool // only those sent or declined, latest due first
	Limit  int  // 0: no limit
}

// FindConsultations lists consultations: open ones by due date, the
// soonest (and the overdue) first; closed ones latest first.
func (db *DB) FindConsultations(ctx context.Context, f ConsultationFilter) ([]tillit.Consultation, error) {
	q := "SELECT " + consultationColumns + " FROM consultations c LEFT JOIN users u ON u.id = c.drafter_id WHERE 1=1"
	switch {
	case f.Open && !f.Closed:
		q += " AND c.status IN ('received','drafting') ORDER BY c.due_on, c.id"
	case f.Closed && !f.Open:
		q += " AND c.status IN ('sent','declined') ORDER BY c.due_on DESC, c.id DESC"
	default:
		q += " ORDER BY CASE WHEN c.status IN ('received','drafting') THEN 0 ELSE 1 END, c.due_on, c.id"
	}
	var args []any
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	var out []tillit.Consultation
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, q, args, func(r *sql.Rows) (tillit.Consultation, error) { return scanConsultation(r) })
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindConsultations: %w", err)
	}
	return out, nil
}

// Drafter is a person who may draft an answer to a consultation.
type Drafter struct {
	ID           int64
	Name         string
	Organisation string
}

// ConsultationDrafters lists the people of the office and the regions who
// are not disabled, by organisation and name.
func (db *DB) ConsultationDrafters(ctx context.Context) ([]Drafter, error) {
	var out []Drafter
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, `SELECT DISTINCT u.id, u.name, o.name, o.kind FROM users u JOIN memberships m ON m.user_id = u.id
			JOIN organisations o ON o.id = m.org_id WHERE u.disabled = FALSE AND m.role IN `+drafterRoles+`
			ORDER BY o.kind, o.name, u.name, u.id`, nil, func(r *sql.Rows) (Drafter, error) {
			var d Drafter
			var kind string
			err := r.Scan(&d.ID, &d.Name, &d.Organisation, &kind)
			return d, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.ConsultationDrafters: %w", err)
	}
	return out, nil
}
