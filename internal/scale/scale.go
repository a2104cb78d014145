// Package scale generates a synthetic data set of any size, up to the
// European consortium the design must hold (issue 6): ~300 buying
// organisations, 50 000 suppliers, 500 000 contracts, 200 000 production
// sites and 100 000 follow-ups with ~1 000 000 deviations over ten years,
// with the skew of real procurement (a few large suppliers hold many
// contracts and get most follow-ups).
//
// The data set is a pure function of the seed and the size. Follow-ups are
// real: each is made by the domain methods (tillit.OpenFollowUp,
// SendSelfAssessment, PlanAudit, RecordDeviation, ApproveAction, Close …)
// step by step, so its document, rows and events are what the store would
// hold had people made those changes through the pages. Generate hands
// everything, in the order it happened, to a Sink; Load is the Sink that
// writes it in bulk (sqldb.Bulk), and the tests replay the same stream
// through the ordinary store methods and compare the databases.
package scale

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // the data is dated in Swedish time wherever it runs

	"github.com/tillit-project/tillit"
)

// Size says how much to generate. The counts are targets: contracts,
// sites and follow-ups are exact, deviations come out near the target
// (they are drawn per audit), and follow-ups opened near the end are still
// open, as in real data.
type Size struct {
	Name       string
	BuyingOrgs int // buying organisations, the 21 Swedish regions included; never fewer than 21
	Suppliers  int
	Contracts  int
	Sites      int
	FollowUps  int
	Deviations int
	News       int // published on the public site, over the ten years
}

// The steps. eu is the full consortium; each smaller step is a tenth of
// the next, and tiny (a thousandth) is for tests.
var (
	EU     = Size{Name: "eu", BuyingOrgs: 300, Suppliers: 50_000, Contracts: 500_000, Sites: 200_000, FollowUps: 100_000, Deviations: 1_000_000, News: 2_000}
	Medium = EU.Times(0.1, "medium")
	Small  = EU.Times(0.01, "small")
	Tiny   = EU.Times(0.001, "tiny")
)

// Sizes lists the named steps, smallest first.
var Sizes = []Size{Tiny, Small, Medium, EU}

// SizeNamed returns the step with the name.
func SizeNamed(name string) (Size, error) {
	var names []string
	for _, s := range Sizes {
		if s.Name == name {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return Size{}, fmt.Errorf("unknown scale %q: use one of %s", name, strings.Join(names, ", "))
}

// Times scales every count by k (at least one of each, and the 21 Swedish
// regions always), naming the result.
func (s Size) Times(k float64, name string) Size {
	n := func(v int) int { return max(1, int(float64(v)*k+0.5)) }
	return Size{Name: name, BuyingOrgs: max(len(swedishRegions()), n(s.BuyingOrgs)), Suppliers: n(s.Suppliers),
		Contracts: n(s.Contracts), Sites: n(s.Sites), FollowUps: n(s.FollowUps), Deviations: n(s.Deviations), News: n(s.News)}
}

// Options for generating.
type Options struct {
	Seed uint64
	Size Size
	// End is the moment the data set ends ("now" in the data); the ten
	// years before it are filled. Zero means DefaultEnd, so that a seed
	// always gives the same data.
	End time.Time
	// PasswordHash is given to the well-known accounts (admin@example.org,
	// officer@example.org, … as in the demo) so one can sign in; the
	// invented users get none.
	PasswordHash string
}

// DefaultEnd is the end of the data when Options.End is zero.
var DefaultEnd = time.Date(2026, 11, 23, 17, 0, 0, 0, stockholm)

// Years is how far back the data goes.
const Years = 10

// Loader is the system actor that creates the master data, as the demo's
// loader does; follow-up changes are made by the invented users.
var Loader = tillit.SystemActor("scale")

var stockholm = func() *time.Location {
	l, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err)
	}
	return l
}()
