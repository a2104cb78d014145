package ui

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

// Opening a follow-up, and the forms of every change on its page.

type listChoice struct {
	ID       int64
	Name     string
	Selected bool
}

type newFollowUpPage struct {
	Page
	Suppliers  []listChoice
	Categories []listChoice
	Regions    []listChoice
	// Chosen: a category has been chosen, so the responsible regions are
	// filled in and the whole form is shown.
	Chosen  bool
	Codes   string
	Problem string
	Fields  map[string]string
}

// newFollowUpForm is what the form sent, kept typed so nothing is lost
// when it comes back with problems.
type newFollowUpForm struct {
	SupplierID int64
	CategoryID int64
	RegionIDs  []int64
	Codes      string
	chosen     bool // regions were sent (the second step)
}

// responsibleToday returns the regions responsible for the category today,
// never nil: Can reads a nil list as "any region".
func responsibleToday(c *tillit.Category, today time.Time) []int64 {
	ids := []int64{}
	for _, r := range c.ResponsibleOn(today) {
		ids = append(ids, r.RegionID)
	}
	return ids
}

// NewFollowUp serves GET /followups/new: first the supplier and the
// category, then (?category=) the whole form with the category's
// responsible regions filled in. It works without JavaScript.
func (u *UI) NewFollowUp() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		in := newFollowUpForm{}
		problems := tillit.Problems{}
		in.SupplierID = optionalFormID(q.Get("supplier"), problems, "supplier_id")
		in.CategoryID = optionalFormID(q.Get("category"), problems, "category_id")
		if len(problems) > 0 {
			u.Error(w, r, problems.Err())
			return
		}
		u.renderNewFollowUp(w, r, http.StatusOK, in, nil)
	})
}

func (u *UI) renderNewFollowUp(w http.ResponseWriter, r *http.Request, status int, in newFollowUpForm, fail error) {
	ctx := r.Context()
	actor := web.Actor(ctx)
	p := newFollowUpPage{Page: u.page(r, "Open a follow-up"), Codes: in.Codes}
	if fail != nil {
		p.Problem, p.Fields = tillit.ErrorMessage(fail).In(translator(p.Lang)), fieldTexts(p.Lang, fail)
	}
	cats, err := u.DB.FindCategories(ctx)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	today := tillit.DateOf(u.changeTime())
	var chosen *tillit.Category
	for i := range cats {
		c := &cats[i]
		// Only the categories the reader may open follow-ups in.
		if !tillit.Can(actor, tillit.ActOpenFollowUp, tillit.Resource{ResponsibleRegionIDs: responsibleToday(c, today)}) {
			continue
		}
		p.Categories = append(p.Categories, listChoice{ID: c.ID, Name: c.Name(string(p.Lang)), Selected: c.ID == in.CategoryID})
		if c.ID == in.CategoryID {
			chosen = c
		}
	}
	if chosen != nil {
		p.Chosen = true
		regionIDs := in.RegionIDs
		if !in.chosen {
			regionIDs = responsibleToday(chosen, today)
		}
		regions, err := u.DB.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		for _, o := range regions {
			p.Regions = append(p.Regions, listChoice{ID: o.ID, Name: o.Name, Selected: idIn(regionIDs, o.ID)})
		}
	}
	// Every supplier, a page of the list at a time.
	var after sqldb.SupplierFilter
	for {
		page, err := u.DB.FindSuppliers(ctx, tillit.ScopeOf(actor), sqldb.SupplierFilter{AfterName: after.AfterName, AfterID: after.AfterID, Limit: 500})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		for _, s := range page {
			p.Suppliers = append(p.Suppliers, listChoice{ID: s.ID, Name: s.Name, Selected: s.ID == in.SupplierID})
		}
		if len(page) < 500 {
			break
		}
		after.AfterName, after.AfterID = page[len(page)-1].Name, page[len(page)-1].ID
	}
	u.render(w, r, status, "followups/new", p)
}

