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
	ActManageCategories  Action = "categories.manage" // scope versions and product groups over time
	ActViewOrganisations Action = "organisations.view"
	ActViewUsers         Action = "users.view"
	ActManageUsers       Action = "users.manage"
	ActViewAuditTrail    Action = "audit.view"

	// Follow-ups and the registers around them.
	ActViewFollowUps       Action = "followups.view"   // lists and pages, within the actor's scope
	ActOpenFollowUp        Action = "followup.open"    // Resource.ResponsibleRegionIDs: the category's responsible regions
	ActChangeFollowUp      Action = "followup.change"  // Resource.ResponsibleRegionIDs of the follow-up
	ActEditAudit           Action = "audit.edit"       // Resource.ResponsibleRegionIDs and Resource.AuditorUserID
	ActRespondAsSupplier   Action = "supplier.respond" // action plans and evidence; Resource.SupplierID
	ActViewSuppliers       Action = "suppliers.view"   // within scope
	ActManageSuppliers     Action = "suppliers.manage" // supplier profiles
	ActManageContracts     Action = "contracts.manage" // Resource.RegionID: the contract's region
	ActManageSites         Action = "sites.manage"     // Resource.SupplierID: the site's owner
	ActViewInbox           Action = "inbox.view"
	ActViewFinances        Action = "finances.view"   // the collaboration's shared finances
	ActManageFinances      Action = "finances.manage" // rates, balances, costs
	ActViewReports         Action = "reports.view"    // the annual activity report and its figures
	ActEditReport          Action = "reports.edit"    // the report's narrative texts
	ActViewRiskAnalyses    Action = "risk.view"       // risk analyses of every category
	ActEditRiskAnalysis    Action = "risk.edit"       // Resource.ResponsibleRegionIDs: the category's responsible regions
	ActApproveRiskAnalysis Action = "risk.approve"    // as ActEditRiskAnalysis
	ActViewTraining        Action = "training.view"   // the training register
	ActManageTraining      Action = "training.manage" // record, change and delete trainings

	// Incidents (alerts about supply chains) and consultations (remisser).
	ActViewIncidents       Action = "incidents.view"       // incidents and their exposure
	ActManageIncidents     Action = "incidents.manage"     // register, edit and assess incidents
	ActViewConsultations   Action = "consultations.view"   // consultations and their answers
	ActManageConsultations Action = "consultations.manage" // record and change consultations

	// Inquiries: questions sent to a set of suppliers, answered in the portal.
	ActViewInquiries   Action = "inquiries.view"   // inquiries and their answers
	ActManageInquiries Action = "inquiries.manage" // write, send and close inquiries
	ActAnswerInquiry   Action = "inquiry.answer"   // Resource.SupplierID: the request's supplier

	// The public site (issue 8).
	ActManageSite     Action = "site.manage"     // news, authors, calendar, pages, files, newsletter, result texts
	ActApproveResults Action = "results.approve" // Resource.ResponsibleRegionIDs: the follow-up's responsible regions
	ActPublishReport  Action = "reports.publish" // put a year's annual report on the public site

	// Questionnaires (issue 5): templates, campaigns and reviewing the
	// answers are the national office's; suppliers answer through the
	// portal under ActRespondAsSupplier.
	ActManageQuestionnaires Action = "questionnaires.manage"
	// ActViewQuestionnaireAnswers reads the requests and the suppliers'
	// answers: every result is shared with every region.
	ActViewQuestionnaireAnswers Action = "questionnaires.answers.view"

	// The requirements library (issue 7).
	ActViewRequirements   Action = "requirements.view"   // the library and its published versions
	ActManageRequirements Action = "requirements.manage" // add requirements, write and publish versions, see drafts

	// Country risk and the supply-chain map (issue 7). Changing a
	// supplier's chain (sub-supplier links, products) is ActManageSites,
	// as for its production sites.
	ActViewSupplyChain   Action = "supplychain.view"   // country risk, the supply-chain queries
	ActManageCountryRisk Action = "countryrisk.manage" // import country risk indices
	// ActLinkAnySite lets a chain's editor link an existing site by id and
	// add sites under a company that is itself a supplier in the register
	// (with contracts or its own users). A supplier's staff may not: that
	// would write into another supplier's data.
	ActLinkAnySite Action = "supplychain.link_any"
)

