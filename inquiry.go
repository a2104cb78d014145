package tillit

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Inquiries (förfrågningar, issue 9): a few questions put to a set of
// suppliers at once, usually because an incident reached them ("do your
// glove factories in Malaysia charge recruitment fees?"). An inquiry is
// written as a draft, naming how its recipients are chosen: the suppliers
// exposed to an incident, or those with production in a country, in a
// category and of a product. The draft shows who that is today; sending
// it gives each chosen supplier one InquiryRequest, named by a random
// public id in the portal, where its staff answer. Closing the inquiry
// ends answering and reminding.
//
// An inquiry is lighter than a questionnaire: no versions, no review of
// the answers, no follow-up of its own. What the answers lead to (a
// follow-up, an audit) is decided by people reading the summary.

// InquiryStatus is where an inquiry is.
type InquiryStatus string

const (
	InquiryDraft  InquiryStatus = "draft"  // written, recipients not yet asked
	InquirySent   InquiryStatus = "sent"   // the requests are out; suppliers answer
	InquiryClosed InquiryStatus = "closed" // no more answers or reminders
)

// InquiryStatuses lists the statuses in process order.
var InquiryStatuses = []InquiryStatus{InquiryDraft, InquirySent, InquiryClosed}

// Valid reports whether s is a known status.
func (s InquiryStatus) Valid() bool { return oneOf(s, InquiryStatuses) }

// InquiryQuestionKind is the kind of answer a question takes.
type InquiryQuestionKind string

const (
	InquiryText  InquiryQuestionKind = "text"   // free text
	InquiryYesNo InquiryQuestionKind = "yes_no" // "yes" or "no"
	InquiryFile  InquiryQuestionKind = "file"   // one or more uploaded files
)

// InquiryQuestionKinds lists the kinds in the order forms show them.
var InquiryQuestionKinds = []InquiryQuestionKind{InquiryText, InquiryYesNo, InquiryFile}

// Valid reports whether k is a known kind.
func (k InquiryQuestionKind) Valid() bool { return oneOf(k, InquiryQuestionKinds) }

// InquiryQuestion is one question; its place in Inquiry.Questions is its
// number, and answers refer to it by that place.
type InquiryQuestion struct {
	Text      string              `json:"text"`
	Kind      InquiryQuestionKind `json:"kind"`
	Mandatory bool                `json:"mandatory"`
}

// InquirySelection says how the recipients are chosen: the suppliers
// exposed to an incident, or else those matching every criterion given
// (a country of production, a category they hold contracts in, a
// product their sites make).
type InquirySelection struct {
	IncidentID int64  `json:"incident_id,omitempty"`
	Country    string `json:"country,omitempty"` // ISO 3166-1 alpha-2, upper case
	CategoryID int64  `json:"category_id,omitempty"`
	Product    string `json:"product,omitempty"` // matched case-insensitively in the sites' products
}

// Empty reports whether nothing is chosen.
func (s InquirySelection) Empty() bool {
	return s.IncidentID == 0 && s.Country == "" && s.CategoryID == 0 && strings.TrimSpace(s.Product) == ""
}

// Inquiry is one set of questions to a set of suppliers.
type Inquiry struct {
	ID        int64
	Title     string
	Intro     string // what the suppliers read before the questions
	DueOn     time.Time
	Selection InquirySelection
	Status    InquiryStatus
	Questions []InquiryQuestion

	CreatedAt time.Time
	CreatedBy string
	SentAt    time.Time
	ClosedAt  time.Time
}

// Limits of an inquiry.
const (
	maxInquiryTitleLen    = 200
	maxInquiryIntroLen    = 10000
	maxInquiryQuestionLen = 2000
	maxInquiryProductLen  = 200
	MaxInquiryQuestions   = 20
	maxInquiryAnswerLen   = 10000
	MaxInquiryFiles       = 10 // per question
)

