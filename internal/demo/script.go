package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// The follow-ups of the demo year are loaded as the events they would
// have been: every change goes through the domain method a user's form
// would call, by the person who would have made it, on the day it
// happened. A script (one *script per follow-up) is straight-line code of
// dated steps; the first failing step stops it and the error is kept.

// cast is who acts in the follow-ups: the demo users, where one fits.
type cast struct {
	officer     tillit.Actor // the national office reviews self-assessments
	coordinator tillit.Actor // Region Norrbotten, responsible for surgical instruments
	auditor     tillit.Actor // the audit firm's auditor
	suppliers   map[int64]tillit.Actor
}

func (l *loader) loadCast(ctx context.Context) error {
	l.cast = cast{suppliers: map[int64]tillit.Actor{}}
	for _, a := range Accounts {
		var slot *tillit.Actor
		switch a.Role {
		case tillit.RoleOfficer:
			slot = &l.cast.officer
		case tillit.RoleCoordinator:
			slot = &l.cast.coordinator
		case tillit.RoleAuditor:
			slot = &l.cast.auditor
		case tillit.RoleSupplier:
		default:
			continue
		}
		u, err := l.db.FindUserByEmail(ctx, a.Email)
		if err != nil {
			return fmt.Errorf("demo user %s: %w", a.Email, err)
		}
		if slot != nil {
			*slot = tillit.ActorOf(u)
			continue
		}
		for _, m := range u.Memberships {
			if m.Role == tillit.RoleSupplier {
				l.cast.suppliers[m.OrgID] = tillit.ActorOf(u)
			}
		}
	}
	return nil
}

// pick returns the first of who that the policy lets do act on res, or
// the demo's system actor when none may (the demo has no user for most
// regions and suppliers). It never records a change by someone who could
// not have made it.
func pick(act tillit.Action, res tillit.Resource, who ...tillit.Actor) tillit.Actor {
	for _, a := range who {
		if a.UserID != 0 && tillit.Can(a, act, res) {
			return a
		}
	}
	return actor
}

// clocked returns the store as seen at l.clock: a copy of the DB value
// that shares its connection pools but reads its own clock. Setting Now on
// the shared DB instead would stamp whatever else runs meanwhile (another
// loader, a request) with a date in 2022, and race with it.
func (l *loader) clocked() *sqldb.DB {
	return l.db.WithClock(func() time.Time { return l.clock })
}

// script runs the steps of one follow-up.
type script struct {
	ctx        context.Context
	l          *loader
	name       string // the supplier, for errors
	supplierID int64
	regional   []tillit.Actor // who acts for the responsible regions, in order of preference
	f          *tillit.FollowUp
	last       time.Time
	err        error
}

// day is a date of the demo year, written as in the report's tables.
func day(s string) time.Time { return mustDate(s) }

// tick is when a step on date happens: 08:00 UTC, or a few minutes after
// the previous step of the follow-up that day. Steps must come in date
// order; a script that goes back in time is a mistake in the demo.
func (s *script) tick(date time.Time) (time.Time, error) {
	at := tillit.DateOf(date).Add(8 * time.Hour)
	if !at.After(s.last) {
		if tillit.DateOf(s.last).After(tillit.DateOf(date)) {
			return time.Time{}, fmt.Errorf("step on %s comes after one on %s", date.Format(time.DateOnly), s.last.Format(time.DateOnly))
		}
		at = s.last.Add(7 * time.Minute)
	}
	s.last = at
	return at, nil
}

