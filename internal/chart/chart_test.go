package chart

import (
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.svg from the current output")

// samples covers every shape of chart; most tests run over all of them.
func samples() []struct {
	name string
	bars Bars
} {
	regions := []string{"Region Stockholm", "Västra Götalandsregionen", "Region Skåne", "Region Uppsala"}
	return []struct {
		name string
		bars Bars
	}{
		{"single", Bars{ID: "single", Title: "Uppföljningar per region", Desc: "Data i tabellen nedan.",
			Categories: regions, Series: []Series{{Name: "Uppföljningar", Values: []float64{42, 37, 12, 1234}}}}},
		{"grouped", Bars{ID: "grouped", Title: "Avvikelser", Desc: "Data i tabellen nedan.",
			Categories: []string{"2021", "2022", "2023"},
			Series: []Series{
				{Name: "Öppna", Values: []float64{3, 5, 2}},
				{Name: "Stängda", Values: []float64{10, 14, 21}},
				{Name: "Allvarliga", Values: []float64{1, 0, 4}},
			}}},
		{"stacked", Bars{ID: "stacked", Title: "Status", Desc: "Data i tabellen nedan.", Stacked: true,
			Categories: []string{"Q1", "Q2", "Q3", "Q4"},
			Series: []Series{
				{Name: "Planerad", Values: []float64{20, 15, 8, 1}},
				{Name: "Pågående", Values: []float64{5, 12, 18, 9}},
				{Name: "Klar", Values: []float64{0, 3, 9, 30}},
			}}},
		{"horizontal", Bars{ID: "funnel", Title: "Tratt", Desc: "Data i tabellen nedan.", Horizontal: true,
			Categories: []string{"Avtal med hållbarhetskrav", "Uppföljning planerad", "Uppföljning genomförd", "Avvikelse åtgärdad"},
			Series:     []Series{{Name: "Antal", Values: []float64{1480, 920, 610, 85}}}}},
		{"horizontal-grouped", Bars{ID: "hg", Title: "Per kategori", Horizontal: true,
			Categories: []string{"IT", "Livsmedel", "Textil"},
			Series: []Series{
				{Name: "2022", Values: []float64{12, 30, 7}},
				{Name: "2023", Values: []float64{18, 26, 11}},
			}}},
		{"horizontal-stacked", Bars{ID: "hs", Title: "Per kategori", Horizontal: true, Stacked: true,
			Categories: []string{"IT", "Livsmedel", "Textil"},
			Series: []Series{
				{Name: "Mindre", Values: []float64{12, 30, 1}},
				{Name: "Större", Values: []float64{18, 26, 11}},
			}}},
		{"empty", Bars{ID: "empty", Title: "Inga data"}},
		{"empty-horizontal", Bars{ID: "empty-h", Title: "Inga data", Horizontal: true, Series: []Series{{Name: "A"}}}},
		{"all-zeros", Bars{ID: "zeros", Title: "Nollor", Categories: []string{"a", "b"},
			Series: []Series{{Name: "A", Values: []float64{0, 0}}, {Name: "B", Values: []float64{0, 0}}}, Stacked: true}},
		{"all-zeros-horizontal", Bars{ID: "zeros-h", Title: "Nollor", Horizontal: true, Categories: []string{"a", "b"},
			Series: []Series{{Name: "A", Values: []float64{0, 0}}}}},
		{"one-category", Bars{ID: "one", Title: "En", Categories: []string{"Enda"}, Series: []Series{{Name: "A", Values: []float64{7}}}}},
		{"negative", Bars{ID: "neg", Title: "Negativa", Categories: []string{"a", "b", "c"},
			Series: []Series{{Name: "A", Values: []float64{-5, 3, -1e9}}}}},
		{"not-finite", Bars{ID: "nan", Title: "Ej ändliga", Horizontal: true, Categories: []string{"a", "b", "c"},
			Series: []Series{{Name: "A", Values: []float64{math.NaN(), math.Inf(1), math.Inf(-1)}}}}},
		{"short-values", Bars{ID: "short", Title: "Kort", Categories: []string{"a", "b", "c"},
			Series: []Series{{Name: "A", Values: []float64{1}}, {Name: "B", Values: []float64{1, 2, 3, 4, 5}}}}},
		{"fractions", Bars{ID: "frac", Title: "Andel", Categories: []string{"a", "b"},
			Series: []Series{{Name: "A", Values: []float64{0.25, 0.8}}},
			Format: func(v float64) string { return strconv.FormatFloat(v*100, 'f', 0, 64) + " %" }}},
		{"many-series", Bars{ID: "many", Title: "Många", Categories: []string{"a", "b"},
			Series: []Series{{Name: "1", Values: []float64{1, 2}}, {Name: "2", Values: []float64{2, 3}}, {Name: "3", Values: []float64{3, 4}},
				{Name: "4", Values: []float64{4, 5}}, {Name: "5", Values: []float64{5, 6}}, {Name: "6", Values: []float64{6, 7}},
				{Name: "7", Values: []float64{7, 8}}}}},
		{"narrow", Bars{ID: "narrow", Title: "Smal", Width: 10, Horizontal: true,
			Categories: []string{"Ett mycket långt kategorinamn som inte får plats"},
			Series:     []Series{{Name: "A", Values: []float64{123456789}}}}},
		{"huge", Bars{ID: "huge", Title: "Stor", Categories: []string{"a"}, Series: []Series{{Name: "A", Values: []float64{math.MaxFloat64}}}}},
		{"long-format", Bars{ID: "longfmt", Title: "Lång", Width: 240, Categories: []string{"a", "b"}, Series: []Series{{Name: "A", Values: []float64{1, 2}}},
			Format: func(v float64) string { return strings.Repeat("lång text ", 10) + strconv.Itoa(int(v)) }}},
		{"long-format-horizontal", Bars{ID: "longfmt-h", Title: "Lång", Width: 240, Horizontal: true, Categories: []string{"a", "b"},
			Series: []Series{{Name: "A", Values: []float64{1, 2}}, {Name: "B", Values: []float64{3, 2}}}, Stacked: true,
			Format: func(v float64) string { return strings.Repeat("lång text ", 10) + strconv.Itoa(int(v)) }}},
		{"many-categories", Bars{ID: "cats", Title: "Många kategorier", Categories: strings.Split("jan feb mar apr maj jun jul aug sep okt nov dec", " "),
			Series: []Series{{Name: "A", Values: []float64{100, 2000, 30000, 400000, 5, 60, 700, 8000, 90000, 1, 22, 333}}}}},
	}
}

// node is a parsed XML element.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) walk(f func(node)) {
	f(n)
	for _, c := range n.Nodes {
		c.walk(f)
	}
}

