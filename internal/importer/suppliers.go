package importer

import (
	"context"
	"slices"
	"strings"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// supplierPlan imports suppliers. A supplier is known by its organisation
// number in its country or, without one, by its name: a row that matches
// a stored supplier changes it (a new name keeps the old one as a former
// name), any other row adds one. Former names in the file are added to
// the stored ones, never taken away: they are history.
type supplierPlan struct {
	planned []sqldb.SupplierChange
}

func (*supplierPlan) kind() Kind        { return KindSuppliers }
func (*supplierPlan) columns() []column { return supplierColumns }
func (p *supplierPlan) changes() int    { return len(p.planned) }

func (p *supplierPlan) check(ctx context.Context, st store, sh *sheet, l *layout, rep *Report, tick func(int)) error {
	x, err := loadSuppliers(ctx, st)
	if err != nil {
		return err
	}
	type okRow struct {
		i      int
		before *tillit.Supplier
		after  tillit.Supplier
	}
	var good []okRow
	problems := map[int]*rowProblems{}
	prob := func(i int) *rowProblems {
		if problems[i] == nil {
			problems[i] = l.problems(sh.rows[i].line)
		}
		return problems[i]
	}
	// A second row for the same supplier, or with the same name as
	// another, is a problem on both rows: which one is right is not for
	// the import to guess.
	firstByKey := map[string]int{}
	firstByName := map[string]int{}
	firstByMatch := map[int64]int{}
	clash := func(i, first int, key string, m func(line int) tillit.Message) {
		prob(i).add(key, m(sh.rows[first].line))
		prob(first).add(key, m(sh.rows[i].line))
	}
	for i, rec := range sh.rows {
		if i%every == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			tick(i)
		}
		pr := prob(i)
		s := tillit.Supplier{Organisation: tillit.Organisation{Kind: tillit.OrgSupplier}}
		s.Name = pr.text(rec, "name")
		if cc := pr.text(rec, "country"); cc != "" {
			if code, ok := countryCode(cc); ok {
				s.Country = code
			} else {
				pr.add("country", tillit.Msg("%s is not a country we know. Write the country's two-letter ISO code, such as SE or DE.", cc))
			}
		}
		s.OrgNumber = tillit.NormalizeOrgNumber(s.Country, pr.text(rec, "org_number"))
		s.FormerNames = splitList(pr.text(rec, "former_names"))
		rep.Rows[i].Key = s.Name
		if s.OrgNumber != "" {
			rep.Rows[i].Key = s.OrgNumber
		}
		pr.addFields(s.Validate(), func(field string) (string, bool) {
			if strings.HasPrefix(field, "former_names") {
				return "former_names", true
			}
			switch field {
			case "name", "country", "org_number":
				return field, true
			}
			return "", false
		})
		if len(pr.list) > 0 {
			continue
		}
		before := p.match(x, pr, &s)
		if len(pr.list) > 0 {
			continue
		}
		after := s
		if before != nil {
			after = merged(before, &s, l.has("org_number"))
			if err := after.Validate(); err != nil {
				pr.addFields(err, func(field string) (string, bool) { return "former_names", strings.HasPrefix(field, "former_names") })
				if len(pr.list) > 0 {
					continue
				}
			}
			if first, ok := firstByMatch[before.ID]; ok {
				clash(i, first, "name", func(line int) tillit.Message {
					return tillit.Msg("This row and line %d are the same supplier. Keep one of them.", line)
				})
				continue
			}
			firstByMatch[before.ID] = i
		}
		key := "name:" + fold(s.Name)
		if s.OrgNumber != "" {
			key = "org:" + s.Country + ":" + compactOrgNumber(s.OrgNumber)
		}
		if first, ok := firstByKey[key]; ok {
			clash(i, first, "name", func(line int) tillit.Message {
				return tillit.Msg("This row and line %d are the same supplier. Keep one of them.", line)
			})
			continue
		}
		firstByKey[key] = i
		if first, ok := firstByName[fold(after.Name)]; ok {
			clash(i, first, "name", func(line int) tillit.Message {
				return tillit.Msg("Line %d has a supplier with the same name. Two suppliers cannot have the same name; add what tells them apart, such as the country.", line)
			})
			continue
		}
		firstByName[fold(after.Name)] = i
		good = append(good, okRow{i, before, after})
	}
	for _, pr := range problems {
		rep.Problems = append(rep.Problems, pr.list...)
	}
	for _, g := range good {
		if len(problems[g.i].list) > 0 {
			continue // a later row clashed with it
		}
		switch {
		case g.before == nil:
			rep.Rows[g.i].Outcome = Created
			p.planned = append(p.planned, sqldb.SupplierChange{After: g.after})
		case sameSupplier(g.before, &g.after):
			rep.Rows[g.i].Outcome = Unchanged
		default:
			rep.Rows[g.i].Outcome = Updated
			p.planned = append(p.planned, sqldb.SupplierChange{Before: g.before, After: g.after})
		}
	}
	tick(len(sh.rows))
	return nil
}

