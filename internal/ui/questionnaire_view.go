package ui

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/tillit-project/tillit"
)

// What the office's questionnaire pages and the supplier portal share: the
// names of the questionnaire's values in the reader's language, and a
// template with a request's answers as the sections and questions a page
// shows.

type questionnaireLabels struct{ lang tillit.Lang }

func (l questionnaireLabels) TypeLabel(v tillit.QuestionType) string {
	switch v {
	case tillit.QuestionYesNo:
		return T(l.lang, "Yes or no")
	case tillit.QuestionSingle:
		return T(l.lang, "One choice")
	case tillit.QuestionMultiple:
		return T(l.lang, "Several choices")
	case tillit.QuestionText:
		return T(l.lang, "Text")
	case tillit.QuestionNumber:
		return T(l.lang, "Number")
	case tillit.QuestionDate:
		return T(l.lang, "Date")
	case tillit.QuestionFile:
		return T(l.lang, "File evidence")
	}
	return string(v)
}

func (l questionnaireLabels) TemplateStatusLabel(v tillit.TemplateStatus) string {
	switch v {
	case tillit.TemplateDraft:
		return T(l.lang, "Draft")
	case tillit.TemplatePublished:
		return T(l.lang, "Published")
	}
	return string(v)
}

func (l questionnaireLabels) RequestStatusLabel(v tillit.RequestStatus) string {
	switch v {
	case tillit.RequestOpen:
		return T(l.lang, "Waiting for the supplier's answers")
	case tillit.RequestSubmitted:
		return T(l.lang, "Submitted, waiting for review")
	case tillit.RequestReturned:
		return T(l.lang, "Returned to the supplier for changes")
	case tillit.RequestReviewed:
		return T(l.lang, "Reviewed")
	}
	return string(v)
}

func (l questionnaireLabels) ReviewLabel(v tillit.ReviewStatus) string {
	switch v {
	case tillit.ReviewAccepted:
		return T(l.lang, "Accepted")
	case tillit.ReviewNeedsChange:
		return T(l.lang, "Needs change")
	}
	return T(l.lang, "Not reviewed yet")
}

func (l questionnaireLabels) VerdictText(v tillit.Verdict) string {
	return followUpLabels(l).VerdictLabel(v)
}

func (l questionnaireLabels) RecommendationText(v tillit.Recommendation) string {
	return followUpLabels(l).RecommendationLabel(v)
}

func (l questionnaireLabels) yesNo(v string) string {
	switch v {
	case "yes":
		return T(l.lang, "Yes")
	case "no":
		return T(l.lang, "No")
	}
	return v
}

// sectionView is a section as a page shows it.
type sectionView struct {
	Key, Title, Help string
	Number           int
	Questions        []questionView
}

// questionView is one question asked, with its answer and review.
type questionView struct {
	Key         string
	Field       string // the form field and element id: "q-key"
	Number      string // "2.3": section and question, stable whatever is asked
	Text, Help  string
	Type        tillit.QuestionType
	Mandatory   bool
	Requirement string
	Condition   string // why it is asked, for a conditional question
	Options     []optionView
	Value       string // the answer (or what was typed) for the one-value types
	Files       []answerFile
	Shown       string // the answer as text
	Answered    bool
	Editable    bool
	Err         string
	Review      tillit.Review
	Returns     []tillit.Review
}

type optionView struct {
	Value, Label string
	Checked      bool
}

// answerFile is an evidence file of an answer.
type answerFile struct {
	Hash, Name, Href string
}

// questionsInput is what buildQuestions needs besides the template.
type questionsInput struct {
	lang     tillit.Lang
	answers  map[string]tillit.Answer
	editable func(key string) bool // nil: nothing is editable
	posted   url.Values            // what a form that came back sent, or nil
	fields   map[string]string     // problems by field
	file     func(hash string) answerFile
	all      bool // show questions not asked too (the office's view of the template)
}

