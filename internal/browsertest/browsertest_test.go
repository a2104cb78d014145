package browsertest

import (
	"context"
	"fmt"
	"html"
	"image"
	"image/png"
	"maps"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const goodPage = `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sök medlem</title>
<style>body { color: #1a1a1a; background: #fff; font: 16px/1.5 sans-serif; }</style>
</head>
<body>
<main>
<h1>Sök medlem</h1>
<form method="post" action="/submit">
<label for="name">Namn</label>
<input id="name" name="name" type="text" autocomplete="name">
<button type="submit">Skicka</button>
</form>
</main>
</body>
</html>`

// brokenPage has one clear failure per rule the test expects, and is
// otherwise valid, so an unexpected rule in the result means axe changed.
const brokenPage = `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>Trasig sida</title>
</head>
<body>
<main>
<h1>Trasig sida</h1>
<img src="/logo.png" width="40" height="40">
<input type="text" name="q">
<p style="color: #bbb; background: #fff">Nästan osynlig text</p>
</main>
</body>
</html>`

const resultPage = `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><title>Tack</title></head>
<body><main><h1>Tack</h1><p id="result">Hej %s!</p></main></body>
</html>`

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("GET /good", page(goodPage))
	mux.HandleFunc("GET /broken", page(brokenPage))
	mux.HandleFunc("GET /logo.png", func(w http.ResponseWriter, r *http.Request) {
		// A real image, so image-alt fires because of the missing alt and
		// not because of a broken request.
		w.Header().Set("Content-Type", "image/png")
		png.Encode(w, image.NewRGBA(image.Rect(0, 0, 1, 1)))
	})
	mux.HandleFunc("POST /submit", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, resultPage, html.EscapeString(r.PostFormValue("name")))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigate %s: %v", url, err)
	}
}

func TestAccessiblePageHasNoViolations(t *testing.T) {
	srv := newServer(t)
	ctx := New(t)
	navigate(t, ctx, srv.URL+"/good")
	RequireNoViolations(t, ctx, "good page")

	// The second run finds axe already injected; it must give the same answer.
	vs, err := Axe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 0 {
		t.Fatalf("second Axe run: %s", FormatViolations(vs))
	}
}

func TestBrokenPageReportsViolations(t *testing.T) {
	srv := newServer(t)
	ctx := New(t)
	navigate(t, ctx, srv.URL+"/broken")

	vs, err := Axe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("broken page: %s", FormatViolations(vs))

	byID := map[string]Violation{}
	for _, v := range vs {
		byID[v.ID] = v
	}
	for _, id := range []string{"image-alt", "label", "color-contrast"} {
		if _, ok := byID[id]; !ok {
			t.Errorf("violation %q not reported; got %v", id, slices.Sorted(maps.Keys(byID)))
		}
	}
	if v, ok := byID["image-alt"]; ok {
		if v.Impact == "" || v.Description == "" || !strings.HasPrefix(v.HelpURL, "https://") {
			t.Errorf("image-alt lacks impact, description or help URL: %+v", v)
		}
		if len(v.Nodes) != 1 || !strings.Contains(v.Nodes[0], `<img src="/logo.png"`) {
			t.Errorf("image-alt nodes = %q, want the selector and HTML of the img", v.Nodes)
		}
	}

	// RequireNoViolations must stop the test, and name the rules and the page.
	rec := runRecorded(t, func(tb testing.TB) { RequireNoViolations(tb, ctx, "broken page") })
	if !rec.failed || !rec.exited {
		t.Fatalf("RequireNoViolations on the broken page: failed=%v exited=%v, want a fatal failure", rec.failed, rec.exited)
	}
	for _, want := range []string{"broken page", "image-alt", "label", "<img"} {
		if !strings.Contains(rec.msg(), want) {
			t.Errorf("failure message lacks %q:\n%s", want, rec.msg())
		}
	}

	navigate(t, ctx, srv.URL+"/good")
	rec = runRecorded(t, func(tb testing.TB) { RequireNoViolations(tb, ctx, "good page") })
	if rec.failed {
		t.Errorf("RequireNoViolations failed on the good page after a navigation:\n%s", rec.msg())
	}
}

