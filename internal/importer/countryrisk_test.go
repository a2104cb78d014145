package importer

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// memRisk is a country risk store in memory, for the checks that need no
// database and for fuzzing.
type memRisk struct {
	stored  *tillit.RiskIndex
	written int
}

func (m *memRisk) riskIndex(context.Context, string) (*tillit.RiskIndex, error) { return m.stored, nil }
func (m *memRisk) writeCountryRisk(_ context.Context, _ tillit.Actor, imp sqldb.CountryRiskImport, _ sqldb.ImportSummary) (int64, error) {
	m.written += len(imp.Scores)
	return 1, nil
}

// testIndex is a made-up index: 0–100, high scores mean high risk.
func testIndex() tillit.RiskIndex {
	x := tillit.RiskIndex{Name: "Testindex 2024", Year: 2024, Source: "Invented for the tests.", ScaleMin: 0, ScaleMax: 100, HighIsRisky: true}
	x.DefaultThresholds()
	return x
}

func TestCountryRiskRows(t *testing.T) {
	stored := testIndex()
	stored.ID = 7
	stored.Scores = map[string]float64{"SE": 10, "PK": 70}
	file := "Land;Värde\n" +
		"SE;10\n" + // 2: unchanged
		"Pakistan;71,5\n" + // 3: updated
		"Kina;80\n" + // 4: created
		"XX;5\n" + // 5: no country
		"DE;abc\n" + // 6: no number
		"FR;101\n" + // 7: off the scale
		"SE;12\n" + // 8: listed twice
		";3\n" + // 9: no country
		"NO;\n" // 10: no score
	tests := []struct {
		name      string
		opts      Options
		wantWrite int
	}{
		{"a file with problems writes nothing", Options{}, 0},
		{"only the valid rows", Options{OnlyValid: true}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &memRisk{stored: &stored}
			rep, err := importCountryRisk(context.Background(), m, sys, testIndex(), strings.NewReader(file), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Unchanged != 1 || rep.Updated != 1 || rep.Created != 1 || rep.Skipped != 6 {
				t.Fatalf("unchanged %d updated %d created %d skipped %d", rep.Unchanged, rep.Updated, rep.Created, rep.Skipped)
			}
			if m.written != tt.wantWrite {
				t.Fatalf("wrote %d scores, want %d", m.written, tt.wantWrite)
			}
			want := map[int]string{
				5:  "Land (A): XX is not a country in ISO 3166-1.",
				6:  "Värde (B): abc is not a number.",
				7:  "Värde (B): The score 101 is off the index's scale, which runs from 0 to 100.",
				8:  "Land (A): SE is listed more than once in the file, also on line 2.",
				9:  "Land (A): Enter the country",
				10: "Värde (B): Enter the country's score.",
			}
			for line, w := range want {
				got := ""
				for _, p := range rep.Problems {
					if p.Line == line {
						got += p.Column + " (" + p.Cell + "): " + p.Msg.String()
					}
				}
				if !strings.HasPrefix(got, w) {
					t.Errorf("line %d: %q, want it to start %q", line, got, w)
				}
			}
		})
	}
}

func TestCountryRiskIndexDescription(t *testing.T) {
	bad := testIndex()
	bad.ThresholdHigh = bad.ThresholdVeryHigh + 1
	if _, err := importCountryRisk(context.Background(), &memRisk{}, sys, bad, strings.NewReader("Country,Score\nSE,1\n"), Options{}); tillit.ErrorCode(err) != tillit.EINVALID {
		t.Fatalf("thresholds out of order: %v, want EINVALID", err)
	}
	// A changed description alone is a change to write.
	stored := testIndex()
	stored.ID, stored.Source, stored.Scores = 7, "An older source.", map[string]float64{"SE": 1}
	m := &memRisk{stored: &stored}
	rep, err := importCountryRisk(context.Background(), m, sys, testIndex(), strings.NewReader("Country,Score\nSE,1\n"), Options{})
	if err != nil || !rep.Written || rep.Unchanged != 1 {
		t.Fatalf("written %v, unchanged %d, %v", rep.Written, rep.Unchanged, err)
	}
}

func TestRiskLevels(t *testing.T) {
	high := testIndex() // 25, 50, 75
	low := tillit.RiskIndex{ScaleMin: 0, ScaleMax: 10, HighIsRisky: false}
	low.DefaultThresholds() // 7.5, 5, 2.5
	tests := []struct {
		x     *tillit.RiskIndex
		score float64
		want  tillit.RiskLevel
	}{
		{&high, 0, tillit.RiskLow}, {&high, 24.9, tillit.RiskLow}, {&high, 25, tillit.RiskMedium},
		{&high, 50, tillit.RiskHigh}, {&high, 74.99, tillit.RiskHigh}, {&high, 75, tillit.RiskVeryHigh}, {&high, 100, tillit.RiskVeryHigh},
		{&low, 10, tillit.RiskLow}, {&low, 7.5, tillit.RiskMedium}, {&low, 5, tillit.RiskHigh}, {&low, 2.5, tillit.RiskVeryHigh}, {&low, 0, tillit.RiskVeryHigh},
	}
	for _, tt := range tests {
		if got := tt.x.Level(tt.score); got != tt.want {
			t.Errorf("score %v (high is risky %v): %s, want %s", tt.score, tt.x.HighIsRisky, got, tt.want)
		}
	}
}

// FuzzCountryRisk feeds the country risk import arbitrary files; seeds
// are in testdata/fuzz/FuzzCountryRisk. No panic, every problem a
// sentence on a row's line, every refused row with a problem.
func FuzzCountryRisk(f *testing.F) {
	f.Add([]byte("Land;Värde\nSE;10\nPakistan;71,5\n"))
	f.Add([]byte("country,score\nXX,1\nDE,abc\n,\nSE,200\nSE,3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		stored := testIndex()
		stored.ID, stored.Scores = 7, map[string]float64{"SE": 10}
		m := &memRisk{stored: &stored}
		rep, err := importCountryRisk(context.Background(), m, sys, testIndex(), bytes.NewReader(data), Options{MaxRows: 1000, OnlyValid: true})
		if err != nil {
			t.Fatal(err)
		}
		lines := map[int]bool{}
		for _, row := range rep.Rows {
			lines[row.Line] = true
		}
		problemLines := map[int]bool{}
		for _, p := range rep.Problems {
			s := p.Msg.String()
			if !utf8.ValidString(s) || len(s) < 10 || !strings.HasSuffix(s, ".") || strings.Contains(s, "%!") {
				t.Errorf("problem is not a sentence: %q", s)
			}
			if p.Line > 0 && len(rep.Rows) > 0 && !lines[p.Line] && !rep.FileProblem() {
				t.Errorf("problem on line %d, which is no row: %q", p.Line, s)
			}
			problemLines[p.Line] = true
		}
		for _, row := range rep.Rows {
			if (row.Outcome == Skipped) != problemLines[row.Line] {
				t.Errorf("line %d is %s with problems %v", row.Line, row.Outcome, problemLines[row.Line])
			}
		}
		if len(rep.Rows) == 0 && len(rep.Problems) == 0 {
			t.Errorf("no rows and no problem")
		}
		if m.written > rep.Created+rep.Updated {
			t.Errorf("%d scores written for %d created and %d updated", m.written, rep.Created, rep.Updated)
		}
	})
}
