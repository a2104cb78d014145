package scale

import (
	"container/heap"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/demo"
)

// FollowUp is one generated follow-up: the changes people made to it, in
// order, and the follow-up as they left it.
type FollowUp struct {
	Index  int // 0 for the first opened
	Input  tillit.FollowUpInput
	Opener tillit.Actor
	// Steps[i] made Final.Timeline[i]. Steps[0] is the opening (Do is
	// nil: it is tillit.OpenFollowUp with Input, by Opener, at Steps[0].At).
	Steps []Step
	Final *tillit.FollowUp
}

// Step is one change: who made it, when, and the domain method call, so a
// test can make the same change through the store (sqldb.ChangeFollowUp).
type Step struct {
	At time.Time
	By tillit.Actor
	Do func(*tillit.FollowUp) (tillit.FollowUpEvent, error)
}

// engagement is how far a supplier goes in fixing what an audit found.
type engagement int

const (
	engageNone    engagement = iota // nothing is fixed; the follow-up ends when the contracts do
	engagePartial                   // some deviations are fixed
	engageFull                      // every deviation is fixed and verified; closed as resolved
)

// meanFindings is the mean number of deviations an audit records, so that
// the deviations come out near Size.Deviations: about 45 % of follow-ups
// get an audit that finds something (fewer near the end of the data).
func (w *world) meanFindings() float64 {
	return float64(w.opt.Size.Deviations) / float64(w.opt.Size.FollowUps) / 0.455
}

// life builds one follow-up by running the domain methods.
type life struct {
	w       *world
	r       *rand.Rand
	fu      *FollowUp
	f       *tillit.FollowUp
	last    time.Time
	stopped bool // the next change would fall after the end of the data
	err     error

	sup     *supplier
	opened  time.Time
	coord   tillit.Actor // the coordinator of the first responsible region
	officer tillit.Actor
	answer  tillit.Actor // who answers for the supplier
}

// followUp generates follow-up i, opened as o says. Everything it refers
// to has been emitted, so the ids are known.
func (w *world) followUp(i int, o *open) (*FollowUp, error) {
	r := rand.New(rand.NewPCG(w.opt.Seed^0x0f0110, uint64(i)))
	c := o.contract
	l := &life{w: w, r: r, sup: c.sup, opened: o.at}
	l.officer = w.officers[r.IntN(len(w.officers))].actor()
	l.answer = l.officer
	if c.sup.user != nil {
		l.answer = c.sup.user.actor()
	}
	resp := c.cat.responsible
	if len(resp) == 0 {
		resp = []*buyer{c.buyer}
	}
	in := tillit.FollowUpInput{SupplierID: c.sup.s.ID, CategoryID: c.cat.c.ID, RequirementCodes: demo.RequirementCodes()}
	for _, b := range resp {
		in.ResponsibleRegionIDs = append(in.ResponsibleRegionIDs, b.org.ID)
	}
	l.coord = resp[0].coordinator.actor()
	// The store opens at its own clock, in UTC.
	at := o.at.UTC()
	f, _, err := tillit.OpenFollowUp(l.coord, at, in)
	if err != nil {
		return nil, fmt.Errorf("follow-up %d: open: %w", i, err)
	}
	l.f, l.last = f, o.at
	l.fu = &FollowUp{Index: i, Input: in, Opener: l.coord, Final: f, Steps: []Step{{At: at, By: l.coord}}}
	l.run(o.at)
	if l.err != nil {
		return nil, fmt.Errorf("follow-up %d: %w", i, l.err)
	}
	return l.fu, nil
}

// when is the time of the next change: not before the previous one, and
// false once past the end of the data (the follow-up stays as it is).
func (l *life) when(t time.Time) (time.Time, bool) {
	if l.stopped || l.err != nil {
		return time.Time{}, false
	}
	if !t.After(l.last) {
		t = l.last.Add(time.Minute)
	}
	if t.After(l.w.end) {
		l.stopped = true
		return time.Time{}, false
	}
	return t, true
}

