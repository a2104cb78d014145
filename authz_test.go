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

func TestCanWithResource(t *testing.T) {
	const norrbotten, skane, supplierA, supplierB = 25, 12, 501, 502
	member := func(id int64, r Role, org int64) Actor {
		return Actor{UserID: id, Memberships: []Membership{{OrgID: org, Role: r}}}
	}
	coord := member(1, RoleCoordinator, norrbotten)
	staff := member(2, RoleStaff, skane)
	officer := member(3, RoleOfficer, 1)
	auditor := member(4, RoleAuditor, 700)
	supA := member(5, RoleSupplier, supplierA)
	editor := member(6, RoleEditor, 1)
	respNorr := Resource{ResponsibleRegionIDs: []int64{norrbotten, 24}}
	respSkane := Resource{ResponsibleRegionIDs: []int64{skane}}
	tests := []struct {
		name string
		a    Actor
		act  Action
		res  Resource
		want bool
	}{
		{"coordinator changes a follow-up of their region's category", coord, ActChangeFollowUp, respNorr, true},
		{"coordinator may not change another category's follow-up", coord, ActChangeFollowUp, respSkane, false},
		{"coordinator passes the route check", coord, ActChangeFollowUp, Resource{}, true},
		{"staff reads follow-ups", staff, ActViewFollowUps, Resource{}, true},
		{"staff never changes a follow-up", staff, ActChangeFollowUp, respSkane, false},
		{"staff fails the route check", staff, ActChangeFollowUp, Resource{}, false},
		{"officer changes any follow-up", officer, ActChangeFollowUp, respSkane, true},
		{"officer opens a follow-up in any category", officer, ActOpenFollowUp, respSkane, true},
		{"coordinator opens in own category", coord, ActOpenFollowUp, respNorr, true},
		{"coordinator may not open in another", coord, ActOpenFollowUp, respSkane, false},
		{"auditor edits the audit assigned to them", auditor, ActEditAudit, Resource{AuditorUserID: 4}, true},
		{"auditor may not edit another's audit", auditor, ActEditAudit, Resource{AuditorUserID: 9}, false},
		{"auditor may not change the follow-up itself", auditor, ActChangeFollowUp, respNorr, false},
		{"coordinator edits audits of responsible follow-ups", coord, ActEditAudit, Resource{ResponsibleRegionIDs: []int64{norrbotten}, AuditorUserID: 9}, true},
		{"supplier responds for own company", supA, ActRespondAsSupplier, Resource{SupplierID: supplierA}, true},
		{"supplier may not respond for another", supA, ActRespondAsSupplier, Resource{SupplierID: supplierB}, false},
		{"officer does not respond as a supplier", officer, ActRespondAsSupplier, Resource{SupplierID: supplierA}, false},
		{"supplier manages own sites", supA, ActManageSites, Resource{SupplierID: supplierA}, true},
		{"supplier may not manage others' sites", supA, ActManageSites, Resource{SupplierID: supplierB}, false},
		{"staff manages own region's contracts", staff, ActManageContracts, Resource{RegionID: skane}, true},
		{"staff may not manage another region's contracts", staff, ActManageContracts, Resource{RegionID: norrbotten}, false},
		{"editor sees no follow-ups", editor, ActViewFollowUps, Resource{}, false},
		{"supplier may view (own) suppliers", supA, ActViewSuppliers, Resource{}, true},
		{"supplier has no inbox of follow-up news", supA, ActViewInbox, Resource{}, false},
		{"staff reads the supply-chain queries", staff, ActViewSupplyChain, Resource{}, true},
		{"supplier does not read every supplier's chain", supA, ActViewSupplyChain, Resource{}, false},
		{"officer imports country risk", officer, ActManageCountryRisk, Resource{}, true},
		{"coordinator does not import country risk", coord, ActManageCountryRisk, Resource{}, false},
		{"officer links any site into a chain", officer, ActLinkAnySite, Resource{}, true},
		{"staff sees the shared finances", staff, ActViewFinances, Resource{}, true},
		{"staff may not manage the finances", staff, ActManageFinances, Resource{}, false},
		{"officer changes categories over time", officer, ActManageCategories, Resource{}, true},
		{"coordinator may not change categories", coord, ActManageCategories, Resource{}, false},
		{"staff reads the annual report", staff, ActViewReports, Resource{}, true},
		{"staff may not write the report's texts", staff, ActEditReport, Resource{}, false},
		{"officer writes the report's texts", officer, ActEditReport, Resource{}, true},
		{"supplier does not read the unpublished report", supA, ActViewReports, Resource{}, false},
		{"staff reads risk analyses", staff, ActViewRiskAnalyses, Resource{}, true},
		{"supplier reads no risk analyses", supA, ActViewRiskAnalyses, Resource{}, false},
		{"coordinator edits the risk analysis of a responsible category", coord, ActEditRiskAnalysis, respNorr, true},
		{"coordinator may not edit another region's risk analysis", coord, ActEditRiskAnalysis, Resource{ResponsibleRegionIDs: []int64{skane}}, false},
		{"staff may not approve a risk analysis", staff, ActApproveRiskAnalysis, Resource{ResponsibleRegionIDs: []int64{skane}}, false},
		{"officer approves any risk analysis", officer, ActApproveRiskAnalysis, Resource{ResponsibleRegionIDs: []int64{skane}}, true},
		{"staff reads the training register", staff, ActViewTraining, Resource{}, true},
		{"staff may not record trainings", staff, ActManageTraining, Resource{}, false},
		{"officer records trainings", officer, ActManageTraining, Resource{}, true},
		{"supplier does not see the training register", supA, ActViewTraining, Resource{}, false},
		{"auditor does not see the training register", auditor, ActViewTraining, Resource{}, false},
		{"editor does not see the training register", editor, ActViewTraining, Resource{}, false},
		{"editor manages the public site", editor, ActManageSite, Resource{}, true},
		{"officer does not write the public site", officer, ActManageSite, Resource{}, false},
		{"coordinator does not write the public site", coord, ActManageSite, Resource{}, false},
		{"coordinator approves a result of a responsible follow-up", coord, ActApproveResults, respNorr, true},
		{"coordinator may not approve another region's result", coord, ActApproveResults, respSkane, false},
		{"officer approves any result", officer, ActApproveResults, respSkane, true},
		{"editor may not approve results", editor, ActApproveResults, respNorr, false},
		{"staff may not approve results", staff, ActApproveResults, respSkane, false},
		{"officer publishes the annual report", officer, ActPublishReport, Resource{}, true},
		{"editor may not publish the annual report", editor, ActPublishReport, Resource{}, false},
		{"officer manages questionnaires", officer, ActManageQuestionnaires, Resource{}, true},
		{"coordinator does not manage questionnaires", coord, ActManageQuestionnaires, Resource{}, false},
		{"supplier does not manage questionnaires", supA, ActManageQuestionnaires, Resource{}, false},
		{"supplier answers for its own company", supA, ActRespondAsSupplier, Resource{SupplierID: supA.Memberships[0].OrgID}, true},
		{"supplier reads the requirements library", supA, ActViewRequirements, Resource{}, true},
		{"officer manages the requirements library", officer, ActManageRequirements, Resource{}, true},
		{"coordinator does not manage the requirements library", coord, ActManageRequirements, Resource{}, false},
		{"editor does not manage the requirements library", editor, ActManageRequirements, Resource{}, false},
		{"staff sends inquiries", staff, ActManageInquiries, Resource{}, true},
		{"coordinator reads inquiry answers", coord, ActViewInquiries, Resource{}, true},
		{"auditor reads no inquiries", auditor, ActViewInquiries, Resource{}, false},
		{"supplier does not send inquiries", supA, ActManageInquiries, Resource{}, false},
		{"supplier answers its own company's inquiry", supA, ActAnswerInquiry, Resource{SupplierID: supplierA}, true},
		{"supplier may not answer another's inquiry", supA, ActAnswerInquiry, Resource{SupplierID: supplierB}, false},
		{"officer does not answer inquiries", officer, ActAnswerInquiry, Resource{SupplierID: supplierA}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Can(tt.a, tt.act, tt.res); got != tt.want {
				t.Errorf("Can = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestScopeOf(t *testing.T) {
	sup := Actor{UserID: 5, Memberships: []Membership{{OrgID: 501, Role: RoleSupplier}}}
	if s := ScopeOf(sup); s.All || len(s.SupplierIDs) != 1 || s.SupplierIDs[0] != 501 {
		t.Errorf("supplier scope = %+v", s)
	}
	aud := Actor{UserID: 4, Memberships: []Membership{{OrgID: 700, Role: RoleAuditor}}}
	if s := ScopeOf(aud); s.All || s.AuditorUserID != 4 {
		t.Errorf("auditor scope = %+v", s)
	}
	if s := ScopeOf(Actor{UserID: 6, Memberships: []Membership{{OrgID: 1, Role: RoleEditor}}}); !s.Empty() {
		t.Errorf("editor scope = %+v, want empty", s)
	}
	if s := ScopeOf(Actor{UserID: 2, Memberships: []Membership{{OrgID: 12, Role: RoleStaff}}}); !s.All {
		t.Errorf("staff scope = %+v, want all", s)
	}
}
