package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/tillit-project/tillit"
)

// Country risk indices (issue 7): imported from users' CSV files through
// internal/importer, read by the country risk page, the supplier pages and
// the API.

const riskIndexColumns = `id, name, year, source, scale_min, scale_max, direction, threshold_medium, threshold_high, threshold_very_high`

func scanRiskIndex(s interface{ Scan(...any) error }) (tillit.RiskIndex, error) {
	var x tillit.RiskIndex
	var dir string
	err := s.Scan(&x.ID, &x.Name, &x.Year, &x.Source, &x.ScaleMin, &x.ScaleMax, &dir, &x.ThresholdMedium, &x.ThresholdHigh, &x.ThresholdVeryHigh)
	x.HighIsRisky = dir == "high_is_risky"
	return x, err
}

func direction(x *tillit.RiskIndex) string {
	if x.HighIsRisky {
		return "high_is_risky"
	}
	return "low_is_risky"
}

// RiskIndices returns every index by year (newest first) and name; with
// scores, each with its Scores filled in (two statements in all).
func (db *DB) RiskIndices(ctx context.Context, withScores bool) ([]tillit.RiskIndex, error) {
	var out []tillit.RiskIndex
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, "SELECT "+riskIndexColumns+" FROM country_risk_indices ORDER BY year DESC, name, id", nil,
			func(r *sql.Rows) (tillit.RiskIndex, error) { return scanRiskIndex(r) })
		if err != nil || !withScores || len(out) == 0 {
			return err
		}
		pos := map[int64]int{}
		for i := range out {
			pos[out[i].ID] = i
			out[i].Scores = map[string]float64{}
		}
		rows, err := tx.query(ctx, "SELECT index_id, country, score FROM country_risk_scores")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var c string
			var s float64
			if err := rows.Scan(&id, &c, &s); err != nil {
				return err
			}
			if i, ok := pos[id]; ok {
				out[i].Scores[c] = s
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.RiskIndices: %w", err)
	}
	return out, nil
}

// FindRiskIndexByName returns the index with the name and its scores, or
// nil when there is none.
func (db *DB) FindRiskIndexByName(ctx context.Context, name string) (*tillit.RiskIndex, error) {
	var out *tillit.RiskIndex
	err := db.read(ctx, func(tx *Tx) error {
		x, err := scanRiskIndex(tx.queryRow(ctx, "SELECT "+riskIndexColumns+" FROM country_risk_indices WHERE name = ?", name))
		if isNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		x.Scores = map[string]float64{}
		rows, err := tx.query(ctx, "SELECT country, score FROM country_risk_scores WHERE index_id = ?", x.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c string
			var s float64
			if err := rows.Scan(&c, &s); err != nil {
				return err
			}
			x.Scores[c] = s
		}
		out = &x
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindRiskIndexByName: %w", err)
	}
	return out, nil
}

// CountryRisks returns the scores and levels of the countries on every
// index, by country, newest index first: one statement however many
// countries (the supplier page asks for all its sites' countries at once).
func (db *DB) CountryRisks(ctx context.Context, countries []string) (map[string][]tillit.CountryRisk, error) {
	out := map[string][]tillit.CountryRisk{}
	seen := map[string]bool{}
	var args []any
	for _, c := range countries {
		if c != "" && !seen[c] {
			seen[c] = true
			args = append(args, c)
		}
	}
	if len(args) == 0 {
		return out, nil
	}
	q := `SELECT s.country, s.score, i.id, i.name, i.year, i.source, i.scale_min, i.scale_max, i.direction, i.threshold_medium, i.threshold_high, i.threshold_very_high
		FROM country_risk_scores s JOIN country_risk_indices i ON i.id = s.index_id
		WHERE s.country IN (` + placeholders(len(args)) + `) ORDER BY i.year DESC, i.name, i.id`
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c string
			var score float64
			var x tillit.RiskIndex
			var dir string
			if err := rows.Scan(&c, &score, &x.ID, &x.Name, &x.Year, &x.Source, &x.ScaleMin, &x.ScaleMax, &dir, &x.ThresholdMedium, &x.ThresholdHigh, &x.ThresholdVeryHigh); err != nil {
				return err
			}
			x.HighIsRisky = dir == "high_is_risky"
			out[c] = append(out[c], tillit.CountryRisk{Country: c, IndexID: x.ID, Index: x.Name, Score: score, Level: x.Level(score)})
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.CountryRisks: %w", err)
	}
	return out, nil
}