func idIn(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// OpenFollowUp serves POST /followups. The policy is asked with the
// regions responsible for the chosen category today, whatever regions the
// form names: a coordinator opens follow-ups in the categories their
// region is responsible for.
func (u *UI) OpenFollowUp() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		in := newFollowUpForm{Codes: r.PostFormValue("requirement_codes"), chosen: true}
		p := tillit.Problems{}
		in.SupplierID = requiredFormID(r.PostFormValue("supplier_id"), p, "supplier_id", tillit.Msg("Choose the supplier to follow up."))
		in.CategoryID = requiredFormID(r.PostFormValue("category_id"), p, "category_id", tillit.Msg("Choose the procurement category."))
		for _, s := range r.PostForm["responsible_region_ids"] {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				p.Add("responsible_region_ids", "Choose the responsible regions from the list.")
				continue
			}
			in.RegionIDs = append(in.RegionIDs, id)
		}
		if len(p) > 0 {
			u.renderNewFollowUp(w, r, http.StatusBadRequest, in, p.Err())
			return
		}
		cats, err := u.DB.FindCategories(ctx)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		var cat *tillit.Category
		for i := range cats {
			if cats[i].ID == in.CategoryID {
				cat = &cats[i]
			}
		}
		if cat == nil {
			p.Add("category_id", "Choose the procurement category.")
			u.renderNewFollowUp(w, r, http.StatusBadRequest, in, p.Err())
			return
		}
		if !tillit.Can(actor, tillit.ActOpenFollowUp, tillit.Resource{ResponsibleRegionIDs: responsibleToday(cat, tillit.DateOf(u.changeTime()))}) {
			u.Error(w, r, tillit.Errorf(tillit.EFORBIDDEN, "Only the national office and the coordinators of the regions responsible for the category can open a follow-up in it."))
			return
		}
		f, err := u.DB.OpenFollowUp(ctx, actor, tillit.FollowUpInput{SupplierID: in.SupplierID, CategoryID: in.CategoryID,
			ResponsibleRegionIDs: in.RegionIDs, RequirementCodes: textLines(in.Codes)})
		if code := tillit.ErrorCode(err); code == tillit.EINVALID || code == tillit.ECONFLICT {
			u.renderNewFollowUp(w, r, web.StatusOf(code), in, err)
			return
		} else if err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/followups/"+strconv.FormatInt(f.ID, 10), "The follow-up is opened.")
	})
}

// textLines splits a text area into its non-empty lines, trimmed.
func textLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// requiredFormID reads a positive id, adding msg for field when it is missing
// or not a number.
func requiredFormID(s string, p tillit.Problems, field string, msg tillit.Message) int64 {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		p.Add(field, msg.Format, msg.Args...)
		return 0
	}
	return id
}

// optionalFormID reads an id that may be empty (0).
func optionalFormID(s string, p tillit.Problems, field string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		p.Add(field, "Choose from the list.")
		return 0
	}
	return id
}

// optionalFormDate reads a date written YYYY-MM-DD (what a date field sends),
// or the zero time when empty.
func optionalFormDate(s string, p tillit.Problems, field string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		p.Add(field, "Write the date as YYYY-MM-DD, for example 2022-06-30.")
		return time.Time{}
	}
	return t
}

// followUpStep is one domain change.
type followUpStep func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error)

// followUpChange describes one change made from a form on the detail page.
type followUpChange struct {
	// form names the form on the page, for showing it again with its
	// problems.
	form func(r *http.Request) string
	// anchor is the part of the page to return to after the change; nil
	// means the form's own.
	anchor func(r *http.Request) string
	// may says whether the actor may make the change to the follow-up.
	may func(m followUpRights, r *http.Request) bool
	// parse reads the form; bad values go into p, and the step applies
	// the values to the follow-up.
	parse func(ctx context.Context, r *http.Request, f *tillit.FollowUp, p tillit.Problems) (followUpStep, error)
	flash tillit.Message
}

