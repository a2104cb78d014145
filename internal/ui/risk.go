package ui

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/chart"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// Risk analyses (issue 7): the list, one analysis with its heatmap and the
// same figures as a table, the form for a draft (every cell of the matrix
// as plain selects, so it works without JavaScript), approval, and two
// years of a category side by side.

// riskLabels names the risk vocabulary in the reader's language.
type riskLabels struct{ lang tillit.Lang }

func (l riskLabels) StageLabel(s tillit.SupplyChainStage) string {
	switch s {
	case tillit.StageRawMaterial:
		return T(l.lang, "Raw material extraction")
	case tillit.StageProcessing:
		return T(l.lang, "Processing")
	case tillit.StageComponents:
		return T(l.lang, "Component manufacturing")
	case tillit.StageFinalAssembly:
		return T(l.lang, "Final manufacturing")
	case tillit.StageLogistics:
		return T(l.lang, "Logistics")
	case tillit.StageUse:
		return T(l.lang, "Use")
	case tillit.StageWaste:
		return T(l.lang, "Waste")
	}
	return string(s)
}

func (l riskLabels) AreaLabel(a tillit.SustainabilityArea) string {
	switch a {
	case tillit.AreaHumanRights:
		return T(l.lang, "Human rights")
	case tillit.AreaLabourRights:
		return T(l.lang, "Labour rights")
	case tillit.AreaEnvironment:
		return T(l.lang, "Environment")
	case tillit.AreaAntiCorruption:
		return T(l.lang, "Anti-corruption")
	}
	return string(a)
}

func (l riskLabels) LevelLabel(v tillit.RiskLevel) string {
	switch v {
	case tillit.RiskNotAssessed:
		return T(l.lang, "Not assessed")
	case tillit.RiskLow:
		return T(l.lang, "Low")
	case tillit.RiskMedium:
		return T(l.lang, "Medium")
	case tillit.RiskHigh:
		return T(l.lang, "High")
	case tillit.RiskVeryHigh:
		return T(l.lang, "Very high")
	}
	return string(v)
}

func (l riskLabels) StatusLabel(s tillit.RiskAnalysisStatus) string {
	if s == tillit.RiskApproved {
		return T(l.lang, "Approved")
	}
	return T(l.lang, "Draft")
}

func levelIndex(v tillit.RiskLevel) int {
	for i, l := range tillit.RiskLevels {
		if l == v {
			return i
		}
	}
	return 0
}

// riskHeatmap draws an analysis's matrix; each cell prints its score.
func riskHeatmap(lang tillit.Lang, a *tillit.RiskAnalysis, id string) chart.Heatmap {
	l := riskLabels{lang}
	h := chart.Heatmap{ID: id, Title: T(lang, "Risk matrix") + ": " + a.Title + " " + strconv.Itoa(a.Year),
		Desc: T(lang, "Likelihood × severity per supply-chain stage and sustainability area. The same figures are in the table below.")}
	for _, ar := range tillit.SustainabilityAreas {
		h.Columns = append(h.Columns, l.AreaLabel(ar))
	}
	for _, lv := range tillit.RiskLevels {
		h.Legend = append(h.Legend, l.LevelLabel(lv))
	}
	for _, s := range tillit.SupplyChainStages {
		h.Rows = append(h.Rows, l.StageLabel(s))
		var row []chart.HeatCell
		for _, ar := range tillit.SustainabilityAreas {
			c := a.Cell(s, ar)
			cell := chart.HeatCell{Text: "–", Tip: l.StageLabel(s) + ", " + l.AreaLabel(ar) + ": " + T(lang, "Not assessed")}
			if c != nil && c.Assessed() {
				cell = chart.HeatCell{Text: strconv.Itoa(c.Score()), Level: levelIndex(c.Level()),
					Tip: l.StageLabel(s) + ", " + l.AreaLabel(ar) + ": " + strconv.Itoa(c.Likelihood) + " × " + strconv.Itoa(c.Severity) + " = " + strconv.Itoa(c.Score()) + " (" + l.LevelLabel(c.Level()) + ")"}
			}
			row = append(row, cell)
		}
		h.Cells = append(h.Cells, row)
	}
	return h
}

// riskCellRow is one cell in the page's table.
type riskCellRow struct {
	Stage, Area                 string
	Likelihood, Severity, Score string
	Level                       string
	Note, Sources               string
}

