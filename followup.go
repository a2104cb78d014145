package tillit

import (
	"strings"
	"time"
)

// A FollowUp (uppföljning) is the case that follows up one supplier's
// compliance in one procurement category: self-assessments and their
// review, audits, the deviations they find, the supplier's corrective
// actions, escalations, and closure. It is one aggregate: every state change
// is a method on *FollowUp that checks the rules, changes the follow-up,
// appends a FollowUpEvent to its Timeline and returns that event, which the
// store writes (with the audit trail) in the same transaction.
//
// A method that refuses changes nothing. It returns an *Error whose code
// says why:
//
//   - EINVALID: the input is wrong; the message, and Fields for a form,
//     say what to fix.
//   - ECONFLICT: the follow-up's state does not allow the change; the
//     message says what has to happen first.
//   - ENOTFOUND: the follow-up has no sub-entity with the id given.
//
// The checks run in a fixed order: the change is attributed and dated, the
// follow-up is open, the sub-entity exists, its state allows the change,
// the input is valid, and finally the rules that depend on the input (such
// as the order of escalations).
//
// Sub-entities (self-assessments, audits, deviations, corrective actions,
// escalations) are numbered within the follow-up, one sequence per kind,
// starting at 1: deviation 3 is the third deviation of this follow-up. The
// domain assigns the numbers, so events refer to them before anything is
// stored; the store keys sub-entities by (follow-up id, number).
//
// A closed follow-up cannot be changed or reopened: as in the process the
// regions follow, a new follow-up is opened instead.
type FollowUp struct {
	ID                   int64 // assigned by the store
	SupplierID           int64
	CategoryID           int64
	ResponsibleRegionIDs []int64
	RequirementCodes     []string // the requirements in scope; deviations are recorded against these

	Status        FollowUpStatus
	OpenedAt      time.Time
	OpenedBy      int64 // user id, 0 for the system
	OpenedByLabel string
	ClosedAt      time.Time
	ClosedBy      int64
	ClosedByLabel string
	CloseReason   CloseReason
	CloseText     string

	SelfAssessments []SelfAssessment
	Audits          []Audit
	Deviations      []Deviation
	Escalations     []Escalation

	// Timeline holds every event of the follow-up in the order it happened.
	Timeline []FollowUpEvent
}

// FollowUpStatus says whether a follow-up is open or closed.
type FollowUpStatus string

const (
	FollowUpOpen   FollowUpStatus = "open"
	FollowUpClosed FollowUpStatus = "closed"
)

// CloseReason says why a follow-up was closed.
type CloseReason string

const (
	CloseResolved         CloseReason = "resolved"          // every deviation closed
	CloseContractsExpired CloseReason = "contracts_expired" // the supplier holds no contracts in the category any more
	CloseSupplierCeased   CloseReason = "supplier_ceased"   // the supplier ceased trading
	CloseOther            CloseReason = "other"             // explained in CloseText
)

// CloseReasons lists every reason, in the order forms show them.
var CloseReasons = []CloseReason{CloseResolved, CloseContractsExpired, CloseSupplierCeased, CloseOther}

// Valid reports whether r is a known reason.
func (r CloseReason) Valid() bool { return oneOf(r, CloseReasons) }

// SelfAssessment is one questionnaire (självskattning) sent to the supplier:
// sent → submitted → reviewed.
type SelfAssessment struct {
	ID              int64
	Status          SelfAssessmentStatus
	SentAt          time.Time
	DueOn           time.Time // calendar date by which the supplier must submit
	SubmittedAt     time.Time
	ReviewedAt      time.Time
	ReviewedBy      int64
	ReviewedByLabel string
	Verdict         Verdict
	Recommendation  Recommendation
	ReviewNote      string
}

// SelfAssessmentStatus is where a self-assessment is.
type SelfAssessmentStatus string

const (
	SelfAssessmentSent      SelfAssessmentStatus = "sent"      // waiting for the supplier's answers
	SelfAssessmentSubmitted SelfAssessmentStatus = "submitted" // waiting for the national office's review
	SelfAssessmentReviewed  SelfAssessmentStatus = "reviewed"
)

// Verdict is the result of reviewing a self-assessment.
type Verdict string

const (
	VerdictApproved  Verdict = "approved"
	VerdictDeficient Verdict = "deficient" // bristfällig
)

// Verdicts lists every verdict, in the order forms show them.
var Verdicts = []Verdict{VerdictApproved, VerdictDeficient}

// Valid reports whether v is a known verdict.
func (v Verdict) Valid() bool { return oneOf(v, Verdicts) }

// Recommendation is what the review of a deficient self-assessment
// recommends; approved ones get RecommendNone.
type Recommendation string

const (
	RecommendNone        Recommendation = "none"
	RecommendOfficeAudit Recommendation = "office_audit"
	RecommendSiteAudit   Recommendation = "site_audit"
	RecommendDialogue    Recommendation = "dialogue"
)

// Recommendations lists every recommendation, in the order forms show them.
var Recommendations = []Recommendation{RecommendOfficeAudit, RecommendSiteAudit, RecommendDialogue, RecommendNone}

// Valid reports whether r is a known recommendation.
func (r Recommendation) Valid() bool { return oneOf(r, Recommendations) }

// Audit is an office audit, site audit, re-audit or desk review:
// planned → performed, or planned → cancelled.
type Audit struct {
	ID               int64
	Kind             AuditKind
	Status           AuditStatus
	PlannedFor       time.Time // calendar date
	PlannedAt        time.Time
	PerformedOn      time.Time // calendar date
	PerformedAt      time.Time // when it was recorded as performed
	CancelledAt      time.Time
	CancelReason     string
	AuditorOrgID     int64  // the region, national office or audit firm that performs it
	AuditorUserID    int64  // the auditor, when they have an account; 0 otherwise
	AuditorName      string // the auditor's name, when they have no account
	SiteID           int64  // the production site, for site audits (and optionally re-audits)
	ReportAttachment string // content hash of the report file, see ValidAttachmentRef
	Findings         string // summary of the findings
}

// AuditKind is what kind of audit it is.
type AuditKind string

const (
	AuditOffice     AuditKind = "office"      // kontorsrevision: processes and routines at the supplier's office
	AuditSite       AuditKind = "site"        // fabriksrevision: at a production site
	AuditReAudit    AuditKind = "re_audit"    // återrevision: verifies that deviations were fixed
	AuditDeskReview AuditKind = "desk_review" // review of documents and evidence
)

// AuditKinds lists every kind, in the order forms show them.
var AuditKinds = []AuditKind{AuditOffice, AuditSite, AuditReAudit, AuditDeskReview}

// Valid reports whether k is a known kind.
func (k AuditKind) Valid() bool { return oneOf(k, AuditKinds) }

// Verifies reports whether an audit of this kind can verify that deviations
// were fixed.
func (k AuditKind) Verifies() bool { return k == AuditReAudit || k == AuditDeskReview }

// AuditStatus is where an audit is.
type AuditStatus string

const (
	AuditPlanned   AuditStatus = "planned"
	AuditPerformed AuditStatus = "performed"
	AuditCancelled AuditStatus = "cancelled"
)