// apply makes one change at at (from when) and records it.
// The change gets at as an argument: a closure must not read a variable
// the story later reuses, or a replay would make another change.
func (l *life) apply(at time.Time, by tillit.Actor, do func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error)) (tillit.FollowUpEvent, bool) {
	step := func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) { return do(f, at) }
	ev, err := step(l.f)
	if err != nil {
		l.err = fmt.Errorf("%s: %w", at.Format(time.DateTime), err)
		return ev, false
	}
	l.last = at
	l.fu.Steps = append(l.fu.Steps, Step{At: at, By: by, Do: step})
	return ev, true
}

func (l *life) pick(texts []string) string { return texts[l.r.IntN(len(texts))] }

// run is the follow-up's story: a self-assessment, an audit when it calls
// for one, the supplier's corrective actions, a re-audit that verifies
// them, escalations of what falls overdue, and the closure.
func (l *life) run(opened time.Time) {
	r := l.r
	deficient, rec, answered := false, tillit.RecommendNone, false
	var saID int64
	if r.IntN(100) < 85 {
		at, ok := l.when(daysAfter(r, opened, 1, 10))
		if !ok {
			return
		}
		due := tillit.DateOf(at).AddDate(0, 0, 30)
		ev, ok := l.apply(at, l.officer, func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
			return f.SendSelfAssessment(l.officer, at, due)
		})
		if !ok {
			return
		}
		saID = ev.SelfAssessmentID
		answered = r.IntN(100) < 88
		if answered {
			sub := daysAfter(r, at, 5, 45)
			if tillit.DateOf(sub).After(due.AddDate(0, 0, 3)) && r.IntN(10) < 6 {
				l.escalate(daysAfter(r, due, 1, 3), tillit.EscalationReminder, 0, saID)
			}
			if at, ok = l.when(sub); !ok {
				return
			}
			if _, ok = l.apply(at, l.answer, func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
				return f.SubmitSelfAssessment(l.answer, at, saID)
			}); !ok {
				return
			}
			if at, ok = l.when(daysAfter(r, at, 3, 25)); !ok {
				return
			}
			verdict, note := tillit.VerdictApproved, ""
			if r.IntN(100) < 35 {
				verdict, note = tillit.VerdictDeficient, "The answers do not show how the supplier follows up its supply chain."
				rec = []tillit.Recommendation{tillit.RecommendOfficeAudit, tillit.RecommendOfficeAudit, tillit.RecommendSiteAudit,
					tillit.RecommendSiteAudit, tillit.RecommendDialogue}[r.IntN(5)]
				deficient = true
			}
			if _, ok = l.apply(at, l.officer, func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
				return f.ReviewSelfAssessment(l.officer, at, saID, verdict, rec, note)
			}); !ok {
				return
			}
		} else {
			l.escalate(daysAfter(r, due, 4, 10), tillit.EscalationReminder, 0, saID)
			if r.IntN(10) < 6 {
				l.escalate(daysAfter(r, due, 20, 35), tillit.EscalationWarning, 0, saID)
			}
		}
	}
	audit := deficient && rec != tillit.RecommendDialogue ||
		deficient && r.IntN(10) < 3 ||
		saID == 0 && r.IntN(10) < 8 ||
		saID != 0 && !answered && r.IntN(10) < 5 ||
		!deficient && answered && r.IntN(100) < 25
	if audit && !l.stopped && l.err == nil {
		l.audit(rec == tillit.RecommendSiteAudit || r.IntN(10) < 3)
	}
	l.close(opened)
}

