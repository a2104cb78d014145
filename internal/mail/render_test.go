package mail

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"
)

var fixedNow = time.Date(2025, 3, 14, 9, 26, 53, 0, time.FixedZone("CET", 3600))

func mustRender(t *testing.T, m Message) []byte {
	t.Helper()
	out, err := Render(m, "Tillit <tillit@example.org>", fixedNow, "ABC123@example.org")
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return out
}

// decodeBody undoes quoted-printable and CRLF so it can be compared with the
// Text that went in.
func decodeBody(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(quotedprintable.NewReader(r))
	if err != nil {
		t.Fatalf("decoding quoted-printable: %v", err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

func TestRenderExact(t *testing.T) {
	out := mustRender(t, Message{
		To:      "anna@example.se",
		Subject: "Hello",
		Text:    "Line one\nLine two\n",
		Headers: map[string]string{"X-B": "2", "List-Unsubscribe": "<https://tillit.example.org/u/1>", "X-A": "1"},
	})
	want := "Date: Fri, 14 Mar 2025 09:26:53 +0100\r\n" +
		"From: \"Tillit\" <tillit@example.org>\r\n" +
		"To: <anna@example.se>\r\n" +
		"Subject: Hello\r\n" +
		"Message-ID: <ABC123@example.org>\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n" +
		"List-Unsubscribe: <https://tillit.example.org/u/1>\r\n" +
		"X-A: 1\r\n" +
		"X-B: 2\r\n" +
		"\r\n" +
		"Line one\r\nLine two\r\n"
	if string(out) != want {
		t.Errorf("Render:\n got %q\nwant %q", out, want)
	}
}

func TestRenderSwedish(t *testing.T) {
	subject := "Återställ ditt lösenord"
	text := "Hej Åsa!\n\nKlicka på länken för att välja ett nytt lösenord:\nhttps://tillit.example.org/reset?token=abc=def\n\nÖvriga frågor besvaras av din region.\n"
	out := mustRender(t, Message{To: "Åsa Öberg <asa@example.se>", Subject: subject, Text: text})

	if !strings.Contains(string(out), "Subject: =?utf-8?q?=C3=85terst=C3=A4ll_ditt_l=C3=B6senord?=\r\n") {
		t.Errorf("subject not Q-encoded as expected:\n%s", out)
	}
	for i, c := range out {
		if c >= 0x80 {
			t.Fatalf("non-ASCII byte %#x at %d: the message must be 7-bit clean", c, i)
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var dec mime.WordDecoder
	if got, err := dec.DecodeHeader(msg.Header.Get("Subject")); err != nil || got != subject {
		t.Errorf("decoded subject = %q, %v; want %q", got, err, subject)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Åsa Öberg" || to[0].Address != "asa@example.se" {
		t.Errorf("To = %v, %v", to, err)
	}
	if got := decodeBody(t, msg.Body); got != text {
		t.Errorf("body = %q, want %q", got, text)
	}
}

func TestRenderLineEndingsAndLength(t *testing.T) {
	long := strings.Repeat("Långt ämne med många ord ", 20)
	text := "a\r\nb\rc\n" + strings.Repeat("x", 300) + "\n.\n"
	out := mustRender(t, Message{To: "a@example.se", Subject: long, Text: text})
	for i, line := range strings.Split(strings.TrimSuffix(string(out), "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i, line)
		}
		if len(line) > 78+8 { // an encoded-word is at most 75, plus the field name
			t.Errorf("line %d is %d long: %q", i, len(line), line)
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var dec mime.WordDecoder
	if got, _ := dec.DecodeHeader(msg.Header.Get("Subject")); got != long {
		t.Errorf("folded subject decodes to %q", got)
	}
	if got, want := decodeBody(t, msg.Body), "a\nb\nc\n"+strings.Repeat("x", 300)+"\n.\n"; got != want {
		t.Errorf("body = %q, want %q", got, want)
	}
}

func TestRenderFoldsLongASCIISubject(t *testing.T) {
	subject := strings.TrimSpace(strings.Repeat("word ", 60))
	out := mustRender(t, Message{To: "a@example.se", Subject: subject})
	if !strings.Contains(string(out), "\r\n word") {
		t.Errorf("long subject not folded:\n%s", out)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if got := msg.Header.Get("Subject"); got != subject {
		t.Errorf("unfolded subject = %q", got)
	}

	_, err = Render(Message{To: "a@example.se", Subject: strings.Repeat("x", 1200)}, "t@example.org", fixedNow, "1@example.org")
	if err == nil {
		t.Error("a subject word longer than 998 characters was accepted")
	}
}

func TestRenderRejects(t *testing.T) {
	ok := Message{To: "anna@example.se", Subject: "s", Text: "t"}
	with := func(f func(*Message)) Message {
		m := ok
		m.Headers = map[string]string{}
		f(&m)
		return m
	}
	injection := []struct {
		name string
		m    Message
	}{
		{"LF in subject", with(func(m *Message) { m.Subject = "Hej\nBcc: victim@example.org" })},
		{"CR in subject", with(func(m *Message) { m.Subject = "Hej\rBcc: victim@example.org" })},
		{"CRLF in to", with(func(m *Message) { m.To = "anna@example.se\r\nBcc: victim@example.org" })},
		{"folded to", with(func(m *Message) { m.To = "Anna\r\n <anna@example.se>" })},
		{"LF in header value", with(func(m *Message) { m.Headers["X-A"] = "1\nBcc: victim@example.org" })},
		{"CR in header key", with(func(m *Message) { m.Headers["X-A\r\nBcc"] = "victim@example.org" })},
	}
	for _, tc := range injection {
		_, err := Render(tc.m, "t@example.org", fixedNow, "1@example.org")
		if !errors.Is(err, ErrHeaderInjection) {
			t.Errorf("%s: err = %v, want ErrHeaderInjection", tc.name, err)
		}
	}

	other := []struct {
		name string
		m    Message
		from string
		id   string
	}{
		{"empty to", with(func(m *Message) { m.To = "" }), "t@example.org", "1@x"},
		{"two recipients", with(func(m *Message) { m.To = "a@example.se, b@example.se" }), "t@example.org", "1@x"},
		{"not an address", with(func(m *Message) { m.To = "anna" }), "t@example.org", "1@x"},
		{"non-ASCII mailbox", with(func(m *Message) { m.To = "åsa@example.se" }), "t@example.org", "1@x"},
		{"bad from", ok, "tillit", "1@x"},
		{"CR in from", ok, "t@example.org\r\nBcc: v@example.org", "1@x"},
		{"empty id", ok, "t@example.org", ""},
		{"id with brackets", ok, "t@example.org", "<1@x>"},
		{"id without at", ok, "t@example.org", "1"},
		{"id with LF", ok, "t@example.org", "1@x\nBcc: v@x"},
		{"invalid UTF-8 subject", with(func(m *Message) { m.Subject = "\xff" }), "t@example.org", "1@x"},
		{"invalid UTF-8 text", with(func(m *Message) { m.Text = "\xc3" }), "t@example.org", "1@x"},
		{"reserved header", with(func(m *Message) { m.Headers["subject"] = "other" }), "t@example.org", "1@x"},
		{"colon in key", with(func(m *Message) { m.Headers["X:A"] = "1" }), "t@example.org", "1@x"},
		{"space in key", with(func(m *Message) { m.Headers["X A"] = "1" }), "t@example.org", "1@x"},
		{"empty key", with(func(m *Message) { m.Headers[""] = "1" }), "t@example.org", "1@x"},
		{"keys differ in case", with(func(m *Message) { m.Headers["X-A"] = "1"; m.Headers["x-a"] = "2" }), "t@example.org", "1@x"},
	}
	for _, tc := range other {
		out, err := Render(tc.m, tc.from, fixedNow, tc.id)
		if err == nil {
			t.Errorf("%s: accepted:\n%s", tc.name, out)
		} else if !strings.HasPrefix(err.Error(), "mail: ") {
			t.Errorf("%s: error %q lacks the mail: prefix", tc.name, err)
		}
	}
}

func TestRenderEncodesNonASCIIHeaderValue(t *testing.T) {
	out := mustRender(t, Message{To: "a@example.se", Subject: "s", Headers: map[string]string{"X-Region": "Västra Götaland"}})
	msg, err := mail.ReadMessage(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var dec mime.WordDecoder
	if got, _ := dec.DecodeHeader(msg.Header.Get("X-Region")); got != "Västra Götaland" {
		t.Errorf("X-Region = %q", got)
	}
}

func TestNewMessageIDIsRandomAndValid(t *testing.T) {
	a, b := newMessageID("tillit@example.org"), newMessageID("tillit@example.org")
	if a == b {
		t.Error("two Message-IDs are equal")
	}
	if !strings.HasSuffix(a, "@example.org") {
		t.Errorf("Message-ID %q not under the From domain", a)
	}
	if err := checkMessageID(a); err != nil {
		t.Error(err)
	}
}
