package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// defaultTimeout bounds a Send whose context has no deadline, so a server
// that accepts the connection and then stalls cannot hold a request forever.
const defaultTimeout = 30 * time.Second

// SMTP sends each message over its own SMTP connection. Mail volume is a
// handful of messages per user action, so connection reuse is not worth the
// state it would need; each Send stands alone and is safe for concurrent use.
type SMTP struct {
	addr        string // host:port
	host        string // for TLS verification and AUTH PLAIN's host check
	implicitTLS bool
	user, pass  string
	auth        bool
	from        *mail.Address
	helo        string // empty: net/smtp's default, "localhost"
	insecure    bool
	redacted    string
}

var (
	_ Sender = (*SMTP)(nil)
	_ Sender = (*Log)(nil)
)

// NewSMTP parses the --smtp setting:
//
//	smtp://[user[:pass]@]host[:port]?from=address   STARTTLS when offered, port 587
//	smtps://[user[:pass]@]host[:port]?from=address  implicit TLS, port 465
//
// from is required. insecure_skip_verify=1 turns off certificate checks and
// exists for tests only. helo=name sets the EHLO name for servers that refuse
// "localhost". Special characters in the password must be URL-escaped.
func NewSMTP(rawURL string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Error repeats the whole input, password included, so its text
		// may only be shown when the input has no userinfo.
		if !strings.Contains(rawURL, "@") {
			return nil, fmt.Errorf("mail: invalid SMTP URL: %w", err)
		}
		return nil, errors.New("mail: invalid SMTP URL (details withheld as they may contain the password; URL-escape special characters such as @ : / # ? % in the user name and password)")
	}
	s := &SMTP{}
	switch u.Scheme {
	case "smtp":
	case "smtps":
		s.implicitTLS = true
	case "":
		return nil, errors.New("mail: SMTP URL has no scheme; want smtp://host:587?from=address or smtps://host:465?from=address")
	default:
		return nil, fmt.Errorf("mail: unsupported SMTP URL scheme %q; want smtp (STARTTLS) or smtps (implicit TLS)", u.Scheme)
	}
	if u.Opaque != "" || u.Host == "" {
		return nil, errors.New("mail: SMTP URL has no host; want smtp://host:587?from=address")
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("mail: SMTP URL must not have a path, got %q", u.Path)
	}
	if u.Fragment != "" {
		return nil, errors.New("mail: SMTP URL must not have a #fragment (URL-escape # in the password as %23)")
	}

	s.host = u.Hostname()
	port := u.Port()
	if port == "" {
		port = "587"
		if s.implicitTLS {
			port = "465"
		}
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return nil, fmt.Errorf("mail: invalid SMTP port %q", port)
	}
	s.addr = net.JoinHostPort(s.host, port)

	if u.User != nil && u.User.Username() != "" {
		s.auth = true
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}

	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, fmt.Errorf("mail: invalid SMTP URL query: %w", err)
	}
	// Sorted so that a URL with several problems always reports the same one.
	for _, k := range slices.Sorted(maps.Keys(q)) {
		vs := q[k]
		if len(vs) != 1 {
			return nil, fmt.Errorf("mail: SMTP URL parameter %q given %d times", k, len(vs))
		}
		v := vs[0]
		switch k {
		case "from":
			if s.from, err = parseAddress("from", v); err != nil {
				return nil, err
			}
		case "insecure_skip_verify":
			if s.insecure, err = strconv.ParseBool(v); err != nil {
				return nil, fmt.Errorf("mail: SMTP URL parameter insecure_skip_verify=%q: want 1 or 0", v)
			}
		case "helo":
			if v == "" || strings.ContainsAny(v, " \t\r\n") {
				return nil, fmt.Errorf("mail: SMTP URL parameter helo=%q: want a host name", v)
			}
			s.helo = v
		default:
			// A typo such as ?form= would otherwise be ignored silently and
			// surface only as a confusing error later.
			return nil, fmt.Errorf("mail: unknown SMTP URL parameter %q (known: from, insecure_skip_verify, helo)", k)
		}
	}
	if s.from == nil {
		return nil, errors.New("mail: SMTP URL is missing the required from parameter, e.g. smtp://host:587?from=noreply@example.org")
	}
	s.redacted = u.Redacted()
	return s, nil
}

