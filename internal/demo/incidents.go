package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// Incidents and consultations (issue 9). The alerts are the kinds of
// event the collaboration reacted to in its first years, retold in the
// demo's own words with invented sources and dates: reports of forced
// labour at glove factories in Malaysia, a certification scheme for
// conflict minerals losing its recognition, and the floods of 2022 in
// Pakistan, where most of the world's surgical instruments are made in
// and around Sialkot. Each names what the demo's sites and contracts can
// match, so each has an exposure.

// IncidentRecords counts the records the incidents and consultations add:
// each incident and each assessment, and each consultation, are a record
// created and an audit event.
const IncidentRecords = 4 + 3 + 2

type demoIncident struct {
	incident    tillit.Incident
	countries   []tillit.IncidentCountry
	categories  []string                  // codes
	suppliers   []string                  // names
	assessment  tillit.IncidentAssessment // "" leaves it unassessed
	reason      string
	duplicateOf int // index in demoIncidents, for a duplicate
}

// demoIncidents are registered in this order; a duplicate names an
// earlier one by its index.
var demoIncidents = []demoIncident{
	{
		incident: tillit.Incident{SourceKind: tillit.SourceMedia, SourceName: "Internationell nyhetsbyrå (exempel)",
			ReportedOn: mustDate("2022-03-14"), Title: "Tvångsarbete rapporteras vid handskfabriker i Malaysia", Severity: tillit.IncidentCritical,
			Text:     "Migrantarbetare vid flera tillverkare av engångshandskar i Malaysia uppges ha betalat höga rekryteringsavgifter, fått sina pass omhändertagna och arbetat långt över lagstadgad arbetstid.\n\nUppgifterna gäller tillverkare som levererar undersöknings- och operationshandskar till vården i Europa.",
			Products: []string{"handskar"}},
		countries:  []tillit.IncidentCountry{{Country: "MY"}},
		categories: []string{CategoryCareEquipment},
		assessment: tillit.IncidentRelevant,
		reason:     "Två av leverantörerna i kategorin har handskfabriker i Malaysia; vi följer upp dem.",
	},
	{
		incident: tillit.Incident{SourceKind: tillit.SourcePartner, SourceName: "Sykehusinnkjøp",
			ReportedOn: mustDate("2022-05-30"), Title: "Certifieringssystem för konfliktmineraler förlorar sitt erkännande", Severity: tillit.IncidentMedium,
			Text: "Ett system för att certifiera smältverk för tenn, tantal, volfram och guld har strukits från listan över erkända system. Smältverk som bara var certifierade genom det behöver visa ursprunget på annat sätt.\n\nBerör elektronik i bärbara datorer och annan IT-utrustning."},
		categories: []string{CategoryICT},
		suppliers:  []string{"Datorleverantören Exempel AB"},
	},
	{
		incident: tillit.Incident{SourceKind: tillit.SourceNGO, SourceName: "Frivilligorganisation för arbetsrätt (exempel)",
			ReportedOn: mustDate("2022-08-30"), Title: "Översvämningar i Punjab – instrumentsmedjor i Sialkot står stilla", Severity: tillit.IncidentHigh,
			Text: "Monsunregnen har dränkt stora delar av Pakistan. I Sialkot, där de flesta kirurgiska instrument i världen smids och slipas, står verkstäder under vatten och arbetare har förlorat sina hem.\n\nRisk för förseningar och för att arbete läggs ut på underleverantörer utan insyn när produktionen kommer i gång igen."},
		countries:  []tillit.IncidentCountry{{Country: "PK", Places: []string{"Sialkot"}}},
		categories: []string{CategorySurgicalInstruments},
		assessment: tillit.IncidentRelevant,
		reason:     "Nästan alla leverantörer av kirurgiska instrument har tillverkning i Sialkot.",
	},
	{
		incident: tillit.Incident{SourceKind: tillit.SourceMedia, SourceName: "Pakistansk dagstidning (exempel)",
			ReportedOn: mustDate("2022-09-02"), Title: "Fabriker i Sialkot stänger efter monsunregnen", Severity: tillit.IncidentMedium,
			Text: "Instrumenttillverkare i Sialkot rapporterar stängda verkstäder och skadade lager."},
		countries:  []tillit.IncidentCountry{{Country: "PK", Places: []string{"Sialkot"}}},
		assessment: tillit.IncidentDuplicate, duplicateOf: 2,
		reason: "Samma översvämningar som det tidigare larmet.",
	},
}

