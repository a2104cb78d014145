package tillit

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Questionnaires as data. A Template is one version of a questionnaire:
// sections of questions, each with its type, texts in Swedish and English,
// whether it must be answered, the requirement it follows up and,
// optionally, a condition on an earlier answer that decides whether it is
// asked at all. Versions of a template share its Code. A published version
// never changes, because requests refer to it and answers must keep their
// meaning; editing a published template makes a new draft version.
//
// A Request is one template version sent to one supplier, belonging to a
// self-assessment of one of its follow-ups. The supplier saves answers as
// drafts and submits; the national office reviews each answer (accepted,
// or needs change with a comment), may return the questions that need
// change, and gives the verdict that the follow-up records.

// Text is a text in Swedish and English.
type Text struct {
	SV string `json:"sv" yaml:"sv"`
	EN string `json:"en" yaml:"en"`
}

// In returns the text in lang, falling back to the other language when
// that one is empty.
func (t Text) In(lang Lang) string {
	if lang == English && t.EN != "" || t.SV == "" {
		return t.EN
	}
	return t.SV
}

// IsZero reports whether both languages are empty (YAML omits it then).
func (t Text) IsZero() bool { return t.SV == "" && t.EN == "" }

// TemplateStatus says whether a version may still change.
type TemplateStatus string

const (
	TemplateDraft     TemplateStatus = "draft"
	TemplatePublished TemplateStatus = "published" // frozen: requests are sent from it
)

// QuestionType is the kind of answer a question takes.
type QuestionType string

const (
	QuestionYesNo    QuestionType = "yes_no"          // "yes" or "no"
	QuestionSingle   QuestionType = "single_choice"   // one option's value
	QuestionMultiple QuestionType = "multiple_choice" // one or more options' values
	QuestionText     QuestionType = "text"
	QuestionNumber   QuestionType = "number" // a decimal number, comma or point
	QuestionDate     QuestionType = "date"   // YYYY-MM-DD
	QuestionFile     QuestionType = "file"   // evidence: one or more uploaded files
)

// QuestionTypes lists every type, in the order forms show them.
var QuestionTypes = []QuestionType{QuestionYesNo, QuestionSingle, QuestionMultiple, QuestionText, QuestionNumber, QuestionDate, QuestionFile}

// Valid reports whether q is a known type.
func (q QuestionType) Valid() bool { return oneOf(q, QuestionTypes) }

// choice reports whether the type answers with options.
func (q QuestionType) choice() bool { return q == QuestionSingle || q == QuestionMultiple }

// Template is one version of a questionnaire. The fields tagged yaml:"-"
// belong to the store, not to the file people write.
type Template struct {
	ID          int64          `json:"-" yaml:"-"` // the version's id
	Code        string         `json:"code" yaml:"code"`
	Version     int            `json:"-" yaml:"-"`
	Status      TemplateStatus `json:"-" yaml:"-"`
	CreatedAt   time.Time      `json:"-" yaml:"-"`
	PublishedAt time.Time      `json:"-" yaml:"-"`
	Title       Text           `json:"title" yaml:"title"`
	Description Text           `json:"description,omitzero" yaml:"description,omitempty"`
	Sections    []Section      `json:"sections" yaml:"sections"`
}

// Section groups questions under a heading.
type Section struct {
	Key       string     `json:"key" yaml:"key"`
	Title     Text       `json:"title" yaml:"title"`
	Help      Text       `json:"help,omitzero" yaml:"help,omitempty"`
	Questions []Question `json:"questions" yaml:"questions"`
}

// Question is one question. Key names it within the template, stably
// across versions, so answers and conditions refer to it.
type Question struct {
	Key         string       `json:"key" yaml:"key"`
	Type        QuestionType `json:"type" yaml:"type"`
	Requirement string       `json:"requirement" yaml:"requirement"` // the requirement code it follows up, such as "UK-2"
	Mandatory   bool         `json:"mandatory,omitempty" yaml:"mandatory,omitempty"`
	Text        Text         `json:"text" yaml:"text"`
	Help        Text         `json:"help,omitzero" yaml:"help,omitempty"`
	Options     []Option     `json:"options,omitempty" yaml:"options,omitempty"`
	ShowIf      *Condition   `json:"show_if,omitempty" yaml:"show_if,omitempty"`
}