// changeFollowUp runs a change: the follow-up is read within the actor's
// scope (404 outside it), the policy is asked with the follow-up as the
// resource (403), the form is read (400 with the problems next to the
// fields), and the store applies the step to the locked follow-up after
// asking the policy again. A refusal from the domain shows the page again
// with the sentence that says why (400 or 409).
func (u *UI) changeFollowUp(c followUpChange) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		id, err := pathID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f, err := u.DB.FindFollowUp(ctx, tillit.ScopeOf(actor), id)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if !c.may(followUpRights{actor: actor, f: f}, r) {
			u.Error(w, r, errMayNotChange())
			return
		}
		key := c.form(r)
		again := func(err error) {
			lang := web.Lang(ctx)
			form := followUpForm{Key: key, Values: r.PostForm, Fields: fieldTexts(lang, err), Problem: tillit.ErrorMessage(err).In(translator(lang))}
			// Show the page as it is now, not as it was before the change
			// was tried.
			if now, ferr := u.DB.FindFollowUp(ctx, tillit.ScopeOf(actor), id); ferr == nil {
				f = now
			}
			u.renderFollowUp(w, r, web.StatusOf(tillit.ErrorCode(err)), f, form)
		}
		p := tillit.Problems{}
		apply, err := c.parse(ctx, r, f, p)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if len(p) > 0 {
			again(formProblems(p))
			return
		}
		at := u.changeTime()
		_, _, err = u.DB.ChangeFollowUp(ctx, actor, id, func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			if !c.may(followUpRights{actor: actor, f: f}, r) {
				return tillit.FollowUpEvent{}, errMayNotChange()
			}
			return apply(f, actor, at)
		})
		switch tillit.ErrorCode(err) {
		case "":
			anchor := key
			if c.anchor != nil {
				anchor = c.anchor(r)
			}
			u.redirect(w, r, "/followups/"+strconv.FormatInt(id, 10)+"#"+anchor, c.flash.Format)
		case tillit.EINVALID, tillit.ECONFLICT:
			again(err)
		default:
			u.Error(w, r, err)
		}
	})
}

// formProblems is Problems.Err, except that a single problem is also the
// message, as the domain does it, so it is said even where the form is not
// shown.
func formProblems(p tillit.Problems) error {
	if len(p) == 1 {
		for field, m := range p {
			return oneFieldError(field, m)
		}
	}
	return p.Err()
}

func errMayNotChange() error {
	return tillit.Errorf(tillit.EFORBIDDEN, "You may not make this change to this follow-up. Ask the national office or a coordinator of a responsible region.")
}

// pathNum reads the path wildcard name as a number, 0 when it is not one; the
// domain then answers that there is no such audit, deviation or action.
func pathNum(r *http.Request, name string) int64 {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func formKey(prefix, wildcard string) func(r *http.Request) string {
	return func(r *http.Request) string { return prefix + strconv.FormatInt(pathNum(r, wildcard), 10) }
}

func fixedFormKey(k string) func(*http.Request) string {
	return func(*http.Request) string { return k }
}

func mayChange(m followUpRights, _ *http.Request) bool  { return m.change() }
func mayRespond(m followUpRights, _ *http.Request) bool { return m.respond() }
func mayEditAudit(m followUpRights, r *http.Request) bool {
	return m.editAudit(pathNum(r, "audit"))
}

// SendSelfAssessment serves POST /followups/{id}/self-assessments.
func (u *UI) SendSelfAssessment() http.Handler {
	return u.changeFollowUp(followUpChange{form: fixedFormKey("send-sa"), anchor: fixedFormKey("self-assessments"),
		may: mayChange, flash: tillit.Msg("The self-assessment is recorded as sent."),
		parse: func(_ context.Context, r *http.Request, _ *tillit.FollowUp, p tillit.Problems) (followUpStep, error) {
			due := optionalFormDate(r.PostFormValue("due_on"), p, "due_on")
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.SendSelfAssessment(by, at, due)
			}, nil
		}})
}

// SubmitSelfAssessment serves POST /followups/{id}/self-assessments/{sa}/submit.
func (u *UI) SubmitSelfAssessment() http.Handler {
	return u.changeFollowUp(followUpChange{form: formKey("submit-sa-", "sa"), anchor: formKey("self-assessment-", "sa"),
		may: mayRespond, flash: tillit.Msg("The self-assessment is recorded as submitted."),
		parse: func(ctx context.Context, r *http.Request, f *tillit.FollowUp, _ tillit.Problems) (followUpStep, error) {
			sa := pathNum(r, "sa")
			if err := u.notQuestionnaire(ctx, f, sa); err != nil {
				return nil, err
			}
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.SubmitSelfAssessment(by, at, sa)
			}, nil
		}})
}

