package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/export"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The supply-chain map (issue 7): a supplier's chain as a nested list,
// the forms that change it, and the two queries with their exports.

type supplyChainHome struct {
	Page
	CanImport bool
}

// SupplyChain serves GET /supply-chain: the queries and where to start.
func (u *UI) SupplyChain() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := supplyChainHome{Page: u.page(r, "Supply chain"), CanImport: tillit.Can(web.Actor(r.Context()), tillit.ActManageCountryRisk, tillit.Resource{})}
		u.render(w, r, http.StatusOK, "supplychain/home", p)
	})
}

// countryChoices lists every country by name in lang.
func countryChoices(lang tillit.Lang, selected string) []valueChoice {
	cs := tillit.Countries()
	out := make([]valueChoice, 0, len(cs))
	for _, c := range cs {
		out = append(out, valueChoice{Value: c.Code, Label: c.Name(lang), Selected: c.Code == selected})
	}
	sortChoices(out)
	return out
}

func sortChoices(cs []valueChoice) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && collate(cs[j].Label) < collate(cs[j-1].Label); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// siteQuery reads the filters of the first query; Asked is false until a
// country and a category are chosen.
type siteQueryForm struct {
	Country    string
	CategoryID int64
	Date       string
	Asked      bool
	Fields     map[string]string
}

func (u *UI) readSiteQuery(r *http.Request) (siteQueryForm, sqldb.SiteQuery) {
	q := r.URL.Query()
	lang := web.Lang(r.Context())
	f := siteQueryForm{Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))), Date: strings.TrimSpace(q.Get("date")), Fields: map[string]string{}}
	f.CategoryID, _ = strconv.ParseInt(q.Get("category"), 10, 64)
	day := tillit.DateOf(u.changeTime())
	if f.Date != "" {
		if d, err := time.Parse("2006-01-02", f.Date); err == nil && d.Year() >= 1900 && d.Year() <= 2200 {
			day = d
		} else {
			f.Fields["date"] = msgIn(lang, tillit.Msg("Enter the date as YYYY-MM-DD, such as 2026-03-01."))
		}
	}
	f.Date = day.Format("2006-01-02")
	if _, ok := tillit.CountryByCode(f.Country); f.Country != "" && !ok {
		f.Fields["country"] = msgIn(lang, tillit.Msg("Choose a country from the list."))
	}
	f.Asked = f.Country != "" && f.CategoryID > 0 && len(f.Fields) == 0
	return f, sqldb.SiteQuery{Country: f.Country, CategoryID: f.CategoryID, On: day}
}

type siteResultView struct {
	sqldb.SiteInCountry
	Country string
	Risk    string
}

type sitesQueryPage struct {
	Page
	Form       siteQueryForm
	Countries  []valueChoice
	Categories []listChoice
	Rows       []siteResultView
	Export     string
}

// SitesQuery serves GET /supply-chain/sites: every site in a country for
// a category, with the suppliers and the regions holding contracts in
// force on the date (today unless chosen).
func (u *UI) SitesQuery() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p := sitesQueryPage{Page: u.page(r, "Sites in a country for a category")}
		var q sqldb.SiteQuery
		p.Form, q = u.readSiteQuery(r)
		p.Countries = countryChoices(p.Lang, p.Form.Country)
		var err error
		if p.Categories, err = u.categoryChoices(r, p.Form.CategoryID); err != nil {
			u.Error(w, r, err)
			return
		}
		if p.Form.Asked {
			rows, err := u.DB.FindSitesInCountry(ctx, q)
			if err != nil {
				u.Error(w, r, err)
				return
			}
			risks, err := u.DB.CountryRisks(ctx, []string{q.Country})
			if err != nil {
				u.Error(w, r, err)
				return
			}
			risk := countryRiskText(p.Lang, risks[q.Country])
			for _, s := range rows {
				p.Rows = append(p.Rows, siteResultView{SiteInCountry: s, Country: tillit.CountryName(s.Site.Country, p.Lang), Risk: risk})
			}
			p.Export = url.Values{"country": {p.Form.Country}, "category": {strconv.FormatInt(p.Form.CategoryID, 10)}, "date": {p.Form.Date}}.Encode()
		}
		status := http.StatusOK
		if len(p.Form.Fields) > 0 {
			status = http.StatusBadRequest
		}
		u.render(w, r, status, "supplychain/sites", p)
	})
}

