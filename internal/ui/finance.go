package ui

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/export"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The finances of the collaboration (issue 4): a year's statement, the
// form the national office enters the year with, and the contribution
// basis as a download. Money is öre inside; the pages show kronor.

// FormatSEK formats an amount in öre as Swedish kronor with spaces between
// thousands, "6 730 316 kr"; öre are shown only when there are any.
func FormatSEK(ore int64) string {
	neg := ore < 0
	if neg {
		ore = -ore
	}
	s := groupThousands(ore / tillit.OrePerSEK)
	if rest := ore % tillit.OrePerSEK; rest != 0 {
		s += "," + strconv.FormatInt(rest/10, 10) + strconv.FormatInt(rest%10, 10)
	}
	if neg {
		s = "−" + s
	}
	return s + " kr"
}

// groupThousands writes n with a space between each group of three digits.
func groupThousands(n int64) string {
	d := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// formatRate shows a rate in öre as kronor with a decimal comma, "0,50".
func formatRate(ore int64) string {
	return strconv.FormatInt(ore/tillit.OrePerSEK, 10) + "," + strconv.FormatInt(ore%tillit.OrePerSEK/10, 10) + strconv.FormatInt(ore%10, 10)
}

// formatInput shows an amount in öre the way the form accepts it back.
func formatInput(ore int64) string {
	return strings.TrimSuffix(FormatSEK(ore), " kr")
}

// ParseSEK reads an amount typed in kronor: spaces between thousands, a
// decimal comma or point and at most two decimals ("1 521 000", "0,50").
func ParseSEK(s string) (int64, bool) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(strings.TrimSpace(s))
	s = strings.TrimSuffix(strings.TrimSuffix(s, "kr"), "SEK")
	neg := false
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−") {
		neg = true
		s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "−")
	}
	whole, frac, hasFrac := strings.Cut(strings.ReplaceAll(s, ",", "."), ".")
	if whole == "" && !hasFrac || len(whole) > 13 || len(frac) > 2 || hasFrac && frac == "" {
		return 0, false
	}
	var n int64
	for _, c := range whole + (frac + "00")[:2] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// financeYearParam reads the {year} of the path.
func financeYearParam(r *http.Request) (int, error) {
	s := r.PathValue("year")
	y, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 || y < 2000 || y > 2100 {
		return 0, tillit.Errorf(tillit.EINVALID, "Write the year with four digits, for example 2022.")
	}
	return y, nil
}

// financeYears lists the years that have finances, newest first. The
// store has no list of years yet, so it asks for each year the product can
// hold since 2000; each miss is one indexed lookup.
func (u *UI) financeYears(ctx context.Context) ([]int, error) {
	return u.DB.FinanceYears(ctx)
}

type incomeRow struct {
	tillit.IncomeLine
	Amount   string
	Computed string
}

type costRow struct {
	Type        string
	Description string
	Amount      string
}

type financePage struct {
	Page
	Year           int
	Rate           string
	Opening        string
	OpeningCarried bool
	Income         []incomeRow
	Contributions  string
	IncomeTotal    string
	Costs          []costRow
	CostTotals     []costRow
	CostTotal      string
	Closing        string
	Years          []int
	CanManage      bool
}

// costTypeLabel names a cost type as the activity report does.
func costTypeLabel(lang tillit.Lang, t tillit.CostType) string {
	switch t {
	case tillit.CostPersonnel:
		return T(lang, "Personnel")
	case tillit.CostOther:
		return T(lang, "Other costs")
	case tillit.CostOtherServices:
		return T(lang, "Other services")
	}
	return string(t)
}

// Finances serves GET /finances: the latest year's statement, or a page
// saying there are none yet.
func (u *UI) Finances() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		years, err := u.financeYears(r.Context())
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if len(years) > 0 {
			http.Redirect(w, r, "/finances/"+strconv.Itoa(years[0]), http.StatusSeeOther)
			return
		}
		p := financePage{Page: u.page(r, "Finances"), Year: time.Now().Year(),
			CanManage: tillit.Can(web.Actor(r.Context()), tillit.ActManageFinances, tillit.Resource{})}
		u.render(w, r, http.StatusOK, "finance/none", p)
	})
}

