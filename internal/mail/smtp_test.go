package mail

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	smtpmock "github.com/mocktools/go-smtp-mock/v2"
)

func startMock(t *testing.T) *smtpmock.Server {
	t.Helper()
	srv := smtpmock.New(smtpmock.ConfigurationAttr{
		HostAddress:              "127.0.0.1",
		MultipleMessageReceiving: true,
	})
	if err := srv.Start(); err != nil {
		t.Fatalf("starting SMTP mock: %v", err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	return srv
}

func TestSMTPSendsToMockServer(t *testing.T) {
	srv := startMock(t)
	s, err := NewSMTP(fmt.Sprintf("smtp://127.0.0.1:%d?from=tillit@example.org", srv.PortNumber()))
	if err != nil {
		t.Fatal(err)
	}

	msgs := []Message{
		{
			To:      "Anna Svensson <anna@region-a.example.se>",
			Subject: "Återställ ditt lösenord",
			Text:    "Hej Anna!\n\nÖppna länken för att välja ett nytt lösenord:\nhttps://tillit.example.org/reset?token=Zm9v=\n\nLänken gäller i en timme. Hälsningar, Tillit\n",
			Headers: map[string]string{"List-Unsubscribe": "<https://tillit.example.org/unsubscribe/1>"},
		},
		{
			To:      "bo@region-b.example.se",
			Subject: "Påminnelse: uppföljning av avtal",
			Text:    ".\n..a line starting with dots must survive SMTP dot-stuffing\nÅÄÖ åäö\n",
		},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, m := range msgs {
		if err := s.Send(ctx, m); err != nil {
			t.Fatalf("Send(%s): %v", m.To, err)
		}
	}

	got, err := srv.WaitForMessages(2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("server received %d messages, want 2", len(got))
	}
	byRcpt := map[string]smtpmock.Message{}
	for _, g := range got {
		if !g.IsConsistent() {
			t.Errorf("inconsistent message on server: %+v", g)
		}
		if g.MailfromRequest() != "MAIL FROM:<tillit@example.org>" {
			t.Errorf("MAIL FROM = %q", g.MailfromRequest())
		}
		rr := g.RcpttoRequestResponse()
		if len(rr) != 1 {
			t.Fatalf("RCPT TO commands: %v", rr)
		}
		byRcpt[rr[0][0]] = g
	}

	for _, m := range msgs {
		addr, _ := mail.ParseAddress(m.To)
		rcpt := "RCPT TO:<" + addr.Address + ">"
		g, ok := byRcpt[rcpt]
		if !ok {
			t.Errorf("no %s among %v", rcpt, byRcpt)
			continue
		}
		data := g.MsgRequest()
		if want := "Subject: " + mime.QEncoding.Encode("utf-8", m.Subject) + "\r\n"; !strings.Contains(data, want) {
			t.Errorf("DATA lacks %q:\n%s", want, data)
		}
		parsed, err := mail.ReadMessage(strings.NewReader(data))
		if err != nil {
			t.Fatalf("server's DATA does not parse: %v\n%s", err, data)
		}
		var dec mime.WordDecoder
		if subj, _ := dec.DecodeHeader(parsed.Header.Get("Subject")); subj != m.Subject {
			t.Errorf("subject = %q, want %q", subj, m.Subject)
		}
		if body := decodeBody(t, parsed.Body); body != m.Text {
			t.Errorf("body = %q, want %q", body, m.Text)
		}
		if id := parsed.Header.Get("Message-Id"); !strings.HasSuffix(id, "@example.org>") {
			t.Errorf("Message-ID = %q", id)
		}
		for k, v := range m.Headers {
			if parsed.Header.Get(k) != v {
				t.Errorf("header %s = %q, want %q", k, parsed.Header.Get(k), v)
			}
		}
	}
}

func TestNewSMTPParsesURL(t *testing.T) {
	cases := []struct {
		url, addr, user, pass, from string
		implicitTLS, insecure       bool
	}{
		{url: "smtp://mail.example.org?from=t@example.org", addr: "mail.example.org:587", from: "t@example.org"},
		{url: "smtps://mail.example.org?from=t@example.org", addr: "mail.example.org:465", from: "t@example.org", implicitTLS: true},
		{url: "SMTP://u:pw1@mail.example.org:2525/?from=t@example.org&insecure_skip_verify=1", addr: "mail.example.org:2525", user: "u", pass: "pw1", from: "t@example.org", insecure: true},
		{url: "smtp://user%40example.org:p%40ss%3Aw%2Frd%23%25@[::1]:25?from=Tillit%20%3Ct@example.org%3E", addr: "[::1]:25", user: "user@example.org", pass: "p@ss:w/rd#%", from: "t@example.org"},
	}
	for _, tc := range cases {
		s, err := NewSMTP(tc.url)
		if err != nil {
			t.Errorf("NewSMTP(%q): %v", tc.url, err)
			continue
		}
		if s.addr != tc.addr || s.user != tc.user || s.pass != tc.pass || s.From() != tc.from ||
			s.implicitTLS != tc.implicitTLS || s.insecure != tc.insecure || s.auth != (tc.user != "") {
			t.Errorf("NewSMTP(%q) = %+v", tc.url, s)
		}
		if tc.pass != "" && strings.Contains(s.String(), tc.pass) {
			t.Errorf("String() shows the password: %s", s)
		}
	}
}

func TestNewSMTPRejects(t *testing.T) {
	cases := []struct{ url, want string }{
		{"smtp://mail.example.org", "missing the required from"},
		{"smtp://mail.example.org?from=", "invalid from address"},
		{"smtp://mail.example.org?from=nobody", "invalid from address"},
		{"http://mail.example.org?from=t@example.org", `unsupported SMTP URL scheme "http"`},
		{"smtp+tls://mail.example.org?from=t@example.org", "unsupported SMTP URL scheme"},
		{"mail.example.org:587?from=t@example.org", "unsupported SMTP URL scheme"},
		{"//mail.example.org?from=t@example.org", "no scheme"},
		{"", "no scheme"},
		{"smtp:mail.example.org", "no host"},
		{"smtp://?from=t@example.org", "no host"},
		{"smtp://mail.example.org/path?from=t@example.org", "must not have a path"},
		{"smtp://mail.example.org:0?from=t@example.org", "invalid SMTP port"},
		{"smtp://mail.example.org?form=t@example.org", `unknown SMTP URL parameter "form"`},
		{"smtp://mail.example.org?from=t@example.org&insecure_skip_verify=yes", "insecure_skip_verify"},
		{"smtp://mail.example.org?from=a@example.org&from=b@example.org", "given 2 times"},
	}
	for _, tc := range cases {
		_, err := NewSMTP(tc.url)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "mail: ") {
			t.Errorf("NewSMTP(%q) error = %v, want one containing %q", tc.url, err, tc.want)
		}
	}
}

func TestNewSMTPErrorsHideThePassword(t *testing.T) {
	const secret = "hunter2secret"
	for _, u := range []string{
		"smtp://user:" + secret + "%zz@mail.example.org?from=t@example.org", // bad escape
		"smtp://user:" + secret + "#x@mail.example.org?from=t@example.org",  // unescaped #
		"smtp://user:" + secret + "@mail.example.org:99999?from=t@example.org",
		"smtp://user:" + secret + "@mail.example.org",
		"ftp://user:" + secret + "@mail.example.org?from=t@example.org",
	} {
		_, err := NewSMTP(u)
		if err == nil {
			t.Errorf("NewSMTP(%q) accepted", u)
		} else if strings.Contains(err.Error(), secret) {
			t.Errorf("error reveals the password: %v", err)
		}
	}

	// And at send time: nothing listens on the port.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s, err := NewSMTP("smtp://user:" + secret + "@" + addr + "?from=t@example.org")
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), Message{To: "a@example.se", Subject: "s", Text: "t"})
	if err == nil || strings.Contains(err.Error(), secret) || !strings.HasPrefix(err.Error(), "mail: connect") {
		t.Errorf("Send error = %v", err)
	}
}

