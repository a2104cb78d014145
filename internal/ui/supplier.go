package ui

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/export"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The supplier register: the list with its downloads, and a supplier's
// page with its contracts, production sites, follow-ups and the regions
// exposed to it. The forms that add and change suppliers, contracts and
// sites are in supplier_forms.go.
//
// Every read passes the reader's scope: a supplier's staff see their own
// company only, and any other id is "not found", as if it did not exist.

// supplierFilter reads the list's filters from the query string.
func supplierFilter(r *http.Request) (sqldb.SupplierFilter, error) {
	q := r.URL.Query()
	f := sqldb.SupplierFilter{
		Query:   strings.TrimSpace(q.Get("q")),
		Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))),
	}
	if utf8.RuneCountInString(f.Query) > 200 {
		return f, tillit.Errorf(tillit.EINVALID, "Search with at most 200 characters.")
	}
	if f.Country != "" && !countryCode(f.Country) {
		return f, tillit.Errorf(tillit.EINVALID, "A filter has a value that is not in its list. Choose the filters again.")
	}
	if s := q.Get("after"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return f, tillit.Errorf(tillit.EINVALID, "The page link is damaged. Go back to the first page of the list.")
		}
		f.AfterID, f.AfterName = id, q.Get("after_name")
	}
	return f, nil
}

// countryCode reports whether s is written as an ISO 3166-1 alpha-2 code.
func countryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// supplierRow is one line of the list with the name as it is shown.
type supplierRow struct {
	sqldb.SupplierRow
	Display string // "Observe Medical (formerly Sylak)"
}

func displayName(lang tillit.Lang, name string, former []string) string {
	s := tillit.Supplier{Organisation: tillit.Organisation{Name: name}, SupplierProfile: tillit.SupplierProfile{FormerNames: former}}
	return s.DisplayName().In(translator(lang))
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func (u *UI) supplierRows(r *http.Request, f sqldb.SupplierFilter) ([]supplierRow, error) {
	ctx := r.Context()
	rows, err := u.DB.FindSuppliers(ctx, tillit.ScopeOf(web.Actor(ctx)), f)
	if err != nil {
		return nil, err
	}
	lang := web.Lang(ctx)
	out := make([]supplierRow, 0, len(rows))
	for _, row := range rows {
		out = append(out, supplierRow{SupplierRow: row, Display: displayName(lang, row.Name, splitLines(row.FormerNames))})
	}
	return out, nil
}

type supplierListPage struct {
	Page
	Filter    sqldb.SupplierFilter
	Countries []valueChoice
	Rows      []supplierRow
	CanCreate bool
	// CSV, XLSX and First are the downloads and the first page, with the
	// filters; Next is the next page ("" on the last one).
	CSV, XLSX, First, Next string
	Paged                  bool
}

// Suppliers serves GET /suppliers: the suppliers within the reader's
// scope, by name, a page at a time.
func (u *UI) Suppliers() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		f, err := supplierFilter(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f.Limit = listPageSize
		p := supplierListPage{Page: u.page(r, "Suppliers"), Filter: f,
			CanCreate: tillit.Can(actor, tillit.ActManageSuppliers, tillit.Resource{})}
		if p.Rows, err = u.supplierRows(r, f); err != nil {
			u.Error(w, r, err)
			return
		}
		countries, err := u.DB.SupplierCountries(ctx, tillit.ScopeOf(actor))
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p.Countries = []valueChoice{{Value: "", Label: T(p.Lang, "Any country"), Selected: f.Country == ""}}
		found := f.Country == ""
		for _, c := range countries {
			p.Countries = append(p.Countries, valueChoice{Value: c, Label: c, Selected: c == f.Country})
			found = found || c == f.Country
		}
		if !found {
			// A valid code no supplier has (yet): keep it chosen.
			p.Countries = append(p.Countries, valueChoice{Value: f.Country, Label: f.Country, Selected: true})
		}
		q := filterQuery(r)
		enc := ""
		if len(q) > 0 {
			enc = "?" + q.Encode()
		}
		p.CSV, p.XLSX, p.First = "/suppliers.csv"+enc, "/suppliers.xlsx"+enc, "/suppliers"+enc
		p.Paged = f.AfterID != 0
		if len(p.Rows) == listPageSize {
			last := p.Rows[len(p.Rows)-1]
			q.Set("after", strconv.FormatInt(last.ID, 10))
			q.Set("after_name", last.Name)
			p.Next = "/suppliers?" + q.Encode()
		}
		u.render(w, r, http.StatusOK, "suppliers/list", p)
	})
}

