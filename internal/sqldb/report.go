package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/tillit-project/tillit"
)

// The annual activity report, counted from the follow-ups' rows and
// events in one read snapshot. Every query is bounded by the year (the
// indexes of migration 0004), so a report costs the same however many
// years the database holds; lists are sorted in Swedish alphabetical
// order, as the published report lists suppliers.

// trendYears is how many years the year-over-year comparison shows,
// including the report's own.
const trendYears = 5

// AnnualReport computes the report for year. A year without data gives
// zeros and empty lists, not an error; a year without finances gives a nil
// Finance with the reason in FinanceProblem.
func (db *DB) AnnualReport(ctx context.Context, year int) (*tillit.AnnualReport, error) {
	if !tillit.ValidReportYear(year) {
		return nil, tillit.Errorf(tillit.EINVALID, "Choose a year between 2000 and 2100.")
	}
	now := db.now()
	from, to := tillit.ReportYearBounds(year)
	rep := &tillit.AnnualReport{Year: year, Complete: !now.Before(to), ComputedAt: now}
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if rep.FollowUp, err = tx.followUpFigures(ctx, from, to); err != nil {
			return err
		}
		if rep.AuditsStarted, err = tx.auditsStarted(ctx, from, to); err != nil {
			return err
		}
		if rep.AuditsClosed, err = tx.auditsClosed(ctx, from, to); err != nil {
			return err
		}
		if rep.Categories, err = tx.categoryFigures(ctx, year, from, to, now); err != nil {
			return err
		}
		days, err := tx.deviationFigures(ctx, from, to, rep)
		if err != nil {
			return err
		}
		rep.MedianDaysToClosure = tillit.Median(days)
		risk, err := tx.riskAnalysesApproved(ctx, from, to)
		if err != nil {
			return err
		}
		rep.RiskAnalysesApproved = &risk
		trained, recorded, err := tx.peopleTrained(ctx, from, to)
		if err != nil {
			return err
		}
		if recorded {
			rep.PeopleTrained = &trained
		}
		for y := year - trendYears + 1; y <= year; y++ {
			if y == year {
				rep.Trend = append(rep.Trend, tillit.YearFigures{Year: y, FollowUp: rep.FollowUp})
				continue
			}
			f, t := tillit.ReportYearBounds(y)
			fig, err := tx.followUpFigures(ctx, f, t)
			if err != nil {
				return err
			}
			rep.Trend = append(rep.Trend, tillit.YearFigures{Year: y, FollowUp: fig})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.AnnualReport: %w", err)
	}
	// The statement has its own snapshot: it walks back through earlier
	// years and is shared with the finance pages.
	st, err := db.FindFinanceStatement(ctx, year)
	switch code := tillit.ErrorCode(err); {
	case err == nil:
		rep.Finance = st
	case code == tillit.ENOTFOUND || code == tillit.ECONFLICT:
		var e *tillit.Error
		if errors.As(err, &e) {
			rep.FinanceProblem = e
		}
	default:
		return nil, err
	}
	return rep, nil
}

