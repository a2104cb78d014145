package tillit

import (
	"strings"
	"time"
)

// Consultations (remisser, issue 9): requests from an EU body, a ministry
// or an authority to answer a proposal. The national office keeps track of
// who drafts the answer, when it is due, the answer itself and whether it
// was sent or the collaboration declined to answer. What falls due within
// ConsultationDueSoonDays is listed first.

// ConsultationSender is what kind of body asked.
type ConsultationSender string

const (
	SenderEU        ConsultationSender = "eu"        // the European Commission, Parliament or Council
	SenderMinistry  ConsultationSender = "ministry"  // a government ministry (departement)
	SenderAuthority ConsultationSender = "authority" // a government agency (myndighet)
	SenderOtherBody ConsultationSender = "other"
)

// ConsultationSenders lists every sender kind, in the order forms show them.
var ConsultationSenders = []ConsultationSender{SenderEU, SenderMinistry, SenderAuthority, SenderOtherBody}

// Valid reports whether s is a known sender kind.
func (s ConsultationSender) Valid() bool { return oneOf(s, ConsultationSenders) }

// ConsultationStatus is where the answer is.
type ConsultationStatus string

const (
	ConsultationReceived ConsultationStatus = "received"
	ConsultationDrafting ConsultationStatus = "drafting"
	ConsultationSent     ConsultationStatus = "sent"
	ConsultationDeclined ConsultationStatus = "declined" // the collaboration chose not to answer
)

// ConsultationStatuses lists every status, in the order of a consultation's life.
var ConsultationStatuses = []ConsultationStatus{ConsultationReceived, ConsultationDrafting, ConsultationSent, ConsultationDeclined}

// Valid reports whether s is a known status.
func (s ConsultationStatus) Valid() bool { return oneOf(s, ConsultationStatuses) }

// Open reports whether an answer is still to be given.
func (s ConsultationStatus) Open() bool {
	return s == ConsultationReceived || s == ConsultationDrafting
}

// ConsultationDueSoonDays is how far ahead the list looks for what is due.
const ConsultationDueSoonDays = 14

// ConsultationDocument is the answer, kept in the file store.
type ConsultationDocument struct {
	Hash        string // the file store's key; "" when there is none
	Name        string
	Size        int64
	ContentType string
}

// ConsultationDocumentTypes are the file types an answer may have: what a
// ministry accepts and what can be archived.
var ConsultationDocumentTypes = []string{
	"application/pdf",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.oasis.opendocument.text",
}

// Consultation is one request to answer a proposal.
type Consultation struct {
	ID          int64
	SenderKind  ConsultationSender
	Sender      string // "Europeiska kommissionen", "Finansdepartementet"
	Subject     string
	Reference   string // the sender's reference (diarienummer), optional
	ReceivedOn  time.Time
	DueOn       time.Time
	DrafterID   int64  // the user who drafts the answer; 0 when not yet decided
	DrafterName string // filled in by the store
	Status      ConsultationStatus
	SentOn      time.Time // when the answer was sent; only for status sent
	Notes       string
	Document    ConsultationDocument
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int64
}

// Limits of a consultation's text fields.
const (
	maxConsultationNameLen  = 200
	maxConsultationSubject  = 500
	maxConsultationRefLen   = 100
	maxConsultationNotesLen = 5000
)

// Validate checks a consultation before it is stored. Field names are
// the API's.
func (c *Consultation) Validate() error {
	p := Problems{}
	if !c.SenderKind.Valid() {
		p.Add("sender_kind", "Choose who sent it: an EU body, a ministry, an authority or another body.")
	}
	if strings.TrimSpace(c.Sender) == "" {
		p.Add("sender", "Name the sender, such as the ministry.")
	}
	if strings.TrimSpace(c.Subject) == "" {
		p.Add("subject", "Enter what the proposal is about.")
	}
	incidentTextLen(p, "sender", c.Sender, maxConsultationNameLen)
	incidentTextLen(p, "subject", c.Subject, maxConsultationSubject)
	incidentTextLen(p, "reference", c.Reference, maxConsultationRefLen)
	incidentTextLen(p, "notes", c.Notes, maxConsultationNotesLen)
	inRange := func(t time.Time) bool { return t.Year() >= 2000 && t.Year() <= 2100 }
	switch {
	case c.ReceivedOn.IsZero():
		p.Add("received_on", "Enter the date the request was received.")
	case !inRange(c.ReceivedOn):
		p.Add("received_on", "Enter a date between the years 2000 and 2100.")
	}
	switch {
	case c.DueOn.IsZero():
		p.Add("due_on", "Enter the date the answer is due.")
	case !inRange(c.DueOn):
		p.Add("due_on", "Enter a date between the years 2000 and 2100.")
	case !c.ReceivedOn.IsZero() && c.DueOn.Before(c.ReceivedOn):
		p.Add("due_on", "The answer cannot be due before the request was received.")
	}
	if c.DrafterID < 0 {
		p.Add("drafter_id", "Choose who drafts the answer from the list.")
	}
	if !c.Status.Valid() {
		p.Add("status", "Choose the status: received, drafting, sent or declined.")
	}
	switch {
	case c.Status == ConsultationSent && c.SentOn.IsZero():
		p.Add("sent_on", "Enter the date the answer was sent.")
	case c.Status != ConsultationSent && !c.SentOn.IsZero():
		p.Add("sent_on", "Leave the date sent empty until the answer is sent.")
	case !c.SentOn.IsZero() && !inRange(c.SentOn):
		p.Add("sent_on", "Enter a date between the years 2000 and 2100.")
	case !c.SentOn.IsZero() && !c.ReceivedOn.IsZero() && c.SentOn.Before(c.ReceivedOn):
		p.Add("sent_on", "The answer cannot be sent before the request was received.")
	}
	if c.Document.Hash != "" {
		if !ValidAttachmentRef(c.Document.Hash) {
			p.Add("document", "The answer document is not a stored file; upload it again.")
		} else if !oneOf(c.Document.ContentType, ConsultationDocumentTypes) {
			p.Add("document", "The answer must be a PDF, Word (DOCX) or OpenDocument text (ODT) file.")
		}
	}
	return p.Err()
}

// DaysLeft is the number of days from today until the answer is due:
// negative when it is overdue.
func (c *Consultation) DaysLeft(today time.Time) int {
	return int(DateOf(c.DueOn).Sub(DateOf(today)).Hours() / 24)
}

// Overdue reports whether an open consultation's due date has passed.
func (c *Consultation) Overdue(today time.Time) bool {
	return c.Status.Open() && c.DaysLeft(today) < 0
}

// DueSoon reports whether an open consultation is overdue or due within
// ConsultationDueSoonDays.
func (c *Consultation) DueSoon(today time.Time) bool {
	return c.Status.Open() && c.DaysLeft(today) <= ConsultationDueSoonDays
}

// Trim removes surrounding spaces from the text fields, as they are typed.
func (c *Consultation) Trim() {
	c.Sender, c.Subject, c.Reference, c.Notes = strings.TrimSpace(c.Sender), strings.TrimSpace(c.Subject),
		strings.TrimSpace(c.Reference), strings.TrimSpace(c.Notes)
}
