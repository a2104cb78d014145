// Package browsertest drives a headless Chromium from Go tests with chromedp,
// and checks pages against WCAG 2.1 AA with axe-core.
//
// Every test that calls New gets its own browser process and a fresh profile,
// so tests cannot leak cookies or storage into each other. The price is a
// browser start per test; see New.
package browsertest

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// notFoundMsg is the text that test logs and CI greps show when the browser is
// missing, so keep it stable.
const notFoundMsg = "chromium not found (apt-get install chromium): skipping browser test"

// testTimeout bounds the whole life of a browser, so a hung Chromium fails one
// test instead of hanging the suite until go test's global timeout. The
// walk over every page with axe takes about 30 s alone on PostgreSQL and
// ran past a minute on a loaded two-core machine.
const testTimeout = 3 * time.Minute

// closeTimeout is how long cleanup waits for Chromium to shut down on its own
// before it is killed.
const closeTimeout = 10 * time.Second

// candidates are tried in order when TILLIT_CHROMIUM is unset; Debian ships
// "chromium", other distributions and developer machines the other names.
var candidates = []string{"chromium", "chromium-browser", "google-chrome"}

// findChromium returns the browser to run, or a reason why there is none.
func findChromium() (string, error) {
	if p := os.Getenv("TILLIT_CHROMIUM"); p != "" {
		// An explicit choice must not silently fall back to another browser
		// on PATH: that would hide a broken CI configuration.
		path, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("TILLIT_CHROMIUM=%s: %w", p, err)
		}
		return path, nil
	}
	for _, name := range candidates {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("none of %s in PATH", strings.Join(candidates, ", "))
}

// New starts a headless Chromium for the test and returns the context of its
// first tab. The browser stops at t.Cleanup, or after about 60 seconds,
// whichever comes first.
//
// Without a browser the test is skipped, unless TILLIT_REQUIRE_ALL=1, where it
// fails: CI sets that so a broken image cannot turn the browser tests into
// silent skips. The browser is TILLIT_CHROMIUM when set, else the first of
// chromium, chromium-browser and google-chrome in PATH.
func New(t testing.TB) context.Context {
	t.Helper()

	execPath, err := findChromium()
	if err != nil {
		if os.Getenv("TILLIT_REQUIRE_ALL") == "1" {
			t.Fatalf("%s (%v); TILLIT_REQUIRE_ALL=1 forbids the skip", notFoundMsg, err)
		}
		t.Skipf("%s (%v)", notFoundMsg, err)
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		// Containers and CI run as root, where Chromium refuses to start
		// with its sandbox; the pages we load are our own.
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		// /dev/shm is tiny in Docker; Chromium crashes when it runs out.
		chromedp.Flag("disable-dev-shm-usage", true),
		// Keep the browser off the network except for the test server:
		// CI may have no internet, and background fetches slow the start.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		// A fixed viewport keeps layout-dependent axe rules (contrast,
		// target size) deterministic across machines.
		chromedp.WindowSize(1280, 800),
		chromedp.UserDataDir(t.TempDir()),
	}

	// Chromium's own output only matters when it fails to start.
	var out syncBuffer
	opts = append(opts, chromedp.CombinedOutput(&out))

	logger := &testLogger{t: t}
	timeoutCtx, cancelTimeout := context.WithTimeout(context.Background(), testTimeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(timeoutCtx, opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx,
		chromedp.WithLogf(logger.logf),
		chromedp.WithErrorf(logger.logf),
	)

	stop := func() {
		// A graceful close lets Chromium reap its helper processes, which
		// otherwise may still write into the profile while t.TempDir
		// removes it.
		closeCtx, cancelClose := context.WithTimeout(ctx, closeTimeout)
		_ = chromedp.Cancel(closeCtx)
		cancelClose()
		cancelTab()
		cancelAlloc()
		cancelTimeout()
		logger.stop()
	}

	// Start the browser here rather than at the caller's first action, so a
	// start failure is reported as such and the start time can be logged.
	start := time.Now()
	if err := chromedp.Do(ctx); err != nil {
		stop()
		msg := fmt.Sprintf("browsertest: starting %s: %v", execPath, err)
		// chromedp quotes the output for some failures but not for a
		// timeout, where it is the only clue.
		if o := strings.TrimSpace(out.String()); o != "" && !strings.Contains(msg, o) {
			msg += "\nbrowser output:\n" + o
		}
		t.Fatal(msg)
	}
	t.Logf("browsertest: %s started in %v", execPath, time.Since(start).Round(time.Millisecond))
	t.Cleanup(stop)
	return ctx
}

// testLogger forwards chromedp's messages to the test log, and drops those
// that arrive after the test ends: testing panics on a late Log.
type testLogger struct {
	mu      sync.Mutex
	t       testing.TB
	stopped bool
}

func (l *testLogger) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.t.Logf("chromedp: "+format, args...)
	}
}