// Option is one choice of a single- or multiple-choice question.
type Option struct {
	Value string `json:"value" yaml:"value"`
	Label Text   `json:"label" yaml:"label"`
}

// Condition makes a question conditional: it is asked only when the
// earlier question Question is asked and its answer is Equals (for a
// multiple-choice question: includes Equals).
type Condition struct {
	Question string `json:"question" yaml:"question"`
	Equals   string `json:"equals" yaml:"equals"`
}

// Limits of questionnaire texts.
const (
	maxTemplateQuestions = 500
	maxOptionCount       = 50
)

var keyPattern = regexp.MustCompile(`^[a-z0-9]+(?:[-_.][a-z0-9]+)*$`)

// Validate checks a template before it is stored. Problems are keyed by
// where they are: "title", "sections[0].title",
// "sections[0].questions[2].options", so an author can find each one.
func (t *Template) Validate() error {
	p := Problems{}
	if t.Code == "" {
		p.Add("code", "Enter the template's code: lower-case letters, digits and hyphens, such as self-assessment.")
	} else if !keyPattern.MatchString(t.Code) || len(t.Code) > 100 {
		p.Add("code", "The code may contain only lower-case letters a–z, digits and single hyphens, dots or underscores between them, at most 100 characters.")
	}
	checkText(p, "title", t.Title, maxShortText, true)
	checkText(p, "description", t.Description, maxLongText, false)
	if len(t.Sections) == 0 {
		p.Add("sections", "A questionnaire needs at least one section with questions.")
	}
	seenSection := map[string]bool{}
	asked := map[string]*Question{} // questions before the one being checked
	n := 0
	for i := range t.Sections {
		s := &t.Sections[i]
		at := "sections[" + strconv.Itoa(i) + "]"
		checkKey(p, at+".key", s.Key, seenSection)
		checkText(p, at+".title", s.Title, maxShortText, true)
		checkText(p, at+".help", s.Help, maxLongText, false)
		if len(s.Questions) == 0 {
			p.Add(at+".questions", "Section %s has no questions. Add one, or remove the section.", s.Key)
		}
		for j := range s.Questions {
			n++
			q := &s.Questions[j]
			qat := at + ".questions[" + strconv.Itoa(j) + "]"
			q.check(p, qat, asked)
			asked[q.Key] = q
		}
	}
	if n > maxTemplateQuestions {
		p.Add("sections", "A questionnaire can have at most %d questions.", maxTemplateQuestions)
	}
	return p.Err()
}

func (q *Question) check(p Problems, at string, asked map[string]*Question) {
	seen := map[string]bool{}
	for k := range asked {
		seen[k] = true
	}
	checkKey(p, at+".key", q.Key, seen)
	if !q.Type.Valid() {
		p.Add(at+".type", "Question %s has an unknown type. Use yes_no, single_choice, multiple_choice, text, number, date or file.", q.Key)
	}
	if r := strings.TrimSpace(q.Requirement); r == "" {
		p.Add(at+".requirement", "Question %s needs the code of the requirement it follows up, such as UK-2.", q.Key)
	} else if len(r) > maxShortText || r != q.Requirement {
		p.Add(at+".requirement", "The requirement code of question %s can be at most %d characters, without spaces around it.", q.Key, maxShortText)
	}
	checkText(p, at+".text", q.Text, maxLongText, true)
	checkText(p, at+".help", q.Help, maxLongText, false)
	if q.Type.choice() {
		if len(q.Options) < 2 {
			p.Add(at+".options", "Question %s is a choice and needs at least two options.", q.Key)
		} else if len(q.Options) > maxOptionCount {
			p.Add(at+".options", "Question %s can have at most %d options.", q.Key, maxOptionCount)
		}
		values := map[string]bool{}
		for k, o := range q.Options {
			oat := at + ".options[" + strconv.Itoa(k) + "]"
			checkKey(p, oat+".value", o.Value, values)
			checkText(p, oat+".label", o.Label, maxShortText, true)
		}
	} else if len(q.Options) > 0 {
		p.Add(at+".options", "Only choice questions have options. Remove the options of question %s, or make it a choice.", q.Key)
	}
	if c := q.ShowIf; c != nil {
		src := asked[c.Question]
		switch {
		case c.Question == "":
			p.Add(at+".show_if", "The condition of question %s must name an earlier question.", q.Key)
		case src == nil:
			p.Add(at+".show_if", "The condition of question %s names %s, which is not an earlier question. A condition can only depend on a question asked before it.", q.Key, c.Question)
		case !src.acceptsCondition(c.Equals):
			p.Add(at+".show_if", "The condition of question %s asks for %q, which question %s cannot answer. Use yes or no for a yes/no question, or one of a choice question's option values.", q.Key, c.Equals, c.Question)
		}
	}
}

