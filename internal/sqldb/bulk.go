package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/tillit-project/tillit"
)

// Bulk loads a large data set (the synthetic EU-scale one, internal/scale)
// far faster than one transaction per change, and writes exactly the rows
// the ordinary methods would: the same columns and values, the same audit
// events (a valid hash chain) and the same notifications. What it saves is
// the per-change cost: it batches rows into multi-row INSERTs (COPY on
// PostgreSQL), commits every CommitEvery rows, keeps in memory what the
// ordinary methods read back (organisation names, coordinators, contracts
// in force), and builds the secondary indexes of the big tables once at
// the end.
//
// The caller must give the changes in the order they happened: each one
// is dated (at) and the audit trail is appended in call order. Nothing
// else may write to the database while a Bulk is open. After a failure the
// database holds the batches committed so far: start again on a new one.
type Bulk struct {
	db      *DB
	ctx     context.Context
	conn    *sql.Conn
	tx      *sql.Tx
	dialect Dialect

	// CommitEvery is how many rows a transaction holds before the next
	// commit; 0 means 200 000.
	CommitEvery int
	// NoticeFate, when set, says when a notice was read and mailed, for
	// data loaded after the fact (the ordinary methods leave both empty
	// and set them later); zero times mean not yet.
	NoticeFate func(userID int64, created time.Time) (read, mailed time.Time)

	batches  []*batch // in foreign-key order: parents first
	byTable  map[string]*batch
	rowsInTx int
	rows     map[string]int64

	lastID   int64 // audit chain head
	lastHash string

	next map[string]int64 // the next id of the tables whose ids Bulk assigns

	orgs         map[int64]bulkOrg
	coordinators map[int64][]int64    // org → coordinator user ids, ascending
	inForce      map[int64][]bulkSpan // supplier → contracts (region, start, end)
	dropped      []string             // CREATE INDEX statements to run at the end
	sqlitePragma map[string]string    // connection pragmas to restore
	prepared     map[string]*sql.Stmt // full-batch INSERTs of this transaction
	started      time.Time
}

type bulkOrg struct {
	name string
	kind tillit.OrgKind
}

type bulkSpan struct {
	region     int64
	start, end string // YYYY-MM-DD, compared as the query compares them
}

// bulkTables are the tables Bulk writes, parents before children, with
// their columns. A flush writes every table in this order, so a row never
// reaches the database before the row it refers to.
var bulkTables = []struct {
	name string
	cols []string
}{
	{"organisations", []string{"id", "kind", "name", "county_code", "org_number", "country", "created_at"}},
	{"categories", []string{"id", "code", "name_sv", "name_en", "created_at"}},
	{"category_responsibilities", []string{"category_id", "region_id", "valid_from", "valid_to"}},
	{"users", []string{"id", "email", "name", "lang", "password_hash", "disabled", "created_at"}},
	{"memberships", []string{"user_id", "org_id", "role"}},
	{"supplier_profiles", []string{"org_id", "former_names", "parent_org_id", "updated_at"}},
	{"supplier_contacts", []string{"supplier_id", "name", "email", "phone", "role"}},
	{"contracts", []string{"id", "region_id", "supplier_id", "category_id", "reference", "ocid", "start_date", "end_date", "created_at"}},
	{"production_sites", []string{"id", "supplier_id", "name", "address", "city", "country", "os_hub_id", "products", "created_at"}},
	{"followups", []string{"id", "supplier_id", "category_id", "status", "opened_at", "closed_at", "close_reason", "open_deviations", "next_due", "version", "state"}},
	{"followup_regions", []string{"followup_id", "region_id"}},
	{"followup_audits", []string{"followup_id", "audit_id", "kind", "status", "planned_for", "performed_on", "auditor_org_id", "auditor_user_id"}},
	{"followup_deviations", []string{"followup_id", "deviation_id", "audit_id", "requirement_code", "severity", "status", "recorded_at", "closed_at", "deadline"}},
	{"followup_events", []string{"followup_id", "type", "at", "by_user_id", "by_label", "data"}},
	{"notifications", []string{"user_id", "followup_id", "event_type", "text", "created_at", "read_at", "mailed_at"}},
	{"audit_events", []string{"id", "at", "actor_id", "actor_label", "action", "entity", "entity_id", "before_json", "after_json", "prev_hash", "hash"}},
}

