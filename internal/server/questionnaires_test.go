package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/questionnaire"
)

// qWorld is the questionnaire part of the fixture: the default
// self-assessment published, and one request each to Leverantör A (in a
// follow-up opened for it) and Leverantör B (in follow-up B). fidA and
// fidB are the public ids of follow-ups A and B, which the portal shows.
type qWorld struct {
	tpl        *tillit.Template
	reqA, reqB string
	fuReqA     int64
	fidA, fidB string
}

var qWorlds sync.Map // *fixture → *qWorld

// questionnaires builds the questionnaire world the first time it is
// asked for.
func (f *fixture) questionnaires() *qWorld {
	if q, ok := qWorlds.Load(f); ok {
		return q.(*qWorld)
	}
	t, ctx := f.t, context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	q := &qWorld{}
	d, err := questionnaire.Default()
	must(err)
	must(f.db.SaveTemplate(ctx, tillit.SystemActor("test"), d))
	q.tpl, err = f.db.PublishTemplate(ctx, tillit.SystemActor("test"), d.ID)
	must(err)
	// A fresh follow-up of Leverantör A takes A's request, so follow-up A
	// keeps its deviation world for the other tests.
	fu, err := f.db.OpenFollowUp(ctx, tillit.ActorOf(f.users[tillit.RoleCoordinator]), tillit.FollowUpInput{SupplierID: f.orgs["Leverantör A"].ID,
		CategoryID: f.category.ID, ResponsibleRegionIDs: []int64{f.orgs["Region Norrbotten"].ID}, RequirementCodes: []string{"UK-1"}})
	must(err)
	q.fuReqA = fu.ID
	_, out, err := f.db.CreateCampaign(ctx, tillit.ActorOf(f.users[tillit.RoleOfficer]), tillit.CampaignInput{TemplateID: q.tpl.ID, CategoryID: f.category.ID,
		Selection: tillit.SelectByHand, SupplierIDs: []int64{f.orgs["Leverantör A"].ID, f.orgs["Leverantör B"].ID}, DueOn: f.now.AddDate(0, 0, 30)}, false)
	must(err)
	for _, o := range out {
		switch {
		case o.PublicID == "":
			t.Fatalf("campaign skipped %s: %v", o.Supplier, o.Skipped)
		case o.SupplierID == f.orgs["Leverantör A"].ID:
			q.reqA = o.PublicID
		default:
			q.reqB = o.PublicID
		}
	}
	q.fidA, err = f.db.FollowUpPublicID(ctx, f.followUpA.ID)
	must(err)
	q.fidB, err = f.db.FollowUpPublicID(ctx, f.followUpB.ID)
	must(err)
	qWorlds.Store(f, q)
	t.Cleanup(func() { qWorlds.Delete(f) })
	return q
}

// answersForm is the portal form's values: every key is present, and the
// values are the answers.
func answersForm(action string, answers map[string][]string) url.Values {
	form := url.Values{"action": {action}}
	for k, v := range answers {
		form.Add("present", k)
		form[tillit.QuestionField(k)] = v
	}
	return form
}

// minimalAnswers answer every mandatory question of the default
// self-assessment with the fewest follow-up questions.
var minimalAnswers = map[string][]string{
	"policy-exists": {"no"}, "policy-plan": {"Policyn antas av styrelsen i juni."},
	"responsibility-owner": {"Hållbarhetschefen"}, "responsibility-mandate": {"yes"},
	"risk-done": {"no"}, "passing-share": {"most"}, "passing-onward": {"yes"},
	"follow-up-methods": {"self-assessment", "third-party-audits"}, "follow-up-audits": {"4"},
	"deviations-routine": {"no"}, "deviations-grievance": {"no"},
	"environment-system": {"other"}, "environment-goals": {"Minskade utsläpp från transporter."},
	"products-chemicals": {"no"}, "corruption-guidelines": {"no"},
}

