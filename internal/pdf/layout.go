package pdf

import (
	"math"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"
)

// Page geometry in millimetres (A4 portrait).
const (
	pageW        = 210.0
	pageH        = 297.0
	marginX      = 20.0
	marginTop    = 22.0
	marginBottom = 24.0 // the text area ends at pageH - marginBottom
	contentW     = pageW - 2*marginX
	bottomY      = pageH - marginBottom
	headerY      = 11.0
	footerRuleY  = pageH - 17
)

// Type sizes in points.
const (
	ptTitle    = 28.0
	ptSubtitle = 15.0
	ptContents = 18.0
	ptTOC      = 11.0
	ptSection  = 16.0
	ptSub      = 12.0
	ptBody     = 10.5
	ptCaption  = 9.5
	ptTable    = 9.0
	ptFigure   = 18.0
	ptFigLabel = 8.5
	ptSmall    = 8.0
)

// Colours as 0xRRGGBB: near-black text, one dark blue accent and greys, so
// the report prints well in black and white too.
const (
	colText       = 0x1F2328
	colMuted      = 0x5C6166
	colAccent     = 0x1F3A5F
	colBar        = 0x2F5F8F
	colRule       = 0xA8ADB3
	colHeaderFill = 0xE3E5E8
	colZebra      = 0xF3F4F6
	colFigureFill = 0xEDF1F5
)

const family = "Helvetica"

// Spacing in millimetres.
const (
	gapBlock   = 5.0 // after a table, key figures or chart
	gapPara    = 2.8 // between paragraphs
	cellPadX   = 1.6
	cellPadY   = 1.1
	figGap     = 4.0
	figPad     = 3.5
	tocNumW    = 14.0 // page number column of the table of contents
	headingNum = 9.0  // room for the section number before its heading
)

func ptToMM(pt float64) float64    { return pt * 25.4 / 72 }
func leading(pt float64) float64   { return ptToMM(pt) * 1.3 }
func splitRGB(c int) (r, g, b int) { return c >> 16 & 0xFF, c >> 8 & 0xFF, c & 0xFF }

// renderer lays out one pass of one document on its own fpdf instance.
type renderer struct {
	d          Document
	f          *fpdf.Fpdf
	total      int   // page count from the previous pass; 0 on the first
	prevStarts []int // section start pages from the previous pass
	starts     []int // section start pages of this pass
	links      []int // fpdf link ids of the sections, set by the TOC
}

func newRenderer(d Document, prevStarts []int, total int) *renderer {
	return &renderer{d: d, prevStarts: prevStarts, total: total}
}

func (r *renderer) render() error {
	f := fpdf.New("P", "mm", "A4", "")
	r.f = f
	f.SetMargins(marginX, marginTop, marginX)
	f.SetAutoPageBreak(true, marginBottom)
	// Padding is applied explicitly so SplitLines and CellFormat agree on
	// the usable width.
	f.SetCellMargin(0)
	f.SetCatalogSort(true)
	f.SetCreationDate(r.d.Created)
	f.SetModificationDate(r.d.Created)
	f.SetTitle(r.d.Title, true)
	f.SetSubject(r.d.Subtitle, true)
	f.SetAuthor(r.d.Org, true)
	f.SetCreator("tillit", false)
	if lang := cleanLang(r.d.Lang); lang != "" {
		f.SetLang(lang)
	}
	f.SetDisplayMode("default", "OneColumn")
	f.SetHeaderFuncMode(r.header, true)
	f.SetFooterFunc(r.footer)

	r.titlePage()
	if len(r.d.Sections) > 0 {
		r.contents()
		for i, s := range r.d.Sections {
			r.section(i, s)
		}
	}
	return f.Error()
}

// cleanLang keeps a BCP 47 tag's letters, digits and hyphens: fpdf writes
// /Lang without escaping.
func cleanLang(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, s)
}

// --- small drawing helpers ---

func (r *renderer) font(style string, pt float64) { r.f.SetFont(family, style, pt) }