func (l *testLogger) stop() {
	l.mu.Lock()
	l.stopped = true
	l.mu.Unlock()
}

// syncBuffer is written by chromedp's output goroutine and read by the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

//go:embed testdata/axe.min.js
var axeSource string

// Violation is one failed axe rule and the elements that fail it.
type Violation struct {
	ID          string
	Impact      string
	Description string
	HelpURL     string
	// Nodes holds one entry per failing element: its selector, then its
	// HTML, so a failure message points at the exact markup.
	Nodes []string
}

// axeRunJS limits axe to the WCAG 2.1 A and AA rules: the best-practice and
// AAA rules are advice, and failing builds on them would be noise. The result
// is reduced in the page, because the full axe result holds the passes too
// and is large.
const axeRunJS = `axe.run(document, {
	runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
}).then(r => r.violations.map(v => ({
	id: v.id,
	impact: v.impact || "",
	description: v.description,
	helpUrl: v.helpUrl,
	nodes: v.nodes.map(n => {
		// A target entry is an array when the element is inside a shadow root.
		const sel = n.target.map(s => Array.isArray(s) ? s.join(" >>> ") : s).join(", ");
		return sel + ": " + n.html;
	}),
})))`

type axeViolation struct {
	ID          string   `json:"id"`
	Impact      string   `json:"impact"`
	Description string   `json:"description"`
	HelpURL     string   `json:"helpUrl"`
	Nodes       []string `json:"nodes"`
}

// Axe runs axe-core's WCAG 2.1 A and AA rules on the page that is loaded in
// ctx and returns the violations. The caller navigates first and waits for
// whatever the page renders after load.
func Axe(ctx context.Context) ([]Violation, error) {
	// Re-sending 650 kB on every call would be wasted when a test checks
	// several states of the same page; a navigation drops window.axe, so
	// this check re-injects exactly when needed.
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		return nil, fmt.Errorf("axe: checking for axe: %w", err)
	}
	if !loaded {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			return nil, fmt.Errorf("axe: injecting axe.min.js: %w", err)
		}
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRunJS, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("axe: running axe: %w", err)
	}
	vs := make([]Violation, len(raw))
	for i, v := range raw {
		vs[i] = Violation(v)
	}
	return vs, nil
}

// RequireNoViolations runs Axe on the page loaded in ctx and stops the test
// when there is any violation, listing each with its elements. page names the
// page in the message (a URL or "login form"); it does not navigate, so it
// can check a page in a state reached by clicks and typing.
func RequireNoViolations(t testing.TB, ctx context.Context, page string) {
	t.Helper()
	saveScreenshot(t, ctx, page)
	vs, err := Axe(ctx)
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	if len(vs) == 0 {
		return
	}
	t.Fatalf("%s: %s", page, FormatViolations(vs))
}

// FormatViolations renders violations for a test failure message.
func FormatViolations(vs []Violation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d WCAG 2.1 AA violation(s):", len(vs))
	for _, v := range vs {
		fmt.Fprintf(&b, "\n- %s (%s): %s\n  %s", v.ID, v.Impact, v.Description, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    %s", n)
		}
	}
	return b.String()
}

// saveScreenshot writes the whole page as PNG to the directory named by
// TILLIT_SCREENSHOTS, so a person can look at every page the tests check
// (`TILLIT_SCREENSHOTS=/tmp/shots go test ./internal/server -run Browser`).
func saveScreenshot(t testing.TB, ctx context.Context, page string) {
	dir := os.Getenv("TILLIT_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot of %s: %v", page, err)
		return
	}
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '_'
	}, strings.Trim(page, "/"))
	if name == "" {
		name = "root"
	}
	if err := os.MkdirAll(dir, 0o755); err == nil {
		err = os.WriteFile(filepath.Join(dir, t.Name()[strings.LastIndex(t.Name(), "/")+1:]+"-"+name+".png"), buf, 0o644)
	}
	if err != nil {
		t.Logf("screenshot of %s: %v", page, err)
	}
}