// ExportSuppliers serves GET /suppliers.csv and GET /suppliers.xlsx: the
// filtered list, every page of it.
func (u *UI) ExportSuppliers(format string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := supplierFilter(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f.Limit = 500 // the store's largest page
		rows, err := allPages(f.Limit, func(last *supplierRow) ([]supplierRow, error) {
			f.AfterID, f.AfterName = 0, ""
			if last != nil {
				f.AfterID, f.AfterName = last.ID, last.Name
			}
			return u.supplierRows(r, f)
		})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		lang := web.Lang(r.Context())
		t := export.Table{Title: T(lang, "Suppliers"), Columns: []export.Column{
			{Header: T(lang, "Supplier"), Kind: export.Text},
			{Header: T(lang, "Former names"), Kind: export.Text},
			{Header: T(lang, "Country"), Kind: export.Text},
			{Header: T(lang, "Organisation number"), Kind: export.Text},
			{Header: T(lang, "Contracts in force"), Kind: export.Integer},
			{Header: T(lang, "Open follow-ups"), Kind: export.Integer},
		}}
		for _, row := range rows {
			t.Rows = append(t.Rows, []export.Cell{
				export.TextCell(row.Name), export.TextCell(strings.Join(splitLines(row.FormerNames), ", ")),
				export.TextCell(row.Country), export.TextCell(row.OrgNumber),
				export.IntCell(int64(row.Contracts)), export.IntCell(int64(row.FollowUps)),
			})
		}
		u.writeExport(w, r, format, T(lang, "suppliers"), t)
	})
}

// contractView is a contract as the supplier page shows it.
type contractView struct {
	sqldb.ContractRow
	Category string
	InForce  bool
}

// contractRegion is the contracts one region holds with the supplier.
type contractRegion struct {
	RegionID int64
	Region   string
	InForce  int
	Total    int
}

// contractCategory sums up the contracts in one category.
type contractCategory struct {
	Category string
	Regions  []string // regions with a contract in force in the category
	InForce  int
	Total    int
}

// parentView is the parent company: a link when the reader may open it.
type parentView struct {
	ID   int64
	Name string
	Link bool
}

type supplierPage struct {
	Page
	followUpLabels
	S           *tillit.Supplier
	DisplayName string
	Parent      *parentView
	Today       time.Time
	ByRegion    []contractRegion
	ByCategory  []contractCategory
	// One page of the contracts and of the sites: long lists at EU scale
	// (the largest supplier has 8 694 contracts and 3 507 sites).
	Contracts      []contractView
	ContractsTotal int
	ContractPager  pager
	SitePager      pager
	MoreFollowUps  bool // the supplier has more follow-ups than are shown
	Sites          []tillit.ProductionSite
	FollowUps      []followUpRow
	Exposure       []sqldb.Exposure
	// CountryRisk is the country risk line of each country of the
	// supplier and its sites (countryrisk.go), read in one query.
	CountryRisk map[string]string

	CanEdit     bool
	CanAddSite  bool
	CanContract bool          // the reader may add a contract for some region
	Regions     []listChoice  // the regions the reader may add contracts for
	Categories  []listChoice  // for the contract form
	Form        supplierForms // a form that came back with problems
}

// supplierForms is a form on the supplier page that came back with
// problems: which one (Key), what it sent, and the problems by field.
type supplierForms struct {
	Key     string
	Values  url.Values
	Fields  map[string]string
	Problem string
}

// formInput is one field of a form for the templates: its element id, the
// value to show and its problem.
type formInput struct {
	ID    string
	Value string
	Err   string
}

// Is reports whether the form with key is the one that came back.
func (f supplierForms) Is(key string) bool { return f.Key != "" && f.Key == key }

// F describes the field name of the form with key.
func (f supplierForms) F(key, name string) formInput {
	in := formInput{ID: key + "-" + name}
	if f.Is(key) {
		in.Value, in.Err = f.Values.Get(name), f.Fields[name]
	}
	return in
}