func TestFormSubmit(t *testing.T) {
	srv := newServer(t)
	ctx := New(t)
	navigate(t, ctx, srv.URL+"/good")

	// Typing goes through real key events, so "å" and "<" check that the
	// text survives the keyboard and the form encoding.
	const name = "Åsa <Öberg>"
	err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#name"), name))
	if err != nil {
		t.Fatalf("type name: %v", err)
	}
	// RunResponse waits for the navigation the click starts; a plain Click
	// returns before the new page exists.
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("submit: status %d", resp.Status)
	}
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#result")))
	if err != nil {
		t.Fatalf("read result: %v", err)
	}
	if want := "Hej " + name + "!"; got != want {
		t.Errorf("result text = %q, want %q", got, want)
	}
	RequireNoViolations(t, ctx, "result page")
}

func TestMissingChromium(t *testing.T) {
	t.Setenv("TILLIT_CHROMIUM", "/nonexistent/chromium")

	t.Setenv("TILLIT_REQUIRE_ALL", "")
	rec := runRecorded(t, func(tb testing.TB) { New(tb) })
	if !rec.skipped || rec.failed {
		t.Errorf("without TILLIT_REQUIRE_ALL: skipped=%v failed=%v, want a skip", rec.skipped, rec.failed)
	}
	if !strings.Contains(rec.msg(), notFoundMsg) || !strings.Contains(rec.msg(), "/nonexistent/chromium") {
		t.Errorf("skip message = %q, want %q and the path", rec.msg(), notFoundMsg)
	}

	t.Setenv("TILLIT_REQUIRE_ALL", "1")
	rec = runRecorded(t, func(tb testing.TB) { New(tb) })
	if !rec.failed || rec.skipped {
		t.Errorf("with TILLIT_REQUIRE_ALL=1: skipped=%v failed=%v, want a failure", rec.skipped, rec.failed)
	}
	if !strings.Contains(rec.msg(), notFoundMsg) {
		t.Errorf("failure message = %q, want %q", rec.msg(), notFoundMsg)
	}
}

// recorder is a testing.TB whose failures and skips are recorded instead of
// acted on, so a test can check that a helper fails when it should. The
// embedded TB serves everything else, such as Logf and TempDir.
type recorder struct {
	testing.TB
	mu              sync.Mutex
	failed, skipped bool
	exited          bool
	msgs            []string
}

func (r *recorder) record(fail, skip bool, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = r.failed || fail
	r.skipped = r.skipped || skip
	if msg != "" {
		r.msgs = append(r.msgs, msg)
	}
}

func (r *recorder) exit() {
	r.mu.Lock()
	r.exited = true
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) msg() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.msgs, "\n")
}

func (r *recorder) Helper()                   {}
func (r *recorder) Fail()                     { r.record(true, false, "") }
func (r *recorder) FailNow()                  { r.record(true, false, ""); r.exit() }
func (r *recorder) Failed() bool              { r.mu.Lock(); defer r.mu.Unlock(); return r.failed }
func (r *recorder) Error(args ...any)         { r.record(true, false, fmt.Sprint(args...)) }
func (r *recorder) Errorf(f string, a ...any) { r.record(true, false, fmt.Sprintf(f, a...)) }
func (r *recorder) Fatal(args ...any)         { r.record(true, false, fmt.Sprint(args...)); r.exit() }
func (r *recorder) Fatalf(f string, a ...any) {
	r.record(true, false, fmt.Sprintf(f, a...))
	r.exit()
}
func (r *recorder) Skip(args ...any)         { r.record(false, true, fmt.Sprint(args...)); r.exit() }
func (r *recorder) Skipf(f string, a ...any) { r.record(false, true, fmt.Sprintf(f, a...)); r.exit() }
func (r *recorder) SkipNow()                 { r.record(false, true, ""); r.exit() }
func (r *recorder) Skipped() bool            { r.mu.Lock(); defer r.mu.Unlock(); return r.skipped }

// runRecorded runs fn with a recorder on its own goroutine, because FailNow
// and SkipNow end the calling goroutine.
func runRecorded(t *testing.T, fn func(testing.TB)) *recorder {
	t.Helper()
	rec := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(rec)
	}()
	select {
	case <-done:
	case <-time.After(testTimeout):
		t.Fatal("recorded function did not return")
	}
	return rec
}
