package sqldb

import (
	"context"
	"fmt"

	"github.com/tillit-project/tillit"
)

// SaveFinanceYear stores a year's rate, opening balance, contributions set
// by hand and cost lines, replacing whatever was stored for the year: the
// office edits a year as one form, so the whole year is one audited change.
func (db *DB) SaveFinanceYear(ctx context.Context, actor tillit.Actor, y *tillit.FinanceYear) error {
	if err := y.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		// Overrides must name regions; check inside the transaction so the
		// message names the entry to fix rather than a foreign-key failure.
		p := tillit.Problems{}
		for i, o := range y.Overrides {
			var kind tillit.OrgKind
			err := tx.queryRow(ctx, "SELECT kind FROM organisations WHERE id = ?", o.RegionID).Scan(&kind)
			if err != nil && !isNoRows(err) {
				return err
			}
			if isNoRows(err) || kind != tillit.OrgRegion {
				p.Add(fmt.Sprintf("overrides[%d].region_id", i), "Choose one of the regions; region %d is not one of them.", o.RegionID)
			}
		}
		if err := p.Err(); err != nil {
			return err
		}
		before, err := tx.findFinanceYear(ctx, y.Year, true)
		if err != nil && tillit.ErrorCode(err) != tillit.ENOTFOUND {
			return err
		}
		if before == nil {
			_, err = tx.exec(ctx, "INSERT INTO finance_years (year, rate_ore, opening_balance_ore, updated_at) VALUES (?, ?, ?, ?)",
				y.Year, y.RateOrePerInhabitant, nullOre(y.OpeningBalanceOre), tx.now)
			if isUniqueViolation(err) {
				return tillit.Errorf(tillit.ECONFLICT, "Someone else saved the finances for %d at the same time. Reload the page and enter your changes again.", y.Year)
			}
		} else {
			_, err = tx.exec(ctx, "UPDATE finance_years SET rate_ore = ?, opening_balance_ore = ?, updated_at = ? WHERE year = ?",
				y.RateOrePerInhabitant, nullOre(y.OpeningBalanceOre), tx.now, y.Year)
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM contribution_overrides WHERE year = ?", y.Year); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM cost_lines WHERE year = ?", y.Year); err != nil {
			return err
		}
		for _, o := range y.Overrides {
			if _, err := tx.exec(ctx, "INSERT INTO contribution_overrides (year, region_id, amount_ore, reason) VALUES (?, ?, ?, ?)",
				y.Year, o.RegionID, o.AmountOre, o.Reason); err != nil {
				return err
			}
		}
		for i, c := range y.Costs {
			if _, err := tx.exec(ctx, "INSERT INTO cost_lines (year, position, type, description, amount_ore) VALUES (?, ?, ?, ?, ?)",
				y.Year, i, c.Type, c.Description, c.AmountOre); err != nil {
				return err
			}
		}
		var b any
		if before != nil {
			b = before
		}
		return tx.audit(ctx, actor, "finance_year.save", "finance_year", int64(y.Year), b, y)
	})
	if err != nil {
		return fmt.Errorf("sqldb.SaveFinanceYear: %w", err)
	}
	return nil
}