// ScoreChange is one country's score an import writes; Before is nil for
// a country the index had no score for.
type ScoreChange struct {
	Country string
	Score   float64
	Before  *float64
}

// CountryRiskImport is what an import of one index file writes: the
// index's description (Index.ID is 0 for a new index; Before is the
// stored description, nil when new or unchanged) and the scores that are
// new or changed. Countries the file does not name keep their scores.
type CountryRiskImport struct {
	Index  tillit.RiskIndex
	Before *tillit.RiskIndex
	Scores []ScoreChange
}

// ImportCountryRisk writes an index and its scores in one transaction and
// returns the index's id. When the index was created or changed by
// someone else since the file was checked, nothing is written (ECONFLICT).
func (db *DB) ImportCountryRisk(ctx context.Context, actor tillit.Actor, imp CountryRiskImport, sum ImportSummary) (int64, error) {
	x := imp.Index
	x.Scores = nil
	if err := x.Validate(); err != nil {
		return 0, err
	}
	err := db.write(ctx, func(tx *Tx) error {
		var stored int64
		err := tx.queryRow(ctx, "SELECT id FROM country_risk_indices WHERE name = ?", x.Name).Scan(&stored)
		if err != nil && !isNoRows(err) {
			return err
		}
		if stored != x.ID {
			return registerChanged()
		}
		switch {
		case x.ID == 0:
			id, err := tx.insert(ctx, `INSERT INTO country_risk_indices (name, year, source, scale_min, scale_max, direction, threshold_medium, threshold_high, threshold_very_high, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, x.Name, x.Year, x.Source, x.ScaleMin, x.ScaleMax, direction(&x),
				x.ThresholdMedium, x.ThresholdHigh, x.ThresholdVeryHigh, tx.now, tx.now)
			if isUniqueViolation(err) {
				return registerChanged()
			}
			if err != nil {
				return err
			}
			x.ID = id
			if err := tx.audit(ctx, actor, "country_risk.index_create", "country_risk_index", id, nil, x); err != nil {
				return err
			}
		case imp.Before != nil:
			_, err := tx.exec(ctx, `UPDATE country_risk_indices SET year = ?, source = ?, scale_min = ?, scale_max = ?, direction = ?,
				threshold_medium = ?, threshold_high = ?, threshold_very_high = ?, updated_at = ? WHERE id = ?`,
				x.Year, x.Source, x.ScaleMin, x.ScaleMax, direction(&x), x.ThresholdMedium, x.ThresholdHigh, x.ThresholdVeryHigh, tx.now, x.ID)
			if err != nil {
				return err
			}
			b := *imp.Before
			b.Scores = nil
			if err := tx.audit(ctx, actor, "country_risk.index_update", "country_risk_index", x.ID, b, x); err != nil {
				return err
			}
		}
		changes := append([]ScoreChange(nil), imp.Scores...)
		sort.Slice(changes, func(i, j int) bool { return changes[i].Country < changes[j].Country })
		var before, after []string
		for _, c := range changes {
			if c.Before == nil {
				_, err = tx.exec(ctx, "INSERT INTO country_risk_scores (index_id, country, score) VALUES (?, ?, ?)", x.ID, c.Country, c.Score)
				if isUniqueViolation(err) {
					return registerChanged()
				}
			} else {
				var res sql.Result
				res, err = tx.exec(ctx, "UPDATE country_risk_scores SET score = ? WHERE index_id = ? AND country = ? AND score = ?", c.Score, x.ID, c.Country, *c.Before)
				err = changedOne(res, err)
				before = append(before, c.Country+"="+tillit.FormatScore(*c.Before))
			}
			if err != nil {
				return err
			}
			after = append(after, c.Country+"="+tillit.FormatScore(c.Score))
		}
		if len(changes) > 0 {
			// One event for the file's scores: a list of 200 countries is
			// one change a person made, and reads as one.
			if err := tx.audit(ctx, actor, "country_risk.scores", "country_risk_index", x.ID,
				strings.Join(before, " "), strings.Join(after, " ")); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, "import.country_risk", "import", 0, nil, sum)
	})
	if err != nil {
		return 0, fmt.Errorf("sqldb.ImportCountryRisk: %w", err)
	}
	return x.ID, nil
}
