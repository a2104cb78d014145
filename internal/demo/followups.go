package demo

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
)

// The demo year's follow-ups. Most follow one shape (story, run by
// runStory): opened, perhaps a self-assessment, perhaps an audit with
// deviations, the supplier's corrective actions, their approval, a
// re-audit or desk review that verifies them, and closure. Those that do
// not (escalations, a returned plan, closure with open deviations, a
// second re-audit) are written out as scripts below.
//
// What the 2022 report says about each supplier decides its story; the
// rest (dates, the findings' wording, which requirement, the actions) is
// invented to be plausible. Together they hold, as events:
//
//   - 39 self-assessments reviewed in 2022, 22 deficient (each recommended
//     for an office audit) and 17 approved;
//   - 16 office audits planned and performed in 2022, at exactly the 16
//     suppliers of OfficeAuditsStarted2022;
//   - 12 follow-ups closed in 2022, of exactly the suppliers of
//     AuditsClosed2022; their audits were in 2021 or earlier and only
//     re-audits and desk reviews verified the fixes in 2022. Merit Medical
//     Systems was closed because its contracts had expired, with its
//     deviations still open. Procurator AB has two follow-ups: one closed in
//     2022, and one whose office audit was in 2022;
//   - the two demo suppliers' companies, Mölnlycke Health Care AB and
//     Stryker AB, each with an open follow-up and open deviations:
//     Mölnlycke's revised action waits for review (yellow), Stryker is past
//     a deadline after a reminder and a warning (red).
//
// Every other follow-up opened before 2023 is closed later than 2022, so
// that no year's counts depend on when the demo is loaded.

// questionnaire is one self-assessment from sending to review.
type questionnaire struct {
	sent, due, submitted, reviewed string
	deficient                      bool
	note                           string
}

// survey is a questionnaire answered on the usual timetable: due six
// weeks after sending, answered a few days before that, reviewed two
// weeks after.
func survey(sent string, deficient bool, note string) *questionnaire {
	t := day(sent)
	return &questionnaire{
		sent: sent, due: iso(t.AddDate(0, 0, 42)), submitted: iso(t.AddDate(0, 0, 38)), reviewed: iso(t.AddDate(0, 0, 56)),
		deficient: deficient, note: note,
	}
}

func iso(t time.Time) string { return t.Format(time.DateOnly) }

// visit is an audit: planned on one date, performed on another.
type visit struct {
	kind     tillit.AuditKind
	planned  string
	on       string
	by       auditor
	atSite   bool // at the supplier's first production site
	findings string
}

// finding is a deviation an audit records.
type finding struct {
	code     string
	severity tillit.Severity
	text     string
}

// story is the common shape of a follow-up.
type story struct {
	supplier string
	category string
	opened   string
	sa       *questionnaire
	audit    *visit
	findings []finding
	planDue  string // the action plans are due
	actions  string // the supplier submits one action per major or minor deviation
	deadline string // the actions' deadline
	returned string // optional: the first action is returned on this date…
	revised  string // …and a revised one submitted on this
	approved string // the (revised) actions are approved
	progress string // optional: the supplier reports progress on them
	verify   *visit // the re-audit or desk review that verifies the fixes
	fixed    string // the deviations are closed
	closed   string // the follow-up is closed as resolved
	summary  string
}

// What suppliers typically commit to, by requirement.
var actionFor = map[string]string{
	"UK-1": "Ledningen antar en policy som hänvisar till regionernas uppförandekod och publicerar den på webbplatsen.",
	"UK-2": "Ta fram en riskanalys för hela leveranskedjan per produktgrupp och land, från råvara till sluttillverkning, och uppdatera den årligen.",
	"UK-3": "Inför en årlig plan för uppföljning av prioriterade underleverantörer med självskattning, besök och revision, och dokumentera resultatet.",
	"UK-4": "Skicka uppförandekoden till samtliga underleverantörer för underskrift och för in kraven i alla nya och förlängda avtal.",
	"UK-5": "Inför rutiner för arbetstid och övertid hos tillverkaren, följ upp dem vid varje besök och redovisa resultatet.",
	"MK-1": "Sätt mätbara miljömål, utse en ansvarig och följ upp målen i ledningens årliga genomgång.",
	"MK-2": "Redovisa hur de produktspecifika miljökraven uppfylls, med intyg och mätdata från tillverkaren.",
}

const (
	approvedComment = "Godkänd. Redovisa genomförandet med underlag inför återrevisionen."
	owner           = "Hållbarhetsansvarig"
)

// verifiedNote is the note on a deviation closed by a verifying audit.
func verifiedNote(kind tillit.AuditKind) string {
	if kind == tillit.AuditDeskReview {
		return "Åtgärdad; verifierad vid skrivbordsgranskning av underlaget."
	}
	return "Åtgärdad; verifierad vid återrevision."
}

// runStory plays a story.
func (l *loader) runStory(ctx context.Context, st story) error {
	s := l.open(ctx, st.supplier, st.category, day(st.opened))
	if st.sa != nil {
		s.selfAssessment(st.sa)
	}
	var auditID int64
	var devs, actions []int64
	if st.audit != nil {
		auditID = l.visit(s, st.audit)
		for _, fd := range st.findings {
			var due time.Time
			if fd.severity != tillit.SeverityObservation {
				due = day(st.planDue)
			}
			devs = append(devs, s.deviation(day(st.audit.on), auditID, fd, due))
		}
	}
	// One action for every deviation that needs one.
	var acting []int64
	for i, fd := range st.findings {
		if fd.severity == tillit.SeverityObservation {
			continue
		}
		acting = append(acting, devs[i])
		in := tillit.ActionInput{Description: actionFor[fd.code], Owner: owner, Deadline: day(st.deadline)}
		actions = append(actions, s.submitAction(day(st.actions), devs[i], in))
	}
	if st.returned != "" && len(actions) > 0 {
		s.returnAction(day(st.returned), actions[0], "Åtgärden saknar tidplan och anger inte vilka underleverantörer den omfattar. Komplettera och skicka in igen.")
		fd := st.findings[indexOf(devs, acting[0])]
		in := tillit.ActionInput{Description: actionFor[fd.code] + " Tidplan: kartläggning inom en månad, därefter kvartalsvis uppföljning.",
			Owner: owner, Deadline: day(st.deadline)}
		actions[0] = s.submitAction(day(st.revised), acting[0], in)
	}
	for _, a := range actions {
		s.approve(day(st.approved), a, approvedComment)
	}
	if st.progress != "" {
		for _, a := range actions {
			s.progress(day(st.progress), a, "Åtgärden är genomförd. Underlag finns för granskning.")
		}
	}
	if st.fixed != "" {
		// Observations alone need no verifying audit.
		var verifier int64
		note := "Observationen är hanterad."
		if st.verify != nil {
			verifier = l.visit(s, st.verify)
			note = verifiedNote(st.verify.kind)
		}
		for _, d := range devs {
			s.closeDeviation(day(st.fixed), d, verifier, note)
		}
	}
	if st.closed != "" {
		s.close(day(st.closed), tillit.CloseResolved, st.summary)
	}
	return s.done()
}

