package ui

import (
	"bytes"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/importer"
	"github.com/tillit-project/tillit/internal/web"
)

// Country risk (issue 7): the indices users have imported, a table of the
// countries with their scores and levels, sortable on the server, and the
// import page. tillit ships no index data.

// riskLevelText is a level in words, for running text: "high".
func riskLevelText(lang tillit.Lang, l tillit.RiskLevel) string {
	switch l {
	case tillit.RiskLow:
		return T(lang, "low")
	case tillit.RiskMedium:
		return T(lang, "medium")
	case tillit.RiskHigh:
		return T(lang, "high")
	case tillit.RiskVeryHigh:
		return T(lang, "very high")
	}
	return ""
}

// countryRiskText is the compact line the supplier and supply-chain pages
// show for a country, in words, not colour: "Country risk: high (Index A
// 2024); medium (Index B 2023)". Empty when no index scores the country.
func countryRiskText(lang tillit.Lang, risks []tillit.CountryRisk) string {
	if len(risks) == 0 {
		return ""
	}
	parts := make([]string, len(risks))
	for i, r := range risks {
		parts[i] = riskLevelText(lang, r.Level) + " (" + r.Index + ")"
	}
	return T(lang, "Country risk:") + " " + strings.Join(parts, "; ")
}

// riskTexts turns CountryRisks' answer into the line per country.
func riskTexts(lang tillit.Lang, risks map[string][]tillit.CountryRisk) map[string]string {
	out := map[string]string{}
	for c, r := range risks {
		out[c] = countryRiskText(lang, r)
	}
	return out
}

type riskIndexView struct {
	tillit.RiskIndex
	Direction  string
	Thresholds string
	Sort       string // the sort parameter that orders the table by it
	SortLabel  string
	Sorted     bool
}

type riskCell struct {
	Score string
	Level string
}

type riskCountryRow struct {
	Code  string
	Name  string
	Cells []riskCell
}

type countryRiskPage struct {
	Page
	Indices   []riskIndexView
	Rows      []riskCountryRow
	Sort      string
	ByName    bool
	ByCode    bool
	CanImport bool
}

// CountryRiskTable serves GET /country-risk. ?sort= orders the countries:
// "name" (the default), "code", or an index's id, riskiest first.
func (u *UI) CountryRiskTable() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p := countryRiskPage{Page: u.page(r, "Country risk"), Sort: r.URL.Query().Get("sort"),
			CanImport: tillit.Can(web.Actor(ctx), tillit.ActManageCountryRisk, tillit.Resource{})}
		indices, err := u.DB.RiskIndices(ctx, true)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		sortIndex := -1
		countries := map[string]bool{}
		for i, x := range indices {
			v := riskIndexView{RiskIndex: x, Sort: strconv.FormatInt(x.ID, 10), Direction: T(p.Lang, "Low scores mean high risk")}
			if x.HighIsRisky {
				v.Direction = T(p.Lang, "High scores mean high risk")
			}
			v.Thresholds = msgIn(p.Lang, tillit.Msg("medium from %s, high from %s, very high from %s",
				tillit.FormatScore(x.ThresholdMedium), tillit.FormatScore(x.ThresholdHigh), tillit.FormatScore(x.ThresholdVeryHigh)))
			v.SortLabel = msgIn(p.Lang, tillit.Msg("Sort by %s, highest risk first", x.Name))
			if p.Sort == v.Sort {
				v.Sorted, sortIndex = true, i
			}
			p.Indices = append(p.Indices, v)
			for c := range x.Scores {
				countries[c] = true
			}
		}
		for c := range countries {
			row := riskCountryRow{Code: c, Name: tillit.CountryName(c, p.Lang)}
			for _, x := range indices {
				s, ok := x.Scores[c]
				if !ok {
					row.Cells = append(row.Cells, riskCell{Score: "–"})
					continue
				}
				l := x.Level(s)
				row.Cells = append(row.Cells, riskCell{Score: tillit.FormatScore(s), Level: riskLevelText(p.Lang, l)})
			}
			p.Rows = append(p.Rows, row)
		}
		sort.Slice(p.Rows, func(i, j int) bool {
			a, b := p.Rows[i], p.Rows[j]
			if sortIndex >= 0 {
				x := indices[sortIndex]
				sa, oka := x.Scores[a.Code]
				sb, okb := x.Scores[b.Code]
				if oka != okb {
					return oka // countries without a score last
				}
				if oka && sa != sb {
					return sa > sb == x.HighIsRisky
				}
			} else if p.Sort == "code" {
				return a.Code < b.Code
			}
			return collate(a.Name) < collate(b.Name)
		})
		p.ByCode = p.Sort == "code"
		p.ByName = !p.ByCode && sortIndex < 0
		u.render(w, r, http.StatusOK, "supplychain/countryrisk", p)
	})
}

// collate is a sort key that puts å, ä, ö after z as Swedish does and
// accented letters with their base letter, close enough for country names.
func collate(s string) string {
	return strings.NewReplacer("å", "{", "ä", "|", "ö", "}", "Å", "{", "Ä", "|", "Ö", "}", "é", "e", "É", "E", "ô", "o", "ç", "c", "ã", "a").
		Replace(strings.ToLower(s))
}

