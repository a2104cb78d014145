package ui

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The forms of the supplier register: a new supplier, its profile, and on
// the supplier page a contract and a production site. Bad input shows the
// form again with status 400, every problem next to its field and what
// was typed kept.

// maxContacts bounds the contact rows one form may send.
const maxContacts = 50

// supplierInput is what the supplier form sent, kept as typed so that
// nothing is lost when it comes back with problems.
type supplierInput struct {
	Name        string
	Country     string
	OrgNumber   string
	FormerNames string // one per line
	ParentOrgID int64
	Contacts    []tillit.Contact
}

// contactRow is one row of the contacts in the form, with its problems.
type contactRow struct {
	tillit.Contact
	Index                                int
	NameErr, EmailErr, PhoneErr, RoleErr string
}

type supplierFormPage struct {
	Page
	New        bool
	S          *tillit.Supplier // the supplier whose profile is edited
	In         supplierInput
	Parents    []listChoice
	Contacts   []contactRow
	FormerErrs []string
	OrgFields  []string // the organisation's fields, shown read-only when editing
	Problem    string
	Fields     map[string]string
}

// parseSupplierForm reads the supplier form. Contact rows left wholly
// empty are dropped: the form always offers one empty row to fill in.
func parseSupplierForm(r *http.Request) (supplierInput, tillit.Problems) {
	p := tillit.Problems{}
	in := supplierInput{
		Name:        strings.TrimSpace(r.PostFormValue("name")),
		Country:     strings.ToUpper(strings.TrimSpace(r.PostFormValue("country"))),
		OrgNumber:   strings.TrimSpace(r.PostFormValue("org_number")),
		FormerNames: strings.ReplaceAll(r.PostFormValue("former_names"), "\r\n", "\n"),
	}
	in.ParentOrgID = optionalFormID(r.PostFormValue("parent_org_id"), p, "parent_org_id")
	names, emails, phones, roles := r.PostForm["contact_name"], r.PostForm["contact_email"], r.PostForm["contact_phone"], r.PostForm["contact_role"]
	n := max(len(names), len(emails), len(phones), len(roles))
	at := func(vs []string, i int) string {
		if i < len(vs) {
			return strings.TrimSpace(vs[i])
		}
		return ""
	}
	for i := 0; i < n; i++ {
		c := tillit.Contact{Name: at(names, i), Email: at(emails, i), Phone: at(phones, i), Role: at(roles, i)}
		if c != (tillit.Contact{}) {
			in.Contacts = append(in.Contacts, c)
		}
	}
	if len(in.Contacts) > maxContacts {
		p.Add("contacts", "List at most %d contacts.", maxContacts)
		in.Contacts = in.Contacts[:maxContacts]
	}
	return in, p
}

func (in supplierInput) profile(orgID int64) tillit.SupplierProfile {
	return tillit.SupplierProfile{OrgID: orgID, FormerNames: textLines(in.FormerNames), ParentOrgID: in.ParentOrgID, Contacts: in.Contacts}
}

// renderSupplierForm shows the form for a new supplier (s nil) or for the
// profile of s, with the problems of fail.
func (u *UI) renderSupplierForm(w http.ResponseWriter, r *http.Request, status int, s *tillit.Supplier, in supplierInput, fail error) {
	ctx := r.Context()
	p := supplierFormPage{New: s == nil, S: s, In: in, Fields: map[string]string{}, OrgFields: []string{"name", "country", "org_number"}}
	if s == nil {
		p.Page = u.page(r, "New supplier")
	} else {
		p.Page = u.page(r, "Edit the supplier profile")
	}
	if fail != nil {
		p.Problem, p.Fields = tillit.ErrorMessage(fail).In(translator(p.Lang)), fieldTexts(p.Lang, fail)
	}
	p.FormerErrs = listErrors(p.Fields, "former_names")
	for i, c := range in.Contacts {
		prefix := "contacts[" + strconv.Itoa(i) + "]."
		p.Contacts = append(p.Contacts, contactRow{Contact: c, Index: i, NameErr: p.Fields[prefix+"name"],
			EmailErr: p.Fields[prefix+"email"], PhoneErr: p.Fields[prefix+"phone"], RoleErr: p.Fields[prefix+"role"]})
	}
	// An empty row to add one more contact without JavaScript.
	p.Contacts = append(p.Contacts, contactRow{Index: len(in.Contacts)})
	// Every supplier but this one may be the parent company.
	var f sqldb.SupplierFilter
	for {
		f.Limit = 500
		page, err := u.DB.FindSuppliers(ctx, tillit.ScopeOf(web.Actor(ctx)), f)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		for _, row := range page {
			if s != nil && row.ID == s.ID {
				continue
			}
			p.Parents = append(p.Parents, listChoice{ID: row.ID, Name: row.Name, Selected: row.ID == in.ParentOrgID})
		}
		if len(page) < f.Limit {
			break
		}
		f.AfterName, f.AfterID = page[len(page)-1].Name, page[len(page)-1].ID
	}
	u.render(w, r, status, "suppliers/form", p)
}

