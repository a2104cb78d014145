package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// testEnv returns a getenv with a fresh database for the test.
func testEnv(t *testing.T, extra map[string]string) (func(string) string, string) {
	dsn := sqldbtest.DSN(t)
	dir := t.TempDir()
	env := map[string]string{"TILLIT_DATA": dir, "TILLIT_DATABASE": "", "TILLIT_INSECURE_FAST_HASH": "1", "TILLIT_LOG_LEVEL": "warn"}
	if strings.HasPrefix(dsn, "postgres") {
		env["TILLIT_DATABASE"] = dsn
	} else {
		env["TILLIT_DATA"] = filepath.Dir(dsn)
	}
	for k, v := range extra {
		env[k] = v
	}
	return func(k string) string { return env[k] }, env["TILLIT_DATA"]
}

func runCmd(t *testing.T, getenv func(string) string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb syncBuffer
	err := run(context.Background(), args, getenv, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), err
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServeDemo starts `tillit serve --demo` through run, waits for
// /readyz, checks that the demo password is printed, then cancels the
// context as SIGTERM does and checks that serve stops cleanly.
func TestServeDemo(t *testing.T) {
	getenv, _ := testEnv(t, map[string]string{"TILLIT_DEMO_PASSWORD": ""})
	addr := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- run(ctx, []string{"serve", "--demo", "--addr", addr}, getenv, nil, &out, &errb) }()
	if !waitReady(t, "http://"+addr+"/readyz", 30*time.Second, done) {
		cancel()
		t.Fatalf("server never became ready\nstdout:\n%s\nstderr:\n%s", out.String(), errb.String())
	}
	t.Logf("ready after %v (with demo load)", time.Since(start))
	if !strings.Contains(out.String(), "Their password (shown once") {
		t.Errorf("the generated demo password was not printed:\n%s", out.String())
	}
	res, err := http.Get("http://" + addr + "/api/v1/regions")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/regions without token = %d, want 401", res.StatusCode)
	}

	// Cancelling the context is what SIGTERM does: serve must stop on its
	// own and return without error (http.Server.Shutdown lets requests in
	// flight finish first).
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(35 * time.Second):
		t.Fatal("serve did not stop after the context was cancelled")
	}

	// Starting again with --demo is idempotent and does not print a new
	// password that would not work.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	var out2, errb2 syncBuffer
	done2 := make(chan error, 1)
	go func() { done2 <- run(ctx2, []string{"serve", "--demo", "--addr", addr}, getenv, nil, &out2, &errb2) }()
	if !waitReady(t, "http://"+addr+"/readyz", 30*time.Second, done2) {
		t.Fatalf("second start never became ready: %s", errb2.String())
	}
	cancel2()
	<-done2
	if !strings.Contains(out2.String(), "Demo users exist already") {
		t.Errorf("second start should say the demo users exist:\n%s", out2.String())
	}
}

func waitReady(t *testing.T, url string, limit time.Duration, done chan error) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Errorf("serve exited early: %v", err)
			return false
		default:
		}
		res, err := http.Get(url)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return true
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

func TestCommands(t *testing.T) {
	getenv, _ := testEnv(t, nil)

	t.Run("version", func(t *testing.T) {
		out, _, err := runCmd(t, getenv, "version")
		if err != nil || !strings.HasPrefix(out, "tillit ") {
			t.Fatalf("version: %q, %v", out, err)
		}
	})
	t.Run("unknown command", func(t *testing.T) {
		_, errOut, err := runCmd(t, getenv, "frobnicate")
		if err == nil || !strings.Contains(err.Error(), `unknown command "frobnicate"`) || !strings.Contains(errOut, "Usage:") {
			t.Fatalf("err=%v stderr=%q", err, errOut)
		}
	})
	t.Run("migrate status", func(t *testing.T) {
		out, _, err := runCmd(t, getenv, "migrate", "--status")
		if err != nil || !strings.Contains(out, "0001") || !strings.Contains(out, "pending") {
			t.Fatalf("before migrating: %q, %v", out, err)
		}
		out, _, err = runCmd(t, getenv, "migrate")
		// Every migration listed is applied, however many there are.
		listed := strings.Count(out, "\n00")
		if err != nil || listed == 0 || !strings.Contains(out, fmt.Sprintf("applied %d migration(s)", listed)) || strings.Contains(out, "pending") {
			t.Fatalf("migrate: %q, %v", out, err)
		}
	})
	t.Run("user add needs its flags", func(t *testing.T) {
		_, _, err := runCmd(t, getenv, "user", "add", "--email", "a@b.se")
		if err == nil || !strings.Contains(err.Error(), "needs --email, --name, --role and --org") {
			t.Fatalf("err = %v", err)
		}
		_, _, err = runCmd(t, getenv, "user", "add", "--email", "a@b.se", "--name", "A", "--role", "root", "--org", "X")
		if err == nil || !strings.Contains(err.Error(), `unknown role "root"`) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("first admin, then a token", func(t *testing.T) {
		out, _, err := runCmd(t, getenv, "user", "add", "--email", "Chef@Kansliet.se", "--name", "Chef", "--role", "admin", "--org", "Nationella kansliet")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "created the national office") || !strings.Contains(out, "/welcome/") {
			t.Fatalf("user add output:\n%s", out)
		}
		_, _, err = runCmd(t, getenv, "user", "add", "--email", "chef@kansliet.se", "--name", "Chef", "--role", "admin", "--org", "Nationella kansliet")
		if err == nil || !strings.Contains(err.Error(), "already exists") {
			t.Fatalf("duplicate user: %v", err)
		}
		out, _, err = runCmd(t, getenv, "token", "create", "--user", "chef@kansliet.se")
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if last := lines[len(lines)-1]; !strings.HasPrefix(last, "tillit_") || strings.Contains(last, " ") {
			t.Fatalf("the last line should be the token alone, got %q", last)
		}
		_, _, err = runCmd(t, getenv, "token", "create", "--user", "nobody@kansliet.se")
		if err == nil || !strings.Contains(err.Error(), "not found") {
			t.Fatalf("token for unknown user: %v", err)
		}
	})
	t.Run("audit verify finds tampering", func(t *testing.T) {
		out, _, err := runCmd(t, getenv, "audit", "verify")
		if err != nil || !strings.Contains(out, "audit trail intact") {
			t.Fatalf("verify: %q, %v", out, err)
		}
		tamper(t, getenv, "UPDATE audit_events SET actor_label = 'someone else' WHERE id = 2")
		_, _, err = runCmd(t, getenv, "audit", "verify")
		ex, ok := err.(exitError)
		if !ok || ex.code != 1 || !strings.Contains(ex.msg, "broken at event 2") {
			t.Fatalf("after tampering: %v", err)
		}
	})
}

// tamper changes the database behind tillit's back.
func tamper(t *testing.T, getenv func(string) string, stmt string) {
	t.Helper()
	driver, dsn := "sqlite", filepath.Join(getenv("TILLIT_DATA"), "tillit.db")
	if d := getenv("TILLIT_DATABASE"); d != "" {
		driver, dsn = "pgx", d
	}
	if _, err := os.Stat(dsn); driver == "sqlite" && err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}