// Validate checks an inquiry before it is stored. Field names are the
// form's: title, intro, due_on, questions (the list as a whole), q<n>
// (question n, counted from 1), country, category_id, product, selection.
func (q *Inquiry) Validate() error {
	p := Problems{}
	switch t := strings.TrimSpace(q.Title); {
	case t == "":
		p.Add("title", "Give the inquiry a short title that says what it asks about.")
	case utf8.RuneCountInString(q.Title) > maxInquiryTitleLen:
		p.Add("title", "The title can be at most %d characters.", maxInquiryTitleLen)
	}
	if utf8.RuneCountInString(q.Intro) > maxInquiryIntroLen {
		p.Add("intro", "The introduction can be at most %d characters.", maxInquiryIntroLen)
	}
	switch {
	case q.DueOn.IsZero():
		p.Add("due_on", "Enter the date the suppliers should answer by, such as 2022-10-31.")
	case q.DueOn.Year() < 2000 || q.DueOn.Year() > 2100:
		p.Add("due_on", "Enter a date between the years 2000 and 2100.")
	}
	switch {
	case len(q.Questions) == 0:
		p.Add("questions", "Write at least one question.")
	case len(q.Questions) > MaxInquiryQuestions:
		p.Add("questions", "An inquiry can have at most %d questions.", MaxInquiryQuestions)
	}
	for i, qu := range q.Questions {
		field := InquiryQuestionField(i)
		switch {
		case strings.TrimSpace(qu.Text) == "":
			p.Add(field, "Question %d is empty: write it, or remove it.", i+1)
		case utf8.RuneCountInString(qu.Text) > maxInquiryQuestionLen:
			p.Add(field, "Question %d can be at most %d characters.", i+1, maxInquiryQuestionLen)
		case !qu.Kind.Valid():
			p.Add(field, "Choose how question %d is answered: free text, yes or no, or a file.", i+1)
		}
	}
	s := q.Selection
	if s.Country != "" && !ValidCountryCode(s.Country) {
		p.Add("country", "Write the country as its two-letter ISO code, such as PK for Pakistan.")
	}
	if s.CategoryID < 0 || s.IncidentID < 0 {
		p.Add("selection", "Choose the recipients again from the lists.")
	}
	if utf8.RuneCountInString(s.Product) > maxInquiryProductLen {
		p.Add("product", "The product can be at most %d characters.", maxInquiryProductLen)
	}
	if s.IncidentID != 0 && (s.Country != "" || s.CategoryID != 0 || strings.TrimSpace(s.Product) != "") {
		p.Add("selection", "Choose the recipients either from the incident or by country, category and product, not both.")
	}
	if s.Empty() {
		p.Add("selection", "Choose who gets the inquiry: name a country, a category or a product.")
	}
	if !q.Status.Valid() {
		p.Add("status", "The inquiry's status is unknown.")
	}
	return p.Err()
}

// InquiryQuestionField is the form field (and problem key) of question i,
// counted from 0: "q1" for the first.
func InquiryQuestionField(i int) string { return "q" + strconv.Itoa(i+1) }

// Editable reports whether the inquiry may still change: only a draft.
func (q *Inquiry) Editable() bool { return q.Status == InquiryDraft }

// Send marks the draft sent. The store creates the requests in the same
// transaction; at least one supplier must be asked.
func (q *Inquiry) Send(at time.Time, suppliers int) error {
	if q.Status != InquiryDraft {
		return Errorf(ECONFLICT, "The inquiry was already sent on %s.", dateString(q.SentAt))
	}
	if suppliers == 0 {
		return &Error{Code: EINVALID, Msg: Msg("Choose at least one supplier to send the inquiry to."),
			Fields: map[string]Message{"supplier": Msg("Choose at least one supplier to send the inquiry to.")}}
	}
	if DateOf(q.DueOn).Before(SwedishDay(at)) {
		return &Error{Code: EINVALID, Msg: Msg("The due date has passed. Change it before sending."),
			Fields: map[string]Message{"due_on": Msg("The due date has passed. Change it before sending.")}}
	}
	q.Status, q.SentAt = InquirySent, at
	return nil
}

// Close ends answering: answers given stay, unanswered requests stay
// unanswered, and no more reminders go out.
func (q *Inquiry) Close(at time.Time) error {
	switch q.Status {
	case InquiryDraft:
		return Errorf(ECONFLICT, "The inquiry has not been sent, so there is nothing to close.")
	case InquiryClosed:
		return Errorf(ECONFLICT, "The inquiry was already closed on %s.", dateString(q.ClosedAt))
	}
	q.Status, q.ClosedAt = InquiryClosed, at
	return nil
}

// InquiryRequestStatus is where one supplier's request is.
type InquiryRequestStatus string

const (
	InquiryRequestSent     InquiryRequestStatus = "sent"     // waiting for the supplier; drafts may be saved
	InquiryRequestAnswered InquiryRequestStatus = "answered" // submitted: locked
)

// InquiryFileRef is a file given as an answer.
type InquiryFileRef struct {
	ID          int64
	Hash        string
	Name        string
	Size        int64
	ContentType string
}

