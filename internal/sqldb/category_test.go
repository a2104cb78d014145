package sqldb_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

func isoDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// categoryWorld has medical technology (Blekinge responsible) and ICT,
// whose responsibility passes from Stockholm to Uppsala on 2023-01-01,
// and the product group "imaging and function" in medical technology from
// 2022.
type categoryWorld struct {
	*fixture
	medtech, ict *tillit.Category
	group        *tillit.CategoryGroup
}

func newCategoryWorld(t *testing.T) *categoryWorld {
	t.Helper()
	f := newFixture(t)
	w := &categoryWorld{fixture: f}
	uppsala := createOrg(t, f.db, tillit.OrgRegion, "Region Uppsala", "03")
	blekinge := createOrg(t, f.db, tillit.OrgRegion, "Region Blekinge", "10")
	w.medtech = &tillit.Category{Code: "medical-technology", NameSV: "Medicinteknisk utrustning", NameEN: "Medical technology equipment",
		Responsible: []tillit.Responsibility{{RegionID: blekinge.ID, ValidFrom: isoDay("2022-01-01")}}}
	mustOK(t, f.db.CreateCategory(ctx, sys, w.medtech))
	w.ict = &tillit.Category{Code: "ict", NameSV: "Informationsteknik", NameEN: "Information technology",
		Responsible: []tillit.Responsibility{
			{RegionID: f.region.ID, ValidFrom: isoDay("2022-01-01"), ValidTo: isoDay("2023-01-01")},
			{RegionID: uppsala.ID, ValidFrom: isoDay("2023-01-01")},
		}}
	mustOK(t, f.db.CreateCategory(ctx, sys, w.ict))
	w.group = &tillit.CategoryGroup{Code: "imaging-function", NameSV: "Bild och funktion", NameEN: "Imaging and function",
		Placements: []tillit.GroupPlacement{{CategoryID: w.medtech.ID, ValidFrom: isoDay("2022-01-01")}}}
	mustOK(t, f.db.CreateCategoryGroup(ctx, sys, w.group))
	return w
}

func regionNames(rs []tillit.Responsibility) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.RegionName)
	}
	return strings.Join(out, ", ")
}

func TestCategoryInForceDecidesResponsibleRegions(t *testing.T) {
	w := newCategoryWorld(t)
	reg, err := w.db.FindCategoryRegister(ctx)
	mustOK(t, err)
	ict, ok := reg.Category("ict")
	if !ok {
		t.Fatal("no ict")
	}
	for on, want := range map[string]string{"2022-12-31": "Region Stockholm", "2023-01-01": "Region Uppsala", "2021-12-31": ""} {
		if got := regionNames(reg.InForce(ict, isoDay(on)).Responsible); got != want {
			t.Errorf("ICT on %s: responsible %q, want %q", on, got, want)
		}
	}

	// The annual report names the regions in force at its year's end, and
	// for the current year those of today in Sweden: at half past midnight
	// on New Year's Day in Stockholm it is still 2022 in UTC.
	responsible := func(year int) string {
		rep, err := w.db.AnnualReport(ctx, year)
		mustOK(t, err)
		for _, c := range rep.Categories {
			if c.Code == "ict" {
				return strings.Join(c.Responsible, ", ")
			}
		}
		t.Fatal("ict not in the report")
		return ""
	}
	w.clock.Set(time.Date(2022, 12, 31, 23, 30, 0, 0, time.UTC))
	if got := responsible(2023); got != "Region Uppsala" {
		t.Errorf("2023 report on New Year's night: %q, want Region Uppsala", got)
	}
	if got := responsible(2022); got != "Region Stockholm" {
		t.Errorf("2022 report on New Year's night: %q, want Region Stockholm", got)
	}
	w.clock.Set(time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC))
	if got := responsible(2022); got != "Region Stockholm" {
		t.Errorf("2022 report afterwards: %q, want Region Stockholm", got)
	}
}

