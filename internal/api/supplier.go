package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The supplier register: suppliers and their profiles, contracts and
// production sites. Reads are filtered by the actor's scope, so a supplier
// sees its own company only and any other id is not found.

type contactJSON struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
	Role  string `json:"role"`
}

type supplierJSON struct {
	ID          int64         `json:"id"`
	Name        string        `json:"name"`
	Country     string        `json:"country"`
	OrgNumber   string        `json:"org_number"`
	CreatedAt   time.Time     `json:"created_at"`
	FormerNames []string      `json:"former_names"`
	ParentOrgID *int64        `json:"parent_org_id"`
	Contacts    []contactJSON `json:"contacts"`
}

// supplierDetailJSON is a supplier with what hangs on it.
type supplierDetailJSON struct {
	supplierJSON
	Contracts []contractJSON      `json:"contracts"`
	Sites     []siteJSON          `json:"sites"`
	FollowUps []followUpRowJSON   `json:"followups"`
	Summary   followUpSummaryJSON `json:"followup_summary"`
}

// followUpSummaryJSON counts the supplier's follow-ups within the scope.
type followUpSummaryJSON struct {
	Open   int `json:"open"`
	Closed int `json:"closed"`
	Red    int `json:"red"`
	Yellow int `json:"yellow"`
	Green  int `json:"green"`
}

func toSupplierJSON(s *tillit.Supplier) supplierJSON {
	out := supplierJSON{ID: s.ID, Name: s.Name, Country: s.Country, OrgNumber: s.OrgNumber, CreatedAt: s.CreatedAt.UTC(),
		FormerNames: list(s.FormerNames), ParentOrgID: idJSON(s.ParentOrgID), Contacts: []contactJSON{}}
	for _, c := range s.Contacts {
		out.Contacts = append(out.Contacts, contactJSON(c))
	}
	return out
}

type supplierRowJSON struct {
	ID              int64    `json:"id"`
	Name            string   `json:"name"`
	Country         string   `json:"country"`
	OrgNumber       string   `json:"org_number"`
	FormerNames     []string `json:"former_names"`
	ActiveContracts int      `json:"active_contracts"`
	OpenFollowUps   int      `json:"open_followups"`
}

type contractJSON struct {
	ID        int64           `json:"id"`
	Region    refJSON         `json:"region"`
	Supplier  refJSON         `json:"supplier"`
	Category  categoryRefJSON `json:"category"`
	Reference string          `json:"reference"`
	OCID      string          `json:"ocid"`
	Start     *string         `json:"start"`
	End       *string         `json:"end"`
}

func toContractJSON(c sqldb.ContractRow) contractJSON {
	return contractJSON{ID: c.ID, Region: refJSON{ID: c.RegionID, Name: c.Region}, Supplier: refJSON{ID: c.SupplierID, Name: c.Supplier},
		Category:  categoryRefJSON{ID: c.CategoryID, Code: c.CategoryCode, NameSV: c.CategorySV, NameEN: c.CategoryEN},
		Reference: c.Reference, OCID: c.OCID, Start: dateJSON(c.Start), End: dateJSON(c.End)}
}

type siteJSON struct {
	ID         int64    `json:"id"`
	SupplierID int64    `json:"supplier_id"`
	Name       string   `json:"name"`
	Address    string   `json:"address"`
	City       string   `json:"city"`
	Country    string   `json:"country"`
	OSHubID    string   `json:"os_hub_id"`
	Products   []string `json:"products"`
}

func toSiteJSON(s tillit.ProductionSite) siteJSON {
	return siteJSON{ID: s.ID, SupplierID: s.SupplierID, Name: s.Name, Address: s.Address, City: s.City, Country: s.Country,
		OSHubID: s.OSHubID, Products: list(s.Products)}
}