// SitesQueryExport serves GET /supply-chain/sites.xlsx: the same rows, a
// line per site, supplier and region.
func (u *UI) SitesQueryExport() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		lang := web.Lang(ctx)
		f, q := u.readSiteQuery(r)
		if !f.Asked {
			u.Error(w, r, tillit.Errorf(tillit.EINVALID, "Choose a country and a category first."))
			return
		}
		rows, err := u.DB.FindSitesInCountry(ctx, q)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		t := export.Table{Title: T(lang, "Sites"), Columns: []export.Column{
			{Header: T(lang, "Site"), Kind: export.Text}, {Header: T(lang, "Owner"), Kind: export.Text},
			{Header: T(lang, "City"), Kind: export.Text}, {Header: T(lang, "Country"), Kind: export.Text},
			{Header: T(lang, "Supplier"), Kind: export.Text}, {Header: T(lang, "Link"), Kind: export.Text},
			{Header: T(lang, "Region"), Kind: export.Text}, {Header: T(lang, "County code"), Kind: export.Text},
		}}
		for _, s := range rows {
			for _, sup := range s.Suppliers {
				link := T(lang, "Sub-supplier")
				if sup.Direct {
					link = T(lang, "Own site")
				}
				for _, reg := range sup.Regions {
					t.Rows = append(t.Rows, []export.Cell{export.TextCell(s.Site.Name), export.TextCell(s.Owner), export.TextCell(s.Site.City),
						export.TextCell(s.Site.Country), export.TextCell(sup.Supplier), export.TextCell(link), export.TextCell(reg.Name), export.TextCell(reg.CountyCode)})
				}
			}
		}
		u.writeExport(w, r, "xlsx", T(lang, "sites")+"-"+q.Country, t)
	})
}

// cottonForm reads the filters of the second query.
type cottonForm struct {
	Threshold  string
	CategoryID int64
	Country    string
	Fields     map[string]string
}

func readCottonQuery(r *http.Request) (cottonForm, sqldb.CottonQuery) {
	q := r.URL.Query()
	lang := web.Lang(r.Context())
	f := cottonForm{Threshold: strings.TrimSpace(q.Get("threshold")), Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))), Fields: map[string]string{}}
	f.CategoryID, _ = strconv.ParseInt(q.Get("category"), 10, 64)
	cq := sqldb.CottonQuery{MinShare: tillit.CottonTestThreshold, CategoryID: f.CategoryID, Country: f.Country}
	if f.Threshold == "" {
		f.Threshold = tillit.CottonTestThreshold.In(lang)
	} else if v, ok := tillit.ParsePercent(f.Threshold); ok && v > 0 && v <= 1000 {
		cq.MinShare = v
	} else {
		f.Fields["threshold"] = msgIn(lang, tillit.Msg("Enter the share as a percent above 0 and at most 100, with at most one decimal."))
	}
	if _, ok := tillit.CountryByCode(f.Country); f.Country != "" && !ok {
		f.Fields["country"] = msgIn(lang, tillit.Msg("Choose a country from the list."))
	}
	return f, cq
}

type cottonRowView struct {
	sqldb.ProductRow
	Category  string
	Cotton    string
	Countries []string
}

type cottonQueryPage struct {
	Page
	Form       cottonForm
	Countries  []valueChoice
	Categories []listChoice
	Rows       []cottonRowView
	Export     string
}

