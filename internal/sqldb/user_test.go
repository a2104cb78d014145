package sqldb_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

var policy = sqldb.SessionPolicy{Idle: 30 * time.Minute, Absolute: 8 * time.Hour}

func TestCreateUser(t *testing.T) {
	f := newFixture(t)
	db := f.db

	u := &tillit.User{Email: "  Anna.Andersson@Region.SE ", Name: "Anna Andersson",
		Memberships: []tillit.Membership{{OrgID: f.region.ID, Role: tillit.RoleCoordinator}}}
	mustOK(t, db.CreateUser(ctx, sys, u, "hash-anna"))
	if u.ID == 0 || u.Email != "anna.andersson@region.se" || u.Lang != tillit.Swedish || !u.CreatedAt.Equal(t0) {
		t.Fatalf("created user %+v", u)
	}

	got, err := db.FindUserByEmail(ctx, "ANNA.andersson@region.se")
	mustOK(t, err)
	if got.ID != u.ID || got.Email != "anna.andersson@region.se" || got.Name != "Anna Andersson" || got.Lang != tillit.Swedish ||
		got.Disabled || !got.CreatedAt.Equal(t0) {
		t.Fatalf("FindUserByEmail = %+v", got)
	}
	wantMemberships(t, got, tillit.Membership{OrgID: f.region.ID, OrgName: "Region Stockholm", OrgKind: tillit.OrgRegion, Role: tillit.RoleCoordinator})
	byID, err := db.FindUserByID(ctx, u.ID)
	mustOK(t, err)
	if byID.Email != got.Email || len(byID.Memberships) != 1 {
		t.Fatalf("FindUserByID = %+v", byID)
	}

	t.Run("duplicate e-mail", func(t *testing.T) {
		err := db.CreateUser(ctx, sys, &tillit.User{Email: "ANNA.ANDERSSON@region.se", Name: "Other Anna",
			Memberships: []tillit.Membership{{OrgID: f.region.ID, Role: tillit.RoleStaff}}}, "")
		wantCode(t, err, tillit.ECONFLICT)
		if _, ok := tillit.ErrorFields(err)["email"]; !ok {
			t.Errorf("fields = %v, want email", tillit.ErrorFields(err))
		}
	})
	t.Run("role does not fit organisation", func(t *testing.T) {
		for _, m := range []tillit.Membership{
			{OrgID: f.region.ID, Role: tillit.RoleSupplier},
			{OrgID: f.supplier.ID, Role: tillit.RoleStaff},
			{OrgID: f.region.ID, Role: tillit.RoleAdmin},
		} {
			err := db.CreateUser(ctx, sys, &tillit.User{Email: "new@x.se", Name: "New", Memberships: []tillit.Membership{m}}, "")
			wantFields(t, err, "role")
		}
	})
	t.Run("invalid", func(t *testing.T) {
		ok := []tillit.Membership{{OrgID: f.region.ID, Role: tillit.RoleStaff}}
		wantFields(t, db.CreateUser(ctx, sys, &tillit.User{Email: "not-an-address", Name: "N", Memberships: ok}, ""), "email")
		wantFields(t, db.CreateUser(ctx, sys, &tillit.User{Email: "n@x.se", Memberships: ok}, ""), "name")
		wantFields(t, db.CreateUser(ctx, sys, &tillit.User{Email: "n@x.se", Name: "N", Lang: "de", Memberships: ok}, ""), "lang")
		wantFields(t, db.CreateUser(ctx, sys, &tillit.User{Email: "n@x.se", Name: "N"}, ""), "role")
		wantFields(t, db.CreateUser(ctx, sys, &tillit.User{Email: "n@x.se", Name: "N",
			Memberships: []tillit.Membership{{OrgID: 999999, Role: tillit.RoleStaff}}}, ""), "org")
		// Two roles in one organisation.
		err := db.CreateUser(ctx, sys, &tillit.User{Email: "n@x.se", Name: "N", Memberships: []tillit.Membership{
			{OrgID: f.region.ID, Role: tillit.RoleStaff}, {OrgID: f.region.ID, Role: tillit.RoleCoordinator}}}, "")
		wantCode(t, err, tillit.EINVALID)
		if _, err := db.FindUserByEmail(ctx, "n@x.se"); tillit.ErrorCode(err) != tillit.ENOTFOUND {
			t.Fatalf("a rejected user was stored: %v", err)
		}
	})
	t.Run("several memberships", func(t *testing.T) {
		u := createUser(t, db, "auditor@office.se", "", tillit.Membership{OrgID: f.region.ID, Role: tillit.RoleAuditor},
			tillit.Membership{OrgID: f.office.ID, Role: tillit.RoleAuditor})
		got, err := db.FindUserByID(ctx, u.ID)
		mustOK(t, err)
		// Ordered by organisation name.
		wantMemberships(t, got,
			tillit.Membership{OrgID: f.office.ID, OrgName: "Nationella kansliet", OrgKind: tillit.OrgNationalOffice, Role: tillit.RoleAuditor},
			tillit.Membership{OrgID: f.region.ID, OrgName: "Region Stockholm", OrgKind: tillit.OrgRegion, Role: tillit.RoleAuditor})
	})
	t.Run("find users", func(t *testing.T) {
		users, err := db.FindUsers(ctx)
		mustOK(t, err)
		var emails []string
		for _, u := range users {
			emails = append(emails, u.Email)
			if len(u.Memberships) == 0 {
				t.Errorf("%s has no memberships", u.Email)
			}
		}
		want := []string{"anna.andersson@region.se", "auditor@office.se", "staff@sll.se"}
		if len(emails) != len(want) {
			t.Fatalf("FindUsers = %v, want %v", emails, want)
		}
		for i := range want {
			if emails[i] != want[i] {
				t.Fatalf("FindUsers = %v, want %v", emails, want)
			}
		}
	})
	t.Run("not found", func(t *testing.T) {
		_, err := db.FindUserByID(ctx, 999999)
		wantCode(t, err, tillit.ENOTFOUND)
		_, err = db.FindUserByEmail(ctx, "nobody@x.se")
		wantCode(t, err, tillit.ENOTFOUND)
	})
}