// acceptsCondition reports whether an answer to q can equal v.
func (q *Question) acceptsCondition(v string) bool {
	switch q.Type {
	case QuestionYesNo:
		return v == "yes" || v == "no"
	case QuestionSingle, QuestionMultiple:
		return q.option(v)
	}
	return false
}

func (q *Question) option(v string) bool {
	for _, o := range q.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}

func checkKey(p Problems, field, key string, seen map[string]bool) {
	switch {
	case key == "":
		p.Add(field, "Give it a key: lower-case letters, digits and hyphens, such as risk-analysis.")
	case !keyPattern.MatchString(key) || len(key) > 100:
		p.Add(field, "The key %q may contain only lower-case letters a–z, digits and single hyphens, dots or underscores between them, at most 100 characters.", key)
	case seen[key]:
		p.Add(field, "The key %q is used twice. Keys must be unique.", key)
	}
	seen[key] = true
}

func checkText(p Problems, field string, t Text, limit int, required bool) {
	sv, en := strings.TrimSpace(t.SV), strings.TrimSpace(t.EN)
	switch {
	case required && sv == "" && en == "":
		p.Add(field, "Write the text in Swedish (sv) and English (en).")
	case required && sv == "":
		p.Add(field, "The Swedish text (sv) is missing.")
	case required && en == "":
		p.Add(field, "The English text (en) is missing.")
	case !required && (sv == "") != (en == ""):
		p.Add(field, "Write the text in both Swedish (sv) and English (en), or leave both out.")
	case utf8.RuneCountInString(t.SV) > limit || utf8.RuneCountInString(t.EN) > limit:
		p.Add(field, "The text can be at most %d characters.", limit)
	}
}

// Questions lists every question in order.
func (t *Template) Questions() []*Question {
	var out []*Question
	for i := range t.Sections {
		for j := range t.Sections[i].Questions {
			out = append(out, &t.Sections[i].Questions[j])
		}
	}
	return out
}

// Question returns the question with the key, or nil.
func (t *Template) Question(key string) *Question {
	for _, q := range t.Questions() {
		if q.Key == key {
			return q
		}
	}
	return nil
}

// RequirementCodes lists the requirement codes the questions follow up,
// each once, in the order they first appear.
func (t *Template) RequirementCodes() []string {
	var out []string
	seen := map[string]bool{}
	for _, q := range t.Questions() {
		if !seen[q.Requirement] {
			seen[q.Requirement] = true
			out = append(out, q.Requirement)
		}
	}
	return out
}

// Visible returns the keys of the questions asked given the answers: a
// question with a condition is asked when the question it depends on is
// asked and answered with the value named.
func (t *Template) Visible(answers map[string]Answer) map[string]bool {
	vis := map[string]bool{}
	for _, q := range t.Questions() {
		c := q.ShowIf
		if c == nil {
			vis[q.Key] = true
			continue
		}
		a := answers[c.Question]
		vis[q.Key] = vis[c.Question] && (a.Value == c.Equals || oneOf(c.Equals, a.Values))
	}
	return vis
}

// Missing lists the mandatory questions asked but not answered, in order.
func (t *Template) Missing(answers map[string]Answer) []*Question {
	vis := t.Visible(answers)
	var out []*Question
	for _, q := range t.Questions() {
		if q.Mandatory && vis[q.Key] && !answers[q.Key].Answered() {
			out = append(out, q)
		}
	}
	return out
}

// RequestStatus is where a request is.
type RequestStatus string

const (
	RequestOpen      RequestStatus = "open"      // sent; the supplier saves drafts
	RequestSubmitted RequestStatus = "submitted" // waiting for review; the answers are locked
	RequestReturned  RequestStatus = "returned"  // questions sent back: those may change, then resubmit
	RequestReviewed  RequestStatus = "reviewed"  // the verdict is given
)

