package demo_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/demo"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

const testPassword = "demo-lösenord-för-test"

var ctx = context.Background()

func load(t *testing.T, db *sqldb.DB) demo.Result {
	t.Helper()
	start := time.Now()
	res, err := demo.Load(ctx, db, demo.Options{Password: testPassword, Hash: password.Fast})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	t.Logf("Load on %s: %d created, %d follow-up events in %v", sqldbtest.Engine(), res.Created, res.Events, time.Since(start))
	return res
}

// auditTrail reads the whole audit trail, newest first.
func auditTrail(t *testing.T, db *sqldb.DB) []tillit.AuditEvent {
	t.Helper()
	var all []tillit.AuditEvent
	f := sqldb.AuditFilter{Limit: 500}
	for {
		page, err := db.FindAuditEvents(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if len(page) < f.Limit {
			return all
		}
		f.BeforeID = page[len(page)-1].ID
	}
}

// The published figures must add up before anything is loaded from them.
func TestFactsAddUp(t *testing.T) {
	var sum int64
	for _, r := range demo.Regions {
		c, ok := demo.Contributions2022[r.CountyCode]
		if !ok {
			t.Errorf("no contribution for %s (%s)", r.Name, r.CountyCode)
		}
		sum += c
	}
	if demo.ContributionsTotal2022 != 5_209_316 {
		t.Errorf("ContributionsTotal2022 = %d, want 5 209 316", demo.ContributionsTotal2022)
	}
	if len(demo.Regions) != 21 || len(demo.Contributions2022) != 21 {
		t.Errorf("%d regions and %d contributions, want 21 each", len(demo.Regions), len(demo.Contributions2022))
	}
	if sum != demo.ContributionsTotal2022 {
		t.Errorf("contributions sum to %d, want 5 209 316", sum)
	}
	if demo.OpeningBalance2022+sum != demo.Income2022 || demo.Income2022 != 6_730_316 {
		t.Errorf("income %d + %d != %d", demo.OpeningBalance2022, sum, demo.Income2022)
	}
	if c := demo.CostPersonnel2022 + demo.CostOther2022 + demo.CostOtherServices2022; c != demo.Costs2022 {
		t.Errorf("costs sum to %d, want %d", c, demo.Costs2022)
	}
	if demo.Income2022-demo.Costs2022 != demo.ClosingBalance2022 {
		t.Errorf("closing balance %d != %d − %d", demo.ClosingBalance2022, demo.Income2022, demo.Costs2022)
	}
	if got := demo.Population2022("10"); got != 158_974 {
		t.Errorf("Blekinge population %d, want 158 974", got)
	}
	if got := demo.Population2022("01"); got != 2_412_000 {
		t.Errorf("Stockholm population %d, want 2 412 000", got)
	}

	suppliers := map[string]bool{}
	for _, s := range demo.Suppliers {
		if suppliers[s.Name] {
			t.Errorf("supplier %q listed twice", s.Name)
		}
		suppliers[s.Name] = true
	}
	if len(demo.OfficeAuditsStarted2022) != 16 || len(demo.AuditsClosed2022) != 12 {
		t.Errorf("%d audits started, %d closed; want 16 and 12", len(demo.OfficeAuditsStarted2022), len(demo.AuditsClosed2022))
	}
	named := map[string]bool{}
	for _, n := range append(slices.Clone(demo.OfficeAuditsStarted2022), demo.AuditsClosed2022...) {
		named[n] = true
		if !suppliers[n] {
			t.Errorf("audited supplier %q is not in Suppliers", n)
		}
	}
	if len(named) != 27 || len(demo.Suppliers) != 27 {
		t.Errorf("%d suppliers named in the audit lists, %d in Suppliers; want 27", len(named), len(demo.Suppliers))
	}
	if !named[demo.ClosedWithOpenDeviations2022] {
		t.Errorf("%q is not among the suppliers", demo.ClosedWithOpenDeviations2022)
	}

	// The invented suppliers answered the self-assessments the report does
	// not attribute: 39 reviewed, of which the 14 audited in 2022 after a
	// deficient answer that year are named (KiiltoClean and Viroderm
	// answered in 2021).
	for _, s := range demo.InventedSuppliers {
		if suppliers[s.Name] {
			t.Errorf("invented supplier %q is also a named one", s.Name)
		}
		if !strings.Contains(s.Name, "Exempel") {
			t.Errorf("invented supplier %q does not say it is invented", s.Name)
		}
		suppliers[s.Name] = true
	}
	if n := len(demo.InventedSuppliers); n != demo.SelfAssessmentsReviewed2022-(16-2) {
		t.Errorf("%d invented suppliers, want 25", n)
	}
	codes := map[string]bool{}
	for _, r := range demo.Requirements {
		if codes[r.Code] || r.Code == "" || r.NameSV == "" || r.NameEN == "" {
			t.Errorf("requirement %+v: duplicate or incomplete", r)
		}
		codes[r.Code] = true
	}
}

func TestLoad(t *testing.T) {
	db := sqldbtest.Open(t)
	res := load(t, db)
	if res.Created == 0 {
		t.Fatal("first Load created nothing")
	}
	if len(res.Users) != 8 {
		t.Errorf("Result.Users = %v, want the 8 demo e-mails", res.Users)
	}

	// Regions, with county codes and the implied population.
	regions, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
	if err != nil {
		t.Fatal(err)
	}
	if len(regions) != 21 {
		t.Fatalf("%d regions, want 21", len(regions))
	}
	pops, err := db.Populations(ctx, 2022)
	if err != nil {
		t.Fatal(err)
	}
	var people int64
	for i, r := range regions {
		want := demo.Regions[i]
		if r.CountyCode != want.CountyCode || r.Name != want.Name {
			t.Errorf("region %d = %s %q, want %s %q", i, r.CountyCode, r.Name, want.CountyCode, want.Name)
		}
		people += pops[r.ID]
	}
	if len(pops) != 21 {
		t.Errorf("%d populations for 2022, want 21", len(pops))
	}
	// 0.50 SEK per inhabitant, in öre to stay exact.
	if sek := people * demo.RateOre2022 / 100; sek != 5_209_316 || people*demo.RateOre2022%100 != 0 {
		t.Errorf("populations × 0.50 = %d SEK (%d inhabitants), want 5 209 316", sek, people)
	}
	if sek := people*demo.RateOre2022/100 + demo.OpeningBalance2022; sek != 6_730_316 {
		t.Errorf("income = %d, want 6 730 316", sek)
	}
	if y, err := db.LatestPopulationYear(ctx); err != nil || y != 2022 {
		t.Errorf("LatestPopulationYear = %d, %v; want 2022", y, err)
	}

	// Other organisations.
	for _, c := range []struct {
		kind tillit.OrgKind
		n    int
	}{{tillit.OrgNationalOffice, 1}, {tillit.OrgPartner, 3}, {tillit.OrgAuditFirm, 1}, {tillit.OrgSupplier, 27 + 25 + demo.SubSupplierCompanies}} {
		orgs, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: c.kind})
		if err != nil {
			t.Fatal(err)
		}
		if len(orgs) != c.n {
			t.Errorf("%d organisations of kind %s, want %d", len(orgs), c.kind, c.n)
		}
		for _, o := range orgs {
			if o.OrgNumber != "" {
				t.Errorf("%s has organisation number %q; the demo invents none", o.Name, o.OrgNumber)
			}
		}
	}
	for name, country := range map[string]string{"Kanwar Group": "PK", "Vingmed A/S": "DK", "MIP Pharma GmbH": "DE", "Stryker AB": "SE"} {
		orgs, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgSupplier, Name: name})
		if err != nil || len(orgs) != 1 || orgs[0].Country != country {
			t.Errorf("supplier %s: %+v, %v; want one in %s", name, orgs, err, country)
		}
	}

	// Categories and who is responsible for them.
	cats, err := db.FindCategories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cats) != 8 {
		t.Fatalf("%d categories, want 8", len(cats))
	}
	june := time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC)
	byCode := map[string]*tillit.Category{}
	for _, c := range cats {
		byCode[c.Code] = &c
	}
	for _, dc := range demo.Categories {
		c, ok := byCode[dc.Code]
		if !ok {
			t.Errorf("category %s missing", dc.Code)
			continue
		}
		var got, want []string
		for _, r := range c.ResponsibleOn(june) {
			got = append(got, r.RegionName)
		}
		for _, cc := range dc.Responsible {
			want = append(want, demo.RegionName(cc))
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s responsible on 2022-06-01: %v, want %v", dc.Code, got, want)
		}
		if on := c.ResponsibleOn(time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC)); len(on) != 0 {
			t.Errorf("%s has responsible regions before 2022: %v", dc.Code, on)
		}
	}
	var surgical []string
	for _, r := range byCode[demo.CategorySurgicalInstruments].ResponsibleOn(june) {
		surgical = append(surgical, r.RegionName)
	}
	slices.Sort(surgical)
	if want := []string{"Region Jämtland Härjedalen", "Region Norrbotten", "Region Västerbotten", "Region Västernorrland"}; !slices.Equal(surgical, want) {
		t.Errorf("surgical instruments responsible on 2022-06-01: %v, want %v", surgical, want)
	}
	if n := len(byCode[demo.CategoryWoundCareDental].ResponsibleOn(june)); n != 4 {
		t.Errorf("wound care has %d responsible regions, want 4 (Varuförsörjningen as Västra Götaland)", n)
	}

	// One user per role, who can sign in with the demo password.
	for _, a := range demo.Accounts {
		u, hash, err := db.UserPasswordHash(ctx, a.Email)
		if err != nil {
			t.Errorf("%s: %v", a.Email, err)
			continue
		}
		if len(u.Memberships) != 1 || u.Memberships[0].Role != demo.Users[a.Email] || u.Memberships[0].OrgName != a.OrgName {
			t.Errorf("%s memberships %+v, want %s at %s", a.Email, u.Memberships, demo.Users[a.Email], a.OrgName)
		}
		if u.Lang != tillit.Swedish {
			t.Errorf("%s lang %q, want sv", a.Email, u.Lang)
		}
		if err := password.Verify(testPassword, hash); err != nil {
			t.Errorf("%s: password does not verify: %v", a.Email, err)
		}
	}
	roles := map[tillit.Role]bool{}
	for _, r := range demo.Users {
		roles[r] = true
	}
	for _, r := range tillit.Roles {
		if !roles[r] {
			t.Errorf("no demo user with role %s", r)
		}
	}

	// Everything is in the audit trail: records as the demo loader,
	// follow-up events as whoever made them.
	events := auditTrail(t, db)
	if res.Events == 0 {
		t.Error("no follow-up events")
	}
	if len(events) != res.Created+res.Events {
		t.Errorf("%d audit events for %d records created and %d follow-up events", len(events), res.Created, res.Events)
	}
	for _, e := range events {
		if e.Entity != "followup" && e.ActorLabel != "system: demo" {
			t.Errorf("event %d (%s) by %q, want the demo loader", e.ID, e.Action, e.ActorLabel)
			break
		}
	}

	// A second run creates nothing and leaves the passwords alone.
	_, before, _ := db.UserPasswordHash(ctx, "admin@example.org")
	res2, err := demo.Load(ctx, db, demo.Options{Password: "another-password-entirely", Hash: password.Fast})
	if err != nil {
		t.Fatalf("second Load: %v", err)
	}
	if res2.Created != 0 || res2.Events != 0 {
		t.Errorf("second Load created %d records and %d events, want 0", res2.Created, res2.Events)
	}
	if _, after, _ := db.UserPasswordHash(ctx, "admin@example.org"); after != before {
		t.Error("second Load changed the admin's password")
	}
	if events2 := auditTrail(t, db); len(events2) != len(events) {
		t.Errorf("second Load wrote %d audit events", len(events2)-len(events))
	}

	v, err := db.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v.BrokenID != 0 || v.Checked != int64(res.Created+res.Events) {
		t.Errorf("VerifyAudit: %+v, want %d events intact", v, res.Created+res.Events)
	}
}