// followUpFigures counts the follow-up process in [from, to).
func (tx *Tx) followUpFigures(ctx context.Context, from, to time.Time) (tillit.FollowUpFigures, error) {
	var f tillit.FollowUpFigures
	fromUTC, toUTC := from.UTC(), to.UTC()
	counts := map[tillit.EventType]*int{
		tillit.EventSelfAssessmentSent:      &f.SAQSent,
		tillit.EventSelfAssessmentSubmitted: &f.SAQAnswered,
	}
	rows, err := tx.query(ctx, `SELECT type, COUNT(*) FROM followup_events WHERE type IN (?, ?) AND at >= ? AND at < ? GROUP BY type`,
		tillit.EventSelfAssessmentSent, tillit.EventSelfAssessmentSubmitted, fromUTC, toUTC)
	if err != nil {
		return f, err
	}
	for rows.Next() {
		var t tillit.EventType
		var n int
		if err := rows.Scan(&t, &n); err != nil {
			rows.Close()
			return f, err
		}
		*counts[t] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, err
	}

	// The verdict is only in the event's data (JSON text): counted by the
	// database, which reads the one field, instead of every review event
	// decoded here (a third of the dashboard's time at EU scale).
	verdict := "json_extract(data, '$.Verdict')"
	if tx.dialect == Postgres {
		verdict = "(data::json)->>'Verdict'"
	}
	rows, err = tx.query(ctx, `SELECT `+verdict+`, COUNT(*) FROM followup_events WHERE type = ? AND at >= ? AND at < ? GROUP BY 1`,
		tillit.EventSelfAssessmentReviewed, fromUTC, toUTC)
	if err != nil {
		return f, err
	}
	for rows.Next() {
		var v sql.NullString
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			rows.Close()
			return f, err
		}
		f.SAQReviewed += n
		if tillit.Verdict(v.String) == tillit.VerdictDeficient {
			f.SAQDeficient += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, err
	}

	// Audits count on the day they were performed, a calendar date.
	kinds := map[tillit.AuditKind]*int{
		tillit.AuditOffice: &f.OfficeAuditsStarted, tillit.AuditSite: &f.SiteAuditsStarted,
		tillit.AuditReAudit: &f.ReAudits, tillit.AuditDeskReview: &f.DeskReviews,
	}
	rows, err = tx.query(ctx, `SELECT kind, COUNT(*) FROM followup_audits WHERE status = ? AND performed_on >= ? AND performed_on < ? GROUP BY kind`,
		tillit.AuditPerformed, dateString(from), dateString(to))
	if err != nil {
		return f, err
	}
	for rows.Next() {
		var k tillit.AuditKind
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return f, err
		}
		if p, ok := kinds[k]; ok {
			*p = n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, err
	}

	err = tx.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM followups WHERE opened_at >= ? AND opened_at < ?),
		(SELECT COUNT(*) FROM followups WHERE closed_at >= ? AND closed_at < ?),
		(SELECT COUNT(*) FROM followups f WHERE f.closed_at >= ? AND f.closed_at < ?
			AND EXISTS (SELECT 1 FROM followup_audits a WHERE a.followup_id = f.id AND a.status = ?)),
		(SELECT COUNT(*) FROM followups WHERE opened_at < ? AND (closed_at IS NULL OR closed_at >= ?))`,
		fromUTC, toUTC, fromUTC, toUTC, fromUTC, toUTC, tillit.AuditPerformed, toUTC, toUTC,
	).Scan(&f.FollowUpsOpened, &f.FollowUpsClosed, &f.AuditsClosed, &f.FollowUpsOngoingYearEnd)
	return f, err
}

// swedishOrder sorts names as a Swedish reader expects: case-insensitive,
// digits first, å ä ö after z.
func swedishOrder[T any](items []T, name func(T) string) {
	c := collate.New(language.Swedish, collate.IgnoreCase)
	slices.SortStableFunc(items, func(a, b T) int { return c.CompareString(name(a), name(b)) })
}

// auditsStarted lists the office and site audits performed in [from, to).
func (tx *Tx) auditsStarted(ctx context.Context, from, to time.Time) ([]tillit.ReportAudit, error) {
	out, err := collect(ctx, tx, `SELECT a.followup_id, a.audit_id, s.name, k.id, k.name_sv, k.name_en, a.kind, a.performed_on
		FROM followup_audits a JOIN followups f ON f.id = a.followup_id
		JOIN organisations s ON s.id = f.supplier_id JOIN categories k ON k.id = f.category_id
		WHERE a.status = ? AND a.kind IN (?, ?) AND a.performed_on >= ? AND a.performed_on < ?
		ORDER BY a.performed_on, a.followup_id, a.audit_id`,
		[]any{tillit.AuditPerformed, tillit.AuditOffice, tillit.AuditSite, dateString(from), dateString(to)},
		func(r *sql.Rows) (tillit.ReportAudit, error) {
			var a tillit.ReportAudit
			var on dateScan
			err := r.Scan(&a.FollowUpID, &a.AuditID, &a.Supplier, &a.CategoryID, &a.CategorySV, &a.CategoryEN, &a.Kind, &on)
			a.PerformedOn = on.t
			return a, err
		})
	swedishOrder(out, func(a tillit.ReportAudit) string { return a.Supplier })
	return out, err
}

// auditsClosed lists the follow-ups closed in [from, to) after an audit.
func (tx *Tx) auditsClosed(ctx context.Context, from, to time.Time) ([]tillit.ReportClosure, error) {
	out, err := collect(ctx, tx, `SELECT f.id, s.name, k.id, k.name_sv, k.name_en, f.closed_at, f.close_reason, f.open_deviations
		FROM followups f JOIN organisations s ON s.id = f.supplier_id JOIN categories k ON k.id = f.category_id
		WHERE f.closed_at >= ? AND f.closed_at < ?
			AND EXISTS (SELECT 1 FROM followup_audits a WHERE a.followup_id = f.id AND a.status = ?)
		ORDER BY f.closed_at, f.id`,
		[]any{from.UTC(), to.UTC(), tillit.AuditPerformed},
		func(r *sql.Rows) (tillit.ReportClosure, error) {
			var c tillit.ReportClosure
			err := r.Scan(&c.FollowUpID, &c.Supplier, &c.CategoryID, &c.CategorySV, &c.CategoryEN, &c.ClosedAt, &c.Reason, &c.OpenDeviations)
			c.ClosedAt = c.ClosedAt.UTC()
			return c, err
		})
	swedishOrder(out, func(c tillit.ReportClosure) string { return c.Supplier })
	return out, err
}

// deviationFigures fills the report's deviations by severity, overall and
// per category, and returns the days each deviation closed in the year
// took, for the median. Recorded deviations are counted by the database;
// only those closed in the year are read one by one, for their durations.
func (tx *Tx) deviationFigures(ctx context.Context, from, to time.Time, rep *tillit.AnnualReport) ([]float64, error) {
	type count struct {
		categoryID int64
		severity   tillit.Severity
		n          int
	}
	fromUTC, toUTC := from.UTC(), to.UTC()
	opened, err := collect(ctx, tx, `SELECT f.category_id, d.severity, COUNT(*)
		FROM followup_deviations d JOIN followups f ON f.id = d.followup_id
		WHERE d.recorded_at >= ? AND d.recorded_at < ?
		GROUP BY f.category_id, d.severity`,
		[]any{fromUTC, toUTC},
		func(r *sql.Rows) (count, error) {
			var c count
			err := r.Scan(&c.categoryID, &c.severity, &c.n)
			return c, err
		})
	if err != nil {
		return nil, err
	}
	type closing struct {
		categoryID       int64
		severity         tillit.Severity
		recorded, closed time.Time
	}
	closed, err := collect(ctx, tx, `SELECT f.category_id, d.severity, d.recorded_at, d.closed_at
		FROM followup_deviations d JOIN followups f ON f.id = d.followup_id
		WHERE d.closed_at >= ? AND d.closed_at < ?`,
		[]any{fromUTC, toUTC},
		func(r *sql.Rows) (closing, error) {
			var c closing
			err := r.Scan(&c.categoryID, &c.severity, &c.recorded, &c.closed)
			return c, err
		})
	if err != nil {
		return nil, err
	}
	index := func(s tillit.Severity) int {
		for i, v := range tillit.Severities {
			if v == s {
				return i
			}
		}
		return -1
	}
	rep.Deviations = severityRows()
	cats := map[int64]int{}
	for i, c := range rep.Categories {
		cats[c.CategoryID] = i
	}
	for _, c := range opened {
		if i := index(c.severity); i >= 0 {
			rep.Deviations[i].Opened += c.n
			if ci, ok := cats[c.categoryID]; ok {
				rep.Categories[ci].Deviations[i].Opened += c.n
			}
		}
	}
	days := make([]float64, 0, len(closed))
	for _, c := range closed {
		if i := index(c.severity); i >= 0 {
			rep.Deviations[i].Closed++
			if ci, ok := cats[c.categoryID]; ok {
				rep.Categories[ci].Deviations[i].Closed++
			}
			days = append(days, tillit.DaysBetween(c.recorded, c.closed))
		}
	}
	return days, nil
}

func severityRows() []tillit.SeverityFigures {
	out := make([]tillit.SeverityFigures, len(tillit.Severities))
	for i, s := range tillit.Severities {
		out[i].Severity = s
	}
	return out
}

// categoryFigures gives every category its responsible regions on the
// year's last day (today, for the current year), its narrative and its
// counts. Deviations are filled in by deviationFigures.
func (tx *Tx) categoryFigures(ctx context.Context, year int, from, to, now time.Time) ([]tillit.CategoryFigures, error) {
	cats, err := collect(ctx, tx, `SELECT k.id, k.code, k.name_sv, k.name_en, COALESCE(n.text, ''), n.updated_at
		FROM categories k LEFT JOIN report_narratives n ON n.category_id = k.id AND n.year = ?
		ORDER BY k.name_sv`, []any{year},
		func(r *sql.Rows) (tillit.CategoryFigures, error) {
			var c tillit.CategoryFigures
			var updated sql.NullTime
			err := r.Scan(&c.CategoryID, &c.Code, &c.NameSV, &c.NameEN, &c.Narrative, &updated)
			if updated.Valid {
				c.NarrativeUpdatedAt = updated.Time.UTC()
			}
			c.Deviations = severityRows()
			return c, err
		})
	if err != nil {
		return nil, err
	}
	swedishOrder(cats, func(c tillit.CategoryFigures) string { return c.NameSV })
	idx := map[int64]int{}
	for i, c := range cats {
		idx[c.CategoryID] = i
	}

	day := to.AddDate(0, 0, -1)
	if now.Before(to) && !now.Before(from) {
		day = now
	}
	type resp struct {
		categoryID int64
		region     string
		from, to   time.Time
	}
	resps, err := collect(ctx, tx, `SELECT r.category_id, o.name, r.valid_from, r.valid_to
		FROM category_responsibilities r JOIN organisations o ON o.id = r.region_id
		ORDER BY o.county_code, o.name`, nil,
		func(r *sql.Rows) (resp, error) {
			var v resp
			var f, t dateScan
			err := r.Scan(&v.categoryID, &v.region, &f, &t)
			v.from, v.to = f.t, t.t
			return v, err
		})
	if err != nil {
		return nil, err
	}
	for _, r := range resps {
		i, ok := idx[r.categoryID]
		if ok && (tillit.Responsibility{ValidFrom: r.from, ValidTo: r.to}).ActiveOn(tillit.SwedishDay(day)) {
			cats[i].Responsible = append(cats[i].Responsible, r.region)
		}
	}

	fromUTC, toUTC := from.UTC(), to.UTC()
	type count struct {
		categoryID                      int64
		opened, closed, ongoing, audits int
	}
	counts, err := collect(ctx, tx, `SELECT category_id,
			SUM(CASE WHEN opened_at >= ? AND opened_at < ? THEN 1 ELSE 0 END),
			SUM(CASE WHEN closed_at >= ? AND closed_at < ? THEN 1 ELSE 0 END),
			SUM(CASE WHEN opened_at < ? AND (closed_at IS NULL OR closed_at >= ?) THEN 1 ELSE 0 END),
			0
		FROM followups WHERE opened_at < ? AND (closed_at IS NULL OR closed_at >= ?)
		GROUP BY category_id
		UNION ALL
		SELECT f.category_id, 0, 0, 0, COUNT(*)
		FROM followup_audits a JOIN followups f ON f.id = a.followup_id
		WHERE a.status = ? AND a.kind IN (?, ?) AND a.performed_on >= ? AND a.performed_on < ?
		GROUP BY f.category_id`,
		[]any{fromUTC, toUTC, fromUTC, toUTC, toUTC, toUTC, toUTC, fromUTC,
			tillit.AuditPerformed, tillit.AuditOffice, tillit.AuditSite, dateString(from), dateString(to)},
		func(r *sql.Rows) (count, error) {
			var c count
			err := r.Scan(&c.categoryID, &c.opened, &c.closed, &c.ongoing, &c.audits)
			return c, err
		})
	if err != nil {
		return nil, err
	}
	for _, c := range counts {
		if i, ok := idx[c.categoryID]; ok {
			cats[i].FollowUpsOpened += c.opened
			cats[i].FollowUpsClosed += c.closed
			cats[i].FollowUpsOngoing += c.ongoing
			cats[i].AuditsStarted += c.audits
		}
	}
	return cats, nil
}

// SaveNarrative stores the national office's text for a category in a
// year's report; an empty text removes it.
func (db *DB) SaveNarrative(ctx context.Context, actor tillit.Actor, year int, categoryID int64, text string) error {
	if !tillit.ValidReportYear(year) {
		return tillit.Errorf(tillit.EINVALID, "Choose a year between 2000 and 2100.")
	}
	if err := tillit.ValidateNarrative(text); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		var exists int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM categories WHERE id = ?`, categoryID).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return tillit.Errorf(tillit.ENOTFOUND, "Category %d not found.", categoryID)
		}
		var before string
		err := tx.queryRow(ctx, `SELECT text FROM report_narratives WHERE year = ? AND category_id = ?`, year, categoryID).Scan(&before)
		if err != nil && !isNoRows(err) {
			return err
		}
		if before == text {
			return nil
		}
		if _, err := tx.exec(ctx, `DELETE FROM report_narratives WHERE year = ? AND category_id = ?`, year, categoryID); err != nil {
			return err
		}
		if text != "" {
			if _, err := tx.exec(ctx, `INSERT INTO report_narratives (year, category_id, text, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)`,
				year, categoryID, text, db.now(), nullID(actor.UserID)); err != nil {
				return err
			}
		}
		type narrative struct {
			Year       int    `json:"year"`
			CategoryID int64  `json:"category_id"`
			Text       string `json:"text"`
		}
		return tx.audit(ctx, actor, "report.narrative_saved", "category", categoryID,
			narrative{year, categoryID, before}, narrative{year, categoryID, text})
	})
	if err != nil {
		return fmt.Errorf("sqldb.SaveNarrative: %w", err)
	}
	return nil
}

