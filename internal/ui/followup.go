package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The follow-up pages: the list (followup_list.go), the form that opens a
// follow-up and the forms of every change on the detail page
// (followup_forms.go), attachments (attachment.go), and here the detail
// page with what the other files share.

// followUpLabels names the domain's values in the reader's language. Page view
// models embed it, so a template writes {{$.SeverityLabel .Severity}}.
// Every text is a literal in a T call, which keeps the Swedish catalogue
// test able to see it.
type followUpLabels struct{ lang tillit.Lang }

func (l followUpLabels) LightLabel(v tillit.Light) string {
	switch v {
	case tillit.LightGreen:
		return T(l.lang, "Green")
	case tillit.LightYellow:
		return T(l.lang, "Yellow")
	case tillit.LightRed:
		return T(l.lang, "Red")
	}
	return string(v)
}

// LightColour is the colour the traffic light is drawn in; the text of
// LightLabel always goes with it, so colour is never the only sign.
func (l followUpLabels) LightColour(v tillit.Light) string {
	switch v {
	case tillit.LightGreen:
		return "#1d5e2e"
	case tillit.LightYellow:
		return "#f2a900"
	case tillit.LightRed:
		return "#a4161a"
	}
	return "#4a5360"
}

// lightView is a traffic light as the templates draw it.
type lightView struct{ Label, Colour string }

// LightOf is the light's text and colour together.
func (l followUpLabels) LightOf(v tillit.Light) lightView {
	return lightView{Label: l.LightLabel(v), Colour: l.LightColour(v)}
}

func (l followUpLabels) AuditKindLabel(v tillit.AuditKind) string {
	switch v {
	case tillit.AuditOffice:
		return T(l.lang, "Office audit")
	case tillit.AuditSite:
		return T(l.lang, "Site audit")
	case tillit.AuditReAudit:
		return T(l.lang, "Re-audit")
	case tillit.AuditDeskReview:
		return T(l.lang, "Desk review")
	}
	return string(v)
}

func (l followUpLabels) AuditStatusLabel(v tillit.AuditStatus) string {
	switch v {
	case tillit.AuditPlanned:
		return T(l.lang, "Planned")
	case tillit.AuditPerformed:
		return T(l.lang, "Performed")
	case tillit.AuditCancelled:
		return T(l.lang, "Cancelled")
	}
	return string(v)
}

func (l followUpLabels) SeverityLabel(v tillit.Severity) string {
	switch v {
	case tillit.SeverityMajor:
		return T(l.lang, "Major deviation")
	case tillit.SeverityMinor:
		return T(l.lang, "Minor deviation")
	case tillit.SeverityObservation:
		return T(l.lang, "Observation")
	}
	return string(v)
}

func (l followUpLabels) DeviationStatusLabel(v tillit.DeviationStatus) string {
	switch v {
	case tillit.DeviationOpen:
		return T(l.lang, "Open, no corrective action yet")
	case tillit.DeviationActionSubmitted:
		return T(l.lang, "Corrective action waiting for review")
	case tillit.DeviationActionApproved:
		return T(l.lang, "Corrective action approved")
	case tillit.DeviationActionReturned:
		return T(l.lang, "Corrective action returned to the supplier")
	case tillit.DeviationClosed:
		return T(l.lang, "Closed as fixed")
	}
	return string(v)
}

func (l followUpLabels) ActionStatusLabel(v tillit.ActionStatus) string {
	switch v {
	case tillit.ActionSubmitted:
		return T(l.lang, "Waiting for review")
	case tillit.ActionApproved:
		return T(l.lang, "Approved")
	case tillit.ActionReturned:
		return T(l.lang, "Returned")
	}
	return string(v)
}

func (l followUpLabels) SelfAssessmentStatusLabel(v tillit.SelfAssessmentStatus) string {
	switch v {
	case tillit.SelfAssessmentSent:
		return T(l.lang, "Sent, waiting for the supplier's answers")
	case tillit.SelfAssessmentSubmitted:
		return T(l.lang, "Submitted, waiting for review")
	case tillit.SelfAssessmentReviewed:
		return T(l.lang, "Reviewed")
	}
	return string(v)
}

