package tillit

import (
	"strconv"
	"strings"
)

// Finances of the collaboration (issue 4): the regions pay a contribution
// per inhabitant per year, the national office's costs are booked by type,
// and each year's closing balance becomes the next year's opening balance.
//
// Money is integer öre (1 SEK = 100 öre) everywhere inside the system, so
// sums are exact; only the pages format it as kronor.

// OrePerSEK is the number of öre in one Swedish krona.
const OrePerSEK = 100

// CostType classifies a cost line as the activity report groups costs.
type CostType string

const (
	CostPersonnel     CostType = "personnel"
	CostOther         CostType = "other_costs"
	CostOtherServices CostType = "other_services" // risk analyses, systems, audits and other follow-ups
)

// CostTypes lists every cost type in the order the report shows them.
var CostTypes = []CostType{CostPersonnel, CostOther, CostOtherServices}

// Valid reports whether c is a known cost type.
func (c CostType) Valid() bool {
	for _, v := range CostTypes {
		if c == v {
			return true
		}
	}
	return false
}

// ContributionOverride replaces the computed contribution of one region
// for a year with the figure actually invoiced, for example after a
// negotiated discount or a population figure corrected after invoicing.
// The reason is required so the report can explain the difference.
type ContributionOverride struct {
	RegionID  int64
	AmountOre int64
	Reason    string
}

// CostLine is one cost of a year.
type CostLine struct {
	Type        CostType
	Description string
	AmountOre   int64
}

// FinanceYear is what the national office enters for a year. The region
// populations are kept separately (RegionPopulation) because other parts of
// the product use them too.
type FinanceYear struct {
	Year                 int
	RateOrePerInhabitant int64
	// OpeningBalanceOre is set only for the first year the system holds (or
	// to restate a year); nil means the previous year's closing balance is
	// carried over, so the chain of balances cannot drift apart.
	OpeningBalanceOre *int64
	Overrides         []ContributionOverride
	Costs             []CostLine
}

// Limits of the finance free-text fields.
const (
	maxReasonLen          = 500
	maxCostDescriptionLen = 200
)

// Validate checks a finance year before it is stored or computed.
func (y *FinanceYear) Validate() error {
	p := Problems{}
	if y.Year < 2000 || y.Year > 2100 {
		p.Add("year", "Enter a year between 2000 and 2100.")
	}
	if y.RateOrePerInhabitant <= 0 {
		p.Add("rate", "Enter a rate per inhabitant greater than zero, such as 0.50 SEK.")
	}
	if y.OpeningBalanceOre != nil && *y.OpeningBalanceOre < 0 {
		p.Add("opening_balance", "Enter an opening balance of zero or more, or leave it empty to carry over the previous year's closing balance.")
	}
	seen := map[int64]bool{}
	for i, o := range y.Overrides {
		prefix := "overrides[" + strconv.Itoa(i) + "]."
		if o.RegionID <= 0 {
			p.Add(prefix+"region_id", "Choose the region whose contribution you set by hand.")
		} else if seen[o.RegionID] {
			p.Add(prefix+"region_id", "A region's contribution can be set by hand only once per year; remove the duplicate.")
		}
		seen[o.RegionID] = true
		if o.AmountOre < 0 {
			p.Add(prefix+"amount", "Enter a contribution of zero or more.")
		}
		if strings.TrimSpace(o.Reason) == "" {
			p.Add(prefix+"reason", "Say why the invoiced contribution differs from the computed one.")
		} else if len([]rune(o.Reason)) > maxReasonLen {
			p.Add(prefix+"reason", "The reason can be at most %d characters.", maxReasonLen)
		}
	}
	for i, c := range y.Costs {
		prefix := "costs[" + strconv.Itoa(i) + "]."
		if !c.Type.Valid() {
			p.Add(prefix+"type", "Choose the cost type: personnel, other costs or other services.")
		}
		if c.AmountOre < 0 {
			p.Add(prefix+"amount", "Enter a cost of zero or more; enter a refund as a smaller cost.")
		}
		if len([]rune(c.Description)) > maxCostDescriptionLen {
			p.Add(prefix+"description", "The description can be at most %d characters.", maxCostDescriptionLen)
		}
	}
	return p.Err()
}

