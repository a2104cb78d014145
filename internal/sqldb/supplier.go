package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
)

// CreateSupplier inserts a supplier company: its organisation and profile.
func (db *DB) CreateSupplier(ctx context.Context, actor tillit.Actor, s *tillit.Supplier) error {
	s.Kind = tillit.OrgSupplier
	s.OrgNumber = tillit.NormalizeOrgNumber(s.Country, s.OrgNumber)
	if err := s.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.createOrganisation(ctx, actor, &s.Organisation); err != nil {
			return err
		}
		s.OrgID = s.ID
		return tx.saveProfile(ctx, actor, &s.SupplierProfile, nil)
	})
	if err != nil {
		return fmt.Errorf("sqldb.CreateSupplier: %w", err)
	}
	return nil
}

// UpdateSupplierProfile replaces a supplier's former names, parent company
// and contacts.
func (db *DB) UpdateSupplierProfile(ctx context.Context, actor tillit.Actor, sp *tillit.SupplierProfile) error {
	err := db.write(ctx, func(tx *Tx) error {
		s, err := tx.findSupplier(ctx, sp.OrgID)
		if err != nil {
			return err
		}
		// Only the profile is validated: an organisation registered without
		// a country (an import, say) must still be able to get contacts.
		if err := sp.ValidateFor(s.Name); err != nil {
			return err
		}
		before := s.SupplierProfile
		if _, err := tx.exec(ctx, "DELETE FROM supplier_contacts WHERE supplier_id = ?", sp.OrgID); err != nil {
			return err
		}
		return tx.saveProfile(ctx, actor, sp, &before)
	})
	if err != nil {
		return fmt.Errorf("sqldb.UpdateSupplierProfile: %w", err)
	}
	return nil
}

func (tx *Tx) saveProfile(ctx context.Context, actor tillit.Actor, sp *tillit.SupplierProfile, before *tillit.SupplierProfile) error {
	var parent any
	if sp.ParentOrgID != 0 {
		parent = sp.ParentOrgID
	}
	names := strings.Join(sp.FormerNames, "\n")
	var err error
	if before == nil {
		_, err = tx.exec(ctx, "INSERT INTO supplier_profiles (org_id, former_names, parent_org_id, updated_at) VALUES (?, ?, ?, ?)", sp.OrgID, names, parent, tx.now)
	} else {
		_, err = tx.exec(ctx, `INSERT INTO supplier_profiles (org_id, former_names, parent_org_id, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (org_id) DO UPDATE SET former_names = excluded.former_names, parent_org_id = excluded.parent_org_id, updated_at = excluded.updated_at`,
			sp.OrgID, names, parent, tx.now)
	}
	if err != nil {
		return err
	}
	for _, c := range sp.Contacts {
		if _, err := tx.exec(ctx, "INSERT INTO supplier_contacts (supplier_id, name, email, phone, role) VALUES (?, ?, ?, ?, ?)",
			sp.OrgID, c.Name, c.Email, c.Phone, c.Role); err != nil {
			return err
		}
	}
	var b any
	if before != nil {
		b = before
	}
	return tx.audit(ctx, actor, "supplier.profile", "organisation", sp.OrgID, b, sp)
}

func (tx *Tx) findSupplier(ctx context.Context, id int64) (*tillit.Supplier, error) {
	var s tillit.Supplier
	err := scanOrganisation(tx.queryRow(ctx, "SELECT "+orgColumns+" FROM organisations WHERE id = ? AND kind = 'supplier'", id), &s.Organisation)
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "Supplier %d not found.", id)
	}
	if err != nil {
		return nil, err
	}
	s.OrgID = s.ID
	var names string
	var parent *int64
	err = tx.queryRow(ctx, "SELECT former_names, parent_org_id FROM supplier_profiles WHERE org_id = ?", id).Scan(&names, &parent)
	if err != nil && !isNoRows(err) {
		return nil, err
	}
	if names != "" {
		s.FormerNames = strings.Split(names, "\n")
	}
	if parent != nil {
		s.ParentOrgID = *parent
	}
	rows, err := tx.query(ctx, "SELECT name, email, phone, role FROM supplier_contacts WHERE supplier_id = ? ORDER BY id", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c tillit.Contact
		if err := rows.Scan(&c.Name, &c.Email, &c.Phone, &c.Role); err != nil {
			return nil, err
		}
		s.Contacts = append(s.Contacts, c)
	}
	return &s, rows.Err()
}

