package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/filestore"
	"github.com/tillit-project/tillit/internal/mail"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
	"github.com/tillit-project/tillit/internal/web"
)

// testPassword is every test user's password.
const testPassword = "correct horse battery staple"

// outbox records mail instead of sending it (the SMTP client has its own
// tests against a real SMTP server).
type outbox struct {
	mu   sync.Mutex
	sent []mail.Message
}

func (o *outbox) Send(_ context.Context, m mail.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, m)
	return nil
}

func (o *outbox) last(t *testing.T) mail.Message {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.sent) == 0 {
		t.Fatal("no mail was sent")
	}
	return o.sent[len(o.sent)-1]
}

// fixture is a server on a fresh database with one user per role.
type fixture struct {
	t     testing.TB
	db    *sqldb.DB
	srv   *Server
	ts    *httptest.Server
	mail  *outbox
	users map[tillit.Role]*tillit.User
	orgs  map[string]*tillit.Organisation
	now   time.Time
	mu    sync.Mutex

	// The follow-up world: a category Region Norrbotten is responsible
	// for; Leverantör A has a contract with Norrbotten, a production site
	// and follow-up A, whose office audit (performed, assigned to the
	// auditor) found major deviation 1 with corrective action 1 submitted;
	// Leverantör B has a contract with Skåne and follow-up B, with an audit
	// planned for nobody in particular.
	category  *tillit.Category
	siteA     *tillit.ProductionSite
	followUpA *tillit.FollowUp
	followUpB *tillit.FollowUp
	files     *filestore.Store
}