// ReviewSelfAssessment serves POST /followups/{id}/self-assessments/{sa}/review.
func (u *UI) ReviewSelfAssessment() http.Handler {
	return u.changeFollowUp(followUpChange{form: formKey("review-sa-", "sa"), anchor: formKey("self-assessment-", "sa"),
		may: mayChange, flash: tillit.Msg("The review is saved."),
		parse: func(ctx context.Context, r *http.Request, f *tillit.FollowUp, p tillit.Problems) (followUpStep, error) {
			sa := pathNum(r, "sa")
			if err := u.notQuestionnaire(ctx, f, sa); err != nil {
				return nil, err
			}
			verdict := tillit.Verdict(r.PostFormValue("verdict"))
			rec := tillit.Recommendation(r.PostFormValue("recommendation"))
			if !verdict.Valid() {
				p.Add("verdict", "Choose approved or deficient.")
			}
			note := r.PostFormValue("note")
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.ReviewSelfAssessment(by, at, sa, verdict, rec, note)
			}, nil
		}})
}

// notQuestionnaire refuses to record the submission or review of a
// self-assessment sent as a questionnaire: that happens with its answers,
// in the portal and on its review page.
func (u *UI) notQuestionnaire(ctx context.Context, f *tillit.FollowUp, saID int64) error {
	reqs, err := u.DB.FindRequests(ctx, tillit.Scope{All: true}, sqldb.RequestFilter{FollowUpID: f.ID})
	if err != nil {
		return err
	}
	for _, r := range reqs {
		if r.SelfAssessmentID == saID {
			return tillit.Errorf(tillit.ECONFLICT, "Self-assessment %d was sent as a questionnaire. The supplier submits it in the portal, and the national office reviews it answer by answer.", saID)
		}
	}
	return nil
}

// PlanAudit serves POST /followups/{id}/audits. Beyond the domain's rules,
// the organisation must be one that audits, the auditor an auditor, and
// the site the supplier's own.
func (u *UI) PlanAudit() http.Handler {
	return u.changeFollowUp(followUpChange{form: fixedFormKey("plan-audit"), anchor: fixedFormKey("audits"),
		may: mayChange, flash: tillit.Msg("The audit is planned."),
		parse: func(ctx context.Context, r *http.Request, fu *tillit.FollowUp, p tillit.Problems) (followUpStep, error) {
			in := tillit.AuditPlan{
				Kind:        tillit.AuditKind(r.PostFormValue("kind")),
				PlannedFor:  optionalFormDate(r.PostFormValue("planned_for"), p, "planned_for"),
				AuditorName: r.PostFormValue("auditor_name"),
			}
			if !in.Kind.Valid() {
				p.Add("kind", "Choose the kind of audit: office audit, site audit, re-audit or desk review.")
			}
			in.AuditorOrgID = requiredFormID(r.PostFormValue("auditor_org_id"), p, "auditor_org_id",
				tillit.Msg("Choose the organisation that performs the audit: a region, the national office or an audit firm."))
			in.AuditorUserID = optionalFormID(r.PostFormValue("auditor_user_id"), p, "auditor_user_id")
			in.SiteID = optionalFormID(r.PostFormValue("site_id"), p, "site_id")
			if err := u.checkAuditPlan(ctx, fu, in, p); err != nil {
				return nil, err
			}
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.PlanAudit(by, at, in)
			}, nil
		}})
}

