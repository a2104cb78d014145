package importer

import (
	"context"
	"strconv"
	"strings"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// supplierIndex finds stored suppliers by organisation number and name,
// as contract and site files name them.
type supplierIndex struct {
	list   []tillit.Supplier
	byOrg  map[string][]int // compact organisation number → positions
	byName map[string][]int // folded current name
	former map[string][]int // folded former name
}

func newSupplierIndex(list []tillit.Supplier) *supplierIndex {
	x := &supplierIndex{list: list, byOrg: map[string][]int{}, byName: map[string][]int{}, former: map[string][]int{}}
	for i, s := range list {
		if s.OrgNumber != "" {
			k := compactOrgNumber(s.OrgNumber)
			x.byOrg[k] = append(x.byOrg[k], i)
		}
		x.byName[fold(s.Name)] = append(x.byName[fold(s.Name)], i)
		for _, n := range s.FormerNames {
			x.former[fold(n)] = append(x.former[fold(n)], i)
		}
	}
	return x
}

func loadSuppliers(ctx context.Context, st store) (*supplierIndex, error) {
	list, err := st.suppliers(ctx)
	if err != nil {
		return nil, err
	}
	return newSupplierIndex(list), nil
}

// resolve finds the supplier a row names by organisation number (column
// orgKey) or name (column nameKey), adding a problem when it cannot. A
// row that gives neither returns 0 without a problem: the caller decides
// whether that is allowed.
func (x *supplierIndex) resolve(p *rowProblems, rec record, orgKey, nameKey string) (int64, bool) {
	org := p.text(rec, orgKey)
	name := p.text(rec, nameKey)
	if p.has(orgKey) || p.has(nameKey) {
		return 0, true
	}
	byName := func() (int64, bool) {
		hits := x.byName[fold(name)]
		if len(hits) == 0 {
			hits = x.former[fold(name)]
		}
		switch {
		case len(hits) == 0:
			p.add(nameKey, tillit.Msg("No supplier named %s is in the register. Check the spelling, or import the supplier first.", name))
			return 0, true
		case len(hits) > 1:
			p.add(nameKey, tillit.Msg("Several suppliers in the register have been named %s. Give the organisation number instead.", name))
			return 0, true
		}
		return x.list[hits[0]].ID, true
	}
	if org == "" {
		if name == "" {
			return 0, false
		}
		return byName()
	}
	hits := x.byOrg[compactOrgNumber(org)]
	switch {
	case len(hits) == 0 && name != "":
		return byName()
	case len(hits) == 0:
		p.add(orgKey, tillit.Msg("No supplier with organisation number %s is in the register. Check the number, or import the supplier first.", org))
		return 0, true
	case len(hits) > 1:
		p.add(orgKey, tillit.Msg("Several suppliers in the register have organisation number %s. Ask the national office to merge them.", org))
		return 0, true
	}
	s := &x.list[hits[0]]
	if name != "" && !s.HasName(name) {
		p.add(nameKey, tillit.Msg("Organisation number %s belongs to %s, not to %s. Correct the number or the name.", org, s.Name, name))
		return 0, true
	}
	return s.ID, true
}

// categoryIndex finds categories by code or name.
type categoryIndex struct {
	byKey   map[string]int64
	example string
}

func loadCategories(ctx context.Context, st store) (*categoryIndex, error) {
	list, err := st.categories(ctx)
	if err != nil {
		return nil, err
	}
	x := &categoryIndex{byKey: map[string]int64{}}
	for _, c := range list {
		x.byKey[fold(c.NameSV)] = c.ID
		x.byKey[fold(c.NameEN)] = c.ID
	}
	for _, c := range list { // codes win over names
		x.byKey[fold(c.Code)] = c.ID
		if x.example == "" || c.Code < x.example {
			x.example = c.Code
		}
	}
	return x, nil
}

// regionIndex finds regions by county code, name or id.
type regionIndex struct {
	byKey map[string]tillit.Organisation
	byID  map[int64]tillit.Organisation
}

func loadRegions(ctx context.Context, st store) (*regionIndex, error) {
	list, err := st.regions(ctx)
	if err != nil {
		return nil, err
	}
	x := &regionIndex{byKey: map[string]tillit.Organisation{}, byID: map[int64]tillit.Organisation{}}
	for _, o := range list {
		x.byID[o.ID] = o
		x.byKey[fold(o.Name)] = o
		x.byKey[fold(strings.TrimPrefix(o.Name, "Region "))] = o
		if o.CountyCode != "" {
			x.byKey[o.CountyCode] = o
		}
	}
	return x, nil
}

// find reads a region as its county code ("12", or "1" for "01"), its
// name with or without "Region", or its id.
func (x *regionIndex) find(s string) (tillit.Organisation, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
		s = "0" + s
	}
	if o, ok := x.byKey[fold(s)]; ok {
		return o, true
	}
	return tillit.Organisation{}, false
}

// FindRegion reads a region as the command line and forms name it: its
// county code, its name, or its id.
func FindRegion(regions []tillit.Organisation, s string) (tillit.Organisation, bool) {
	x := &regionIndex{byKey: map[string]tillit.Organisation{}, byID: map[int64]tillit.Organisation{}}
	for _, o := range regions {
		if o.Kind != tillit.OrgRegion {
			continue
		}
		x.byID[o.ID] = o
		x.byKey[fold(o.Name)] = o
		x.byKey[fold(strings.TrimPrefix(o.Name, "Region "))] = o
		if o.CountyCode != "" {
			x.byKey[o.CountyCode] = o
		}
	}
	if o, ok := x.find(s); ok {
		return o, true
	}
	if id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
		o, ok := x.byID[id]
		return o, ok
	}
	return tillit.Organisation{}, false
}

// FindSupplier reads a supplier as forms and the command line name it:
// its organisation number, its current or former name, or its id.
func FindSupplier(ctx context.Context, db *sqldb.DB, ref string) (int64, error) {
	list, err := db.SuppliersForImport(ctx)
	if err != nil {
		return 0, err
	}
	ref = strings.TrimSpace(ref)
	x := newSupplierIndex(list)
	hits := x.byOrg[compactOrgNumber(ref)]
	if len(hits) == 0 {
		hits = x.byName[fold(ref)]
	}
	if len(hits) == 0 {
		hits = x.former[fold(ref)]
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil && len(hits) == 0 {
		for i, s := range list {
			if s.ID == id {
				hits = []int{i}
			}
		}
	}
	switch len(hits) {
	case 0:
		return 0, tillit.Errorf(tillit.EINVALID, "No supplier %s is in the register. Give its organisation number or its name as the supplier list shows it.", ref)
	case 1:
		return list[hits[0]].ID, nil
	}
	return 0, tillit.Errorf(tillit.EINVALID, "Several suppliers match %s. Give the organisation number instead.", ref)
}
