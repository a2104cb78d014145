package ui

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/questionnaire"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
	"github.com/tillit-project/tillit/internal/yamlio"
)

// The national office's questionnaire pages: templates (list, import,
// view, export, publish), campaigns that send a published version to many
// suppliers, the list of requests, and the review of one request's
// answers with the verdict. The routes let the office only
// (ActManageQuestionnaires).

type templatesPage struct {
	Page
	questionnaireLabels
	Rows    []sqldb.TemplateRow
	YAML    string // what was pasted, kept when the import comes back
	Problem string
	Fields  []string // "where: what" for each problem of the import
}

// Templates serves GET /questionnaires.
func (u *UI) Templates() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.renderTemplates(w, r, http.StatusOK, "", nil)
	})
}

func (u *UI) renderTemplates(w http.ResponseWriter, r *http.Request, status int, pasted string, fail error) {
	p := templatesPage{Page: u.page(r, "Questionnaires"), YAML: pasted}
	p.questionnaireLabels = questionnaireLabels{p.Lang}
	if fail != nil {
		p.Problem = tillit.ErrorMessage(fail).In(translator(p.Lang))
		for k, v := range fieldTexts(p.Lang, fail) {
			p.Fields = append(p.Fields, k+": "+v)
		}
		sort.Strings(p.Fields)
	}
	var err error
	if p.Rows, err = u.DB.FindTemplates(r.Context()); err != nil {
		u.Error(w, r, err)
		return
	}
	u.render(w, r, status, "questionnaires/list", p)
}

// ImportTemplate serves POST /questionnaires: a YAML file uploaded, or
// pasted, becomes a draft version (or replaces the draft of its code).
func (u *UI) ImportTemplate() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := parseUpload(r); err != nil {
			u.renderTemplates(w, r, http.StatusBadRequest, "", err)
			return
		}
		pasted := r.PostFormValue("yaml")
		data := []byte(pasted)
		if r.MultipartForm != nil {
			if fhs := r.MultipartForm.File["file"]; len(fhs) > 0 && fhs[0].Size > 0 {
				f, err := fhs[0].Open()
				if err != nil {
					u.Error(w, r, err)
					return
				}
				data, err = io.ReadAll(io.LimitReader(f, yamlio.MaxBytes+1))
				f.Close()
				if err != nil {
					u.Error(w, r, err)
					return
				}
			}
		}
		if len(strings.TrimSpace(string(data))) == 0 {
			u.renderTemplates(w, r, http.StatusBadRequest, pasted, tillit.Errorf(tillit.EINVALID, "Choose a YAML file, or paste the template, to import."))
			return
		}
		t, err := questionnaire.Read(data)
		if err == nil {
			err = u.DB.SaveTemplate(r.Context(), web.Actor(r.Context()), t)
		}
		if code := tillit.ErrorCode(err); code == tillit.EINVALID || code == tillit.ECONFLICT {
			u.renderTemplates(w, r, web.StatusOf(code), string(data), err)
			return
		} else if err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/questionnaires/templates/"+strconv.FormatInt(t.ID, 10), "The questionnaire is imported as a draft. Check it, then publish it.")
	})
}

type templatePage struct {
	Page
	questionnaireLabels
	T         *tillit.Template
	Name      string
	Desc      string
	Sections  []sectionView
	Other     []sectionView // the texts in the other language, to check the translation
	OtherLang tillit.Lang
}

func (u *UI) readTemplate(r *http.Request) (*tillit.Template, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return u.DB.FindTemplate(r.Context(), id)
}

// ShowTemplate serves GET /questionnaires/templates/{id}: a version's questions with
// their types, conditions and requirements, in both languages.
func (u *UI) ShowTemplate() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t, err := u.readTemplate(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := templatePage{Page: u.page(r, "Questionnaire"), T: t}
		p.questionnaireLabels = questionnaireLabels{p.Lang}
		p.Name, p.Desc = t.Title.In(p.Lang), t.Description.In(p.Lang)
		p.Title = fmt.Sprintf(T(p.Lang, "%s, version %d"), p.Name, t.Version)
		p.OtherLang = tillit.English
		if p.Lang == tillit.English {
			p.OtherLang = tillit.Swedish
		}
		p.Sections = buildQuestions(t, questionsInput{lang: p.Lang, all: true})
		p.Other = buildQuestions(t, questionsInput{lang: p.OtherLang, all: true})
		u.render(w, r, http.StatusOK, "questionnaires/show", p)
	})
}

