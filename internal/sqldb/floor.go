package sqldb

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
)

// RunBare runs statements (as a QueryCounter recorded them) in one read
// transaction and writes every row to w as its columns' bytes, tab
// separated, a line per row: the floor a page is measured against, with
// no routing, sessions, authorisation, scanning into types or templates.
// It returns the number of rows. Only reading statements belong here.
func (db *DB) RunBare(ctx context.Context, stmts []Statement, w io.Writer) (int, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: db.dialect == Postgres})
	if err != nil {
		return 0, fmt.Errorf("sqldb.RunBare: %w", err)
	}
	defer tx.Rollback()
	bw := bufio.NewWriter(w)
	n := 0
	var cols []sql.RawBytes
	var ptrs []any
	for _, st := range stmts {
		rows, err := tx.QueryContext(ctx, st.SQL, st.Args...)
		if err != nil {
			return n, fmt.Errorf("sqldb.RunBare: %w", err)
		}
		names, err := rows.Columns()
		if err != nil {
			rows.Close()
			return n, fmt.Errorf("sqldb.RunBare: %w", err)
		}
		if len(cols) < len(names) {
			cols = make([]sql.RawBytes, len(names))
			ptrs = make([]any, len(names))
			for i := range cols {
				ptrs[i] = &cols[i]
			}
		}
		for rows.Next() {
			if err := rows.Scan(ptrs[:len(names)]...); err != nil {
				rows.Close()
				return n, fmt.Errorf("sqldb.RunBare: %w", err)
			}
			for i := range names {
				if i > 0 {
					bw.WriteByte('\t')
				}
				bw.Write(cols[i])
			}
			bw.WriteByte('\n')
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, fmt.Errorf("sqldb.RunBare: %w", err)
		}
	}
	return n, bw.Flush()
}