// String returns the URL with the password masked, for start-up logs.
func (s *SMTP) String() string { return s.redacted }

// From returns the sender address used in MAIL FROM and the From header.
func (s *SMTP) From() string { return s.from.Address }

// Send renders m and delivers it. It validates m before connecting, so a bad
// message never costs a connection.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	data, err := render(m, s.from, time.Now(), newMessageID(s.from.Address))
	if err != nil {
		return err
	}
	to, err := mail.ParseAddress(m.To) // already validated by render
	if err != nil {
		return fmt.Errorf("mail: invalid to address: %w", err)
	}

	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultTimeout)
		defer cancel()
	}
	deadline, _ := ctx.Deadline()

	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return s.wrap(ctx, "connect", err)
	}
	defer raw.Close()
	// net/smtp knows nothing of contexts: the deadline bounds the whole
	// dialogue, and cancellation moves it into the past to abort blocked I/O.
	if err := raw.SetDeadline(deadline); err != nil {
		return s.wrap(ctx, "connect", err)
	}
	stop := context.AfterFunc(ctx, func() { _ = raw.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	conn := raw
	if s.implicitTLS {
		tc := tls.Client(raw, s.tlsConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			return s.wrap(ctx, "TLS handshake", err)
		}
		// NewClient must see the *tls.Conn itself: that is how net/smtp
		// learns the connection is encrypted and lets AUTH PLAIN through.
		conn = tc
	}

	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return s.wrap(ctx, "greeting", err)
	}
	defer c.Close()
	if s.helo != "" {
		if err := c.Hello(s.helo); err != nil {
			return s.wrap(ctx, "EHLO", err)
		}
	}
	if !s.implicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.tlsConfig()); err != nil {
				return s.wrap(ctx, "STARTTLS", err)
			}
		}
	}
	if s.auth {
		// PlainAuth refuses to send the password unencrypted except to
		// localhost; keep that guard rather than work around it.
		if err := c.Auth(smtp.PlainAuth("", s.user, s.pass, s.host)); err != nil {
			_, encrypted := c.TLSConnectionState()
			if !encrypted {
				return s.wrap(ctx, "AUTH over an unencrypted connection (the server offered no STARTTLS; smtps:// may help)", err)
			}
			return s.wrap(ctx, "AUTH", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return s.wrap(ctx, "MAIL FROM", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return s.wrap(ctx, "RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return s.wrap(ctx, "DATA", err)
	}
	if _, err := w.Write(data); err != nil {
		return s.wrap(ctx, "DATA", err)
	}
	if err := w.Close(); err != nil {
		return s.wrap(ctx, "DATA", err)
	}
	// The server has accepted the message once DATA closed with 250; a
	// failing QUIT must not make the caller send it again.
	_ = c.Quit()
	return nil
}

func (s *SMTP) tlsConfig() *tls.Config {
	return &tls.Config{
		ServerName:         s.host,
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: s.insecure, // only set by tests, via the URL
	}
}

// wrap adds the step and server to err. If the context ended, that is the
// real cause and the I/O timeout it provoked is secondary, so both are kept
// for errors.Is. As a last guard the password is scrubbed, in case a server
// echoes it back in a reply.
func (s *SMTP) wrap(ctx context.Context, step string, err error) error {
	cerr := ctx.Err()
	if cerr == nil && errors.Is(err, os.ErrDeadlineExceeded) {
		// The connection deadline is the context's deadline, and the I/O
		// can notice it a moment before the context's own timer fires.
		cerr = context.DeadlineExceeded
	}
	var out error
	if cerr != nil {
		out = fmt.Errorf("mail: %s via %s: %w: %w", step, s.addr, cerr, err)
	} else {
		out = fmt.Errorf("mail: %s via %s: %w", step, s.addr, err)
	}
	if s.pass != "" && strings.Contains(out.Error(), s.pass) {
		return errors.New(strings.ReplaceAll(out.Error(), s.pass, "xxxxx"))
	}
	return out
}