// CottonQuery serves GET /supply-chain/cotton: products with at least the
// threshold's share of cotton (20 % unless chosen), eligible for isotope
// testing of the cotton's origin.
func (u *UI) CottonQuery() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p := cottonQueryPage{Page: u.page(r, "Products for cotton origin testing")}
		var q sqldb.CottonQuery
		p.Form, q = readCottonQuery(r)
		p.Countries = append([]valueChoice{{Value: "", Label: T(p.Lang, "Every country"), Selected: p.Form.Country == ""}}, countryChoices(p.Lang, p.Form.Country)...)
		var err error
		if p.Categories, err = u.categoryChoices(r, p.Form.CategoryID); err != nil {
			u.Error(w, r, err)
			return
		}
		status := http.StatusOK
		if len(p.Form.Fields) > 0 {
			status = http.StatusBadRequest
		} else {
			rows, err := u.DB.FindCottonProducts(ctx, tillit.ScopeOf(web.Actor(ctx)), q)
			if err != nil {
				u.Error(w, r, err)
				return
			}
			for _, row := range rows {
				p.Rows = append(p.Rows, cottonRowView{ProductRow: row, Category: row.CategoryName(p.Lang),
					Cotton: row.Share(tillit.MaterialCotton).In(p.Lang) + " %", Countries: productCountries(p.Lang, row)})
			}
			p.Export = r.URL.Query().Encode()
		}
		u.render(w, r, status, "supplychain/cotton", p)
	})
}

func productCountries(lang tillit.Lang, p sqldb.ProductRow) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range p.Sites {
		if !seen[s.Country] {
			seen[s.Country] = true
			out = append(out, tillit.CountryName(s.Country, lang))
		}
	}
	return out
}

// CottonQueryExport serves GET /supply-chain/cotton.xlsx.
func (u *UI) CottonQueryExport() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		lang := web.Lang(ctx)
		f, q := readCottonQuery(r)
		if len(f.Fields) > 0 {
			u.Error(w, r, tillit.Errorf(tillit.EINVALID, "Enter the share as a percent above 0 and at most 100, with at most one decimal."))
			return
		}
		rows, err := u.DB.FindCottonProducts(ctx, tillit.ScopeOf(web.Actor(ctx)), q)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		t := export.Table{Title: T(lang, "Cotton"), Columns: []export.Column{
			{Header: T(lang, "Product"), Kind: export.Text}, {Header: T(lang, "Product group"), Kind: export.Text},
			{Header: T(lang, "Category"), Kind: export.Text}, {Header: T(lang, "Supplier"), Kind: export.Text},
			{Header: T(lang, "Cotton"), Kind: export.Percent}, {Header: T(lang, "Sites"), Kind: export.Text},
			{Header: T(lang, "Countries"), Kind: export.Text},
		}}
		for _, p := range rows {
			var sites []string
			for _, s := range p.Sites {
				sites = append(sites, s.Name+" ("+s.Country+")")
			}
			t.Rows = append(t.Rows, []export.Cell{export.TextCell(p.Name), export.TextCell(p.Group), export.TextCell(p.CategoryName(lang)),
				export.TextCell(p.Supplier), export.PercentCell(p.Share(tillit.MaterialCotton).Percent() / 100),
				export.TextCell(strings.Join(sites, "; ")), export.TextCell(strings.Join(productCountries(lang, p), "; "))})
		}
		u.writeExport(w, r, "xlsx", T(lang, "cotton"), t)
	})
}

// chainNode is one site of the nested list: the site, what it supplies
// to its parent, and the sites that supply it.
type chainNode struct {
	sqldb.ChainSite
	Parent   int64 // the site it supplies; 0 for the supplier's own
	What     string
	Country  string
	Risk     string
	Children []chainNode
	Loop     bool // already shown higher up this branch: not expanded again
	P        *chainCtx
	Lang     tillit.Lang // P.Lang, where the templates look for it
}

