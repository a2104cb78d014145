package sqldb_test

import (
	"sync"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

func TestOrganisations(t *testing.T) {
	db := sqldbtest.Open(t)
	withClock(db)

	r := &tillit.Organisation{Kind: tillit.OrgRegion, Name: "Region Västra Götaland", CountyCode: "14", Country: "SE"}
	mustOK(t, db.CreateOrganisation(ctx, sys, r))
	if r.ID == 0 || !r.CreatedAt.Equal(t0) {
		t.Fatalf("created region: ID %d, CreatedAt %v", r.ID, r.CreatedAt)
	}
	got, err := db.FindOrganisationByID(ctx, r.ID)
	mustOK(t, err)
	if got.ID != r.ID || got.Kind != r.Kind || got.Name != r.Name || got.CountyCode != "14" || got.Country != "SE" ||
		got.OrgNumber != "" || !got.CreatedAt.Equal(t0) {
		t.Fatalf("FindOrganisationByID = %+v, want %+v", got, r)
	}

	s := &tillit.Organisation{Kind: tillit.OrgSupplier, Name: "Surgical Ltd", OrgNumber: "556677-8899", Country: "PK"}
	mustOK(t, db.CreateOrganisation(ctx, sys, s))
	got, err = db.FindOrganisationByID(ctx, s.ID)
	mustOK(t, err)
	if got.OrgNumber != "556677-8899" || got.Country != "PK" || got.CountyCode != "" {
		t.Fatalf("supplier read back as %+v", got)
	}

	t.Run("duplicates", func(t *testing.T) {
		err := db.CreateOrganisation(ctx, sys, &tillit.Organisation{Kind: tillit.OrgRegion, Name: "Another name", CountyCode: "14"})
		wantCode(t, err, tillit.ECONFLICT)
		err = db.CreateOrganisation(ctx, sys, &tillit.Organisation{Kind: tillit.OrgRegion, Name: "Region Västra Götaland", CountyCode: "15"})
		wantCode(t, err, tillit.ECONFLICT)
		// The same name is fine for a different kind.
		mustOK(t, db.CreateOrganisation(ctx, sys, &tillit.Organisation{Kind: tillit.OrgPartner, Name: "Region Västra Götaland"}))
	})

	t.Run("invalid", func(t *testing.T) {
		tests := []struct {
			name  string
			o     tillit.Organisation
			field string
		}{
			{"missing name", tillit.Organisation{Kind: tillit.OrgRegion, CountyCode: "03"}, "name"},
			{"unknown kind", tillit.Organisation{Kind: "club", Name: "X"}, "kind"},
			{"region without county code", tillit.Organisation{Kind: tillit.OrgRegion, Name: "Region X"}, "county_code"},
			{"one-digit county code", tillit.Organisation{Kind: tillit.OrgRegion, Name: "Region X", CountyCode: "3"}, "county_code"},
			{"county code 00", tillit.Organisation{Kind: tillit.OrgRegion, Name: "Region X", CountyCode: "00"}, "county_code"},
			{"county code 30", tillit.Organisation{Kind: tillit.OrgRegion, Name: "Region X", CountyCode: "30"}, "county_code"},
			{"county code on supplier", tillit.Organisation{Kind: tillit.OrgSupplier, Name: "Y AB", CountyCode: "03"}, "county_code"},
			{"lower-case country", tillit.Organisation{Kind: tillit.OrgSupplier, Name: "Y AB", Country: "se"}, "country"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				o := tt.o
				err := db.CreateOrganisation(ctx, sys, &o)
				wantFields(t, err, tt.field)
				if o.ID != 0 {
					t.Errorf("ID set to %d on failure", o.ID)
				}
			})
		}
		all, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{})
		mustOK(t, err)
		if len(all) != 3 {
			t.Errorf("%d organisations stored, want 3", len(all))
		}
	})

	t.Run("not found", func(t *testing.T) {
		_, err := db.FindOrganisationByID(ctx, 999999)
		wantCode(t, err, tillit.ENOTFOUND)
	})

	t.Run("find", func(t *testing.T) {
		mustOK(t, db.CreateOrganisation(ctx, sys, &tillit.Organisation{Kind: tillit.OrgRegion, Name: "Region Stockholm", CountyCode: "01"}))
		regions, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
		mustOK(t, err)
		if len(regions) != 2 || regions[0].CountyCode != "01" || regions[1].CountyCode != "14" {
			t.Fatalf("regions = %+v, want 01 then 14", regions)
		}
		byName, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{Name: "Region Västra Götaland"})
		mustOK(t, err)
		if len(byName) != 2 {
			t.Fatalf("by name: %d organisations, want the region and the partner", len(byName))
		}
		both, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgPartner, Name: "Region Västra Götaland"})
		mustOK(t, err)
		if len(both) != 1 || both[0].Kind != tillit.OrgPartner {
			t.Fatalf("by kind and name: %+v", both)
		}
	})
}