// OtherText is the text of the question with the key in the other
// language.
func (p templatePage) OtherText(key string) string {
	for _, s := range p.Other {
		for _, q := range s.Questions {
			if q.Key == key {
				return q.Text
			}
		}
	}
	return ""
}

// ExportTemplate serves GET /questionnaires/templates/{id}/export: the version as
// the YAML file that imports it again.
func (u *UI) ExportTemplate() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t, err := u.readTemplate(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		b, err := questionnaire.Write(t)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		writeYAML(w, fmt.Sprintf("%s-v%d.yaml", t.Code, t.Version), b)
	})
}

// writeYAML sends a YAML file as a download.
func writeYAML(w http.ResponseWriter, name string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/yaml; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.Write(b)
}

// PublishTemplate serves POST /questionnaires/templates/{id}/publish.
func (u *UI) PublishTemplate() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if _, err := u.DB.PublishTemplate(r.Context(), web.Actor(r.Context()), id); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/questionnaires/templates/"+strconv.FormatInt(id, 10), "The questionnaire is published. It can now be sent to suppliers.")
	})
}

// campaignForm is what the campaign form sent, as typed.
type campaignForm struct {
	CategoryID  int64
	Selection   string
	RegionIDs   []int64
	SupplierIDs []int64
	DueOn       string
	Reuse       bool
}

type campaignPage struct {
	Page
	questionnaireLabels
	T          *tillit.Template
	Name       string
	In         campaignForm
	Categories []listChoice
	Regions    []listChoice
	Suppliers  []listChoice
	Selections []valueChoice
	Problem    string
	Fields     map[string]string
	// After sending: what happened for each supplier.
	Sent     bool
	Outcomes []campaignOutcome
	Created  int
	Skipped  int
}

type campaignOutcome struct {
	sqldb.CampaignOutcome
	Text string
}

// CampaignForm serves GET /questionnaires/templates/{id}/send.
func (u *UI) CampaignForm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t, err := u.readTemplate(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		due := tillit.DateOf(u.changeTime()).AddDate(0, 0, 42)
		u.renderCampaign(w, r, http.StatusOK, t, campaignForm{Selection: string(tillit.SelectCategory), DueOn: due.Format(time.DateOnly), Reuse: true}, nil)
	})
}

func (u *UI) renderCampaign(w http.ResponseWriter, r *http.Request, status int, t *tillit.Template, in campaignForm, fail error) {
	ctx := r.Context()
	p := campaignPage{Page: u.page(r, "Send the questionnaire"), T: t, In: in}
	p.questionnaireLabels = questionnaireLabels{p.Lang}
	p.Name = t.Title.In(p.Lang)
	if fail != nil {
		p.Problem, p.Fields = tillit.ErrorMessage(fail).In(translator(p.Lang)), fieldTexts(p.Lang, fail)
	}
	p.Selections = valueChoices(in.Selection,
		string(tillit.SelectCategory), T(p.Lang, "Every supplier with a contract in force in the category"),
		string(tillit.SelectRegions), T(p.Lang, "The suppliers of the chosen regions' contracts in the category"),
		string(tillit.SelectByHand), T(p.Lang, "The suppliers chosen below"))
	var err error
	if p.Categories, err = u.categoryChoices(r, in.CategoryID); err != nil {
		u.Error(w, r, err)
		return
	}
	regions, err := u.DB.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
	if err != nil {
		u.Error(w, r, err)
		return
	}
	for _, o := range regions {
		p.Regions = append(p.Regions, listChoice{ID: o.ID, Name: o.Name, Selected: idIn(in.RegionIDs, o.ID)})
	}
	suppliers, err := u.DB.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgSupplier})
	if err != nil {
		u.Error(w, r, err)
		return
	}
	for _, o := range suppliers {
		p.Suppliers = append(p.Suppliers, listChoice{ID: o.ID, Name: o.Name, Selected: idIn(in.SupplierIDs, o.ID)})
	}
	u.render(w, r, status, "questionnaires/send", p)
}