// RequestStatuses lists every status in process order.
var RequestStatuses = []RequestStatus{RequestOpen, RequestSubmitted, RequestReturned, RequestReviewed}

// Valid reports whether s is a known status.
func (s RequestStatus) Valid() bool { return oneOf(s, RequestStatuses) }

// Request is a template version sent to a supplier as self-assessment
// SelfAssessmentID of follow-up FollowUpID. PublicID, random and
// unguessable, names it in every address a supplier sees.
type Request struct {
	ID               int64
	PublicID         string
	CampaignID       int64
	TemplateID       int64 // the published version
	FollowUpID       int64
	SelfAssessmentID int64
	SupplierID       int64
	Status           RequestStatus
	SentAt           time.Time
	DueOn            time.Time // calendar date
	SubmittedAt      time.Time // the latest submission
	Submissions      int
	ReviewedAt       time.Time
	ReviewedBy       int64
	ReviewedByLabel  string
	Verdict          Verdict
	Recommendation   Recommendation
	ReviewNote       string
	Answers          map[string]Answer // by question key
}

// Answer is the answer to one question, with its review.
type Answer struct {
	Value   string    `json:"value,omitempty"`  // yes_no, single_choice, text, number, date
	Values  []string  `json:"values,omitempty"` // multiple_choice
	Files   []string  `json:"files,omitempty"`  // file: content hashes of attachments
	SavedAt time.Time `json:"saved_at"`
	SavedBy int64     `json:"saved_by,omitempty"`
	Review  Review    `json:"review,omitzero"`
	// Returns keeps every earlier "needs change" of this answer, so the
	// reviewer's comments stay visible after the supplier has fixed it.
	Returns []Review `json:"returns,omitempty"`
}

// Answered reports whether the answer says anything.
func (a Answer) Answered() bool { return a.Value != "" || len(a.Values) > 0 || len(a.Files) > 0 }

func (a Answer) same(b Answer) bool {
	return a.Value == b.Value && strings.Join(a.Values, "\x00") == strings.Join(b.Values, "\x00") &&
		strings.Join(a.Files, "\x00") == strings.Join(b.Files, "\x00")
}

// ReviewStatus is the reviewer's judgement of one answer.
type ReviewStatus string

const (
	ReviewAccepted    ReviewStatus = "accepted"
	ReviewNeedsChange ReviewStatus = "needs_change" // with a comment saying what to change
)

// ReviewStatuses lists the judgements in the order forms show them.
var ReviewStatuses = []ReviewStatus{ReviewAccepted, ReviewNeedsChange}

// Valid reports whether s is a known judgement.
func (s ReviewStatus) Valid() bool { return oneOf(s, ReviewStatuses) }

// Review is the reviewer's judgement of one answer.
type Review struct {
	Status  ReviewStatus `json:"status,omitempty"`
	Comment string       `json:"comment,omitempty"`
	At      time.Time    `json:"at,omitzero"`
	By      int64        `json:"by,omitempty"`
	ByLabel string       `json:"by_label,omitempty"`
}

// AnswerInput is what a form or API client sends for one question.
type AnswerInput struct {
	Value  string
	Values []string
	Files  []string // content hashes of attachments of the follow-up
}

// Editable reports whether the supplier may change the answer to the
// question now: any answer while the request is open, only the returned
// ones while it is returned, none otherwise.
func (r *Request) Editable(key string) bool {
	switch r.Status {
	case RequestOpen:
		return true
	case RequestReturned:
		return r.Answers[key].Review.Status == ReviewNeedsChange
	}
	return false
}

// QuestionField is the form field (and problem key) of a question.
func QuestionField(key string) string { return "q-" + key }