// Sel reports whether the form with key sent value for name.
func (f supplierForms) Sel(key, name string, value int64) bool {
	return f.Is(key) && f.Values.Get(name) == strconv.FormatInt(value, 10)
}

// ListErrs returns the problems of the numbered fields name[0], name[1], …
// (the lines of a text area), in line order.
func (f supplierForms) ListErrs(key, name string) []string {
	if !f.Is(key) {
		return nil
	}
	return listErrors(f.Fields, name)
}

func listErrors(fields map[string]string, name string) []string {
	type item struct {
		i   int
		msg string
	}
	var items []item
	for k, v := range fields {
		rest, ok := strings.CutPrefix(k, name+"[")
		if !ok || !strings.HasSuffix(rest, "]") {
			continue
		}
		i, err := strconv.Atoi(strings.TrimSuffix(rest, "]"))
		if err != nil {
			continue
		}
		items = append(items, item{i, v})
	}
	sort.Slice(items, func(a, b int) bool { return items[a].i < items[b].i })
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it.msg)
	}
	return out
}

// ShowSupplier serves GET /suppliers/{id}.
func (u *UI) ShowSupplier() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := u.readSupplier(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.renderSupplier(w, r, http.StatusOK, s, supplierForms{})
	})
}

// readSupplier loads the supplier of the path within the reader's scope:
// ENOTFOUND (404) outside it, the same answer as for an id that does not
// exist.
func (u *UI) readSupplier(r *http.Request) (*tillit.Supplier, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	return u.DB.FindSupplier(ctx, tillit.ScopeOf(web.Actor(ctx)), id)
}

func (u *UI) renderSupplier(w http.ResponseWriter, r *http.Request, status int, s *tillit.Supplier, form supplierForms) {
	ctx := r.Context()
	actor := web.Actor(ctx)
	scope := tillit.ScopeOf(actor)
	p := supplierPage{Page: u.page(r, "Supplier"), S: s, Form: form, Today: tillit.DateOf(u.changeTime())}
	p.followUpLabels = followUpLabels{lang: p.Lang}
	p.DisplayName = s.DisplayName().In(translator(p.Lang))
	p.Title = s.Name
	if err := u.supplierContracts(r, &p); err != nil {
		u.Error(w, r, err)
		return
	}
	sitePage, err := listPage(r, "sites")
	if err != nil {
		u.Error(w, r, err)
		return
	}
	var sites int
	if p.Sites, sites, err = u.DB.FindSitesPage(ctx, scope, s.ID, sitePageSize, (sitePage-1)*sitePageSize); err != nil {
		u.Error(w, r, err)
		return
	}
	if err := checkPage(sitePage, sitePageSize, sites); err != nil {
		u.Error(w, r, err)
		return
	}
	p.SitePager = newPager(r, "sites", "sites", sitePage, sitePageSize, sites, len(p.Sites))
	countries := []string{s.Country}
	for _, site := range p.Sites {
		countries = append(countries, site.Country)
	}
	risks, err := u.DB.CountryRisks(ctx, countries)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	p.CountryRisk = riskTexts(p.Lang, risks)
	// The newest follow-ups; the rest are in the follow-up list.
	if p.FollowUps, err = u.followUpRows(r, sqldb.FollowUpFilter{SupplierID: s.ID, Limit: supplierFollowUps + 1}); err != nil {
		u.Error(w, r, err)
		return
	}
	if len(p.FollowUps) > supplierFollowUps {
		p.FollowUps = p.FollowUps[:supplierFollowUps]
		p.MoreFollowUps = true
	}
	if p.Exposure, err = u.DB.FindExposure(ctx, s.ID, 0, p.Today); err != nil {
		u.Error(w, r, err)
		return
	}
	if s.ParentOrgID != 0 {
		p.Parent = &parentView{ID: s.ParentOrgID}
		if parent, err := u.DB.FindSupplier(ctx, scope, s.ParentOrgID); err == nil {
			p.Parent.Name, p.Parent.Link = parent.Name, true
		} else if tillit.ErrorCode(err) != tillit.ENOTFOUND {
			u.Error(w, r, err)
			return
		} else if o, err := u.DB.FindOrganisationByID(ctx, s.ParentOrgID); err == nil {
			// The profile names its parent company; a supplier may read
			// that name even when it may not open the parent's page.
			p.Parent.Name = o.Name
		} else {
			u.Error(w, r, err)
			return
		}
	}
	p.CanEdit = tillit.Can(actor, tillit.ActManageSuppliers, tillit.Resource{OrgID: s.ID})
	p.CanAddSite = tillit.Can(actor, tillit.ActManageSites, tillit.Resource{SupplierID: s.ID})
	if tillit.Can(actor, tillit.ActManageContracts, tillit.Resource{}) {
		regions, err := u.DB.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		for _, o := range regions {
			if tillit.Can(actor, tillit.ActManageContracts, tillit.Resource{RegionID: o.ID}) {
				p.Regions = append(p.Regions, listChoice{ID: o.ID, Name: o.Name, Selected: form.Sel("contract", "region_id", o.ID)})
			}
		}
		p.CanContract = len(p.Regions) > 0
		if p.CanContract {
			sel := int64(0)
			if form.Is("contract") {
				sel, _ = strconv.ParseInt(form.Values.Get("category_id"), 10, 64)
			}
			if p.Categories, err = u.categoryChoices(r, sel); err != nil {
				u.Error(w, r, err)
				return
			}
		}
	}
	u.render(w, r, status, "suppliers/show", p)
}

