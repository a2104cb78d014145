package sqldb_test

import (
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

func TestRiskAnalysisStored(t *testing.T) {
	w := newFollowUpWorld(t)
	coord := tillit.ActorOf(w.coordinator)
	w.clock.Set(time.Date(2022, 3, 1, 9, 0, 0, 0, time.UTC))

	a := tillit.NewRiskAnalysis(w.category.ID, 2022, "Kirurgiska instrument", "Instrument för flergångsbruk")
	c := a.Cell(tillit.StageFinalAssembly, tillit.AreaLabourRights)
	c.Likelihood, c.Severity, c.Note, c.Sources = 4, 3, "Barnarbete i underleverantörsled", "Swedwatch 2016"
	a.Countries = []tillit.CountryConcern{{Country: "PK", Reason: "Sialkot"}, {Country: "DE"}}
	a.Products = []tillit.ProductGroup{{Name: "Saxar", Priority: 1}}
	mustOK(t, w.db.CreateRiskAnalysis(ctx, coord, a))
	if a.ID == 0 || a.Version != 1 {
		t.Fatalf("created: %+v", a)
	}
	wantCode(t, w.db.CreateRiskAnalysis(ctx, coord, tillit.NewRiskAnalysis(w.category.ID, 2022, "Kirurgiska instrument", "")), tillit.ECONFLICT)
	wantCode(t, w.db.CreateRiskAnalysis(ctx, coord, tillit.NewRiskAnalysis(9999, 2022, "X", "")), tillit.ENOTFOUND)

	got, err := w.db.FindRiskAnalysis(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	gc := got.Cell(tillit.StageFinalAssembly, tillit.AreaLabourRights)
	if len(got.Cells) != 28 || gc.Score() != 12 || gc.Note != "Barnarbete i underleverantörsled" || got.Category != w.category.NameSV ||
		len(got.Countries) != 2 || got.Countries[0].Country != "PK" || got.Products[0].Name != "Saxar" || got.Status != tillit.RiskDraft {
		t.Errorf("read back: %+v", got)
	}

	// An edit based on an old version is refused; a current one is kept.
	stale := *got
	got.Scope = "Alla kirurgiska instrument"
	mustOK(t, w.db.UpdateRiskAnalysis(ctx, coord, got))
	stale.Scope = "Gammal"
	wantCode(t, w.db.UpdateRiskAnalysis(ctx, coord, &stale), tillit.ECONFLICT)

	rows, err := w.db.FindRiskAnalyses(ctx, sqldb.RiskAnalysisFilter{Year: 2022})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Assessed != 1 || rows[0].VeryHigh != 1 || rows[0].High != 0 || rows[0].Countries != "PK, DE" {
		t.Errorf("list: %+v", rows)
	}

	// Approval freezes the analysis and counts in the year's report.
	w.clock.Set(time.Date(2022, 12, 31, 23, 30, 0, 0, time.UTC)) // 1 January 2023 in Sweden
	if _, err := w.db.ApproveRiskAnalysis(ctx, coord, a.ID, 1); tillit.ErrorCode(err) != tillit.ECONFLICT {
		t.Errorf("approving an old version: %v", err)
	}
	approved, err := w.db.ApproveRiskAnalysis(ctx, coord, a.ID, got.Version)
	if err != nil {
		t.Fatal(err)
	}
	if approved.Status != tillit.RiskApproved || approved.ApprovedBy != w.coordinator.Name {
		t.Errorf("approved: %+v", approved)
	}
	approved.Scope = "Ändrad"
	wantCode(t, w.db.UpdateRiskAnalysis(ctx, coord, approved), tillit.ECONFLICT)
	wantCode(t, w.db.DeleteRiskAnalysis(ctx, coord, a.ID), tillit.ECONFLICT)
	for year, want := range map[int]int{2022: 0, 2023: 1} {
		rep, err := w.db.AnnualReport(ctx, year)
		if err != nil {
			t.Fatal(err)
		}
		if rep.RiskAnalysesApproved == nil || *rep.RiskAnalysesApproved != want {
			t.Errorf("%d: risk analyses approved %v, want %d", year, rep.RiskAnalysesApproved, want)
		}
	}

	// A draft can be deleted.
	d := tillit.NewRiskAnalysis(w.category.ID, 2023, "Utkast", "")
	mustOK(t, w.db.CreateRiskAnalysis(ctx, coord, d))
	mustOK(t, w.db.DeleteRiskAnalysis(ctx, coord, d.ID))
	_, err = w.db.FindRiskAnalysis(ctx, d.ID)
	wantCode(t, err, tillit.ENOTFOUND)

	events, err := w.db.FindAuditEvents(ctx, sqldb.AuditFilter{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range events {
		seen[e.Action]++
	}
	for _, act := range []string{"risk_analysis.created", "risk_analysis.updated", "risk_analysis.approved", "risk_analysis.deleted"} {
		if seen[act] == 0 {
			t.Errorf("no %s in the audit trail", act)
		}
	}
}
