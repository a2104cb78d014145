package scale

import (
	"container/heap"
	"context"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
)

// Sink receives the data set in the order it happened: every record and
// every follow-up change at its time, ties in a fixed order. A record
// refers only to records received before it, by the ids the Sink set.
type Sink interface {
	Organisation(at time.Time, o *tillit.Organisation) error
	Supplier(at time.Time, s *tillit.Supplier) error
	Category(at time.Time, c *tillit.Category) error
	User(at time.Time, u *tillit.User, passwordHash string) error
	Contract(at time.Time, c *tillit.Contract) error
	Site(at time.Time, s *tillit.ProductionSite) error
	// FollowUpOpened gets a follow-up when it opens, whole: its steps and
	// its final state. The sink sets fu.Final.ID.
	FollowUpOpened(fu *FollowUp) error
	// FollowUpStep gets step i (1 or more) of a follow-up when its time
	// comes.
	FollowUpStep(fu *FollowUp, i int) error
}

// Summary counts what was generated.
type Summary struct {
	Size             Size
	Seed             uint64
	From, To         time.Time
	Organisations    int // every kind
	BuyingOrgs       int
	Suppliers        int
	Contracts        int
	Sites            int
	Users            int
	FollowUps        int
	OpenFollowUps    int // still open at the end
	Events           int // follow-up events (each is also an audit event)
	Deviations       int
	Audits           int
	LargestContracts int // contracts of the largest supplier
	EventsByYear     map[int]int
	BusiestYear      int // the year with the most follow-up events
}

// Progress reports how far Generate has come.
type Progress struct {
	Records   int // master records emitted
	FollowUps int // follow-ups opened
	Events    int // follow-up events emitted
	Elapsed   time.Duration
}

// Generate makes the data set of opt and hands it to sink. progress, when
// not nil, is called now and then.
func Generate(ctx context.Context, opt Options, sink Sink, progress func(Progress)) (Summary, error) {
	started := time.Now()
	if opt.Size.FollowUps > 0 && opt.Size.Contracts == 0 {
		return Summary{}, fmt.Errorf("scale: follow-ups need contracts")
	}
	w := newWorld(opt)
	sum := Summary{Size: opt.Size, Seed: opt.Seed, From: w.start, To: w.end, EventsByYear: map[int]int{},
		Organisations: 1 + len(w.buyers) + len(w.auditFirms) + len(w.suppliers), BuyingOrgs: len(w.buyers),
		Suppliers: len(w.suppliers), Contracts: len(w.contracts), Sites: len(w.sites), Users: len(w.people)}
	if len(w.byRank) > 0 {
		for _, c := range w.contracts {
			if c.sup == w.byRank[0] {
				sum.LargestContracts++
			}
		}
	}
	var pending steps
	mi, oi := 0, 0
	var prog Progress
	report := func() {
		if progress != nil {
			prog.Elapsed = time.Since(started)
			progress(prog)
		}
	}
	for n := 0; ; n++ {
		if n%10_000 == 0 {
			if err := ctx.Err(); err != nil {
				return sum, err
			}
			if n%200_000 == 0 {
				report()
			}
		}
		// The earliest of: the next record, the next opening, the next
		// step of an open follow-up; records first on a tie, then
		// openings.
		const (
			none = iota
			record
			opening
			step
		)
		src, at := none, time.Time{}
		if mi < len(w.items) {
			src, at = record, w.items[mi].at
		}
		if oi < len(w.opens) && (src == none || w.opens[oi].at.Before(at)) {
			src, at = opening, w.opens[oi].at
		}
		if len(pending) > 0 && (src == none || pending[0].at.Before(at)) {
			src = step
		}
		switch src {
		case none:
			report()
			for y, n := range sum.EventsByYear {
				if n > sum.EventsByYear[sum.BusiestYear] || n == sum.EventsByYear[sum.BusiestYear] && y > sum.BusiestYear {
					sum.BusiestYear = y
				}
			}
			return sum, nil
		case record:
			if err := w.items[mi].emit(sink); err != nil {
				return sum, fmt.Errorf("scale: record %d: %w", mi, err)
			}
			mi++
			prog.Records++
		case opening:
			fu, err := w.followUp(oi, w.opens[oi])
			if err != nil {
				return sum, fmt.Errorf("scale: %w", err)
			}
			oi++
			if err := sink.FollowUpOpened(fu); err != nil {
				return sum, fmt.Errorf("scale: follow-up %d: %w", fu.Index, err)
			}
			sum.FollowUps++
			sum.Events += len(fu.Steps)
			sum.Deviations += len(fu.Final.Deviations)
			sum.Audits += len(fu.Final.Audits)
			if fu.Final.Status == tillit.FollowUpOpen {
				sum.OpenFollowUps++
			}
			for _, s := range fu.Steps {
				sum.EventsByYear[s.At.In(stockholm).Year()]++
			}
			prog.FollowUps++
			prog.Events++
			if len(fu.Steps) > 1 {
				heap.Push(&pending, pendingStep{at: fu.Steps[1].At, fu: fu, i: 1})
			}
		case step:
			p := heap.Pop(&pending).(pendingStep)
			if err := sink.FollowUpStep(p.fu, p.i); err != nil {
				return sum, fmt.Errorf("scale: follow-up %d step %d: %w", p.fu.Index, p.i, err)
			}
			prog.Events++
			if p.i+1 < len(p.fu.Steps) {
				heap.Push(&pending, pendingStep{at: p.fu.Steps[p.i+1].At, fu: p.fu, i: p.i + 1})
			}
		}
	}
}

// pendingStep is the next step of an open follow-up.
type pendingStep struct {
	at time.Time
	fu *FollowUp
	i  int
}

// steps orders pending steps by time, then by follow-up.
type steps []pendingStep

func (q steps) Len() int { return len(q) }
func (q steps) Less(i, j int) bool {
	if c := q[i].at.Compare(q[j].at); c != 0 {
		return c < 0
	}
	return q[i].fu.Index < q[j].fu.Index
}
func (q steps) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *steps) Push(x any)   { *q = append(*q, x.(pendingStep)) }
func (q *steps) Pop() any {
	old := *q
	p := old[len(old)-1]
	*q = old[:len(old)-1]
	return p
}
