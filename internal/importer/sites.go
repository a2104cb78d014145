package importer

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// sitePlan imports production sites, in Open Supply Hub's list format
// (country, name, address, and optionally lat, lng and the OS ID) with
// optional columns for the city, the products and the supplier. A site is
// known by its supplier and OS ID or, without one, by its supplier, name
// and country.
//
// Open Supply Hub lists have no city, which tillit keeps for every site:
// without a city column it is taken from the address (its last part
// with letters, without the postcode), and a stored site keeps its own.
type sitePlan struct {
	actor           tillit.Actor
	defaultSupplier int64
	planned         []sqldb.SiteChange
}

func (*sitePlan) kind() Kind        { return KindSites }
func (*sitePlan) columns() []column { return siteColumns }
func (p *sitePlan) changes() int    { return len(p.planned) }

type siteRow struct {
	i      int
	s      sqldb.SiteRecord
	cityOK bool // the file gave the city
}

func (p *sitePlan) check(ctx context.Context, st store, sh *sheet, l *layout, rep *Report, tick func(int)) error {
	sups, err := loadSuppliers(ctx, st)
	if err != nil {
		return err
	}
	supplierName := map[int64]string{}
	for _, s := range sups.list {
		supplierName[s.ID] = s.Name
	}
	if p.defaultSupplier != 0 && supplierName[p.defaultSupplier] == "" {
		return tillit.Errorf(tillit.EINVALID, "Choose the supplier whose production sites the file lists.")
	}
	problems := map[int]*rowProblems{}
	prob := func(i int) *rowProblems {
		if problems[i] == nil {
			problems[i] = l.problems(sh.rows[i].line)
		}
		return problems[i]
	}
	var good []siteRow
	for i, rec := range sh.rows {
		if i%every == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			tick(i)
		}
		pr := prob(i)
		var s sqldb.SiteRecord
		id, named := sups.resolve(pr, rec, "supplier_org_number", "supplier")
		switch {
		case !named && p.defaultSupplier != 0:
			id = p.defaultSupplier
		case !named:
			key := "supplier"
			if l.has("supplier_org_number") {
				key = "supplier_org_number"
			}
			pr.add(key, tillit.Msg("Say which supplier the site belongs to: fill in the supplier's organisation number or name, or choose the supplier when you import."))
		}
		if id != 0 && !tillit.Can(p.actor, tillit.ActManageSites, tillit.Resource{SupplierID: id}) {
			pr.add("supplier", tillit.Msg("You can import the production sites of your own company only."))
		}
		s.SupplierID = id
		s.Name = pr.text(rec, "name")
		rep.Rows[i].Key = s.Name
		if cc := pr.text(rec, "country"); cc != "" {
			if code, ok := countryCode(cc); ok {
				s.Country = code
			} else {
				pr.add("country", tillit.Msg("%s is not a country we know. Write the country's two-letter ISO code, such as SE or DE.", cc))
			}
		}
		s.Address = strings.Join(strings.Fields(pr.text(rec, "address")), " ")
		s.City = pr.text(rec, "city")
		row := siteRow{i: i, cityOK: s.City != ""}
		if s.City == "" {
			s.City = cityFromAddress(s.Address, s.Country)
		}
		s.OSHubID = strings.ToUpper(pr.text(rec, "os_id"))
		s.Products = splitList(pr.text(rec, "products"))
		lat, lng := pr.text(rec, "lat"), pr.text(rec, "lng")
		switch {
		case lat == "" && lng == "":
		case lat == "" || lng == "":
			key := "lat"
			if lat != "" {
				key = "lng"
			}
			pr.add(key, tillit.Msg("Give both the latitude and the longitude, or neither."))
		default:
			if v, ok := parseCoordinate(lat); !ok || v < -90 || v > 90 {
				pr.add("lat", tillit.Msg("%s is not a latitude. Write it in decimal degrees between -90 and 90, such as 32.4945.", lat))
			} else {
				s.Lat = &v
			}
			if v, ok := parseCoordinate(lng); !ok || v < -180 || v > 180 {
				pr.add("lng", tillit.Msg("%s is not a longitude. Write it in decimal degrees between -180 and 180, such as 74.5229.", lng))
			} else {
				s.Lng = &v
			}
		}
		if s.City == "" && !pr.has("city") {
			key := "city"
			if !l.has("city") {
				key = "address"
			}
			pr.add(key, tillit.Msg("Enter the city, or an address that ends with it, such as \"Plot 12, Small Industrial Estate, Sialkot 51310\"."))
		}
		pr.addFields(s.ProductionSite.Validate(), func(field string) (string, bool) {
			switch {
			case field == "supplier_id":
				return "", false // said above
			case field == "os_hub_id":
				return "os_id", true
			case strings.HasPrefix(field, "products"):
				return "products", true
			case field == "city" && !l.has("city"):
				return "address", true
			}
			return field, true
		})
		if len(pr.list) > 0 {
			continue
		}
		row.s = s
		good = append(good, row)
	}
	// Match with the stored sites of the suppliers the file names.
	var ids []int64
	for _, g := range good {
		ids = append(ids, g.s.SupplierID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	stored := []sqldb.SiteRecord{}
	if len(ids) > 0 {
		if stored, err = st.sites(ctx, ids); err != nil {
			return err
		}
	}
	byOS := map[string]*sqldb.SiteRecord{}
	byName := map[string][]*sqldb.SiteRecord{}
	for i := range stored {
		s := &stored[i]
		if s.OSHubID != "" {
			byOS[siteOSKey(s.SupplierID, s.OSHubID)] = s
		}
		k := siteNameKey(s.SupplierID, s.Name, s.Country)
		byName[k] = append(byName[k], s)
	}
	type planned struct {
		i      int
		before *sqldb.SiteRecord
		after  sqldb.SiteRecord
	}
	var plan []planned
	firstByKey := map[string]int{}
	firstByStored := map[int64]int{}
	clash := func(i, first int, key string) {
		prob(i).add(key, tillit.Msg("This row and line %d are the same site. Keep one of them.", sh.rows[first].line))
		prob(first).add(key, tillit.Msg("This row and line %d are the same site. Keep one of them.", sh.rows[i].line))
	}
	for _, g := range good {
		s := g.s
		pr := prob(g.i)
		key := siteNameKey(s.SupplierID, s.Name, s.Country)
		var before *sqldb.SiteRecord
		if s.OSHubID != "" {
			key = siteOSKey(s.SupplierID, s.OSHubID)
			before = byOS[key]
		}
		if before == nil {
			var cands []*sqldb.SiteRecord
			for _, c := range byName[siteNameKey(s.SupplierID, s.Name, s.Country)] {
				// A stored site with another OS ID is another facility
				// of the same name.
				if s.OSHubID == "" || c.OSHubID == "" {
					cands = append(cands, c)
				}
			}
			switch len(cands) {
			case 0:
			case 1:
				before = cands[0]
			default:
				pr.add("name", tillit.Msg("%s has several sites named %s in %s. Give the OS ID to say which one this row is about.", supplierName[s.SupplierID], s.Name, s.Country))
				continue
			}
		}
		if first, ok := firstByKey[key]; ok {
			clash(g.i, first, "name")
			continue
		}
		firstByKey[key] = g.i
		if before != nil {
			if first, ok := firstByStored[before.ID]; ok {
				clash(g.i, first, "name")
				continue
			}
			firstByStored[before.ID] = g.i
			s = mergedSite(before, s, l, g.cityOK)
		}
		plan = append(plan, planned{g.i, before, s})
	}
	for _, pr := range problems {
		rep.Problems = append(rep.Problems, pr.list...)
	}
	for _, pl := range plan {
		if len(problems[pl.i].list) > 0 {
			continue
		}
		switch {
		case pl.before == nil:
			rep.Rows[pl.i].Outcome = Created
			p.planned = append(p.planned, sqldb.SiteChange{After: pl.after})
		case sameSite(pl.before, &pl.after):
			rep.Rows[pl.i].Outcome = Unchanged
		default:
			rep.Rows[pl.i].Outcome = Updated
			p.planned = append(p.planned, sqldb.SiteChange{Before: pl.before, After: pl.after})
		}
	}
	tick(len(sh.rows))
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func siteOSKey(supplier int64, os string) string {
	return "os:" + itoa(supplier) + ":" + strings.ToUpper(os)
}

func siteNameKey(supplier int64, name, country string) string {
	return "name:" + itoa(supplier) + ":" + country + ":" + fold(name)
}

// mergedSite is the stored site as the row changes it: a column the file
// lacks leaves its field as stored, and so does a city taken from the
// address.
func mergedSite(before *sqldb.SiteRecord, row sqldb.SiteRecord, l *layout, cityGiven bool) sqldb.SiteRecord {
	after := row
	after.ID = before.ID
	if !l.has("address") {
		after.Address = before.Address
	}
	if !cityGiven && before.City != "" {
		after.City = before.City
	}
	if !l.has("os_id") || after.OSHubID == "" {
		after.OSHubID = before.OSHubID
	}
	if !l.has("products") {
		after.Products = before.Products
	}
	if !l.has("lat") && !l.has("lng") {
		after.Lat, after.Lng = before.Lat, before.Lng
	}
	return after
}

func sameSite(a, b *sqldb.SiteRecord) bool {
	return a.Name == b.Name && a.Address == b.Address && a.City == b.City && a.Country == b.Country &&
		a.OSHubID == b.OSHubID && slices.Equal(a.Products, b.Products) && sameCoord(a.Lat, b.Lat) && sameCoord(a.Lng, b.Lng)
}

func sameCoord(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func (p *sitePlan) write(ctx context.Context, st store, actor tillit.Actor, sum sqldb.ImportSummary, progress func(int)) error {
	return st.writeSites(ctx, actor, p.planned, sum, progress)
}
