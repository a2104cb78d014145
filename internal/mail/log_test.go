package mail

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"testing"
)

func TestLogWritesTheMessage(t *testing.T) {
	var buf bytes.Buffer
	l := NewLog(slog.New(slog.NewJSONHandler(&buf, nil)))
	link := "https://tillit.example.org/reset?token=ÅÄÖ-123"
	m := Message{
		To:      "anna@example.se",
		Subject: "Återställ ditt lösenord",
		Text:    "Hej!\nÖppna länken: " + link + "\n",
		Headers: map[string]string{"List-Unsubscribe": "<https://tillit.example.org/u>"},
	}
	if err := l.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(link)) {
		t.Errorf("link missing from log output: %s", buf.Bytes())
	}
	var rec struct {
		Level       string
		Msg         string
		MailNotSent bool `json:"mail_not_sent"`
		To, Subject string
		Text        string
		Headers     map[string]string
	}
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("log line is not JSON: %v\n%s", err, buf.Bytes())
	}
	if rec.Level != "WARN" || rec.Msg != LogMsg || !rec.MailNotSent ||
		rec.To != m.To || rec.Subject != m.Subject || rec.Text != m.Text ||
		rec.Headers["List-Unsubscribe"] != m.Headers["List-Unsubscribe"] {
		t.Errorf("log record = %+v", rec)
	}
}

func TestLogRejectsWhatSMTPWould(t *testing.T) {
	var buf bytes.Buffer
	l := NewLog(slog.New(slog.NewJSONHandler(&buf, nil)))
	err := l.Send(context.Background(), Message{To: "a@example.se", Subject: "x\nBcc: v@example.org"})
	if !errors.Is(err, ErrHeaderInjection) {
		t.Errorf("err = %v, want ErrHeaderInjection", err)
	}
	if buf.Len() != 0 {
		t.Errorf("rejected message was logged: %s", buf.Bytes())
	}
}

func TestNewLogNilUsesDefault(t *testing.T) {
	if NewLog(nil).logger == nil {
		t.Error("nil logger not replaced")
	}
}
