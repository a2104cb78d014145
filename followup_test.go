package tillit

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// People in the follow-up fixtures. Label() of a user is the e-mail.
var (
	regional = Actor{UserID: 2, Name: "Per Berg", Email: "per.berg@norrbotten.example", Memberships: []Membership{{OrgID: 25, Role: RoleCoordinator}}}
	officer  = Actor{UserID: 1, Name: "Anna Lind", Email: "anna.lind@kansliet.example", Memberships: []Membership{{OrgID: 1, Role: RoleOfficer}}}
	supplier = Actor{UserID: 3, Name: "Eva Ek", Email: "eva.ek@observe.example", Memberships: []Membership{{OrgID: 7, Role: RoleSupplier}}}
	auditor  = Actor{UserID: 4, Name: "Kim Aho", Email: "kim.aho@auditfirm.example", Memberships: []Membership{{OrgID: 9, Role: RoleAuditor}}}
	job      = SystemActor("reminders")

	hashReport   = strings.Repeat("ab", 32)
	hashEvidence = strings.Repeat("0f", 32)
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func ts(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }

// opAt is when the table's operations happen, after every fixture's last
// event; opLate is after the fixtures' action deadline (2022-12-31).
var (
	opAt   = ts(2022, 10, 12, 10)
	opLate = ts(2023, 1, 20, 10)
)

func must(t *testing.T) func(FollowUpEvent, error) {
	return func(_ FollowUpEvent, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture step refused: %v", err)
		}
	}
}

// state builds a follow-up in a known state. Building the same state twice
// gives equal values, so a refused change can be checked to change nothing.
type state func(t *testing.T) *FollowUp

