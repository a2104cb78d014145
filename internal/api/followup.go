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

// The follow-up endpoints: the list, one follow-up whole, opening one, and
// (in followup_events.go) every change to it.

type refJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type categoryRefJSON struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	NameSV string `json:"name_sv"`
	NameEN string `json:"name_en"`
}

// followUpJSON is a follow-up with everything in it. Dates are YYYY-MM-DD,
// moments RFC 3339 in UTC; what has not happened yet is null.
type followUpJSON struct {
	ID                 int64                 `json:"id"`
	Supplier           refJSON               `json:"supplier"`
	Category           categoryRefJSON       `json:"category"`
	ResponsibleRegions []refJSON             `json:"responsible_regions"`
	RequirementCodes   []string              `json:"requirement_codes"`
	Status             tillit.FollowUpStatus `json:"status"`
	Light              tillit.Light          `json:"light"`
	OpenDeviations     int                   `json:"open_deviations"`
	NextDue            *string               `json:"next_due"`
	Overdue            []overdueJSON         `json:"overdue"`
	HighestEscalation  *string               `json:"highest_escalation"`
	OpenedAt           time.Time             `json:"opened_at"`
	OpenedByUserID     *int64                `json:"opened_by_user_id"`
	OpenedBy           string                `json:"opened_by"`
	Closure            *closureJSON          `json:"closure"`
	SelfAssessments    []selfAssessmentJSON  `json:"self_assessments"`
	Audits             []followUpAuditJSON   `json:"audits"`
	Deviations         []deviationJSON       `json:"deviations"`
	Escalations        []escalationJSON      `json:"escalations"`
	Attachments        []attachmentJSON      `json:"attachments"`
	Timeline           []eventJSON           `json:"timeline"`
}

// attachmentJSON is a file uploaded to the follow-up; reports and evidence
// refer to it by its hash.
type attachmentJSON struct {
	ID               int64     `json:"id"`
	Hash             string    `json:"hash"`
	Name             string    `json:"name"`
	Size             int64     `json:"size"`
	ContentType      string    `json:"content_type"`
	UploadedByUserID *int64    `json:"uploaded_by_user_id"`
	UploadedAt       time.Time `json:"uploaded_at"`
}

type closureJSON struct {
	At       time.Time          `json:"at"`
	ByUserID *int64             `json:"by_user_id"`
	By       string             `json:"by"`
	Reason   tillit.CloseReason `json:"reason"`
	Text     string             `json:"text"`
}

type overdueJSON struct {
	Kind             tillit.OverdueKind `json:"kind"`
	SelfAssessmentID *int64             `json:"self_assessment_id"`
	DeviationID      *int64             `json:"deviation_id"`
	ActionID         *int64             `json:"action_id"`
	Due              *string            `json:"due"`
	DaysLate         int                `json:"days_late"`
}

type selfAssessmentJSON struct {
	ID          int64                       `json:"id"`
	Status      tillit.SelfAssessmentStatus `json:"status"`
	SentAt      time.Time                   `json:"sent_at"`
	DueOn       *string                     `json:"due_on"`
	SubmittedAt *time.Time                  `json:"submitted_at"`
	Review      *saReviewJSON               `json:"review"`
}

type saReviewJSON struct {
	At             time.Time             `json:"at"`
	ByUserID       *int64                `json:"by_user_id"`
	By             string                `json:"by"`
	Verdict        tillit.Verdict        `json:"verdict"`
	Recommendation tillit.Recommendation `json:"recommendation"`
	Note           string                `json:"note"`
}

type followUpAuditJSON struct {
	ID            int64              `json:"id"`
	Kind          tillit.AuditKind   `json:"kind"`
	Status        tillit.AuditStatus `json:"status"`
	PlannedFor    *string            `json:"planned_for"`
	PlannedAt     time.Time          `json:"planned_at"`
	PerformedOn   *string            `json:"performed_on"`
	PerformedAt   *time.Time         `json:"performed_at"`
	CancelledAt   *time.Time         `json:"cancelled_at"`
	CancelReason  string             `json:"cancel_reason"`
	AuditorOrg    refJSON            `json:"auditor_org"`
	AuditorUserID *int64             `json:"auditor_user_id"`
	AuditorName   string             `json:"auditor_name"`
	SiteID        *int64             `json:"site_id"`
	Report        *string            `json:"report"`
	Findings      string             `json:"findings"`
}

