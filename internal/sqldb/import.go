package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/tillit-project/tillit"
)

// Imports of the registers (internal/importer): what an import reads to
// match a file's rows with what is stored, and the writes that apply the
// rows that are new or changed.
//
// The importer decides, row by row, whether a row creates, changes or
// leaves alone a stored record; the store applies that plan in one
// transaction, so a file is imported whole or not at all. New rows go in
// as multi-row INSERTs of a few hundred rows each. A change is applied
// only if the record is still as the importer read it; otherwise the
// import fails with ECONFLICT and is started again.
//
// Auditing: one event per import ("import.<register>") records who
// imported which file (its SHA-256), the counts and the ids created; each
// changed record gets its own event with the values before and after,
// since nothing else keeps what was overwritten. Created records get no
// event each: the summary and the record itself say all such an event
// would, and 100 000 of them would bury the trail.

// ImportSummary is the import's own audit event.
type ImportSummary struct {
	Register  string `json:"register"` // "suppliers", "contracts", "sites"
	FileName  string `json:"file_name"`
	SHA256    string `json:"sha256"`
	Rows      int    `json:"rows"`
	Created   int    `json:"created"`
	Updated   int    `json:"updated"`
	Unchanged int    `json:"unchanged"`
	Skipped   int    `json:"skipped"`
	OnlyValid bool   `json:"only_valid"`
	// CreatedIDs are the first and last id given to created records; the
	// ids between them were created by this import or, on PostgreSQL,
	// possibly by a writer running at the same time.
	CreatedIDs [2]int64 `json:"created_ids"`
}

// SiteRecord is a production site with the coordinates imports carry.
type SiteRecord struct {
	tillit.ProductionSite
	Lat, Lng *float64 // decimal degrees; nil when unknown
}

// SupplierChange, ContractChange and SiteChange are one row of an import:
// Before is nil for a record to create, and otherwise the record as read.
type (
	SupplierChange struct {
		Before *tillit.Supplier
		After  tillit.Supplier
	}
	ContractChange struct {
		Before *tillit.Contract
		After  tillit.Contract
	}
	SiteChange struct {
		Before *SiteRecord
		After  SiteRecord
	}
)

// importBatch is how many records go into one INSERT; both engines take
// tens of thousands of parameters per statement.
func importBatch(cols int) int { return min(500, 30000/cols) }

// SuppliersForImport returns every supplier with its former names (not
// its contacts), for matching a file's rows by organisation number and
// name.
func (db *DB) SuppliersForImport(ctx context.Context) ([]tillit.Supplier, error) {
	var out []tillit.Supplier
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, `SELECT o.id, o.name, COALESCE(o.org_number, ''), COALESCE(o.country, ''), COALESCE(p.former_names, ''),
			COALESCE(p.parent_org_id, 0)
			FROM organisations o LEFT JOIN supplier_profiles p ON p.org_id = o.id WHERE o.kind = 'supplier' ORDER BY o.id`, nil,
			func(rows *sql.Rows) (tillit.Supplier, error) {
				var s tillit.Supplier
				var names string
				err := rows.Scan(&s.ID, &s.Name, &s.OrgNumber, &s.Country, &names, &s.ParentOrgID)
				s.Kind, s.OrgID = tillit.OrgSupplier, s.ID
				if names != "" {
					s.FormerNames = strings.Split(names, "\n")
				}
				return s, err
			})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.SuppliersForImport: %w", err)
	}
	return out, nil
}

// ContractsOfRegion returns every contract a region holds.
func (db *DB) ContractsOfRegion(ctx context.Context, regionID int64) ([]tillit.Contract, error) {
	var out []tillit.Contract
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, `SELECT id, region_id, supplier_id, category_id, reference, ocid, start_date, end_date
			FROM contracts WHERE region_id = ? ORDER BY id`, []any{regionID}, func(rows *sql.Rows) (tillit.Contract, error) {
			var c tillit.Contract
			var start, end dateScan
			err := rows.Scan(&c.ID, &c.RegionID, &c.SupplierID, &c.CategoryID, &c.Reference, &c.OCID, &start, &end)
			c.Start, c.End = start.t, end.t
			return c, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.ContractsOfRegion: %w", err)
	}
	return out, nil
}

const siteRecordColumns = "id, supplier_id, name, address, city, country, os_hub_id, products, latitude, longitude"

func scanSiteRecord(rows *sql.Rows) (SiteRecord, error) {
	var s SiteRecord
	var products string
	err := rows.Scan(&s.ID, &s.SupplierID, &s.Name, &s.Address, &s.City, &s.Country, &s.OSHubID, &products, &s.Lat, &s.Lng)
	if products != "" {
		s.Products = strings.Split(products, "\n")
	}
	return s, err
}