// FinanceStatement serves GET /finances/{year}.
func (u *UI) FinanceStatement() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		year, err := financeYearParam(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		s, err := u.DB.FindFinanceStatement(ctx, year)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		years, err := u.financeYears(ctx)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := financePage{Page: u.page(r, "Finances"), Year: year, Rate: formatRate(s.RateOrePerInhabitant),
			Opening: FormatSEK(s.OpeningBalanceOre), OpeningCarried: s.OpeningCarried,
			Contributions: FormatSEK(s.ContributionsOre), IncomeTotal: FormatSEK(s.IncomeTotalOre),
			CostTotal: FormatSEK(s.CostTotalOre), Closing: FormatSEK(s.ClosingBalanceOre), Years: years,
			CanManage: tillit.Can(web.Actor(ctx), tillit.ActManageFinances, tillit.Resource{})}
		p.Title = T(p.Lang, "Finances") + " " + strconv.Itoa(year)
		for _, l := range s.Income {
			p.Income = append(p.Income, incomeRow{IncomeLine: l, Amount: FormatSEK(l.AmountOre), Computed: FormatSEK(l.ComputedOre)})
		}
		for _, c := range s.Costs {
			p.Costs = append(p.Costs, costRow{Type: costTypeLabel(p.Lang, c.Type), Description: c.Description, Amount: FormatSEK(c.AmountOre)})
		}
		for _, c := range s.CostTotals {
			p.CostTotals = append(p.CostTotals, costRow{Type: costTypeLabel(p.Lang, c.Type), Amount: FormatSEK(c.AmountOre)})
		}
		u.render(w, r, http.StatusOK, "finance/show", p)
	})
}

// financeInput is the form as typed, so nothing is lost when it comes back.
type financeInput struct {
	Rate      string
	Opening   string
	Costs     []costInput
	Overrides []overrideInput
}

type costInput struct {
	Type, Description, Amount string
}

type overrideInput struct {
	RegionID       int64
	Amount, Reason string
	RegionIDTyped  string
}

type costFormRow struct {
	costInput
	Index, Number               int
	TypeErr, DescErr, AmountErr string
}

type overrideFormRow struct {
	overrideInput
	Index, Number                   int
	Regions                         []listChoice
	RegionErr, AmountErr, ReasonErr string
}

type costTypeChoice struct {
	Value, Label string
}

type financeFormPage struct {
	Page
	Year      int
	In        financeInput
	Costs     []costFormRow
	Overrides []overrideFormRow
	CostTypes []costTypeChoice
	Problem   string
	Fields    map[string]string
}

// maxFinanceRows bounds the rows one form may send.
const maxFinanceRows = 200