// Suppliers serves GET /api/v1/suppliers: by name, a page at a time.
func (a *API) Suppliers() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		q, err := params(r, "search", "country", "after", "limit")
		if err != nil {
			a.fail(w, r, err)
			return
		}
		p := tillit.Problems{}
		f := sqldb.SupplierFilter{Query: strings.TrimSpace(q.Get("search")), Country: strings.ToUpper(strings.TrimSpace(q.Get("country")))}
		if len([]rune(f.Query)) > 200 {
			p.Add("search", "The search text can be at most 200 characters.")
		}
		if f.Country != "" && (len(f.Country) != 2 || strings.Trim(f.Country, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "") {
			p.Add("country", "Enter the country as a two-letter ISO code, such as SE or PK.")
		}
		limit := limitParam(q, p)
		after := afterParam(q, p, "suppliers")
		if err := problems(p); err != nil {
			a.fail(w, r, err)
			return
		}
		f.AfterID, f.AfterName, f.Limit = after.ID, after.Name, limit+1
		rows, err := a.DB.FindSuppliers(ctx, tillit.ScopeOf(web.Actor(ctx)), f)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		next := ""
		if len(rows) > limit {
			rows = rows[:limit]
			next = cursor{Sort: "suppliers", ID: rows[limit-1].ID, Name: rows[limit-1].Name}.String()
		}
		out := []supplierRowJSON{}
		for _, s := range rows {
			names := []string{}
			if s.FormerNames != "" {
				names = strings.Split(s.FormerNames, "\n")
			}
			out = append(out, supplierRowJSON{ID: s.ID, Name: s.Name, Country: s.Country, OrgNumber: s.OrgNumber,
				FormerNames: names, ActiveContracts: s.Contracts, OpenFollowUps: s.FollowUps})
		}
		writeJSON(w, http.StatusOK, map[string]any{"suppliers": out, "next": next})
	})
}

// supplierDetail reads a supplier with its contracts, sites and
// follow-ups, each within the scope.
func (a *API) supplierDetail(ctx context.Context, scope tillit.Scope, id int64) (supplierDetailJSON, error) {
	s, err := a.DB.FindSupplier(ctx, scope, id)
	if err != nil {
		return supplierDetailJSON{}, err
	}
	out := supplierDetailJSON{supplierJSON: toSupplierJSON(s), Contracts: []contractJSON{}, Sites: []siteJSON{}}
	contracts, err := a.DB.FindContracts(ctx, scope, sqldb.ContractFilter{SupplierID: id})
	if err != nil {
		return supplierDetailJSON{}, err
	}
	for _, c := range contracts {
		out.Contracts = append(out.Contracts, toContractJSON(c))
	}
	sites, err := a.DB.FindSites(ctx, scope, id)
	if err != nil {
		return supplierDetailJSON{}, err
	}
	for _, st := range sites {
		out.Sites = append(out.Sites, toSiteJSON(st))
	}
	rows, err := a.DB.FindFollowUps(ctx, scope, sqldb.FollowUpFilter{SupplierID: id, Limit: maxPage})
	if err != nil {
		return supplierDetailJSON{}, err
	}
	cats, err := a.categoryRefs(ctx)
	if err != nil {
		return supplierDetailJSON{}, err
	}
	out.FollowUps = toFollowUpRowsJSON(rows, cats)
	for _, fu := range rows {
		if fu.Status == tillit.FollowUpClosed {
			out.Summary.Closed++
		} else {
			out.Summary.Open++
		}
		switch fu.Light {
		case tillit.LightRed:
			out.Summary.Red++
		case tillit.LightYellow:
			out.Summary.Yellow++
		default:
			out.Summary.Green++
		}
	}
	return out, nil
}

// Supplier serves GET /api/v1/suppliers/{id}.
func (a *API) Supplier() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out, err := a.supplierDetail(ctx, tillit.ScopeOf(web.Actor(ctx)), id)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, out)
	})
}

type supplierInput struct {
	Name        string        `json:"name"`
	Country     string        `json:"country"`
	OrgNumber   string        `json:"org_number"`
	FormerNames []string      `json:"former_names"`
	ParentOrgID int64         `json:"parent_org_id"`
	Contacts    []contactJSON `json:"contacts"`
}

func contacts(in []contactJSON) []tillit.Contact {
	out := []tillit.Contact{}
	for _, c := range in {
		out = append(out, tillit.Contact{Name: strings.TrimSpace(c.Name), Email: strings.TrimSpace(c.Email),
			Phone: strings.TrimSpace(c.Phone), Role: strings.TrimSpace(c.Role)})
	}
	return out
}

