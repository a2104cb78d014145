package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/web"
)

// POST /api/v1/followups/{id}/events is the one way to change a
// follow-up: the body names the event type ("audit.planned") and carries
// the fields of that change, which the domain method of the same name
// checks. One endpoint rather than one per change keeps the API the same
// shape as the timeline it writes to.

// need says who may make a change.
type need int

const (
	// needResponsible: the office and the coordinators of the follow-up's
	// responsible regions (ActChangeFollowUp).
	needResponsible need = iota
	// needAuditor: as needResponsible, and the auditor assigned to the
	// audit concerned (ActEditAudit).
	needAuditor
	// needSupplier: the supplier's own staff (ActRespondAsSupplier), and
	// the national office entering what a supplier sent another way.
	needSupplier
)

// change is a decoded request for one event.
type change struct {
	need    need
	auditID int64 // for needAuditor: the audit whose results are recorded
	// check looks up what the domain cannot see (sites, auditors, stored
	// files) before the change; nil when there is nothing to look up.
	check func(ctx context.Context, a *API, actor tillit.Actor, f *tillit.FollowUp) error
	apply func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error)
}

// transitions decode the body of each event type that clients may post.
// followup.opened is not among them: POST /api/v1/followups opens one.
// The table is fixed at compile time and only read.
var transitions = map[tillit.EventType]func(*http.Request) (change, error){
	tillit.EventSelfAssessmentSent: func(r *http.Request) (change, error) {
		var in struct {
			Type  string `json:"type"`
			DueOn string `json:"due_on"`
		}
		if err := decode(r, &in); err != nil {
			return change{}, err
		}
		p := tillit.Problems{}
		due := dateParam(p, "due_on", in.DueOn)
		return change{need: needResponsible, apply: func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
			return f.SendSelfAssessment(by, at, due)
		}}, problems(p)
	},
	tillit.EventSelfAssessmentSubmitted: func(r *http.Request) (change, error) {
		var in struct {
			Type             string `json:"type"`
			SelfAssessmentID int64  `json:"self_assessment_id"`
		}
		if err := decode(r, &in); err != nil {
			return change{}, err
		}
		return change{need: needSupplier, apply: func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
			return f.SubmitSelfAssessment(by, at, in.SelfAssessmentID)
		}}, nil
	},
	tillit.EventSelfAssessmentReviewed: func(r *http.Request) (change, error) {
		var in struct {
			Type             string                `json:"type"`
			SelfAssessmentID int64                 `json:"self_assessment_id"`
			Verdict          tillit.Verdict        `json:"verdict"`
			Recommendation   tillit.Recommendation `json:"recommendation"`
			Note             string                `json:"note"`
		}
		if err := decode(r, &in); err != nil {
			return change{}, err
		}
		return change{need: needResponsible, apply: func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
			return f.ReviewSelfAssessment(by, at, in.SelfAssessmentID, in.Verdict, in.Recommendation, in.Note)
		}}, nil
	},
	tillit.EventAuditPlanned: func(r *http.Request) (change, error) {
		var in struct {
			Type          string           `json:"type"`
			Kind          tillit.AuditKind `json:"kind"`
			PlannedFor    string           `json:"planned_for"`
			AuditorOrgID  int64            `json:"auditor_org_id"`
			AuditorUserID int64            `json:"auditor_user_id"`
			AuditorName   string           `json:"auditor_name"`
			SiteID        int64            `json:"site_id"`
		}
		if err := decode(r, &in); err != nil {
			return change{}, err
		}
		p := tillit.Problems{}
		plan := tillit.AuditPlan{Kind: in.Kind, PlannedFor: dateParam(p, "planned_for", in.PlannedFor), AuditorOrgID: in.AuditorOrgID,
			AuditorUserID: in.AuditorUserID, AuditorName: in.AuditorName, SiteID: in.SiteID}
		return change{
			need: needResponsible,
			check: func(ctx context.Context, a *API, actor tillit.Actor, f *tillit.FollowUp) error {
				return a.checkAuditPlan(ctx, actor, f, plan)
			},
			apply: func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.PlanAudit(by, at, plan)
			},
		}, problems(p)
	},
	tillit.EventAuditPerformed: func(r *http.Request) (change, error) {
		var in struct {
			Type        string `json:"type"`
			AuditID     int64  `json:"audit_id"`
			PerformedOn string `json:"performed_on"`
			Report      string `json:"report"`
			Findings    string `json:"findings"`
		}
		if err := decode(r, &in); err != nil {
			return change{}, err
		}
		p := tillit.Problems{}
		on := dateParam(p, "performed_on", in.PerformedOn)
		return change{
			need: needAuditor, auditID: in.AuditID,
			check: func(ctx context.Context, a *API, actor tillit.Actor, f *tillit.FollowUp) error {
				return a.checkAttached(ctx, actor, f, "report", []string{in.Report}, errReportNotAttached)
			},
			apply: func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.PerformAudit(by, at, in.AuditID, on, in.Report, in.Findings)
			},
		}, problems(p)
	},
	tillit.EventAuditCancelled: func(r *http.Request) (change, error) {
		var in struct {
			Type    string `json:"type"`
			AuditID int64  `json:"audit_id"`
			Reason  string `json:"reason"`
		}
		if err := decode(r, &in); err != nil {
			return change{}, err
		}
		return change{need: needResponsible, apply: func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
			return f.CancelAudit(by, at, in.AuditID, in.Reason)
		}}, nil
	},
	tillit.EventAuditReportAttached: func(r *http.Request) (change, error) {
		var in struct {
			Type    string `json:"type"`
			AuditID int64  `json:"audit_id"`
			Report  string `json:"report"`
		}
		if err := decode(r, &in); err != nil {
			return change{}, err
		}
		return change{
			need: needAuditor, auditID: in.AuditID,
			check: func(ctx context.Context, a *API, actor tillit.Actor, f *tillit.FollowUp) error {
				return a.checkAttached(ctx, actor, f, "report", []string{in.Report}, errReportNotAttached)
			},
			apply: func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.AttachAuditReport(by, at, in.AuditID, in.Report)
			},
		}, nil
	},
	tillit.EventDeviationRecorded: func(r *http.Request) (change, error) {
		var in struct {
			Type            string          `json:"type"`
			AuditID         int64           `json:"audit_id"`
			RequirementCode string          `json:"requirement_code"`
			Severity        tillit.Severity `json:"severity"`
			Description     string          `json:"description"`
			Evidence        []string        `json:"evidence"`
			PlanDueOn       string          `json:"plan_due_on"`
		}
		if err := decode(r, &in); err != nil {
			return change{}, err
		}
		p := tillit.Problems{}
		dev := tillit.DeviationInput{RequirementCode: in.RequirementCode, Severity: in.Severity, Description: in.Description,
			Evidence: in.Evidence, PlanDueOn: dateParam(p, "plan_due_on", in.PlanDueOn)}
		return change{
			need: needAuditor, auditID: in.AuditID,
			check: func(ctx context.Context, a *API, actor tillit.Actor, f *tillit.FollowUp) error {
				return a.checkAttached(ctx, actor, f, "evidence", in.Evidence, errEvidenceNotAttached)
			},
			apply: func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.RecordDeviation(by, at, in.AuditID, dev)
			},
		}, problems(p)
	},
	tillit.EventActionSubmitted: func(r *http.Request) (change, error) {
		var in struct {
			Type        string `json:"type"`
			DeviationID int64  `json:"deviation_id"`
			Description string `json:"description"`
			Owner       string `json:"owner"`
			Deadline    string `json:"deadline"`
		}
		if err := decode(r, &in); err != nil {
			return change{}, err
		}
		p := tillit.Problems{}
		act := tillit.ActionInput{Description: in.Description, Owner: in.Owner, Deadline: dateParam(p, "deadline", in.Deadline)}
		return change{need: needSupplier, apply: func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
			return f.SubmitAction(by, at, in.DeviationID, act)
		}}, problems(p)
	},
	tillit.EventActionApproved: func(r *http.Request) (change, error) {
		var in struct {
			Type     string `json:"type"`
			ActionID int64  `json:"action_id"`
			Comment  string `json:"comment"`
		}
		if err := decode(r, &in); err != nil {
			return change{}, err
		}
		return change{need: needResponsible, apply: func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
			return f.ApproveAction(by, at, in.ActionID, in.Comment)
		}}, nil
	},
	tillit.EventActionReturned: func(r *http.Request) (change, error) {
		var in struct {
			Type     string `json:"type"`
			ActionID int64  `json:"action_id"`
			Comment  string `json:"comment"`
		}
		if err := decode(r, &in); err != nil {
			return change{}, err
		}
		return change{need: needResponsible, apply: func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
			return f.ReturnAction(by, at, in.ActionID, in.Comment)
		}}, nil
	},
	tillit.EventActionProgress: func(r *http.Request) (change, error) {
		var in struct {
			Type     string   `json:"type"`
			ActionID int64    `json:"action_id"`
			Text     string   `json:"text"`
			Evidence []string `json:"evidence"`
		}
		if err := decode(r, &in); err != nil {
			return change{}, err
		}
		return change{
			need: needSupplier,
			check: func(ctx context.Context, a *API, actor tillit.Actor, f *tillit.FollowUp) error {
				return a.checkAttached(ctx, actor, f, "evidence", in.Evidence, errEvidenceNotAttached)
			},
			apply: func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
				return f.ReportProgress(by, at, in.ActionID, in.Text, in.Evidence)
			},
		}, nil
	},
	tillit.EventDeviationClosed: func(r *http.Request) (change, error) {
		var in struct {
			Type        string `json:"type"`
			DeviationID int64  `json:"deviation_id"`
			AuditID     int64  `json:"audit_id"`
			Note        string `json:"note"`
		}
		if err := decode(r, &in); err != nil {
			return change{}, err
		}
		return change{need: needResponsible, apply: func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
			return f.CloseDeviation(by, at, in.DeviationID, in.AuditID, in.Note)
		}}, nil
	},
	tillit.EventEscalationReminder: escalation(tillit.EscalationReminder),
	tillit.EventEscalationWarning:  escalation(tillit.EscalationWarning),
	tillit.EventEscalationSanction: escalation(tillit.EscalationSanction),
	tillit.EventFollowUpClosed: func(r *http.Request) (change, error) {
		var in struct {
			Type   string             `json:"type"`
			Reason tillit.CloseReason `json:"reason"`
			Text   string             `json:"text"`
		}
		if err := decode(r, &in); err != nil {
			return change{}, err
		}
		return change{need: needResponsible, apply: func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
			return f.Close(by, at, in.Reason, in.Text)
		}}, nil
	},
}

