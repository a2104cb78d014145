package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/filestore"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The supplier portal: what a supplier's staff do in tillit. The company's
// open questionnaires, deviations and deadlines on one page; answering a
// questionnaire (drafts, evidence, submitting, fixing returned answers);
// action plans and progress for deviations; the company's contacts and
// production sites.
//
// Every address names a request or a follow-up by its random public id,
// and every read passes the reader's scope, so whatever belongs to
// another company is "not found", exactly like what does not exist. The
// routes admit suppliers only (ActRespondAsSupplier); the handlers ask the
// policy again with the company the thing belongs to.

type portalPage struct {
	Page
	questionnaireLabels
	followUpLabels
	Requests   []portalRequestRow
	Inquiries  []portalInquiryRow // inquiry_portal.go
	Deviations []portalDeviationRow
	Deadlines  []deadlineRow
	Companies  []tillit.Membership
}

type portalRequestRow struct {
	sqldb.RequestRow
	Title   string
	Overdue bool
}

type portalDeviationRow struct {
	sqldb.DeviationRow
	Category string
	Href     string
}

type deadlineRow struct {
	Due     time.Time
	Text    string
	Href    string
	Overdue bool
}

// Portal serves GET /portal.
func (u *UI) Portal() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		scope := tillit.ScopeOf(actor)
		p := portalPage{Page: u.page(r, "Supplier portal")}
		p.questionnaireLabels, p.followUpLabels = questionnaireLabels{p.Lang}, followUpLabels{p.Lang}
		for _, m := range actor.Memberships {
			if m.Role == tillit.RoleSupplier {
				p.Companies = append(p.Companies, m)
			}
		}
		today := tillit.DateOf(u.changeTime())
		reqs, err := u.DB.FindRequests(ctx, scope, sqldb.RequestFilter{Pending: true})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		for _, rq := range reqs {
			row := portalRequestRow{RequestRow: rq, Title: rq.Title(p.Lang),
				Overdue: rq.Status != tillit.RequestSubmitted && today.After(rq.DueOn)}
			p.Requests = append(p.Requests, row)
			if rq.Status == tillit.RequestOpen || rq.Status == tillit.RequestReturned {
				p.Deadlines = append(p.Deadlines, deadlineRow{Due: rq.DueOn, Overdue: row.Overdue, Href: "/portal/requests/" + rq.PublicID,
					Text: fmt.Sprintf(T(p.Lang, "Answer the self-assessment %s"), row.Title)})
			}
		}
		devs, err := u.DB.FindDeviations(ctx, scope, sqldb.DeviationFilter{Status: "open", Limit: 500})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		for _, d := range devs {
			if d.FollowUpStatus == tillit.FollowUpClosed {
				continue
			}
			pid, err := u.DB.FollowUpPublicID(ctx, d.FollowUpID)
			if err != nil {
				u.Error(w, r, err)
				return
			}
			row := portalDeviationRow{DeviationRow: d, Href: fmt.Sprintf("/portal/followups/%s#deviation-%d", pid, d.DeviationID),
				Category: map[bool]string{true: d.CategoryEN, false: d.CategorySV}[p.Lang == tillit.English]}
			p.Deviations = append(p.Deviations, row)
			if !d.Deadline.IsZero() && d.Severity != tillit.SeverityObservation {
				text := fmt.Sprintf(T(p.Lang, "Corrective action for deviation %d (%s)"), d.DeviationID, d.RequirementCode)
				if d.Status == tillit.DeviationOpen || d.Status == tillit.DeviationActionReturned {
					text = fmt.Sprintf(T(p.Lang, "Submit an action plan for deviation %d (%s)"), d.DeviationID, d.RequirementCode)
				}
				p.Deadlines = append(p.Deadlines, deadlineRow{Due: d.Deadline, Overdue: d.Overdue, Href: row.Href, Text: text})
			}
		}
		if err := u.portalInquiries(r, &p); err != nil {
			u.Error(w, r, err)
			return
		}
		sort.SliceStable(p.Deadlines, func(i, j int) bool { return p.Deadlines[i].Due.Before(p.Deadlines[j].Due) })
		u.render(w, r, http.StatusOK, "portal/home", p)
	})
}

type portalRequestPage struct {
	Page
	questionnaireLabels
	R          *tillit.Request
	Name       string
	Desc       string
	Supplier   string
	Sections   []sectionView
	Editable   bool
	Problem    string
	Missing    []missingLink
	MaxFileMiB string
	Files      bool
	Overdue    bool
}

