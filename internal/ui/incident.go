package ui

import (
	"bytes"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/export"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// Incidents (issue 9): the list, the form an alert is registered and
// edited with, the incident's page with its exposure, the assessment, the
// follow-ups opened from it and the exposure as a workbook. The form works
// without JavaScript: companies and sites are typed by name and matched
// against what tillit knows, line by line.
//
// The seam for inquiries (questions sent to the exposed suppliers through
// the supplier portal) is the exposure's supplier list: an inquiry action
// belongs next to the follow-up form on the incident's page once the
// portal exists.

// incidentLabels names the incident vocabulary in the reader's language.
type incidentLabels struct{ lang tillit.Lang }

func (l incidentLabels) SourceLabel(s tillit.IncidentSource) string {
	switch s {
	case tillit.SourceMedia:
		return T(l.lang, "Media")
	case tillit.SourceNGO:
		return T(l.lang, "Non-governmental organisation")
	case tillit.SourcePartner:
		return T(l.lang, "Partner")
	case tillit.SourceAuthority:
		return T(l.lang, "Authority")
	case tillit.SourceOther:
		return T(l.lang, "Other source")
	}
	return string(s)
}

func (l incidentLabels) SeverityLabel(s tillit.IncidentSeverity) string {
	switch s {
	case tillit.IncidentLow:
		return T(l.lang, "Low")
	case tillit.IncidentMedium:
		return T(l.lang, "Medium")
	case tillit.IncidentHigh:
		return T(l.lang, "High")
	case tillit.IncidentCritical:
		return T(l.lang, "Critical")
	}
	return string(s)
}

func (l incidentLabels) AssessmentLabel(a tillit.IncidentAssessment) string {
	switch a {
	case tillit.IncidentUnassessed:
		return T(l.lang, "Not assessed")
	case tillit.IncidentRelevant:
		return T(l.lang, "Relevant")
	case tillit.IncidentIrrelevant:
		return T(l.lang, "Irrelevant")
	case tillit.IncidentDuplicate:
		return T(l.lang, "Duplicate")
	}
	return string(a)
}

// incidentChoice is one option of a select or a radio group.
type incidentChoice struct {
	Value, Label string
	Selected     bool
}

func mayManageIncidents(r *http.Request) bool {
	return tillit.Can(web.Actor(r.Context()), tillit.ActManageIncidents, tillit.Resource{})
}

func errMayNotManageIncidents() error {
	return tillit.Errorf(tillit.EFORBIDDEN, "Only the national office and the regions' staff can register and assess incidents.")
}

type incidentListPage struct {
	Page
	incidentLabels
	Rows        []sqldb.IncidentRow
	Assessments []incidentChoice
	Severities  []incidentChoice
	Country     string
	CanManage   bool
	Next        string // the next page's address, "" on the last
	Paged       bool
}

// Incidents serves GET /incidents (?assessment=, ?severity=, ?country=,
// ?before=DATE.ID): the latest reported first, fifty at a time.
func (u *UI) Incidents() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		p := incidentListPage{Page: u.page(r, "Incidents"), CanManage: mayManageIncidents(r)}
		p.incidentLabels = incidentLabels{p.Lang}
		f := sqldb.IncidentFilter{Limit: 50}
		if a := tillit.IncidentAssessment(q.Get("assessment")); a != "" {
			if !a.Valid() {
				u.Error(w, r, tillit.Errorf(tillit.EINVALID, "Choose an assessment from the list."))
				return
			}
			f.Assessment = a
		}
		if s := tillit.IncidentSeverity(q.Get("severity")); s != "" {
			if !s.Valid() {
				u.Error(w, r, tillit.Errorf(tillit.EINVALID, "Choose a severity from the list."))
				return
			}
			f.Severity = s
		}
		if c := strings.ToUpper(strings.TrimSpace(q.Get("country"))); c != "" {
			if !tillit.ValidCountryCode(c) {
				u.Error(w, r, tillit.Errorf(tillit.EINVALID, "Write the country as its two-letter ISO code, such as PK for Pakistan."))
				return
			}
			f.Country, p.Country = c, c
		}
		if s := q.Get("before"); s != "" {
			d, id, ok := strings.Cut(s, ".")
			t, err1 := time.Parse(time.DateOnly, d)
			n, err2 := strconv.ParseInt(id, 10, 64)
			if !ok || err1 != nil || err2 != nil || n <= 0 {
				u.Error(w, r, tillit.Errorf(tillit.EINVALID, "The page link is damaged. Go back to the first page of the list."))
				return
			}
			f.Before, p.Paged = sqldb.IncidentCursor{ReportedOn: t, ID: n}, true
		}
		rows, err := u.DB.FindIncidents(r.Context(), f)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p.Rows = rows
		if len(rows) == f.Limit {
			last := rows[len(rows)-1]
			next := url.Values{}
			for _, k := range []string{"assessment", "severity", "country"} {
				if v := q.Get(k); v != "" {
					next.Set(k, v)
				}
			}
			next.Set("before", last.ReportedOn.Format(time.DateOnly)+"."+strconv.FormatInt(last.ID, 10))
			p.Next = "/incidents?" + next.Encode()
		}
		p.Assessments = append(p.Assessments, incidentChoice{Value: "", Label: T(p.Lang, "Any assessment")})
		for _, a := range append([]tillit.IncidentAssessment{tillit.IncidentUnassessed}, tillit.IncidentAssessments...) {
			p.Assessments = append(p.Assessments, incidentChoice{Value: string(a), Label: p.AssessmentLabel(a), Selected: a == f.Assessment})
		}
		p.Severities = append(p.Severities, incidentChoice{Value: "", Label: T(p.Lang, "Any severity")})
		for _, s := range tillit.IncidentSeverities {
			p.Severities = append(p.Severities, incidentChoice{Value: string(s), Label: p.SeverityLabel(s), Selected: s == f.Severity})
		}
		u.render(w, r, http.StatusOK, "incidents/list", p)
	})
}

