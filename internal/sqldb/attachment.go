package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
)

// Attachment is a file in the content-addressed store tied to the
// follow-up whose read authorisation guards it. The same content uploaded
// twice is stored once but gets two rows, each with the name it was
// uploaded under.
type Attachment struct {
	ID          int64
	Hash        string // the file store's key, and the reference the follow-up's fields hold
	FollowUpID  int64
	SupplierID  int64
	Name        string // cleaned by the file store
	Size        int64
	ContentType string // decided by the file store from the content
	UploadedBy  int64  // user id, 0 for the system
	UploadedAt  time.Time
}

// CreateAttachment records an attachment of a follow-up; the follow-up's
// supplier becomes the attachment's. The caller has stored the file and
// checked that the actor may add files to the follow-up.
func (db *DB) CreateAttachment(ctx context.Context, actor tillit.Actor, a *Attachment) error {
	err := db.write(ctx, func(tx *Tx) error {
		var supplier int64
		err := tx.queryRow(ctx, "SELECT supplier_id FROM followups WHERE id = ?", a.FollowUpID).Scan(&supplier)
		if isNoRows(err) {
			return tillit.Errorf(tillit.ENOTFOUND, "Follow-up %d not found.", a.FollowUpID)
		}
		if err != nil {
			return err
		}
		a.SupplierID = supplier
		return tx.insertAttachment(ctx, actor, a)
	})
	if err != nil {
		return fmt.Errorf("sqldb.CreateAttachment: %w", err)
	}
	return nil
}

func (tx *Tx) insertAttachment(ctx context.Context, actor tillit.Actor, a *Attachment) error {
	if !tillit.ValidAttachmentRef(a.Hash) {
		return fmt.Errorf("attachment %q: not a content hash", a.Hash)
	}
	a.UploadedBy, a.UploadedAt = actor.UserID, tx.now
	var by any
	if actor.UserID != 0 {
		by = actor.UserID
	}
	id, err := tx.insert(ctx, `INSERT INTO attachments (hash, followup_id, supplier_id, name, size, content_type, uploaded_by, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.Hash, a.FollowUpID, a.SupplierID, a.Name, a.Size, a.ContentType, by, a.UploadedAt)
	if err != nil {
		return err
	}
	a.ID = id
	return tx.audit(ctx, actor, "attachment.create", "attachment", id, nil, a)
}

const attachmentColumns = "a.id, a.hash, COALESCE(a.followup_id, 0), a.supplier_id, a.name, a.size, a.content_type, COALESCE(a.uploaded_by, 0), a.uploaded_at"

func scanAttachment(s interface{ Scan(...any) error }, a *Attachment) error {
	return s.Scan(&a.ID, &a.Hash, &a.FollowUpID, &a.SupplierID, &a.Name, &a.Size, &a.ContentType, &a.UploadedBy, &a.UploadedAt)
}

// FindAttachment returns an attachment whose follow-up the scope may read;
// ENOTFOUND otherwise, so a guessed id outside the scope looks like one
// that does not exist. Attachments tied to no follow-up are not found here.
func (db *DB) FindAttachment(ctx context.Context, scope tillit.Scope, id int64) (*Attachment, error) {
	var a Attachment
	err := db.read(ctx, func(tx *Tx) error {
		q, args := scopeFollowUpSQL("SELECT "+attachmentColumns+" FROM attachments a JOIN followups f ON f.id = a.followup_id WHERE a.id = ?", []any{id}, scope)
		err := scanAttachment(tx.queryRow(ctx, q, args...), &a)
		if isNoRows(err) {
			return tillit.Errorf(tillit.ENOTFOUND, "The attachment was not found.")
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindAttachment: %w", err)
	}
	return &a, nil
}

// FindAttachments lists the attachments of a follow-up the scope may read,
// oldest first; none when the scope may not read it.
func (db *DB) FindAttachments(ctx context.Context, scope tillit.Scope, followUpID int64) ([]Attachment, error) {
	var out []Attachment
	err := db.read(ctx, func(tx *Tx) error {
		q, args := scopeFollowUpSQL("SELECT "+attachmentColumns+" FROM attachments a JOIN followups f ON f.id = a.followup_id WHERE a.followup_id = ?", []any{followUpID}, scope)
		rows, err := tx.query(ctx, q+" ORDER BY a.id", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a Attachment
			if err := scanAttachment(rows, &a); err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindAttachments: %w", err)
	}
	return out, nil
}