func TestPopulations(t *testing.T) {
	f := newFixture(t)
	db := f.db
	other := createOrg(t, db, tillit.OrgRegion, "Region Skåne", "12")

	mustOK(t, db.SetPopulation(ctx, sys, tillit.RegionPopulation{RegionID: f.region.ID, Year: 2024, Population: 2_400_000}))
	mustOK(t, db.SetPopulation(ctx, sys, tillit.RegionPopulation{RegionID: other.ID, Year: 2024, Population: 1_400_000}))
	mustOK(t, db.SetPopulation(ctx, sys, tillit.RegionPopulation{RegionID: f.region.ID, Year: 2023, Population: 2_380_000}))
	// Replacing keeps one row per region and year.
	mustOK(t, db.SetPopulation(ctx, sys, tillit.RegionPopulation{RegionID: f.region.ID, Year: 2024, Population: 2_450_000}))

	p, err := db.Populations(ctx, 2024)
	mustOK(t, err)
	if len(p) != 2 || p[f.region.ID] != 2_450_000 || p[other.ID] != 1_400_000 {
		t.Fatalf("Populations(2024) = %v", p)
	}
	p, err = db.Populations(ctx, 2023)
	mustOK(t, err)
	if len(p) != 1 || p[f.region.ID] != 2_380_000 {
		t.Fatalf("Populations(2023) = %v", p)
	}
	p, err = db.Populations(ctx, 2022)
	mustOK(t, err)
	if len(p) != 0 {
		t.Fatalf("Populations(2022) = %v, want empty", p)
	}

	// The replacement is audited with the old figure.
	ev, err := db.FindAuditEvents(ctx, sqldb.AuditFilter{Entity: "organisation", EntityID: f.region.ID, Limit: 1})
	mustOK(t, err)
	if len(ev) != 1 || ev[0].Action != "region.population.set" || ev[0].Before == "" || ev[0].After == "" {
		t.Fatalf("last audit event of the region = %+v", ev)
	}

	wantCode(t, db.SetPopulation(ctx, sys, tillit.RegionPopulation{RegionID: f.supplier.ID, Year: 2024, Population: 5}), tillit.EINVALID)
	wantCode(t, db.SetPopulation(ctx, sys, tillit.RegionPopulation{RegionID: 999999, Year: 2024, Population: 5}), tillit.ENOTFOUND)
	wantFields(t, db.SetPopulation(ctx, sys, tillit.RegionPopulation{RegionID: f.region.ID, Year: 2024, Population: -1}), "population")
	wantFields(t, db.SetPopulation(ctx, sys, tillit.RegionPopulation{RegionID: f.region.ID, Year: 1999, Population: 1}), "year")
	p, err = db.Populations(ctx, 2024)
	mustOK(t, err)
	if p[f.region.ID] != 2_450_000 {
		t.Fatalf("population changed by failed calls: %v", p)
	}
}

