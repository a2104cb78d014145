package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// Incidents (issue 9) as JSON: the list, one incident with its exposure,
// registering, replacing and assessing one. Follow-ups are opened from an
// incident on its page, where the reader picks the suppliers.

type incidentCountryJSON struct {
	Country string   `json:"country"`
	Places  []string `json:"places"`
}

type incidentSiteJSON struct {
	ID         int64  `json:"id"`
	SupplierID int64  `json:"supplier_id"`
	Supplier   string `json:"supplier"`
	Name       string `json:"name"`
	City       string `json:"city"`
	Country    string `json:"country"`
}

type incidentRowJSON struct {
	ID          int64                     `json:"id"`
	ReportedOn  *string                   `json:"reported_on"`
	Title       string                    `json:"title"`
	Severity    tillit.IncidentSeverity   `json:"severity"`
	SourceKind  tillit.IncidentSource     `json:"source_kind"`
	SourceName  string                    `json:"source_name"`
	Assessment  tillit.IncidentAssessment `json:"assessment"`
	DuplicateOf *int64                    `json:"duplicate_of"`
	Countries   string                    `json:"countries"`
}

type incidentJSON struct {
	ID               int64                     `json:"id"`
	SourceKind       tillit.IncidentSource     `json:"source_kind"`
	SourceName       string                    `json:"source_name"`
	Link             string                    `json:"link"`
	ReportedOn       *string                   `json:"reported_on"`
	Title            string                    `json:"title"`
	Text             string                    `json:"text"`
	Severity         tillit.IncidentSeverity   `json:"severity"`
	Countries        []incidentCountryJSON     `json:"countries"`
	Categories       []categoryRefJSON         `json:"categories"`
	Products         []string                  `json:"products"`
	Suppliers        []refJSON                 `json:"suppliers"`
	Sites            []incidentSiteJSON        `json:"sites"`
	Assessment       tillit.IncidentAssessment `json:"assessment"`
	AssessmentReason string                    `json:"assessment_reason"`
	DuplicateOf      *int64                    `json:"duplicate_of"`
	AssessedAt       *time.Time                `json:"assessed_at"`
	AssessedBy       string                    `json:"assessed_by"`
	FollowUpIDs      []int64                   `json:"followup_ids"`
	CreatedAt        *time.Time                `json:"created_at"`
	CreatedBy        string                    `json:"created_by"`
	UpdatedAt        *time.Time                `json:"updated_at"`
	Version          int64                     `json:"version"`
	Exposure         *exposureJSON             `json:"exposure,omitempty"`
}

type exposedSiteJSON struct {
	ID         int64    `json:"id"`
	SupplierID int64    `json:"supplier_id"`
	Supplier   string   `json:"supplier"`
	Name       string   `json:"name"`
	Address    string   `json:"address"`
	City       string   `json:"city"`
	Country    string   `json:"country"`
	OSHubID    string   `json:"os_hub_id"`
	Products   []string `json:"products"`
	ByCountry  bool     `json:"by_country"`
	ByCompany  bool     `json:"by_company"`
	BySite     bool     `json:"by_site"`
}

type exposedSupplierJSON struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Sites     int    `json:"sites"`
	Contracts int    `json:"contracts"`
}

type exposedContractJSON struct {
	ID         int64           `json:"id"`
	Region     refJSON         `json:"region"`
	Supplier   refJSON         `json:"supplier"`
	Category   categoryRefJSON `json:"category"`
	Reference  string          `json:"reference"`
	Start      *string         `json:"start"`
	End        *string         `json:"end"`
	OpenFollow *int64          `json:"open_followup_id"`
}

type exposedCategoryJSON struct {
	categoryRefJSON
	Suppliers int `json:"suppliers"`
	Contracts int `json:"contracts"`
}

type exposedRegionJSON struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	CountyCode string `json:"county_code"`
	Suppliers  int    `json:"suppliers"`
	Contracts  int    `json:"contracts"`
}

type exposureJSON struct {
	On         *string               `json:"contracts_on_or_after"`
	Sites      []exposedSiteJSON     `json:"sites"`
	Suppliers  []exposedSupplierJSON `json:"suppliers"`
	Contracts  []exposedContractJSON `json:"contracts"`
	Categories []exposedCategoryJSON `json:"categories"`
	Regions    []exposedRegionJSON   `json:"regions"`
}

