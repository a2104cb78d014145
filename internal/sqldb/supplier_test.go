package sqldb_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

func TestSupplierCreateAndProfile(t *testing.T) {
	f := newFixture(t)
	s := &tillit.Supplier{
		Organisation: tillit.Organisation{Name: "Observe Medical", Country: "SE", OrgNumber: "556036 0793"},
		SupplierProfile: tillit.SupplierProfile{FormerNames: []string{"Sylak"}, ParentOrgID: f.supplier.ID,
			Contacts: []tillit.Contact{{Name: "Eva Ek", Email: "eva@observe.example", Role: "Hållbarhetschef"}, {Name: "Bo Ek", Phone: "+46 8 123 456 78"}}},
	}
	mustOK(t, f.db.CreateSupplier(ctx, sys, s))
	if s.ID == 0 || s.OrgID != s.ID || s.Kind != tillit.OrgSupplier || s.OrgNumber != "556036-0793" {
		t.Fatalf("created %+v", s)
	}
	got, err := f.db.FindSupplier(ctx, tillit.Scope{All: true}, s.ID)
	mustOK(t, err)
	if got.Name != "Observe Medical" || got.OrgNumber != "556036-0793" || !reflect.DeepEqual(got.FormerNames, []string{"Sylak"}) ||
		got.ParentOrgID != f.supplier.ID || !reflect.DeepEqual(got.Contacts, s.Contacts) {
		t.Fatalf("read back %+v", got)
	}
	if !got.HasName("sylak") || got.DisplayName().String() != "Observe Medical (formerly Sylak)" {
		t.Errorf("names of %+v", got)
	}

	t.Run("ErrCheckDigit", func(t *testing.T) {
		bad := &tillit.Supplier{Organisation: tillit.Organisation{Name: "Fel AB", Country: "SE", OrgNumber: "556036-0794"}}
		wantFields(t, f.db.CreateSupplier(ctx, sys, bad), "org_number")
	})
	t.Run("ErrDuplicateName", func(t *testing.T) {
		dup := &tillit.Supplier{Organisation: tillit.Organisation{Name: "Observe Medical", Country: "SE"}}
		wantCode(t, f.db.CreateSupplier(ctx, sys, dup), tillit.ECONFLICT)
	})

	// The profile is replaced as a whole.
	sp := tillit.SupplierProfile{OrgID: s.ID, FormerNames: []string{"Sylak", "Sylak Medical"}, Contacts: []tillit.Contact{{Name: "Ny Person", Email: "ny@observe.example"}}}
	mustOK(t, f.db.UpdateSupplierProfile(ctx, sys, &sp))
	got, err = f.db.FindSupplier(ctx, tillit.Scope{All: true}, s.ID)
	mustOK(t, err)
	if len(got.Contacts) != 1 || got.Contacts[0].Name != "Ny Person" || got.ParentOrgID != 0 || len(got.FormerNames) != 2 {
		t.Fatalf("after the update %+v", got)
	}
	t.Run("ErrFormerIsCurrent", func(t *testing.T) {
		wantFields(t, f.db.UpdateSupplierProfile(ctx, sys, &tillit.SupplierProfile{OrgID: s.ID, FormerNames: []string{"observe medical"}}), "former_names[0]")
	})
	t.Run("ErrNotASupplier", func(t *testing.T) {
		wantCode(t, f.db.UpdateSupplierProfile(ctx, sys, &tillit.SupplierProfile{OrgID: f.region.ID}), tillit.ENOTFOUND)
	})
}