// buildQuestions lays out the template's questions as they are asked given
// the answers: a question whose condition is not met is left out.
func buildQuestions(t *tillit.Template, in questionsInput) []sectionView {
	l := questionnaireLabels{in.lang}
	vis := t.Visible(in.answers)
	numbers := map[string]string{}
	texts := map[string]*tillit.Question{}
	var out []sectionView
	for i := range t.Sections {
		s := &t.Sections[i]
		sv := sectionView{Key: s.Key, Title: s.Title.In(in.lang), Help: s.Help.In(in.lang), Number: i + 1}
		for j := range s.Questions {
			q := &s.Questions[j]
			num := fmt.Sprintf("%d.%d", i+1, j+1)
			numbers[q.Key], texts[q.Key] = num, q
			if !vis[q.Key] && !in.all {
				continue
			}
			a := in.answers[q.Key]
			v := questionView{Key: q.Key, Field: tillit.QuestionField(q.Key), Number: num, Text: q.Text.In(in.lang), Help: q.Help.In(in.lang),
				Type: q.Type, Mandatory: q.Mandatory, Requirement: q.Requirement, Answered: a.Answered(), Review: a.Review, Returns: a.Returns,
				Err: in.fields[tillit.QuestionField(q.Key)]}
			v.Editable = in.editable != nil && in.editable(q.Key)
			if c := q.ShowIf; c != nil {
				src := texts[c.Question]
				v.Condition = fmt.Sprintf(T(in.lang, "Asked because the answer to question %s is %s."), numbers[c.Question], l.optionLabel(src, c.Equals))
			}
			value, values := a.Value, a.Values
			if in.posted != nil && v.Editable {
				if _, ok := in.posted["present"]; ok && hasString(in.posted["present"], q.Key) {
					value, values = strings.TrimSpace(in.posted.Get(v.Field)), in.posted[v.Field]
				}
			}
			v.Value = value
			for _, o := range q.Options {
				checked := o.Value == value || hasString(values, o.Value)
				v.Options = append(v.Options, optionView{Value: o.Value, Label: o.Label.In(in.lang), Checked: checked})
			}
			if q.Type == tillit.QuestionYesNo {
				v.Options = []optionView{{"yes", T(in.lang, "Yes"), value == "yes"}, {"no", T(in.lang, "No"), value == "no"}}
			}
			for _, h := range a.Files {
				if in.file != nil {
					v.Files = append(v.Files, in.file(h))
				}
			}
			v.Shown = l.answerText(q, a)
			sv.Questions = append(sv.Questions, v)
		}
		if len(sv.Questions) > 0 {
			out = append(out, sv)
		}
	}
	return out
}

func (l questionnaireLabels) optionLabel(q *tillit.Question, v string) string {
	if q == nil {
		return v
	}
	if q.Type == tillit.QuestionYesNo {
		return l.yesNo(v)
	}
	for _, o := range q.Options {
		if o.Value == v {
			return o.Label.In(l.lang)
		}
	}
	return v
}

// answerText is an answer as text: the labels of the options chosen.
func (l questionnaireLabels) answerText(q *tillit.Question, a tillit.Answer) string {
	switch q.Type {
	case tillit.QuestionYesNo, tillit.QuestionSingle:
		return l.optionLabel(q, a.Value)
	case tillit.QuestionMultiple:
		var out []string
		for _, v := range a.Values {
			out = append(out, l.optionLabel(q, v))
		}
		return strings.Join(out, "; ")
	case tillit.QuestionFile:
		if n := len(a.Files); n > 0 {
			return fmt.Sprintf(T(l.lang, "%d files"), n)
		}
		return ""
	}
	return a.Value
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// missingLink is one mandatory question not answered, linked to its field.
type missingLink struct {
	Field, Number, Text string
}

// missingLinks lists the missing answers the error names, in the order of
// the questionnaire.
func missingLinks(sections []sectionView, fields map[string]string) []missingLink {
	var out []missingLink
	for _, s := range sections {
		for _, q := range s.Questions {
			if _, ok := fields[q.Field]; ok {
				out = append(out, missingLink{Field: q.Field, Number: q.Number, Text: q.Text})
			}
		}
	}
	return out
}
