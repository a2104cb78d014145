package sqldb_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// exposureWorld is a small world built to tell exposure from near-misses:
// three regions, two categories, and suppliers with sites and contracts
// placed just inside or just outside what an incident names.
type exposureWorld struct {
	db            *sqldb.DB
	regions       map[string]*tillit.Organisation
	suppliers     map[string]*tillit.Organisation
	gloves, tools *tillit.Category
	sites         map[string]*tillit.ProductionSite
	contracts     map[string]*tillit.Contract
	coordinator   tillit.Actor
	reported      time.Time
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func newExposureWorld(t *testing.T) *exposureWorld {
	t.Helper()
	db := sqldbtest.Open(t)
	withClock(db)
	w := &exposureWorld{db: db, regions: map[string]*tillit.Organisation{}, suppliers: map[string]*tillit.Organisation{},
		sites: map[string]*tillit.ProductionSite{}, contracts: map[string]*tillit.Contract{}, reported: day("2022-09-01")}
	for _, r := range []struct{ name, county string }{{"Region Stockholm", "01"}, {"Region Skåne", "12"}, {"Region Norrbotten", "25"}} {
		w.regions[r.county] = createOrg(t, db, tillit.OrgRegion, r.name, r.county)
	}
	w.gloves = &tillit.Category{Code: "gloves", NameSV: "Handskar", NameEN: "Gloves",
		Responsible: []tillit.Responsibility{{RegionID: w.regions["12"].ID, ValidFrom: day("2020-01-01")}}}
	w.tools = &tillit.Category{Code: "tools", NameSV: "Instrument", NameEN: "Instruments",
		Responsible: []tillit.Responsibility{{RegionID: w.regions["25"].ID, ValidFrom: day("2020-01-01")}}}
	mustOK(t, db.CreateCategory(ctx, sys, w.gloves))
	mustOK(t, db.CreateCategory(ctx, sys, w.tools))
	for _, s := range []string{"Alfa", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"} {
		w.suppliers[s] = createOrg(t, db, tillit.OrgSupplier, s+" AB", "")
	}
	site := func(key, supplier, city, address, country string, products ...string) {
		s := &tillit.ProductionSite{SupplierID: w.suppliers[supplier].ID, Name: key, City: city, Address: address, Country: country, Products: products}
		mustOK(t, db.CreateSite(ctx, sys, s))
		w.sites[key] = s
	}
	contract := func(key, supplier, county string, cat *tillit.Category, start, end string) {
		c := &tillit.Contract{RegionID: w.regions[county].ID, SupplierID: w.suppliers[supplier].ID, CategoryID: cat.ID,
			Reference: key, Start: day(start), End: day(end)}
		mustOK(t, db.CreateContract(ctx, sys, c))
		w.contracts[key] = c
	}
	// Alfa: a glove factory in Malaysia and one in China; a glove contract
	// in force, an instrument contract and an expired glove contract.
	site("alfa-ipoh", "Alfa", "Ipoh", "Jalan 1", "MY", "Nitrilhandskar")
	site("alfa-cn", "Alfa", "Shenzhen", "", "CN", "Nitrilhandskar")
	contract("alfa-gloves-01", "Alfa", "01", w.gloves, "2021-01-01", "2024-12-31")
	contract("alfa-tools-12", "Alfa", "12", w.tools, "2021-01-01", "2024-12-31")
	contract("alfa-gloves-25-expired", "Alfa", "25", w.gloves, "2019-01-01", "2022-06-30")
	// Beta: in Malaysia with a glove contract that starts after the date.
	site("beta-klang", "Beta", "Klang", "", "MY", "Undersökningshandskar")
	contract("beta-gloves-12", "Beta", "12", w.gloves, "2023-01-01", "2026-12-31")
	// Gamma: in Malaysia, but with instruments only.
	site("gamma-penang", "Gamma", "Penang", "", "MY", "Pincetter")
	contract("gamma-tools-01", "Gamma", "01", w.tools, "2021-01-01", "2025-12-31")
	// Delta: gloves, but made in Thailand.
	site("delta-th", "Delta", "Hat Yai", "", "TH", "Latexhandskar")
	contract("delta-gloves-01", "Delta", "01", w.gloves, "2021-01-01", "2025-12-31")
	// Epsilon: in Malaysia with a glove contract that ended the day before.
	site("epsilon-my", "Epsilon", "Seremban", "", "MY", "Handskar")
	contract("epsilon-gloves-12", "Epsilon", "12", w.gloves, "2019-01-01", "2022-08-31")
	// Zeta: instruments in Pakistan, in Sialkot and in Karachi.
	site("zeta-sialkot", "Zeta", "Sialkot", "", "PK", "Saxar", "Överdrag")
	site("zeta-karachi", "Zeta", "Karachi", "Korangi Industrial Area", "PK", "Saxar")
	site("zeta-lahore", "Zeta", "Lahore", "Near Sialkot road", "PK", "Peanger")
	contract("zeta-tools-25", "Zeta", "25", w.tools, "2022-01-01", "2022-09-01")
	coord := createUser(t, db, "coord@rs.se", "h", tillit.Membership{OrgID: w.regions["12"].ID, Role: tillit.RoleCoordinator})
	w.coordinator = tillit.ActorOf(coord)
	return w
}

// summary writes an exposure as sorted names, for comparing with what a
// test expects.
func summary(e *sqldb.IncidentExposure) map[string]string {
	var sites, sups, cons, regs, cats []string
	for _, s := range e.Sites {
		sites = append(sites, s.Name)
	}
	for _, s := range e.Suppliers {
		sups = append(sups, s.Name)
	}
	for _, c := range e.Contracts {
		cons = append(cons, c.Reference)
	}
	for _, r := range e.Regions {
		regs = append(regs, r.Name)
	}
	for _, c := range e.Categories {
		cats = append(cats, c.NameEN)
	}
	out := map[string]string{}
	for k, v := range map[string][]string{"sites": sites, "suppliers": sups, "contracts": cons, "regions": regs, "categories": cats} {
		sort.Strings(v)
		out[k] = strings.Join(v, ", ")
	}
	return out
}

func wantExposure(t *testing.T, e *sqldb.IncidentExposure, want map[string]string) {
	t.Helper()
	got := summary(e)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s:\n got %s\nwant %s", k, got[k], v)
		}
	}
}

