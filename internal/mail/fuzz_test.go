package mail

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"testing"
)

func FuzzRender(f *testing.F) {
	f.Add("Återställ ditt lösenord", "Hej!\nLänk: https://x.example/r?t=1\n", "anna@example.se", "<https://x.example/u>")
	f.Add("", "", "a@b", "")
	f.Add("=?utf-8?q?x?=", ".\r\n.\n", "\"a b\" <a@b.se>", "\t")
	f.Add(strings.Repeat("ord ", 40), strings.Repeat("å", 200), "Åsa <a@b.se>", "ä")
	f.Add("a\x00b\tc", "x\ry", "a@[127.0.0.1]", "v\nBcc: x")
	f.Fuzz(func(t *testing.T, subject, text, to, header string) {
		m := Message{To: to, Subject: subject, Text: text, Headers: map[string]string{"X-Fuzz": header}}
		out, err := Render(m, "Tillit <tillit@example.org>", fixedNow, "ID1@example.org")
		if err != nil {
			return
		}
		lines := strings.Split(string(out), "\r\n")
		if lines[len(lines)-1] != "" {
			t.Fatalf("output does not end in CRLF: %q", out)
		}
		for _, l := range lines {
			if strings.ContainsAny(l, "\r\n") || len(l) > maxLineLen {
				t.Fatalf("bad line %q in %q", l, out)
			}
		}
		msg, err := mail.ReadMessage(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("ReadMessage: %v\n%q", err, out)
		}
		if n := len(msg.Header["Subject"]); n != 1 {
			t.Fatalf("%d Subject headers in %q", n, out)
		}
		for _, k := range []string{"From", "To", "Date", "Message-Id", "X-Fuzz"} {
			if n := len(msg.Header[k]); n != 1 {
				t.Fatalf("%d %s headers in %q", n, k, out)
			}
		}
		want, _ := mail.ParseAddress(to)
		got, err := mail.ParseAddress(msg.Header.Get("To"))
		if err != nil || got.Address != want.Address {
			t.Fatalf("To %q came back as %v, %v", to, got, err)
		}
		// Unfolding collapses whitespace, and a literal "=?" in unencoded
		// text is ambiguous by design of RFC 2047; otherwise the subject must
		// survive the trip.
		if !strings.Contains(subject, "=?") {
			var dec mime.WordDecoder
			gotSubj, err := dec.DecodeHeader(msg.Header.Get("Subject"))
			if err != nil || squash(gotSubj) != squash(subject) {
				t.Fatalf("subject %q came back as %q, %v", subject, gotSubj, err)
			}
		}
	})
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }
