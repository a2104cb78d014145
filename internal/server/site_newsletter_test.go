package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	netmail "net/mail"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	smtpmock "github.com/mocktools/go-smtp-mock/v2"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/mail"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// received is a mail the SMTP server in the test got, decoded.
type received struct {
	rcpt    string
	header  netmail.Header
	subject string
	body    string
}

func receivedMails(t *testing.T, srv *smtpmock.Server) []received {
	t.Helper()
	var out []received
	for _, m := range srv.Messages() {
		rr := m.RcpttoRequestResponse()
		if len(rr) != 1 || !strings.HasPrefix(rr[0][1], "250") {
			continue // refused at RCPT TO: nothing was delivered
		}
		msg, err := netmail.ReadMessage(strings.NewReader(m.MsgRequest()))
		if err != nil {
			t.Fatalf("the SMTP server got a mail that does not parse: %v", err)
		}
		b, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
		if err != nil {
			t.Fatal(err)
		}
		subj, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		out = append(out, received{rcpt: strings.TrimSuffix(strings.TrimPrefix(rr[0][0], "RCPT TO:<"), ">"), header: msg.Header, subject: subj, body: string(b)})
	}
	return out
}

// waitMails waits until the SMTP server has accepted n mails.
func waitMails(t *testing.T, srv *smtpmock.Server, n int) []received {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := receivedMails(t, srv)
		if len(got) >= n || time.Now().After(deadline) {
			if len(got) != n {
				t.Fatalf("the SMTP server has %d mails, want %d", len(got), n)
			}
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var siteLinkRe = regexp.MustCompile(`http://tillit\.test(/newsletter/[a-z]+/[A-Za-z0-9]+)`)

// TestNewsletterThroughSMTP runs the newsletter against an SMTP server in
// the test process: the confirmation mail arrives and its link confirms;
// a newsletter goes to the confirmed address only, with one-click
// unsubscribe headers and a link; the link removes the address; an
// address that never confirmed never gets a newsletter; an address the
// server refuses is recorded as a bounce.
func TestNewsletterThroughSMTP(t *testing.T) {
	smtp := smtpmock.New(smtpmock.ConfigurationAttr{HostAddress: "127.0.0.1", MultipleMessageReceiving: true,
		NotRegisteredEmails: []string{"gone@example.se"}})
	if err := smtp.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = smtp.Stop() })
	sender, err := mail.NewSMTP(fmt.Sprintf("smtp://127.0.0.1:%d?from=nyhetsbrev@example.org", smtp.PortNumber()))
	if err != nil {
		t.Fatal(err)
	}

	f := newFixture(t)
	site := f.seedSite()
	srv, err := New(Deps{DB: f.db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Mail: sender,
		Sessions: sqldb.SessionPolicy{Idle: time.Hour, Absolute: 12 * time.Hour}, Hash: password.Fast, PublicURL: "http://tillit.test", Files: f.files})
	if err != nil {
		t.Fatal(err)
	}
	f.srv, f.ts = srv, httptest.NewServer(srv)
	t.Cleanup(f.ts.Close)
	ctx := context.Background()

	// Subscribing sends the confirmation mail through SMTP.
	anna := f.client()
	res := anna.post("/newsletter", url.Values{"email": {"Anna@Example.se"}, "lang": {"sv"}})
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Titta i din inkorg")
	mails := waitMails(t, smtp, 1)
	if mails[0].rcpt != "anna@example.se" || mails[0].subject != "Bekräfta din prenumeration på nyhetsbrevet" {
		t.Fatalf("confirmation mail to %q: %q", mails[0].rcpt, mails[0].subject)
	}
	link := siteLinkRe.FindStringSubmatch(mails[0].body)
	if link == nil || !strings.HasPrefix(link[1], "/newsletter/confirm/") {
		t.Fatalf("no confirmation link in:\n%s", mails[0].body)
	}
	// Asking again at once sends nothing more.
	wantStatus(t, anna.post("/newsletter", url.Values{"email": {"anna@example.se"}}), http.StatusOK)

	// Following the link shows a button; pressing it confirms.
	res = anna.get(link[1])
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "anna@example.se", "Bekräfta prenumerationen")
	res = anna.post(link[1], nil)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Du prenumererar på nyhetsbrevet")
	wantStatus(t, anna.post(link[1], nil), http.StatusNotFound) // used

	// Bo subscribes in English but never confirms.
	wantStatus(t, f.client().post("/newsletter", url.Values{"email": {"bo@example.se"}, "lang": {"en"}}), http.StatusOK)
	mails = waitMails(t, smtp, 2)
	if mails[1].rcpt != "bo@example.se" || mails[1].subject != "Confirm your subscription to the newsletter" {
		t.Fatalf("second mail to %q: %q", mails[1].rcpt, mails[1].subject)
	}
	// Gone confirms, but the server will refuse the address.
	secret, err := f.db.Subscribe(ctx, "gone@example.se", tillit.Swedish)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ConfirmSubscriber(ctx, secret); err != nil {
		t.Fatal(err)
	}

	// The editor composes a newsletter of published news and sends it.
	editor := f.client().signIn(tillit.RoleEditor)
	res = editor.post("/editor/newsletter", url.Values{"subject_sv": {"Nyhetsbrev mars"}, "intro_sv": {"Hej!"}, "news": {fmt.Sprint(site.published.ID)}})
	wantStatus(t, res, http.StatusSeeOther)
	issuePath := res.Header.Get("Location")
	wantBody(t, editor.get(issuePath), "Studieresa till Pakistan", "2 bekräftade prenumeranter")
	wantRedirect(t, editor.post(issuePath+"/send", nil), issuePath)
	sent, err := f.srv.SendNewsletters(ctx, 6000)
	if sent != 1 || err == nil {
		t.Fatalf("sent %d, error %v; want 1 sent and the refused address reported", sent, err)
	}
	mails = waitMails(t, smtp, 3)
	nl := mails[2]
	if nl.rcpt != "anna@example.se" || nl.subject != "Nyhetsbrev mars" {
		t.Fatalf("newsletter to %q: %q", nl.rcpt, nl.subject)
	}
	for _, m := range mails {
		if m.rcpt == "bo@example.se" && m.subject == "Nyhetsbrev mars" {
			t.Fatal("an unconfirmed address got the newsletter")
		}
	}
	if !strings.Contains(nl.body, "Studieresa till Pakistan") || !strings.Contains(nl.body, "http://tillit.test/news/"+site.published.Slug) {
		t.Errorf("newsletter body:\n%s", nl.body)
	}
	unsub := siteLinkRe.FindStringSubmatch(nl.body)
	if unsub == nil || !strings.HasPrefix(unsub[1], "/newsletter/unsubscribe/") {
		t.Fatalf("no unsubscribe link in:\n%s", nl.body)
	}
	if got := nl.header.Get("List-Unsubscribe"); got != "<http://tillit.test"+unsub[1]+">" {
		t.Errorf("List-Unsubscribe %q", got)
	}
	if got := nl.header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", got)
	}
	// The refused address is a bounce.
	gone, err := f.db.FindSubscriber(ctx, "gone@example.se")
	if err != nil || gone.Bounces != 1 || gone.Deliveries[0].Status != "bounced" {
		t.Errorf("refused address: %+v, %v", gone, err)
	}
	issue, err := f.db.FindNewsletterIssue(ctx, mustID(t, issuePath))
	if err != nil || issue.Sent != 1 || issue.Bounced != 1 || issue.Queued != 0 {
		t.Errorf("issue counts: %+v, %v", issue, err)
	}

	// One click from the mail program (RFC 8058): no cookie, no page.
	req, _ := http.NewRequest("POST", f.ts.URL+unsub[1], strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	oneClick, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	oneClick.Body.Close()
	if oneClick.StatusCode != http.StatusOK {
		t.Fatalf("one-click unsubscribe: status %d", oneClick.StatusCode)
	}
	if _, err := f.db.FindSubscriber(ctx, "anna@example.se"); tillit.ErrorCode(err) != tillit.ENOTFOUND {
		t.Fatalf("after unsubscribing the address is still there: %v", err)
	}
	wantStatus(t, f.client().get(unsub[1]), http.StatusNotFound)

	// The next newsletter reaches nobody: Anna left, Bo never confirmed,
	// and the server refuses Gone again (its second bounce).
	res = editor.post("/editor/newsletter", url.Values{"subject_sv": {"Nyhetsbrev april"}, "news": {fmt.Sprint(site.published.ID)}})
	wantStatus(t, res, http.StatusSeeOther)
	wantRedirect(t, editor.post(res.Header.Get("Location")+"/send", nil), res.Header.Get("Location"))
	if n, err := f.srv.SendNewsletters(ctx, 6000); n != 0 || err == nil || !strings.Contains(err.Error(), "550") {
		t.Fatalf("second newsletter: sent %d, %v", n, err)
	}
	time.Sleep(50 * time.Millisecond)
	for _, m := range receivedMails(t, smtp) {
		if m.subject == "Nyhetsbrev april" || m.rcpt == "bo@example.se" && strings.HasPrefix(m.subject, "Nyhetsbrev") {
			t.Fatalf("a newsletter went to %s", m.rcpt)
		}
	}
}