// incidentForm is the form as typed, so nothing is lost when it comes
// back with problems.
type incidentForm struct {
	SourceKind, SourceName, Link, ReportedOn string
	Title, Text, Severity                    string
	Countries, Products, Suppliers, Sites    string
	CategoryIDs                              []int64
	Version                                  int64
}

type incidentCategoryChoice struct {
	ID       int64
	Name     string
	Selected bool
}

type incidentFormPage struct {
	Page
	New        bool
	ID         int64
	Action     string
	Back       string
	In         incidentForm
	Sources    []incidentChoice
	Severities []incidentChoice
	Categories []incidentCategoryChoice
	Problem    string
	Fields     map[string]string
}

// incidentFormOf fills the form from a stored incident.
func incidentFormOf(in *tillit.Incident) incidentForm {
	f := incidentForm{SourceKind: string(in.SourceKind), SourceName: in.SourceName, Link: in.Link, Title: in.Title, Text: in.Text,
		Severity: string(in.Severity), Countries: tillit.FormatIncidentCountries(in.Countries), Products: strings.Join(in.Products, "\n"),
		CategoryIDs: in.CategoryIDs, Version: in.Version}
	if !in.ReportedOn.IsZero() {
		f.ReportedOn = in.ReportedOn.Format(time.DateOnly)
	}
	var names []string
	for _, s := range in.Suppliers {
		names = append(names, s.Name)
	}
	f.Suppliers = strings.Join(names, "\n")
	var sites []string
	for _, s := range in.Sites {
		if s.OSHubID != "" {
			sites = append(sites, s.OSHubID)
		} else {
			sites = append(sites, s.Supplier+"; "+s.Name)
		}
	}
	f.Sites = strings.Join(sites, "\n")
	return f
}

