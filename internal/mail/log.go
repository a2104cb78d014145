package mail

import (
	"context"
	"log/slog"
	"maps"
	"slices"
)

// LogMsg is the log message of an unsent mail, exported so tests and
// operators' log filters can match it exactly.
const LogMsg = "mail not sent: no --smtp configured; the message follows"

// Log is the Sender used when no SMTP server is configured. It writes the
// whole message to the log so that an operator of a fresh or demo install can
// still follow one-time sign-in and reset links.
type Log struct {
	logger *slog.Logger
}

// NewLog returns a Sender that logs instead of sending. A nil logger means
// slog.Default().
func NewLog(logger *slog.Logger) *Log {
	if logger == nil {
		logger = slog.Default()
	}
	return &Log{logger: logger}
}

// Send validates m as the SMTP sender would, so that a message which would be
// rejected in production is also rejected in development, and then logs it
// at WARN: mail silently going nowhere is an operational problem.
func (l *Log) Send(ctx context.Context, m Message) error {
	if _, err := checkMessage(m); err != nil {
		return err
	}
	attrs := []slog.Attr{
		slog.Bool("mail_not_sent", true),
		slog.String("to", m.To),
		slog.String("subject", m.Subject),
		slog.String("text", m.Text),
	}
	if len(m.Headers) > 0 {
		hs := make([]any, 0, len(m.Headers))
		for _, k := range slices.Sorted(maps.Keys(m.Headers)) {
			hs = append(hs, slog.String(k, m.Headers[k]))
		}
		attrs = append(attrs, slog.Group("headers", hs...))
	}
	l.logger.LogAttrs(ctx, slog.LevelWarn, LogMsg, attrs...)
	return nil
}