// parseFinanceForm reads the form into a finance year. Rows left wholly
// empty are dropped: the form always offers one empty row of each kind.
func parseFinanceForm(r *http.Request, year int) (financeInput, *tillit.FinanceYear, tillit.Problems) {
	p := tillit.Problems{}
	in := financeInput{Rate: strings.TrimSpace(r.PostFormValue("rate")), Opening: strings.TrimSpace(r.PostFormValue("opening_balance"))}
	y := &tillit.FinanceYear{Year: year}
	if n, ok := ParseSEK(in.Rate); ok {
		y.RateOrePerInhabitant = n
	} else {
		p.Add("rate", "Enter a rate per inhabitant greater than zero, such as 0.50 SEK.")
	}
	if in.Opening != "" {
		if n, ok := ParseSEK(in.Opening); ok {
			y.OpeningBalanceOre = &n
		} else {
			p.Add("opening_balance", "Enter the amount in kronor, such as 1 521 000 or 0,50.")
		}
	}
	at := func(vs []string, i int) string {
		if i < len(vs) {
			return strings.TrimSpace(vs[i])
		}
		return ""
	}
	types, descs, amounts := r.PostForm["cost_type"], r.PostForm["cost_description"], r.PostForm["cost_amount"]
	for i := 0; i < max(len(types), len(descs), len(amounts)) && len(in.Costs) < maxFinanceRows; i++ {
		c := costInput{Type: at(types, i), Description: at(descs, i), Amount: at(amounts, i)}
		if c.Description == "" && c.Amount == "" {
			continue // an empty row, whatever type its select shows
		}
		idx := len(in.Costs)
		in.Costs = append(in.Costs, c)
		line := tillit.CostLine{Type: tillit.CostType(c.Type), Description: c.Description}
		if n, ok := ParseSEK(c.Amount); ok {
			line.AmountOre = n
		} else {
			p.Add("costs["+strconv.Itoa(idx)+"].amount", "Enter the amount in kronor, such as 1 521 000 or 0,50.")
		}
		y.Costs = append(y.Costs, line)
	}
	regions, oamounts, reasons := r.PostForm["override_region_id"], r.PostForm["override_amount"], r.PostForm["override_reason"]
	for i := 0; i < max(len(regions), len(oamounts), len(reasons)) && len(in.Overrides) < maxFinanceRows; i++ {
		o := overrideInput{RegionIDTyped: at(regions, i), Amount: at(oamounts, i), Reason: at(reasons, i)}
		if o.RegionIDTyped == "" && o.Amount == "" && o.Reason == "" {
			continue
		}
		idx := len(in.Overrides)
		prefix := "overrides[" + strconv.Itoa(idx) + "]."
		id, err := strconv.ParseInt(o.RegionIDTyped, 10, 64)
		if err != nil && o.RegionIDTyped != "" {
			p.Add(prefix+"region_id", "Choose the region whose contribution you set by hand.")
		}
		o.RegionID = id
		in.Overrides = append(in.Overrides, o)
		ov := tillit.ContributionOverride{RegionID: id, Reason: o.Reason}
		if n, ok := ParseSEK(o.Amount); ok {
			ov.AmountOre = n
		} else {
			p.Add(prefix+"amount", "Enter the amount in kronor, such as 1 521 000 or 0,50.")
		}
		y.Overrides = append(y.Overrides, ov)
	}
	// The domain's own checks add what the typing did not catch, without
	// replacing the more precise messages above.
	p.Merge(y.Validate())
	return in, y, p
}

// renderFinanceForm shows the form for year with what was typed and the
// problems of fail.
func (u *UI) renderFinanceForm(w http.ResponseWriter, r *http.Request, status, year int, in financeInput, fail error) {
	ctx := r.Context()
	p := financeFormPage{Year: year, In: in, Fields: map[string]string{}}
	p.Page = u.page(r, "Edit the finances")
	p.Title = T(p.Lang, "Edit the finances") + " " + strconv.Itoa(year)
	if fail != nil {
		p.Problem, p.Fields = tillit.ErrorMessage(fail).In(translator(p.Lang)), fieldTexts(p.Lang, fail)
	}
	for _, t := range tillit.CostTypes {
		p.CostTypes = append(p.CostTypes, costTypeChoice{Value: string(t), Label: costTypeLabel(p.Lang, t)})
	}
	for i, c := range append(in.Costs, costInput{Type: string(tillit.CostPersonnel)}) {
		prefix := "costs[" + strconv.Itoa(i) + "]."
		p.Costs = append(p.Costs, costFormRow{costInput: c, Index: i, Number: i + 1, TypeErr: p.Fields[prefix+"type"],
			DescErr: p.Fields[prefix+"description"], AmountErr: p.Fields[prefix+"amount"]})
	}
	regions, err := u.DB.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
	if err != nil {
		u.Error(w, r, err)
		return
	}
	for i, o := range append(in.Overrides, overrideInput{}) {
		prefix := "overrides[" + strconv.Itoa(i) + "]."
		row := overrideFormRow{overrideInput: o, Index: i, Number: i + 1, RegionErr: p.Fields[prefix+"region_id"],
			AmountErr: p.Fields[prefix+"amount"], ReasonErr: p.Fields[prefix+"reason"]}
		for _, g := range regions {
			row.Regions = append(row.Regions, listChoice{ID: g.ID, Name: g.Name, Selected: g.ID == o.RegionID})
		}
		p.Overrides = append(p.Overrides, row)
	}
	u.render(w, r, status, "finance/edit", p)
}

