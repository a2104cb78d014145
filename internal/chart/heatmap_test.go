package chart

import (
	"strings"
	"testing"
)

func sampleHeatmap() Heatmap {
	return Heatmap{ID: "Risk 2022", Title: "Risker <2022> & mer", Desc: "Samma siffror finns i tabellen.",
		Rows:    []string{"Råvaruutvinning", "Slutproduktion"},
		Columns: []string{"Mänskliga rättigheter", "Miljö"},
		Cells: [][]HeatCell{
			{{Text: "16", Level: 4, Tip: "Råvaruutvinning, Mänskliga rättigheter: 16"}, {Text: "–", Level: 0}},
			{{Text: "6", Level: 2}, {Text: "3", Level: 9}}, // out-of-range levels clamp
		},
		Legend: []string{"Ej bedömd", "Låg", "Medel", "Hög", "Mycket hög"}}
}

func TestHeatmapWellFormedAndAccessible(t *testing.T) {
	for _, h := range []Heatmap{sampleHeatmap(), {ID: "empty", Title: "Tom"}, {ID: "ragged", Title: "x", Rows: []string{"a", "b"}, Columns: []string{"c"}, Cells: [][]HeatCell{{}}}} {
		svg := string(h.SVG())
		parse(t, svg)
		if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, `aria-labelledby="chart-`+sanitizeID(h.ID)+`-title`) {
			t.Errorf("%s: not labelled: %.200s", h.ID, svg)
		}
		for _, bad := range []string{"NaN", "Inf", "style=", "<script"} {
			if strings.Contains(svg, bad) {
				t.Errorf("%s: output contains %q", h.ID, bad)
			}
		}
	}
	svg := string(sampleHeatmap().SVG())
	if !strings.Contains(svg, "Risker &lt;2022&gt; &amp; mer") {
		t.Error("title not escaped")
	}
	if strings.Count(svg, `class="heat heat-l4"`) != 2 || !strings.Contains(svg, `>16</text>`) {
		t.Errorf("cells: %s", svg)
	}
}

// Every level's fill has a text colour with 4.5:1 contrast, so the value
// printed in each cell is readable.
func TestHeatColorsReadable(t *testing.T) {
	for i, c := range heatColors {
		if onColor(c) == "" {
			t.Errorf("level %d (%s): no text colour reaches 4.5:1", i, c)
		}
	}
}

func TestSplitLabel(t *testing.T) {
	for in, want := range map[string][2]string{
		"Mänskliga rättigheter":   {"Mänskliga", "rättigheter"},
		"Led i leverantörskedjan": {"Led i", "leverantörskedjan"},
		"Antikorruption":          {"Antikorruption", ""},
	} {
		if a, b := splitLabel(in); a != want[0] || b != want[1] {
			t.Errorf("splitLabel(%q) = %q, %q", in, a, b)
		}
	}
}