// Deviation (avvikelse) is a nonconformity against a requirement found by an
// audit. A major or minor deviation is closed (släckt) once the supplier's
// corrective action is approved and a later re-audit or desk review has
// verified the fix. An observation needs no action and may be closed at any
// time.
type Deviation struct {
	ID              int64
	AuditID         int64 // the audit that found it
	RequirementCode string
	// RequirementVersion is the library version of RequirementCode in
	// force when the deviation was recorded (on the audit's date), so a
	// later version never changes what the supplier was judged against;
	// 0 when the code is not in the library or had no version in force.
	// The store sets it.
	RequirementVersion int
	Severity           Severity
	Description        string
	Evidence           []string // content hashes of attachments
	Status             DeviationStatus
	RecordedAt         time.Time
	PlanDueOn          time.Time // optional calendar date by which the supplier must submit a corrective action
	Actions            []CorrectiveAction
	ClosedAt           time.Time
	ClosedBy           int64
	ClosedByLabel      string
	VerifiedByAuditID  int64 // the re-audit or desk review that verified the fix; 0 for an observation closed without one
	CloseNote          string
}

// Severity grades a deviation.
type Severity string

const (
	SeverityMajor       Severity = "major"       // större avvikelse
	SeverityMinor       Severity = "minor"       // mindre avvikelse
	SeverityObservation Severity = "observation" // needs no corrective action
)

// Severities lists every severity, in the order forms show them.
var Severities = []Severity{SeverityMajor, SeverityMinor, SeverityObservation}

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool { return oneOf(s, Severities) }

// DeviationStatus is where a deviation is. It follows its current (latest)
// corrective action: open (none yet) → action_submitted → action_approved
// or action_returned (then a revised action is submitted) → closed.
type DeviationStatus string

const (
	DeviationOpen            DeviationStatus = "open"
	DeviationActionSubmitted DeviationStatus = "action_submitted"
	DeviationActionApproved  DeviationStatus = "action_approved"
	DeviationActionReturned  DeviationStatus = "action_returned"
	DeviationClosed          DeviationStatus = "closed"
)

// CorrectiveAction is the supplier's plan to fix one deviation. A returned
// action stays in the deviation's history; the supplier submits a revised
// one, which becomes the current action.
type CorrectiveAction struct {
	ID              int64
	Description     string
	Owner           string    // who at the supplier is responsible
	Deadline        time.Time // calendar date; overdue from the day after
	Status          ActionStatus
	SubmittedAt     time.Time
	ReviewedAt      time.Time
	ReviewedBy      int64
	ReviewedByLabel string
	ReviewComment   string
	Progress        []ProgressNote
}

// ActionStatus is where a corrective action is.
type ActionStatus string

const (
	ActionSubmitted ActionStatus = "submitted"
	ActionApproved  ActionStatus = "approved"
	ActionReturned  ActionStatus = "returned"
)

// ProgressNote is the supplier's report of progress on an approved action.
type ProgressNote struct {
	At       time.Time
	By       int64
	ByLabel  string
	Text     string
	Evidence []string // content hashes of attachments
}

// Escalation records a reminder, warning or sanction recommendation sent
// because a deadline passed. DeviationID or SelfAssessmentID names what was
// overdue when the escalation is about one thing; both are 0 when it is
// about the follow-up as a whole.
type Escalation struct {
	ID               int64
	Level            EscalationLevel
	At               time.Time
	By               int64
	ByLabel          string
	Note             string
	DeviationID      int64
	SelfAssessmentID int64
}

// EscalationLevel is how far an escalation goes. The levels come in order
// within a follow-up: a warning needs an earlier reminder, a sanction
// recommendation an earlier warning. A level may be repeated.
type EscalationLevel string

const (
	EscalationReminder EscalationLevel = "reminder"
	EscalationWarning  EscalationLevel = "warning"
	EscalationSanction EscalationLevel = "sanction_recommendation" // a recommendation of national sanctions
)

// EscalationLevels lists the levels in order.
var EscalationLevels = []EscalationLevel{EscalationReminder, EscalationWarning, EscalationSanction}

// Valid reports whether l is a known level.
func (l EscalationLevel) Valid() bool { return oneOf(l, EscalationLevels) }

// rank is 1, 2, 3 for the levels in order and 0 for none.
func (l EscalationLevel) rank() int {
	for i, v := range EscalationLevels {
		if l == v {
			return i + 1
		}
	}
	return 0
}

// EventType names what happened in a follow-up. The store persists each
// event and the annual report counts them, so the names are stable: never
// rename one.
type EventType string

// Event types. For each: the subject ids and detail fields of the
// FollowUpEvent that are set.
const (
	EventFollowUpOpened          EventType = "followup.opened"          // —
	EventSelfAssessmentSent      EventType = "selfassessment.sent"      // SelfAssessmentID; Date = due date
	EventSelfAssessmentSubmitted EventType = "selfassessment.submitted" // SelfAssessmentID
	EventSelfAssessmentReviewed  EventType = "selfassessment.reviewed"  // SelfAssessmentID; Verdict, Recommendation, Note
	EventAuditPlanned            EventType = "audit.planned"            // AuditID; AuditKind, Date = planned for
	EventAuditPerformed          EventType = "audit.performed"          // AuditID; AuditKind, Date = performed on
	EventAuditCancelled          EventType = "audit.cancelled"          // AuditID; AuditKind, Note = reason
	EventAuditReportAttached     EventType = "audit.report_attached"    // AuditID; AuditKind (a report added after the audit was recorded)
	EventDeviationRecorded       EventType = "deviation.recorded"       // DeviationID, AuditID; Severity, RequirementCode, Date = action plan due (may be zero)
	EventActionSubmitted         EventType = "action.submitted"         // DeviationID, ActionID; Date = deadline
	EventActionApproved          EventType = "action.approved"          // DeviationID, ActionID; Date = deadline, Note = comment
	EventActionReturned          EventType = "action.returned"          // DeviationID, ActionID; Note = comment
	EventActionProgress          EventType = "action.progress"          // DeviationID, ActionID; Note = progress text
	EventDeviationClosed         EventType = "deviation.closed"         // DeviationID, AuditID = verifying audit (0 for an observation closed without one); Severity, RequirementCode, Note
	EventEscalationReminder      EventType = "escalation.reminder"      // EscalationID, DeviationID or SelfAssessmentID (optional); Note
	EventEscalationWarning       EventType = "escalation.warning"       // as for reminders
	EventEscalationSanction      EventType = "escalation.sanction_recommended"
	EventFollowUpClosed          EventType = "followup.closed" // CloseReason, Note = close text
)

// EventTypes lists every event type in the order of the process.
var EventTypes = []EventType{
	EventFollowUpOpened,
	EventSelfAssessmentSent, EventSelfAssessmentSubmitted, EventSelfAssessmentReviewed,
	EventAuditPlanned, EventAuditPerformed, EventAuditCancelled, EventAuditReportAttached,
	EventDeviationRecorded,
	EventActionSubmitted, EventActionApproved, EventActionReturned, EventActionProgress,
	EventDeviationClosed,
	EventEscalationReminder, EventEscalationWarning, EventEscalationSanction,
	EventFollowUpClosed,
}

// Valid reports whether t is a known event type.
func (t EventType) Valid() bool { return oneOf(t, EventTypes) }

// FollowUpEvent is one dated, attributed entry of a follow-up's timeline.
// Only the fields its Type documents are set.
type FollowUpEvent struct {
	Type       EventType
	At         time.Time
	ByUserID   int64 // 0 for the system
	ByLabel    string
	FollowUpID int64 // 0 in followup.opened until the store assigns the id

	SelfAssessmentID int64
	AuditID          int64
	DeviationID      int64
	ActionID         int64
	EscalationID     int64

	Verdict         Verdict
	Recommendation  Recommendation
	AuditKind       AuditKind
	Severity        Severity
	RequirementCode string
	CloseReason     CloseReason
	Date            time.Time // the calendar date the event is about, if any
	Note            string    // the comment, reason or text written with the change
}

