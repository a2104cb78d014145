package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
)

// The lists across follow-ups: every deviation and every audit, filtered
// and paged, read from the rows saveFollowUp rewrites on each change. The
// scope filters in SQL, on the follow-up the row belongs to (alias f), so a
// supplier or an auditor never gets a row of a follow-up they may not read.

// ListCursor is the position after the last row of a page of deviations or
// audits: the follow-up id and the row's number within it.
type ListCursor struct {
	FollowUpID int64
	Number     int64
}

// DeviationFilter selects deviations; zero fields match all.
type DeviationFilter struct {
	Severity   tillit.Severity
	Status     string // "open" (not closed), or a tillit.DeviationStatus
	CategoryID int64
	SupplierID int64
	Overdue    bool // its deadline has passed and it is not closed
	After      ListCursor
	Limit      int // at most 1000; 0 means 50
}

// DeviationRow is one line of the deviation list.
type DeviationRow struct {
	FollowUpID      int64
	DeviationID     int64
	AuditID         int64
	SupplierID      int64
	Supplier        string
	CategoryID      int64
	CategorySV      string
	CategoryEN      string
	RequirementCode string
	// RequirementVersion is the library version it was judged against; 0
	// when none was pinned (not in the library, or none in force then).
	RequirementVersion int
	Severity           tillit.Severity
	Status             tillit.DeviationStatus
	FollowUpStatus     tillit.FollowUpStatus
	RecordedAt         time.Time
	ClosedAt           time.Time
	Deadline           time.Time // the current action's deadline, or the action plan's due date
	Overdue            bool      // on the store's clock
}

// Cursor is the position after this row, for the next page.
func (r DeviationRow) Cursor() ListCursor {
	return ListCursor{FollowUpID: r.FollowUpID, Number: r.DeviationID}
}

// FindDeviations lists the deviations of the follow-ups the scope may read,
// newest follow-up first and within it by number descending, with keyset
// paging on (follow-up, deviation).
func (db *DB) FindDeviations(ctx context.Context, scope tillit.Scope, f DeviationFilter) ([]DeviationRow, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 50
	}
	today := dateString(tillit.SwedishDay(db.now()))
	q := `SELECT d.followup_id, d.deviation_id, d.audit_id, f.supplier_id, s.name, f.category_id, k.name_sv, k.name_en,
		d.requirement_code, d.requirement_version, d.severity, d.status, f.status, d.recorded_at, d.closed_at, d.deadline
		FROM followup_deviations d JOIN followups f ON f.id = d.followup_id
		JOIN organisations s ON s.id = f.supplier_id JOIN categories k ON k.id = f.category_id WHERE 1=1`
	var args []any
	q, args = scopeFollowUpSQL(q, args, scope)
	switch f.Status {
	case "":
	case "open":
		q += " AND d.status <> 'closed'"
	default:
		q += " AND d.status = ?"
		args = append(args, f.Status)
	}
	if f.Severity != "" {
		q += " AND d.severity = ?"
		args = append(args, f.Severity)
	}
	if f.CategoryID != 0 {
		q += " AND f.category_id = ?"
		args = append(args, f.CategoryID)
	}
	if f.SupplierID != 0 {
		q += " AND f.supplier_id = ?"
		args = append(args, f.SupplierID)
	}
	if f.Overdue {
		// As FollowUp.Overdue: late from the day after the deadline, and
		// nothing in a closed follow-up is late.
		q += " AND d.status <> 'closed' AND f.status = 'open' AND d.deadline < ?"
		args = append(args, today)
	}
	if f.After.FollowUpID != 0 {
		q += " AND (d.followup_id < ? OR d.followup_id = ? AND d.deviation_id < ?)"
		args = append(args, f.After.FollowUpID, f.After.FollowUpID, f.After.Number)
	}
	q += " ORDER BY d.followup_id DESC, d.deviation_id DESC LIMIT ?"
	args = append(args, f.Limit)
	day := tillit.SwedishDay(db.now())
	out, err := readAll(ctx, db, q, args, func(rows *sql.Rows) (DeviationRow, error) {
		var r DeviationRow
		var closed *time.Time
		var deadline dateScan
		err := rows.Scan(&r.FollowUpID, &r.DeviationID, &r.AuditID, &r.SupplierID, &r.Supplier, &r.CategoryID, &r.CategorySV, &r.CategoryEN,
			&r.RequirementCode, &r.RequirementVersion, &r.Severity, &r.Status, &r.FollowUpStatus, &r.RecordedAt, &closed, &deadline)
		if closed != nil {
			r.ClosedAt = *closed
		}
		r.Deadline = deadline.t
		r.Overdue = r.Status != tillit.DeviationClosed && r.FollowUpStatus == tillit.FollowUpOpen &&
			!r.Deadline.IsZero() && day.After(r.Deadline)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindDeviations: %w", err)
	}
	return out, nil
}