// checkParent refuses a parent company that is not a supplier in the
// register; the database would refuse an unknown id less politely.
func (a *API) checkParent(ctx context.Context, id int64) error {
	if id <= 0 {
		return nil
	}
	org, err := a.DB.FindOrganisationByID(ctx, id)
	if tillit.ErrorCode(err) == tillit.ENOTFOUND || err == nil && org.Kind != tillit.OrgSupplier {
		m := tillit.Msg("Choose the parent company from the list, or leave it empty.")
		return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"parent_org_id": m}}
	}
	return err
}

// CreateSupplier serves POST /api/v1/suppliers.
func (a *API) CreateSupplier() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		var in supplierInput
		if err := decode(r, &in); err != nil {
			a.fail(w, r, err)
			return
		}
		s := &tillit.Supplier{
			Organisation: tillit.Organisation{Kind: tillit.OrgSupplier, Name: strings.TrimSpace(in.Name),
				Country: strings.ToUpper(strings.TrimSpace(in.Country)), OrgNumber: in.OrgNumber},
			SupplierProfile: tillit.SupplierProfile{FormerNames: in.FormerNames, ParentOrgID: in.ParentOrgID, Contacts: contacts(in.Contacts)},
		}
		if err := a.checkParent(ctx, in.ParentOrgID); err != nil {
			a.fail(w, r, err)
			return
		}
		if err := a.DB.CreateSupplier(ctx, actor, s); err != nil {
			a.fail(w, r, err)
			return
		}
		out, err := a.supplierDetail(ctx, tillit.ScopeOf(actor), s.ID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		w.Header().Set("Location", "/api/v1/suppliers/"+strconv.FormatInt(s.ID, 10))
		writeJSON(w, http.StatusCreated, out)
	})
}

// profileInput is a change to a supplier profile: fields left out keep
// their value; former_names and contacts, when given, replace the list.
type profileInput struct {
	FormerNames *[]string      `json:"former_names"`
	ParentOrgID *int64         `json:"parent_org_id"`
	Contacts    *[]contactJSON `json:"contacts"`
}

// UpdateSupplier serves PATCH /api/v1/suppliers/{id}: the profile. The
// name, country and organisation number belong to the organisation and
// are not changed here.
func (a *API) UpdateSupplier() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		var in profileInput
		if err := decode(r, &in); err != nil {
			a.fail(w, r, err)
			return
		}
		s, err := a.DB.FindSupplier(ctx, tillit.ScopeOf(actor), id)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		sp := s.SupplierProfile
		if in.FormerNames != nil {
			sp.FormerNames = *in.FormerNames
		}
		if in.ParentOrgID != nil {
			sp.ParentOrgID = *in.ParentOrgID
		}
		if in.Contacts != nil {
			sp.Contacts = contacts(*in.Contacts)
		}
		if err := a.checkParent(ctx, sp.ParentOrgID); err != nil {
			a.fail(w, r, err)
			return
		}
		if err := a.DB.UpdateSupplierProfile(ctx, actor, &sp); err != nil {
			a.fail(w, r, err)
			return
		}
		out, err := a.supplierDetail(ctx, tillit.ScopeOf(actor), id)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, out)
	})
}

// Contracts serves GET /api/v1/contracts: contracts within the scope,
// by region, category and start date.
func (a *API) Contracts() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		q, err := params(r, "supplier_id", "region_id", "category_id", "active_on")
		if err != nil {
			a.fail(w, r, err)
			return
		}
		p := tillit.Problems{}
		f := sqldb.ContractFilter{SupplierID: idParam(q, p, "supplier_id"), RegionID: idParam(q, p, "region_id"),
			CategoryID: idParam(q, p, "category_id"), ActiveOn: dateParam(p, "active_on", q.Get("active_on"))}
		if err := problems(p); err != nil {
			a.fail(w, r, err)
			return
		}
		rows, err := a.DB.FindContracts(ctx, tillit.ScopeOf(web.Actor(ctx)), f)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := []contractJSON{}
		for _, c := range rows {
			out = append(out, toContractJSON(c))
		}
		writeJSON(w, http.StatusOK, map[string]any{"contracts": out})
	})
}

