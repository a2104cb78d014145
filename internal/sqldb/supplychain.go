package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
)

// The supply-chain map (issue 7): sub-supplier links between production
// sites, products with their material content, and the two queries people
// need: every site in a country for a category, and products with enough
// cotton for isotope origin testing.
//
// A supplier's chain is its own sites and every site that supplies one of
// them, directly or through others. It is read with a recursive query
// whose UNION (not UNION ALL) drops rows already found, so a loop of links
// ends instead of running forever.

// Only the supplier's own links are followed (its id is the CTE's two
// parameters): a site that is also in another supplier's chain does not
// bring that supplier's links along.
const chainCTE = `WITH RECURSIVE chain(id) AS (
	SELECT id FROM production_sites WHERE supplier_id = ?
	UNION
	SELECT l.sub_site_id FROM site_links l JOIN chain c ON l.site_id = c.id WHERE l.supplier_id = ?)`

// ChainSite is a site in a supplier's chain with the name of its owner.
type ChainSite struct {
	tillit.ProductionSite
	Owner string
}

// ProductRow is a product with its category's names and its sites.
type ProductRow struct {
	tillit.Product
	Supplier     string
	CategoryCode string
	CategorySV   string
	CategoryEN   string
	Sites        []ChainSite
}

// CategoryName is the category's name in lang.
func (p ProductRow) CategoryName(lang tillit.Lang) string {
	if lang == tillit.English && p.CategoryEN != "" {
		return p.CategoryEN
	}
	return p.CategorySV
}

// SupplyChain is a supplier's chain: its sites and their sub-suppliers'
// sites, the links between them and the supplier's products.
type SupplyChain struct {
	SupplierID int64
	Sites      map[int64]ChainSite
	Links      []tillit.SiteLink // by site, then sub-site name
	Products   []ProductRow
}

// Own lists the supplier's own sites, by country, city and name.
func (c *SupplyChain) Own() []ChainSite {
	var out []ChainSite
	for _, s := range c.Sites {
		if s.SupplierID == c.SupplierID {
			out = append(out, s)
		}
	}
	sortSites(out)
	return out
}

func sortSites(s []ChainSite) {
	sort.Slice(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if a.Country != b.Country {
			return a.Country < b.Country
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.ID < b.ID
	})
}

