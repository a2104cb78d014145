package sqldb

import (
	"context"
	"fmt"

	"github.com/tillit-project/tillit"
)

// SupplierCountries lists the countries of the suppliers the scope may
// read, once each and in order, for the supplier list's country filter: a
// supplier must not learn from the filter where other suppliers are.
func (db *DB) SupplierCountries(ctx context.Context, scope tillit.Scope) ([]string, error) {
	q := `SELECT DISTINCT o.country FROM organisations o
		WHERE o.kind = 'supplier' AND o.country IS NOT NULL AND o.country <> ''`
	q, args := scopeSupplierSQL(q, nil, scope, "o.id")
	q += " ORDER BY o.country"
	var out []string
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.SupplierCountries: %w", err)
	}
	return out, nil
}
