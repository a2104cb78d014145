package sqldb_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// auditWorld makes a handful of audited changes of different kinds and
// returns how many events they wrote.
func auditWorld(t *testing.T, db *sqldb.DB, c *clock) int {
	t.Helper()
	region := createOrg(t, db, tillit.OrgRegion, "Region Uppsala", "03") // 1
	c.Add(time.Second)
	createOrg(t, db, tillit.OrgSupplier, "Gloves Ltd", "") // 2
	c.Add(time.Second)
	u := createUser(t, db, "coord@uppsala.se", "secret-hash", tillit.Membership{OrgID: region.ID, Role: tillit.RoleCoordinator}) // 3
	c.Add(time.Second)
	mustOK(t, db.SetPopulation(ctx, sys, tillit.RegionPopulation{RegionID: region.ID, Year: 2024, Population: 400000})) // 4
	c.Add(time.Second)
	mustOK(t, db.CreateCategory(ctx, tillit.ActorOf(u), &tillit.Category{Code: "gloves", NameSV: "Handskar", NameEN: "Gloves",
		Responsible: []tillit.Responsibility{{RegionID: region.ID, ValidFrom: date(2024, 1, 1)}}})) // 5
	_, err := db.CreateSession(ctx, u.ID, "192.0.2.7", "ua") // 6
	mustOK(t, err)
	_, _, err = db.CreateAPIToken(ctx, tillit.ActorOf(u), u.ID, "script") // 7
	mustOK(t, err)
	return 7
}

func TestAuditTrail(t *testing.T) {
	db := sqldbtest.Open(t)
	c := withClock(db)
	n := auditWorld(t, db, c)

	v, err := db.VerifyAudit(ctx)
	mustOK(t, err)
	if v.Checked != int64(n) || v.BrokenID != 0 || v.Problem != "" {
		t.Fatalf("VerifyAudit = %+v, want %d checked and no break", v, n)
	}

	all, err := db.FindAuditEvents(ctx, sqldb.AuditFilter{})
	mustOK(t, err)
	if len(all) != n {
		t.Fatalf("FindAuditEvents: %d events, want %d", len(all), n)
	}
	wantActions := []string{"token.create", "user.signin", "category.create", "region.population.set", "user.create", "organisation.create", "organisation.create"}
	for i, e := range all {
		if e.ID != int64(n-i) || e.Action != wantActions[i] {
			t.Errorf("event %d: id %d action %s, want id %d action %s", i, e.ID, e.Action, n-i, wantActions[i])
		}
		if e.Hash == "" || i+1 < len(all) && e.PrevHash != all[i+1].Hash {
			t.Errorf("event %d does not link to the one before", e.ID)
		}
		if strings.Contains(e.After, "secret-hash") || strings.Contains(e.Before, "secret-hash") {
			t.Errorf("event %d holds the password hash: %s", e.ID, e.After)
		}
	}
	first := all[n-1]
	if first.PrevHash != "" || first.ActorID != 0 || first.ActorLabel != "system: sqldb test" || first.Entity != "organisation" ||
		first.EntityID != 1 || first.Before != "" || !strings.Contains(first.After, "Region Uppsala") || !first.At.Equal(t0) {
		t.Errorf("first event = %+v", first)
	}
	if cat := all[2]; cat.ActorID == 0 || cat.ActorLabel != "coord@uppsala.se" {
		t.Errorf("category event actor = %d %q", cat.ActorID, cat.ActorLabel)
	}

	// Filters and keyset paging.
	page, err := db.FindAuditEvents(ctx, sqldb.AuditFilter{Limit: 3})
	mustOK(t, err)
	if len(page) != 3 || page[0].ID != 7 || page[2].ID != 5 {
		t.Fatalf("first page: %v", ids(page))
	}
	page, err = db.FindAuditEvents(ctx, sqldb.AuditFilter{Limit: 3, BeforeID: page[2].ID})
	mustOK(t, err)
	if len(page) != 3 || page[0].ID != 4 || page[2].ID != 2 {
		t.Fatalf("second page: %v", ids(page))
	}
	orgs, err := db.FindAuditEvents(ctx, sqldb.AuditFilter{Entity: "organisation"})
	mustOK(t, err)
	if got := ids(orgs); got != "4,2,1" {
		t.Fatalf("organisation events: %s, want 4,2,1", got)
	}
	one, err := db.FindAuditEvents(ctx, sqldb.AuditFilter{Entity: "organisation", EntityID: 1})
	mustOK(t, err)
	if got := ids(one); got != "4,1" {
		t.Fatalf("organisation 1 events: %s, want 4,1", got)
	}
}

