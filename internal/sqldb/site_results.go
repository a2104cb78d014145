package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
)

// Published results: the editor writes a summary of a closed follow-up, a
// coordinator of a responsible region (or the office) approves it, and it
// appears once the supplier's review window after the approval has
// passed. Also the annual reports the office has put on the site.

// ClosedFollowUp is a closed follow-up the editor may summarise: only the
// facts a summary shows, read across every scope on purpose (the editor
// reads no follow-ups otherwise).
type ClosedFollowUp struct {
	ID          int64
	Supplier    string
	Category    tillit.Translated
	ClosedAt    time.Time
	CloseReason tillit.CloseReason
	SummaryID   int64 // 0 when none is written yet
}

// UnscopedClosedFollowUps lists closed follow-ups, latest closed first.
func (db *DB) UnscopedClosedFollowUps(ctx context.Context, limit int) ([]ClosedFollowUp, error) {
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	var out []ClosedFollowUp
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, `SELECT f.id, o.name, c.name_sv, c.name_en, f.closed_at, f.close_reason, COALESCE(r.id, 0)
			FROM followups f JOIN organisations o ON o.id = f.supplier_id JOIN categories c ON c.id = f.category_id
			LEFT JOIN result_summaries r ON r.followup_id = f.id
			WHERE f.status = 'closed' ORDER BY f.closed_at DESC, f.id DESC LIMIT ?`, []any{limit},
			func(rows *sql.Rows) (ClosedFollowUp, error) {
				var c ClosedFollowUp
				err := rows.Scan(&c.ID, &c.Supplier, &c.Category.SV, &c.Category.EN, &c.ClosedAt, &c.CloseReason, &c.SummaryID)
				return c, err
			})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.UnscopedClosedFollowUps: %w", err)
	}
	return out, nil
}

const resultColumns = `r.id, r.followup_id, r.light, r.summary_sv, r.summary_en, r.approved_at, r.approved_by_label, r.visible_from, r.updated_at,
	o.name, c.name_sv, c.name_en, f.closed_at`

const resultFrom = ` FROM result_summaries r JOIN followups f ON f.id = r.followup_id
	JOIN organisations o ON o.id = f.supplier_id JOIN categories c ON c.id = f.category_id`

func scanResult(s interface{ Scan(...any) error }, r *tillit.ResultSummary) error {
	var approved, visible, closed *time.Time
	if err := s.Scan(&r.ID, &r.FollowUpID, &r.Light, &r.Summary.SV, &r.Summary.EN, &approved, &r.ApprovedBy, &visible, &r.UpdatedAt,
		&r.Supplier, &r.Category.SV, &r.Category.EN, &closed); err != nil {
		return err
	}
	for _, p := range []struct {
		dst *time.Time
		src *time.Time
	}{{&r.ApprovedAt, approved}, {&r.VisibleFrom, visible}, {&r.ClosedAt, closed}} {
		if p.src != nil {
			*p.dst = p.src.UTC()
		}
	}
	return nil
}

// loadRegions fills in each summary's responsible regions.
func (tx *Tx) loadResultRegions(ctx context.Context, rs []tillit.ResultSummary) error {
	for i := range rs {
		ids, err := collect(ctx, tx, "SELECT region_id FROM followup_regions WHERE followup_id = ? ORDER BY region_id", []any{rs[i].FollowUpID},
			func(rows *sql.Rows) (int64, error) {
				var id int64
				return id, rows.Scan(&id)
			})
		if err != nil {
			return err
		}
		rs[i].ResponsibleIn = ids
	}
	return nil
}