func (r *renderer) textColor(c int) { r.f.SetTextColor(splitRGB(c)) }
func (r *renderer) fillColor(c int) { r.f.SetFillColor(splitRGB(c)) }
func (r *renderer) drawColor(c int) { r.f.SetDrawColor(splitRGB(c)) }

func (r *renderer) width(s string) float64 { return r.f.GetStringWidth(s) }

// text prints already encoded s in a box at the current position.
func (r *renderer) text(w, h float64, s, align string) {
	r.f.CellFormat(w, h, s, "", 0, align, false, 0, "")
}

// lines wraps already encoded s to width w in the current font; empty text
// is one empty line so rows and boxes keep their height.
func (r *renderer) lines(s string, w float64) []string {
	bl := r.f.SplitLines([]byte(s), w)
	if len(bl) == 0 {
		return []string{""}
	}
	out := make([]string, len(bl))
	for i, b := range bl {
		out[i] = strings.TrimRight(string(b), " ")
	}
	return out
}

// fit shortens already encoded s with an ellipsis until it fits w.
func (r *renderer) fit(s string, w float64) string {
	if r.width(s) <= w {
		return s
	}
	const ellipsis = "\x85" // … in cp1252
	for len(s) > 0 {
		s = strings.TrimRight(s[:len(s)-1], " ")
		if r.width(s+ellipsis) <= w {
			return s + ellipsis
		}
	}
	return ""
}

// keep starts a new page unless h more millimetres fit on this one. At the
// top of a page it does nothing, so content taller than a page cannot loop.
func (r *renderer) keep(h float64) {
	if r.f.GetY()+h > bottomY && r.f.GetY() > marginTop+0.5 {
		r.f.AddPage()
	}
}

func (r *renderer) rule(y, width float64, c int) {
	r.drawColor(c)
	r.f.SetLineWidth(width)
	r.f.Line(marginX, y, pageW-marginX, y)
}

// --- page furniture ---

func (r *renderer) pageLabel(page int) string {
	if r.d.PageLabel != nil {
		return r.d.PageLabel(page, r.total)
	}
	return strconv.Itoa(page) + " / " + strconv.Itoa(r.total)
}

func (r *renderer) header() {
	if r.f.PageNo() == 1 {
		return
	}
	r.font("", ptSmall)
	r.textColor(colMuted)
	title, sub := toCP1252(r.d.Title), toCP1252(r.d.Subtitle)
	subW := 0.0
	if sub != "" {
		subW = min(r.width(sub), contentW*0.4)
		r.f.SetXY(pageW-marginX-subW, headerY)
		r.text(subW, 4, r.fit(sub, subW), "R")
	}
	titleW := contentW - subW - 6
	r.f.SetXY(marginX, headerY)
	r.text(titleW, 4, r.fit(title, titleW), "L")
}

func (r *renderer) footer() {
	if r.f.PageNo() == 1 {
		return
	}
	r.rule(footerRuleY, 0.2, colRule)
	r.font("", ptSmall)
	r.textColor(colMuted)
	label := toCP1252(r.pageLabel(r.f.PageNo()))
	labelW := min(r.width(label), contentW*0.5)
	r.f.SetXY(pageW-marginX-labelW, footerRuleY+1.5)
	r.text(labelW, 4, r.fit(label, labelW), "R")
	orgW := contentW - labelW - 6
	r.f.SetXY(marginX, footerRuleY+1.5)
	r.text(orgW, 4, r.fit(toCP1252(r.d.Org), orgW), "L")
}