// visit plans and performs an audit.
func (l *loader) visit(s *script, v *visit) int64 {
	var site int64
	if v.atSite {
		site = l.firstSite[s.supplierID]
	}
	id := s.plan(day(v.planned), v.kind, day(v.on), v.by, site)
	s.perform(day(v.on), id, v.findings)
	return id
}

func indexOf(ids []int64, id int64) int {
	for i, v := range ids {
		if v == id {
			return i
		}
	}
	return -1
}

// Findings the report names for surgical instrument suppliers.
var (
	passOnSialkot = finding{"UK-4", tillit.SeverityMajor, "Uppförandekoden förs inte vidare till instrumentverkstäderna i Sialkot; det finns inga skriftliga åtaganden från underleverantörerna."}
	riskAnalysis  = finding{"UK-2", tillit.SeverityMajor, "Riskanalysen omfattar bara sluttillverkningen, inte smide, härdning och polering hos underleverantörerna."}
	followUpChain = finding{"UK-3", tillit.SeverityMinor, "Det finns ingen plan för uppföljning av underleverantörer, och inga besök eller revisioner har gjorts de senaste tre åren."}
	environment   = finding{"MK-1", tillit.SeverityMinor, "Miljöpolicyn saknar mätbara mål och följs inte upp."}
)

// storiesClosed2022 are the follow-ups closed in 2022 after their
// deviations were fixed (Alcon Nordic, Merit Medical Systems and
// Procurator AB are scripts of their own).
var storiesClosed2022 = []story{
	{
		supplier: "Sylak (nu Observe Medical)", category: CategorySurgicalInstruments, opened: "2021-02-01",
		sa:       &questionnaire{"2021-02-01", "2021-03-15", "2021-03-10", "2021-04-06", true, "Svaren visar att uppförandekoden inte förs vidare till tillverkarna i Sialkot och att riskanalys saknas."},
		audit:    &visit{tillit.AuditOffice, "2021-04-20", "2021-06-08", byFirm, false, "Brister i vidareförmedling av krav, riskanalys, uppföljning i leverantörskedjan och systematiskt miljöarbete."},
		findings: []finding{passOnSialkot, riskAnalysis, followUpChain, environment},
		planDue:  "2021-08-31", actions: "2021-08-24", deadline: "2022-02-28", approved: "2021-09-14",
		verify: &visit{tillit.AuditReAudit, "2022-02-15", "2022-04-05", byFirm, false, "Samtliga avvikelser är åtgärdade."},
		fixed:  "2022-04-12", closed: "2022-04-20",
		summary: "Samtliga avvikelser åtgärdade och verifierade vid återrevision.",
	},
	{
		supplier: "Stille", category: CategorySurgicalInstruments, opened: "2021-01-18",
		sa:       &questionnaire{"2021-01-18", "2021-02-26", "2021-02-22", "2021-03-16", true, "Rutiner för att föra kraven vidare till underleverantörer saknas."},
		audit:    &visit{tillit.AuditOffice, "2021-03-23", "2021-05-11", byFirm, false, "Brister i riskanalys, vidareförmedling av krav och miljöarbete."},
		findings: []finding{riskAnalysis, {"UK-4", tillit.SeverityMinor, "Kraven förs vidare i nya avtal men inte till befintliga underleverantörer."}, environment},
		planDue:  "2021-07-30", actions: "2021-07-20", deadline: "2022-01-31", approved: "2021-08-17",
		verify: &visit{tillit.AuditReAudit, "2022-03-01", "2022-05-24", byFirm, false, "Samtliga avvikelser är åtgärdade."},
		fixed:  "2022-06-01", closed: "2022-06-14",
		summary: "Samtliga avvikelser åtgärdade och verifierade vid återrevision.",
	},
	{
		supplier: "Wingplast", category: CategorySurgicalInstruments, opened: "2021-03-08",
		sa:       &questionnaire{"2021-03-08", "2021-04-16", "2021-04-14", "2021-05-04", true, "Leverantören saknar uppföljning av underleverantörer i Pakistan."},
		audit:    &visit{tillit.AuditOffice, "2021-05-11", "2021-09-07", byFirm, false, "Brister i riskanalys, uppföljning i leverantörskedjan och vidareförmedling av krav."},
		findings: []finding{riskAnalysis, {"UK-3", tillit.SeverityMajor, "Underleverantörerna i Sialkot har aldrig följts upp; leverantören känner inte till vilka verkstäder som anlitas."}, passOnSialkot},
		planDue:  "2021-11-05", actions: "2021-11-02", deadline: "2022-05-31", returned: "2021-11-23", revised: "2021-12-14", approved: "2022-01-11",
		verify: &visit{tillit.AuditReAudit, "2022-06-01", "2022-10-04", byFirm, false, "Samtliga avvikelser är åtgärdade."},
		fixed:  "2022-10-11", closed: "2022-10-25",
		summary: "Samtliga avvikelser åtgärdade och verifierade vid återrevision.",
	},
	{
		// Region Stockholm helped close this one and Erixon Medtech.
		supplier: "Henry Eriksson", category: CategorySurgicalInstruments, opened: "2021-03-15",
		audit:    &visit{tillit.AuditOffice, "2021-04-06", "2021-09-21", byRegion("01"), false, "Riskanalysen är ofullständig."},
		findings: []finding{riskAnalysis, followUpChain},
		planDue:  "2021-11-19", actions: "2021-11-15", deadline: "2022-06-30", approved: "2021-12-07",
		verify: &visit{tillit.AuditReAudit, "2022-08-16", "2022-09-27", byRegion("01"), false, "Avvikelserna är åtgärdade."},
		fixed:  "2022-10-04", closed: "2022-10-11",
		summary: "Återrevisionen bekräftade att avvikelserna kopplade till riskanalys är åtgärdade.",
	},
	{
		supplier: "Erixon Medtech", category: CategorySurgicalInstruments, opened: "2021-03-15",
		audit:    &visit{tillit.AuditOffice, "2021-04-06", "2021-10-12", byRegion("01"), false, "Riskanalysen och vidareförmedlingen av krav är ofullständiga."},
		findings: []finding{riskAnalysis, {"UK-4", tillit.SeverityMinor, "Uppförandekoden saknas i avtalet med en av två instrumenttillverkare."}, {"MK-1", tillit.SeverityObservation, "Miljömålen följs upp men redovisas inte för ledningen."}},
		planDue:  "2021-12-10", actions: "2021-12-06", deadline: "2022-08-31", approved: "2022-01-11", progress: "2022-08-25",
		verify: &visit{tillit.AuditReAudit, "2022-09-06", "2022-10-18", byRegion("01"), false, "Avvikelserna är åtgärdade."},
		fixed:  "2022-10-25", closed: "2022-11-08",
		summary: "Återrevisionen bekräftade att avvikelserna är åtgärdade.",
	},
	{
		supplier: "FM Trading", category: CategoryTextilesFurniture, opened: "2021-02-15",
		sa:       &questionnaire{"2021-02-15", "2021-03-31", "2021-03-29", "2021-04-13", true, "Bomullens ursprung är okänt."},
		audit:    &visit{tillit.AuditOffice, "2021-04-20", "2021-05-18", byFirm, false, "Bristande riskanalys av bomullsodling och spinnerier."},
		findings: []finding{{"UK-2", tillit.SeverityMajor, "Bomullens ursprung är okänt; risken för tvångsarbete vid bomullsodling i Xinjiang är inte bedömd."}, followUpChain},
		planDue:  "2021-07-16", actions: "2021-07-12", deadline: "2022-01-31", approved: "2021-08-10",
		verify: &visit{tillit.AuditDeskReview, "2022-02-15", "2022-03-22", byRegion("12"), false, "Underlaget visar att avvikelserna är åtgärdade."},
		fixed:  "2022-03-29", closed: "2022-04-05",
		summary: "Riskanalysen omfattar nu bomullens ursprung; avvikelserna är åtgärdade.",
	},
	{
		supplier: "Kanwar Group", category: CategoryTextilesFurniture, opened: "2021-03-08",
		audit:    &visit{tillit.AuditSite, "2021-06-01", "2021-09-14", byFirm, true, "Fabriksrevision i väveri och konfektion."},
		findings: []finding{{"UK-2", tillit.SeverityMajor, "Riskanalys saknas för spinnerier och färgerier."}, {"UK-5", tillit.SeverityMinor, "Övertid över den lagstadgade gränsen i sömnadsavdelningen under högsäsong."}, {"UK-5", tillit.SeverityObservation, "Klagomålsrutinen är inte känd bland alla anställda."}},
		planDue:  "2021-11-30", actions: "2021-11-22", deadline: "2022-04-29", approved: "2021-12-07",
		verify: &visit{tillit.AuditReAudit, "2022-03-01", "2022-05-17", byFirm, true, "Avvikelserna är åtgärdade."},
		fixed:  "2022-05-24", closed: "2022-06-07",
		summary: "Avvikelserna, främst bristande riskanalys, är åtgärdade och godkända efter återrevision.",
	},
	{
		supplier: "Promoters", category: CategoryTextilesFurniture, opened: "2021-04-12",
		sa:       &questionnaire{"2021-04-12", "2021-05-28", "2021-05-27", "2021-06-15", true, "Riskanalys saknas."},
		audit:    &visit{tillit.AuditOffice, "2021-06-22", "2021-10-05", byFirm, false, "Bristande riskanalys."},
		findings: []finding{{"UK-2", tillit.SeverityMajor, "Riskanalysen omfattar inte tygtillverkning och färgning."}, {"UK-4", tillit.SeverityMinor, "Kraven förs inte vidare till tygleverantören."}},
		planDue:  "2021-12-17", actions: "2021-12-13", deadline: "2022-04-29", approved: "2022-01-18",
		verify: &visit{tillit.AuditReAudit, "2022-03-15", "2022-05-10", byFirm, false, "Avvikelserna är åtgärdade."},
		fixed:  "2022-05-17", closed: "2022-05-31",
		summary: "Avvikelserna är åtgärdade och godkända efter återrevision.",
	},
	{
		supplier: "Unimedica Pharma", category: CategoryPharmaceuticals, opened: "2021-02-01",
		sa:       &questionnaire{"2021-02-01", "2021-03-19", "2021-03-18", "2021-04-07", true, "Miljökraven vid tillverkningen följs inte upp."},
		audit:    &visit{tillit.AuditOffice, "2021-04-13", "2021-06-15", byFirm, false, "Brister i uppföljningen av miljökrav hos tillverkaren."},
		findings: []finding{{"MK-2", tillit.SeverityMajor, "Krav på utsläpp vid tillverkningen av den aktiva substansen följs inte upp hos tillverkaren."}, {"UK-4", tillit.SeverityMinor, "Uppförandekoden saknas i avtalet med tillverkaren av aktiv substans."}},
		planDue:  "2021-09-17", actions: "2021-09-13", deadline: "2022-06-30", approved: "2021-10-12", progress: "2022-06-28",
		verify: &visit{tillit.AuditDeskReview, "2022-08-16", "2022-09-06", byRegion("14"), false, "Underlaget visar att avvikelserna är åtgärdade."},
		fixed:  "2022-09-13", closed: "2022-10-04",
		summary: "Avvikelserna är åtgärdade och verifierade vid skrivbordsgranskning.",
	},
}

// storiesStarted2022 are the follow-ups whose office audit was in 2022
// (Mölnlycke Health Care AB and Stryker AB are scripts of their own).
// Surgical instrument audits cleared their deviations at re-audits at the
// end of 2022, as the report says; the others in 2023.
var storiesStarted2022 = []story{
	{
		supplier: "SMP+Cardio", category: CategorySurgicalInstruments, opened: "2022-01-17",
		sa:       survey("2022-01-17", true, "Självskattningen saknar riskanalys och uppföljning av underleverantörer i Pakistan."),
		audit:    &visit{tillit.AuditOffice, "2022-03-15", "2022-05-10", bySofia, false, "Större avvikelser i vidareförmedling av krav och riskanalys."},
		findings: []finding{passOnSialkot, riskAnalysis, environment},
		planDue:  "2022-07-01", actions: "2022-06-27", deadline: "2022-10-31", approved: "2022-07-12",
		verify: &visit{tillit.AuditReAudit, "2022-09-20", "2022-11-22", bySofia, false, "Samtliga avvikelser är åtgärdade."},
		fixed:  "2022-11-29", closed: "2023-01-24",
		summary: "Samtliga avvikelser släcktes vid återrevision i slutet av 2022.",
	},
	{
		supplier: "Mermaid Medical A/S", category: CategorySurgicalInstruments, opened: "2022-01-24",
		sa:       survey("2022-01-24", true, "Uppföljning i leverantörskedjan saknas."),
		audit:    &visit{tillit.AuditOffice, "2022-03-22", "2022-06-14", bySofia, false, "Större avvikelse i uppföljning i leverantörskedjan."},
		findings: []finding{{"UK-3", tillit.SeverityMajor, "Leverantören följer inte upp sina underleverantörer och vet inte var instrumenten slipas och förpackas."}, {"MK-2", tillit.SeverityMinor, "Förpackningarnas materialinnehåll kan inte redovisas."}},
		planDue:  "2022-08-31", actions: "2022-08-25", deadline: "2022-11-30", approved: "2022-09-06",
		verify: &visit{tillit.AuditReAudit, "2022-10-04", "2022-12-06", bySofia, false, "Samtliga avvikelser är åtgärdade."},
		fixed:  "2022-12-13", closed: "2023-02-07",
		summary: "Samtliga avvikelser släcktes vid återrevision i slutet av 2022.",
	},
	{
		supplier: "Codan Triplus", category: CategorySurgicalInstruments, opened: "2022-02-07",
		sa:       survey("2022-02-07", true, "Kraven förs inte vidare till underleverantörer."),
		audit:    &visit{tillit.AuditOffice, "2022-04-12", "2022-09-13", bySofia, false, "Större avvikelse i vidareförmedling av krav."},
		findings: []finding{passOnSialkot, followUpChain},
		planDue:  "2022-11-11", actions: "2022-11-07", deadline: "2022-12-09", approved: "2022-11-15",
		verify: &visit{tillit.AuditReAudit, "2022-11-22", "2022-12-14", bySofia, false, "Samtliga avvikelser är åtgärdade."},
		fixed:  "2022-12-20", closed: "2023-01-31",
		summary: "Samtliga avvikelser släcktes vid återrevision i slutet av 2022.",
	},
	{
		supplier: "Solann AB", category: CategorySurgicalInstruments, opened: "2022-02-14",
		sa:       survey("2022-02-14", true, "Systematiskt miljöarbete saknas."),
		audit:    &visit{tillit.AuditOffice, "2022-04-19", "2022-10-04", bySofia, false, "Större avvikelse i systematiskt miljöarbete."},
		findings: []finding{{"MK-1", tillit.SeverityMajor, "Det finns inget systematiskt miljöarbete: ingen miljöpolicy, inga mål och ingen ansvarig."}, {"UK-2", tillit.SeverityMinor, "Riskanalysen är inte uppdaterad sedan 2019."}},
		planDue:  "2022-11-18", actions: "2022-11-14", deadline: "2022-12-16", approved: "2022-11-22",
		verify: &visit{tillit.AuditReAudit, "2022-11-29", "2022-12-15", byFirm, false, "Samtliga avvikelser är åtgärdade."},
		fixed:  "2022-12-21", closed: "2023-03-14",
		summary: "Samtliga avvikelser släcktes vid återrevision i slutet av 2022.",
	},
	{
		supplier: "Vingmed A/S", category: CategorySurgicalInstruments, opened: "2022-02-14",
		sa:     survey("2022-02-14", true, "Svaren om underleverantörer är ofullständiga."),
		audit:  &visit{tillit.AuditOffice, "2022-04-19", "2022-09-20", byFirm, false, "Ingen avvikelse identifierades."},
		closed: "2023-01-10", summary: "Kontorsrevisionen visade inga avvikelser.",
	},
	{
		supplier: "Abigo Medical", category: CategoryWoundCareDental, opened: "2022-02-07",
		sa:       survey("2022-02-07", true, "Uppföljning av underleverantörer beskrivs inte."),
		audit:    &visit{tillit.AuditOffice, "2022-05-03", "2022-10-19", byFirm, false, "Mindre avvikelser."},
		findings: []finding{followUpChain, environment},
		planDue:  "2022-12-16", actions: "2022-12-12", deadline: "2023-04-28", approved: "2023-01-17",
		verify: &visit{tillit.AuditDeskReview, "2023-04-04", "2023-05-16", byRegion("04"), false, "Underlaget visar att avvikelserna är åtgärdade."},
		fixed:  "2023-05-23", closed: "2023-06-13",
		summary: "De mindre avvikelserna är åtgärdade.",
	},
	{
		// Region Stockholm audited Smith & Nephew.
		supplier: "Smith & Nephew AB", category: CategoryWoundCareDental, opened: "2022-02-07",
		sa:       survey("2022-02-07", true, "Kraven förs inte vidare till alla underleverantörer."),
		audit:    &visit{tillit.AuditOffice, "2022-05-03", "2022-11-08", byRegion("01"), false, "En mindre avvikelse."},
		findings: []finding{{"UK-4", tillit.SeverityMinor, "Uppförandekoden saknas i avtalen med två underleverantörer av förband."}},
		planDue:  "2023-01-13", actions: "2023-01-10", deadline: "2023-04-28", approved: "2023-01-24",
		verify: &visit{tillit.AuditDeskReview, "2023-04-11", "2023-05-09", byRegion("01"), false, "Avtalen är kompletterade."},
		fixed:  "2023-05-16", closed: "2023-05-30",
		summary: "Den mindre avvikelsen är åtgärdad.",
	},
	{
		supplier: "3M", category: CategoryWoundCareDental, opened: "2022-02-07",
		sa:     survey("2022-02-07", true, "Svaren behöver verifieras vid revision."),
		audit:  &visit{tillit.AuditOffice, "2022-05-03", "2022-09-27", byFirm, false, "Inga avvikelser."},
		closed: "2023-01-16", summary: "Kontorsrevisionen visade inga avvikelser.",
	},
	{
		// Pharmaceutical suppliers got their questionnaires at the end of 2021.
		supplier: "Mylan AB", category: CategoryPharmaceuticals, opened: "2021-11-15",
		sa:       &questionnaire{"2021-11-15", "2022-01-14", "2022-01-13", "2022-02-22", true, "Utsläpp vid tillverkningen av antibiotika följs inte upp."},
		audit:    &visit{tillit.AuditOffice, "2022-03-01", "2022-06-14", byFirm, false, "Större avvikelse i produktspecifika miljökrav."},
		findings: []finding{{"MK-2", tillit.SeverityMajor, "Utsläpp av antibiotikarester vid tillverkningen av aktiv substans följs inte upp."}, followUpChain},
		planDue:  "2022-09-16", actions: "2022-09-12", deadline: "2023-03-31", approved: "2022-10-04", progress: "2023-03-20",
		verify: &visit{tillit.AuditDeskReview, "2023-04-18", "2023-05-23", byRegion("14"), false, "Underlaget visar att avvikelserna är åtgärdade."},
		fixed:  "2023-05-30", closed: "2023-06-20",
		summary: "Avvikelserna är åtgärdade och verifierade vid skrivbordsgranskning.",
	},
	{
		supplier: "MIP Pharma GmbH", category: CategoryPharmaceuticals, opened: "2021-11-15",
		sa:       &questionnaire{"2021-11-15", "2022-01-14", "2022-02-01", "2022-03-15", true, "Kraven förs inte vidare till tillverkarna."},
		audit:    &visit{tillit.AuditOffice, "2022-05-10", "2022-12-13", byFirm, false, "Mindre avvikelser."},
		findings: []finding{{"UK-4", tillit.SeverityMinor, "Uppförandekoden saknas i avtalen med två kontraktstillverkare."}, {"MK-2", tillit.SeverityMinor, "Miljökraven för tillverkningen redovisas inte per produkt."}},
		planDue:  "2023-02-17", actions: "2023-02-13", deadline: "2023-09-29", approved: "2023-03-07",
		verify: &visit{tillit.AuditDeskReview, "2023-10-03", "2023-11-07", byRegion("14"), false, "Underlaget visar att avvikelserna är åtgärdade."},
		fixed:  "2023-11-14", closed: "2023-12-05",
		summary: "Avvikelserna är åtgärdade.",
	},
	{
		// KiiltoClean and Viroderm answered their questionnaires in 2021.
		supplier: "KiiltoClean", category: CategoryCareEquipment, opened: "2021-09-06",
		sa:       &questionnaire{"2021-09-06", "2021-10-29", "2021-10-25", "2021-12-07", true, "Risker i leverantörskedjan är inte kartlagda."},
		audit:    &visit{tillit.AuditOffice, "2022-05-17", "2022-10-04", byFirm, false, "Brister i det systematiska arbetet, bland annat risker i leverantörskedjan och uppföljning."},
		findings: []finding{{"UK-2", tillit.SeverityMajor, "Risker i leverantörskedjan för råvaror till desinfektionsmedel är inte kartlagda."}, followUpChain, environment},
		planDue:  "2022-12-16", actions: "2022-12-12", deadline: "2023-08-31", approved: "2023-01-10",
		verify: &visit{tillit.AuditReAudit, "2023-09-05", "2023-10-17", byFirm, false, "Avvikelserna är åtgärdade."},
		fixed:  "2023-10-24", closed: "2023-11-14",
		summary: "Avvikelserna är åtgärdade och verifierade vid återrevision.",
	},
	{
		supplier: "Handelshuset Viroderm", category: CategoryCareEquipment, opened: "2021-09-06",
		sa:       &questionnaire{"2021-09-06", "2021-10-29", "2021-10-27", "2021-12-07", true, "Uppföljning av leverantörer saknas."},
		audit:    &visit{tillit.AuditOffice, "2022-05-17", "2022-10-18", byFirm, false, "Brister i riskanalys och uppföljning."},
		findings: []finding{{"UK-2", tillit.SeverityMajor, "Riskanalys saknas för tillverkningen av handdesinfektion."}, followUpChain},
		planDue:  "2022-12-16", actions: "2022-12-14", deadline: "2023-08-31", approved: "2023-01-10",
		verify: &visit{tillit.AuditReAudit, "2023-09-05", "2023-10-24", byFirm, false, "Avvikelserna är åtgärdade."},
		fixed:  "2023-10-31", closed: "2023-11-21",
		summary: "Avvikelserna är åtgärdade och verifierade vid återrevision.",
	},
	{
		// Procurator AB's second follow-up, after the first was closed.
		supplier: "Procurator AB", category: CategoryCareEquipment, opened: "2022-09-05",
		sa:       &questionnaire{"2022-09-05", "2022-10-14", "2022-10-12", "2022-11-01", true, "Uppföljningen av handskfabrikerna är fortfarande bristfällig."},
		audit:    &visit{tillit.AuditOffice, "2022-11-08", "2022-12-06", byFirm, false, "En mindre avvikelse."},
		findings: []finding{{"UK-3", tillit.SeverityMinor, "Uppföljningsplanen för handskfabrikerna i Malaysia är inte genomförd för 2022."}},
		planDue:  "2023-02-28", actions: "2023-02-20", deadline: "2023-08-31", approved: "2023-03-06",
		verify: &visit{tillit.AuditDeskReview, "2023-09-05", "2023-09-26", byFirm, false, "Uppföljningen är genomförd."},
		fixed:  "2023-10-03", closed: "2023-10-10",
		summary: "Avvikelsen är åtgärdad.",
	},
	{
		supplier: "Zimmer Biomet", category: CategoryMedicalTechnology, opened: "2022-03-01",
		sa:       survey("2022-03-01", true, "Ortopediska implantat: spårbarheten bortom sluttillverkningen behöver granskas."),
		audit:    &visit{tillit.AuditOffice, "2022-09-01", "2022-11-15", byFirm, false, "Processer och rutiner för leveranskedjorna är i stort på plats."},
		findings: []finding{{"UK-3", tillit.SeverityMinor, "Uppföljningen av underleverantörer av råmaterial är inte dokumenterad."}},
		planDue:  "2023-01-31", actions: "2023-01-24", deadline: "2023-04-28", approved: "2023-02-07",
		verify: &visit{tillit.AuditDeskReview, "2023-05-02", "2023-05-23", byRegion("13"), false, "Uppföljningen är dokumenterad."},
		fixed:  "2023-05-30", closed: "2023-06-13",
		summary: "Avvikelsen är åtgärdad.",
	},
}

