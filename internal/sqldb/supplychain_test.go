package sqldb_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// chainWorld is a small supply-chain map with near misses of every kind.
type chainWorld struct {
	db                         *sqldb.DB
	skane, norr, uppsala       *tillit.Organisation
	textiles, gloves           *tillit.Category
	textil, handske, gammal    *tillit.Supplier
	sewing, india, weave, spin int64 // site ids
	glovesPK, oldPK            int64
}

func newChainWorld(t *testing.T) *chainWorld {
	t.Helper()
	db := sqldbtest.Open(t)
	w := &chainWorld{db: db}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err, tillit.ErrorFields(err))
		}
	}
	region := func(name, code string) *tillit.Organisation {
		o := &tillit.Organisation{Kind: tillit.OrgRegion, Name: name, CountyCode: code}
		must(db.CreateOrganisation(ctx, sys, o))
		return o
	}
	w.skane, w.norr, w.uppsala = region("Region Skåne", "12"), region("Region Norrbotten", "25"), region("Region Uppsala", "03")
	w.textiles = &tillit.Category{Code: "textiles", NameSV: "Textilier", NameEN: "Textiles"}
	w.gloves = &tillit.Category{Code: "gloves", NameSV: "Handskar", NameEN: "Gloves"}
	must(db.CreateCategory(ctx, sys, w.textiles))
	must(db.CreateCategory(ctx, sys, w.gloves))
	supplier := func(name string) *tillit.Supplier {
		s := &tillit.Supplier{Organisation: tillit.Organisation{Name: name, Country: "SE"}}
		must(db.CreateSupplier(ctx, sys, s))
		return s
	}
	w.textil, w.handske, w.gammal = supplier("Textil AB"), supplier("Handske AB"), supplier("Gammal AB")
	contract := func(region *tillit.Organisation, s *tillit.Supplier, c *tillit.Category, ref, from, to string) {
		must(db.CreateContract(ctx, sys, &tillit.Contract{RegionID: region.ID, SupplierID: s.ID, CategoryID: c.ID, Reference: ref, Start: day(from), End: day(to)}))
	}
	contract(w.skane, w.textil, w.textiles, "RS-1", "2025-01-01", "2027-12-31")
	contract(w.norr, w.textil, w.textiles, "NLL-1", "2020-01-01", "2025-06-30") // expired by 2026
	contract(w.uppsala, w.textil, w.gloves, "RU-9", "2025-01-01", "2027-12-31") // another category
	contract(w.uppsala, w.handske, w.gloves, "RU-1", "2025-01-01", "2027-12-31")
	contract(w.uppsala, w.gammal, w.textiles, "RU-2", "2019-01-01", "2024-12-31") // expired
	site := func(s *tillit.Supplier, name, country string) int64 {
		ps := &tillit.ProductionSite{SupplierID: s.ID, Name: name, City: "Stad", Country: country}
		must(db.CreateSite(ctx, sys, ps))
		return ps.ID
	}
	w.sewing, w.india = site(w.textil, "Sömnad Lahore", "PK"), site(w.textil, "Sömnad Tiruppur", "IN")
	w.glovesPK, w.oldPK = site(w.handske, "Handskfabrik Sialkot", "PK"), site(w.gammal, "Gammal sömnad Karachi", "PK")
	var err error
	// Sub-suppliers: a weaving mill that supplies the sewing site, and a
	// spinning mill that supplies the weaving mill; neither company has
	// a contract. The spinning mill is also named below the Indian site.
	w.weave, err = db.AddSiteLink(ctx, sys, w.textil.ID, w.sewing, sqldb.SubSupplier{Company: "Väveri Ltd", Site: "Väveri Faisalabad", City: "Faisalabad", Country: "PK", What: "Vävt tyg"})
	must(err)
	w.spin, err = db.AddSiteLink(ctx, sys, w.textil.ID, w.weave, sqldb.SubSupplier{Company: "Spinneri Ltd", Site: "Spinneri Multan", City: "Multan", Country: "pk"})
	must(err)
	_, err = db.AddSiteLink(ctx, sys, w.textil.ID, w.india, sqldb.SubSupplier{SiteID: w.spin})
	must(err)
	// A loop (the spinning mill "supplied by" the sewing site) must not
	// make the queries run forever.
	_, err = db.AddSiteLink(ctx, sys, w.textil.ID, w.spin, sqldb.SubSupplier{SiteID: w.sewing})
	must(err)
	product := func(s *tillit.Supplier, c *tillit.Category, name string, sites []int64, cotton tillit.Permille) {
		p := &tillit.Product{SupplierID: s.ID, CategoryID: c.ID, Name: name, SiteIDs: sites}
		if cotton > 0 {
			p.Materials = append(p.Materials, tillit.MaterialLine{Material: tillit.MaterialCotton, Share: cotton})
		}
		if cotton < 1000 {
			p.Materials = append(p.Materials, tillit.MaterialLine{Material: tillit.MaterialPolyester, Share: 1000 - cotton})
		}
		must(db.CreateProduct(ctx, sys, p))
	}
	product(w.textil, w.textiles, "Operationsrock", []int64{w.sewing}, 1000)
	product(w.textil, w.textiles, "Skjorta", []int64{w.india}, 350)
	product(w.textil, w.textiles, "Blandväv", []int64{w.india}, 120)
	product(w.textil, w.textiles, "Gräns", []int64{w.sewing}, 200)
	product(w.textil, w.textiles, "Nästan", []int64{w.sewing}, 199)
	product(w.handske, w.gloves, "Bomullshandske", []int64{w.glovesPK}, 0)
	product(w.gammal, w.textiles, "Gammal rock", []int64{w.oldPK}, 1000)
	return w
}