// incidents registers the demo's incidents and consultations together
// with the year's supply chain, which they refer to: only by the loader
// that loaded the year (see year), so two instances starting at once on
// an empty database do not both add them, and a database that had its
// own follow-ups gets none.
func (l *loader) incidents(ctx context.Context) error {
	if l.now.IsZero() {
		return nil
	}
	have, err := l.db.FindIncidents(ctx, sqldb.IncidentFilter{Limit: 1})
	if err != nil || len(have) > 0 {
		return err
	}
	if err := l.loadIncidents(ctx); err != nil {
		return err
	}
	return l.loadConsultations(ctx)
}

func (l *loader) loadIncidents(ctx context.Context) error {
	cats, err := l.db.FindCategories(ctx)
	if err != nil {
		return err
	}
	catID := map[string]int64{}
	for _, c := range cats {
		catID[c.Code] = c.ID
	}
	ids := make([]int64, len(demoIncidents))
	for i, d := range demoIncidents {
		in := d.incident
		in.Countries = d.countries
		for _, code := range d.categories {
			id, ok := catID[code]
			if !ok {
				return fmt.Errorf("incident %q: no category %s", in.Title, code)
			}
			in.CategoryIDs = append(in.CategoryIDs, id)
		}
		for _, name := range d.suppliers {
			id, ok := l.orgs[orgKey{tillit.OrgSupplier, name}]
			if !ok {
				return fmt.Errorf("incident %q: no supplier %s", in.Title, name)
			}
			in.SupplierIDs = append(in.SupplierIDs, id)
		}
		if err := l.db.CreateIncident(ctx, actor, &in); err != nil {
			return fmt.Errorf("incident %q: %w", in.Title, err)
		}
		l.created++
		ids[i] = in.ID
		if d.assessment == "" {
			continue
		}
		a := tillit.IncidentAssessmentInput{Assessment: d.assessment, Reason: d.reason}
		if d.assessment == tillit.IncidentDuplicate {
			a.DuplicateOf = ids[d.duplicateOf]
		}
		if _, err := l.db.AssessIncident(ctx, actor, in.ID, a); err != nil {
			return fmt.Errorf("assessing incident %q: %w", in.Title, err)
		}
		l.created++
	}
	return nil
}

// loadConsultations records two consultations: the EU's proposal to ban
// products made with forced labour, answered in 2022, and a request from
// an authority that is due a fortnight after the demo is loaded, so the
// list has something due soon.
func (l *loader) loadConsultations(ctx context.Context) error {
	officer, err := l.db.FindUserByEmail(ctx, "officer@example.org")
	if err != nil && tillit.ErrorCode(err) != tillit.ENOTFOUND {
		return err
	}
	coordinator, err := l.db.FindUserByEmail(ctx, "coordinator@example.org")
	if err != nil && tillit.ErrorCode(err) != tillit.ENOTFOUND {
		return err
	}
	id := func(u *tillit.User) int64 {
		if u == nil {
			return 0
		}
		return u.ID
	}
	now := l.db.Now()
	if loc, err := time.LoadLocation("Europe/Stockholm"); err == nil {
		now = now.In(loc)
	}
	today := tillit.DateOf(now)
	for _, c := range []tillit.Consultation{
		{SenderKind: tillit.SenderEU, Sender: "Europeiska kommissionen",
			Subject:   "Förslag till förordning om förbud mot produkter som tillverkats med tvångsarbete på unionens marknad",
			Reference: "COM(2022) 453", ReceivedOn: mustDate("2022-09-20"), DueOn: mustDate("2022-11-18"), DrafterID: id(officer),
			Status: tillit.ConsultationSent, SentOn: mustDate("2022-11-16"),
			Notes: "Samrått med regionernas hållbarhetsstrateger. Svaret stöder förslaget och ber om vägledning för offentliga upphandlare."},
		{SenderKind: tillit.SenderAuthority, Sender: "Upphandlingsmyndigheten (exempel)",
			Subject:    "Vägledning om uppföljning av sociala krav i leveranskedjor",
			ReceivedOn: today.AddDate(0, 0, -7), DueOn: today.AddDate(0, 0, 12), DrafterID: id(coordinator), Status: tillit.ConsultationDrafting},
	} {
		if err := l.db.CreateConsultation(ctx, actor, &c); err != nil {
			return fmt.Errorf("consultation %q: %w", c.Subject, err)
		}
		l.created++
	}
	return nil
}