func wantMemberships(t *testing.T, u *tillit.User, want ...tillit.Membership) {
	t.Helper()
	if len(u.Memberships) != len(want) {
		t.Fatalf("memberships of %s = %+v, want %+v", u.Email, u.Memberships, want)
	}
	for i := range want {
		if u.Memberships[i] != want[i] {
			t.Fatalf("memberships of %s = %+v, want %+v", u.Email, u.Memberships, want)
		}
	}
}

func TestUserPasswordHash(t *testing.T) {
	f := newFixture(t)
	u, hash, err := f.db.UserPasswordHash(ctx, " Staff@SLL.se")
	mustOK(t, err)
	if u.ID != f.user.ID || hash != "hash-1" || len(u.Memberships) != 1 {
		t.Fatalf("UserPasswordHash = %+v, %q", u, hash)
	}
	_, _, err = f.db.UserPasswordHash(ctx, "nobody@sll.se")
	wantCode(t, err, tillit.ENOTFOUND)

	// A user created without a password has an empty hash.
	createUser(t, f.db, "invited@sll.se", "", tillit.Membership{OrgID: f.region.ID, Role: tillit.RoleStaff})
	_, hash, err = f.db.UserPasswordHash(ctx, "invited@sll.se")
	mustOK(t, err)
	if hash != "" {
		t.Fatalf("hash of invited user = %q, want empty", hash)
	}

	// Disabled users cannot sign in.
	d := &tillit.User{ID: f.user.ID, Name: f.user.Name, Disabled: true, Memberships: f.user.Memberships}
	mustOK(t, f.db.UpdateUser(ctx, sys, d))
	_, _, err = f.db.UserPasswordHash(ctx, "staff@sll.se")
	wantCode(t, err, tillit.ENOTFOUND)
	got, err := f.db.FindUserByID(ctx, f.user.ID)
	mustOK(t, err)
	if !got.Disabled {
		t.Fatal("user not disabled")
	}
}

