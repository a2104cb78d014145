package tillit

import (
	"strings"
	"testing"
	"time"
)

func testTemplate() *Template {
	yes := &Condition{Question: "has-policy", Equals: "yes"}
	return &Template{Code: "t", Title: Text{"T", "T"}, Sections: []Section{{Key: "s", Title: Text{"S", "S"}, Questions: []Question{
		{Key: "has-policy", Type: QuestionYesNo, Requirement: "UK-1", Mandatory: true, Text: Text{"P?", "P?"}},
		{Key: "policy-date", Type: QuestionDate, Requirement: "UK-1", Mandatory: true, Text: Text{"D", "D"}, ShowIf: yes},
		{Key: "areas", Type: QuestionMultiple, Requirement: "UK-1", Text: Text{"A", "A"},
			Options: []Option{{"a", Text{"a", "a"}}, {"b", Text{"b", "b"}}}},
		{Key: "audits", Type: QuestionNumber, Requirement: "UK-3", Text: Text{"N", "N"}},
		{Key: "evidence", Type: QuestionFile, Requirement: "UK-3", Text: Text{"F", "F"}},
	}}}}
}

func TestTemplateValidates(t *testing.T) {
	if err := testTemplate().Validate(); err != nil {
		t.Fatalf("%v %v", err, ErrorFields(err))
	}
	if got := testTemplate().RequirementCodes(); strings.Join(got, ",") != "UK-1,UK-3" {
		t.Errorf("requirement codes %v", got)
	}
}

func TestVisibleAndMissing(t *testing.T) {
	tpl := testTemplate()
	for _, c := range []struct {
		answers map[string]Answer
		missing string
	}{
		{nil, "has-policy"},
		{map[string]Answer{"has-policy": {Value: "no"}}, ""},
		{map[string]Answer{"has-policy": {Value: "yes"}}, "policy-date"},
		{map[string]Answer{"has-policy": {Value: "yes"}, "policy-date": {Value: "2024-01-01"}}, ""},
	} {
		var keys []string
		for _, q := range tpl.Missing(c.answers) {
			keys = append(keys, q.Key)
		}
		if got := strings.Join(keys, ","); got != c.missing {
			t.Errorf("answers %v: missing %q, want %q", c.answers, got, c.missing)
		}
	}
}

func TestRequestLifecycle(t *testing.T) {
	tpl := testTemplate()
	supplier := Actor{UserID: 7, Email: "s@x.se"}
	officer := Actor{UserID: 1, Email: "o@x.se"}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	r := &Request{Status: RequestOpen, SupplierID: 5}

	// A draft keeps what is valid and says what is not.
	changed, err := r.SaveAnswers(supplier, at, tpl, map[string]AnswerInput{
		"has-policy": {Value: "yes"}, "audits": {Value: "3,5"}, "policy-date": {Value: "30/6"},
		"areas": {Values: []string{"b", "a", "b"}},
	})
	if ErrorFields(err)[QuestionField("policy-date")].Format == "" || len(changed) != 3 {
		t.Fatalf("changed %v, err %v", changed, err)
	}
	if got := r.Answers["areas"].Values; strings.Join(got, ",") != "a,b" {
		t.Errorf("multiple choice kept as %v, want the options' order", got)
	}
	if _, err := r.SaveAnswers(supplier, at, tpl, map[string]AnswerInput{"audits": {Value: "1e9"}}); ErrorCode(err) != EINVALID {
		t.Errorf("1e9 as a number: %v", err)
	}
	// Submitting needs the conditional date.
	err = r.Submit(supplier, at, tpl)
	if ErrorCode(err) != EINVALID || ErrorFields(err)[QuestionField("policy-date")].Format == "" {
		t.Fatalf("submit with a missing answer: %v", err)
	}
	if _, err := r.SaveAnswers(supplier, at, tpl, map[string]AnswerInput{"policy-date": {Value: "2024-06-30"}}); err != nil {
		t.Fatal(err)
	}
	if err := r.Submit(supplier, at, tpl); err != nil || r.Status != RequestSubmitted {
		t.Fatalf("submit: %v (%s)", err, r.Status)
	}
	// Locked once submitted.
	if _, err := r.SaveAnswers(supplier, at, tpl, map[string]AnswerInput{"audits": {Value: "4"}}); ErrorCode(err) != ECONFLICT {
		t.Fatalf("change after submitting: %v", err)
	}
	if err := r.ReviewAnswer(officer, at, tpl, "audits", ReviewNeedsChange, ""); ErrorFields(err)["comment"].Format == "" {
		t.Fatalf("needs change without a comment: %v", err)
	}
	if err := r.ReviewAnswer(officer, at, tpl, "audits", ReviewNeedsChange, "Count only this year."); err != nil {
		t.Fatal(err)
	}
	if err := r.Decide(officer, at, tpl, VerdictApproved, "", ""); ErrorCode(err) != ECONFLICT {
		t.Fatalf("approve with an answer needing change: %v", err)
	}
	if err := r.Return(officer, at, tpl); err != nil || r.Status != RequestReturned {
		t.Fatalf("return: %v", err)
	}
	// Only the returned answer may change; an unchanged one may be sent along.
	if _, err := r.SaveAnswers(supplier, at, tpl, map[string]AnswerInput{"has-policy": {Value: "no"}}); ErrorCode(err) != ECONFLICT {
		t.Fatalf("changing an answer that was not returned: %v", err)
	}
	if _, err := r.SaveAnswers(supplier, at, tpl, map[string]AnswerInput{"has-policy": {Value: "yes"}, "audits": {Value: "2"}}); err != nil {
		t.Fatalf("changing the returned answer: %v", err)
	}
	if err := r.Submit(supplier, at, tpl); err != nil || r.Submissions != 2 {
		t.Fatalf("resubmit: %v", err)
	}
	if a := r.Answers["audits"]; a.Review.Status != "" || len(a.Returns) != 1 || a.Returns[0].Comment != "Count only this year." {
		t.Fatalf("the returned answer after resubmitting: %+v", a)
	}
	if err := r.Decide(officer, at, tpl, VerdictApproved, "", ""); err != nil || r.Status != RequestReviewed {
		t.Fatalf("approve: %v", err)
	}
	if !r.ReusableFor(5, at.AddDate(2, 11, 0)) || r.ReusableFor(5, at.AddDate(3, 0, 0)) || r.ReusableFor(6, at) {
		t.Error("ReusableFor: approved answers stand in for three years, for the same supplier only")
	}
}
