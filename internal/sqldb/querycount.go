package sqldb

import (
	"context"
	"sync"
	"sync/atomic"
)

// Counting statements is how tests catch an N+1 (a page whose number of
// queries grows with the data) and how the benchmark finds the statements
// a page runs, to time them bare. Every statement goes through Tx.exec,
// Tx.query or Tx.queryRow, which count it on the DB and, when the context
// carries a QueryCounter, on that counter too.

// Statement is one SQL statement as the engine received it (placeholders
// already rebound for PostgreSQL) with its arguments.
type Statement struct {
	SQL  string
	Args []any
}

// QueryCounter counts the statements run with a context that carries it,
// and records them when made by WithQueryLog. It is safe for concurrent use.
type QueryCounter struct {
	n      atomic.Int64
	record bool
	mu     sync.Mutex
	log    []Statement
}

type queryCounterKey struct{}

// WithQueryCounter returns a context that counts the statements run with
// it (or a context derived from it), and the counter.
func WithQueryCounter(ctx context.Context) (context.Context, *QueryCounter) {
	c := &QueryCounter{}
	return context.WithValue(ctx, queryCounterKey{}, c), c
}

// WithQueryLog is WithQueryCounter that also keeps every statement.
func WithQueryLog(ctx context.Context) (context.Context, *QueryCounter) {
	c := &QueryCounter{record: true}
	return context.WithValue(ctx, queryCounterKey{}, c), c
}

// Count is the number of statements run so far.
func (c *QueryCounter) Count() int64 { return c.n.Load() }

// Statements returns the statements recorded so far, in order.
func (c *QueryCounter) Statements() []Statement {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Statement(nil), c.log...)
}

// Queries is the number of statements run through db since it was opened,
// on every context.
func (db *DB) Queries() int64 { return db.queries.Load() }

// counted counts one statement; q is the rebound text.
func (tx *Tx) counted(ctx context.Context, q string, args []any) {
	if tx.queries != nil {
		tx.queries.Add(1)
	}
	c, _ := ctx.Value(queryCounterKey{}).(*QueryCounter)
	if c == nil {
		return
	}
	c.n.Add(1)
	if c.record {
		c.mu.Lock()
		c.log = append(c.log, Statement{SQL: q, Args: append([]any(nil), args...)})
		c.mu.Unlock()
	}
}