// Light is a follow-up's traffic light.
type Light string

const (
	LightGreen  Light = "green"  // closed, or no open deviations and nothing overdue
	LightYellow Light = "yellow" // deviations being handled within their deadlines
	LightRed    Light = "red"    // a deadline has passed
)

// OverdueKind says what kind of deadline has passed.
type OverdueKind string

const (
	OverdueSelfAssessment OverdueKind = "self_assessment"   // the supplier has not submitted a self-assessment by its due date
	OverdueActionPlan     OverdueKind = "action_plan"       // no corrective action submitted for a deviation by its plan due date
	OverdueAction         OverdueKind = "corrective_action" // a deviation's current action passed its deadline before the deviation was closed
)

// OverdueItem is one deadline that has passed.
type OverdueItem struct {
	Kind             OverdueKind
	SelfAssessmentID int64
	DeviationID      int64
	ActionID         int64
	Due              time.Time // the calendar date that passed
	DaysLate         int       // 1 on the day after the due date
}

// Limits of free-text fields.
const (
	maxShortText = 200
	maxLongText  = 10000
)

// FollowUpInput is what opening a follow-up needs.
type FollowUpInput struct {
	SupplierID           int64
	CategoryID           int64
	ResponsibleRegionIDs []int64
	RequirementCodes     []string
}

// OpenFollowUp opens a follow-up of a supplier in a category.
func OpenFollowUp(by Actor, at time.Time, in FollowUpInput) (*FollowUp, FollowUpEvent, error) {
	if err := attributed(by, at); err != nil {
		return nil, FollowUpEvent{}, err
	}
	p := Problems{}
	if in.SupplierID <= 0 {
		p.Add("supplier_id", "Choose the supplier to follow up.")
	}
	if in.CategoryID <= 0 {
		p.Add("category_id", "Choose the procurement category.")
	}
	if len(in.ResponsibleRegionIDs) == 0 {
		p.Add("responsible_region_ids", "Choose at least one responsible region.")
	}
	seenRegion := map[int64]bool{}
	for _, id := range in.ResponsibleRegionIDs {
		if id <= 0 {
			p.Add("responsible_region_ids", "Choose the responsible regions from the list.")
		} else if seenRegion[id] {
			p.Add("responsible_region_ids", "Each responsible region can be chosen only once.")
		}
		seenRegion[id] = true
	}
	if len(in.RequirementCodes) == 0 {
		p.Add("requirement_codes", "Choose at least one requirement in scope.")
	}
	codes := make([]string, 0, len(in.RequirementCodes))
	seenCode := map[string]bool{}
	for _, c := range in.RequirementCodes {
		c = strings.TrimSpace(c)
		switch {
		case c == "":
			p.Add("requirement_codes", "A requirement code cannot be empty.")
		case len(c) > maxShortText:
			p.Add("requirement_codes", "A requirement code can be at most %d characters.", maxShortText)
		case seenCode[c]:
			p.Add("requirement_codes", "Requirement %s is listed more than once.", c)
		}
		seenCode[c] = true
		codes = append(codes, c)
	}
	if err := problemsErr(p); err != nil {
		return nil, FollowUpEvent{}, err
	}
	f := &FollowUp{
		SupplierID:           in.SupplierID,
		CategoryID:           in.CategoryID,
		ResponsibleRegionIDs: append([]int64(nil), in.ResponsibleRegionIDs...),
		RequirementCodes:     codes,
		Status:               FollowUpOpen,
		OpenedAt:             at,
		OpenedBy:             by.UserID,
		OpenedByLabel:        by.Label(),
	}
	return f, f.record(by, at, FollowUpEvent{Type: EventFollowUpOpened}), nil
}

// SendSelfAssessment records that a self-assessment questionnaire was sent
// to the supplier, to be submitted by the calendar date dueOn. Only one
// self-assessment can be outstanding (sent or submitted) at a time.
func (f *FollowUp) SendSelfAssessment(by Actor, at time.Time, dueOn time.Time) (FollowUpEvent, error) {
	if err := f.begin(by, at); err != nil {
		return FollowUpEvent{}, err
	}
	for _, sa := range f.SelfAssessments {
		switch sa.Status {
		case SelfAssessmentSent:
			return FollowUpEvent{}, Errorf(ECONFLICT, "Self-assessment %d is still waiting for the supplier's answers. Wait for them, or send a reminder, before sending another.", sa.ID)
		case SelfAssessmentSubmitted:
			return FollowUpEvent{}, Errorf(ECONFLICT, "Self-assessment %d has been submitted and is waiting for review. Review it before sending another.", sa.ID)
		}
	}
	due := DateOf(dueOn)
	if due.IsZero() {
		return FollowUpEvent{}, invalid("due_on", "Enter the date by which the supplier must answer.")
	}
	if due.Before(DateOf(at)) {
		return FollowUpEvent{}, invalid("due_on", "The due date cannot be before the day the self-assessment is sent (%s).", dateString(at))
	}
	id := f.nextSelfAssessmentID()
	f.SelfAssessments = append(f.SelfAssessments, SelfAssessment{ID: id, Status: SelfAssessmentSent, SentAt: at, DueOn: due})
	return f.record(by, at, FollowUpEvent{Type: EventSelfAssessmentSent, SelfAssessmentID: id, Date: due}), nil
}

// SubmitSelfAssessment records that the supplier submitted its answers.
func (f *FollowUp) SubmitSelfAssessment(by Actor, at time.Time, saID int64) (FollowUpEvent, error) {
	if err := f.begin(by, at); err != nil {
		return FollowUpEvent{}, err
	}
	sa, err := f.findSelfAssessment(saID)
	if err != nil {
		return FollowUpEvent{}, err
	}
	switch sa.Status {
	case SelfAssessmentSubmitted:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Self-assessment %d has already been submitted.", sa.ID)
	case SelfAssessmentReviewed:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Self-assessment %d has already been submitted and reviewed.", sa.ID)
	}
	sa.Status = SelfAssessmentSubmitted
	sa.SubmittedAt = at
	return f.record(by, at, FollowUpEvent{Type: EventSelfAssessmentSubmitted, SelfAssessmentID: sa.ID}), nil
}

// ReviewSelfAssessment records the review verdict of a submitted
// self-assessment. A deficient one needs a recommendation other than none;
// an approved one takes none (an empty recommendation means none).
func (f *FollowUp) ReviewSelfAssessment(by Actor, at time.Time, saID int64, verdict Verdict, rec Recommendation, note string) (FollowUpEvent, error) {
	if err := f.begin(by, at); err != nil {
		return FollowUpEvent{}, err
	}
	sa, err := f.findSelfAssessment(saID)
	if err != nil {
		return FollowUpEvent{}, err
	}
	switch sa.Status {
	case SelfAssessmentSent:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Self-assessment %d has not been submitted yet. It can be reviewed once the supplier submits it.", sa.ID)
	case SelfAssessmentReviewed:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Self-assessment %d has already been reviewed.", sa.ID)
	}
	if rec == "" {
		rec = RecommendNone
	}
	switch {
	case !verdict.Valid():
		return FollowUpEvent{}, invalid("verdict", "Choose approved or deficient.")
	case !rec.Valid():
		return FollowUpEvent{}, invalid("recommendation", "Choose a recommendation from the list.")
	case verdict == VerdictDeficient && rec == RecommendNone:
		return FollowUpEvent{}, invalid("recommendation", "A deficient self-assessment needs a recommendation: office audit, site audit or dialogue.")
	case verdict == VerdictApproved && rec != RecommendNone:
		return FollowUpEvent{}, invalid("recommendation", "An approved self-assessment takes no recommendation. Choose deficient to recommend an audit or dialogue.")
	}
	note = strings.TrimSpace(note)
	if err := tooLong("note", note, maxLongText); err != nil {
		return FollowUpEvent{}, err
	}
	sa.Status = SelfAssessmentReviewed
	sa.ReviewedAt = at
	sa.ReviewedBy = by.UserID
	sa.ReviewedByLabel = by.Label()
	sa.Verdict = verdict
	sa.Recommendation = rec
	sa.ReviewNote = note
	return f.record(by, at, FollowUpEvent{Type: EventSelfAssessmentReviewed, SelfAssessmentID: sa.ID,
		Verdict: verdict, Recommendation: rec, Note: note}), nil
}