func (r *renderer) titlePage() {
	f := r.f
	f.AddPage()
	r.fillColor(colAccent)
	f.Rect(marginX, 30, contentW, 1.2, "F")

	f.SetY(92)
	r.font("B", ptTitle)
	r.textColor(colAccent)
	lh := leading(ptTitle) * 0.95
	lines := r.lines(toCP1252(r.d.Title), contentW)
	if len(lines) > 10 { // more would run into the publisher block
		lines = lines[:10]
		lines[9] = r.fit(lines[9]+"\x85", contentW)
	}
	for _, l := range lines {
		f.SetX(marginX)
		r.text(contentW, lh, l, "L")
		f.Ln(lh)
	}
	if r.d.Subtitle != "" {
		f.Ln(3)
		r.font("", ptSubtitle)
		r.textColor(colText)
		lh = leading(ptSubtitle)
		for _, l := range r.lines(toCP1252(r.d.Subtitle), contentW) {
			f.SetX(marginX)
			r.text(contentW, lh, l, "L")
			f.Ln(lh)
		}
	}
	f.Ln(8)
	r.fillColor(colAccent)
	f.Rect(marginX, f.GetY(), 28, 1.2, "F")

	// Publisher and date sit at the foot of the page, set directly so the
	// automatic page break cannot fire.
	y := pageH - 52.0
	if r.d.Org != "" {
		r.font("B", 11)
		r.textColor(colText)
		f.SetXY(marginX, y)
		r.text(contentW, 6, r.fit(toCP1252(r.d.Org), contentW), "L")
		y += 6.5
	}
	if r.d.Date != "" {
		r.font("", 10)
		r.textColor(colMuted)
		f.SetXY(marginX, y)
		r.text(contentW, 5, r.fit(toCP1252(r.d.Date), contentW), "L")
	}
}

func (r *renderer) contents() {
	f := r.f
	f.AddPage()
	title := r.d.ContentsTitle
	if title == "" {
		title = "Contents"
		if r.d.Lang == "sv" {
			title = "Innehåll"
		}
	}
	r.font("B", ptContents)
	r.textColor(colAccent)
	f.SetX(marginX)
	r.text(contentW, leading(ptContents), r.fit(toCP1252(title), contentW), "L")
	f.Ln(leading(ptContents) + 6)

	lh := leading(ptTOC) + 1.2
	textX := marginX + headingNum
	textW := contentW - headingNum - tocNumW - 6
	for i, s := range r.d.Sections {
		link := f.AddLink()
		r.links = append(r.links, link)
		r.font("", ptTOC)
		lines := r.lines(toCP1252(s.Heading), textW)
		h := float64(len(lines)) * lh
		r.keep(h)
		y0 := f.GetY()

		r.textColor(colText)
		f.SetXY(marginX, y0)
		r.text(headingNum, lh, strconv.Itoa(i+1), "L")
		for k, l := range lines {
			f.SetXY(textX, y0+float64(k)*lh)
			r.text(textW, lh, l, "L")
		}
		yLast := y0 + float64(len(lines)-1)*lh

		// Dot leaders as a dotted vector line, so extracted text and screen
		// readers get "3 Inköp 7" rather than a run of periods.
		page := ""
		if i < len(r.prevStarts) {
			page = strconv.Itoa(r.prevStarts[i])
		}
		from := textX + r.width(lines[len(lines)-1]) + 2
		to := pageW - marginX - max(r.width(page), r.width("0")) - 2
		if to > from {
			r.drawColor(colMuted)
			f.SetLineWidth(0.35)
			f.SetLineCapStyle("round")
			f.SetDashPattern([]float64{0, 1.5}, 0)
			base := yLast + lh*0.68
			f.Line(from, base, to, base)
			f.SetDashPattern(nil, 0)
			f.SetLineCapStyle("butt")
		}
		f.SetXY(pageW-marginX-tocNumW, yLast)
		r.text(tocNumW, lh, page, "R")
		f.Link(marginX, y0, contentW, h, link)
		f.SetY(y0 + h + 1)
	}
}

// --- sections and blocks ---

func (r *renderer) sectionHeadingLines(s Section) []string {
	r.font("B", ptSection)
	return r.lines(toCP1252(s.Heading), contentW-headingNum)
}