func riskCellRows(lang tillit.Lang, a *tillit.RiskAnalysis) []riskCellRow {
	l := riskLabels{lang}
	var out []riskCellRow
	for _, c := range a.Cells {
		r := riskCellRow{Stage: l.StageLabel(c.Stage), Area: l.AreaLabel(c.Area), Level: l.LevelLabel(c.Level()), Note: c.Note, Sources: c.Sources,
			Likelihood: "–", Severity: "–", Score: "–"}
		if c.Assessed() {
			r.Likelihood, r.Severity, r.Score = strconv.Itoa(c.Likelihood), strconv.Itoa(c.Severity), strconv.Itoa(c.Score())
		}
		out = append(out, r)
	}
	return out
}

type riskListPage struct {
	Page
	riskLabels
	Year       int
	CategoryID int64
	Years      []int
	Categories []tillit.Category
	Rows       []sqldb.RiskAnalysisRow
	CanCreate  bool
}

// RiskAnalyses serves GET /risk-analyses (?year=, ?category=).
func (u *UI) RiskAnalyses() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p := riskListPage{Page: u.page(r, "Risk analyses")}
		p.riskLabels = riskLabels{p.Lang}
		year, err := yearParam(r, 0)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p.Year = year
		if s := r.URL.Query().Get("category"); s != "" {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				u.Error(w, r, tillit.Errorf(tillit.EINVALID, "Choose a category from the list."))
				return
			}
			p.CategoryID = id
		}
		if p.Categories, err = u.DB.FindCategories(ctx); err != nil {
			u.Error(w, r, err)
			return
		}
		if p.Rows, err = u.DB.FindRiskAnalyses(ctx, sqldb.RiskAnalysisFilter{Year: p.Year, CategoryID: p.CategoryID}); err != nil {
			u.Error(w, r, err)
			return
		}
		for y := inStockholm(u.changeTime()).Year() + 1; y >= 2015; y-- {
			p.Years = append(p.Years, y)
		}
		p.CanCreate = tillit.Can(web.Actor(ctx), tillit.ActEditRiskAnalysis, tillit.Resource{})
		u.render(w, r, http.StatusOK, "risk/index", p)
	})
}

type riskShowPage struct {
	Page
	riskLabels
	A          *tillit.RiskAnalysis
	Heatmap    chartView
	Cells      []riskCellRow
	CanEdit    bool
	CanApprove bool
	Others     []sqldb.RiskAnalysisRow // the category's other analyses, to compare with
}

// riskFor loads the analysis of the {id} path and its category.
func (u *UI) riskFor(r *http.Request) (*tillit.RiskAnalysis, *tillit.Category, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	a, err := u.DB.FindRiskAnalysis(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	cat, err := u.categoryByID(r.Context(), a.CategoryID)
	return a, cat, err
}

// categoryByID finds one category with its responsibilities.
func (u *UI) categoryByID(ctx context.Context, id int64) (*tillit.Category, error) {
	cats, err := u.DB.FindCategories(ctx)
	if err != nil {
		return nil, err
	}
	for i := range cats {
		if cats[i].ID == id {
			return &cats[i], nil
		}
	}
	return nil, tillit.Errorf(tillit.ENOTFOUND, "Category %d not found.", id)
}

// riskResource is what the policy needs to know about an analysis: the
// regions responsible for its category in its year (today, for the
// current year; on its first day, for a year to come).
func (u *UI) riskResource(cat *tillit.Category, year int) tillit.Resource {
	day := tillit.DateOf(u.changeTime())
	if end := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC); end.Before(day) {
		day = end
	}
	if start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC); day.Before(start) {
		day = start
	}
	return tillit.Resource{ResponsibleRegionIDs: responsibleToday(cat, day)}
}

// ShowRiskAnalysis serves GET /risk-analyses/{id}.
func (u *UI) ShowRiskAnalysis() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		a, cat, err := u.riskFor(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := riskShowPage{Page: u.page(r, "Risk analysis"), A: a}
		p.riskLabels = riskLabels{p.Lang}
		p.Title = a.Title + " " + strconv.Itoa(a.Year)
		p.Heatmap = newChartViewHeat(p.Lang, riskHeatmap(p.Lang, a, "risk-"+strconv.FormatInt(a.ID, 10)), "cells")
		p.Cells = riskCellRows(p.Lang, a)
		res := u.riskResource(cat, a.Year)
		actor := web.Actor(ctx)
		p.CanEdit = a.Status == tillit.RiskDraft && tillit.Can(actor, tillit.ActEditRiskAnalysis, res)
		p.CanApprove = a.Status == tillit.RiskDraft && tillit.Can(actor, tillit.ActApproveRiskAnalysis, res)
		others, err := u.DB.FindRiskAnalyses(ctx, sqldb.RiskAnalysisFilter{CategoryID: a.CategoryID})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		for _, o := range others {
			if o.ID != a.ID {
				p.Others = append(p.Others, o)
			}
		}
		u.render(w, r, http.StatusOK, "risk/show", p)
	})
}