// AuditPlan is what planning an audit needs.
type AuditPlan struct {
	Kind          AuditKind
	PlannedFor    time.Time // calendar date
	AuditorOrgID  int64
	AuditorUserID int64  // optional
	AuditorName   string // optional, for an auditor without an account
	SiteID        int64  // required for a site audit, optional for a re-audit, empty otherwise
}

// PlanAudit plans an audit. A re-audit needs an open deviation to verify.
// The store checks that the site belongs to the supplier.
func (f *FollowUp) PlanAudit(by Actor, at time.Time, in AuditPlan) (FollowUpEvent, error) {
	if err := f.begin(by, at); err != nil {
		return FollowUpEvent{}, err
	}
	p := Problems{}
	if !in.Kind.Valid() {
		p.Add("kind", "Choose the kind of audit: office audit, site audit, re-audit or desk review.")
	}
	planned := DateOf(in.PlannedFor)
	if planned.IsZero() {
		p.Add("planned_for", "Enter the date the audit is planned for.")
	} else if planned.Before(DateOf(f.OpenedAt)) {
		p.Add("planned_for", "The planned date cannot be before the follow-up was opened (%s).", dateString(f.OpenedAt))
	}
	if in.AuditorOrgID <= 0 {
		p.Add("auditor_org_id", "Choose the organisation that performs the audit: a region, the national office or an audit firm.")
	}
	if in.AuditorUserID < 0 {
		p.Add("auditor_user_id", "Choose the auditor from the list, or leave it empty.")
	}
	name := strings.TrimSpace(in.AuditorName)
	if len(name) > maxShortText {
		p.Add("auditor_name", "The auditor's name can be at most %d characters.", maxShortText)
	}
	switch {
	case in.Kind == AuditSite && in.SiteID <= 0:
		p.Add("site_id", "A site audit needs the production site to be audited.")
	case (in.Kind == AuditOffice || in.Kind == AuditDeskReview) && in.SiteID != 0:
		p.Add("site_id", "Only site audits and re-audits take place at a production site. Leave the site empty.")
	case in.SiteID < 0:
		p.Add("site_id", "Choose the production site from the list.")
	}
	if err := problemsErr(p); err != nil {
		return FollowUpEvent{}, err
	}
	if in.Kind == AuditReAudit && f.OpenDeviationCount() == 0 {
		return FollowUpEvent{}, Errorf(ECONFLICT, "A re-audit verifies that deviations have been fixed, and this follow-up has no open deviations. Plan an office or site audit instead.")
	}
	a := Audit{
		ID:            f.nextAuditID(),
		Kind:          in.Kind,
		Status:        AuditPlanned,
		PlannedFor:    planned,
		PlannedAt:     at,
		AuditorOrgID:  in.AuditorOrgID,
		AuditorUserID: in.AuditorUserID,
		AuditorName:   name,
		SiteID:        in.SiteID,
	}
	f.Audits = append(f.Audits, a)
	return f.record(by, at, FollowUpEvent{Type: EventAuditPlanned, AuditID: a.ID, AuditKind: a.Kind, Date: planned}), nil
}

// PerformAudit records that a planned audit was performed on the calendar
// date performedOn, which cannot be later than the day of at nor earlier
// than the day the follow-up was opened. The report (a content hash) may
// be attached now or later with AttachAuditReport.
func (f *FollowUp) PerformAudit(by Actor, at time.Time, auditID int64, performedOn time.Time, report, findings string) (FollowUpEvent, error) {
	if err := f.begin(by, at); err != nil {
		return FollowUpEvent{}, err
	}
	a, err := f.findAudit(auditID)
	if err != nil {
		return FollowUpEvent{}, err
	}
	switch a.Status {
	case AuditPerformed:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Audit %d has already been recorded as performed.", a.ID)
	case AuditCancelled:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Audit %d was cancelled. Plan a new audit instead.", a.ID)
	}
	p := Problems{}
	on := DateOf(performedOn)
	switch {
	case on.IsZero():
		p.Add("performed_on", "Enter the date the audit was performed.")
	case on.After(DateOf(at)):
		p.Add("performed_on", "The date performed cannot be later than today (%s).", dateString(at))
	case on.Before(DateOf(f.OpenedAt)):
		p.Add("performed_on", "The date performed cannot be before the follow-up was opened (%s).", dateString(f.OpenedAt))
	}
	if report != "" && !ValidAttachmentRef(report) {
		p.Add("report", "The report is not a stored file. Upload it again.")
	}
	findings = strings.TrimSpace(findings)
	if len(findings) > maxLongText {
		p.Add("findings", "The summary of findings can be at most %d characters.", maxLongText)
	}
	if err := problemsErr(p); err != nil {
		return FollowUpEvent{}, err
	}
	a.Status = AuditPerformed
	a.PerformedOn = on
	a.PerformedAt = at
	a.ReportAttachment = report
	a.Findings = findings
	return f.record(by, at, FollowUpEvent{Type: EventAuditPerformed, AuditID: a.ID, AuditKind: a.Kind, Date: on}), nil
}

// AttachAuditReport attaches (or replaces) the report of a performed audit.
func (f *FollowUp) AttachAuditReport(by Actor, at time.Time, auditID int64, report string) (FollowUpEvent, error) {
	if err := f.begin(by, at); err != nil {
		return FollowUpEvent{}, err
	}
	a, err := f.findAudit(auditID)
	if err != nil {
		return FollowUpEvent{}, err
	}
	switch a.Status {
	case AuditPlanned:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Audit %d has not been performed yet. Attach the report when you record the audit as performed.", a.ID)
	case AuditCancelled:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Audit %d was cancelled, so it has no report.", a.ID)
	}
	if report == "" {
		return FollowUpEvent{}, invalid("report", "Upload the audit report.")
	}
	if !ValidAttachmentRef(report) {
		return FollowUpEvent{}, invalid("report", "The report is not a stored file. Upload it again.")
	}
	a.ReportAttachment = report
	return f.record(by, at, FollowUpEvent{Type: EventAuditReportAttached, AuditID: a.ID, AuditKind: a.Kind}), nil
}

// CancelAudit cancels a planned audit, with the reason.
func (f *FollowUp) CancelAudit(by Actor, at time.Time, auditID int64, reason string) (FollowUpEvent, error) {
	if err := f.begin(by, at); err != nil {
		return FollowUpEvent{}, err
	}
	a, err := f.findAudit(auditID)
	if err != nil {
		return FollowUpEvent{}, err
	}
	switch a.Status {
	case AuditPerformed:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Audit %d has already been performed and cannot be cancelled.", a.ID)
	case AuditCancelled:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Audit %d is already cancelled.", a.ID)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return FollowUpEvent{}, invalid("reason", "Write why the audit is cancelled.")
	}
	if err := tooLong("reason", reason, maxLongText); err != nil {
		return FollowUpEvent{}, err
	}
	a.Status = AuditCancelled
	a.CancelledAt = at
	a.CancelReason = reason
	return f.record(by, at, FollowUpEvent{Type: EventAuditCancelled, AuditID: a.ID, AuditKind: a.Kind, Note: reason}), nil
}

