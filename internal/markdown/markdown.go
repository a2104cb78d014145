// Package markdown turns the Markdown the web editor writes into HTML that
// is safe to put in a public page, and checks it for what the site
// requires (every image has alt text and is one of our own files).
//
// It wraps two libraries and nothing outside this package imports them:
// github.com/yuin/goldmark parses CommonMark (the standard library has no
// Markdown), and github.com/microcosm-cc/bluemonday sanitises the result
// with an allow-list, so that neither raw HTML in the text nor a bug in
// the renderer can put a script, an event handler or a javascript: link
// on the page. Sanitising after rendering is deliberate: goldmark already
// omits raw HTML, and the allow-list is the second, independent guard.
package markdown

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Renderer is a configured Markdown parser and sanitiser. It is safe for
// concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New builds a Renderer: CommonMark with tables, strikethrough and bare
// links made clickable; headings moved one level down, because the page's
// own title is the only h1.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(headingShift{}, 100))),
	)
	return &Renderer{md: md, policy: newPolicy()}
}

// shared is the renderer the package functions use: building the policy
// costs more than rendering a page, and a Renderer never changes.
var shared = sync.OnceValue(New)

// HTML renders src with the shared Renderer.
func HTML(src string) template.HTML { return shared().HTML(src) }

// Check checks src with the shared Renderer.
func Check(src string) []Problem { return shared().Check(src) }

// newPolicy allows the elements Markdown produces and nothing that runs:
// links only to http, https, mailto and our own paths, images only from
// our own paths (the content security policy would block others anyway).
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
		"em", "strong", "del", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,6}$`)).OnElements("ol")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|right|center)$`)).OnElements("th", "td")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("title").OnElements("a", "img")
	p.AllowAttrs("src").Matching(localPath).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	return p
}

// localPath is an absolute path on this site, not a protocol-relative
// address (//host) that would leave it.
var localPath = regexp.MustCompile(`^/[^/\\]`)

// HTML renders src as sanitised HTML.
func (r *Renderer) HTML(src string) template.HTML {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		// goldmark fails only when writing to the buffer fails, which a
		// bytes.Buffer does not; show the text escaped rather than nothing.
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>")
	}
	// The policy is the guard: its output is what the template trusts.
	return template.HTML(r.policy.SanitizeBytes(buf.Bytes()))
}

// Problem is something in the Markdown the editor must fix before saving.
type Problem struct {
	// Kind is "alt" (an image without alt text), "image" (an image that
	// is not one of the site's files) or "link" (a link that is neither
	// a web address, an e-mail address nor a path on the site).
	Kind string
	// Target is the image's or link's address as written.
	Target string
}

// Check reports images without alt text, images from elsewhere and links
// the sanitiser would remove, in the order they appear.
func (r *Renderer) Check(src string) []Problem {
	b := []byte(src)
	doc := r.md.Parser().Parse(text.NewReader(b))
	var out []Problem
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			dest := string(n.Destination)
			if strings.TrimSpace(plainText(n, b)) == "" {
				out = append(out, Problem{Kind: "alt", Target: dest})
			}
			if !localPath.MatchString(dest) {
				out = append(out, Problem{Kind: "image", Target: dest})
			}
		case *ast.Link:
			if !safeLink(string(n.Destination)) {
				out = append(out, Problem{Kind: "link", Target: string(n.Destination)})
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// safeLink reports whether a link's address is one the policy keeps.
func safeLink(dest string) bool {
	d := strings.ToLower(strings.TrimSpace(dest))
	switch {
	case strings.HasPrefix(d, "https://"), strings.HasPrefix(d, "http://"), strings.HasPrefix(d, "mailto:"):
		return true
	case strings.HasPrefix(d, "#"):
		return true
	}
	return localPath.MatchString(d)
}

// plainText is the text inside an inline node, such as an image's alt.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Value(src))
		case *ast.String:
			b.Write(t.Value)
		default:
			b.WriteString(plainText(c, src))
		}
	}
	return b.String()
}

// headingShift moves every heading one level down (h1 becomes h2, h6
// stays h6), so the text's headings sit under the page's title.
type headingShift struct{}

func (headingShift) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level < 6 {
			h.Level++
		}
		return ast.WalkContinue, nil
	})
}

// Excerpt returns the first paragraph of src as plain text of at most n
// characters, for a page's description when no summary is written.
func Excerpt(src string, n int) string {
	for _, para := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n\n") {
		p := strings.TrimSpace(para)
		if p == "" || strings.HasPrefix(p, "#") || strings.HasPrefix(p, "!") {
			continue
		}
		p = strings.Join(strings.Fields(mdPunct.ReplaceAllString(p, "")), " ")
		if r := []rune(p); len(r) > n {
			return strings.TrimSpace(string(r[:n-1])) + "…"
		}
		return p
	}
	return ""
}

var mdPunct = regexp.MustCompile(`\]\([^)]*\)|[*_` + "`" + `>#\[\]]`)