// FindSupplyChain reads the chain of a supplier the scope may read: five
// statements whatever its size.
func (db *DB) FindSupplyChain(ctx context.Context, scope tillit.Scope, supplierID int64) (*SupplyChain, error) {
	sc := &SupplyChain{SupplierID: supplierID, Sites: map[int64]ChainSite{}}
	err := db.read(ctx, func(tx *Tx) error {
		ok, err := tx.scopeAllowsSupplier(ctx, scope, supplierID)
		if err != nil {
			return err
		}
		if !ok {
			return tillit.Errorf(tillit.ENOTFOUND, "Supplier %d not found.", supplierID)
		}
		sites, err := collect(ctx, tx, chainCTE+` SELECT s.id, s.supplier_id, s.name, s.address, s.city, s.country, s.os_hub_id, o.name
			FROM chain c JOIN production_sites s ON s.id = c.id JOIN organisations o ON o.id = s.supplier_id`, []any{supplierID, supplierID}, scanChainSite)
		if err != nil {
			return err
		}
		for _, s := range sites {
			sc.Sites[s.ID] = s
		}
		sc.Links, err = collect(ctx, tx, chainCTE+` SELECT l.site_id, l.sub_site_id, l.what FROM site_links l
			WHERE l.supplier_id = ? AND l.site_id IN (SELECT id FROM chain) ORDER BY l.site_id, l.sub_site_id`, []any{supplierID, supplierID, supplierID},
			func(r *sql.Rows) (tillit.SiteLink, error) {
				var l tillit.SiteLink
				return l, r.Scan(&l.SiteID, &l.SubSiteID, &l.What)
			})
		if err != nil {
			return err
		}
		sc.Products, err = tx.products(ctx, "p.supplier_id = ?", []any{supplierID})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindSupplyChain: %w", err)
	}
	return sc, nil
}

func scanChainSite(r *sql.Rows) (ChainSite, error) {
	var s ChainSite
	return s, r.Scan(&s.ID, &s.SupplierID, &s.Name, &s.Address, &s.City, &s.Country, &s.OSHubID, &s.Owner)
}

// products reads the products matching where, with their sites and
// materials: three statements.
func (tx *Tx) products(ctx context.Context, where string, args []any) ([]ProductRow, error) {
	list, err := collect(ctx, tx, `SELECT p.id, p.supplier_id, p.category_id, p.name, p.product_group, o.name, k.code, k.name_sv, k.name_en
		FROM products p JOIN organisations o ON o.id = p.supplier_id JOIN categories k ON k.id = p.category_id
		WHERE `+where+` ORDER BY o.name, p.name, p.id`, args, func(r *sql.Rows) (ProductRow, error) {
		var p ProductRow
		return p, r.Scan(&p.ID, &p.SupplierID, &p.CategoryID, &p.Name, &p.Group, &p.Supplier, &p.CategoryCode, &p.CategorySV, &p.CategoryEN)
	})
	if err != nil || len(list) == 0 {
		return list, err
	}
	pos := map[int64]int{}
	ids := make([]any, len(list))
	for i, p := range list {
		pos[p.ID] = i
		ids[i] = p.ID
	}
	in := "(" + placeholders(len(ids)) + ")"
	rows, err := tx.query(ctx, `SELECT ps.product_id, s.id, s.supplier_id, s.name, s.address, s.city, s.country, s.os_hub_id, o.name
		FROM product_sites ps JOIN production_sites s ON s.id = ps.site_id JOIN organisations o ON o.id = s.supplier_id
		WHERE ps.product_id IN `+in+` ORDER BY s.country, s.name, s.id`, ids...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var pid int64
		var s ChainSite
		if err := rows.Scan(&pid, &s.ID, &s.SupplierID, &s.Name, &s.Address, &s.City, &s.Country, &s.OSHubID, &s.Owner); err != nil {
			rows.Close()
			return nil, err
		}
		p := &list[pos[pid]]
		p.Sites = append(p.Sites, s)
		p.SiteIDs = append(p.SiteIDs, s.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.query(ctx, `SELECT product_id, material, permille FROM product_materials WHERE product_id IN `+in+` ORDER BY product_id, permille DESC, material`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var pid int64
		var l tillit.MaterialLine
		if err := rows.Scan(&pid, &l.Material, &l.Share); err != nil {
			return nil, err
		}
		p := &list[pos[pid]]
		p.Materials = append(p.Materials, l)
	}
	return list, rows.Err()
}

// chainHas reports whether a site is in the supplier's chain.
func (tx *Tx) chainHas(ctx context.Context, supplierID, siteID int64) (bool, error) {
	var n int
	err := tx.queryRow(ctx, chainCTE+` SELECT count(*) FROM chain WHERE id = ?`, supplierID, supplierID, siteID).Scan(&n)
	return n > 0, err
}

// SubSupplier names the site a link adds below a site of the chain: an
// existing site by id, or a company and site found by their names (an
// organisation of the kind supplier, and its site with that name in that
// country), created when there is none.
type SubSupplier struct {
	SiteID  int64
	Company string
	Site    string
	City    string
	Country string
	What    string
}

// AddSiteLink links a site of the supplier's chain to the sub-supplier
// site that supplies it, creating the sub-supplier and its site when they
// are new. It returns the sub-supplier site's id.
func (db *DB) AddSiteLink(ctx context.Context, actor tillit.Actor, supplierID, siteID int64, sub SubSupplier) (int64, error) {
	sub.Company, sub.Site, sub.City = strings.TrimSpace(sub.Company), strings.TrimSpace(sub.Site), strings.TrimSpace(sub.City)
	sub.Country = strings.ToUpper(strings.TrimSpace(sub.Country))
	link := tillit.SiteLink{SiteID: siteID, SubSiteID: sub.SiteID, What: strings.TrimSpace(sub.What)}
	if sub.SiteID == 0 {
		p := tillit.Problems{}
		switch {
		case sub.Company == "":
			p.Add("company", "Enter the name of the sub-supplier's company.")
		case len(sub.Company) > 200:
			p.Add("company", "The name can be at most %d characters.", 200)
		}
		switch {
		case sub.Site == "":
			p.Add("site", "Enter the name of the sub-supplier's site.")
		case len(sub.Site) > 200:
			p.Add("site", "The name can be at most %d characters.", 200)
		}
		switch {
		case sub.City == "":
			p.Add("city", "Enter the city or town where the site is, such as Sialkot.")
		case len(sub.City) > 200:
			p.Add("city", "The city can be at most %d characters.", 200)
		}
		if _, ok := tillit.CountryByCode(sub.Country); !ok {
			p.Add("country", "Enter the country as a two-letter ISO code, such as SE or PK.")
		}
		l := link
		l.SubSiteID = 1 << 62 // a stand-in: the site is known only once found or created
		p.Merge(l.Validate())
		if err := p.Err(); err != nil {
			return 0, err
		}
	} else if err := link.Validate(); err != nil {
		return 0, err
	}
	err := db.write(ctx, func(tx *Tx) error {
		ok, err := tx.chainHas(ctx, supplierID, siteID)
		if err != nil {
			return err
		}
		if !ok {
			m := tillit.Msg("Choose a site of the supplier's chain.")
			return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"site_id": m}}
		}
		if sub.SiteID == 0 {
			if link.SubSiteID, err = tx.findOrCreateSubSite(ctx, actor, supplierID, sub); err != nil {
				return err
			}
		} else if !tillit.Can(actor, tillit.ActLinkAnySite, tillit.Resource{}) {
			return tillit.Errorf(tillit.EFORBIDDEN, "Only the national office may link an existing production site by its number.")
		} else {
			var n int
			if err := tx.queryRow(ctx, "SELECT count(*) FROM production_sites WHERE id = ?", sub.SiteID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return tillit.Errorf(tillit.ENOTFOUND, "Production site %d not found.", sub.SiteID)
			}
		}
		if link.SubSiteID == siteID {
			m := tillit.Msg("A site cannot supply itself.")
			return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"site": m}}
		}
		_, err = tx.exec(ctx, "INSERT INTO site_links (supplier_id, site_id, sub_site_id, what, created_at) VALUES (?, ?, ?, ?, ?)",
			supplierID, siteID, link.SubSiteID, link.What, tx.now)
		if isUniqueViolation(err) {
			return tillit.Errorf(tillit.ECONFLICT, "The site already has that sub-supplier site.")
		}
		if err != nil {
			return err
		}
		return tx.audit(ctx, actor, "supply_chain.link_add", "production_site", siteID, nil, link)
	})
	if err != nil {
		return 0, fmt.Errorf("sqldb.AddSiteLink: %w", err)
	}
	return link.SubSiteID, nil
}

