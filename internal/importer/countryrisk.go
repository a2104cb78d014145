package importer

import (
	"context"
	"io"
	"strings"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// KindCountryRisk names a country risk index file. It is no register of
// the hub page (Kinds): an index file is imported on the country risk
// page, which describes the index.
const KindCountryRisk Kind = "country-risk"

// countryRiskColumns: a file holds one index, a country and its score per
// row. The index's name, year, source, scale and thresholds are given on
// the import page, since they are the same for every row.
var countryRiskColumns = []column{
	{key: "country", EN: "Country", SV: "Land", required: true,
		aliases: []string{"country code", "iso", "iso code", "iso2", "iso 3166", "landskod", "landkod"}},
	{key: "score", EN: "Score", SV: "Värde", required: true,
		aliases: []string{"value", "index", "risk score", "score value", "poäng", "riskvärde", "indexvärde"}},
}

// countryRiskStore is what the country risk import reads and writes; the
// database, or a map in the tests and the fuzz target.
type countryRiskStore interface {
	riskIndex(ctx context.Context, name string) (*tillit.RiskIndex, error)
	writeCountryRisk(ctx context.Context, actor tillit.Actor, imp sqldb.CountryRiskImport, sum sqldb.ImportSummary) (int64, error)
}

func (s dbStore) riskIndex(ctx context.Context, name string) (*tillit.RiskIndex, error) {
	return s.db.FindRiskIndexByName(ctx, name)
}
func (s dbStore) writeCountryRisk(ctx context.Context, a tillit.Actor, imp sqldb.CountryRiskImport, sum sqldb.ImportSummary) (int64, error) {
	return s.db.ImportCountryRisk(ctx, a, imp, sum)
}

// CountryRisk imports the scores of one country risk index. The index is
// known by its name: a file for a new name creates the index, a file for
// a stored one changes its description and the scores that differ, and
// countries the file does not name keep their scores. Importing the same
// file with the same description again changes nothing. Only the national
// office may.
func CountryRisk(ctx context.Context, db *sqldb.DB, actor tillit.Actor, index tillit.RiskIndex, r io.Reader, opts Options) (Report, error) {
	if !tillit.Can(actor, tillit.ActManageCountryRisk, tillit.Resource{}) {
		return Report{}, tillit.Errorf(tillit.EFORBIDDEN, "Your role does not allow this. Ask the national office if you need access.")
	}
	return importCountryRisk(ctx, dbStore{db}, actor, index, r, opts)
}

func importCountryRisk(ctx context.Context, st countryRiskStore, actor tillit.Actor, index tillit.RiskIndex, r io.Reader, opts Options) (Report, error) {
	index.Name = strings.TrimSpace(index.Name)
	index.Source = strings.TrimSpace(index.Source)
	if err := index.Validate(); err != nil {
		return Report{Kind: KindCountryRisk, FileName: opts.FileName}, err
	}
	pl := &countryRiskPlan{st: st, index: index}
	rep, err := run(ctx, nil, actor, pl, r, opts)
	rep.Kind = KindCountryRisk
	return rep, err
}

type countryRiskPlan struct {
	st      countryRiskStore
	index   tillit.RiskIndex
	imp     sqldb.CountryRiskImport
	valid   int
	IndexID int64 // after writing
}

func (*countryRiskPlan) kind() Kind        { return KindCountryRisk }
func (*countryRiskPlan) columns() []column { return countryRiskColumns }

func (p *countryRiskPlan) changes() int {
	if p.valid == 0 {
		return 0
	}
	n := len(p.imp.Scores)
	if p.imp.Index.ID == 0 || p.imp.Before != nil {
		n++
	}
	return n
}

// sameDescription reports whether two descriptions of an index agree.
func sameDescription(a, b *tillit.RiskIndex) bool {
	return a.Year == b.Year && a.Source == b.Source && a.ScaleMin == b.ScaleMin && a.ScaleMax == b.ScaleMax &&
		a.HighIsRisky == b.HighIsRisky && a.ThresholdMedium == b.ThresholdMedium && a.ThresholdHigh == b.ThresholdHigh &&
		a.ThresholdVeryHigh == b.ThresholdVeryHigh
}

func (p *countryRiskPlan) check(ctx context.Context, _ store, sh *sheet, l *layout, rep *Report, tick func(int)) error {
	stored, err := p.st.riskIndex(ctx, p.index.Name)
	if err != nil {
		return err
	}
	p.imp.Index = p.index
	if stored != nil {
		p.imp.Index.ID = stored.ID
		if !sameDescription(stored, &p.index) {
			b := *stored
			p.imp.Before = &b
		}
	}
	firstLine := map[string]int{}
	for i, rec := range sh.rows {
		if i%every == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			tick(i)
		}
		pr := l.problems(rec.line)
		code := ""
		if cell := pr.text(rec, "country"); cell == "" {
			if !pr.has("country") {
				pr.add("country", tillit.Msg("Enter the country, as its two-letter ISO code such as SE or PK."))
			}
		} else if c, ok := riskCountry(cell); ok {
			code = c
			rep.Rows[i].Key = c
			if at, dup := firstLine[c]; dup {
				pr.add("country", tillit.Msg("%s is listed more than once in the file, also on line %d. Keep one line per country.", c, at))
			} else {
				firstLine[c] = rec.line
			}
		} else {
			pr.add("country", tillit.Msg("%s is not a country in ISO 3166-1. Write the country's two-letter code, such as SE or PK.", cell))
		}
		var score float64
		switch cell := pr.text(rec, "score"); {
		case cell == "":
			if !pr.has("score") {
				pr.add("score", tillit.Msg("Enter the country's score."))
			}
		default:
			v, ok := tillit.ParseScore(cell)
			switch {
			case !ok:
				pr.add("score", tillit.Msg("%s is not a number. Write the score with digits and a decimal point or comma, such as 72.5.", cell))
			case !p.index.OnScale(v):
				pr.add("score", tillit.Msg("The score %s is off the index's scale, which runs from %s to %s.", cell,
					tillit.FormatScore(p.index.ScaleMin), tillit.FormatScore(p.index.ScaleMax)))
			default:
				score = v
			}
		}
		if len(pr.list) > 0 {
			rep.Problems = append(rep.Problems, pr.list...)
			rep.Rows[i].Outcome = Skipped
			continue
		}
		p.valid++
		if stored != nil {
			if old, ok := stored.Scores[code]; ok {
				if old == score {
					rep.Rows[i].Outcome = Unchanged
					continue
				}
				o := old
				p.imp.Scores = append(p.imp.Scores, sqldb.ScoreChange{Country: code, Score: score, Before: &o})
				rep.Rows[i].Outcome = Updated
				continue
			}
		}
		p.imp.Scores = append(p.imp.Scores, sqldb.ScoreChange{Country: code, Score: score})
		rep.Rows[i].Outcome = Created
	}
	return nil
}

func (p *countryRiskPlan) write(ctx context.Context, _ store, actor tillit.Actor, sum sqldb.ImportSummary, progress func(int)) error {
	id, err := p.st.writeCountryRisk(ctx, actor, p.imp, sum)
	if err != nil {
		return err
	}
	p.IndexID = id
	progress(p.changes())
	return nil
}

// riskCountry reads a country as an ISO 3166-1 alpha-2 code or its
// Swedish or English name (and the other names the site import knows).
func riskCountry(s string) (string, bool) {
	if c, ok := tillit.FindCountry(s); ok {
		return c.Code, true
	}
	if code, ok := countryCode(s); ok {
		if _, known := tillit.CountryByCode(code); known {
			return code, true
		}
	}
	return "", false
}

// CountryRiskHeadings lists the columns of an index file in lang, for the
// import page.
func CountryRiskHeadings(lang tillit.Lang) []string {
	var out []string
	for _, c := range countryRiskColumns {
		h := c.EN
		if lang == tillit.Swedish {
			h = c.SV
		}
		out = append(out, h)
	}
	return out
}
