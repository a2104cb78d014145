package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/scale"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
	"github.com/tillit-project/tillit/internal/web"
)

// TestKeyPagesQueryCountsDoNotGrow is the N+1 guard: it loads the tiny
// synthetic data set and one five times larger, opens every key page of
// issue 6 on the heaviest records of each (the largest supplier, the
// follow-up with most events, the busiest year …) and fails when a
// statement runs more often on the larger data set than on the smaller.
//
// Statements are compared by their text with IN lists folded, so one
// query for a whole page of rows counts once however many rows it names.
// A statement that runs once on the larger set and not on the smaller is
// allowed: pages run some queries only when there is something to show
// (the close texts of follow-ups closed for another reason, say); a loop
// that queries per row runs more than once.
func TestKeyPagesQueryCountsDoNotGrow(t *testing.T) {
	if testing.Short() {
		t.Skip("loads two synthetic data sets")
	}
	small := keyPageQueries(t, scale.Tiny)
	large := keyPageQueries(t, scale.Tiny.Times(5, "tiny×5"))
	for i, p := range small {
		l := large[i]
		t.Logf("%-34s %3d statements at tiny, %3d at tiny×5", p.name, p.total, l.total)
		for q, n := range l.byText {
			if n > max(p.byText[q], 1) {
				t.Errorf("%s: on the larger data set this statement runs %d times, on the smaller %d (N+1?):\n%s",
					p.name, n, p.byText[q], q)
			}
		}
	}
}

type pageCount struct {
	name   string
	total  int64
	byText map[string]int
}

var (
	numbered  = regexp.MustCompile(`\$[0-9]+`)
	placeList = regexp.MustCompile(`\?(\s*,\s*\?)+`)
	spaces    = regexp.MustCompile(`\s+`)
)

// statementShape is a statement's text with PostgreSQL's numbered
// placeholders made ? and every list of placeholders folded into one.
func statementShape(q string) string {
	q = numbered.ReplaceAllString(q, "?")
	q = placeList.ReplaceAllString(q, "?")
	return strings.TrimSpace(spaces.ReplaceAllString(q, " "))
}

// keyPageQueries loads a data set and counts the statements of each key
// page, request by request.
func keyPageQueries(t *testing.T, size scale.Size) []pageCount {
	t.Helper()
	ctx := context.Background()
	db := sqldbtest.Open(t)
	res, err := scale.Load(ctx, db, scale.Options{Seed: 1, Size: size}, nil)
	if err != nil {
		t.Fatal(err)
	}
	now := scale.DefaultEnd.Add(time.Hour)
	db.Now = func() time.Time { return now }
	facts, err := db.FindKeyPageFacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d rows loaded in %s; %+v", size.Name, res.Total, res.Duration.Round(time.Millisecond), facts)
	srv, err := New(Deps{DB: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Mail: &outbox{},
		Sessions: sqldb.SessionPolicy{Idle: time.Hour, Absolute: 12 * time.Hour}, Hash: password.Fast, PublicURL: "http://tillit.test"})
	if err != nil {
		t.Fatal(err)
	}
	var out []pageCount
	for _, p := range scale.KeyPages(facts) {
		req := httptest.NewRequest("GET", p.Path, nil)
		var user *tillit.User
		if p.User != "" {
			if user, err = db.FindUserByEmail(ctx, p.User); err != nil {
				t.Fatal(err)
			}
		}
		switch {
		case p.User == "": // anonymous
		case p.API:
			token, _, err := db.CreateAPIToken(ctx, tillit.SystemActor("test"), user.ID, "query count test")
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+token)
		default:
			session, err := db.CreateSession(ctx, user.ID, "127.0.0.1", "query count test")
			if err != nil {
				t.Fatal(err)
			}
			req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: session})
		}
		rctx, log := sqldb.WithQueryLog(req.Context())
		before := db.Queries()
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req.WithContext(rctx))
		if w.Code != http.StatusOK {
			t.Fatalf("%s: GET %s = %d\n%.2000s", size.Name, p.Path, w.Code, w.Body.String())
		}
		// Nothing else uses this database meanwhile, so the database's
		// own count says whether every statement ran with the request's
		// context (and so is in the log).
		pc := pageCount{name: p.Name, total: db.Queries() - before, byText: map[string]int{}}
		if pc.total != log.Count() {
			t.Errorf("%s: %d statements ran, %d with the request's context", p.Name, pc.total, log.Count())
		}
		for _, st := range log.Statements() {
			pc.byText[statementShape(st.SQL)]++
		}
		out = append(out, pc)
	}
	return out
}