func (u *UI) renderIncidentForm(w http.ResponseWriter, r *http.Request, status int, id int64, in incidentForm, fail error) {
	p := incidentFormPage{New: id == 0, ID: id, In: in, Fields: map[string]string{}}
	if p.New {
		p.Page = u.page(r, "Register an incident")
		p.Action, p.Back = "/incidents", "/incidents"
	} else {
		p.Page = u.page(r, "Edit the incident")
		p.Action, p.Back = "/incidents/"+strconv.FormatInt(id, 10)+"/edit", "/incidents/"+strconv.FormatInt(id, 10)
	}
	if fail != nil {
		p.Problem, p.Fields = tillit.ErrorMessage(fail).In(translator(p.Lang)), fieldTexts(p.Lang, fail)
	}
	l := incidentLabels{p.Lang}
	for _, s := range tillit.IncidentSources {
		p.Sources = append(p.Sources, incidentChoice{Value: string(s), Label: l.SourceLabel(s), Selected: string(s) == in.SourceKind})
	}
	for _, s := range tillit.IncidentSeverities {
		p.Severities = append(p.Severities, incidentChoice{Value: string(s), Label: l.SeverityLabel(s), Selected: string(s) == in.Severity})
	}
	cats, err := u.DB.FindCategories(r.Context())
	if err != nil {
		u.Error(w, r, err)
		return
	}
	for _, c := range cats {
		p.Categories = append(p.Categories, incidentCategoryChoice{ID: c.ID, Name: c.Name(string(p.Lang)), Selected: idIn(in.CategoryIDs, c.ID)})
	}
	u.render(w, r, status, "incidents/edit", p)
}

// parseIncidentForm reads the form into an incident, matching the typed
// companies and sites against tillit's; every problem is returned
// together, by field.
func (u *UI) parseIncidentForm(r *http.Request) (incidentForm, *tillit.Incident, error) {
	v := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	f := incidentForm{SourceKind: v("source_kind"), SourceName: v("source_name"), Link: v("link"), ReportedOn: v("reported_on"),
		Title: v("title"), Text: strings.TrimSpace(r.PostFormValue("text")), Severity: v("severity"), Countries: r.PostFormValue("countries"),
		Products: r.PostFormValue("products"), Suppliers: r.PostFormValue("suppliers"), Sites: r.PostFormValue("sites")}
	f.Version, _ = strconv.ParseInt(v("version"), 10, 64)
	p := tillit.Problems{}
	in := &tillit.Incident{SourceKind: tillit.IncidentSource(f.SourceKind), SourceName: f.SourceName, Link: f.Link, Title: f.Title,
		Text: f.Text, Severity: tillit.IncidentSeverity(f.Severity), Products: textLines(f.Products), Version: f.Version}
	in.ReportedOn = optionalFormDate(f.ReportedOn, p, "reported_on")
	cs, err := tillit.ParseIncidentCountries(f.Countries)
	p.Merge(err)
	in.Countries = cs
	for _, s := range r.PostForm["category_ids"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			p.Add("category_ids", "Choose the categories from the list.")
			continue
		}
		f.CategoryIDs = append(f.CategoryIDs, id)
	}
	in.CategoryIDs = f.CategoryIDs

	ctx := r.Context()
	names := textLines(f.Suppliers)
	if len(names) > tillit.MaxIncidentSuppliers {
		p.Add("suppliers", "Name at most %d companies.", tillit.MaxIncidentSuppliers)
		names = nil
	}
	matches, err := u.DB.MatchSuppliers(ctx, names)
	if err != nil {
		return f, nil, err
	}
	seen := map[int64]bool{}
	for i, m := range matches {
		switch {
		case len(m) == 0:
			p.Add("suppliers", "Line %d: no supplier in tillit is called %s. Write the name as the supplier's page shows it, or leave the company out.", i+1, names[i])
		case len(m) > 1:
			p.Add("suppliers", "Line %d: more than one supplier is called %s; write the current name of the one you mean.", i+1, names[i])
		case !seen[m[0].ID]:
			seen[m[0].ID] = true
			in.SupplierIDs = append(in.SupplierIDs, m[0].ID)
		}
	}

	var refs []sqldb.SiteRef
	var lines []int
	for i, line := range textLines(f.Sites) {
		company, name, ok := strings.Cut(line, ";")
		switch {
		case ok && strings.TrimSpace(company) != "" && strings.TrimSpace(name) != "":
			refs = append(refs, sqldb.SiteRef{Company: strings.TrimSpace(company), Name: strings.TrimSpace(name)})
		case !ok && tillit.ValidOSHubID(line):
			refs = append(refs, sqldb.SiteRef{OSHubID: line})
		default:
			p.Add("sites", "Line %d: write the company, a semicolon and the site's name, or the site's Open Supply Hub id.", i+1)
			continue
		}
		lines = append(lines, i+1)
	}
	if len(refs) > tillit.MaxIncidentSites {
		p.Add("sites", "Name at most %d production sites.", tillit.MaxIncidentSites)
		refs = nil
	}
	sites, err := u.DB.MatchSites(ctx, refs)
	if err != nil {
		return f, nil, err
	}
	seen = map[int64]bool{}
	for i, m := range sites {
		switch {
		case len(m) == 0:
			p.Add("sites", "Line %d: tillit knows no such production site. Write the company and the site's name as the supplier's page shows them.", lines[i])
		case len(m) > 1:
			p.Add("sites", "Line %d: the company has more than one site of that name; name it by its Open Supply Hub id.", lines[i])
		case !seen[m[0].ID]:
			seen[m[0].ID] = true
			in.SiteIDs = append(in.SiteIDs, m[0].ID)
		}
	}
	// The domain's own checks add what the typing did not catch.
	if err := in.Validate(); err != nil {
		for k, m := range tillit.ErrorFields(err) {
			if k == "supplier_ids" {
				k = "suppliers"
			} else if k == "site_ids" {
				k = "sites"
			}
			p.Add(k, m.Format, m.Args...)
		}
	}
	return f, in, formProblems(p)
}