// sitesText writes a result as "site: supplier[direct] (regions); …".
func sitesText(rows []sqldb.SiteInCountry) string {
	var parts []string
	for _, r := range rows {
		var sups []string
		for _, s := range r.Suppliers {
			var regs []string
			for _, g := range s.Regions {
				regs = append(regs, g.Name)
			}
			d := "via"
			if s.Direct {
				d = "own"
			}
			sups = append(sups, s.Supplier+" "+d+" ("+strings.Join(regs, ", ")+")")
		}
		parts = append(parts, r.Site.Name+" ["+r.Owner+"]: "+strings.Join(sups, "; "))
	}
	return strings.Join(parts, " | ")
}

func TestSitesInCountryForCategory(t *testing.T) {
	w := newChainWorld(t)
	tests := []struct {
		name string
		q    sqldb.SiteQuery
		want string
	}{
		{"Pakistan, textiles, 2026: the sewing site and its two sub-suppliers for Textil AB and Skåne; not the gloves factory (other category), not Gammal AB's site (contract expired), not the Indian site",
			sqldb.SiteQuery{Country: "PK", CategoryID: w.textiles.ID, On: day("2026-03-01")},
			"Spinneri Multan [Spinneri Ltd]: Textil AB via (Region Skåne) | Sömnad Lahore [Textil AB]: Textil AB own (Region Skåne) | Väveri Faisalabad [Väveri Ltd]: Textil AB via (Region Skåne)"},
		{"on a day Norrbotten's contract was in force too",
			sqldb.SiteQuery{Country: "PK", CategoryID: w.textiles.ID, On: day("2025-03-01")},
			"Spinneri Multan [Spinneri Ltd]: Textil AB via (Region Skåne, Region Norrbotten) | Sömnad Lahore [Textil AB]: Textil AB own (Region Skåne, Region Norrbotten) | Väveri Faisalabad [Väveri Ltd]: Textil AB via (Region Skåne, Region Norrbotten)"},
		{"in 2023 Gammal AB's contract was in force; Skåne's was not yet",
			sqldb.SiteQuery{Country: "PK", CategoryID: w.textiles.ID, On: day("2023-03-01")},
			"Gammal sömnad Karachi [Gammal AB]: Gammal AB own (Region Uppsala) | Spinneri Multan [Spinneri Ltd]: Textil AB via (Region Norrbotten) | Sömnad Lahore [Textil AB]: Textil AB own (Region Norrbotten) | Väveri Faisalabad [Väveri Ltd]: Textil AB via (Region Norrbotten)"},
		{"Pakistan, gloves: the gloves factory; Textil AB's gloves contract finds no site, since its sites make textiles",
			sqldb.SiteQuery{Country: "PK", CategoryID: w.gloves.ID, On: day("2026-03-01")},
			"Handskfabrik Sialkot [Handske AB]: Handske AB own (Region Uppsala)"},
		{"India, textiles: the Indian site",
			sqldb.SiteQuery{Country: "IN", CategoryID: w.textiles.ID, On: day("2026-03-01")},
			"Sömnad Tiruppur [Textil AB]: Textil AB own (Region Skåne)"},
		{"a country with no sites", sqldb.SiteQuery{Country: "SE", CategoryID: w.textiles.ID, On: day("2026-03-01")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := w.db.FindSitesInCountry(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if s := sitesText(got); s != tt.want {
				t.Errorf("got  %s\nwant %s", s, tt.want)
			}
		})
	}
}

func TestCottonProductsBoundary(t *testing.T) {
	w := newChainWorld(t)
	names := func(rows []sqldb.ProductRow) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r.Name)
		}
		return out
	}
	tests := []struct {
		name string
		q    sqldb.CottonQuery
		want []string
	}{
		{"at least 20 %: 20 is in, 19.9 is out", sqldb.CottonQuery{MinShare: tillit.CottonTestThreshold},
			[]string{"Gammal rock", "Operationsrock", "Skjorta", "Gräns"}},
		{"at least 19.9 %", sqldb.CottonQuery{MinShare: 199}, []string{"Gammal rock", "Operationsrock", "Skjorta", "Gräns", "Nästan"}},
		{"at least 35 % in textiles", sqldb.CottonQuery{MinShare: 350, CategoryID: w.textiles.ID}, []string{"Gammal rock", "Operationsrock", "Skjorta"}},
		{"made in India", sqldb.CottonQuery{MinShare: 200, Country: "IN"}, []string{"Skjorta"}},
		{"gloves have no cotton", sqldb.CottonQuery{MinShare: 1, CategoryID: w.gloves.ID}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := w.db.FindCottonProducts(ctx, tillit.Scope{All: true}, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(names(got), tt.want) {
				t.Fatalf("got %v, want %v", names(got), tt.want)
			}
		})
	}
	got, _ := w.db.FindCottonProducts(ctx, tillit.Scope{All: true}, sqldb.CottonQuery{MinShare: 1000})
	if len(got) != 2 || len(got[1].Sites) != 1 || got[1].Sites[0].Country != "PK" || got[1].Supplier != "Textil AB" {
		t.Fatalf("the 100 %% products with their sites: %+v", got)
	}
	// A supplier reads its own products only.
	own, _ := w.db.FindCottonProducts(ctx, tillit.Scope{SupplierIDs: []int64{w.gammal.ID}}, sqldb.CottonQuery{MinShare: 200})
	if !slices.Equal(names(own), []string{"Gammal rock"}) {
		t.Fatalf("Gammal AB's scope: %v", names(own))
	}
}