// checkParent refuses a parent company that is not a supplier in the
// register: the database would refuse an unknown id less politely.
func (u *UI) checkParent(ctx context.Context, id int64) error {
	if id == 0 {
		return nil
	}
	o, err := u.DB.FindOrganisationByID(ctx, id)
	if tillit.ErrorCode(err) == tillit.ENOTFOUND || err == nil && o.Kind != tillit.OrgSupplier {
		return oneFieldError("parent_org_id", tillit.Msg("Choose the parent company from the list, or leave it empty."))
	}
	return err
}

// NewSupplier serves GET /suppliers/new.
func (u *UI) NewSupplier() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.renderSupplierForm(w, r, http.StatusOK, nil, supplierInput{}, nil)
	})
}

// CreateSupplier serves POST /suppliers.
func (u *UI) CreateSupplier() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		in, p := parseSupplierForm(r)
		if len(p) > 0 {
			u.renderSupplierForm(w, r, http.StatusBadRequest, nil, in, formProblems(p))
			return
		}
		if err := u.checkParent(ctx, in.ParentOrgID); err != nil {
			u.supplierFormError(w, r, nil, in, err)
			return
		}
		s := &tillit.Supplier{
			Organisation:    tillit.Organisation{Kind: tillit.OrgSupplier, Name: in.Name, Country: in.Country, OrgNumber: in.OrgNumber},
			SupplierProfile: in.profile(0),
		}
		err := u.DB.CreateSupplier(ctx, web.Actor(ctx), s)
		if tillit.ErrorCode(err) == tillit.ECONFLICT {
			// The store's sentence covers every kind of organisation;
			// here it is a supplier's name that is taken.
			m := tillit.Msg("A supplier named %s already exists. Find it in the list of suppliers, or enter another name.", in.Name)
			err = &tillit.Error{Code: tillit.ECONFLICT, Msg: m, Fields: map[string]tillit.Message{"name": m}}
		}
		if err != nil {
			u.supplierFormError(w, r, nil, in, err)
			return
		}
		u.redirect(w, r, "/suppliers/"+strconv.FormatInt(s.ID, 10), "The supplier is added.")
	})
}

// supplierFormError shows the form again for bad input and conflicts, or
// the error page for anything else.
func (u *UI) supplierFormError(w http.ResponseWriter, r *http.Request, s *tillit.Supplier, in supplierInput, err error) {
	code := tillit.ErrorCode(err)
	if code != tillit.EINVALID && code != tillit.ECONFLICT {
		u.Error(w, r, err)
		return
	}
	u.renderSupplierForm(w, r, web.StatusOf(code), s, in, err)
}

// EditSupplier serves GET /suppliers/{id}/edit: the profile form.
func (u *UI) EditSupplier() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := u.readSupplier(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		in := supplierInput{Name: s.Name, Country: s.Country, OrgNumber: s.OrgNumber,
			FormerNames: strings.Join(s.FormerNames, "\n"), ParentOrgID: s.ParentOrgID, Contacts: s.Contacts}
		u.renderSupplierForm(w, r, http.StatusOK, s, in, nil)
	})
}

// UpdateSupplier serves POST /suppliers/{id}/edit: former names, parent
// company and contacts. The name, country and organisation number belong
// to the organisation and are not changed here.
func (u *UI) UpdateSupplier() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		s, err := u.readSupplier(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if !tillit.Can(web.Actor(ctx), tillit.ActManageSuppliers, tillit.Resource{OrgID: s.ID}) {
			u.Error(w, r, errMayNotManageSuppliers())
			return
		}
		in, p := parseSupplierForm(r)
		in.Name, in.Country, in.OrgNumber = s.Name, s.Country, s.OrgNumber
		if len(p) > 0 {
			u.renderSupplierForm(w, r, http.StatusBadRequest, s, in, formProblems(p))
			return
		}
		if err := u.checkParent(ctx, in.ParentOrgID); err != nil {
			u.supplierFormError(w, r, s, in, err)
			return
		}
		sp := in.profile(s.ID)
		if err := u.DB.UpdateSupplierProfile(ctx, web.Actor(ctx), &sp); err != nil {
			u.supplierFormError(w, r, s, in, err)
			return
		}
		u.redirect(w, r, "/suppliers/"+strconv.FormatInt(s.ID, 10), "The changes are saved.")
	})
}