// SendCampaign serves POST /questionnaires/templates/{id}/send: the requests are
// created at once, and the page says what happened for each supplier. The
// mails go out with the questionnaire mailer within a minute.
func (u *UI) SendCampaign() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		t, err := u.readTemplate(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		problems := tillit.Problems{}
		in := campaignForm{Selection: r.PostFormValue("selection"), DueOn: strings.TrimSpace(r.PostFormValue("due_on")), Reuse: boxChecked(r.PostFormValue("reuse"))}
		in.CategoryID = requiredFormID(r.PostFormValue("category_id"), problems, "category_id", tillit.Msg("Choose the procurement category whose follow-ups the self-assessments belong to."))
		in.RegionIDs = campaignIDs(r.PostForm["region_ids"], problems, "region_ids")
		in.SupplierIDs = campaignIDs(r.PostForm["supplier_ids"], problems, "supplier_ids")
		due := optionalFormDate(in.DueOn, problems, "due_on")
		if len(problems) > 0 {
			u.renderCampaign(w, r, http.StatusBadRequest, t, in, formProblems(problems))
			return
		}
		c := tillit.CampaignInput{TemplateID: t.ID, CategoryID: in.CategoryID, Selection: tillit.CampaignSelection(in.Selection),
			RegionIDs: in.RegionIDs, SupplierIDs: in.SupplierIDs, DueOn: due}
		_, outcomes, err := u.DB.CreateCampaign(ctx, web.Actor(ctx), c, in.Reuse)
		if code := tillit.ErrorCode(err); code == tillit.EINVALID || code == tillit.ECONFLICT {
			u.renderCampaign(w, r, web.StatusOf(code), t, in, err)
			return
		} else if err != nil {
			u.Error(w, r, err)
			return
		}
		p := campaignPage{Page: u.page(r, "The questionnaire is sent"), T: t, Sent: true}
		p.Name = t.Title.In(p.Lang)
		for _, o := range outcomes {
			co := campaignOutcome{CampaignOutcome: o}
			switch {
			case o.Skipped.Format != "":
				co.Text = o.Skipped.In(translator(p.Lang))
				p.Skipped++
			case !o.ReusedOn.IsZero():
				co.Text = fmt.Sprintf(T(p.Lang, "Reused the self-assessment approved on %s."), formatDate(inStockholm(o.ReusedOn)))
				p.Created++
			case o.Opened:
				co.Text = T(p.Lang, "Sent; a follow-up was opened for it.")
				p.Created++
			default:
				co.Text = T(p.Lang, "Sent, in the supplier's open follow-up.")
				p.Created++
			}
			p.Outcomes = append(p.Outcomes, co)
		}
		u.render(w, r, http.StatusOK, "questionnaires/send", p)
	})
}

// campaignIDs reads a list of positive ids.
func campaignIDs(vs []string, p tillit.Problems, field string) []int64 {
	var out []int64
	for _, s := range vs {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || id <= 0 {
			p.Add(field, "Choose from the list.")
			continue
		}
		out = append(out, id)
	}
	return out
}

type requestsPage struct {
	Page
	questionnaireLabels
	Rows      []sqldb.RequestRow
	Status    string
	Statuses  []valueChoice
	CanManage bool // the office: the link to the questionnaires
}

// Requests serves GET /questionnaires/requests: every request, soonest due
// first, filtered by status.
func (u *UI) Requests() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := requestsPage{Page: u.page(r, "Self-assessment requests")}
		p.questionnaireLabels = questionnaireLabels{p.Lang}
		p.CanManage = tillit.Can(web.Actor(r.Context()), tillit.ActManageQuestionnaires, tillit.Resource{})
		f := sqldb.RequestFilter{}
		problems := tillit.Problems{}
		p.Status = oneOfValues(r.URL.Query().Get("status"), "status", problems, "", "open", "submitted", "returned", "reviewed")
		if len(problems) > 0 {
			u.Error(w, r, problems.Err())
			return
		}
		f.Status = tillit.RequestStatus(p.Status)
		var pairs []string
		for _, s := range tillit.RequestStatuses {
			pairs = append(pairs, string(s), p.RequestStatusLabel(s))
		}
		p.Statuses = valueChoices(p.Status, append([]string{"", T(p.Lang, "All")}, pairs...)...)
		var err error
		if p.Rows, err = u.DB.FindRequests(r.Context(), tillit.Scope{All: true}, f); err != nil {
			u.Error(w, r, err)
			return
		}
		u.render(w, r, http.StatusOK, "questionnaires/requests", p)
	})
}

type reviewPage struct {
	Page
	questionnaireLabels
	R           *tillit.Request
	Name        string
	Supplier    string
	Sections    []sectionView
	NeedsChange int
	Reusable    bool
	FollowUps   []listChoice // the supplier's other open follow-ups, for reuse
	Reuses      []sqldb.Reuse
	AuditorOrgs []tillit.Organisation
	Sites       []tillit.ProductionSite
	Form        followUpForm
	Today       string
	Verdicts    []tillit.Verdict
	Recs        []tillit.Recommendation
	// CanReview shows the review, return, verdict and reuse forms: the
	// office's; the regions read the answers only.
	CanReview bool
}

