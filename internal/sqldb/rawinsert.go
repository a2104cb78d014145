package sqldb

import (
	"context"
	"fmt"

	"github.com/tillit-project/tillit"
)

// InsertContractsRaw writes contracts as multi-row INSERTs in one
// transaction, and nothing else: no checks, no natural-key lookups, no
// audit trail. It is the least any import of the same rows must do; the
// bench times the importer against it (issue 6: import at ≥ 50 % of the
// raw rate). Nothing else should call it.
func (db *DB) InsertContractsRaw(ctx context.Context, cs []tillit.Contract) error {
	cols := []string{"region_id", "supplier_id", "category_id", "reference", "ocid", "start_date", "end_date", "created_at"}
	n := importBatch(len(cols))
	err := db.write(ctx, func(tx *Tx) error {
		full := multiInsert("contracts", cols, n)
		args := make([]any, 0, n*len(cols))
		for i := 0; i < len(cs); i += n {
			part := cs[i:min(i+n, len(cs))]
			args = args[:0]
			for _, c := range part {
				args = append(args, c.RegionID, c.SupplierID, c.CategoryID, c.Reference, c.OCID, dateString(c.Start), dateString(c.End), tx.now)
			}
			q := full
			if len(part) < n {
				q = multiInsert("contracts", cols, len(part))
			}
			if _, err := tx.exec(ctx, q, args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqldb.InsertContractsRaw: %w", err)
	}
	return nil
}
