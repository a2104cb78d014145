package bench

import (
	"fmt"
	"io"
	"time"
)

// Markdown writes the report as the tables BENCHMARKS.md holds.
func (r *Report) Markdown(w io.Writer) {
	fmt.Fprintf(w, "Data set: %s; key records %+v\n", r.Dialect, r.Facts)
	fmt.Fprintf(w, "Load average at the start %s, at the end %s.\n\n", r.LoadBefore, r.LoadAfter)
	fmt.Fprintln(w, "| page | stmts/request | stmts (other size) | response | floor p50 | page p50 (1 client) | page ÷ floor |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	for _, p := range r.Pages {
		other := "–"
		if p.QueriesCompare >= 0 {
			other = fmt.Sprint(p.QueriesCompare)
		}
		p50 := time.Duration(0)
		if len(p.Load) > 0 {
			p50 = p.Load[0].P50
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %.1f |\n", p.Name, p.Queries, other, size(p.Bytes),
			ms(p.Floor.P50), ms(p50), p.Ratio())
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| page | clients | requests | req/s | p50 | p95 | p99 | errors |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, p := range r.Pages {
		for _, l := range p.Load {
			fmt.Fprintf(w, "| %s | %d | %d | %.1f | %s | %s | %s | %d |\n", p.Name, l.Clients, l.N, l.PerSecond,
				ms(l.P50), ms(l.P95), ms(l.P99), l.Errors)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "| start-up to first /readyz 200 | %s |\n|---|---:|\n", ms(r.Startup))
	fmt.Fprintf(w, "| resident memory, idle | %.1f MB |\n", float64(r.IdleRSS)/1e6)
	fmt.Fprintf(w, "| resident memory, most under load | %.1f MB |\n", float64(r.LoadRSS)/1e6)
	if i := r.Import; i != nil {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "Contract register of %d rows (%.1f MB CSV) into a fresh tiny data set on SQLite:\n\n", i.Rows, float64(i.FileBytes)/1e6)
		fmt.Fprintln(w, "| write | time | rows/s |\n|---|---:|---:|")
		fmt.Fprintf(w, "| import (read, validate, match, write, audit) | %s | %.0f |\n", ms(i.Import), float64(i.Rows)/i.Import.Seconds())
		fmt.Fprintf(w, "| raw multi-row INSERT of the same rows | %s | %.0f |\n", ms(i.Raw), float64(i.Rows)/i.Raw.Seconds())
		fmt.Fprintf(w, "| import ÷ raw rate | %.0f %% | |\n", 100*i.Share())
	}
}

func ms(d time.Duration) string {
	switch {
	case d == 0:
		return "–"
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	case d < time.Second:
		return fmt.Sprintf("%.0f ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func size(n int) string {
	if n < 10_000 {
		return fmt.Sprintf("%d B", n)
	}
	return fmt.Sprintf("%.0f kB", float64(n)/1000)
}