// Several people entering the same region's figure at once: every call
// succeeds and one row remains. Several rounds, so later ones run on warm
// pool connections and really overlap.
func TestSetPopulationConcurrent(t *testing.T) {
	f := newFixture(t)
	const n = 8
	for year := 2030; year < 2035; year++ {
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = f.db.SetPopulation(ctx, sys, tillit.RegionPopulation{RegionID: f.region.ID, Year: year, Population: int64(1000 + i)})
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("%d: SetPopulation %d: %v", year, i, err)
			}
		}
		p, err := f.db.Populations(ctx, year)
		mustOK(t, err)
		if v := p[f.region.ID]; len(p) != 1 || v < 1000 || v >= 1000+n {
			t.Fatalf("Populations(%d) = %v", year, p)
		}
	}
	v, err := f.db.VerifyAudit(ctx)
	mustOK(t, err)
	if v.BrokenID != 0 || v.Checked != 4+5*n {
		t.Fatalf("VerifyAudit = %+v, want %d events checked", v, 4+5*n)
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestCategories(t *testing.T) {
	f := newFixture(t)
	db := f.db
	skane := createOrg(t, db, tillit.OrgRegion, "Region Skåne", "12")

	c := &tillit.Category{
		Code: "surgical-instruments", NameSV: "Kirurgiska instrument", NameEN: "Surgical instruments",
		Responsible: []tillit.Responsibility{
			{RegionID: skane.ID, ValidFrom: date(2023, 1, 1)},                               // open-ended
			{RegionID: f.region.ID, ValidFrom: date(2019, 6, 1), ValidTo: date(2023, 1, 1)}, // ended
		},
	}
	mustOK(t, db.CreateCategory(ctx, sys, c))
	if c.ID == 0 || c.Responsible[0].CategoryID != c.ID || c.Responsible[0].RegionName != "Region Skåne" {
		t.Fatalf("created category %+v", c)
	}
	mustOK(t, db.CreateCategory(ctx, sys, &tillit.Category{Code: "gloves", NameSV: "Handskar", NameEN: "Gloves"}))

	cats, err := db.FindCategories(ctx)
	mustOK(t, err)
	if len(cats) != 2 || cats[0].Code != "gloves" || cats[1].Code != "surgical-instruments" {
		t.Fatalf("FindCategories = %+v, want gloves then surgical-instruments (by Swedish name)", cats)
	}
	if len(cats[0].Responsible) != 0 {
		t.Errorf("gloves has responsibilities %+v", cats[0].Responsible)
	}
	got := cats[1]
	if got.ID != c.ID || got.NameSV != c.NameSV || got.NameEN != c.NameEN || got.Name("en") != "Surgical instruments" {
		t.Fatalf("category read back as %+v", got)
	}
	// Ordered by county code: Stockholm (01) before Skåne (12).
	want := []tillit.Responsibility{
		{CategoryID: c.ID, RegionID: f.region.ID, RegionName: "Region Stockholm", ValidFrom: date(2019, 6, 1), ValidTo: date(2023, 1, 1)},
		{CategoryID: c.ID, RegionID: skane.ID, RegionName: "Region Skåne", ValidFrom: date(2023, 1, 1)},
	}
	if len(got.Responsible) != len(want) {
		t.Fatalf("responsibilities = %+v, want %+v", got.Responsible, want)
	}
	for i, r := range got.Responsible {
		w := want[i]
		if r.CategoryID != w.CategoryID || r.RegionID != w.RegionID || r.RegionName != w.RegionName ||
			!r.ValidFrom.Equal(w.ValidFrom) || !r.ValidTo.Equal(w.ValidTo) || r.ValidTo.IsZero() != w.ValidTo.IsZero() {
			t.Errorf("responsibility %d = %+v, want %+v", i, r, w)
		}
	}

	responsible := func(d time.Time) []int64 {
		var ids []int64
		for _, r := range got.ResponsibleOn(d) {
			ids = append(ids, r.RegionID)
		}
		return ids
	}
	for _, tt := range []struct {
		day  time.Time
		want []int64
	}{
		{date(2019, 5, 31), nil},
		{date(2019, 6, 1), []int64{f.region.ID}},
		{date(2022, 12, 31), []int64{f.region.ID}},
		{date(2023, 1, 1), []int64{skane.ID}},
		{date(2040, 1, 1), []int64{skane.ID}},
	} {
		ids := responsible(tt.day)
		if len(ids) != len(tt.want) || len(ids) == 1 && ids[0] != tt.want[0] {
			t.Errorf("ResponsibleOn(%s) = %v, want %v", tt.day.Format(time.DateOnly), ids, tt.want)
		}
	}

	t.Run("duplicate code", func(t *testing.T) {
		err := db.CreateCategory(ctx, sys, &tillit.Category{Code: "gloves", NameSV: "Andra handskar", NameEN: "Other gloves"})
		wantCode(t, err, tillit.ECONFLICT)
	})
	t.Run("non-region responsible", func(t *testing.T) {
		err := db.CreateCategory(ctx, sys, &tillit.Category{Code: "textiles", NameSV: "Textil", NameEN: "Textiles",
			Responsible: []tillit.Responsibility{{RegionID: skane.ID, ValidFrom: date(2024, 1, 1)}, {RegionID: f.supplier.ID, ValidFrom: date(2024, 1, 1)}}})
		wantCode(t, err, tillit.EINVALID)
	})
	t.Run("unknown region", func(t *testing.T) {
		err := db.CreateCategory(ctx, sys, &tillit.Category{Code: "textiles", NameSV: "Textil", NameEN: "Textiles",
			Responsible: []tillit.Responsibility{{RegionID: 999999, ValidFrom: date(2024, 1, 1)}}})
		wantCode(t, err, tillit.ENOTFOUND)
	})
	t.Run("invalid", func(t *testing.T) {
		wantFields(t, db.CreateCategory(ctx, sys, &tillit.Category{Code: "Bad Code", NameSV: "x", NameEN: "x"}), "code")
		wantFields(t, db.CreateCategory(ctx, sys, &tillit.Category{Code: "x"}), "name_sv", "name_en")
		wantFields(t, db.CreateCategory(ctx, sys, &tillit.Category{Code: "x", NameSV: "x", NameEN: "x",
			Responsible: []tillit.Responsibility{{RegionID: skane.ID, ValidFrom: date(2024, 1, 1), ValidTo: date(2024, 1, 1)}}}), "valid_to")
	})
	// None of the failures left a category or responsibility behind.
	cats, err = db.FindCategories(ctx)
	mustOK(t, err)
	if len(cats) != 2 || len(cats[0].Responsible)+len(cats[1].Responsible) != 2 {
		t.Fatalf("after failures: %+v", cats)
	}
}