// storiesOther2022 are the self-assessments of 2022 that no report list
// names, by the invented suppliers: 7 deficient (audited in 2023) and 17
// approved (closed in 2023). Handskgrossisten Exempel AB, the eighth
// deficient one, is a script of its own.
var storiesOther2022 = []story{
	{
		supplier: "Kafferosteriet Exempel AB", category: CategoryFood, opened: "2022-03-14",
		sa:       survey("2022-03-14", true, "Kaffeodlingarna är inte kartlagda och en stor del av volymen saknar certifiering."),
		audit:    &visit{tillit.AuditOffice, "2023-01-17", "2023-03-21", byFirm, false, "En mindre avvikelse."},
		findings: []finding{{"UK-2", tillit.SeverityMinor, "Riskanalysen omfattar inte odlingsledet för kaffe."}},
		planDue:  "2023-05-31", actions: "2023-05-22", deadline: "2023-11-30", approved: "2023-06-07",
		verify: &visit{tillit.AuditDeskReview, "2023-12-05", "2024-01-16", byRegion("03"), false, "Riskanalysen är kompletterad."},
		fixed:  "2024-01-23", closed: "2024-02-06",
		summary: "Avvikelsen är åtgärdad.",
	},
	{
		supplier: "Fiskgrossisten Exempel AB", category: CategoryFood, opened: "2022-03-14",
		sa:     survey("2022-03-14", true, "Fångstområden och fartyg kan inte redovisas."),
		audit:  &visit{tillit.AuditOffice, "2023-02-07", "2023-04-18", byFirm, false, "Inga avvikelser."},
		closed: "2023-05-09", summary: "Kontorsrevisionen visade inga avvikelser.",
	},
	{
		supplier: "Charkuteriet Exempel AB", category: CategoryFood, opened: "2022-04-11",
		sa:       survey("2022-04-11", true, "Antibiotikaanvändningen i djuruppfödningen följs inte upp."),
		audit:    &visit{tillit.AuditOffice, "2023-02-14", "2023-05-09", byFirm, false, "En observation."},
		findings: []finding{{"MK-2", tillit.SeverityObservation, "Antibiotikaanvändningen redovisas per gård men sammanställs inte."}},
		fixed:    "2023-05-16", closed: "2023-06-01",
		summary: "Kontorsrevisionen visade inga avvikelser; en observation är hanterad.",
	},
	{
		supplier: "Sojaprodukter Exempel AB", category: CategoryFood, opened: "2022-04-11",
		sa:     survey("2022-04-11", true, "Sojans ursprung och risken för avskogning är inte bedömda."),
		audit:  &visit{tillit.AuditOffice, "2023-03-07", "2023-06-13", byFirm, false, "Inga avvikelser."},
		closed: "2023-06-27", summary: "Kontorsrevisionen visade inga avvikelser.",
	},
	{
		supplier: "Läkemedelsgrossisten Exempel AB", category: CategoryPharmaceuticals, opened: "2021-11-15",
		sa:     &questionnaire{"2021-11-15", "2022-01-14", "2022-01-12", "2022-03-22", true, "Tillverkningsställen för aktiv substans kan inte redovisas."},
		audit:  &visit{tillit.AuditOffice, "2023-01-24", "2023-04-25", byFirm, false, "Inga avvikelser."},
		closed: "2023-05-16", summary: "Kontorsrevisionen visade inga avvikelser.",
	},
	{
		supplier: "Datorleverantören Exempel AB", category: CategoryICT, opened: "2022-07-18",
		sa:       survey("2022-07-18", true, "Svaren saknar uppgifter om arbetsvillkoren vid sluttillverkningen och om konfliktmineraler."),
		audit:    &visit{tillit.AuditOffice, "2023-02-21", "2023-04-04", byFirm, false, "En mindre avvikelse."},
		findings: []finding{{"UK-3", tillit.SeverityMinor, "Sluttillverkningen har inte följts upp sedan 2020."}},
		planDue:  "2023-06-02", actions: "2023-05-29", deadline: "2023-12-15", approved: "2023-06-13",
		verify: &visit{tillit.AuditDeskReview, "2024-01-09", "2024-01-23", byRegion("01"), false, "Uppföljningen är genomförd."},
		fixed:  "2024-01-30", closed: "2024-02-13",
		summary: "Avvikelsen är åtgärdad.",
	},
	{
		supplier: "Vårdtextil Exempel AB", category: CategoryTextilesFurniture, opened: "2022-08-15",
		sa:       survey("2022-08-15", true, "Bomullens ursprung kan inte redovisas."),
		audit:    &visit{tillit.AuditOffice, "2023-01-31", "2023-03-28", byFirm, false, "En större avvikelse."},
		findings: []finding{{"UK-2", tillit.SeverityMajor, "Riskanalysen tar inte upp risken för tvångsarbete vid bomullsodling."}},
		planDue:  "2023-05-31", actions: "2023-05-25", deadline: "2023-12-22", approved: "2023-06-08",
		verify: &visit{tillit.AuditDeskReview, "2024-01-16", "2024-02-13", byRegion("12"), false, "Riskanalysen är kompletterad."},
		fixed:  "2024-02-20", closed: "2024-03-05",
		summary: "Avvikelsen är åtgärdad.",
	},
}