// SaveResultSummary creates (ID 0) or changes a summary. The follow-up
// must be closed. Changing a summary withdraws its approval: the text the
// region approved is the text that is published.
func (db *DB) SaveResultSummary(ctx context.Context, actor tillit.Actor, r *tillit.ResultSummary) error {
	if err := r.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		var status tillit.FollowUpStatus
		err := tx.queryRow(ctx, "SELECT status FROM followups WHERE id = ?", r.FollowUpID).Scan(&status)
		if isNoRows(err) {
			return tillit.Errorf(tillit.ENOTFOUND, "Follow-up %d not found.", r.FollowUpID)
		}
		if err != nil {
			return err
		}
		if status != tillit.FollowUpClosed {
			return tillit.Errorf(tillit.ECONFLICT, "Only closed follow-ups can be summarised for the public site.")
		}
		if r.ID == 0 {
			id, err := tx.insert(ctx, `INSERT INTO result_summaries (followup_id, light, summary_sv, summary_en, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?)`, r.FollowUpID, r.Light, r.Summary.SV, r.Summary.EN, tx.now, tx.now)
			if isUniqueViolation(err) {
				return tillit.Errorf(tillit.ECONFLICT, "This follow-up already has a summary. Edit that one instead.")
			}
			if err != nil {
				return err
			}
			r.ID = id
			return tx.audit(ctx, actor, "result_summary.create", "result_summary", id, nil, r)
		}
		before, err := tx.findResult(ctx, r.ID)
		if err != nil {
			return err
		}
		if before.FollowUpID != r.FollowUpID {
			return tillit.Errorf(tillit.EINVALID, "A summary stays with its follow-up; write a new summary for another one.")
		}
		if _, err := tx.exec(ctx, `UPDATE result_summaries SET light = ?, summary_sv = ?, summary_en = ?, approved_at = NULL, approved_by = NULL,
			approved_by_label = '', visible_from = NULL, updated_at = ? WHERE id = ?`, r.Light, r.Summary.SV, r.Summary.EN, tx.now, r.ID); err != nil {
			return err
		}
		r.ApprovedAt, r.VisibleFrom, r.ApprovedBy = time.Time{}, time.Time{}, ""
		if err := tx.touchSite(ctx); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "result_summary.update", "result_summary", r.ID, before, r)
	})
	if err != nil {
		return fmt.Errorf("sqldb.SaveResultSummary: %w", err)
	}
	return nil
}

// ApproveResult approves a summary for publication; it appears after the
// supplier's review window. authorise gets the summary (with its
// follow-up's responsible regions) and refuses when the actor may not
// approve it; it runs inside the transaction, so the check and the
// approval see the same rows.
func (db *DB) ApproveResult(ctx context.Context, actor tillit.Actor, id int64, window time.Duration, authorise func(*tillit.ResultSummary) error) (*tillit.ResultSummary, error) {
	var r *tillit.ResultSummary
	err := db.write(ctx, func(tx *Tx) error {
		var err error
		if r, err = tx.findResult(ctx, id); err != nil {
			return err
		}
		if err := authorise(r); err != nil {
			return err
		}
		if !r.ApprovedAt.IsZero() {
			return tillit.Errorf(tillit.ECONFLICT, "This summary is already approved.")
		}
		before := *r
		r.ApprovedAt, r.VisibleFrom, r.ApprovedBy = tx.now, tx.now.Add(window), actor.Label()
		if _, err := tx.exec(ctx, "UPDATE result_summaries SET approved_at = ?, approved_by = ?, approved_by_label = ?, visible_from = ? WHERE id = ?",
			r.ApprovedAt, nullID(actor.UserID), r.ApprovedBy, r.VisibleFrom, id); err != nil {
			return err
		}
		if err := tx.touchSite(ctx); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "result_summary.approve", "result_summary", id, before, r)
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.ApproveResult: %w", err)
	}
	return r, nil
}

// WithdrawResult takes back an approval, so the summary is not (or no
// longer) public; authorise is as for ApproveResult.
func (db *DB) WithdrawResult(ctx context.Context, actor tillit.Actor, id int64, authorise func(*tillit.ResultSummary) error) error {
	err := db.write(ctx, func(tx *Tx) error {
		r, err := tx.findResult(ctx, id)
		if err != nil {
			return err
		}
		if err := authorise(r); err != nil {
			return err
		}
		if r.ApprovedAt.IsZero() {
			return tillit.Errorf(tillit.ECONFLICT, "This summary is not approved.")
		}
		if _, err := tx.exec(ctx, "UPDATE result_summaries SET approved_at = NULL, approved_by = NULL, approved_by_label = '', visible_from = NULL WHERE id = ?", id); err != nil {
			return err
		}
		if err := tx.touchSite(ctx); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "result_summary.withdraw", "result_summary", id, r, nil)
	})
	if err != nil {
		return fmt.Errorf("sqldb.WithdrawResult: %w", err)
	}
	return nil
}

