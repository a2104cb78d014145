package sqldb_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

func trainingDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// training builds a valid training held on day with count rows of
// (organisation, role, participants) and n named people.
func training(title string, on time.Time, named int, counts ...tillit.ParticipantCount) *tillit.Training {
	t := &tillit.Training{Kind: tillit.TrainingCourse, Title: title, Date: on, Counts: counts}
	for i := 0; i < named; i++ {
		t.People = append(t.People, tillit.NamedParticipant{Name: "Person " + string(rune('A'+i%26)), Organisation: "Region Stockholm",
			Consent: true, ConsentOn: on.AddDate(0, 0, -7)})
	}
	return t
}

func TestTrainingRoundTrip(t *testing.T) {
	f := newFixture(t)
	db := f.db
	tr := &tillit.Training{
		Kind: tillit.TrainingWebinar, Title: "Uppförandekoden för upphandlare", Date: trainingDay(2022, 3, 10), EndDate: trainingDay(2022, 3, 11),
		Organiser: "Nationella kansliet", Audience: "Upphandlare i regionerna", Description: "Två förmiddagar.",
		Counts: []tillit.ParticipantCount{
			{OrgID: f.region.ID, Role: tillit.ParticipantProcurementOfficer, Count: 14},
			{OrgID: f.office.ID, Role: tillit.ParticipantSustainabilityStrategist, Count: 2},
		},
		People: []tillit.NamedParticipant{{Name: "Anna Berg", Organisation: "Region Stockholm", Email: "anna.berg@example.org", Consent: true, ConsentOn: trainingDay(2022, 3, 1)}},
	}
	mustOK(t, db.CreateTraining(ctx, sys, tr))
	if tr.ID == 0 || !tr.CreatedAt.Equal(t0) || !tr.UpdatedAt.Equal(t0) {
		t.Fatalf("after create: id %d, created %v, updated %v", tr.ID, tr.CreatedAt, tr.UpdatedAt)
	}
	got, err := db.FindTraining(ctx, tr.ID)
	mustOK(t, err)
	if got.Title != tr.Title || got.Kind != tr.Kind || !got.Date.Equal(tr.Date) || !got.EndDate.Equal(tr.EndDate) ||
		got.Organiser != tr.Organiser || got.Audience != tr.Audience || got.Description != tr.Description || !got.CreatedAt.Equal(t0) {
		t.Errorf("read back %+v, want %+v", got, tr)
	}
	if len(got.Counts) != 2 || got.Counts[0].OrgName != "Region Stockholm" || got.Counts[0].Count != 14 || got.Counts[1].Role != tillit.ParticipantSustainabilityStrategist {
		t.Errorf("counts %+v", got.Counts)
	}
	if len(got.People) != 1 || got.People[0] != tr.People[0] {
		t.Errorf("people %+v, want %+v", got.People, tr.People)
	}
	if got.Total() != 17 {
		t.Errorf("total %d, want 17", got.Total())
	}

	t.Run("update", func(t *testing.T) {
		f.clock.Add(time.Hour)
		got.Title = "Uppförandekoden, del 1"
		got.EndDate = time.Time{}
		got.Counts = got.Counts[:1]
		got.Counts[0].Count = 20
		got.People = append(got.People, tillit.NamedParticipant{Name: "Erik Lund", Organisation: "Region Skåne", Consent: true, ConsentOn: trainingDay(2022, 3, 2)})
		mustOK(t, db.UpdateTraining(ctx, sys, got))
		again, err := db.FindTraining(ctx, tr.ID)
		mustOK(t, err)
		if again.Title != "Uppförandekoden, del 1" || !again.EndDate.IsZero() || len(again.Counts) != 1 || again.Counts[0].Count != 20 ||
			len(again.People) != 2 || again.People[1].Name != "Erik Lund" || again.People[1].Email != "" {
			t.Errorf("after update %+v", again)
		}
		if !again.CreatedAt.Equal(t0) || !again.UpdatedAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("created %v updated %v", again.CreatedAt, again.UpdatedAt)
		}
		wantCode(t, db.UpdateTraining(ctx, sys, &tillit.Training{ID: 9999, Kind: tillit.TrainingCourse, Title: "x", Date: trainingDay(2022, 1, 1)}), tillit.ENOTFOUND)
	})

	t.Run("invalid", func(t *testing.T) {
		bad := training("", trainingDay(2022, 1, 1), 0)
		wantFields(t, db.CreateTraining(ctx, sys, bad), "title")
		noOrg := training("Okänd organisation", trainingDay(2022, 1, 1), 0, tillit.ParticipantCount{OrgID: 123456, Role: tillit.ParticipantOther, Count: 1})
		wantFields(t, db.CreateTraining(ctx, sys, noOrg), "counts[0].org_id")
	})

	t.Run("audit trail", func(t *testing.T) {
		events, err := db.FindAuditEvents(ctx, sqldb.AuditFilter{Entity: "training", EntityID: tr.ID})
		mustOK(t, err)
		if len(events) != 2 || events[0].Action != "training.update" || events[1].Action != "training.create" {
			t.Fatalf("events %+v", events)
		}
		// Named people appear only as a number: the trail cannot be
		// changed, and a name must be removable.
		for _, e := range events {
			if strings.Contains(e.Before+e.After, "Anna") || strings.Contains(e.Before+e.After, "anna.berg") {
				t.Errorf("the audit trail holds a named person: %s %s", e.Before, e.After)
			}
		}
		var after struct {
			Title       string `json:"title"`
			NamedPeople int    `json:"named_people"`
			Counts      []struct {
				Count int `json:"count"`
			} `json:"counts"`
		}
		mustOK(t, json.Unmarshal([]byte(events[0].After), &after))
		if after.Title != "Uppförandekoden, del 1" || after.NamedPeople != 2 || len(after.Counts) != 1 || after.Counts[0].Count != 20 {
			t.Errorf("audit after %s", events[0].After)
		}
	})

	t.Run("delete", func(t *testing.T) {
		mustOK(t, db.DeleteTraining(ctx, sys, tr.ID))
		_, err := db.FindTraining(ctx, tr.ID)
		wantCode(t, err, tillit.ENOTFOUND)
		wantCode(t, db.DeleteTraining(ctx, sys, tr.ID), tillit.ENOTFOUND)
		events, err := db.FindAuditEvents(ctx, sqldb.AuditFilter{Entity: "training", EntityID: tr.ID})
		mustOK(t, err)
		if len(events) != 3 || events[0].Action != "training.delete" || events[0].After != "" || !strings.Contains(events[0].Before, "del 1") {
			t.Errorf("delete event %+v", events[0])
		}
		v, err := db.VerifyAudit(ctx)
		mustOK(t, err)
		if v.BrokenID != 0 {
			t.Errorf("audit chain broken: %+v", v)
		}
	})
}