func (l followUpLabels) VerdictLabel(v tillit.Verdict) string {
	switch v {
	case tillit.VerdictApproved:
		return T(l.lang, "Approved")
	case tillit.VerdictDeficient:
		return T(l.lang, "Deficient")
	}
	return string(v)
}

func (l followUpLabels) RecommendationLabel(v tillit.Recommendation) string {
	switch v {
	case tillit.RecommendOfficeAudit:
		return T(l.lang, "Office audit")
	case tillit.RecommendSiteAudit:
		return T(l.lang, "Site audit")
	case tillit.RecommendDialogue:
		return T(l.lang, "Dialogue")
	case tillit.RecommendNone:
		return T(l.lang, "No recommendation")
	}
	return string(v)
}

func (l followUpLabels) EscalationLabel(v tillit.EscalationLevel) string {
	switch v {
	case tillit.EscalationReminder:
		return T(l.lang, "Reminder")
	case tillit.EscalationWarning:
		return T(l.lang, "Warning")
	case tillit.EscalationSanction:
		return T(l.lang, "Sanction recommendation")
	}
	return string(v)
}

func (l followUpLabels) CloseReasonLabel(v tillit.CloseReason) string {
	switch v {
	case tillit.CloseResolved:
		return T(l.lang, "Resolved: every deviation is closed")
	case tillit.CloseContractsExpired:
		return T(l.lang, "Contracts expired")
	case tillit.CloseSupplierCeased:
		return T(l.lang, "Supplier ceased trading")
	case tillit.CloseOther:
		return T(l.lang, "Other reason (describe it)")
	}
	return string(v)
}

func (l followUpLabels) FollowUpStatusLabel(v tillit.FollowUpStatus) string {
	switch v {
	case tillit.FollowUpOpen:
		return T(l.lang, "Open")
	case tillit.FollowUpClosed:
		return T(l.lang, "Closed")
	}
	return string(v)
}

// overdueText says what an overdue item is.
func (l followUpLabels) overdueText(o tillit.OverdueItem) string {
	switch o.Kind {
	case tillit.OverdueSelfAssessment:
		return fmt.Sprintf(T(l.lang, "Self-assessment %d has not been submitted"), o.SelfAssessmentID)
	case tillit.OverdueActionPlan:
		return fmt.Sprintf(T(l.lang, "No corrective action has been submitted for deviation %d"), o.DeviationID)
	case tillit.OverdueAction:
		return fmt.Sprintf(T(l.lang, "Corrective action %d for deviation %d is not done"), o.ActionID, o.DeviationID)
	}
	return string(o.Kind)
}

