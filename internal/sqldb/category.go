package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
)

// Categories over time (0016): scope versions and product groups with
// dated placements. The categories and their responsibilities are in
// organisation.go.

// FindCategoryRegister returns every category with its responsibilities
// and scope versions, and every product group with its placements, all
// read in one snapshot.
func (db *DB) FindCategoryRegister(ctx context.Context) (*tillit.CategoryRegister, error) {
	reg := &tillit.CategoryRegister{}
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		if reg.Categories, err = tx.categoriesWithResponsibilities(ctx); err != nil {
			return err
		}
		idx := map[int64]int{}
		for i, c := range reg.Categories {
			idx[c.ID] = i
		}
		scopes, err := collect(ctx, tx, `SELECT id, category_id, valid_from, text_sv, text_en FROM category_scopes ORDER BY valid_from, id`, nil,
			func(r *sql.Rows) (tillit.ScopeVersion, error) {
				var s tillit.ScopeVersion
				var from dateScan
				err := r.Scan(&s.ID, &s.CategoryID, &from, &s.TextSV, &s.TextEN)
				s.ValidFrom = from.t
				return s, err
			})
		if err != nil {
			return err
		}
		for _, s := range scopes {
			if i, ok := idx[s.CategoryID]; ok {
				reg.Categories[i].Scopes = append(reg.Categories[i].Scopes, s)
			}
		}
		reg.Groups, err = tx.categoryGroups(ctx, 0)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindCategoryRegister: %w", err)
	}
	return reg, nil
}

// categoriesWithResponsibilities reads what FindCategories returns, inside
// tx, so the register is one snapshot.
func (tx *Tx) categoriesWithResponsibilities(ctx context.Context) ([]tillit.Category, error) {
	cats, err := collect(ctx, tx, "SELECT id, code, name_sv, name_en FROM categories ORDER BY name_sv", nil,
		func(r *sql.Rows) (tillit.Category, error) {
			var c tillit.Category
			return c, r.Scan(&c.ID, &c.Code, &c.NameSV, &c.NameEN)
		})
	if err != nil {
		return nil, err
	}
	swedishOrder(cats, func(c tillit.Category) string { return c.NameSV })
	idx := map[int64]int{}
	for i, c := range cats {
		idx[c.ID] = i
	}
	resps, err := collect(ctx, tx, `SELECT r.category_id, r.region_id, o.name, r.valid_from, r.valid_to
		FROM category_responsibilities r JOIN organisations o ON o.id = r.region_id
		ORDER BY o.county_code, r.valid_from`, nil,
		func(r *sql.Rows) (tillit.Responsibility, error) {
			var v tillit.Responsibility
			var from, to dateScan
			err := r.Scan(&v.CategoryID, &v.RegionID, &v.RegionName, &from, &to)
			v.ValidFrom, v.ValidTo = from.t, to.t
			return v, err
		})
	if err != nil {
		return nil, err
	}
	for _, r := range resps {
		if i, ok := idx[r.CategoryID]; ok {
			cats[i].Responsible = append(cats[i].Responsible, r)
		}
	}
	return cats, nil
}

// categoryGroups reads the product groups with their placements, ordered
// by Swedish name; only the one with id when id is not 0.
func (tx *Tx) categoryGroups(ctx context.Context, id int64) ([]tillit.CategoryGroup, error) {
	q, args := "SELECT id, code, name_sv, name_en FROM category_groups", []any{}
	if id != 0 {
		q, args = q+" WHERE id = ?", append(args, id)
	}
	groups, err := collect(ctx, tx, q+" ORDER BY name_sv, id", args, func(r *sql.Rows) (tillit.CategoryGroup, error) {
		var g tillit.CategoryGroup
		return g, r.Scan(&g.ID, &g.Code, &g.NameSV, &g.NameEN)
	})
	if err != nil {
		return nil, err
	}
	swedishOrder(groups, func(g tillit.CategoryGroup) string { return g.NameSV })
	idx := map[int64]int{}
	for i, g := range groups {
		idx[g.ID] = i
	}
	q, args = "SELECT id, group_id, category_id, valid_from, valid_to FROM category_group_placements", []any{}
	if id != 0 {
		q, args = q+" WHERE group_id = ?", append(args, id)
	}
	places, err := collect(ctx, tx, q+" ORDER BY valid_from, id", args, func(r *sql.Rows) (tillit.GroupPlacement, error) {
		var p tillit.GroupPlacement
		var from, to dateScan
		err := r.Scan(&p.ID, &p.GroupID, &p.CategoryID, &from, &to)
		p.ValidFrom, p.ValidTo = from.t, to.t
		return p, err
	})
	if err != nil {
		return nil, err
	}
	for _, p := range places {
		if i, ok := idx[p.GroupID]; ok {
			groups[i].Placements = append(groups[i].Placements, p)
		}
	}
	return groups, nil
}