// match finds the stored supplier a row is about, adding a problem when
// the row contradicts what is stored.
func (p *supplierPlan) match(x *supplierIndex, pr *rowProblems, s *tillit.Supplier) *tillit.Supplier {
	if s.OrgNumber != "" {
		var hits []int
		for _, i := range x.byOrg[compactOrgNumber(s.OrgNumber)] {
			if c := x.list[i].Country; c == "" || c == s.Country {
				hits = append(hits, i)
			}
		}
		switch {
		case len(hits) > 1:
			pr.add("org_number", tillit.Msg("Several suppliers in the register have organisation number %s. Ask the national office to merge them.", s.OrgNumber))
			return nil
		case len(hits) == 1:
			e := &x.list[hits[0]]
			for _, j := range x.byName[fold(s.Name)] {
				if x.list[j].ID != e.ID {
					pr.add("name", tillit.Msg("Another supplier in the register is already named %s. Check the name and the organisation number.", x.list[j].Name))
					return nil
				}
			}
			return e
		}
	}
	hits := x.byName[fold(s.Name)]
	if len(hits) == 0 {
		if former := x.former[fold(s.Name)]; len(former) > 0 && s.OrgNumber == "" {
			pr.add("name", tillit.Msg("%s is a former name of %s. Write the current name, or give the organisation number.", s.Name, x.list[former[0]].Name))
		}
		return nil
	}
	e := &x.list[hits[0]]
	switch {
	case e.Country != "" && e.Country != s.Country:
		pr.add("country", tillit.Msg("A supplier named %s is registered in %s. Check the country; two suppliers cannot have the same name.", e.Name, e.Country))
		return nil
	case s.OrgNumber != "" && e.OrgNumber != "" && compactOrgNumber(e.OrgNumber) != compactOrgNumber(s.OrgNumber):
		pr.add("org_number", tillit.Msg("A supplier named %s is registered with organisation number %s. Check the number; two suppliers cannot have the same name.", e.Name, e.OrgNumber))
		return nil
	}
	return e
}

// merged is the stored supplier as the row changes it. A column the file
// lacks leaves its field as stored.
func merged(before, row *tillit.Supplier, hasOrg bool) tillit.Supplier {
	after := *before
	after.Contacts = nil
	after.Name, after.Country = row.Name, row.Country
	if hasOrg && row.OrgNumber != "" {
		after.OrgNumber = row.OrgNumber
	}
	var names []string
	add := func(n string) {
		if fold(n) == fold(after.Name) || slices.ContainsFunc(names, func(x string) bool { return fold(x) == fold(n) }) {
			return
		}
		names = append(names, n)
	}
	if fold(before.Name) != fold(row.Name) {
		add(before.Name) // newest first
	}
	for _, n := range before.FormerNames {
		add(n)
	}
	for _, n := range row.FormerNames {
		add(n)
	}
	after.FormerNames = names
	return after
}

func sameSupplier(a, b *tillit.Supplier) bool {
	return a.Name == b.Name && a.Country == b.Country && a.OrgNumber == b.OrgNumber && slices.Equal(a.FormerNames, b.FormerNames)
}

func (p *supplierPlan) write(ctx context.Context, st store, actor tillit.Actor, sum sqldb.ImportSummary, progress func(int)) error {
	return st.writeSuppliers(ctx, actor, p.planned, sum, progress)
}