// SaveAnswers saves the supplier's answers as a draft. Answers that are
// valid are saved even when others are not (a draft keeps what it can);
// the error then lists the others by QuestionField, each saying what to
// fix. An answer sent empty clears the draft answer. A question the
// request may not change (see Editable) refuses the whole save with
// ECONFLICT when its answer differs from the one stored, and is ignored
// when it is the same, so a form can send every field. It returns the keys
// of the answers that changed.
func (r *Request) SaveAnswers(by Actor, at time.Time, t *Template, in map[string]AnswerInput) ([]string, error) {
	if err := attributedAnswer(by, at); err != nil {
		return nil, err
	}
	switch r.Status {
	case RequestSubmitted:
		return nil, Errorf(ECONFLICT, "The answers were submitted on %s and are waiting for review, so they cannot be changed. The national office returns the questions that need changes.", dateString(r.SubmittedAt))
	case RequestReviewed:
		return nil, Errorf(ECONFLICT, "The self-assessment was reviewed on %s and can no longer be changed.", dateString(r.ReviewedAt))
	}
	p := Problems{}
	parsed := map[string]Answer{}
	for key, v := range in {
		q := t.Question(key)
		if q == nil {
			return nil, Errorf(EINVALID, "The questionnaire has no question %s. Reload the page and answer again.", key)
		}
		a, err := q.parse(v)
		if err != nil {
			p[QuestionField(key)] = ErrorMessage(err)
			continue
		}
		if !r.Editable(key) {
			if !a.same(r.Answers[key]) {
				return nil, Errorf(ECONFLICT, "Question %s was submitted and has not been returned, so its answer cannot be changed.", key)
			}
			continue
		}
		parsed[key] = a
	}
	if r.Answers == nil {
		r.Answers = map[string]Answer{}
	}
	var changed []string
	for _, q := range t.Questions() {
		a, ok := parsed[q.Key]
		if !ok {
			continue
		}
		old := r.Answers[q.Key]
		if a.same(old) {
			continue
		}
		a.SavedAt, a.SavedBy = at, by.UserID
		a.Review, a.Returns = old.Review, old.Returns
		r.Answers[q.Key] = a
		changed = append(changed, q.Key)
	}
	return changed, problemsErr(p)
}

// parse checks one answer against the question's type. An empty answer
// is valid (it clears a draft); whether it is needed is Missing's concern.
func (q *Question) parse(in AnswerInput) (Answer, error) {
	v := strings.TrimSpace(in.Value)
	var a Answer
	switch q.Type {
	case QuestionYesNo:
		if v != "" && v != "yes" && v != "no" {
			return a, Errorf(EINVALID, "Answer yes or no.")
		}
		a.Value = v
	case QuestionSingle:
		if v != "" && !q.option(v) {
			return a, Errorf(EINVALID, "Choose one of the options.")
		}
		a.Value = v
	case QuestionMultiple:
		seen := map[string]bool{}
		for _, x := range in.Values {
			if x == "" {
				continue
			}
			if !q.option(x) {
				return a, Errorf(EINVALID, "Choose among the options.")
			}
			if !seen[x] {
				seen[x] = true
				a.Values = append(a.Values, x)
			}
		}
		// Keep the options' order, so the same choice is always the same.
		var ordered []string
		for _, o := range q.Options {
			if seen[o.Value] {
				ordered = append(ordered, o.Value)
			}
		}
		a.Values = ordered
	case QuestionText:
		if utf8.RuneCountInString(v) > maxLongText {
			return a, Errorf(EINVALID, "The answer can be at most %d characters.", maxLongText)
		}
		a.Value = v
	case QuestionNumber:
		if v != "" {
			n := strings.ReplaceAll(strings.ReplaceAll(v, " ", ""), ",", ".")
			if _, err := strconv.ParseFloat(n, 64); err != nil || strings.ContainsAny(n, "eEinfINFxX") || len(n) > 30 {
				return a, Errorf(EINVALID, "Write a number, such as 12 or 3,5.")
			}
			v = strings.ReplaceAll(n, ".", ",")
		}
		a.Value = v
	case QuestionDate:
		if v != "" {
			d, err := time.Parse(time.DateOnly, v)
			if err != nil || d.Year() < 1900 || d.Year() > 2200 {
				return a, Errorf(EINVALID, "Write the date as YYYY-MM-DD, for example 2022-06-30.")
			}
		}
		a.Value = v
	case QuestionFile:
		seen := map[string]bool{}
		for _, h := range in.Files {
			if !ValidAttachmentRef(h) {
				return a, Errorf(EINVALID, "One of the evidence files is not a stored file. Upload it again.")
			}
			if !seen[h] {
				seen[h] = true
				a.Files = append(a.Files, h)
			}
		}
	}
	return a, nil
}