func TestCategoryGroupMovedFrom2023(t *testing.T) {
	w := newCategoryWorld(t)
	w.clock.Set(time.Date(2022, 11, 15, 10, 0, 0, 0, time.UTC))
	moved, err := w.db.MoveCategoryGroup(ctx, sys, w.group.ID, w.ict.ID, isoDay("2023-01-01"))
	mustOK(t, err)
	if len(moved.Placements) != 2 {
		t.Fatalf("after the move: %+v", moved.Placements)
	}
	reg, err := w.db.FindCategoryRegister(ctx)
	mustOK(t, err)
	for on, want := range map[string]string{"2022-12-31": "medical-technology", "2023-01-01": "ict", "2030-01-01": "ict"} {
		c, ok := reg.CategoryOfGroup("imaging-function", isoDay(on))
		if !ok || c.Code != want {
			t.Errorf("imaging and function on %s: %v %v, want %s", on, c, ok, want)
		}
	}
	if gs := reg.GroupsOn(w.medtech.ID, isoDay("2023-01-01")); len(gs) != 0 {
		t.Errorf("medical technology keeps %v in 2023", gs)
	}

	// Audited as one change, with the placements before and after.
	events, err := w.db.FindAuditEvents(ctx, sqldb.AuditFilter{Entity: "category_group", EntityID: w.group.ID})
	mustOK(t, err)
	if len(events) != 2 || events[0].Action != "category_group.move" || events[1].Action != "category_group.create" {
		t.Fatalf("audit: %+v", events)
	}
	var before, after tillit.CategoryGroup
	mustOK(t, json.Unmarshal([]byte(events[0].Before), &before))
	mustOK(t, json.Unmarshal([]byte(events[0].After), &after))
	if len(before.Placements) != 1 || !before.Placements[0].ValidTo.IsZero() || len(after.Placements) != 2 ||
		!after.Placements[0].ValidTo.Equal(isoDay("2023-01-01")) || after.Placements[1].CategoryID != w.ict.ID {
		t.Errorf("audited before %+v after %+v", before.Placements, after.Placements)
	}

	// Moving again from the same day, or to where it already is, is refused
	// with a sentence and changes nothing.
	_, err = w.db.MoveCategoryGroup(ctx, sys, w.group.ID, w.medtech.ID, isoDay("2023-01-01"))
	wantCode(t, err, tillit.EINVALID)
	if got := tillit.ErrorMessage(err).String(); got != "The group's placement begins on 2023-01-01; a move must take effect after that day." {
		t.Errorf("same-day move: %q", got)
	}
	_, err = w.db.MoveCategoryGroup(ctx, sys, w.group.ID, w.ict.ID, isoDay("2024-01-01"))
	wantCode(t, err, tillit.EINVALID)
	_, err = w.db.MoveCategoryGroup(ctx, sys, w.group.ID, 9999, isoDay("2024-01-01"))
	wantCode(t, err, tillit.EINVALID)
	_, err = w.db.MoveCategoryGroup(ctx, sys, 9999, w.ict.ID, isoDay("2024-01-01"))
	wantCode(t, err, tillit.ENOTFOUND)
	reg, err = w.db.FindCategoryRegister(ctx)
	mustOK(t, err)
	if g, _ := reg.Group("imaging-function"); len(g.Placements) != 2 {
		t.Errorf("refused moves changed the placements: %+v", g.Placements)
	}
}