// readPortalRequest reads the request named in the path within the
// supplier's scope and asks the policy with its company.
func (u *UI) readPortalRequest(r *http.Request) (*tillit.Request, error) {
	actor := web.Actor(r.Context())
	req, err := u.DB.FindRequest(r.Context(), tillit.ScopeOf(actor), r.PathValue("pid"))
	if err != nil {
		return nil, err
	}
	if !tillit.Can(actor, tillit.ActRespondAsSupplier, tillit.Resource{SupplierID: req.SupplierID}) {
		return nil, tillit.Errorf(tillit.EFORBIDDEN, "Only the supplier's own staff can answer its self-assessments.")
	}
	return req, nil
}

// PortalRequest serves GET /portal/requests/{pid}.
func (u *UI) PortalRequest() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := u.readPortalRequest(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.renderPortalRequest(w, r, http.StatusOK, req, nil, nil)
	})
}

func (u *UI) renderPortalRequest(w http.ResponseWriter, r *http.Request, status int, req *tillit.Request, posted url.Values, fail error) {
	ctx := r.Context()
	t, err := u.DB.FindTemplate(ctx, req.TemplateID)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	p := portalRequestPage{Page: u.page(r, "Self-assessment"), R: req, Files: u.Files != nil}
	p.questionnaireLabels = questionnaireLabels{p.Lang}
	p.Name, p.Desc = t.Title.In(p.Lang), t.Description.In(p.Lang)
	p.Title = p.Name
	p.Overdue = tillit.DateOf(u.changeTime()).After(req.DueOn) && (req.Status == tillit.RequestOpen || req.Status == tillit.RequestReturned)
	if u.Files != nil {
		p.MaxFileMiB = strconv.FormatInt(max(u.Files.MaxBytes>>20, 1), 10)
	}
	var fields map[string]string
	if fail != nil {
		p.Problem, fields = tillit.ErrorMessage(fail).In(translator(p.Lang)), fieldTexts(p.Lang, fail)
	}
	files, err := u.attachmentNames(r, req.FollowUpID, func(a sqldb.Attachment) string {
		return "/portal/requests/" + req.PublicID + "/files/" + a.Hash
	})
	if err != nil {
		u.Error(w, r, err)
		return
	}
	p.Sections = buildQuestions(t, questionsInput{lang: p.Lang, answers: req.Answers, editable: req.Editable, posted: posted, fields: fields, file: files})
	for _, s := range p.Sections {
		for _, q := range s.Questions {
			p.Editable = p.Editable || q.Editable
		}
	}
	p.Missing = missingLinks(p.Sections, fields)
	u.render(w, r, status, "portal/request", p)
}

// SaveAnswers serves POST /portal/requests/{pid}: the answers of the
// questions the form showed (named in "present") are saved as a draft,
// evidence files are stored and attached, and with action=submit the
// answers are then submitted. A problem shows the form again with what
// was typed; valid answers are kept even then.
func (u *UI) SaveAnswers() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		req, err := u.readPortalRequest(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if err := parseUpload(r); err != nil {
			u.renderPortalRequest(w, r, http.StatusBadRequest, req, r.PostForm, err)
			return
		}
		t, err := u.DB.FindTemplate(ctx, req.TemplateID)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		// Evidence answers may name only files attached to this request's
		// follow-up: a made-up or borrowed hash must not count as evidence.
		attached, err := u.DB.FindAttachments(ctx, tillit.ScopeOf(actor), req.FollowUpID)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		known := map[string]bool{}
		for _, a := range attached {
			known[a.Hash] = true
		}
		in := map[string]tillit.AnswerInput{}
		for _, key := range r.PostForm["present"] {
			q := t.Question(key)
			if q == nil {
				u.Error(w, r, tillit.Errorf(tillit.EINVALID, "The questionnaire has no question %s. Reload the page and answer again.", key))
				return
			}
			field := tillit.QuestionField(key)
			a := tillit.AnswerInput{Value: r.PostFormValue(field), Values: r.PostForm[field]}
			if q.Type == tillit.QuestionFile {
				a = tillit.AnswerInput{}
				for _, h := range r.PostForm[field] {
					if known[h] {
						a.Files = append(a.Files, h)
					}
				}
				if req.Editable(key) {
					atts, err := u.storeUploads(ctx, r, "file-"+key)
					if err != nil {
						if tillit.ErrorCode(err) == tillit.EINVALID {
							err = oneFieldError(field, tillit.ErrorMessage(err))
							u.renderPortalRequest(w, r, http.StatusBadRequest, req, r.PostForm, err)
						} else {
							u.Error(w, r, err)
						}
						return
					}
					for i := range atts {
						atts[i].FollowUpID = req.FollowUpID
						if err := u.DB.CreateAttachment(ctx, actor, &atts[i]); err != nil {
							u.Error(w, r, err)
							return
						}
						a.Files = append(a.Files, atts[i].Hash)
					}
				}
			}
			in[key] = a
		}
		submit := r.PostFormValue("action") == "submit"
		_, err = u.DB.SaveAnswers(ctx, actor, tillit.ScopeOf(actor), req.PublicID, in, submit)
		switch code := tillit.ErrorCode(err); code {
		case "":
			if submit {
				u.redirect(w, r, "/portal/requests/"+req.PublicID, "Your answers are submitted. The national office reviews them and tells you by e-mail if anything needs changing.")
			} else {
				u.redirect(w, r, "/portal/requests/"+req.PublicID, "Your answers are saved as a draft. Submit them when every mandatory question is answered.")
			}
		case tillit.EINVALID, tillit.ECONFLICT:
			// Show the page as it is now (the valid answers are saved).
			if now, ferr := u.DB.FindRequest(ctx, tillit.ScopeOf(actor), req.PublicID); ferr == nil {
				req = now
			}
			u.renderPortalRequest(w, r, web.StatusOf(code), req, r.PostForm, err)
		default:
			u.Error(w, r, err)
		}
	})
}

