package tillit

import (
	"strings"
	"testing"
	"time"
)

func TestConsultationValidate(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	valid := func() *Consultation {
		return &Consultation{SenderKind: SenderEU, Sender: "Europeiska kommissionen", Subject: "Förbud mot produkter tillverkade med tvångsarbete",
			ReceivedOn: day("2022-09-20"), DueOn: day("2022-11-30"), Status: ConsultationSent, SentOn: day("2022-11-28"),
			Document: ConsultationDocument{Hash: strings.Repeat("a", 64), Name: "svar.pdf", ContentType: "application/pdf"}}
	}
	tests := []struct {
		name  string
		edit  func(*Consultation)
		field string
	}{
		{"valid", func(*Consultation) {}, ""},
		{"drafting without a date sent", func(c *Consultation) { c.Status, c.SentOn = ConsultationDrafting, time.Time{} }, ""},
		{"no sender kind", func(c *Consultation) { c.SenderKind = "" }, "sender_kind"},
		{"no sender", func(c *Consultation) { c.Sender = "" }, "sender"},
		{"no subject", func(c *Consultation) { c.Subject = "" }, "subject"},
		{"due before received", func(c *Consultation) { c.DueOn = day("2022-09-01") }, "due_on"},
		{"sent without a date", func(c *Consultation) { c.SentOn = time.Time{} }, "sent_on"},
		{"a date sent while drafting", func(c *Consultation) { c.Status = ConsultationDrafting }, "sent_on"},
		{"sent before received", func(c *Consultation) { c.SentOn = day("2022-09-01") }, "sent_on"},
		{"bad status", func(c *Consultation) { c.Status = "lost" }, "status"},
		{"a spreadsheet as the answer", func(c *Consultation) {
			c.Document.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}, "document"},
	}
	for _, tt := range tests {
		c := valid()
		tt.edit(c)
		err := c.Validate()
		if tt.field == "" && err != nil || tt.field != "" && ErrorFields(err)[tt.field].Format == "" {
			t.Errorf("%s: %v %v", tt.name, err, ErrorFields(err))
		}
	}
}

func TestConsultationDue(t *testing.T) {
	today := time.Date(2022, 11, 20, 15, 0, 0, 0, time.UTC)
	c := &Consultation{Status: ConsultationDrafting, DueOn: time.Date(2022, 11, 30, 0, 0, 0, 0, time.UTC)}
	if c.DaysLeft(today) != 10 || !c.DueSoon(today) || c.Overdue(today) {
		t.Errorf("ten days left: %d %v %v", c.DaysLeft(today), c.DueSoon(today), c.Overdue(today))
	}
	c.DueOn = time.Date(2022, 11, 19, 0, 0, 0, 0, time.UTC)
	if c.DaysLeft(today) != -1 || !c.Overdue(today) {
		t.Errorf("a day late: %d %v", c.DaysLeft(today), c.Overdue(today))
	}
	c.DueOn = time.Date(2022, 12, 5, 0, 0, 0, 0, time.UTC)
	if c.DueSoon(today) {
		t.Error("15 days ahead is not due soon")
	}
	c.Status, c.DueOn = ConsultationSent, time.Date(2022, 11, 1, 0, 0, 0, 0, time.UTC)
	if c.Overdue(today) || c.DueSoon(today) {
		t.Error("a sent answer is never overdue")
	}
}