// parse proves svg is one well-formed XML element and returns it.
func parse(t *testing.T, svg string) node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	var root node
	if err := d.Decode(&root); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, svg)
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		t.Fatalf("content after the root element (err %v)", err)
	}
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root is %v, want svg", root.XMLName)
	}
	return root
}

func TestWellFormed(t *testing.T) {
	for _, tc := range samples() {
		t.Run(tc.name, func(t *testing.T) {
			out := string(tc.bars.SVG())
			root := parse(t, out)
			for _, bad := range []string{"NaN", "Inf", "style", "<script", "e+"} {
				if strings.Contains(out, bad) {
					t.Errorf("output contains %q", bad)
				}
			}
			if got := root.attr("width"); got != "100%" {
				t.Errorf("width = %q, want 100%%", got)
			}
			if got := root.attr("role"); got != "img" {
				t.Errorf("role = %q, want img", got)
			}
			vbW, vbH := viewBox(t, root)
			checkNumbers(t, root, vbW, vbH)
			if again := string(tc.bars.SVG()); again != out {
				t.Error("output differs between two calls")
			}
		})
	}
}

// checkNumbers checks every numeric attribute: a plain non-negative number
// with at most one decimal, and bars inside the viewBox.
func checkNumbers(t *testing.T, root node, vbW, vbH float64) {
	t.Helper()
	numericAttr := map[string]bool{"x": true, "y": true, "x1": true, "y1": true, "x2": true, "y2": true,
		"width": true, "height": true, "font-size": true, "stroke-width": true}
	root.walk(func(n node) {
		for _, a := range n.Attrs {
			if !numericAttr[a.Name.Local] || a.Name.Local == "width" && n.XMLName.Local == "svg" {
				continue
			}
			v, err := strconv.ParseFloat(a.Value, 64)
			if err != nil || strings.ContainsAny(a.Value, "eE+") {
				t.Errorf("<%s %s=%q>: not a plain number", n.XMLName.Local, a.Name.Local, a.Value)
				continue
			}
			if _, frac, ok := strings.Cut(a.Value, "."); ok && len(frac) > 1 {
				t.Errorf("<%s %s=%q>: more than one decimal", n.XMLName.Local, a.Name.Local, a.Value)
			}
			if v < 0 {
				t.Errorf("<%s %s=%q>: negative", n.XMLName.Local, a.Name.Local, a.Value)
			}
		}
		if n.XMLName.Local == "rect" {
			x, _ := strconv.ParseFloat(n.attr("x"), 64)
			w, _ := strconv.ParseFloat(n.attr("width"), 64)
			y, _ := strconv.ParseFloat(n.attr("y"), 64)
			h, _ := strconv.ParseFloat(n.attr("height"), 64)
			if x+w > vbW+0.2 || y+h > vbH+0.2 {
				t.Errorf("rect %v,%v %v×%v sticks out of the viewBox %v×%v", x, y, w, h, vbW, vbH)
			}
		}
	})
}