func (r *renderer) section(i int, s Section) {
	f := r.f
	lh := leading(ptSection)
	lines := r.sectionHeadingLines(s)
	if i == 0 || !r.d.ContinuousSections {
		f.AddPage()
	} else {
		f.Ln(6)
		var first Block
		if len(s.Blocks) > 0 {
			first = s.Blocks[0]
		}
		r.keep(float64(len(lines))*lh + 8 + r.minHeight(first))
	}
	r.starts = append(r.starts, f.PageNo())
	if i < len(r.links) {
		f.SetLink(r.links[i], f.GetY(), -1)
	}
	num := strconv.Itoa(i + 1)
	f.Bookmark(utf16BE(num+" "+s.Heading), 0, -1)

	r.font("B", ptSection)
	r.textColor(colAccent)
	y := f.GetY()
	f.SetXY(marginX, y)
	r.text(headingNum, lh, num, "L")
	for k, l := range lines {
		f.SetXY(marginX+headingNum, y+float64(k)*lh)
		r.text(contentW-headingNum, lh, l, "L")
	}
	y += float64(len(lines))*lh + 1.5
	r.rule(y, 0.3, colRule)
	f.SetY(y + 5)

	for j, b := range s.Blocks {
		var next Block
		if j+1 < len(s.Blocks) {
			next = s.Blocks[j+1]
		}
		r.block(b, next)
	}
}

// deref turns pointers to blocks into values, since *Paragraph and the
// others satisfy Block too; nil pointers become nil.
func deref(b Block) Block {
	switch p := b.(type) {
	case *Paragraph:
		if p != nil {
			return *p
		}
	case *Subheading:
		if p != nil {
			return *p
		}
	case *KeyFigures:
		if p != nil {
			return *p
		}
	case *Table:
		if p != nil {
			return *p
		}
	case *BarChart:
		if p != nil {
			return *p
		}
	default:
		return b
	}
	return nil
}

func (r *renderer) block(b, next Block) {
	switch b := deref(b).(type) {
	case Paragraph:
		r.paragraph(b)
	case Subheading:
		r.subheading(b, next)
	case KeyFigures:
		r.keyFigures(b)
	case Table:
		r.table(b)
	case BarChart:
		r.barChart(b)
	}
}

// minHeight is how much of b must share a page with a heading above it.
func (r *renderer) minHeight(b Block) float64 {
	switch b := deref(b).(type) {
	case Paragraph:
		return 2 * leading(ptBody)
	case Subheading:
		return leading(ptSub) + 2*leading(ptBody)
	case KeyFigures:
		if len(b.Items) == 0 {
			return 0
		}
		cols := figureColumns(len(b.Items))
		return r.figureRowHeight(b.Items[:min(cols, len(b.Items))], figureBoxW(cols))
	case Table:
		return r.layoutTable(b).keepHeight()
	case BarChart:
		return r.chartKeepHeight(b)
	}
	return 0
}

// paragraphs splits text at blank lines; single newlines stay as line
// breaks inside a paragraph.
func paragraphs(s string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimRight(l, " \xa0")
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return out
}

func (r *renderer) paragraph(p Paragraph) {
	f := r.f
	lh := leading(ptBody)
	for _, para := range paragraphs(toCP1252(p.Text)) {
		r.font("", ptBody)
		r.textColor(colText)
		lines := r.lines(para, contentW)
		n := len(lines)
		// No single first line at the foot of a page (orphan) nor single
		// last line at the head of the next (widow).
		r.keep(float64(min(n, 2)) * lh)
		for i, l := range lines {
			need := lh
			if n >= 4 && i == n-2 {
				need = 2 * lh
			}
			r.keep(need)
			f.SetX(marginX)
			r.text(contentW, lh, l, "L")
			f.Ln(lh)
		}
		f.Ln(gapPara)
	}
}

func (r *renderer) subheading(s Subheading, next Block) {
	f := r.f
	r.font("B", ptSub)
	lh := leading(ptSub)
	lines := r.lines(toCP1252(s.Text), contentW)
	h := float64(len(lines)) * lh
	need := h + 1.5 + r.minHeight(next)
	r.keep(2 + need)
	if f.GetY() > marginTop+0.5 {
		f.Ln(2)
	}
	r.font("B", ptSub)
	r.textColor(colAccent)
	for _, l := range lines {
		f.SetX(marginX)
		r.text(contentW, lh, l, "L")
		f.Ln(lh)
	}
	f.Ln(1.5)
}