func (tx *Tx) findResult(ctx context.Context, id int64) (*tillit.ResultSummary, error) {
	var r tillit.ResultSummary
	err := scanResult(tx.queryRow(ctx, "SELECT "+resultColumns+resultFrom+" WHERE r.id = ?", id), &r)
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "The summary was not found.")
	}
	if err != nil {
		return nil, err
	}
	rs := []tillit.ResultSummary{r}
	if err := tx.loadResultRegions(ctx, rs); err != nil {
		return nil, err
	}
	return &rs[0], nil
}

// FindResultSummary returns a summary in any state, for the editor and
// the approvers.
func (db *DB) FindResultSummary(ctx context.Context, id int64) (*tillit.ResultSummary, error) {
	var r *tillit.ResultSummary
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		r, err = tx.findResult(ctx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindResultSummary: %w", err)
	}
	return r, nil
}

// ResultFilter narrows FindResultSummaries. A zero PublicAt lists every
// summary; otherwise only those the public sees at that time.
type ResultFilter struct {
	PublicAt        time.Time
	AwaitingOnly    bool // not yet approved
	ResponsibleRegs []int64
}

// FindResultSummaries lists summaries, the latest closed follow-up first.
func (db *DB) FindResultSummaries(ctx context.Context, f ResultFilter) ([]tillit.ResultSummary, error) {
	q := "SELECT " + resultColumns + resultFrom + " WHERE 1 = 1"
	var args []any
	if !f.PublicAt.IsZero() {
		q += " AND r.approved_at IS NOT NULL AND r.visible_from <= ?"
		args = append(args, f.PublicAt.UTC())
	}
	if f.AwaitingOnly {
		q += " AND r.approved_at IS NULL"
	}
	if len(f.ResponsibleRegs) > 0 {
		q += " AND EXISTS (SELECT 1 FROM followup_regions fr WHERE fr.followup_id = f.id AND fr.region_id IN (" + placeholders(len(f.ResponsibleRegs)) + "))"
		for _, id := range f.ResponsibleRegs {
			args = append(args, id)
		}
	}
	q += " ORDER BY f.closed_at DESC, r.id DESC LIMIT 1000"
	var out []tillit.ResultSummary
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, q, args, func(rows *sql.Rows) (tillit.ResultSummary, error) {
			var r tillit.ResultSummary
			return r, scanResult(rows, &r)
		})
		if err != nil {
			return err
		}
		return tx.loadResultRegions(ctx, out)
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindResultSummaries: %w", err)
	}
	return out, nil
}

// PublishReport puts a year's computed annual report on the public site.
func (db *DB) PublishReport(ctx context.Context, actor tillit.Actor, year int) error {
	if !tillit.ValidReportYear(year) {
		return tillit.Errorf(tillit.EINVALID, "Write the year with four digits, for example 2022.")
	}
	err := db.write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "INSERT INTO published_reports (year, published_at, published_by) VALUES (?, ?, ?)", year, tx.now, nullID(actor.UserID))
		if isUniqueViolation(err) {
			return tillit.Errorf(tillit.ECONFLICT, "The annual report for %d is already on the public site.", year)
		}
		if err != nil {
			return err
		}
		if err := tx.touchSite(ctx); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "report.publish", "published_report", int64(year), nil, map[string]int{"year": year})
	})
	if err != nil {
		return fmt.Errorf("sqldb.PublishReport: %w", err)
	}
	return nil
}

// UnpublishReport takes a year's report off the public site.
func (db *DB) UnpublishReport(ctx context.Context, actor tillit.Actor, year int) error {
	err := db.write(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "DELETE FROM published_reports WHERE year = ?", year)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tillit.Errorf(tillit.ENOTFOUND, "The annual report for %d is not on the public site.", year)
		}
		if err := tx.touchSite(ctx); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "report.unpublish", "published_report", int64(year), map[string]int{"year": year}, nil)
	})
	if err != nil {
		return fmt.Errorf("sqldb.UnpublishReport: %w", err)
	}
	return nil
}

// PublishedReports lists the years whose report is on the site, newest first.
func (db *DB) PublishedReports(ctx context.Context) ([]int, error) {
	var out []int
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, "SELECT year FROM published_reports ORDER BY year DESC", nil, func(rows *sql.Rows) (int, error) {
			var y int
			return y, rows.Scan(&y)
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.PublishedReports: %w", err)
	}
	return out, nil
}
