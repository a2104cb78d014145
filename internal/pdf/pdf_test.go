package pdf

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/tillit-project/tillit/internal/pdf/pdftest"
	rpdf "rsc.io/pdf"
)

var regions = []string{
	"Region Stockholm", "Region Uppsala", "Region Sörmland", "Region Östergötland",
	"Region Jönköpings län", "Region Kronoberg", "Region Kalmar län", "Region Gotland",
	"Region Blekinge", "Region Skåne", "Region Halland", "Västra Götalandsregionen",
	"Region Värmland", "Region Örebro län", "Region Västmanland", "Region Dalarna",
	"Region Gävleborg", "Region Västernorrland", "Region Jämtland Härjedalen",
	"Region Västerbotten", "Region Norrbotten",
	// Four more rows so the table outgrows the page it starts on.
	"Sjukvårdsregion Mellansverige", "Sjukvårdsregion Norr",
	"Samverkan för hållbar upphandling i Sveriges regioner, gemensamma avtal (ett mycket långt namn som bryts)",
	"Övriga",
}

const (
	headingFollowUp = "Uppföljning"
	headingPurchase = "Inköp och avtal"
	headingDev      = "Avvikelser och åtgärder"
	amountHeader    = "Belopp, kr"
)

func sampleDocument() Document {
	rows := make([][]string, len(regions))
	for i, name := range regions {
		rows[i] = []string{name, strconv.Itoa(3 + i%7), fmt.Sprintf("%d\u00a0%03d", 100+i*13, i*37%1000), fmt.Sprintf("%d,%d\u00a0%%", i%9, i%10)}
	}
	long := "Samverkan för hållbar upphandling följer upp leverantörernas åtaganden om " +
		"mänskliga rättigheter, arbetsrätt, miljö och antikorruption i regionernas " +
		"avtal. Under året har Västra Götalandsregionen, Region Jämtland Härjedalen och " +
		"Region Sörmland lett granskningen av medicinteknik, livsmedel och IT-produkter."
	return Document{
		Title:         "Hållbar upphandling i Sveriges regioner",
		Subtitle:      "Verksamhetsberättelse 2022",
		Org:           "Sveriges regioner i samverkan",
		Date:          "Skapad 23 november 2026",
		Lang:          "sv",
		ContentsTitle: "Innehåll",
		PageLabel:     func(p, n int) string { return fmt.Sprintf("Sida %d av %d", p, n) },
		Created:       time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC),
		Sections: []Section{
			{Heading: headingFollowUp, Blocks: []Block{
				Paragraph{Text: long + "\n\n" + "Resultatet 2021–2022 visar en minskning med −12 % av öppna avvikelser."},
				KeyFigures{Items: []KeyFigure{
					{Value: "6\u00a0730\u00a0316", Label: "Inköpsvolym i granskade avtal, kr"},
					{Value: "48", Label: "Uppföljningar"},
					{Value: "1\u202f183\u202f000", Label: "Värde av åtgärdade avvikelser, kr"},
					{Value: "21", Label: "Regioner"},
					{Value: "92\u00a0%", Label: "Andel avvikelser som stängts inom utsatt tid"},
				}},
				Subheading{Text: "Granskade områden"},
				Paragraph{Text: strings.Repeat(long+" ", 2) + "\nEn ny rad utan tom rad före.\n\n" + long},
			}},
			{Heading: headingPurchase, Blocks: []Block{
				Paragraph{Text: "Tabellen visar avtal och inköpsvolym per region.\n\n" + strings.Repeat(long+"\n\n", 4)},
				Table{
					Caption: "Tabell 1. Avtal och inköpsvolym per region 2022",
					Columns: []Column{
						{Header: "Region", Width: 3},
						{Header: "Avtal", Right: true},
						{Header: amountHeader, Right: true},
						{Header: "Andel", Right: true},
					},
					Rows:  rows,
					Total: []string{"Totalt", "150", "6\u2009730\u2009316", "100\u00a0%"},
				},
			}},
			{Heading: headingDev, Blocks: []Block{
				Subheading{Text: "Avvikelser per region"},
				BarChart{Caption: "Värde av åtgärdade avvikelser, kr", Bars: []Bar{
					{Label: "Västra Götalandsregionen", Value: 1183000, Display: "1\u202f183\u202f000"},
					{Label: "Region Jämtland Härjedalen", Value: 412500, Display: "412\u202f500"},
					{Label: "Region Sörmland", Value: 96000, Display: "96\u202f000"},
					{Label: "Region Gotland", Value: 0, Display: "0"},
				}},
				Paragraph{Text: "Inga avvikelser var allvarliga."},
			}},
		},
	}
}