// fOpen: a follow-up of supplier 7 in category 1 opened 2022-01-10 with
// requirements R1–R3 in scope.
func fOpen(t *testing.T) *FollowUp {
	f, _, err := OpenFollowUp(regional, ts(2022, 1, 10, 9), FollowUpInput{
		SupplierID: 7, CategoryID: 1, ResponsibleRegionIDs: []int64{25, 24}, RequirementCodes: []string{"R1", "R2", "R3"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// fSA: self-assessment 1 sent 2022-01-11 (due 2022-02-28) and brought to
// the status.
func fSA(status SelfAssessmentStatus) state {
	return func(t *testing.T) *FollowUp {
		f := fOpen(t)
		must(t)(f.SendSelfAssessment(officer, ts(2022, 1, 11, 9), day(2022, 2, 28)))
		if status == SelfAssessmentSent {
			return f
		}
		must(t)(f.SubmitSelfAssessment(supplier, ts(2022, 2, 20, 14), 1))
		if status == SelfAssessmentSubmitted {
			return f
		}
		must(t)(f.ReviewSelfAssessment(officer, ts(2022, 3, 1, 10), 1, VerdictDeficient, RecommendOfficeAudit, "No risk analysis."))
		return f
	}
}

// fAudit: office audit 1 planned 2022-03-05 for 2022-04-05 and brought to
// the status.
func fAudit(status AuditStatus) state {
	return func(t *testing.T) *FollowUp {
		f := fOpen(t)
		must(t)(f.PlanAudit(regional, ts(2022, 3, 5, 9), AuditPlan{Kind: AuditOffice, PlannedFor: day(2022, 4, 5), AuditorOrgID: 9, AuditorUserID: 4}))
		switch status {
		case AuditPerformed:
			must(t)(f.PerformAudit(auditor, ts(2022, 4, 6, 9), 1, day(2022, 4, 5), hashReport, "Deviations against R1."))
		case AuditCancelled:
			must(t)(f.CancelAudit(regional, ts(2022, 3, 20, 9), 1, "The supplier asked to move the audit."))
		}
		return f
	}
}

// fDev: office audit 1 performed 2022-04-05 found deviation 1 against R1
// (plan due 2022-05-06); its action 1 (deadline 2022-12-31) is brought to
// the status; re-audit 2 was performed on 2022-10-10; a closed deviation
// was closed 2022-10-11 (verified by audit 2, or directly for an
// observation).
func fDev(sev Severity, status DeviationStatus) state {
	return func(t *testing.T) *FollowUp {
		f := fAudit(AuditPerformed)(t)
		must(t)(f.RecordDeviation(auditor, ts(2022, 4, 6, 10), 1, DeviationInput{
			RequirementCode: "R1", Severity: sev, Description: "No risk analysis of the supply chain.",
			Evidence: []string{hashEvidence}, PlanDueOn: day(2022, 5, 6),
		}))
		if status != DeviationOpen && !(status == DeviationClosed && sev == SeverityObservation) {
			must(t)(f.SubmitAction(supplier, ts(2022, 4, 20, 9), 1, ActionInput{
				Description: "Make a risk analysis per product group.", Owner: "Eva Ek", Deadline: day(2022, 12, 31),
			}))
		}
		switch {
		case status == DeviationActionApproved, status == DeviationClosed && sev != SeverityObservation:
			must(t)(f.ApproveAction(regional, ts(2022, 4, 25, 9), 1, ""))
		case status == DeviationActionReturned:
			must(t)(f.ReturnAction(regional, ts(2022, 4, 25, 9), 1, "Cover the sub-suppliers in Sialkot too."))
		}
		must(t)(f.PlanAudit(regional, ts(2022, 5, 1, 9), AuditPlan{Kind: AuditReAudit, PlannedFor: day(2022, 10, 10), AuditorOrgID: 9}))
		must(t)(f.PerformAudit(auditor, ts(2022, 10, 10, 15), 2, day(2022, 10, 10), "", ""))
		if status == DeviationClosed {
			var by int64
			if sev != SeverityObservation {
				by = 2
			}
			must(t)(f.CloseDeviation(regional, ts(2022, 10, 11, 9), 1, by, ""))
		}
		return f
	}
}

// fEsc: fDev(major, action_approved) escalated after the deadline up to
// the level (2023-01-05 reminder, 2023-01-10 warning, 2023-01-15 sanction).
func fEsc(level EscalationLevel) state {
	return func(t *testing.T) *FollowUp {
		f := fDev(SeverityMajor, DeviationActionApproved)(t)
		for i, l := range EscalationLevels[:level.rank()] {
			must(t)(f.Escalate(regional, ts(2023, 1, 5+5*i, 9), EscalationInput{Level: l, DeviationID: 1, Note: "Told by e-mail."}))
		}
		return f
	}
}

// fClosed: fDev(major, action_approved) closed on 2022-10-11 because the
// contracts expired, with deviation 1 open.
func fClosed(t *testing.T) *FollowUp {
	f := fDev(SeverityMajor, DeviationActionApproved)(t)
	must(t)(f.Close(regional, ts(2022, 10, 11, 9), CloseContractsExpired, ""))
	return f
}

// then adds steps to a state.
func then(s state, steps ...func(t *testing.T, f *FollowUp)) state {
	return func(t *testing.T) *FollowUp {
		f := s(t)
		for _, step := range steps {
			step(t, f)
		}
		return f
	}
}

// Operations with valid default inputs, at opAt.
type op func(f *FollowUp) (FollowUpEvent, error)

func sendSA(due time.Time) op {
	return func(f *FollowUp) (FollowUpEvent, error) { return f.SendSelfAssessment(officer, opAt, due) }
}
func submitSA(id int64) op {
	return func(f *FollowUp) (FollowUpEvent, error) { return f.SubmitSelfAssessment(supplier, opAt, id) }
}
func reviewSA(id int64, v Verdict, r Recommendation) op {
	return func(f *FollowUp) (FollowUpEvent, error) { return f.ReviewSelfAssessment(officer, opAt, id, v, r, "") }
}
func planAudit(p AuditPlan) op {
	return func(f *FollowUp) (FollowUpEvent, error) { return f.PlanAudit(regional, opAt, p) }
}
func performAudit(id int64, on time.Time, report string) op {
	return func(f *FollowUp) (FollowUpEvent, error) {
		return f.PerformAudit(auditor, opAt, id, on, report, "Findings.")
	}
}
func attachReport(id int64, report string) op {
	return func(f *FollowUp) (FollowUpEvent, error) { return f.AttachAuditReport(auditor, opAt, id, report) }
}
func cancelAudit(id int64, reason string) op {
	return func(f *FollowUp) (FollowUpEvent, error) { return f.CancelAudit(regional, opAt, id, reason) }
}
func recordDev(auditID int64, in DeviationInput) op {
	return func(f *FollowUp) (FollowUpEvent, error) { return f.RecordDeviation(auditor, opAt, auditID, in) }
}
func submitAction(devID int64, in ActionInput) op {
	return func(f *FollowUp) (FollowUpEvent, error) { return f.SubmitAction(supplier, opAt, devID, in) }
}
func approveAction(id int64) op {
	return func(f *FollowUp) (FollowUpEvent, error) { return f.ApproveAction(regional, opAt, id, "") }
}
func returnAction(id int64, comment string) op {
	return func(f *FollowUp) (FollowUpEvent, error) { return f.ReturnAction(regional, opAt, id, comment) }
}
func progress(id int64, text string, evidence ...string) op {
	return func(f *FollowUp) (FollowUpEvent, error) { return f.ReportProgress(supplier, opAt, id, text, evidence) }
}
func closeDev(devID, auditID int64) op {
	return func(f *FollowUp) (FollowUpEvent, error) { return f.CloseDeviation(regional, opAt, devID, auditID, "") }
}
func escalate(at time.Time, in EscalationInput) op {
	return func(f *FollowUp) (FollowUpEvent, error) { return f.Escalate(regional, at, in) }
}
func closeFU(r CloseReason, text string) op {
	return func(f *FollowUp) (FollowUpEvent, error) { return f.Close(regional, opAt, r, text) }
}

var (
	okPlan      = AuditPlan{Kind: AuditOffice, PlannedFor: day(2022, 11, 15), AuditorOrgID: 9}
	okReAudit   = AuditPlan{Kind: AuditReAudit, PlannedFor: day(2022, 11, 15), AuditorOrgID: 9}
	okDeviation = DeviationInput{RequirementCode: "R2", Severity: SeverityMinor, Description: "Requirements not passed on to sub-suppliers."}
	okAction    = ActionInput{Description: "Send the code of conduct to every sub-supplier.", Owner: "Eva Ek", Deadline: day(2022, 12, 31)}
	okReminder  = EscalationInput{Level: EscalationReminder, Note: "Reminded by e-mail; new date 31 January."}
)

func esc(level EscalationLevel, devID int64) EscalationInput {
	return EscalationInput{Level: level, DeviationID: devID, Note: "Told by e-mail."}
}

// transition is one row of the table: an operation in a state, and either
// the event it records or the refusal with its code, sentence and field.
type transition struct {
	name  string
	state state
	op    op
	event EventType // allowed: the event recorded
	code  string    // refused: the error code
	msg   string    // refused: the exact sentence
	field string    // EINVALID: the field the sentence is about ("" for none)
}

func allow(name string, s state, o op, e EventType) transition {
	return transition{name: name, state: s, op: o, event: e}
}

func refuse(name string, s state, o op, code, msg string) transition {
	return transition{name: name, state: s, op: o, code: code, msg: msg}
}

func refuseField(name string, s state, o op, field, msg string) transition {
	return transition{name: name, state: s, op: o, code: EINVALID, msg: msg, field: field}
}

const closedMsg = "This follow-up was closed on 2022-10-11 and can no longer be changed. Open a new follow-up to continue following up the supplier."

func transitions() []transition {
	var rows []transition
	add := func(r ...transition) { rows = append(rows, r...) }

	// Every change on a closed follow-up is refused: it cannot be reopened.
	for _, c := range []struct {
		name string
		op   op
	}{
		{"send self-assessment", sendSA(day(2022, 11, 30))},
		{"submit self-assessment", submitSA(1)},
		{"review self-assessment", reviewSA(1, VerdictApproved, "")},
		{"plan audit", planAudit(okPlan)},
		{"perform audit", performAudit(2, day(2022, 10, 10), "")},
		{"attach report", attachReport(2, hashReport)},
		{"cancel audit", cancelAudit(2, "No longer needed.")},
		{"record deviation", recordDev(2, okDeviation)},
		{"submit action", submitAction(1, okAction)},
		{"approve action", approveAction(1)},
		{"return action", returnAction(1, "Add dates.")},
		{"report progress", progress(1, "Done.")},
		{"close deviation", closeDev(1, 2)},
		{"escalate", escalate(opLate, esc(EscalationReminder, 1))},
	} {
		add(refuse("closed follow-up/"+c.name, fClosed, c.op, ECONFLICT, closedMsg))
	}
	add(refuse("closed follow-up/close again", fClosed, closeFU(CloseOther, "Again."), ECONFLICT, "This follow-up was already closed on 2022-10-11."))

	// Attribution.
	add(
		refuse("unattributed change", fOpen, func(f *FollowUp) (FollowUpEvent, error) {
			return f.SendSelfAssessment(Actor{}, opAt, day(2022, 11, 30))
		}, EINVALID, "Every change to a follow-up must be made by a signed-in user or a named system job."),
		refuse("unnamed system job", fOpen, func(f *FollowUp) (FollowUpEvent, error) {
			return f.SendSelfAssessment(SystemActor(""), opAt, day(2022, 11, 30))
		}, EINVALID, "Every change to a follow-up must be made by a signed-in user or a named system job."),
		refuse("undated change", fOpen, func(f *FollowUp) (FollowUpEvent, error) {
			return f.SendSelfAssessment(officer, time.Time{}, day(2022, 11, 30))
		}, EINVALID, "The time of the change is missing."),
		refuse("undated close", fOpen, func(f *FollowUp) (FollowUpEvent, error) {
			return f.Close(officer, time.Time{}, CloseResolved, "")
		}, EINVALID, "The time of the change is missing."),
		allow("system job escalates", fSA(SelfAssessmentSent), func(f *FollowUp) (FollowUpEvent, error) {
			return f.Escalate(job, opAt, EscalationInput{Level: EscalationReminder, SelfAssessmentID: 1, Note: "Automatic reminder."})
		}, EventEscalationReminder),
	)

	// Self-assessments: none, sent, submitted, reviewed.
	saNone, saSent, saSub, saRev := fOpen, fSA(SelfAssessmentSent), fSA(SelfAssessmentSubmitted), fSA(SelfAssessmentReviewed)
	add(
		allow("self-assessment none/send", saNone, sendSA(day(2022, 11, 30)), EventSelfAssessmentSent),
		refuse("self-assessment sent/send", saSent, sendSA(day(2022, 11, 30)), ECONFLICT, "Self-assessment 1 is still waiting for the supplier's answers. Wait for them, or send a reminder, before sending another."),
		refuse("self-assessment submitted/send", saSub, sendSA(day(2022, 11, 30)), ECONFLICT, "Self-assessment 1 has been submitted and is waiting for review. Review it before sending another."),
		allow("self-assessment reviewed/send", saRev, sendSA(day(2022, 11, 30)), EventSelfAssessmentSent),
		allow("self-assessment send due today", saNone, sendSA(day(2022, 10, 12)), EventSelfAssessmentSent),
		refuseField("self-assessment send without due date", saNone, sendSA(time.Time{}), "due_on", "Enter the date by which the supplier must answer."),
		refuseField("self-assessment send due yesterday", saNone, sendSA(day(2022, 10, 11)), "due_on", "The due date cannot be before the day the self-assessment is sent (2022-10-12)."),

		refuse("self-assessment none/submit", saNone, submitSA(1), ENOTFOUND, "This follow-up has no self-assessment 1."),
		allow("self-assessment sent/submit", saSent, submitSA(1), EventSelfAssessmentSubmitted),
		refuse("self-assessment submitted/submit", saSub, submitSA(1), ECONFLICT, "Self-assessment 1 has already been submitted."),
		refuse("self-assessment reviewed/submit", saRev, submitSA(1), ECONFLICT, "Self-assessment 1 has already been submitted and reviewed."),

		refuse("self-assessment none/review", saNone, reviewSA(1, VerdictApproved, ""), ENOTFOUND, "This follow-up has no self-assessment 1."),
		refuse("self-assessment sent/review", saSent, reviewSA(1, VerdictApproved, ""), ECONFLICT, "Self-assessment 1 has not been submitted yet. It can be reviewed once the supplier submits it."),
		allow("self-assessment submitted/review approved", saSub, reviewSA(1, VerdictApproved, ""), EventSelfAssessmentReviewed),
		allow("self-assessment submitted/review approved with none", saSub, reviewSA(1, VerdictApproved, RecommendNone), EventSelfAssessmentReviewed),
		allow("self-assessment submitted/review deficient office audit", saSub, reviewSA(1, VerdictDeficient, RecommendOfficeAudit), EventSelfAssessmentReviewed),
		allow("self-assessment submitted/review deficient site audit", saSub, reviewSA(1, VerdictDeficient, RecommendSiteAudit), EventSelfAssessmentReviewed),
		allow("self-assessment submitted/review deficient dialogue", saSub, reviewSA(1, VerdictDeficient, RecommendDialogue), EventSelfAssessmentReviewed),
		refuse("self-assessment reviewed/review", saRev, reviewSA(1, VerdictApproved, ""), ECONFLICT, "Self-assessment 1 has already been reviewed."),
		refuseField("review without verdict", saSub, reviewSA(1, "", ""), "verdict", "Choose approved or deficient."),
		refuseField("review with unknown recommendation", saSub, reviewSA(1, VerdictDeficient, "audit"), "recommendation", "Choose a recommendation from the list."),
		refuseField("review deficient without recommendation", saSub, reviewSA(1, VerdictDeficient, ""), "recommendation", "A deficient self-assessment needs a recommendation: office audit, site audit or dialogue."),
		refuseField("review deficient with none", saSub, reviewSA(1, VerdictDeficient, RecommendNone), "recommendation", "A deficient self-assessment needs a recommendation: office audit, site audit or dialogue."),
		refuseField("review approved with office audit", saSub, reviewSA(1, VerdictApproved, RecommendOfficeAudit), "recommendation", "An approved self-assessment takes no recommendation. Choose deficient to recommend an audit or dialogue."),
	)

	// Audits: none, planned, performed, cancelled.
	auNone, auPlan, auPerf, auCanc := fOpen, fAudit(AuditPlanned), fAudit(AuditPerformed), fAudit(AuditCancelled)
	for _, k := range []AuditKind{AuditOffice, AuditDeskReview} {
		add(allow("plan "+string(k), auNone, planAudit(AuditPlan{Kind: k, PlannedFor: day(2022, 11, 15), AuditorOrgID: 9}), EventAuditPlanned))
	}
	add(
		allow("plan site audit", auNone, planAudit(AuditPlan{Kind: AuditSite, PlannedFor: day(2022, 11, 15), AuditorOrgID: 9, AuditorName: "Kim Aho", SiteID: 3}), EventAuditPlanned),
		allow("plan a second audit while one is planned", auPlan, planAudit(okPlan), EventAuditPlanned),
		allow("plan for a past date after opening", auNone, planAudit(AuditPlan{Kind: AuditOffice, PlannedFor: day(2022, 1, 10), AuditorOrgID: 9}), EventAuditPlanned),
		refuse("plan re-audit without deviations", auPerf, planAudit(okReAudit), ECONFLICT, "A re-audit verifies that deviations have been fixed, and this follow-up has no open deviations. Plan an office or site audit instead."),
		refuseField("plan unknown kind", auNone, planAudit(AuditPlan{Kind: "remote", PlannedFor: day(2022, 11, 15), AuditorOrgID: 9}), "kind", "Choose the kind of audit: office audit, site audit, re-audit or desk review."),
		refuseField("plan without date", auNone, planAudit(AuditPlan{Kind: AuditOffice, AuditorOrgID: 9}), "planned_for", "Enter the date the audit is planned for."),
		refuseField("plan before opening", auNone, planAudit(AuditPlan{Kind: AuditOffice, PlannedFor: day(2022, 1, 9), AuditorOrgID: 9}), "planned_for", "The planned date cannot be before the follow-up was opened (2022-01-10)."),
		refuseField("plan without auditor organisation", auNone, planAudit(AuditPlan{Kind: AuditOffice, PlannedFor: day(2022, 11, 15)}), "auditor_org_id", "Choose the organisation that performs the audit: a region, the national office or an audit firm."),
		refuseField("plan site audit without site", auNone, planAudit(AuditPlan{Kind: AuditSite, PlannedFor: day(2022, 11, 15), AuditorOrgID: 9}), "site_id", "A site audit needs the production site to be audited."),
		refuseField("plan office audit at a site", auNone, planAudit(AuditPlan{Kind: AuditOffice, PlannedFor: day(2022, 11, 15), AuditorOrgID: 9, SiteID: 3}), "site_id", "Only site audits and re-audits take place at a production site. Leave the site empty."),
		refuseField("plan desk review at a site", auNone, planAudit(AuditPlan{Kind: AuditDeskReview, PlannedFor: day(2022, 11, 15), AuditorOrgID: 9, SiteID: 3}), "site_id", "Only site audits and re-audits take place at a production site. Leave the site empty."),
		refuseField("plan at a negative site", auNone, planAudit(AuditPlan{Kind: AuditReAudit, PlannedFor: day(2022, 11, 15), AuditorOrgID: 9, SiteID: -1}), "site_id", "Choose the production site from the list."),
		allow("plan re-audit at a site", fDev(SeverityMajor, DeviationOpen), planAudit(AuditPlan{Kind: AuditReAudit, PlannedFor: day(2022, 11, 15), AuditorOrgID: 9, SiteID: 3}), EventAuditPlanned),
		refuse("plan with several problems", auNone, planAudit(AuditPlan{Kind: AuditSite}), EINVALID, "Check the fields marked below."),

		refuse("audit none/perform", auNone, performAudit(1, day(2022, 10, 12), ""), ENOTFOUND, "This follow-up has no audit 1."),
		allow("audit planned/perform", auPlan, performAudit(1, day(2022, 4, 5), hashReport), EventAuditPerformed),
		allow("audit planned/perform today", auPlan, performAudit(1, day(2022, 10, 12), ""), EventAuditPerformed),
		refuse("audit performed/perform", auPerf, performAudit(1, day(2022, 4, 5), ""), ECONFLICT, "Audit 1 has already been recorded as performed."),
		refuse("audit cancelled/perform", auCanc, performAudit(1, day(2022, 4, 5), ""), ECONFLICT, "Audit 1 was cancelled. Plan a new audit instead."),
		refuseField("perform without date", auPlan, performAudit(1, time.Time{}, ""), "performed_on", "Enter the date the audit was performed."),
		refuseField("perform tomorrow", auPlan, performAudit(1, day(2022, 10, 13), ""), "performed_on", "The date performed cannot be later than today (2022-10-12)."),
		refuseField("perform before opening", auPlan, performAudit(1, day(2022, 1, 9), ""), "performed_on", "The date performed cannot be before the follow-up was opened (2022-01-10)."),
		refuseField("perform with a bad report", auPlan, performAudit(1, day(2022, 4, 5), "report.pdf"), "report", "The report is not a stored file. Upload it again."),

		refuse("audit none/attach report", auNone, attachReport(1, hashReport), ENOTFOUND, "This follow-up has no audit 1."),
		refuse("audit planned/attach report", auPlan, attachReport(1, hashReport), ECONFLICT, "Audit 1 has not been performed yet. Attach the report when you record the audit as performed."),
		allow("audit performed/attach report", auPerf, attachReport(1, hashEvidence), EventAuditReportAttached),
		refuse("audit cancelled/attach report", auCanc, attachReport(1, hashReport), ECONFLICT, "Audit 1 was cancelled, so it has no report."),
		refuseField("attach no report", auPerf, attachReport(1, ""), "report", "Upload the audit report."),
		refuseField("attach a bad report", auPerf, attachReport(1, strings.ToUpper(hashReport)), "report", "The report is not a stored file. Upload it again."),

		refuse("audit none/cancel", auNone, cancelAudit(1, "Moved."), ENOTFOUND, "This follow-up has no audit 1."),
		allow("audit planned/cancel", auPlan, cancelAudit(1, "Moved to next year."), EventAuditCancelled),
		refuse("audit performed/cancel", auPerf, cancelAudit(1, "Moved."), ECONFLICT, "Audit 1 has already been performed and cannot be cancelled."),
		refuse("audit cancelled/cancel", auCanc, cancelAudit(1, "Moved."), ECONFLICT, "Audit 1 is already cancelled."),
		refuseField("cancel without reason", auPlan, cancelAudit(1, "  "), "reason", "Write why the audit is cancelled."),

		refuse("audit none/record deviation", auNone, recordDev(1, okDeviation), ENOTFOUND, "This follow-up has no audit 1."),
		refuse("audit planned/record deviation", auPlan, recordDev(1, okDeviation), ECONFLICT, "Audit 1 has not been performed yet. Record it as performed before adding its deviations."),
		allow("audit performed/record deviation", auPerf, recordDev(1, okDeviation), EventDeviationRecorded),
		refuse("audit cancelled/record deviation", auCanc, recordDev(1, okDeviation), ECONFLICT, "Audit 1 was cancelled, so it has no deviations."),
		allow("record major deviation with evidence and plan date", auPerf, recordDev(1, DeviationInput{RequirementCode: " R1 ", Severity: SeverityMajor, Description: "x", Evidence: []string{hashEvidence}, PlanDueOn: day(2022, 4, 5)}), EventDeviationRecorded),
		allow("record observation", auPerf, recordDev(1, DeviationInput{RequirementCode: "R3", Severity: SeverityObservation, Description: "x"}), EventDeviationRecorded),
		refuseField("record deviation without requirement", auPerf, recordDev(1, DeviationInput{Severity: SeverityMinor, Description: "x"}), "requirement_code", "Choose the requirement the deviation is against."),
		refuseField("record deviation out of scope", auPerf, recordDev(1, DeviationInput{RequirementCode: "R9", Severity: SeverityMinor, Description: "x"}), "requirement_code", "Requirement R9 is not in the scope of this follow-up. Choose one of: R1, R2, R3."),
		refuseField("record deviation without severity", auPerf, recordDev(1, DeviationInput{RequirementCode: "R1", Description: "x"}), "severity", "Choose the severity: major, minor or observation."),
		refuseField("record deviation without description", auPerf, recordDev(1, DeviationInput{RequirementCode: "R1", Severity: SeverityMajor, Description: " "}), "description", "Describe the deviation: what was found and how it falls short of the requirement."),
		refuseField("record deviation with bad evidence", auPerf, recordDev(1, DeviationInput{RequirementCode: "R1", Severity: SeverityMajor, Description: "x", Evidence: []string{hashEvidence, "photo.jpg"}}), "evidence", "One of the evidence files is not a stored file. Upload it again."),
		refuseField("record deviation with plan due before the audit", auPerf, recordDev(1, DeviationInput{RequirementCode: "R1", Severity: SeverityMajor, Description: "x", PlanDueOn: day(2022, 4, 4)}), "plan_due_on", "The due date for the action plan cannot be before the audit was performed (2022-04-05)."),

		allow("audit none/close resolved", auNone, closeFU(CloseResolved, ""), EventFollowUpClosed),
		refuse("audit planned/close resolved", auPlan, closeFU(CloseResolved, ""), ECONFLICT, "Audit 1 is still planned. Record it as performed or cancel it before closing the follow-up."),
		refuse("audit planned/close contracts expired", auPlan, closeFU(CloseContractsExpired, ""), ECONFLICT, "Audit 1 is still planned. Record it as performed or cancel it before closing the follow-up."),
		allow("audit performed/close resolved", auPerf, closeFU(CloseResolved, ""), EventFollowUpClosed),
		allow("audit cancelled/close resolved", auCanc, closeFU(CloseResolved, ""), EventFollowUpClosed),
	)

	// Deviations and their corrective actions: every status, for a major
	// deviation and for an observation.
	type devWant struct {
		submit, approve, ret, progress, closeDev, planReAudit, closeResolved, closeExpired, escalate transition
	}
	notFoundAction := func(name string, s state, o op) transition {
		return refuse(name, s, o, ENOTFOUND, "This follow-up has no corrective action 1.")
	}
	closedDev := "Deviation 1 is closed and needs no further action."
	for _, sev := range []Severity{SeverityMajor, SeverityObservation} {
		for _, st := range []DeviationStatus{DeviationOpen, DeviationActionSubmitted, DeviationActionApproved, DeviationActionReturned, DeviationClosed} {
			s := fDev(sev, st)
			n := "deviation " + string(sev) + " " + string(st) + "/"
			var w devWant
			switch st {
			case DeviationOpen:
				w.submit = allow(n+"submit action", s, submitAction(1, okAction), EventActionSubmitted)
				w.approve = notFoundAction(n+"approve action", s, approveAction(1))
				w.ret = notFoundAction(n+"return action", s, returnAction(1, "Add dates."))
				w.progress = notFoundAction(n+"report progress", s, progress(1, "Done."))
			case DeviationActionSubmitted:
				w.submit = refuse(n+"submit action", s, submitAction(1, okAction), ECONFLICT, "Deviation 1 already has a corrective action waiting for review. Approve or return it first.")
				w.approve = allow(n+"approve action", s, approveAction(1), EventActionApproved)
				w.ret = allow(n+"return action", s, returnAction(1, "Add dates."), EventActionReturned)
				w.progress = refuse(n+"report progress", s, progress(1, "Done."), ECONFLICT, "Corrective action 1 has not been approved yet. Progress can be reported once it is approved.")
			case DeviationActionApproved:
				w.submit = refuse(n+"submit action", s, submitAction(1, okAction), ECONFLICT, "Deviation 1 already has an approved corrective action. Report progress on it instead.")
				w.approve = refuse(n+"approve action", s, approveAction(1), ECONFLICT, "Corrective action 1 has already been approved.")
				w.ret = refuse(n+"return action", s, returnAction(1, "Add dates."), ECONFLICT, "Corrective action 1 has already been approved and cannot be returned.")
				w.progress = allow(n+"report progress", s, progress(1, "Risk analysis drafted.", hashEvidence), EventActionProgress)
			case DeviationActionReturned:
				w.submit = allow(n+"submit action", s, submitAction(1, okAction), EventActionSubmitted)
				w.approve = refuse(n+"approve action", s, approveAction(1), ECONFLICT, "Corrective action 1 was returned to the supplier and cannot be approved. Wait for the revised action.")
				w.ret = refuse(n+"return action", s, returnAction(1, "Add dates."), ECONFLICT, "Corrective action 1 has already been returned to the supplier.")
				w.progress = refuse(n+"report progress", s, progress(1, "Done."), ECONFLICT, "Corrective action 1 was returned to the supplier. Submit a revised action instead.")
			case DeviationClosed:
				w.submit = refuse(n+"submit action", s, submitAction(1, okAction), ECONFLICT, closedDev)
				if sev == SeverityObservation {
					w.approve = notFoundAction(n+"approve action", s, approveAction(1))
					w.ret = notFoundAction(n+"return action", s, returnAction(1, "Add dates."))
					w.progress = notFoundAction(n+"report progress", s, progress(1, "Done."))
				} else {
					w.approve = refuse(n+"approve action", s, approveAction(1), ECONFLICT, closedDev)
					w.ret = refuse(n+"return action", s, returnAction(1, "Add dates."), ECONFLICT, closedDev)
					w.progress = refuse(n+"report progress", s, progress(1, "Done."), ECONFLICT, closedDev)
				}
			}
			// Closing the deviation with re-audit 2.
			switch {
			case st == DeviationClosed:
				w.closeDev = refuse(n+"close deviation", s, closeDev(1, 2), ECONFLICT, "Deviation 1 is already closed.")
			case sev == SeverityObservation, st == DeviationActionApproved:
				w.closeDev = allow(n+"close deviation", s, closeDev(1, 2), EventDeviationClosed)
			case st == DeviationOpen:
				w.closeDev = refuse(n+"close deviation", s, closeDev(1, 2), ECONFLICT, "Deviation 1 has no corrective action yet. A major or minor deviation is closed once its action is approved and the fix verified.")
			case st == DeviationActionSubmitted:
				w.closeDev = refuse(n+"close deviation", s, closeDev(1, 2), ECONFLICT, "The corrective action for deviation 1 is waiting for review. Approve it before closing the deviation.")
			case st == DeviationActionReturned:
				w.closeDev = refuse(n+"close deviation", s, closeDev(1, 2), ECONFLICT, "The corrective action for deviation 1 was returned to the supplier. Approve a revised action before closing the deviation.")
			}
			// Follow-up level operations that depend on the deviation.
			if st == DeviationClosed {
				w.planReAudit = refuse(n+"plan re-audit", s, planAudit(okReAudit), ECONFLICT, "A re-audit verifies that deviations have been fixed, and this follow-up has no open deviations. Plan an office or site audit instead.")
				w.closeResolved = allow(n+"close resolved", s, closeFU(CloseResolved, ""), EventFollowUpClosed)
				w.escalate = refuse(n+"escalate", s, escalate(opLate, okReminder), ECONFLICT, "Nothing in this follow-up is overdue, so there is nothing to escalate. Escalate when a deadline has passed.")
			} else {
				w.planReAudit = allow(n+"plan re-audit", s, planAudit(okReAudit), EventAuditPlanned)
				w.closeResolved = refuse(n+"close resolved", s, closeFU(CloseResolved, ""), ECONFLICT, "The follow-up cannot be closed as resolved while 1 deviation is open. Close it, or choose a reason such as expired contracts.")
				w.escalate = allow(n+"escalate", s, escalate(opLate, esc(EscalationReminder, 1)), EventEscalationReminder)
			}
			w.closeExpired = allow(n+"close contracts expired", s, closeFU(CloseContractsExpired, ""), EventFollowUpClosed)
			add(w.submit, w.approve, w.ret, w.progress, w.closeDev, w.planReAudit, w.closeResolved, w.closeExpired, w.escalate)
		}
	}
	majorApproved := fDev(SeverityMajor, DeviationActionApproved)
	add(
		refuse("deviation none/submit action", fOpen, submitAction(1, okAction), ENOTFOUND, "This follow-up has no deviation 1."),
		refuse("deviation none/close", fOpen, closeDev(1, 2), ENOTFOUND, "This follow-up has no deviation 1."),
		allow("observation closed without a verifying audit", fDev(SeverityObservation, DeviationOpen), closeDev(1, 0), EventDeviationClosed),
		allow("minor deviation closed by re-audit", fDev(SeverityMinor, DeviationActionApproved), closeDev(1, 2), EventDeviationClosed),
		refuseField("major deviation closed without a verifying audit", majorApproved, closeDev(1, 0), "audit_id", "Choose the re-audit or desk review that verified the fix."),
		refuse("deviation closed with an unknown audit", majorApproved, closeDev(1, 9), ENOTFOUND, "This follow-up has no audit 9."),
		refuseField("deviation closed by an office audit", majorApproved, closeDev(1, 1), "audit_id", "Audit 1 is not a re-audit or desk review. Choose the re-audit or desk review that verified the fix."),
		refuse("deviation closed by a planned re-audit", then(majorApproved, func(t *testing.T, f *FollowUp) {
			must(t)(f.PlanAudit(regional, ts(2022, 10, 11, 9), okReAudit))
		}), closeDev(1, 3), ECONFLICT, "Audit 3 has not been performed. Record it as performed before closing deviations with it."),
		refuseField("deviation closed by the desk review that found it", fDeskReviewDeviation, closeDev(1, 1), "audit_id", "Deviation 1 was found in audit 1, which cannot also verify the fix. Choose a later re-audit or desk review."),
		allow("deviation found in a desk review closed by a later desk review", fDeskReviewDeviation, func(f *FollowUp) (FollowUpEvent, error) {
			if _, err := f.PlanAudit(regional, opAt, AuditPlan{Kind: AuditDeskReview, PlannedFor: day(2022, 10, 12), AuditorOrgID: 25}); err != nil {
				return FollowUpEvent{}, err
			}
			if _, err := f.PerformAudit(regional, opAt, 2, day(2022, 10, 12), "", "Evidence checked."); err != nil {
				return FollowUpEvent{}, err
			}
			return f.CloseDeviation(regional, opAt, 1, 2, "Verified from evidence.")
		}, EventDeviationClosed),
		refuseField("deviation closed by a re-audit performed before it was found", fLateDeviation, closeDev(2, 2), "audit_id", "Audit 2 was performed before deviation 2 was found. Choose a later re-audit or desk review."),
		refuseField("submit action without description", fDev(SeverityMajor, DeviationOpen), submitAction(1, ActionInput{Owner: "Eva Ek", Deadline: day(2022, 12, 31)}), "description", "Describe the corrective action."),
		refuseField("submit action without owner", fDev(SeverityMajor, DeviationOpen), submitAction(1, ActionInput{Description: "x", Deadline: day(2022, 12, 31)}), "owner", "Enter who at the supplier is responsible for the action."),
		refuseField("submit action without deadline", fDev(SeverityMajor, DeviationOpen), submitAction(1, ActionInput{Description: "x", Owner: "Eva Ek"}), "deadline", "Enter the deadline for the action."),
		refuseField("submit action with a past deadline", fDev(SeverityMajor, DeviationOpen), submitAction(1, ActionInput{Description: "x", Owner: "Eva Ek", Deadline: day(2022, 10, 11)}), "deadline", "The deadline cannot be before today (2022-10-12)."),
		allow("submit action due today", fDev(SeverityMajor, DeviationOpen), submitAction(1, ActionInput{Description: "x", Owner: "Eva Ek", Deadline: day(2022, 10, 12)}), EventActionSubmitted),
		allow("submit action for an observation", fDev(SeverityObservation, DeviationOpen), submitAction(1, okAction), EventActionSubmitted),
		refuseField("return action with a very long comment", fDev(SeverityMajor, DeviationActionSubmitted), returnAction(1, strings.Repeat("x", 10001)), "comment", "The text can be at most 10000 characters."),
		refuseField("submit action with a very long owner", fDev(SeverityMajor, DeviationOpen), submitAction(1, ActionInput{Description: "x", Owner: strings.Repeat("x", 201), Deadline: day(2022, 12, 31)}), "owner", "The owner can be at most 200 characters."),
		refuseField("return action without comment", fDev(SeverityMajor, DeviationActionSubmitted), returnAction(1, " "), "comment", "Write a comment that tells the supplier what to change."),
		refuse("approve unknown action", fDev(SeverityMajor, DeviationActionSubmitted), approveAction(2), ENOTFOUND, "This follow-up has no corrective action 2."),
		refuseField("report progress without text", majorApproved, progress(1, ""), "text", "Describe the progress made."),
		refuseField("report progress with bad evidence", majorApproved, progress(1, "Done.", "scan.pdf"), "evidence", "One of the evidence files is not a stored file. Upload it again."),
		refuse("old returned action after resubmission/approve", then(fDev(SeverityMajor, DeviationActionReturned), func(t *testing.T, f *FollowUp) {
			must(t)(f.SubmitAction(supplier, ts(2022, 10, 11, 9), 1, okAction))
		}), approveAction(1), ECONFLICT, "Corrective action 1 was returned to the supplier and cannot be approved. Wait for the revised action."),
		allow("revised action after resubmission/approve", then(fDev(SeverityMajor, DeviationActionReturned), func(t *testing.T, f *FollowUp) {
			must(t)(f.SubmitAction(supplier, ts(2022, 10, 11, 9), 1, okAction))
		}), approveAction(2), EventActionApproved),
	)

	// Escalation: levels none, reminder, warning, sanction × the level asked.
	for _, have := range []EscalationLevel{"", EscalationReminder, EscalationWarning, EscalationSanction} {
		s := fEsc(have)
		n := "escalation "
		if have == "" {
			n += "none"
		} else {
			n += string(have)
		}
		add(allow(n+"/reminder", s, escalate(opLate, esc(EscalationReminder, 1)), EventEscalationReminder))
		if have.rank() >= 1 {
			add(allow(n+"/warning", s, escalate(opLate, esc(EscalationWarning, 1)), EventEscalationWarning))
		} else {
			add(refuse(n+"/warning", s, escalate(opLate, esc(EscalationWarning, 1)), ECONFLICT, "A warning comes after a reminder. Send the supplier a reminder first."))
		}
		if have.rank() >= 2 {
			add(allow(n+"/sanction recommendation", s, escalate(opLate, esc(EscalationSanction, 1)), EventEscalationSanction))
		} else {
			add(refuse(n+"/sanction recommendation", s, escalate(opLate, esc(EscalationSanction, 1)), ECONFLICT, "A sanction recommendation comes after a warning. Warn the supplier first."))
		}
	}
	add(
		refuse("escalate before the deadline", majorApproved, escalate(ts(2022, 12, 31, 23), esc(EscalationReminder, 1)), ECONFLICT, "Nothing in this follow-up is overdue, so there is nothing to escalate. Escalate when a deadline has passed."),
		allow("escalate the day after the deadline", majorApproved, escalate(ts(2023, 1, 1, 0), esc(EscalationReminder, 1)), EventEscalationReminder),
		allow("escalate the follow-up as a whole", majorApproved, escalate(opLate, okReminder), EventEscalationReminder),
		refuse("escalate an unknown deviation", majorApproved, escalate(opLate, esc(EscalationReminder, 9)), ENOTFOUND, "This follow-up has no deviation 9."),
		refuse("escalate an unknown self-assessment", majorApproved, escalate(opLate, EscalationInput{Level: EscalationReminder, SelfAssessmentID: 9, Note: "x"}), ENOTFOUND, "This follow-up has no self-assessment 9."),
		refuseField("escalate at an unknown level", majorApproved, escalate(opLate, esc("final", 1)), "level", "Choose the level: reminder, warning or sanction recommendation."),
		refuseField("escalate without a note", majorApproved, escalate(opLate, EscalationInput{Level: EscalationReminder, DeviationID: 1}), "note", "Write what the supplier was told and by when it must act."),
		refuseField("escalate two subjects", fOverdueSA, escalate(opAt, EscalationInput{Level: EscalationReminder, DeviationID: 1, SelfAssessmentID: 1, Note: "x"}), "deviation_id", "Escalate either a deviation or a self-assessment, not both."),
		refuse("escalate a deviation that is not overdue", fOverdueSA, escalate(opAt, esc(EscalationReminder, 1)), ECONFLICT, "Deviation 1 is not overdue. Escalate only deadlines that have passed."),
		allow("escalate an overdue self-assessment", fOverdueSA, escalate(opAt, EscalationInput{Level: EscalationReminder, SelfAssessmentID: 1, Note: "x"}), EventEscalationReminder),
		refuse("escalate a self-assessment that is not overdue", fOverdueDeviation, escalate(opAt, EscalationInput{Level: EscalationReminder, SelfAssessmentID: 1, Note: "x"}), ECONFLICT, "Self-assessment 1 is not overdue. Escalate only deadlines that have passed."),
		allow("escalate an overdue action plan", fOverdueDeviation, escalate(opAt, esc(EscalationReminder, 1)), EventEscalationReminder),
	)

	// Closing the follow-up.
	add(
		allow("close a fresh follow-up as resolved", fOpen, closeFU(CloseResolved, ""), EventFollowUpClosed),
		allow("close with supplier ceased trading", fDev(SeverityMajor, DeviationOpen), closeFU(CloseSupplierCeased, ""), EventFollowUpClosed),
		allow("close with other and text", fDev(SeverityMajor, DeviationOpen), closeFU(CloseOther, "Opened by mistake."), EventFollowUpClosed),
		refuseField("close with other without text", fOpen, closeFU(CloseOther, " "), "text", "Describe why the follow-up is closed."),
		refuseField("close without reason", fOpen, closeFU("", ""), "reason", "Choose why the follow-up is closed: resolved, contracts expired, supplier ceased trading or other."),
		refuse("close resolved with two open deviations", then(fDev(SeverityMajor, DeviationOpen), func(t *testing.T, f *FollowUp) {
			must(t)(f.RecordDeviation(auditor, ts(2022, 10, 11, 9), 2, okDeviation))
		}), closeFU(CloseResolved, ""), ECONFLICT, "The follow-up cannot be closed as resolved while 2 deviations are open. Close them, or choose a reason such as expired contracts."),
		refuse("self-assessment sent/close resolved", saSent, closeFU(CloseResolved, ""), ECONFLICT, "Self-assessment 1 is still waiting for the supplier's answers. Review it before closing the follow-up as resolved, or choose another reason."),
		refuse("self-assessment submitted/close resolved", saSub, closeFU(CloseResolved, ""), ECONFLICT, "Self-assessment 1 is waiting for review. Review it before closing the follow-up as resolved."),
		allow("self-assessment reviewed/close resolved", saRev, closeFU(CloseResolved, ""), EventFollowUpClosed),
		allow("self-assessment sent/close supplier ceased", saSent, closeFU(CloseSupplierCeased, ""), EventFollowUpClosed),
	)
	return rows
}

// fDeskReviewDeviation: desk review 1 performed 2022-06-01 found major
// deviation 1 against R2, whose action 1 is approved.
func fDeskReviewDeviation(t *testing.T) *FollowUp {
	f := fOpen(t)
	must(t)(f.PlanAudit(regional, ts(2022, 5, 20, 9), AuditPlan{Kind: AuditDeskReview, PlannedFor: day(2022, 6, 1), AuditorOrgID: 25}))
	must(t)(f.PerformAudit(regional, ts(2022, 6, 1, 15), 1, day(2022, 6, 1), "", ""))
	must(t)(f.RecordDeviation(regional, ts(2022, 6, 1, 16), 1, okDeviation))
	must(t)(f.SubmitAction(supplier, ts(2022, 6, 10, 9), 1, okAction))
	must(t)(f.ApproveAction(regional, ts(2022, 6, 15, 9), 1, ""))
	return f
}

// fLateDeviation: office audit 1 (2022-04-05) found deviation 1; re-audit 2
// was performed 2022-06-01; desk review 3 on 2022-07-01 found deviation 2,
// whose action is approved.
func fLateDeviation(t *testing.T) *FollowUp {
	f := fAudit(AuditPerformed)(t)
	must(t)(f.RecordDeviation(auditor, ts(2022, 4, 6, 10), 1, okDeviation))
	must(t)(f.PlanAudit(regional, ts(2022, 5, 1, 9), AuditPlan{Kind: AuditReAudit, PlannedFor: day(2022, 6, 1), AuditorOrgID: 9}))
	must(t)(f.PerformAudit(auditor, ts(2022, 6, 1, 15), 2, day(2022, 6, 1), "", ""))
	must(t)(f.PlanAudit(regional, ts(2022, 6, 20, 9), AuditPlan{Kind: AuditDeskReview, PlannedFor: day(2022, 7, 1), AuditorOrgID: 25}))
	must(t)(f.PerformAudit(regional, ts(2022, 7, 1, 15), 3, day(2022, 7, 1), "", ""))
	must(t)(f.RecordDeviation(regional, ts(2022, 7, 1, 16), 3, okDeviation))
	must(t)(f.SubmitAction(supplier, ts(2022, 7, 10, 9), 2, okAction))
	must(t)(f.ApproveAction(regional, ts(2022, 7, 15, 9), 1, ""))
	return f
}

// fOverdueSA: deviation 1's action is approved (deadline 2022-12-31) and
// self-assessment 1, sent 2022-10-01, was due 2022-10-05: at opAt only the
// self-assessment is overdue.
func fOverdueSA(t *testing.T) *FollowUp {
	f := fDev(SeverityMajor, DeviationActionApproved)(t)
	must(t)(f.SendSelfAssessment(officer, ts(2022, 10, 1, 9), day(2022, 10, 5)))
	return f
}

// fOverdueDeviation: deviation 1 has no action (plan due 2022-05-06) and
// self-assessment 1, sent 2022-10-01, is due 2022-10-31: at opAt only the
// deviation is overdue.
func fOverdueDeviation(t *testing.T) *FollowUp {
	f := fDev(SeverityMajor, DeviationOpen)(t)
	must(t)(f.SendSelfAssessment(officer, ts(2022, 10, 1, 9), day(2022, 10, 31)))
	return f
}

// TestTransitions runs every transition allowed and refused in every state.
// An allowed one appends exactly the event it returns to the timeline; a
// refused one returns the exact code and sentence and changes nothing.
func TestTransitions(t *testing.T) {
	seen := map[string]bool{}
	for _, tt := range transitions() {
		if seen[tt.name] {
			t.Fatalf("duplicate row name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			f := tt.state(t)
			before := tt.state(t)
			ev, err := tt.op(f)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("refused: %s %q", ErrorCode(err), ErrorMessage(err))
				}
				if ev.Type != tt.event {
					t.Errorf("event %q, want %q", ev.Type, tt.event)
				}
				if ev.At.IsZero() || (ev.ByUserID == 0 && ev.ByLabel == "") {
					t.Errorf("event not dated and attributed: %+v", ev)
				}
				if len(f.Timeline) == 0 || !reflect.DeepEqual(f.Timeline[len(f.Timeline)-1], ev) {
					t.Errorf("the returned event is not the last on the timeline")
				}
				return
			}
			if got := ErrorCode(err); got != tt.code {
				t.Fatalf("code %q (%v), want %q", got, err, tt.code)
			}
			if got := ErrorMessage(err).String(); got != tt.msg {
				t.Errorf("message\n got %q\nwant %q", got, tt.msg)
			}
			if tt.field != "" {
				if got := ErrorFields(err)[tt.field].String(); got != tt.msg {
					t.Errorf("field %s: %q, want %q (fields %v)", tt.field, got, tt.msg, ErrorFields(err))
				}
			}
			if ev != (FollowUpEvent{}) {
				t.Errorf("a refusal returned an event: %+v", ev)
			}
			if !reflect.DeepEqual(f, before) {
				t.Errorf("a refused change changed the follow-up")
			}
		})
	}
}

// TestTransitionsCoverEveryEventType makes sure that every event type is
// recorded by some allowed row of the table.
func TestTransitionsCoverEveryEventType(t *testing.T) {
	got := map[EventType]bool{EventFollowUpOpened: true}
	for _, tt := range transitions() {
		if tt.code == "" {
			got[tt.event] = true
		}
	}
	for _, e := range EventTypes {
		if !got[e] {
			t.Errorf("no allowed transition records %s", e)
		}
	}
}

func TestOpenFollowUp(t *testing.T) {
	ok := FollowUpInput{SupplierID: 7, CategoryID: 1, ResponsibleRegionIDs: []int64{25}, RequirementCodes: []string{" R1 ", "R2"}}
	f, ev, err := OpenFollowUp(regional, ts(2022, 1, 10, 9), ok)
	if err != nil {
		t.Fatal(err)
	}
	if f.Status != FollowUpOpen || f.OpenedBy != 2 || f.OpenedByLabel != "per.berg@norrbotten.example" || !f.OpenedAt.Equal(ts(2022, 1, 10, 9)) {
		t.Errorf("opened follow-up %+v", f)
	}
	if !reflect.DeepEqual(f.RequirementCodes, []string{"R1", "R2"}) {
		t.Errorf("requirement codes %q, want trimmed", f.RequirementCodes)
	}
	if ev.Type != EventFollowUpOpened || len(f.Timeline) != 1 || !reflect.DeepEqual(f.Timeline[0], ev) {
		t.Errorf("event %+v, timeline %+v", ev, f.Timeline)
	}
	ok.ResponsibleRegionIDs[0] = 99
	if f.ResponsibleRegionIDs[0] != 25 {
		t.Error("the follow-up shares the caller's slice")
	}

	for _, tt := range []struct {
		name   string
		in     FollowUpInput
		msg    string
		fields map[string]string
	}{
		{"nothing", FollowUpInput{}, "Check the fields marked below.", map[string]string{
			"supplier_id":            "Choose the supplier to follow up.",
			"category_id":            "Choose the procurement category.",
			"responsible_region_ids": "Choose at least one responsible region.",
			"requirement_codes":      "Choose at least one requirement in scope.",
		}},
		{"bad region", FollowUpInput{SupplierID: 7, CategoryID: 1, ResponsibleRegionIDs: []int64{0}, RequirementCodes: []string{"R1"}},
			"Choose the responsible regions from the list.", map[string]string{"responsible_region_ids": "Choose the responsible regions from the list."}},
		{"region twice", FollowUpInput{SupplierID: 7, CategoryID: 1, ResponsibleRegionIDs: []int64{25, 25}, RequirementCodes: []string{"R1"}},
			"Each responsible region can be chosen only once.", map[string]string{"responsible_region_ids": "Each responsible region can be chosen only once."}},
		{"empty code", FollowUpInput{SupplierID: 7, CategoryID: 1, ResponsibleRegionIDs: []int64{25}, RequirementCodes: []string{" "}},
			"A requirement code cannot be empty.", map[string]string{"requirement_codes": "A requirement code cannot be empty."}},
		{"code twice", FollowUpInput{SupplierID: 7, CategoryID: 1, ResponsibleRegionIDs: []int64{25}, RequirementCodes: []string{"R1", "R1 "}},
			"Requirement R1 is listed more than once.", map[string]string{"requirement_codes": "Requirement R1 is listed more than once."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := OpenFollowUp(regional, ts(2022, 1, 10, 9), tt.in)
			if ErrorCode(err) != EINVALID || ErrorMessage(err).String() != tt.msg {
				t.Fatalf("got %s %q, want EINVALID %q", ErrorCode(err), ErrorMessage(err), tt.msg)
			}
			got := map[string]string{}
			for k, m := range ErrorFields(err) {
				got[k] = m.String()
			}
			if !reflect.DeepEqual(got, tt.fields) {
				t.Errorf("fields\n got %v\nwant %v", got, tt.fields)
			}
		})
	}
	if _, _, err := OpenFollowUp(Actor{}, ts(2022, 1, 10, 9), ok); ErrorCode(err) != EINVALID {
		t.Errorf("unattributed open: %v", err)
	}
}

func TestOverdueAndLight(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	est := time.FixedZone("EST", -5*3600)
	observationWithoutPlanDate := func(t *testing.T) *FollowUp {
		f := fAudit(AuditPerformed)(t)
		must(t)(f.RecordDeviation(auditor, ts(2022, 4, 6, 10), 1, DeviationInput{RequirementCode: "R3", Severity: SeverityObservation, Description: "x"}))
		return f
	}
	for _, tt := range []struct {
		name    string
		state   state
		now     time.Time
		want    []OverdueItem
		light   Light
		nextDue time.Time
	}{
		{"fresh follow-up", fOpen, opLate, nil, LightGreen, time.Time{}},
		{"self-assessment on its due date", fSA(SelfAssessmentSent), ts(2022, 2, 28, 23), nil, LightGreen, day(2022, 2, 28)},
		{"self-assessment the day after", fSA(SelfAssessmentSent), ts(2022, 3, 1, 0), []OverdueItem{{Kind: OverdueSelfAssessment, SelfAssessmentID: 1, Due: day(2022, 2, 28), DaysLate: 1}}, LightRed, day(2022, 2, 28)},
		{"self-assessment submitted late is not overdue", fSA(SelfAssessmentSubmitted), ts(2022, 3, 1, 0), nil, LightGreen, time.Time{}},
		{"reviewed self-assessment", fSA(SelfAssessmentReviewed), opLate, nil, LightGreen, time.Time{}},
		{"audit planned, no deviations", fAudit(AuditPlanned), opLate, nil, LightGreen, time.Time{}},
		{"open deviation before its plan date", fDev(SeverityMajor, DeviationOpen), ts(2022, 5, 6, 12), nil, LightYellow, day(2022, 5, 6)},
		{"open deviation after its plan date", fDev(SeverityMajor, DeviationOpen), ts(2022, 5, 7, 12), []OverdueItem{{Kind: OverdueActionPlan, DeviationID: 1, Due: day(2022, 5, 6), DaysLate: 1}}, LightRed, day(2022, 5, 6)},
		{"observation without dates never turns red", observationWithoutPlanDate, opLate, nil, LightYellow, time.Time{}},
		{"action submitted within deadline", fDev(SeverityMajor, DeviationActionSubmitted), opAt, nil, LightYellow, day(2022, 12, 31)},
		{"action approved on its deadline", fDev(SeverityMajor, DeviationActionApproved), ts(2022, 12, 31, 23), nil, LightYellow, day(2022, 12, 31)},
		{"action approved the day after its deadline", fDev(SeverityMajor, DeviationActionApproved), ts(2023, 1, 1, 0), []OverdueItem{{Kind: OverdueAction, DeviationID: 1, ActionID: 1, Due: day(2022, 12, 31), DaysLate: 1}}, LightRed, day(2022, 12, 31)},
		{"action approved eleven days late", fDev(SeverityMajor, DeviationActionApproved), ts(2023, 1, 11, 8), []OverdueItem{{Kind: OverdueAction, DeviationID: 1, ActionID: 1, Due: day(2022, 12, 31), DaysLate: 11}}, LightRed, day(2022, 12, 31)},
		{"the local day counts: already 1 January in CET", fDev(SeverityMajor, DeviationActionApproved), time.Date(2023, 1, 1, 0, 30, 0, 0, cet), []OverdueItem{{Kind: OverdueAction, DeviationID: 1, ActionID: 1, Due: day(2022, 12, 31), DaysLate: 1}}, LightRed, day(2022, 12, 31)},
		{"the local day counts: still 31 December in EST", fDev(SeverityMajor, DeviationActionApproved), time.Date(2022, 12, 31, 23, 30, 0, 0, est), nil, LightYellow, day(2022, 12, 31)},
		{"returned action past its deadline", fDev(SeverityMajor, DeviationActionReturned), ts(2023, 1, 1, 0), []OverdueItem{{Kind: OverdueAction, DeviationID: 1, ActionID: 1, Due: day(2022, 12, 31), DaysLate: 1}}, LightRed, day(2022, 12, 31)},
		{"closed deviation past its deadline", fDev(SeverityMajor, DeviationClosed), opLate, nil, LightGreen, time.Time{}},
		{"closed follow-up with an open deviation", fClosed, opLate, nil, LightGreen, time.Time{}},
		{"self-assessment and deviation both overdue", then(fDev(SeverityMajor, DeviationOpen), func(t *testing.T, f *FollowUp) {
			must(t)(f.SendSelfAssessment(officer, ts(2022, 10, 1, 9), day(2022, 10, 5)))
		}), opAt, []OverdueItem{
			{Kind: OverdueSelfAssessment, SelfAssessmentID: 1, Due: day(2022, 10, 5), DaysLate: 7},
			{Kind: OverdueActionPlan, DeviationID: 1, Due: day(2022, 5, 6), DaysLate: 159},
		}, LightRed, day(2022, 5, 6)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.state(t)
			if got := f.Overdue(tt.now); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Overdue\n got %+v\nwant %+v", got, tt.want)
			}
			if got := f.Light(tt.now); got != tt.light {
				t.Errorf("Light = %s, want %s", got, tt.light)
			}
			if got := f.NextDue(); !got.Equal(tt.nextDue) {
				t.Errorf("NextDue = %s, want %s", got, tt.nextDue)
			}
		})
	}
}