func TestSupplyChainEdits(t *testing.T) {
	w := newChainWorld(t)
	sc, err := w.db.FindSupplyChain(ctx, tillit.Scope{All: true}, w.textil.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Sites) != 4 || len(sc.Own()) != 2 || len(sc.Links) != 4 || len(sc.Products) != 5 {
		t.Fatalf("sites %d, own %d, links %d, products %d", len(sc.Sites), len(sc.Own()), len(sc.Links), len(sc.Products))
	}
	if _, err := w.db.FindSupplyChain(ctx, tillit.Scope{SupplierIDs: []int64{w.handske.ID}}, w.textil.ID); tillit.ErrorCode(err) != tillit.ENOTFOUND {
		t.Fatalf("another supplier read the chain: %v", err)
	}
	// The same names find the same company and site: the link exists.
	_, err = w.db.AddSiteLink(ctx, sys, w.textil.ID, w.sewing, sqldb.SubSupplier{Company: "Väveri Ltd", Site: "väveri faisalabad", City: "Faisalabad", Country: "PK"})
	if tillit.ErrorCode(err) != tillit.ECONFLICT {
		t.Fatalf("the link again: %v", err)
	}
	// A site outside the supplier's chain cannot be linked under.
	_, err = w.db.AddSiteLink(ctx, sys, w.textil.ID, w.glovesPK, sqldb.SubSupplier{Company: "X", Site: "Y", City: "Z", Country: "PK"})
	if f := tillit.ErrorFields(err); f["site_id"].Format == "" {
		t.Fatalf("linking below another supplier's site: %v", err)
	}
	_, err = w.db.AddSiteLink(ctx, sys, w.textil.ID, w.sewing, sqldb.SubSupplier{Company: "", Site: "", City: "", Country: "QQ"})
	if f := tillit.ErrorFields(err); len(f) != 4 {
		t.Fatalf("empty sub-supplier: %v", f)
	}
	if err := w.db.RemoveSiteLink(ctx, sys, w.textil.ID, w.spin, w.sewing); err != nil {
		t.Fatal(err)
	}
	if err := w.db.RemoveSiteLink(ctx, sys, w.textil.ID, w.spin, w.sewing); tillit.ErrorCode(err) != tillit.ENOTFOUND {
		t.Fatalf("removing it twice: %v", err)
	}
	over := &tillit.Product{SupplierID: w.textil.ID, CategoryID: w.textiles.ID, Name: "För mycket",
		Materials: []tillit.MaterialLine{{Material: tillit.MaterialCotton, Share: 600}, {Material: tillit.MaterialWool, Share: 401}}}
	if err := w.db.CreateProduct(ctx, sys, over); tillit.ErrorFields(err)["materials"].Format == "" {
		t.Fatalf("shares above 100 %%: %v", err)
	}
	foreign := &tillit.Product{SupplierID: w.textil.ID, CategoryID: w.textiles.ID, Name: "Fel ställe", SiteIDs: []int64{w.glovesPK}}
	if err := w.db.CreateProduct(ctx, sys, foreign); tillit.ErrorFields(err)["sites"].Format == "" {
		t.Fatalf("a site outside the chain: %v", err)
	}
	dup := &tillit.Product{SupplierID: w.textil.ID, CategoryID: w.textiles.ID, Name: "Skjorta"}
	if err := w.db.CreateProduct(ctx, sys, dup); tillit.ErrorCode(err) != tillit.ECONFLICT {
		t.Fatalf("a second Skjorta: %v", err)
	}
	id := sc.Products[0].ID
	if err := w.db.DeleteProduct(ctx, sys, w.handske.ID, id); tillit.ErrorCode(err) != tillit.ENOTFOUND {
		t.Fatalf("deleting another supplier's product: %v", err)
	}
	if err := w.db.DeleteProduct(ctx, sys, w.textil.ID, id); err != nil {
		t.Fatal(err)
	}
	if v, err := w.db.VerifyAudit(ctx); err != nil || v.BrokenID != 0 {
		t.Fatalf("audit trail: %+v, %v", v, err)
	}
}

