package tillit

import (
	"errors"
	"fmt"
)

// Error codes. The HTTP layers map each code to a status in one place
// (ui.Error, api.Error); nothing else decides how an error is shown.
const (
	EINVALID      = "EINVALID"      // bad input: 400, the message says what to fix
	EUNAUTHORIZED = "EUNAUTHORIZED" // no or unknown credentials: 401
	EFORBIDDEN    = "EFORBIDDEN"    // known actor, not allowed: 403
	ENOTFOUND     = "ENOTFOUND"     // 404
	ECONFLICT     = "ECONFLICT"     // state does not allow it, or a duplicate: 409
	ETHROTTLED    = "ETHROTTLED"    // too many attempts: 429
	EINTERNAL     = "EINTERNAL"     // everything else: 500, logged, never shown
)

// Message is a user-facing sentence kept as an English format and its
// arguments, so each interface can translate the format (the English text
// is the catalogue key, as in gettext) before filling in the arguments.
type Message struct {
	Format string
	Args   []any
}

// Msg builds a Message.
func Msg(format string, args ...any) Message { return Message{Format: format, Args: args} }

// String renders the message in English.
func (m Message) String() string { return m.In(nil) }

// In renders the message through translate, which maps an English format to
// the reader's language; nil or an unknown format falls back to English.
func (m Message) In(translate func(string) string) string {
	f := m.Format
	if translate != nil {
		f = translate(f)
	}
	if len(m.Args) == 0 {
		return f
	}
	return fmt.Sprintf(f, m.Args...)
}

// Error is an application error whose message is safe to show to the user.
// Fields names the inputs at fault (form field or JSON property) with a
// sentence for each, so a form can mark them and an API client can fix them.
type Error struct {
	Code   string
	Msg    Message
	Fields map[string]Message
}

func (e *Error) Error() string {
	return fmt.Sprintf("tillit error: code=%s message=%s", e.Code, e.Msg)
}

// Errorf returns an *Error with the code and a message; format is the
// English text and the translation key.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Msg: Msg(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain; EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message, hiding internal details.
func ErrorMessage(err error) Message {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg
	}
	return Msg("Something went wrong on our side. Try again, and contact the national office if it keeps happening.")
}

// ErrorFields returns the field errors of an *Error in err's chain, or nil.
func ErrorFields(err error) map[string]Message {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field errors during validation.
type Problems map[string]Message

// Add records a problem with a field; the first one for a field wins, since
// it is usually the most basic (missing before malformed).
func (p Problems) Add(field, format string, args ...any) {
	if _, ok := p[field]; !ok {
		p[field] = Msg(format, args...)
	}
}

// Merge adds the field problems of err that p does not have yet, so a
// precise message found first (by a parser, say) is not replaced by the
// domain's more general one.
func (p Problems) Merge(err error) {
	for field, m := range ErrorFields(err) {
		if _, ok := p[field]; !ok {
			p[field] = m
		}
	}
}

// Err returns nil when there are no problems, otherwise an EINVALID error.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Msg: Msg("Check the fields marked below."), Fields: map[string]Message(p)}
}