// TestIncidentExposureCountryAndCategory is the test: an incident
// naming a country and a category lists exactly the sites, suppliers,
// contracts and regions that match, and none of the near-misses.
func TestIncidentExposureCountryAndCategory(t *testing.T) {
	w := newExposureWorld(t)
	in := &tillit.Incident{SourceKind: tillit.SourceMedia, SourceName: "The Guardian", ReportedOn: w.reported, Title: "Forced labour at glove factories",
		Severity: tillit.IncidentCritical, Countries: []tillit.IncidentCountry{{Country: "MY"}}, CategoryIDs: []int64{w.gloves.ID}}
	mustOK(t, w.db.CreateIncident(ctx, w.coordinator, in))
	got, err := w.db.FindIncident(ctx, in.ID)
	mustOK(t, err)
	e, err := w.db.IncidentExposure(ctx, got)
	mustOK(t, err)
	wantExposure(t, e, map[string]string{
		"sites":      "alfa-ipoh, beta-klang",
		"suppliers":  "Alfa AB, Beta AB",
		"contracts":  "alfa-gloves-01, beta-gloves-12",
		"regions":    "Region Skåne, Region Stockholm",
		"categories": "Gloves",
	})
	if len(e.Regions) != 2 || e.Regions[0].CountyCode != "01" || e.Regions[0].Contracts != 1 || e.Regions[0].Suppliers != 1 {
		t.Errorf("regions: %+v", e.Regions)
	}
	if len(e.Pairs) != 2 || e.Pairs[0].Supplier != "Alfa AB" || e.Pairs[0].CategoryID != w.gloves.ID || e.Pairs[0].OpenFollowUpID != 0 {
		t.Errorf("pairs: %+v", e.Pairs)
	}
	for _, s := range e.Sites {
		if !s.ByCountry || s.ByCompany || s.BySite {
			t.Errorf("site %s listed for the wrong reason: %+v", s.Name, s)
		}
	}

	// A place narrows the country: Alfa's factory in Ipoh is not in Klang.
	inKlang := *got
	inKlang.Countries = []tillit.IncidentCountry{{Country: "MY", Places: []string{"Klang"}}}
	e, err = w.db.IncidentExposure(ctx, &inKlang)
	mustOK(t, err)
	wantExposure(t, e, map[string]string{"sites": "beta-klang", "suppliers": "Beta AB", "contracts": "beta-gloves-12", "regions": "Region Skåne"})

	// Without the category, every Malaysian site and every contract in
	// force on or after the date, in any category.
	got.CategoryIDs = nil
	e, err = w.db.IncidentExposure(ctx, got)
	mustOK(t, err)
	wantExposure(t, e, map[string]string{
		"sites":      "alfa-ipoh, beta-klang, epsilon-my, gamma-penang",
		"suppliers":  "Alfa AB, Beta AB, Epsilon AB, Gamma AB",
		"contracts":  "alfa-gloves-01, alfa-tools-12, beta-gloves-12, gamma-tools-01",
		"categories": "Gloves, Instruments",
	})

	// An open follow-up of Alfa in gloves marks its pair.
	fu, err := w.db.OpenFollowUp(ctx, w.coordinator, tillit.FollowUpInput{SupplierID: w.suppliers["Alfa"].ID, CategoryID: w.gloves.ID,
		ResponsibleRegionIDs: []int64{w.regions["12"].ID}, RequirementCodes: []string{"UK-1"}})
	mustOK(t, err)
	got.CategoryIDs = []int64{w.gloves.ID}
	e, err = w.db.IncidentExposure(ctx, got)
	mustOK(t, err)
	if e.Pairs[0].OpenFollowUpID != fu.ID || e.Pairs[1].OpenFollowUpID != 0 {
		t.Errorf("pairs after opening a follow-up: %+v", e.Pairs)
	}
}

