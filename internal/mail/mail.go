// Package mail sends the platform's e-mail (sign-in links, password resets,
// reminders) over SMTP, or writes it to the log when no SMTP server is
// configured.
//
// Only the standard library talks SMTP here: the messages are short plain
// text to one recipient, which does not justify a third-party mail stack.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"maps"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Message is one e-mail.
type Message struct {
	To      string            // one address
	Subject string            // UTF-8, may contain å ä ö
	Text    string            // plain-text body, UTF-8
	Headers map[string]string // extra headers, e.g. List-Unsubscribe
}

// Sender delivers a Message. Implementations are safe for concurrent use.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Header lines SHOULD stay within 78 characters and MUST stay within 998
// (RFC 5322 section 2.1.1); we fold towards the first and refuse past the second.
const (
	foldLen    = 78
	maxLineLen = 998
)

// reserved are the fields Render writes itself. Letting Headers set them too
// would produce duplicates, which receivers resolve inconsistently.
var reserved = map[string]bool{
	"date":                      true,
	"from":                      true,
	"to":                        true,
	"subject":                   true,
	"message-id":                true,
	"mime-version":              true,
	"content-type":              true,
	"content-transfer-encoding": true,
}

// ErrHeaderInjection is returned when a header field would contain a line
// break. Stripping the break silently would hide a bug or an attack upstream.
var ErrHeaderInjection = errors.New("mail: line break in header field (header injection)")

// Render builds the RFC 5322 form of m, with CRLF line endings, as it is
// handed to the SMTP server after DATA.
//
// from is the sender address as accepted by net/mail.ParseAddress (a display
// name is allowed). messageID is the Message-ID without its angle brackets,
// such as "K3J5…@example.org"; Render adds them. Render is deterministic for
// given arguments, which is what makes it testable; Send supplies the
// current time and a random Message-ID.
func Render(m Message, from string, now time.Time, messageID string) ([]byte, error) {
	fromAddr, err := parseAddress("from", from)
	if err != nil {
		return nil, err
	}
	return render(m, fromAddr, now, messageID)
}

func render(m Message, from *mail.Address, now time.Time, messageID string) ([]byte, error) {
	to, err := checkMessage(m)
	if err != nil {
		return nil, err
	}
	if err := checkMessageID(messageID); err != nil {
		return nil, err
	}

	var b bytes.Buffer
	fields := []struct{ name, value string }{
		{"Date", now.Format(time.RFC1123Z)},
		{"From", from.String()},
		{"To", to.String()},
		{"Subject", mime.QEncoding.Encode("utf-8", m.Subject)},
		{"Message-ID", "<" + messageID + ">"},
		{"MIME-Version", "1.0"},
		{"Content-Type", "text/plain; charset=utf-8"},
		{"Content-Transfer-Encoding", "quoted-printable"},
	}
	for _, f := range fields {
		if err := writeField(&b, f.name, f.value); err != nil {
			return nil, err
		}
	}
	// Map iteration order is random; sorting keeps the output reproducible
	// for tests and for anyone diffing two sent messages.
	for _, k := range slices.Sorted(maps.Keys(m.Headers)) {
		if err := writeField(&b, k, mime.QEncoding.Encode("utf-8", m.Headers[k])); err != nil {
			return nil, err
		}
	}
	b.WriteString("\r\n")

	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(m.Text)); err != nil {
		return nil, fmt.Errorf("mail: encoding body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, fmt.Errorf("mail: encoding body: %w", err)
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("\r\n")
	}
	return b.Bytes(), nil
}

// checkMessage validates everything in m that does not depend on the sender,
// so that the log sender rejects exactly what the SMTP sender would: a
// message that only fails once a real server is configured is found too late.
func checkMessage(m Message) (*mail.Address, error) {
	to, err := parseAddress("to", m.To)
	if err != nil {
		return nil, err
	}
	if hasLineBreak(m.Subject) {
		return nil, fmt.Errorf("%w: Subject", ErrHeaderInjection)
	}
	// We declare charset=utf-8; sending other bytes would make that a lie
	// that mail clients render as mojibake.
	if !utf8.ValidString(m.Subject) {
		return nil, errors.New("mail: subject is not valid UTF-8")
	}
	if !utf8.ValidString(m.Text) {
		return nil, errors.New("mail: text is not valid UTF-8")
	}
	seen := make(map[string]string, len(m.Headers))
	for k, v := range m.Headers {
		if hasLineBreak(k) || hasLineBreak(v) {
			return nil, fmt.Errorf("%w: extra header %q", ErrHeaderInjection, k)
		}
		if !validFieldName(k) {
			return nil, fmt.Errorf("mail: invalid header name %q", k)
		}
		lk := strings.ToLower(k)
		if reserved[lk] {
			return nil, fmt.Errorf("mail: header %q is set by the mail package and cannot be overridden", k)
		}
		if other, dup := seen[lk]; dup {
			return nil, fmt.Errorf("mail: headers %q and %q differ only in case", other, k)
		}
		seen[lk] = k
		if !utf8.ValidString(v) {
			return nil, fmt.Errorf("mail: value of header %q is not valid UTF-8", k)
		}
	}
	return to, nil
}