// SitesOfSuppliers returns the production sites of the suppliers, with
// their coordinates; nil supplierIDs means every supplier's.
func (db *DB) SitesOfSuppliers(ctx context.Context, supplierIDs []int64) ([]SiteRecord, error) {
	var out []SiteRecord
	err := db.read(ctx, func(tx *Tx) error {
		if supplierIDs == nil {
			var err error
			out, err = collect(ctx, tx, "SELECT "+siteRecordColumns+" FROM production_sites ORDER BY supplier_id, id", nil, scanSiteRecord)
			return err
		}
		for i := 0; i < len(supplierIDs); i += 500 {
			ids := supplierIDs[i:min(i+500, len(supplierIDs))]
			args := make([]any, len(ids))
			for j, id := range ids {
				args[j] = id
			}
			part, err := collect(ctx, tx, "SELECT "+siteRecordColumns+" FROM production_sites WHERE supplier_id IN ("+placeholders(len(ids))+") ORDER BY supplier_id, id", args, scanSiteRecord)
			if err != nil {
				return err
			}
			out = append(out, part...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.SitesOfSuppliers: %w", err)
	}
	return out, nil
}

// registerChanged is the error when a record changed between the
// importer's reading and its writing.
func registerChanged() error {
	return tillit.Errorf(tillit.ECONFLICT, "The register changed while the file was being imported. Nothing was imported; import the file again.")
}

// ImportSuppliers creates and changes suppliers as planned, in one
// transaction. progress, if set, is called with the number of changes
// written so far.
func (db *DB) ImportSuppliers(ctx context.Context, actor tillit.Actor, changes []SupplierChange, sum ImportSummary, progress func(int)) error {
	err := db.write(ctx, func(tx *Tx) error {
		var created []*SupplierChange
		var audits []auditEntry
		done := 0
		for i := range changes {
			c := &changes[i]
			c.After.Kind = tillit.OrgSupplier
			if c.Before == nil {
				created = append(created, c)
				continue
			}
			b, a := c.Before, &c.After
			res, err := tx.exec(ctx, `UPDATE organisations SET name = ?, org_number = ?, country = ?
				WHERE id = ? AND kind = 'supplier' AND name = ? AND COALESCE(org_number, '') = ? AND COALESCE(country, '') = ?`,
				a.Name, nullString(a.OrgNumber), nullString(a.Country), b.ID, b.Name, b.OrgNumber, b.Country)
			if err := changedOne(res, err); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `INSERT INTO supplier_profiles (org_id, former_names, parent_org_id, updated_at) VALUES (?, ?, NULL, ?)
				ON CONFLICT (org_id) DO UPDATE SET former_names = excluded.former_names, updated_at = excluded.updated_at`,
				b.ID, strings.Join(a.FormerNames, "\n"), tx.now); err != nil {
				return err
			}
			a.ID, a.OrgID = b.ID, b.ID
			audits = append(audits, auditEntry{"supplier.import", "organisation", b.ID, b, a})
			done++
			if progress != nil && done%500 == 0 {
				progress(done)
			}
		}
		n := importBatch(6)
		for i := 0; i < len(created); i += n {
			part := created[i:min(i+n, len(created))]
			args := make([]any, 0, len(part)*6)
			byName := map[string]*SupplierChange{}
			for _, c := range part {
				s := &c.After
				s.CreatedAt = tx.now
				args = append(args, s.Kind, s.Name, nil, nullString(s.OrgNumber), nullString(s.Country), tx.now)
				byName[s.Name] = c
			}
			ids, err := insertReturning(ctx, tx, "organisations", []string{"kind", "name", "county_code", "org_number", "country", "created_at"},
				len(part), args, func(rows *sql.Rows) (int64, error) {
					var id int64
					var name string
					if err := rows.Scan(&id, &name); err != nil {
						return 0, err
					}
					c := byName[name]
					if c == nil {
						return 0, fmt.Errorf("insert returned unknown name %q", name)
					}
					c.After.ID, c.After.OrgID = id, id
					return id, nil
				}, "id, name")
			if isUniqueViolation(err) {
				return registerChanged()
			}
			if err != nil {
				return err
			}
			sum.CreatedIDs = spanIDs(sum.CreatedIDs, ids)
			pargs := make([]any, 0, len(part)*4)
			for _, c := range part {
				pargs = append(pargs, c.After.ID, strings.Join(c.After.FormerNames, "\n"), nil, tx.now)
			}
			if _, err := tx.exec(ctx, multiInsert("supplier_profiles", []string{"org_id", "former_names", "parent_org_id", "updated_at"}, len(part)), pargs...); err != nil {
				return err
			}
			done += len(part)
			if progress != nil {
				progress(done)
			}
		}
		if err := tx.auditMany(ctx, actor, audits); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "import.suppliers", "import", 0, nil, sum)
	})
	if err != nil {
		return fmt.Errorf("sqldb.ImportSuppliers: %w", err)
	}
	return nil
}

// ImportContracts creates and changes a region's contracts as planned, in
// one transaction.
func (db *DB) ImportContracts(ctx context.Context, actor tillit.Actor, regionID int64, changes []ContractChange, sum ImportSummary, progress func(int)) error {
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.checkKind(ctx, regionID, tillit.OrgRegion, "region_id", tillit.Msg("Choose a region.")); err != nil {
			return err
		}
		var created []*ContractChange
		var audits []auditEntry
		done := 0
		for i := range changes {
			c := &changes[i]
			c.After.RegionID = regionID
			if c.Before == nil {
				created = append(created, c)
				continue
			}
			b, a := c.Before, &c.After
			// Changed only if still as read: the same values in every
			// column the import may change.
			res, err := tx.exec(ctx, `UPDATE contracts SET supplier_id = ?, category_id = ?, ocid = ?, start_date = ?, end_date = ?
				WHERE id = ? AND region_id = ? AND reference = ? AND supplier_id = ? AND category_id = ? AND ocid = ? AND start_date = ? AND end_date = ?`,
				a.SupplierID, a.CategoryID, a.OCID, dateString(a.Start), dateString(a.End),
				b.ID, regionID, b.Reference, b.SupplierID, b.CategoryID, b.OCID, dateString(b.Start), dateString(b.End))
			if err := changedOne(res, err); err != nil {
				return err
			}
			a.ID = b.ID
			audits = append(audits, auditEntry{"contract.import", "contract", b.ID, b, a})
			done++
			if progress != nil && done%500 == 0 {
				progress(done)
			}
		}
		cols := []string{"region_id", "supplier_id", "category_id", "reference", "ocid", "start_date", "end_date", "created_at"}
		n := importBatch(len(cols))
		args := make([]any, 0, n*len(cols))
		for i := 0; i < len(created); i += n {
			part := created[i:min(i+n, len(created))]
			args = args[:0]
			for _, c := range part {
				x := &c.After
				args = append(args, regionID, x.SupplierID, x.CategoryID, x.Reference, x.OCID, dateString(x.Start), dateString(x.End), tx.now)
			}
			ids, err := insertReturning(ctx, tx, "contracts", cols, len(part), args, scanID, "id")
			if isUniqueViolation(err) {
				return registerChanged()
			}
			if err != nil {
				return err
			}
			sum.CreatedIDs = spanIDs(sum.CreatedIDs, ids)
			done += len(part)
			if progress != nil {
				progress(done)
			}
		}
		if err := tx.auditMany(ctx, actor, audits); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "import.contracts", "organisation", regionID, nil, sum)
	})
	if err != nil {
		return fmt.Errorf("sqldb.ImportContracts: %w", err)
	}
	return nil
}