// PortalRequestFile serves GET /portal/requests/{pid}/files/{hash}: an
// attachment of the request's follow-up.
func (u *UI) PortalRequestFile() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := u.readPortalRequest(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.servePortalFile(w, r, req.FollowUpID, r.PathValue("hash"))
	})
}

// servePortalFile sends the attachment of the follow-up with the hash, as
// DownloadAttachment does; 404 when the follow-up has none.
func (u *UI) servePortalFile(w http.ResponseWriter, r *http.Request, followUpID int64, hash string) {
	notFound := tillit.Errorf(tillit.ENOTFOUND, "The attachment was not found.")
	atts, err := u.DB.FindAttachments(r.Context(), tillit.ScopeOf(web.Actor(r.Context())), followUpID)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	var a *sqldb.Attachment
	for i := range atts {
		if atts[i].Hash == hash {
			a = &atts[i]
			break
		}
	}
	if a == nil || u.Files == nil {
		u.Error(w, r, notFound)
		return
	}
	file, err := u.Files.Open(a.Hash)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	defer file.Close()
	ct := a.ContentType
	if strings.HasPrefix(ct, "text/") {
		ct += "; charset=utf-8"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", filestore.ContentDisposition(a.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(w, r, "", a.UploadedAt, file)
}

type portalFollowUpPage struct {
	Page
	followUpLabels
	FU         *tillit.FollowUp
	PID        string
	Category   string
	Files      []sqldb.Attachment
	Form       followUpForm
	Today      string
	MaxFileMiB string
	Store      bool
}

// FileName is the name of the follow-up's attachment with the hash.
func (p portalFollowUpPage) FileName(hash string) string {
	for _, a := range p.Files {
		if a.Hash == hash {
			return a.Name
		}
	}
	return T(p.Lang, "A file that is no longer attached")
}

// CanSubmitAction: an open deviation, or one whose action was returned.
func (p portalFollowUpPage) CanSubmitAction(d tillit.Deviation) bool {
	return p.FU.Status == tillit.FollowUpOpen && d.Severity != tillit.SeverityObservation &&
		(d.Status == tillit.DeviationOpen || d.Status == tillit.DeviationActionReturned)
}

// CanReportProgress: the current action is approved.
func (p portalFollowUpPage) CanReportProgress(d tillit.Deviation) bool {
	return p.FU.Status == tillit.FollowUpOpen && d.Status == tillit.DeviationActionApproved
}

// Checked reports whether the form with key chose the file.
func (p portalFollowUpPage) Checked(key, hash string) bool {
	return p.Form.Sel(key, "evidence", hash, "")
}

// readPortalFollowUp reads the follow-up named in the path within the
// supplier's scope and asks the policy with its company.
func (u *UI) readPortalFollowUp(r *http.Request) (*tillit.FollowUp, error) {
	actor := web.Actor(r.Context())
	f, err := u.DB.FindFollowUpByPublicID(r.Context(), tillit.ScopeOf(actor), r.PathValue("fid"))
	if err != nil {
		return nil, err
	}
	if !tillit.Can(actor, tillit.ActRespondAsSupplier, tillit.Resource{SupplierID: f.SupplierID}) {
		return nil, tillit.Errorf(tillit.EFORBIDDEN, "Only the supplier's own staff can answer for its deviations.")
	}
	return f, nil
}

// PortalFollowUp serves GET /portal/followups/{fid}: the deviations of one
// follow-up with the forms for action plans, progress and evidence.
func (u *UI) PortalFollowUp() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := u.readPortalFollowUp(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.renderPortalFollowUp(w, r, http.StatusOK, f, followUpForm{})
	})
}