// saveIncident stores the posted form: create when id is 0, else update.
func (u *UI) saveIncident(w http.ResponseWriter, r *http.Request, id int64) {
	ctx := r.Context()
	if !mayManageIncidents(r) {
		u.Error(w, r, errMayNotManageIncidents())
		return
	}
	f, in, err := u.parseIncidentForm(r)
	if err == nil {
		in.ID = id
		if id == 0 {
			err = u.DB.CreateIncident(ctx, web.Actor(ctx), in)
		} else {
			err = u.DB.UpdateIncident(ctx, web.Actor(ctx), in)
		}
	}
	switch code := tillit.ErrorCode(err); code {
	case "":
	case tillit.EINVALID, tillit.ECONFLICT:
		u.renderIncidentForm(w, r, web.StatusOf(code), id, f, incidentFormFields(err))
		return
	default:
		u.Error(w, r, err)
		return
	}
	if id == 0 {
		u.redirect(w, r, "/incidents/"+strconv.FormatInt(in.ID, 10), "The incident is registered.")
		return
	}
	u.redirect(w, r, "/incidents/"+strconv.FormatInt(in.ID, 10), "The changes are saved.")
}

// incidentFormFields names the store's reference fields as the form does.
func incidentFormFields(err error) error {
	fs := tillit.ErrorFields(err)
	if fs == nil {
		return err
	}
	e := &tillit.Error{Code: tillit.ErrorCode(err), Msg: tillit.ErrorMessage(err), Fields: map[string]tillit.Message{}}
	for k, m := range fs {
		switch k {
		case "supplier_ids":
			k = "suppliers"
		case "site_ids":
			k = "sites"
		}
		e.Fields[k] = m
	}
	return e
}

// NewIncident serves GET /incidents/new.
func (u *UI) NewIncident() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !mayManageIncidents(r) {
			u.Error(w, r, errMayNotManageIncidents())
			return
		}
		f := incidentForm{SourceKind: string(tillit.SourceMedia), Severity: string(tillit.IncidentMedium), ReportedOn: u.changeTime().Format(time.DateOnly)}
		u.renderIncidentForm(w, r, http.StatusOK, 0, f, nil)
	})
}

// CreateIncident serves POST /incidents.
func (u *UI) CreateIncident() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { u.saveIncident(w, r, 0) })
}

// loadIncident reads the incident of the path's {id}.
func (u *UI) loadIncident(r *http.Request) (*tillit.Incident, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return u.DB.FindIncident(r.Context(), id)
}

// EditIncident serves GET /incidents/{id}/edit.
func (u *UI) EditIncident() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !mayManageIncidents(r) {
			u.Error(w, r, errMayNotManageIncidents())
			return
		}
		in, err := u.loadIncident(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.renderIncidentForm(w, r, http.StatusOK, in.ID, incidentFormOf(in), nil)
	})
}

