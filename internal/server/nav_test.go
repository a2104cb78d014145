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