type step struct {
	typ   EventType
	by    string
	sa    int64
	audit int64
	dev   int64
	act   int64
}

func checkTimeline(t *testing.T, f *FollowUp, want []step) {
	t.Helper()
	if len(f.Timeline) != len(want) {
		t.Errorf("timeline has %d events, want %d", len(f.Timeline), len(want))
	}
	var last time.Time
	for i, e := range f.Timeline {
		if e.At.Before(last) {
			t.Errorf("event %d (%s) at %s is before the one before it", i, e.Type, e.At)
		}
		last = e.At
		if i >= len(want) {
			t.Errorf("extra event %d: %+v", i, e)
			continue
		}
		w := want[i]
		got := step{typ: e.Type, by: e.ByLabel, sa: e.SelfAssessmentID, audit: e.AuditID, dev: e.DeviationID, act: e.ActionID}
		if got != w {
			t.Errorf("event %d\n got %+v\nwant %+v", i, got, w)
		}
	}
}

// TestHappyPath follows one supplier from opening to closure as resolved.
func TestHappyPath(t *testing.T) {
	do := must(t)
	f, _, err := OpenFollowUp(regional, ts(2022, 1, 10, 9), FollowUpInput{
		SupplierID: 7, CategoryID: 1, ResponsibleRegionIDs: []int64{25, 24, 23, 22},
		RequirementCodes: []string{"passing-on", "risk-analysis", "supply-chain-follow-up", "environment"},
	})
	if err != nil {
		t.Fatal(err)
	}
	f.ID = 41 // as the store would set it
	do(f.SendSelfAssessment(officer, ts(2022, 1, 11, 9), day(2022, 2, 28)))
	do(f.SubmitSelfAssessment(supplier, ts(2022, 2, 20, 14), 1))
	do(f.ReviewSelfAssessment(officer, ts(2022, 3, 1, 10), 1, VerdictDeficient, RecommendOfficeAudit, "Risk analysis and supply-chain follow-up missing."))
	do(f.PlanAudit(regional, ts(2022, 3, 5, 9), AuditPlan{Kind: AuditOffice, PlannedFor: day(2022, 4, 5), AuditorOrgID: 9, AuditorUserID: 4}))
	do(f.PerformAudit(auditor, ts(2022, 4, 6, 9), 1, day(2022, 4, 5), hashReport, "One major and one minor deviation."))
	do(f.RecordDeviation(auditor, ts(2022, 4, 6, 10), 1, DeviationInput{RequirementCode: "risk-analysis", Severity: SeverityMajor,
		Description: "No risk analysis of the supply chain beyond final manufacturing.", Evidence: []string{hashEvidence}, PlanDueOn: day(2022, 5, 6)}))
	do(f.RecordDeviation(auditor, ts(2022, 4, 6, 11), 1, DeviationInput{RequirementCode: "passing-on", Severity: SeverityMinor,
		Description: "The code of conduct is not passed on to sub-suppliers in Sialkot."}))
	if got := f.Light(ts(2022, 4, 7, 9)); got != LightYellow {
		t.Errorf("light after the audit = %s, want yellow", got)
	}
	do(f.SubmitAction(supplier, ts(2022, 4, 20, 9), 1, ActionInput{Description: "Risk analysis per product group.", Owner: "Eva Ek", Deadline: day(2022, 9, 30)}))
	do(f.SubmitAction(supplier, ts(2022, 4, 20, 10), 2, ActionInput{Description: "Send the code.", Owner: "Eva Ek", Deadline: day(2022, 6, 30)}))
	do(f.ReturnAction(regional, ts(2022, 4, 25, 9), 2, "Say how you will check that the sub-suppliers have signed."))
	do(f.SubmitAction(supplier, ts(2022, 5, 2, 9), 2, ActionInput{Description: "Send the code and collect signatures.", Owner: "Eva Ek", Deadline: day(2022, 8, 31)}))
	do(f.ApproveAction(regional, ts(2022, 5, 4, 9), 1, ""))
	do(f.ApproveAction(regional, ts(2022, 5, 4, 10), 3, "Good."))
	do(f.ReportProgress(supplier, ts(2022, 8, 15, 9), 3, "Twelve of fifteen sub-suppliers have signed.", []string{hashEvidence}))
	do(f.PlanAudit(regional, ts(2022, 9, 1, 9), AuditPlan{Kind: AuditReAudit, PlannedFor: day(2022, 10, 10), AuditorOrgID: 9, AuditorUserID: 4}))
	do(f.PerformAudit(auditor, ts(2022, 10, 10, 16), 2, day(2022, 10, 10), hashReport, "Both deviations fixed."))
	do(f.CloseDeviation(regional, ts(2022, 10, 11, 9), 1, 2, "Verified at the re-audit."))
	if _, err := f.Close(regional, ts(2022, 10, 11, 10), CloseResolved, ""); ErrorCode(err) != ECONFLICT {
		t.Errorf("closing with one deviation open: %v", err)
	}
	do(f.CloseDeviation(regional, ts(2022, 10, 11, 11), 2, 2, ""))
	do(f.Close(regional, ts(2022, 10, 12, 9), CloseResolved, ""))

	if got := f.Light(opLate); got != LightGreen {
		t.Errorf("light = %s, want green", got)
	}
	if got := f.StatusLabel().String(); got != "Closed: resolved" {
		t.Errorf("status label %q", got)
	}
	if d := f.DeviationByID(2); d.Status != DeviationClosed || d.VerifiedByAuditID != 2 || len(d.Actions) != 2 ||
		d.Actions[0].Status != ActionReturned || d.Actions[0].ReviewComment == "" || d.Actions[1].Status != ActionApproved ||
		len(d.Actions[1].Progress) != 1 || d.ClosedByLabel != regional.Email {
		t.Errorf("deviation 2: %+v", d)
	}
	if sa := f.SelfAssessmentByID(1); sa.Verdict != VerdictDeficient || sa.Recommendation != RecommendOfficeAudit || sa.ReviewedBy != officer.UserID {
		t.Errorf("self-assessment: %+v", sa)
	}
	reg, off, sup, aud := regional.Email, officer.Email, supplier.Email, auditor.Email
	checkTimeline(t, f, []step{
		{typ: EventFollowUpOpened, by: reg},
		{typ: EventSelfAssessmentSent, by: off, sa: 1},
		{typ: EventSelfAssessmentSubmitted, by: sup, sa: 1},
		{typ: EventSelfAssessmentReviewed, by: off, sa: 1},
		{typ: EventAuditPlanned, by: reg, audit: 1},
		{typ: EventAuditPerformed, by: aud, audit: 1},
		{typ: EventDeviationRecorded, by: aud, audit: 1, dev: 1},
		{typ: EventDeviationRecorded, by: aud, audit: 1, dev: 2},
		{typ: EventActionSubmitted, by: sup, dev: 1, act: 1},
		{typ: EventActionSubmitted, by: sup, dev: 2, act: 2},
		{typ: EventActionReturned, by: reg, dev: 2, act: 2},
		{typ: EventActionSubmitted, by: sup, dev: 2, act: 3},
		{typ: EventActionApproved, by: reg, dev: 1, act: 1},
		{typ: EventActionApproved, by: reg, dev: 2, act: 3},
		{typ: EventActionProgress, by: sup, dev: 2, act: 3},
		{typ: EventAuditPlanned, by: reg, audit: 2},
		{typ: EventAuditPerformed, by: aud, audit: 2},
		{typ: EventDeviationClosed, by: reg, audit: 2, dev: 1},
		{typ: EventDeviationClosed, by: reg, audit: 2, dev: 2},
		{typ: EventFollowUpClosed, by: reg},
	})
	for i, e := range f.Timeline {
		if i > 0 && e.FollowUpID != 41 {
			t.Errorf("event %d has follow-up id %d", i, e.FollowUpID)
		}
	}
	rev := f.Timeline[3]
	if rev.Verdict != VerdictDeficient || rev.Recommendation != RecommendOfficeAudit || rev.ByUserID != officer.UserID {
		t.Errorf("review event %+v", rev)
	}
	if e := f.Timeline[6]; e.Severity != SeverityMajor || e.RequirementCode != "risk-analysis" || !e.Date.Equal(day(2022, 5, 6)) {
		t.Errorf("deviation event %+v", e)
	}
	if e := f.Timeline[5]; e.AuditKind != AuditOffice || !e.Date.Equal(day(2022, 4, 5)) {
		t.Errorf("audit event %+v", e)
	}
	if e := f.Timeline[len(f.Timeline)-1]; e.CloseReason != CloseResolved || !e.At.Equal(ts(2022, 10, 12, 9)) {
		t.Errorf("close event %+v", e)
	}
}