var (
	errReportNotAttached   = tillit.Msg("The report is not a file attached to this follow-up. Upload it to the follow-up first and give its hash.")
	errEvidenceNotAttached = tillit.Msg("One of the evidence files is not attached to this follow-up. Upload it to the follow-up first and give its hash.")
)

// escalation decodes the three escalation types; the type is the level.
func escalation(level tillit.EscalationLevel) func(*http.Request) (change, error) {
	return func(r *http.Request) (change, error) {
		var in struct {
			Type             string `json:"type"`
			DeviationID      int64  `json:"deviation_id"`
			SelfAssessmentID int64  `json:"self_assessment_id"`
			Note             string `json:"note"`
		}
		if err := decode(r, &in); err != nil {
			return change{}, err
		}
		esc := tillit.EscalationInput{Level: level, DeviationID: in.DeviationID, SelfAssessmentID: in.SelfAssessmentID, Note: in.Note}
		return change{need: needResponsible, apply: func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
			return f.Escalate(by, at, esc)
		}}, nil
	}
}

// postableTypes lists the event types clients may post, in process order.
func postableTypes() []string {
	var out []string
	for _, t := range tillit.EventTypes {
		if _, ok := transitions[t]; ok {
			out = append(out, string(t))
		}
	}
	return out
}