// viewBox returns the chart's size.
func viewBox(t *testing.T, root node) (w, h float64) {
	t.Helper()
	vb := strings.Fields(root.attr("viewBox"))
	if len(vb) != 4 || vb[0] != "0" || vb[1] != "0" {
		t.Fatalf("viewBox = %q", root.attr("viewBox"))
	}
	w, err1 := strconv.ParseFloat(vb[2], 64)
	h, err2 := strconv.ParseFloat(vb[3], 64)
	if err1 != nil || err2 != nil || w < minWidth || !(h > 0) {
		t.Fatalf("viewBox = %q", root.attr("viewBox"))
	}
	return w, h
}

func TestAriaLabelledbyRefersToIDs(t *testing.T) {
	for _, tc := range samples() {
		t.Run(tc.name, func(t *testing.T) {
			root := parse(t, string(tc.bars.SVG()))
			ids := map[string]string{}
			root.walk(func(n node) {
				if id := n.attr("id"); id != "" {
					if _, dup := ids[id]; dup {
						t.Errorf("duplicate id %q", id)
					}
					ids[id] = n.XMLName.Local
				}
			})
			refs := strings.Fields(root.attr("aria-labelledby"))
			if len(refs) == 0 {
				t.Fatal("no aria-labelledby")
			}
			if ids[refs[0]] != "title" {
				t.Errorf("aria-labelledby starts with %q, which is a %q, want the title", refs[0], ids[refs[0]])
			}
			for _, r := range refs {
				if ids[r] == "" {
					t.Errorf("aria-labelledby refers to %q, which does not exist", r)
				}
			}
			if tc.bars.Desc != "" && (len(refs) != 2 || ids[refs[1]] != "desc") {
				t.Errorf("aria-labelledby = %q, want the title and the desc", refs)
			}
			// The title and desc must be the first children, where
			// assistive technology looks for them.
			if len(root.Nodes) == 0 || root.Nodes[0].XMLName.Local != "title" || root.Nodes[0].Text != tc.bars.Title {
				t.Errorf("first child is not <title>%s</title>", tc.bars.Title)
			}
		})
	}
}

func TestEscaping(t *testing.T) {
	const evil = `<script>alert("x")</script> & 'Q' "D"`
	b := Bars{
		ID:         `"><script>`,
		Title:      "Titel " + evil,
		Desc:       "Desc " + evil,
		Categories: []string{"Kat " + evil, "AB & Co", "ctrl \x00\x1b\xff"},
		Series: []Series{
			{Name: "Serie " + evil, Values: []float64{1, 2, 3}},
			{Name: "Två", Values: []float64{3, 2, 1}},
		},
		Format: func(v float64) string { return "<b>" + strconv.Itoa(int(v)) + "</b> & co" },
	}
	for _, horizontal := range []bool{false, true} {
		for _, stacked := range []bool{false, true} {
			b.Horizontal, b.Stacked = horizontal, stacked
			out := string(b.SVG())
			if strings.Contains(out, "<script") || strings.Contains(out, "<b>") {
				t.Fatalf("unescaped markup in\n%s", out)
			}
			var texts []string
			parse(t, out).walk(func(n node) { texts = append(texts, n.Text) })
			all := strings.Join(texts, "\n")
			for _, want := range []string{"Titel " + evil, "Desc " + evil, "Kat " + evil, "AB & Co", "Serie " + evil, "<b>2</b> & co", "ctrl \uFFFD\uFFFD\uFFFD"} {
				if !strings.Contains(all, want) {
					t.Errorf("horizontal=%v stacked=%v: text %q not in output", horizontal, stacked, want)
				}
			}
		}
	}
}

