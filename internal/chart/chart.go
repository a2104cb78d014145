// Package chart draws bar charts as SVG on the server, for pages that must
// work under a strict Content Security Policy: the output uses presentation
// attributes only (no style attributes, no <style>, no script), so nothing
// has to be allowed beyond what html/template already emits.
//
// A chart is a picture of figures that the page also shows in a table, so
// the SVG is one image (role="img") named by its <title> and <desc>; the
// text inside it is not meant to be read out element by element.
package chart

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// palette holds the series colours, in the order they are used. Each has at
// least 3:1 contrast against white (WCAG 1.4.11) and every pair stays apart
// (CIE76 ΔE ≥ 25) under simulated protanopia, deuteranopia and tritanopia as
// well as normal vision; chart_test.go checks both. The order puts the most
// distinct colours first, since most charts have two or three series.
// Charts with more than six series reuse colours: split them instead.
var palette = [...]string{
	"#1f4e79", // dark blue
	"#b35900", // orange-brown
	"#0288d1", // light blue
	"#4a148c", // deep purple
	"#cc79a7", // reddish purple (Okabe–Ito)
	"#6d4c41", // brown
}

const (
	textColor  = "#1a1a1a"
	white      = "#ffffff"
	gridColor  = "#d0d0d0"
	labelSize  = 13.0 // category labels
	smallSize  = 12.0 // ticks, value labels, legend
	charWidth  = 0.54 // estimated advance per character in em: ~7 px at 13 px
	pad        = 8.0  // around the whole chart
	maxValue   = 1e15 // larger values are clamped so that formatting stays exact
	minWidth   = 240
	legendRowH = 20.0
	swatch     = 12.0

	// Horizontal charts: the height follows from the number of bars.
	hBarThick   = 22.0 // one bar, or a stack
	hGroupThick = 16.0 // each bar of a group
	hCatGap     = 12.0 // between categories
	barGap      = 2.0  // between the bars of a group

	// Vertical charts have a fixed plot height.
	vPlotHeight = 240.0
	vMaxBar     = 64.0 // widest single or stacked bar
	vMaxGrouped = 40.0 // widest bar within a group
)

// Series is one row of figures, drawn in one colour.
type Series struct {
	Name   string    // legend label
	Values []float64 // one per category, same order as Bars.Categories
}

// Bars describes a bar chart. Values that are negative, NaN or infinite are
// drawn as 0: these charts show counts and amounts, and a bar below the
// baseline would need an axis the reports never need. Missing values (a
// Values slice shorter than Categories) are 0 too; extra values are ignored.
type Bars struct {
	ID         string   // unique on the page; used to build element ids (sanitised to [a-z0-9-])
	Title      string   // <title>
	Desc       string   // <desc>, e.g. "Data in the table below."
	Categories []string // bar labels (y axis when Horizontal, x axis otherwise)
	Series     []Series // one series → simple bars; several → grouped, or stacked when Stacked
	Stacked    bool
	Horizontal bool // horizontal bars, labels on the left: good for a funnel and long labels
	// Format formats value labels, and axis values too, so it should show
	// the decimals the data need. nil → integer with Swedish grouping,
	// "1 234" (U+00A0 between groups); axis values then get the decimals
	// their step needs, with a decimal comma.
	Format func(float64) string
	Width  int // viewBox width; 0 → 640, less than 240 → 240. Height follows from the number of bars.
}

// SVG renders the chart. Text is escaped; the result is safe to embed in
// html/template.
func (b Bars) SVG() template.HTML {
	c := b.prepare()
	var body svgWriter
	height := 0.0
	if c.horizontal {
		height = c.drawHorizontal(&body)
	} else {
		height = c.drawVertical(&body)
	}
	var w svgWriter
	c.header(&w, height)
	c.legend(&w)
	w.raw(body.s.String())
	w.raw("</svg>")
	// Every piece of text went through escape(); attributes are numbers,
	// colours and ids sanitised to [a-z0-9-].
	return template.HTML(w.s.String())
}

// chart is a Bars made ready to draw: values cleaned, scale chosen, sizes
// estimated.
type chart struct {
	id         string
	title      string
	desc       string
	cats       []string
	names      []string
	vals       [][]float64 // [series][category], finite and ≥ 0
	stacked    bool
	horizontal bool
	width      float64
	format     func(float64) string
	tickFormat func(float64) string
	scale      scale
	legendRows [][]legendItem
}

type legendItem struct {
	x     float64
	name  string // possibly truncated
	full  string
	color string
}

