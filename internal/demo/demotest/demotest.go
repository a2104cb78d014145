// Package demotest gives tests the published figures the demo year must
// reproduce (internal/demo/testdata/report-2022.json). It is imported only
// by tests.
package demotest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Reference2022 is the collaboration's published activity report for 2022,
// as figures. Amounts are whole SEK; suppliers are in the report's order.
type Reference2022 struct {
	Year     int            `json:"year"`
	FollowUp map[string]int `json:"followup"`
	// RiskAnalysesApproved and PeopleTrained come from the risk analysis
	// and training registers.
	RiskAnalysesApproved int      `json:"risk_analyses_approved"`
	PeopleTrained        int      `json:"people_trained"`
	AuditsStarted        []string `json:"audits_started"`
	AuditsClosed         []string `json:"audits_closed"`
	Finance              struct {
		OpeningBalance int64 `json:"opening_balance"`
		Contributions  []struct {
			CountyCode string `json:"county_code"`
			Amount     int64  `json:"amount"`
		} `json:"contributions"`
		IncomeTotal int64 `json:"income_total"`
		Costs       []struct {
			Type   string `json:"type"`
			Amount int64  `json:"amount"`
		} `json:"costs"`
		CostTotal      int64 `json:"cost_total"`
		ClosingBalance int64 `json:"closing_balance"`
	} `json:"finance"`
	// Responsible lists each category's responsible regions (by the
	// category's Swedish name), in county-code order.
	Responsible map[string][]string `json:"responsible"`
}

// Reference reads the reference figures, wherever the test runs from.
func Reference(t testing.TB) Reference2022 {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("demotest: cannot locate the reference file")
	}
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "testdata", "report-2022.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref Reference2022
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	return ref
}
