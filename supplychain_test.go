package tillit

import "testing"

func TestParsePercent(t *testing.T) {
	for in, want := range map[string]Permille{"20": 200, "19,9": 199, "19.9": 199, "100 %": 1000, "0.5%": 5, "35": 350} {
		if got, ok := ParsePercent(in); !ok || got != want {
			t.Errorf("ParsePercent(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "abc", "19.95", "1000", "-5", "2,", ".5", "1e2"} {
		if _, ok := ParsePercent(in); ok {
			t.Errorf("ParsePercent(%q) accepted", in)
		}
	}
	if Permille(199).In(Swedish) != "19,9" || Permille(200).In(English) != "20" || Permille(5).In(English) != "0.5" {
		t.Error("Permille.In")
	}
}

func TestProductValidate(t *testing.T) {
	ok := Product{SupplierID: 1, CategoryID: 2, Name: "Lakan",
		Materials: []MaterialLine{{MaterialCotton, 600}, {MaterialPolyester, 400}}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("exactly 100 %%: %v", err)
	}
	if ok.Share(MaterialCotton) != 600 || ok.Share(MaterialWool) != 0 {
		t.Error("Share")
	}
	tests := []struct {
		name  string
		lines []MaterialLine
		field string
	}{
		{"over 100 %", []MaterialLine{{MaterialCotton, 600}, {MaterialPolyester, 401}}, "materials"},
		{"a material twice", []MaterialLine{{MaterialCotton, 100}, {MaterialCotton, 100}}, "materials[1]"},
		{"unknown material", []MaterialLine{{Material("silk"), 100}}, "materials[0]"},
		{"no share", []MaterialLine{{MaterialCotton, 0}}, "materials[0]"},
	}
	for _, tt := range tests {
		p := ok
		p.Materials = tt.lines
		if _, found := ErrorFields(p.Validate())[tt.field]; !found {
			t.Errorf("%s: %v, want a problem with %s", tt.name, p.Validate(), tt.field)
		}
	}
	if _, found := ErrorFields((&Product{}).Validate())["name"]; !found {
		t.Error("a product without a name")
	}
	if _, found := ErrorFields((&SiteLink{SiteID: 3, SubSiteID: 3}).Validate())["sub_site"]; !found {
		t.Error("a site supplying itself")
	}
}
