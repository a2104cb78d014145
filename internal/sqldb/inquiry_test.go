package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

func recipientNames(rs []sqldb.InquiryRecipient) string {
	var names []string
	for _, r := range rs {
		names = append(names, r.Name)
	}
	return strings.Join(names, ", ")
}

func inquiryQuestions() []tillit.InquiryQuestion {
	return []tillit.InquiryQuestion{{Text: "Betalar arbetarna rekryteringsavgifter?", Kind: tillit.InquiryYesNo, Mandatory: true},
		{Text: "Vad gör ni åt det?", Kind: tillit.InquiryText}, {Text: "Senaste revisionsrapporten", Kind: tillit.InquiryFile}}
}

// TestInquiryFromIncidentReachesExactlyTheExposed is the test on
// the store: the incident naming Malaysia and gloves exposes exactly
// Alfa's and Beta's sites, contracts and regions (see
// TestIncidentExposureCountryAndCategory for the near-misses), and an
// inquiry sent from it reaches exactly Alfa and Beta; each supplier reads
// only its own request.
func TestInquiryFromIncidentReachesExactlyTheExposed(t *testing.T) {
	w := newExposureWorld(t)
	in := &tillit.Incident{SourceKind: tillit.SourceMedia, SourceName: "The Guardian", ReportedOn: w.reported, Title: "Forced labour at glove factories",
		Severity: tillit.IncidentCritical, Countries: []tillit.IncidentCountry{{Country: "MY"}}, CategoryIDs: []int64{w.gloves.ID}}
	mustOK(t, w.db.CreateIncident(ctx, w.coordinator, in))
	e, err := w.db.IncidentExposure(ctx, in)
	mustOK(t, err)
	wantExposure(t, e, map[string]string{"sites": "alfa-ipoh, beta-klang", "suppliers": "Alfa AB, Beta AB",
		"contracts": "alfa-gloves-01, beta-gloves-12", "regions": "Region Skåne, Region Stockholm"})

	q := &tillit.Inquiry{Title: "Rekryteringsavgifter", DueOn: day("2024-03-31"), Selection: tillit.InquirySelection{IncidentID: in.ID},
		Questions: inquiryQuestions()}
	mustOK(t, w.db.CreateInquiry(ctx, w.coordinator, q))
	rs, err := w.db.InquiryRecipients(ctx, q.Selection)
	mustOK(t, err)
	if got := recipientNames(rs); got != "Alfa AB, Beta AB" || len(rs[0].Sites) != 1 || rs[0].Sites[0] != "alfa-ipoh (Ipoh, MY)" {
		t.Fatalf("recipients %q %+v", got, rs)
	}
	// Only suppliers the selection reaches may be chosen.
	_, err = w.db.SendInquiry(ctx, w.coordinator, q.ID, []int64{w.suppliers["Alfa"].ID, w.suppliers["Gamma"].ID})
	if tillit.ErrorCode(err) != tillit.EINVALID {
		t.Fatalf("sending to a supplier outside the selection: %v", err)
	}
	sent, err := w.db.SendInquiry(ctx, w.coordinator, q.ID, []int64{w.suppliers["Alfa"].ID, w.suppliers["Beta"].ID})
	mustOK(t, err)
	if len(sent) != 2 || sent[0].SupplierID != w.suppliers["Alfa"].ID || sent[1].SupplierID != w.suppliers["Beta"].ID || sent[0].PublicID == sent[1].PublicID {
		t.Fatalf("sent %+v", sent)
	}
	if _, err := w.db.SendInquiry(ctx, w.coordinator, q.ID, []int64{w.suppliers["Alfa"].ID}); tillit.ErrorCode(err) != tillit.ECONFLICT {
		t.Fatalf("sending twice: %v", err)
	}
	q.Title = "Ändrad"
	if err := w.db.UpdateInquiry(ctx, w.coordinator, q); tillit.ErrorCode(err) != tillit.ECONFLICT {
		t.Fatalf("changing a sent inquiry: %v", err)
	}

	all, err := w.db.FindInquiryRequests(ctx, tillit.Scope{All: true}, false)
	mustOK(t, err)
	if len(all) != 2 {
		t.Fatalf("requests %+v", all)
	}
	for i, who := range []string{"Alfa", "Beta"} {
		scope := tillit.Scope{SupplierIDs: []int64{w.suppliers[who].ID}}
		own, err := w.db.FindInquiryRequests(ctx, scope, true)
		mustOK(t, err)
		if len(own) != 1 || own[0].PublicID != sent[i].PublicID || own[0].Title != "Rekryteringsavgifter" {
			t.Errorf("%s lists %+v", who, own)
		}
		if _, _, err := w.db.FindInquiryRequest(ctx, scope, sent[1-i].PublicID); tillit.ErrorCode(err) != tillit.ENOTFOUND {
			t.Errorf("%s reads the other's request: %v", who, err)
		}
	}
	rows, err := w.db.FindInquiries(ctx, sqldb.InquiryFilter{IncidentID: in.ID})
	mustOK(t, err)
	if len(rows) != 1 || rows[0].Requests != 2 || rows[0].Answered != 0 || rows[0].Status != tillit.InquirySent {
		t.Errorf("list %+v", rows)
	}
}