// eventText says what happened in one timeline event.
func (l followUpLabels) eventText(e tillit.FollowUpEvent) string {
	switch e.Type {
	case tillit.EventFollowUpOpened:
		return T(l.lang, "Follow-up opened")
	case tillit.EventSelfAssessmentSent:
		return fmt.Sprintf(T(l.lang, "Self-assessment %d sent, to be answered by %s"), e.SelfAssessmentID, formatDate(e.Date))
	case tillit.EventSelfAssessmentSubmitted:
		return fmt.Sprintf(T(l.lang, "Self-assessment %d submitted"), e.SelfAssessmentID)
	case tillit.EventSelfAssessmentReviewed:
		return fmt.Sprintf(T(l.lang, "Self-assessment %d reviewed: %s; recommendation: %s"), e.SelfAssessmentID, l.VerdictLabel(e.Verdict), l.RecommendationLabel(e.Recommendation))
	case tillit.EventAuditPlanned:
		return fmt.Sprintf(T(l.lang, "Audit %d (%s) planned for %s"), e.AuditID, l.AuditKindLabel(e.AuditKind), formatDate(e.Date))
	case tillit.EventAuditPerformed:
		return fmt.Sprintf(T(l.lang, "Audit %d (%s) performed on %s"), e.AuditID, l.AuditKindLabel(e.AuditKind), formatDate(e.Date))
	case tillit.EventAuditCancelled:
		return fmt.Sprintf(T(l.lang, "Audit %d (%s) cancelled"), e.AuditID, l.AuditKindLabel(e.AuditKind))
	case tillit.EventAuditReportAttached:
		return fmt.Sprintf(T(l.lang, "Report attached to audit %d (%s)"), e.AuditID, l.AuditKindLabel(e.AuditKind))
	case tillit.EventDeviationRecorded:
		return fmt.Sprintf(T(l.lang, "Deviation %d recorded in audit %d: %s against %s"), e.DeviationID, e.AuditID, l.SeverityLabel(e.Severity), e.RequirementCode)
	case tillit.EventActionSubmitted:
		return fmt.Sprintf(T(l.lang, "Corrective action %d submitted for deviation %d, deadline %s"), e.ActionID, e.DeviationID, formatDate(e.Date))
	case tillit.EventActionApproved:
		return fmt.Sprintf(T(l.lang, "Corrective action %d for deviation %d approved"), e.ActionID, e.DeviationID)
	case tillit.EventActionReturned:
		return fmt.Sprintf(T(l.lang, "Corrective action %d for deviation %d returned to the supplier"), e.ActionID, e.DeviationID)
	case tillit.EventActionProgress:
		return fmt.Sprintf(T(l.lang, "Progress reported on corrective action %d for deviation %d"), e.ActionID, e.DeviationID)
	case tillit.EventDeviationClosed:
		if e.AuditID != 0 {
			return fmt.Sprintf(T(l.lang, "Deviation %d closed, verified by audit %d"), e.DeviationID, e.AuditID)
		}
		return fmt.Sprintf(T(l.lang, "Deviation %d closed"), e.DeviationID)
	case tillit.EventEscalationReminder, tillit.EventEscalationWarning, tillit.EventEscalationSanction:
		level := map[tillit.EventType]tillit.EscalationLevel{tillit.EventEscalationReminder: tillit.EscalationReminder,
			tillit.EventEscalationWarning: tillit.EscalationWarning, tillit.EventEscalationSanction: tillit.EscalationSanction}[e.Type]
		return fmt.Sprintf(T(l.lang, "Escalation: %s"), l.EscalationLabel(level))
	case tillit.EventFollowUpClosed:
		return fmt.Sprintf(T(l.lang, "Follow-up closed: %s"), l.CloseReasonLabel(e.CloseReason))
	}
	return string(e.Type)
}

// followUpStatusText is FollowUp.StatusLabel in the reader's language.
func followUpStatusText(lang tillit.Lang, status tillit.FollowUpStatus, reason tillit.CloseReason, text string) string {
	f := tillit.FollowUp{Status: status, CloseReason: reason, CloseText: text}
	return f.StatusLabel().In(translator(lang))
}

// followUpRights is what the policy lets the actor do to one loaded follow-up.
// Every check passes the follow-up's own regions, supplier and auditors as
// the resource; a nil region list would mean "any" to Can, so it never is.
type followUpRights struct {
	actor tillit.Actor
	f     *tillit.FollowUp
}

func (r followUpRights) regions() []int64 { return append([]int64{}, r.f.ResponsibleRegionIDs...) }

// change: the office and the coordinators of the responsible regions.
func (r followUpRights) change() bool {
	return tillit.Can(r.actor, tillit.ActChangeFollowUp, tillit.Resource{ResponsibleRegionIDs: r.regions()})
}

// editAudit: those who change the follow-up, and the auditor assigned to
// the audit.
func (r followUpRights) editAudit(auditID int64) bool {
	res := tillit.Resource{ResponsibleRegionIDs: r.regions()}
	if a := r.f.AuditByID(auditID); a != nil {
		res.AuditorUserID = a.AuditorUserID
	}
	return tillit.Can(r.actor, tillit.ActEditAudit, res)
}

// respond: the supplier's own staff, and those who change the follow-up
// (recording what a supplier sent by other means).
func (r followUpRights) respond() bool {
	return tillit.Can(r.actor, tillit.ActRespondAsSupplier, tillit.Resource{SupplierID: r.f.SupplierID}) || r.change()
}

// upload: anyone who may make some change to the follow-up.
func (r followUpRights) upload() bool {
	if r.respond() {
		return true
	}
	for _, a := range r.f.Audits {
		if a.AuditorUserID != 0 && r.editAudit(a.ID) {
			return true
		}
	}
	return false
}

// followUpForm is what a form on the detail page sent when it comes back
// with problems: which form (Key), the values to show again, and the
// problems by field.
type followUpForm struct {
	Key     string
	Values  url.Values
	Fields  map[string]string
	Problem string
}