// MissingError lists the missing answers as field problems, each saying
// which question: the portal shows them as a list of links.
func MissingError(missing []*Question) error {
	if len(missing) == 0 {
		return nil
	}
	e := &Error{Code: EINVALID, Fields: map[string]Message{}}
	if len(missing) == 1 {
		e.Msg = Msg("1 mandatory question is not answered yet. Answer it, then submit.")
	} else {
		e.Msg = Msg("%d mandatory questions are not answered yet. Answer them, then submit.", len(missing))
	}
	for _, q := range missing {
		e.Fields[QuestionField(q.Key)] = Msg("This question must be answered.")
	}
	return e
}

// Submit submits the answers for review: every mandatory question asked
// must be answered. Answers to questions not asked (their condition is not
// met) are dropped, so the reviewer sees what was asked. A resubmission
// after a return puts the returned answers up for review again, keeping
// the comments in their history.
func (r *Request) Submit(by Actor, at time.Time, t *Template) error {
	if err := attributedAnswer(by, at); err != nil {
		return err
	}
	switch r.Status {
	case RequestSubmitted:
		return Errorf(ECONFLICT, "The answers were already submitted on %s.", dateString(r.SubmittedAt))
	case RequestReviewed:
		return Errorf(ECONFLICT, "The self-assessment was reviewed on %s and can no longer be changed.", dateString(r.ReviewedAt))
	}
	if err := MissingError(t.Missing(r.Answers)); err != nil {
		return err
	}
	vis := t.Visible(r.Answers)
	for key, a := range r.Answers {
		if !vis[key] {
			delete(r.Answers, key)
			continue
		}
		if a.Review.Status == ReviewNeedsChange {
			a.Returns = append(a.Returns, a.Review)
			a.Review = Review{}
			r.Answers[key] = a
		}
	}
	r.Status = RequestSubmitted
	r.SubmittedAt = at
	r.Submissions++
	return nil
}

// ReviewAnswer records the reviewer's judgement of one answer of a
// submitted request; "needs change" needs a comment saying what to change.
func (r *Request) ReviewAnswer(by Actor, at time.Time, t *Template, key string, status ReviewStatus, comment string) error {
	if err := attributed(by, at); err != nil {
		return err
	}
	if err := r.reviewable(); err != nil {
		return err
	}
	q := t.Question(key)
	if q == nil || !t.Visible(r.Answers)[key] {
		return Errorf(ENOTFOUND, "The self-assessment has no question %s to review.", key)
	}
	comment = strings.TrimSpace(comment)
	switch {
	case !status.Valid():
		return invalid("status", "Choose accepted or needs change.")
	case status == ReviewNeedsChange && comment == "":
		return invalid("comment", "Write what the supplier must change, so it can fix the answer.")
	}
	if err := tooLong("comment", comment, maxLongText); err != nil {
		return err
	}
	if r.Answers == nil {
		r.Answers = map[string]Answer{}
	}
	a := r.Answers[key]
	a.Review = Review{Status: status, Comment: comment, At: at, By: by.UserID, ByLabel: by.Label()}
	r.Answers[key] = a
	return nil
}

// NeedsChange lists the keys of the answers marked "needs change", in
// the template's order.
func (r *Request) NeedsChange(t *Template) []string {
	var out []string
	for _, q := range t.Questions() {
		if r.Answers[q.Key].Review.Status == ReviewNeedsChange {
			out = append(out, q.Key)
		}
	}
	return out
}

// Return sends the answers marked "needs change" back to the supplier,
// who may then change those (and only those) and submit again.
func (r *Request) Return(by Actor, at time.Time, t *Template) error {
	if err := attributed(by, at); err != nil {
		return err
	}
	if err := r.reviewable(); err != nil {
		return err
	}
	if len(r.NeedsChange(t)) == 0 {
		return Errorf(ECONFLICT, "No answer is marked as needing change. Mark the answers the supplier must change, with a comment, then return them.")
	}
	r.Status = RequestReturned
	return nil
}