// newChartViewHeat is a heatmap with a link to its table.
func newChartViewHeat(lang tillit.Lang, h chart.Heatmap, tableID string) chartView {
	return chartView{SVG: h.SVG(), TableID: tableID, LinkText: T(lang, "The figures as a table")}
}

// riskCellField is one cell of the form.
type riskCellField struct {
	Key           string
	Stage, Area   string
	Likelihood    int
	Severity      int
	Note, Sources string
	Error         string
}

type riskFormPage struct {
	Page
	riskLabels
	New           bool
	ID            int64
	Version       int64
	CategoryID    int64
	Year          int
	AnalysisTitle string
	Scope         string
	Countries     string
	Products      string
	Categories    []tillit.Category
	Stages        []riskStageFields
	Ratings       []int
	Fields        map[string]string
	Problem       string
}

type riskStageFields struct {
	Label string
	Cells []riskCellField
}

// riskForm fills the form's view model from an analysis.
func (u *UI) riskForm(r *http.Request, a *tillit.RiskAnalysis, isNew bool) (riskFormPage, error) {
	title := "Edit risk analysis"
	if isNew {
		title = "New risk analysis"
	}
	p := riskFormPage{Page: u.page(r, title), New: isNew, ID: a.ID, Version: a.Version, CategoryID: a.CategoryID, Year: a.Year,
		AnalysisTitle: a.Title, Scope: a.Scope, Ratings: []int{0, 1, 2, 3, 4}, Fields: map[string]string{}}
	p.riskLabels = riskLabels{p.Lang}
	var lines []string
	for _, c := range a.Countries {
		lines = append(lines, c.Country+"; "+c.Reason)
	}
	p.Countries = strings.Join(lines, "\n")
	lines = nil
	for _, g := range a.Products {
		lines = append(lines, g.Name+"; "+strconv.Itoa(g.Priority)+"; "+g.Reason)
	}
	p.Products = strings.Join(lines, "\n")
	for _, s := range tillit.SupplyChainStages {
		st := riskStageFields{Label: p.StageLabel(s)}
		for _, ar := range tillit.SustainabilityAreas {
			c := a.Cell(s, ar)
			f := riskCellField{Key: tillit.RiskCellKey(s, ar), Stage: string(s), Area: p.AreaLabel(ar)}
			if c != nil {
				f.Likelihood, f.Severity, f.Note, f.Sources = c.Likelihood, c.Severity, c.Note, c.Sources
			}
			st.Cells = append(st.Cells, f)
		}
		p.Stages = append(p.Stages, st)
	}
	var err error
	p.Categories, err = u.DB.FindCategories(r.Context())
	return p, err
}

// showProblems puts err's messages on the form.
func (p *riskFormPage) showProblems(err error) {
	tr := translator(p.Lang)
	p.Problem = tillit.ErrorMessage(err).In(tr)
	for k, m := range tillit.ErrorFields(err) {
		p.Fields[k] = m.In(tr)
	}
	for i := range p.Stages {
		for j := range p.Stages[i].Cells {
			p.Stages[i].Cells[j].Error = p.Fields[p.Stages[i].Cells[j].Key]
		}
	}
}

// NewRiskAnalysis serves GET /risk-analyses/new (?category=, ?year=).
func (u *UI) NewRiskAnalysis() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		year, err := yearParam(r, inStockholm(u.changeTime()).Year())
		if err != nil {
			u.Error(w, r, err)
			return
		}
		cat, _ := strconv.ParseInt(r.URL.Query().Get("category"), 10, 64)
		a := tillit.NewRiskAnalysis(cat, year, "", "")
		p, err := u.riskForm(r, a, true)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.render(w, r, http.StatusOK, "risk/edit", p)
	})
}