// ImportSites creates and changes production sites as planned, in one
// transaction.
func (db *DB) ImportSites(ctx context.Context, actor tillit.Actor, changes []SiteChange, sum ImportSummary, progress func(int)) error {
	err := db.write(ctx, func(tx *Tx) error {
		var created []*SiteChange
		var audits []auditEntry
		done := 0
		for i := range changes {
			c := &changes[i]
			if c.Before == nil {
				created = append(created, c)
				continue
			}
			b, a := c.Before, &c.After
			res, err := tx.exec(ctx, `UPDATE production_sites SET name = ?, address = ?, city = ?, country = ?, os_hub_id = ?, products = ?, latitude = ?, longitude = ?
				WHERE id = ? AND supplier_id = ?`, a.Name, a.Address, a.City, a.Country, a.OSHubID, strings.Join(a.Products, "\n"),
				nullFloat(a.Lat), nullFloat(a.Lng), b.ID, b.SupplierID)
			if isUniqueViolation(err) {
				return registerChanged()
			}
			if err := changedOne(res, err); err != nil {
				return err
			}
			a.ID, a.SupplierID = b.ID, b.SupplierID
			audits = append(audits, auditEntry{"site.import", "production_site", b.ID, b, a})
			done++
			if progress != nil && done%500 == 0 {
				progress(done)
			}
		}
		cols := []string{"supplier_id", "name", "address", "city", "country", "os_hub_id", "products", "latitude", "longitude", "created_at"}
		n := importBatch(len(cols))
		for i := 0; i < len(created); i += n {
			part := created[i:min(i+n, len(created))]
			args := make([]any, 0, len(part)*len(cols))
			for _, c := range part {
				x := &c.After
				args = append(args, x.SupplierID, x.Name, x.Address, x.City, x.Country, x.OSHubID, strings.Join(x.Products, "\n"),
					nullFloat(x.Lat), nullFloat(x.Lng), tx.now)
			}
			ids, err := insertReturning(ctx, tx, "production_sites", cols, len(part), args, scanID, "id")
			if isUniqueViolation(err) {
				return registerChanged()
			}
			if err != nil {
				return err
			}
			sum.CreatedIDs = spanIDs(sum.CreatedIDs, ids)
			done += len(part)
			if progress != nil {
				progress(done)
			}
		}
		if err := tx.auditMany(ctx, actor, audits); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "import.sites", "import", 0, nil, sum)
	})
	if err != nil {
		return fmt.Errorf("sqldb.ImportSites: %w", err)
	}
	return nil
}