// approved2022 are the 17 suppliers whose self-assessment was approved in
// 2022, with the category and the day the questionnaire was sent.
var approved2022 = []struct{ supplier, category, sent string }{
	{"Ortopedimplantat Exempel AB", CategoryMedicalTechnology, "2022-03-01"},
	{"Ledprotes Exempel AB", CategoryMedicalTechnology, "2022-03-01"},
	{"Implantatteknik Exempel AB", CategoryMedicalTechnology, "2022-03-01"},
	{"Ryggkirurgi Exempel AB", CategoryMedicalTechnology, "2022-03-08"},
	{"Chokladfabriken Exempel AB", CategoryFood, "2022-03-14"},
	{"Oljeimportören Exempel AB", CategoryFood, "2022-04-11"},
	{"Grönsaksgrossisten Exempel AB", CategoryFood, "2022-05-09"},
	{"Generika Exempel AB", CategoryPharmaceuticals, "2022-02-07"},
	{"Infusionsvätskor Exempel AB", CategoryPharmaceuticals, "2022-02-07"},
	{"Instrumenthuset Exempel AB", CategorySurgicalInstruments, "2022-01-17"},
	{"Kirurgprodukter Exempel AB", CategorySurgicalInstruments, "2022-02-14"},
	{"Tandvårdsdepån Exempel AB", CategoryWoundCareDental, "2022-08-22"},
	{"Förbandsprodukter Exempel AB", CategoryWoundCareDental, "2022-02-07"},
	{"Inkontinensprodukter Exempel AB", CategoryCareEquipment, "2022-04-04"},
	{"Desinfektion Exempel AB", CategoryCareEquipment, "2022-09-05"},
	{"Nätverksprodukter Exempel AB", CategoryICT, "2022-07-18"},
	{"Möbelfabriken Exempel AB", CategoryTextilesFurniture, "2022-08-15"},
}