// Load fills in what is missing around what an operator already entered,
// and does not touch it.
func TestLoadCompletesPartialData(t *testing.T) {
	db := sqldbtest.Open(t)
	sys := tillit.SystemActor("test")
	// Norrbotten under another name, with its own population figure.
	nb := tillit.Organisation{Kind: tillit.OrgRegion, Name: "Norrbottens region", CountyCode: "25", Country: "SE"}
	if err := db.CreateOrganisation(ctx, sys, &nb); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPopulation(ctx, sys, tillit.RegionPopulation{RegionID: nb.ID, Year: 2022, Population: 250_000}); err != nil {
		t.Fatal(err)
	}
	skane := tillit.Organisation{Kind: tillit.OrgRegion, Name: "Region Skåne", CountyCode: "12", Country: "SE"}
	if err := db.CreateOrganisation(ctx, sys, &skane); err != nil {
		t.Fatal(err)
	}
	staff := tillit.User{Email: "Staff@Example.org", Name: "Redan Här", Memberships: []tillit.Membership{{OrgID: skane.ID, Role: tillit.RoleStaff}}}
	if err := db.CreateUser(ctx, sys, &staff, ""); err != nil {
		t.Fatal(err)
	}

	res := load(t, db)
	regions, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
	if err != nil {
		t.Fatal(err)
	}
	if len(regions) != 21 {
		t.Errorf("%d regions, want 21", len(regions))
	}
	pops, _ := db.Populations(ctx, 2022)
	if pops[nb.ID] != 250_000 {
		t.Errorf("Norrbotten's own population was replaced by %d", pops[nb.ID])
	}
	u, err := db.FindUserByEmail(ctx, "coordinator@example.org")
	if err != nil || u.Memberships[0].OrgID != nb.ID {
		t.Errorf("coordinator: %+v, %v; want a member of the existing Norrbotten", u, err)
	}
	if u, _, err := db.UserPasswordHash(ctx, "staff@example.org"); err != nil || u.Name != "Redan Här" {
		t.Errorf("existing staff user: %+v, %v", u, err)
	}
	// 2 regions, 1 population and 1 user existed; the supply chain is
	// all new.
	if want := 1 + 21 + 3 + 1 + 27 - 2 + 21 - 1 + 8 + 8 - 1 + 2 + 2*demo.RiskAnalysesApproved2022 + demo.Trainings2022 + demo.QuestionnaireRecords + demo.IncidentRecords + demo.InquiryRecords + demo.SiteRecords() + demo.CategoryRecords + demo.RequirementRecords() + demo.SupplyChainRecords + supplyChain(t, db); res.Created != want {
		t.Errorf("created %d, want %d", res.Created, want)
	}
	if v, err := db.VerifyAudit(ctx); err != nil || v.BrokenID != 0 {
		t.Errorf("VerifyAudit: %+v, %v", v, err)
	}
}

