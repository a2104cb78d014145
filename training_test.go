package tillit

import (
	"strings"
	"testing"
	"time"
)

func validTraining() Training {
	return Training{
		Kind: TrainingWebinar, Title: "The code of conduct for procurement officers", Date: day(2022, 9, 15),
		Counts: []ParticipantCount{
			{OrgID: 1, Role: ParticipantProcurementOfficer, Count: 12},
			{OrgID: 1, Role: ParticipantContractManager, Count: 3},
			{OrgID: 2, Role: ParticipantProcurementOfficer, Count: 5},
		},
		People: []NamedParticipant{{Name: "Anna Berg", Organisation: "Region Skåne", Email: "anna.berg@example.org", Consent: true, ConsentOn: day(2022, 9, 1)}},
	}
}

func TestTrainingTotal(t *testing.T) {
	tr := validTraining()
	if got := tr.Total(); got != 21 {
		t.Errorf("Total() = %d, want 12 + 3 + 5 counted + 1 named = 21", got)
	}
	if got := (&Training{}).Total(); got != 0 {
		t.Errorf("empty Total() = %d", got)
	}
}

func TestTrainingValidate(t *testing.T) {
	many := func(n int) []NamedParticipant {
		out := make([]NamedParticipant, n)
		for i := range out {
			out[i] = NamedParticipant{Name: "P", Organisation: "O", Consent: true, ConsentOn: day(2022, 1, 1)}
		}
		return out
	}
	tests := []struct {
		name   string
		change func(*Training)
		field  string // "" means valid
	}{
		{"valid", func(*Training) {}, ""},
		{"no participants yet is fine", func(t *Training) { t.Counts, t.People = nil, nil }, ""},
		{"one-day end date is fine", func(t *Training) { t.EndDate = t.Date }, ""},
		{"unknown kind", func(t *Training) { t.Kind = "seminar" }, "kind"},
		{"title required", func(t *Training) { t.Title = "  " }, "title"},
		{"title too long", func(t *Training) { t.Title = strings.Repeat("x", 201) }, "title"},
		{"title of 200 is fine", func(t *Training) { t.Title = strings.Repeat("å", 200) }, ""},
		{"date required", func(t *Training) { t.Date = time.Time{} }, "date"},
		{"date before 2000", func(t *Training) { t.Date = day(1999, 12, 31) }, "date"},
		{"date after 2100", func(t *Training) { t.Date = day(2101, 1, 1) }, "date"},
		{"end before start", func(t *Training) { t.EndDate = day(2022, 9, 14) }, "end_date"},
		{"end out of range", func(t *Training) { t.EndDate = day(2200, 1, 1) }, "end_date"},
		{"organiser too long", func(t *Training) { t.Organiser = strings.Repeat("x", 201) }, "organiser"},
		{"audience too long", func(t *Training) { t.Audience = strings.Repeat("x", 501) }, "audience"},
		{"description too long", func(t *Training) { t.Description = strings.Repeat("x", 5001) }, "description"},
		{"count zero", func(t *Training) { t.Counts[1].Count = 0 }, "counts[1].count"},
		{"count too large", func(t *Training) { t.Counts[0].Count = 100_001 }, "counts[0].count"},
		{"count at the limit", func(t *Training) { t.Counts[0].Count = 100_000 }, ""},
		{"count without organisation", func(t *Training) { t.Counts[0].OrgID = 0 }, "counts[0].org_id"},
		{"count with unknown role", func(t *Training) { t.Counts[2].Role = "chef" }, "counts[2].role"},
		{"duplicate organisation and role", func(t *Training) { t.Counts[2].OrgID = 1 }, "counts[2].role"},
		{"too many count rows", func(t *Training) { t.Counts = make([]ParticipantCount, MaxTrainingCountRows+1) }, "counts"},
		{"named person without name", func(t *Training) { t.People[0].Name = "" }, "people[0].name"},
		{"named person without organisation", func(t *Training) { t.People[0].Organisation = " " }, "people[0].organisation"},
		{"e-mail is optional", func(t *Training) { t.People[0].Email = "" }, ""},
		{"bad e-mail", func(t *Training) { t.People[0].Email = "anna.berg" }, "people[0].email"},
		{"no consent", func(t *Training) { t.People[0].Consent = false }, "people[0].consent"},
		{"no consent date", func(t *Training) { t.People[0].ConsentOn = time.Time{} }, "people[0].consent_on"},
		{"at most 2000 named", func(t *Training) { t.People = many(MaxTrainingPeople) }, ""},
		{"more than 2000 named", func(t *Training) { t.People = many(MaxTrainingPeople + 1) }, "people"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := validTraining()
			tt.change(&tr)
			err := tr.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v %v, want nil", err, ErrorFields(err))
				}
				return
			}
			if ErrorCode(err) != EINVALID {
				t.Fatalf("Validate() = %v, want EINVALID", err)
			}
			m, ok := ErrorFields(err)[tt.field]
			if !ok {
				t.Fatalf("no problem with %s; problems: %v", tt.field, ErrorFields(err))
			}
			if s := m.String(); !strings.HasSuffix(s, ".") || len(s) < 15 {
				t.Errorf("message %q should be a sentence that says what to fix", s)
			}
		})
	}
}

func TestTrainingKindsAndRoles(t *testing.T) {
	for _, k := range TrainingKinds {
		if !k.Valid() {
			t.Errorf("%s not valid", k)
		}
	}
	if TrainingKind("").Valid() || ParticipantRole("").Valid() {
		t.Error("the empty kind or role is valid")
	}
	if len(ParticipantRoles) != 5 || ParticipantRoles[len(ParticipantRoles)-1] != ParticipantOther {
		t.Errorf("roles %v: want five, other last", ParticipantRoles)
	}
}