// parseAddress checks for line breaks before net/mail sees the input, because
// ParseAddress tolerates folding whitespace and would accept "a@b\r\n x".
func parseAddress(field, s string) (*mail.Address, error) {
	if hasLineBreak(s) {
		return nil, fmt.Errorf("%w: %s address", ErrHeaderInjection, field)
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("mail: invalid %s address %q: %w", field, s, err)
	}
	// Non-ASCII mailbox names need SMTPUTF8 end to end, which few Swedish
	// public-sector servers offer; failing here gives a clearer error than a
	// rejection half-way through the SMTP dialogue.
	for i := 0; i < len(a.Address); i++ {
		if a.Address[i] >= utf8.RuneSelf {
			return nil, fmt.Errorf("mail: %s address %q has non-ASCII characters, which are not supported", field, a.Address)
		}
	}
	return a, nil
}

func checkMessageID(id string) error {
	if id == "" {
		return errors.New("mail: empty Message-ID")
	}
	if hasLineBreak(id) {
		return fmt.Errorf("%w: Message-ID", ErrHeaderInjection)
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c > '~' || c == '<' || c == '>' {
			return fmt.Errorf("mail: invalid Message-ID %q: want left@right without angle brackets or spaces", id)
		}
	}
	if at := strings.LastIndexByte(id, '@'); at <= 0 || at == len(id)-1 {
		return fmt.Errorf("mail: invalid Message-ID %q: want left@right", id)
	}
	return nil
}

// newMessageID makes an id that is unique without coordination: 128 bits of
// randomness under the sender's domain, as RFC 5322 section 3.6.4 suggests.
func newMessageID(fromAddress string) string {
	domain := fromAddress[strings.LastIndexByte(fromAddress, '@')+1:]
	return rand.Text() + "@" + domain
}

// writeField writes one header field, folding at whitespace so lines stay
// near 78 characters. mime.QEncoding splits long text into encoded-words
// separated by spaces, so encoded subjects always have places to fold.
func writeField(b *bytes.Buffer, name, value string) error {
	line := name + ": " + value
	if len(line) <= foldLen {
		b.WriteString(line)
		b.WriteString("\r\n")
		return nil
	}
	cur := name + ":"
	for _, tok := range splitBeforeSpace(" " + value) {
		// A continuation line holding only whitespace is obsolete syntax
		// (RFC 5322 section 4.2), so whitespace-only tokens never start one.
		if len(cur)+len(tok) > foldLen && strings.TrimLeft(tok, " \t") != "" {
			if len(cur) > maxLineLen {
				return fmt.Errorf("mail: header %s has a word too long to fold", name)
			}
			b.WriteString(cur)
			b.WriteString("\r\n")
			cur = ""
		}
		cur += tok
	}
	if len(cur) > maxLineLen {
		return fmt.Errorf("mail: header %s has a word too long to fold", name)
	}
	b.WriteString(cur)
	b.WriteString("\r\n")
	return nil
}

// splitBeforeSpace cuts s before each run of spaces or tabs that follows a
// non-blank character, so every piece but the first begins with whitespace
// and can start a folded continuation line.
func splitBeforeSpace(s string) []string {
	var out []string
	start := 0
	for i := 1; i < len(s); i++ {
		if isBlank(s[i]) && !isBlank(s[i-1]) {
			out = append(out, s[start:i])
			start = i
		}
	}
	return append(out, s[start:])
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

func hasLineBreak(s string) bool { return strings.ContainsAny(s, "\r\n") }

// validFieldName follows RFC 5322 section 3.6.8: printable ASCII except colon.
func validFieldName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; c < '!' || c > '~' || c == ':' {
			return false
		}
	}
	return true
}
