package sqldb_test

import (
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/questionnaire"
	"github.com/tillit-project/tillit/internal/sqldb"
)

func smallTemplate(code string) *tillit.Template {
	return &tillit.Template{Code: code, Title: tillit.Text{SV: "Enkät", EN: "Survey"}, Sections: []tillit.Section{{
		Key: "s", Title: tillit.Text{SV: "Del", EN: "Part"}, Questions: []tillit.Question{
			{Key: "policy", Type: tillit.QuestionYesNo, Requirement: "UK-1", Mandatory: true, Text: tillit.Text{SV: "Policy?", EN: "Policy?"}},
			{Key: "why", Type: tillit.QuestionText, Requirement: "UK-1", Mandatory: true, Text: tillit.Text{SV: "Varför?", EN: "Why?"},
				ShowIf: &tillit.Condition{Question: "policy", Equals: "no"}},
			{Key: "audits", Type: tillit.QuestionNumber, Requirement: "UK-3", Text: tillit.Text{SV: "Antal", EN: "Number"}},
		}}}}
}

func TestTemplateVersions(t *testing.T) {
	f := newFixture(t)
	t1 := smallTemplate("survey")
	mustOK(t, f.db.SaveTemplate(ctx, sys, t1))
	if t1.Version != 1 || t1.Status != tillit.TemplateDraft {
		t.Fatalf("first save: version %d %s", t1.Version, t1.Status)
	}
	// Editing a draft replaces it.
	t2 := smallTemplate("survey")
	t2.Title.EN = "Survey, edited"
	mustOK(t, f.db.SaveTemplate(ctx, sys, t2))
	if t2.ID != t1.ID || t2.Version != 1 {
		t.Fatalf("editing the draft made version %d (id %d, was %d)", t2.Version, t2.ID, t1.ID)
	}
	pub, err := f.db.PublishTemplate(ctx, sys, t1.ID)
	mustOK(t, err)
	if pub.Status != tillit.TemplatePublished || pub.Title.EN != "Survey, edited" {
		t.Fatalf("published %+v", pub)
	}
	_, err = f.db.PublishTemplate(ctx, sys, t1.ID)
	wantCode(t, err, tillit.ECONFLICT)
	// Editing a published version makes a new draft; the published one stays.
	t3 := smallTemplate("survey")
	t3.Title.EN = "Survey 2"
	mustOK(t, f.db.SaveTemplate(ctx, sys, t3))
	if t3.Version != 2 || t3.ID == t1.ID {
		t.Fatalf("editing a published version: version %d id %d", t3.Version, t3.ID)
	}
	back, err := f.db.FindTemplate(ctx, t1.ID)
	mustOK(t, err)
	if back.Title.EN != "Survey, edited" || back.Status != tillit.TemplatePublished {
		t.Fatalf("the published version changed: %+v", back)
	}
	rows, err := f.db.FindTemplates(ctx)
	mustOK(t, err)
	if len(rows) != 2 || rows[0].Version != 2 || rows[1].Questions != 3 {
		t.Fatalf("list: %+v", rows)
	}
	bad := smallTemplate("survey")
	bad.Sections[0].Questions[0].Text.EN = ""
	wantFields(t, f.db.SaveTemplate(ctx, sys, bad), "sections[0].questions[0].text")

	d, err := questionnaire.Default()
	mustOK(t, err)
	mustOK(t, f.db.SaveTemplate(ctx, sys, d))
	back, err = f.db.FindTemplate(ctx, d.ID)
	mustOK(t, err)
	if len(back.Questions()) != len(d.Questions()) {
		t.Fatalf("default stored with %d questions, want %d", len(back.Questions()), len(d.Questions()))
	}
}

// questionnaireWorld has a published template and a campaign world.
type questionnaireWorld struct {
	*followUpWorld
	tpl     *tillit.Template
	officer tillit.Actor
	sup1    tillit.Actor // a user of supplier
	sup2    tillit.Actor // a user of supplier2
}

func newQuestionnaireWorld(t *testing.T) *questionnaireWorld {
	w := &questionnaireWorld{followUpWorld: newFollowUpWorld(t)}
	w.tpl = smallTemplate("survey")
	mustOK(t, w.db.SaveTemplate(ctx, sys, w.tpl))
	var err error
	w.tpl, err = w.db.PublishTemplate(ctx, sys, w.tpl.ID)
	mustOK(t, err)
	officer := createUser(t, w.db, "officer@kansliet.se", "h", tillit.Membership{OrgID: w.office.ID, Role: tillit.RoleOfficer})
	w.officer = tillit.ActorOf(officer)
	w.sup1 = tillit.ActorOf(createUser(t, w.db, "eva@instrument.se", "h", tillit.Membership{OrgID: w.supplier.ID, Role: tillit.RoleSupplier}))
	w.sup2 = tillit.ActorOf(createUser(t, w.db, "per@andra.se", "h", tillit.Membership{OrgID: w.supplier2.ID, Role: tillit.RoleSupplier}))
	return w
}