// InquiryAnswer is the answer to one question.
type InquiryAnswer struct {
	Value string           // free text, or "yes" / "no"
	Files []InquiryFileRef // for a file question
}

// Answered reports whether the answer says anything.
func (a InquiryAnswer) Answered() bool { return strings.TrimSpace(a.Value) != "" || len(a.Files) > 0 }

// InquiryRequest is an inquiry sent to one supplier. PublicID, random and
// unguessable, names it in every address the supplier sees.
type InquiryRequest struct {
	ID         int64
	PublicID   string
	InquiryID  int64
	SupplierID int64
	Supplier   string // its name, as the store reads it
	Status     InquiryRequestStatus
	SentAt     time.Time
	SavedAt    time.Time // the latest draft or submission
	AnsweredAt time.Time
	AnsweredBy string // the person's name
	Reminders  int    // reminders mailed so far
	Answers    []InquiryAnswer
}

// Answerable says why the supplier may not change the answers now, or nil.
func (r *InquiryRequest) Answerable(q *Inquiry) error {
	switch {
	case r.Status == InquiryRequestAnswered:
		return Errorf(ECONFLICT, "The answers were submitted on %s and can no longer be changed.", dateString(r.AnsweredAt))
	case q.Status == InquiryClosed:
		return Errorf(ECONFLICT, "The inquiry was closed on %s, so it can no longer be answered.", dateString(q.ClosedAt))
	case q.Status != InquirySent:
		return Errorf(ECONFLICT, "The inquiry has not been sent.")
	}
	return nil
}

// InquiryAnswerInput is what the supplier sends for one question: the
// text or yes/no, and the files to keep and add (the store has stored the
// added ones and given them ids).
type InquiryAnswerInput struct {
	Value string
	Files []InquiryFileRef
}

// SaveAnswers replaces the answers with in (by question place) as a
// draft. Answers that cannot be right (a yes/no that is neither, a text
// too long, files to a question that takes none) are refused by field.
func (r *InquiryRequest) SaveAnswers(q *Inquiry, by Actor, at time.Time, in []InquiryAnswerInput) error {
	if err := r.Answerable(q); err != nil {
		return err
	}
	if len(in) != len(q.Questions) {
		return Errorf(EINVALID, "The form does not match the inquiry's questions. Reload the page and answer again.")
	}
	p := Problems{}
	out := make([]InquiryAnswer, len(in))
	for i, a := range in {
		field := InquiryQuestionField(i)
		qu := q.Questions[i]
		v := strings.TrimSpace(a.Value)
		switch qu.Kind {
		case InquiryYesNo:
			if v != "" && v != "yes" && v != "no" {
				p.Add(field, "Answer yes or no.")
			}
		case InquiryText:
			if utf8.RuneCountInString(v) > maxInquiryAnswerLen {
				p.Add(field, "The answer can be at most %d characters.", maxInquiryAnswerLen)
			}
		case InquiryFile:
			if v != "" {
				p.Add(field, "This question is answered with files.")
			}
			if len(a.Files) > MaxInquiryFiles {
				p.Add(field, "Attach at most %d files to one question.", MaxInquiryFiles)
			}
		}
		if qu.Kind != InquiryFile && len(a.Files) > 0 {
			p.Add(field, "Only questions answered with files take files.")
		}
		out[i] = InquiryAnswer{Value: v, Files: a.Files}
	}
	if err := p.Err(); err != nil {
		return err
	}
	r.Answers, r.SavedAt = out, at
	return nil
}

// Submit locks the answers once every mandatory question is answered.
func (r *InquiryRequest) Submit(q *Inquiry, by Actor, at time.Time) error {
	if err := r.Answerable(q); err != nil {
		return err
	}
	p := Problems{}
	for i, qu := range q.Questions {
		if qu.Mandatory && (i >= len(r.Answers) || !r.Answers[i].Answered()) {
			p.Add(InquiryQuestionField(i), "Question %d is mandatory: answer it before you submit.", i+1)
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	r.Status, r.AnsweredAt, r.AnsweredBy, r.SavedAt = InquiryRequestAnswered, at, by.Name, at
	return nil
}

// Answer returns the answer to question i, or the empty answer.
func (r *InquiryRequest) Answer(i int) InquiryAnswer {
	if i < 0 || i >= len(r.Answers) {
		return InquiryAnswer{}
	}
	return r.Answers[i]
}
