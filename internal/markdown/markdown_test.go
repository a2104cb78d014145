package markdown

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// runnable lists what in out could run or leave the site: elements other
// than the Markdown ones, event-handler attributes, style, and addresses
// with a scheme other than http, https or mailto. It reads out as a
// browser would, so text that merely looks like code is not counted.
func runnable(out string) []string {
	var found []string
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return found
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "svg", "form", "input", "style", "object", "embed", "math", "base", "link", "meta":
				found = append(found, "<"+tok.Data+">")
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				switch {
				case strings.HasPrefix(a.Key, "on"), a.Key == "style", a.Key == "srcset", a.Key == "formaction":
					found = append(found, a.Key+"=")
				case (a.Key == "href" || a.Key == "src") && strings.Contains(v, ":") &&
					!strings.HasPrefix(v, "https:") && !strings.HasPrefix(v, "http:") && !strings.HasPrefix(v, "mailto:"):
					found = append(found, a.Key+"="+v)
				case a.Key == "src" && !strings.HasPrefix(v, "/") || a.Key == "src" && strings.HasPrefix(v, "//"):
					found = append(found, "src="+v)
				}
			}
		}
	}
}

// Whatever the editor writes, the page gets no script, no event handler
// and no link that runs code.
func TestHTMLRemovesWhatRuns(t *testing.T) {
	r := New()
	for _, tt := range []struct {
		name, src string
		keep      []string // must be in the output
	}{
		{"script element", "Hej<script>alert(1)</script> då", []string{"Hej", "då"}},
		{"script block", "<script>\nalert(1)\n</script>\n\nText", []string{"<p>Text</p>"}},
		{"event handler in raw HTML", `<img src="/files/1/a.png" onerror="alert(1)">`, nil},
		{"event handler on a link", `<a href="/x" onclick="alert(1)">x</a>`, nil},
		{"javascript link", "[klicka](javascript:alert(1))", []string{"klicka"}},
		{"JavaScript link in capitals", "[klicka](JaVaScRiPt:alert(1))", []string{"klicka"}},
		{"javascript link with entities", "[klicka](&#106;avascript:alert(1))", []string{"klicka"}},
		{"data link", "[klicka](data:text/html;base64,PHNjcmlwdD4=)", []string{"klicka"}},
		{"vbscript link", "[klicka](vbscript:msgbox)", []string{"klicka"}},
		{"iframe", `<iframe src="https://evil.example"></iframe>`, nil},
		{"style attribute", `<p style="background:url(javascript:alert(1))">x</p>`, nil},
		{"svg with script", `<svg><script>alert(1)</script></svg>`, nil},
		{"image with handler in title", `![bild](/files/1/a.png "x\" onerror=\"alert(1)")`, []string{`alt="bild"`}},
		{"external image", "![bild](https://evil.example/track.png)", nil},
		{"protocol-relative image", "![bild](//evil.example/track.png)", nil},
		{"form", `<form action="https://evil.example"><input name="password"></form>`, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := strings.ToLower(string(r.HTML(tt.src)))
			if bad := runnable(out); len(bad) > 0 {
				t.Errorf("output has %v:\n%s", bad, out)
			}
			if strings.Contains(out, "<script") || strings.Contains(out, "javascript:") || strings.Contains(out, "evil.example") {
				t.Errorf("output keeps a script, a javascript: address or the other site:\n%s", out)
			}
			for _, k := range tt.keep {
				if !strings.Contains(out, strings.ToLower(k)) {
					t.Errorf("output lost %q:\n%s", k, out)
				}
			}
		})
	}
}

func TestHTMLKeepsWhatEditorsWrite(t *testing.T) {
	src := "# Rubrik\n\nEn **fet** och *kursiv* text med [en länk](https://example.se) och [en sida](/pages/om-oss).\n\n" +
		"- ett\n- två\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n![Deltagare vid konferensen](/files/3/konferens.jpg)\n\n~~struken~~ https://www.example.se\n"
	out := string(New().HTML(src))
	for _, want := range []string{
		"<h2>Rubrik</h2>", "<strong>fet</strong>", "<em>kursiv</em>",
		`<a href="https://example.se" rel="nofollow">en länk</a>`, `<a href="/pages/om-oss">en sida</a>`,
		"<li>ett</li>", "<table>", "<td>2</td>", `<img src="/files/3/konferens.jpg" alt="Deltagare vid konferensen">`,
		"<del>struken</del>", `href="https://www.example.se"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "<h1") {
		t.Errorf("a heading stayed h1:\n%s", out)
	}
}

func TestCheck(t *testing.T) {
	src := "![](/files/1/a.png)\n\n![   ](/files/2/b.png)\n\n![Bild *med* alt](/files/3/c.png)\n\n![Spårning](https://evil.example/t.png)\n\n" +
		"[ok](https://example.se) [ok](mailto:kansliet@example.se) [ok](/news) [ok](#top) [fel](javascript:alert(1)) [fel](ftp://x)\n"
	got := New().Check(src)
	want := []Problem{
		{"alt", "/files/1/a.png"}, {"alt", "/files/2/b.png"}, {"image", "https://evil.example/t.png"},
		{"link", "javascript:alert(1)"}, {"link", "ftp://x"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Check =\n %v\nwant\n %v", got, want)
	}
	if p := Check("Bara text."); p != nil {
		t.Errorf("plain text has problems: %v", p)
	}
}

func TestExcerpt(t *testing.T) {
	src := "## Rubrik\n\n![bild](/files/1/a.png)\n\nDet **nationella** kansliet deltog i [konferensen](https://example.se) i Santiago.\n\nMer."
	if got, want := Excerpt(src, 200), "Det nationella kansliet deltog i konferensen i Santiago."; got != want {
		t.Errorf("Excerpt = %q, want %q", got, want)
	}
	if got := Excerpt(src, 10); got != "Det natio…" {
		t.Errorf("short Excerpt = %q", got)
	}
}

func FuzzHTML(f *testing.F) {
	for _, s := range []string{"<script>alert(1)</script>", "[x](javascript:alert(1))", "![a](/files/1/a.png)", "<img src=x onerror=alert(1)>", "**b**"} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		out := string(r.HTML(src))
		if bad := runnable(out); len(bad) > 0 {
			t.Fatalf("output of %q has %v: %s", src, bad, out)
		}
	})
}