type contractInput struct {
	RegionID   int64  `json:"region_id"`
	SupplierID int64  `json:"supplier_id"`
	CategoryID int64  `json:"category_id"`
	Reference  string `json:"reference"`
	OCID       string `json:"ocid"`
	Start      string `json:"start"`
	End        string `json:"end"`
}

// CreateContract serves POST /api/v1/contracts: the office for any
// region, region staff and coordinators for their own.
func (a *API) CreateContract() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		var in contractInput
		if err := decode(r, &in); err != nil {
			a.fail(w, r, err)
			return
		}
		if in.RegionID > 0 && !tillit.Can(actor, tillit.ActManageContracts, tillit.Resource{RegionID: in.RegionID}) {
			a.fail(w, r, tillit.Errorf(tillit.EFORBIDDEN, "You can add contracts only for your own region."))
			return
		}
		p := tillit.Problems{}
		c := &tillit.Contract{RegionID: in.RegionID, SupplierID: in.SupplierID, CategoryID: in.CategoryID,
			Reference: strings.TrimSpace(in.Reference), OCID: strings.TrimSpace(in.OCID),
			Start: dateParam(p, "start", in.Start), End: dateParam(p, "end", in.End)}
		if err := problems(p); err != nil {
			a.fail(w, r, err)
			return
		}
		if err := a.DB.CreateContract(ctx, actor, c); err != nil {
			a.fail(w, r, err)
			return
		}
		rows, err := a.DB.FindContracts(ctx, tillit.ScopeOf(actor), sqldb.ContractFilter{SupplierID: c.SupplierID, RegionID: c.RegionID, CategoryID: c.CategoryID})
		if err != nil {
			a.fail(w, r, err)
			return
		}
		for _, row := range rows {
			if row.ID == c.ID {
				writeJSON(w, http.StatusCreated, toContractJSON(row))
				return
			}
		}
		// Created, but not in the actor's scope to read back (cannot
		// happen for the roles that may create contracts): say what was
		// stored without the names.
		writeJSON(w, http.StatusCreated, toContractJSON(sqldb.ContractRow{Contract: *c}))
	})
}

// Sites serves GET /api/v1/suppliers/{id}/sites.
func (a *API) Sites() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		scope := tillit.ScopeOf(web.Actor(ctx))
		// FindSites answers an empty list outside the scope; the API says
		// the supplier is not found, as everywhere else.
		if _, err := a.DB.FindSupplier(ctx, scope, id); err != nil {
			a.fail(w, r, err)
			return
		}
		sites, err := a.DB.FindSites(ctx, scope, id)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := []siteJSON{}
		for _, s := range sites {
			out = append(out, toSiteJSON(s))
		}
		writeJSON(w, http.StatusOK, map[string]any{"sites": out})
	})
}

type siteInput struct {
	SupplierID int64    `json:"supplier_id"`
	Name       string   `json:"name"`
	Address    string   `json:"address"`
	City       string   `json:"city"`
	Country    string   `json:"country"`
	OSHubID    string   `json:"os_hub_id"`
	Products   []string `json:"products"`
}

// CreateSite serves POST /api/v1/sites: the office for any supplier, a
// supplier's staff for their own company.
func (a *API) CreateSite() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		var in siteInput
		if err := decode(r, &in); err != nil {
			a.fail(w, r, err)
			return
		}
		if in.SupplierID > 0 && !tillit.Can(actor, tillit.ActManageSites, tillit.Resource{SupplierID: in.SupplierID}) {
			a.fail(w, r, tillit.Errorf(tillit.EFORBIDDEN, "You can add production sites only for your own company."))
			return
		}
		s := &tillit.ProductionSite{SupplierID: in.SupplierID, Name: strings.TrimSpace(in.Name), Address: strings.TrimSpace(in.Address),
			City: strings.TrimSpace(in.City), Country: strings.ToUpper(strings.TrimSpace(in.Country)),
			OSHubID: strings.TrimSpace(in.OSHubID), Products: in.Products}
		if err := a.DB.CreateSite(ctx, actor, s); err != nil {
			a.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusCreated, toSiteJSON(*s))
	})
}