// escalate sends an escalation at t if something is overdue then (and the
// deviation or self-assessment named is among it); a level comes only
// after the one below it.
func (l *life) escalate(t time.Time, level tillit.EscalationLevel, devID, saID int64) {
	at, ok := l.when(t)
	if !ok {
		return
	}
	over := l.f.Overdue(at)
	found := false
	for _, o := range over {
		if devID != 0 && o.DeviationID == devID || saID != 0 && o.SelfAssessmentID == saID {
			found = true
		}
	}
	if !found {
		return
	}
	rank := map[tillit.EscalationLevel]int{"": 0, tillit.EscalationReminder: 1, tillit.EscalationWarning: 2, tillit.EscalationSanction: 3}
	if rank[level] > rank[l.f.HighestEscalation()]+1 {
		return
	}
	note := "The supplier was reminded of the deadline by e-mail and given two weeks."
	switch level {
	case tillit.EscalationWarning:
		note = "The supplier was warned that the contract terms on sanctions apply."
	case tillit.EscalationSanction:
		note = "The office recommends the regions to apply sanctions under the contract."
	}
	l.apply(at, l.officer, func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
		return f.Escalate(l.officer, at, tillit.EscalationInput{Level: level, DeviationID: devID, SelfAssessmentID: saID, Note: note})
	})
}

// auditor picks who performs an audit: an audit firm's auditor mostly,
// otherwise a responsible region's own staff (no user assigned).
func (l *life) auditor() (org int64, user *person, name string) {
	w := l.w
	if l.r.IntN(4) > 0 {
		firm := w.auditFirms[l.r.IntN(len(w.auditFirms))]
		p := firm.auditors[l.r.IntN(len(firm.auditors))]
		return firm.org.ID, p, ""
	}
	return l.f.ResponsibleRegionIDs[0], nil, w.personName(l.r)
}

// planAndPerform plans an audit and records it as performed; it returns
// the audit's id, who performed it and when it was recorded.
func (l *life) planAndPerform(kind tillit.AuditKind, after time.Time, siteID int64) (int64, tillit.Actor, time.Time, bool) {
	r := l.r
	at, ok := l.when(daysAfter(r, after, 2, 20))
	if !ok {
		return 0, tillit.Actor{}, time.Time{}, false
	}
	planned := tillit.DateOf(at).AddDate(0, 0, 14+r.IntN(47))
	org, p, name := l.auditor()
	plan := tillit.AuditPlan{Kind: kind, PlannedFor: planned, AuditorOrgID: org, AuditorName: name, SiteID: siteID}
	by := l.coord
	if p != nil {
		plan.AuditorUserID, by = p.u.ID, p.actor()
	}
	first := plan
	ev, ok := l.apply(at, l.coord, func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
		return f.PlanAudit(l.coord, at, first)
	})
	if !ok {
		return 0, by, time.Time{}, false
	}
	id := ev.AuditID
	if r.IntN(100) < 5 {
		// Postponed: cancelled and planned again a month later.
		if at, ok = l.when(workTime(r, planned.AddDate(0, 0, -5))); !ok {
			return 0, by, time.Time{}, false
		}
		cancelled := id
		if _, ok = l.apply(at, l.coord, func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
			return f.CancelAudit(l.coord, at, cancelled, "Postponed at the supplier's request.")
		}); !ok {
			return 0, by, time.Time{}, false
		}
		planned = planned.AddDate(0, 0, 30)
		plan.PlannedFor = planned
		if at, ok = l.when(at); !ok {
			return 0, by, time.Time{}, false
		}
		again := plan
		if ev, ok = l.apply(at, l.coord, func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
			return f.PlanAudit(l.coord, at, again)
		}); !ok {
			return 0, by, time.Time{}, false
		}
		id = ev.AuditID
	}
	if at, ok = l.when(daysAfter(r, planned, 0, 4)); !ok {
		return 0, by, time.Time{}, false
	}
	findings := findingsTexts[map[tillit.AuditKind]int{tillit.AuditOffice: 0, tillit.AuditSite: 1, tillit.AuditDeskReview: 2, tillit.AuditReAudit: 3}[kind]]
	performed, on := id, planned
	if _, ok = l.apply(at, by, func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
		return f.PerformAudit(by, at, performed, on, "", findings)
	}); !ok {
		return 0, by, time.Time{}, false
	}
	return id, by, at, true
}

