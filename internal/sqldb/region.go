package sqldb

import (
	"context"
	"fmt"
)

// LatestPopulationYear returns the most recent year with population
// figures, or 0 when there are none.
func (db *DB) LatestPopulationYear(ctx context.Context) (int, error) {
	var y *int64
	err := db.read(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT max(year) FROM region_populations").Scan(&y)
	})
	if err != nil {
		return 0, fmt.Errorf("sqldb.LatestPopulationYear: %w", err)
	}
	if y == nil {
		return 0, nil
	}
	return int(*y), nil
}