func (w *questionnaireWorld) campaign(t *testing.T, in tillit.CampaignInput) []sqldb.CampaignOutcome {
	t.Helper()
	if in.TemplateID == 0 {
		in.TemplateID = w.tpl.ID
	}
	in.CategoryID = w.category.ID
	if in.DueOn.IsZero() {
		in.DueOn = t0.AddDate(0, 0, 30)
	}
	_, out, err := w.db.CreateCampaign(ctx, w.officer, in, false)
	mustOK(t, err)
	return out
}

func TestCampaignAndReview(t *testing.T) {
	w := newQuestionnaireWorld(t)
	// Supplier 1 has a contract in the category; supplier 2 is chosen by hand
	// and already has an open follow-up.
	existing := w.open(t, w.supplier2.ID)
	out := w.campaign(t, tillit.CampaignInput{Selection: tillit.SelectCategory})
	if len(out) != 1 || out[0].SupplierID != w.supplier.ID || !out[0].Opened || out[0].PublicID == "" {
		t.Fatalf("by category: %+v", out)
	}
	out2 := w.campaign(t, tillit.CampaignInput{Selection: tillit.SelectByHand, SupplierIDs: []int64{w.supplier2.ID}})
	if len(out2) != 1 || out2[0].Opened || out2[0].FollowUpID != existing.ID {
		t.Fatalf("by hand into the open follow-up: %+v", out2)
	}
	// Sending again while one waits is skipped with the reason.
	again := w.campaign(t, tillit.CampaignInput{Selection: tillit.SelectByHand, SupplierIDs: []int64{w.supplier2.ID}})
	if again[0].Skipped.Format == "" || again[0].PublicID != "" {
		t.Fatalf("second request while one waits: %+v", again)
	}
	pid := out[0].PublicID
	fu, err := w.db.FindFollowUp(ctx, tillit.Scope{All: true}, out[0].FollowUpID)
	mustOK(t, err)
	if len(fu.SelfAssessments) != 1 || fu.SelfAssessments[0].Status != tillit.SelfAssessmentSent || fu.RequirementCodes[1] != "UK-3" {
		t.Fatalf("the opened follow-up: %+v", fu)
	}

	// Isolation: the other supplier does not find it.
	s1 := tillit.ScopeOf(w.sup1)
	s2 := tillit.ScopeOf(w.sup2)
	_, err = w.db.FindRequest(ctx, s2, pid)
	wantCode(t, err, tillit.ENOTFOUND)
	_, err = w.db.SaveAnswers(ctx, w.sup2, s2, pid, map[string]tillit.AnswerInput{"policy": {Value: "yes"}}, false)
	wantCode(t, err, tillit.ENOTFOUND)
	_, err = w.db.FindRequest(ctx, s1, "NOT-A-PUBLIC-ID")
	wantCode(t, err, tillit.ENOTFOUND)
	rows, err := w.db.FindRequests(ctx, s2, sqldb.RequestFilter{})
	mustOK(t, err)
	if len(rows) != 1 || rows[0].SupplierID != w.supplier2.ID {
		t.Fatalf("supplier 2 lists %+v", rows)
	}

	// Draft, missing answer, submit.
	_, err = w.db.SaveAnswers(ctx, w.sup1, s1, pid, map[string]tillit.AnswerInput{"policy": {Value: "no"}, "audits": {Value: "x"}}, true)
	wantFields(t, err, tillit.QuestionField("audits"))
	r, err := w.db.FindRequest(ctx, s1, pid)
	mustOK(t, err)
	if r.Answers["policy"].Value != "no" || r.Status != tillit.RequestOpen {
		t.Fatalf("the valid answer was not kept: %+v", r)
	}
	_, err = w.db.SaveAnswers(ctx, w.sup1, s1, pid, map[string]tillit.AnswerInput{"audits": {Value: "2"}}, true)
	wantFields(t, err, tillit.QuestionField("why"))
	_, err = w.db.SaveAnswers(ctx, w.sup1, s1, pid, map[string]tillit.AnswerInput{"why": {Value: "Vi arbetar på den."}}, true)
	mustOK(t, err)
	_, err = w.db.SaveAnswers(ctx, w.sup1, s1, pid, map[string]tillit.AnswerInput{"why": {Value: "Ändrat"}}, false)
	wantCode(t, err, tillit.ECONFLICT)

	// Review: return one, the supplier fixes it, deficient with an office audit.
	_, err = w.db.ReviewAnswer(ctx, w.officer, pid, "why", tillit.ReviewNeedsChange, "Ange en tidplan.")
	mustOK(t, err)
	_, err = w.db.ReturnRequest(ctx, w.officer, pid)
	mustOK(t, err)
	_, err = w.db.SaveAnswers(ctx, w.sup1, s1, pid, map[string]tillit.AnswerInput{"audits": {Value: "3"}}, false)
	wantCode(t, err, tillit.ECONFLICT)
	_, err = w.db.SaveAnswers(ctx, w.sup1, s1, pid, map[string]tillit.AnswerInput{"why": {Value: "Policyn antas i juni."}}, true)
	mustOK(t, err)
	plan := tillit.AuditPlan{PlannedFor: t0.AddDate(0, 1, 0), AuditorOrgID: w.firm.ID}
	c, err := w.db.DecideRequest(ctx, w.officer, pid, sqldb.VerdictInput{Verdict: tillit.VerdictDeficient, Recommendation: tillit.RecommendOfficeAudit, Audit: plan})
	mustOK(t, err)
	fu = c.FollowUp
	if sa := fu.SelfAssessments[0]; sa.Status != tillit.SelfAssessmentReviewed || sa.Verdict != tillit.VerdictDeficient {
		t.Fatalf("the follow-up's self-assessment: %+v", sa)
	}
	if len(fu.Audits) != 1 || fu.Audits[0].Kind != tillit.AuditOffice || fu.Audits[0].Status != tillit.AuditPlanned {
		t.Fatalf("the recommended audit was not planned: %+v", fu.Audits)
	}
	var types []tillit.EventType
	for _, e := range fu.Timeline {
		types = append(types, e.Type)
	}
	want := []tillit.EventType{tillit.EventFollowUpOpened, tillit.EventSelfAssessmentSent, tillit.EventSelfAssessmentSubmitted,
		tillit.EventSelfAssessmentReviewed, tillit.EventAuditPlanned}
	if len(types) != len(want) {
		t.Fatalf("timeline %v, want %v", types, want)
	}
	for i := range want {
		if types[i] != want[i] {
			t.Fatalf("timeline %v, want %v", types, want)
		}
	}
	// The answers, comments and verdict are in the audit trail, intact.
	evs, err := w.db.FindAuditEvents(ctx, sqldb.AuditFilter{Limit: 200})
	mustOK(t, err)
	seen := map[string]bool{}
	for _, e := range evs {
		seen[e.Action] = true
	}
	for _, a := range []string{"questionnaire.request_send", "questionnaire.answers_save", "questionnaire.submit", "questionnaire.answer_review",
		"questionnaire.return", "questionnaire.verdict", "selfassessment.reviewed", "audit.planned"} {
		if !seen[a] {
			t.Errorf("no %s in the audit trail", a)
		}
	}
	v, err := w.db.VerifyAudit(ctx)
	mustOK(t, err)
	if v.BrokenID != 0 {
		t.Errorf("audit chain broken at %d", v.BrokenID)
	}
}