func TestSanitizeID(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"annual-2023", "annual-2023"},
		{"Årsrapport 2023", "rsrapport-2023"},
		{"  Per Region/Kategori  ", "per-region-kategori"},
		{`"><script>`, "script"},
		{"a--b__c", "a-b-c"},
		{"", "chart"},
		{"åäö", "chart"},
	} {
		if got := sanitizeID(tc.in); got != tc.want {
			t.Errorf("sanitizeID(%q) = %q, want %q", tc.in, got, tc.want)
		}
		out := string(Bars{ID: tc.in, Title: "t", Desc: "d"}.SVG())
		if !strings.Contains(out, `id="chart-`+tc.want+`-title"`) {
			t.Errorf("ID %q: title id not chart-%s-title", tc.in, tc.want)
		}
	}
}

// TestContrast checks the WCAG formula on known pairs, then the palette.
func TestContrast(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#777777", "#ffffff", 4.48},
		{"#767676", "#ffffff", 4.54},
	} {
		if got := contrast(tc.a, tc.b); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("contrast(%s, %s) = %.3f, want %.2f", tc.a, tc.b, got, tc.want)
		}
	}
	if got := contrast(textColor, white); got < 4.5 {
		t.Errorf("text colour contrast %.2f < 4.5", got)
	}
	if got := contrast(gridColor, white); got >= 3 {
		// Not a requirement; just a reminder that grid lines are
		// decoration and the axis values carry the information.
		t.Logf("grid contrast %.2f", got)
	}
	for i, c := range palette {
		// WCAG 1.4.11: bars and legend swatches against the white page.
		if got := contrast(c, white); got < 3 {
			t.Errorf("palette[%d] %s: contrast with white %.2f < 3", i, c, got)
		}
		// Labels inside stacked segments need 4.5:1 against the bar.
		fg := onColor(c)
		if fg == "" {
			t.Errorf("palette[%d] %s: takes neither white nor dark text", i, c)
		} else if got := contrast(fg, c); got < 4.5 {
			t.Errorf("palette[%d] %s: text %s contrast %.2f < 4.5", i, c, fg, got)
		}
	}
}

// TestPaletteColourBlind simulates protanopia, deuteranopia and tritanopia
// (Machado, Oliveira & Fernandes 2009, severity 1.0, applied in linear RGB)
// and requires every pair of palette colours to stay clearly apart in CIELAB
// (ΔE*76 ≥ 25; about 2.3 is a just-noticeable difference).
func TestPaletteColourBlind(t *testing.T) {
	sims := []struct {
		name string
		m    [9]float64
	}{
		{"normal", [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}},
		{"protanopia", [9]float64{0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998}},
		{"deuteranopia", [9]float64{0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.011820, 0.042940, 0.968881}},
		{"tritanopia", [9]float64{1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.303900}},
	}
	lin := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	lab := func(hex string, m [9]float64) [3]float64 {
		v, _ := strconv.ParseUint(hex[1:], 16, 32)
		c := [3]float64{lin(v >> 16 & 0xff), lin(v >> 8 & 0xff), lin(v & 0xff)}
		var s [3]float64
		for i := range s {
			s[i] = math.Min(1, math.Max(0, m[3*i]*c[0]+m[3*i+1]*c[1]+m[3*i+2]*c[2]))
		}
		x := (0.4124*s[0] + 0.3576*s[1] + 0.1805*s[2]) / 0.95047
		y := 0.2126*s[0] + 0.7152*s[1] + 0.0722*s[2]
		z := (0.0193*s[0] + 0.1192*s[1] + 0.9505*s[2]) / 1.08883
		f := func(t float64) float64 {
			if t > 216.0/24389 {
				return math.Cbrt(t)
			}
			return (24389.0/27*t + 16) / 116
		}
		return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
	}
	for _, sim := range sims {
		for i := range palette {
			for j := i + 1; j < len(palette); j++ {
				a, b := lab(palette[i], sim.m), lab(palette[j], sim.m)
				d := math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
				if d < 25 {
					t.Errorf("%s: %s and %s only ΔE %.1f apart", sim.name, palette[i], palette[j], d)
				}
			}
		}
	}
}