// DeviationInput is what recording a deviation needs.
type DeviationInput struct {
	RequirementCode string // one of the follow-up's RequirementCodes
	Severity        Severity
	Description     string
	Evidence        []string  // content hashes of attachments
	PlanDueOn       time.Time // optional: the date by which the supplier must submit a corrective action
}

// RecordDeviation records a deviation found by a performed audit of any
// kind (a re-audit or desk review may find new ones).
func (f *FollowUp) RecordDeviation(by Actor, at time.Time, auditID int64, in DeviationInput) (FollowUpEvent, error) {
	if err := f.begin(by, at); err != nil {
		return FollowUpEvent{}, err
	}
	a, err := f.findAudit(auditID)
	if err != nil {
		return FollowUpEvent{}, err
	}
	switch a.Status {
	case AuditPlanned:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Audit %d has not been performed yet. Record it as performed before adding its deviations.", a.ID)
	case AuditCancelled:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Audit %d was cancelled, so it has no deviations.", a.ID)
	}
	p := Problems{}
	code := strings.TrimSpace(in.RequirementCode)
	if code == "" {
		p.Add("requirement_code", "Choose the requirement the deviation is against.")
	} else if !oneOf(code, f.RequirementCodes) {
		p.Add("requirement_code", "Requirement %s is not in the scope of this follow-up. Choose one of: %s.", code, strings.Join(f.RequirementCodes, ", "))
	}
	if !in.Severity.Valid() {
		p.Add("severity", "Choose the severity: major, minor or observation.")
	}
	desc := strings.TrimSpace(in.Description)
	if desc == "" {
		p.Add("description", "Describe the deviation: what was found and how it falls short of the requirement.")
	} else if len(desc) > maxLongText {
		p.Add("description", "The description can be at most %d characters.", maxLongText)
	}
	checkEvidence(p, "evidence", in.Evidence)
	due := DateOf(in.PlanDueOn)
	if !due.IsZero() && due.Before(a.PerformedOn) {
		p.Add("plan_due_on", "The due date for the action plan cannot be before the audit was performed (%s).", dateString(a.PerformedOn))
	}
	if err := problemsErr(p); err != nil {
		return FollowUpEvent{}, err
	}
	d := Deviation{
		ID:              f.nextDeviationID(),
		AuditID:         a.ID,
		RequirementCode: code,
		Severity:        in.Severity,
		Description:     desc,
		Evidence:        append([]string(nil), in.Evidence...),
		Status:          DeviationOpen,
		RecordedAt:      at,
		PlanDueOn:       due,
	}
	f.Deviations = append(f.Deviations, d)
	return f.record(by, at, FollowUpEvent{Type: EventDeviationRecorded, DeviationID: d.ID, AuditID: a.ID,
		Severity: d.Severity, RequirementCode: code, Date: due}), nil
}

// ActionInput is what submitting a corrective action needs.
type ActionInput struct {
	Description string
	Owner       string    // who at the supplier is responsible
	Deadline    time.Time // calendar date, today or later
}

// SubmitAction records the supplier's corrective action for a deviation
// that has none waiting or approved: an open deviation, or one whose
// action was returned (the new action revises it).
func (f *FollowUp) SubmitAction(by Actor, at time.Time, deviationID int64, in ActionInput) (FollowUpEvent, error) {
	if err := f.begin(by, at); err != nil {
		return FollowUpEvent{}, err
	}
	d, err := f.findDeviation(deviationID)
	if err != nil {
		return FollowUpEvent{}, err
	}
	switch d.Status {
	case DeviationActionSubmitted:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Deviation %d already has a corrective action waiting for review. Approve or return it first.", d.ID)
	case DeviationActionApproved:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Deviation %d already has an approved corrective action. Report progress on it instead.", d.ID)
	case DeviationClosed:
		return FollowUpEvent{}, errDeviationClosed(d.ID)
	}
	p := Problems{}
	desc := strings.TrimSpace(in.Description)
	if desc == "" {
		p.Add("description", "Describe the corrective action.")
	} else if len(desc) > maxLongText {
		p.Add("description", "The description can be at most %d characters.", maxLongText)
	}
	owner := strings.TrimSpace(in.Owner)
	if owner == "" {
		p.Add("owner", "Enter who at the supplier is responsible for the action.")
	} else if len(owner) > maxShortText {
		p.Add("owner", "The owner can be at most %d characters.", maxShortText)
	}
	deadline := DateOf(in.Deadline)
	if deadline.IsZero() {
		p.Add("deadline", "Enter the deadline for the action.")
	} else if deadline.Before(DateOf(at)) {
		p.Add("deadline", "The deadline cannot be before today (%s).", dateString(at))
	}
	if err := problemsErr(p); err != nil {
		return FollowUpEvent{}, err
	}
	act := CorrectiveAction{
		ID:          f.nextActionID(),
		Description: desc,
		Owner:       owner,
		Deadline:    deadline,
		Status:      ActionSubmitted,
		SubmittedAt: at,
	}
	d.Actions = append(d.Actions, act)
	d.Status = DeviationActionSubmitted
	return f.record(by, at, FollowUpEvent{Type: EventActionSubmitted, DeviationID: d.ID, ActionID: act.ID, Date: deadline}), nil
}

// ApproveAction approves a submitted corrective action; comment is optional.
func (f *FollowUp) ApproveAction(by Actor, at time.Time, actionID int64, comment string) (FollowUpEvent, error) {
	return f.reviewAction(by, at, actionID, true, comment)
}

// ReturnAction returns a submitted corrective action to the supplier with
// a comment that says what to change.
func (f *FollowUp) ReturnAction(by Actor, at time.Time, actionID int64, comment string) (FollowUpEvent, error) {
	return f.reviewAction(by, at, actionID, false, comment)
}

func (f *FollowUp) reviewAction(by Actor, at time.Time, actionID int64, approve bool, comment string) (FollowUpEvent, error) {
	if err := f.begin(by, at); err != nil {
		return FollowUpEvent{}, err
	}
	d, act, err := f.findAction(actionID)
	if err != nil {
		return FollowUpEvent{}, err
	}
	if d.Status == DeviationClosed {
		return FollowUpEvent{}, errDeviationClosed(d.ID)
	}
	switch {
	case act.Status == ActionApproved && approve:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Corrective action %d has already been approved.", act.ID)
	case act.Status == ActionApproved:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Corrective action %d has already been approved and cannot be returned.", act.ID)
	case act.Status == ActionReturned && approve:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Corrective action %d was returned to the supplier and cannot be approved. Wait for the revised action.", act.ID)
	case act.Status == ActionReturned:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Corrective action %d has already been returned to the supplier.", act.ID)
	}
	comment = strings.TrimSpace(comment)
	if !approve && comment == "" {
		return FollowUpEvent{}, invalid("comment", "Write a comment that tells the supplier what to change.")
	}
	if err := tooLong("comment", comment, maxLongText); err != nil {
		return FollowUpEvent{}, err
	}
	e := FollowUpEvent{DeviationID: d.ID, ActionID: act.ID, Note: comment}
	if approve {
		act.Status, d.Status = ActionApproved, DeviationActionApproved
		e.Type, e.Date = EventActionApproved, act.Deadline
	} else {
		act.Status, d.Status = ActionReturned, DeviationActionReturned
		e.Type = EventActionReturned
	}
	act.ReviewedAt = at
	act.ReviewedBy = by.UserID
	act.ReviewedByLabel = by.Label()
	act.ReviewComment = comment
	return f.record(by, at, e), nil
}