type deviationJSON struct {
	ID                 int64                  `json:"id"`
	AuditID            int64                  `json:"audit_id"`
	RequirementCode    string                 `json:"requirement_code"`
	RequirementVersion int                    `json:"requirement_version"` // the library version judged against; 0 = not in the library
	Severity           tillit.Severity        `json:"severity"`
	Description        string                 `json:"description"`
	Evidence           []string               `json:"evidence"`
	Status             tillit.DeviationStatus `json:"status"`
	RecordedAt         time.Time              `json:"recorded_at"`
	PlanDueOn          *string                `json:"plan_due_on"`
	Actions            []actionJSON           `json:"actions"`
	Closure            *deviationClosureJSON  `json:"closure"`
}

type deviationClosureJSON struct {
	At                time.Time `json:"at"`
	ByUserID          *int64    `json:"by_user_id"`
	By                string    `json:"by"`
	VerifiedByAuditID *int64    `json:"verified_by_audit_id"`
	Note              string    `json:"note"`
}

type actionJSON struct {
	ID          int64               `json:"id"`
	Description string              `json:"description"`
	Owner       string              `json:"owner"`
	Deadline    *string             `json:"deadline"`
	Status      tillit.ActionStatus `json:"status"`
	SubmittedAt time.Time           `json:"submitted_at"`
	Review      *actionReviewJSON   `json:"review"`
	Progress    []progressJSON      `json:"progress"`
}

type actionReviewJSON struct {
	At       time.Time `json:"at"`
	ByUserID *int64    `json:"by_user_id"`
	By       string    `json:"by"`
	Comment  string    `json:"comment"`
}

type progressJSON struct {
	At       time.Time `json:"at"`
	ByUserID *int64    `json:"by_user_id"`
	By       string    `json:"by"`
	Text     string    `json:"text"`
	Evidence []string  `json:"evidence"`
}

type escalationJSON struct {
	ID               int64                  `json:"id"`
	Level            tillit.EscalationLevel `json:"level"`
	At               time.Time              `json:"at"`
	ByUserID         *int64                 `json:"by_user_id"`
	By               string                 `json:"by"`
	Note             string                 `json:"note"`
	DeviationID      *int64                 `json:"deviation_id"`
	SelfAssessmentID *int64                 `json:"self_assessment_id"`
}

// eventJSON is one entry of the timeline. Only the fields its type
// documents are present (see tillit.EventType).
type eventJSON struct {
	Type             tillit.EventType      `json:"type"`
	At               time.Time             `json:"at"`
	ByUserID         *int64                `json:"by_user_id"`
	By               string                `json:"by"`
	FollowUpID       int64                 `json:"followup_id"`
	SelfAssessmentID int64                 `json:"self_assessment_id,omitempty"`
	AuditID          int64                 `json:"audit_id,omitempty"`
	DeviationID      int64                 `json:"deviation_id,omitempty"`
	ActionID         int64                 `json:"action_id,omitempty"`
	EscalationID     int64                 `json:"escalation_id,omitempty"`
	Verdict          tillit.Verdict        `json:"verdict,omitempty"`
	Recommendation   tillit.Recommendation `json:"recommendation,omitempty"`
	AuditKind        tillit.AuditKind      `json:"audit_kind,omitempty"`
	Severity         tillit.Severity       `json:"severity,omitempty"`
	RequirementCode  string                `json:"requirement_code,omitempty"`
	CloseReason      tillit.CloseReason    `json:"close_reason,omitempty"`
	Date             *string               `json:"date,omitempty"`
	Note             string                `json:"note,omitempty"`
}