// nullOre stores a missing amount as NULL (an opening balance to carry over).
func nullOre(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// FindFinanceYear returns what is stored for a year, or ENOTFOUND.
func (db *DB) FindFinanceYear(ctx context.Context, year int) (*tillit.FinanceYear, error) {
	var y *tillit.FinanceYear
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		y, err = tx.findFinanceYear(ctx, year, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindFinanceYear: %w", err)
	}
	return y, nil
}

// findFinanceYear loads a year with its overrides (by region) and cost
// lines (in entered order). lock takes the year's row on PostgreSQL, so two
// saves of one year apply one after the other.
func (tx *Tx) findFinanceYear(ctx context.Context, year int, lock bool) (*tillit.FinanceYear, error) {
	q := "SELECT year, rate_ore, opening_balance_ore FROM finance_years WHERE year = ?"
	if lock && tx.dialect == Postgres {
		q += " FOR UPDATE"
	}
	y := &tillit.FinanceYear{}
	var opening *int64
	err := tx.queryRow(ctx, q, year).Scan(&y.Year, &y.RateOrePerInhabitant, &opening)
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "No finances are recorded for %d.", year)
	}
	if err != nil {
		return nil, err
	}
	y.OpeningBalanceOre = opening
	rows, err := tx.query(ctx, "SELECT region_id, amount_ore, reason FROM contribution_overrides WHERE year = ? ORDER BY region_id", year)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var o tillit.ContributionOverride
		if err := rows.Scan(&o.RegionID, &o.AmountOre, &o.Reason); err != nil {
			rows.Close()
			return nil, err
		}
		y.Overrides = append(y.Overrides, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.query(ctx, "SELECT type, description, amount_ore FROM cost_lines WHERE year = ? ORDER BY position", year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c tillit.CostLine
		if err := rows.Scan(&c.Type, &c.Description, &c.AmountOre); err != nil {
			return nil, err
		}
		y.Costs = append(y.Costs, c)
	}
	return y, rows.Err()
}

// FindFinanceStatement computes a year's statement: every region with its
// population for the year and its contribution, the costs and the
// balances. A year without an opening balance opens with the previous
// year's closing balance, computed the same way back to the nearest year
// that has one, all in one snapshot.
func (db *DB) FindFinanceStatement(ctx context.Context, year int) (*tillit.FinanceStatement, error) {
	var s tillit.FinanceStatement
	err := db.read(ctx, func(tx *Tx) error {
		// Walk back to the year the chain starts from.
		var chain []*tillit.FinanceYear
		for y := year; ; y-- {
			fy, err := tx.findFinanceYear(ctx, y, false)
			if tillit.ErrorCode(err) == tillit.ENOTFOUND && y != year {
				return tillit.Errorf(tillit.ECONFLICT, "The finances for %d have no opening balance and there are none for %d to carry over. Enter the opening balance for %d.", y+1, y, y+1)
			}
			if err != nil {
				return err
			}
			chain = append(chain, fy)
			if fy.OpeningBalanceOre != nil {
				break
			}
			if y <= 2000 {
				return tillit.Errorf(tillit.ECONFLICT, "The finances for %d have no opening balance and there are none for %d to carry over. Enter the opening balance for %d.", y, y-1, y)
			}
		}
		regions, err := tx.financeRegions(ctx)
		if err != nil {
			return err
		}
		var carried int64
		for i := len(chain) - 1; i >= 0; i-- {
			fy := chain[i]
			pops, err := tx.financePopulations(ctx, fy.Year)
			if err != nil {
				return err
			}
			s, err = tillit.ComputeFinanceStatement(*fy, regions, pops, carried)
			if err != nil {
				return err
			}
			carried = s.ClosingBalanceOre
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindFinanceStatement: %w", err)
	}
	return &s, nil
}

// financeRegions returns every region in county-code order, the order of
// the statement's income lines.
func (tx *Tx) financeRegions(ctx context.Context) ([]tillit.Organisation, error) {
	rows, err := tx.query(ctx, "SELECT "+orgColumns+" FROM organisations WHERE kind = ? ORDER BY county_code", tillit.OrgRegion)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tillit.Organisation
	for rows.Next() {
		var o tillit.Organisation
		if err := scanOrganisation(rows, &o); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// financePopulations is Populations inside tx, so the statement reads
// populations from the same snapshot as the rest of the year.
func (tx *Tx) financePopulations(ctx context.Context, year int) (map[int64]int64, error) {
	rows, err := tx.query(ctx, "SELECT region_id, population FROM region_populations WHERE year = ?", year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// FinanceYears lists the years that have finances, newest first.
func (db *DB) FinanceYears(ctx context.Context) ([]int, error) {
	var out []int
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT year FROM finance_years ORDER BY year DESC")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var y int
			if err := rows.Scan(&y); err != nil {
				return err
			}
			out = append(out, y)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FinanceYears: %w", err)
	}
	return out, nil
}