// TestSupplyChainIsolation: a supplier's staff edit only their own chain.
// They cannot put sites under another supplier in the register, link an
// existing site by number, or remove another supplier's links, even below
// a mill both chains share.
func TestSupplyChainIsolation(t *testing.T) {
	w := newChainWorld(t)
	u := &tillit.User{Email: "staff@handske.example", Name: "Handske staff", Memberships: []tillit.Membership{{OrgID: w.handske.ID, Role: tillit.RoleSupplier}}}
	if err := w.db.CreateUser(ctx, sys, u, ""); err != nil {
		t.Fatal(err)
	}
	handske := tillit.ActorOf(u)
	sitesOf := func(s *tillit.Supplier) int {
		sites, err := w.db.FindSites(ctx, tillit.Scope{All: true}, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(sites)
	}
	textilSites := sitesOf(w.textil)

	// Textil AB has contracts: Handske may not add or find sites under it.
	_, err := w.db.AddSiteLink(ctx, handske, w.handske.ID, w.glovesPK, sqldb.SubSupplier{Company: "Textil AB", Site: "Sömnad Lahore", City: "Stad", Country: "PK"})
	if tillit.ErrorCode(err) != tillit.EINVALID || tillit.ErrorFields(err)["company"].Format == "" {
		t.Errorf("linking below another supplier in the register: %v", err)
	}
	_, err = w.db.AddSiteLink(ctx, handske, w.handske.ID, w.glovesPK, sqldb.SubSupplier{Company: "Textil AB", Site: "Ny fabrik", City: "Pyongyang", Country: "KP"})
	if tillit.ErrorCode(err) != tillit.EINVALID || sitesOf(w.textil) != textilSites {
		t.Errorf("a new site under another supplier: %v, %d sites (was %d)", err, sitesOf(w.textil), textilSites)
	}
	if _, err := w.db.AddSiteLink(ctx, handske, w.handske.ID, w.glovesPK, sqldb.SubSupplier{SiteID: w.sewing}); tillit.ErrorCode(err) != tillit.EFORBIDDEN {
		t.Errorf("linking a site by number: %v", err)
	}

	// Its own company is its own to extend: a knitting unit of Handske AB
	// supplying its glove factory.
	if _, err := w.db.AddSiteLink(ctx, handske, w.handske.ID, w.glovesPK, sqldb.SubSupplier{Company: "Handske AB", Site: "Stickeri Sialkot", City: "Sialkot", Country: "PK"}); err != nil {
		t.Errorf("linking a site of its own company: %v", err)
	}

	// Both chains use the same weaving mill (a company without contracts).
	weave, err := w.db.AddSiteLink(ctx, handske, w.handske.ID, w.glovesPK, sqldb.SubSupplier{Company: "Väveri Ltd", Site: "Väveri Faisalabad", City: "Faisalabad", Country: "PK"})
	if err != nil || weave != w.weave {
		t.Fatalf("the shared mill: %d, %v (want %d)", weave, err, w.weave)
	}
	chain, err := w.db.FindSupplyChain(ctx, tillit.Scope{SupplierIDs: []int64{w.handske.ID}}, w.handske.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := chain.Sites[w.spin]; ok || len(chain.Links) != 2 {
		t.Errorf("Handske's chain follows Textil's links below the shared mill: %+v", chain.Links)
	}
	// Textil's link below the mill is not Handske's to remove.
	if err := w.db.RemoveSiteLink(ctx, handske, w.handske.ID, w.weave, w.spin); tillit.ErrorCode(err) != tillit.ENOTFOUND {
		t.Errorf("removing another supplier's link: %v", err)
	}
	textil, err := w.db.FindSupplyChain(ctx, tillit.Scope{All: true}, w.textil.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := textil.Sites[w.spin]; !ok || len(textil.Links) != 4 {
		t.Errorf("Textil's chain changed: %d links", len(textil.Links))
	}
	// Handske removes its own link; Textil's link to the mill stays.
	if err := w.db.RemoveSiteLink(ctx, handske, w.handske.ID, w.glovesPK, w.weave); err != nil {
		t.Fatal(err)
	}
	if textil, err = w.db.FindSupplyChain(ctx, tillit.Scope{All: true}, w.textil.ID); err != nil || len(textil.Links) != 4 {
		t.Errorf("Textil's chain after Handske's removal: %v, %d links", err, len(textil.Links))
	}
}