func (u *UI) renderPortalFollowUp(w http.ResponseWriter, r *http.Request, status int, f *tillit.FollowUp, form followUpForm) {
	ctx := r.Context()
	p := portalFollowUpPage{Page: u.page(r, "Deviations to correct"), FU: f, PID: r.PathValue("fid"), Form: form,
		Today: formatDate(u.changeTime()), Store: u.Files != nil}
	p.followUpLabels = followUpLabels{p.Lang}
	if u.Files != nil {
		p.MaxFileMiB = strconv.FormatInt(max(u.Files.MaxBytes>>20, 1), 10)
	}
	cats, err := u.DB.FindCategories(ctx)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	for i := range cats {
		if cats[i].ID == f.CategoryID {
			p.Category = cats[i].Name(string(p.Lang))
		}
	}
	p.Page.Title = fmt.Sprintf(T(p.Lang, "Deviations to correct: %s"), p.Category)
	if p.Files, err = u.DB.FindAttachments(ctx, tillit.ScopeOf(web.Actor(ctx)), f.ID); err != nil {
		u.Error(w, r, err)
		return
	}
	u.render(w, r, status, "portal/followup", p)
}

// portalChange runs one change to the follow-up from the portal page.
func (u *UI) portalChange(key func(*http.Request) string, flash string,
	parse func(r *http.Request, f *tillit.FollowUp, p tillit.Problems) func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		f, err := u.readPortalFollowUp(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		again := func(err error) {
			lang := web.Lang(ctx)
			if now, ferr := u.readPortalFollowUp(r); ferr == nil {
				f = now
			}
			u.renderPortalFollowUp(w, r, web.StatusOf(tillit.ErrorCode(err)), f, followUpForm{Key: key(r), Values: r.PostForm,
				Fields: fieldTexts(lang, err), Problem: tillit.ErrorMessage(err).In(translator(lang))})
		}
		p := tillit.Problems{}
		step := parse(r, f, p)
		if len(p) > 0 {
			again(formProblems(p))
			return
		}
		_, _, err = u.DB.ChangeFollowUp(ctx, actor, f.ID, func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			if !tillit.Can(actor, tillit.ActRespondAsSupplier, tillit.Resource{SupplierID: f.SupplierID}) {
				return tillit.FollowUpEvent{}, tillit.Errorf(tillit.EFORBIDDEN, "Only the supplier's own staff can answer for its deviations.")
			}
			return step(f, actor, u.changeTime())
		})
		switch tillit.ErrorCode(err) {
		case "":
			u.redirect(w, r, "/portal/followups/"+r.PathValue("fid")+"#"+key(r), flash)
		case tillit.EINVALID, tillit.ECONFLICT:
			again(err)
		default:
			u.Error(w, r, err)
		}
	})
}

// PortalSubmitAction serves POST /portal/followups/{fid}/deviations/{deviation}/actions.
func (u *UI) PortalSubmitAction() http.Handler {
	return u.portalChange(formKey("action-for-", "deviation"), "The corrective action is submitted for review.",
		func(r *http.Request, _ *tillit.FollowUp, p tillit.Problems) func(*tillit.FollowUp, tillit.Actor, time.Time) (tillit.FollowUpEvent, error) {
			dev := pathNum(r, "deviation")
			in := tillit.ActionInput{Description: r.PostFormValue("description"), Owner: r.PostFormValue("owner"),
				Deadline: optionalFormDate(r.PostFormValue("deadline"), p, "deadline")}
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.SubmitAction(by, at, dev, in)
			}
		})
}