// findOrCreateSubSite finds the company (an organisation of the kind
// supplier with that name) and its site by name and country, creating
// what is missing.
func (tx *Tx) findOrCreateSubSite(ctx context.Context, actor tillit.Actor, supplierID int64, sub SubSupplier) (int64, error) {
	var orgID int64
	err := tx.queryRow(ctx, "SELECT id FROM organisations WHERE kind = 'supplier' AND name = ?", sub.Company).Scan(&orgID)
	if isNoRows(err) {
		o := &tillit.Organisation{Kind: tillit.OrgSupplier, Name: sub.Company, Country: sub.Country}
		if err := tx.createOrganisation(ctx, actor, o); err != nil {
			return 0, err
		}
		orgID = o.ID
	} else if err != nil {
		return 0, err
	} else if orgID != supplierID && !tillit.Can(actor, tillit.ActLinkAnySite, tillit.Resource{}) {
		// A company that has contracts or its own users keeps its own
		// register of sites; another supplier may not add to it (a
		// supplier links its own sites to each other freely).
		var n int
		if err := tx.queryRow(ctx, `SELECT (SELECT count(*) FROM contracts WHERE supplier_id = ?) + (SELECT count(*) FROM memberships WHERE org_id = ?)`,
			orgID, orgID).Scan(&n); err != nil {
			return 0, err
		}
		if n > 0 {
			m := tillit.Msg("%s is a supplier in the register with its own production sites. Ask the national office to link its site.", sub.Company)
			return 0, &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"company": m}}
		}
	}
	var siteID int64
	err = tx.queryRow(ctx, "SELECT id FROM production_sites WHERE supplier_id = ? AND lower(name) = lower(?) AND country = ? ORDER BY id LIMIT 1",
		orgID, sub.Site, sub.Country).Scan(&siteID)
	if err == nil || !isNoRows(err) {
		return siteID, err
	}
	s := &tillit.ProductionSite{SupplierID: orgID, Name: sub.Site, City: sub.City, Country: sub.Country}
	siteID, err = tx.insert(ctx, `INSERT INTO production_sites (supplier_id, name, address, city, country, os_hub_id, products, created_at)
		VALUES (?, ?, '', ?, ?, '', '', ?)`, orgID, s.Name, s.City, s.Country, tx.now)
	if err != nil {
		return 0, err
	}
	s.ID = siteID
	return siteID, tx.audit(ctx, actor, "site.create", "production_site", siteID, nil, s)
}