// open opens the follow-up of a supplier in a category, responsible
// regions as the category has them.
func (l *loader) open(ctx context.Context, supplier, category string, date time.Time) *script {
	s := &script{ctx: ctx, l: l, name: supplier}
	id, ok := l.orgs[orgKey{tillit.OrgSupplier, supplier}]
	if !ok {
		s.err = fmt.Errorf("supplier %q not found", supplier)
		return s
	}
	s.supplierID = id
	cat, ok := l.category[category]
	if !ok {
		s.err = fmt.Errorf("category %q not found", category)
		return s
	}
	in := tillit.FollowUpInput{SupplierID: id, CategoryID: cat.id, ResponsibleRegionIDs: cat.regions, RequirementCodes: RequirementCodes()}
	s.regional = []tillit.Actor{l.cast.coordinator, l.cast.officer}
	at, err := s.tick(date)
	if err != nil {
		s.err = err
		return s
	}
	by := pick(tillit.ActOpenFollowUp, tillit.Resource{ResponsibleRegionIDs: cat.regions}, s.regional...)
	l.clock = at
	s.f, s.err = l.clocked().OpenFollowUp(ctx, by, in)
	if s.err == nil {
		l.events++
	}
	return s
}

// step applies one change on date by the first of who allowed to make it.
// Like a handler, the change checks authorisation against the follow-up
// as loaded, then calls exactly one domain method.
func (s *script) step(date time.Time, act tillit.Action, res func(*tillit.FollowUp) tillit.Resource, who []tillit.Actor,
	fn func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error)) tillit.FollowUpEvent {
	if s.err != nil {
		return tillit.FollowUpEvent{}
	}
	at, err := s.tick(date)
	if err != nil {
		s.err = err
		return tillit.FollowUpEvent{}
	}
	by := pick(act, res(s.f), who...)
	s.l.clock = at
	f, ev, err := s.l.clocked().ChangeFollowUp(s.ctx, by, s.f.ID, func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
		if !tillit.Can(by, act, res(f)) {
			return tillit.FollowUpEvent{}, tillit.Errorf(tillit.EFORBIDDEN, "You may not change this follow-up.")
		}
		return fn(f, by, at)
	})
	if err != nil {
		s.err = fmt.Errorf("%s on %s: %w", act, date.Format(time.DateOnly), err)
		return ev
	}
	s.f = f
	s.l.events++
	return ev
}

// The resources the three kinds of change are authorised against.
func regionsOf(f *tillit.FollowUp) tillit.Resource {
	return tillit.Resource{SupplierID: f.SupplierID, ResponsibleRegionIDs: f.ResponsibleRegionIDs}
}

func supplierOf(f *tillit.FollowUp) tillit.Resource { return tillit.Resource{SupplierID: f.SupplierID} }

func auditOf(id int64) func(*tillit.FollowUp) tillit.Resource {
	return func(f *tillit.FollowUp) tillit.Resource {
		res := regionsOf(f)
		if a := f.AuditByID(id); a != nil {
			res.AuditorUserID = a.AuditorUserID
		}
		return res
	}
}

// supplier is who answers for the supplier: its demo user if it has one.
func (s *script) supplier() []tillit.Actor {
	if a, ok := s.l.cast.suppliers[s.supplierID]; ok {
		return []tillit.Actor{a}
	}
	return nil
}

// change is a change the responsible regions make.
func (s *script) change(date time.Time, fn func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error)) tillit.FollowUpEvent {
	return s.step(date, tillit.ActChangeFollowUp, regionsOf, s.regional, fn)
}

func (s *script) sendSA(date, due time.Time) int64 {
	return s.change(date, func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
		return f.SendSelfAssessment(by, at, due)
	}).SelfAssessmentID
}

func (s *script) submitSA(date time.Time, id int64) {
	s.step(date, tillit.ActRespondAsSupplier, supplierOf, s.supplier(), func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
		return f.SubmitSelfAssessment(by, at, id)
	})
}

// reviewSA is the national office's review; a deficient answer is
// recommended for an office audit, as all 22 were in 2022.
func (s *script) reviewSA(date time.Time, id int64, deficient bool, note string) {
	verdict, rec := tillit.VerdictApproved, tillit.RecommendNone
	if deficient {
		verdict, rec = tillit.VerdictDeficient, tillit.RecommendOfficeAudit
	}
	s.step(date, tillit.ActChangeFollowUp, regionsOf, []tillit.Actor{s.l.cast.officer}, func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
		return f.ReviewSelfAssessment(by, at, id, verdict, rec, note)
	})
}

