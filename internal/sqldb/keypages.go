package sqldb

import (
	"context"
	"fmt"

	"github.com/tillit-project/tillit"
)

// KeyPageFacts are the records the benchmark and the query-count test
// open the key pages on: the heaviest of each kind, so a page that grows
// with the data shows it.
type KeyPageFacts struct {
	CategoryID  int64  // the category with the most open follow-ups
	OpenInCat   int    // how many
	DeepAfterID int64  // the keyset position halfway down that list
	SupplierID  int64  // the supplier with the most contracts
	Contracts   int    // how many
	FollowUpID  int64  // the follow-up with the most events
	Events      int    // how many
	BusiestYear int    // the Swedish year with the most follow-ups opened
	Coordinator string // e-mail of the user with the most notices
	Notices     int    // how many
}

// FindKeyPageFacts reads the KeyPageFacts. It scans whole tables: it is
// for tests and benchmarks, not for pages.
func (db *DB) FindKeyPageFacts(ctx context.Context) (KeyPageFacts, error) {
	var k KeyPageFacts
	err := db.read(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, `SELECT category_id, COUNT(*) FROM followups WHERE status = 'open'
			GROUP BY category_id ORDER BY COUNT(*) DESC, category_id LIMIT 1`).Scan(&k.CategoryID, &k.OpenInCat)
		if err != nil {
			return fmt.Errorf("category: %w", err)
		}
		err = tx.queryRow(ctx, `SELECT id FROM followups WHERE category_id = ? AND status = 'open'
			ORDER BY id DESC LIMIT 1 OFFSET ?`, k.CategoryID, k.OpenInCat/2).Scan(&k.DeepAfterID)
		if err != nil {
			return fmt.Errorf("deep page: %w", err)
		}
		err = tx.queryRow(ctx, `SELECT supplier_id, COUNT(*) FROM contracts GROUP BY supplier_id
			ORDER BY COUNT(*) DESC, supplier_id LIMIT 1`).Scan(&k.SupplierID, &k.Contracts)
		if err != nil {
			return fmt.Errorf("supplier: %w", err)
		}
		if err := tx.queryRow(ctx, `SELECT id, version FROM followups ORDER BY version DESC, id LIMIT 1`).Scan(&k.FollowUpID, &k.Events); err != nil {
			return fmt.Errorf("follow-up: %w", err)
		}
		if err := tx.queryRow(ctx, `SELECT u.email, COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id
			GROUP BY u.email ORDER BY COUNT(*) DESC, u.email LIMIT 1`).Scan(&k.Coordinator, &k.Notices); err != nil && !isNoRows(err) {
			return fmt.Errorf("coordinator: %w", err)
		}
		best := 0
		for y := db.now().Year() + 1; y > db.now().Year()-30; y-- {
			from, to := tillit.ReportYearBounds(y)
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM followups WHERE opened_at >= ? AND opened_at < ?`,
				from.UTC(), to.UTC()).Scan(&n); err != nil {
				return err
			}
			if n > best {
				best, k.BusiestYear = n, y
			}
		}
		return nil
	})
	if err != nil {
		return k, fmt.Errorf("sqldb.FindKeyPageFacts: %w", err)
	}
	return k, nil
}
