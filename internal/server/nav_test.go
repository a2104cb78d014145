package server

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tillit-project/tillit"
)

// TestInboxUnreadInNav: the menu says how many notices are unread, on
// every page, until they are marked read.
func TestInboxUnreadInNav(t *testing.T) {
	f := newFixture(t)
	coord := f.client().signIn(tillit.RoleCoordinator)
	n, err := f.db.UnreadNotifications(t.Context(), f.users[tillit.RoleCoordinator].ID)
	if err != nil || n == 0 {
		t.Fatalf("the fixture should leave unread notices for the coordinator: %d, %v", n, err)
	}
	want := "Inkorg (" + strconv.Itoa(n) + " olästa)"
	if res := coord.get("/regions"); !strings.Contains(res.Body, want) {
		t.Fatalf("menu lacks %q", want)
	}
	coord.post("/inbox/read", url.Values{})
	if res := coord.get("/regions"); strings.Contains(res.Body, "olästa") {
		t.Fatal("the menu still counts unread notices after marking them read")
	}
	if res := f.client().signIn(tillit.RoleSupplier).get("/"); strings.Contains(res.Body, "/inbox") {
		t.Fatal("a supplier has no inbox link")
	}
}

// TestPlanAuditAuditorMustWorkForTheOrganisation: the page refuses an
// auditor who does not work for the organisation performing the audit.
func TestPlanAuditAuditorMustWorkForTheOrganisation(t *testing.T) {
	f := newFixture(t)
	coord := f.client().signIn(tillit.RoleCoordinator)
	path := "/followups/" + strconv.FormatInt(f.followUpB.ID, 10) + "/audits"
	form := url.Values{"kind": {"office"}, "planned_for": {"2026-04-01"},
		"auditor_org_id":  {strconv.FormatInt(f.orgs["Region Norrbotten"].ID, 10)},
		"auditor_user_id": {strconv.FormatInt(f.users[tillit.RoleAuditor].ID, 10)}}
	res := coord.post(path, form)
	if res.StatusCode != 400 || !strings.Contains(res.Body, "Välj en revisor som arbetar för organisationen som utför revisionen.") {
		t.Fatalf("status %d; the body lacks the sentence", res.StatusCode)
	}
	form.Set("auditor_org_id", strconv.FormatInt(f.orgs["Revisionsbyrån"].ID, 10))
	if res := coord.post(path, form); res.StatusCode != 303 {
		t.Fatalf("with the auditor's own firm: status %d\n%s", res.StatusCode, res.Body)
	}
}