// PortalReportProgress serves POST /portal/followups/{fid}/actions/{action}/progress,
// with evidence chosen among the follow-up's attachments by content hash.
func (u *UI) PortalReportProgress() http.Handler {
	return u.portalChange(formKey("progress-for-", "action"), "The progress is reported.",
		func(r *http.Request, f *tillit.FollowUp, p tillit.Problems) func(*tillit.FollowUp, tillit.Actor, time.Time) (tillit.FollowUpEvent, error) {
			act, text := pathNum(r, "action"), r.PostFormValue("text")
			atts, err := u.DB.FindAttachments(r.Context(), tillit.Scope{All: true}, f.ID)
			if err != nil {
				p.Add("evidence", "The files could not be read. Try again.")
			}
			have := map[string]bool{}
			for _, a := range atts {
				have[a.Hash] = true
			}
			var evidence []string
			for _, h := range r.PostForm["evidence"] {
				if !have[h] {
					p.Add("evidence", "Choose the files among the follow-up's attachments.")
				}
				evidence = append(evidence, h)
			}
			return func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.ReportProgress(by, at, act, text, evidence)
			}
		})
}

// PortalUpload serves POST /portal/followups/{fid}/files: evidence files
// attached to the follow-up, to be chosen in a progress report.
func (u *UI) PortalUpload() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		f, err := u.readPortalFollowUp(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		again := func(err error) {
			lang := web.Lang(ctx)
			u.renderPortalFollowUp(w, r, http.StatusBadRequest, f, followUpForm{Key: "upload", Fields: fieldTexts(lang, err),
				Problem: tillit.ErrorMessage(err).In(translator(lang))})
		}
		if f.Status == tillit.FollowUpClosed {
			u.Error(w, r, tillit.Errorf(tillit.ECONFLICT, "This follow-up is closed, so no files can be added to it. Open a new follow-up to continue following up the supplier."))
			return
		}
		if err := parseUpload(r); err != nil {
			again(err)
			return
		}
		atts, err := u.storeUploads(ctx, r, "file")
		if err != nil {
			if tillit.ErrorCode(err) == tillit.EINVALID {
				again(err)
			} else {
				u.Error(w, r, err)
			}
			return
		}
		if len(atts) == 0 {
			again(oneFieldError("file", tillit.Msg("Choose a file to attach.")))
			return
		}
		for i := range atts {
			atts[i].FollowUpID = f.ID
			if err := u.DB.CreateAttachment(ctx, actor, &atts[i]); err != nil {
				u.Error(w, r, err)
				return
			}
		}
		u.redirect(w, r, "/portal/followups/"+r.PathValue("fid")+"#upload", "The files are attached.")
	})
}

// PortalFollowUpFile serves GET /portal/followups/{fid}/files/{hash}.
func (u *UI) PortalFollowUpFile() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := u.readPortalFollowUp(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.servePortalFile(w, r, f.ID, r.PathValue("hash"))
	})
}

type portalCompanyPage struct {
	Page
	S        *tillit.Supplier
	Contacts []contactRow
	Sites    []tillit.ProductionSite
	Site     tillit.ProductionSite // what the site form sent
	Products string
	Form     string // "contacts" or "site": the form that came back
	Problem  string
	Fields   map[string]string
}

type siteField struct{ Name, Label, Value, Err string }

// SiteFields are the text fields of the site form, with what was sent and
// the problems when the form came back.
func (p portalCompanyPage) SiteFields() []siteField {
	fs := []siteField{
		{"name", T(p.Lang, "Name"), p.Site.Name, ""},
		{"address", T(p.Lang, "Address"), p.Site.Address, ""},
		{"city", T(p.Lang, "City"), p.Site.City, ""},
		{"country", T(p.Lang, "Country (two letters, such as PK)"), p.Site.Country, ""},
		{"os_hub_id", T(p.Lang, "Open Supply Hub id (optional)"), p.Site.OSHubID, ""},
	}
	if p.Form == "site" {
		for i := range fs {
			fs[i].Err = p.Fields[fs[i].Name]
		}
	}
	return fs
}

// readPortalCompany returns the supplier the reader works for: the one in
// ?org= (which must be theirs), or their first.
func (u *UI) readPortalCompany(r *http.Request) (*tillit.Supplier, error) {
	actor := web.Actor(r.Context())
	ids := actor.OrgIDs(tillit.RoleSupplier)
	if len(ids) == 0 {
		return nil, tillit.Errorf(tillit.EFORBIDDEN, "Only a supplier's own staff use the portal.")
	}
	id := ids[0]
	if s := r.URL.Query().Get("org"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || !idIn(ids, n) {
			return nil, tillit.Errorf(tillit.ENOTFOUND, "The company was not found.")
		}
		id = n
	}
	return u.DB.FindSupplier(r.Context(), tillit.ScopeOf(actor), id)
}