// EditFinances serves GET /finances/{year}/edit; a year without finances
// gets an empty form, which is how a new year is entered.
func (u *UI) EditFinances() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		year, err := financeYearParam(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if !tillit.Can(web.Actor(r.Context()), tillit.ActManageFinances, tillit.Resource{}) {
			u.Error(w, r, errMayNotManageFinances())
			return
		}
		var in financeInput
		y, err := u.DB.FindFinanceYear(r.Context(), year)
		switch {
		case tillit.ErrorCode(err) == tillit.ENOTFOUND:
		case err != nil:
			u.Error(w, r, err)
			return
		default:
			in.Rate = formatRate(y.RateOrePerInhabitant)
			if y.OpeningBalanceOre != nil {
				in.Opening = formatInput(*y.OpeningBalanceOre)
			}
			for _, c := range y.Costs {
				in.Costs = append(in.Costs, costInput{Type: string(c.Type), Description: c.Description, Amount: formatInput(c.AmountOre)})
			}
			for _, o := range y.Overrides {
				in.Overrides = append(in.Overrides, overrideInput{RegionID: o.RegionID, Amount: formatInput(o.AmountOre), Reason: o.Reason})
			}
		}
		u.renderFinanceForm(w, r, http.StatusOK, year, in, nil)
	})
}

// SaveFinances serves POST /finances/{year}/edit.
func (u *UI) SaveFinances() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		year, err := financeYearParam(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if !tillit.Can(web.Actor(ctx), tillit.ActManageFinances, tillit.Resource{}) {
			u.Error(w, r, errMayNotManageFinances())
			return
		}
		in, y, p := parseFinanceForm(r, year)
		if len(p) > 0 {
			u.renderFinanceForm(w, r, http.StatusBadRequest, year, in, formProblems(p))
			return
		}
		if err := u.DB.SaveFinanceYear(ctx, web.Actor(ctx), y); err != nil {
			code := tillit.ErrorCode(err)
			if code != tillit.EINVALID && code != tillit.ECONFLICT {
				u.Error(w, r, err)
				return
			}
			u.renderFinanceForm(w, r, web.StatusOf(code), year, in, err)
			return
		}
		u.redirect(w, r, "/finances/"+strconv.Itoa(year), "The changes are saved.")
	})
}

func errMayNotManageFinances() error {
	return tillit.Errorf(tillit.EFORBIDDEN, "Only the national office can enter the finances.")
}

// FinanceContributions serves GET /finances/{year}/contributions.csv and
// .xlsx: the basis of each region's contribution.
func (u *UI) FinanceContributions(format string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		year, err := financeYearParam(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		s, err := u.DB.FindFinanceStatement(r.Context(), year)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		lang := web.Lang(r.Context())
		t := export.Table{Title: T(lang, "Contributions") + " " + strconv.Itoa(year), Columns: []export.Column{
			{Header: T(lang, "County code"), Kind: export.Text},
			{Header: T(lang, "Region"), Kind: export.Text},
			{Header: T(lang, "Population"), Kind: export.Integer},
			{Header: T(lang, "Rate per inhabitant (SEK)"), Kind: export.Text},
			{Header: T(lang, "Computed contribution"), Kind: export.Amount},
			{Header: T(lang, "Invoiced contribution"), Kind: export.Amount},
			{Header: T(lang, "Reason"), Kind: export.Text},
		}}
		for _, l := range s.Income {
			pop := export.IntCell(l.Population)
			if !l.PopulationKnown {
				pop = export.BlankCell()
			}
			t.Rows = append(t.Rows, []export.Cell{
				export.TextCell(l.CountyCode), export.TextCell(l.RegionName), pop, export.TextCell(formatRate(s.RateOrePerInhabitant)),
				export.IntCell(roundSEK(l.ComputedOre)), export.IntCell(roundSEK(l.AmountOre)), export.TextCell(l.Reason),
			})
		}
		u.writeExport(w, r, format, T(lang, "contributions")+"-"+strconv.Itoa(year), t)
	})
}

// roundSEK rounds öre to whole kronor, half a krona away from zero, as
// the report shows amounts.
func roundSEK(ore int64) int64 {
	if ore < 0 {
		return -roundSEK(-ore)
	}
	return (ore + tillit.OrePerSEK/2) / tillit.OrePerSEK
}