// checkAuditPlan checks what the domain leaves to the store: that the
// organisation and the auditor exist and fit, and that the site is the
// supplier's.
func (u *UI) checkAuditPlan(ctx context.Context, fu *tillit.FollowUp, in tillit.AuditPlan, p tillit.Problems) error {
	if in.AuditorOrgID > 0 {
		o, err := u.DB.FindOrganisationByID(ctx, in.AuditorOrgID)
		switch {
		case tillit.ErrorCode(err) == tillit.ENOTFOUND:
			p.Add("auditor_org_id", "Choose the organisation that performs the audit: a region, the national office or an audit firm.")
		case err != nil:
			return err
		case o.Kind != tillit.OrgRegion && o.Kind != tillit.OrgNationalOffice && o.Kind != tillit.OrgAuditFirm:
			p.Add("auditor_org_id", "Choose the organisation that performs the audit: a region, the national office or an audit firm.")
		}
	}
	if in.AuditorUserID > 0 {
		usr, err := u.DB.FindUserByID(ctx, in.AuditorUserID)
		switch {
		case tillit.ErrorCode(err) == tillit.ENOTFOUND:
			p.Add("auditor_user_id", "Choose the auditor from the list, or leave it empty.")
		case err != nil:
			return err
		case usr.Disabled || !hasRole(usr.Memberships, tillit.RoleAuditor):
			p.Add("auditor_user_id", "Choose the auditor from the list, or leave it empty.")
		case in.AuditorOrgID > 0 && !auditsFor(usr.Memberships, in.AuditorOrgID):
			// As the API: the auditor must work for the organisation that
			// performs the audit.
			p.Add("auditor_user_id", "Choose an auditor who works for the organisation that performs the audit.")
		}
	}
	if in.SiteID > 0 {
		sites, err := u.DB.FindSites(ctx, tillit.Scope{All: true}, fu.SupplierID)
		if err != nil {
			return err
		}
		found := false
		for _, s := range sites {
			found = found || s.ID == in.SiteID
		}
		if !found {
			p.Add("site_id", "Choose one of the supplier's production sites.")
		}
	}
	return nil
}

// PerformAudit serves POST /followups/{id}/audits/{audit}/perform; the
// report, optional, is one of the follow-up's attachments.
func (u *UI) PerformAudit() http.Handler {
	return u.changeFollowUp(followUpChange{form: formKey("perform-", "audit"), anchor: formKey("audit-", "audit"),
		may:   mayEditAudit,
		flash: tillit.Msg("The audit is recorded as performed."),
		parse: func(ctx context.Context, r *http.Request, fu *tillit.FollowUp, p tillit.Problems) (followUpStep, error) {
			audit := pathNum(r, "audit")
			on := optionalFormDate(r.PostFormValue("performed_on"), p, "performed_on")
			findings := r.PostFormValue("findings")
			report, err := u.attachedRefs(ctx, fu, r.PostForm["report"], "report", p)
			if err != nil {
				return nil, err
			}
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.PerformAudit(by, at, audit, on, firstRef(report), findings)
			}, nil
		}})
}

// AttachAuditReport serves POST /followups/{id}/audits/{audit}/report.
func (u *UI) AttachAuditReport() http.Handler {
	return u.changeFollowUp(followUpChange{form: formKey("report-", "audit"), anchor: formKey("audit-", "audit"),
		may:   mayEditAudit,
		flash: tillit.Msg("The report is attached."),
		parse: func(ctx context.Context, r *http.Request, fu *tillit.FollowUp, p tillit.Problems) (followUpStep, error) {
			audit := pathNum(r, "audit")
			report, err := u.attachedRefs(ctx, fu, r.PostForm["report"], "report", p)
			if err != nil {
				return nil, err
			}
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.AttachAuditReport(by, at, audit, firstRef(report))
			}, nil
		}})
}

// CancelAudit serves POST /followups/{id}/audits/{audit}/cancel.
func (u *UI) CancelAudit() http.Handler {
	return u.changeFollowUp(followUpChange{form: formKey("cancel-", "audit"), anchor: formKey("audit-", "audit"),
		may: mayChange, flash: tillit.Msg("The audit is cancelled."),
		parse: func(_ context.Context, r *http.Request, _ *tillit.FollowUp, _ tillit.Problems) (followUpStep, error) {
			audit, reason := pathNum(r, "audit"), r.PostFormValue("reason")
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.CancelAudit(by, at, audit, reason)
			}, nil
		}})
}