func (b Bars) prepare() *chart {
	c := &chart{
		id:         sanitizeID(b.ID),
		title:      b.Title,
		desc:       b.Desc,
		cats:       b.Categories,
		stacked:    b.Stacked && len(b.Series) > 1,
		horizontal: b.Horizontal,
		width:      float64(b.Width),
		format:     b.Format,
	}
	if b.Width == 0 {
		c.width = 640
	}
	if c.width < minWidth {
		c.width = minWidth
	}
	integers := true
	dataMax := 0.0
	for _, s := range b.Series {
		c.names = append(c.names, s.Name)
		row := make([]float64, len(c.cats))
		for i := range row {
			if i < len(s.Values) {
				row[i] = clean(s.Values[i])
			}
			if row[i] != math.Trunc(row[i]) {
				integers = false
			}
			dataMax = math.Max(dataMax, row[i])
		}
		c.vals = append(c.vals, row)
	}
	if c.stacked {
		for i := range c.cats {
			dataMax = math.Max(dataMax, c.total(i))
		}
	}
	c.scale = niceScale(dataMax, integers)
	if c.format == nil {
		c.format = formatInt
		dec := c.scale.decimals()
		c.tickFormat = func(v float64) string { return formatSwedish(v, dec) }
	} else {
		c.tickFormat = c.format
	}
	if len(c.names) > 1 {
		c.layoutLegend()
	}
	return c
}

// clean makes a value drawable: see Bars.
func clean(v float64) float64 {
	if math.IsNaN(v) || v <= 0 {
		return 0
	}
	return math.Min(v, maxValue)
}

func (c *chart) total(cat int) float64 {
	t := 0.0
	for _, row := range c.vals {
		t += row[cat]
	}
	return t
}

func (c *chart) color(series int) string { return palette[series%len(palette)] }

// valueLabel is the label shown at the end of bar (series, cat), or of the
// whole stack when series < 0.
func (c *chart) valueLabel(series, cat int) string {
	if series < 0 {
		return c.format(c.total(cat))
	}
	return c.format(c.vals[series][cat])
}

func (c *chart) layoutLegend() {
	x, row := pad, []legendItem(nil)
	maxText := c.width - 2*pad - swatch - 6
	for i, name := range c.names {
		short := truncate(name, maxText, smallSize)
		itemW := swatch + 6 + textWidth(short, smallSize)
		if x > pad && x+itemW > c.width-pad {
			c.legendRows = append(c.legendRows, row)
			x, row = pad, nil
		}
		row = append(row, legendItem{x: x, name: short, full: name, color: c.color(i)})
		x += itemW + 16
	}
	c.legendRows = append(c.legendRows, row)
}

func (c *chart) legendHeight() float64 {
	if len(c.legendRows) == 0 {
		return 0
	}
	return float64(len(c.legendRows))*legendRowH + 4
}

func (c *chart) legend(w *svgWriter) {
	if len(c.legendRows) == 0 {
		return
	}
	w.raw(`<g class="chart-legend" font-size="` + num(smallSize) + `">` + "\n")
	for r, row := range c.legendRows {
		y := pad + float64(r)*legendRowH
		for _, it := range row {
			w.raw(`<rect x="` + num(it.x) + `" y="` + num(y+2) + `" width="` + num(swatch) + `" height="` + num(swatch) + `" fill="` + it.color + `"/>` + "\n")
			w.text(it.x+swatch+6, y+2+swatch/2+baseline(smallSize), "", "", it.name, it.full)
		}
	}
	w.raw("</g>\n")
}

// layout of the plot area, shared by both orientations.
type plot struct {
	left, right, top, bottom float64
}

