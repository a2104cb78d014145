// Command tillit is the whole application in one binary: the web server,
// migrations, and the operator's commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	// The report year and the pages count in Swedish time; the zone
	// database is embedded so a minimal container without /usr/share/zoneinfo
	// still gets it right.
	_ "time/tzdata"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	if err != nil {
		var ue usageError
		if !errors.As(err, &ue) || ue.msg != "" {
			fmt.Fprintln(os.Stderr, "tillit:", err)
		}
		var ex exitError
		if errors.As(err, &ex) {
			os.Exit(ex.code)
		}
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError is a wrong command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// exitError carries a specific exit status.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

const usage = `tillit – shared follow-up of sustainable public procurement

Usage:
  tillit serve [--demo] [--addr 127.0.0.1:8080] [--data ./data] [--database DSN]
  tillit migrate [--status]
  tillit user add --email EMAIL --name NAME --role ROLE --org ORGANISATION [--lang sv|en]
  tillit token create --user EMAIL [--name NAME]
  tillit audit verify
  tillit demo --scale tiny|small|medium|eu [--seed N] [--db DSN]
  tillit bench --db DSN [--compare-db DSN] [--clients 1,8,32] [--requests N] [--duration D]
  tillit import suppliers|contracts|sites FILE [--region 12] [--supplier ORGNR] [--only-valid] [--dry-run] [--report FILE]
  tillit export suppliers|contracts|sites [--format csv|xlsx] [--region 12] [--lang sv|en] [--out FILE]
  tillit version

Every flag can also be set with an environment variable: --smtp is
TILLIT_SMTP, --session-idle is TILLIT_SESSION_IDLE, and so on. Run
"tillit COMMAND -h" for the flags of a command.
`

// run is the whole program; main only supplies the process's environment,
// so tests can call run directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{}
	}
	env := &environment{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	cmd, rest := args[0], args[1:]
	two := func(want string) (bool, []string) {
		if len(rest) > 0 && rest[0] == want {
			return true, rest[1:]
		}
		return false, rest
	}
	switch cmd {
	case "serve":
		return env.serve(ctx, rest)
	case "migrate":
		return env.migrate(ctx, rest)
	case "user":
		if ok, r := two("add"); ok {
			return env.userAdd(ctx, r)
		}
	case "token":
		if ok, r := two("create"); ok {
			return env.tokenCreate(ctx, r)
		}
	case "audit":
		if ok, r := two("verify"); ok {
			return env.auditVerify(ctx, r)
		}
	case "import":
		return env.importCmd(ctx, rest)
	case "export":
		return env.exportCmd(ctx, rest)
	case "demo":
		return env.demoScale(ctx, rest)
	case "bench":
		return env.bench(ctx, rest)
	case "version", "--version", "-version":
		return env.version()
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{msg: fmt.Sprintf("unknown command %q", joinFirst(args, 2))}
}

func joinFirst(args []string, n int) string {
	if len(args) < n {
		n = len(args)
	}
	s := ""
	for i, a := range args[:n] {
		if i > 0 {
			s += " "
		}
		s += a
	}
	return s
}