func pageTexts(t *testing.T, data []byte) [][]string { return pdftest.PageTexts(t, data) }

func normSpace(s string) string { return pdftest.NormSpace(s) }

func render(t *testing.T, d Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, d); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return buf.Bytes()
}

func pageContaining(pages [][]string, from int, want func(line string) bool) int {
	for p := from; p < len(pages); p++ {
		if slices.ContainsFunc(pages[p], want) {
			return p + 1
		}
	}
	return 0
}

func TestRenderSample(t *testing.T) {
	data := render(t, sampleDocument())
	if err := os.WriteFile(filepath.Join(t.TempDir(), "sample.pdf"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("PDF_OUT"); out != "" {
		if err := os.WriteFile(out, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", out)
	}
	pages := pageTexts(t, data)
	all := strings.Join(slices.Concat(pages...), "\n")
	total := len(pages)
	if total < 6 {
		t.Fatalf("got %d pages, want at least 6 (title, contents, 3 sections, table break)", total)
	}

	t.Run("text", func(t *testing.T) {
		for _, want := range []string{
			"Västra Götalandsregionen", "Jämtland Härjedalen", "Sörmland",
			"Hållbar upphandling i Sveriges regioner", "Verksamhetsberättelse 2022",
			"Skapad 23 november 2026", "Innehåll",
			"6 730 316", "1 183 000", "92 %",
			"2021–2022", "-12 %", // en dash kept, minus sign as hyphen-minus
		} {
			if !strings.Contains(all, want) {
				t.Errorf("text lacks %q", want)
			}
		}
		if strings.Contains(all, "\u2212") || strings.Contains(all, "?") {
			t.Errorf("unexpected minus sign or replacement character in text")
		}
	})

	t.Run("contents", func(t *testing.T) {
		checkContents(t, pages, []string{headingFollowUp, headingPurchase, headingDev})
	})

	t.Run("footers", func(t *testing.T) {
		if slices.ContainsFunc(pages[0], func(l string) bool { return strings.Contains(l, "Sida") }) {
			t.Errorf("title page has a footer: %q", pages[0])
		}
		for p := 2; p <= total; p++ {
			want := fmt.Sprintf("Sida %d av %d", p, total)
			if !slices.ContainsFunc(pages[p-1], func(l string) bool { return strings.HasSuffix(l, want) }) {
				t.Errorf("page %d lacks footer %q", p, want)
			}
		}
	})

	t.Run("table header repeats", func(t *testing.T) {
		isHeader := func(l string) bool { return l == "Region Avtal "+amountHeader+" Andel" }
		first := pageContaining(pages, 0, func(l string) bool { return strings.HasPrefix(l, regions[0]+" ") })
		last := pageContaining(pages, 0, func(l string) bool { return strings.HasPrefix(l, "Övriga ") })
		if first == 0 || last <= first {
			t.Fatalf("table rows on pages %d..%d, want a break", first, last)
		}
		for p := first; p <= last; p++ {
			if !slices.ContainsFunc(pages[p-1], isHeader) {
				t.Errorf("page %d of the table lacks the header row; it has %q", p, pages[p-1])
			}
		}
		totalLine := pageContaining(pages, 0, func(l string) bool { return l == "Totalt 150 6 730 316 100 %" })
		if totalLine != last {
			t.Errorf("total row on page %d, want %d with the last row", totalLine, last)
		}
	})

	t.Run("subheading kept with text", func(t *testing.T) {
		for p, lines := range pages {
			i := slices.Index(lines, "Granskade områden")
			if i >= 0 && !strings.HasPrefix(lines[i+1], "Samverkan för hållbar") {
				t.Errorf("page %d: subheading followed by %q", p+1, lines[i+1])
			}
		}
	})

	t.Run("metadata", func(t *testing.T) {
		rd, err := rpdf.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		info := rd.Trailer().Key("Info")
		for key, want := range map[string]string{
			"Title":   "Hållbar upphandling i Sveriges regioner",
			"Author":  "Sveriges regioner i samverkan",
			"Creator": "tillit",
		} {
			v := info.Key(key)
			got := v.RawString()
			if strings.HasPrefix(got, "\xfe\xff") { // UTF-16BE with BOM
				got = strings.TrimPrefix(v.TextFromUTF16(), "\ufeff")
			}
			if got != want {
				t.Errorf("%s = %q, want %q", key, got, want)
			}
		}
		if got := rd.Trailer().Key("Root").Key("Lang").RawString(); got != "sv" {
			t.Errorf("Lang = %q, want sv", got)
		}
		if got := info.Key("CreationDate").RawString(); got != "D:20261123100000" {
			t.Errorf("CreationDate = %q", got)
		}
	})
}

// checkContents checks that the contents pages list every heading with
// the page on which the heading really is. The contents start on page 2;
// the body starts after the last page with a contents entry.
func checkContents(t *testing.T, pages [][]string, headings []string) {
	t.Helper()
	entries := map[string]bool{}
	body := 2
	for i, h := range headings {
		entry := fmt.Sprintf("%d %s", i+1, h)
		at := pageContaining(pages, 1, func(l string) bool { return strings.HasPrefix(l, entry+" ") })
		if at == 0 {
			t.Fatalf("contents lack %q", entry)
		}
		body = max(body, at)
		for _, l := range pages[at-1] {
			if strings.HasPrefix(l, entry+" ") {
				entries[l] = true
			}
		}
	}
	for i, h := range headings {
		entry := fmt.Sprintf("%d %s", i+1, h)
		at := pageContaining(pages, body, func(l string) bool { return l == entry })
		if at == 0 {
			t.Errorf("heading %q not found in the body", entry)
			continue
		}
		if want := fmt.Sprintf("%s %d", entry, at); !entries[want] {
			t.Errorf("contents lack %q", want)
		}
	}
}

// TestKeepTogether slides a subheading, a table and a chart down the page
// one line at a time and checks that none is ever split from what must
// stay with it.
func TestKeepTogether(t *testing.T) {
	rows := make([][]string, 12)
	for i := range rows {
		rows[i] = []string{"Rad " + strconv.Itoa(i+1), strconv.Itoa(i)}
	}
	footer := func(l string) bool { return strings.Contains(l, "Sida ") }
	for n := 0; n < 60; n += 1 {
		var filler []Block
		for i := range n {
			filler = append(filler, Paragraph{Text: "Fyllnad " + strconv.Itoa(i)})
		}
		d := Document{
			Title:              "Test",
			PageLabel:          func(p, n int) string { return fmt.Sprintf("Sida %d av %d", p, n) },
			ContinuousSections: true,
			Sections: []Section{
				{Heading: "Ett", Blocks: append(slices.Clone(filler),
					Subheading{Text: "Underrubrik"},
					Paragraph{Text: "Första raden efter underrubriken."})},
				{Heading: "Två", Blocks: append(slices.Clone(filler),
					Table{Caption: "Tabelltext", Columns: []Column{{Header: "Namn"}, {Header: "Antal", Right: true}}, Rows: rows, Total: []string{"Summa", "66"}})},
				{Heading: "Tre", Blocks: append(slices.Clone(filler),
					BarChart{Caption: "Diagramtext", Bars: []Bar{{Label: "a", Value: 1}, {Label: "b", Value: -2}}})},
			},
		}
		pages := pageTexts(t, render(t, d))
		checkContents(t, pages, []string{"Ett", "Två", "Tre"})
		for p, lines := range pages {
			for i, l := range lines {
				next := ""
				if i+1 < len(lines) && !footer(lines[i+1]) {
					next = lines[i+1]
				}
				switch {
				case l == "Underrubrik" && next != "Första raden efter underrubriken.",
					l == "Tabelltext" && next != "Namn Antal",
					l == "Namn Antal" && !strings.HasPrefix(next, "Rad "),
					l == "Diagramtext" && next != "a 1":
					t.Errorf("filler %d, page %d: %q is followed by %q", n, p+1, l, next)
				case strings.HasPrefix(l, "Rad ") && p > 0 && i > 0 && !strings.HasPrefix(lines[i-1], "Rad ") && lines[i-1] != "Namn Antal":
					t.Errorf("filler %d, page %d: row %q without header above", n, p+1, l)
				case l == "Summa 66" && !strings.HasPrefix(lines[i-1], "Rad 12"):
					t.Errorf("filler %d, page %d: total row apart from the last row", n, p+1)
				}
			}
		}
	}
}

func TestRenderEmpty(t *testing.T) {
	for name, d := range map[string]Document{
		"zero":       {},
		"title only": {Title: "Tom", Lang: "en"},
		"empty blocks": {Title: "T", Sections: []Section{{}, {Heading: "x", Blocks: []Block{
			Paragraph{}, Table{}, Table{Columns: []Column{{}}}, KeyFigures{}, BarChart{}, nil, (*Paragraph)(nil), &Subheading{Text: "s"},
		}}}},
	} {
		t.Run(name, func(t *testing.T) {
			pages := pageTexts(t, render(t, d))
			if len(d.Sections) == 0 && len(pages) != 1 {
				t.Errorf("got %d pages, want the title page only", len(pages))
			}
		})
	}
}

func TestRenderDeterministicAndConcurrent(t *testing.T) {
	d := sampleDocument()
	want := render(t, d)
	var wg sync.WaitGroup
	got := make([][]byte, 4)
	for i := range got {
		wg.Go(func() {
			var buf bytes.Buffer
			if err := Render(&buf, d); err == nil {
				got[i] = buf.Bytes()
			}
		})
	}
	wg.Wait()
	for i, g := range got {
		if !bytes.Equal(g, want) {
			t.Errorf("render %d differs from the first (%d vs %d bytes)", i, len(g), len(want))
		}
	}
}

func TestToCP1252(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Sörmland Åre Älvsby é", "S\xf6rmland \xc5re \xc4lvsby \xe9"},
		{"2021–2022 — €", "2021\x962022 \x97 \x80"},
		{"−12", "-12"},
		{"6\u202f730\u2009316\u00a0kr", "6\xa0730\xa0316\xa0kr"},
		{"a\tb\r\nc", "a b\nc"},
		{"mjuk\u00adbindestreck", "mjukbindestreck"},
		{"日本 ✓", "?? ?"},
	} {
		if got := toCP1252(tc.in); got != tc.want {
			t.Errorf("toCP1252(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Our table must agree with fpdf's own cp1252 map wherever that one
	// knows a rune.
	ref := fpdf.New("P", "mm", "A4", "").UnicodeTranslatorFromDescriptor("cp1252")
	for r := rune(0xA0); r < 0x2200; r++ {
		if r >= 0x2000 && r <= 0x200F || r == 0xAD || r == 0x2007 {
			continue // spaces we map on purpose
		}
		s := string(r)
		if want := ref(s); want != "." {
			if got := toCP1252(s); got != want {
				t.Errorf("toCP1252(%U) = %q, fpdf says %q", r, got, want)
			}
		}
	}
}