// UpdateIncident serves POST /incidents/{id}/edit.
func (u *UI) UpdateIncident() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.saveIncident(w, r, id)
	})
}

// incidentSiteView is one row of the sites table.
type incidentSiteView struct {
	sqldb.ExposedSite
	Products string
	Why      string
}

// incidentPairView is a supplier in a category, for the follow-up form.
type incidentPairView struct {
	Key            string // "supplier-category", the checkbox value
	SupplierID     int64
	Supplier       string
	Category       string
	Contracts      int
	OpenFollowUpID int64
	Allowed        bool // the reader may open follow-ups in the category
	Checked        bool
}

type incidentShowPage struct {
	Page
	incidentLabels
	In         *tillit.Incident
	Paragraphs []string
	Categories string
	E          *sqldb.IncidentExposure
	Sites      []incidentSiteView
	ExpCats    []incidentCategoryView
	Pairs      []incidentPairView
	CanManage  bool
	CanOpen    bool // the reader may open a follow-up for some pair
	// The assessment form, and the follow-up form, as sent.
	Assessments []incidentChoice
	Reason      string
	DuplicateOf string
	Codes       string
	Form        string // which form the problem is about: "assess" or "followups"
	Problem     string
	Fields      map[string]string
}

type incidentCategoryView struct {
	Name                 string
	Suppliers, Contracts int
}

// ShowIncident serves GET /incidents/{id}.
func (u *UI) ShowIncident() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		in, err := u.loadIncident(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.renderIncident(w, r, http.StatusOK, in, incidentShowForms{})
	})
}

// incidentShowForms is what the page's forms sent, when they come back.
type incidentShowForms struct {
	form        string
	fail        error
	assessment  string
	reason      string
	duplicateOf string
	codes       string
	checked     map[string]bool
}