// Is reports whether the form with key is the one that came back.
func (f followUpForm) Is(key string) bool { return f.Key != "" && f.Key == key }

// Or returns what the form with key sent for name, or def when that form
// did not come back.
func (f followUpForm) Or(key, name, def string) string {
	if !f.Is(key) {
		return def
	}
	return f.Values.Get(name)
}

// Val returns what the form with key sent for name, or "".
func (f followUpForm) Val(key, name string) string { return f.Or(key, name, "") }

// Sel reports whether the form with key sent value for name, or, when it
// did not come back, whether value is def.
func (f followUpForm) Sel(key, name, value, def string) bool {
	if !f.Is(key) {
		return value == def
	}
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// F describes one field of the form with key for the templates: its
// element id and its problem, if any.
func (f followUpForm) F(key, name string) formField {
	ref := formField{ID: key + "-" + name}
	if f.Is(key) {
		ref.Err = f.Fields[name]
	}
	return ref
}

type formField struct {
	ID  string
	Err string
}

// now is the time of a change and the page's "today": the store's clock,
// in Swedish time, so that dates are the calendar days people see.
func (u *UI) changeTime() time.Time { return u.DB.Now().In(stockholm).Truncate(time.Microsecond) }

type timelineRow struct {
	At   time.Time
	By   string
	Text string
	Note string
}

type overdueRow struct {
	Text     string
	Due      time.Time
	DaysLate int
	// Escalate names the item in the escalation form: "d3" or "s1".
	Escalate string
}

type auditorOption struct {
	ID   int64
	Name string
}

type followUpPage struct {
	Page
	followUpLabels
	FU       *tillit.FollowUp
	Supplier string
	Category string
	Regions  []string
	Light    tillit.Light
	Status   string
	Exposure []sqldb.Exposure
	Overdue  []overdueRow
	Timeline []timelineRow
	// A long follow-up shows every open deviation, the newest closed ones
	// and the newest events; the rest on request (?all=1). At EU scale
	// the longest has 379 deviations and 1 313 events (a 580 kB page).
	Deviations   []tillit.Deviation
	ClosedHidden int    // closed deviations left out
	EventsHidden int    // events left out of the timeline
	ShowAllLink  string // the page with everything, when something is left out
	Attachments  []sqldb.Attachment
	Sites        []tillit.ProductionSite
	AuditorOrgs  []tillit.Organisation
	Auditors     []auditorOption
	Today        string
	MaxFileMiB   string
	Files        bool // a file store is configured
	Form         followUpForm
	Requests     []sqldb.RequestRow // questionnaires sent as the self-assessments
	Reuses       []sqldb.Reuse      // approved self-assessments attached from other follow-ups

	may   followUpRights
	orgs  map[int64]string
	users map[int64]string
	sites map[int64]string
	files map[string]*sqldb.Attachment
	at    time.Time
	// knownCodes are the codes of deviations with no version pinned that
	// the library has nonetheless: none of their versions was in force yet.
	knownCodes map[string]bool
}

// InLibrary reports whether a deviation's unpinned code is in the library.
func (p followUpPage) InLibrary(code string) bool { return p.knownCodes[code] }

// How much of a long follow-up its page shows unless asked for all.
const (
	followUpClosedShown = 20  // the newest closed deviations
	followUpEventsShown = 200 // the newest events
)

// Template helpers: names, files and what the reader may do.

func (p followUpPage) OrgName(id int64) string  { return p.orgs[id] }
func (p followUpPage) UserName(id int64) string { return p.users[id] }
func (p followUpPage) SiteName(id int64) string { return p.sites[id] }

// File returns the attachment stored under hash, or nil.
func (p followUpPage) File(hash string) *sqldb.Attachment { return p.files[hash] }

// fileLink is an attachment named in the follow-up, linked when its row
// is found.
type fileLink struct {
	ID   int64
	Name string
}

// FilesOf links the attachments with the hashes, in order.
func (p followUpPage) FilesOf(hashes []string) []fileLink {
	out := make([]fileLink, 0, len(hashes))
	for i, h := range hashes {
		if a := p.files[h]; a != nil {
			out = append(out, fileLink{ID: a.ID, Name: a.Name})
		} else {
			out = append(out, fileLink{Name: fmt.Sprintf(T(p.Lang, "File %d"), i+1)})
		}
	}
	return out
}

// fileInput is the file field of the upload form.
type fileInput struct {
	formField
	Name   string
	Lang   tillit.Lang
	MaxMiB string
}

// FileField describes the file field name of the form with key.
func (p followUpPage) FileField(key, name string) fileInput {
	return fileInput{formField: p.Form.F(key, name), Name: name, Lang: p.Lang, MaxMiB: p.MaxFileMiB}
}

// pickField is a field that names attachments of the follow-up: the
// report of an audit, or evidence.
type pickField struct {
	formField
	Lang  tillit.Lang
	Files []pickFile
}

type pickFile struct {
	ID     int64
	Name   string
	Chosen bool
}

// Pick describes the field name of the form with key, with the
// attachments to choose from and those the form sent.
func (p followUpPage) Pick(key, name string) pickField {
	f := pickField{formField: p.Form.F(key, name), Lang: p.Lang}
	for _, a := range p.Attachments {
		f.Files = append(f.Files, pickFile{ID: a.ID, Name: a.Name, Chosen: p.Form.Sel(key, name, strconv.FormatInt(a.ID, 10), "")})
	}
	return f
}

func (p followUpPage) open() bool { return p.FU.Status == tillit.FollowUpOpen }

// AnswersLink is where the reader sees the questionnaire answered as
// self-assessment saID: the office's review page, or the supplier's own
// portal page; "" for others, or when it was recorded without one.
func (p followUpPage) AnswersLink(saID int64) string {
	for _, r := range p.Requests {
		if r.SelfAssessmentID == saID {
			return p.ReuseLink(r.PublicID)
		}
	}
	return ""
}

// ReuseLink is AnswersLink for a request named by its public id.
func (p followUpPage) ReuseLink(publicID string) string {
	switch {
	case tillit.Can(p.Actor, tillit.ActViewQuestionnaireAnswers, tillit.Resource{}):
		return "/questionnaires/requests/" + publicID
	case tillit.Can(p.Actor, tillit.ActRespondAsSupplier, tillit.Resource{SupplierID: p.FU.SupplierID}):
		return "/portal/requests/" + publicID
	}
	return ""
}

func (p followUpPage) CanSendSelfAssessment() bool {
	if !p.open() || !p.may.change() {
		return false
	}
	for _, sa := range p.FU.SelfAssessments {
		if sa.Status != tillit.SelfAssessmentReviewed {
			return false
		}
	}
	return true
}

// A self-assessment sent as a questionnaire is submitted in the portal and
// reviewed on its review page, answer by answer, not recorded here.
func (p followUpPage) questionnaire(saID int64) bool {
	for _, r := range p.Requests {
		if r.SelfAssessmentID == saID {
			return true
		}
	}
	return false
}

func (p followUpPage) CanSubmitSelfAssessment(sa tillit.SelfAssessment) bool {
	return p.open() && sa.Status == tillit.SelfAssessmentSent && p.may.respond() && !p.questionnaire(sa.ID)
}

func (p followUpPage) CanReviewSelfAssessment(sa tillit.SelfAssessment) bool {
	return p.open() && sa.Status == tillit.SelfAssessmentSubmitted && p.may.change() && !p.questionnaire(sa.ID)
}

func (p followUpPage) CanPlanAudit() bool { return p.open() && p.may.change() }

func (p followUpPage) CanPerformAudit(a tillit.Audit) bool {
	return p.open() && a.Status == tillit.AuditPlanned && p.may.editAudit(a.ID)
}

func (p followUpPage) CanCancelAudit(a tillit.Audit) bool {
	return p.open() && a.Status == tillit.AuditPlanned && p.may.change()
}

func (p followUpPage) CanAttachReport(a tillit.Audit) bool {
	return len(p.Attachments) > 0 && p.open() && a.Status == tillit.AuditPerformed && p.may.editAudit(a.ID)
}

func (p followUpPage) CanRecordDeviation(a tillit.Audit) bool {
	return p.open() && a.Status == tillit.AuditPerformed && p.may.editAudit(a.ID)
}

func (p followUpPage) CanSubmitAction(d tillit.Deviation) bool {
	return p.open() && d.Severity != tillit.SeverityObservation &&
		(d.Status == tillit.DeviationOpen || d.Status == tillit.DeviationActionReturned) && p.may.respond()
}

func (p followUpPage) CanReviewAction(d tillit.Deviation) bool {
	return p.open() && d.Status == tillit.DeviationActionSubmitted && p.may.change()
}

func (p followUpPage) CanReportProgress(d tillit.Deviation) bool {
	return p.open() && d.Status == tillit.DeviationActionApproved && p.may.respond()
}

func (p followUpPage) CanCloseDeviation(d tillit.Deviation) bool {
	return p.open() && d.Status != tillit.DeviationClosed && p.may.change() &&
		(d.Severity == tillit.SeverityObservation || d.Status == tillit.DeviationActionApproved)
}

func (p followUpPage) CanEscalate() bool { return p.open() && len(p.Overdue) > 0 && p.may.change() }
func (p followUpPage) CanClose() bool    { return p.open() && p.may.change() }
func (p followUpPage) CanUpload() bool   { return p.Files && p.open() && p.may.upload() }

// VerifyingAudits lists the performed re-audits and desk reviews that may
// verify the fix of deviation d.
func (p followUpPage) VerifyingAudits(d tillit.Deviation) []tillit.Audit {
	var out []tillit.Audit
	for _, a := range p.FU.Audits {
		if a.Kind.Verifies() && a.Status == tillit.AuditPerformed && a.ID != d.AuditID {
			out = append(out, a)
		}
	}
	return out
}

// Choices for the forms' selects, in the order the domain lists them.
func (p followUpPage) AuditKinds() []tillit.AuditKind             { return tillit.AuditKinds }
func (p followUpPage) Severities() []tillit.Severity              { return tillit.Severities }
func (p followUpPage) Verdicts() []tillit.Verdict                 { return tillit.Verdicts }
func (p followUpPage) Recommendations() []tillit.Recommendation   { return tillit.Recommendations }
func (p followUpPage) EscalationLevels() []tillit.EscalationLevel { return tillit.EscalationLevels }
func (p followUpPage) CloseReasons() []tillit.CloseReason         { return tillit.CloseReasons }

// ShowFollowUp serves GET /followups/{id}: everything about the follow-up,
// and under each part the forms of the changes the reader may make.
func (u *UI) ShowFollowUp() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f, err := u.DB.FindFollowUp(r.Context(), tillit.ScopeOf(web.Actor(r.Context())), id)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.renderFollowUp(w, r, http.StatusOK, f, followUpForm{})
	})
}