func toIncidentJSON(in *tillit.Incident, e *sqldb.IncidentExposure) incidentJSON {
	out := incidentJSON{ID: in.ID, SourceKind: in.SourceKind, SourceName: in.SourceName, Link: in.Link, ReportedOn: dateJSON(in.ReportedOn),
		Title: in.Title, Text: in.Text, Severity: in.Severity, Countries: []incidentCountryJSON{}, Categories: []categoryRefJSON{},
		Products: list(in.Products), Suppliers: []refJSON{}, Sites: []incidentSiteJSON{}, Assessment: in.Assessment,
		AssessmentReason: in.AssessmentReason, DuplicateOf: idJSON(in.DuplicateOf), AssessedAt: timeJSON(in.AssessedAt), AssessedBy: in.AssessedBy,
		FollowUpIDs: list(in.FollowUpIDs), CreatedAt: timeJSON(in.CreatedAt), CreatedBy: in.CreatedBy, UpdatedAt: timeJSON(in.UpdatedAt), Version: in.Version}
	for _, c := range in.Countries {
		out.Countries = append(out.Countries, incidentCountryJSON{Country: c.Country, Places: list(c.Places)})
	}
	for _, c := range in.Categories {
		out.Categories = append(out.Categories, categoryRefJSON{ID: c.ID, Code: c.Code, NameSV: c.NameSV, NameEN: c.NameEN})
	}
	for _, s := range in.Suppliers {
		out.Suppliers = append(out.Suppliers, refJSON{ID: s.ID, Name: s.Name})
	}
	for _, s := range in.Sites {
		out.Sites = append(out.Sites, incidentSiteJSON{ID: s.ID, SupplierID: s.SupplierID, Supplier: s.Supplier, Name: s.Name, City: s.City, Country: s.Country})
	}
	if e == nil {
		return out
	}
	x := &exposureJSON{On: dateJSON(e.On), Sites: []exposedSiteJSON{}, Suppliers: []exposedSupplierJSON{}, Contracts: []exposedContractJSON{},
		Categories: []exposedCategoryJSON{}, Regions: []exposedRegionJSON{}}
	for _, s := range e.Sites {
		x.Sites = append(x.Sites, exposedSiteJSON{ID: s.ID, SupplierID: s.SupplierID, Supplier: s.Supplier, Name: s.Name, Address: s.Address,
			City: s.City, Country: s.Country, OSHubID: s.OSHubID, Products: list(s.Products), ByCountry: s.ByCountry, ByCompany: s.ByCompany, BySite: s.BySite})
	}
	for _, s := range e.Suppliers {
		x.Suppliers = append(x.Suppliers, exposedSupplierJSON{ID: s.ID, Name: s.Name, Sites: s.Sites, Contracts: s.Contracts})
	}
	open := map[[2]int64]int64{}
	for _, p := range e.Pairs {
		open[[2]int64{p.SupplierID, p.CategoryID}] = p.OpenFollowUpID
	}
	for _, c := range e.Contracts {
		x.Contracts = append(x.Contracts, exposedContractJSON{ID: c.ID, Region: refJSON{c.RegionID, c.Region}, Supplier: refJSON{c.SupplierID, c.Supplier},
			Category: categoryRefJSON{ID: c.CategoryID, Code: c.CategoryCode, NameSV: c.CategorySV, NameEN: c.CategoryEN}, Reference: c.Reference,
			Start: dateJSON(c.Start), End: dateJSON(c.End), OpenFollow: idJSON(open[[2]int64{c.SupplierID, c.CategoryID}])})
	}
	for _, c := range e.Categories {
		x.Categories = append(x.Categories, exposedCategoryJSON{categoryRefJSON{ID: c.ID, Code: c.Code, NameSV: c.NameSV, NameEN: c.NameEN}, c.Suppliers, c.Contracts})
	}
	for _, rg := range e.Regions {
		x.Regions = append(x.Regions, exposedRegionJSON{ID: rg.ID, Name: rg.Name, CountyCode: rg.CountyCode, Suppliers: rg.Suppliers, Contracts: rg.Contracts})
	}
	out.Exposure = x
	return out
}

// Incidents serves GET /api/v1/incidents (?assessment=, ?severity=,
// ?country=, ?limit=, ?before=YYYY-MM-DD.ID): the latest reported first.
func (a *API) Incidents() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		p := tillit.Problems{}
		f := sqldb.IncidentFilter{Assessment: tillit.IncidentAssessment(q.Get("assessment")), Severity: tillit.IncidentSeverity(q.Get("severity")),
			Country: strings.ToUpper(q.Get("country")), Limit: 50}
		if f.Assessment != "" && !f.Assessment.Valid() {
			p.Add("assessment", "Choose an assessment from the list.")
		}
		if f.Severity != "" && !f.Severity.Valid() {
			p.Add("severity", "Choose a severity from the list.")
		}
		if f.Country != "" && !tillit.ValidCountryCode(f.Country) {
			p.Add("country", "Write the country as its two-letter ISO code, such as PK for Pakistan.")
		}
		if s := q.Get("limit"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 500 {
				p.Add("limit", "Give a limit between 1 and 500.")
			}
			f.Limit = n
		}
		if s := q.Get("before"); s != "" {
			d, id, _ := strings.Cut(s, ".")
			t, err1 := time.Parse(time.DateOnly, d)
			n, err2 := strconv.ParseInt(id, 10, 64)
			if err1 != nil || err2 != nil || n <= 0 {
				p.Add("before", "Use the next value of the previous page.")
			}
			f.Before = sqldb.IncidentCursor{ReportedOn: t, ID: n}
		}
		if len(p) > 0 {
			a.fail(w, r, problems(p))
			return
		}
		rows, err := a.DB.FindIncidents(r.Context(), f)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out := struct {
			Incidents []incidentRowJSON `json:"incidents"`
			Next      *string           `json:"next"`
		}{Incidents: []incidentRowJSON{}}
		for _, v := range rows {
			out.Incidents = append(out.Incidents, incidentRowJSON{ID: v.ID, ReportedOn: dateJSON(v.ReportedOn), Title: v.Title, Severity: v.Severity,
				SourceKind: v.SourceKind, SourceName: v.SourceName, Assessment: v.Assessment, DuplicateOf: idJSON(v.DuplicateOf), Countries: v.Countries})
		}
		if len(rows) == f.Limit {
			last := rows[len(rows)-1]
			next := last.ReportedOn.Format(time.DateOnly) + "." + strconv.FormatInt(last.ID, 10)
			out.Next = &next
		}
		writeJSON(w, http.StatusOK, out)
	})
}