// approvedStories turns approved2022 into stories: opened the day the
// questionnaire went out, approved, and closed early in 2023 when the
// round was summed up.
func approvedStories() []story {
	out := make([]story, 0, len(approved2022))
	for i, a := range approved2022 {
		out = append(out, story{
			supplier: a.supplier, category: a.category, opened: a.sent,
			sa:     survey(a.sent, false, "Svaren visar att kraven i uppförandekoden är uppfyllda."),
			closed: iso(day("2023-01-16").AddDate(0, 0, i)), summary: "Självskattningen godkändes; ingen vidare uppföljning i denna omgång.",
		})
	}
	return out
}

// followUps plays every story and script, in the order the follow-ups
// were opened, so that their ids (which lists sort by) follow that order.
func (l *loader) followUps(ctx context.Context) error {
	type entry struct {
		opened string
		run    func(context.Context, time.Time) error
	}
	all := []entry{
		{"2021-01-11", l.alcon},
		{"2018-02-12", l.merit},
		{"2020-02-03", l.procurator},
		{"2022-02-07", l.molnlycke},
		{"2022-03-01", l.stryker},
		{"2022-04-04", l.gloves},
	}
	for _, group := range [][]story{storiesClosed2022, storiesStarted2022, storiesOther2022, approvedStories()} {
		for _, st := range group {
			all = append(all, entry{st.opened, func(ctx context.Context, _ time.Time) error { return l.runStory(ctx, st) }})
		}
	}
	slices.SortStableFunc(all, func(a, b entry) int { return strings.Compare(a.opened, b.opened) })
	for _, e := range all {
		if err := e.run(ctx, day(e.opened)); err != nil {
			return err
		}
	}
	return nil
}

// alcon: closed in 2022 "after a last re-audit": the first re-audit found
// the risk analysis still missing.
func (l *loader) alcon(ctx context.Context, opened time.Time) error {
	s := l.open(ctx, "Alcon Nordic", CategoryCareEquipment, opened)
	s.selfAssessment(&questionnaire{"2021-01-11", "2021-02-26", "2021-02-24", "2021-03-09", true, "Riskanalys och uppföljning av leverantörskedjan saknas."})
	audit := l.visit(s, &visit{tillit.AuditOffice, "2021-03-16", "2021-04-20", byFirm, false, "Brister i riskanalys, uppföljning och miljöarbete."})
	d1 := s.deviation(day("2021-04-20"), audit, finding{"UK-2", tillit.SeverityMajor, "Riskanalys saknas för tillverkningen av engångsartiklar i Asien."}, day("2021-06-18"))
	d2 := s.deviation(day("2021-04-20"), audit, followUpChain, day("2021-06-18"))
	d3 := s.deviation(day("2021-04-20"), audit, environment, day("2021-06-18"))
	var acts []int64
	for _, d := range []struct {
		id   int64
		code string
	}{{d1, "UK-2"}, {d2, "UK-3"}, {d3, "MK-1"}} {
		acts = append(acts, s.submitAction(day("2021-06-14"), d.id, tillit.ActionInput{Description: actionFor[d.code], Owner: owner, Deadline: day("2021-10-29")}))
	}
	for _, a := range acts {
		s.approve(day("2021-06-29"), a, approvedComment)
	}
	first := l.visit(s, &visit{tillit.AuditReAudit, "2021-09-01", "2021-11-09", byFirm, false, "Uppföljning och miljöarbete är åtgärdade; riskanalysen är inte klar."})
	s.closeDeviation(day("2021-11-16"), d2, first, verifiedNote(tillit.AuditReAudit))
	s.closeDeviation(day("2021-11-16"), d3, first, verifiedNote(tillit.AuditReAudit))
	s.escalate(day("2021-11-16"), tillit.EscalationReminder, d1, "Riskanalysen skulle vara klar 2021-10-29. Redovisa den före nästa återrevision.")
	last := l.visit(s, &visit{tillit.AuditReAudit, "2022-01-18", "2022-03-08", byFirm, false, "Riskanalysen är klar."})
	s.closeDeviation(day("2022-03-15"), d1, last, verifiedNote(tillit.AuditReAudit))
	s.close(day("2022-03-22"), tillit.CloseResolved, "Avslutad efter en sista återrevision; leverantören har åtgärdat samtliga avvikelser.")
	return s.done()
}

