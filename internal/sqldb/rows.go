package sqldb

import (
	"context"
	"database/sql"
)

// readAll runs q in a read transaction and returns one value per row.
func readAll[T any](ctx context.Context, db *DB, q string, args []any, scan func(*sql.Rows) (T, error)) ([]T, error) {
	var out []T
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, q, args, scan)
		return err
	})
	return out, err
}
