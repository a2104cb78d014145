package tillit

import (
	"testing"
	"time"
)

func ymd(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// register2023 is the move of 2023: "imaging and function" belongs to
// medical technology (1) until 2022-12-31 and to ICT (2) from 2023-01-01;
// ICT's responsible region changes on the same day.
func register2023() *CategoryRegister {
	return &CategoryRegister{
		Categories: []Category{
			{ID: 1, Code: "medical-technology", NameSV: "Medicinteknik", NameEN: "Medical technology",
				Responsible: []Responsibility{{CategoryID: 1, RegionID: 10, RegionName: "Blekinge", ValidFrom: ymd("2022-01-01")}},
				Scopes: []ScopeVersion{
					{CategoryID: 1, ValidFrom: ymd("2022-01-01"), TextSV: "Med bild och funktion", TextEN: "With imaging and function"},
					{CategoryID: 1, ValidFrom: ymd("2023-01-01"), TextSV: "Utan bild och funktion", TextEN: "Without imaging and function"},
				}},
			{ID: 2, Code: "ict", NameSV: "IKT", NameEN: "ICT",
				Responsible: []Responsibility{
					{CategoryID: 2, RegionID: 1, RegionName: "Stockholm", ValidFrom: ymd("2022-01-01"), ValidTo: ymd("2023-01-01")},
					{CategoryID: 2, RegionID: 3, RegionName: "Uppsala", ValidFrom: ymd("2023-01-01")},
				}},
		},
		Groups: []CategoryGroup{
			{ID: 7, Code: "imaging-function", NameSV: "Bild och funktion", NameEN: "Imaging and function", Placements: []GroupPlacement{
				{ID: 1, GroupID: 7, CategoryID: 1, ValidFrom: ymd("2022-01-01"), ValidTo: ymd("2023-01-01")},
				{ID: 2, GroupID: 7, CategoryID: 2, ValidFrom: ymd("2023-01-01")},
			}},
			{ID: 8, Code: "infusion", NameSV: "Infusion", NameEN: "Infusion", Placements: []GroupPlacement{
				{ID: 3, GroupID: 8, CategoryID: 1, ValidFrom: ymd("2022-01-01")},
			}},
		},
	}
}

func TestCategoryInForce(t *testing.T) {
	r := register2023()
	med, _ := r.Category("medical-technology")
	ict, _ := r.Category("ict")
	tests := []struct {
		on          string
		c           *Category
		scope       string // "" for none
		responsible []string
		groups      []string
	}{
		{"2021-12-31", med, "", nil, nil},
		{"2022-12-31", med, "Med bild och funktion", []string{"Blekinge"}, []string{"imaging-function", "infusion"}},
		{"2023-01-01", med, "Utan bild och funktion", []string{"Blekinge"}, []string{"infusion"}},
		{"2022-12-31", ict, "", []string{"Stockholm"}, nil},
		{"2023-01-01", ict, "", []string{"Uppsala"}, []string{"imaging-function"}},
	}
	for _, tt := range tests {
		t.Run(tt.c.Code+"/"+tt.on, func(t *testing.T) {
			got := r.InForce(tt.c, ymd(tt.on))
			scope := ""
			if got.Scope != nil {
				scope = got.Scope.TextSV
			}
			if scope != tt.scope {
				t.Errorf("scope = %q, want %q", scope, tt.scope)
			}
			var regions, groups []string
			for _, rs := range got.Responsible {
				regions = append(regions, rs.RegionName)
			}
			for _, g := range got.Groups {
				groups = append(groups, g.Code)
			}
			if !equalStrings(regions, tt.responsible) || !equalStrings(groups, tt.groups) {
				t.Errorf("responsible %v groups %v, want %v %v", regions, groups, tt.responsible, tt.groups)
			}
		})
	}
	if len(r.AllInForce(ymd("2023-01-01"))) != 2 {
		t.Error("AllInForce should give every category")
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCategoryOfGroup(t *testing.T) {
	r := register2023()
	for _, tt := range []struct {
		group, on, want string
	}{
		{"imaging-function", "2021-12-31", ""},
		{"imaging-function", "2022-12-31", "medical-technology"},
		{"imaging-function", "2023-01-01", "ict"},
		{"infusion", "2030-01-01", "medical-technology"},
		{"no-such-group", "2023-01-01", ""},
	} {
		c, ok := r.CategoryOfGroup(tt.group, ymd(tt.on))
		got := ""
		if ok {
			got = c.Code
		}
		if got != tt.want {
			t.Errorf("%s on %s: %q, want %q", tt.group, tt.on, got, tt.want)
		}
	}
}

func TestCheckPlacements(t *testing.T) {
	p := func(from, to string) GroupPlacement {
		pl := GroupPlacement{CategoryID: 1, ValidFrom: ymd(from)}
		if to != "" {
			pl.ValidTo = ymd(to)
		}
		return pl
	}
	tests := []struct {
		name string
		ps   []GroupPlacement
		want string // "" when valid
	}{
		{"one open", []GroupPlacement{p("2022-01-01", "")}, ""},
		{"back to back", []GroupPlacement{p("2023-01-01", ""), p("2022-01-01", "2023-01-01")}, ""},
		{"gap", []GroupPlacement{p("2022-01-01", "2022-06-01"), p("2023-01-01", "")}, ""},
		{"open then later", []GroupPlacement{p("2022-01-01", ""), p("2023-01-01", "")},
			"The placement from 2023-01-01 overlaps the one from 2022-01-01: a product group belongs to one category at a time."},
		{"one day shared", []GroupPlacement{p("2022-01-01", "2023-01-02"), p("2023-01-01", "")},
			"The placement from 2023-01-01 overlaps the one from 2022-01-01: a product group belongs to one category at a time."},
		{"same start", []GroupPlacement{p("2022-01-01", "2022-02-01"), p("2022-01-01", "2022-03-01")},
			"The placement from 2022-01-01 overlaps the one from 2022-01-01: a product group belongs to one category at a time."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPlacements(tt.ps)
			got := ""
			if err != nil {
				got = ErrorMessage(err).String()
				if ErrorCode(err) != EINVALID || ErrorFields(err)["valid_from"].String() != got {
					t.Errorf("want EINVALID marking valid_from, got %v", err)
				}
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCategoryGroupMove(t *testing.T) {
	open := func() *CategoryGroup {
		return &CategoryGroup{ID: 7, Placements: []GroupPlacement{{ID: 1, GroupID: 7, CategoryID: 1, ValidFrom: ymd("2022-01-01")}}}
	}
	m, err := open().Move(2, ymd("2023-01-01"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Closed == nil || m.Closed.ID != 1 || !m.Closed.ValidTo.Equal(ymd("2023-01-01")) {
		t.Errorf("closed = %+v", m.Closed)
	}
	if m.Opened.CategoryID != 2 || !m.Opened.ValidFrom.Equal(ymd("2023-01-01")) || !m.Opened.ValidTo.IsZero() {
		t.Errorf("opened = %+v", m.Opened)
	}

	// A move inside a bounded placement keeps its end.
	g := open()
	g.Placements[0].ValidTo = ymd("2024-01-01")
	g.Placements = append(g.Placements, GroupPlacement{ID: 2, GroupID: 7, CategoryID: 3, ValidFrom: ymd("2024-01-01")})
	m, err = g.Move(2, ymd("2023-01-01"))
	if err != nil || !m.Opened.ValidTo.Equal(ymd("2024-01-01")) {
		t.Errorf("bounded move: %+v, %v", m, err)
	}

	// Before the first placement: nothing to close, lasts until the first.
	m, err = open().Move(2, ymd("2021-06-01"))
	if err != nil || m.Closed != nil || !m.Opened.ValidTo.Equal(ymd("2022-01-01")) {
		t.Errorf("early move: %+v, %v", m, err)
	}

	for _, tt := range []struct {
		name  string
		to    int64
		from  time.Time
		field string
		msg   string
	}{
		{"same category", 1, ymd("2023-01-01"), "category_id", "The product group already belongs to that category on 2023-01-01."},
		{"on the first day", 2, ymd("2022-01-01"), "valid_from", "The group's placement begins on 2022-01-01; a move must take effect after that day."},
		{"no category", 0, ymd("2023-01-01"), "category_id", "Choose the category the group moves to."},
		{"no date", 2, time.Time{}, "valid_from", "Enter the date the move takes effect."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := open().Move(tt.to, tt.from)
			if ErrorCode(err) != EINVALID || ErrorFields(err)[tt.field].String() != tt.msg {
				t.Errorf("got %v (fields %v), want %s: %q", err, ErrorFields(err), tt.field, tt.msg)
			}
		})
	}
}

func TestCategoryGroupValidate(t *testing.T) {
	ok := CategoryGroup{Code: "imaging-function", NameSV: "Bild och funktion", NameEN: "Imaging and function",
		Placements: []GroupPlacement{{CategoryID: 1, ValidFrom: ymd("2022-01-01")}}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		edit  func(g *CategoryGroup)
		field string
	}{
		{"code", func(g *CategoryGroup) { g.Code = "Bild och funktion" }, "code"},
		{"swedish name", func(g *CategoryGroup) { g.NameSV = " " }, "name_sv"},
		{"english name", func(g *CategoryGroup) { g.NameEN = "" }, "name_en"},
		{"no placement", func(g *CategoryGroup) { g.Placements = nil }, "category_id"},
		{"no start", func(g *CategoryGroup) { g.Placements[0].ValidFrom = time.Time{} }, "valid_from"},
		{"end before start", func(g *CategoryGroup) { g.Placements[0].ValidTo = ymd("2021-01-01") }, "valid_to"},
		{"overlap", func(g *CategoryGroup) {
			g.Placements = append(g.Placements, GroupPlacement{CategoryID: 2, ValidFrom: ymd("2023-01-01")})
		}, "valid_from"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := ok
			g.Placements = append([]GroupPlacement(nil), ok.Placements...)
			tt.edit(&g)
			if _, has := ErrorFields(g.Validate())[tt.field]; !has {
				t.Errorf("want a problem with %s, got %v", tt.field, g.Validate())
			}
		})
	}
}

func TestScopeVersion(t *testing.T) {
	s := ScopeVersion{ValidFrom: ymd("2023-01-01"), TextSV: " Utrustning ", TextEN: "Equipment"}
	if err := s.Validate(); err != nil || s.TextSV != "Utrustning" {
		t.Fatalf("valid scope: %v %q", err, s.TextSV)
	}
	if s.Text("en") != "Equipment" || s.Text("sv") != "Utrustning" {
		t.Error("Text picks the language")
	}
	bad := ScopeVersion{}
	fields := ErrorFields(bad.Validate())
	for _, f := range []string{"valid_from", "text_sv", "text_en"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("empty scope: no problem with %s", f)
		}
	}
}

func TestResponsibilitiesMayNotOverlapForOneRegion(t *testing.T) {
	c := Category{Code: "ict", NameSV: "IKT", NameEN: "ICT", Responsible: []Responsibility{
		{RegionID: 1, ValidFrom: ymd("2022-01-01"), ValidTo: ymd("2023-01-01")},
		{RegionID: 3, ValidFrom: ymd("2022-06-01")}, // another region may share the category
		{RegionID: 1, ValidFrom: ymd("2023-01-01")}, // the same region again, after the first period
	}}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	c.Responsible[2].ValidFrom = ymd("2022-12-01")
	want := "The same region is responsible twice from 2022-12-01; end one period before the next begins."
	if got := ErrorFields(c.Validate())["valid_from"].String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCategoryTimeline(t *testing.T) {
	r := register2023()
	med, _ := r.Category("medical-technology")
	ict, _ := r.Category("ict")
	describe := func(evs []CategoryEvent) []string {
		var out []string
		for _, e := range evs {
			s := e.On.Format(time.DateOnly) + " " + string(e.Kind)
			if e.Region != "" {
				s += " " + e.Region
			}
			if e.Group != nil {
				s += " " + e.Group.Code
			}
			if e.Other != nil {
				s += " ↔ " + e.Other.Code
			}
			out = append(out, s)
		}
		return out
	}
	for _, tt := range []struct {
		c    *Category
		want []string
	}{
		{med, []string{
			"2022-01-01 scope", "2022-01-01 responsible_from Blekinge", "2022-01-01 group_in imaging-function", "2022-01-01 group_in infusion",
			"2023-01-01 group_out imaging-function ↔ ict", "2023-01-01 scope",
		}},
		{ict, []string{
			"2022-01-01 responsible_from Stockholm",
			"2023-01-01 responsible_to Stockholm", "2023-01-01 responsible_from Uppsala", "2023-01-01 group_in imaging-function ↔ medical-technology",
		}},
	} {
		if got := describe(r.Timeline(tt.c)); !equalStrings(got, tt.want) {
			t.Errorf("%s timeline:\n got %q\nwant %q", tt.c.Code, got, tt.want)
		}
	}
}