// selfAssessment runs one questionnaire from sending to review.
func (s *script) selfAssessment(q *questionnaire) {
	id := s.sendSA(day(q.sent), day(q.due))
	s.submitSA(day(q.submitted), id)
	s.reviewSA(day(q.reviewed), id, q.deficient, q.note)
}

// auditor says who performs an audit: the audit firm (with the demo
// auditor assigned, or not) or a region by county code.
type auditor struct {
	assigned bool   // the demo auditor is assigned
	region   string // county code of the region that audits; "" for the audit firm
}

var (
	byFirm  = auditor{}
	bySofia = auditor{assigned: true} // the demo auditor, Sofia Håkansson of the audit firm
)

func byRegion(countyCode string) auditor { return auditor{region: countyCode} }

func (s *script) plan(date time.Time, kind tillit.AuditKind, plannedFor time.Time, who auditor, siteID int64) int64 {
	in := tillit.AuditPlan{Kind: kind, PlannedFor: plannedFor, SiteID: siteID}
	if who.region != "" {
		in.AuditorOrgID = s.l.regions[who.region]
	} else {
		in.AuditorOrgID = s.l.orgs[orgKey{tillit.OrgAuditFirm, AuditFirm}]
		if who.assigned {
			in.AuditorUserID = s.l.cast.auditor.UserID
		}
	}
	return s.change(date, func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
		return f.PlanAudit(by, at, in)
	}).AuditID
}

// audited is a change to an audit: by its assigned auditor, else by the
// responsible regions.
func (s *script) audited(date time.Time, auditID int64, fn func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error)) tillit.FollowUpEvent {
	who := append([]tillit.Actor{s.l.cast.auditor}, s.regional...)
	return s.step(date, tillit.ActEditAudit, auditOf(auditID), who, fn)
}

func (s *script) perform(date time.Time, auditID int64, findings string) {
	s.audited(date, auditID, func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
		return f.PerformAudit(by, at, auditID, date, "", findings)
	})
}

func (s *script) deviation(date time.Time, auditID int64, d finding, planDue time.Time) int64 {
	in := tillit.DeviationInput{RequirementCode: d.code, Severity: d.severity, Description: d.text, PlanDueOn: planDue}
	return s.audited(date, auditID, func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
		return f.RecordDeviation(by, at, auditID, in)
	}).DeviationID
}

func (s *script) submitAction(date time.Time, deviationID int64, in tillit.ActionInput) int64 {
	return s.step(date, tillit.ActRespondAsSupplier, supplierOf, s.supplier(), func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
		return f.SubmitAction(by, at, deviationID, in)
	}).ActionID
}

func (s *script) approve(date time.Time, actionID int64, comment string) {
	s.change(date, func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
		return f.ApproveAction(by, at, actionID, comment)
	})
}

func (s *script) returnAction(date time.Time, actionID int64, comment string) {
	s.change(date, func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
		return f.ReturnAction(by, at, actionID, comment)
	})
}

func (s *script) progress(date time.Time, actionID int64, text string) {
	s.step(date, tillit.ActRespondAsSupplier, supplierOf, s.supplier(), func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
		return f.ReportProgress(by, at, actionID, text, nil)
	})
}

func (s *script) closeDeviation(date time.Time, deviationID, auditID int64, note string) {
	s.change(date, func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
		return f.CloseDeviation(by, at, deviationID, auditID, note)
	})
}

func (s *script) escalate(date time.Time, level tillit.EscalationLevel, deviationID int64, note string) {
	s.change(date, func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
		return f.Escalate(by, at, tillit.EscalationInput{Level: level, DeviationID: deviationID, Note: note})
	})
}

func (s *script) close(date time.Time, reason tillit.CloseReason, text string) {
	s.change(date, func(f *tillit.FollowUp, by tillit.Actor, at time.Time) (tillit.FollowUpEvent, error) {
		return f.Close(by, at, reason, text)
	})
}

// done reports the script's error, naming the follow-up.
func (s *script) done() error {
	if s.err != nil {
		return fmt.Errorf("follow-up of %s: %w", s.name, s.err)
	}
	return nil
}
