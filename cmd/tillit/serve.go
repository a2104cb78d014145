package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/demo"
	"github.com/tillit-project/tillit/internal/filestore"
	"github.com/tillit-project/tillit/internal/mail"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/server"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// serve runs the web server until ctx ends (SIGINT, SIGTERM), then lets
// requests in flight finish.
func (e *environment) serve(ctx context.Context, args []string) error {
	_, f := e.flags("serve")
	f.Serve()
	c, err := e.parse(f, args)
	if err != nil {
		return err
	}
	log := e.logger(c)
	db, err := e.open(ctx, c, log)
	if err != nil {
		return err
	}
	defer db.Close()

	hash := password.Default
	if e.getenv("TILLIT_INSECURE_FAST_HASH") == "1" {
		// Only for tests that start the real binary: argon2id at 64 MiB
		// per sign-in would dominate their run time.
		hash = password.Fast
		log.Warn("TILLIT_INSECURE_FAST_HASH=1: passwords are hashed with test-only parameters")
	}
	if c.Demo {
		if err := e.loadDemo(ctx, db, hash, log); err != nil {
			return err
		}
	}

	var sender mail.Sender
	if c.SMTP != "" {
		s, err := mail.NewSMTP(c.SMTP)
		if err != nil {
			return usageError{msg: err.Error()}
		}
		sender = s
	} else {
		sender = mail.NewLog(log)
		log.Warn("no --smtp configured: e-mail (invitations, password resets) is written to this log instead of being sent")
	}

	files, err := filestore.New(filepath.Join(c.Data, "attachments"), c.MaxUpload)
	if err != nil {
		return err
	}
	srv, err := server.New(server.Deps{
		DB: db, Logger: log, Mail: sender, Cookies: web.Cookies{Secure: c.SecureCookies},
		Sessions: sqldb.SessionPolicy{Idle: c.SessionIdle, Absolute: c.SessionMax},
		Hash:     hash, PublicURL: c.PublicURL(), Files: files,
	})
	if err != nil {
		return err
	}
	// Start-up leaves garbage (ui.New parses every page to check it, then
	// drops it; migrations; the demo) that an idle server would keep until
	// a collection it may not need for hours: 37 MB idle instead of 33 MB.
	debug.FreeOSMemory()
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go e.sweepSessions(ctx, db, c.SessionIdle, c.SessionMax, log)
	go srv.RunNoticeMailer(ctx, time.Minute)
	go srv.RunNewsletterMailer(ctx, time.Minute, 60)
	go srv.RunQuestionnaireMailer(ctx, time.Minute)
	go srv.RunInquiryMailer(ctx, time.Minute)

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("tillit listening", "addr", ln.Addr().String(), "database", string(db.Dialect()), "version", tillit.Version)
	fmt.Fprintf(e.stdout, "tillit is running at http://%s/ (stop with Ctrl-C)\n", ln.Addr())

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// loadDemo loads the demo year and tells the operator the password when
// it made the demo users now.
func (e *environment) loadDemo(ctx context.Context, db *sqldb.DB, hash password.Params, log *slog.Logger) error {
	_, err := db.FindUserByEmail(ctx, "admin@example.org")
	fresh := tillit.ErrorCode(err) == tillit.ENOTFOUND
	if err != nil && !fresh {
		return err
	}
	pw, generated := demoPassword(e.getenv)
	start := time.Now()
	res, err := demo.Load(ctx, db, demo.Options{Password: pw, Hash: hash})
	if err != nil {
		return err
	}
	log.Info("demo year loaded", "created", res.Created, "duration_ms", time.Since(start).Milliseconds())
	switch {
	case fresh && generated:
		fmt.Fprintf(e.stdout, "Demo users: %v\nTheir password (shown once; set TILLIT_DEMO_PASSWORD to choose it): %s\n", res.Users, pw)
	case fresh:
		fmt.Fprintf(e.stdout, "Demo users: %v\nTheir password is the value of TILLIT_DEMO_PASSWORD.\n", res.Users)
	default:
		fmt.Fprintln(e.stdout, "Demo users exist already; their password is the one shown when they were created.")
	}
	return nil
}

// sweepSessions deletes expired sessions every hour. Several instances
// may run it; the delete is idempotent.
func (e *environment) sweepSessions(ctx context.Context, db *sqldb.DB, idle, max time.Duration, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := db.DeleteExpiredSessions(ctx, sqldb.SessionPolicy{Idle: idle, Absolute: max}); err != nil {
				log.Error("session sweep", "err", err)
			} else if n > 0 {
				log.Info("expired sessions removed", "count", n)
			}
			// The planner's statistics follow the data as it grows
			// (cheap when nothing much changed; see sqldb.Optimize).
			if err := db.Optimize(ctx); err != nil {
				log.Error("refresh planner statistics", "err", err)
			}
		}
	}
}