func errMayNotManageSuppliers() error {
	return tillit.Errorf(tillit.EFORBIDDEN, "Only the national office can add suppliers and change their profiles.")
}

// supplierPageError shows the supplier page again with the form key's
// problems (bad input, conflicts), or the error page for anything else.
func (u *UI) supplierPageError(w http.ResponseWriter, r *http.Request, s *tillit.Supplier, key string, err error) {
	code := tillit.ErrorCode(err)
	if code != tillit.EINVALID && code != tillit.ECONFLICT {
		u.Error(w, r, err)
		return
	}
	lang := web.Lang(r.Context())
	form := supplierForms{Key: key, Values: r.PostForm, Fields: fieldTexts(lang, err), Problem: tillit.ErrorMessage(err).In(translator(lang))}
	u.renderSupplier(w, r, web.StatusOf(code), s, form)
}

// AddContract serves POST /suppliers/{id}/contracts. The policy is asked
// with the region the form names: the office adds contracts for any
// region, a region's staff and coordinators for their own.
func (u *UI) AddContract() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		s, err := u.readSupplier(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := tillit.Problems{}
		regionID := requiredFormID(r.PostFormValue("region_id"), p, "region_id", tillit.Msg("Choose the region that holds the contract."))
		if regionID != 0 && !tillit.Can(actor, tillit.ActManageContracts, tillit.Resource{RegionID: regionID}) {
			u.Error(w, r, tillit.Errorf(tillit.EFORBIDDEN, "You can add contracts only for your own region. Ask the national office or the region's staff."))
			return
		}
		c := &tillit.Contract{
			RegionID:   regionID,
			SupplierID: s.ID,
			CategoryID: requiredFormID(r.PostFormValue("category_id"), p, "category_id", tillit.Msg("Choose the procurement category.")),
			Reference:  strings.TrimSpace(r.PostFormValue("reference")),
			OCID:       strings.TrimSpace(r.PostFormValue("ocid")),
			Start:      optionalFormDate(r.PostFormValue("start"), p, "start"),
			End:        optionalFormDate(r.PostFormValue("end"), p, "end"),
		}
		if len(p) > 0 {
			p.Merge(c.Validate())
			u.supplierPageError(w, r, s, "contract", formProblems(p))
			return
		}
		if err := u.DB.CreateContract(ctx, actor, c); err != nil {
			u.supplierPageError(w, r, s, "contract", err)
			return
		}
		u.redirect(w, r, "/suppliers/"+strconv.FormatInt(s.ID, 10)+"#contracts", "The contract is added.")
	})
}

// AddSite serves POST /suppliers/{id}/sites: the office, or the supplier's
// own staff, add a production site.
func (u *UI) AddSite() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		s, err := u.readSupplier(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if !tillit.Can(actor, tillit.ActManageSites, tillit.Resource{SupplierID: s.ID}) {
			u.Error(w, r, tillit.Errorf(tillit.EFORBIDDEN, "Only the supplier's own staff and the national office can add its production sites."))
			return
		}
		site := &tillit.ProductionSite{
			SupplierID: s.ID,
			Name:       strings.TrimSpace(r.PostFormValue("name")),
			Address:    strings.TrimSpace(r.PostFormValue("address")),
			City:       strings.TrimSpace(r.PostFormValue("city")),
			Country:    strings.ToUpper(strings.TrimSpace(r.PostFormValue("country"))),
			OSHubID:    strings.TrimSpace(r.PostFormValue("os_hub_id")),
			Products:   textLines(r.PostFormValue("products")),
		}
		if err := u.DB.CreateSite(ctx, actor, site); err != nil {
			u.supplierPageError(w, r, s, "site", err)
			return
		}
		u.redirect(w, r, "/suppliers/"+strconv.FormatInt(s.ID, 10)+"#sites", "The production site is added.")
	})
}