// TestIncidentExposurePlacesProductsNamed: places narrow a country to
// sites whose city or address mentions them; products narrow to sites
// making them (case folded beyond ASCII); a named company or site is
// exposed wherever it is.
func TestIncidentExposurePlacesProductsNamed(t *testing.T) {
	w := newExposureWorld(t)
	base := func() *tillit.Incident {
		return &tillit.Incident{SourceKind: tillit.SourceNGO, SourceName: "Swedwatch", ReportedOn: w.reported, Title: "Floods", Severity: tillit.IncidentHigh}
	}
	tests := []struct {
		name string
		edit func(*tillit.Incident)
		want map[string]string
	}{
		{"a place in the city or address", func(in *tillit.Incident) {
			in.Countries = []tillit.IncidentCountry{{Country: "PK", Places: []string{"sialkot"}}}
		}, map[string]string{"sites": "zeta-lahore, zeta-sialkot", "suppliers": "Zeta AB", "contracts": "zeta-tools-25", "regions": "Region Norrbotten"}},
		{"a place that matches nothing", func(in *tillit.Incident) {
			in.Countries = []tillit.IncidentCountry{{Country: "PK", Places: []string{"Faisalabad"}}}
		}, map[string]string{"sites": "", "suppliers": "", "contracts": "", "regions": ""}},
		{"a product, folded", func(in *tillit.Incident) {
			in.Countries = []tillit.IncidentCountry{{Country: "PK"}}
			in.Products = []string{"ÖVERDRAG"}
		}, map[string]string{"sites": "zeta-sialkot", "suppliers": "Zeta AB"}},
		{"a product keyword inside a word", func(in *tillit.Incident) {
			in.Countries = []tillit.IncidentCountry{{Country: "MY"}, {Country: "TH"}}
			in.Products = []string{"handskar"}
		}, map[string]string{"sites": "alfa-ipoh, beta-klang, delta-th, epsilon-my"}},
		{"a named company anywhere", func(in *tillit.Incident) {
			in.SupplierIDs = []int64{w.suppliers["Alfa"].ID}
		}, map[string]string{"sites": "alfa-cn, alfa-ipoh", "suppliers": "Alfa AB", "contracts": "alfa-gloves-01, alfa-tools-12", "regions": "Region Skåne, Region Stockholm"}},
		{"a named company narrowed by category", func(in *tillit.Incident) {
			in.SupplierIDs = []int64{w.suppliers["Delta"].ID, w.suppliers["Gamma"].ID}
			in.CategoryIDs = []int64{w.gloves.ID}
		}, map[string]string{"sites": "delta-th", "suppliers": "Delta AB", "contracts": "delta-gloves-01"}},
		{"a named site", func(in *tillit.Incident) {
			in.SiteIDs = []int64{w.sites["zeta-karachi"].ID}
		}, map[string]string{"sites": "zeta-karachi", "suppliers": "Zeta AB", "contracts": "zeta-tools-25"}},
		{"a contract ending on the day still counts; later dates do not", func(in *tillit.Incident) {
			in.SiteIDs = []int64{w.sites["zeta-karachi"].ID}
			in.ReportedOn = day("2022-09-02")
		}, map[string]string{"sites": "zeta-karachi", "contracts": "", "regions": ""}},
		{"nothing named", func(in *tillit.Incident) {
			in.CategoryIDs = []int64{w.gloves.ID}
		}, map[string]string{"sites": "", "suppliers": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.edit(in)
			e, err := w.db.IncidentExposure(ctx, in)
			mustOK(t, err)
			wantExposure(t, e, tt.want)
		})
	}
}