// drawHorizontal writes the plot and returns the chart's height.
func (c *chart) drawHorizontal(w *svgWriter) float64 {
	n, k := len(c.cats), len(c.vals)
	barThick, barsPerCat := hBarThick, 1
	if k > 1 && !c.stacked {
		barThick, barsPerCat = hGroupThick, k
	}
	groupThick := float64(barsPerCat)*barThick + float64(barsPerCat-1)*barGap
	band := groupThick + hCatGap

	// Label column: as wide as the longest label, but never more than 45%.
	labelCol := 0.0
	for _, cat := range c.cats {
		labelCol = math.Max(labelCol, textWidth(cat, labelSize))
	}
	labelCol = math.Min(labelCol, 0.45*c.width)

	// Room on the right for the value labels and the last axis value.
	reserve := textWidth(c.tickFormat(c.scale.max), smallSize) / 2
	for i := range c.cats {
		if c.stacked {
			reserve = math.Max(reserve, textWidth(c.valueLabel(-1, i), smallSize)+6)
			continue
		}
		for s := range c.vals {
			reserve = math.Max(reserve, textWidth(c.valueLabel(s, i), smallSize)+6)
		}
	}
	reserve = math.Min(reserve, 0.25*c.width)

	p := plot{left: pad, right: c.width - pad - reserve, top: pad + c.legendHeight()}
	if labelCol > 0 {
		p.left += labelCol + 8
	}
	// The axis value 0 is centred on the baseline.
	p.left = math.Max(p.left, pad+math.Min(textWidth(c.tickFormat(0), smallSize)/2, 0.1*c.width))
	// Without categories one empty row keeps it looking like a chart.
	p.bottom = p.top + float64(max(n, 1))*band
	plotW := p.right - p.left

	// Grid and axis values.
	w.raw(`<g class="chart-grid" stroke="` + gridColor + `" stroke-width="1">` + "\n")
	for _, t := range c.scale.ticks()[1:] {
		x := p.left + c.scale.frac(t)*plotW
		w.raw(`<line x1="` + num(x) + `" y1="` + num(p.top) + `" x2="` + num(x) + `" y2="` + num(p.bottom) + `"/>` + "\n")
	}
	w.raw("</g>\n")
	w.raw(`<g class="chart-axis" font-size="` + num(smallSize) + `" text-anchor="middle">` + "\n")
	ticks := c.scale.ticks()
	stride := c.axisStride(ticks, plotW)
	labelled := func(i int) bool { return labelTick(i, len(ticks), stride) }
	for i, t := range ticks {
		if i == 0 && !labelled(0) {
			// The baseline's 0 is short: keep it when it clears the
			// nearest labelled value.
			next := 1
			for !labelled(next) {
				next++
			}
			need := (textWidth(c.tickFormat(0), smallSize)+textWidth(c.tickFormat(ticks[next]), smallSize))/2 + 8
			if c.scale.frac(ticks[next])*plotW < need {
				continue
			}
		} else if !labelled(i) {
			continue
		}
		w.text(p.left+c.scale.frac(t)*plotW, p.bottom+4+smallSize, "", "", c.tickFormat(t), "")
	}
	w.raw("</g>\n")

	// Bars, then value labels on top of them.
	var labels svgWriter
	w.raw(`<g class="chart-bars">` + "\n")
	for i := range c.cats {
		y0 := p.top + float64(i)*band + hCatGap/2
		if c.stacked {
			x := p.left
			for s, row := range c.vals {
				segW := c.scale.frac(row[i]) * plotW
				if segW <= 0 {
					continue
				}
				w.bar(x, y0, segW, barThick, c.color(s), s, c.tooltip(s, i), true)
				lbl := c.valueLabel(s, i)
				if fg := onColor(c.color(s)); fg != "" && textWidth(lbl, smallSize)+6 <= segW {
					labels.text(x+segW/2, y0+barThick/2+baseline(smallSize), "middle", fg, lbl, "")
				}
				x += segW
			}
			endLabel(&labels, c.valueLabel(-1, i), x, y0+barThick/2, "", c.width-pad)
			continue
		}
		for s, row := range c.vals {
			y := y0 + float64(s)*(barThick+barGap)
			barW := c.scale.frac(row[i]) * plotW
			if barW > 0 {
				w.bar(p.left, y, barW, barThick, c.color(s), s, c.tooltip(s, i), false)
			}
			endLabel(&labels, c.valueLabel(s, i), p.left+barW, y+barThick/2, c.color(s), c.width-pad)
		}
	}
	w.raw("</g>\n")
	w.raw(`<g class="chart-values" font-size="` + num(smallSize) + `">` + "\n")
	w.s.WriteString(labels.s.String())
	w.raw("</g>\n")

	w.raw(`<line class="chart-baseline" x1="` + num(p.left) + `" y1="` + num(p.top) + `" x2="` + num(p.left) + `" y2="` + num(p.bottom) + `" stroke="` + textColor + `" stroke-width="1"/>` + "\n")

	if n > 0 {
		w.raw(`<g class="chart-labels" text-anchor="end">` + "\n")
		for i, cat := range c.cats {
			short := truncate(cat, labelCol, labelSize)
			w.text(p.left-8, p.top+(float64(i)+0.5)*band+baseline(labelSize), "", "", short, cat)
		}
		w.raw("</g>\n")
	}
	return p.bottom + 4 + smallSize + 4 + pad
}

