package tillit

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Training (utbildning, issue 9): the courses, webinars and e-learning
// licence batches the collaboration gives so that the regions' buyers can
// set and follow up sustainability requirements. The yearly number of
// people trained is a figure of the annual report.
//
// Participants are recorded in one of two ways. Counts say how many people
// of a role came from an organisation, which is all the report needs and
// holds no personal data. Named people are recorded only when each of
// them agreed to it (GDPR: consent as the legal basis), with the date they
// did; anyone else is counted instead.

// TrainingKind says what form a training took.
type TrainingKind string

const (
	TrainingCourse    TrainingKind = "course"
	TrainingWebinar   TrainingKind = "webinar"
	TrainingELearning TrainingKind = "elearning" // a batch of e-learning licences
)

// TrainingKinds lists every kind, in the order forms show them.
var TrainingKinds = []TrainingKind{TrainingCourse, TrainingWebinar, TrainingELearning}

// Valid reports whether k is a known kind.
func (k TrainingKind) Valid() bool {
	for _, v := range TrainingKinds {
		if k == v {
			return true
		}
	}
	return false
}

// ParticipantRole is what a participant does at their organisation, in
// the terms of Swedish public procurement.
type ParticipantRole string

const (
	ParticipantProcurementOfficer       ParticipantRole = "procurement_officer"       // upphandlare
	ParticipantCategorySpecialist       ParticipantRole = "category_specialist"       // produktspecialist, kategoriansvarig
	ParticipantSustainabilityStrategist ParticipantRole = "sustainability_strategist" // hållbarhetsstrateg
	ParticipantContractManager          ParticipantRole = "contract_manager"          // avtalsförvaltare
	ParticipantOther                    ParticipantRole = "other"
)

// ParticipantRoles lists every role, in the order tables and forms show them.
var ParticipantRoles = []ParticipantRole{ParticipantProcurementOfficer, ParticipantCategorySpecialist,
	ParticipantSustainabilityStrategist, ParticipantContractManager, ParticipantOther}

// Valid reports whether r is a known participant role.
func (r ParticipantRole) Valid() bool {
	for _, v := range ParticipantRoles {
		if r == v {
			return true
		}
	}
	return false
}

// ParticipantCount is how many people of one role from one organisation
// (a region, the national office or another organisation) took part.
type ParticipantCount struct {
	OrgID   int64
	OrgName string // filled in when read; ignored when stored
	Role    ParticipantRole
	Count   int
}

// NamedParticipant is a participant recorded by name. Consent must be true
// and ConsentOn the date the person agreed to be recorded.
type NamedParticipant struct {
	Name         string
	Organisation string
	Email        string // optional
	Consent      bool
	ConsentOn    time.Time
}

