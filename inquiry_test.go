package tillit

import (
	"strings"
	"testing"
	"time"
)

func validInquiry() *Inquiry {
	return &Inquiry{Title: "Rekryteringsavgifter", DueOn: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), Status: InquiryDraft,
		Selection: InquirySelection{Country: "MY"},
		Questions: []InquiryQuestion{{Text: "Tar fabriken ut avgifter?", Kind: InquiryYesNo, Mandatory: true},
			{Text: "Beskriv", Kind: InquiryText}, {Text: "Revisionsrapport", Kind: InquiryFile}}}
}

func TestInquiryValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(q *Inquiry)
		field string // "" means valid
	}{
		{"valid", func(*Inquiry) {}, ""},
		{"no title", func(q *Inquiry) { q.Title = " " }, "title"},
		{"long title", func(q *Inquiry) { q.Title = strings.Repeat("x", 201) }, "title"},
		{"no due date", func(q *Inquiry) { q.DueOn = time.Time{} }, "due_on"},
		{"no questions", func(q *Inquiry) { q.Questions = nil }, "questions"},
		{"too many questions", func(q *Inquiry) { q.Questions = make([]InquiryQuestion, 21) }, "questions"},
		{"empty question", func(q *Inquiry) { q.Questions[1].Text = "" }, "q2"},
		{"unknown kind", func(q *Inquiry) { q.Questions[0].Kind = "number" }, "q1"},
		{"bad country", func(q *Inquiry) { q.Selection.Country = "Pakistan" }, "country"},
		{"nobody chosen", func(q *Inquiry) { q.Selection = InquirySelection{} }, "selection"},
		{"incident and criteria", func(q *Inquiry) { q.Selection.IncidentID = 3 }, "selection"},
		{"incident alone", func(q *Inquiry) { q.Selection = InquirySelection{IncidentID: 3} }, ""},
		{"product alone", func(q *Inquiry) { q.Selection = InquirySelection{Product: "handskar"} }, ""},
		{"category alone", func(q *Inquiry) { q.Selection = InquirySelection{CategoryID: 4} }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := validInquiry()
			tt.edit(q)
			err := q.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v (%v)", err, ErrorFields(err))
				}
				return
			}
			if _, ok := ErrorFields(err)[tt.field]; !ok || ErrorCode(err) != EINVALID {
				t.Fatalf("want a problem with %s, got %v", tt.field, ErrorFields(err))
			}
		})
	}
}

func TestInquiryLifecycle(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	q := validInquiry()
	if err := q.Send(now, 0); ErrorCode(err) != EINVALID {
		t.Fatalf("send to nobody: %v", err)
	}
	if err := q.Close(now); ErrorCode(err) != ECONFLICT {
		t.Fatalf("close a draft: %v", err)
	}
	late := *q
	late.DueOn = now.AddDate(0, 0, -1)
	if err := late.Send(now, 2); ErrorCode(err) != EINVALID {
		t.Fatalf("send past its due date: %v", err)
	}
	if err := q.Send(now, 2); err != nil || q.Status != InquirySent || q.Editable() {
		t.Fatalf("send: %v %+v", err, q)
	}
	if err := q.Send(now, 2); ErrorCode(err) != ECONFLICT {
		t.Fatalf("send twice: %v", err)
	}

	by := Actor{UserID: 5, Name: "Lina Leverantör"}
	r := &InquiryRequest{Status: InquiryRequestSent}
	answers := func(yes, text string, files ...InquiryFileRef) []InquiryAnswerInput {
		return []InquiryAnswerInput{{Value: yes}, {Value: text}, {Files: files}}
	}
	if err := r.SaveAnswers(q, by, now, answers("kanske", "")); ErrorFields(err)["q1"].Format == "" {
		t.Fatalf("yes/no that is neither: %v", err)
	}
	if err := r.SaveAnswers(q, by, now, answers("", "x")[:2]); ErrorCode(err) != EINVALID {
		t.Fatalf("too few answers: %v", err)
	}
	bad := answers("", "")
	bad[1].Files = []InquiryFileRef{{ID: 1}}
	if err := r.SaveAnswers(q, by, now, bad); ErrorFields(err)["q2"].Format == "" {
		t.Fatalf("a file to a text question: %v", err)
	}
	if err := r.SaveAnswers(q, by, now, answers("", "Vi utreder.")); err != nil {
		t.Fatal(err)
	}
	if err := r.Submit(q, by, now); ErrorFields(err)["q1"].Format == "" || r.Status != InquiryRequestSent {
		t.Fatalf("submit without the mandatory answer: %v", err)
	}
	if err := r.SaveAnswers(q, by, now, answers("no", "Vi utreder.", InquiryFileRef{ID: 7, Name: "rapport.pdf"})); err != nil {
		t.Fatal(err)
	}
	if err := r.Submit(q, by, now); err != nil || r.Status != InquiryRequestAnswered || r.AnsweredBy != by.Name {
		t.Fatalf("submit: %v %+v", err, r)
	}
	if !r.Answer(2).Answered() || r.Answer(9).Answered() {
		t.Errorf("answers: %+v", r.Answers)
	}
	if err := r.SaveAnswers(q, by, now, answers("yes", "")); ErrorCode(err) != ECONFLICT {
		t.Fatalf("change after submitting: %v", err)
	}

	other := &InquiryRequest{Status: InquiryRequestSent}
	if err := q.Close(now); err != nil {
		t.Fatal(err)
	}
	if err := other.SaveAnswers(q, by, now, answers("yes", "")); ErrorCode(err) != ECONFLICT {
		t.Fatalf("answer a closed inquiry: %v", err)
	}
}