// axisStride is how many grid lines apart the values under a horizontal
// chart must be so that they do not run into each other: 1 unless the chart
// is narrow or the values long.
func (c *chart) axisStride(ticks []float64, plotW float64) int {
	widest := 0.0
	for _, t := range ticks {
		widest = math.Max(widest, textWidth(c.tickFormat(t), smallSize))
	}
	spacing := plotW / float64(len(ticks)-1)
	if spacing <= 0 {
		return len(ticks)
	}
	return max(1, int(math.Ceil((widest+8)/spacing)))
}

// labelTick reports whether tick i of n gets its value when only every
// stride-th can: counted from the maximum down, so the end of the axis is
// always labelled, and 0 too when the stride allows.
func labelTick(i, n, stride int) bool {
	if stride >= n-1 {
		return i == n-1
	}
	return (n-1-i)%stride == 0
}

// endLabel writes lbl just past the end of a horizontal bar, or inside its
// end when there is no room before limit (only when Format returns something
// very long) and the bar's colour barColor takes legible text.
func endLabel(w *svgWriter, lbl string, end, mid float64, barColor string, limit float64) {
	y := mid + baseline(smallSize)
	if end+4+textWidth(lbl, smallSize) <= limit || barColor == "" {
		w.text(end+4, y, "", "", lbl, "")
		return
	}
	if fg := onColor(barColor); fg != "" {
		w.text(end-4, y, "end", fg, lbl, "")
	}
}

// drawVertical writes the plot and returns the chart's height.
func (c *chart) drawVertical(w *svgWriter) float64 {
	n, k := len(c.cats), len(c.vals)

	tickW := 0.0
	for _, t := range c.scale.ticks() {
		tickW = math.Max(tickW, textWidth(c.tickFormat(t), smallSize))
	}
	tickW = math.Min(tickW, 0.35*c.width) // a very long Format must leave room for the bars
	p := plot{
		left:  pad + tickW + 6,
		right: c.width - pad,
		top:   pad + c.legendHeight() + smallSize + 4, // room for a value label above the tallest bar
	}
	p.bottom = p.top + vPlotHeight
	plotW := p.right - p.left

	band := plotW / float64(max(n, 1))
	barW, barsPerCat := math.Min(band*0.6, vMaxBar), 1
	if k > 1 && !c.stacked {
		barsPerCat = k
		group := math.Min(band*0.8, float64(k)*vMaxGrouped)
		barW = (group - float64(k-1)*barGap) / float64(k)
	}
	groupW := float64(barsPerCat)*barW + float64(barsPerCat-1)*barGap
	// A value label may use the bar's own slot, never a neighbour's.
	slot := barW + barGap
	if barsPerCat == 1 {
		slot = band - 2
	}

	w.raw(`<g class="chart-grid" stroke="` + gridColor + `" stroke-width="1">` + "\n")
	for _, t := range c.scale.ticks()[1:] {
		y := p.bottom - c.scale.frac(t)*vPlotHeight
		w.raw(`<line x1="` + num(p.left) + `" y1="` + num(y) + `" x2="` + num(p.right) + `" y2="` + num(y) + `"/>` + "\n")
	}
	w.raw("</g>\n")
	w.raw(`<g class="chart-axis" font-size="` + num(smallSize) + `" text-anchor="end">` + "\n")
	for _, t := range c.scale.ticks() {
		w.text(p.left-6, p.bottom-c.scale.frac(t)*vPlotHeight+baseline(smallSize), "", "", c.tickFormat(t), "")
	}
	w.raw("</g>\n")

	var labels svgWriter
	w.raw(`<g class="chart-bars">` + "\n")
	for i := range c.cats {
		x0 := p.left + (float64(i)+0.5)*band - groupW/2
		if c.stacked {
			y := p.bottom
			for s, row := range c.vals {
				segH := c.scale.frac(row[i]) * vPlotHeight
				if segH <= 0 {
					continue
				}
				y -= segH
				w.bar(x0, y, barW, segH, c.color(s), s, c.tooltip(s, i), true)
				lbl := c.valueLabel(s, i)
				if fg := onColor(c.color(s)); fg != "" && textWidth(lbl, smallSize)+4 <= barW && segH >= smallSize+4 {
					labels.text(x0+barW/2, y+segH/2+baseline(smallSize), "", fg, lbl, "")
				}
			}
			if lbl := c.valueLabel(-1, i); textWidth(lbl, smallSize) <= slot {
				labels.text(x0+barW/2, y-4, "", "", lbl, "")
			}
			continue
		}
		for s, row := range c.vals {
			x := x0 + float64(s)*(barW+barGap)
			barH := c.scale.frac(row[i]) * vPlotHeight
			if barH > 0 {
				w.bar(x, p.bottom-barH, barW, barH, c.color(s), s, c.tooltip(s, i), false)
			}
			if lbl := c.valueLabel(s, i); textWidth(lbl, smallSize) <= slot {
				labels.text(x+barW/2, p.bottom-barH-4, "", "", lbl, "")
			}
		}
	}
	w.raw("</g>\n")
	w.raw(`<g class="chart-values" font-size="` + num(smallSize) + `" text-anchor="middle">` + "\n")
	w.s.WriteString(labels.s.String())
	w.raw("</g>\n")

	w.raw(`<line class="chart-baseline" x1="` + num(p.left) + `" y1="` + num(p.bottom) + `" x2="` + num(p.right) + `" y2="` + num(p.bottom) + `" stroke="` + textColor + `" stroke-width="1"/>` + "\n")

	if n > 0 {
		w.raw(`<g class="chart-labels" text-anchor="middle">` + "\n")
		for i, cat := range c.cats {
			short := truncate(cat, band-4, labelSize)
			w.text(p.left+(float64(i)+0.5)*band, p.bottom+4+labelSize, "", "", short, cat)
		}
		w.raw("</g>\n")
	}
	return p.bottom + 4 + labelSize + 4 + pad
}