// TestClosedWithOpenDeviations is the Merit Medical case: audited in 2018,
// deviations never closed, closed in 2022 because the contracts expired; a
// new follow-up is opened instead of reopening.
func TestClosedWithOpenDeviations(t *testing.T) {
	do := must(t)
	f, _, err := OpenFollowUp(regional, ts(2018, 2, 1, 9), FollowUpInput{
		SupplierID: 11, CategoryID: 6, ResponsibleRegionIDs: []int64{8, 6, 5}, RequirementCodes: []string{"risk-analysis", "passing-on"},
	})
	if err != nil {
		t.Fatal(err)
	}
	do(f.PlanAudit(regional, ts(2018, 3, 1, 9), AuditPlan{Kind: AuditOffice, PlannedFor: day(2018, 5, 15), AuditorOrgID: 9}))
	do(f.PerformAudit(auditor, ts(2018, 5, 16, 9), 1, day(2018, 5, 15), hashReport, ""))
	do(f.RecordDeviation(auditor, ts(2018, 5, 16, 10), 1, DeviationInput{RequirementCode: "risk-analysis", Severity: SeverityMajor, Description: "No risk analysis."}))
	do(f.RecordDeviation(auditor, ts(2018, 5, 16, 11), 1, DeviationInput{RequirementCode: "passing-on", Severity: SeverityMinor, Description: "Requirements not passed on."}))
	do(f.SubmitAction(supplier, ts(2018, 6, 1, 9), 1, ActionInput{Description: "Make one.", Owner: "Quality manager", Deadline: day(2018, 12, 31)}))
	do(f.ApproveAction(regional, ts(2018, 6, 10, 9), 1, ""))

	now := ts(2022, 6, 30, 9)
	if got := f.Light(now); got != LightRed {
		t.Errorf("light before closing = %s, want red", got)
	}
	_, err = f.Close(regional, now, CloseResolved, "")
	if ErrorCode(err) != ECONFLICT || ErrorMessage(err).String() != "The follow-up cannot be closed as resolved while 2 deviations are open. Close them, or choose a reason such as expired contracts." {
		t.Fatalf("close resolved: %v", err)
	}
	ev, err := f.Close(regional, now, CloseContractsExpired, "The audit was in 2018 and every contract has expired.")
	if err != nil {
		t.Fatal(err)
	}
	if ev.Type != EventFollowUpClosed || ev.CloseReason != CloseContractsExpired || ev.Note != "The audit was in 2018 and every contract has expired." {
		t.Errorf("close event %+v", ev)
	}
	if f.Status != FollowUpClosed || f.CloseReason != CloseContractsExpired || !f.ClosedAt.Equal(now) || f.ClosedByLabel != regional.Email {
		t.Errorf("follow-up %+v", f)
	}
	if n := f.OpenDeviationCount(); n != 2 {
		t.Errorf("open deviations = %d, want 2: they stay open", n)
	}
	if got := f.StatusLabel().String(); got != "Closed: contracts expired" {
		t.Errorf("status label %q", got)
	}
	if got := f.Light(now); got != LightGreen {
		t.Errorf("light = %s, want green", got)
	}
	_, err = f.SubmitAction(supplier, now, 2, okAction)
	if ErrorCode(err) != ECONFLICT || ErrorMessage(err).String() != "This follow-up was closed on 2022-06-30 and can no longer be changed. Open a new follow-up to continue following up the supplier." {
		t.Errorf("change after closing: %v", err)
	}
	if _, _, err := OpenFollowUp(regional, ts(2022, 7, 1, 9), FollowUpInput{SupplierID: 11, CategoryID: 6, ResponsibleRegionIDs: []int64{8}, RequirementCodes: []string{"risk-analysis"}}); err != nil {
		t.Errorf("opening a new follow-up: %v", err)
	}
}