// ReportProgress records the supplier's progress on an approved corrective
// action, with optional evidence.
func (f *FollowUp) ReportProgress(by Actor, at time.Time, actionID int64, text string, evidence []string) (FollowUpEvent, error) {
	if err := f.begin(by, at); err != nil {
		return FollowUpEvent{}, err
	}
	d, act, err := f.findAction(actionID)
	if err != nil {
		return FollowUpEvent{}, err
	}
	if d.Status == DeviationClosed {
		return FollowUpEvent{}, errDeviationClosed(d.ID)
	}
	switch act.Status {
	case ActionSubmitted:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Corrective action %d has not been approved yet. Progress can be reported once it is approved.", act.ID)
	case ActionReturned:
		return FollowUpEvent{}, Errorf(ECONFLICT, "Corrective action %d was returned to the supplier. Submit a revised action instead.", act.ID)
	}
	p := Problems{}
	text = strings.TrimSpace(text)
	if text == "" {
		p.Add("text", "Describe the progress made.")
	} else if len(text) > maxLongText {
		p.Add("text", "The text can be at most %d characters.", maxLongText)
	}
	checkEvidence(p, "evidence", evidence)
	if err := problemsErr(p); err != nil {
		return FollowUpEvent{}, err
	}
	act.Progress = append(act.Progress, ProgressNote{At: at, By: by.UserID, ByLabel: by.Label(), Text: text,
		Evidence: append([]string(nil), evidence...)})
	return f.record(by, at, FollowUpEvent{Type: EventActionProgress, DeviationID: d.ID, ActionID: act.ID, Note: text}), nil
}

// CloseDeviation closes (släcker) a deviation as verified. A major or minor
// deviation needs an approved corrective action and the id of a performed
// re-audit or desk review, other than the audit that found it and not
// performed before it, that verified the fix. An observation can be closed
// in any state, with or without a verifying audit (0).
func (f *FollowUp) CloseDeviation(by Actor, at time.Time, deviationID, verifiedByAuditID int64, note string) (FollowUpEvent, error) {
	if err := f.begin(by, at); err != nil {
		return FollowUpEvent{}, err
	}
	d, err := f.findDeviation(deviationID)
	if err != nil {
		return FollowUpEvent{}, err
	}
	if d.Status == DeviationClosed {
		return FollowUpEvent{}, Errorf(ECONFLICT, "Deviation %d is already closed.", d.ID)
	}
	if d.Severity != SeverityObservation {
		switch d.Status {
		case DeviationOpen:
			return FollowUpEvent{}, Errorf(ECONFLICT, "Deviation %d has no corrective action yet. A major or minor deviation is closed once its action is approved and the fix verified.", d.ID)
		case DeviationActionSubmitted:
			return FollowUpEvent{}, Errorf(ECONFLICT, "The corrective action for deviation %d is waiting for review. Approve it before closing the deviation.", d.ID)
		case DeviationActionReturned:
			return FollowUpEvent{}, Errorf(ECONFLICT, "The corrective action for deviation %d was returned to the supplier. Approve a revised action before closing the deviation.", d.ID)
		}
		if verifiedByAuditID == 0 {
			return FollowUpEvent{}, invalid("audit_id", "Choose the re-audit or desk review that verified the fix.")
		}
	}
	if verifiedByAuditID != 0 {
		a, err := f.findAudit(verifiedByAuditID)
		if err != nil {
			return FollowUpEvent{}, err
		}
		found, _ := f.findAudit(d.AuditID)
		switch {
		case !a.Kind.Verifies():
			return FollowUpEvent{}, invalid("audit_id", "Audit %d is not a re-audit or desk review. Choose the re-audit or desk review that verified the fix.", a.ID)
		case a.Status != AuditPerformed:
			return FollowUpEvent{}, Errorf(ECONFLICT, "Audit %d has not been performed. Record it as performed before closing deviations with it.", a.ID)
		case a.ID == d.AuditID:
			return FollowUpEvent{}, invalid("audit_id", "Deviation %d was found in audit %d, which cannot also verify the fix. Choose a later re-audit or desk review.", d.ID, a.ID)
		case found != nil && a.PerformedOn.Before(found.PerformedOn):
			return FollowUpEvent{}, invalid("audit_id", "Audit %d was performed before deviation %d was found. Choose a later re-audit or desk review.", a.ID, d.ID)
		}
	}
	note = strings.TrimSpace(note)
	if err := tooLong("note", note, maxLongText); err != nil {
		return FollowUpEvent{}, err
	}
	d.Status = DeviationClosed
	d.ClosedAt = at
	d.ClosedBy = by.UserID
	d.ClosedByLabel = by.Label()
	d.VerifiedByAuditID = verifiedByAuditID
	d.CloseNote = note
	return f.record(by, at, FollowUpEvent{Type: EventDeviationClosed, DeviationID: d.ID, AuditID: verifiedByAuditID,
		Severity: d.Severity, RequirementCode: d.RequirementCode, Note: note}), nil
}

// EscalationInput is what an escalation needs.
type EscalationInput struct {
	Level            EscalationLevel
	DeviationID      int64  // optional: the overdue deviation it is about
	SelfAssessmentID int64  // optional: the overdue self-assessment it is about
	Note             string // what the supplier was told
}

// Escalate records a reminder, warning or sanction recommendation. Something
// must be overdue at the time of the escalation (and the deviation or
// self-assessment named, if any, must be among the overdue items), and the
// levels come in order within the follow-up: a warning after a reminder, a
// sanction recommendation after a warning.
func (f *FollowUp) Escalate(by Actor, at time.Time, in EscalationInput) (FollowUpEvent, error) {
	if err := f.begin(by, at); err != nil {
		return FollowUpEvent{}, err
	}
	if in.DeviationID != 0 {
		if _, err := f.findDeviation(in.DeviationID); err != nil {
			return FollowUpEvent{}, err
		}
	}
	if in.SelfAssessmentID != 0 {
		if _, err := f.findSelfAssessment(in.SelfAssessmentID); err != nil {
			return FollowUpEvent{}, err
		}
	}
	overdue := f.Overdue(at)
	if len(overdue) == 0 {
		return FollowUpEvent{}, Errorf(ECONFLICT, "Nothing in this follow-up is overdue, so there is nothing to escalate. Escalate when a deadline has passed.")
	}
	p := Problems{}
	if !in.Level.Valid() {
		p.Add("level", "Choose the level: reminder, warning or sanction recommendation.")
	}
	if in.DeviationID != 0 && in.SelfAssessmentID != 0 {
		p.Add("deviation_id", "Escalate either a deviation or a self-assessment, not both.")
	}
	note := strings.TrimSpace(in.Note)
	if note == "" {
		p.Add("note", "Write what the supplier was told and by when it must act.")
	} else if len(note) > maxLongText {
		p.Add("note", "The note can be at most %d characters.", maxLongText)
	}
	if err := problemsErr(p); err != nil {
		return FollowUpEvent{}, err
	}
	if in.DeviationID != 0 && !overdueHas(overdue, func(o OverdueItem) bool { return o.DeviationID == in.DeviationID }) {
		return FollowUpEvent{}, Errorf(ECONFLICT, "Deviation %d is not overdue. Escalate only deadlines that have passed.", in.DeviationID)
	}
	if in.SelfAssessmentID != 0 && !overdueHas(overdue, func(o OverdueItem) bool { return o.SelfAssessmentID == in.SelfAssessmentID }) {
		return FollowUpEvent{}, Errorf(ECONFLICT, "Self-assessment %d is not overdue. Escalate only deadlines that have passed.", in.SelfAssessmentID)
	}
	if in.Level.rank() > f.HighestEscalation().rank()+1 {
		if in.Level == EscalationWarning {
			return FollowUpEvent{}, Errorf(ECONFLICT, "A warning comes after a reminder. Send the supplier a reminder first.")
		}
		return FollowUpEvent{}, Errorf(ECONFLICT, "A sanction recommendation comes after a warning. Warn the supplier first.")
	}
	esc := Escalation{
		ID:               f.nextEscalationID(),
		Level:            in.Level,
		At:               at,
		By:               by.UserID,
		ByLabel:          by.Label(),
		Note:             note,
		DeviationID:      in.DeviationID,
		SelfAssessmentID: in.SelfAssessmentID,
	}
	f.Escalations = append(f.Escalations, esc)
	typ := map[EscalationLevel]EventType{
		EscalationReminder: EventEscalationReminder,
		EscalationWarning:  EventEscalationWarning,
		EscalationSanction: EventEscalationSanction,
	}[in.Level]
	return f.record(by, at, FollowUpEvent{Type: typ, EscalationID: esc.ID, DeviationID: in.DeviationID,
		SelfAssessmentID: in.SelfAssessmentID, Note: note}), nil
}