// RecordDeviation serves POST /followups/{id}/audits/{audit}/deviations,
// with evidence chosen among the follow-up's attachments.
func (u *UI) RecordDeviation() http.Handler {
	return u.changeFollowUp(followUpChange{form: formKey("record-deviation-", "audit"), anchor: fixedFormKey("deviations"),
		may:   mayEditAudit,
		flash: tillit.Msg("The deviation is recorded."),
		parse: func(ctx context.Context, r *http.Request, fu *tillit.FollowUp, p tillit.Problems) (followUpStep, error) {
			audit := pathNum(r, "audit")
			in := tillit.DeviationInput{
				RequirementCode: r.PostFormValue("requirement_code"),
				Severity:        tillit.Severity(r.PostFormValue("severity")),
				Description:     r.PostFormValue("description"),
				PlanDueOn:       optionalFormDate(r.PostFormValue("plan_due_on"), p, "plan_due_on"),
			}
			var err error
			if in.Evidence, err = u.attachedRefs(ctx, fu, r.PostForm["evidence"], "evidence", p); err != nil {
				return nil, err
			}
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.RecordDeviation(by, at, audit, in)
			}, nil
		}})
}

// SubmitAction serves POST /followups/{id}/deviations/{deviation}/actions:
// the supplier's corrective action (or one the office records for it).
func (u *UI) SubmitAction() http.Handler {
	return u.changeFollowUp(followUpChange{form: formKey("submit-action-", "deviation"), anchor: formKey("deviation-", "deviation"),
		may: mayRespond, flash: tillit.Msg("The corrective action is submitted for review."),
		parse: func(_ context.Context, r *http.Request, _ *tillit.FollowUp, p tillit.Problems) (followUpStep, error) {
			dev := pathNum(r, "deviation")
			in := tillit.ActionInput{Description: r.PostFormValue("description"), Owner: r.PostFormValue("owner"),
				Deadline: optionalFormDate(r.PostFormValue("deadline"), p, "deadline")}
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.SubmitAction(by, at, dev, in)
			}, nil
		}})
}

// ApproveAction serves POST /followups/{id}/actions/{action}/approve.
func (u *UI) ApproveAction() http.Handler {
	return u.changeFollowUp(followUpChange{form: formKey("review-action-", "action"), anchor: formKey("action-", "action"),
		may: mayChange, flash: tillit.Msg("The corrective action is approved."),
		parse: func(_ context.Context, r *http.Request, _ *tillit.FollowUp, _ tillit.Problems) (followUpStep, error) {
			act, comment := pathNum(r, "action"), r.PostFormValue("comment")
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.ApproveAction(by, at, act, comment)
			}, nil
		}})
}

// ReturnAction serves POST /followups/{id}/actions/{action}/return.
func (u *UI) ReturnAction() http.Handler {
	return u.changeFollowUp(followUpChange{form: formKey("review-action-", "action"), anchor: formKey("action-", "action"),
		may: mayChange, flash: tillit.Msg("The corrective action is returned to the supplier."),
		parse: func(_ context.Context, r *http.Request, _ *tillit.FollowUp, _ tillit.Problems) (followUpStep, error) {
			act, comment := pathNum(r, "action"), r.PostFormValue("comment")
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.ReturnAction(by, at, act, comment)
			}, nil
		}})
}

// ReportProgress serves POST /followups/{id}/actions/{action}/progress,
// with evidence chosen among the follow-up's attachments.
func (u *UI) ReportProgress() http.Handler {
	return u.changeFollowUp(followUpChange{form: formKey("progress-", "action"), anchor: formKey("action-", "action"),
		may:   mayRespond,
		flash: tillit.Msg("The progress is reported."),
		parse: func(ctx context.Context, r *http.Request, fu *tillit.FollowUp, p tillit.Problems) (followUpStep, error) {
			act, text := pathNum(r, "action"), r.PostFormValue("text")
			evidence, err := u.attachedRefs(ctx, fu, r.PostForm["evidence"], "evidence", p)
			if err != nil {
				return nil, err
			}
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.ReportProgress(by, at, act, text, evidence)
			}, nil
		}})
}