func (u *UI) renderIncident(w http.ResponseWriter, r *http.Request, status int, in *tillit.Incident, forms incidentShowForms) {
	ctx := r.Context()
	p := incidentShowPage{Page: u.page(r, "Incident"), In: in, CanManage: mayManageIncidents(r), Fields: map[string]string{},
		Form: forms.form, Reason: forms.reason, DuplicateOf: forms.duplicateOf, Codes: forms.codes}
	p.Title = in.Title
	p.incidentLabels = incidentLabels{p.Lang}
	if forms.fail != nil {
		p.Problem, p.Fields = tillit.ErrorMessage(forms.fail).In(translator(p.Lang)), fieldTexts(p.Lang, forms.fail)
	}
	for _, par := range strings.Split(strings.ReplaceAll(in.Text, "\r\n", "\n"), "\n\n") {
		if par = strings.TrimSpace(par); par != "" {
			p.Paragraphs = append(p.Paragraphs, par)
		}
	}
	var names []string
	for _, c := range in.Categories {
		names = append(names, c.Name(string(p.Lang)))
	}
	p.Categories = strings.Join(names, ", ")
	chosen := forms.assessment
	if chosen == "" && in.Assessment != tillit.IncidentUnassessed {
		chosen = string(in.Assessment)
	}
	for _, a := range tillit.IncidentAssessments {
		p.Assessments = append(p.Assessments, incidentChoice{Value: string(a), Label: p.AssessmentLabel(a), Selected: string(a) == chosen})
	}
	if forms.form != "assess" {
		p.Reason = in.AssessmentReason
		if in.DuplicateOf != 0 {
			p.DuplicateOf = strconv.FormatInt(in.DuplicateOf, 10)
		}
	}

	e, err := u.DB.IncidentExposure(ctx, in)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	p.E = e
	for _, s := range e.Sites {
		var why []string
		if s.ByCountry {
			why = append(why, T(p.Lang, "named country"))
		}
		if s.ByCompany {
			why = append(why, T(p.Lang, "named company"))
		}
		if s.BySite {
			why = append(why, T(p.Lang, "named site"))
		}
		p.Sites = append(p.Sites, incidentSiteView{ExposedSite: s, Products: strings.Join(s.Products, ", "), Why: strings.Join(why, ", ")})
	}
	for _, c := range e.Categories {
		p.ExpCats = append(p.ExpCats, incidentCategoryView{Name: c.Name(string(p.Lang)), Suppliers: c.Suppliers, Contracts: c.Contracts})
	}
	if len(e.Pairs) > 0 {
		allowed, err := u.followUpCategories(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		for _, pr := range e.Pairs {
			cat := pr.CategorySV
			if p.Lang == tillit.English {
				cat = pr.CategoryEN
			}
			v := incidentPairView{Key: incidentPairKey(pr.SupplierID, pr.CategoryID), SupplierID: pr.SupplierID, Supplier: pr.Supplier, Category: cat,
				Contracts: pr.Contracts, OpenFollowUpID: pr.OpenFollowUpID, Allowed: allowed[pr.CategoryID] != nil}
			v.Checked = forms.checked[v.Key]
			p.CanOpen = p.CanOpen || v.Allowed && v.OpenFollowUpID == 0
			p.Pairs = append(p.Pairs, v)
		}
	}
	u.render(w, r, status, "incidents/show", p)
}

func incidentPairKey(supplier, category int64) string {
	return strconv.FormatInt(supplier, 10) + "-" + strconv.FormatInt(category, 10)
}

// followUpCategories returns the categories the reader may open
// follow-ups in, each with its responsible regions today.
func (u *UI) followUpCategories(r *http.Request) (map[int64]*tillit.Category, error) {
	actor := web.Actor(r.Context())
	out := map[int64]*tillit.Category{}
	if !tillit.Can(actor, tillit.ActOpenFollowUp, tillit.Resource{}) {
		return out, nil
	}
	cats, err := u.DB.FindCategories(r.Context())
	if err != nil {
		return nil, err
	}
	today := tillit.DateOf(u.changeTime())
	for i := range cats {
		if tillit.Can(actor, tillit.ActOpenFollowUp, tillit.Resource{ResponsibleRegionIDs: responsibleToday(&cats[i], today)}) {
			out[cats[i].ID] = &cats[i]
		}
	}
	return out, nil
}

// AssessIncident serves POST /incidents/{id}/assess.
func (u *UI) AssessIncident() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !mayManageIncidents(r) {
			u.Error(w, r, errMayNotManageIncidents())
			return
		}
		in, err := u.loadIncident(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		forms := incidentShowForms{form: "assess", assessment: r.PostFormValue("assessment"), reason: r.PostFormValue("reason"),
			duplicateOf: strings.TrimSpace(r.PostFormValue("duplicate_of"))}
		a := tillit.IncidentAssessmentInput{Assessment: tillit.IncidentAssessment(forms.assessment), Reason: forms.reason}
		p := tillit.Problems{}
		if forms.duplicateOf != "" {
			n, err := strconv.ParseInt(strings.TrimPrefix(forms.duplicateOf, "#"), 10, 64)
			if err != nil || n <= 0 {
				p.Add("duplicate_of", "Enter the number of the incident this one duplicates.")
			}
			a.DuplicateOf = n
		}
		if len(p) == 0 {
			_, err = u.DB.AssessIncident(ctx, web.Actor(ctx), in.ID, a)
		} else {
			err = formProblems(p)
		}
		switch code := tillit.ErrorCode(err); code {
		case "":
			u.redirect(w, r, "/incidents/"+strconv.FormatInt(in.ID, 10), "The assessment is saved.")
		case tillit.EINVALID:
			forms.fail = err
			u.renderIncident(w, r, http.StatusBadRequest, in, forms)
		default:
			u.Error(w, r, err)
		}
	})
}

// incidentOpenedView is a follow-up opened, or a pair skipped, from an incident.
type incidentOpenedView struct {
	Supplier   string
	Category   string
	FollowUpID int64
	Reason     string
}

type incidentOpenedPage struct {
	Page
	In      *tillit.Incident
	Opened  []incidentOpenedView
	Skipped []incidentOpenedView
}