func TestPeopleTrained(t *testing.T) {
	f := newFixture(t)
	db := f.db
	count := func(n int) tillit.ParticipantCount {
		return tillit.ParticipantCount{OrgID: f.region.ID, Role: tillit.ParticipantProcurementOfficer, Count: n}
	}
	// The last day of 2022 counts in 2022, the first of 2023 in 2023.
	mustOK(t, db.CreateTraining(ctx, sys, training("Nyårsafton", trainingDay(2022, 12, 31), 2, count(10))))
	mustOK(t, db.CreateTraining(ctx, sys, training("Nyårsdagen", trainingDay(2023, 1, 1), 0, count(7))))
	mustOK(t, db.CreateTraining(ctx, sys, training("Första dagen", trainingDay(2022, 1, 1), 1)))
	mustOK(t, db.CreateTraining(ctx, sys, training("Planerad", trainingDay(2024, 5, 1), 0)))

	for _, tt := range []struct {
		name     string
		from, to time.Time
		want     int
		recorded bool
	}{
		{"2022", trainingDay(2022, 1, 1), trainingDay(2023, 1, 1), 13, true},
		{"2023", trainingDay(2023, 1, 1), trainingDay(2024, 1, 1), 7, true},
		{"2021 has none", trainingDay(2021, 1, 1), trainingDay(2022, 1, 1), 0, false},
		{"a training without participants is recorded as zero", trainingDay(2024, 1, 1), trainingDay(2025, 1, 1), 0, true},
		{"to is excluded", trainingDay(2022, 1, 1), trainingDay(2022, 12, 31), 1, true},
		{"from is included", trainingDay(2022, 12, 31), trainingDay(2023, 1, 2), 19, true},
		// A time late in the day on Swedish time still compares as its date.
		{"times compare as dates", time.Date(2022, 12, 31, 23, 30, 0, 0, time.FixedZone("CET", 3600)), trainingDay(2023, 1, 1), 12, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n, recorded, err := db.PeopleTrained(ctx, tt.from, tt.to)
			mustOK(t, err)
			if n != tt.want || recorded != tt.recorded {
				t.Errorf("PeopleTrained = %d, %v; want %d, %v", n, recorded, tt.want, tt.recorded)
			}
		})
	}
}

