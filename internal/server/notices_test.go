package server

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/mail"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/ui"
)

// failingMail refuses every message, like an SMTP server that is down.
type failingMail struct{ tries int }

func (m *failingMail) Send(context.Context, mail.Message) error {
	m.tries++
	return errors.New("smtp: connection refused")
}

// noticeCoordinator adds a coordinator of Region Skåne (which holds the
// contract with Leverantör B) who reads English.
func (f *fixture) noticeCoordinator(t *testing.T) *tillit.User {
	t.Helper()
	hash, err := password.Hash(testPassword, password.Fast)
	if err != nil {
		t.Fatal(err)
	}
	u := &tillit.User{Email: "skane-coordinator@example.org", Name: "Sara Skåne", Lang: tillit.English,
		Memberships: []tillit.Membership{{OrgID: f.orgs["Region Skåne"].ID, Role: tillit.RoleCoordinator}}}
	if err := f.db.CreateUser(context.Background(), tillit.SystemActor("test"), u, hash); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestNoticeMails(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	en := f.noticeCoordinator(t)
	// Closing B tells Norrbotten (responsible) and Skåne (B's contract).
	f.supCloseB(t)

	n, err := f.srv.SendNotices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Norrbotten's coordinator: A opened, B opened, A's deviation, B
	// closed; Skåne's: B closed.
	if n != 5 || len(f.mail.mails()) != 5 {
		t.Fatalf("sent %d notices, %d mails; want 5", n, len(f.mail.mails()))
	}
	sv := f.mail.mailsTo(f.users[tillit.RoleCoordinator].Email)
	if len(sv) != 4 {
		t.Fatalf("the Norrbotten coordinator got %d mails, want 4", len(sv))
	}
	a, b := strconv.FormatInt(f.followUpA.ID, 10), strconv.FormatInt(f.followUpB.ID, 10)
	first := sv[0]
	if want := "tillit: Leverantör A – " + ui.T(tillit.Swedish, "A follow-up was opened"); first.Subject != want {
		t.Errorf("subject %q, want %q", first.Subject, want)
	}
	for _, s := range []string{"Hej Test coordinator,", "Leverantör: Leverantör A", "Vad som hänt: En uppföljning har öppnats",
		"Uppföljning: http://tillit.test/followups/" + a, "http://tillit.test/inbox"} {
		if !strings.Contains(first.Text, s) {
			t.Errorf("mail does not say %q:\n%s", s, first.Text)
		}
	}
	if got := linkIn(t, first); got != "/followups/"+a {
		t.Errorf("the mail links to %q first", got)
	}
	if !strings.Contains(sv[2].Subject, ui.T(tillit.Swedish, "An audit found deviations")) ||
		!strings.Contains(sv[3].Subject, ui.T(tillit.Swedish, "The follow-up was closed")) || !strings.Contains(sv[3].Text, "/followups/"+b) {
		t.Errorf("subjects %q, %q", sv[2].Subject, sv[3].Subject)
	}
	english := f.mail.mailsTo(en.Email)
	if len(english) != 1 {
		t.Fatalf("the Skåne coordinator got %d mails, want 1", len(english))
	}
	if m := english[0]; m.Subject != "tillit: Leverantör B – The follow-up was closed" || !strings.Contains(m.Text, "Hello Sara Skåne,") ||
		!strings.Contains(m.Text, "What happened: The follow-up was closed") || !strings.Contains(m.Text, "http://tillit.test/followups/"+b) {
		t.Errorf("English mail:\n%s\n\n%s", m.Subject, m.Text)
	}

	// Nothing goes twice, now or after any lease would have run out.
	f.advance(time.Hour)
	if n, err := f.srv.SendNotices(ctx); n != 0 || err != nil {
		t.Fatalf("second run sent %d (err %v)", n, err)
	}
	if len(f.mail.mails()) != 5 {
		t.Fatalf("%d mails after the second run", len(f.mail.mails()))
	}
}

// Two workers at once (two instances) send each notice once.
func TestNoticeMailsConcurrent(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.noticeCoordinator(t)
	f.supCloseB(t)
	var wg sync.WaitGroup
	counts := make([]int, 4)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := f.srv.SendNotices(ctx)
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		}()
	}
	wg.Wait()
	total := 0
	for _, n := range counts {
		total += n
	}
	mails := f.mail.mails()
	if total != 5 || len(mails) != 5 {
		t.Fatalf("workers sent %v (%d mails), want 5 in all", counts, len(mails))
	}
	seen := map[string]bool{}
	for _, m := range mails {
		key := m.To + "|" + m.Subject + "|" + linkIn(t, m)
		if seen[key] {
			t.Errorf("sent twice: %s", key)
		}
		seen[key] = true
	}
}

// A failed send leaves the notice unmailed; it goes once the lease has
// run out.
func TestNoticeMailRetried(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	down := &failingMail{}
	broken := *f.srv
	broken.Mail = down
	n, err := broken.SendNotices(ctx)
	if n != 0 || err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("sent %d with a failing sender, err %v", n, err)
	}
	if down.tries != 3 {
		t.Fatalf("%d tries, want one per notice (3)", down.tries)
	}
	// Still leased: a run right away sends nothing.
	if n, err := f.srv.SendNotices(ctx); n != 0 || err != nil {
		t.Fatalf("sent %d (err %v) while the notices were leased", n, err)
	}
	f.advance(6 * time.Minute)
	n, err = f.srv.SendNotices(ctx)
	if n != 3 || err != nil || len(f.mail.mailsTo(f.users[tillit.RoleCoordinator].Email)) != 3 {
		t.Fatalf("after the lease: sent %d (err %v), %d mails", n, err, len(f.mail.mails()))
	}
}

// The mailer loop sends at once and then on every tick until stopped.
func TestRunNoticeMailer(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		f.srv.RunNoticeMailer(ctx, 10*time.Millisecond)
		close(done)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for len(f.mail.mails()) < 3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	f.supCloseB(t)
	for len(f.mail.mails()) < 4 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if n := len(f.mail.mails()); n != 4 {
		t.Fatalf("%d mails, want 4", n)
	}
}