func toEventJSON(e tillit.FollowUpEvent) eventJSON {
	return eventJSON{
		Type: e.Type, At: e.At.UTC(), ByUserID: idJSON(e.ByUserID), By: e.ByLabel, FollowUpID: e.FollowUpID,
		SelfAssessmentID: e.SelfAssessmentID, AuditID: e.AuditID, DeviationID: e.DeviationID, ActionID: e.ActionID,
		EscalationID: e.EscalationID, Verdict: e.Verdict, Recommendation: e.Recommendation, AuditKind: e.AuditKind,
		Severity: e.Severity, RequirementCode: e.RequirementCode, CloseReason: e.CloseReason, Date: dateJSON(e.Date), Note: e.Note,
	}
}

// now is the time of a change and the day lights and deadlines are judged
// on: the store's clock, which tests fix.
func (a *API) now() time.Time { return a.DB.Now().UTC().Truncate(time.Microsecond) }

// orgNames looks up organisation names once per response.
type orgNames struct {
	a     *API
	ctx   context.Context
	names map[int64]string
}

func (o *orgNames) ref(id int64) (refJSON, error) {
	if id == 0 {
		return refJSON{}, nil
	}
	if n, ok := o.names[id]; ok {
		return refJSON{ID: id, Name: n}, nil
	}
	org, err := o.a.DB.FindOrganisationByID(o.ctx, id)
	if err != nil {
		return refJSON{}, err
	}
	o.names[id] = org.Name
	return refJSON{ID: id, Name: org.Name}, nil
}

// categoryRefs maps category ids to their names and codes.
func (a *API) categoryRefs(ctx context.Context) (map[int64]categoryRefJSON, error) {
	cats, err := a.DB.FindCategories(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]categoryRefJSON{}
	for _, c := range cats {
		out[c.ID] = categoryRefJSON{ID: c.ID, Code: c.Code, NameSV: c.NameSV, NameEN: c.NameEN}
	}
	return out, nil
}

