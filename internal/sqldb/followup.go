package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
)

// A follow-up is kept whole as JSON in followups.state. Every change loads
// it (locked), applies one domain method, and in the same transaction
// writes the document, rewrites the rows lists and reports query
// (regions, audits, deviations), appends the event to followup_events and
// to the audit trail, and leaves notifications for the coordinators of
// the regions concerned.

// OpenFollowUp opens a follow-up. The caller has checked that the actor
// may open one for these responsible regions.
func (db *DB) OpenFollowUp(ctx context.Context, actor tillit.Actor, in tillit.FollowUpInput) (*tillit.FollowUp, error) {
	var f *tillit.FollowUp
	err := db.write(ctx, func(tx *Tx) (err error) {
		f, err = tx.openFollowUp(ctx, actor, in)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.OpenFollowUp: %w", err)
	}
	return f, nil
}

// openFollowUp opens a follow-up within tx (questionnaire campaigns open
// them too).
func (tx *Tx) openFollowUp(ctx context.Context, actor tillit.Actor, in tillit.FollowUpInput) (*tillit.FollowUp, error) {
	var f *tillit.FollowUp
	err := func() error {
		if err := tx.checkKind(ctx, in.SupplierID, tillit.OrgSupplier, "supplier_id", tillit.Msg("Choose a supplier.")); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT count(*) FROM categories WHERE id = ?", in.CategoryID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The chosen category does not exist."),
				Fields: map[string]tillit.Message{"category_id": tillit.Msg("Choose a procurement category.")}}
		}
		for _, r := range in.ResponsibleRegionIDs {
			if err := tx.checkKind(ctx, r, tillit.OrgRegion, "responsible_region_ids", tillit.Msg("Choose responsible regions among the regions.")); err != nil {
				return err
			}
		}
		var ev tillit.FollowUpEvent
		var err error
		f, ev, err = tillit.OpenFollowUp(actor, tx.now, in)
		if err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO followups (supplier_id, category_id, status, opened_at, version, state)
			VALUES (?, ?, ?, ?, 0, '{}')`, f.SupplierID, f.CategoryID, f.Status, f.OpenedAt.UTC())
		if err != nil {
			return err
		}
		f.ID = id
		for i := range f.Timeline {
			f.Timeline[i].FollowUpID = id
		}
		ev.FollowUpID = id
		return tx.saveFollowUp(ctx, actor, f, ev, true)
	}()
	return f, err
}

// ChangeFollowUp applies one change: fn gets the current follow-up, checks
// what it must (authorisation with the loaded follow-up as resource) and
// calls one domain method. Nothing is written when fn fails.
func (db *DB) ChangeFollowUp(ctx context.Context, actor tillit.Actor, id int64, fn func(*tillit.FollowUp) (tillit.FollowUpEvent, error)) (*tillit.FollowUp, tillit.FollowUpEvent, error) {
	var f *tillit.FollowUp
	var ev tillit.FollowUpEvent
	err := db.write(ctx, func(tx *Tx) error {
		var err error
		if f, err = tx.loadFollowUp(ctx, id, true); err != nil {
			return err
		}
		if ev, err = fn(f); err != nil {
			return err
		}
		ev.FollowUpID = id
		return tx.saveFollowUp(ctx, actor, f, ev, false)
	})
	if err != nil {
		return nil, ev, fmt.Errorf("sqldb.ChangeFollowUp: %w", err)
	}
	return f, ev, nil
}

func (tx *Tx) loadFollowUp(ctx context.Context, id int64, forUpdate bool) (*tillit.FollowUp, error) {
	q := "SELECT state FROM followups WHERE id = ?"
	if forUpdate && tx.dialect == Postgres {
		q += " FOR UPDATE"
	}
	var state string
	err := tx.queryRow(ctx, q, id).Scan(&state)
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "Follow-up %d not found.", id)
	}
	if err != nil {
		return nil, err
	}
	var f tillit.FollowUp
	if err := json.Unmarshal([]byte(state), &f); err != nil {
		return nil, fmt.Errorf("follow-up %d: stored state: %w", id, err)
	}
	return &f, nil
}

// saveFollowUp writes the document and everything derived from it.
func (tx *Tx) saveFollowUp(ctx context.Context, actor tillit.Actor, f *tillit.FollowUp, ev tillit.FollowUpEvent, created bool) error {
	if err := tx.pinDeviationRequirement(ctx, f, ev); err != nil {
		return err
	}
	state, err := json.Marshal(f)
	if err != nil {
		return err
	}
	// Times are written in UTC: SQLite compares them as text, so a row in
	// Swedish time would sort wrongly against UTC bounds near midnight.
	closedAt := nullTime(f.ClosedAt)
	if _, err := tx.exec(ctx, `UPDATE followups SET status = ?, closed_at = ?, close_reason = ?, open_deviations = ?, next_due = ?,
		version = version + 1, state = ? WHERE id = ?`,
		f.Status, closedAt, string(f.CloseReason), f.OpenDeviationCount(), dateString(f.NextDue()), string(state), f.ID); err != nil {
		return err
	}
	if created {
		for _, r := range f.ResponsibleRegionIDs {
			if _, err := tx.exec(ctx, "INSERT INTO followup_regions (followup_id, region_id) VALUES (?, ?)", f.ID, r); err != nil {
				return err
			}
		}
	}
	if err := tx.rewriteRows(ctx, f); err != nil {
		return err
	}
	data, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	var by any
	if ev.ByUserID != 0 {
		by = ev.ByUserID
	}
	if _, err := tx.exec(ctx, `INSERT INTO followup_events (followup_id, type, at, by_user_id, by_label, data) VALUES (?, ?, ?, ?, ?, ?)`,
		f.ID, string(ev.Type), ev.At.UTC(), by, ev.ByLabel, string(data)); err != nil {
		return err
	}
	if err := tx.audit(ctx, actor, string(ev.Type), "followup", f.ID, nil, ev); err != nil {
		return err
	}
	return tx.notify(ctx, f, ev)
}

// rewriteRows replaces the audit and deviation rows of the follow-up.
func (tx *Tx) rewriteRows(ctx context.Context, f *tillit.FollowUp) error {
	if _, err := tx.exec(ctx, "DELETE FROM followup_audits WHERE followup_id = ?", f.ID); err != nil {
		return err
	}
	for _, a := range f.Audits {
		var org, user any
		if a.AuditorOrgID != 0 {
			org = a.AuditorOrgID
		}
		if a.AuditorUserID != 0 {
			user = a.AuditorUserID
		}
		if _, err := tx.exec(ctx, `INSERT INTO followup_audits (followup_id, audit_id, kind, status, planned_for, performed_on, auditor_org_id, auditor_user_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, f.ID, a.ID, a.Kind, a.Status, dateString(a.PlannedFor), dateString(a.PerformedOn), org, user); err != nil {
			return err
		}
	}
	if _, err := tx.exec(ctx, "DELETE FROM followup_deviations WHERE followup_id = ?", f.ID); err != nil {
		return err
	}
	for i := range f.Deviations {
		d := &f.Deviations[i]
		closed := nullTime(d.ClosedAt)
		deadline := d.PlanDueOn
		if a := d.CurrentAction(); a != nil {
			deadline = a.Deadline
		}
		if _, err := tx.exec(ctx, `INSERT INTO followup_deviations (followup_id, deviation_id, audit_id, requirement_code, requirement_version, severity, status, recorded_at, closed_at, deadline)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.ID, d.ID, d.AuditID, d.RequirementCode, d.RequirementVersion, d.Severity, d.Status, d.RecordedAt.UTC(), closed, dateString(deadline)); err != nil {
			return err
		}
	}
	return nil
}

// notifyOn are the events the regions concerned are told about.
func notifyOn(f *tillit.FollowUp, ev tillit.FollowUpEvent) bool {
	switch ev.Type {
	case tillit.EventFollowUpOpened, tillit.EventFollowUpClosed,
		tillit.EventEscalationReminder, tillit.EventEscalationWarning, tillit.EventEscalationSanction:
		return true
	case tillit.EventDeviationRecorded:
		// One notice per audit: when it finds its first deviation.
		n := 0
		for _, d := range f.Deviations {
			if d.AuditID == ev.AuditID {
				n++
			}
		}
		return n == 1
	}
	return false
}

// notify leaves a notice for every coordinator of a region that is
// responsible for the follow-up or holds a contract in force with the
// supplier (in any category).
func (tx *Tx) notify(ctx context.Context, f *tillit.FollowUp, ev tillit.FollowUpEvent) error {
	if !notifyOn(f, ev) {
		return nil
	}
	today := dateString(tillit.SwedishDay(tx.now))
	rows, err := tx.query(ctx, `SELECT DISTINCT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.role = 'coordinator' AND u.disabled = FALSE AND m.org_id IN (
			SELECT region_id FROM followup_regions WHERE followup_id = ?
			UNION SELECT region_id FROM contracts WHERE supplier_id = ? AND start_date <= ? AND end_date >= ?)
		ORDER BY m.user_id`, f.ID, f.SupplierID, today, today)
	if err != nil {
		return err
	}
	var users []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		users = append(users, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var supplier string
	if err := tx.queryRow(ctx, "SELECT name FROM organisations WHERE id = ?", f.SupplierID).Scan(&supplier); err != nil {
		return err
	}
	for _, u := range users {
		if _, err := tx.exec(ctx, `INSERT INTO notifications (user_id, followup_id, event_type, text, created_at) VALUES (?, ?, ?, ?, ?)`,
			u, f.ID, string(ev.Type), supplier, tx.now); err != nil {
			return err
		}
	}
	return nil
}

// scopeFollowUpSQL adds the scope's condition on the follow-up alias f.
func scopeFollowUpSQL(q string, args []any, scope tillit.Scope) (string, []any) {
	if scope.All {
		return q, args
	}
	var parts []string
	if len(scope.SupplierIDs) > 0 {
		parts = append(parts, "f.supplier_id IN ("+placeholders(len(scope.SupplierIDs))+")")
		for _, id := range scope.SupplierIDs {
			args = append(args, id)
		}
	}
	if scope.AuditorUserID != 0 {
		parts = append(parts, "EXISTS (SELECT 1 FROM followup_audits a WHERE a.followup_id = f.id AND a.auditor_user_id = ?)")
		args = append(args, scope.AuditorUserID)
	}
	if len(parts) == 0 {
		return q + " AND 1=0", args
	}
	return q + " AND (" + strings.Join(parts, " OR ") + ")", args
}

// FindFollowUp returns a follow-up the scope may read; ENOTFOUND otherwise,
// so a guessed id outside the scope looks like one that does not exist.
func (db *DB) FindFollowUp(ctx context.Context, scope tillit.Scope, id int64) (*tillit.FollowUp, error) {
	var f *tillit.FollowUp
	err := db.read(ctx, func(tx *Tx) error {
		q, args := scopeFollowUpSQL("SELECT count(*) FROM followups f WHERE f.id = ?", []any{id}, scope)
		var n int
		if err := tx.queryRow(ctx, q, args...).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return tillit.Errorf(tillit.ENOTFOUND, "Follow-up %d not found.", id)
		}
		var err error
		f, err = tx.loadFollowUp(ctx, id, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindFollowUp: %w", err)
	}
	return f, nil
}

// FollowUpFilter selects follow-ups for lists and exports.
type FollowUpFilter struct {
	CategoryID int64
	RegionID   int64 // a responsible region
	SupplierID int64
	Status     tillit.FollowUpStatus
	Light      tillit.Light
	Severity   tillit.Severity // has an open deviation of this severity
	Overdue    bool
	Year       int    // opened, or closed, during this year
	Supplier   string // part of the supplier's current or former name
	Sort       string // "opened" (newest first, the default) or "supplier"
	After      Cursor // keyset paging
	Limit      int
}

// Cursor is the position after the last row of a page.
type Cursor struct {
	ID   int64
	Name string // supplier name, when sorting by supplier
}

// FollowUpRow is one line of the follow-up list.
type FollowUpRow struct {
	ID             int64
	SupplierID     int64
	Supplier       string
	CategoryID     int64
	CategorySV     string
	CategoryEN     string
	Status         tillit.FollowUpStatus
	OpenedAt       time.Time
	ClosedAt       time.Time
	CloseReason    tillit.CloseReason
	OpenDeviations int
	NextDue        time.Time
	Light          tillit.Light
	Regions        string // responsible regions, comma-separated
}

// FindFollowUps lists follow-ups within the scope.
func (db *DB) FindFollowUps(ctx context.Context, scope tillit.Scope, f FollowUpFilter) ([]FollowUpRow, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 50
	}
	today := dateString(tillit.SwedishDay(db.now()))
	q := `SELECT f.id, f.supplier_id, s.name, f.category_id, k.name_sv, k.name_en, f.status, f.opened_at, f.closed_at,
		f.close_reason, f.open_deviations, f.next_due
		FROM followups f JOIN organisations s ON s.id = f.supplier_id JOIN categories k ON k.id = f.category_id
		LEFT JOIN supplier_profiles p ON p.org_id = f.supplier_id WHERE 1=1`
	var args []any
	q, args = scopeFollowUpSQL(q, args, scope)
	if f.CategoryID != 0 {
		q += " AND f.category_id = ?"
		args = append(args, f.CategoryID)
	}
	if f.SupplierID != 0 {
		q += " AND f.supplier_id = ?"
		args = append(args, f.SupplierID)
	}
	if f.RegionID != 0 {
		q += " AND EXISTS (SELECT 1 FROM followup_regions r WHERE r.followup_id = f.id AND r.region_id = ?)"
		args = append(args, f.RegionID)
	}
	if f.Status != "" {
		q += " AND f.status = ?"
		args = append(args, f.Status)
	}
	switch f.Light {
	case tillit.LightRed:
		q += " AND f.status = 'open' AND f.next_due < ?"
		args = append(args, today)
	case tillit.LightYellow:
		q += " AND f.status = 'open' AND f.open_deviations > 0 AND (f.next_due IS NULL OR f.next_due >= ?)"
		args = append(args, today)
	case tillit.LightGreen:
		q += " AND (f.status = 'closed' OR f.open_deviations = 0 AND (f.next_due IS NULL OR f.next_due >= ?))"
		args = append(args, today)
	}
	if f.Overdue {
		q += " AND f.status = 'open' AND f.next_due < ?"
		args = append(args, today)
	}
	if f.Severity != "" {
		q += " AND EXISTS (SELECT 1 FROM followup_deviations d WHERE d.followup_id = f.id AND d.severity = ? AND d.status <> 'closed')"
		args = append(args, f.Severity)
	}
	if f.Year != 0 {
		from := time.Date(f.Year, 1, 1, 0, 0, 0, 0, time.UTC)
		to := from.AddDate(1, 0, 0)
		q += " AND (f.opened_at >= ? AND f.opened_at < ? OR f.closed_at >= ? AND f.closed_at < ?)"
		args = append(args, from, to, from, to)
	}
	if f.Supplier != "" {
		like := "%" + strings.ToLower(escapeLike(f.Supplier)) + "%"
		q += ` AND (lower(s.name) LIKE ? ESCAPE '\' OR lower(COALESCE(p.former_names, '')) LIKE ? ESCAPE '\')`
		args = append(args, like, like)
	}
	if f.Sort == "supplier" {
		if f.After.ID != 0 {
			q += " AND (s.name > ? OR s.name = ? AND f.id > ?)"
			args = append(args, f.After.Name, f.After.Name, f.After.ID)
		}
		q += " ORDER BY s.name, f.id"
	} else {
		if f.After.ID != 0 {
			q += " AND f.id < ?"
			args = append(args, f.After.ID)
		}
		q += " ORDER BY f.id DESC"
	}
	q += " LIMIT ?"
	args = append(args, f.Limit)
	var out []FollowUpRow
	now := db.now()
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		idx := map[int64]int{}
		for rows.Next() {
			var r FollowUpRow
			var closed *time.Time
			var due dateScan
			if err := rows.Scan(&r.ID, &r.SupplierID, &r.Supplier, &r.CategoryID, &r.CategorySV, &r.CategoryEN, &r.Status,
				&r.OpenedAt, &closed, &r.CloseReason, &r.OpenDeviations, &due); err != nil {
				rows.Close()
				return err
			}
			if closed != nil {
				r.ClosedAt = *closed
			}
			r.NextDue = due.t
			r.Light = lightOf(r, now)
			idx[r.ID] = len(out)
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(out) == 0 {
			return err
		}
		// The regions of the page in one query.
		ids := make([]any, 0, len(out))
		for _, r := range out {
			ids = append(ids, r.ID)
		}
		rows, err = tx.query(ctx, `SELECT fr.followup_id, o.name FROM followup_regions fr JOIN organisations o ON o.id = fr.region_id
			WHERE fr.followup_id IN (`+placeholders(len(ids))+`) ORDER BY o.county_code`, ids...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				return err
			}
			r := &out[idx[id]]
			if r.Regions != "" {
				r.Regions += ", "
			}
			r.Regions += name
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindFollowUps: %w", err)
	}
	return out, nil
}

// lightOf is FollowUp.Light computed from the list columns: red from the
// day after the earliest pending deadline.
func lightOf(r FollowUpRow, now time.Time) tillit.Light {
	if r.Status == tillit.FollowUpClosed {
		return tillit.LightGreen
	}
	if !r.NextDue.IsZero() && tillit.SwedishDay(now).After(r.NextDue) {
		return tillit.LightRed
	}
	if r.OpenDeviations > 0 {
		return tillit.LightYellow
	}
	return tillit.LightGreen
}

// Exposure is every region holding a contract in force with a supplier.
type Exposure struct {
	RegionID   int64
	Region     string
	CountyCode string
	InCategory bool // at least one of the contracts is in the follow-up's category
	Contracts  int
}

// FindExposure lists the regions with contracts in force on day with the
// supplier, marking those in the category (0: none marked).
func (db *DB) FindExposure(ctx context.Context, supplierID, categoryID int64, day time.Time) ([]Exposure, error) {
	var out []Exposure
	d := dateString(day)
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT c.region_id, o.name, COALESCE(o.county_code, ''),
			SUM(CASE WHEN c.category_id = ? THEN 1 ELSE 0 END), count(*)
			FROM contracts c JOIN organisations o ON o.id = c.region_id
			WHERE c.supplier_id = ? AND c.start_date <= ? AND c.end_date >= ?
			GROUP BY c.region_id, o.name, o.county_code ORDER BY o.county_code`, categoryID, supplierID, d, d)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e Exposure
			var inCat int
			if err := rows.Scan(&e.RegionID, &e.Region, &e.CountyCode, &inCat, &e.Contracts); err != nil {
				return err
			}
			e.InCategory = inCat > 0
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindExposure: %w", err)
	}
	return out, nil
}
