package chart

import (
	"html/template"
	"strconv"
)

// A heatmap is a grid of rated cells, such as a risk analysis's matrix of
// supply-chain stage × sustainability area. Every cell prints its value,
// so the colour is never the only way to read it (WCAG 1.4.1); the page
// shows the same figures as a table.

// heatColors are the fills of levels 0 (not assessed) to 4, light to dark,
// each with a text colour of at least 4.5:1 on it.
var heatColors = [...]string{"#f1f3f5", "#cfe8d0", "#ffe08a", "#f0a35e", "#a4161a"}

// HeatCell is one cell: the text printed in it, its level (0–4, as
// heatColors) and a longer tooltip.
type HeatCell struct {
	Text  string
	Level int
	Tip   string
}

// Heatmap is a grid with labelled rows and columns.
type Heatmap struct {
	ID      string
	Title   string
	Desc    string
	Rows    []string
	Columns []string
	Cells   [][]HeatCell // [row][column]; missing cells are drawn empty
	Legend  []string     // names of levels 0–4; shown when not empty
	Width   int          // viewBox width; 0 → 640
}

const (
	heatRowH    = 34.0
	heatHeaderH = 40.0
)

// SVG renders the heatmap; text is escaped.
func (h Heatmap) SVG() template.HTML {
	width := float64(h.Width)
	if width <= 0 {
		width = 640
	}
	if width < minWidth {
		width = minWidth
	}
	id := sanitizeID(h.ID)
	labelW := 0.0
	for _, r := range h.Rows {
		labelW = max(labelW, textWidth(r, labelSize))
	}
	labelW = min(labelW+pad, width*0.35)
	cols := max(len(h.Columns), 1)
	cellW := (width - 2*pad - labelW) / float64(cols)
	legendH := 0.0
	if len(h.Legend) > 0 {
		legendH = legendRowH + pad
	}
	height := pad + heatHeaderH + float64(len(h.Rows))*heatRowH + legendH + pad

	w := &svgWriter{}
	c := &chart{id: id, title: h.Title, desc: h.Desc, width: width}
	c.header(w, height)
	x0 := pad + labelW
	// Column headers: two lines at most, each truncated to the cell's width.
	for j, col := range h.Columns {
		cx := x0 + (float64(j)+0.5)*cellW
		first, second := col, ""
		if textWidth(col, smallSize) > cellW-4 {
			first, second = splitLabel(col)
		}
		if second == "" {
			w.text(cx, pad+heatHeaderH-10, "middle", "", truncate(first, cellW-4, smallSize), col)
			continue
		}
		w.text(cx, pad+heatHeaderH-10-smallSize-2, "middle", "", truncate(first, cellW-4, smallSize), col)
		w.text(cx, pad+heatHeaderH-10, "middle", "", truncate(second, cellW-4, smallSize), col)
	}
	for i, row := range h.Rows {
		y := pad + heatHeaderH + float64(i)*heatRowH
		w.text(pad, y+heatRowH/2+baseline(labelSize), "", "", truncate(row, labelW-pad, labelSize), row)
		for j := range h.Columns {
			var cell HeatCell
			if i < len(h.Cells) && j < len(h.Cells[i]) {
				cell = h.Cells[i][j]
			}
			lvl := min(max(cell.Level, 0), len(heatColors)-1)
			fill := heatColors[lvl]
			x := x0 + float64(j)*cellW
			w.raw(`<rect class="heat heat-l` + strconv.Itoa(lvl) + `" x="` + num(x) + `" y="` + num(y) + `" width="` + num(cellW) + `" height="` + num(heatRowH) +
				`" fill="` + fill + `" stroke="` + white + `" stroke-width="2"><title>` + escape(cell.Tip) + "</title></rect>\n")
			if cell.Text != "" {
				w.text(x+cellW/2, y+heatRowH/2+baseline(labelSize), "middle", onColor(fill), truncate(cell.Text, cellW-4, labelSize), cell.Text)
			}
		}
	}
	if len(h.Legend) > 0 {
		y := pad + heatHeaderH + float64(len(h.Rows))*heatRowH + pad
		x := pad
		for lvl, name := range h.Legend {
			if lvl >= len(heatColors) {
				break
			}
			w.raw(`<rect x="` + num(x) + `" y="` + num(y+4) + `" width="` + num(swatch) + `" height="` + num(swatch) + `" fill="` + heatColors[lvl] + `" stroke="#6b7480" stroke-width="1"/>` + "\n")
			w.text(x+swatch+4, y+4+swatch/2+baseline(smallSize), "", "", name, "")
			x += swatch + 4 + textWidth(name, smallSize) + 16
		}
	}
	w.raw("</svg>")
	return template.HTML(w.s.String())
}

// splitLabel breaks a label into two lines at the space nearest its
// middle; a label without a space stays on one line.
func splitLabel(s string) (string, string) {
	best, mid := -1, len(s)/2
	for i, r := range s {
		if r == ' ' && (best < 0 || abs(i-mid) < abs(best-mid)) {
			best = i
		}
	}
	if best < 0 {
		return s, ""
	}
	return s[:best], s[best+1:]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
