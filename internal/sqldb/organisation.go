package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
)

// CreateOrganisation validates and inserts o, setting its ID.
func (db *DB) CreateOrganisation(ctx context.Context, actor tillit.Actor, o *tillit.Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error { return tx.createOrganisation(ctx, actor, o) })
	if err != nil {
		return fmt.Errorf("sqldb.CreateOrganisation: %w", err)
	}
	return nil
}

func (tx *Tx) createOrganisation(ctx context.Context, actor tillit.Actor, o *tillit.Organisation) error {
	o.CreatedAt = tx.now
	id, err := tx.insert(ctx, `INSERT INTO organisations (kind, name, county_code, org_number, country, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		o.Kind, o.Name, nullString(o.CountyCode), nullString(o.OrgNumber), nullString(o.Country), o.CreatedAt)
	if isUniqueViolation(err) {
		return tillit.Errorf(tillit.ECONFLICT, "An organisation of that kind named %q, or a region with county code %q, already exists.", o.Name, o.CountyCode)
	}
	if err != nil {
		return err
	}
	o.ID = id
	return tx.audit(ctx, actor, "organisation.create", "organisation", id, nil, o)
}

const orgColumns = `id, kind, name, COALESCE(county_code, ''), COALESCE(org_number, ''), COALESCE(country, ''), created_at`

func scanOrganisation(s interface{ Scan(...any) error }, o *tillit.Organisation) error {
	return s.Scan(&o.ID, &o.Kind, &o.Name, &o.CountyCode, &o.OrgNumber, &o.Country, &o.CreatedAt)
}

// FindOrganisationByID returns one organisation or ENOTFOUND.
func (db *DB) FindOrganisationByID(ctx context.Context, id int64) (*tillit.Organisation, error) {
	var o tillit.Organisation
	err := db.read(ctx, func(tx *Tx) error {
		return scanOrganisation(tx.queryRow(ctx, "SELECT "+orgColumns+" FROM organisations WHERE id = ?", id), &o)
	})
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "Organisation %d not found.", id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindOrganisationByID: %w", err)
	}
	return &o, nil
}

// OrganisationFilter selects organisations; zero fields match all.
type OrganisationFilter struct {
	Kind tillit.OrgKind
	Name string // exact name
}

// FindOrganisations returns organisations ordered by kind, then regions by
// county code and the rest by name.
func (db *DB) FindOrganisations(ctx context.Context, f OrganisationFilter) ([]tillit.Organisation, error) {
	q := "SELECT " + orgColumns + " FROM organisations WHERE 1=1"
	var args []any
	if f.Kind != "" {
		q += " AND kind = ?"
		args = append(args, f.Kind)
	}
	if f.Name != "" {
		q += " AND name = ?"
		args = append(args, f.Name)
	}
	q += " ORDER BY kind, COALESCE(county_code, ''), name"
	var out []tillit.Organisation
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var o tillit.Organisation
			if err := scanOrganisation(rows, &o); err != nil {
				return err
			}
			out = append(out, o)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindOrganisations: %w", err)
	}
	return out, nil
}

// SetPopulation records a region's population for a year, replacing an
// earlier figure for the same year.
func (db *DB) SetPopulation(ctx context.Context, actor tillit.Actor, p tillit.RegionPopulation) error {
	if p.Population < 0 {
		return &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The population cannot be negative."),
			Fields: map[string]tillit.Message{"population": tillit.Msg("Enter zero or more inhabitants.")}}
	}
	if p.Year < 2000 || p.Year > 2100 {
		return &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The year must be between 2000 and 2100."),
			Fields: map[string]tillit.Message{"year": tillit.Msg("Enter a year between 2000 and 2100.")}}
	}
	err := db.write(ctx, func(tx *Tx) error {
		// On PostgreSQL, lock the region so two calls for it cannot both
		// find no row and both INSERT (the loser failing on the primary
		// key); SQLite's single writer already serialises them. NO KEY
		// UPDATE leaves foreign-key checks on the region unblocked.
		lock := ""
		if tx.dialect == Postgres {
			lock = " FOR NO KEY UPDATE"
		}
		var kind tillit.OrgKind
		if err := tx.queryRow(ctx, "SELECT kind FROM organisations WHERE id = ?"+lock, p.RegionID).Scan(&kind); err != nil {
			if isNoRows(err) {
				return tillit.Errorf(tillit.ENOTFOUND, "Region %d not found.", p.RegionID)
			}
			return err
		}
		if kind != tillit.OrgRegion {
			return tillit.Errorf(tillit.EINVALID, "Only regions have a population.")
		}
		var before *tillit.RegionPopulation
		var old int64
		err := tx.queryRow(ctx, "SELECT population FROM region_populations WHERE region_id = ? AND year = ?", p.RegionID, p.Year).Scan(&old)
		switch {
		case isNoRows(err):
			_, err = tx.exec(ctx, "INSERT INTO region_populations (region_id, year, population) VALUES (?, ?, ?)", p.RegionID, p.Year, p.Population)
		case err == nil:
			before = &tillit.RegionPopulation{RegionID: p.RegionID, Year: p.Year, Population: old}
			_, err = tx.exec(ctx, "UPDATE region_populations SET population = ? WHERE region_id = ? AND year = ?", p.Population, p.RegionID, p.Year)
		}
		if err != nil {
			return err
		}
		return tx.audit(ctx, actor, "region.population.set", "organisation", p.RegionID, before, p)
	})
	if err != nil {
		return fmt.Errorf("sqldb.SetPopulation: %w", err)
	}
	return nil
}

// Populations returns the population of every region for a year, by region id.
func (db *DB) Populations(ctx context.Context, year int) (map[int64]int64, error) {
	out := map[int64]int64{}
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT region_id, population FROM region_populations WHERE year = ?", year)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, n int64
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			out[id] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.Populations: %w", err)
	}
	return out, nil
}

// CreateCategory validates and inserts c with its responsibilities.
func (db *DB) CreateCategory(ctx context.Context, actor tillit.Actor, c *tillit.Category) error {
	if err := c.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		id, err := tx.insert(ctx, "INSERT INTO categories (code, name_sv, name_en, created_at) VALUES (?, ?, ?, ?)", c.Code, c.NameSV, c.NameEN, tx.now)
		if isUniqueViolation(err) {
			return tillit.Errorf(tillit.ECONFLICT, "A category with the code %q already exists.", c.Code)
		}
		if err != nil {
			return err
		}
		c.ID = id
		for i := range c.Responsible {
			r := &c.Responsible[i]
			r.CategoryID = id
			if err := tx.addResponsibility(ctx, r); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, "category.create", "category", id, nil, c)
	})
	if err != nil {
		return fmt.Errorf("sqldb.CreateCategory: %w", err)
	}
	return nil
}

func (tx *Tx) addResponsibility(ctx context.Context, r *tillit.Responsibility) error {
	var kind tillit.OrgKind
	if err := tx.queryRow(ctx, "SELECT kind, name FROM organisations WHERE id = ?", r.RegionID).Scan(&kind, &r.RegionName); err != nil {
		if isNoRows(err) {
			return tillit.Errorf(tillit.ENOTFOUND, "Region %d not found.", r.RegionID)
		}
		return err
	}
	if kind != tillit.OrgRegion {
		return tillit.Errorf(tillit.EINVALID, "%s is not a region; only regions can be responsible for a category.", r.RegionName)
	}
	_, err := tx.exec(ctx, "INSERT INTO category_responsibilities (category_id, region_id, valid_from, valid_to) VALUES (?, ?, ?, ?)",
		r.CategoryID, r.RegionID, dateString(r.ValidFrom), dateString(r.ValidTo))
	return err
}

// FindCategories returns every category with all its responsibilities
// (past, present and future), ordered by Swedish name.
func (db *DB) FindCategories(ctx context.Context) ([]tillit.Category, error) {
	var out []tillit.Category
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT id, code, name_sv, name_en FROM categories ORDER BY name_sv")
		if err != nil {
			return err
		}
		idx := map[int64]int{}
		for rows.Next() {
			var c tillit.Category
			if err := rows.Scan(&c.ID, &c.Code, &c.NameSV, &c.NameEN); err != nil {
				rows.Close()
				return err
			}
			idx[c.ID] = len(out)
			out = append(out, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.query(ctx, `SELECT r.category_id, r.region_id, o.name, r.valid_from, r.valid_to
			FROM category_responsibilities r JOIN organisations o ON o.id = r.region_id
			ORDER BY o.county_code, r.valid_from`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r tillit.Responsibility
			var from, to dateScan
			if err := rows.Scan(&r.CategoryID, &r.RegionID, &r.RegionName, &from, &to); err != nil {
				return err
			}
			r.ValidFrom, r.ValidTo = from.t, to.t
			if i, ok := idx[r.CategoryID]; ok {
				out[i].Responsible = append(out[i].Responsible, r)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindCategories: %w", err)
	}
	return out, nil
}

// dateScan reads a DATE column from either engine: PostgreSQL gives a
// time.Time, SQLite a time.Time or the stored text.
type dateScan struct{ t time.Time }

func (d *dateScan) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		d.t = time.Time{}
	case time.Time:
		d.t = time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
	case string:
		return d.parse(x)
	case []byte:
		return d.parse(string(x))
	default:
		return fmt.Errorf("date: cannot scan %T", v)
	}
	return nil
}

func (d *dateScan) parse(s string) error {
	if len(s) >= 10 {
		s = s[:10]
	}
	t, err := time.Parse("2006-01-02", s)
	d.t = t
	return err
}