func TestQuestionnaireMailsOnce(t *testing.T) {
	w := newQuestionnaireWorld(t)
	out := w.campaign(t, tillit.CampaignInput{Selection: tillit.SelectCategory, DueOn: t0.AddDate(0, 0, 10)})
	kinds := func() []string {
		t.Helper()
		due, err := w.db.QuestionnaireMailsDue(ctx, 100)
		mustOK(t, err)
		var ks []string
		for _, m := range due {
			ks = append(ks, m.Kind)
			ok, err := w.db.ClaimQuestionnaireMail(ctx, m)
			mustOK(t, err)
			if !ok {
				t.Errorf("could not claim %+v", m)
			}
			if ok2, _ := w.db.ClaimQuestionnaireMail(ctx, m); ok2 {
				t.Errorf("claimed %+v twice", m)
			}
		}
		return ks
	}
	if k := kinds(); len(k) != 1 || k[0] != sqldb.MailSent {
		t.Fatalf("at sending: %v", k)
	}
	if k := kinds(); len(k) != 0 {
		t.Fatalf("again at once: %v", k)
	}
	w.clock.Add(4 * 24 * time.Hour) // 6 days before the due date
	if k := kinds(); len(k) != 1 || k[0] != sqldb.MailBeforeDue {
		t.Fatalf("a week before: %v", k)
	}
	w.clock.Add(7 * 24 * time.Hour) // a day after it
	if k := kinds(); len(k) != 1 || k[0] != sqldb.MailAfterDue {
		t.Fatalf("after the due date: %v", k)
	}
	if k := kinds(); len(k) != 0 {
		t.Fatalf("again: %v", k)
	}
	_ = out
}