// Incident serves GET /api/v1/incidents/{id}: the incident with its
// exposure as the data stands now.
func (a *API) Incident() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		a.writeIncident(w, r, http.StatusOK, id)
	})
}

func (a *API) writeIncident(w http.ResponseWriter, r *http.Request, status int, id int64) {
	in, err := a.DB.FindIncident(r.Context(), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	e, err := a.DB.IncidentExposure(r.Context(), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/incidents/"+strconv.FormatInt(id, 10))
	}
	writeJSON(w, status, toIncidentJSON(in, e))
}

type incidentInput struct {
	SourceKind  string                `json:"source_kind"`
	SourceName  string                `json:"source_name"`
	Link        string                `json:"link"`
	ReportedOn  string                `json:"reported_on"`
	Title       string                `json:"title"`
	Text        string                `json:"text"`
	Severity    string                `json:"severity"`
	Countries   []incidentCountryJSON `json:"countries"`
	CategoryIDs []int64               `json:"category_ids"`
	Products    []string              `json:"products"`
	SupplierIDs []int64               `json:"supplier_ids"`
	SiteIDs     []int64               `json:"site_ids"`
	Version     int64                 `json:"version"`
}

// decodeIncident reads the body into an incident, with every problem of
// the body and the domain together.
func decodeIncident(r *http.Request) (*tillit.Incident, error) {
	var in incidentInput
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	p := tillit.Problems{}
	inc := &tillit.Incident{SourceKind: tillit.IncidentSource(in.SourceKind), SourceName: strings.TrimSpace(in.SourceName),
		Link: strings.TrimSpace(in.Link), ReportedOn: dateParam(p, "reported_on", in.ReportedOn), Title: strings.TrimSpace(in.Title),
		Text: strings.TrimSpace(in.Text), Severity: tillit.IncidentSeverity(in.Severity), CategoryIDs: in.CategoryIDs,
		SupplierIDs: in.SupplierIDs, SiteIDs: in.SiteIDs, Version: in.Version}
	for _, c := range in.Countries {
		inc.Countries = append(inc.Countries, tillit.IncidentCountry{Country: strings.ToUpper(strings.TrimSpace(c.Country)), Places: c.Places})
	}
	for _, pr := range in.Products {
		inc.Products = append(inc.Products, strings.TrimSpace(pr))
	}
	if len(p) == 0 {
		return inc, nil
	}
	p.Merge(inc.Validate())
	return nil, problems(p)
}

// CreateIncident serves POST /api/v1/incidents.
func (a *API) CreateIncident() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		in, err := decodeIncident(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if err := a.DB.CreateIncident(ctx, web.Actor(ctx), in); err != nil {
			a.fail(w, r, err)
			return
		}
		a.writeIncident(w, r, http.StatusCreated, in.ID)
	})
}

// UpdateIncident serves PUT /api/v1/incidents/{id}: the body replaces
// what the incident says and names; version must be the one read.
func (a *API) UpdateIncident() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		in, err := decodeIncident(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if in.Version <= 0 {
			a.fail(w, r, errNoVersion())
			return
		}
		in.ID = id
		if err := a.DB.UpdateIncident(ctx, web.Actor(ctx), in); err != nil {
			a.fail(w, r, err)
			return
		}
		a.writeIncident(w, r, http.StatusOK, id)
	})
}

// AssessIncident serves POST /api/v1/incidents/{id}/assess.
func (a *API) AssessIncident() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		var in struct {
			Assessment  string `json:"assessment"`
			Reason      string `json:"reason"`
			DuplicateOf int64  `json:"duplicate_of"`
		}
		if err := decode(r, &in); err != nil {
			a.fail(w, r, err)
			return
		}
		if _, err := a.DB.AssessIncident(ctx, web.Actor(ctx), id, tillit.IncidentAssessmentInput{
			Assessment: tillit.IncidentAssessment(in.Assessment), Reason: in.Reason, DuplicateOf: in.DuplicateOf}); err != nil {
			a.fail(w, r, err)
			return
		}
		a.writeIncident(w, r, http.StatusOK, id)
	})
}

// errNoVersion refuses a replacement that does not say which version it
// was based on.
func errNoVersion() error {
	m := tillit.Msg("Send the version you read, so that a change made meanwhile is not overwritten.")
	return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"version": m}}
}