func TestUpdateUser(t *testing.T) {
	f := newFixture(t)
	db := f.db
	s1, err := db.CreateSession(ctx, f.user.ID, "192.0.2.1", "browser one")
	mustOK(t, err)
	s2, err := db.CreateSession(ctx, f.user.ID, "192.0.2.2", "browser two")
	mustOK(t, err)

	// New name, language and memberships; the e-mail address cannot change.
	u := &tillit.User{ID: f.user.ID, Email: "hijack@evil.example", Name: "Stina Staff", Lang: tillit.English, Memberships: []tillit.Membership{
		{OrgID: f.region.ID, Role: tillit.RoleCoordinator},
		{OrgID: f.office.ID, Role: tillit.RoleAuditor},
	}}
	mustOK(t, db.UpdateUser(ctx, sys, u))
	got, err := db.FindUserByID(ctx, f.user.ID)
	mustOK(t, err)
	if got.Name != "Stina Staff" || got.Lang != tillit.English || got.Email != "staff@sll.se" || got.Disabled || !got.CreatedAt.Equal(t0) {
		t.Fatalf("after update: %+v", got)
	}
	wantMemberships(t, got,
		tillit.Membership{OrgID: f.office.ID, OrgName: "Nationella kansliet", OrgKind: tillit.OrgNationalOffice, Role: tillit.RoleAuditor},
		tillit.Membership{OrgID: f.region.ID, OrgName: "Region Stockholm", OrgKind: tillit.OrgRegion, Role: tillit.RoleCoordinator})
	// An update that does not disable keeps the sessions.
	for _, s := range []string{s1, s2} {
		su, err := db.SessionUser(ctx, s, policy)
		mustOK(t, err)
		if su.Name != "Stina Staff" || len(su.Memberships) != 2 {
			t.Fatalf("session user after update: %+v", su)
		}
	}

	// A role that does not fit is refused and nothing changes.
	bad := &tillit.User{ID: f.user.ID, Name: "Changed", Memberships: []tillit.Membership{{OrgID: f.supplier.ID, Role: tillit.RoleCoordinator}}}
	wantFields(t, db.UpdateUser(ctx, sys, bad), "role")
	got, err = db.FindUserByID(ctx, f.user.ID)
	mustOK(t, err)
	if got.Name != "Stina Staff" || len(got.Memberships) != 2 {
		t.Fatalf("failed update changed the user: %+v", got)
	}
	wantCode(t, db.UpdateUser(ctx, sys, &tillit.User{ID: 999999, Name: "X", Memberships: u.Memberships}), tillit.ENOTFOUND)

	// Disabling ends every session; enabling again does not bring them back.
	u.Disabled = true
	mustOK(t, db.UpdateUser(ctx, sys, u))
	_, err = db.SessionUser(ctx, s1, policy)
	wantCode(t, err, tillit.EUNAUTHORIZED)
	u.Disabled = false
	mustOK(t, db.UpdateUser(ctx, sys, u))
	for _, s := range []string{s1, s2} {
		_, err := db.SessionUser(ctx, s, policy)
		wantCode(t, err, tillit.EUNAUTHORIZED)
	}

	// The trail has the change, with before and after.
	ev, err := db.FindAuditEvents(ctx, sqldb.AuditFilter{Entity: "user", EntityID: f.user.ID})
	mustOK(t, err)
	if len(ev) == 0 || ev[0].Action != "user.update" || ev[0].Before == "" || ev[0].After == "" {
		t.Fatalf("newest audit event of the user: %+v", ev)
	}
}