// eventType reads the type of the event from the body without judging the
// other fields, which depend on it.
func eventType(r *http.Request) (tillit.EventType, error) {
	var fields map[string]json.RawMessage
	if err := decode(r, &fields); err != nil {
		return "", err
	}
	allowed := strings.Join(postableTypes(), ", ")
	raw, ok := fields["type"]
	if !ok {
		return "", &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("Say what happened in the field type, one of: %s.", allowed),
			Fields: map[string]tillit.Message{"type": tillit.Msg("Enter the event type.")}}
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The field %s has the wrong type.", "type"),
			Fields: map[string]tillit.Message{"type": tillit.Msg("Expected a value of type %s.", "string")}}
	}
	t := tillit.EventType(s)
	if _, ok := transitions[t]; !ok {
		m := tillit.Msg("Unknown event type %q. Use one of: %s.", s, allowed)
		if t == tillit.EventFollowUpOpened {
			m = tillit.Msg("A follow-up is opened with POST /api/v1/followups, not with an event. Use one of: %s.", allowed)
		}
		return "", &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"type": m}}
	}
	return t, nil
}

// mayRespondFor reports whether the actor may act for the supplier: its
// own staff, or the national office entering a plan or answers the
// supplier sent by other means.
func mayRespondFor(actor tillit.Actor, supplierID int64) bool {
	return tillit.Can(actor, tillit.ActRespondAsSupplier, tillit.Resource{SupplierID: supplierID}) ||
		actor.HasRole(tillit.RoleAdmin) || actor.HasRole(tillit.RoleOfficer)
}