// Training is one course, webinar or batch of e-learning licences.
type Training struct {
	ID    int64
	Kind  TrainingKind
	Title string
	// Date is the day it was held, or the first day; the year of Date is
	// the year its participants count in. EndDate is zero for one day.
	Date        time.Time
	EndDate     time.Time
	Organiser   string // who gave it, free text
	Audience    string // who it is for, free text
	Description string
	Counts      []ParticipantCount
	People      []NamedParticipant
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Limits of a training.
const (
	MaxTrainingParticipants = 100_000 // per count row
	MaxTrainingCountRows    = 1000
	MaxTrainingPeople       = 2000
	maxTrainingTitleLen     = 200
	maxTrainingTextLen      = 200 // organiser, a person's name and organisation
	maxTrainingAudienceLen  = 500
	maxTrainingDescLen      = 5000
)

// Total is the number of people trained: the counts plus the named people.
func (t *Training) Total() int {
	n := len(t.People)
	for _, c := range t.Counts {
		n += c.Count
	}
	return n
}

// Year is the year the training's participants count in.
func (t *Training) Year() int { return t.Date.Year() }

// Validate checks a training before it is stored. Field names are those
// of the API: counts[i].org_id, people[i].email and so on.
func (t *Training) Validate() error {
	p := Problems{}
	if !t.Kind.Valid() {
		p.Add("kind", "Choose whether it is a course, a webinar or a batch of e-learning licences.")
	}
	if strings.TrimSpace(t.Title) == "" {
		p.Add("title", "Enter the title of the training.")
	} else if utf8.RuneCountInString(t.Title) > maxTrainingTitleLen {
		p.Add("title", "The title can be at most %d characters.", maxTrainingTitleLen)
	}
	switch {
	case t.Date.IsZero():
		p.Add("date", "Enter the date of the training, such as 2022-09-15.")
	case !trainingDateInRange(t.Date):
		p.Add("date", "Enter a date between the years 2000 and 2100.")
	}
	if !t.EndDate.IsZero() {
		switch {
		case !trainingDateInRange(t.EndDate):
			p.Add("end_date", "Enter a date between the years 2000 and 2100.")
		case !t.Date.IsZero() && t.EndDate.Before(t.Date):
			p.Add("end_date", "The end date cannot be before the start date; leave it empty for a one-day training.")
		}
	}
	if utf8.RuneCountInString(t.Organiser) > maxTrainingTextLen {
		p.Add("organiser", "The organiser can be at most %d characters.", maxTrainingTextLen)
	}
	if utf8.RuneCountInString(t.Audience) > maxTrainingAudienceLen {
		p.Add("audience", "The audience can be at most %d characters.", maxTrainingAudienceLen)
	}
	if utf8.RuneCountInString(t.Description) > maxTrainingDescLen {
		p.Add("description", "The description can be at most %d characters.", maxTrainingDescLen)
	}

	if len(t.Counts) > MaxTrainingCountRows {
		p.Add("counts", "A training can have at most %d rows of counts.", MaxTrainingCountRows)
	}
	type orgRole struct {
		org  int64
		role ParticipantRole
	}
	seen := map[orgRole]bool{}
	for i, c := range t.Counts {
		prefix := "counts[" + strconv.Itoa(i) + "]."
		if c.OrgID <= 0 {
			p.Add(prefix+"org_id", "Choose the region or organisation the participants came from.")
		}
		if !c.Role.Valid() {
			p.Add(prefix+"role", "Choose the participants' role.")
		}
		if c.Count < 1 || c.Count > MaxTrainingParticipants {
			p.Add(prefix+"count", "Enter a number of participants between 1 and 100 000.")
		}
		k := orgRole{c.OrgID, c.Role}
		if c.OrgID > 0 && c.Role.Valid() && seen[k] {
			p.Add(prefix+"role", "Another row already counts this role from this organisation; add the numbers together on one row.")
		}
		seen[k] = true
	}

	if len(t.People) > MaxTrainingPeople {
		p.Add("people", "A training can list at most %d named people; count the others instead.", MaxTrainingPeople)
	}
	for i, n := range t.People {
		prefix := "people[" + strconv.Itoa(i) + "]."
		if strings.TrimSpace(n.Name) == "" {
			p.Add(prefix+"name", "Enter the person's name.")
		} else if utf8.RuneCountInString(n.Name) > maxTrainingTextLen {
			p.Add(prefix+"name", "The name can be at most %d characters.", maxTrainingTextLen)
		}
		if strings.TrimSpace(n.Organisation) == "" {
			p.Add(prefix+"organisation", "Enter the person's organisation.")
		} else if utf8.RuneCountInString(n.Organisation) > maxTrainingTextLen {
			p.Add(prefix+"organisation", "The organisation can be at most %d characters.", maxTrainingTextLen)
		}
		if n.Email != "" && !validEmail(n.Email) {
			p.Add(prefix+"email", "Enter a valid e-mail address, such as name@example.org, or leave it out.")
		}
		if !n.Consent {
			p.Add(prefix+"consent", "Record a person by name only when they have agreed to it; otherwise count them.")
		}
		switch {
		case n.ConsentOn.IsZero():
			p.Add(prefix+"consent_on", "Enter the date the person agreed to be recorded.")
		case !trainingDateInRange(n.ConsentOn):
			p.Add(prefix+"consent_on", "Enter a date between the years 2000 and 2100.")
		}
	}
	return p.Err()
}

// trainingDateInRange reports whether a calendar date falls in the years the
// product holds.
func trainingDateInRange(t time.Time) bool { return t.Year() >= 2000 && t.Year() <= 2100 }

// TrainingOrgTotal is one organisation's line of a year's summary.
type TrainingOrgTotal struct {
	OrgID      int64
	OrgName    string
	OrgKind    OrgKind
	CountyCode string
	ByRole     []int // participants per role, in ParticipantRoles order
	Total      int
}

// TrainingSummary is a year's participants per organisation and per role.
// Named people have no role or listed organisation, so they are a line of
// their own; Total is Counted + Named, the year's people trained.
type TrainingSummary struct {
	Year       int
	Trainings  int
	Orgs       []TrainingOrgTotal // regions by county code, then the others by name
	RoleTotals []int              // in ParticipantRoles order
	Counted    int
	Named      int
	Total      int
}
