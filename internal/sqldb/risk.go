package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
)

// Risk analyses: the analysis row and its cells, countries and product
// groups, rewritten together on every change of a draft. Approval freezes
// the rows; the schema's CHECK keeps status and approval date in step.

// CreateRiskAnalysis stores a new draft.
func (db *DB) CreateRiskAnalysis(ctx context.Context, actor tillit.Actor, a *tillit.RiskAnalysis) error {
	a.Status = tillit.RiskDraft
	if err := a.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.requireCategory(ctx, a.CategoryID); err != nil {
			return err
		}
		now := db.now()
		id, err := tx.insert(ctx, `INSERT INTO risk_analyses (category_id, year, title, scope, status, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1)`, a.CategoryID, a.Year, a.Title, a.Scope, a.Status, now, now)
		if isUniqueViolation(err) {
			return tillit.Errorf(tillit.ECONFLICT, "The category already has a risk analysis called %q for %d; give this one another title or open that one.", a.Title, a.Year)
		}
		if err != nil {
			return err
		}
		a.ID, a.CreatedAt, a.UpdatedAt, a.Version = id, now, now, 1
		if err := tx.writeRiskParts(ctx, a); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "risk_analysis.created", "risk_analysis", a.ID, nil, a)
	})
	if err != nil {
		return fmt.Errorf("sqldb.CreateRiskAnalysis: %w", err)
	}
	return nil
}

// UpdateRiskAnalysis replaces a draft's content. a.Version must be the
// version the change was based on, so two people editing at once do not
// overwrite each other silently.
func (db *DB) UpdateRiskAnalysis(ctx context.Context, actor tillit.Actor, a *tillit.RiskAnalysis) error {
	if err := a.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		before, err := tx.findRiskAnalysis(ctx, a.ID, true)
		if err != nil {
			return err
		}
		if err := before.CanEdit(); err != nil {
			return err
		}
		if before.Version != a.Version {
			return tillit.Errorf(tillit.ECONFLICT, "Someone else changed the risk analysis while you edited it. Open it again and redo your change.")
		}
		if a.CategoryID != before.CategoryID {
			if err := tx.requireCategory(ctx, a.CategoryID); err != nil {
				return err
			}
		}
		now := db.now()
		_, err = tx.exec(ctx, `UPDATE risk_analyses SET category_id = ?, year = ?, title = ?, scope = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			a.CategoryID, a.Year, a.Title, a.Scope, now, a.ID)
		if isUniqueViolation(err) {
			return tillit.Errorf(tillit.ECONFLICT, "The category already has a risk analysis called %q for %d; give this one another title or open that one.", a.Title, a.Year)
		}
		if err != nil {
			return err
		}
		for _, t := range []string{"risk_cells", "risk_countries", "risk_products"} {
			if _, err := tx.exec(ctx, "DELETE FROM "+t+" WHERE analysis_id = ?", a.ID); err != nil {
				return err
			}
		}
		a.Status, a.CreatedAt, a.UpdatedAt, a.Version = tillit.RiskDraft, before.CreatedAt, now, before.Version+1
		if err := tx.writeRiskParts(ctx, a); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "risk_analysis.updated", "risk_analysis", a.ID, before, a)
	})
	if err != nil {
		return fmt.Errorf("sqldb.UpdateRiskAnalysis: %w", err)
	}
	return nil
}

// ApproveRiskAnalysis approves a draft at the version the approver saw.
func (db *DB) ApproveRiskAnalysis(ctx context.Context, actor tillit.Actor, id, version int64) (*tillit.RiskAnalysis, error) {
	var a *tillit.RiskAnalysis
	err := db.write(ctx, func(tx *Tx) error {
		var err error
		if a, err = tx.findRiskAnalysis(ctx, id, true); err != nil {
			return err
		}
		if a.Version != version && a.Status != tillit.RiskApproved {
			return tillit.Errorf(tillit.ECONFLICT, "Someone else changed the risk analysis since you opened it. Look at it again before approving.")
		}
		now := db.now()
		if err := a.Approve(actor.Name, now); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE risk_analyses SET status = ?, approved_at = ?, approved_by = ?, approved_by_name = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			a.Status, now, nullID(actor.UserID), actor.Name, now, id); err != nil {
			return err
		}
		a.UpdatedAt, a.Version = now, a.Version+1
		type approval struct {
			Status     tillit.RiskAnalysisStatus `json:"status"`
			ApprovedAt time.Time                 `json:"approved_at"`
		}
		return tx.audit(ctx, actor, "risk_analysis.approved", "risk_analysis", id, approval{Status: tillit.RiskDraft}, approval{a.Status, now})
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.ApproveRiskAnalysis: %w", err)
	}
	return a, nil
}

// DeleteRiskAnalysis removes a draft; approved analyses stay for good.
func (db *DB) DeleteRiskAnalysis(ctx context.Context, actor tillit.Actor, id int64) error {
	err := db.write(ctx, func(tx *Tx) error {
		a, err := tx.findRiskAnalysis(ctx, id, true)
		if err != nil {
			return err
		}
		if a.Status == tillit.RiskApproved {
			return tillit.Errorf(tillit.ECONFLICT, "An approved risk analysis cannot be deleted.")
		}
		if _, err := tx.exec(ctx, `DELETE FROM risk_analyses WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "risk_analysis.deleted", "risk_analysis", id, a, nil)
	})
	if err != nil {
		return fmt.Errorf("sqldb.DeleteRiskAnalysis: %w", err)
	}
	return nil
}