// tooltip is the hover text of a bar: pointer users need not look the value
// up in the table.
func (c *chart) tooltip(series, cat int) string {
	t := c.cats[cat]
	if len(c.names) > 1 {
		t += ", " + c.names[series]
	}
	return t + ": " + c.valueLabel(series, cat)
}

// svgWriter builds the markup. Only text() and header() take arbitrary
// strings, and both escape them.
type svgWriter struct {
	s strings.Builder
}

func (w *svgWriter) raw(s string) { w.s.WriteString(s) }

// header writes the <svg> start tag, <title> and <desc>.
func (c *chart) header(w *svgWriter, height float64) {
	titleID := "chart-" + c.id + "-title"
	descID := "chart-" + c.id + "-desc"
	labelled := titleID
	if c.desc != "" {
		labelled += " " + descID
	}
	w.raw(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="chart-` + c.id + `" width="100%" viewBox="0 0 ` + num(c.width) + ` ` + num(height) + `"`)
	w.raw(` role="img" aria-labelledby="` + labelled + `" font-family="sans-serif" font-size="` + num(labelSize) + `" fill="` + textColor + `">` + "\n")
	w.raw(`<title id="` + titleID + `">` + escape(c.title) + "</title>\n")
	if c.desc != "" {
		w.raw(`<desc id="` + descID + `">` + escape(c.desc) + "</desc>\n")
	}
}

// text writes a <text> element. anchor and fill are omitted when empty
// (inherited); full, when it differs from s, becomes a <title> child so
// that a truncated label can still be read in full on hover.
func (w *svgWriter) text(x, y float64, anchor, fill, s, full string) {
	w.raw(`<text x="` + num(x) + `" y="` + num(y) + `"`)
	if anchor != "" {
		w.raw(` text-anchor="` + anchor + `"`)
	}
	if fill != "" {
		w.raw(` fill="` + fill + `"`)
	}
	w.raw(">")
	if full != "" && full != s {
		w.raw("<title>" + escape(full) + "</title>")
	}
	w.raw(escape(s) + "</text>\n")
}

// bar writes one rect. Stacked segments get a white outline so that
// neighbouring colours are told apart by more than hue.
func (w *svgWriter) bar(x, y, width, height float64, color string, series int, tip string, outline bool) {
	w.raw(`<rect class="chart-bar chart-s` + strconv.Itoa(series) + `" x="` + num(x) + `" y="` + num(y) + `" width="` + num(width) + `" height="` + num(height) + `" fill="` + color + `"`)
	if outline {
		w.raw(` stroke="` + white + `" stroke-width="1"`)
	}
	w.raw("><title>" + escape(tip) + "</title></rect>\n")
}

// scale maps values to lengths: from 0 to a nice maximum, with grid lines
// every step.
type scale struct {
	max, step float64
}

// niceScale picks the smallest maximum of the form 1, 2, 2.5 or 5 × 10^n
// that holds dataMax, with 4 or 5 steps. When every value is a whole number
// the step is one too (counts have no half-suppliers), so small counts get
// an axis from 0 to 5. dataMax ≤ 0 gets the smallest such axis.
func niceScale(dataMax float64, integers bool) scale {
	type nice struct{ m, step float64 }
	nices := [...]nice{{1, 0.2}, {2, 0.5}, {2.5, 0.5}, {5, 1}}
	if dataMax <= 0 {
		dataMax = math.SmallestNonzeroFloat64
	}
	e := int(math.Floor(math.Log10(dataMax))) - 1
	if integers {
		e = max(e, 0) // steps below 1 are skipped anyway
	}
	for ; ; e++ {
		p := math.Pow10(e)
		for _, n := range nices {
			sc := scale{max: n.m * p, step: n.step * p}
			if integers && (sc.step < 1 || sc.step != math.Round(sc.step)) {
				continue
			}
			if sc.max >= dataMax*(1-1e-12) {
				return sc
			}
		}
	}
}

func (s scale) ticks() []float64 {
	n := int(math.Round(s.max / s.step))
	t := make([]float64, n+1)
	for i := range t {
		t[i] = float64(i) * s.step
	}
	return t
}

// frac is where v falls on the axis, from 0 to 1.
func (s scale) frac(v float64) float64 {
	if s.max <= 0 {
		return 0
	}
	return math.Min(v/s.max, 1)
}

// decimals is how many decimals the axis values need.
func (s scale) decimals() int {
	d := 0
	for v := s.step; d < 12 && math.Abs(v-math.Round(v)) > 1e-9*math.Max(1, v); v *= 10 {
		d++
	}
	return d
}

// formatInt is the default Format: a whole number with Swedish grouping.
func formatInt(v float64) string { return formatSwedish(v, 0) }

// formatSwedish writes v with dec decimals, a decimal comma and a no-break
// space between groups of three digits, as Swedish typography wants.
func formatSwedish(v float64, dec int) string {
	// Round half away from zero, as people do; FormatFloat rounds half to
	// even (1234.5 → "1234").
	if p := math.Pow10(dec); math.Abs(v*p) < 1<<53 {
		v = math.Round(v*p) / p
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
		if strings.Trim(s, "0.") == "" {
			sign = "" // no "-0"
		}
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("," + frac)
	}
	return b.String()
}

// num formats a coordinate: rounded to 0.1, shortest form, never "-0".
func num(v float64) string {
	v = math.Round(v*10) / 10
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return "0" // NaN and Inf cannot reach here; this keeps them out of the output regardless
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// baseline is the offset from a line's middle to its baseline.
func baseline(size float64) float64 { return 0.35 * size }

// textWidth estimates how wide s is drawn at size. The server cannot
// measure text, so this errs on the wide side for digits and lower case.
func textWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * charWidth
}

// truncate shortens s to fit width, ending it with "…".
func truncate(s string, width, size float64) string {
	if textWidth(s, size) <= width {
		return s
	}
	n := int(width/(size*charWidth)) - 1
	if n < 1 {
		return "…"
	}
	return strings.TrimRightFunc(string([]rune(s)[:n]), unicode.IsSpace) + "…"
}

// sanitizeID reduces id to lower-case a–z, digits and single hyphens, so it
// can be used in element ids and in aria-labelledby. An empty result
// becomes "chart".
func sanitizeID(id string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(id) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "chart"
	}
	return b.String()
}

// onColor is the text colour for a label drawn on fill: white when it has
// 4.5:1 contrast (WCAG 1.4.3), else the dark text colour when that has, else
// "" (no label).
func onColor(fill string) string {
	switch {
	case contrast(white, fill) >= 4.5:
		return white
	case contrast(textColor, fill) >= 4.5:
		return textColor
	}
	return ""
}

// contrast is the WCAG contrast ratio of two "#rrggbb" colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is the WCAG 2 relative luminance of a "#rrggbb" colour.
func luminance(hex string) float64 {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(hex) != 7 {
		return 0
	}
	channel := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(v>>16&0xff) + 0.7152*channel(v>>8&0xff) + 0.0722*channel(v&0xff)
}

// escape makes s safe as XML character data and attribute values. Runes
// that XML 1.0 forbids (most control characters, invalid UTF-8) become
// U+FFFD, so a stray byte in a supplier name cannot break the page.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			if !isXMLChar(r) {
				r = '\uFFFD'
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isXMLChar reports whether r is allowed in XML 1.0 (the Char production).
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