func TestTrainingListAndSummary(t *testing.T) {
	f := newFixture(t)
	db := f.db
	skane := createOrg(t, db, tillit.OrgRegion, "Region Skåne", "12")
	partner := createOrg(t, db, tillit.OrgPartner, "Adda", "")
	c := func(org *tillit.Organisation, role tillit.ParticipantRole, n int) tillit.ParticipantCount {
		return tillit.ParticipantCount{OrgID: org.ID, Role: role, Count: n}
	}
	mustOK(t, db.CreateTraining(ctx, sys, training("Vår", trainingDay(2022, 4, 1), 1,
		c(skane, tillit.ParticipantProcurementOfficer, 5), c(f.region, tillit.ParticipantProcurementOfficer, 3))))
	mustOK(t, db.CreateTraining(ctx, sys, training("Höst", trainingDay(2022, 10, 1), 0,
		c(skane, tillit.ParticipantProcurementOfficer, 2), c(partner, tillit.ParticipantOther, 4), c(f.office, tillit.ParticipantContractManager, 1))))
	mustOK(t, db.CreateTraining(ctx, sys, training("Nästa år", trainingDay(2023, 2, 1), 0, c(skane, tillit.ParticipantOther, 9))))

	list, err := db.FindTrainings(ctx, 2022)
	mustOK(t, err)
	if len(list) != 2 || list[0].Title != "Höst" || list[1].Title != "Vår" {
		t.Fatalf("list %+v, want Höst then Vår", list)
	}
	if list[0].Total() != 7 || list[1].Total() != 9 || len(list[1].People) != 1 || list[1].Counts[0].OrgName != "Region Skåne" {
		t.Errorf("totals %d %d, people %+v", list[0].Total(), list[1].Total(), list[1].People)
	}
	empty, err := db.FindTrainings(ctx, 2021)
	mustOK(t, err)
	if len(empty) != 0 {
		t.Errorf("2021: %+v", empty)
	}

	s, err := db.TrainingSummary(ctx, 2022)
	mustOK(t, err)
	if s.Trainings != 2 || s.Counted != 15 || s.Named != 1 || s.Total != 16 {
		t.Errorf("summary %+v", s)
	}
	var names []string
	for _, o := range s.Orgs {
		names = append(names, o.OrgName)
	}
	if strings.Join(names, ", ") != "Region Stockholm, Region Skåne, Adda, Nationella kansliet" {
		t.Errorf("order %v: regions by county code, then others by name", names)
	}
	if s.Orgs[1].ByRole[0] != 7 || s.Orgs[1].Total != 7 || s.RoleTotals[0] != 10 || s.RoleTotals[3] != 1 || s.RoleTotals[4] != 4 {
		t.Errorf("Skåne %+v, roles %v", s.Orgs[1], s.RoleTotals)
	}
	n, _, err := db.PeopleTrained(ctx, trainingDay(2022, 1, 1), trainingDay(2023, 1, 1))
	mustOK(t, err)
	if n != s.Total {
		t.Errorf("PeopleTrained %d and the summary's total %d differ", n, s.Total)
	}

	years, err := db.TrainingYears(ctx)
	mustOK(t, err)
	if len(years) != 2 || years[0] != 2023 || years[1] != 2022 {
		t.Errorf("years %v, want 2023, 2022", years)
	}
}

// Two thousand named people, the most a training may list, go in and
// come back in order.
func TestTrainingManyPeople(t *testing.T) {
	f := newFixture(t)
	tr := training("E-learning", trainingDay(2022, 6, 1), tillit.MaxTrainingPeople)
	for i := range tr.People {
		tr.People[i].Name = "Person " + strings.Repeat("x", i%7) + string(rune('0'+i%10))
	}
	mustOK(t, f.db.CreateTraining(ctx, sys, tr))
	got, err := f.db.FindTraining(ctx, tr.ID)
	mustOK(t, err)
	if len(got.People) != tillit.MaxTrainingPeople || got.People[1999].Name != tr.People[1999].Name {
		t.Errorf("%d people back", len(got.People))
	}
}