func TestSendRejectsBadMessageBeforeConnecting(t *testing.T) {
	// A port that refuses connections: if Send dialled, the error would be a
	// connect error instead of the header injection one.
	s, err := NewSMTP("smtp://127.0.0.1:1?from=t@example.org")
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), Message{To: "a@example.se", Subject: "x\r\nBcc: v@example.org"})
	if !errors.Is(err, ErrHeaderInjection) {
		t.Errorf("err = %v, want ErrHeaderInjection", err)
	}
}

func TestSendHonoursContext(t *testing.T) {
	// A server that accepts and then never greets, as a stuck relay would.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}()
	s, err := NewSMTP("smtp://" + l.Addr().String() + "?from=t@example.org")
	if err != nil {
		t.Fatal(err)
	}
	m := Message{To: "a@example.se", Subject: "s", Text: "t"}

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = s.Send(ctx, m)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: err = %v, want DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Send took %v despite a 200ms deadline", d)
	}

	// Cancellation without a deadline must also unblock the dialogue.
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	err = s.Send(ctx, m)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancel: err = %v, want Canceled", err)
	}
}

func selfSignedCert(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "smtp test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("127.0.0.2")},
		DNSNames:     []string{"localhost"},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// TestSMTPSImplicitTLS puts a TLS terminator in front of the mock server,
// which speaks only plain SMTP, to exercise the smtps:// path end to end.
func TestSMTPSImplicitTLS(t *testing.T) {
	srv := startMock(t)
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{selfSignedCert(t)}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				up, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", srv.PortNumber()))
				if err != nil {
					return
				}
				defer up.Close()
				go func() { _, _ = io.Copy(up, c) }()
				_, _ = io.Copy(c, up)
			}()
		}
	}()

	m := Message{To: "anna@example.se", Subject: "Åtkomst", Text: "Hej\n"}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	// Certificates are verified unless the test switch is set.
	verified, err := NewSMTP("smtps://" + l.Addr().String() + "?from=t@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if err := verified.Send(ctx, m); err == nil || !strings.Contains(err.Error(), "TLS handshake") {
		t.Errorf("self-signed certificate accepted without insecure_skip_verify: %v", err)
	}

	s, err := NewSMTP("smtps://" + l.Addr().String() + "?from=t@example.org&insecure_skip_verify=1")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	got, err := srv.WaitForMessages(1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if rr := got[len(got)-1].RcpttoRequestResponse(); len(rr) != 1 || rr[0][0] != "RCPT TO:<anna@example.se>" {
		t.Errorf("RCPT TO = %v", rr)
	}
}