// RemoveSiteLink removes a link below a site of the supplier's chain. The
// sub-supplier's site stays: other chains may use it.
func (db *DB) RemoveSiteLink(ctx context.Context, actor tillit.Actor, supplierID, siteID, subSiteID int64) error {
	err := db.write(ctx, func(tx *Tx) error {
		ok, err := tx.chainHas(ctx, supplierID, siteID)
		if err != nil {
			return err
		}
		var what string
		err = tx.queryRow(ctx, "SELECT what FROM site_links WHERE supplier_id = ? AND site_id = ? AND sub_site_id = ?", supplierID, siteID, subSiteID).Scan(&what)
		if !ok || isNoRows(err) {
			return tillit.Errorf(tillit.ENOTFOUND, "The link is not in the supplier's chain; it may have been removed already.")
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM site_links WHERE supplier_id = ? AND site_id = ? AND sub_site_id = ?", supplierID, siteID, subSiteID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "supply_chain.link_remove", "production_site", siteID, tillit.SiteLink{SiteID: siteID, SubSiteID: subSiteID, What: what}, nil)
	})
	if err != nil {
		return fmt.Errorf("sqldb.RemoveSiteLink: %w", err)
	}
	return nil
}

// CreateProduct validates and stores a product; its sites must be in the
// supplier's chain.
func (db *DB) CreateProduct(ctx context.Context, actor tillit.Actor, p *tillit.Product) error {
	p.Name, p.Group = strings.TrimSpace(p.Name), strings.TrimSpace(p.Group)
	if err := p.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.checkKind(ctx, p.SupplierID, tillit.OrgSupplier, "supplier_id", tillit.Msg("Choose a supplier.")); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT count(*) FROM categories WHERE id = ?", p.CategoryID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			m := tillit.Msg("Choose a procurement category.")
			return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"category_id": m}}
		}
		for _, s := range p.SiteIDs {
			ok, err := tx.chainHas(ctx, p.SupplierID, s)
			if err != nil {
				return err
			}
			if !ok {
				m := tillit.Msg("Choose sites of the supplier's chain.")
				return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"sites": m}}
			}
		}
		id, err := tx.insert(ctx, "INSERT INTO products (supplier_id, category_id, name, product_group, created_at) VALUES (?, ?, ?, ?, ?)",
			p.SupplierID, p.CategoryID, p.Name, p.Group, tx.now)
		if isUniqueViolation(err) {
			m := tillit.Msg("The supplier already has a product named %s.", p.Name)
			return &tillit.Error{Code: tillit.ECONFLICT, Msg: m, Fields: map[string]tillit.Message{"name": m}}
		}
		if err != nil {
			return err
		}
		p.ID = id
		for _, s := range p.SiteIDs {
			// ON CONFLICT: a site chosen twice is one site. (A swallowed
			// unique violation would leave a PostgreSQL transaction aborted.)
			if _, err := tx.exec(ctx, "INSERT INTO product_sites (product_id, site_id) VALUES (?, ?) ON CONFLICT DO NOTHING", id, s); err != nil {
				return err
			}
		}
		for _, l := range p.Materials {
			if _, err := tx.exec(ctx, "INSERT INTO product_materials (product_id, material, permille) VALUES (?, ?, ?)", id, l.Material, l.Share); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, "product.create", "product", id, nil, p)
	})
	if err != nil {
		return fmt.Errorf("sqldb.CreateProduct: %w", err)
	}
	return nil
}

// DeleteProduct removes a product of the supplier.
func (db *DB) DeleteProduct(ctx context.Context, actor tillit.Actor, supplierID, productID int64) error {
	err := db.write(ctx, func(tx *Tx) error {
		list, err := tx.products(ctx, "p.id = ? AND p.supplier_id = ?", []any{productID, supplierID})
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return tillit.Errorf(tillit.ENOTFOUND, "Product %d not found.", productID)
		}
		if _, err := tx.exec(ctx, "DELETE FROM products WHERE id = ?", productID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "product.delete", "product", productID, list[0].Product, nil)
	})
	if err != nil {
		return fmt.Errorf("sqldb.DeleteProduct: %w", err)
	}
	return nil
}

// SiteQuery asks for the sites in a country that make, or supply those
// who make, products of a category, for suppliers with contracts in the
// category in force on a day.
type SiteQuery struct {
	Country    string
	CategoryID int64
	On         time.Time
}

// RegionRef names a region.
type RegionRef struct {
	ID         int64
	Name       string
	CountyCode string
}

// SupplierRegions is a contracted supplier whose chain includes a site,
// and the regions with contracts in force with it in the category.
type SupplierRegions struct {
	SupplierID int64
	Supplier   string
	Direct     bool // the supplier owns the site; false for a sub-supplier's site
	Regions    []RegionRef
}

// SiteInCountry is one site the query found.
type SiteInCountry struct {
	Site      tillit.ProductionSite
	Owner     string
	Suppliers []SupplierRegions
}