// Decide records the verdict on the request. The follow-up's
// ReviewSelfAssessment checks the verdict and recommendation and records
// the event; Decide checks what depends on the answers: an approved
// self-assessment cannot have answers that need change.
func (r *Request) Decide(by Actor, at time.Time, t *Template, verdict Verdict, rec Recommendation, note string) error {
	if err := attributed(by, at); err != nil {
		return err
	}
	if err := r.reviewable(); err != nil {
		return err
	}
	if verdict == VerdictApproved {
		if n := len(r.NeedsChange(t)); n > 0 {
			return Errorf(ECONFLICT, "%d answers are marked as needing change. Return them to the supplier, accept them, or give the verdict deficient.", n)
		}
	}
	if rec == "" {
		rec = RecommendNone
	}
	r.Status = RequestReviewed
	r.ReviewedAt = at
	r.ReviewedBy = by.UserID
	r.ReviewedByLabel = by.Label()
	r.Verdict = verdict
	r.Recommendation = rec
	r.ReviewNote = strings.TrimSpace(note)
	return nil
}

func (r *Request) reviewable() error {
	switch r.Status {
	case RequestOpen:
		return Errorf(ECONFLICT, "The supplier has not submitted the answers yet. Review them once they are submitted.")
	case RequestReturned:
		return Errorf(ECONFLICT, "Questions were returned to the supplier. Review again once the supplier submits the changed answers.")
	case RequestReviewed:
		return Errorf(ECONFLICT, "The self-assessment was already reviewed on %s.", dateString(r.ReviewedAt))
	}
	return nil
}

// ReusableFor reports whether an approved request can stand in for a new
// self-assessment of the same supplier on day: approved and reviewed less
// than three years before it.
func (r *Request) ReusableFor(supplierID int64, day time.Time) bool {
	return r.Status == RequestReviewed && r.Verdict == VerdictApproved && r.SupplierID == supplierID &&
		DateOf(day).Before(DateOf(r.ReviewedAt).AddDate(3, 0, 0))
}

// attributedAnswer is attributed for the supplier's own changes.
func attributedAnswer(by Actor, at time.Time) error {
	if !by.System && by.UserID == 0 || at.IsZero() {
		return Errorf(EINVALID, "Every change to a self-assessment must be made by a signed-in user.")
	}
	return nil
}

// CampaignSelection says how a campaign chooses its suppliers.
type CampaignSelection string

const (
	SelectCategory CampaignSelection = "category" // every supplier with a contract in force in the category
	SelectRegions  CampaignSelection = "regions"  // those of them whose contracts the chosen regions hold
	SelectByHand   CampaignSelection = "suppliers"
)

// CampaignSelections lists the ways, in the order forms show them.
var CampaignSelections = []CampaignSelection{SelectCategory, SelectRegions, SelectByHand}

// Valid reports whether s is a known way.
func (s CampaignSelection) Valid() bool { return oneOf(s, CampaignSelections) }

// CampaignInput is what sending a template version to many suppliers
// needs. The requests belong to follow-ups in the category.
type CampaignInput struct {
	TemplateID  int64
	CategoryID  int64
	Selection   CampaignSelection
	RegionIDs   []int64 // SelectRegions
	SupplierIDs []int64 // SelectByHand
	DueOn       time.Time
}

// Validate checks the input; the store checks that the ids exist.
func (c *CampaignInput) Validate(today time.Time) error {
	p := Problems{}
	if c.TemplateID <= 0 {
		p.Add("template_id", "Choose the published questionnaire to send.")
	}
	if c.CategoryID <= 0 {
		p.Add("category_id", "Choose the procurement category whose follow-ups the self-assessments belong to.")
	}
	switch c.Selection {
	case SelectCategory:
	case SelectRegions:
		if len(c.RegionIDs) == 0 {
			p.Add("region_ids", "Choose at least one region whose suppliers get the questionnaire.")
		}
	case SelectByHand:
		if len(c.SupplierIDs) == 0 {
			p.Add("supplier_ids", "Choose at least one supplier.")
		}
	default:
		p.Add("selection", "Choose how the suppliers are selected: by category, by the regions' contracts, or by hand.")
	}
	due := DateOf(c.DueOn)
	switch {
	case due.IsZero():
		p.Add("due_on", "Enter the date by which the suppliers must answer.")
	case due.Before(DateOf(today)):
		p.Add("due_on", "The due date cannot be before today (%s).", dateString(today))
	case due.After(DateOf(today).AddDate(1, 0, 0)):
		p.Add("due_on", "The due date can be at most a year from today.")
	}
	return problemsErr(p)
}