// task is one change the supplier or the office makes during the work on
// deviations, kept in a queue by time so that the work on several
// deviations interleaves as it would.
type task struct {
	at  time.Time
	seq int
	do  func(at time.Time)
}

type tasks []task

func (q tasks) Len() int { return len(q) }
func (q tasks) Less(i, j int) bool {
	if c := q[i].at.Compare(q[j].at); c != 0 {
		return c < 0
	}
	return q[i].seq < q[j].seq
}
func (q tasks) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *tasks) Push(x any)   { *q = append(*q, x.(task)) }
func (q *tasks) Pop() any {
	old := *q
	t := old[len(old)-1]
	*q = old[:len(old)-1]
	return t
}

// audit performs the first audit, records what it finds, and follows the
// supplier's work on it through to a re-audit.
func (l *life) audit(atSite bool) {
	r := l.r
	kind, siteID := tillit.AuditOffice, int64(0)
	if atSite {
		// The follow-up is generated when it opens: only the sites
		// registered by then have ids.
		var known []*site
		for _, s := range l.sup.sites {
			if !s.created.After(l.opened) {
				known = append(known, s)
			}
		}
		if len(known) > 0 {
			kind, siteID = tillit.AuditSite, known[r.IntN(len(known))].s.ID
		}
	}
	auditID, by, at, ok := l.planAndPerform(kind, l.last, siteID)
	if !ok {
		return
	}
	performedOn := l.f.AuditByID(auditID).PerformedOn
	n := 0
	if r.IntN(100) >= 8 {
		n = max(1, int(lognormal(r, l.w.meanFindings(), 0.9)+0.5))
	}
	codes := l.f.RequirementCodes
	var devs []int64
	for k := range n {
		sev := tillit.SeverityObservation
		switch x := r.IntN(100); {
		case x < 15:
			sev = tillit.SeverityMajor
		case x < 60:
			sev = tillit.SeverityMinor
		}
		var due time.Time
		if sev != tillit.SeverityObservation && r.IntN(100) < 85 {
			due = performedOn.AddDate(0, 0, 30)
		}
		in := tillit.DeviationInput{RequirementCode: codes[r.IntN(len(codes))], Severity: sev, Description: l.pick(deviationTexts), PlanDueOn: due}
		t, ok := l.when(at.Add(time.Duration(k+1) * time.Minute))
		if !ok {
			return
		}
		ev, ok := l.apply(t, by, func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
			return f.RecordDeviation(by, at, auditID, in)
		})
		if !ok {
			return
		}
		devs = append(devs, ev.DeviationID)
	}
	eng := engageNone
	switch x := r.IntN(100); {
	case x < 22:
		eng = engageFull
	case x < 42:
		eng = engagePartial
	}
	// The supplier's corrective actions and their review, interleaved.
	var q tasks
	seq := 0
	push := func(t time.Time, do func(at time.Time)) {
		seq++
		heap.Push(&q, task{at: t, seq: seq, do: do})
	}
	var approved []int64
	var lastApproved time.Time
	var submit func(devID int64, after time.Time, round int)
	submit = func(devID int64, after time.Time, round int) {
		push(daysAfter(r, after, 5, 40), func(t time.Time) {
			deadline := tillit.DateOf(t).AddDate(0, 0, 45+r.IntN(76))
			in := tillit.ActionInput{Description: l.pick(actionTexts), Owner: "Sustainability manager", Deadline: deadline}
			ev, ok := l.apply(t, l.answer, func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
				return f.SubmitAction(l.answer, at, devID, in)
			})
			if !ok {
				return
			}
			actionID := ev.ActionID
			push(daysAfter(r, t, 3, 20), func(t time.Time) {
				if round == 0 && r.IntN(100) < 12 {
					if _, ok := l.apply(t, l.coord, func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
						return f.ReturnAction(l.coord, at, actionID, "Say who does what, and by when.")
					}); ok {
						submit(devID, t, round+1)
					}
					return
				}
				if _, ok := l.apply(t, l.coord, func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
					return f.ApproveAction(l.coord, at, actionID, "")
				}); ok {
					approved = append(approved, devID)
					lastApproved = t
				}
			})
		})
	}
	for _, id := range devs {
		d := l.f.DeviationByID(id)
		if d.Severity == tillit.SeverityObservation {
			continue
		}
		if eng == engageFull || eng == engagePartial && r.IntN(2) == 0 {
			submit(id, at, 0)
		} else if !d.PlanDueOn.IsZero() && eng == engageNone && r.IntN(10) < 3 {
			devID := id
			push(workTime(r, d.PlanDueOn.AddDate(0, 0, 5+r.IntN(10))), func(t time.Time) {
				l.escalate(t, tillit.EscalationReminder, devID, 0)
			})
			if r.IntN(2) == 0 {
				push(workTime(r, d.PlanDueOn.AddDate(0, 0, 25+r.IntN(20))), func(t time.Time) {
					l.escalate(t, tillit.EscalationWarning, devID, 0)
				})
			}
		}
	}
	for q.Len() > 0 {
		t := heap.Pop(&q).(task)
		at, ok := l.when(t.at)
		if !ok {
			return
		}
		t.do(at)
		if l.err != nil {
			return
		}
	}
	// A re-audit or desk review verifies the fixes; the observations are
	// closed with it.
	var observations []int64
	for _, id := range devs {
		if l.f.DeviationByID(id).Severity == tillit.SeverityObservation {
			observations = append(observations, id)
		}
	}
	if len(approved) == 0 && (eng != engageFull || len(observations) == 0) {
		return
	}
	var verifier int64
	var verifiedAt time.Time
	if len(approved) > 0 {
		kind := tillit.AuditDeskReview
		if r.IntN(10) < 4 {
			kind = tillit.AuditReAudit
		}
		id, _, t, ok := l.planAndPerform(kind, lastApproved, 0)
		if !ok {
			return
		}
		verifier, verifiedAt = id, t
	} else {
		verifiedAt = daysAfter(r, l.last, 10, 60)
	}
	slices.Sort(approved)
	closeDev := func(devID, auditID int64, note string) bool {
		at, ok := l.when(daysAfter(r, verifiedAt, 1, 5))
		if !ok {
			return false
		}
		_, ok = l.apply(at, l.officer, func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
			return f.CloseDeviation(l.officer, at, devID, auditID, note)
		})
		return ok
	}
	for _, id := range approved {
		if !closeDev(id, verifier, "Fixed, as the follow-up audit verified.") {
			return
		}
	}
	for _, id := range observations {
		if eng == engageFull || r.IntN(2) == 0 {
			if !closeDev(id, verifier, "Noted; no action needed.") {
				return
			}
		}
	}
}