// TestLongFollowUpPage: the follow-up with the most events of the tiny
// data set shows its newest 200 events and its newest closed deviations,
// says what it leaves out, and shows everything with ?all=1.
func TestLongFollowUpPage(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a synthetic data set")
	}
	ctx := context.Background()
	db := sqldbtest.Open(t)
	if _, err := scale.Load(ctx, db, scale.Options{Seed: 1, Size: scale.Tiny}, nil); err != nil {
		t.Fatal(err)
	}
	facts, err := db.FindKeyPageFacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if facts.Events <= 200 {
		t.Fatalf("the longest follow-up has %d events; the test needs more than 200", facts.Events)
	}
	srv, err := New(Deps{DB: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Mail: &outbox{},
		Sessions: sqldb.SessionPolicy{Idle: time.Hour, Absolute: 12 * time.Hour}, Hash: password.Fast, PublicURL: "http://tillit.test"})
	if err != nil {
		t.Fatal(err)
	}
	user, err := db.FindUserByEmail(ctx, scale.Officer)
	if err != nil {
		t.Fatal(err)
	}
	session, err := db.CreateSession(ctx, user.ID, "127.0.0.1", "long follow-up test")
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) string {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: session})
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, w.Code)
		}
		return w.Body.String()
	}
	f, err := db.FindFollowUp(ctx, tillit.Scope{All: true}, facts.FollowUpID)
	if err != nil {
		t.Fatal(err)
	}
	path := "/followups/" + strconv.FormatInt(f.ID, 10)
	short, all := get(path), get(path+"?all=1")
	if want := supSV("%d older events are left out.", len(f.Timeline)-200); !strings.Contains(short, want) {
		t.Errorf("the page does not say %q", want)
	}
	if !strings.Contains(short, `href="`+path+`?all=1#timeline"`) || strings.Contains(all, supSV("Show the whole timeline")) {
		t.Error("the link to the whole timeline is missing, or shown on the whole page")
	}
	closed := 0
	for _, d := range f.Deviations {
		if d.Status == tillit.DeviationClosed {
			closed++
		}
	}
	sections := func(body string) int { return strings.Count(body, `<section id="deviation-`) }
	if got, want := sections(all), len(f.Deviations); got != want {
		t.Errorf("?all=1 shows %d deviations, want all %d", got, want)
	}
	if got, want := sections(short), len(f.Deviations)-max(closed-20, 0); got != want {
		t.Errorf("the page shows %d deviations, want %d (every open one and the newest 20 of %d closed)", got, want, closed)
	}
	// The newest closed deviation is kept and, when any is left out, the
	// oldest closed one is the one that goes.
	var oldest, newest int64
	for _, d := range f.Deviations {
		if d.Status == tillit.DeviationClosed {
			if oldest == 0 {
				oldest = d.ID
			}
			newest = d.ID
		}
	}
	section := func(id int64) string { return `<section id="deviation-` + strconv.FormatInt(id, 10) + `"` }
	if newest != 0 && !strings.Contains(short, section(newest)) {
		t.Errorf("the newest closed deviation %d is left out", newest)
	}
	if closed > 20 && strings.Contains(short, section(oldest)) {
		t.Errorf("the oldest closed deviation %d is shown although %d closed ones are left out", oldest, closed-20)
	}
	if closed <= 20 {
		t.Logf("the longest follow-up has only %d closed deviations: nothing of them is left out", closed)
	}
}