// TestCategoryGroupMoveIsAtomic makes the second half of a move fail (a
// trigger refuses the new placement) and checks that the first half, the
// old placement's end, is undone with it; and that moves racing each other
// leave one placement per day.
func TestCategoryGroupMoveIsAtomic(t *testing.T) {
	db, dsn := openDSN(t)
	f := &fixture{db: db, clock: withClock(db)}
	f.region = createOrg(t, db, tillit.OrgRegion, "Region Stockholm", "01")
	a := &tillit.Category{Code: "a", NameSV: "A", NameEN: "A"}
	b := &tillit.Category{Code: "b", NameSV: "B", NameEN: "B"}
	c := &tillit.Category{Code: "c", NameSV: "C", NameEN: "C"}
	for _, cat := range []*tillit.Category{a, b, c} {
		mustOK(t, db.CreateCategory(ctx, sys, cat))
	}
	g := &tillit.CategoryGroup{Code: "g", NameSV: "G", NameEN: "G", Placements: []tillit.GroupPlacement{{CategoryID: a.ID, ValidFrom: isoDay("2022-01-01")}}}
	mustOK(t, db.CreateCategoryGroup(ctx, sys, g))

	raw := rawDB(t, dsn)
	if isPostgresDSN(dsn) {
		rawExec(t, raw, `CREATE FUNCTION refuse_placement() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql`)
		rawExec(t, raw, `CREATE TRIGGER refuse BEFORE INSERT ON category_group_placements FOR EACH ROW EXECUTE FUNCTION refuse_placement()`)
	} else {
		rawExec(t, raw, `CREATE TRIGGER refuse BEFORE INSERT ON category_group_placements BEGIN SELECT RAISE(ABORT, 'refused'); END`)
	}
	if _, err := db.MoveCategoryGroup(ctx, sys, g.ID, b.ID, isoDay("2023-01-01")); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("move with the insert refused: %v", err)
	}
	if n := rawCount(t, raw, "SELECT count(*) FROM category_group_placements WHERE valid_to IS NULL"); n != 1 {
		t.Fatalf("after a failed move %d placements are open, want the old one still open", n)
	}
	if n := rawCount(t, raw, "SELECT count(*) FROM audit_events WHERE action = 'category_group.move'"); n != 0 {
		t.Fatalf("a failed move was audited %d times", n)
	}
	rawExec(t, raw, "DROP TRIGGER refuse"+map[bool]string{true: " ON category_group_placements", false: ""}[isPostgresDSN(dsn)])

	// Two moves of the same group from the same day, at once: one wins,
	// the other is refused, and no day has two placements.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, to := range []int64{b.ID, c.ID} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = db.MoveCategoryGroup(ctx, sys, g.ID, to, isoDay("2023-01-01"))
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("racing moves: %v / %v; want exactly one refused", errs[0], errs[1])
	}
	reg, err := db.FindCategoryRegister(ctx)
	mustOK(t, err)
	got, _ := reg.Group("g")
	if len(got.Placements) != 2 {
		t.Fatalf("placements after racing moves: %+v", got.Placements)
	}
	mustOK(t, tillit.CheckPlacements(got.Placements))
}

func TestCategoryGroupOverlapRejected(t *testing.T) {
	w := newCategoryWorld(t)
	g := &tillit.CategoryGroup{Code: "infusion", NameSV: "Infusion", NameEN: "Infusion", Placements: []tillit.GroupPlacement{
		{CategoryID: w.medtech.ID, ValidFrom: isoDay("2022-01-01")},
		{CategoryID: w.ict.ID, ValidFrom: isoDay("2023-01-01")},
	}}
	err := w.db.CreateCategoryGroup(ctx, sys, g)
	wantCode(t, err, tillit.EINVALID)
	if got := tillit.ErrorMessage(err).String(); got != "The placement from 2023-01-01 overlaps the one from 2022-01-01: a product group belongs to one category at a time." {
		t.Errorf("overlap: %q", got)
	}
	g.Placements[0].ValidTo = isoDay("2023-01-01")
	mustOK(t, w.db.CreateCategoryGroup(ctx, sys, g))

	dup := &tillit.CategoryGroup{Code: "infusion", NameSV: "X", NameEN: "X", Placements: []tillit.GroupPlacement{{CategoryID: w.ict.ID, ValidFrom: isoDay("2022-01-01")}}}
	wantCode(t, w.db.CreateCategoryGroup(ctx, sys, dup), tillit.ECONFLICT)
	dup.Code, dup.Placements[0].CategoryID = "other", 9999
	err = w.db.CreateCategoryGroup(ctx, sys, dup)
	if _, ok := tillit.ErrorFields(err)["category_id"]; !ok {
		t.Errorf("unknown category: %v", err)
	}

	// One region responsible twice over the same days is refused too.
	twice := &tillit.Category{Code: "twice", NameSV: "Två gånger", NameEN: "Twice", Responsible: []tillit.Responsibility{
		{RegionID: w.region.ID, ValidFrom: isoDay("2022-01-01")}, {RegionID: w.region.ID, ValidFrom: isoDay("2023-01-01")}}}
	wantCode(t, w.db.CreateCategory(ctx, sys, twice), tillit.EINVALID)
}