// FirstReportYear is the first year with a follow-up or finances, or 0
// when there is neither.
func (db *DB) FirstReportYear(ctx context.Context) (int, error) {
	first := 0
	err := db.read(ctx, func(tx *Tx) error {
		// ORDER BY … LIMIT 1 rather than MIN: SQLite keeps the column's
		// type for a plain column, so the driver returns a time.
		var opened sql.NullTime
		err := tx.queryRow(ctx, `SELECT opened_at FROM followups ORDER BY opened_at LIMIT 1`).Scan(&opened)
		if err != nil && !isNoRows(err) {
			return err
		}
		if opened.Valid {
			from, _ := tillit.ReportYearBounds(opened.Time.Year())
			first = opened.Time.In(from.Location()).Year()
		}
		var fin sql.NullInt64
		if err := tx.queryRow(ctx, `SELECT MIN(year) FROM finance_years`).Scan(&fin); err != nil {
			return err
		}
		if fin.Valid && (first == 0 || int(fin.Int64) < first) {
			first = int(fin.Int64)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("sqldb.FirstReportYear: %w", err)
	}
	return first, nil
}

// FollowUpFigures counts a year's follow-up process alone: what the
// dashboard shows on every visit, without the rest of the report.
func (db *DB) FollowUpFigures(ctx context.Context, year int) (tillit.FollowUpFigures, error) {
	var f tillit.FollowUpFigures
	if !tillit.ValidReportYear(year) {
		return f, tillit.Errorf(tillit.EINVALID, "Choose a year between 2000 and 2100.")
	}
	from, to := tillit.ReportYearBounds(year)
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		f, err = tx.followUpFigures(ctx, from, to)
		return err
	})
	if err != nil {
		return f, fmt.Errorf("sqldb.FollowUpFigures: %w", err)
	}
	return f, nil
}