// OpenIncidentFollowUps serves POST /incidents/{id}/followups: a
// follow-up for each chosen supplier and category of the exposure, with
// the category's responsible regions today, in the categories the reader
// may open follow-ups in. A supplier that already has an open follow-up in
// the category is skipped, and the page says so.
func (u *UI) OpenIncidentFollowUps() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		in, err := u.loadIncident(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		forms := incidentShowForms{form: "followups", codes: r.PostFormValue("requirement_codes"), checked: map[string]bool{}}
		for _, k := range r.PostForm["pair"] {
			forms.checked[k] = true
		}
		p := tillit.Problems{}
		if len(forms.checked) == 0 {
			p.Add("pair", "Choose at least one supplier and category to follow up.")
		}
		codes := textLines(forms.codes)
		if len(codes) == 0 {
			p.Add("requirement_codes", "Choose at least one requirement in scope.")
		}
		if len(p) > 0 {
			forms.fail = formProblems(p)
			u.renderIncident(w, r, http.StatusBadRequest, in, forms)
			return
		}
		e, err := u.DB.IncidentExposure(ctx, in)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		allowed, err := u.followUpCategories(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		lang := web.Lang(ctx)
		today := tillit.DateOf(u.changeTime())
		page := incidentOpenedPage{Page: u.page(r, "Follow-ups from the incident"), In: in}
		known := map[string]bool{}
		var ins []tillit.FollowUpInput
		var views []incidentOpenedView
		for _, pr := range e.Pairs {
			key := incidentPairKey(pr.SupplierID, pr.CategoryID)
			known[key] = true
			if !forms.checked[key] {
				continue
			}
			v := incidentOpenedView{Supplier: pr.Supplier, Category: pr.CategorySV}
			if lang == tillit.English {
				v.Category = pr.CategoryEN
			}
			cat := allowed[pr.CategoryID]
			switch {
			case cat == nil:
				v.Reason = T(lang, "You may not open follow-ups in this category.")
				page.Skipped = append(page.Skipped, v)
				continue
			case pr.OpenFollowUpID != 0:
				v.FollowUpID, v.Reason = pr.OpenFollowUpID, T(lang, "The supplier already has an open follow-up in this category.")
				page.Skipped = append(page.Skipped, v)
				continue
			}
			ins = append(ins, tillit.FollowUpInput{SupplierID: pr.SupplierID, CategoryID: pr.CategoryID,
				ResponsibleRegionIDs: responsibleToday(cat, today), RequirementCodes: codes})
			views = append(views, v)
		}
		// Opened and linked to the incident in one transaction.
		results, err := u.DB.OpenIncidentFollowUps(ctx, actor, in.ID, ins)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		refused := 0
		for _, res := range results {
			if tillit.ErrorCode(res.Err) == tillit.EINVALID {
				refused++
			}
		}
		if len(results) > 0 && refused == len(results) && len(page.Skipped) == 0 {
			// Nothing could be opened for the same reason the form can
			// fix (such as a requirement code): it comes back with it.
			forms.fail = incidentFollowUpFields(results[0].Err)
			u.renderIncident(w, r, http.StatusBadRequest, in, forms)
			return
		}
		for i, res := range results {
			v := views[i]
			if res.Err != nil {
				v.Reason = tillit.ErrorMessage(res.Err).In(translator(lang))
				page.Skipped = append(page.Skipped, v)
				continue
			}
			v.FollowUpID = res.FollowUp.ID
			page.Opened = append(page.Opened, v)
		}
		for k := range forms.checked {
			if !known[k] {
				page.Skipped = append(page.Skipped, incidentOpenedView{Reason: T(lang, "A chosen supplier is no longer exposed to the incident.")})
			}
		}
		u.render(w, r, http.StatusOK, "incidents/opened", page)
	})
}

// incidentFollowUpFields keeps only the follow-up form's own field, so a
// problem the domain finds elsewhere (no responsible region today) shows
// as the form's problem, in its own words.
func incidentFollowUpFields(err error) error {
	fs := tillit.ErrorFields(err)
	if m, ok := fs["requirement_codes"]; ok {
		return oneFieldError("requirement_codes", m)
	}
	keys := make([]string, 0, len(fs))
	for k := range fs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 0 {
		return &tillit.Error{Code: tillit.EINVALID, Msg: fs[keys[0]]}
	}
	return err
}