// regionsOf is the follow-up as a resource for the policy. The list is
// never nil: nil would mean "any follow-up" to Can.
func regionsOf(f *tillit.FollowUp) tillit.Resource {
	return tillit.Resource{ResponsibleRegionIDs: append([]int64{}, f.ResponsibleRegionIDs...)}
}

// mayChangeAny reports whether the actor may make at least one kind of
// change to the follow-up; others get 403 before their body is read.
func mayChangeAny(actor tillit.Actor, f *tillit.FollowUp) bool {
	res := regionsOf(f)
	if tillit.Can(actor, tillit.ActChangeFollowUp, res) {
		return true
	}
	for _, au := range f.Audits {
		res.AuditorUserID = au.AuditorUserID
		if au.AuditorUserID != 0 && tillit.Can(actor, tillit.ActEditAudit, res) {
			return true
		}
	}
	return mayRespondFor(actor, f.SupplierID)
}

// authorise checks the change against the follow-up as loaded.
func (c change) authorise(actor tillit.Actor, f *tillit.FollowUp) error {
	res := regionsOf(f)
	switch c.need {
	case needAuditor:
		if au := f.AuditByID(c.auditID); au != nil {
			res.AuditorUserID = au.AuditorUserID
		}
		if !tillit.Can(actor, tillit.ActEditAudit, res) {
			return tillit.Errorf(tillit.EFORBIDDEN, "Only the national office, the coordinators of the responsible regions and the auditor assigned to audit %d can record its results.", c.auditID)
		}
	case needSupplier:
		if !mayRespondFor(actor, f.SupplierID) {
			return tillit.Errorf(tillit.EFORBIDDEN, "Only the supplier's own staff and the national office can do this on the supplier's behalf.")
		}
	default:
		if !tillit.Can(actor, tillit.ActChangeFollowUp, res) {
			return tillit.Errorf(tillit.EFORBIDDEN, "Only the national office and the coordinators of the follow-up's responsible regions can make this change.")
		}
	}
	return nil
}

