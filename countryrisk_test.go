package tillit

import "testing"

func TestCountries(t *testing.T) {
	cs := Countries()
	if len(cs) != 249 {
		t.Fatalf("%d countries, want the 249 of ISO 3166-1", len(cs))
	}
	for i := 1; i < len(cs); i++ {
		if cs[i-1].Code >= cs[i].Code {
			t.Fatalf("not sorted by code at %s, %s", cs[i-1].Code, cs[i].Code)
		}
	}
	tests := []struct {
		in, want string
	}{
		{"SE", "SE"}, {"pk", "PK"}, {"Sverige", "SE"}, {"sweden", "SE"}, {"Kina", "CN"}, {" Elfenbenskusten ", "CI"},
		{"XK", ""}, {"EU", ""}, {"Narnia", ""}, {"", ""},
	}
	for _, tt := range tests {
		c, ok := FindCountry(tt.in)
		if ok != (tt.want != "") || c.Code != tt.want {
			t.Errorf("FindCountry(%q) = %q, %v; want %q", tt.in, c.Code, ok, tt.want)
		}
	}
	if CountryName("SE", English) != "Sweden" || CountryName("SE", Swedish) != "Sverige" || CountryName("QQ", Swedish) != "QQ" {
		t.Error("CountryName")
	}
}

func TestRiskIndexLevelsAndValidation(t *testing.T) {
	high := RiskIndex{Name: "A", Year: 2024, Source: "Invented.", ScaleMin: 0, ScaleMax: 100, HighIsRisky: true}
	high.DefaultThresholds()
	low := RiskIndex{Name: "B", Year: 2024, Source: "Invented.", ScaleMin: 1, ScaleMax: 5}
	low.DefaultThresholds()
	if low.ThresholdMedium != 4 || low.ThresholdHigh != 3 || low.ThresholdVeryHigh != 2 {
		t.Fatalf("quartiles of 1–5, low is risky: %v %v %v", low.ThresholdMedium, low.ThresholdHigh, low.ThresholdVeryHigh)
	}
	levels := []struct {
		x     *RiskIndex
		score float64
		want  RiskLevel
	}{
		{&high, 24.99, RiskLow}, {&high, 25, RiskMedium}, {&high, 50, RiskHigh}, {&high, 75, RiskVeryHigh},
		{&low, 5, RiskLow}, {&low, 4, RiskMedium}, {&low, 3, RiskHigh}, {&low, 2, RiskVeryHigh}, {&low, 1, RiskVeryHigh},
	}
	for _, tt := range levels {
		if got := tt.x.Level(tt.score); got != tt.want {
			t.Errorf("%s: score %v is %s, want %s", tt.x.Name, tt.score, got, tt.want)
		}
	}
	bad := []struct {
		name  string
		edit  func(*RiskIndex)
		field string
	}{
		{"no name", func(x *RiskIndex) { x.Name = " " }, "name"},
		{"no source", func(x *RiskIndex) { x.Source = "" }, "source"},
		{"year", func(x *RiskIndex) { x.Year = 24 }, "year"},
		{"empty scale", func(x *RiskIndex) { x.ScaleMax = 0 }, "scale_max"},
		{"threshold off the scale", func(x *RiskIndex) { x.ThresholdVeryHigh = 101 }, "thresholds"},
		{"thresholds out of order", func(x *RiskIndex) { x.ThresholdHigh = 10 }, "thresholds"},
	}
	for _, tt := range bad {
		x := high
		tt.edit(&x)
		if _, ok := ErrorFields(x.Validate())[tt.field]; !ok {
			t.Errorf("%s: %v, want a problem with %s", tt.name, x.Validate(), tt.field)
		}
	}
	if err := high.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := low.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestParseScore(t *testing.T) {
	for in, want := range map[string]float64{"72.5": 72.5, "72,5": 72.5, "-3": -3, " 7 ": 7, "0.123456": 0.1235} {
		if got, ok := ParseScore(in); !ok || got != want {
			t.Errorf("ParseScore(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "abc", "1e3", "1 000", "NaN", "Inf", "1,5,5", "1.5,5"} {
		if _, ok := ParseScore(in); ok {
			t.Errorf("ParseScore(%q) accepted", in)
		}
	}
}