// ExportIncidentExposure serves GET /incidents/{id}/exposure.xlsx: the
// exposure as a workbook with a sheet each for the sites, suppliers,
// contracts, categories and regions.
func (u *UI) ExportIncidentExposure() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		in, err := u.loadIncident(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		e, err := u.DB.IncidentExposure(r.Context(), in)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		lang := web.Lang(r.Context())
		u.writeIncidentWorkbook(w, r, T(lang, "exposure")+"-"+strconv.FormatInt(in.ID, 10), exposureTables(lang, e)...)
	})
}

// writeIncidentWorkbook sends tables as one XLSX download, a sheet each.
func (u *UI) writeIncidentWorkbook(w http.ResponseWriter, r *http.Request, base string, tables ...export.Table) {
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, tables...); err != nil {
		u.Error(w, r, err)
		return
	}
	writeDownload(w, base+"-"+formatDate(u.changeTime())+".xlsx", export.ContentTypeXLSX, buf.Bytes())
}

// exposureTables lays the exposure out as spreadsheet tables.
func exposureTables(lang tillit.Lang, e *sqldb.IncidentExposure) []export.Table {
	col := func(h string, k export.Kind) export.Column { return export.Column{Header: h, Kind: k} }
	sites := export.Table{Title: T(lang, "Production sites"), Columns: []export.Column{col(T(lang, "Supplier"), export.Text), col(T(lang, "Production site"), export.Text),
		col(T(lang, "City"), export.Text), col(T(lang, "Address"), export.Text), col(T(lang, "Country"), export.Text), col(T(lang, "Products"), export.Text), col(T(lang, "Open Supply Hub id"), export.Text)}}
	for _, s := range e.Sites {
		sites.Rows = append(sites.Rows, []export.Cell{export.TextCell(s.Supplier), export.TextCell(s.Name), export.TextCell(s.City),
			export.TextCell(s.Address), export.TextCell(s.Country), export.TextCell(strings.Join(s.Products, ", ")), export.TextCell(s.OSHubID)})
	}
	sups := export.Table{Title: T(lang, "Suppliers"), Columns: []export.Column{col(T(lang, "Supplier"), export.Text), col(T(lang, "Exposed sites"), export.Integer),
		col(T(lang, "Contracts"), export.Integer)}}
	for _, s := range e.Suppliers {
		sups.Rows = append(sups.Rows, []export.Cell{export.TextCell(s.Name), export.IntCell(int64(s.Sites)), export.IntCell(int64(s.Contracts))})
	}
	cons := export.Table{Title: T(lang, "Contracts"), Columns: []export.Column{col(T(lang, "Region"), export.Text), col(T(lang, "Supplier"), export.Text),
		col(T(lang, "Category"), export.Text), col(T(lang, "Reference"), export.Text), col(T(lang, "Start"), export.Date), col(T(lang, "End"), export.Date)}}
	for _, c := range e.Contracts {
		cat := c.CategorySV
		if lang == tillit.English {
			cat = c.CategoryEN
		}
		cons.Rows = append(cons.Rows, []export.Cell{export.TextCell(c.Region), export.TextCell(c.Supplier), export.TextCell(cat),
			export.TextCell(c.Reference), export.DateCell(c.Start), export.DateCell(c.End)})
	}
	cats := export.Table{Title: T(lang, "Categories"), Columns: []export.Column{col(T(lang, "Category"), export.Text), col(T(lang, "Suppliers"), export.Integer),
		col(T(lang, "Contracts"), export.Integer)}}
	for _, c := range e.Categories {
		cats.Rows = append(cats.Rows, []export.Cell{export.TextCell(c.Name(string(lang))), export.IntCell(int64(c.Suppliers)), export.IntCell(int64(c.Contracts))})
	}
	regs := export.Table{Title: T(lang, "Regions"), Columns: []export.Column{col(T(lang, "Region"), export.Text), col(T(lang, "County code"), export.Text),
		col(T(lang, "Suppliers"), export.Integer), col(T(lang, "Contracts"), export.Integer)}}
	for _, rg := range e.Regions {
		regs.Rows = append(regs.Rows, []export.Cell{export.TextCell(rg.Name), export.TextCell(rg.CountyCode), export.IntCell(int64(rg.Suppliers)),
			export.IntCell(int64(rg.Contracts))})
	}
	return []export.Table{sites, sups, cons, cats, regs}
}