// Close closes the follow-up. No audit may still be planned. As resolved,
// every deviation must be closed and no self-assessment may be waiting;
// with another reason deviations may stay open, and the reason is kept and
// shown with the follow-up. CloseOther needs text saying why.
func (f *FollowUp) Close(by Actor, at time.Time, reason CloseReason, text string) (FollowUpEvent, error) {
	if err := attributed(by, at); err != nil {
		return FollowUpEvent{}, err
	}
	if f.Status == FollowUpClosed {
		return FollowUpEvent{}, Errorf(ECONFLICT, "This follow-up was already closed on %s.", dateString(f.ClosedAt))
	}
	for _, a := range f.Audits {
		if a.Status == AuditPlanned {
			return FollowUpEvent{}, Errorf(ECONFLICT, "Audit %d is still planned. Record it as performed or cancel it before closing the follow-up.", a.ID)
		}
	}
	text = strings.TrimSpace(text)
	switch {
	case !reason.Valid():
		return FollowUpEvent{}, invalid("reason", "Choose why the follow-up is closed: resolved, contracts expired, supplier ceased trading or other.")
	case reason == CloseOther && text == "":
		return FollowUpEvent{}, invalid("text", "Describe why the follow-up is closed.")
	}
	if err := tooLong("text", text, maxLongText); err != nil {
		return FollowUpEvent{}, err
	}
	if reason == CloseResolved {
		switch n := f.OpenDeviationCount(); {
		case n == 1:
			return FollowUpEvent{}, Errorf(ECONFLICT, "The follow-up cannot be closed as resolved while 1 deviation is open. Close it, or choose a reason such as expired contracts.")
		case n > 1:
			return FollowUpEvent{}, Errorf(ECONFLICT, "The follow-up cannot be closed as resolved while %d deviations are open. Close them, or choose a reason such as expired contracts.", n)
		}
		for _, sa := range f.SelfAssessments {
			switch sa.Status {
			case SelfAssessmentSent:
				return FollowUpEvent{}, Errorf(ECONFLICT, "Self-assessment %d is still waiting for the supplier's answers. Review it before closing the follow-up as resolved, or choose another reason.", sa.ID)
			case SelfAssessmentSubmitted:
				return FollowUpEvent{}, Errorf(ECONFLICT, "Self-assessment %d is waiting for review. Review it before closing the follow-up as resolved.", sa.ID)
			}
		}
	}
	f.Status = FollowUpClosed
	f.ClosedAt = at
	f.ClosedBy = by.UserID
	f.ClosedByLabel = by.Label()
	f.CloseReason = reason
	f.CloseText = text
	return f.record(by, at, FollowUpEvent{Type: EventFollowUpClosed, CloseReason: reason, Note: text}), nil
}

// Overdue lists the deadlines that have passed on the calendar day of now:
// self-assessments sent but not submitted by their due date, and deviations
// not closed whose current corrective action's deadline (or, before any
// action, the plan due date) has passed. A date is overdue from the day
// after it. A closed follow-up has nothing overdue. Items come
// self-assessments first, then deviations, each in id order.
func (f *FollowUp) Overdue(now time.Time) []OverdueItem {
	today := DateOf(now)
	var out []OverdueItem
	for _, item := range f.pending() {
		if today.After(item.Due) {
			item.DaysLate = int(today.Sub(item.Due).Hours() / 24)
			out = append(out, item)
		}
	}
	return out
}

// NextDue is the earliest pending deadline (the date Overdue and Light
// turn on the day after), or the zero time when nothing is pending. A
// store can keep it in a column to list red follow-ups without loading
// them.
func (f *FollowUp) NextDue() time.Time {
	var next time.Time
	for _, item := range f.pending() {
		if next.IsZero() || item.Due.Before(next) {
			next = item.Due
		}
	}
	return next
}

// pending lists every deadline still to be met, overdue or not.
func (f *FollowUp) pending() []OverdueItem {
	if f.Status == FollowUpClosed {
		return nil
	}
	var out []OverdueItem
	for _, sa := range f.SelfAssessments {
		if sa.Status == SelfAssessmentSent && !sa.DueOn.IsZero() {
			out = append(out, OverdueItem{Kind: OverdueSelfAssessment, SelfAssessmentID: sa.ID, Due: sa.DueOn})
		}
	}
	for i := range f.Deviations {
		d := &f.Deviations[i]
		if d.Status == DeviationClosed {
			continue
		}
		item := OverdueItem{Kind: OverdueActionPlan, DeviationID: d.ID, Due: d.PlanDueOn}
		if act := d.CurrentAction(); act != nil {
			item.Kind, item.ActionID, item.Due = OverdueAction, act.ID, act.Deadline
		}
		if !item.Due.IsZero() {
			out = append(out, item)
		}
	}
	return out
}

// Light is the follow-up's traffic light on the day of now: green when it
// is closed, or has no open deviations and nothing overdue; red when a
// deadline has passed; yellow while deviations are being handled within
// their deadlines.
func (f *FollowUp) Light(now time.Time) Light {
	switch {
	case f.Status == FollowUpClosed:
		return LightGreen
	case len(f.Overdue(now)) > 0:
		return LightRed
	case f.OpenDeviationCount() > 0:
		return LightYellow
	}
	return LightGreen
}

// StatusLabel says whether the follow-up is open or closed and, when
// closed, why, so that the reason shows wherever the follow-up does.
func (f *FollowUp) StatusLabel() Message {
	if f.Status != FollowUpClosed {
		return Msg("Open")
	}
	switch f.CloseReason {
	case CloseResolved:
		return Msg("Closed: resolved")
	case CloseContractsExpired:
		return Msg("Closed: contracts expired")
	case CloseSupplierCeased:
		return Msg("Closed: supplier ceased trading")
	}
	return Msg("Closed: %s", f.CloseText)
}