// figureColumns picks 2–4 boxes a row, preferring the count that leaves
// the last row fullest.
func figureColumns(n int) int {
	switch {
	case n <= 2:
		return 2
	case n <= 4:
		return n
	}
	best, bestEmpty := 4, -1
	for _, c := range []int{4, 3} {
		empty := (c - n%c) % c
		if bestEmpty < 0 || empty < bestEmpty {
			best, bestEmpty = c, empty
		}
	}
	return best
}

func figureBoxW(cols int) float64 {
	return (contentW - figGap*float64(cols-1)) / float64(cols)
}

func (r *renderer) figureRowHeight(items []KeyFigure, boxW float64) float64 {
	r.font("", ptFigLabel)
	maxLines := 1
	for _, it := range items {
		maxLines = max(maxLines, len(r.lines(toCP1252(it.Label), boxW-2*figPad-1)))
	}
	return figPad + leading(ptFigure) + 0.8 + float64(maxLines)*leading(ptFigLabel) + figPad
}

func (r *renderer) keyFigures(k KeyFigures) {
	f := r.f
	n := len(k.Items)
	if n == 0 {
		return
	}
	cols := figureColumns(n)
	boxW := figureBoxW(cols)
	innerW := boxW - 2*figPad - 1 // 1 mm for the accent bar
	for start := 0; start < n; start += cols {
		items := k.Items[start:min(start+cols, n)]
		h := r.figureRowHeight(items, boxW)
		r.keep(h)
		y := f.GetY()
		for c, it := range items {
			x := marginX + float64(c)*(boxW+figGap)
			r.fillColor(colFigureFill)
			f.Rect(x, y, boxW, h, "F")
			r.fillColor(colAccent)
			f.Rect(x, y, 1, h, "F")

			// Long values shrink rather than overflow the box.
			value := toCP1252(it.Value)
			pt := ptFigure
			r.font("B", pt)
			for pt > 9 && r.width(value) > innerW {
				pt -= 0.5
				r.font("B", pt)
			}
			r.textColor(colAccent)
			f.SetXY(x+1+figPad, y+figPad)
			r.text(innerW, leading(ptFigure), r.fit(value, innerW), "L")

			r.font("", ptFigLabel)
			r.textColor(colText)
			ly := y + figPad + leading(ptFigure) + 0.8
			for i, l := range r.lines(toCP1252(it.Label), innerW) {
				f.SetXY(x+1+figPad, ly+float64(i)*leading(ptFigLabel))
				r.text(innerW, leading(ptFigLabel), l, "L")
			}
		}
		f.SetY(y + h + figGap)
	}
	f.Ln(gapBlock - figGap)
}

// --- tables ---

type tableRow struct {
	cells [][]string // wrapped lines per column
	h     float64
}

type tableLayout struct {
	widths   []float64
	caption  []string
	captionH float64
	header   *tableRow // nil when every header is empty
	headerH  float64
	rows     []tableRow
	total    *tableRow
}

func columnWidths(cols []Column) []float64 {
	ws := make([]float64, len(cols))
	all := 0.0
	for i, c := range cols {
		ws[i] = 1
		if c.Width > 0 && !math.IsInf(c.Width, 0) {
			ws[i] = c.Width
		}
		all += ws[i]
	}
	for i := range ws {
		ws[i] = ws[i] / all * contentW
	}
	return ws
}

func (r *renderer) layoutRow(cells []string, widths []float64, style string) tableRow {
	r.font(style, ptTable)
	lh := leading(ptTable)
	// A row may not be taller than a page less the header; longer cell
	// text is cut with an ellipsis.
	maxLines := int((bottomY - marginTop - 2*lh - 4*cellPadY) / lh)
	row := tableRow{cells: make([][]string, len(widths))}
	most := 1
	for c, w := range widths {
		s := ""
		if c < len(cells) {
			s = toCP1252(cells[c])
		}
		ls := r.lines(s, w-2*cellPadX)
		if len(ls) > maxLines {
			ls = ls[:maxLines]
			ls[maxLines-1] = r.fit(ls[maxLines-1]+"\x85", w-2*cellPadX)
		}
		row.cells[c] = ls
		most = max(most, len(ls))
	}
	row.h = float64(most)*lh + 2*cellPadY
	return row
}

