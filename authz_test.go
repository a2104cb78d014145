package tillit

import "testing"

func TestCan(t *testing.T) {
	actor := func(roles ...Role) Actor {
		a := Actor{UserID: 1}
		for i, r := range roles {
			a.Memberships = append(a.Memberships, Membership{OrgID: int64(i + 1), Role: r})
		}
		return a
	}
	tests := []struct {
		name  string
		actor Actor
		act   Action
		want  bool
	}{
		{"anonymous may use public routes", Actor{}, ActPublic, true},
		{"anonymous may not see the home page", Actor{}, ActViewHome, false},
		{"a user without memberships is denied", Actor{UserID: 9}, ActViewHome, false},
		{"supplier sees home", actor(RoleSupplier), ActViewHome, true},
		{"supplier may not list organisations", actor(RoleSupplier), ActViewOrganisations, false},
		{"staff may list organisations", actor(RoleStaff), ActViewOrganisations, true},
		{"officer sees users", actor(RoleOfficer), ActViewUsers, true},
		{"officer may not manage users", actor(RoleOfficer), ActManageUsers, false},
		{"admin manages users", actor(RoleAdmin), ActManageUsers, true},
		{"coordinator may not see the audit trail", actor(RoleCoordinator), ActViewAuditTrail, false},
		{"editor may not see users", actor(RoleEditor), ActViewUsers, false},
		{"a second membership adds rights", actor(RoleStaff, RoleAdmin), ActManageUsers, true},
		{"system actor may do anything", SystemActor("job"), ActManageUsers, true},
		{"unknown action is denied", actor(RoleAdmin), Action("no.such.action"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Can(tt.actor, tt.act, Resource{}); got != tt.want {
				t.Errorf("Can(%v, %s) = %v, want %v", tt.actor.Memberships, tt.act, got, tt.want)
			}
		})
	}
}

func TestRoleFitsOrg(t *testing.T) {
	for _, tt := range []struct {
		r    Role
		k    OrgKind
		want bool
	}{
		{RoleAdmin, OrgNationalOffice, true}, {RoleAdmin, OrgRegion, false},
		{RoleCoordinator, OrgRegion, true}, {RoleCoordinator, OrgSupplier, false},
		{RoleSupplier, OrgSupplier, true}, {RoleSupplier, OrgRegion, false},
		{RoleAuditor, OrgAuditFirm, true}, {RoleEditor, OrgRegion, false},
	} {
		if got := tt.r.FitsOrg(tt.k); got != tt.want {
			t.Errorf("%s.FitsOrg(%s) = %v, want %v", tt.r, tt.k, got, tt.want)
		}
	}
}