// readRiskForm reads the posted form into a; problems with the lines of
// countries and products are returned with the rest.
func readRiskForm(r *http.Request, a *tillit.RiskAnalysis) error {
	p := tillit.Problems{}
	a.Title = strings.TrimSpace(r.PostFormValue("title"))
	a.Scope = strings.TrimSpace(r.PostFormValue("scope"))
	if s := r.PostFormValue("category"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			p.Add("category", "Choose the procurement category the analysis is for.")
		}
		a.CategoryID = id
	}
	if s := r.PostFormValue("year"); s != "" {
		y, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			p.Add("year", "Enter a year between 2000 and 2100.")
		}
		a.Year = y
	}
	rating := func(key string) int {
		n, err := strconv.Atoi(r.PostFormValue(key))
		if err != nil {
			return -1 // Validate says what to fix
		}
		return n
	}
	for i := range a.Cells {
		c := &a.Cells[i]
		key := tillit.RiskCellKey(c.Stage, c.Area)
		c.Likelihood, c.Severity = rating(key+".likelihood"), rating(key+".severity")
		c.Note, c.Sources = strings.TrimSpace(r.PostFormValue(key+".note")), strings.TrimSpace(r.PostFormValue(key+".sources"))
	}
	cs, err := tillit.ParseCountryLines(r.PostFormValue("countries"))
	a.Countries = cs
	p.Merge(err)
	ps, err := tillit.ParseProductLines(r.PostFormValue("products"))
	a.Products = ps
	p.Merge(err)
	p.Merge(a.Validate())
	return p.Err()
}

// formAgain shows the posted form again with what to fix; the posted
// text, not the stored one, is shown so nothing typed is lost.
func (u *UI) riskFormAgain(w http.ResponseWriter, r *http.Request, a *tillit.RiskAnalysis, isNew bool, err error) {
	if code := tillit.ErrorCode(err); code != tillit.EINVALID && code != tillit.ECONFLICT {
		u.Error(w, r, err)
		return
	}
	p, ferr := u.riskForm(r, a, isNew)
	if ferr != nil {
		u.Error(w, r, ferr)
		return
	}
	p.Countries, p.Products = r.PostFormValue("countries"), r.PostFormValue("products")
	p.showProblems(err)
	status := http.StatusBadRequest
	if tillit.ErrorCode(err) == tillit.ECONFLICT {
		status = http.StatusConflict
	}
	u.render(w, r, status, "risk/edit", p)
}

// CreateRiskAnalysis serves POST /risk-analyses/new.
func (u *UI) CreateRiskAnalysis() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		a := tillit.NewRiskAnalysis(0, 0, "", "")
		if err := readRiskForm(r, a); err != nil {
			u.riskFormAgain(w, r, a, true, err)
			return
		}
		cat, err := u.categoryByID(ctx, a.CategoryID)
		if err != nil {
			u.riskFormAgain(w, r, a, true, tillit.Errorf(tillit.EINVALID, "Choose the procurement category the analysis is for."))
			return
		}
		if !tillit.Can(web.Actor(ctx), tillit.ActEditRiskAnalysis, u.riskResource(cat, a.Year)) {
			u.Error(w, r, tillit.Errorf(tillit.EFORBIDDEN, "Only the national office and the regions responsible for the category can write its risk analysis."))
			return
		}
		if err := u.DB.CreateRiskAnalysis(ctx, web.Actor(ctx), a); err != nil {
			u.riskFormAgain(w, r, a, true, err)
			return
		}
		u.redirect(w, r, "/risk-analyses/"+strconv.FormatInt(a.ID, 10), "The risk analysis is saved as a draft.")
	})
}

// EditRiskAnalysis serves GET /risk-analyses/{id}/edit.
func (u *UI) EditRiskAnalysis() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, cat, err := u.riskFor(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if err := u.mayEditRisk(r, a, cat); err != nil {
			u.Error(w, r, err)
			return
		}
		p, err := u.riskForm(r, a, false)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.render(w, r, http.StatusOK, "risk/edit", p)
	})
}

func (u *UI) mayEditRisk(r *http.Request, a *tillit.RiskAnalysis, cat *tillit.Category) error {
	if !tillit.Can(web.Actor(r.Context()), tillit.ActEditRiskAnalysis, u.riskResource(cat, a.Year)) {
		return tillit.Errorf(tillit.EFORBIDDEN, "Only the national office and the regions responsible for the category can write its risk analysis.")
	}
	return a.CanEdit()
}

