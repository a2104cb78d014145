// Package config reads tillit's settings from command-line flags, with a
// TILLIT_* environment variable as the fallback for every flag and a
// TILLIT_*_FILE variable for secrets, so containers can mount them.
package config

import (
	"flag"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config holds every setting of every subcommand; each subcommand binds
// the flags it uses.
type Config struct {
	Data          string // directory for the SQLite file and attachments
	Database      string // DSN; empty means SQLite in Data
	Addr          string
	Demo          bool
	SMTP          string // smtp:// or smtps:// URL with ?from=; empty logs mail instead
	SecureCookies bool
	BaseURL       string // public URL used in links in e-mails
	SessionIdle   time.Duration
	SessionMax    time.Duration
	LogLevel      string
	LogFormat     string // json or text
	MaxUpload     int64  // bytes per attachment
}

// Flags binds the flags to fs. getenv provides the fallbacks.
type Flags struct {
	fs     *flag.FlagSet
	getenv func(string) string
	c      *Config
	errs   []error

	fileSecrets []fileSecret
}

// New starts binding flags for one subcommand.
func New(fs *flag.FlagSet, getenv func(string) string) *Flags {
	return &Flags{fs: fs, getenv: getenv, c: &Config{}}
}

// envName maps a flag name to its variable: --smtp → TILLIT_SMTP.
func envName(flagName string) string {
	return "TILLIT_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (f *Flags) env(name string) (string, bool) {
	if v := f.getenv(envName(name)); v != "" {
		return v, true
	}
	return "", false
}

func (f *Flags) str(p *string, name, def, usage string) {
	if v, ok := f.env(name); ok {
		def = v
	}
	f.fs.StringVar(p, name, def, usage+" (env "+envName(name)+")")
}

func (f *Flags) secret(p *string, name, usage string) {
	def := ""
	if v, ok := f.env(name); ok {
		def = v
	}
	f.fs.StringVar(p, name, def, usage+" (env "+envName(name)+" or "+envName(name)+"_FILE)")
	if file := f.getenv(envName(name) + "_FILE"); file != "" && def == "" {
		f.fileSecrets = append(f.fileSecrets, fileSecret{p, file})
	}
}

func (f *Flags) boolean(p *bool, name string, def bool, usage string) {
	if v, ok := f.env(name); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			f.errs = append(f.errs, fmt.Errorf("%s=%q: use true or false", envName(name), v))
		}
		def = b
	}
	f.fs.BoolVar(p, name, def, usage+" (env "+envName(name)+")")
}

func (f *Flags) int64(p *int64, name string, def int64, usage string) {
	if v, ok := f.env(name); ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			f.errs = append(f.errs, fmt.Errorf("%s=%q: use a whole number above zero", envName(name), v))
		}
		def = n
	}
	f.fs.Int64Var(p, name, def, usage+" (env "+envName(name)+")")
}

func (f *Flags) duration(p *time.Duration, name string, def time.Duration, usage string) {
	if v, ok := f.env(name); ok {
		d, err := time.ParseDuration(v)
		if err != nil {
			f.errs = append(f.errs, fmt.Errorf("%s=%q: use a duration such as 30m or 12h", envName(name), v))
		}
		def = d
	}
	f.fs.DurationVar(p, name, def, usage+" (env "+envName(name)+")")
}

// Storage binds --data and --database, which every subcommand that opens
// the database takes.
func (f *Flags) Storage() *Flags {
	f.str(&f.c.Data, "data", "./data", "directory for the SQLite database and attachments")
	f.str(&f.c.Database, "database", "", "database: a postgres:// URL, or empty for SQLite in --data")
	f.str(&f.c.LogLevel, "log-level", "info", "log level: debug, info, warn or error")
	f.str(&f.c.LogFormat, "log-format", "json", "log format: json or text")
	return f
}

// Serve binds the flags of `tillit serve`.
func (f *Flags) Serve() *Flags {
	f.str(&f.c.Addr, "addr", "127.0.0.1:8080", "address to listen on")
	f.boolean(&f.c.Demo, "demo", false, "load the demo year (idempotent)")
	f.secret(&f.c.SMTP, "smtp", "SMTP server as smtp://user:pass@host:587?from=noreply@example.org; without it, mail is written to the log")
	f.boolean(&f.c.SecureCookies, "secure-cookies", false, "mark cookies Secure even without TLS (set it behind a TLS-terminating proxy)")
	f.str(&f.c.BaseURL, "base-url", "", "public URL of this server, used in links sent by e-mail (default http://ADDR)")
	f.duration(&f.c.SessionIdle, "session-idle", 60*time.Minute, "sign out after this long without activity")
	f.duration(&f.c.SessionMax, "session-max", 12*time.Hour, "sign out this long after sign-in")
	f.int64(&f.c.MaxUpload, "max-upload-mib", 25, "largest attachment, in MiB")
	return f
}

type fileSecret struct {
	p    *string
	file string
}

// Parse parses args, reads *_FILE secrets and checks the values.
func (f *Flags) Parse(args []string, readFile func(string) ([]byte, error)) (*Config, error) {
	if err := f.fs.Parse(args); err != nil {
		return nil, err
	}
	for _, s := range f.fileSecrets {
		if *s.p != "" {
			continue
		}
		b, err := readFile(s.file)
		if err != nil {
			return nil, fmt.Errorf("read secret file %s: %w", s.file, err)
		}
		*s.p = strings.TrimSpace(string(b))
	}
	if len(f.errs) > 0 {
		return nil, f.errs[0]
	}
	return f.c, f.c.check()
}

func (c *Config) check() error {
	if c.Database != "" && !strings.HasPrefix(c.Database, "postgres://") && !strings.HasPrefix(c.Database, "postgresql://") &&
		!strings.HasPrefix(c.Database, "sqlite:") {
		return fmt.Errorf("--database %q: use a postgres:// URL, sqlite:PATH, or leave it empty for SQLite in --data", c.Database)
	}
	if c.MaxUpload < 0 || c.MaxUpload > 1024 {
		return fmt.Errorf("--max-upload-mib %d: use a size between 1 and 1024 MiB", c.MaxUpload)
	}
	c.MaxUpload <<= 20
	if c.SessionIdle < 0 || c.SessionMax < 0 {
		return fmt.Errorf("session durations cannot be negative")
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--base-url %q: use an absolute http:// or https:// URL", c.BaseURL)
		}
		c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	}
	switch c.LogFormat {
	case "", "json", "text":
	default:
		return fmt.Errorf("--log-format %q: use json or text", c.LogFormat)
	}
	return nil
}

// DSN returns the database to open: --database, or the SQLite file in --data.
func (c *Config) DSN() string {
	if c.Database != "" {
		return c.Database
	}
	return filepath.Join(c.Data, "tillit.db")
}

// PublicURL is the base for links in e-mails.
func (c *Config) PublicURL() string {
	if c.BaseURL != "" {
		return c.BaseURL
	}
	return "http://" + c.Addr
}