func TestLoadNeedsAGoodPassword(t *testing.T) {
	db := sqldbtest.Open(t)
	_, err := demo.Load(ctx, db, demo.Options{Password: "short", Hash: password.Fast})
	if tillit.ErrorCode(err) != tillit.EINVALID {
		t.Fatalf("Load with a short password: %v, want EINVALID", err)
	}
	// The organisations are in; a second run with a proper password adds
	// the users, and then the supply chain and the follow-ups.
	res := load(t, db)
	if want := 8 + 2 + 2*demo.RiskAnalysesApproved2022 + demo.Trainings2022 + demo.QuestionnaireRecords + demo.IncidentRecords + demo.InquiryRecords + demo.SiteRecords() + demo.CategoryRecords + demo.RequirementRecords() + demo.SupplyChainRecords + supplyChain(t, db); res.Created != want || res.Events == 0 {
		t.Errorf("created %d records and %d events, want %d: the 8 users, the supply chain, the 2 finance years and the risk analyses, and events", res.Created, res.Events, want)
	}
}

// supplyChain counts the records the demo creates with the follow-ups:
// the invented suppliers, two supplier profiles, contracts and sites.
func supplyChain(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	contracts, err := db.FindContracts(ctx, tillit.Scope{All: true}, sqldb.ContractFilter{})
	if err != nil {
		t.Fatal(err)
	}
	sites := 0
	suppliers, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgSupplier})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range suppliers {
		ss, err := db.FindSites(ctx, tillit.Scope{All: true}, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		sites += len(ss)
	}
	const profiles = 2
	return len(demo.InventedSuppliers) + profiles + len(contracts) + sites
}

// Two instances starting at once against one database both succeed.
func TestLoadConcurrently(t *testing.T) {
	db := sqldbtest.Open(t)
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := demo.Load(ctx, db, demo.Options{Password: testPassword, Hash: password.Fast})
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Load: %v", err)
		}
	}
	if res := load(t, db); res.Created != 0 {
		t.Errorf("Load after the concurrent ones created %d", res.Created)
	}
	orgs, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{})
	if err != nil || len(orgs) != 53+25+demo.SubSupplierCompanies {
		t.Errorf("%d organisations, %v; want 78", len(orgs), err)
	}
	// Exactly one of them loaded the year.
	rows, err := db.FindFollowUps(ctx, tillit.Scope{All: true}, sqldb.FollowUpFilter{Limit: 1000})
	if err != nil || len(rows) != demoFollowUps {
		t.Errorf("%d follow-ups, %v; want %d", len(rows), err, demoFollowUps)
	}
	if v, err := db.VerifyAudit(ctx); err != nil || v.BrokenID != 0 {
		t.Errorf("VerifyAudit: %+v, %v", v, err)
	}
}