func TestStatusLabel(t *testing.T) {
	for _, tt := range []struct {
		f    FollowUp
		want string
	}{
		{FollowUp{Status: FollowUpOpen}, "Open"},
		{FollowUp{Status: FollowUpClosed, CloseReason: CloseResolved}, "Closed: resolved"},
		{FollowUp{Status: FollowUpClosed, CloseReason: CloseContractsExpired}, "Closed: contracts expired"},
		{FollowUp{Status: FollowUpClosed, CloseReason: CloseSupplierCeased}, "Closed: supplier ceased trading"},
		{FollowUp{Status: FollowUpClosed, CloseReason: CloseOther, CloseText: "Merged with follow-up 12."}, "Closed: Merged with follow-up 12."},
	} {
		if got := tt.f.StatusLabel().String(); got != tt.want {
			t.Errorf("StatusLabel = %q, want %q", got, tt.want)
		}
	}
}

func TestEventTypes(t *testing.T) {
	seen := map[EventType]bool{}
	for _, e := range EventTypes {
		if seen[e] {
			t.Errorf("%s listed twice", e)
		}
		seen[e] = true
		if !e.Valid() {
			t.Errorf("%s not valid", e)
		}
		entity, verb, ok := strings.Cut(string(e), ".")
		if !ok || entity == "" || verb == "" || strings.ToLower(string(e)) != string(e) {
			t.Errorf("%s is not entity.verb in lower case", e)
		}
	}
	if EventType("followup.reopened").Valid() {
		t.Error("reopening is not an event")
	}
}

