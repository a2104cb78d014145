package importer

import (
	"context"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// contractPlan imports a region's contract register. A contract is known
// by its reference within the region: a row whose reference the region
// holds changes that contract, any other row adds one.
type contractPlan struct {
	regionID int64
	planned  []sqldb.ContractChange
}

func (*contractPlan) kind() Kind        { return KindContracts }
func (*contractPlan) columns() []column { return contractColumns }
func (p *contractPlan) changes() int    { return len(p.planned) }

// checkHeadings asks for a supplier column: either will do.
func (*contractPlan) checkHeadings(l *layout, line int) []Problem {
	if l.has("supplier_org_number") || l.has("supplier") {
		return nil
	}
	return []Problem{{Line: line, Msg: tillit.Msg("The file has no column for the supplier. Add a column %s (in Swedish: %s) or %s (%s).",
		"Supplier organisation number", "Leverantörens organisationsnummer", "Supplier", "Leverantör")}}
}

func (p *contractPlan) check(ctx context.Context, st store, sh *sheet, l *layout, rep *Report, tick func(int)) error {
	sups, err := loadSuppliers(ctx, st)
	if err != nil {
		return err
	}
	cats, err := loadCategories(ctx, st)
	if err != nil {
		return err
	}
	regions, err := loadRegions(ctx, st)
	if err != nil {
		return err
	}
	region, ok := regions.byID[p.regionID]
	if !ok {
		return tillit.Errorf(tillit.EINVALID, "Choose the region whose contracts the file holds.")
	}
	stored, err := st.contracts(ctx, p.regionID)
	if err != nil {
		return err
	}
	byRef := make(map[string]*tillit.Contract, len(stored))
	for i := range stored {
		byRef[stored[i].Reference] = &stored[i]
	}
	type okRow struct {
		i int
		c tillit.Contract
	}
	var good []okRow
	firstLine := map[string]int{} // reference → first row index
	dup := map[int]bool{}
	for i, rec := range sh.rows {
		if i%every == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			tick(i)
		}
		pr := l.problems(rec.line)
		c := tillit.Contract{RegionID: p.regionID}
		c.Reference = pr.text(rec, "reference")
		if c.Reference == "" && !pr.has("reference") {
			pr.add("reference", tillit.Msg("Enter the contract reference, such as the procurement's case number."))
		}
		rep.Rows[i].Key = c.Reference
		id, named := sups.resolve(pr, rec, "supplier_org_number", "supplier")
		if !named {
			key := "supplier"
			if l.has("supplier_org_number") {
				key = "supplier_org_number"
			}
			pr.add(key, tillit.Msg("Enter the supplier's organisation number or name."))
		}
		c.SupplierID = id
		if cat := pr.text(rec, "category"); cat == "" {
			if !pr.has("category") {
				pr.add("category", tillit.Msg("Enter the procurement category's code, such as %s.", cats.example))
			}
		} else if c.CategoryID = cats.byKey[fold(cat)]; c.CategoryID == 0 {
			pr.add("category", tillit.Msg("There is no category %s. Write the category's code, such as %s, or its name as the categories page shows it.", cat, cats.example))
		}
		c.Start = readDate(pr, rec, sh, "start")
		c.End = readDate(pr, rec, sh, "end")
		c.OCID = pr.text(rec, "ocid")
		if s := pr.text(rec, "region"); s != "" {
			if o, ok := regions.find(s); !ok {
				pr.add("region", tillit.Msg("There is no region %s. Write the county code, such as 12, or the region's name.", s))
			} else if o.ID != p.regionID {
				pr.add("region", tillit.Msg("This contract belongs to %s, but the file is being imported into the register of %s. Remove the row, or import it into its own region's register.", o.Name, region.Name))
			}
		}
		// The checks above already said what is missing; the domain's
		// rules add the rest (lengths, the ocid's form, end after start).
		pr.addFields(c.Validate(), func(field string) (string, bool) {
			switch field {
			case "supplier_id", "category_id", "region_id":
				return "", false // named above
			}
			return field, true
		})
		if c.Reference != "" {
			if first, seen := firstLine[c.Reference]; seen {
				pr.add("reference", tillit.Msg("The reference %s is also on line %d. Each contract needs a reference of its own, also each supplier's contract in a framework agreement.", c.Reference, sh.rows[first].line))
				if !dup[first] {
					dup[first] = true
					fp := l.problems(sh.rows[first].line)
					fp.add("reference", tillit.Msg("The reference %s is also on line %d. Each contract needs a reference of its own, also each supplier's contract in a framework agreement.", c.Reference, rec.line))
					rep.Problems = append(rep.Problems, fp.list...)
				}
			} else {
				firstLine[c.Reference] = i
			}
		}
		if len(pr.list) > 0 {
			rep.Problems = append(rep.Problems, pr.list...)
			continue
		}
		good = append(good, okRow{i, c})
	}
	keepOCID := !l.has("ocid")
	for _, g := range good {
		if dup[g.i] {
			continue
		}
		c := g.c
		before := byRef[c.Reference]
		switch {
		case before == nil:
			rep.Rows[g.i].Outcome = Created
			p.planned = append(p.planned, sqldb.ContractChange{After: c})
		default:
			if keepOCID {
				c.OCID = before.OCID
			}
			c.ID = before.ID
			if sameContract(before, &c) {
				rep.Rows[g.i].Outcome = Unchanged
				continue
			}
			rep.Rows[g.i].Outcome = Updated
			p.planned = append(p.planned, sqldb.ContractChange{Before: before, After: c})
		}
	}
	tick(len(sh.rows))
	return nil
}

func sameContract(a, b *tillit.Contract) bool {
	return a.SupplierID == b.SupplierID && a.CategoryID == b.CategoryID && a.OCID == b.OCID &&
		tillit.DateOf(a.Start).Equal(tillit.DateOf(b.Start)) && tillit.DateOf(a.End).Equal(tillit.DateOf(b.End))
}

func (p *contractPlan) write(ctx context.Context, st store, actor tillit.Actor, sum sqldb.ImportSummary, progress func(int)) error {
	return st.writeContracts(ctx, actor, p.regionID, p.planned, sum, progress)
}

// readDate reads a date column, with a problem when the cell is not a
// date. An empty cell is left to the domain's rules to name.
func readDate(pr *rowProblems, rec record, sh *sheet, key string) time.Time {
	s := pr.text(rec, key)
	if s == "" {
		return time.Time{}
	}
	t, ok := parseDate(s, sh)
	if !ok {
		pr.add(key, tillit.Msg("%s is not a date. Write the date as YYYY-MM-DD, such as 2024-01-31.", strings.TrimSpace(s)))
	}
	return t
}