// CloseDeviation serves POST /followups/{id}/deviations/{deviation}/close.
func (u *UI) CloseDeviation() http.Handler {
	return u.changeFollowUp(followUpChange{form: formKey("close-deviation-", "deviation"), anchor: formKey("deviation-", "deviation"),
		may: mayChange, flash: tillit.Msg("The deviation is closed."),
		parse: func(_ context.Context, r *http.Request, _ *tillit.FollowUp, p tillit.Problems) (followUpStep, error) {
			dev := pathNum(r, "deviation")
			audit := optionalFormID(r.PostFormValue("audit_id"), p, "audit_id")
			note := r.PostFormValue("note")
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.CloseDeviation(by, at, dev, audit, note)
			}, nil
		}})
}

// Escalate serves POST /followups/{id}/escalations. The form names what is
// escalated as "d3" (deviation 3), "s1" (self-assessment 1) or "" (the
// follow-up as a whole).
func (u *UI) Escalate() http.Handler {
	return u.changeFollowUp(followUpChange{form: fixedFormKey("escalate"), anchor: fixedFormKey("escalations"),
		may: mayChange, flash: tillit.Msg("The escalation is recorded."),
		parse: func(_ context.Context, r *http.Request, _ *tillit.FollowUp, p tillit.Problems) (followUpStep, error) {
			in := tillit.EscalationInput{Level: tillit.EscalationLevel(r.PostFormValue("level")), Note: r.PostFormValue("note")}
			if !in.Level.Valid() {
				p.Add("level", "Choose the level: reminder, warning or sanction recommendation.")
			}
			switch about := r.PostFormValue("about"); {
			case about == "":
			case strings.HasPrefix(about, "d"):
				in.DeviationID = optionalFormID(about[1:], p, "about")
			case strings.HasPrefix(about, "s"):
				in.SelfAssessmentID = optionalFormID(about[1:], p, "about")
			default:
				p.Add("about", "Choose from the list.")
			}
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.Escalate(by, at, in)
			}, nil
		}})
}

// CloseFollowUp serves POST /followups/{id}/close.
func (u *UI) CloseFollowUp() http.Handler {
	return u.changeFollowUp(followUpChange{form: fixedFormKey("close"), anchor: fixedFormKey("summary"),
		may: mayChange, flash: tillit.Msg("The follow-up is closed."),
		parse: func(_ context.Context, r *http.Request, _ *tillit.FollowUp, p tillit.Problems) (followUpStep, error) {
			reason, text := tillit.CloseReason(r.PostFormValue("reason")), r.PostFormValue("text")
			if !reason.Valid() {
				p.Add("reason", "Choose why the follow-up is closed: resolved, contracts expired, supplier ceased trading or other.")
			}
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.Close(by, at, reason, text)
			}, nil
		}})
}

// attachedRefs turns the attachments chosen in a field (by id) into the
// content hashes the follow-up keeps, accepting only attachments of this
// follow-up: a file is uploaded first, under Attachments, and then named
// as a report or as evidence.
func (u *UI) attachedRefs(ctx context.Context, fu *tillit.FollowUp, values []string, field string, p tillit.Problems) ([]string, error) {
	var ids []int64
	for _, v := range values {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			p.Add(field, "Choose the files among the follow-up's attachments.")
			return nil, nil
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	// The follow-up was read within the actor's scope, so its
	// attachments may be listed whole.
	atts, err := u.DB.FindAttachments(ctx, tillit.Scope{All: true}, fu.ID)
	if err != nil {
		return nil, err
	}
	var refs []string
	for _, id := range ids {
		found := false
		for _, a := range atts {
			if a.ID == id {
				found = true
				refs = append(refs, a.Hash)
			}
		}
		if !found {
			p.Add(field, "Choose the files among the follow-up's attachments.")
			return nil, nil
		}
	}
	return refs, nil
}

func firstRef(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// auditsFor reports whether the memberships hold the auditor role in org.
func auditsFor(ms []tillit.Membership, org int64) bool {
	for _, m := range ms {
		if m.Role == tillit.RoleAuditor && m.OrgID == org {
			return true
		}
	}
	return false
}