func ids(es []tillit.AuditEvent) string {
	var s []string
	for _, e := range es {
		s = append(s, fmt.Sprint(e.ID))
	}
	return strings.Join(s, ",")
}

// Tampering with the stored trail, as someone with database access could,
// is found by VerifyAudit.
func TestAuditTamper(t *testing.T) {
	tests := []struct {
		name     string
		sql      string
		brokenID int64
		checked  int64
	}{
		{"content changed", "UPDATE audit_events SET after_json = '{}' WHERE id = 3", 3, 2},
		{"actor changed", "UPDATE audit_events SET actor_label = 'someone else' WHERE id = 5", 5, 4},
		{"time changed", "UPDATE audit_events SET at = at + INTERVAL '1 hour' WHERE id = 2", 2, 1},
		{"middle event deleted", "DELETE FROM audit_events WHERE id = 3", 4, 2},
		{"first event deleted", "DELETE FROM audit_events WHERE id = 1", 2, 0},
		{"last event deleted", "DELETE FROM audit_events WHERE id = 7", 7, 6},
		{"all events deleted", "DELETE FROM audit_events", 1, 0},
		{"event appended outside the store", `INSERT INTO audit_events (id, at, actor_label, action, entity, entity_id, prev_hash, hash)
			SELECT 8, at, actor_label, action, entity, entity_id, hash, hash FROM audit_events WHERE id = 7`, 8, 7},
		{"chain rewritten from an event on", "UPDATE audit_events SET prev_hash = 'x' WHERE id = 6", 6, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, dsn := openDSN(t)
			n := auditWorld(t, db, withClock(db))
			if n != 7 {
				t.Fatalf("world has %d events; the cases assume 7", n)
			}
			q := tt.sql
			if !isPostgresDSN(dsn) {
				q = strings.ReplaceAll(q, "at + INTERVAL '1 hour'", "'2030-01-01 00:00:00+00:00'")
			}
			if got := rawExec(t, rawDB(t, dsn), q); got == 0 {
				t.Fatalf("%q changed no row", q)
			}
			v, err := db.VerifyAudit(ctx)
			mustOK(t, err)
			if v.BrokenID != tt.brokenID || v.Checked != tt.checked || v.Problem == "" {
				t.Fatalf("VerifyAudit = %+v, want BrokenID %d after %d checked", v, tt.brokenID, tt.checked)
			}
		})
	}
}

// Writers from many goroutines at once still build one unbroken chain; on
// PostgreSQL they run in parallel transactions and meet at the head row.
func TestAuditConcurrentWriters(t *testing.T) {
	db := sqldbtest.Open(t)
	const writers, each = 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	start := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range each {
				o := &tillit.Organisation{Kind: tillit.OrgSupplier, Name: fmt.Sprintf("Supplier %d-%d", w, i)}
				if err := db.CreateOrganisation(ctx, sys, o); err != nil {
					errs <- err
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	v, err := db.VerifyAudit(ctx)
	mustOK(t, err)
	if v.Checked != writers*each || v.BrokenID != 0 {
		t.Fatalf("VerifyAudit = %+v, want %d checked and no break", v, writers*each)
	}
	orgs, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{})
	mustOK(t, err)
	if len(orgs) != writers*each {
		t.Fatalf("%d organisations, want %d", len(orgs), writers*each)
	}
}
