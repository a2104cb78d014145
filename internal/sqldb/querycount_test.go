package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

func TestQueryCounter(t *testing.T) {
	db := sqldbtest.Open(t)
	before := db.Queries()
	cctx, counter := sqldb.WithQueryCounter(context.Background())
	lctx, log := sqldb.WithQueryLog(context.Background())
	if _, err := db.FindOrganisations(cctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindOrganisations(lctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion}); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateOrganisation(lctx, sys, &tillit.Organisation{Kind: tillit.OrgAuditFirm, Name: "Counted"}); err != nil {
		t.Fatal(err)
	}
	if counter.Count() != 1 {
		t.Errorf("counter: %d statements, want 1", counter.Count())
	}
	sts := log.Statements()
	// The read, then the insert and the audit trail's three.
	if log.Count() != 5 || len(sts) != 5 {
		t.Fatalf("log: %d statements, %v", log.Count(), sts)
	}
	if !strings.Contains(sts[0].SQL, "FROM organisations") || sts[0].Args[0] != tillit.OrgRegion {
		t.Errorf("first statement %+v", sts[0])
	}
	if db.Dialect() == sqldb.Postgres && !strings.Contains(sts[0].SQL, "$1") {
		t.Errorf("statements are recorded as the engine runs them, rebound: %s", sts[0].SQL)
	}
	if got := db.Queries() - before; got != 6 {
		t.Errorf("the database counted %d statements, want 6", got)
	}
}

func TestRunBare(t *testing.T) {
	db := sqldbtest.Open(t)
	for _, name := range []string{"B", "A"} {
		if err := db.CreateOrganisation(ctx, sys, &tillit.Organisation{Kind: tillit.OrgAuditFirm, Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	lctx, log := sqldb.WithQueryLog(ctx)
	if _, err := db.FindOrganisations(lctx, sqldb.OrganisationFilter{Kind: tillit.OrgAuditFirm}); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	n, err := db.RunBare(ctx, log.Statements(), &b)
	if err != nil || n != 2 {
		t.Fatalf("%d rows, %v", n, err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "2\taudit_firm\tA\t") {
		t.Errorf("rows:\n%s", b.String())
	}
}