// followUpJSON renders a follow-up with the names of what it refers to.
func (a *API) followUpJSON(ctx context.Context, scope tillit.Scope, f *tillit.FollowUp) (followUpJSON, error) {
	now := a.now()
	names := &orgNames{a: a, ctx: ctx, names: map[int64]string{}}
	sup, err := names.ref(f.SupplierID)
	if err != nil {
		return followUpJSON{}, err
	}
	cats, err := a.categoryRefs(ctx)
	if err != nil {
		return followUpJSON{}, err
	}
	out := followUpJSON{
		ID: f.ID, Supplier: sup, Category: cats[f.CategoryID], ResponsibleRegions: []refJSON{},
		RequirementCodes: list(f.RequirementCodes), Status: f.Status, Light: f.Light(now),
		OpenDeviations: f.OpenDeviationCount(), NextDue: dateJSON(f.NextDue()), Overdue: []overdueJSON{},
		HighestEscalation: textJSON(string(f.HighestEscalation())),
		OpenedAt:          f.OpenedAt.UTC(), OpenedByUserID: idJSON(f.OpenedBy), OpenedBy: f.OpenedByLabel,
		SelfAssessments: []selfAssessmentJSON{}, Audits: []followUpAuditJSON{}, Deviations: []deviationJSON{},
		Escalations: []escalationJSON{}, Attachments: []attachmentJSON{}, Timeline: []eventJSON{},
	}
	if out.Category.ID == 0 {
		out.Category.ID = f.CategoryID
	}
	for _, id := range f.ResponsibleRegionIDs {
		ref, err := names.ref(id)
		if err != nil {
			return followUpJSON{}, err
		}
		out.ResponsibleRegions = append(out.ResponsibleRegions, ref)
	}
	for _, o := range f.Overdue(now) {
		out.Overdue = append(out.Overdue, overdueJSON{Kind: o.Kind, SelfAssessmentID: idJSON(o.SelfAssessmentID),
			DeviationID: idJSON(o.DeviationID), ActionID: idJSON(o.ActionID), Due: dateJSON(o.Due), DaysLate: o.DaysLate})
	}
	if f.Status == tillit.FollowUpClosed {
		out.Closure = &closureJSON{At: f.ClosedAt.UTC(), ByUserID: idJSON(f.ClosedBy), By: f.ClosedByLabel, Reason: f.CloseReason, Text: f.CloseText}
	}
	for _, sa := range f.SelfAssessments {
		sj := selfAssessmentJSON{ID: sa.ID, Status: sa.Status, SentAt: sa.SentAt.UTC(), DueOn: dateJSON(sa.DueOn), SubmittedAt: timeJSON(sa.SubmittedAt)}
		if sa.Status == tillit.SelfAssessmentReviewed {
			sj.Review = &saReviewJSON{At: sa.ReviewedAt.UTC(), ByUserID: idJSON(sa.ReviewedBy), By: sa.ReviewedByLabel,
				Verdict: sa.Verdict, Recommendation: sa.Recommendation, Note: sa.ReviewNote}
		}
		out.SelfAssessments = append(out.SelfAssessments, sj)
	}
	for _, au := range f.Audits {
		org, err := names.ref(au.AuditorOrgID)
		if err != nil {
			return followUpJSON{}, err
		}
		out.Audits = append(out.Audits, followUpAuditJSON{
			ID: au.ID, Kind: au.Kind, Status: au.Status, PlannedFor: dateJSON(au.PlannedFor), PlannedAt: au.PlannedAt.UTC(),
			PerformedOn: dateJSON(au.PerformedOn), PerformedAt: timeJSON(au.PerformedAt), CancelledAt: timeJSON(au.CancelledAt),
			CancelReason: au.CancelReason, AuditorOrg: org, AuditorUserID: idJSON(au.AuditorUserID), AuditorName: au.AuditorName,
			SiteID: idJSON(au.SiteID), Report: textJSON(au.ReportAttachment), Findings: au.Findings,
		})
	}
	for _, d := range f.Deviations {
		dj := deviationJSON{ID: d.ID, AuditID: d.AuditID, RequirementCode: d.RequirementCode, RequirementVersion: d.RequirementVersion, Severity: d.Severity,
			Description: d.Description, Evidence: list(d.Evidence), Status: d.Status, RecordedAt: d.RecordedAt.UTC(),
			PlanDueOn: dateJSON(d.PlanDueOn), Actions: []actionJSON{}}
		for _, act := range d.Actions {
			aj := actionJSON{ID: act.ID, Description: act.Description, Owner: act.Owner, Deadline: dateJSON(act.Deadline),
				Status: act.Status, SubmittedAt: act.SubmittedAt.UTC(), Progress: []progressJSON{}}
			if act.Status != tillit.ActionSubmitted {
				aj.Review = &actionReviewJSON{At: act.ReviewedAt.UTC(), ByUserID: idJSON(act.ReviewedBy), By: act.ReviewedByLabel, Comment: act.ReviewComment}
			}
			for _, p := range act.Progress {
				aj.Progress = append(aj.Progress, progressJSON{At: p.At.UTC(), ByUserID: idJSON(p.By), By: p.ByLabel, Text: p.Text, Evidence: list(p.Evidence)})
			}
			dj.Actions = append(dj.Actions, aj)
		}
		if d.Status == tillit.DeviationClosed {
			dj.Closure = &deviationClosureJSON{At: d.ClosedAt.UTC(), ByUserID: idJSON(d.ClosedBy), By: d.ClosedByLabel,
				VerifiedByAuditID: idJSON(d.VerifiedByAuditID), Note: d.CloseNote}
		}
		out.Deviations = append(out.Deviations, dj)
	}
	for _, e := range f.Escalations {
		out.Escalations = append(out.Escalations, escalationJSON{ID: e.ID, Level: e.Level, At: e.At.UTC(), ByUserID: idJSON(e.By),
			By: e.ByLabel, Note: e.Note, DeviationID: idJSON(e.DeviationID), SelfAssessmentID: idJSON(e.SelfAssessmentID)})
	}
	atts, err := a.DB.FindAttachments(ctx, scope, f.ID)
	if err != nil {
		return followUpJSON{}, err
	}
	for _, at := range atts {
		out.Attachments = append(out.Attachments, attachmentJSON{ID: at.ID, Hash: at.Hash, Name: at.Name, Size: at.Size,
			ContentType: at.ContentType, UploadedByUserID: idJSON(at.UploadedBy), UploadedAt: at.UploadedAt.UTC()})
	}
	for _, e := range f.Timeline {
		out.Timeline = append(out.Timeline, toEventJSON(e))
	}
	return out, nil
}