// ShowReview serves GET /questionnaires/requests/{pid}: the answers, each
// with its review form, the return and the verdict.
func (u *UI) ShowReview() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.renderReview(w, r, http.StatusOK, followUpForm{})
	})
}

func (u *UI) renderReview(w http.ResponseWriter, r *http.Request, status int, form followUpForm) {
	ctx := r.Context()
	req, err := u.DB.FindRequest(ctx, tillit.Scope{All: true}, r.PathValue("pid"))
	if err != nil {
		u.Error(w, r, err)
		return
	}
	t, err := u.DB.FindTemplate(ctx, req.TemplateID)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	p := reviewPage{Page: u.page(r, "Review the self-assessment"), R: req, Form: form, Today: formatDate(u.changeTime()),
		Verdicts: tillit.Verdicts, Recs: tillit.Recommendations}
	p.questionnaireLabels = questionnaireLabels{p.Lang}
	p.CanReview = tillit.Can(web.Actor(ctx), tillit.ActManageQuestionnaires, tillit.Resource{})
	p.Name = t.Title.In(p.Lang)
	sup, err := u.DB.FindSupplier(ctx, tillit.Scope{All: true}, req.SupplierID)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	p.Supplier = sup.Name
	p.Title = fmt.Sprintf(T(p.Lang, "Self-assessment from %s"), sup.Name)
	files, err := u.attachmentNames(r, req.FollowUpID, func(a sqldb.Attachment) string { return "/attachments/" + strconv.FormatInt(a.ID, 10) })
	if err != nil {
		u.Error(w, r, err)
		return
	}
	p.Sections = buildQuestions(t, questionsInput{lang: p.Lang, answers: req.Answers, file: files, fields: form.Fields})
	p.NeedsChange = len(req.NeedsChange(t))
	p.Reusable = req.ReusableFor(req.SupplierID, u.DB.Now())
	if !p.CanReview {
		// The regions read; the choices below are for the office's forms.
		u.render(w, r, status, "questionnaires/review", p)
		return
	}
	if p.Reusable {
		rows, err := u.DB.FindFollowUps(ctx, tillit.Scope{All: true}, sqldb.FollowUpFilter{SupplierID: req.SupplierID, Status: tillit.FollowUpOpen, Limit: 100})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		for _, f := range rows {
			if f.ID != req.FollowUpID {
				p.FollowUps = append(p.FollowUps, listChoice{ID: f.ID, Name: fmt.Sprintf("%d – %s", f.ID, map[bool]string{true: f.CategoryEN, false: f.CategorySV}[p.Lang == tillit.English])})
			}
		}
	}
	// Only the organisations that audit (reading every organisation means
	// tens of thousands of suppliers at scale).
	for _, kind := range []tillit.OrgKind{tillit.OrgNationalOffice, tillit.OrgRegion, tillit.OrgAuditFirm} {
		orgs, err := u.DB.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: kind})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p.AuditorOrgs = append(p.AuditorOrgs, orgs...)
	}
	if p.Sites, err = u.DB.FindSites(ctx, tillit.Scope{All: true}, req.SupplierID); err != nil {
		u.Error(w, r, err)
		return
	}
	u.render(w, r, status, "questionnaires/review", p)
}

// attachmentNames returns how evidence files of the follow-up are shown,
// linked with href.
func (u *UI) attachmentNames(r *http.Request, followUpID int64, href func(sqldb.Attachment) string) (func(string) answerFile, error) {
	atts, err := u.DB.FindAttachments(r.Context(), tillit.Scope{All: true}, followUpID)
	if err != nil {
		return nil, err
	}
	byHash := map[string]sqldb.Attachment{}
	for _, a := range atts {
		if _, ok := byHash[a.Hash]; !ok {
			byHash[a.Hash] = a
		}
	}
	lang := web.Lang(r.Context())
	return func(h string) answerFile {
		if a, ok := byHash[h]; ok {
			return answerFile{Hash: h, Name: a.Name, Href: href(a)}
		}
		return answerFile{Hash: h, Name: T(lang, "A file that is no longer attached")}
	}, nil
}