// FollowUpAuditFilter selects audits for the audit list; zero fields match
// all. (AuditFilter is the audit trail's.)
type FollowUpAuditFilter struct {
	Kind       tillit.AuditKind
	Status     tillit.AuditStatus
	Year       int // planned for, or performed, during this year
	CategoryID int64
	SupplierID int64
	After      ListCursor
	Limit      int // at most 1000; 0 means 50
}

// FollowUpAuditRow is one line of the audit list.
type FollowUpAuditRow struct {
	FollowUpID    int64
	AuditID       int64
	SupplierID    int64
	Supplier      string
	CategoryID    int64
	CategorySV    string
	CategoryEN    string
	Kind          tillit.AuditKind
	Status        tillit.AuditStatus
	PlannedFor    time.Time
	PerformedOn   time.Time
	AuditorOrgID  int64
	AuditorOrg    string
	AuditorUserID int64
	AuditorUser   string // the assigned auditor's name, "" when none
}

// Cursor is the position after this row, for the next page.
func (r FollowUpAuditRow) Cursor() ListCursor {
	return ListCursor{FollowUpID: r.FollowUpID, Number: r.AuditID}
}

// FindAudits lists the audits of the follow-ups the scope may read, newest
// follow-up first, with keyset paging on (follow-up, audit).
func (db *DB) FindAudits(ctx context.Context, scope tillit.Scope, f FollowUpAuditFilter) ([]FollowUpAuditRow, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 50
	}
	q := `SELECT a.followup_id, a.audit_id, f.supplier_id, s.name, f.category_id, k.name_sv, k.name_en, a.kind, a.status,
		a.planned_for, a.performed_on, COALESCE(a.auditor_org_id, 0), COALESCE(o.name, ''), COALESCE(a.auditor_user_id, 0), COALESCE(u.name, '')
		FROM followup_audits a JOIN followups f ON f.id = a.followup_id
		JOIN organisations s ON s.id = f.supplier_id JOIN categories k ON k.id = f.category_id
		LEFT JOIN organisations o ON o.id = a.auditor_org_id LEFT JOIN users u ON u.id = a.auditor_user_id WHERE 1=1`
	var args []any
	q, args = scopeFollowUpSQL(q, args, scope)
	if f.Kind != "" {
		q += " AND a.kind = ?"
		args = append(args, f.Kind)
	}
	if f.Status != "" {
		q += " AND a.status = ?"
		args = append(args, f.Status)
	}
	if f.CategoryID != 0 {
		q += " AND f.category_id = ?"
		args = append(args, f.CategoryID)
	}
	if f.SupplierID != 0 {
		q += " AND f.supplier_id = ?"
		args = append(args, f.SupplierID)
	}
	if f.Year != 0 {
		from := time.Date(f.Year, 1, 1, 0, 0, 0, 0, time.UTC)
		to := from.AddDate(1, 0, 0)
		q += " AND (a.planned_for >= ? AND a.planned_for < ? OR a.performed_on >= ? AND a.performed_on < ?)"
		args = append(args, dateString(from), dateString(to), dateString(from), dateString(to))
	}
	if f.After.FollowUpID != 0 {
		q += " AND (a.followup_id < ? OR a.followup_id = ? AND a.audit_id < ?)"
		args = append(args, f.After.FollowUpID, f.After.FollowUpID, f.After.Number)
	}
	q += " ORDER BY a.followup_id DESC, a.audit_id DESC LIMIT ?"
	args = append(args, f.Limit)
	out, err := readAll(ctx, db, q, args, func(rows *sql.Rows) (FollowUpAuditRow, error) {
		var r FollowUpAuditRow
		var planned, performed dateScan
		err := rows.Scan(&r.FollowUpID, &r.AuditID, &r.SupplierID, &r.Supplier, &r.CategoryID, &r.CategorySV, &r.CategoryEN,
			&r.Kind, &r.Status, &planned, &performed, &r.AuditorOrgID, &r.AuditorOrg, &r.AuditorUserID, &r.AuditorUser)
		r.PlannedFor, r.PerformedOn = planned.t, performed.t
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindAudits: %w", err)
	}
	return out, nil
}

// FindCloseTexts returns, for those of ids that the scope may read and that
// were closed for another reason than the listed ones, the text given as
// the reason, so a list can show it as FollowUp.StatusLabel does. The text
// lives only in the follow-up's document, which is read for these rows
// alone.
func (db *DB) FindCloseTexts(ctx context.Context, scope tillit.Scope, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(ids))
	for _, id := range ids {
		args = append(args, id)
	}
	q := "SELECT f.id, f.state FROM followups f WHERE f.close_reason = 'other' AND f.id IN (" + placeholders(len(ids)) + ")"
	q, args = scopeFollowUpSQL(q, args, scope)
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var state string
			if err := rows.Scan(&id, &state); err != nil {
				return err
			}
			var doc struct{ CloseText string }
			if err := json.Unmarshal([]byte(state), &doc); err != nil {
				return fmt.Errorf("follow-up %d: stored state: %w", id, err)
			}
			out[id] = doc.CloseText
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindCloseTexts: %w", err)
	}
	return out, nil
}