// chainCtx is what every node of the nested list needs from the page.
type chainCtx struct {
	Lang       tillit.Lang
	CSRF       string
	SupplierID int64
	CanEdit    bool
}

// matLine is a line of the product form's material content.
type matLine struct{ I, N int }

type productView struct {
	sqldb.ProductRow
	Category  string
	Materials []string
}

type supplyChainPage struct {
	Page
	S          *tillit.Supplier
	Tree       []chainNode
	Sites      []sqldb.ChainSite // every site of the chain, for the forms
	Products   []productView
	CanEdit    bool
	Countries  []valueChoice
	Categories []listChoice
	Materials  []valueChoice
	Form       supplierForms
	MatLines   []matLine
}

// SupplierChain serves GET /suppliers/{id}/supply-chain.
func (u *UI) SupplierChain() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := u.readSupplier(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.renderChain(w, r, http.StatusOK, s, supplierForms{})
	})
}

func (u *UI) renderChain(w http.ResponseWriter, r *http.Request, status int, s *tillit.Supplier, form supplierForms) {
	ctx := r.Context()
	actor := web.Actor(ctx)
	p := supplyChainPage{Page: u.page(r, "Supply chain"), S: s, Form: form, MatLines: []matLine{{0, 1}, {1, 2}, {2, 3}, {3, 4}},
		CanEdit: tillit.Can(actor, tillit.ActManageSites, tillit.Resource{SupplierID: s.ID})}
	p.Title = msgIn(p.Lang, tillit.Msg("Supply chain of %s", s.Name))
	sc, err := u.DB.FindSupplyChain(ctx, tillit.ScopeOf(actor), s.ID)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	var countries []string
	for _, site := range sc.Sites {
		countries = append(countries, site.Country)
	}
	risks, err := u.DB.CountryRisks(ctx, countries)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	texts := riskTexts(p.Lang, risks)
	cc := &chainCtx{Lang: p.Lang, CSRF: p.CSRF, SupplierID: s.ID, CanEdit: p.CanEdit}
	below := map[int64][]tillit.SiteLink{}
	for _, l := range sc.Links {
		below[l.SiteID] = append(below[l.SiteID], l)
	}
	var build func(site sqldb.ChainSite, parent int64, what string, path map[int64]bool) chainNode
	build = func(site sqldb.ChainSite, parent int64, what string, path map[int64]bool) chainNode {
		n := chainNode{ChainSite: site, Parent: parent, What: what, Country: tillit.CountryName(site.Country, p.Lang), Risk: texts[site.Country], P: cc, Lang: p.Lang}
		if path[site.ID] {
			n.Loop = true
			return n
		}
		path[site.ID] = true
		for _, l := range below[site.ID] {
			if sub, ok := sc.Sites[l.SubSiteID]; ok {
				n.Children = append(n.Children, build(sub, site.ID, l.What, path))
			}
		}
		delete(path, site.ID)
		return n
	}
	for _, own := range sc.Own() {
		p.Tree = append(p.Tree, build(own, 0, "", map[int64]bool{}))
	}
	for _, site := range sc.Sites {
		p.Sites = append(p.Sites, site)
	}
	sortChainSites(p.Sites)
	for _, pr := range sc.Products {
		v := productView{ProductRow: pr, Category: pr.CategoryName(p.Lang)}
		for _, m := range pr.Materials {
			v.Materials = append(v.Materials, materialLabel(p.Lang, m.Material)+" "+m.Share.In(p.Lang)+" %")
		}
		p.Products = append(p.Products, v)
	}
	if p.CanEdit {
		p.Countries = countryChoices(p.Lang, form.Values.Get("country"))
		sel, _ := strconv.ParseInt(form.Values.Get("category_id"), 10, 64)
		if p.Categories, err = u.categoryChoices(r, sel); err != nil {
			u.Error(w, r, err)
			return
		}
		for _, m := range tillit.Materials {
			p.Materials = append(p.Materials, valueChoice{Value: string(m), Label: materialLabel(p.Lang, m)})
		}
	}
	u.render(w, r, status, "supplychain/chain", p)
}

