package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
)

// The collaboration's trainings of 2022. The report gives only the total,
// PeopleTrained2022; the trainings, their dates and the spread over
// regions and roles are invented so that the register has something
// plausible to show, and they add up to the published total.

// trainingRow is one count row: a region by county code ("" for the
// national office), a role and a number of participants.
type trainingRow struct {
	county string
	role   tillit.ParticipantRole
	n      int
}

type demoTraining struct {
	kind                tillit.TrainingKind
	title               string
	on, ends            time.Time
	organiser, audience string
	description         string
	rows                []trainingRow
	people              []tillit.NamedParticipant
}

func trainingDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

const (
	roleProcurement    = tillit.ParticipantProcurementOfficer
	roleCategory       = tillit.ParticipantCategorySpecialist
	roleSustainability = tillit.ParticipantSustainabilityStrategist
	roleContracts      = tillit.ParticipantContractManager
	roleOther          = tillit.ParticipantOther
)

// Trainings2022 is how many trainings the demo records for 2022; each is
// one record created (Result.Created) and one audit event.
const Trainings2022 = 6

// trainings2022 adds up to PeopleTrained2022 (checked by a test).
var trainings2022 = []demoTraining{
	{kind: tillit.TrainingWebinar, title: "Uppförandekoden i praktiken – webbinarium för upphandlare", on: trainingDate(Year, 2, 10),
		organiser: NationalOffice, audience: "Upphandlare och avtalsförvaltare i regionerna",
		description: "Vad uppförandekoden kräver av leverantörerna, hur kraven skrivs in i avtalen och vad som händer när en leverantör inte lever upp till dem.",
		rows:        []trainingRow{{"01", roleProcurement, 12}, {"12", roleProcurement, 8}, {"14", roleProcurement, 10}, {"05", roleContracts, 4}, {"25", roleProcurement, 3}}},
	{kind: tillit.TrainingCourse, title: "Riskanalys i hållbar upphandling – grundkurs", on: trainingDate(Year, 4, 5), ends: trainingDate(Year, 4, 6),
		organiser: NationalOffice, audience: "Kategoriansvariga och hållbarhetsstrateger",
		description: "Två dagar om att bedöma risker för brott mot mänskliga rättigheter och miljö i leveranskedjan per produktområde, med övningar på regionernas egna kategorier.",
		rows:        []trainingRow{{"01", roleCategory, 6}, {"14", roleCategory, 5}, {"12", roleSustainability, 4}, {"03", roleCategory, 3}, {"06", roleSustainability, 2}, {"24", roleCategory, 3}, {"", roleSustainability, 2}}},
	{kind: tillit.TrainingELearning, title: "Hållbara leveranskedjor – e-utbildning, licensomgång våren 2022", on: trainingDate(Year, 5, 16),
		organiser: "Extern e-utbildningsleverantör", audience: "Nyanställda upphandlare",
		description: "Licenser till en självstudiekurs på ungefär tre timmar om hållbarhetskrav och uppföljning.",
		rows:        []trainingRow{{"13", roleProcurement, 6}, {"08", roleProcurement, 5}, {"20", roleProcurement, 4}, {"21", roleProcurement, 4}, {"17", roleContracts, 3}, {"10", roleProcurement, 3}, {"09", roleOther, 2}}},
	{kind: tillit.TrainingWebinar, title: "Uppföljning av krav – så granskas leverantörernas självutvärderingar", on: trainingDate(Year, 9, 22),
		organiser: NationalOffice, audience: "Avtalsförvaltare och upphandlare",
		description: "Genomgång av självutvärderingsformuläret, vanliga brister i svaren och när en revision behövs.",
		rows:        []trainingRow{{"01", roleContracts, 9}, {"14", roleContracts, 7}, {"12", roleContracts, 6}, {"18", roleProcurement, 4}, {"19", roleProcurement, 3}, {"22", roleProcurement, 3}, {"23", roleOther, 2}}},
	{kind: tillit.TrainingCourse, title: "Sociala krav vid upphandling av handskar och textilier – fördjupning", on: trainingDate(Year, 11, 15),
		organiser: NationalOffice, audience: "Kategoriansvariga för förbrukningsmaterial och textilier",
		rows: []trainingRow{{"04", roleCategory, 5}, {"07", roleCategory, 4}, {"05", roleCategory, 5}, {"06", roleProcurement, 4}, {"25", roleSustainability, 2}, {"24", roleProcurement, 3}}},
	{kind: tillit.TrainingCourse, title: "Nätverksträff för hållbarhetsstrateger", on: trainingDate(Year, 12, 6),
		organiser: NationalOffice, audience: "Regionernas hållbarhetsstrateger",
		description: "Erfarenhetsutbyte om årets revisioner. Tre deltagare har samtyckt till att stå med namn för att kunna bjudas in till nästa träff.",
		rows:        []trainingRow{{"01", roleSustainability, 3}, {"14", roleSustainability, 3}, {"12", roleSustainability, 2}, {"", roleSustainability, 3}},
		people: []tillit.NamedParticipant{
			{Name: "Karin Exempelsson", Organisation: "Region Uppsala", Email: "karin.exempelsson@example.org", Consent: true, ConsentOn: trainingDate(Year, 11, 28)},
			{Name: "Johan Demosson", Organisation: "Region Örebro län", Consent: true, ConsentOn: trainingDate(Year, 11, 29)},
			{Name: "Leila Provdotter", Organisation: "Region Halland", Email: "leila.provdotter@example.org", Consent: true, ConsentOn: trainingDate(Year, 12, 1)},
		}},
}

// trainings records the 2022 trainings unless the year already has some,
// so loading twice (or after the office has entered its own) adds nothing.
func (l *loader) trainings(ctx context.Context) error {
	have, err := l.db.FindTrainings(ctx, Year)
	if err != nil || len(have) > 0 {
		return err
	}
	office, ok := l.orgs[orgKey{tillit.OrgNationalOffice, NationalOffice}]
	if !ok {
		return fmt.Errorf("trainings: the national office is missing")
	}
	for _, d := range trainings2022 {
		t := &tillit.Training{Kind: d.kind, Title: d.title, Date: d.on, EndDate: d.ends, Organiser: d.organiser,
			Audience: d.audience, Description: d.description, People: d.people}
		for _, r := range d.rows {
			org := office
			if r.county != "" {
				id, ok := l.counties[r.county]
				if !ok {
					return fmt.Errorf("trainings: no region with county code %s", r.county)
				}
				org = id
			}
			t.Counts = append(t.Counts, tillit.ParticipantCount{OrgID: org, Role: r.role, Count: r.n})
		}
		if err := l.db.CreateTraining(ctx, actor, t); err != nil {
			return fmt.Errorf("training %q: %w", d.title, err)
		}
		l.created++
	}
	return nil
}
