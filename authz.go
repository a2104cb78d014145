package tillit

// Role is what a membership lets a person do.
type Role string

const (
	RoleAdmin       Role = "admin"       // national office administrator
	RoleOfficer     Role = "officer"     // national office staff
	RoleCoordinator Role = "coordinator" // a region's coordinator
	RoleStaff       Role = "staff"       // region staff
	RoleAuditor     Role = "auditor"     // performs audits assigned to them
	RoleSupplier    Role = "supplier"    // a supplier company's staff
	RoleEditor      Role = "editor"      // public site content
)

// Roles lists every role, in the order forms show them.
var Roles = []Role{RoleAdmin, RoleOfficer, RoleCoordinator, RoleStaff, RoleAuditor, RoleSupplier, RoleEditor}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// FitsOrg reports whether a role can be held in that kind of organisation: admins and
// officers work at the national office, coordinators and staff in a region,
// suppliers at a supplier; auditors at an audit firm, a region or the
// office; editors at the office.
func (r Role) FitsOrg(k OrgKind) bool {
	switch r {
	case RoleAdmin, RoleOfficer, RoleEditor:
		return k == OrgNationalOffice
	case RoleCoordinator, RoleStaff:
		return k == OrgRegion
	case RoleSupplier:
		return k == OrgSupplier
	case RoleAuditor:
		return k == OrgAuditFirm || k == OrgRegion || k == OrgNationalOffice || k == OrgPartner
	}
	return false
}

// Action is something an actor may or may not do. Every route names one.
type Action string

const (
	// ActPublic marks routes anyone may use, signed in or not. It is the
	// only action Can grants to an anonymous actor.
	ActPublic Action = "public"

	ActViewHome          Action = "home.view"
	ActManageOwnAccount  Action = "account.manage" // own password, language, API tokens
	ActViewRegions       Action = "regions.view"
	ActViewCategories    Action = "categories.view"
	ActViewOrganisations Action = "organisations.view"
	ActViewUsers         Action = "users.view"
	ActManageUsers       Action = "users.manage"
	ActViewAuditTrail    Action = "audit.view"
)

// Resource describes what an action is about when the answer depends on
// more than the role; the zero value means "the kind of thing in general".
type Resource struct {
	OrgID int64 // the organisation the thing belongs to
}

// internal reports whether the actor works inside the collaboration (office,
// regions, auditors) as opposed to a supplier or the public.
func (a Actor) internal() bool {
	for _, m := range a.Memberships {
		switch m.Role {
		case RoleAdmin, RoleOfficer, RoleCoordinator, RoleStaff, RoleAuditor, RoleEditor:
			return true
		}
	}
	return false
}

// Can is the whole authorisation policy. It is pure: routes call it before
// the handler runs and handlers call it again with the resource they loaded.
// Anything not granted here is denied.
func Can(a Actor, act Action, res Resource) bool {
	if act == ActPublic {
		return true
	}
	if a.System {
		return true
	}
	if a.UserID == 0 || len(a.Memberships) == 0 {
		return false
	}
	switch act {
	case ActViewHome, ActManageOwnAccount, ActViewRegions, ActViewCategories:
		return true
	case ActViewOrganisations:
		return a.internal()
	case ActViewUsers, ActViewAuditTrail:
		return a.HasRole(RoleAdmin) || a.HasRole(RoleOfficer)
	case ActManageUsers:
		return a.HasRole(RoleAdmin)
	}
	return false
}