func (r *renderer) layoutTable(t Table) tableLayout {
	tl := tableLayout{widths: columnWidths(t.Columns)}
	if t.Caption != "" {
		r.font("B", ptCaption)
		tl.caption = r.lines(toCP1252(t.Caption), contentW)
		tl.captionH = float64(len(tl.caption))*leading(ptCaption) + 1.5
	}
	headers := make([]string, len(t.Columns))
	anyHeader := false
	for i, c := range t.Columns {
		headers[i] = c.Header
		anyHeader = anyHeader || c.Header != ""
	}
	if anyHeader {
		h := r.layoutRow(headers, tl.widths, "B")
		tl.header, tl.headerH = &h, h.h
	}
	for _, row := range t.Rows {
		tl.rows = append(tl.rows, r.layoutRow(row, tl.widths, ""))
	}
	if t.Total != nil {
		h := r.layoutRow(t.Total, tl.widths, "B")
		tl.total = &h
	}
	return tl
}

func (r *renderer) drawRow(row tableRow, cols []Column, widths []float64, style string, fill int) {
	f := r.f
	y := f.GetY()
	if fill != 0 {
		r.fillColor(fill)
		f.Rect(marginX, y, contentW, row.h, "F")
	}
	r.font(style, ptTable)
	r.textColor(colText)
	lh := leading(ptTable)
	x := marginX
	for c, w := range widths {
		align := "L"
		if cols[c].Right {
			align = "R"
		}
		for k, l := range row.cells[c] {
			f.SetXY(x+cellPadX, y+cellPadY+float64(k)*lh)
			r.text(w-2*cellPadX, lh, l, align)
		}
		x += w
	}
	f.SetXY(marginX, y+row.h)
}

func (r *renderer) drawHeader(tl tableLayout, cols []Column) {
	if tl.header == nil {
		return
	}
	r.drawRow(*tl.header, cols, tl.widths, "B", colHeaderFill)
	r.rule(r.f.GetY(), 0.3, colMuted)
}

// keepHeight is what must fit before a table starts: a short table (up
// to a quarter of the page) whole, so a three-line balance is never split;
// a longer one its caption, header and first row.
func (tl tableLayout) keepHeight() float64 {
	whole := tl.captionH + tl.headerH
	for _, row := range tl.rows {
		whole += row.h
	}
	if tl.total != nil {
		whole += tl.total.h + 0.5
	}
	if whole <= (bottomY-marginTop)/4 {
		return whole
	}
	first := 0.0
	if len(tl.rows) > 0 {
		first = tl.rows[0].h
	} else if tl.total != nil {
		first = tl.total.h
	}
	return tl.captionH + tl.headerH + first
}

func (r *renderer) table(t Table) {
	if len(t.Columns) == 0 {
		return
	}
	f := r.f
	tl := r.layoutTable(t)
	r.keep(tl.keepHeight())

	if len(tl.caption) > 0 {
		r.font("B", ptCaption)
		r.textColor(colText)
		for _, l := range tl.caption {
			f.SetX(marginX)
			r.text(contentW, leading(ptCaption), l, "L")
			f.Ln(leading(ptCaption))
		}
		f.Ln(1.5)
	}
	r.drawHeader(tl, t.Columns)
	for i, row := range tl.rows {
		need := row.h
		// The last row goes over with the total, never the total alone.
		if i == len(tl.rows)-1 && tl.total != nil {
			need += tl.total.h + 0.5
		}
		if f.GetY()+need > bottomY {
			r.rule(f.GetY(), 0.3, colMuted)
			f.AddPage()
			r.drawHeader(tl, t.Columns)
		}
		fill := 0
		if i%2 == 1 {
			fill = colZebra
		}
		r.drawRow(row, t.Columns, tl.widths, "", fill)
	}
	if tl.total != nil {
		if f.GetY()+tl.total.h+0.5 > bottomY {
			f.AddPage()
			r.drawHeader(tl, t.Columns)
		}
		y := f.GetY()
		r.rule(y, 0.45, colText)
		f.SetY(y + 0.3)
		r.drawRow(*tl.total, t.Columns, tl.widths, "B", 0)
	}
	r.rule(f.GetY(), 0.3, colMuted)
	f.Ln(gapBlock)
}