// TestSubscriberOwnData: the address owner asks for a link, sees and
// downloads the data, and deletes it.
func TestSubscriberOwnData(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	secret, err := f.db.Subscribe(ctx, "cecilia@example.se", tillit.English)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ConfirmSubscriber(ctx, secret); err != nil {
		t.Fatal(err)
	}
	c := f.client()
	wantBody(t, c.post("/newsletter/privacy", url.Values{"email": {"nobody@example.se"}}), "Titta i din inkorg")
	if len(f.mail.mailsTo("nobody@example.se")) != 0 {
		t.Fatal("a mail went to an address that is not on the list")
	}
	wantStatus(t, c.post("/newsletter/privacy", url.Values{"email": {"not an address"}}), http.StatusBadRequest)
	wantBody(t, c.post("/newsletter/privacy", url.Values{"email": {"cecilia@example.se"}, "lang": {"en"}}), "Check your inbox")
	m := f.mail.last(t)
	link := siteLinkRe.FindStringSubmatch(m.Text)
	if m.To != "cecilia@example.se" || link == nil {
		t.Fatalf("access mail: %+v", m)
	}
	res := c.get(link[1] + "?lang=en")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "cecilia@example.se", "Confirmed", "English")
	exp := c.get(link[1] + "/export.json")
	wantStatus(t, exp, http.StatusOK)
	wantBody(t, exp, `"email": "cecilia@example.se"`, `"status": "confirmed"`, `"language": "en"`)
	wantStatus(t, c.post(link[1]+"/delete", nil), http.StatusOK)
	if _, err := f.db.FindSubscriber(ctx, "cecilia@example.se"); tillit.ErrorCode(err) != tillit.ENOTFOUND {
		t.Fatalf("after deletion: %v", err)
	}
	wantStatus(t, c.get(link[1]), http.StatusNotFound)

	// Too many requests are refused.
	var last response
	for range 5 {
		last = c.post("/newsletter", url.Values{"email": {"flood@example.se"}})
	}
	wantStatus(t, last, http.StatusTooManyRequests)
}

func mustID(t *testing.T, path string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(path[strings.LastIndexByte(path, '/')+1:], "%d", &id); err != nil {
		t.Fatalf("no id in %q", path)
	}
	return id
}