// rects returns the bars (not legend swatches) in document order.
func rects(root node) []node {
	var out []node
	root.walk(func(n node) {
		if n.XMLName.Local == "rect" && strings.Contains(n.attr("class"), "chart-bar") {
			out = append(out, n)
		}
	})
	return out
}

func floatAttr(t *testing.T, n node, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

func TestBarLengthsProportional(t *testing.T) {
	b := Bars{ID: "p", Title: "p", Horizontal: true, Categories: []string{"a", "b", "c"},
		Series: []Series{{Name: "A", Values: []float64{10, 20, 40}}}}
	rs := rects(parse(t, string(b.SVG())))
	if len(rs) != 3 {
		t.Fatalf("%d bars, want 3", len(rs))
	}
	w := []float64{floatAttr(t, rs[0], "width"), floatAttr(t, rs[1], "width"), floatAttr(t, rs[2], "width")}
	if math.Abs(w[1]-2*w[0]) > 0.2 || math.Abs(w[2]-4*w[0]) > 0.4 {
		t.Errorf("widths %v, want 1:2:4", w)
	}
	// All bars start on the baseline.
	for _, r := range rs {
		if r.attr("x") != rs[0].attr("x") {
			t.Errorf("bar starts at x=%s, want %s", r.attr("x"), rs[0].attr("x"))
		}
	}

	// Vertical: heights in proportion, bottoms on the baseline.
	b.Horizontal = false
	rs = rects(parse(t, string(b.SVG())))
	h := []float64{floatAttr(t, rs[0], "height"), floatAttr(t, rs[1], "height"), floatAttr(t, rs[2], "height")}
	if math.Abs(h[1]-2*h[0]) > 0.2 || math.Abs(h[2]-4*h[0]) > 0.4 {
		t.Errorf("heights %v, want 1:2:4", h)
	}
	bottom := floatAttr(t, rs[0], "y") + h[0]
	for i, r := range rs {
		if got := floatAttr(t, r, "y") + h[i]; math.Abs(got-bottom) > 0.15 {
			t.Errorf("bar %d ends at %v, want %v", i, got, bottom)
		}
	}
}

func TestStackedSegmentsAddUp(t *testing.T) {
	b := Bars{ID: "s", Title: "s", Horizontal: true, Stacked: true, Categories: []string{"a", "b"},
		Series: []Series{{Name: "A", Values: []float64{10, 1}}, {Name: "B", Values: []float64{30, 39}}}}
	root := parse(t, string(b.SVG()))
	rs := rects(root)
	if len(rs) != 4 {
		t.Fatalf("%d segments, want 4", len(rs))
	}
	// Both stacks total 40, so both end at the same x.
	end := func(r node) float64 { return floatAttr(t, r, "x") + floatAttr(t, r, "width") }
	if d := math.Abs(end(rs[1]) - end(rs[3])); d > 0.2 {
		t.Errorf("stacks of equal totals end %v apart", d)
	}
	// Segment 2 starts where segment 1 ends.
	if d := math.Abs(end(rs[0]) - floatAttr(t, rs[1], "x")); d > 0.15 {
		t.Errorf("gap of %v between segments", d)
	}
	// The segment of 1 is too short for its label; the others carry theirs,
	// and each stack has its total at the end.
	var values []string
	root.walk(func(n node) {
		if n.XMLName.Local == "g" && n.attr("class") == "chart-values" {
			for _, c := range n.Nodes {
				values = append(values, c.Text)
			}
		}
	})
	if got, want := strings.Join(values, " "), "10 30 40 39 40"; got != want {
		t.Errorf("value labels %q, want %q", got, want)
	}
}

// TestNegativeClamped documents that negative (and non-finite) values are
// drawn as zero: the output is the same as for zeros.
func TestNegativeClamped(t *testing.T) {
	for _, horizontal := range []bool{false, true} {
		b := Bars{ID: "n", Title: "n", Horizontal: horizontal, Categories: []string{"a", "b", "c", "d"}}
		b.Series = []Series{{Name: "A", Values: []float64{-5, 3, math.NaN(), math.Inf(-1)}}}
		neg := string(b.SVG())
		b.Series = []Series{{Name: "A", Values: []float64{0, 3, 0, 0}}}
		if zero := string(b.SVG()); neg != zero {
			t.Errorf("horizontal=%v: negative values not drawn as 0", horizontal)
		}
	}
}

func TestLegend(t *testing.T) {
	count := func(b Bars) int {
		n := 0
		parse(t, string(b.SVG())).walk(func(n2 node) {
			if n2.XMLName.Local == "g" && n2.attr("class") == "chart-legend" {
				n = len(n2.Nodes) / 2 // swatch + name
			}
		})
		return n
	}
	for _, tc := range samples() {
		want := len(tc.bars.Series)
		if want < 2 {
			want = 0
		}
		if got := count(tc.bars); got != want {
			t.Errorf("%s: %d legend entries, want %d", tc.name, got, want)
		}
	}
}

func TestLongLabelsTruncated(t *testing.T) {
	long := "Avtal om hållbarhetskrav i livsmedelsupphandlingar med sociala och miljömässiga villkor"
	for _, horizontal := range []bool{false, true} {
		b := Bars{ID: "l", Title: "l", Horizontal: horizontal, Categories: []string{long, "kort"},
			Series: []Series{{Name: "A", Values: []float64{1, 2}}}}
		if !horizontal {
			b.Categories = append(b.Categories, "x", "y", "z", "w")
		}
		var label node
		parse(t, string(b.SVG())).walk(func(n node) {
			if n.XMLName.Local == "g" && n.attr("class") == "chart-labels" {
				label = n.Nodes[0]
			}
		})
		if !strings.HasSuffix(label.Text, "…") || len(label.Text) >= len(long) {
			t.Errorf("horizontal=%v: label %q not truncated", horizontal, label.Text)
		}
		if len(label.Nodes) != 1 || label.Nodes[0].XMLName.Local != "title" || label.Nodes[0].Text != long {
			t.Errorf("horizontal=%v: truncated label lacks <title> with the full text", horizontal)
		}
		if horizontal {
			// The label column is capped at 45% of the width.
			if x := floatAttr(t, label, "x"); x > 0.45*640+pad+1 {
				t.Errorf("label column ends at %v, more than 45%% of 640", x)
			}
		}
	}
}

func TestNiceScale(t *testing.T) {
	for _, tc := range []struct {
		max       float64
		integers  bool
		want      scale
		wantTicks int
	}{
		{0, true, scale{5, 1}, 6},
		{1, true, scale{5, 1}, 6},
		{5, true, scale{5, 1}, 6},
		{6, true, scale{10, 2}, 6},
		{40, true, scale{50, 10}, 6},
		{1234, true, scale{2000, 500}, 5},
		{2001, true, scale{2500, 500}, 6},
		{0.8, false, scale{1, 0.2}, 6},
		{0.21, false, scale{0.25, 0.05}, 6},
		{1.5, false, scale{2, 0.5}, 5},
		{maxValue, true, scale{1e15, 2e14}, 6},
	} {
		got := niceScale(tc.max, tc.integers)
		if math.Abs(got.max-tc.want.max) > 1e-9*tc.want.max || math.Abs(got.step-tc.want.step) > 1e-9*tc.want.step {
			t.Errorf("niceScale(%v, %v) = %+v, want %+v", tc.max, tc.integers, got, tc.want)
		}
		if n := len(got.ticks()); n != tc.wantTicks {
			t.Errorf("niceScale(%v, %v): %d ticks, want %d", tc.max, tc.integers, n, tc.wantTicks)
		}
	}
	if s := niceScale(0, false); !(s.max > 0) || len(s.ticks()) < 4 {
		t.Errorf("niceScale(0, false) = %+v, want a positive axis", s)
	}
}

func TestFormatSwedish(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		dec  int
		want string
	}{
		{0, 0, "0"},
		{7, 0, "7"},
		{999, 0, "999"},
		{1000, 0, "1\u00a0000"},
		{1234567, 0, "1\u00a0234\u00a0567"},
		{1234.5, 0, "1\u00a0235"},
		{-1234, 0, "-1\u00a0234"},
		{-0.2, 0, "0"},
		{0.5, 1, "0,5"},
		{12345.25, 2, "12\u00a0345,25"},
	} {
		if got := formatSwedish(tc.v, tc.dec); got != tc.want {
			t.Errorf("formatSwedish(%v, %d) = %q, want %q", tc.v, tc.dec, got, tc.want)
		}
	}
	// Axis values of fractional data get decimals; counts do not.
	out := string(Bars{ID: "f", Title: "f", Categories: []string{"a"}, Series: []Series{{Values: []float64{0.7}}}}.SVG())
	if !strings.Contains(out, ">0,2<") {
		t.Error("axis of fractional data lacks 0,2")
	}
}