// followUpRowJSON is one line of a follow-up list.
type followUpRowJSON struct {
	ID                     int64                 `json:"id"`
	Supplier               refJSON               `json:"supplier"`
	Category               categoryRefJSON       `json:"category"`
	ResponsibleRegionNames []string              `json:"responsible_region_names"`
	Status                 tillit.FollowUpStatus `json:"status"`
	Light                  tillit.Light          `json:"light"`
	OpenDeviations         int                   `json:"open_deviations"`
	NextDue                *string               `json:"next_due"`
	OpenedAt               time.Time             `json:"opened_at"`
	ClosedAt               *time.Time            `json:"closed_at"`
	CloseReason            *string               `json:"close_reason"`
}

func toFollowUpRowsJSON(rows []sqldb.FollowUpRow, cats map[int64]categoryRefJSON) []followUpRowJSON {
	out := []followUpRowJSON{}
	for _, r := range rows {
		cat, ok := cats[r.CategoryID]
		if !ok {
			cat = categoryRefJSON{ID: r.CategoryID, NameSV: r.CategorySV, NameEN: r.CategoryEN}
		}
		regions := []string{}
		if r.Regions != "" {
			// The store joins the names with ", "; region names hold no commas.
			regions = strings.Split(r.Regions, ", ")
		}
		out = append(out, followUpRowJSON{
			ID: r.ID, Supplier: refJSON{ID: r.SupplierID, Name: r.Supplier}, Category: cat, ResponsibleRegionNames: regions,
			Status: r.Status, Light: r.Light, OpenDeviations: r.OpenDeviations, NextDue: dateJSON(r.NextDue),
			OpenedAt: r.OpenedAt.UTC(), ClosedAt: timeJSON(r.ClosedAt), CloseReason: textJSON(string(r.CloseReason)),
		})
	}
	return out
}

// FollowUps serves GET /api/v1/followups: the follow-ups within the
// actor's scope, filtered, a page at a time.
func (a *API) FollowUps() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		q, err := params(r, "category_id", "region_id", "supplier_id", "status", "light", "severity", "overdue", "year", "supplier", "sort", "after", "limit")
		if err != nil {
			a.fail(w, r, err)
			return
		}
		p := tillit.Problems{}
		f := sqldb.FollowUpFilter{
			CategoryID: idParam(q, p, "category_id"),
			RegionID:   idParam(q, p, "region_id"),
			SupplierID: idParam(q, p, "supplier_id"),
			Status:     tillit.FollowUpStatus(q.Get("status")),
			Light:      tillit.Light(q.Get("light")),
			Severity:   tillit.Severity(q.Get("severity")),
			Supplier:   strings.TrimSpace(q.Get("supplier")),
			Sort:       q.Get("sort"),
		}
		if f.Status != "" && f.Status != tillit.FollowUpOpen && f.Status != tillit.FollowUpClosed {
			p.Add("status", "Use open or closed.")
		}
		if f.Light != "" && f.Light != tillit.LightGreen && f.Light != tillit.LightYellow && f.Light != tillit.LightRed {
			p.Add("light", "Use green, yellow or red.")
		}
		if f.Severity != "" && !f.Severity.Valid() {
			p.Add("severity", "Use major, minor or observation.")
		}
		switch q.Get("overdue") {
		case "", "false":
		case "true":
			f.Overdue = true
		default:
			p.Add("overdue", "Use true or false.")
		}
		if s := q.Get("year"); s != "" {
			y, err := strconv.Atoi(s)
			if err != nil || y < 2000 || y > 2100 {
				p.Add("year", "Use four digits, for example 2022.")
			}
			f.Year = y
		}
		if len([]rune(f.Supplier)) > 200 {
			p.Add("supplier", "The search text can be at most 200 characters.")
		}
		switch f.Sort {
		case "":
			f.Sort = "opened"
		case "opened", "supplier":
		default:
			p.Add("sort", "Use opened or supplier.")
		}
		limit := limitParam(q, p)
		after := afterParam(q, p, "followups-"+f.Sort)
		if err := problems(p); err != nil {
			a.fail(w, r, err)
			return
		}
		f.After = sqldb.Cursor{ID: after.ID, Name: after.Name}
		f.Limit = limit + 1 // one more tells whether there is a next page
		rows, err := a.DB.FindFollowUps(ctx, tillit.ScopeOf(web.Actor(ctx)), f)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		next := ""
		if len(rows) > limit {
			rows = rows[:limit]
			last := rows[limit-1]
			next = cursor{Sort: "followups-" + f.Sort, ID: last.ID, Name: last.Supplier}.String()
		}
		cats, err := a.categoryRefs(ctx)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"followups": toFollowUpRowsJSON(rows, cats), "next": next})
	})
}