// AddScopeVersion records a new version of a category's scope, in force
// from s.ValidFrom until a later version starts. Earlier versions stay as
// they were: what a category covered in the past does not change.
func (db *DB) AddScopeVersion(ctx context.Context, actor tillit.Actor, s *tillit.ScopeVersion) error {
	if err := s.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.requireCategory(ctx, s.CategoryID); err != nil {
			return err
		}
		id, err := tx.insert(ctx, "INSERT INTO category_scopes (category_id, valid_from, text_sv, text_en, created_at) VALUES (?, ?, ?, ?, ?)",
			s.CategoryID, dateString(s.ValidFrom), s.TextSV, s.TextEN, tx.now)
		if isUniqueViolation(err) {
			m := tillit.Msg("The category already has a scope from %s; choose another date.", s.ValidFrom.Format(time.DateOnly))
			return &tillit.Error{Code: tillit.ECONFLICT, Msg: m, Fields: map[string]tillit.Message{"valid_from": m}}
		}
		if err != nil {
			return err
		}
		s.ID = id
		return tx.audit(ctx, actor, "category.scope_add", "category", s.CategoryID, nil, s)
	})
	if err != nil {
		return fmt.Errorf("sqldb.AddScopeVersion: %w", err)
	}
	return nil
}

// CreateCategoryGroup validates and inserts a product group with its
// placements.
func (db *DB) CreateCategoryGroup(ctx context.Context, actor tillit.Actor, g *tillit.CategoryGroup) error {
	if err := g.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		for _, p := range g.Placements {
			if err := tx.requireGroupCategory(ctx, p.CategoryID); err != nil {
				return err
			}
		}
		id, err := tx.insert(ctx, "INSERT INTO category_groups (code, name_sv, name_en, created_at) VALUES (?, ?, ?, ?)", g.Code, g.NameSV, g.NameEN, tx.now)
		if isUniqueViolation(err) {
			m := tillit.Msg("A product group with the code %q already exists.", g.Code)
			return &tillit.Error{Code: tillit.ECONFLICT, Msg: m, Fields: map[string]tillit.Message{"code": m}}
		}
		if err != nil {
			return err
		}
		g.ID = id
		for i := range g.Placements {
			p := &g.Placements[i]
			p.GroupID = id
			if p.ID, err = tx.insertPlacement(ctx, p); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, "category_group.create", "category_group", id, nil, g)
	})
	if err != nil {
		return fmt.Errorf("sqldb.CreateCategoryGroup: %w", err)
	}
	return nil
}

func (tx *Tx) insertPlacement(ctx context.Context, p *tillit.GroupPlacement) (int64, error) {
	return tx.insert(ctx, "INSERT INTO category_group_placements (group_id, category_id, valid_from, valid_to) VALUES (?, ?, ?, ?)",
		p.GroupID, p.CategoryID, dateString(p.ValidFrom), dateString(p.ValidTo))
}

// requireGroupCategory is requireCategory with the form's field marked.
func (tx *Tx) requireGroupCategory(ctx context.Context, id int64) error {
	if err := tx.requireCategory(ctx, id); tillit.ErrorCode(err) == tillit.ENOTFOUND {
		m := tillit.Msg("Choose a procurement category.")
		return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"category_id": m}}
	} else if err != nil {
		return err
	}
	return nil
}

// MoveCategoryGroup moves a product group to another category from a day:
// the placement in force that day ends, a new one begins, in one audited
// transaction, so the group is never in two categories or lost between
// them. It returns the group as it is after the move.
func (db *DB) MoveCategoryGroup(ctx context.Context, actor tillit.Actor, groupID, toCategoryID int64, from time.Time) (*tillit.CategoryGroup, error) {
	var after *tillit.CategoryGroup
	err := db.write(ctx, func(tx *Tx) error {
		// Lock the group so that two moves of it are one after the other;
		// SQLite's writer is single already.
		lock := ""
		if tx.dialect == Postgres {
			lock = " FOR UPDATE"
		}
		var code string
		if err := tx.queryRow(ctx, "SELECT code FROM category_groups WHERE id = ?"+lock, groupID).Scan(&code); err != nil {
			if isNoRows(err) {
				return tillit.Errorf(tillit.ENOTFOUND, "Product group %d not found.", groupID)
			}
			return err
		}
		groups, err := tx.categoryGroups(ctx, groupID)
		if err != nil {
			return err
		}
		before := groups[0]
		m, err := before.Move(toCategoryID, from)
		if err != nil {
			return err
		}
		if err := tx.requireGroupCategory(ctx, toCategoryID); err != nil {
			return err
		}
		if m.Closed != nil {
			if _, err := tx.exec(ctx, "UPDATE category_group_placements SET valid_to = ? WHERE id = ?", dateString(m.Closed.ValidTo), m.Closed.ID); err != nil {
				return err
			}
		}
		if _, err := tx.insertPlacement(ctx, &m.Opened); err != nil {
			return err
		}
		groups, err = tx.categoryGroups(ctx, groupID)
		if err != nil {
			return err
		}
		after = &groups[0]
		return tx.audit(ctx, actor, "category_group.move", "category_group", groupID, before, after)
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.MoveCategoryGroup: %w", err)
	}
	return after, nil
}