// scopeAllowsSupplier reports whether the scope may read the supplier:
// everything for the office and regions, their own company for suppliers,
// and for auditors the suppliers of follow-ups with an audit assigned to
// them.
func (tx *Tx) scopeAllowsSupplier(ctx context.Context, scope tillit.Scope, supplierID int64) (bool, error) {
	if scope.All {
		return true, nil
	}
	for _, id := range scope.SupplierIDs {
		if id == supplierID {
			return true, nil
		}
	}
	if scope.AuditorUserID != 0 {
		var n int
		err := tx.queryRow(ctx, `SELECT count(*) FROM followup_audits a JOIN followups f ON f.id = a.followup_id
			WHERE f.supplier_id = ? AND a.auditor_user_id = ?`, supplierID, scope.AuditorUserID).Scan(&n)
		return n > 0, err
	}
	return false, nil
}

// FindSupplier returns a supplier the scope may read; ENOTFOUND otherwise,
// so an id outside the scope looks like one that does not exist.
func (db *DB) FindSupplier(ctx context.Context, scope tillit.Scope, id int64) (*tillit.Supplier, error) {
	var s *tillit.Supplier
	err := db.read(ctx, func(tx *Tx) error {
		ok, err := tx.scopeAllowsSupplier(ctx, scope, id)
		if err != nil {
			return err
		}
		if !ok {
			return tillit.Errorf(tillit.ENOTFOUND, "Supplier %d not found.", id)
		}
		s, err = tx.findSupplier(ctx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindSupplier: %w", err)
	}
	return s, nil
}

// SupplierFilter selects suppliers for the list.
type SupplierFilter struct {
	Query     string // part of the current or a former name, case-insensitive
	Country   string
	AfterName string // keyset paging: names after this one
	AfterID   int64
	Limit     int
}

// SupplierRow is one line of the supplier list.
type SupplierRow struct {
	ID          int64
	Name        string
	Country     string
	OrgNumber   string
	FormerNames string
	Contracts   int // active today
	FollowUps   int // open
}

// FindSuppliers lists the suppliers the scope may read, by name, with
// keyset paging (AfterName, AfterID).
func (db *DB) FindSuppliers(ctx context.Context, scope tillit.Scope, f SupplierFilter) ([]SupplierRow, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	today := dateString(tillit.SwedishDay(db.now()))
	q := `SELECT o.id, o.name, COALESCE(o.country, ''), COALESCE(o.org_number, ''), COALESCE(p.former_names, ''),
		(SELECT count(*) FROM contracts c WHERE c.supplier_id = o.id AND c.start_date <= ? AND c.end_date >= ?),
		(SELECT count(*) FROM followups fu WHERE fu.supplier_id = o.id AND fu.status = 'open')
		FROM organisations o LEFT JOIN supplier_profiles p ON p.org_id = o.id
		WHERE o.kind = 'supplier'`
	args := []any{today, today}
	q, args = scopeSupplierSQL(q, args, scope, "o.id")
	if f.Query != "" {
		q += " AND (lower(o.name) LIKE ? OR lower(COALESCE(p.former_names, '')) LIKE ?)"
		like := "%" + strings.ToLower(escapeLike(f.Query)) + "%"
		args = append(args, like, like)
		q = strings.Replace(q, "LIKE ?", "LIKE ? ESCAPE '\\'", 2)
	}
	if f.Country != "" {
		q += " AND o.country = ?"
		args = append(args, f.Country)
	}
	if f.AfterName != "" || f.AfterID != 0 {
		q += " AND (o.name > ? OR o.name = ? AND o.id > ?)"
		args = append(args, f.AfterName, f.AfterName, f.AfterID)
	}
	q += " ORDER BY o.name, o.id LIMIT ?"
	args = append(args, f.Limit)
	var out []SupplierRow
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r SupplierRow
			if err := rows.Scan(&r.ID, &r.Name, &r.Country, &r.OrgNumber, &r.FormerNames, &r.Contracts, &r.FollowUps); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindSuppliers: %w", err)
	}
	return out, nil
}

// scopeSupplierSQL adds the scope's condition on a supplier id column.
func scopeSupplierSQL(q string, args []any, scope tillit.Scope, col string) (string, []any) {
	if scope.All {
		return q, args
	}
	var parts []string
	if len(scope.SupplierIDs) > 0 {
		parts = append(parts, col+" IN ("+placeholders(len(scope.SupplierIDs))+")")
		for _, id := range scope.SupplierIDs {
			args = append(args, id)
		}
	}
	if scope.AuditorUserID != 0 {
		parts = append(parts, col+` IN (SELECT f.supplier_id FROM followups f JOIN followup_audits a ON a.followup_id = f.id WHERE a.auditor_user_id = ?)`)
		args = append(args, scope.AuditorUserID)
	}
	if len(parts) == 0 {
		return q + " AND 1=0", args
	}
	return q + " AND (" + strings.Join(parts, " OR ") + ")", args
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// escapeLike escapes LIKE wildcards in user input.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CreateContract validates and inserts a contract.
func (db *DB) CreateContract(ctx context.Context, actor tillit.Actor, c *tillit.Contract) error {
	if err := c.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.checkKind(ctx, c.RegionID, tillit.OrgRegion, "region_id", tillit.Msg("Choose a region.")); err != nil {
			return err
		}
		if err := tx.checkKind(ctx, c.SupplierID, tillit.OrgSupplier, "supplier_id", tillit.Msg("Choose a supplier.")); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT count(*) FROM categories WHERE id = ?", c.CategoryID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The chosen category does not exist."),
				Fields: map[string]tillit.Message{"category_id": tillit.Msg("Choose a procurement category.")}}
		}
		id, err := tx.insert(ctx, `INSERT INTO contracts (region_id, supplier_id, category_id, reference, ocid, start_date, end_date, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.RegionID, c.SupplierID, c.CategoryID, c.Reference, c.OCID, dateString(c.Start), dateString(c.End), tx.now)
		if isUniqueViolation(err) {
			// A reference names one contract in a region's register
			// (0011_import.sql): the imports match rows by it.
			m := tillit.Msg("The region already has a contract with the reference %s. Give each contract a reference of its own.", c.Reference)
			return &tillit.Error{Code: tillit.ECONFLICT, Msg: m, Fields: map[string]tillit.Message{"reference": m}}
		}
		if err != nil {
			return err
		}
		c.ID = id
		return tx.audit(ctx, actor, "contract.create", "contract", id, nil, c)
	})
	if err != nil {
		return fmt.Errorf("sqldb.CreateContract: %w", err)
	}
	return nil
}

func (tx *Tx) checkKind(ctx context.Context, id int64, kind tillit.OrgKind, field string, msg tillit.Message) error {
	var k tillit.OrgKind
	err := tx.queryRow(ctx, "SELECT kind FROM organisations WHERE id = ?", id).Scan(&k)
	if isNoRows(err) || err == nil && k != kind {
		return &tillit.Error{Code: tillit.EINVALID, Msg: msg, Fields: map[string]tillit.Message{field: msg}}
	}
	return err
}

// ContractRow is a contract with the names it refers to.
type ContractRow struct {
	tillit.Contract
	Region       string
	CountyCode   string
	Supplier     string
	CategoryCode string
	CategorySV   string
	CategoryEN   string
}

// ContractFilter selects contracts; zero fields match all.
type ContractFilter struct {
	SupplierID int64
	RegionID   int64
	CategoryID int64
	ActiveOn   time.Time // in force on this date
	Limit      int       // at most this many; 0 for all
	Offset     int       // skip this many first (with Limit: a page)
}

// FindContracts lists contracts by region, category and start date.
// Contracts are shared information: every internal user reads them, and a
// supplier its own (the caller passes the scope).
func (db *DB) FindContracts(ctx context.Context, scope tillit.Scope, f ContractFilter) ([]ContractRow, error) {
	q := `SELECT c.id, c.region_id, c.supplier_id, c.category_id, c.reference, c.ocid, c.start_date, c.end_date,
		r.name, COALESCE(r.county_code, ''), s.name, k.code, k.name_sv, k.name_en
		FROM contracts c JOIN organisations r ON r.id = c.region_id JOIN organisations s ON s.id = c.supplier_id
		JOIN categories k ON k.id = c.category_id WHERE 1=1`
	var args []any
	q, args = scopeSupplierSQL(q, args, scope, "c.supplier_id")
	if f.SupplierID != 0 {
		q += " AND c.supplier_id = ?"
		args = append(args, f.SupplierID)
	}
	if f.RegionID != 0 {
		q += " AND c.region_id = ?"
		args = append(args, f.RegionID)
	}
	if f.CategoryID != 0 {
		q += " AND c.category_id = ?"
		args = append(args, f.CategoryID)
	}
	if !f.ActiveOn.IsZero() {
		q += " AND c.start_date <= ? AND c.end_date >= ?"
		args = append(args, dateString(f.ActiveOn), dateString(f.ActiveOn))
	}
	q += " ORDER BY r.county_code, k.name_sv, c.start_date, c.id"
	if f.Limit > 0 {
		q += " LIMIT ? OFFSET ?"
		args = append(args, f.Limit, f.Offset)
	}
	var out []ContractRow
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r ContractRow
			var start, end dateScan
			if err := rows.Scan(&r.ID, &r.RegionID, &r.SupplierID, &r.CategoryID, &r.Reference, &r.OCID, &start, &end,
				&r.Region, &r.CountyCode, &r.Supplier, &r.CategoryCode, &r.CategorySV, &r.CategoryEN); err != nil {
				return err
			}
			r.Start, r.End = start.t, end.t
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindContracts: %w", err)
	}
	return out, nil
}

// ContractCount is how many contracts a supplier has with one region in
// one category, and how many of them are in force on the day asked.
type ContractCount struct {
	RegionID   int64
	Region     string
	CountyCode string
	CategoryID int64
	CategorySV string
	CategoryEN string
	Total      int
	InForce    int
}

// CountContracts sums up a supplier's contracts by region and category,
// counted by the database: the largest supplier at EU scale holds 8 694
// contracts, and a page that summarises them must not read them all.
func (db *DB) CountContracts(ctx context.Context, scope tillit.Scope, supplierID int64, on time.Time) ([]ContractCount, error) {
	q := `SELECT c.region_id, r.name, COALESCE(r.county_code, ''), c.category_id, k.name_sv, k.name_en, COUNT(*),
		SUM(CASE WHEN c.start_date <= ? AND c.end_date >= ? THEN 1 ELSE 0 END)
		FROM contracts c JOIN organisations r ON r.id = c.region_id JOIN categories k ON k.id = c.category_id
		WHERE c.supplier_id = ?`
	day := dateString(on)
	args := []any{day, day, supplierID}
	q, args = scopeSupplierSQL(q, args, scope, "c.supplier_id")
	q += ` GROUP BY c.region_id, r.name, r.county_code, c.category_id, k.name_sv, k.name_en
		ORDER BY COALESCE(r.county_code, ''), r.name, k.name_sv`
	var out []ContractCount
	err := db.read(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, q, args, func(rows *sql.Rows) (ContractCount, error) {
			var c ContractCount
			err := rows.Scan(&c.RegionID, &c.Region, &c.CountyCode, &c.CategoryID, &c.CategorySV, &c.CategoryEN, &c.Total, &c.InForce)
			return c, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.CountContracts: %w", err)
	}
	return out, nil
}

// FindSitesPage lists one page of a supplier's production sites, in the
// order FindSites uses, and how many the supplier has in all.
func (db *DB) FindSitesPage(ctx context.Context, scope tillit.Scope, supplierID int64, limit, offset int) ([]tillit.ProductionSite, int, error) {
	var out []tillit.ProductionSite
	total := 0
	err := db.read(ctx, func(tx *Tx) error {
		ok, err := tx.scopeAllowsSupplier(ctx, scope, supplierID)
		if err != nil {
			return err
		}
		if !ok {
			return tillit.Errorf(tillit.ENOTFOUND, "Supplier %d not found.", supplierID)
		}
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM production_sites WHERE supplier_id = ?", supplierID).Scan(&total); err != nil {
			return err
		}
		out, err = collect(ctx, tx, `SELECT id, supplier_id, name, address, city, country, os_hub_id, products
			FROM production_sites WHERE supplier_id = ? ORDER BY country, city, name, id LIMIT ? OFFSET ?`,
			[]any{supplierID, limit, offset}, func(rows *sql.Rows) (tillit.ProductionSite, error) {
				var s tillit.ProductionSite
				var products string
				err := rows.Scan(&s.ID, &s.SupplierID, &s.Name, &s.Address, &s.City, &s.Country, &s.OSHubID, &products)
				if products != "" {
					s.Products = strings.Split(products, "\n")
				}
				return s, err
			})
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("sqldb.FindSitesPage: %w", err)
	}
	return out, total, nil
}

// CreateSite validates and inserts a production site.
func (db *DB) CreateSite(ctx context.Context, actor tillit.Actor, s *tillit.ProductionSite) error {
	if err := s.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.checkKind(ctx, s.SupplierID, tillit.OrgSupplier, "supplier_id", tillit.Msg("Choose a supplier.")); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO production_sites (supplier_id, name, address, city, country, os_hub_id, products, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.SupplierID, s.Name, s.Address, s.City, s.Country, s.OSHubID, strings.Join(s.Products, "\n"), tx.now)
		if isUniqueViolation(err) {
			m := tillit.Msg("The supplier already has a production site with the Open Supply Hub ID %s.", s.OSHubID)
			return &tillit.Error{Code: tillit.ECONFLICT, Msg: m, Fields: map[string]tillit.Message{"os_hub_id": m}}
		}
		if err != nil {
			return err
		}
		s.ID = id
		return tx.audit(ctx, actor, "site.create", "production_site", id, nil, s)
	})
	if err != nil {
		return fmt.Errorf("sqldb.CreateSite: %w", err)
	}
	return nil
}

// FindSites returns a supplier's production sites if the scope may read
// the supplier.
func (db *DB) FindSites(ctx context.Context, scope tillit.Scope, supplierID int64) ([]tillit.ProductionSite, error) {
	var out []tillit.ProductionSite
	err := db.read(ctx, func(tx *Tx) error {
		ok, err := tx.scopeAllowsSupplier(ctx, scope, supplierID)
		if err != nil {
			return err
		}
		if !ok {
			return tillit.Errorf(tillit.ENOTFOUND, "Supplier %d not found.", supplierID)
		}
		rows, err := tx.query(ctx, `SELECT id, supplier_id, name, address, city, country, os_hub_id, products
			FROM production_sites WHERE supplier_id = ? ORDER BY country, city, name`, supplierID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s tillit.ProductionSite
			var products string
			if err := rows.Scan(&s.ID, &s.SupplierID, &s.Name, &s.Address, &s.City, &s.Country, &s.OSHubID, &products); err != nil {
				return err
			}
			if products != "" {
				s.Products = strings.Split(products, "\n")
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindSites: %w", err)
	}
	return out, nil
}
