package sqldb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
)

// audit appends one event to the hash-chained trail inside tx. before and
// after are marshalled to JSON; nil means "did not exist". The head row is
// locked first, so concurrent writers append one after the other and the
// chain never forks.
func (tx *Tx) audit(ctx context.Context, actor tillit.Actor, action, entity string, entityID int64, before, after any) error {
	b, err := jsonOrEmpty(before)
	if err != nil {
		return err
	}
	a, err := jsonOrEmpty(after)
	if err != nil {
		return err
	}
	lock := ""
	if tx.dialect == Postgres {
		lock = " FOR UPDATE"
	}
	var lastID int64
	var lastHash string
	if err := tx.queryRow(ctx, "SELECT last_id, last_hash FROM audit_head WHERE id = 1"+lock).Scan(&lastID, &lastHash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	e := tillit.AuditEvent{
		ID: lastID + 1, At: tx.now, ActorID: actor.UserID, ActorLabel: actor.Label(),
		Action: action, Entity: entity, EntityID: entityID, Before: b, After: a, PrevHash: lastHash,
	}
	e.Hash = auditHash(&e)
	var actorID any
	if e.ActorID != 0 {
		actorID = e.ActorID
	}
	if _, err := tx.exec(ctx, `INSERT INTO audit_events (id, at, actor_id, actor_label, action, entity, entity_id, before_json, after_json, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.At, actorID, e.ActorLabel, e.Action, e.Entity, e.EntityID, e.Before, e.After, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	if _, err := tx.exec(ctx, "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", e.ID, e.Hash); err != nil {
		return fmt.Errorf("audit head update: %w", err)
	}
	return nil
}

func jsonOrEmpty(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit: marshal: %w", err)
	}
	return string(b), nil
}

// auditHash covers every field of the event and the previous hash. The
// fields go through a JSON array so no two different events can encode to
// the same bytes.
func auditHash(e *tillit.AuditEvent) string {
	fields, _ := json.Marshal([]any{e.ID, e.At.UTC().Format(time.RFC3339Nano), e.ActorID, e.ActorLabel,
		e.Action, e.Entity, e.EntityID, e.Before, e.After})
	h := sha256.New()
	h.Write([]byte(e.PrevHash))
	h.Write([]byte{'\n'})
	h.Write(fields)
	return hex.EncodeToString(h.Sum(nil))
}

// AuditVerification is the result of checking the chain.
type AuditVerification struct {
	Checked  int64
	BrokenID int64  // first event that does not verify; 0 when all do
	Problem  string // what is wrong with it
}

// VerifyAudit recomputes every hash in id order. It stops at the first
// event whose stored hash, previous hash or position does not match, and
// also checks that the head points at the last event (a deleted tail).
func (db *DB) VerifyAudit(ctx context.Context) (AuditVerification, error) {
	var v AuditVerification
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT id, at, COALESCE(actor_id, 0), actor_label, action, entity, entity_id, before_json, after_json, prev_hash, hash
			FROM audit_events ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var prevHash string
		var prevID int64
		for rows.Next() {
			var e tillit.AuditEvent
			if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorLabel, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.PrevHash, &e.Hash); err != nil {
				return err
			}
			switch {
			case e.ID != prevID+1:
				v.BrokenID, v.Problem = e.ID, fmt.Sprintf("event %d is missing before it", prevID+1)
			case e.PrevHash != prevHash:
				v.BrokenID, v.Problem = e.ID, "its link to the previous event does not match"
			case auditHash(&e) != e.Hash:
				v.BrokenID, v.Problem = e.ID, "its content does not match its hash"
			}
			if v.BrokenID != 0 {
				return nil
			}
			v.Checked++
			prevHash, prevID = e.Hash, e.ID
		}
		if err := rows.Err(); err != nil {
			return err
		}
		var headID int64
		var headHash string
		if err := tx.queryRow(ctx, "SELECT last_id, last_hash FROM audit_head WHERE id = 1").Scan(&headID, &headHash); err != nil {
			return err
		}
		if headID != prevID || headHash != prevHash {
			v.BrokenID, v.Problem = prevID+1, fmt.Sprintf("the trail ends at event %d but should end at event %d", prevID, headID)
		}
		return nil
	})
	if err != nil {
		return v, fmt.Errorf("sqldb.VerifyAudit: %w", err)
	}
	return v, nil
}

// AuditFilter selects events for the audit trail page and API.
type AuditFilter struct {
	Entity   string
	EntityID int64
	BeforeID int64 // keyset paging: events with a smaller id
	Limit    int
}

// FindAuditEvents returns events newest first.
func (db *DB) FindAuditEvents(ctx context.Context, f AuditFilter) ([]tillit.AuditEvent, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	q := `SELECT id, at, COALESCE(actor_id, 0), actor_label, action, entity, entity_id, before_json, after_json, prev_hash, hash FROM audit_events WHERE 1=1`
	var args []any
	if f.Entity != "" {
		q += " AND entity = ?"
		args = append(args, f.Entity)
	}
	if f.EntityID != 0 {
		q += " AND entity_id = ?"
		args = append(args, f.EntityID)
	}
	if f.BeforeID != 0 {
		q += " AND id < ?"
		args = append(args, f.BeforeID)
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, f.Limit)
	var out []tillit.AuditEvent
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e tillit.AuditEvent
			if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorLabel, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.PrevHash, &e.Hash); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindAuditEvents: %w", err)
	}
	return out, nil
}