func TestSupplierScopes(t *testing.T) {
	w := newFollowUpWorld(t)
	// Theirs is in Pakistan and was called something else.
	pk := &tillit.Supplier{Organisation: tillit.Organisation{Name: "Andra Pak Ltd", Country: "PK"},
		SupplierProfile: tillit.SupplierProfile{FormerNames: []string{"Sialkot 100% Steel"}}}
	mustOK(t, w.db.CreateSupplier(ctx, sys, pk))
	mine, theirs := w.supplier.ID, pk.ID
	fu := w.open(t, theirs)
	mustOK(t, w.db.CreateSite(ctx, sys, &tillit.ProductionSite{SupplierID: theirs, Name: "Fabrik", City: "Sialkot", Country: "PK", Products: []string{"Saxar", "Pincetter"}}))
	_, _, err := w.db.ChangeFollowUp(ctx, sys, fu.ID, func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
		return f.PlanAudit(tillit.ActorOf(w.coordinator), t0, tillit.AuditPlan{Kind: tillit.AuditOffice, PlannedFor: tillit.DateOf(t0),
			AuditorOrgID: w.firm.ID, AuditorUserID: w.auditor.ID})
	})
	mustOK(t, err)
	all := tillit.Scope{All: true}
	supplierScope := tillit.Scope{SupplierIDs: []int64{mine}}
	auditorScope := tillit.Scope{AuditorUserID: w.auditor.ID}

	names := func(rows []sqldb.SupplierRow) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r.Name)
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		scope tillit.Scope
		f     sqldb.SupplierFilter
		want  []string
	}{
		{"all", all, sqldb.SupplierFilter{}, []string{"Andra AB", "Andra Pak Ltd", "Instrument AB"}},
		{"former name", all, sqldb.SupplierFilter{Query: "SIALKOT"}, []string{"Andra Pak Ltd"}},
		{"a LIKE wildcard is a character", all, sqldb.SupplierFilter{Query: "100%"}, []string{"Andra Pak Ltd"}},
		{"country", all, sqldb.SupplierFilter{Country: "PK"}, []string{"Andra Pak Ltd"}},
		{"an underscore is a character", all, sqldb.SupplierFilter{Query: "_"}, nil},
		{"part of the name", all, sqldb.SupplierFilter{Query: "strument"}, []string{"Instrument AB"}},
		{"supplier", supplierScope, sqldb.SupplierFilter{}, []string{"Instrument AB"}},
		{"supplier searching another", supplierScope, sqldb.SupplierFilter{Query: "andra"}, nil},
		{"auditor", auditorScope, sqldb.SupplierFilter{}, []string{"Andra Pak Ltd"}},
		{"nobody", tillit.Scope{}, sqldb.SupplierFilter{}, nil},
		{"after", all, sqldb.SupplierFilter{AfterName: "Andra Pak Ltd", AfterID: theirs}, []string{"Instrument AB"}},
		{"after, limited", all, sqldb.SupplierFilter{AfterName: "Andra AB", AfterID: w.supplier2.ID, Limit: 1}, []string{"Andra Pak Ltd"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := w.db.FindSuppliers(ctx, tc.scope, tc.f)
			mustOK(t, err)
			if got := names(rows); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	rows, err := w.db.FindSuppliers(ctx, all, sqldb.SupplierFilter{})
	mustOK(t, err)
	if rows[1].FormerNames != "Sialkot 100% Steel" || rows[1].Country != "PK" || rows[1].Contracts != 0 || rows[1].FollowUps != 1 ||
		rows[2].Contracts != 1 || rows[2].FollowUps != 0 {
		t.Fatalf("rows = %+v", rows)
	}
	// A contract counts while it is in force.
	w.clock.Set(time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC))
	rows, err = w.db.FindSuppliers(ctx, all, sqldb.SupplierFilter{Query: "Instrument"})
	mustOK(t, err)
	if rows[0].Contracts != 0 {
		t.Fatalf("an ended contract is counted: %+v", rows)
	}
	w.clock.Set(t0)

	// The supplier page's reads.
	for _, tc := range []struct {
		name  string
		scope tillit.Scope
		id    int64
		code  string
	}{
		{"own", supplierScope, mine, ""},
		{"another", supplierScope, theirs, tillit.ENOTFOUND},
		{"audited", auditorScope, theirs, ""},
		{"not audited", auditorScope, mine, tillit.ENOTFOUND},
		{"a region", all, w.region.ID, tillit.ENOTFOUND},
		{"none", all, 999999, tillit.ENOTFOUND},
	} {
		t.Run("FindSupplier/"+tc.name, func(t *testing.T) {
			_, err := w.db.FindSupplier(ctx, tc.scope, tc.id)
			wantCode(t, err, tc.code)
		})
	}
	sites, err := w.db.FindSites(ctx, all, theirs)
	mustOK(t, err)
	if len(sites) != 1 || !reflect.DeepEqual(sites[0].Products, []string{"Saxar", "Pincetter"}) {
		t.Fatalf("sites = %+v", sites)
	}
	// Outside the scope the supplier does not exist.
	sites, err = w.db.FindSites(ctx, supplierScope, theirs)
	wantCode(t, err, tillit.ENOTFOUND)
	if len(sites) != 0 {
		t.Fatalf("a supplier reads another's sites: %+v", sites)
	}
	cs, err := w.db.FindContracts(ctx, supplierScope, sqldb.ContractFilter{})
	mustOK(t, err)
	if len(cs) != 1 || cs[0].SupplierID != mine || cs[0].Region != "Region Stockholm" || cs[0].CategoryEN != "Surgical instruments" {
		t.Fatalf("contracts = %+v", cs)
	}
	cs, err = w.db.FindContracts(ctx, supplierScope, sqldb.ContractFilter{SupplierID: theirs})
	mustOK(t, err)
	if len(cs) != 0 {
		t.Fatalf("a supplier reads another's contracts: %+v", cs)
	}
	cs, err = w.db.FindContracts(ctx, all, sqldb.ContractFilter{ActiveOn: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)})
	mustOK(t, err)
	if len(cs) != 0 {
		t.Fatalf("contracts in force in 2027 = %+v", cs)
	}
}

