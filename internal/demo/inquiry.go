package demo

import (
	"context"
	"fmt"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// The inquiry: after the alert about forced labour at glove factories in
// Malaysia, the suppliers it exposes are asked three questions, due three
// weeks after the demo is loaded; one of them has answered. The questions
// and the answer are written in the demo's own words.

// InquiryRecords counts the records the inquiry adds, each one audit
// event: the draft, the sending and the submitted answer.
const InquiryRecords = 3

// gloveAlert is the title of the demo incident the inquiry comes from.
const gloveAlert = "Tvångsarbete rapporteras vid handskfabriker i Malaysia"

// inquiryAnswerer is the demo supplier that has answered.
const inquiryAnswerer = "Procurator AB"

var demoInquiry = tillit.Inquiry{
	Title: "Rekryteringsavgifter och pass vid handskfabriker i Malaysia",
	Intro: "Vi har tagit del av uppgifter om tvångsarbete vid tillverkare av engångshandskar i Malaysia. Ni har handskar från fabriker där i era avtal med regionerna, och vi vill därför veta hur ni säkerställer att arbetarna inte har betalat för sina jobb och att de har sina pass i behåll.\n\nSvaren läses av det nationella kansliet och de regioner som har avtal med er. De kan leda till en uppföljning.",
	Questions: []tillit.InquiryQuestion{
		{Text: "Har någon arbetare vid era handskfabriker i Malaysia betalat rekryteringsavgifter, direkt eller genom ett rekryteringsbolag?", Kind: tillit.InquiryYesNo, Mandatory: true},
		{Text: "Hur ser ni till att arbetarna har tillgång till sina egna pass och identitetshandlingar?", Kind: tillit.InquiryText, Mandatory: true},
		{Text: "Bifoga den senaste sociala revisionen av fabrikerna, om ni har en.", Kind: tillit.InquiryFile},
	},
}

// demoAnswer is what the answering supplier submitted.
var demoAnswer = []tillit.InquiryAnswerInput{
	{Value: "no"},
	{Value: "Avtalen med fabrikerna säger att arbetsgivaren betalar alla kostnader för rekryteringen. Passen förvaras i skåp som bara arbetarna själva har nyckel till, och vi kontrollerade det vid oanmälda besök på två av fabrikerna i höstas."},
	{},
}

// inquiries sends the demo inquiry with the incidents, by the loader that
// loaded the year (see incidents), once.
func (l *loader) inquiries(ctx context.Context) error {
	if l.now.IsZero() {
		return nil
	}
	have, err := l.db.FindInquiries(ctx, sqldb.InquiryFilter{Limit: 1})
	if err != nil || len(have) > 0 {
		return err
	}
	rows, err := l.db.FindIncidents(ctx, sqldb.IncidentFilter{Limit: 500})
	if err != nil {
		return err
	}
	var incident int64
	for _, r := range rows {
		if r.Title == gloveAlert {
			incident = r.ID
		}
	}
	if incident == 0 {
		return nil
	}
	q := demoInquiry
	q.Questions = append([]tillit.InquiryQuestion(nil), demoInquiry.Questions...)
	q.Selection = tillit.InquirySelection{IncidentID: incident}
	q.DueOn = tillit.DateOf(l.db.Now()).AddDate(0, 0, 21)
	if err := l.db.CreateInquiry(ctx, actor, &q); err != nil {
		return fmt.Errorf("inquiry: %w", err)
	}
	l.created++
	rs, err := l.db.InquiryRecipients(ctx, q.Selection)
	if err != nil {
		return err
	}
	var ids []int64
	for _, r := range rs {
		ids = append(ids, r.SupplierID)
	}
	sent, err := l.db.SendInquiry(ctx, actor, q.ID, ids)
	if err != nil {
		return fmt.Errorf("sending the inquiry: %w", err)
	}
	l.created++
	for _, r := range sent {
		if r.Supplier != inquiryAnswerer {
			continue
		}
		// Answered as the demo loader, which the audit trail names for
		// everything the demo adds.
		in := append([]tillit.InquiryAnswerInput(nil), demoAnswer...)
		if _, err := l.db.AnswerInquiry(ctx, actor, tillit.Scope{All: true}, r.PublicID, in, nil, true); err != nil {
			return fmt.Errorf("answering the inquiry: %w", err)
		}
		l.created++
	}
	return nil
}