func sortChainSites(s []sqldb.ChainSite) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && collate(s[j].Name) < collate(s[j-1].Name); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// MaterialSelected reports whether line i of a returned product form
// named material m.
func (p supplyChainPage) MaterialSelected(i int, m string) bool {
	return p.Form.Is("product") && p.Form.Values.Get("material_"+strconv.Itoa(i)) == m
}

// ShareValue is line i's share as typed in a returned product form.
func (p supplyChainPage) ShareValue(i int) string {
	if !p.Form.Is("product") {
		return ""
	}
	return p.Form.Values.Get("share_" + strconv.Itoa(i))
}

// SiteChecked reports whether a returned product form chose the site.
func (p supplyChainPage) SiteChecked(id int64) bool {
	if !p.Form.Is("product") {
		return false
	}
	for _, v := range p.Form.Values["sites"] {
		if v == strconv.FormatInt(id, 10) {
			return true
		}
	}
	return false
}

// chainEdit loads the supplier of the path and checks that the actor may
// change its chain, which is the policy for its production sites.
func (u *UI) chainEdit(w http.ResponseWriter, r *http.Request) (*tillit.Supplier, bool) {
	s, err := u.readSupplier(r)
	if err != nil {
		u.Error(w, r, err)
		return nil, false
	}
	if !tillit.Can(web.Actor(r.Context()), tillit.ActManageSites, tillit.Resource{SupplierID: s.ID}) {
		u.Error(w, r, tillit.Errorf(tillit.EFORBIDDEN, "Only the supplier's own staff and the national office can change its supply chain."))
		return nil, false
	}
	return s, true
}

func (u *UI) chainError(w http.ResponseWriter, r *http.Request, s *tillit.Supplier, key string, err error) {
	code := tillit.ErrorCode(err)
	if code != tillit.EINVALID && code != tillit.ECONFLICT {
		u.Error(w, r, err)
		return
	}
	lang := web.Lang(r.Context())
	u.renderChain(w, r, web.StatusOf(code), s, supplierForms{Key: key, Values: r.PostForm, Fields: fieldTexts(lang, err), Problem: msgIn(lang, tillit.ErrorMessage(err))})
}

func chainPath(s *tillit.Supplier, anchor string) string {
	return "/suppliers/" + strconv.FormatInt(s.ID, 10) + "/supply-chain#" + anchor
}

// AddChainLink serves POST /suppliers/{id}/supply-chain/links.
func (u *UI) AddChainLink() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, ok := u.chainEdit(w, r)
		if !ok {
			return
		}
		p := tillit.Problems{}
		siteID := requiredFormID(r.PostFormValue("site_id"), p, "site_id", tillit.Msg("Choose the site that is supplied."))
		if err := p.Err(); err != nil {
			u.chainError(w, r, s, "link", err)
			return
		}
		_, err := u.DB.AddSiteLink(r.Context(), web.Actor(r.Context()), s.ID, siteID, sqldb.SubSupplier{
			Company: r.PostFormValue("company"), Site: r.PostFormValue("site"), City: r.PostFormValue("city"),
			Country: r.PostFormValue("country"), What: r.PostFormValue("what")})
		if err != nil {
			u.chainError(w, r, s, "link", err)
			return
		}
		u.redirect(w, r, chainPath(s, "chain"), "The sub-supplier is added.")
	})
}

// RemoveChainLink serves POST /suppliers/{id}/supply-chain/links/delete.
func (u *UI) RemoveChainLink() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, ok := u.chainEdit(w, r)
		if !ok {
			return
		}
		site, _ := strconv.ParseInt(r.PostFormValue("site_id"), 10, 64)
		sub, _ := strconv.ParseInt(r.PostFormValue("sub_site_id"), 10, 64)
		if err := u.DB.RemoveSiteLink(r.Context(), web.Actor(r.Context()), s.ID, site, sub); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, chainPath(s, "chain"), "The sub-supplier is removed from the chain.")
	})
}