// TestInquiryRecipientsByCriteria: a country, a category and a product
// narrow together; a category alone reaches every supplier holding a
// contract in it today or later; products fold case beyond ASCII.
func TestInquiryRecipientsByCriteria(t *testing.T) {
	w := newExposureWorld(t) // today is 2024-03-01
	for _, tt := range []struct {
		name string
		sel  tillit.InquirySelection
		want string
	}{
		{"Malaysia in gloves", tillit.InquirySelection{Country: "MY", CategoryID: w.gloves.ID}, "Alfa AB, Beta AB"},
		{"Malaysia, gloves, nitrile", tillit.InquirySelection{Country: "MY", CategoryID: w.gloves.ID, Product: "NITRIL"}, "Alfa AB"},
		{"Malaysia", tillit.InquirySelection{Country: "MY"}, "Alfa AB, Beta AB, Epsilon AB, Gamma AB"},
		{"gloves anywhere by product", tillit.InquirySelection{Product: "handskar"}, "Alfa AB, Beta AB, Delta AB, Epsilon AB"},
		{"instruments by contract", tillit.InquirySelection{CategoryID: w.tools.ID}, "Alfa AB, Gamma AB"},
		{"Pakistan in instruments (Zeta's contract has ended)", tillit.InquirySelection{Country: "PK", CategoryID: w.tools.ID}, ""},
		{"covers, folded", tillit.InquirySelection{Country: "PK", Product: "ÖVERDRAG"}, "Zeta AB"},
		{"nothing chosen", tillit.InquirySelection{}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := w.db.InquiryRecipients(ctx, tt.sel)
			mustOK(t, err)
			if got := recipientNames(rs); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	rs, _ := w.db.InquiryRecipients(ctx, tillit.InquirySelection{Country: "MY", Product: "handskar"})
	if len(rs) == 0 || rs[0].Name != "Alfa AB" || len(rs[0].Sites) != 1 {
		t.Errorf("Alfa's Malaysian site only: %+v", rs)
	}
}

// TestInquiryAnswersAndMail: a supplier saves a draft, fails to submit
// without the mandatory answer (the draft stays), submits, and cannot
// change the answers afterwards; files are kept or dropped by id; the
// invitation and the reminders are owed once each.
func TestInquiryAnswersAndMail(t *testing.T) {
	w := newExposureWorld(t)
	clk := withClock(w.db)
	q := &tillit.Inquiry{Title: "Handskar", Intro: "Vi frågar alla.", DueOn: day("2024-03-20"),
		Selection: tillit.InquirySelection{Country: "MY", CategoryID: w.gloves.ID}, Questions: inquiryQuestions()}
	mustOK(t, w.db.CreateInquiry(ctx, w.coordinator, q))
	sent, err := w.db.SendInquiry(ctx, w.coordinator, q.ID, []int64{w.suppliers["Alfa"].ID, w.suppliers["Beta"].ID})
	mustOK(t, err)
	alfaUser := createUser(t, w.db, "lina@alfa.example", "h", tillit.Membership{OrgID: w.suppliers["Alfa"].ID, Role: tillit.RoleSupplier})
	alfa := tillit.ActorOf(alfaUser)
	scope := tillit.ScopeOf(alfa)
	pid := sent[0].PublicID

	// Beta's request is not Alfa's to answer.
	in := []tillit.InquiryAnswerInput{{}, {Value: "Vi utreder."}, {}}
	if _, err := w.db.AnswerInquiry(ctx, alfa, scope, sent[1].PublicID, in, nil, false); tillit.ErrorCode(err) != tillit.ENOTFOUND {
		t.Fatalf("answering Beta's request: %v", err)
	}
	up := []sqldb.InquiryUpload{{Position: 2, InquiryFileRef: tillit.InquiryFileRef{Hash: strings.Repeat("a", 64), Name: "rapport.pdf", Size: 10, ContentType: "application/pdf"}}}
	r, err := w.db.AnswerInquiry(ctx, alfa, scope, pid, in, up, true)
	if tillit.ErrorCode(err) != tillit.EINVALID || tillit.ErrorFields(err)["q1"].Format == "" {
		t.Fatalf("submitting without the mandatory answer: %v", err)
	}
	if r.Status != tillit.InquiryRequestSent {
		t.Fatalf("status %s", r.Status)
	}
	r, _, err = w.db.FindInquiryRequest(ctx, scope, pid)
	mustOK(t, err)
	if r.Answers[1].Value != "Vi utreder." || len(r.Answers[2].Files) != 1 || r.Answers[2].Files[0].Name != "rapport.pdf" {
		t.Fatalf("the draft was not kept: %+v", r.Answers)
	}
	fileID := r.Answers[2].Files[0].ID
	if f, err := w.db.FindInquiryFile(ctx, scope, 0, pid, fileID); err != nil || f.Name != "rapport.pdf" {
		t.Fatalf("file %+v %v", f, err)
	}
	if _, err := w.db.FindInquiryFile(ctx, tillit.Scope{SupplierIDs: []int64{w.suppliers["Beta"].ID}}, 0, pid, fileID); tillit.ErrorCode(err) != tillit.ENOTFOUND {
		t.Fatalf("Beta reads Alfa's file: %v", err)
	}
	if _, err := w.db.FindInquiryFile(ctx, tillit.Scope{All: true}, q.ID, "", fileID); err != nil {
		t.Fatalf("the office reads the file: %v", err)
	}

	// Keep the file, answer yes, submit.
	in = []tillit.InquiryAnswerInput{{Value: "no"}, {Value: "Inga avgifter tas ut."}, {Files: []tillit.InquiryFileRef{{ID: fileID}, {ID: 999}}}}
	r, err = w.db.AnswerInquiry(ctx, alfa, scope, pid, in, nil, true)
	mustOK(t, err)
	if r.Status != tillit.InquiryRequestAnswered || r.AnsweredBy != alfaUser.Name || len(r.Answers[2].Files) != 1 {
		t.Fatalf("answered %+v", r)
	}
	if _, err := w.db.AnswerInquiry(ctx, alfa, scope, pid, in, nil, true); tillit.ErrorCode(err) != tillit.ECONFLICT {
		t.Fatalf("submitting again: %v", err)
	}
	answers, err := w.db.InquiryAnswers(ctx, q)
	mustOK(t, err)
	if len(answers) != 2 || answers[0].Answers[0].Value != "no" || answers[1].Status != tillit.InquiryRequestSent || len(answers[1].Answers) != 3 {
		t.Fatalf("answers %+v", answers)
	}

	// Mail: the invitations now, once each; a reminder a week before the
	// due date to Beta, who has not answered; one after it.
	count := func() int {
		t.Helper()
		due, err := w.db.InquiryMailsDue(ctx, 100)
		mustOK(t, err)
		n := 0
		for _, m := range due {
			ok, err := w.db.ClaimInquiryMail(ctx, m)
			mustOK(t, err)
			if ok {
				n++
			}
		}
		return n
	}
	if n := count(); n != 1 {
		t.Fatalf("invitations owed: %d, want 1 (Alfa has answered)", n)
	}
	if n := count(); n != 0 {
		t.Fatalf("invitations again: %d", n)
	}
	clk.Add(14 * 24 * time.Hour) // 2024-03-15: five days before the due date
	if n := count(); n != 1 {
		t.Fatalf("reminders before the due date: %d", n)
	}
	clk.Add(7 * 24 * time.Hour)
	if n := count(); n != 1 {
		t.Fatalf("reminders after the due date: %d", n)
	}
	beta, _, err := w.db.FindInquiryRequest(ctx, tillit.Scope{All: true}, sent[1].PublicID)
	mustOK(t, err)
	if beta.Reminders != 2 {
		t.Errorf("Beta's reminders: %d", beta.Reminders)
	}
	if _, err := w.db.CloseInquiry(ctx, w.coordinator, q.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.AnswerInquiry(ctx, sys, tillit.Scope{All: true}, sent[1].PublicID, in, nil, false); tillit.ErrorCode(err) != tillit.ECONFLICT {
		t.Fatalf("answering a closed inquiry: %v", err)
	}

	events, err := w.db.FindAuditEvents(ctx, sqldb.AuditFilter{Limit: 500})
	mustOK(t, err)
	seen := map[string]bool{}
	for _, e := range events {
		seen[e.Action] = true
	}
	for _, a := range []string{"inquiry.created", "inquiry.sent", "inquiry.answers_saved", "inquiry.answered", "inquiry.closed"} {
		if !seen[a] {
			t.Errorf("no %s in the audit trail", a)
		}
	}
}