func changedOne(res sql.Result, err error) error {
	if err != nil {
		if isUniqueViolation(err) {
			return registerChanged()
		}
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return registerChanged()
	}
	return nil
}

func nullFloat(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func scanID(rows *sql.Rows) (int64, error) {
	var id int64
	err := rows.Scan(&id)
	return id, err
}

// spanIDs widens the span [first, last] to cover ids.
func spanIDs(span [2]int64, ids []int64) [2]int64 {
	for _, id := range ids {
		if span[0] == 0 || id < span[0] {
			span[0] = id
		}
		if id > span[1] {
			span[1] = id
		}
	}
	return span
}

// multiInsert is INSERT INTO table (cols) VALUES (…), (…) for n rows.
func multiInsert(table string, cols []string, n int) string {
	var s strings.Builder
	s.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	row := "(" + placeholders(len(cols)) + ")"
	for i := range n {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(row)
	}
	return s.String()
}

// insertReturning inserts n rows and scans what RETURNING gives back.
func insertReturning(ctx context.Context, tx *Tx, table string, cols []string, n int, args []any, scan func(*sql.Rows) (int64, error), returning string) ([]int64, error) {
	return collect(ctx, tx, multiInsert(table, cols, n)+" RETURNING "+returning, args, scan)
}

// auditEntry is one event for auditMany.
type auditEntry struct {
	action, entity string
	id             int64
	before, after  any
}

// auditMany appends events to the trail as audit does one at a time, but
// reads and moves the chain's head once and inserts the events in batches.
func (tx *Tx) auditMany(ctx context.Context, actor tillit.Actor, entries []auditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	lock := ""
	if tx.dialect == Postgres {
		lock = " FOR UPDATE"
	}
	var lastID int64
	var lastHash string
	if err := tx.queryRow(ctx, "SELECT last_id, last_hash FROM audit_head WHERE id = 1"+lock).Scan(&lastID, &lastHash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	var actorID any
	if actor.UserID != 0 {
		actorID = actor.UserID
	}
	cols := []string{"id", "at", "actor_id", "actor_label", "action", "entity", "entity_id", "before_json", "after_json", "prev_hash", "hash"}
	n := importBatch(len(cols))
	for i := 0; i < len(entries); i += n {
		part := entries[i:min(i+n, len(entries))]
		args := make([]any, 0, len(part)*len(cols))
		for _, en := range part {
			b, err := jsonOrEmpty(en.before)
			if err != nil {
				return err
			}
			a, err := jsonOrEmpty(en.after)
			if err != nil {
				return err
			}
			e := tillit.AuditEvent{ID: lastID + 1, At: tx.now, ActorID: actor.UserID, ActorLabel: actor.Label(),
				Action: en.action, Entity: en.entity, EntityID: en.id, Before: b, After: a, PrevHash: lastHash}
			e.Hash = auditHash(&e)
			lastID, lastHash = e.ID, e.Hash
			args = append(args, e.ID, e.At, actorID, e.ActorLabel, e.Action, e.Entity, e.EntityID, e.Before, e.After, e.PrevHash, e.Hash)
		}
		if _, err := tx.exec(ctx, multiInsert("audit_events", cols, len(part)), args...); err != nil {
			return fmt.Errorf("audit insert: %w", err)
		}
	}
	if _, err := tx.exec(ctx, "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", lastID, lastHash); err != nil {
		return fmt.Errorf("audit head update: %w", err)
	}
	return nil
}

// ExportContract is a contract as exports write it: with the keys an
// import finds its region, supplier and category by.
type ExportContract struct {
	tillit.Contract
	CountyCode        string
	SupplierName      string
	SupplierOrgNumber string
	CategoryCode      string
}

// ContractsForExport lists the contracts the scope may read, of one region
// or (regionID 0) all, by region and reference.
func (db *DB) ContractsForExport(ctx context.Context, scope tillit.Scope, regionID int64) ([]ExportContract, error) {
	q := `SELECT c.id, c.region_id, c.supplier_id, c.category_id, c.reference, c.ocid, c.start_date, c.end_date,
		COALESCE(r.county_code, ''), s.name, COALESCE(s.org_number, ''), k.code
		FROM contracts c JOIN organisations r ON r.id = c.region_id JOIN organisations s ON s.id = c.supplier_id
		JOIN categories k ON k.id = c.category_id WHERE 1=1`
	var args []any
	q, args = scopeSupplierSQL(q, args, scope, "c.supplier_id")
	if regionID != 0 {
		q += " AND c.region_id = ?"
		args = append(args, regionID)
	}
	q += " ORDER BY r.county_code, c.reference, c.id"
	var out []ExportContract
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, q, args, func(rows *sql.Rows) (ExportContract, error) {
			var c ExportContract
			var start, end dateScan
			err := rows.Scan(&c.ID, &c.RegionID, &c.SupplierID, &c.CategoryID, &c.Reference, &c.OCID, &start, &end,
				&c.CountyCode, &c.SupplierName, &c.SupplierOrgNumber, &c.CategoryCode)
			c.Start, c.End = start.t, end.t
			return c, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.ContractsForExport: %w", err)
	}
	return out, nil
}

// ExportSite is a production site with its supplier's keys.
type ExportSite struct {
	SiteRecord
	SupplierName      string
	SupplierOrgNumber string
}

// SitesForExport lists the production sites of the suppliers the scope
// may read, of one supplier or (supplierID 0) all, by supplier, country
// and name.
func (db *DB) SitesForExport(ctx context.Context, scope tillit.Scope, supplierID int64) ([]ExportSite, error) {
	q := `SELECT p.id, p.supplier_id, p.name, p.address, p.city, p.country, p.os_hub_id, p.products, p.latitude, p.longitude,
		s.name, COALESCE(s.org_number, '')
		FROM production_sites p JOIN organisations s ON s.id = p.supplier_id WHERE 1=1`
	var args []any
	q, args = scopeSupplierSQL(q, args, scope, "p.supplier_id")
	if supplierID != 0 {
		q += " AND p.supplier_id = ?"
		args = append(args, supplierID)
	}
	q += " ORDER BY s.name, p.country, p.name, p.id"
	var out []ExportSite
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, q, args, func(rows *sql.Rows) (ExportSite, error) {
			var s ExportSite
			var products string
			err := rows.Scan(&s.ID, &s.SupplierID, &s.Name, &s.Address, &s.City, &s.Country, &s.OSHubID, &products, &s.Lat, &s.Lng,
				&s.SupplierName, &s.SupplierOrgNumber)
			if products != "" {
				s.Products = strings.Split(products, "\n")
			}
			return s, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.SitesForExport: %w", err)
	}
	return out, nil
}

// SuppliersForExport lists the suppliers the scope may read, by name, with
// their former names.
func (db *DB) SuppliersForExport(ctx context.Context, scope tillit.Scope) ([]tillit.Supplier, error) {
	q := `SELECT o.id, o.name, COALESCE(o.country, ''), COALESCE(o.org_number, ''), COALESCE(p.former_names, '')
		FROM organisations o LEFT JOIN supplier_profiles p ON p.org_id = o.id WHERE o.kind = 'supplier'`
	q, args := scopeSupplierSQL(q, nil, scope, "o.id")
	q += " ORDER BY o.name, o.id"
	var out []tillit.Supplier
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, q, args, func(rows *sql.Rows) (tillit.Supplier, error) {
			var s tillit.Supplier
			var names string
			err := rows.Scan(&s.ID, &s.Name, &s.Country, &s.OrgNumber, &names)
			s.Kind, s.OrgID = tillit.OrgSupplier, s.ID
			if names != "" {
				s.FormerNames = strings.Split(names, "\n")
			}
			return s, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.SuppliersForExport: %w", err)
	}
	return out, nil
}