// OpenDeviationCount counts the deviations not yet closed, observations
// included.
func (f *FollowUp) OpenDeviationCount() int {
	n := 0
	for _, d := range f.Deviations {
		if d.Status != DeviationClosed {
			n++
		}
	}
	return n
}

// HighestEscalation is the highest level escalated to so far, "" for none.
func (f *FollowUp) HighestEscalation() EscalationLevel {
	var top EscalationLevel
	for _, e := range f.Escalations {
		if e.Level.rank() > top.rank() {
			top = e.Level
		}
	}
	return top
}

// SelfAssessmentByID returns the self-assessment with the id, or nil. The
// pointer is valid until the follow-up next changes.
func (f *FollowUp) SelfAssessmentByID(id int64) *SelfAssessment {
	for i := range f.SelfAssessments {
		if f.SelfAssessments[i].ID == id {
			return &f.SelfAssessments[i]
		}
	}
	return nil
}

// AuditByID returns the audit with the id, or nil.
func (f *FollowUp) AuditByID(id int64) *Audit {
	for i := range f.Audits {
		if f.Audits[i].ID == id {
			return &f.Audits[i]
		}
	}
	return nil
}

// DeviationByID returns the deviation with the id, or nil.
func (f *FollowUp) DeviationByID(id int64) *Deviation {
	for i := range f.Deviations {
		if f.Deviations[i].ID == id {
			return &f.Deviations[i]
		}
	}
	return nil
}

// ActionByID returns the corrective action with the id and its deviation,
// or nils.
func (f *FollowUp) ActionByID(id int64) (*CorrectiveAction, *Deviation) {
	for i := range f.Deviations {
		d := &f.Deviations[i]
		for j := range d.Actions {
			if d.Actions[j].ID == id {
				return &d.Actions[j], d
			}
		}
	}
	return nil, nil
}

// CurrentAction is the deviation's latest corrective action, or nil.
func (d *Deviation) CurrentAction() *CorrectiveAction {
	if len(d.Actions) == 0 {
		return nil
	}
	return &d.Actions[len(d.Actions)-1]
}

// ValidAttachmentRef reports whether s names a stored attachment: the
// SHA-256 of its content as 64 lower-case hexadecimal digits.
func ValidAttachmentRef(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
			return false
		}
	}
	return true
}

// DateOf returns the calendar day of t (in t's own location) as midnight
// UTC, the form in which tillit keeps dates such as deadlines. The zero
// time stays zero.
func DateOf(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// attributed refuses a change that is not dated or not attributed to a user
// or a named system job: the annual report counts these events.
func attributed(by Actor, at time.Time) error {
	if !by.System && by.UserID == 0 {
		return Errorf(EINVALID, "Every change to a follow-up must be made by a signed-in user or a named system job.")
	}
	if by.System && by.Name == "" {
		return Errorf(EINVALID, "Every change to a follow-up must be made by a signed-in user or a named system job.")
	}
	if at.IsZero() {
		return Errorf(EINVALID, "The time of the change is missing.")
	}
	return nil
}

// begin runs the checks every change to an existing follow-up starts with.
func (f *FollowUp) begin(by Actor, at time.Time) error {
	if err := attributed(by, at); err != nil {
		return err
	}
	if f.Status == FollowUpClosed {
		return Errorf(ECONFLICT, "This follow-up was closed on %s and can no longer be changed. Open a new follow-up to continue following up the supplier.", dateString(f.ClosedAt))
	}
	return nil
}

// record completes e with when, who and which follow-up, and appends it to
// the timeline.
func (f *FollowUp) record(by Actor, at time.Time, e FollowUpEvent) FollowUpEvent {
	e.At = at
	e.ByUserID = by.UserID
	e.ByLabel = by.Label()
	e.FollowUpID = f.ID
	f.Timeline = append(f.Timeline, e)
	return e
}

func (f *FollowUp) findSelfAssessment(id int64) (*SelfAssessment, error) {
	if sa := f.SelfAssessmentByID(id); sa != nil {
		return sa, nil
	}
	return nil, Errorf(ENOTFOUND, "This follow-up has no self-assessment %d.", id)
}

func (f *FollowUp) findAudit(id int64) (*Audit, error) {
	if a := f.AuditByID(id); a != nil {
		return a, nil
	}
	return nil, Errorf(ENOTFOUND, "This follow-up has no audit %d.", id)
}

func (f *FollowUp) findDeviation(id int64) (*Deviation, error) {
	if d := f.DeviationByID(id); d != nil {
		return d, nil
	}
	return nil, Errorf(ENOTFOUND, "This follow-up has no deviation %d.", id)
}

func (f *FollowUp) findAction(id int64) (*Deviation, *CorrectiveAction, error) {
	if act, d := f.ActionByID(id); act != nil {
		return d, act, nil
	}
	return nil, nil, Errorf(ENOTFOUND, "This follow-up has no corrective action %d.", id)
}

func errDeviationClosed(id int64) error {
	return Errorf(ECONFLICT, "Deviation %d is closed and needs no further action.", id)
}

// nextID is one more than the highest id among items, so numbering goes on
// correctly after a follow-up is loaded from the store.
func nextID[T any](items []T, id func(T) int64) int64 {
	var top int64
	for _, v := range items {
		top = max(top, id(v))
	}
	return top + 1
}

func (f *FollowUp) nextSelfAssessmentID() int64 {
	return nextID(f.SelfAssessments, func(v SelfAssessment) int64 { return v.ID })
}

func (f *FollowUp) nextAuditID() int64 { return nextID(f.Audits, func(v Audit) int64 { return v.ID }) }

func (f *FollowUp) nextDeviationID() int64 {
	return nextID(f.Deviations, func(v Deviation) int64 { return v.ID })
}

// nextActionID numbers actions across all deviations of the follow-up, so
// an action id alone names one.
func (f *FollowUp) nextActionID() int64 {
	var top int64
	for _, d := range f.Deviations {
		top = max(top, nextID(d.Actions, func(a CorrectiveAction) int64 { return a.ID })-1)
	}
	return top + 1
}

func (f *FollowUp) nextEscalationID() int64 {
	return nextID(f.Escalations, func(v Escalation) int64 { return v.ID })
}

// invalid is an EINVALID error about one field whose sentence is also the
// error's message, so an API client or a form without the field sees it.
func invalid(field, format string, args ...any) error {
	m := Msg(format, args...)
	return &Error{Code: EINVALID, Msg: m, Fields: map[string]Message{field: m}}
}

// problemsErr is Problems.Err, except that a single problem becomes the
// message itself rather than "Check the fields marked below."
func problemsErr(p Problems) error {
	if len(p) == 1 {
		for field, m := range p {
			return &Error{Code: EINVALID, Msg: m, Fields: map[string]Message{field: m}}
		}
	}
	return p.Err()
}

func tooLong(field, s string, limit int) error {
	if len(s) > limit {
		return invalid(field, "The text can be at most %d characters.", limit)
	}
	return nil
}

func checkEvidence(p Problems, field string, refs []string) {
	for _, r := range refs {
		if !ValidAttachmentRef(r) {
			p.Add(field, "One of the evidence files is not a stored file. Upload it again.")
			return
		}
	}
}

func overdueHas(items []OverdueItem, match func(OverdueItem) bool) bool {
	for _, o := range items {
		if match(o) {
			return true
		}
	}
	return false
}

func dateString(t time.Time) string { return DateOf(t).Format(time.DateOnly) }

func oneOf[T comparable](v T, list []T) bool {
	for _, x := range list {
		if v == x {
			return true
		}
	}
	return false
}