// merit: audited in 2018; the deviations were never fixed, and the
// follow-up was closed in 2022 because the contracts had expired.
func (l *loader) merit(ctx context.Context, opened time.Time) error {
	s := l.open(ctx, "Merit Medical Systems", CategoryCareEquipment, opened)
	s.selfAssessment(&questionnaire{"2018-02-12", "2018-03-30", "2018-03-28", "2018-04-20", true, "Riskanalys och vidareförmedling av krav saknas."})
	audit := l.visit(s, &visit{tillit.AuditOffice, "2018-06-11", "2018-10-09", byFirm, false, "Större avvikelser i riskanalys och vidareförmedling av krav."})
	d1 := s.deviation(day("2018-10-09"), audit, finding{"UK-2", tillit.SeverityMajor, "Riskanalys saknas för tillverkningen av katetrar och engångsartiklar."}, day("2018-12-14"))
	d2 := s.deviation(day("2018-10-09"), audit, finding{"UK-4", tillit.SeverityMajor, "Uppförandekoden förs inte vidare till kontraktstillverkarna."}, day("2018-12-14"))
	s.deviation(day("2018-10-09"), audit, environment, day("2018-12-14"))
	a1 := s.submitAction(day("2018-12-10"), d1, tillit.ActionInput{Description: actionFor["UK-2"], Owner: owner, Deadline: day("2019-06-28")})
	s.approve(day("2019-01-15"), a1, approvedComment)
	s.escalate(day("2019-01-21"), tillit.EscalationReminder, d2, "Åtgärdsplanen för avvikelse 2 skulle ha lämnats senast 2018-12-14.")
	s.close(day("2022-05-16"), tillit.CloseContractsExpired,
		"Revisionen genomfördes 2018 och leverantörens avtal i kategorin har löpt ut. Ansvariga regioner påbörjar en ny uppföljning om leverantören får nya avtal.")
	return s.done()
}

// procurator: three audits 2020–2022, several warnings with the risk of
// national sanctions, and the deviations closed at last in the summer of
// 2022. The second follow-up is a story in storiesStarted2022.
func (l *loader) procurator(ctx context.Context, opened time.Time) error {
	s := l.open(ctx, "Procurator AB", CategoryCareEquipment, opened)
	audit := l.visit(s, &visit{tillit.AuditOffice, "2020-02-03", "2020-05-12", byFirm, false, "Större avvikelser i riskanalys, uppföljning och vidareförmedling av krav."})
	due := day("2020-08-31")
	d1 := s.deviation(day("2020-05-12"), audit, finding{"UK-2", tillit.SeverityMajor, "Riskanalysen omfattar inte handskfabrikerna i Malaysia."}, due)
	d2 := s.deviation(day("2020-05-12"), audit, finding{"UK-3", tillit.SeverityMajor, "Handskfabrikerna har inte följts upp."}, due)
	d3 := s.deviation(day("2020-05-12"), audit, finding{"UK-4", tillit.SeverityMajor, "Uppförandekoden saknas i avtalen med tillverkarna."}, due)
	d4 := s.deviation(day("2020-05-12"), audit, environment, due)
	s.escalate(day("2020-09-15"), tillit.EscalationReminder, d1, "Åtgärdsplanen skulle ha lämnats senast 2020-08-31. Lämna den inom två veckor.")
	deadline := day("2021-03-31")
	a1 := s.submitAction(day("2020-10-05"), d1, tillit.ActionInput{Description: "Riskanalysen kompletteras.", Owner: owner, Deadline: deadline})
	a2 := s.submitAction(day("2020-10-05"), d2, tillit.ActionInput{Description: actionFor["UK-3"], Owner: owner, Deadline: deadline})
	a3 := s.submitAction(day("2020-10-05"), d3, tillit.ActionInput{Description: actionFor["UK-4"], Owner: owner, Deadline: deadline})
	a4 := s.submitAction(day("2020-10-05"), d4, tillit.ActionInput{Description: actionFor["MK-1"], Owner: owner, Deadline: day("2021-06-30")})
	s.returnAction(day("2020-11-03"), a1, "Riskanalysen måste omfatta handskfabrikerna i Malaysia och ha en tidplan.")
	for _, a := range []int64{a2, a3, a4} {
		s.approve(day("2020-11-03"), a, approvedComment)
	}
	second := s.plan(day("2021-03-01"), tillit.AuditReAudit, day("2021-04-27"), byFirm, 0)
	s.escalate(day("2021-04-20"), tillit.EscalationWarning, d1, "Varning: ingen reviderad åtgärdsplan har lämnats och tidsfristen 2021-03-31 har passerat.")
	s.perform(day("2021-04-27"), second, "Miljöarbetet är åtgärdat; övriga avvikelser kvarstår.")
	s.closeDeviation(day("2021-05-04"), d4, second, verifiedNote(tillit.AuditReAudit))
	a5 := s.submitAction(day("2021-05-10"), d1, tillit.ActionInput{Description: actionFor["UK-2"] + " Handskfabrikerna i Malaysia ingår.", Owner: owner, Deadline: day("2021-12-17")})
	s.approve(day("2021-05-25"), a5, approvedComment)
	s.escalate(day("2021-10-01"), tillit.EscalationWarning, d2,
		"Andra varningen: åtgärdsplanen följs inte. Ansvariga regioner överväger att rekommendera nationella sanktioner.")
	third := l.visit(s, &visit{tillit.AuditReAudit, "2022-04-04", "2022-06-21", byFirm, false, "Samtliga kvarstående avvikelser är åtgärdade."})
	for _, d := range []int64{d1, d2, d3} {
		s.closeDeviation(day("2022-06-30"), d, third, verifiedNote(tillit.AuditReAudit))
	}
	s.close(day("2022-08-15"), tillit.CloseResolved, "Efter flera varningar släcktes avvikelserna sommaren 2022.")
	return s.done()
}