// PortalCompany serves GET /portal/company: the company's contacts and
// production sites, which its staff keep up to date.
func (u *UI) PortalCompany() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := u.readPortalCompany(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.renderPortalCompany(w, r, http.StatusOK, s, portalCompanyPage{Contacts: contactRows(s.Contacts, nil)})
	})
}

func contactRows(cs []tillit.Contact, fields map[string]string) []contactRow {
	var out []contactRow
	for i, c := range cs {
		prefix := "contacts[" + strconv.Itoa(i) + "]."
		out = append(out, contactRow{Contact: c, Index: i, NameErr: fields[prefix+"name"],
			EmailErr: fields[prefix+"email"], PhoneErr: fields[prefix+"phone"], RoleErr: fields[prefix+"role"]})
	}
	return append(out, contactRow{Index: len(cs)})
}

func (u *UI) renderPortalCompany(w http.ResponseWriter, r *http.Request, status int, s *tillit.Supplier, p portalCompanyPage) {
	p.Page = u.page(r, "Your company")
	p.S = s
	p.Page.Title = fmt.Sprintf(T(p.Lang, "Your company: %s"), s.Name)
	var err error
	if p.Sites, err = u.DB.FindSites(r.Context(), tillit.ScopeOf(web.Actor(r.Context())), s.ID); err != nil {
		u.Error(w, r, err)
		return
	}
	u.render(w, r, status, "portal/company", p)
}

func (u *UI) companyPath(r *http.Request, s *tillit.Supplier) string {
	if r.URL.Query().Get("org") == "" {
		return "/portal/company"
	}
	return "/portal/company?org=" + strconv.FormatInt(s.ID, 10)
}

// PortalContacts serves POST /portal/company/contacts: the company's
// contact people, as the supplier's staff keep them.
func (u *UI) PortalContacts() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		s, err := u.readPortalCompany(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if !tillit.Can(actor, tillit.ActRespondAsSupplier, tillit.Resource{SupplierID: s.ID}) {
			u.Error(w, r, tillit.Errorf(tillit.EFORBIDDEN, "Only the supplier's own staff can change its contacts."))
			return
		}
		in, problems := parseSupplierForm(r)
		sp := s.SupplierProfile
		sp.OrgID, sp.Contacts = s.ID, in.Contacts
		err = problems.Err()
		if err == nil {
			err = u.DB.UpdateSupplierProfile(ctx, actor, &sp)
		}
		if tillit.ErrorCode(err) == tillit.EINVALID {
			lang := web.Lang(ctx)
			fields := fieldTexts(lang, err)
			u.renderPortalCompany(w, r, http.StatusBadRequest, s, portalCompanyPage{Form: "contacts", Contacts: contactRows(in.Contacts, fields),
				Problem: tillit.ErrorMessage(err).In(translator(lang)), Fields: fields})
			return
		} else if err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, u.companyPath(r, s)+"#contacts", "The contacts are saved.")
	})
}

// PortalAddSite serves POST /portal/company/sites.
func (u *UI) PortalAddSite() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		s, err := u.readPortalCompany(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if !tillit.Can(actor, tillit.ActManageSites, tillit.Resource{SupplierID: s.ID}) {
			u.Error(w, r, tillit.Errorf(tillit.EFORBIDDEN, "Only the supplier's own staff and the national office can add its production sites."))
			return
		}
		site := tillit.ProductionSite{SupplierID: s.ID, Name: strings.TrimSpace(r.PostFormValue("name")),
			Address: strings.TrimSpace(r.PostFormValue("address")), City: strings.TrimSpace(r.PostFormValue("city")),
			Country: strings.ToUpper(strings.TrimSpace(r.PostFormValue("country"))), OSHubID: strings.TrimSpace(r.PostFormValue("os_hub_id")),
			Products: textLines(r.PostFormValue("products"))}
		err = u.DB.CreateSite(ctx, actor, &site)
		if tillit.ErrorCode(err) == tillit.EINVALID {
			lang := web.Lang(ctx)
			u.renderPortalCompany(w, r, http.StatusBadRequest, s, portalCompanyPage{Form: "site", Contacts: contactRows(s.Contacts, nil),
				Site: site, Products: r.PostFormValue("products"), Problem: tillit.ErrorMessage(err).In(translator(lang)), Fields: fieldTexts(lang, err)})
			return
		} else if err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, u.companyPath(r, s)+"#sites", "The production site is added.")
	})
}
