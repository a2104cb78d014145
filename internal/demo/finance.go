package demo

import (
	"context"

	"github.com/tillit-project/tillit"
)

// finances enters the 2022 finance year as published and 2023 at the new
// rate, carrying 2022's closing balance over and with no costs yet. It
// does nothing when either year is already there, so loading twice (or
// after the office has entered its own figures) changes nothing.
func (l *loader) finances(ctx context.Context) error {
	for _, y := range []int{Year, Year + 1} {
		_, err := l.db.FindFinanceYear(ctx, y)
		if err == nil {
			return nil
		}
		if tillit.ErrorCode(err) != tillit.ENOTFOUND {
			return err
		}
	}
	opening := int64(OpeningBalance2022) * orePerSEK
	years := []tillit.FinanceYear{
		{Year: Year, RateOrePerInhabitant: RateOre2022, OpeningBalanceOre: &opening, Costs: []tillit.CostLine{
			{Type: tillit.CostPersonnel, Description: "Personnel", AmountOre: CostPersonnel2022 * orePerSEK},
			{Type: tillit.CostOther, Description: "Other costs", AmountOre: CostOther2022 * orePerSEK},
			{Type: tillit.CostOtherServices, Description: "Risk analyses, systems, audits and other follow-ups", AmountOre: CostOtherServices2022 * orePerSEK},
		}},
		{Year: Year + 1, RateOrePerInhabitant: RateOreFrom2023},
	}
	for i := range years {
		if err := l.db.SaveFinanceYear(ctx, actor, &years[i]); err != nil {
			return err
		}
		l.created++
	}
	return nil
}