// TestGolden keeps whole outputs under review: run with -update after an
// intended change and look at the diff (and at the pictures).
func TestGolden(t *testing.T) {
	for _, tc := range samples() {
		switch tc.name {
		case "single", "grouped", "stacked", "horizontal", "horizontal-stacked", "empty":
		default:
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join("testdata", tc.name+".svg")
			got := string(tc.bars.SVG()) + "\n"
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/chart -update)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (run with -update if intended)\ngot:\n%s", path, got)
			}
		})
	}
}

// TestWriteSamples writes every sample into one HTML page for a look in a
// browser: CHART_SAMPLES=/tmp/chartcheck go test ./internal/chart -run WriteSamples
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("CHART_SAMPLES")
	if dir == "" {
		t.Skip("CHART_SAMPLES not set")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, tc := range samples() {
		page := fmt.Sprintf("<!doctype html><html lang=\"sv\"><meta charset=\"utf-8\"><title>%s</title><body>\n<h2>%s</h2>\n<div>%s</div>\n</body></html>\n",
			tc.name, tc.name, tc.bars.SVG())
		if err := os.WriteFile(filepath.Join(dir, tc.name+".html"), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		all.WriteString(fmt.Sprintf("<h2>%s</h2>\n<div>%s</div>\n", tc.name, tc.bars.SVG()))
	}
	all.WriteString("<h2>heatmap</h2>\n<div style=\"max-width:640px\">" + string(sampleHeatmap().SVG()) + "</div>\n")
	page := "<!doctype html><html lang=\"sv\"><meta charset=\"utf-8\"><title>charts</title><body>\n" + all.String() + "</body></html>\n"
	if err := os.WriteFile(filepath.Join(dir, "all.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
}

func FuzzSVG(f *testing.F) {
	f.Add("id", "title", "cat <&>", "series", 1.0, 2.0, 3.0, false, false, 640)
	f.Add("", "", "", "", 0.0, 0.0, 0.0, true, true, 0)
	f.Add("x", "\xff\x00", "Ett mycket långt namn på en kategori som inte får plats", "s", 1e300, -1.0, 0.1, true, false, 1)
	f.Fuzz(func(t *testing.T, id, title, cat, name string, a, b, c float64, horizontal, stacked bool, width int) {
		bars := Bars{ID: id, Title: title, Desc: cat, Categories: []string{cat, name, "c"},
			Series:     []Series{{Name: name, Values: []float64{a, b, c}}, {Name: cat, Values: []float64{c, a}}},
			Horizontal: horizontal, Stacked: stacked, Width: width % 5000}
		root := parse(t, string(bars.SVG()))
		w, h := viewBox(t, root)
		checkNumbers(t, root, w, h)
	})
}

func TestAxisValuesDoNotCollide(t *testing.T) {
	for _, width := range []int{240, 400, 640} {
		b := Bars{ID: "a", Title: "a", Horizontal: true, Width: width, Categories: []string{"a"},
			Series: []Series{{Name: "A", Values: []float64{2_400_000_000}}}}
		var xs []float64
		var labels []string
		parse(t, string(b.SVG())).walk(func(n node) {
			if n.XMLName.Local == "g" && n.attr("class") == "chart-axis" {
				for _, c := range n.Nodes {
					xs = append(xs, floatAttr(t, c, "x"))
					labels = append(labels, c.Text)
				}
			}
		})
		if len(xs) == 0 || labels[len(labels)-1] != "2\u00a0500\u00a0000\u00a0000" {
			t.Errorf("width %d: axis values %q do not end with the maximum", width, labels)
		}
		for i := 1; i < len(xs); i++ {
			room := xs[i] - xs[i-1]
			need := (textWidth(labels[i], smallSize) + textWidth(labels[i-1], smallSize)) / 2
			if room < need {
				t.Errorf("width %d: axis values %q and %q overlap", width, labels[i-1], labels[i])
			}
		}
	}
}