// newFixture builds the fixture; the database clock is fixed and moved
// with f.advance.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{t: t, db: sqldbtest.Open(t), mail: &outbox{}, users: map[tillit.Role]*tillit.User{},
		orgs: map[string]*tillit.Organisation{}, now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	f.db.Now = func() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }
	ctx := context.Background()
	sys := tillit.SystemActor("test")
	for _, o := range []*tillit.Organisation{
		{Kind: tillit.OrgNationalOffice, Name: "Nationella kansliet"},
		{Kind: tillit.OrgRegion, Name: "Region Norrbotten", CountyCode: "25"},
		{Kind: tillit.OrgRegion, Name: "Region Skåne", CountyCode: "12"},
		{Kind: tillit.OrgAuditFirm, Name: "Revisionsbyrån"},
		{Kind: tillit.OrgSupplier, Name: "Leverantör A", Country: "SE"},
		{Kind: tillit.OrgSupplier, Name: "Leverantör B", Country: "PK"},
	} {
		if err := f.db.CreateOrganisation(ctx, sys, o); err != nil {
			t.Fatal(err)
		}
		f.orgs[o.Name] = o
	}
	hash, err := password.Hash(testPassword, password.Fast)
	if err != nil {
		t.Fatal(err)
	}
	for role, org := range map[tillit.Role]string{
		tillit.RoleAdmin: "Nationella kansliet", tillit.RoleOfficer: "Nationella kansliet", tillit.RoleEditor: "Nationella kansliet",
		tillit.RoleCoordinator: "Region Norrbotten", tillit.RoleStaff: "Region Skåne", tillit.RoleAuditor: "Revisionsbyrån",
		tillit.RoleSupplier: "Leverantör A",
	} {
		u := &tillit.User{Email: string(role) + "@example.org", Name: "Test " + string(role), Lang: tillit.Swedish,
			Memberships: []tillit.Membership{{OrgID: f.orgs[org].ID, Role: role}}}
		if err := f.db.CreateUser(ctx, sys, u, hash); err != nil {
			t.Fatal(err)
		}
		f.users[role] = u
	}
	f.addFollowUps()
	files, err := filestore.New(filepath.Join(t.TempDir(), "attachments"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	f.files = files
	srv, err := New(Deps{
		DB: f.db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Mail: f.mail,
		Sessions: sqldb.SessionPolicy{Idle: time.Hour, Absolute: 12 * time.Hour},
		Hash:     password.Fast, PublicURL: "http://tillit.test", Files: files,
	})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	f.ts = httptest.NewServer(srv)
	t.Cleanup(f.ts.Close)
	return f
}

// addFollowUps builds the follow-up world described at fixture.
func (f *fixture) addFollowUps() {
	t, ctx, sys := f.t, context.Background(), tillit.SystemActor("test")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	norrbotten, skane := f.orgs["Region Norrbotten"], f.orgs["Region Skåne"]
	supA, supB := f.orgs["Leverantör A"], f.orgs["Leverantör B"]
	f.category = &tillit.Category{Code: "dental", NameSV: "Tandvårdsmaterial", NameEN: "Dental supplies",
		Responsible: []tillit.Responsibility{{RegionID: norrbotten.ID, ValidFrom: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	must(f.db.CreateCategory(ctx, sys, f.category))
	start, end := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)
	must(f.db.CreateContract(ctx, sys, &tillit.Contract{RegionID: norrbotten.ID, SupplierID: supA.ID, CategoryID: f.category.ID, Reference: "NLL-2025-1", Start: start, End: end}))
	must(f.db.CreateContract(ctx, sys, &tillit.Contract{RegionID: skane.ID, SupplierID: supB.ID, CategoryID: f.category.ID, Reference: "RS-2025-9", Start: start, End: end}))
	f.siteA = &tillit.ProductionSite{SupplierID: supA.ID, Name: "Fabrik 1", City: "Sialkot", Country: "PK", Products: []string{"Saxar"}}
	must(f.db.CreateSite(ctx, sys, f.siteA))
	coord := tillit.ActorOf(f.users[tillit.RoleCoordinator])
	open := func(sup *tillit.Organisation) *tillit.FollowUp {
		fu, err := f.db.OpenFollowUp(ctx, coord, tillit.FollowUpInput{SupplierID: sup.ID, CategoryID: f.category.ID,
			ResponsibleRegionIDs: []int64{norrbotten.ID}, RequirementCodes: []string{"COC-1", "COC-2"}})
		must(err)
		return fu
	}
	f.followUpA, f.followUpB = open(supA), open(supB)
	day := tillit.DateOf(f.now)
	var err error
	for _, step := range []func(fu *tillit.FollowUp) (tillit.FollowUpEvent, error){
		func(fu *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			return fu.PlanAudit(coord, f.now, tillit.AuditPlan{Kind: tillit.AuditOffice, PlannedFor: day,
				AuditorOrgID: f.orgs["Revisionsbyrån"].ID, AuditorUserID: f.users[tillit.RoleAuditor].ID})
		},
		func(fu *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			return fu.PerformAudit(coord, f.now, 1, day, "", "Brister i riskanalysen")
		},
		func(fu *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			return fu.RecordDeviation(coord, f.now, 1, tillit.DeviationInput{RequirementCode: "COC-1", Severity: tillit.SeverityMajor,
				Description: "Ingen riskanalys av leveranskedjan", PlanDueOn: day.AddDate(0, 0, 30)})
		},
		func(fu *tillit.FollowUp) (tillit.FollowUpEvent, error) {
			return fu.SubmitAction(tillit.ActorOf(f.users[tillit.RoleSupplier]), f.now, 1, tillit.ActionInput{
				Description: "Gör en riskanalys", Owner: "Hållbarhetschef", Deadline: day.AddDate(0, 0, 60)})
		},
	} {
		f.followUpA, _, err = f.db.ChangeFollowUp(ctx, sys, f.followUpA.ID, step)
		must(err)
	}
	f.followUpB, _, err = f.db.ChangeFollowUp(ctx, sys, f.followUpB.ID, func(fu *tillit.FollowUp) (tillit.FollowUpEvent, error) {
		return fu.PlanAudit(coord, f.now, tillit.AuditPlan{Kind: tillit.AuditOffice, PlannedFor: day.AddDate(0, 0, 14), AuditorOrgID: norrbotten.ID})
	})
	must(err)
}

func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

// client is a browser: a cookie jar, no automatic redirects, and the
// Origin header a browser sends on form posts.
type client struct {
	f   *fixture
	c   *http.Client
	jar *cookiejar.Jar
}

func (f *fixture) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{f: f, jar: jar, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// response is what a request returned, body read.
type response struct {
	*http.Response
	Body string
}

func (c *client) do(req *http.Request) response {
	c.f.t.Helper()
	res, err := c.c.Do(req)
	if err != nil {
		c.f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res, string(b)}
}

func (c *client) get(path string) response {
	c.f.t.Helper()
	req, _ := http.NewRequest("GET", c.f.ts.URL+path, nil)
	return c.do(req)
}

// csrf returns the browser's CSRF cookie, fetching a page first if needed.
func (c *client) csrf() string {
	c.f.t.Helper()
	u, _ := url.Parse(c.f.ts.URL)
	for _, ck := range c.jar.Cookies(u) {
		if ck.Name == web.CSRFCookie {
			return ck.Value
		}
	}
	c.get("/login")
	for _, ck := range c.jar.Cookies(u) {
		if ck.Name == web.CSRFCookie {
			return ck.Value
		}
	}
	c.f.t.Fatal("no CSRF cookie after GET /login")
	return ""
}

// post submits a form as the browser would: same Origin, CSRF field.
func (c *client) post(path string, form url.Values) response {
	c.f.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get(web.CSRFField) == "" {
		form.Set(web.CSRFField, c.csrf())
	}
	req, _ := http.NewRequest("POST", c.f.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.f.ts.URL)
	return c.do(req)
}

// signIn signs the client in as the user of role and fails the test if
// that does not work.
func (c *client) signIn(role tillit.Role) *client {
	c.f.t.Helper()
	res := c.post("/login", url.Values{"email": {c.f.users[role].Email}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		c.f.t.Fatalf("sign in as %s: status %d\n%s", role, res.StatusCode, res.Body)
	}
	return c
}

// apiToken creates a bearer token for the role's user.
func (f *fixture) apiToken(role tillit.Role) string {
	f.t.Helper()
	secret, _, err := f.db.CreateAPIToken(context.Background(), tillit.SystemActor("test"), f.users[role].ID, "test")
	if err != nil {
		f.t.Fatal(err)
	}
	return secret
}

// api sends an API request with the bearer token (empty: none).
func (f *fixture) api(method, path, token, body string) response {
	f.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, f.ts.URL+path, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	c := &client{f: f, c: &http.Client{}}
	return c.do(req)
}

var linkRe = regexp.MustCompile(`http://tillit\.test(/\S+)`)

// linkIn returns the path of the first tillit link in a mail body.
func linkIn(t *testing.T, m mail.Message) string {
	t.Helper()
	s := linkRe.FindStringSubmatch(m.Text)
	if s == nil {
		t.Fatalf("no link in mail:\n%s", m.Text)
	}
	return s[1]
}