func (tx *Tx) requireCategory(ctx context.Context, id int64) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM categories WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return tillit.Errorf(tillit.ENOTFOUND, "Category %d not found.", id)
	}
	return nil
}

func (tx *Tx) writeRiskParts(ctx context.Context, a *tillit.RiskAnalysis) error {
	for _, c := range a.Cells {
		if _, err := tx.exec(ctx, `INSERT INTO risk_cells (analysis_id, stage, area, likelihood, severity, note, sources) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			a.ID, c.Stage, c.Area, c.Likelihood, c.Severity, c.Note, c.Sources); err != nil {
			return err
		}
	}
	for i, c := range a.Countries {
		if _, err := tx.exec(ctx, `INSERT INTO risk_countries (analysis_id, position, country, reason) VALUES (?, ?, ?, ?)`,
			a.ID, i, c.Country, c.Reason); err != nil {
			return err
		}
	}
	for i, p := range a.Products {
		if _, err := tx.exec(ctx, `INSERT INTO risk_products (analysis_id, position, name, priority, reason) VALUES (?, ?, ?, ?, ?)`,
			a.ID, i, p.Name, p.Priority, p.Reason); err != nil {
			return err
		}
	}
	return nil
}

// FindRiskAnalysis returns one analysis with its matrix, or ENOTFOUND.
func (db *DB) FindRiskAnalysis(ctx context.Context, id int64) (*tillit.RiskAnalysis, error) {
	var a *tillit.RiskAnalysis
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		a, err = tx.findRiskAnalysis(ctx, id, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindRiskAnalysis: %w", err)
	}
	return a, nil
}

func (tx *Tx) findRiskAnalysis(ctx context.Context, id int64, lock bool) (*tillit.RiskAnalysis, error) {
	q := `SELECT r.id, r.category_id, k.name_sv, k.name_en, r.year, r.title, r.scope, r.status, r.created_at, r.updated_at,
		r.approved_at, r.approved_by_name, r.version
		FROM risk_analyses r JOIN categories k ON k.id = r.category_id WHERE r.id = ?`
	if lock && tx.dialect == Postgres {
		q += " FOR UPDATE OF r"
	}
	a := &tillit.RiskAnalysis{}
	var approved sql.NullTime
	err := tx.queryRow(ctx, q, id).Scan(&a.ID, &a.CategoryID, &a.Category, &a.CategoryEN, &a.Year, &a.Title, &a.Scope, &a.Status,
		&a.CreatedAt, &a.UpdatedAt, &approved, &a.ApprovedBy, &a.Version)
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "Risk analysis %d not found.", id)
	}
	if err != nil {
		return nil, err
	}
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	if approved.Valid {
		a.ApprovedAt = approved.Time.UTC()
	}
	stored, err := collect(ctx, tx, `SELECT stage, area, likelihood, severity, note, sources FROM risk_cells WHERE analysis_id = ?`, []any{id},
		func(r *sql.Rows) (tillit.RiskCell, error) {
			var c tillit.RiskCell
			err := r.Scan(&c.Stage, &c.Area, &c.Likelihood, &c.Severity, &c.Note, &c.Sources)
			return c, err
		})
	if err != nil {
		return nil, err
	}
	// The matrix is always whole and in order, whatever order the rows come in.
	byKey := map[string]tillit.RiskCell{}
	for _, c := range stored {
		byKey[tillit.RiskCellKey(c.Stage, c.Area)] = c
	}
	for _, s := range tillit.SupplyChainStages {
		for _, ar := range tillit.SustainabilityAreas {
			c, ok := byKey[tillit.RiskCellKey(s, ar)]
			if !ok {
				c = tillit.RiskCell{Stage: s, Area: ar}
			}
			a.Cells = append(a.Cells, c)
		}
	}
	if a.Countries, err = collect(ctx, tx, `SELECT country, reason FROM risk_countries WHERE analysis_id = ? ORDER BY position`, []any{id},
		func(r *sql.Rows) (tillit.CountryConcern, error) {
			var c tillit.CountryConcern
			err := r.Scan(&c.Country, &c.Reason)
			return c, err
		}); err != nil {
		return nil, err
	}
	if a.Products, err = collect(ctx, tx, `SELECT name, priority, reason FROM risk_products WHERE analysis_id = ? ORDER BY position`, []any{id},
		func(r *sql.Rows) (tillit.ProductGroup, error) {
			var p tillit.ProductGroup
			err := r.Scan(&p.Name, &p.Priority, &p.Reason)
			return p, err
		}); err != nil {
		return nil, err
	}
	return a, nil
}

// RiskAnalysisFilter narrows the list; zero values mean any.
type RiskAnalysisFilter struct {
	Year       int
	CategoryID int64
	Status     tillit.RiskAnalysisStatus
}

// RiskAnalysisRow is one analysis in a list, with its matrix summarised.
type RiskAnalysisRow struct {
	ID         int64
	CategoryID int64
	CategorySV string
	CategoryEN string
	Year       int
	Title      string
	Status     tillit.RiskAnalysisStatus
	ApprovedAt time.Time
	UpdatedAt  time.Time
	Assessed   int // cells judged, of 28
	High       int // cells scored 8–11
	VeryHigh   int // cells scored 12–16
	Countries  string
}

// FindRiskAnalyses lists analyses, newest year first, then by category.
func (db *DB) FindRiskAnalyses(ctx context.Context, f RiskAnalysisFilter) ([]RiskAnalysisRow, error) {
	q := `SELECT r.id, r.category_id, k.name_sv, k.name_en, r.year, r.title, r.status, r.approved_at, r.updated_at,
		(SELECT COUNT(*) FROM risk_cells c WHERE c.analysis_id = r.id AND c.likelihood > 0 AND c.severity > 0),
		(SELECT COUNT(*) FROM risk_cells c WHERE c.analysis_id = r.id AND c.likelihood * c.severity BETWEEN 8 AND 11),
		(SELECT COUNT(*) FROM risk_cells c WHERE c.analysis_id = r.id AND c.likelihood * c.severity >= 12)
		FROM risk_analyses r JOIN categories k ON k.id = r.category_id WHERE 1=1`
	var args []any
	if f.Year != 0 {
		q += " AND r.year = ?"
		args = append(args, f.Year)
	}
	if f.CategoryID != 0 {
		q += " AND r.category_id = ?"
		args = append(args, f.CategoryID)
	}
	if f.Status != "" {
		q += " AND r.status = ?"
		args = append(args, f.Status)
	}
	q += " ORDER BY r.year DESC, k.name_sv, r.title, r.id"
	var out []RiskAnalysisRow
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, q, args, func(r *sql.Rows) (RiskAnalysisRow, error) {
			var v RiskAnalysisRow
			var approved sql.NullTime
			err := r.Scan(&v.ID, &v.CategoryID, &v.CategorySV, &v.CategoryEN, &v.Year, &v.Title, &v.Status, &approved, &v.UpdatedAt,
				&v.Assessed, &v.High, &v.VeryHigh)
			if approved.Valid {
				v.ApprovedAt = approved.Time.UTC()
			}
			return v, err
		})
		if err != nil || len(out) == 0 {
			return err
		}
		// Countries of every listed analysis in one query.
		idx := map[int64]int{}
		for i, v := range out {
			idx[v.ID] = i
		}
		cq := `SELECT c.analysis_id, c.country FROM risk_countries c JOIN risk_analyses r ON r.id = c.analysis_id WHERE 1=1`
		cargs := []any{}
		if f.Year != 0 {
			cq += " AND r.year = ?"
			cargs = append(cargs, f.Year)
		}
		if f.CategoryID != 0 {
			cq += " AND r.category_id = ?"
			cargs = append(cargs, f.CategoryID)
		}
		cq += " ORDER BY c.analysis_id, c.position"
		type cc struct {
			id      int64
			country string
		}
		cs, err := collect(ctx, tx, cq, cargs, func(r *sql.Rows) (cc, error) {
			var v cc
			err := r.Scan(&v.id, &v.country)
			return v, err
		})
		for _, c := range cs {
			if i, ok := idx[c.id]; ok {
				if out[i].Countries != "" {
					out[i].Countries += ", "
				}
				out[i].Countries += c.country
			}
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindRiskAnalyses: %w", err)
	}
	return out, nil
}

// riskAnalysesApproved counts the analyses approved in [from, to).
func (tx *Tx) riskAnalysesApproved(ctx context.Context, from, to time.Time) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM risk_analyses WHERE approved_at >= ? AND approved_at < ?`, from.UTC(), to.UTC()).Scan(&n)
	return n, err
}