// msgIn renders a message in lang.
func msgIn(lang tillit.Lang, m tillit.Message) string { return m.In(translator(lang)) }

type countryRiskImportPage struct {
	Page
	Problem  string
	Fields   map[string]string
	In       countryRiskForm
	Headings []string
	MaxMB    int
	Report   *importer.Report
	Problems []importProblemView
	IndexID  int64
}

type countryRiskForm struct {
	Name, Year, Source, Min, Max, Medium, High, VeryHigh string
	LowIsRisky, OnlyValid                                bool
}

type importProblemView struct {
	Line   int
	Column string
	Text   string
}

func (u *UI) countryRiskImportPage(r *http.Request) countryRiskImportPage {
	p := countryRiskImportPage{Page: u.page(r, "Import a country risk index"), Fields: map[string]string{}, MaxMB: ImportMaxBytes >> 20,
		In: countryRiskForm{Min: "0", Max: "100"}}
	p.Headings = importer.CountryRiskHeadings(p.Lang)
	return p
}

// CountryRiskImportForm serves GET /country-risk/import.
func (u *UI) CountryRiskImportForm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.render(w, r, http.StatusOK, "supplychain/import", u.countryRiskImportPage(r))
	})
}

// CountryRiskImport serves POST /country-risk/import: the file is checked
// and imported at once (an index has a few hundred rows at most), and the
// page shows what was done and every problem with its line and column.
func (u *UI) CountryRiskImport() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p := u.countryRiskImportPage(r)
		again := func(err error) {
			if code := tillit.ErrorCode(err); code != tillit.EINVALID && code != tillit.ECONFLICT {
				u.Error(w, r, err)
				return
			}
			p.Fields = fieldTexts(p.Lang, err)
			p.Problem = tillit.ErrorMessage(err).In(translator(p.Lang))
			u.render(w, r, StatusOf(tillit.ErrorCode(err)), "supplychain/import", p)
		}
		if err := parseUpload(r); err != nil {
			again(oneFieldError("file", tillit.ErrorMessage(err)))
			return
		}
		f := countryRiskForm{
			Name: strings.TrimSpace(r.PostFormValue("name")), Year: strings.TrimSpace(r.PostFormValue("year")),
			Source: strings.TrimSpace(r.PostFormValue("source")), Min: strings.TrimSpace(r.PostFormValue("scale_min")),
			Max: strings.TrimSpace(r.PostFormValue("scale_max")), Medium: strings.TrimSpace(r.PostFormValue("threshold_medium")),
			High: strings.TrimSpace(r.PostFormValue("threshold_high")), VeryHigh: strings.TrimSpace(r.PostFormValue("threshold_very_high")),
			LowIsRisky: r.PostFormValue("direction") == "low", OnlyValid: r.PostFormValue("only_valid") == "yes",
		}
		p.In = f
		x, err := f.index()
		if err != nil {
			again(err)
			return
		}
		data, name, err := readImportUpload(r)
		if err != nil {
			again(err)
			return
		}
		rep, err := importer.CountryRisk(ctx, u.DB, web.Actor(ctx), x, bytes.NewReader(data), importer.Options{FileName: name, OnlyValid: f.OnlyValid})
		if err != nil {
			again(err)
			return
		}
		p.Report = &rep
		for i, pr := range rep.Problems {
			if i >= importProblemsMax {
				break
			}
			col := pr.Column
			if pr.Cell != "" {
				col += " (" + pr.Cell + ")"
			}
			p.Problems = append(p.Problems, importProblemView{Line: pr.Line, Column: col, Text: pr.Msg.In(translator(p.Lang))})
		}
		status := http.StatusOK
		if len(rep.Problems) > 0 && !rep.Written {
			status = http.StatusUnprocessableEntity
		}
		u.render(w, r, status, "supplychain/import", p)
	})
}

// index reads the form's description of the index; empty thresholds
// are the quartiles of the scale.
func (f countryRiskForm) index() (tillit.RiskIndex, error) {
	p := tillit.Problems{}
	x := tillit.RiskIndex{Name: f.Name, Source: f.Source, HighIsRisky: !f.LowIsRisky}
	if y, err := strconv.Atoi(f.Year); err == nil {
		x.Year = y
	}
	num := func(field, s string) float64 {
		v, ok := tillit.ParseScore(s)
		if !ok {
			p.Add(field, "Enter a number, such as 0, 100 or 7.5.")
		}
		return v
	}
	x.ScaleMin, x.ScaleMax = num("scale_min", f.Min), num("scale_max", f.Max)
	if f.Medium == "" && f.High == "" && f.VeryHigh == "" {
		x.DefaultThresholds()
	} else {
		x.ThresholdMedium, x.ThresholdHigh, x.ThresholdVeryHigh = num("thresholds", f.Medium), num("thresholds", f.High), num("thresholds", f.VeryHigh)
	}
	p.Merge(x.Validate())
	return x, p.Err()
}