// bulkDates are the DATE columns, written as YYYY-MM-DD text by INSERT
// (as the store writes them) and as times by PostgreSQL's COPY, whose
// binary format takes no text for a date.
var bulkDates = map[string]bool{"valid_from": true, "valid_to": true, "start_date": true, "end_date": true,
	"next_due": true, "planned_for": true, "performed_on": true, "deadline": true}

// bulkIDTables get their ids from Bulk, because the audit trail records
// them; the others let the database number their rows.
var bulkIDTables = []string{"organisations", "categories", "users", "contracts", "production_sites", "followups"}

// bulkIndexTables lose their secondary indexes while loading when they are
// empty at the start; building an index once is cheaper than keeping it
// sorted through millions of inserts.
var bulkIndexTables = []string{"contracts", "production_sites", "followups", "followup_regions", "followup_audits",
	"followup_deviations", "followup_events", "notifications", "audit_events", "supplier_contacts"}

// batch collects rows of one table for one multi-row INSERT.
type batch struct {
	table string
	cols  []string
	max   int // rows per INSERT
	args  []any
	n     int
}

// BeginBulk starts a bulk load. The database must be migrated.
func (db *DB) BeginBulk(ctx context.Context) (*Bulk, error) {
	b := &Bulk{db: db, ctx: ctx, dialect: db.dialect, byTable: map[string]*batch{}, rows: map[string]int64{},
		next: map[string]int64{}, orgs: map[int64]bulkOrg{}, coordinators: map[int64][]int64{},
		inForce: map[int64][]bulkSpan{}, prepared: map[string]*sql.Stmt{}, started: time.Now()}
	for _, t := range bulkTables {
		// Both engines take tens of thousands of parameters per statement
		// (SQLite 32 766, PostgreSQL 65 535); 500 rows is past the point
		// where larger batches stop paying.
		bt := &batch{table: t.name, cols: t.cols, max: min(500, 30000/len(t.cols))}
		if db.dialect == Postgres {
			bt.max = 5000 // COPY has no limit on parameters
		}
		b.batches = append(b.batches, bt)
		b.byTable[t.name] = bt
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqldb.BeginBulk: %w", err)
	}
	b.conn = conn
	if err := b.setUp(); err != nil {
		b.Abort()
		return nil, fmt.Errorf("sqldb.BeginBulk: %w", err)
	}
	return b, nil
}