// molnlycke is the first demo supplier's company: minor deviations from
// its 2022 office audit, one closed in 2023, one whose first plan was
// returned, and a revised plan that it submitted two weeks before the demo
// was loaded and that waits for review (yellow).
func (l *loader) molnlycke(ctx context.Context, opened time.Time) error {
	s := l.open(ctx, "Mölnlycke Health Care AB", CategoryWoundCareDental, opened)
	s.selfAssessment(&questionnaire{"2022-02-07", "2022-03-31", "2022-03-25", "2022-04-19", true, "Uppföljningen av handskfabriken i Malaysia och av underleverantörer av bomull behöver granskas."})
	audit := l.visit(s, &visit{tillit.AuditOffice, "2022-05-03", "2022-10-12", bySofia, false, "Mindre avvikelser i uppföljning och vidareförmedling av krav; en observation."})
	due := day("2022-12-15")
	d1 := s.deviation(day("2022-10-12"), audit, finding{"UK-3", tillit.SeverityMinor, "Handskfabriken i Malaysia har inte följts upp på plats sedan 2019, och rekryteringsavgifter har inte kontrollerats."}, due)
	d2 := s.deviation(day("2022-10-12"), audit, finding{"UK-4", tillit.SeverityMinor, "Kraven förs vidare i nya avtal men inte i äldre avtal med underleverantörer av bomullskompresser."}, due)
	s.deviation(day("2022-10-12"), audit, finding{"MK-2", tillit.SeverityObservation, "Redovisningen av kemikalier i handskarna bygger enbart på tillverkarens egen deklaration."}, time.Time{})
	a1 := s.submitAction(day("2022-12-08"), d1, tillit.ActionInput{Description: "Tredjepartsrevision av handskfabriken under 2023.", Owner: "Eva Magnusson", Deadline: day("2023-06-30")})
	a2 := s.submitAction(day("2022-12-08"), d2, tillit.ActionInput{Description: "Komplettera samtliga äldre avtal med uppförandekoden.", Owner: "Eva Magnusson", Deadline: day("2023-04-28")})
	s.approve(day("2023-01-12"), a2, approvedComment)
	s.returnAction(day("2023-01-12"), a1, "Åtgärden behöver också omfatta återbetalning av eventuella rekryteringsavgifter och en tidplan per steg.")
	s.progress(day("2023-04-20"), a2, "Samtliga äldre avtal är kompletterade med uppförandekoden.")
	desk := l.visit(s, &visit{tillit.AuditDeskReview, "2023-05-02", "2023-06-02", bySofia, false, "Avtalen är kompletterade."})
	s.closeDeviation(day("2023-06-09"), d2, desk, verifiedNote(tillit.AuditDeskReview))
	s.escalate(day("2023-08-15"), tillit.EscalationReminder, d1, "Påminnelse: lämna en reviderad åtgärdsplan för avvikelse 1.")
	recent := l.recent(s, 14)
	s.submitAction(recent, d1, tillit.ActionInput{
		Description: "Tredjepartsrevision av handskfabriken med intervjuer av arbetare; eventuella rekryteringsavgifter återbetalas enligt en plan med delmål per kvartal.",
		Owner:       "Eva Magnusson", Deadline: recent.AddDate(0, 5, 0)})
	return s.done()
}

// stryker is the second demo supplier's company: a major deviation whose
// approved action passed its deadline, a reminder and a warning (red).
func (l *loader) stryker(ctx context.Context, opened time.Time) error {
	s := l.open(ctx, "Stryker AB", CategoryMedicalTechnology, opened)
	s.selfAssessment(&questionnaire{"2022-03-01", "2022-04-15", "2022-04-11", "2022-05-03", true, "Ortopediska implantat: riskanalys och spårbarhet bortom sluttillverkningen saknas."})
	audit := l.visit(s, &visit{tillit.AuditOffice, "2022-09-01", "2022-12-06", bySofia, false, "En större och en mindre avvikelse; en observation."})
	due := day("2023-02-28")
	d1 := s.deviation(day("2022-12-06"), audit, finding{"UK-2", tillit.SeverityMajor, "Riskanalysen omfattar inte råvaruutvinningen (kobolt, titan) eller underleverantörerna av instrument i Pakistan."}, due)
	d2 := s.deviation(day("2022-12-06"), audit, finding{"UK-4", tillit.SeverityMinor, "Uppförandekoden saknas i avtalen med två underleverantörer."}, due)
	s.deviation(day("2022-12-06"), audit, finding{"UK-1", tillit.SeverityObservation, "Policyn hänvisar till koncernens uppförandekod men inte till regionernas."}, time.Time{})
	a1 := s.submitAction(day("2023-02-20"), d1, tillit.ActionInput{Description: actionFor["UK-2"], Owner: "Per Wallin", Deadline: day("2023-10-31")})
	a2 := s.submitAction(day("2023-02-20"), d2, tillit.ActionInput{Description: actionFor["UK-4"], Owner: "Per Wallin", Deadline: day("2023-06-30")})
	s.approve(day("2023-03-07"), a1, approvedComment)
	s.approve(day("2023-03-07"), a2, approvedComment)
	s.progress(day("2023-06-20"), a2, "Båda avtalen är kompletterade.")
	desk := l.visit(s, &visit{tillit.AuditDeskReview, "2023-08-01", "2023-09-12", bySofia, false, "Avtalen är kompletterade; riskanalysen är inte klar."})
	s.closeDeviation(day("2023-09-19"), d2, desk, verifiedNote(tillit.AuditDeskReview))
	s.escalate(day("2023-11-15"), tillit.EscalationReminder, d1, "Påminnelse: riskanalysen skulle vara klar 2023-10-31.")
	s.escalate(day("2024-02-01"), tillit.EscalationWarning, d1, "Varning: riskanalysen är fortfarande inte redovisad. Lämna den inom 30 dagar.")
	return s.done()
}

// gloves: an invented glove wholesaler, deficient in 2022, audited in
// 2023, and escalated up to a recommendation of national sanctions: the
// whole escalation ladder, on a company that does not exist.
func (l *loader) gloves(ctx context.Context, opened time.Time) error {
	s := l.open(ctx, "Handskgrossisten Exempel AB", CategoryCareEquipment, opened)
	s.selfAssessment(survey("2022-04-04", true, "Svaren visar risk för tvångsarbete hos handskfabriken i Malaysia: rekryteringsavgifter och pass som hålls inne."))
	audit := l.visit(s, &visit{tillit.AuditOffice, "2023-01-10", "2023-03-14", byFirm, false, "Två större avvikelser."})
	due := day("2023-05-31")
	d1 := s.deviation(day("2023-03-14"), audit, finding{"UK-5", tillit.SeverityMajor, "Leverantören kan inte visa att fabriken har återbetalat rekryteringsavgifter eller att arbetarna har tillgång till sina pass."}, due)
	d2 := s.deviation(day("2023-03-14"), audit, finding{"UK-3", tillit.SeverityMajor, "Fabriken har inte följts upp sedan 2019."}, due)
	a1 := s.submitAction(day("2023-05-29"), d1, tillit.ActionInput{Description: actionFor["UK-5"] + " Rekryteringsavgifter återbetalas.", Owner: owner, Deadline: day("2023-12-15")})
	a2 := s.submitAction(day("2023-05-29"), d2, tillit.ActionInput{Description: actionFor["UK-3"], Owner: owner, Deadline: day("2023-12-15")})
	s.approve(day("2023-06-13"), a1, approvedComment)
	s.approve(day("2023-06-13"), a2, approvedComment)
	s.escalate(day("2024-01-09"), tillit.EscalationReminder, d1, "Påminnelse: åtgärden skulle vara klar 2023-12-15. Redovisa underlag inom 30 dagar.")
	s.escalate(day("2024-03-05"), tillit.EscalationWarning, d1, "Varning: åtgärdsplanen följs inte. Utan underlag inom 30 dagar rekommenderas nationella sanktioner.")
	s.escalate(day("2024-06-11"), tillit.EscalationSanction, d1, "Ansvariga regioner rekommenderar nationella sanktioner: leverantören har inte följt åtgärdsplanen.")
	return s.done()
}

// recent is a date daysAgo days before the demo is loaded, or the day
// after the script's last step if that is later, so a step meant to be
// fresh stays after everything before it.
func (l *loader) recent(s *script, daysAgo int) time.Time {
	d := tillit.DateOf(l.now).AddDate(0, 0, -daysAgo)
	if !d.After(tillit.DateOf(s.last)) {
		d = tillit.DateOf(s.last).AddDate(0, 0, 1)
	}
	return d
}
