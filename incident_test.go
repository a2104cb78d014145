package tillit

import (
	"strings"
	"testing"
	"time"
)

func validIncident() *Incident {
	return &Incident{SourceKind: SourceNGO, SourceName: "Swedwatch", Link: "https://example.org/report",
		ReportedOn: time.Date(2022, 8, 30, 0, 0, 0, 0, time.UTC), Title: "Floods in Punjab", Severity: IncidentHigh,
		Countries: []IncidentCountry{{Country: "PK", Places: []string{"Sialkot"}}}, CategoryIDs: []int64{3}, Products: []string{"Saxar"}}
}

func TestIncidentValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Incident)
		field string // "" for valid
	}{
		{"valid", func(*Incident) {}, ""},
		{"no link is fine", func(in *Incident) { in.Link = "" }, ""},
		{"no source kind", func(in *Incident) { in.SourceKind = "" }, "source_kind"},
		{"no source name", func(in *Incident) { in.SourceName = " " }, "source_name"},
		{"javascript link", func(in *Incident) { in.Link = "javascript:alert(1)" }, "link"},
		{"relative link", func(in *Incident) { in.Link = "/report" }, "link"},
		{"ftp link", func(in *Incident) { in.Link = "ftp://example.org/x" }, "link"},
		{"link with a user", func(in *Incident) { in.Link = "https://me@example.org/" }, "link"},
		{"no date", func(in *Incident) { in.ReportedOn = time.Time{} }, "reported_on"},
		{"no title", func(in *Incident) { in.Title = "" }, "title"},
		{"long title", func(in *Incident) { in.Title = strings.Repeat("x", 201) }, "title"},
		{"no severity", func(in *Incident) { in.Severity = "grave" }, "severity"},
		{"bad country", func(in *Incident) { in.Countries = []IncidentCountry{{Country: "pk"}} }, "countries"},
		{"country twice", func(in *Incident) { in.Countries = append(in.Countries, IncidentCountry{Country: "PK"}) }, "countries"},
		{"place twice", func(in *Incident) { in.Countries[0].Places = []string{"Sialkot", "sialkot "} }, "countries"},
		{"category twice", func(in *Incident) { in.CategoryIDs = []int64{3, 3} }, "category_ids"},
		{"bad supplier", func(in *Incident) { in.SupplierIDs = []int64{0} }, "supplier_ids"},
		{"product twice", func(in *Incident) { in.Products = []string{"Saxar", "saxar"} }, "products"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validIncident()
			tt.edit(in)
			err := in.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v (%v)", err, ErrorFields(err))
				}
				return
			}
			if _, ok := ErrorFields(err)[tt.field]; !ok {
				t.Fatalf("fields %v, want %s", ErrorFields(err), tt.field)
			}
		})
	}
}

func TestIncidentAssess(t *testing.T) {
	by := Actor{UserID: 4, Name: "Lena"}
	at := time.Date(2022, 9, 1, 10, 0, 0, 0, time.UTC)
	in := validIncident()
	in.ID = 7
	for _, tt := range []struct {
		name  string
		a     IncidentAssessmentInput
		field string
	}{
		{"no assessment", IncidentAssessmentInput{Reason: "x"}, "assessment"},
		{"no reason", IncidentAssessmentInput{Assessment: IncidentRelevant}, "reason"},
		{"duplicate of nothing", IncidentAssessmentInput{Assessment: IncidentDuplicate, Reason: "same"}, "duplicate_of"},
		{"duplicate of itself", IncidentAssessmentInput{Assessment: IncidentDuplicate, Reason: "same", DuplicateOf: 7}, "duplicate_of"},
		{"number when not a duplicate", IncidentAssessmentInput{Assessment: IncidentIrrelevant, Reason: "no", DuplicateOf: 3}, "duplicate_of"},
	} {
		if err := in.Assess(by, at, tt.a); ErrorFields(err)[tt.field].Format == "" {
			t.Errorf("%s: fields %v, want %s", tt.name, ErrorFields(err), tt.field)
		}
	}
	if in.Assessment != "" {
		t.Fatalf("a refused assessment changed the incident: %q", in.Assessment)
	}
	if err := in.Assess(by, at, IncidentAssessmentInput{Assessment: IncidentDuplicate, Reason: " Same alert ", DuplicateOf: 3}); err != nil {
		t.Fatal(err)
	}
	if in.Assessment != IncidentDuplicate || in.DuplicateOf != 3 || in.AssessmentReason != "Same alert" || in.AssessedBy != "Lena" || !in.AssessedAt.Equal(at) {
		t.Fatalf("assessed: %+v", in)
	}
}

func TestParseIncidentCountries(t *testing.T) {
	cs, err := ParseIncidentCountries("pk; Sialkot ;Punjab\r\n\nMY\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].Country != "PK" || strings.Join(cs[0].Places, "|") != "Sialkot|Punjab" || cs[1].Country != "MY" || len(cs[1].Places) != 0 {
		t.Fatalf("parsed %+v", cs)
	}
	if got := FormatIncidentCountries(cs); got != "PK; Sialkot; Punjab\nMY\n" {
		t.Errorf("formatted %q", got)
	}
	if _, err := ParseIncidentCountries("Pakistan; Sialkot"); ErrorFields(err)["countries"].Format == "" {
		t.Errorf("a country name instead of a code: %v", err)
	}
	in := Incident{Countries: cs}
	if got := in.CountryList(); got != "PK (Sialkot, Punjab), MY" {
		t.Errorf("list %q", got)
	}
}

func TestIncidentAndConsultationPolicy(t *testing.T) {
	as := func(r Role) Actor { return Actor{UserID: 1, Memberships: []Membership{{OrgID: 1, Role: r}}} }
	for _, tt := range []struct {
		act  Action
		want []Role
	}{
		{ActViewIncidents, []Role{RoleAdmin, RoleOfficer, RoleCoordinator, RoleStaff}},
		{ActManageIncidents, []Role{RoleAdmin, RoleOfficer, RoleCoordinator, RoleStaff}},
		{ActViewConsultations, []Role{RoleAdmin, RoleOfficer, RoleCoordinator, RoleStaff}},
		{ActManageConsultations, []Role{RoleAdmin, RoleOfficer}},
	} {
		for _, r := range Roles {
			if got := Can(as(r), tt.act, Resource{}); got != oneOf(r, tt.want) {
				t.Errorf("Can(%s, %s) = %v", r, tt.act, got)
			}
		}
	}
}