func TestSupplierRecipientsInvitesContacts(t *testing.T) {
	w := newQuestionnaireWorld(t)
	sp := tillit.SupplierProfile{OrgID: w.supplier2.ID, Contacts: []tillit.Contact{{Name: "Kim Kontakt", Email: "kim@andra.se"}, {Name: "Per", Email: "per@andra.se"}}}
	mustOK(t, w.db.UpdateSupplierProfile(ctx, sys, &sp))
	// supplier2 has a user (per@andra.se): just notified.
	rs, err := w.db.SupplierRecipients(ctx, sys, w.supplier2.ID, true)
	mustOK(t, err)
	if len(rs) != 1 || rs[0].User.Email != "per@andra.se" || rs[0].NeedsPassword {
		t.Fatalf("with a user: %+v", rs)
	}
	// A supplier without users: its contacts get accounts to be invited.
	third := createOrg(t, w.db, tillit.OrgSupplier, "Tredje AB", "")
	sp = tillit.SupplierProfile{OrgID: third.ID, Contacts: []tillit.Contact{{Name: "Ada", Email: "ada@tredje.se"}, {Name: "Taken", Email: "per@andra.se"}, {Name: "Phone only", Phone: "+46 8 123 45"}}}
	mustOK(t, w.db.UpdateSupplierProfile(ctx, sys, &sp))
	rs, err = w.db.SupplierRecipients(ctx, sys, third.ID, true)
	mustOK(t, err)
	if len(rs) != 1 || rs[0].User.Email != "ada@tredje.se" || !rs[0].NeedsPassword {
		t.Fatalf("invited: %+v", rs)
	}
	rs, _ = w.db.SupplierRecipients(ctx, sys, third.ID, true)
	if len(rs) != 1 {
		t.Fatalf("second call: %+v", rs)
	}
}

func TestReuseApproved(t *testing.T) {
	w := newQuestionnaireWorld(t)
	out := w.campaign(t, tillit.CampaignInput{Selection: tillit.SelectCategory})
	pid := out[0].PublicID
	s1 := tillit.ScopeOf(w.sup1)
	_, err := w.db.SaveAnswers(ctx, w.sup1, s1, pid, map[string]tillit.AnswerInput{"policy": {Value: "yes"}}, true)
	mustOK(t, err)
	_, err = w.db.DecideRequest(ctx, w.officer, pid, sqldb.VerdictInput{Verdict: tillit.VerdictApproved})
	mustOK(t, err)
	// Another category's follow-up of the same supplier takes it.
	other := &tillit.Category{Code: "gloves", NameSV: "Handskar", NameEN: "Gloves",
		Responsible: []tillit.Responsibility{{RegionID: w.region.ID, ValidFrom: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	mustOK(t, w.db.CreateCategory(ctx, sys, other))
	fu, err := w.db.OpenFollowUp(ctx, w.officer, tillit.FollowUpInput{SupplierID: w.supplier.ID, CategoryID: other.ID,
		ResponsibleRegionIDs: []int64{w.region.ID}, RequirementCodes: []string{"UK-1"}})
	mustOK(t, err)
	mustOK(t, w.db.AttachReuse(ctx, w.officer, fu.ID, pid))
	wantCode(t, w.db.AttachReuse(ctx, w.officer, fu.ID, pid), tillit.ECONFLICT)
	reuses, err := w.db.FindReuses(ctx, fu.ID)
	mustOK(t, err)
	if len(reuses) != 1 || reuses[0].PublicID != pid || reuses[0].ReviewedAt.IsZero() {
		t.Fatalf("reuses %+v", reuses)
	}
	// Not for another supplier, and not after three years.
	fu2 := w.open(t, w.supplier2.ID)
	wantCode(t, w.db.AttachReuse(ctx, w.officer, fu2.ID, pid), tillit.ECONFLICT)
	w.clock.Add(3 * 366 * 24 * time.Hour)
	r, err := w.db.FindReusable(ctx, w.supplier.ID)
	mustOK(t, err)
	if r != nil {
		t.Fatalf("reusable after three years: %+v", r)
	}
}