func TestSetUserLang(t *testing.T) {
	f := newFixture(t)
	mustOK(t, f.db.SetUserLang(ctx, sys, f.user.ID, tillit.English))
	got, err := f.db.FindUserByID(ctx, f.user.ID)
	mustOK(t, err)
	if got.Lang != tillit.English {
		t.Fatalf("lang = %s", got.Lang)
	}
	wantCode(t, f.db.SetUserLang(ctx, sys, f.user.ID, "fi"), tillit.EINVALID)
	wantCode(t, f.db.SetUserLang(ctx, sys, 999999, tillit.English), tillit.ENOTFOUND)
}

func TestSetPassword(t *testing.T) {
	f := newFixture(t)
	db := f.db
	other := createUser(t, db, "other@sll.se", "other-hash", tillit.Membership{OrgID: f.region.ID, Role: tillit.RoleStaff})
	var mine []string
	for range 3 {
		s, err := db.CreateSession(ctx, f.user.ID, "192.0.2.1", "ua")
		mustOK(t, err)
		mine = append(mine, s)
	}
	theirs, err := db.CreateSession(ctx, other.ID, "192.0.2.9", "ua")
	mustOK(t, err)

	mustOK(t, db.SetPassword(ctx, tillit.ActorOf(f.user), f.user.ID, "hash-2", mine[1]))
	_, hash, err := db.UserPasswordHash(ctx, "staff@sll.se")
	mustOK(t, err)
	if hash != "hash-2" {
		t.Fatalf("hash = %q, want hash-2", hash)
	}
	for i, s := range mine {
		_, err := db.SessionUser(ctx, s, policy)
		if i == 1 {
			wantCode(t, err, "")
		} else {
			wantCode(t, err, tillit.EUNAUTHORIZED)
		}
	}
	_, err = db.SessionUser(ctx, theirs, policy)
	wantCode(t, err, "") // another user's session is untouched

	// Without a session to keep, every session ends.
	mustOK(t, db.SetPassword(ctx, sys, f.user.ID, "hash-3", ""))
	_, err = db.SessionUser(ctx, mine[1], policy)
	wantCode(t, err, tillit.EUNAUTHORIZED)

	wantCode(t, db.SetPassword(ctx, sys, 999999, "x", ""), tillit.ENOTFOUND)

	// The trail never holds a password hash.
	ev, err := db.FindAuditEvents(ctx, sqldb.AuditFilter{Limit: 500})
	mustOK(t, err)
	for _, e := range ev {
		for _, h := range []string{"hash-1", "hash-2", "hash-3", "other-hash"} {
			if strings.Contains(e.Before, h) || strings.Contains(e.After, h) {
				t.Errorf("audit event %d (%s) contains password hash %q", e.ID, e.Action, h)
			}
		}
	}
}

// Two administrators saving the same user at once: the last save wins
// whole, never a mix of both sets of memberships.
func TestUpdateUserConcurrent(t *testing.T) {
	f := newFixture(t)
	const n = 8
	firms := make([]*tillit.Organisation, n)
	for i := range firms {
		firms[i] = createOrg(t, f.db, tillit.OrgAuditFirm, fmt.Sprintf("Audit firm %d", i), "")
	}
	for round := range 4 {
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				u := &tillit.User{ID: f.user.ID, Name: fmt.Sprintf("Name %d", i),
					Memberships: []tillit.Membership{{OrgID: firms[i].ID, Role: tillit.RoleAuditor}}}
				errs[i] = f.db.UpdateUser(ctx, sys, u)
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d: UpdateUser %d: %v", round, i, err)
			}
		}
		got, err := f.db.FindUserByID(ctx, f.user.ID)
		mustOK(t, err)
		if len(got.Memberships) != 1 || got.Name != fmt.Sprintf("Name %d", got.Memberships[0].OrgID-firms[0].ID) {
			t.Fatalf("round %d: user is %q with memberships %+v, want one save's name and membership", round, got.Name, got.Memberships)
		}
	}
}