// checkAuditPlan checks what the store does not: that the auditor
// organisation can audit, that the auditor works for it, and that the
// site is one of the supplier's. Missing values are left to the domain.
func (a *API) checkAuditPlan(ctx context.Context, actor tillit.Actor, f *tillit.FollowUp, plan tillit.AuditPlan) error {
	if plan.AuditorOrgID > 0 {
		org, err := a.DB.FindOrganisationByID(ctx, plan.AuditorOrgID)
		if tillit.ErrorCode(err) == tillit.ENOTFOUND || err == nil && !tillit.RoleAuditor.FitsOrg(org.Kind) {
			m := tillit.Msg("Choose the organisation that performs the audit: a region, the national office or an audit firm.")
			return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"auditor_org_id": m}}
		} else if err != nil {
			return err
		}
	}
	if plan.AuditorUserID > 0 && plan.AuditorOrgID > 0 {
		u, err := a.DB.FindUserByID(ctx, plan.AuditorUserID)
		if err != nil && tillit.ErrorCode(err) != tillit.ENOTFOUND {
			return err
		}
		works := false
		if err == nil && !u.Disabled {
			for _, m := range u.Memberships {
				works = works || m.Role == tillit.RoleAuditor && m.OrgID == plan.AuditorOrgID
			}
		}
		if !works {
			m := tillit.Msg("Choose an auditor who works for the organisation that performs the audit, or leave auditor_user_id out and give the auditor's name.")
			return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"auditor_user_id": m}}
		}
	}
	if plan.SiteID > 0 {
		sites, err := a.DB.FindSites(ctx, tillit.ScopeOf(actor), f.SupplierID)
		if err != nil {
			return err
		}
		found := false
		for _, s := range sites {
			found = found || s.ID == plan.SiteID
		}
		if !found {
			m := tillit.Msg("Choose one of the supplier's production sites (GET /api/v1/suppliers/%d/sites).", f.SupplierID)
			return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"site_id": m}}
		}
	}
	return nil
}

// checkAttached refuses references to files that are not attachments of
// the follow-up: a hash alone must not let anyone show (and so download)
// a file through a follow-up it was never uploaded to, and a file not
// stored would show as a broken link. Malformed references are left to
// the domain, which names them.
func (a *API) checkAttached(ctx context.Context, actor tillit.Actor, f *tillit.FollowUp, field string, refs []string, m tillit.Message) error {
	var want []string
	for _, ref := range refs {
		if tillit.ValidAttachmentRef(ref) {
			want = append(want, ref)
		}
	}
	if len(want) == 0 {
		return nil
	}
	atts, err := a.DB.FindAttachments(ctx, tillit.ScopeOf(actor), f.ID)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, att := range atts {
		have[att.Hash] = true
	}
	for _, ref := range want {
		if !have[ref] {
			return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{field: m}}
		}
	}
	return nil
}

// FollowUpEvent serves POST /api/v1/followups/{id}/events and answers
// 201 with the event and the follow-up as it is after it.
func (a *API) FollowUpEvent() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		// Outside the scope the follow-up does not exist, whatever the body.
		f, err := a.DB.FindFollowUp(ctx, tillit.ScopeOf(actor), id)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if !mayChangeAny(actor, f) {
			a.fail(w, r, tillit.Errorf(tillit.EFORBIDDEN, "Your role does not allow changes to this follow-up. Ask the national office if you need access."))
			return
		}
		body, err := readBody(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		typ, err := eventType(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body)) // again, for the strict reading
		ch, err := transitions[typ](r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if err := ch.authorise(actor, f); err != nil {
			a.fail(w, r, err)
			return
		}
		if ch.check != nil {
			if err := ch.check(ctx, a, actor, f); err != nil {
				a.fail(w, r, err)
				return
			}
		}
		at := a.now()
		f, ev, err := a.DB.ChangeFollowUp(ctx, actor, id, func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			// Again on the locked follow-up: it may have changed since it
			// was read (an auditor assigned, an audit added).
			if err := ch.authorise(actor, f); err != nil {
				return tillit.FollowUpEvent{}, err
			}
			return ch.apply(f, actor, at)
		})
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out, err := a.followUpJSON(ctx, tillit.ScopeOf(actor), f)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		w.Header().Set("Location", "/api/v1/followups/"+strconv.FormatInt(id, 10))
		writeJSON(w, http.StatusCreated, struct {
			Event    eventJSON    `json:"event"`
			FollowUp followUpJSON `json:"followup"`
		}{toEventJSON(ev), out})
	})
}