// scriptedServer is a minimal ESMTP server for what the mock lacks: STARTTLS
// and AUTH. It records what it saw for the test to check.
type scriptedServer struct {
	addr     string
	startTLS bool
	cert     tls.Certificate

	mu       sync.Mutex
	auth     []string // decoded AUTH PLAIN responses
	sawTLS   bool     // MAIL FROM arrived over TLS
	data     []string
	finished chan struct{}
}

func startScripted(t *testing.T, host string, startTLS bool) *scriptedServer {
	t.Helper()
	l, err := net.Listen("tcp", host+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", host, err)
	}
	t.Cleanup(func() { l.Close() })
	s := &scriptedServer{addr: l.Addr().String(), startTLS: startTLS, cert: selfSignedCert(t), finished: make(chan struct{}, 10)}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *scriptedServer) serve(c net.Conn) {
	defer func() { s.finished <- struct{}{} }()
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(c)
	encrypted := false
	_ = tp.PrintfLine("220 scripted ESMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			if s.startTLS && !encrypted {
				_ = tp.PrintfLine("250-scripted\r\n250-STARTTLS\r\n250 AUTH PLAIN")
			} else {
				_ = tp.PrintfLine("250-scripted\r\n250 AUTH PLAIN")
			}
		case "STARTTLS":
			_ = tp.PrintfLine("220 go ahead")
			tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{s.cert}})
			if err := tc.Handshake(); err != nil {
				return
			}
			c, encrypted = tc, true
			tp = textproto.NewConn(tc)
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			raw, err := base64.StdEncoding.DecodeString(resp)
			if mech != "PLAIN" || err != nil {
				_ = tp.PrintfLine("501 bad AUTH")
				continue
			}
			s.mu.Lock()
			s.auth = append(s.auth, string(raw))
			s.mu.Unlock()
			_ = tp.PrintfLine("235 ok")
		case "MAIL":
			s.mu.Lock()
			s.sawTLS = encrypted
			s.mu.Unlock()
			_ = tp.PrintfLine("250 ok")
		case "RCPT":
			_ = tp.PrintfLine("250 ok")
		case "DATA":
			_ = tp.PrintfLine("354 go on")
			b, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.data = append(s.data, string(b))
			s.mu.Unlock()
			_ = tp.PrintfLine("250 queued")
		case "QUIT":
			_ = tp.PrintfLine("221 bye")
			return
		default:
			_ = tp.PrintfLine("502 unknown")
		}
	}
}