// setUp reads where ids and the audit chain stand, relaxes durability for
// the load (a crash loses the load, which is started again anyway), drops
// the indexes of empty big tables and opens the first transaction.
func (b *Bulk) setUp() error {
	ctx := b.ctx
	if b.dialect == SQLite {
		b.sqlitePragma = map[string]string{}
		for _, p := range []string{"synchronous", "cache_size"} {
			var v string
			if err := b.conn.QueryRowContext(ctx, "PRAGMA "+p).Scan(&v); err != nil {
				return err
			}
			b.sqlitePragma[p] = v
		}
		for _, p := range []string{"PRAGMA synchronous = OFF", "PRAGMA cache_size = -262144"} {
			if _, err := b.conn.ExecContext(ctx, p); err != nil {
				return err
			}
		}
	} else if _, err := b.conn.ExecContext(ctx, "SET synchronous_commit = off"); err != nil {
		return err
	}
	for _, t := range bulkIDTables {
		var n int64
		if err := b.conn.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+t).Scan(&n); err != nil {
			return err
		}
		b.next[t] = n + 1
	}
	// The notifications of loaded follow-ups need the coordinators and
	// organisations that exist already.
	rows, err := b.conn.QueryContext(ctx, "SELECT id, name, kind FROM organisations")
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var o bulkOrg
		if err := rows.Scan(&id, &o.name, &o.kind); err != nil {
			rows.Close()
			return err
		}
		b.orgs[id] = o
	}
	rows.Close()
	rows, err = b.conn.QueryContext(ctx, `SELECT m.org_id, m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.role = 'coordinator' AND u.disabled = FALSE ORDER BY m.user_id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var org, user int64
		if err := rows.Scan(&org, &user); err != nil {
			rows.Close()
			return err
		}
		b.coordinators[org] = append(b.coordinators[org], user)
	}
	rows.Close()
	rows, err = b.conn.QueryContext(ctx, "SELECT supplier_id, region_id, start_date, end_date FROM contracts")
	if err != nil {
		return err
	}
	for rows.Next() {
		var sup int64
		var s bulkSpan
		var start, end dateScan
		if err := rows.Scan(&sup, &s.region, &start, &end); err != nil {
			rows.Close()
			return err
		}
		s.start, s.end = start.t.Format(time.DateOnly), end.t.Format(time.DateOnly)
		b.inForce[sup] = append(b.inForce[sup], s)
	}
	rows.Close()
	if err := b.dropIndexes(); err != nil {
		return err
	}
	return b.begin()
}

func (b *Bulk) dropIndexes() error {
	for _, t := range bulkIndexTables {
		var one int
		err := b.conn.QueryRowContext(b.ctx, "SELECT 1 FROM "+t+" LIMIT 1").Scan(&one)
		if err == nil {
			continue // not empty: keep its indexes
		}
		if !isNoRows(err) {
			return err
		}
		var q string
		if b.dialect == SQLite {
			q = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name"
		} else {
			// Indexes that back a constraint (primary keys, UNIQUE) stay.
			q = `SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename = $1
				AND NOT EXISTS (SELECT 1 FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
					WHERE n.nspname = current_schema() AND c.conname = i.indexname)
				ORDER BY i.indexname`
		}
		rows, err := b.conn.QueryContext(b.ctx, q, t)
		if err != nil {
			return err
		}
		var names, defs []string
		for rows.Next() {
			var name, def string
			if err := rows.Scan(&name, &def); err != nil {
				rows.Close()
				return err
			}
			if strings.Contains(strings.ToUpper(def), "UNIQUE") {
				continue
			}
			names, defs = append(names, name), append(defs, def)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i, name := range names {
			if _, err := b.conn.ExecContext(b.ctx, "DROP INDEX "+name); err != nil {
				return err
			}
			b.dropped = append(b.dropped, defs[i])
		}
	}
	return nil
}

func (b *Bulk) begin() error {
	tx, err := b.conn.BeginTx(b.ctx, nil)
	if err != nil {
		return err
	}
	b.tx = tx
	b.prepared = map[string]*sql.Stmt{}
	lock := ""
	if b.dialect == Postgres {
		lock = " FOR UPDATE"
	}
	var id int64
	var hash string
	if err := tx.QueryRowContext(b.ctx, "SELECT last_id, last_hash FROM audit_head WHERE id = 1"+lock).Scan(&id, &hash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	if b.lastID == 0 && b.lastHash == "" {
		b.lastID, b.lastHash = id, hash
	} else if id != b.lastID || hash != b.lastHash {
		return fmt.Errorf("the audit trail was written to during the bulk load (head at %d, expected %d)", id, b.lastID)
	}
	return nil
}

// commit writes what is pending, moves the audit head and commits.
func (b *Bulk) commit() error {
	if err := b.flush(); err != nil {
		return err
	}
	if _, err := b.tx.ExecContext(b.ctx, rebind(b.dialect, "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1"), b.lastID, b.lastHash); err != nil {
		return fmt.Errorf("audit head update: %w", err)
	}
	for _, st := range b.prepared {
		st.Close()
	}
	err := b.tx.Commit()
	b.tx = nil
	b.rowsInTx = 0
	return err
}

// add queues one row; vals are in the table's column order.
func (b *Bulk) add(table string, vals ...any) error {
	bt := b.byTable[table]
	bt.args = append(bt.args, vals...)
	bt.n++
	b.rows[table]++
	b.rowsInTx++
	if bt.n < bt.max {
		return nil
	}
	if err := b.flush(); err != nil {
		return err
	}
	every := b.CommitEvery
	if every <= 0 {
		every = 200_000
	}
	if b.rowsInTx < every {
		return nil
	}
	if err := b.commit(); err != nil {
		return err
	}
	return b.begin()
}

// flush writes every table's pending rows, parents first.
func (b *Bulk) flush() error {
	for _, bt := range b.batches {
		if bt.n == 0 {
			continue
		}
		if b.dialect == Postgres {
			if err := b.copyFrom(bt); err != nil {
				return fmt.Errorf("bulk copy into %s: %w", bt.table, err)
			}
			bt.args, bt.n = bt.args[:0], 0
			continue
		}
		q := bulkInsert(b.dialect, bt.table, bt.cols, bt.n)
		var err error
		if bt.n == bt.max {
			st, ok := b.prepared[bt.table]
			if !ok {
				if st, err = b.tx.PrepareContext(b.ctx, q); err != nil {
					return fmt.Errorf("bulk insert into %s: %w", bt.table, err)
				}
				b.prepared[bt.table] = st
			}
			_, err = st.ExecContext(b.ctx, bt.args...)
		} else {
			_, err = b.tx.ExecContext(b.ctx, q, bt.args...)
		}
		if err != nil {
			return fmt.Errorf("bulk insert into %s: %w", bt.table, err)
		}
		bt.args, bt.n = bt.args[:0], 0
	}
	return nil
}

// copyFrom writes a batch with PostgreSQL's COPY, inside the open
// transaction (the pgx connection under it is the transaction's).
func (b *Bulk) copyFrom(bt *batch) error {
	rows := make([][]any, bt.n)
	w := len(bt.cols)
	for i := range rows {
		row := bt.args[i*w : (i+1)*w : (i+1)*w]
		for j, c := range bt.cols {
			if s, ok := row[j].(string); ok && bulkDates[c] {
				t, err := time.Parse(time.DateOnly, s)
				if err != nil {
					return err
				}
				row[j] = t
			}
		}
		rows[i] = row
	}
	return b.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("not a pgx connection: %T", dc)
		}
		_, err := c.Conn().CopyFrom(b.ctx, pgx.Identifier{bt.table}, bt.cols, pgx.CopyFromRows(rows))
		return err
	})
}

// bulkInsert is INSERT INTO table (cols) VALUES (…), (…) for n rows.
func bulkInsert(d Dialect, table string, cols []string, n int) string {
	var s strings.Builder
	s.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	row := "(" + placeholders(len(cols)) + ")"
	for i := range n {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(row)
	}
	return rebind(d, s.String())
}

// Finish writes what is pending, commits, builds the dropped indexes,
// advances the PostgreSQL id sequences past the ids Bulk assigned, and
// restores the connection's settings.
func (b *Bulk) Finish() error {
	if err := b.commit(); err != nil {
		b.Abort()
		return fmt.Errorf("sqldb.Bulk.Finish: %w", err)
	}
	err := b.finishIndexes()
	b.release()
	if err != nil {
		return fmt.Errorf("sqldb.Bulk.Finish: %w", err)
	}
	return nil
}

func (b *Bulk) finishIndexes() error {
	for _, def := range b.dropped {
		if _, err := b.conn.ExecContext(b.ctx, def); err != nil {
			return fmt.Errorf("rebuild index: %w", err)
		}
	}
	b.dropped = nil
	if b.dialect == Postgres {
		// Fresh statistics, as after any restore: autovacuum gets to the
		// big tables in its own time and never to the small ones (under
		// 50 rows changed), and without them the planner guesses (a hash
		// join over all organisations for 36 category responsibilities).
		if _, err := b.conn.ExecContext(b.ctx, "ANALYZE"); err != nil {
			return fmt.Errorf("analyze: %w", err)
		}
		for _, t := range bulkIDTables {
			if _, err := b.conn.ExecContext(b.ctx, fmt.Sprintf(
				"SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM %s), false)", t, t)); err != nil {
				return fmt.Errorf("advance %s ids: %w", t, err)
			}
		}
	}
	return nil
}

// Abort rolls back the open transaction, rebuilds dropped indexes (over
// the rows committed so far) and releases the connection.
func (b *Bulk) Abort() {
	if b.tx != nil {
		b.tx.Rollback()
		b.tx = nil
	}
	if b.conn != nil {
		b.finishIndexes()
		b.release()
	}
}

func (b *Bulk) release() {
	if b.conn == nil {
		return
	}
	ctx := context.WithoutCancel(b.ctx)
	if b.dialect == SQLite {
		for p, v := range b.sqlitePragma {
			b.conn.ExecContext(ctx, "PRAGMA "+p+" = "+v)
		}
	} else {
		b.conn.ExecContext(ctx, "RESET synchronous_commit")
	}
	b.conn.Close()
	b.conn = nil
}

// Rows returns how many rows were written to each table.
func (b *Bulk) Rows() map[string]int64 {
	out := make(map[string]int64, len(b.rows))
	for k, v := range b.rows {
		out[k] = v
	}
	return out
}

// nextID hands out the next id of a table.
func (b *Bulk) nextID(table string) int64 {
	id := b.next[table]
	b.next[table] = id + 1
	return id
}

// bulkNow is the store's clock for a change made at: UTC, microseconds.
func bulkNow(at time.Time) time.Time { return at.UTC().Truncate(time.Microsecond) }

// audit appends one event to the chain, as Tx.audit does.
func (b *Bulk) audit(actor tillit.Actor, at time.Time, action, entity string, entityID int64, before, after any) error {
	bj, err := jsonOrEmpty(before)
	if err != nil {
		return err
	}
	aj, err := jsonOrEmpty(after)
	if err != nil {
		return err
	}
	return b.auditJSON(actor, at, action, entity, entityID, bj, aj)
}

func (b *Bulk) auditJSON(actor tillit.Actor, at time.Time, action, entity string, entityID int64, before, after string) error {
	e := tillit.AuditEvent{ID: b.lastID + 1, At: at, ActorID: actor.UserID, ActorLabel: actor.Label(),
		Action: action, Entity: entity, EntityID: entityID, Before: before, After: after, PrevHash: b.lastHash}
	e.Hash = auditHash(&e)
	b.lastID, b.lastHash = e.ID, e.Hash
	return b.add("audit_events", e.ID, e.At, nullID(e.ActorID), e.ActorLabel, e.Action, e.Entity, e.EntityID, e.Before, e.After, e.PrevHash, e.Hash)
}

// Organisation inserts o as CreateOrganisation does (without validation:
// the caller vouches for it), setting its ID and CreatedAt.
func (b *Bulk) Organisation(actor tillit.Actor, at time.Time, o *tillit.Organisation) error {
	now := bulkNow(at)
	o.ID, o.CreatedAt = b.nextID("organisations"), now
	b.orgs[o.ID] = bulkOrg{name: o.Name, kind: o.Kind}
	if err := b.add("organisations", o.ID, o.Kind, o.Name, nullString(o.CountyCode), nullString(o.OrgNumber), nullString(o.Country), o.CreatedAt); err != nil {
		return err
	}
	return b.audit(actor, now, "organisation.create", "organisation", o.ID, nil, o)
}

// Supplier inserts a supplier with its profile and contacts, as
// CreateSupplier does.
func (b *Bulk) Supplier(actor tillit.Actor, at time.Time, s *tillit.Supplier) error {
	s.Kind = tillit.OrgSupplier
	s.OrgNumber = tillit.NormalizeOrgNumber(s.Country, s.OrgNumber)
	if err := b.Organisation(actor, at, &s.Organisation); err != nil {
		return err
	}
	s.OrgID = s.ID
	sp := &s.SupplierProfile
	if err := b.add("supplier_profiles", sp.OrgID, strings.Join(sp.FormerNames, "\n"), nullID(sp.ParentOrgID), bulkNow(at)); err != nil {
		return err
	}
	for _, c := range sp.Contacts {
		if err := b.add("supplier_contacts", sp.OrgID, c.Name, c.Email, c.Phone, c.Role); err != nil {
			return err
		}
	}
	return b.audit(actor, bulkNow(at), "supplier.profile", "organisation", sp.OrgID, nil, sp)
}

// Category inserts a category with its responsibilities, as
// CreateCategory does.
func (b *Bulk) Category(actor tillit.Actor, at time.Time, c *tillit.Category) error {
	now := bulkNow(at)
	c.ID = b.nextID("categories")
	if err := b.add("categories", c.ID, c.Code, c.NameSV, c.NameEN, now); err != nil {
		return err
	}
	for i := range c.Responsible {
		r := &c.Responsible[i]
		r.CategoryID = c.ID
		o, ok := b.orgs[r.RegionID]
		if !ok || o.kind != tillit.OrgRegion {
			return tillit.Errorf(tillit.EINVALID, "Region %d not found.", r.RegionID)
		}
		r.RegionName = o.name
		if err := b.add("category_responsibilities", r.CategoryID, r.RegionID, dateString(r.ValidFrom), dateString(r.ValidTo)); err != nil {
			return err
		}
	}
	return b.audit(actor, now, "category.create", "category", c.ID, nil, c)
}

// User inserts a user with memberships, as CreateUser does.
func (b *Bulk) User(actor tillit.Actor, at time.Time, u *tillit.User, passwordHash string) error {
	now := bulkNow(at)
	u.Email = tillit.NormalizeEmail(u.Email)
	if u.Lang == "" {
		u.Lang = tillit.Swedish
	}
	for i := range u.Memberships {
		m := &u.Memberships[i]
		o, ok := b.orgs[m.OrgID]
		if !ok {
			return tillit.Errorf(tillit.EINVALID, "The chosen organisation does not exist.")
		}
		m.OrgName, m.OrgKind = o.name, o.kind
	}
	u.ID, u.CreatedAt = b.nextID("users"), now
	if err := b.add("users", u.ID, u.Email, u.Name, u.Lang, passwordHash, u.Disabled, u.CreatedAt); err != nil {
		return err
	}
	for _, m := range u.Memberships {
		if err := b.add("memberships", u.ID, m.OrgID, m.Role); err != nil {
			return err
		}
		if m.Role == tillit.RoleCoordinator && !u.Disabled {
			b.coordinators[m.OrgID] = append(b.coordinators[m.OrgID], u.ID)
		}
	}
	return b.audit(actor, now, "user.create", "user", u.ID, nil, auditOfUser(u))
}

// Contract inserts a contract, as CreateContract does.
func (b *Bulk) Contract(actor tillit.Actor, at time.Time, c *tillit.Contract) error {
	now := bulkNow(at)
	c.ID = b.nextID("contracts")
	start, end := dateString(c.Start), dateString(c.End)
	if err := b.add("contracts", c.ID, c.RegionID, c.SupplierID, c.CategoryID, c.Reference, c.OCID, start, end, now); err != nil {
		return err
	}
	b.inForce[c.SupplierID] = append(b.inForce[c.SupplierID], bulkSpan{region: c.RegionID, start: start.(string), end: end.(string)})
	return b.audit(actor, now, "contract.create", "contract", c.ID, nil, c)
}

// Site inserts a production site, as CreateSite does.
func (b *Bulk) Site(actor tillit.Actor, at time.Time, s *tillit.ProductionSite) error {
	now := bulkNow(at)
	s.ID = b.nextID("production_sites")
	if err := b.add("production_sites", s.ID, s.SupplierID, s.Name, s.Address, s.City, s.Country, s.OSHubID, strings.Join(s.Products, "\n"), now); err != nil {
		return err
	}
	return b.audit(actor, now, "site.create", "production_site", s.ID, nil, s)
}

// FollowUp inserts a follow-up in its final state: the document and the
// rows saveFollowUp keeps (regions, audits, deviations), as they stand
// after its last change. It sets f.ID and the follow-up id of every event
// of its timeline. The events themselves are written by FollowUpEvent, one
// by one, when their time comes.
func (b *Bulk) FollowUp(f *tillit.FollowUp) error {
	f.ID = b.nextID("followups")
	for i := range f.Timeline {
		f.Timeline[i].FollowUpID = f.ID
	}
	state, err := json.Marshal(f)
	if err != nil {
		return err
	}
	// Times are written in UTC: SQLite compares them as text, so a row in
	// Swedish time would sort wrongly against UTC bounds near midnight.
	closedAt := nullTime(f.ClosedAt)
	// Inserted with version 0, then updated once per change.
	if err := b.add("followups", f.ID, f.SupplierID, f.CategoryID, f.Status, f.OpenedAt.UTC(), closedAt, string(f.CloseReason),
		f.OpenDeviationCount(), dateString(f.NextDue()), len(f.Timeline), string(state)); err != nil {
		return err
	}
	for _, r := range f.ResponsibleRegionIDs {
		if err := b.add("followup_regions", f.ID, r); err != nil {
			return err
		}
	}
	for _, a := range f.Audits {
		if err := b.add("followup_audits", f.ID, a.ID, a.Kind, a.Status, dateString(a.PlannedFor), dateString(a.PerformedOn),
			nullID(a.AuditorOrgID), nullID(a.AuditorUserID)); err != nil {
			return err
		}
	}
	for i := range f.Deviations {
		d := &f.Deviations[i]
		closed := nullTime(d.ClosedAt)
		deadline := d.PlanDueOn
		if a := d.CurrentAction(); a != nil {
			deadline = a.Deadline
		}
		if err := b.add("followup_deviations", f.ID, d.ID, d.AuditID, d.RequirementCode, d.Severity, d.Status, d.RecordedAt.UTC(), closed, dateString(deadline)); err != nil {
			return err
		}
	}
	return nil
}

// FollowUpEvent writes event i of f's timeline (f already inserted with
// FollowUp) as saveFollowUp does: the event row, its audit event made by
// actor, and the notices to the coordinators concerned.
func (b *Bulk) FollowUpEvent(actor tillit.Actor, f *tillit.FollowUp, i int) error {
	ev := f.Timeline[i]
	data, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	now := bulkNow(ev.At)
	if err := b.add("followup_events", f.ID, string(ev.Type), ev.At.UTC(), nullID(ev.ByUserID), ev.ByLabel, string(data)); err != nil {
		return err
	}
	if err := b.auditJSON(actor, now, string(ev.Type), "followup", f.ID, "", string(data)); err != nil {
		return err
	}
	if !bulkNotifyOn(f, i) {
		return nil
	}
	today := now.Format(time.DateOnly)
	orgs := map[int64]bool{}
	for _, r := range f.ResponsibleRegionIDs {
		orgs[r] = true
	}
	for _, c := range b.inForce[f.SupplierID] {
		if c.start <= today && c.end >= today {
			orgs[c.region] = true
		}
	}
	var users []int64
	for org := range orgs {
		users = append(users, b.coordinators[org]...)
	}
	slices.Sort(users)
	users = slices.Compact(users)
	supplier := b.orgs[f.SupplierID].name
	for _, u := range users {
		var read, mailed time.Time
		if b.NoticeFate != nil {
			read, mailed = b.NoticeFate(u, now)
		}
		if err := b.add("notifications", u, f.ID, string(ev.Type), supplier, now, nullTime(read), nullTime(mailed)); err != nil {
			return err
		}
	}
	return nil
}

// bulkNotifyOn is notifyOn for event i, judged on the follow-up as it was
// then: a deviation is its audit's first when no earlier event recorded
// one for that audit.
func bulkNotifyOn(f *tillit.FollowUp, i int) bool {
	ev := f.Timeline[i]
	if ev.Type != tillit.EventDeviationRecorded {
		return notifyOn(f, ev)
	}
	for _, e := range f.Timeline[:i] {
		if e.Type == tillit.EventDeviationRecorded && e.AuditID == ev.AuditID {
			return false
		}
	}
	return true
}