// close ends the follow-up: as resolved when everything is, otherwise
// when the contracts run out or for another reason, a year and a half to
// four years after it opened.
func (l *life) close(opened time.Time) {
	if l.stopped || l.err != nil {
		return
	}
	r := l.r
	for _, a := range l.f.Audits {
		if a.Status == tillit.AuditPlanned {
			return
		}
	}
	resolved := l.f.OpenDeviationCount() == 0
	for _, sa := range l.f.SelfAssessments {
		if sa.Status != tillit.SelfAssessmentReviewed {
			resolved = false
		}
	}
	reason, text := tillit.CloseResolved, ""
	t := daysAfter(r, l.last, 5, 40)
	if !resolved {
		reason = tillit.CloseContractsExpired
		switch x := r.IntN(10); {
		case x == 0:
			reason = tillit.CloseSupplierCeased
		case x >= 7:
			reason, text = tillit.CloseOther, "Followed up further in a new follow-up of the parent company."
		}
		if later := daysAfter(r, opened, 540, 1460); later.After(t) {
			t = later
		}
	}
	at, ok := l.when(t)
	if !ok {
		return
	}
	l.apply(at, l.coord, func(f *tillit.FollowUp, at time.Time) (tillit.FollowUpEvent, error) {
		return f.Close(l.coord, at, reason, text)
	})
}