func TestSTARTTLSAndAuthPlain(t *testing.T) {
	srv := startScripted(t, "127.0.0.1", true)
	// The password has characters that must be URL-escaped.
	s, err := NewSMTP("smtp://tillit%40example.org:p%40ss%3Aw%2Frd@" + srv.addr + "?from=tillit@example.org&insecure_skip_verify=1")
	if err != nil {
		t.Fatal(err)
	}
	m := Message{To: "anna@example.se", Subject: "Inloggningslänk", Text: "https://tillit.example.org/login?t=1\n"}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	<-srv.finished
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if !srv.sawTLS {
		t.Error("message was sent without STARTTLS although the server offered it")
	}
	if want := "\x00tillit@example.org\x00p@ss:w/rd"; len(srv.auth) != 1 || srv.auth[0] != want {
		t.Errorf("AUTH PLAIN = %q, want %q", srv.auth, want)
	}
	if len(srv.data) != 1 {
		t.Fatalf("DATA = %q", srv.data)
	}
	msg, err := mail.ReadMessage(bufio.NewReader(bytes.NewReader([]byte(srv.data[0]))))
	if err != nil {
		t.Fatal(err)
	}
	if body := decodeBody(t, msg.Body); body != m.Text {
		t.Errorf("body = %q", body)
	}
}

func TestNoAuthWithoutCredentials(t *testing.T) {
	srv := startScripted(t, "127.0.0.1", false)
	s, err := NewSMTP("smtp://" + srv.addr + "?from=tillit@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), Message{To: "a@example.se", Subject: "s"}); err != nil {
		t.Fatal(err)
	}
	<-srv.finished
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.auth) != 0 || len(srv.data) != 1 {
		t.Errorf("auth = %q, data = %d messages", srv.auth, len(srv.data))
	}
}

// net/smtp refuses to send a password in clear text to anything but
// localhost. 127.0.0.2 is loopback on Linux, yet not "localhost" to net/smtp,
// so it stands in for a remote server without STARTTLS.
func TestAuthRefusedWithoutTLS(t *testing.T) {
	srv := startScripted(t, "127.0.0.2", false)
	s, err := NewSMTP("smtp://user:secretpw@" + srv.addr + "?from=tillit@example.org")
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), Message{To: "a@example.se", Subject: "s"})
	if err == nil || !strings.Contains(err.Error(), "unencrypted") || strings.Contains(err.Error(), "secretpw") {
		t.Errorf("err = %v, want a refusal to send the password unencrypted", err)
	}
	<-srv.finished
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.auth) != 0 || len(srv.data) != 0 {
		t.Errorf("server saw auth %q and %d messages", srv.auth, len(srv.data))
	}
}
