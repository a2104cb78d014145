package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/config"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// environment is what the process was given.
type environment struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// flags prepares a flag set for a subcommand whose errors go to stderr.
func (e *environment) flags(name string) (*flag.FlagSet, *config.Flags) {
	fs := flag.NewFlagSet("tillit "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs, config.New(fs, e.getenv).Storage()
}

func (e *environment) parse(f *config.Flags, args []string) (*config.Config, error) {
	c, err := f.Parse(args, os.ReadFile)
	if errors.Is(err, flag.ErrHelp) {
		return nil, usageError{}
	}
	if err != nil {
		return nil, usageError{msg: err.Error()}
	}
	return c, nil
}

func (e *environment) logger(c *config.Config) *slog.Logger {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.LogLevel)); err != nil {
		lvl = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lvl}
	if c.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(e.stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(e.stderr, opts))
}

// open opens and migrates the database.
func (e *environment) open(ctx context.Context, c *config.Config, log *slog.Logger) (*sqldb.DB, error) {
	db, err := sqldb.Open(ctx, c.DSN())
	if err != nil {
		return nil, err
	}
	n, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if n > 0 {
		log.Info("database migrated", "applied", n, "dialect", string(db.Dialect()))
	}
	return db, nil
}

func (e *environment) migrate(ctx context.Context, args []string) error {
	fs, f := e.flags("migrate")
	status := fs.Bool("status", false, "list the migrations and whether each is applied, without applying any")
	c, err := e.parse(f, args)
	if err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, c.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	if !*status {
		n, err := db.Migrate(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "applied %d migration(s)\n", n)
	}
	ms, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%-8s %-28s %s\n", "VERSION", "NAME", "APPLIED")
	for _, m := range ms {
		at := "pending"
		if !m.AppliedAt.IsZero() {
			at = m.AppliedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(e.stdout, "%04d     %-28s %s\n", m.Version, m.Name, at)
	}
	return nil
}

// userAdd creates a user and prints a one-time link for setting the
// password: the way to create the first administrator.
func (e *environment) userAdd(ctx context.Context, args []string) error {
	fs, f := e.flags("user add")
	email := fs.String("email", "", "e-mail address (the sign-in name)")
	name := fs.String("name", "", "the person's name")
	role := fs.String("role", "", "role: "+rolesList())
	org := fs.String("org", "", "organisation name or id; for admin, officer and editor the national office is created when there is none")
	lang := fs.String("lang", "sv", "language: sv or en")
	baseURL := fs.String("base-url", "http://127.0.0.1:8080", "public URL of the server, for the link (env TILLIT_BASE_URL)")
	if v := e.getenv("TILLIT_BASE_URL"); v != "" {
		*baseURL = v
	}
	c, err := e.parse(f, args)
	if err != nil {
		return err
	}
	if *email == "" || *name == "" || *role == "" || *org == "" {
		return usageError{msg: "user add needs --email, --name, --role and --org"}
	}
	r := tillit.Role(*role)
	if !r.Valid() {
		return usageError{msg: fmt.Sprintf("unknown role %q: use one of %s", *role, rolesList())}
	}
	log := e.logger(c)
	db, err := e.open(ctx, c, log)
	if err != nil {
		return err
	}
	defer db.Close()
	actor := tillit.SystemActor("command line")
	o, err := findOrg(ctx, db, *org)
	if tillit.ErrorCode(err) == tillit.ENOTFOUND && r.FitsOrg(tillit.OrgNationalOffice) {
		offices, ferr := db.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgNationalOffice})
		if ferr != nil {
			return ferr
		}
		if len(offices) == 0 {
			o = &tillit.Organisation{Kind: tillit.OrgNationalOffice, Name: *org}
			if err = db.CreateOrganisation(ctx, actor, o); err != nil {
				return describe(err)
			}
			fmt.Fprintf(e.stdout, "created the national office %q\n", o.Name)
		}
	}
	if err != nil {
		return describe(err)
	}
	u := &tillit.User{Email: *email, Name: *name, Lang: tillit.Lang(*lang), Memberships: []tillit.Membership{{OrgID: o.ID, Role: r}}}
	if err := db.CreateUser(ctx, actor, u, ""); err != nil {
		return describe(err)
	}
	secret, err := db.CreateOneTimeToken(ctx, actor, u.ID, sqldb.PurposeInvite, 7*24*time.Hour)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "created user %d <%s> as %s in %s\n", u.ID, u.Email, r, o.Name)
	fmt.Fprintf(e.stdout, "they choose a password at (valid 7 days, once):\n%s/welcome/%s\n", strings.TrimSuffix(*baseURL, "/"), secret)
	return nil
}

func rolesList() string {
	var s []string
	for _, r := range tillit.Roles {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}

// findOrg finds an organisation by id or exact name.
func findOrg(ctx context.Context, db *sqldb.DB, ref string) (*tillit.Organisation, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return db.FindOrganisationByID(ctx, id)
	}
	os, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{Name: ref})
	if err != nil {
		return nil, err
	}
	switch len(os) {
	case 0:
		return nil, tillit.Errorf(tillit.ENOTFOUND, "No organisation is named %q.", ref)
	case 1:
		return &os[0], nil
	}
	return nil, tillit.Errorf(tillit.EINVALID, "Several organisations are named %q; give the id instead.", ref)
}

// describe turns a validation error into one readable line with its fields.
func describe(err error) error {
	if tillit.ErrorCode(err) == tillit.EINTERNAL {
		return err
	}
	msg := tillit.ErrorMessage(err).String()
	for k, m := range tillit.ErrorFields(err) {
		msg += fmt.Sprintf(" %s: %s", k, m)
	}
	return errors.New(msg)
}

// tokenCreate prints a new API token as its last line, so scripts can take
// it with tail -n 1.
func (e *environment) tokenCreate(ctx context.Context, args []string) error {
	fs, f := e.flags("token create")
	email := fs.String("user", "", "e-mail address of the user the token acts for")
	name := fs.String("name", "", "what the token is for (default: created on the command line, with the date)")
	c, err := e.parse(f, args)
	if err != nil {
		return err
	}
	if *email == "" {
		return usageError{msg: "token create needs --user EMAIL"}
	}
	if *name == "" {
		*name = "command line " + time.Now().Format("2006-01-02")
	}
	db, err := e.open(ctx, c, e.logger(c))
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.FindUserByEmail(ctx, *email)
	if err != nil {
		return describe(err)
	}
	secret, t, err := db.CreateAPIToken(ctx, tillit.SystemActor("command line"), u.ID, *name)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(e.stdout, "token %d %q for %s; it is shown once:\n%s\n", t.ID, t.Name, u.Email, secret)
	return nil
}

func (e *environment) auditVerify(ctx context.Context, args []string) error {
	_, f := e.flags("audit verify")
	c, err := e.parse(f, args)
	if err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, c.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if v.BrokenID != 0 {
		return exitError{code: 1, msg: fmt.Sprintf("audit trail broken at event %d: %s (%d events before it verified)", v.BrokenID, v.Problem, v.Checked)}
	}
	fmt.Fprintf(e.stdout, "audit trail intact: %d events verified\n", v.Checked)
	return nil
}

func (e *environment) version() error {
	fmt.Fprintf(e.stdout, "tillit %s\n", tillit.Version)
	return nil
}

// demoPassword is TILLIT_DEMO_PASSWORD or a new random one.
func demoPassword(getenv func(string) string) (string, bool) {
	if p := getenv("TILLIT_DEMO_PASSWORD"); p != "" {
		return p, false
	}
	return strings.ToLower(rand.Text()[:20]), true
}