// Contribution is what a region with populationInhabitants pays at rateOre
// per inhabitant, in öre.
//
// Rounding rule (the only one): the exact amount population × rate is
// rounded to whole kronor, half a krona (50 öre) and more up, less down,
// because the regions are invoiced in whole kronor. Inputs are never
// negative, so "half up" and "half away from zero" agree. In 2022 every
// figure was population × 0.50 SEK exactly (the populations are even), so
// the rule never changed a published figure.
func Contribution(populationInhabitants, rateOre int64) int64 {
	exact := populationInhabitants * rateOre
	return (exact + OrePerSEK/2) / OrePerSEK * OrePerSEK
}

// IncomeLine is one region's contribution for a year.
type IncomeLine struct {
	RegionID   int64
	RegionName string
	CountyCode string
	Population int64
	// PopulationKnown is false when no population is recorded for the year;
	// the computed contribution is then zero and the page should say so.
	PopulationKnown bool
	ComputedOre     int64 // Contribution(Population, rate)
	AmountOre       int64 // what counts: the override when there is one, else ComputedOre
	Overridden      bool
	Reason          string // the override's reason
}

// CostTotal is the sum of a year's cost lines of one type.
type CostTotal struct {
	Type      CostType
	AmountOre int64
}

// FinanceStatement is a year's income and costs as the activity report
// shows them.
type FinanceStatement struct {
	Year                 int
	RateOrePerInhabitant int64
	OpeningBalanceOre    int64
	// OpeningCarried is true when the opening balance is the previous
	// year's closing balance rather than a figure entered for this year.
	OpeningCarried   bool
	Income           []IncomeLine
	ContributionsOre int64 // sum of Income
	// IncomeTotalOre is the opening balance plus the contributions: the
	// report's income "Sum" (6 730 316 SEK in 2022).
	IncomeTotalOre    int64
	Costs             []CostLine
	CostTotals        []CostTotal // one per cost type, in CostTypes order
	CostTotalOre      int64
	ClosingBalanceOre int64 // IncomeTotalOre − CostTotalOre; next year's opening balance
}

// ComputeFinanceStatement computes a year's statement from its finance
// year, the regions (in the order the statement lists them), their
// populations for the year by region id, and the previous year's closing
// balance, which is used as the opening balance when y has none.
func ComputeFinanceStatement(y FinanceYear, regions []Organisation, populations map[int64]int64, carriedOre int64) (FinanceStatement, error) {
	if err := y.Validate(); err != nil {
		return FinanceStatement{}, err
	}
	overrides := map[int64]ContributionOverride{}
	for _, o := range y.Overrides {
		overrides[o.RegionID] = o
	}
	known := map[int64]bool{}
	for _, r := range regions {
		known[r.ID] = true
	}
	p := Problems{}
	for i, o := range y.Overrides {
		if !known[o.RegionID] {
			p.Add("overrides["+strconv.Itoa(i)+"].region_id", "Choose one of the regions; region %d is not one of them.", o.RegionID)
		}
	}
	if err := p.Err(); err != nil {
		return FinanceStatement{}, err
	}

	s := FinanceStatement{Year: y.Year, RateOrePerInhabitant: y.RateOrePerInhabitant}
	if y.OpeningBalanceOre != nil {
		s.OpeningBalanceOre = *y.OpeningBalanceOre
	} else {
		s.OpeningBalanceOre, s.OpeningCarried = carriedOre, true
	}
	for _, r := range regions {
		n, ok := populations[r.ID]
		l := IncomeLine{RegionID: r.ID, RegionName: r.Name, CountyCode: r.CountyCode, Population: n, PopulationKnown: ok}
		l.ComputedOre = Contribution(n, y.RateOrePerInhabitant)
		l.AmountOre = l.ComputedOre
		if o, ok := overrides[r.ID]; ok {
			l.AmountOre, l.Overridden, l.Reason = o.AmountOre, true, o.Reason
		}
		s.Income = append(s.Income, l)
		s.ContributionsOre += l.AmountOre
	}
	s.IncomeTotalOre = s.OpeningBalanceOre + s.ContributionsOre

	byType := map[CostType]int64{}
	for _, c := range y.Costs {
		s.Costs = append(s.Costs, c)
		byType[c.Type] += c.AmountOre
		s.CostTotalOre += c.AmountOre
	}
	for _, t := range CostTypes {
		s.CostTotals = append(s.CostTotals, CostTotal{Type: t, AmountOre: byType[t]})
	}
	s.ClosingBalanceOre = s.IncomeTotalOre - s.CostTotalOre
	return s, nil
}
