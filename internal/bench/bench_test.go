package bench

import (
	"strings"
	"testing"
	"time"

	"github.com/tillit-project/tillit/internal/scale"
)

func TestSummarise(t *testing.T) {
	var lat []time.Duration
	for i := 100; i >= 1; i-- {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	s := summarise(lat, 2, 10*time.Second)
	want := Stats{N: 100, Errors: 2, P50: 50 * time.Millisecond, P95: 95 * time.Millisecond, P99: 99 * time.Millisecond,
		Max: 100 * time.Millisecond, PerSecond: 10}
	if s != want {
		t.Errorf("summarise = %+v, want %+v", s, want)
	}
	if s := summarise(nil, 3, time.Second); s.N != 0 || s.Errors != 3 {
		t.Errorf("no latencies: %+v", s)
	}
}

func TestMarkdown(t *testing.T) {
	r := &Report{Startup: 27 * time.Millisecond, IdleRSS: 34e6, LoadRSS: 500e6, Pages: []PageResult{{
		Page: scale.Page{Name: "supplier page"}, Queries: 16, QueriesCompare: 16, Bytes: 2_800_000,
		Floor: Stats{P50: 95 * time.Millisecond},
		Load:  []LoadStats{{Clients: 1, Stats: Stats{N: 44, P50: 228 * time.Millisecond, PerSecond: 4.4}}},
	}}}
	var b strings.Builder
	r.Markdown(&b)
	for _, want := range []string{"| supplier page | 16 | 16 | 2800 kB | 95 ms | 228 ms | 2.4 |", "| supplier page | 1 | 44 | 4.4 | 228 ms |", "| 27 ms |", "34.0 MB"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

// TestCompareImport runs the import comparison on a small file; each
// write must add exactly the file's contracts (CompareImport checks).
func TestCompareImport(t *testing.T) {
	res, err := CompareImport(t.Context(), t.TempDir(), 2000, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 2000 || res.Import <= 0 || res.Raw <= 0 || res.Share() <= 0 {
		t.Errorf("result %+v", res)
	}
	t.Logf("import %v, raw %v: %.0f %%", res.Import, res.Raw, 100*res.Share())
}