// UpdateRiskAnalysis serves POST /risk-analyses/{id}/edit.
func (u *UI) UpdateRiskAnalysis() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		a, cat, err := u.riskFor(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if err := u.mayEditRisk(r, a, cat); err != nil {
			u.Error(w, r, err)
			return
		}
		a.Version, _ = strconv.ParseInt(r.PostFormValue("version"), 10, 64)
		origCategory := a.CategoryID
		if err := readRiskForm(r, a); err != nil {
			u.riskFormAgain(w, r, a, false, err)
			return
		}
		if a.CategoryID != origCategory {
			newCat, err := u.categoryByID(ctx, a.CategoryID)
			if err != nil || !tillit.Can(web.Actor(ctx), tillit.ActEditRiskAnalysis, u.riskResource(newCat, a.Year)) {
				u.riskFormAgain(w, r, a, false, tillit.Errorf(tillit.EINVALID, "Choose the procurement category the analysis is for."))
				return
			}
		}
		if err := u.DB.UpdateRiskAnalysis(ctx, web.Actor(ctx), a); err != nil {
			u.riskFormAgain(w, r, a, false, err)
			return
		}
		u.redirect(w, r, "/risk-analyses/"+strconv.FormatInt(a.ID, 10), "The risk analysis is saved.")
	})
}

// ApproveRiskAnalysis serves POST /risk-analyses/{id}/approve.
func (u *UI) ApproveRiskAnalysis() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		a, cat, err := u.riskFor(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if !tillit.Can(web.Actor(ctx), tillit.ActApproveRiskAnalysis, u.riskResource(cat, a.Year)) {
			u.Error(w, r, tillit.Errorf(tillit.EFORBIDDEN, "Only the national office and the coordinators of the regions responsible for the category can approve its risk analysis."))
			return
		}
		version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
		if _, err := u.DB.ApproveRiskAnalysis(ctx, web.Actor(ctx), a.ID, version); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/risk-analyses/"+strconv.FormatInt(a.ID, 10), "The risk analysis is approved.")
	})
}

// DeleteRiskAnalysis serves POST /risk-analyses/{id}/delete (drafts only).
func (u *UI) DeleteRiskAnalysis() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		a, cat, err := u.riskFor(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if err := u.mayEditRisk(r, a, cat); err != nil {
			u.Error(w, r, err)
			return
		}
		if err := u.DB.DeleteRiskAnalysis(ctx, web.Actor(ctx), a.ID); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/risk-analyses", "The draft is deleted.")
	})
}

// riskCompareRow is one changed cell.
type riskCompareRow struct {
	Stage, Area   string
	Before, After string
	Change        string
}

type riskComparePage struct {
	Page
	A, B       *tillit.RiskAnalysis
	HeatA      chartView
	HeatB      chartView
	Changes    []riskCompareRow
	CountriesA string
	CountriesB string
}

// CompareRiskAnalyses serves GET /risk-analyses/compare?a=ID&b=ID.
func (u *UI) CompareRiskAnalyses() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		load := func(param string) (*tillit.RiskAnalysis, error) {
			id, err := strconv.ParseInt(r.URL.Query().Get(param), 10, 64)
			if err != nil || id <= 0 {
				return nil, tillit.Errorf(tillit.EINVALID, "Choose two risk analyses to compare.")
			}
			return u.DB.FindRiskAnalysis(ctx, id)
		}
		a, err := load("a")
		if err != nil {
			u.Error(w, r, err)
			return
		}
		b, err := load("b")
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if a.Year > b.Year {
			a, b = b, a
		}
		p := riskComparePage{Page: u.page(r, "Compare risk analyses"), A: a, B: b}
		l := riskLabels{p.Lang}
		p.HeatA = newChartViewHeat(p.Lang, riskHeatmap(p.Lang, a, "risk-a"), "changes")
		p.HeatB = newChartViewHeat(p.Lang, riskHeatmap(p.Lang, b, "risk-b"), "changes")
		rating := func(c tillit.RiskCell) string {
			if !c.Assessed() {
				return T(p.Lang, "Not assessed")
			}
			return strconv.Itoa(c.Likelihood) + " × " + strconv.Itoa(c.Severity) + " = " + strconv.Itoa(c.Score()) + " (" + l.LevelLabel(c.Level()) + ")"
		}
		for _, d := range tillit.CompareRisk(a, b) {
			change := strconv.Itoa(d.ScoreChange)
			if d.ScoreChange > 0 {
				change = "+" + change
			}
			p.Changes = append(p.Changes, riskCompareRow{Stage: l.StageLabel(d.Stage), Area: l.AreaLabel(d.Area),
				Before: rating(d.Before), After: rating(d.After), Change: change})
		}
		join := func(cs []tillit.CountryConcern) string {
			var s []string
			for _, c := range cs {
				s = append(s, c.Country)
			}
			return strings.Join(s, ", ")
		}
		p.CountriesA, p.CountriesB = join(a.Countries), join(b.Countries)
		u.render(w, r, http.StatusOK, "risk/compare", p)
	})
}