// Resource describes what an action is about when the answer depends on
// more than the role; the zero value means "the kind of thing in general".
type Resource struct {
	OrgID                int64   // the organisation the thing belongs to
	SupplierID           int64   // the supplier company it concerns
	RegionID             int64   // the region it belongs to (a contract)
	ResponsibleRegionIDs []int64 // regions responsible for its category
	AuditorUserID        int64   // the auditor assigned (an audit)
}

// Scope says which rows an actor may read; store queries filter by it in
// SQL. The zero Scope reads nothing.
type Scope struct {
	All           bool    // the office and the regions read everything shared
	SupplierIDs   []int64 // suppliers read their own companies only
	AuditorUserID int64   // auditors read follow-ups with an audit assigned to them
}

// ScopeOf returns what the actor may read of follow-ups and suppliers.
func ScopeOf(a Actor) Scope {
	var s Scope
	if a.System {
		s.All = true
		return s
	}
	for _, m := range a.Memberships {
		switch m.Role {
		case RoleAdmin, RoleOfficer, RoleCoordinator, RoleStaff:
			s.All = true
		case RoleSupplier:
			s.SupplierIDs = append(s.SupplierIDs, m.OrgID)
		case RoleAuditor:
			s.AuditorUserID = a.UserID
		}
	}
	return s
}

// Empty reports whether the scope reads nothing at all.
func (s Scope) Empty() bool { return !s.All && len(s.SupplierIDs) == 0 && s.AuditorUserID == 0 }

// inOffice reports whether the actor works at the national office as
// admin or officer, who may change any follow-up.
func (a Actor) inOffice() bool { return a.HasRole(RoleAdmin) || a.HasRole(RoleOfficer) }

// coordinatesAny reports whether the actor coordinates one of the regions.
func (a Actor) coordinatesAny(regionIDs []int64) bool {
	for _, m := range a.Memberships {
		if m.Role != RoleCoordinator {
			continue
		}
		for _, id := range regionIDs {
			if m.OrgID == id {
				return true
			}
		}
	}
	return false
}