// AddProduct serves POST /suppliers/{id}/supply-chain/products.
func (u *UI) AddProduct() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, ok := u.chainEdit(w, r)
		if !ok {
			return
		}
		p := tillit.Problems{}
		pr := &tillit.Product{SupplierID: s.ID, Name: r.PostFormValue("name"), Group: r.PostFormValue("group")}
		pr.CategoryID = requiredFormID(r.PostFormValue("category_id"), p, "category_id", tillit.Msg("Choose the procurement category."))
		for _, v := range r.PostForm["sites"] {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
				pr.SiteIDs = append(pr.SiteIDs, id)
			}
		}
		for i := 0; i < 4; i++ {
			m, share := r.PostFormValue("material_"+strconv.Itoa(i)), strings.TrimSpace(r.PostFormValue("share_"+strconv.Itoa(i)))
			if m == "" && share == "" {
				continue
			}
			v, ok := tillit.ParsePercent(share)
			if !ok {
				p.Add("share_"+strconv.Itoa(i), "Enter the share as a percent above 0 and at most 100, with at most one decimal.")
				continue
			}
			pr.Materials = append(pr.Materials, tillit.MaterialLine{Material: tillit.Material(m), Share: v})
		}
		if err := p.Err(); err != nil {
			u.chainError(w, r, s, "product", err)
			return
		}
		if err := u.DB.CreateProduct(r.Context(), web.Actor(r.Context()), pr); err != nil {
			u.chainError(w, r, s, "product", err)
			return
		}
		u.redirect(w, r, chainPath(s, "products"), "The product is added.")
	})
}

// DeleteProduct serves POST /suppliers/{id}/supply-chain/products/{product}/delete.
func (u *UI) DeleteProduct() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, ok := u.chainEdit(w, r)
		if !ok {
			return
		}
		id, err := strconv.ParseInt(r.PathValue("product"), 10, 64)
		if err != nil || id <= 0 {
			u.Error(w, r, tillit.Errorf(tillit.ENOTFOUND, "There is no page at this address. Check the address, or start from the home page."))
			return
		}
		if err := u.DB.DeleteProduct(r.Context(), web.Actor(r.Context()), s.ID, id); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, chainPath(s, "products"), "The product is removed.")
	})
}

// LineErr is the problem of material line i of a returned product form.
func (p supplyChainPage) LineErr(i int) string {
	if !p.Form.Is("product") {
		return ""
	}
	if e := p.Form.Fields["share_"+strconv.Itoa(i)]; e != "" {
		return e
	}
	return p.Form.Fields["materials["+strconv.Itoa(i)+"]"]
}

// materialLabel names a material in lang.
func materialLabel(lang tillit.Lang, m tillit.Material) string {
	switch m {
	case tillit.MaterialCotton:
		return T(lang, "Cotton")
	case tillit.MaterialPolyester:
		return T(lang, "Polyester")
	case tillit.MaterialPolyamide:
		return T(lang, "Polyamide")
	case tillit.MaterialElastane:
		return T(lang, "Elastane")
	case tillit.MaterialViscose:
		return T(lang, "Viscose")
	case tillit.MaterialLyocell:
		return T(lang, "Lyocell")
	case tillit.MaterialWool:
		return T(lang, "Wool")
	case tillit.MaterialLinen:
		return T(lang, "Linen")
	case tillit.MaterialLatex:
		return T(lang, "Latex")
	case tillit.MaterialNitrile:
		return T(lang, "Nitrile")
	case tillit.MaterialSteel:
		return T(lang, "Steel")
	}
	return T(lang, "Other material")
}
