package tillit

import (
	"testing"
	"time"
)

func TestRiskCellLevels(t *testing.T) {
	for _, c := range []struct {
		l, s  int
		score int
		level RiskLevel
	}{
		{0, 0, 0, RiskNotAssessed}, {1, 1, 1, RiskLow}, {1, 3, 3, RiskLow}, {2, 2, 4, RiskMedium},
		{2, 3, 6, RiskMedium}, {2, 4, 8, RiskHigh}, {3, 3, 9, RiskHigh}, {3, 4, 12, RiskVeryHigh}, {4, 4, 16, RiskVeryHigh},
	} {
		cell := RiskCell{Likelihood: c.l, Severity: c.s}
		if cell.Score() != c.score || cell.Level() != c.level {
			t.Errorf("%d×%d: score %d level %s, want %d %s", c.l, c.s, cell.Score(), cell.Level(), c.score, c.level)
		}
	}
}

func TestRiskAnalysisValidate(t *testing.T) {
	ok := NewRiskAnalysis(1, 2022, "Kirurgiska instrument", "Instrument för engångs- och flergångsbruk")
	if len(ok.Cells) != len(SupplyChainStages)*len(SustainabilityAreas) {
		t.Fatalf("%d cells", len(ok.Cells))
	}
	if err := ok.Validate(); err != nil {
		t.Fatalf("new analysis: %v", err)
	}
	tests := []struct {
		name  string
		edit  func(a *RiskAnalysis)
		field string
	}{
		{"no title", func(a *RiskAnalysis) { a.Title = " " }, "title"},
		{"no category", func(a *RiskAnalysis) { a.CategoryID = 0 }, "category"},
		{"bad year", func(a *RiskAnalysis) { a.Year = 1999 }, "year"},
		{"rating 5", func(a *RiskAnalysis) { a.Cells[0].Likelihood, a.Cells[0].Severity = 5, 2 }, "cell.raw_material.human_rights"},
		{"half rated", func(a *RiskAnalysis) { a.Cells[1].Likelihood = 2 }, "cell.raw_material.labour_rights"},
		{"duplicate cell", func(a *RiskAnalysis) { a.Cells = append(a.Cells, a.Cells[0]) }, "cells"},
		{"bad country", func(a *RiskAnalysis) { a.Countries = []CountryConcern{{Country: "Pakistan"}} }, "countries"},
		{"country twice", func(a *RiskAnalysis) { a.Countries = []CountryConcern{{Country: "PK"}, {Country: "PK"}} }, "countries"},
		{"unnamed product", func(a *RiskAnalysis) { a.Products = []ProductGroup{{Priority: 1}} }, "products"},
		{"priority 0", func(a *RiskAnalysis) { a.Products = []ProductGroup{{Name: "Handskar"}} }, "products"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := NewRiskAnalysis(1, 2022, "Kirurgiska instrument", "")
			tt.edit(a)
			err := a.Validate()
			if _, ok := ErrorFields(err)[tt.field]; !ok {
				t.Errorf("Validate() = %v (%v), want a problem with %s", err, ErrorFields(err), tt.field)
			}
		})
	}
}

func TestRiskAnalysisApprove(t *testing.T) {
	a := NewRiskAnalysis(1, 2022, "Textilier", "")
	at := time.Date(2022, 5, 1, 10, 0, 0, 0, time.UTC)
	if err := a.Approve("Lena", at); ErrorCode(err) != EINVALID {
		t.Fatalf("approving an empty matrix: %v", err)
	}
	c := a.Cell(StageRawMaterial, AreaLabourRights)
	c.Likelihood, c.Severity = 4, 4
	if err := a.Approve("Lena", at); err != nil {
		t.Fatal(err)
	}
	if a.Status != RiskApproved || !a.ApprovedAt.Equal(at) || a.ApprovedBy != "Lena" {
		t.Errorf("after approval: %+v", a)
	}
	if ErrorCode(a.CanEdit()) != ECONFLICT || ErrorCode(a.Approve("Lena", at)) != ECONFLICT {
		t.Error("an approved analysis can still change")
	}
}

func TestCompareRisk(t *testing.T) {
	a := NewRiskAnalysis(1, 2022, "Textilier", "")
	b := NewRiskAnalysis(1, 2023, "Textilier", "")
	a.Cell(StageRawMaterial, AreaLabourRights).Likelihood, a.Cell(StageRawMaterial, AreaLabourRights).Severity = 3, 4
	b.Cell(StageRawMaterial, AreaLabourRights).Likelihood, b.Cell(StageRawMaterial, AreaLabourRights).Severity = 4, 4
	b.Cell(StageWaste, AreaEnvironment).Likelihood, b.Cell(StageWaste, AreaEnvironment).Severity = 1, 2
	d := CompareRisk(a, b)
	if len(d) != 2 || d[0].Stage != StageRawMaterial || d[0].ScoreChange != 4 || d[0].LevelChanged ||
		d[1].Stage != StageWaste || d[1].ScoreChange != 2 || !d[1].LevelChanged {
		t.Errorf("differences: %+v", d)
	}
}

func TestParseRiskLines(t *testing.T) {
	cs, err := ParseCountryLines("pk; Handgjorda instrument i Sialkot\r\n\nMY;Handskar\n")
	if err != nil || len(cs) != 2 || cs[0].Country != "PK" || cs[0].Reason != "Handgjorda instrument i Sialkot" || cs[1].Country != "MY" {
		t.Errorf("countries: %+v, %v", cs, err)
	}
	if _, err := ParseCountryLines("Pakistan; x"); err == nil {
		t.Error("a country name instead of a code is accepted")
	}
	ps, err := ParseProductLines("Handskar; 1; tvångsarbete rapporterat\nSaxar")
	if err != nil || len(ps) != 2 || ps[0].Priority != 1 || ps[0].Reason != "tvångsarbete rapporterat" || ps[1].Name != "Saxar" || ps[1].Priority != 2 {
		t.Errorf("products: %+v, %v", ps, err)
	}
	if _, err := ParseProductLines("Handskar; först"); err == nil {
		t.Error("a priority in words is accepted")
	}
}

func TestProblemsMergeKeepsFirst(t *testing.T) {
	p := Problems{}
	p.Add("countries", "Line 1: precise.")
	other := Problems{}
	other.Add("countries", "General.")
	other.Add("title", "Give a title.")
	p.Merge(other.Err())
	p.Merge(nil)
	if p["countries"].Format != "Line 1: precise." || p["title"].Format != "Give a title." || len(p) != 2 {
		t.Errorf("merged: %v", p)
	}
}