// holds reports whether the actor has role r in organisation org.
func (a Actor) holds(r Role, org int64) bool {
	for _, m := range a.Memberships {
		if m.Role == r && m.OrgID == org {
			return true
		}
	}
	return false
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
	case ActManageCategories:
		// The national office keeps the shared register of categories;
		// the steering group decides, the office records it.
		return a.inOffice()
	case ActViewFollowUps, ActViewSuppliers:
		return !ScopeOf(a).Empty()
	case ActOpenFollowUp, ActChangeFollowUp, ActEditRiskAnalysis, ActApproveRiskAnalysis:
		// The route check (zero Resource) lets coordinators through; the
		// handler asks again with the follow-up's or category's responsible
		// regions, which own its follow-ups and its risk analysis.
		if a.inOffice() {
			return true
		}
		if res.ResponsibleRegionIDs == nil {
			return a.HasRole(RoleCoordinator)
		}
		return a.coordinatesAny(res.ResponsibleRegionIDs)
	case ActEditAudit:
		if a.inOffice() {
			return true
		}
		if res.ResponsibleRegionIDs == nil && res.AuditorUserID == 0 {
			return a.HasRole(RoleCoordinator) || a.HasRole(RoleAuditor)
		}
		return a.coordinatesAny(res.ResponsibleRegionIDs) || a.HasRole(RoleAuditor) && res.AuditorUserID == a.UserID
	case ActRespondAsSupplier:
		if res.SupplierID == 0 {
			return a.HasRole(RoleSupplier)
		}
		return a.holds(RoleSupplier, res.SupplierID)
	case ActManageSuppliers:
		return a.inOffice()
	case ActManageContracts:
		if a.inOffice() {
			return true
		}
		if res.RegionID == 0 {
			return a.HasRole(RoleStaff) || a.HasRole(RoleCoordinator)
		}
		return a.holds(RoleStaff, res.RegionID) || a.holds(RoleCoordinator, res.RegionID)
	case ActManageSites:
		if a.inOffice() {
			return true
		}
		if res.SupplierID == 0 {
			return a.HasRole(RoleSupplier)
		}
		return a.holds(RoleSupplier, res.SupplierID)
	case ActViewInbox:
		return a.internal()
	case ActViewFinances:
		// The regions pay for the collaboration, so their users see the
		// shared finances; suppliers, auditors and editors do not.
		return a.inOffice() || a.HasRole(RoleCoordinator) || a.HasRole(RoleStaff)
	case ActManageFinances:
		return a.inOffice()
	case ActViewRiskAnalyses:
		return a.inOffice() || a.HasRole(RoleCoordinator) || a.HasRole(RoleStaff)
	case ActViewReports:
		// The report is written for the regions that fund the work; until
		// it is published, suppliers, auditors and editors do not see it.
		return a.inOffice() || a.HasRole(RoleCoordinator) || a.HasRole(RoleStaff)
	case ActEditReport:
		return a.inOffice()
	case ActViewTraining:
		// The regions send people to the trainings and count them in their
		// own reports; suppliers, auditors and editors have no part in it.
		return a.inOffice() || a.HasRole(RoleCoordinator) || a.HasRole(RoleStaff)
	case ActManageTraining:
		return a.inOffice()
	case ActViewIncidents, ActManageIncidents:
		// Alerts reach the regions as often as the office: whoever reads
		// one registers it, and anyone who works with the follow-ups may
		// judge it. Opening follow-ups from one is ActOpenFollowUp's.
		return a.inOffice() || a.HasRole(RoleCoordinator) || a.HasRole(RoleStaff)
	case ActViewInquiries, ActManageInquiries:
		// As incidents: whoever may register and judge an alert may ask
		// the suppliers it reaches, and read what they answer.
		return a.inOffice() || a.HasRole(RoleCoordinator) || a.HasRole(RoleStaff)
	case ActAnswerInquiry:
		if res.SupplierID == 0 {
			return a.HasRole(RoleSupplier)
		}
		return a.holds(RoleSupplier, res.SupplierID)
	case ActViewConsultations:
		// The office answers consultations on the regions' behalf, and
		// the regions read what is answered.
		return a.inOffice() || a.HasRole(RoleCoordinator) || a.HasRole(RoleStaff)
	case ActManageConsultations:
		return a.inOffice()
	case ActManageSite:
		// The web editor alone writes the public site; office staff who
		// should do it are given the editor role as well.
		return a.HasRole(RoleEditor)
	case ActApproveResults:
		// A result is published on behalf of the regions responsible for
		// the follow-up, so one of their coordinators (or the office)
		// approves it; the route check lets any coordinator through.
		if a.inOffice() {
			return true
		}
		if res.ResponsibleRegionIDs == nil {
			return a.HasRole(RoleCoordinator)
		}
		return a.coordinatesAny(res.ResponsibleRegionIDs)
	case ActPublishReport:
		return a.inOffice()
	case ActViewSupplyChain:
		// The queries span every supplier's chain, so they are for the
		// office and the regions, who read every supplier anyway.
		return a.inOffice() || a.HasRole(RoleCoordinator) || a.HasRole(RoleStaff)
	case ActManageCountryRisk:
		// Indices are shared reference data that every region reads;
		// the office keeps them, as it keeps the supplier register.
		return a.inOffice()
	case ActLinkAnySite:
		return a.inOffice()
	case ActViewRequirements:
		// The requirements are in every contract: the regions set them,
		// auditors judge deviations against them and suppliers must
		// meet them, so everyone signed in reads the published texts.
		return true
	case ActManageRequirements:
		// The national office keeps the shared library, as it keeps the
		// questionnaires that follow it up.
		return a.inOffice()
	case ActManageQuestionnaires:
		// The national office writes the questionnaires, sends them and
		// reviews the answers, as it reviews self-assessments today.
		return a.inOffice()
	case ActViewQuestionnaireAnswers:
		// The regions read the answers the office reviews, as they read
		// every follow-up and its results.
		return a.inOffice() || a.HasRole(RoleCoordinator) || a.HasRole(RoleStaff)
	}
	return false
}