func TestScopeVersionsStored(t *testing.T) {
	w := newCategoryWorld(t)
	v1 := &tillit.ScopeVersion{CategoryID: w.medtech.ID, ValidFrom: isoDay("2022-01-01"), TextSV: "Med bild och funktion", TextEN: "With imaging and function"}
	v2 := &tillit.ScopeVersion{CategoryID: w.medtech.ID, ValidFrom: isoDay("2023-01-01"), TextSV: "Utan bild och funktion", TextEN: "Without imaging and function"}
	mustOK(t, w.db.AddScopeVersion(ctx, sys, v2)) // added out of order on purpose
	mustOK(t, w.db.AddScopeVersion(ctx, sys, v1))
	err := w.db.AddScopeVersion(ctx, sys, &tillit.ScopeVersion{CategoryID: w.medtech.ID, ValidFrom: isoDay("2023-01-01"), TextSV: "x", TextEN: "x"})
	wantCode(t, err, tillit.ECONFLICT)
	if got := tillit.ErrorFields(err)["valid_from"].String(); got != "The category already has a scope from 2023-01-01; choose another date." {
		t.Errorf("duplicate date: %q", got)
	}
	wantCode(t, w.db.AddScopeVersion(ctx, sys, &tillit.ScopeVersion{CategoryID: 9999, ValidFrom: isoDay("2023-01-01"), TextSV: "x", TextEN: "x"}), tillit.ENOTFOUND)
	wantCode(t, w.db.AddScopeVersion(ctx, sys, &tillit.ScopeVersion{CategoryID: w.medtech.ID}), tillit.EINVALID)

	reg, err := w.db.FindCategoryRegister(ctx)
	mustOK(t, err)
	med, _ := reg.Category("medical-technology")
	for on, want := range map[string]string{"2021-06-01": "", "2022-12-31": "Med bild och funktion", "2023-01-01": "Utan bild och funktion"} {
		got := ""
		if s := reg.InForce(med, isoDay(on)).Scope; s != nil {
			got = s.TextSV
		}
		if got != want {
			t.Errorf("scope on %s: %q, want %q", on, got, want)
		}
	}
	events, err := w.db.FindAuditEvents(ctx, sqldb.AuditFilter{Entity: "category", EntityID: w.medtech.ID})
	mustOK(t, err)
	if len(events) != 3 || events[0].Action != "category.scope_add" {
		t.Errorf("audit: %+v", events)
	}
}

// A questionnaire campaign opens its follow-ups with the regions
// responsible on the Swedish day it is sent.
func TestCampaignUsesTheSwedishDay(t *testing.T) {
	w := newQuestionnaireWorld(t)
	uppsala := createOrg(t, w.db, tillit.OrgRegion, "Region Uppsala", "03")
	ict := &tillit.Category{Code: "ict", NameSV: "Informationsteknik", NameEN: "Information technology",
		Responsible: []tillit.Responsibility{
			{RegionID: w.region.ID, ValidFrom: isoDay("2022-01-01"), ValidTo: isoDay("2023-01-01")},
			{RegionID: uppsala.ID, ValidFrom: isoDay("2023-01-01")},
		}}
	mustOK(t, w.db.CreateCategory(ctx, sys, ict))
	w.clock.Set(time.Date(2022, 12, 31, 23, 30, 0, 0, time.UTC)) // 00:30 on New Year's Day in Stockholm
	_, out, err := w.db.CreateCampaign(ctx, w.officer, tillit.CampaignInput{TemplateID: w.tpl.ID, CategoryID: ict.ID,
		Selection: tillit.SelectByHand, SupplierIDs: []int64{w.supplier.ID}, DueOn: isoDay("2023-02-01")}, false)
	mustOK(t, err)
	if len(out) != 1 || !out[0].Opened {
		t.Fatalf("campaign: %+v", out)
	}
	fu, err := w.db.FindFollowUp(ctx, tillit.Scope{All: true}, out[0].FollowUpID)
	mustOK(t, err)
	if len(fu.ResponsibleRegionIDs) != 1 || fu.ResponsibleRegionIDs[0] != uppsala.ID {
		t.Errorf("responsible regions %v, want Uppsala (%d)", fu.ResponsibleRegionIDs, uppsala.ID)
	}
}