// supplierContracts reads the supplier's contracts and groups them by
// region (in county-code order, as the store returns them) and by
// category.
func (u *UI) supplierContracts(r *http.Request, p *supplierPage) error {
	ctx := r.Context()
	scope := tillit.ScopeOf(web.Actor(ctx))
	page, err := listPage(r, "contracts")
	if err != nil {
		return err
	}
	// The summaries are counted by the database; only one page of the
	// contracts themselves is read (the largest supplier at EU scale has
	// thousands).
	counts, err := u.DB.CountContracts(ctx, scope, p.S.ID, p.Today)
	if err != nil {
		return err
	}
	byRegion := map[int64]int{}
	byCategory := map[int64]*contractCategory{}
	var catOrder []int64
	for _, c := range counts {
		cat := c.CategorySV
		if p.Lang == tillit.English && c.CategoryEN != "" {
			cat = c.CategoryEN
		}
		i, ok := byRegion[c.RegionID]
		if !ok {
			i = len(p.ByRegion)
			byRegion[c.RegionID] = i
			p.ByRegion = append(p.ByRegion, contractRegion{RegionID: c.RegionID, Region: c.Region})
		}
		p.ByRegion[i].InForce += c.InForce
		p.ByRegion[i].Total += c.Total
		p.ContractsTotal += c.Total
		cg, ok := byCategory[c.CategoryID]
		if !ok {
			cg = &contractCategory{Category: cat}
			byCategory[c.CategoryID] = cg
			catOrder = append(catOrder, c.CategoryID)
		}
		cg.Total += c.Total
		cg.InForce += c.InForce
		if c.InForce > 0 {
			cg.Regions = append(cg.Regions, c.Region)
		}
	}
	for _, id := range catOrder {
		p.ByCategory = append(p.ByCategory, *byCategory[id])
	}
	sort.SliceStable(p.ByCategory, func(a, b int) bool { return p.ByCategory[a].Category < p.ByCategory[b].Category })

	if err := checkPage(page, contractPageSize, p.ContractsTotal); err != nil {
		return err
	}
	rows, err := u.DB.FindContracts(ctx, scope, sqldb.ContractFilter{SupplierID: p.S.ID,
		Limit: contractPageSize, Offset: (page - 1) * contractPageSize})
	if err != nil {
		return err
	}
	for _, c := range rows {
		cat := c.CategorySV
		if p.Lang == tillit.English && c.CategoryEN != "" {
			cat = c.CategoryEN
		}
		p.Contracts = append(p.Contracts, contractView{ContractRow: c, Category: cat, InForce: c.ActiveOn(p.Today)})
	}
	p.ContractPager = newPager(r, "contracts", "contract-list", page, contractPageSize, p.ContractsTotal, len(rows))
	return nil
}

// How many contracts, production sites and follow-ups the supplier page
// lists at a time.
const (
	contractPageSize  = 100
	sitePageSize      = 100
	supplierFollowUps = 50
)