// reviewChange runs one change from the review page: on a refusal the page
// comes back with the form's problems (400 or 409).
func (u *UI) reviewChange(key func(r *http.Request) string, flash tillit.Message, apply func(r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := apply(r)
		switch code := tillit.ErrorCode(err); code {
		case "":
			u.redirect(w, r, "/questionnaires/requests/"+r.PathValue("pid")+"#"+key(r), flash.Format)
		case tillit.EINVALID, tillit.ECONFLICT:
			lang := web.Lang(r.Context())
			fields := fieldTexts(lang, err)
			u.renderReview(w, r, web.StatusOf(code), followUpForm{Key: key(r), Values: r.PostForm, Fields: fields,
				Problem: tillit.ErrorMessage(err).In(translator(lang))})
		default:
			u.Error(w, r, err)
		}
	})
}

// ReviewAnswer serves POST /questionnaires/requests/{pid}/questions/{key}/review.
func (u *UI) ReviewAnswer() http.Handler {
	key := func(r *http.Request) string { return "review-" + r.PathValue("key") }
	return u.reviewChange(key, tillit.Msg("The review of the answer is saved."), func(r *http.Request) error {
		ctx := r.Context()
		_, err := u.DB.ReviewAnswer(ctx, web.Actor(ctx), r.PathValue("pid"), r.PathValue("key"),
			tillit.ReviewStatus(r.PostFormValue("status")), r.PostFormValue("comment"))
		return err
	})
}

// ReturnRequest serves POST /questionnaires/requests/{pid}/return.
func (u *UI) ReturnRequest() http.Handler {
	return u.reviewChange(fixedFormKey("return"), tillit.Msg("The questions are returned to the supplier, who is told by e-mail."), func(r *http.Request) error {
		ctx := r.Context()
		_, err := u.DB.ReturnRequest(ctx, web.Actor(ctx), r.PathValue("pid"))
		return err
	})
}

// DecideRequest serves POST /questionnaires/requests/{pid}/verdict. A
// deficient verdict recommending an audit plans it in the follow-up, so
// the form asks for its date and who performs it.
func (u *UI) DecideRequest() http.Handler {
	return u.reviewChange(fixedFormKey("verdict"), tillit.Msg("The verdict is saved in the follow-up."), func(r *http.Request) error {
		ctx := r.Context()
		p := tillit.Problems{}
		v := sqldb.VerdictInput{Verdict: tillit.Verdict(r.PostFormValue("verdict")), Recommendation: tillit.Recommendation(r.PostFormValue("recommendation")),
			Note: r.PostFormValue("note")}
		if !v.Verdict.Valid() {
			p.Add("verdict", "Choose approved or deficient.")
		}
		if v.PlansAudit() {
			v.Audit.PlannedFor = optionalFormDate(r.PostFormValue("planned_for"), p, "planned_for")
			v.Audit.AuditorOrgID = optionalFormID(r.PostFormValue("auditor_org_id"), p, "auditor_org_id")
			v.Audit.SiteID = optionalFormID(r.PostFormValue("site_id"), p, "site_id")
			if v.Audit.PlannedFor.IsZero() {
				p.Add("planned_for", "Enter the date the recommended audit is planned for.")
			}
			if v.Audit.AuditorOrgID == 0 {
				p.Add("auditor_org_id", "Choose the organisation that performs the audit: a region, the national office or an audit firm.")
			}
			req, err := u.DB.FindRequest(ctx, tillit.Scope{All: true}, r.PathValue("pid"))
			if err != nil {
				return err
			}
			fu, err := u.DB.FindFollowUp(ctx, tillit.Scope{All: true}, req.FollowUpID)
			if err != nil {
				return err
			}
			if err := u.checkAuditPlan(ctx, fu, v.Audit, p); err != nil {
				return err
			}
		}
		if len(p) > 0 {
			return formProblems(p)
		}
		_, err := u.DB.DecideRequest(ctx, web.Actor(ctx), r.PathValue("pid"), v)
		return err
	})
}

// ReuseRequest serves POST /questionnaires/requests/{pid}/reuse: the
// approved self-assessment is attached to another follow-up of the same
// supplier instead of asking again.
func (u *UI) ReuseRequest() http.Handler {
	return u.reviewChange(fixedFormKey("reuse"), tillit.Msg("The self-assessment is attached to the follow-up."), func(r *http.Request) error {
		ctx := r.Context()
		p := tillit.Problems{}
		id := requiredFormID(r.PostFormValue("followup_id"), p, "followup_id", tillit.Msg("Choose the follow-up to attach the self-assessment to."))
		if len(p) > 0 {
			return formProblems(p)
		}
		return u.DB.AttachReuse(ctx, web.Actor(ctx), id, r.PathValue("pid"))
	})
}