func TestSupplierContractsAndSites(t *testing.T) {
	w := newFollowUpWorld(t)
	c := func() *tillit.Contract {
		return &tillit.Contract{RegionID: w.region.ID, SupplierID: w.supplier2.ID, CategoryID: w.category.ID, Reference: "SLL-2024-1",
			Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	}
	mustOK(t, w.db.CreateContract(ctx, sys, c()))
	bad := c()
	bad.CategoryID = 999999
	wantFields(t, w.db.CreateContract(ctx, sys, bad), "category_id")
	bad = c()
	bad.RegionID = w.supplier.ID
	wantFields(t, w.db.CreateContract(ctx, sys, bad), "region_id")
	bad = c()
	bad.End = bad.Start
	wantFields(t, w.db.CreateContract(ctx, sys, bad), "end")

	wantFields(t, w.db.CreateSite(ctx, sys, &tillit.ProductionSite{SupplierID: w.region.ID, Name: "X", City: "Y", Country: "SE"}), "supplier_id")
	wantFields(t, w.db.CreateSite(ctx, sys, &tillit.ProductionSite{SupplierID: w.supplier.ID, Name: "X", City: "Y", Country: "se", OSHubID: "x"}), "country", "os_hub_id")
}

func TestSupplierCountries(t *testing.T) {
	f := newFixture(t)
	for _, s := range []*tillit.Supplier{
		{Organisation: tillit.Organisation{Name: "Svensk AB", Country: "SE"}},
		{Organisation: tillit.Organisation{Name: "Pak Ltd", Country: "PK"}},
		{Organisation: tillit.Organisation{Name: "Annan Pak Ltd", Country: "PK"}},
	} {
		mustOK(t, f.db.CreateSupplier(ctx, sys, s))
		if s.Country == "PK" {
			defer func(id int64) {
				got, err := f.db.SupplierCountries(ctx, tillit.Scope{SupplierIDs: []int64{id}})
				mustOK(t, err)
				if !reflect.DeepEqual(got, []string{"PK"}) {
					t.Errorf("a Pakistani supplier's countries = %q", got)
				}
			}(s.ID)
		}
	}
	// "Instrument AB" of the fixture has no country and is left out; so
	// is the region.
	got, err := f.db.SupplierCountries(ctx, tillit.Scope{All: true})
	mustOK(t, err)
	if !reflect.DeepEqual(got, []string{"PK", "SE"}) {
		t.Fatalf("countries = %q", got)
	}
	got, err = f.db.SupplierCountries(ctx, tillit.Scope{})
	mustOK(t, err)
	if len(got) != 0 {
		t.Fatalf("the empty scope reads %q", got)
	}
}