func TestQuestionnaireTemplatePages(t *testing.T) {
	f := newFixture(t)
	officer := f.client().signIn(tillit.RoleOfficer)

	wantBody(t, officer.get("/questionnaires"), "<h1>Enkäter</h1>", "Det finns inga enkäter ännu.")
	// A broken template comes back with what was pasted and where it is wrong.
	broken := "code: bad\ntitle: {sv: Titel}\nsections: []\n"
	res := officer.post("/questionnaires", url.Values{"yaml": {broken}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Den engelska texten (en) saknas.", "title: ", "code: bad")
	res = officer.fuPostMultipart("/questionnaires", url.Values{}, true, fuUpload{"file", "x.yaml", "code: x\nmandetory: yes\n"})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "YAML-filen gick inte att läsa")

	// The default, uploaded as a file, becomes a draft.
	res = officer.fuPostMultipart("/questionnaires", url.Values{}, true, fuUpload{"file", "default.yaml", string(questionnaire.DefaultYAML())})
	wantStatus(t, res, http.StatusSeeOther)
	page := res.Header.Get("Location")
	res = officer.get(page)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Självskattning av hållbarhetsarbetet i leveranskedjan, version 1", "Utkast", "Policyåtagande",
		`lang="en"`, "Has the company&#39;s management adopted a policy", "Publicera den här versionen", "Ställs eftersom svaret på fråga 1.1 är Ja.")
	wantNoBody(t, res, "Skicka till leverantörer")

	// Export → import gives the same template.
	res = officer.get(page + "/export")
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/yaml") {
		t.Errorf("export content type %q", ct)
	}
	exported, err := questionnaire.Read([]byte(res.Body))
	if err != nil {
		t.Fatalf("the export does not import: %v", err)
	}
	def, _ := questionnaire.Default()
	if again, _ := questionnaire.Write(exported); string(again) != res.Body {
		t.Error("export → import → export differs")
	}
	if len(exported.Questions()) != len(def.Questions()) {
		t.Errorf("exported %d questions, want %d", len(exported.Questions()), len(def.Questions()))
	}

	// Publish; importing again makes version 2 and leaves 1 alone.
	wantStatus(t, officer.post(page+"/publish", nil), http.StatusSeeOther)
	wantStatus(t, officer.post(page+"/publish", nil), http.StatusConflict)
	res = officer.post("/questionnaires", url.Values{"yaml": {string(questionnaire.DefaultYAML())}})
	wantStatus(t, res, http.StatusSeeOther)
	wantBody(t, officer.get(res.Header.Get("Location")), "version 2")
	res = officer.get("/questionnaires")
	wantBody(t, res, "Publicerad", "Utkast")

	// The campaign form; a bad one comes back with what was chosen.
	wantBody(t, officer.get(page+"/send"), "<h1>Skicka enkäten</h1>", `name="due_on"`)
	res = officer.post(page+"/send", url.Values{"category_id": {fmt.Sprint(f.category.ID)}, "selection": {"regions"}, "due_on": {"2026-03-01"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Välj minst en region", "Svarsdatumet kan inte vara före i dag")
	// By category: both suppliers hold contracts in the category.
	res = officer.post(page+"/send", url.Values{"category_id": {fmt.Sprint(f.category.ID)}, "selection": {"category"}, "due_on": {fuDay(f, 30)}})
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "2 leverantörer fick enkäten; 0 hoppades över.", "Leverantör A", "Leverantör B")
	res = officer.get("/questionnaires/requests")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Leverantör A", "Väntar på leverantörens svar")
	// The follow-up recorded the self-assessment as sent.
	fu, err := f.db.FindFollowUp(context.Background(), tillit.Scope{All: true}, f.followUpA.ID)
	if err != nil || len(fu.SelfAssessments) != 1 || fu.Timeline[len(fu.Timeline)-1].Type != tillit.EventSelfAssessmentSent {
		t.Fatalf("follow-up A after the campaign: %+v %v", fu.SelfAssessments, err)
	}
}

var pidRe = regexp.MustCompile(`/portal/requests/([A-Z2-7]{26})`)

func TestPortalAnswerReturnAndVerdict(t *testing.T) {
	f := newFixture(t)
	q := f.questionnaires()
	sup := f.client().signIn(tillit.RoleSupplier)
	officer := f.client().signIn(tillit.RoleOfficer)
	page := "/portal/requests/" + q.reqA
	review := "/questionnaires/requests/" + q.reqA

	// The mail: the supplier's user is told, with the portal link.
	// (Leverantör B has neither users nor contact people to tell.)
	n, err := f.srv.SendQuestionnaireMails(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("mails at sending: %d, %v", n, err)
	}
	m := f.mail.last(t)
	if !strings.Contains(m.Text, "/portal/requests/") || strings.Contains(m.Text, "/welcome/") {
		t.Errorf("notice to an existing user:\n%s", m.Text)
	}

	res := sup.get("/portal")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<h1>Leverantörsportal</h1>", page, "Besvara självskattningen", "Avvikelse 1: Större avvikelse", "/portal/followups/"+q.fidA)
	if ids := pidRe.FindAllStringSubmatch(res.Body, -1); len(ids) == 0 {
		t.Fatal("no public id on the portal")
	}
	res = sup.get(page)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `enctype="multipart/form-data"`, `name="present" value="policy-exists"`, "Spara utkast", "Skicka in svaren")
	wantNoBody(t, res, `name="present" value="policy-plan"`) // asked only after "no"

	// A draft: a bad number is refused, the rest is kept and shown.
	res = sup.post(page, answersForm("save", map[string][]string{"policy-exists": {"no"}, "follow-up-audits": {"fyra"}}))
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Skriv ett tal, till exempel 12 eller 3,5.", `value="fyra"`, `aria-invalid="true"`)
	res = sup.get(page)
	wantBody(t, res, `name="present" value="policy-plan"`) // the draft's "no" asks it now

	// Submitting too early lists what is missing, each linked.
	res = sup.post(page, answersForm("submit", map[string][]string{"responsibility-owner": {"Hållbarhetschefen"}}))
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "obligatoriska frågor är inte besvarade ännu", `href="#q-policy-plan"`, `href="#q-risk-done"`, "Den här frågan måste besvaras.")
	wantNoBody(t, res, `href="#q-responsibility-owner"`)

	// Evidence: a file question, with an upload that is checked.
	res = sup.fuPostMultipart(page, answersForm("save", map[string][]string{"environment-system": {"iso-14001"}}), true)
	wantStatus(t, res, http.StatusSeeOther)
	res = sup.fuPostMultipart(page, url.Values{"present": {"environment-certificate"}, "action": {"save"}}, true,
		fuUpload{"file-environment-certificate", "cert.exe", "MZ\x90\x00 not a certificate"})
	wantStatus(t, res, http.StatusBadRequest)
	// A made-up hash is not evidence: only files attached to the
	// follow-up count.
	fake := strings.Repeat("ab", 32)
	res = sup.fuPostMultipart(page, answersForm("save", map[string][]string{"environment-certificate": {fake}}), true)
	wantStatus(t, res, http.StatusSeeOther)
	wantNoBody(t, sup.get(page), fake)
	res = sup.fuPostMultipart(page, url.Values{"present": {"environment-certificate"}, "action": {"save"}}, true,
		fuUpload{"file-environment-certificate", "certifikat.txt", "ISO 14001 certifikat nr 123"})
	wantStatus(t, res, http.StatusSeeOther)
	res = sup.get(page)
	wantBody(t, res, "certifikat.txt")
	fileLink := regexp.MustCompile(`/portal/requests/[A-Z2-7]+/files/[0-9a-f]{64}`).FindString(res.Body)
	if fileLink == "" {
		t.Fatal("no link to the evidence")
	}
	res = sup.get(fileLink)
	wantStatus(t, res, http.StatusOK)
	if res.Body != "ISO 14001 certifikat nr 123" {
		t.Errorf("evidence body %q", res.Body)
	}

	// The follow-up page's "record as submitted" does not apply to it.
	wantStatus(t, sup.post(fmt.Sprintf("/followups/%d/self-assessments/1/submit", q.fuReqA), nil), http.StatusConflict)
	wantNoBody(t, sup.get(fmt.Sprintf("/followups/%d", q.fuReqA)), "/self-assessments/1/submit")

	// Complete and submit.
	answers := map[string][]string{}
	for k, v := range minimalAnswers {
		answers[k] = v
	}
	answers["environment-system"] = []string{"other"}
	res = sup.post(page, answersForm("submit", answers))
	wantStatus(t, res, http.StatusSeeOther)
	res = sup.get(page)
	wantBody(t, res, "Inskickad, väntar på granskning", "Dina svar är inskickade och väntar på granskning.")
	wantNoBody(t, res, `name="present"`)
	// Locked: a forged change is refused and changes nothing.
	res = sup.post(page, answersForm("save", map[string][]string{"follow-up-audits": {"5"}}))
	wantStatus(t, res, http.StatusConflict)
	r, _ := f.db.FindRequest(context.Background(), tillit.Scope{All: true}, q.reqA)
	if r.Answers["follow-up-audits"].Value != "4" || r.Status != tillit.RequestSubmitted {
		t.Fatalf("after a refused change: %+v", r.Answers["follow-up-audits"])
	}
	fu, _ := f.db.FindFollowUp(context.Background(), tillit.Scope{All: true}, q.fuReqA)
	if fu.SelfAssessments[0].Status != tillit.SelfAssessmentSubmitted {
		t.Fatalf("the follow-up did not record the submission: %+v", fu.SelfAssessments)
	}

	// The office returns one answer with a comment.
	res = officer.get(review)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Självskattning från Leverantör A", "Policyn antas av styrelsen i juni.", "Spara granskningen av svar")
	res = officer.post(review+"/questions/follow-up-audits/review", url.Values{"status": {"needs_change"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Skriv vad leverantören måste ändra")
	wantStatus(t, officer.post(review+"/questions/follow-up-audits/review", url.Values{"status": {"needs_change"}, "comment": {"Räkna bara revisioner på plats."}}), http.StatusSeeOther)
	wantStatus(t, officer.post(review+"/questions/policy-exists/review", url.Values{"status": {"accepted"}}), http.StatusSeeOther)
	res = officer.post(review+"/verdict", url.Values{"verdict": {"approved"}, "recommendation": {"none"}})
	wantStatus(t, res, http.StatusConflict)
	wantStatus(t, officer.post(review+"/return", nil), http.StatusSeeOther)
	if n, err := f.srv.SendQuestionnaireMails(context.Background()); err != nil || n != 1 {
		t.Fatalf("the return notice: %d %v", n, err)
	}
	if m := f.mail.last(t); !strings.Contains(m.Subject, "behöver ändras") {
		t.Errorf("return notice subject %q", m.Subject)
	}

	// The supplier sees the comment, may change that answer only, and resubmits.
	res = sup.get(page)
	wantBody(t, res, "Tillbakaskickad av granskaren", "Räkna bara revisioner på plats.", `name="present" value="follow-up-audits"`)
	wantNoBody(t, res, `name="present" value="policy-exists"`)
	res = sup.post(page, answersForm("save", map[string][]string{"policy-exists": {"yes"}}))
	wantStatus(t, res, http.StatusConflict)
	res = sup.post(page, answersForm("submit", map[string][]string{"follow-up-audits": {"2"}}))
	wantStatus(t, res, http.StatusSeeOther)

	// Deficient with an office audit: the audit is planned in the follow-up.
	res = officer.post(review+"/verdict", url.Values{"verdict": {"deficient"}, "recommendation": {"office_audit"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Ange det datum då den rekommenderade revisionen är planerad.")
	res = officer.post(review+"/verdict", url.Values{"verdict": {"deficient"}, "recommendation": {"office_audit"},
		"planned_for": {fuDay(f, 20)}, "auditor_org_id": {fmt.Sprint(f.orgs["Revisionsbyrån"].ID)}, "note": {"Uppföljningen i leveranskedjan behöver granskas på plats."}})
	wantStatus(t, res, http.StatusSeeOther)
	fu, _ = f.db.FindFollowUp(context.Background(), tillit.Scope{All: true}, q.fuReqA)
	if sa := fu.SelfAssessments[0]; sa.Verdict != tillit.VerdictDeficient || sa.Recommendation != tillit.RecommendOfficeAudit {
		t.Fatalf("the follow-up's review: %+v", sa)
	}
	if len(fu.Audits) != 1 || fu.Audits[0].Kind != tillit.AuditOffice || fu.Audits[0].Status != tillit.AuditPlanned {
		t.Fatalf("the recommended audit is not planned: %+v", fu.Audits)
	}
	res = officer.get(fuURL(fu, ""))
	wantBody(t, res, svText("Office audit"), svText("Planned"), `href="/questionnaires/requests/`+q.reqA+`"`)
	wantBody(t, sup.get(fuURL(fu, "")), `href="/portal/requests/`+q.reqA+`"`)
	wantBody(t, sup.get(page), "Granskad", "Bristfällig")
	res = officer.get("/admin/audit")
	wantBody(t, res, "questionnaire.verdict", "questionnaire.answer_review", "questionnaire.submit")

	// Every region reads the answers and the verdict, without the office's
	// forms, and reaches them from the follow-up page; reviewing stays the
	// office's.
	staff := f.client().signIn(tillit.RoleStaff)
	res = staff.get(review)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Självskattning från Leverantör A", "Policyn antas av styrelsen i juni.", "Bristfällig",
		svText("The national office reviews the answers; every region reads them here."))
	wantNoBody(t, res, "<form id=\"verdict-form\"", "/review\"", "reuse-form")
	wantBody(t, staff.get(fuURL(fu, "")), `href="/questionnaires/requests/`+q.reqA+`"`)
	wantStatus(t, staff.get("/questionnaires/requests"), http.StatusOK)
	wantStatus(t, staff.post(review+"/verdict", url.Values{"verdict": {"approved"}, "recommendation": {"none"}}), http.StatusForbidden)
}

// TestPortalIsolation asks every portal route, read and write, for
// another company's request, answer, file or deviation, and wants 404;
// and every office route refuses the supplier. The routes come from the
// route table, so a new portal route is covered or the test fails.
func TestPortalIsolation(t *testing.T) {
	f := newFixture(t)
	q := f.questionnaires()
	ctx := context.Background()
	supA := f.client().signIn(tillit.RoleSupplier)
	supB := f.fuAddUser(t, "supplier-b@example.org", tillit.RoleSupplier, "Leverantör B")

	// Give B's follow-up a deviation and an action, and each request an
	// evidence file, so there is something real to ask for.
	coord := tillit.ActorOf(f.users[tillit.RoleCoordinator])
	day := tillit.DateOf(f.now)
	for _, step := range []func(fu *tillit.FollowUp) (tillit.FollowUpEvent, error){
		func(fu *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			return fu.PerformAudit(coord, f.now, 1, day, "", "Brister")
		},
		func(fu *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			return fu.RecordDeviation(coord, f.now, 1, tillit.DeviationInput{RequirementCode: "COC-1", Severity: tillit.SeverityMinor, Description: "B:s avvikelse"})
		},
	} {
		if _, _, err := f.db.ChangeFollowUp(ctx, tillit.SystemActor("test"), f.followUpB.ID, step); err != nil {
			t.Fatal(err)
		}
	}
	hashOf := map[string]string{}
	for who, c := range map[string]*client{"A": supA, "B": supB} {
		pid := map[string]string{"A": q.reqA, "B": q.reqB}[who]
		res := c.fuPostMultipart("/portal/requests/"+pid, url.Values{"present": {"policy-document"}, "action": {"save"}}, true,
			fuUpload{"file-policy-document", who + ".txt", "policy of " + who})
		wantStatus(t, res, http.StatusSeeOther)
		r, _ := f.db.FindRequest(ctx, tillit.Scope{All: true}, pid)
		hashOf[who] = r.Answers["policy-document"].Files[0]
	}
	params := map[string]map[string]string{
		"A": {"{pid}": q.reqA, "{fid}": q.fidA, "{hash}": hashOf["A"], "{deviation}": "1", "{action}": "1"},
		"B": {"{pid}": q.reqB, "{fid}": q.fidB, "{hash}": hashOf["B"], "{deviation}": "1", "{action}": "1"},
	}
	// Each company reaches its own things (B's request is in follow-up B,
	// so its file is there too).
	wantStatus(t, supB.get("/portal/followups/"+q.fidB+"/files/"+hashOf["B"]), http.StatusOK)
	for who, c := range map[string]*client{"A": supA, "B": supB} {
		for _, p := range []string{"/portal/requests/{pid}", "/portal/requests/{pid}/files/{hash}", "/portal/followups/{fid}"} {
			for k, v := range params[who] {
				p = strings.ReplaceAll(p, k, v)
			}
			wantStatus(t, c.get(p), http.StatusOK)
		}
	}
	before, _ := f.db.FindRequest(ctx, tillit.Scope{All: true}, q.reqB)
	checked := 0
	for _, rt := range f.srv.Routes() {
		if !strings.HasPrefix(rt.Path, "/portal/") || !strings.Contains(rt.Path, "{") {
			continue
		}
		for _, pair := range []struct {
			c     *client
			other string
		}{{supA, "B"}, {supB, "A"}} {
			path := rt.Path
			for k, v := range params[pair.other] {
				path = strings.ReplaceAll(path, k, v)
			}
			var res response
			form := url.Values{"present": {"policy-exists"}, "q-policy-exists": {"yes"}, "action": {"submit"},
				"description": {"x"}, "owner": {"x"}, "deadline": {fuDay(f, 10)}, "text": {"x"}}
			switch {
			case rt.Method == "GET":
				res = pair.c.get(path)
			case strings.HasSuffix(rt.Path, "/files") || rt.Path == "/portal/requests/{pid}":
				res = pair.c.fuPostMultipart(path, form, true, fuUpload{"file", "x.txt", "x"})
			default:
				res = pair.c.post(path, form)
			}
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("%s %s as the other company's user: status %d, want 404", rt.Method, rt.Path, res.StatusCode)
			}
			checked++
		}
	}
	if checked < 2*8 {
		t.Errorf("only %d portal requests checked", checked)
	}
	if after, _ := f.db.FindRequest(ctx, tillit.Scope{All: true}, q.reqB); after.Answers["policy-exists"].Value != before.Answers["policy-exists"].Value || after.Status != before.Status {
		t.Error("another company's request changed")
	}
	// Malformed and unknown public ids look the same.
	for _, p := range []string{"/portal/requests/" + strings.ToLower(q.reqA), "/portal/requests/AAAAAAAAAAAAAAAAAAAAAAAAAA", "/portal/requests/1", "/portal/followups/" + strconv.FormatInt(f.followUpA.ID, 10)} {
		wantStatus(t, supA.get(p), http.StatusNotFound)
	}
	// The company page of another company.
	wantStatus(t, supA.get(fmt.Sprintf("/portal/company?org=%d", f.orgs["Leverantör B"].ID)), http.StatusNotFound)
	wantStatus(t, supA.post(fmt.Sprintf("/portal/company/contacts?org=%d", f.orgs["Leverantör B"].ID), url.Values{"contact_name": {"X"}, "contact_email": {"x@y.se"}}), http.StatusNotFound)
	// The office's review of a request is closed to suppliers.
	wantStatus(t, supA.get("/questionnaires/requests/"+q.reqA), http.StatusForbidden)
}

// TestPortalDeviationsAndCompany: an action plan, evidence and progress
// for a deviation, and the company's contacts and sites, from the portal.
func TestPortalDeviationsAndCompany(t *testing.T) {
	f := newFixture(t)
	q := f.questionnaires()
	sup := f.client().signIn(tillit.RoleSupplier)
	page := "/portal/followups/" + q.fidA
	res := sup.get(page)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Avvikelse 1: Större avvikelse", "Ingen riskanalys av leveranskedjan", "Gör en riskanalys")
	// Action 1 waits for review: no form. The office returns it.
	wantNoBody(t, res, `id="action-for-1"`)
	coord := f.client().signIn(tillit.RoleCoordinator)
	wantStatus(t, coord.post(fuURL(f.followUpA, "/actions/1/return"), url.Values{"comment": {"Lägg till en tidplan."}}), http.StatusSeeOther)
	res = sup.get(page)
	wantBody(t, res, "Lägg till en tidplan.", `id="action-for-1"`, "Lämna en reviderad åtgärdsplan")
	res = sup.post(page+"/deviations/1/actions", url.Values{"description": {"Riskanalys med tidplan."}, "owner": {""}, "deadline": {"snart"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Riskanalys med tidplan.", `aria-invalid="true"`)
	res = sup.post(page+"/deviations/1/actions", url.Values{"description": {"Riskanalys med tidplan."}, "owner": {"Hållbarhetschefen"}, "deadline": {fuDay(f, 60)}})
	wantStatus(t, res, http.StatusSeeOther)
	wantStatus(t, coord.post(fuURL(f.followUpA, "/actions/2/approve"), url.Values{"comment": {"Bra."}}), http.StatusSeeOther)
	res = sup.fuPostMultipart(page+"/files", nil, true, fuUpload{"file", "riskanalys.csv", "steg;klart\n1;ja\n"})
	wantStatus(t, res, http.StatusSeeOther)
	res = sup.get(page)
	hash := regexp.MustCompile(`name="evidence" value="([0-9a-f]{64})"`).FindStringSubmatch(res.Body)
	if hash == nil {
		t.Fatalf("no evidence to choose:\n%s", res.Body)
	}
	res = sup.post(page+"/actions/2/progress", url.Values{"text": {"Steg 1 klart."}, "evidence": {hash[1]}})
	wantStatus(t, res, http.StatusSeeOther)
	res = sup.post(page+"/actions/2/progress", url.Values{"text": {"Mer."}, "evidence": {strings.Repeat("a", 64)}})
	wantStatus(t, res, http.StatusBadRequest)
	fu, _ := f.db.FindFollowUp(context.Background(), tillit.Scope{All: true}, f.followUpA.ID)
	if act := fu.Deviations[0].CurrentAction(); len(act.Progress) != 1 || act.Progress[0].Evidence[0] != hash[1] {
		t.Fatalf("progress: %+v", act.Progress)
	}

	res = sup.get("/portal/company")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Ditt företag: Leverantör A", "Fabrik 1", `name="contact_name"`)
	res = sup.post("/portal/company/contacts", url.Values{"contact_name": {"Eva Exempel"}, "contact_email": {"inte-en-adress"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `value="inte-en-adress"`, `aria-invalid="true"`)
	wantStatus(t, sup.post("/portal/company/contacts", url.Values{"contact_name": {"Eva Exempel"}, "contact_email": {"eva@leverantor-a.se"}}), http.StatusSeeOther)
	res = sup.post("/portal/company/sites", url.Values{"name": {"Fabrik 2"}, "city": {"Lahore"}, "country": {"Pakistan"}})
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `value="Fabrik 2"`, `id="site-country-error"`)
	wantStatus(t, (sup.post("/portal/company/sites", url.Values{"name": {"Fabrik 2"}, "city": {"Lahore"}, "country": {"PK"}, "products": {"Pincetter"}})), http.StatusSeeOther)
	wantBody(t, sup.get("/portal/company"), "eva@leverantor-a.se", "Fabrik 2", "Pincetter")
}

// TestQuestionnaireInvitationsAndReminders: a supplier with no account
// gets its contact invited with a one-time link; reminders go once before
// and once after the due date.
func TestQuestionnaireInvitationsAndReminders(t *testing.T) {
	f := newFixture(t)
	q := f.questionnaires()
	ctx := context.Background()
	third := &tillit.Organisation{Kind: tillit.OrgSupplier, Name: "Leverantör C", Country: "SE"}
	if err := f.db.CreateOrganisation(ctx, tillit.SystemActor("test"), third); err != nil {
		t.Fatal(err)
	}
	if err := f.db.UpdateSupplierProfile(ctx, tillit.SystemActor("test"), &tillit.SupplierProfile{OrgID: third.ID,
		Contacts: []tillit.Contact{{Name: "Cecilia Kontakt", Email: "cecilia@leverantor-c.se"}}}); err != nil {
		t.Fatal(err)
	}
	_, out, err := f.db.CreateCampaign(ctx, tillit.ActorOf(f.users[tillit.RoleOfficer]), tillit.CampaignInput{TemplateID: q.tpl.ID, CategoryID: f.category.ID,
		Selection: tillit.SelectByHand, SupplierIDs: []int64{third.ID}, DueOn: f.now.AddDate(0, 0, 10)}, false)
	if err != nil || out[0].PublicID == "" || !out[0].Opened {
		t.Fatalf("campaign to C: %+v %v", out, err)
	}
	if _, err := f.srv.SendQuestionnaireMails(ctx); err != nil {
		t.Fatal(err)
	}
	var invite string
	f.mail.mu.Lock()
	for _, m := range f.mail.sent {
		if m.To == "cecilia@leverantor-c.se" {
			invite = m.Text
		}
	}
	f.mail.mu.Unlock()
	if !strings.Contains(invite, "/welcome/") || !strings.Contains(invite, "/portal/requests/"+out[0].PublicID) {
		t.Fatalf("invitation:\n%s", invite)
	}
	link := regexp.MustCompile(`http://tillit\.test(/welcome/\S+)`).FindStringSubmatch(invite)
	c := f.client()
	wantStatus(t, c.get(link[1]), http.StatusOK)
	res := c.post(link[1], url.Values{"password": {"ett långt nytt lösenord"}, "confirm": {"ett långt nytt lösenord"}})
	wantStatus(t, res, http.StatusSeeOther)
	wantStatus(t, c.get("/portal/requests/"+out[0].PublicID), http.StatusOK)

	count := func() int {
		t.Helper()
		n, err := f.srv.SendQuestionnaireMails(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 0 {
		t.Fatalf("mails sent again: %d", n)
	}
	f.advance(4 * 24 * time.Hour) // C's due date is 6 days away; A's and B's 26
	if n := count(); n != 1 {
		t.Fatalf("reminders a week before: %d, want 1 (to C)", n)
	}
	f.advance(7 * 24 * time.Hour)
	if n := count(); n != 1 {
		t.Fatalf("reminders after the due date: %d, want 1", n)
	}
	if n := count(); n != 0 {
		t.Fatalf("reminders again: %d", n)
	}
	if m := f.mail.last(t); !strings.Contains(m.Subject, "skulle ha besvarats") {
		t.Errorf("reminder subject %q", m.Subject)
	}
}

// visitQuestionnairePages renders every questionnaire and portal page, for
// TestEveryPageRendered.
func (f *fixture) visitQuestionnairePages(t *testing.T) {
	q := f.questionnaires()
	officer := f.client().signIn(tillit.RoleOfficer)
	sup := f.client().signIn(tillit.RoleSupplier)
	id := strconv.FormatInt(q.tpl.ID, 10)
	for p, want := range map[string]string{
		"/questionnaires": "<h1>Enkäter</h1>", "/questionnaires/templates/" + id: "version 1", "/questionnaires/templates/" + id + "/send": "<h1>Skicka enkäten</h1>",
		"/questionnaires/requests": "Leverantör B", "/questionnaires/requests/" + q.reqA: "Självskattning från Leverantör A",
	} {
		res := officer.get(p)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, want)
	}
	for p, want := range map[string]string{
		"/portal": "<h1>Leverantörsportal</h1>", "/portal/requests/" + q.reqA: "Spara utkast",
		"/portal/followups/" + q.fidA: "Avvikelse 1", "/portal/company": "Kontaktpersoner",
	} {
		res := sup.get(p)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, want)
	}
}

func TestQuestionnaireAPI(t *testing.T) {
	f := newFixture(t)
	q := f.questionnaires()
	token := f.apiToken(tillit.RoleOfficer)
	res := f.apiYAML("POST", "/api/v1/questionnaires", token, string(questionnaire.DefaultYAML()))
	wantStatus(t, res, http.StatusCreated)
	wantBody(t, res, `"status": "draft"`, `"version": 2`, `"code": "self-assessment"`)
	res = f.apiYAML("POST", "/api/v1/questionnaires", token, "code: x\n")
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, `"title"`)
	res = f.api("GET", "/api/v1/questionnaires", token, "")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"requests": 2`, `"status": "published"`)
	id := strconv.FormatInt(q.tpl.ID, 10)
	res = f.api("GET", "/api/v1/questionnaires/"+id, token, "")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"key": "policy-exists"`, `"show_if"`)
	res = f.api("GET", "/api/v1/questionnaires/"+id+"/yaml", token, "")
	wantStatus(t, res, http.StatusOK)
	if back, err := questionnaire.Read([]byte(res.Body)); err != nil || len(back.Questions()) != len(q.tpl.Questions()) {
		t.Fatalf("the YAML export does not read back: %v", err)
	}
	res = f.api("POST", "/api/v1/campaigns", token, fmt.Sprintf(`{"template_id": %d, "category_id": %d, "selection": "suppliers", "supplier_ids": [%d], "due_on": %q}`,
		q.tpl.ID, f.category.ID, f.orgs["Leverantör A"].ID, fuDay(f, 20)))
	wantStatus(t, res, http.StatusCreated)
	// Leverantör A's newest open follow-up has a request waiting already.
	wantBody(t, res, `"campaign_id"`, `"skipped": "Self-assessment 1 is still waiting`)
	res = f.api("POST", "/api/v1/campaigns", token, `{"template_id": 1, "selection": "everyone", "due_on": "2026-13-01"}`)
	wantStatus(t, res, http.StatusBadRequest)
	res = f.api("GET", "/api/v1/questionnaire-requests?status=open&supplier_id="+fmt.Sprint(f.orgs["Leverantör A"].ID), token, "")
	wantStatus(t, res, http.StatusOK)
	if n := strings.Count(res.Body, `"self_assessment_id"`); n != 1 {
		t.Errorf("%d open requests of Leverantör A, want 1\n%s", n, res.Body)
	}
	res = f.api("GET", "/api/v1/questionnaire-requests/"+q.reqA, token, "")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"id": "`+q.reqA+`"`, `"status": "open"`)
	wantStatus(t, f.api("GET", "/api/v1/questionnaire-requests/NOTANID", token, ""), http.StatusNotFound)
	wantStatus(t, f.api("GET", "/api/v1/questionnaires", f.apiToken(tillit.RoleSupplier), ""), http.StatusForbidden)
}

// apiYAML sends a YAML body to the API.
func (f *fixture) apiYAML(method, path, token, body string) response {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.ts.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/yaml")
	c := &client{f: f, c: &http.Client{}}
	return c.do(req)
}

// TestReuseFromReviewPage: an approved self-assessment is attached to the
// supplier's other follow-up, whose page shows when it was approved.
func TestReuseFromReviewPage(t *testing.T) {
	f := newFixture(t)
	q := f.questionnaires()
	sup := f.client().signIn(tillit.RoleSupplier)
	officer := f.client().signIn(tillit.RoleOfficer)
	wantStatus(t, sup.post("/portal/requests/"+q.reqA, answersForm("submit", minimalAnswers)), http.StatusSeeOther)
	review := "/questionnaires/requests/" + q.reqA
	wantStatus(t, officer.post(review+"/verdict", url.Values{"verdict": {"approved"}, "recommendation": {"none"}}), http.StatusSeeOther)
	res := officer.get(review)
	wantBody(t, res, "Återanvänd i en annan uppföljning", fmt.Sprintf(`<option value="%d">`, f.followUpA.ID))
	wantStatus(t, officer.post(review+"/reuse", url.Values{"followup_id": {fmt.Sprint(f.followUpB.ID)}}), http.StatusConflict)
	wantStatus(t, officer.post(review+"/reuse", url.Values{"followup_id": {fmt.Sprint(f.followUpA.ID)}}), http.StatusSeeOther)
	res = officer.get(fuURL(f.followUpA, ""))
	wantBody(t, res, "En godkänd självskattning från en annan uppföljning återanvänds här: godkänd 2026-03-02")
	wantStatus(t, officer.post(review+"/reuse", url.Values{"followup_id": {fmt.Sprint(f.followUpA.ID)}}), http.StatusConflict)
}