// FindSitesInCountry answers the first query of the supply-chain map. A
// site is in a category's chain when it makes a product of the category,
// or when no product at all is recorded as made there (so a site whose
// products are not described is listed rather than missed), and so is
// every site that supplies such a site, directly or through others. The
// site is listed for each supplier with a contract in the category in
// force on the day, with the regions holding those contracts; a site
// whose suppliers have none is not listed.
func (db *DB) FindSitesInCountry(ctx context.Context, q SiteQuery) ([]SiteInCountry, error) {
	if q.On.IsZero() {
		q.On = db.now()
	}
	day := dateString(q.On)
	stmt := `WITH RECURSIVE roots(site_id, supplier_id) AS (
			SELECT ps.site_id, p.supplier_id FROM product_sites ps JOIN products p ON p.id = ps.product_id WHERE p.category_id = ?
			UNION
			SELECT s.id, s.supplier_id FROM production_sites s WHERE NOT EXISTS (SELECT 1 FROM product_sites x WHERE x.site_id = s.id)
		), chain(site_id, supplier_id) AS (
			SELECT site_id, supplier_id FROM roots
			UNION
			SELECT l.sub_site_id, c.supplier_id FROM site_links l JOIN chain c ON l.site_id = c.site_id AND l.supplier_id = c.supplier_id
		)
		SELECT DISTINCT s.id, s.supplier_id, s.name, s.address, s.city, s.country, s.os_hub_id, o.name,
			c.supplier_id, sup.name, r.id, r.name, COALESCE(r.county_code, '')
		FROM chain c JOIN production_sites s ON s.id = c.site_id JOIN organisations o ON o.id = s.supplier_id
		JOIN organisations sup ON sup.id = c.supplier_id
		JOIN contracts k ON k.supplier_id = c.supplier_id AND k.category_id = ? AND k.start_date <= ? AND k.end_date >= ?
		JOIN organisations r ON r.id = k.region_id
		WHERE s.country = ?
		ORDER BY s.name, s.id, sup.name, c.supplier_id, COALESCE(r.county_code, ''), r.id`
	var out []SiteInCountry
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, stmt, q.CategoryID, q.CategoryID, day, day, q.Country)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s tillit.ProductionSite
			var owner, supName string
			var supID int64
			var reg RegionRef
			if err := rows.Scan(&s.ID, &s.SupplierID, &s.Name, &s.Address, &s.City, &s.Country, &s.OSHubID, &owner,
				&supID, &supName, &reg.ID, &reg.Name, &reg.CountyCode); err != nil {
				return err
			}
			if len(out) == 0 || out[len(out)-1].Site.ID != s.ID {
				out = append(out, SiteInCountry{Site: s, Owner: owner})
			}
			site := &out[len(out)-1]
			if n := len(site.Suppliers); n == 0 || site.Suppliers[n-1].SupplierID != supID {
				site.Suppliers = append(site.Suppliers, SupplierRegions{SupplierID: supID, Supplier: supName, Direct: supID == s.SupplierID})
			}
			sr := &site.Suppliers[len(site.Suppliers)-1]
			if n := len(sr.Regions); n == 0 || sr.Regions[n-1].ID != reg.ID {
				sr.Regions = append(sr.Regions, reg)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindSitesInCountry: %w", err)
	}
	return out, nil
}

// CottonQuery asks for products with at least MinShare cotton,
// optionally in a category or with a site in a country.
type CottonQuery struct {
	MinShare   tillit.Permille
	CategoryID int64
	Country    string
}

// FindCottonProducts answers the second query: products eligible for
// isotope origin testing of their cotton, the largest shares first.
func (db *DB) FindCottonProducts(ctx context.Context, scope tillit.Scope, q CottonQuery) ([]ProductRow, error) {
	where := "p.id IN (SELECT product_id FROM product_materials WHERE material = 'cotton' AND permille >= ?)"
	args := []any{int(q.MinShare)}
	if q.CategoryID != 0 {
		where += " AND p.category_id = ?"
		args = append(args, q.CategoryID)
	}
	if q.Country != "" {
		where += " AND p.id IN (SELECT ps.product_id FROM product_sites ps JOIN production_sites s ON s.id = ps.site_id WHERE s.country = ?)"
		args = append(args, q.Country)
	}
	where, args = scopeSupplierSQL(where, args, scope, "p.supplier_id")
	var out []ProductRow
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.products(ctx, where, args)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindCottonProducts: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Share(tillit.MaterialCotton) > out[j].Share(tillit.MaterialCotton)
	})
	return out, nil
}