// --- bar charts ---

const (
	barRowH = 6.4
	barH    = 4.2
)

func (r *renderer) chartCaptionH(c BarChart) float64 {
	if c.Caption == "" {
		return 0
	}
	r.font("B", ptCaption)
	return float64(len(r.lines(toCP1252(c.Caption), contentW)))*leading(ptCaption) + 2
}

// chartKeepHeight keeps a chart of up to half a page whole; a longer one
// keeps its caption with its first three bars.
func (r *renderer) chartKeepHeight(c BarChart) float64 {
	capH := r.chartCaptionH(c)
	whole := capH + float64(len(c.Bars))*barRowH
	if whole <= (bottomY-marginTop)/2 {
		return whole
	}
	return capH + 3*barRowH
}

func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

func (r *renderer) barChart(c BarChart) {
	if len(c.Bars) == 0 {
		return
	}
	f := r.f
	r.keep(r.chartKeepHeight(c))
	if c.Caption != "" {
		r.font("B", ptCaption)
		r.textColor(colText)
		for _, l := range r.lines(toCP1252(c.Caption), contentW) {
			f.SetX(marginX)
			r.text(contentW, leading(ptCaption), l, "L")
			f.Ln(leading(ptCaption))
		}
		f.Ln(2)
	}

	r.font("", ptTable)
	labels := make([]string, len(c.Bars))
	values := make([]string, len(c.Bars))
	labelW, valueW := 0.0, 0.0
	lo, hi := 0.0, 0.0
	for i, b := range c.Bars {
		labels[i] = toCP1252(b.Label)
		d := b.Display
		if d == "" {
			d = strconv.FormatFloat(finite(b.Value), 'f', -1, 64)
		}
		values[i] = toCP1252(d)
		labelW = max(labelW, r.width(labels[i]))
		valueW = max(valueW, r.width(values[i]))
		lo, hi = min(lo, finite(b.Value)), max(hi, finite(b.Value))
	}
	labelW = min(max(labelW+3, 20), contentW*0.4)
	valueW = min(valueW+2, contentW*0.25)
	plotX := marginX + labelW
	plotW := contentW - labelW
	left, right := 0.0, 0.0 // room for value text beside the bars
	if lo < 0 {
		left = valueW
	}
	if hi > 0 || lo == 0 {
		right = valueW
	}
	span := hi - lo
	if span <= 0 {
		span = 1
	}
	scale := (plotW - left - right) / span
	zeroX := plotX + left - lo*scale

	for i, b := range c.Bars {
		r.keep(barRowH)
		y := f.GetY()
		r.font("", ptTable)
		r.textColor(colText)
		f.SetXY(marginX, y)
		r.text(labelW-3, barRowH, r.fit(labels[i], labelW-3), "L")

		v := finite(b.Value)
		w := math.Abs(v) * scale
		by := y + (barRowH-barH)/2
		r.fillColor(colBar)
		if v >= 0 {
			if w > 0 {
				f.Rect(zeroX, by, w, barH, "F")
			}
			f.SetXY(zeroX+w+1.5, y)
			r.text(valueW-1.5, barRowH, r.fit(values[i], valueW-1.5), "L")
		} else {
			f.Rect(zeroX-w, by, w, barH, "F")
			f.SetXY(zeroX-w-valueW, y)
			r.text(valueW-1.5, barRowH, r.fit(values[i], valueW-1.5), "R")
		}
		r.drawColor(colMuted)
		f.SetLineWidth(0.25)
		f.Line(zeroX, y, zeroX, y+barRowH)
		f.SetY(y + barRowH)
	}
	f.Ln(gapBlock)
}