// TestIncidentExposureFewQueries: the exposure costs the same three
// statements for one site as for a hundred.
func TestIncidentExposureFewQueries(t *testing.T) {
	w := newExposureWorld(t)
	in := &tillit.Incident{ReportedOn: w.reported, Countries: []tillit.IncidentCountry{{Country: "MY", Places: []string{"Ipoh", "Klang"}}},
		CategoryIDs: []int64{w.gloves.ID}, Products: []string{"handskar"}}
	count := func() int64 {
		qctx, c := sqldb.WithQueryCounter(ctx)
		e, err := w.db.IncidentExposure(qctx, in)
		mustOK(t, err)
		if e.Empty() {
			t.Fatal("empty exposure")
		}
		return c.Count()
	}
	small := count()
	for i := 0; i < 100; i++ {
		s := &tillit.ProductionSite{SupplierID: w.suppliers["Beta"].ID, Name: fmt.Sprintf("Fabrik %d", i), City: "Klang", Country: "MY", Products: []string{"Handskar"}}
		mustOK(t, w.db.CreateSite(ctx, sys, s))
	}
	if large := count(); large != small || small > 3 {
		t.Errorf("%d statements for a few sites, %d for a hundred more; want the same, at most 3", small, large)
	}
}

func TestIncidentStored(t *testing.T) {
	w := newExposureWorld(t)
	staff := w.coordinator
	in := &tillit.Incident{SourceKind: tillit.SourceNGO, SourceName: "Swedwatch", Link: "https://example.org/a", ReportedOn: w.reported,
		Title: "Översvämningar i Punjab", Text: "Fabriker i Sialkot står under vatten.", Severity: tillit.IncidentHigh,
		Countries:   []tillit.IncidentCountry{{Country: "PK", Places: []string{"Sialkot", "Punjab"}}, {Country: "IN"}},
		CategoryIDs: []int64{w.tools.ID}, Products: []string{"Saxar"}, SupplierIDs: []int64{w.suppliers["Zeta"].ID},
		SiteIDs: []int64{w.sites["zeta-karachi"].ID}}
	mustOK(t, w.db.CreateIncident(ctx, staff, in))
	if in.ID == 0 || in.Version != 1 || in.Assessment != tillit.IncidentUnassessed {
		t.Fatalf("created: %+v", in)
	}
	got, err := w.db.FindIncident(ctx, in.ID)
	mustOK(t, err)
	if got.Title != in.Title || got.Link != in.Link || !got.ReportedOn.Equal(w.reported) || got.CountryList() != "PK (Sialkot, Punjab), IN" ||
		len(got.Categories) != 1 || got.Categories[0].NameSV != "Instrument" || got.Suppliers[0].Name != "Zeta AB" ||
		got.Sites[0].Name != "zeta-karachi" || got.Sites[0].Supplier != "Zeta AB" || got.Products[0] != "Saxar" || got.CreatedBy != "coord" {
		t.Errorf("read back: %+v", got)
	}

	// References that do not exist are refused with the field at fault.
	bad := *got
	bad.SupplierIDs = []int64{w.regions["01"].ID}
	wantFields(t, w.db.UpdateIncident(ctx, staff, &bad), "supplier_ids")
	bad = *got
	bad.CategoryIDs = []int64{999999}
	wantFields(t, w.db.UpdateIncident(ctx, staff, &bad), "category_ids")

	// An edit based on an old version is refused.
	stale := *got
	got.Severity = tillit.IncidentCritical
	got.Countries = got.Countries[:1]
	mustOK(t, w.db.UpdateIncident(ctx, staff, got))
	stale.Title = "Gammal"
	wantCode(t, w.db.UpdateIncident(ctx, staff, &stale), tillit.ECONFLICT)

	// Assessment: a duplicate must name an incident that exists.
	other := &tillit.Incident{SourceKind: tillit.SourceMedia, SourceName: "Dawn", ReportedOn: w.reported, Title: "Floods", Severity: tillit.IncidentMedium}
	mustOK(t, w.db.CreateIncident(ctx, staff, other))
	_, err = w.db.AssessIncident(ctx, staff, other.ID, tillit.IncidentAssessmentInput{Assessment: tillit.IncidentDuplicate, Reason: "Same floods", DuplicateOf: 999999})
	wantFields(t, err, "duplicate_of")
	a, err := w.db.AssessIncident(ctx, staff, other.ID, tillit.IncidentAssessmentInput{Assessment: tillit.IncidentDuplicate, Reason: "Same floods", DuplicateOf: in.ID})
	mustOK(t, err)
	if a.Assessment != tillit.IncidentDuplicate || a.DuplicateOf != in.ID || a.AssessedBy != "coord" {
		t.Errorf("assessed: %+v", a)
	}
	_, err = w.db.AssessIncident(ctx, staff, in.ID, tillit.IncidentAssessmentInput{Assessment: tillit.IncidentRelevant, Reason: "Our suppliers are there"})
	mustOK(t, err)

	rows, err := w.db.FindIncidents(ctx, sqldb.IncidentFilter{})
	mustOK(t, err)
	if len(rows) != 2 || rows[0].ID != other.ID || rows[1].Countries != "PK (Sialkot, Punjab)" || rows[0].DuplicateOf != in.ID {
		t.Errorf("list: %+v", rows)
	}
	rows, err = w.db.FindIncidents(ctx, sqldb.IncidentFilter{Assessment: tillit.IncidentRelevant, Country: "PK"})
	mustOK(t, err)
	if len(rows) != 1 || rows[0].ID != in.ID {
		t.Errorf("filtered: %+v", rows)
	}
	rows, err = w.db.FindIncidents(ctx, sqldb.IncidentFilter{Before: sqldb.IncidentCursor{ReportedOn: w.reported, ID: other.ID}})
	mustOK(t, err)
	if len(rows) != 1 || rows[0].ID != in.ID {
		t.Errorf("second page: %+v", rows)
	}

	// Names typed in a form: current or former names, and sites by company
	// and name or by Open Supply Hub id.
	mustOK(t, w.db.UpdateSupplierProfile(ctx, sys, &tillit.SupplierProfile{OrgID: w.suppliers["Zeta"].ID, FormerNames: []string{"Sylak"}}))
	sups, err := w.db.MatchSuppliers(ctx, []string{" zeta ab", "SYLAK", "Nobody"})
	mustOK(t, err)
	if len(sups[0]) != 1 || len(sups[1]) != 1 || sups[1][0].ID != w.suppliers["Zeta"].ID || len(sups[2]) != 0 {
		t.Errorf("suppliers matched: %+v", sups)
	}
	sites, err := w.db.MatchSites(ctx, []sqldb.SiteRef{{Company: "Sylak", Name: "ZETA-SIALKOT"}, {Company: "Alfa AB", Name: "zeta-sialkot"}})
	mustOK(t, err)
	if len(sites[0]) != 1 || sites[0][0].ID != w.sites["zeta-sialkot"].ID || len(sites[1]) != 0 {
		t.Errorf("sites matched: %+v", sites)
	}

	// Follow-ups opened from the incident: the valid ones are opened and
	// linked together; one refused (no responsible region) is left out
	// with its reason and leaves nothing behind.
	open := func(supplier string, cat *tillit.Category, regions ...int64) tillit.FollowUpInput {
		return tillit.FollowUpInput{SupplierID: w.suppliers[supplier].ID, CategoryID: cat.ID, ResponsibleRegionIDs: regions, RequirementCodes: []string{"UK-1"}}
	}
	res, err := w.db.OpenIncidentFollowUps(ctx, staff, in.ID, []tillit.FollowUpInput{
		open("Alfa", w.gloves, w.regions["12"].ID), open("Beta", w.gloves), open("Gamma", w.tools, w.regions["25"].ID)})
	mustOK(t, err)
	if len(res) != 3 || res[0].FollowUp == nil || res[1].FollowUp != nil || tillit.ErrorCode(res[1].Err) != tillit.EINVALID || res[2].FollowUp == nil {
		t.Fatalf("opened: %+v", res)
	}
	again, err := w.db.OpenIncidentFollowUps(ctx, staff, in.ID, []tillit.FollowUpInput{open("Alfa", w.gloves, w.regions["12"].ID)})
	mustOK(t, err)
	if tillit.ErrorCode(again[0].Err) != tillit.ECONFLICT {
		t.Errorf("a second open follow-up for Alfa in gloves: %+v", again[0])
	}
	linked, err := w.db.FindIncident(ctx, in.ID)
	mustOK(t, err)
	if !slices.Equal(linked.FollowUpIDs, []int64{res[0].FollowUp.ID, res[2].FollowUp.ID}) {
		t.Errorf("linked follow-ups %v, want the two opened", linked.FollowUpIDs)
	}
	beta, err := w.db.FindFollowUps(ctx, tillit.Scope{All: true}, sqldb.FollowUpFilter{SupplierID: w.suppliers["Beta"].ID})
	mustOK(t, err)
	if len(beta) != 0 {
		t.Errorf("the refused follow-up left %d behind", len(beta))
	}

	events, err := w.db.FindAuditEvents(ctx, sqldb.AuditFilter{Limit: 50})
	mustOK(t, err)
	seen := map[string]int{}
	for _, e := range events {
		seen[e.Action]++
	}
	for _, act := range []string{"incident.created", "incident.updated", "incident.assessed", "incident.followups_opened"} {
		if seen[act] == 0 {
			t.Errorf("no %s in the audit trail", act)
		}
	}
}