// renderFollowUp renders the detail page of f, which the caller has read
// within the actor's scope, with the form that came back, if any.
func (u *UI) renderFollowUp(w http.ResponseWriter, r *http.Request, status int, f *tillit.FollowUp, form followUpForm) {
	ctx := r.Context()
	actor := web.Actor(ctx)
	scope := tillit.ScopeOf(actor)
	at := u.changeTime()
	p := followUpPage{Page: u.page(r, "Follow-up"), FU: f, Form: form, at: at, Today: formatDate(at),
		may: followUpRights{actor: actor, f: f}, Files: u.Files != nil}
	p.followUpLabels = followUpLabels{lang: p.Lang}
	p.Light = f.Light(at)
	p.Status = f.StatusLabel().In(translator(p.Lang))
	if u.Files != nil {
		p.MaxFileMiB = strconv.FormatInt(max(u.Files.MaxBytes>>20, 1), 10)
	}

	// Only the organisations the page can name: those that audit (regions,
	// the office, audit firms) and the supplier. Reading every organisation
	// was most of the page's time with tens of thousands of suppliers.
	p.orgs = map[int64]string{}
	for _, kind := range []tillit.OrgKind{tillit.OrgNationalOffice, tillit.OrgRegion, tillit.OrgAuditFirm} {
		orgs, err := u.DB.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: kind})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		for _, o := range orgs {
			p.orgs[o.ID] = o.Name
			p.AuditorOrgs = append(p.AuditorOrgs, o)
		}
	}
	supplier, err := u.DB.FindOrganisationByID(ctx, f.SupplierID)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	p.orgs[supplier.ID] = supplier.Name
	p.Supplier = supplier.Name
	p.Title = fmt.Sprintf("%s – %s", T(p.Lang, "Follow-up"), p.Supplier)
	for _, id := range f.ResponsibleRegionIDs {
		p.Regions = append(p.Regions, p.orgs[id])
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
	// Names of the people in the follow-up: assigned auditors, and for the
	// planning form the auditors one may assign.
	auditors, err := u.DB.FindAuditors(ctx)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	for _, a := range auditors {
		p.Auditors = append(p.Auditors, auditorOption{ID: a.ID, Name: a.Name})
	}
	var assigned []int64
	for _, a := range f.Audits {
		if a.AuditorUserID != 0 {
			assigned = append(assigned, a.AuditorUserID)
		}
	}
	if p.users, err = u.DB.FindUserNames(ctx, assigned); err != nil {
		u.Error(w, r, err)
		return
	}
	if p.Sites, err = u.DB.FindSites(ctx, scope, f.SupplierID); err != nil {
		u.Error(w, r, err)
		return
	}
	p.sites = map[int64]string{}
	for _, s := range p.Sites {
		p.sites[s.ID] = fmt.Sprintf("%s, %s %s", s.Name, s.City, s.Country)
	}
	if p.Exposure, err = u.DB.FindExposure(ctx, f.SupplierID, f.CategoryID, tillit.DateOf(at)); err != nil {
		u.Error(w, r, err)
		return
	}
	if p.Attachments, err = u.DB.FindAttachments(ctx, scope, f.ID); err != nil {
		u.Error(w, r, err)
		return
	}
	p.files = map[string]*sqldb.Attachment{}
	for i := range p.Attachments {
		if _, ok := p.files[p.Attachments[i].Hash]; !ok {
			p.files[p.Attachments[i].Hash] = &p.Attachments[i]
		}
	}
	for _, o := range f.Overdue(at) {
		row := overdueRow{Text: p.overdueText(o), Due: o.Due, DaysLate: o.DaysLate}
		if o.DeviationID != 0 {
			row.Escalate = "d" + strconv.FormatInt(o.DeviationID, 10)
		} else {
			row.Escalate = "s" + strconv.FormatInt(o.SelfAssessmentID, 10)
		}
		p.Overdue = append(p.Overdue, row)
	}
	var unpinned []string
	for _, d := range f.Deviations {
		if d.RequirementVersion == 0 && d.RequirementCode != "" && !slices.Contains(unpinned, d.RequirementCode) {
			unpinned = append(unpinned, d.RequirementCode)
		}
	}
	if p.knownCodes, err = u.DB.KnownRequirementCodes(ctx, unpinned); err != nil {
		u.Error(w, r, err)
		return
	}
	all := r.URL.Query().Get("all") == "1"
	closedShown := 0
	for i := len(f.Deviations) - 1; i >= 0; i-- { // newest first, to keep the newest closed
		d := f.Deviations[i]
		if d.Status == tillit.DeviationClosed && !all {
			if closedShown == followUpClosedShown {
				p.ClosedHidden++
				continue
			}
			closedShown++
		}
		p.Deviations = append(p.Deviations, d)
	}
	slices.Reverse(p.Deviations)
	events := f.Timeline
	if !all && len(events) > followUpEventsShown {
		p.EventsHidden = len(events) - followUpEventsShown
		events = events[p.EventsHidden:]
	}
	for _, e := range events {
		p.Timeline = append(p.Timeline, timelineRow{At: e.At, By: e.ByLabel, Text: p.eventText(e), Note: e.Note})
	}
	if p.ClosedHidden > 0 || p.EventsHidden > 0 {
		p.ShowAllLink = fmt.Sprintf("/followups/%d?all=1", f.ID)
	}
	if p.Requests, err = u.DB.FindRequests(ctx, scope, sqldb.RequestFilter{FollowUpID: f.ID}); err != nil {
		u.Error(w, r, err)
		return
	}
	if p.Reuses, err = u.DB.FindReuses(ctx, f.ID); err != nil {
		u.Error(w, r, err)
		return
	}
	u.render(w, r, status, "followups/show", p)
}