func TestIDsContinueAfterLoading(t *testing.T) {
	// A follow-up loaded from the store continues each sequence after its
	// highest number, whatever the order of the slices.
	f := &FollowUp{Status: FollowUpOpen, OpenedAt: ts(2022, 1, 1, 9), RequirementCodes: []string{"R1"},
		Audits: []Audit{{ID: 5, Kind: AuditOffice, Status: AuditPerformed, PerformedOn: day(2022, 2, 1)}, {ID: 2, Kind: AuditOffice, Status: AuditCancelled}},
		Deviations: []Deviation{{ID: 7, AuditID: 5, Severity: SeverityMinor, Status: DeviationActionReturned,
			Actions: []CorrectiveAction{{ID: 9, Status: ActionReturned, Deadline: day(2022, 12, 31)}}}},
	}
	ev, err := f.RecordDeviation(auditor, opAt, 5, DeviationInput{RequirementCode: "R1", Severity: SeverityMinor, Description: "x"})
	if err != nil || ev.DeviationID != 8 {
		t.Errorf("deviation id %d, %v; want 8", ev.DeviationID, err)
	}
	ev, err = f.SubmitAction(supplier, opAt, 8, okAction)
	if err != nil || ev.ActionID != 10 {
		t.Errorf("action id %d, %v; want 10", ev.ActionID, err)
	}
	ev, err = f.PlanAudit(regional, opAt, okPlan)
	if err != nil || ev.AuditID != 6 {
		t.Errorf("audit id %d, %v; want 6", ev.AuditID, err)
	}
}

func TestDateOf(t *testing.T) {
	if !DateOf(time.Time{}).IsZero() {
		t.Error("zero time should stay zero")
	}
	cet := time.FixedZone("CET", 3600)
	if got := DateOf(time.Date(2023, 1, 1, 0, 30, 0, 0, cet)); !got.Equal(day(2023, 1, 1)) || got.Location() != time.UTC {
		t.Errorf("DateOf = %v", got)
	}
}