// FollowUp serves GET /api/v1/followups/{id}; a follow-up outside the
// actor's scope is not found.
func (a *API) FollowUp() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := pathID(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		scope := tillit.ScopeOf(web.Actor(ctx))
		f, err := a.DB.FindFollowUp(ctx, scope, id)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out, err := a.followUpJSON(ctx, scope, f)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, out)
	})
}

type followUpInput struct {
	SupplierID           int64    `json:"supplier_id"`
	CategoryID           int64    `json:"category_id"`
	ResponsibleRegionIDs []int64  `json:"responsible_region_ids"`
	RequirementCodes     []string `json:"requirement_codes"`
}

// OpenFollowUp serves POST /api/v1/followups. The actor must be allowed to
// open follow-ups for the category's responsible regions in force today;
// when responsible_region_ids is left out, those regions become the
// follow-up's responsible regions.
func (a *API) OpenFollowUp() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		var in followUpInput
		if err := decode(r, &in); err != nil {
			a.fail(w, r, err)
			return
		}
		now := a.now()
		// An empty, non-nil list: a category without responsible regions
		// in force lets only the office open follow-ups (nil would mean
		// "any category" to the policy).
		inForce := []int64{}
		if in.CategoryID > 0 {
			cats, err := a.DB.FindCategories(ctx)
			if err != nil {
				a.fail(w, r, err)
				return
			}
			var cat *tillit.Category
			for i := range cats {
				if cats[i].ID == in.CategoryID {
					cat = &cats[i]
				}
			}
			if cat == nil {
				a.fail(w, r, &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The chosen category does not exist."),
					Fields: map[string]tillit.Message{"category_id": tillit.Msg("Choose a procurement category.")}})
				return
			}
			for _, rs := range cat.ResponsibleOn(tillit.SwedishDay(now)) {
				inForce = append(inForce, rs.RegionID)
			}
		}
		if in.ResponsibleRegionIDs == nil {
			in.ResponsibleRegionIDs = inForce
		}
		fin := tillit.FollowUpInput{SupplierID: in.SupplierID, CategoryID: in.CategoryID,
			ResponsibleRegionIDs: in.ResponsibleRegionIDs, RequirementCodes: in.RequirementCodes}
		// Check the input as the domain will, so that every field at
		// fault is named before the category decides who may open it.
		if _, _, err := tillit.OpenFollowUp(actor, now, fin); err != nil {
			a.fail(w, r, err)
			return
		}
		if !tillit.Can(actor, tillit.ActOpenFollowUp, tillit.Resource{ResponsibleRegionIDs: inForce}) {
			a.fail(w, r, tillit.Errorf(tillit.EFORBIDDEN, "Only the national office and the coordinators of the category's responsible regions can open follow-ups in it."))
			return
		}
		f, err := a.DB.OpenFollowUp(ctx, actor, fin)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out, err := a.followUpJSON(ctx, tillit.ScopeOf(actor), f)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		w.Header().Set("Location", "/api/v1/followups/"+strconv.FormatInt(f.ID, 10))
		writeJSON(w, http.StatusCreated, out)
	})
}
