package ui

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/export"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The requirements library (issue 7): the list grouped by kind and area
// with the version in force on a chosen day, one requirement with its
// versions, one version, the differences between two versions, and the
// national office's forms for new requirements, drafts and publishing.
// Drafts are shown to those who may manage the library only.

// requirementLabels names the library's vocabulary in the reader's
// language.
type requirementLabels struct {
	riskLabels
}

func (l requirementLabels) KindLabel(k tillit.RequirementKind) string {
	switch k {
	case tillit.KindCodeOfConduct:
		return T(l.lang, "Code of conduct")
	case tillit.KindClauseBasic:
		return T(l.lang, "Contract clause, basic level")
	case tillit.KindClauseAdvanced:
		return T(l.lang, "Contract clause, advanced level")
	case tillit.KindEnvironmental:
		return T(l.lang, "Environmental requirements")
	}
	return string(k)
}

// AreaOrNone names an area, or says the requirement serves every area.
func (l requirementLabels) AreaOrNone(a tillit.SustainabilityArea) string {
	if a == "" {
		return T(l.lang, "The supplier's own processes (every area)")
	}
	return l.AreaLabel(a)
}

func (l requirementLabels) VersionStatusLabel(s tillit.RequirementStatus) string {
	if s == tillit.RequirementPublished {
		return T(l.lang, "Published")
	}
	return T(l.lang, "Draft")
}

// TextIn is a library text in the reader's language.
func (l requirementLabels) TextIn(t tillit.Text) string { return t.In(l.lang) }

// requirementPath is the address of a requirement, or of one version.
func requirementPath(code string, n int) string {
	p := "/requirements/" + url.PathEscape(code)
	if n > 0 {
		p += "/versions/" + strconv.Itoa(n)
	}
	return p
}

type requirementOption struct {
	Value, Label string
}

type requirementGroup struct {
	Kind  string
	ID    string
	Areas []requirementAreaGroup
}

type requirementAreaGroup struct {
	Area string
	ID   string
	Rows []sqldb.RequirementRow
}

type requirementListPage struct {
	Page
	requirementLabels
	Kind, Area, Category, Query, On string
	Kinds, Areas                    []requirementOption
	Categories                      []tillit.Category
	Groups                          []requirementGroup
	Count                           int
	CanManage                       bool
	ExportQuery                     string
}

// requirementFilter reads the list's query: ?kind=, ?area=, ?category=,
// ?q= and ?on=YYYY-MM-DD.
func requirementFilter(r *http.Request, canManage bool) (sqldb.RequirementFilter, error) {
	q := r.URL.Query()
	f := sqldb.RequirementFilter{Kind: tillit.RequirementKind(q.Get("kind")), Area: tillit.SustainabilityArea(q.Get("area")),
		Query: strings.TrimSpace(q.Get("q")), Drafts: canManage}
	if f.Kind != "" && !f.Kind.Valid() {
		return f, tillit.Errorf(tillit.EINVALID, "Choose a kind of requirement from the list.")
	}
	if f.Area != "" && f.Area != "none" {
		ok := false
		for _, a := range tillit.SustainabilityAreas {
			ok = ok || a == f.Area
		}
		if !ok {
			return f, tillit.Errorf(tillit.EINVALID, "Choose a sustainability area from the list.")
		}
	}
	if s := q.Get("category"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return f, tillit.Errorf(tillit.EINVALID, "Choose a category from the list.")
		}
		f.CategoryID = id
	}
	if s := strings.TrimSpace(q.Get("on")); s != "" {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil || d.Year() < 1900 || d.Year() > 2200 {
			return f, tillit.Errorf(tillit.EINVALID, "Write the date as YYYY-MM-DD, for example 2022-06-30.")
		}
		f.On = d
	}
	return f, nil
}

// Requirements serves GET /requirements.
func (u *UI) Requirements() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p := requirementListPage{Page: u.page(r, "Requirements library")}
		p.lang = p.Lang
		p.CanManage = tillit.Can(web.Actor(ctx), tillit.ActManageRequirements, tillit.Resource{})
		f, err := requirementFilter(r, p.CanManage)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p.Kind, p.Area, p.Query = string(f.Kind), string(f.Area), f.Query
		if f.CategoryID != 0 {
			p.Category = strconv.FormatInt(f.CategoryID, 10)
		}
		if !f.On.IsZero() {
			p.On = f.On.Format(time.DateOnly)
		}
		p.ExportQuery = r.URL.RawQuery
		for _, k := range tillit.RequirementKinds {
			p.Kinds = append(p.Kinds, requirementOption{string(k), p.KindLabel(k)})
		}
		p.Areas = append(p.Areas, requirementOption{"none", p.AreaOrNone("")})
		for _, a := range tillit.SustainabilityAreas {
			p.Areas = append(p.Areas, requirementOption{string(a), p.AreaLabel(a)})
		}
		if p.Categories, err = u.DB.FindCategories(ctx); err != nil {
			u.Error(w, r, err)
			return
		}
		rows, err := u.DB.FindRequirements(ctx, f)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p.Count = len(rows)
		// Rows come sorted by kind, then area: start a group on each change.
		for _, row := range rows {
			if n := len(p.Groups); n == 0 || p.Groups[n-1].ID != string(row.Kind) {
				p.Groups = append(p.Groups, requirementGroup{Kind: p.KindLabel(row.Kind), ID: string(row.Kind)})
			}
			g := &p.Groups[len(p.Groups)-1]
			areaID := string(row.Kind) + "-" + string(row.Area)
			if row.Area == "" {
				areaID += "none"
			}
			if n := len(g.Areas); n == 0 || g.Areas[n-1].ID != areaID {
				g.Areas = append(g.Areas, requirementAreaGroup{Area: p.AreaOrNone(row.Area), ID: areaID})
			}
			a := &g.Areas[len(g.Areas)-1]
			a.Rows = append(a.Rows, row)
		}
		u.render(w, r, http.StatusOK, "requirements/index", p)
	})
}

// RequirementsExport serves GET /requirements.csv and .xlsx with the
// list's filters: one row per requirement with the version shown.
func (u *UI) RequirementsExport(format string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		lang := web.Lang(ctx)
		l := requirementLabels{riskLabels{lang}}
		f, err := requirementFilter(r, tillit.Can(web.Actor(ctx), tillit.ActManageRequirements, tillit.Resource{}))
		if err != nil {
			u.Error(w, r, err)
			return
		}
		rows, err := u.DB.FindRequirements(ctx, f)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		t := export.Table{Title: T(lang, "Requirements library"), Columns: []export.Column{
			{Header: T(lang, "Code"), Kind: export.Text},
			{Header: T(lang, "Kind"), Kind: export.Text},
			{Header: T(lang, "Sustainability area"), Kind: export.Text},
			{Header: T(lang, "Category"), Kind: export.Text},
			{Header: T(lang, "Version"), Kind: export.Integer},
			{Header: T(lang, "Status"), Kind: export.Text},
			{Header: T(lang, "Effective from"), Kind: export.Date},
			{Header: T(lang, "Title (Swedish)"), Kind: export.Text},
			{Header: T(lang, "Title (English)"), Kind: export.Text},
			{Header: T(lang, "Text (Swedish)"), Kind: export.Text},
			{Header: T(lang, "Text (English)"), Kind: export.Text},
		}}
		for _, row := range rows {
			v := row.Version
			num, status, from := export.BlankCell(), export.BlankCell(), export.BlankCell()
			if v.Number > 0 {
				num, status, from = export.IntCell(int64(v.Number)), export.TextCell(l.VersionStatusLabel(v.Status)), export.DateCell(v.EffectiveFrom)
			}
			t.Rows = append(t.Rows, []export.Cell{
				export.TextCell(row.Code), export.TextCell(l.KindLabel(row.Kind)), export.TextCell(l.AreaOrNone(row.Area)),
				export.TextCell(row.Category(lang)), num, status, from,
				export.TextCell(v.Title.SV), export.TextCell(v.Title.EN), export.TextCell(v.Body.SV), export.TextCell(v.Body.EN),
			})
		}
		u.writeExport(w, r, format, T(lang, "requirements"), t)
	})
}

// requirementFor loads the requirement of the {code} path; drafts are
// dropped unless the reader may manage the library, and a requirement
// with nothing published is then not found.
func (u *UI) requirementFor(r *http.Request) (*tillit.Requirement, bool, error) {
	code := r.PathValue("code")
	req, err := u.DB.FindRequirement(r.Context(), code)
	if err != nil {
		return nil, false, err
	}
	manage := tillit.Can(web.Actor(r.Context()), tillit.ActManageRequirements, tillit.Resource{})
	if !manage {
		published := req.Versions[:0:0]
		for _, v := range req.Versions {
			if v.Status == tillit.RequirementPublished {
				published = append(published, v)
			}
		}
		req.Versions = published
		if len(published) == 0 {
			return nil, false, tillit.Errorf(tillit.ENOTFOUND, "Requirement %s is not in the library.", code)
		}
	}
	return req, manage, nil
}

// versionRow is one version in a requirement's list.
type versionRow struct {
	tillit.RequirementVersion
	Href     string
	DiffHref string // against the version before, "" for the first
	Until    time.Time
	InForce  bool
}

type requirementShowPage struct {
	Page
	requirementLabels
	R         *tillit.Requirement
	Category  string
	Current   *tillit.RequirementVersion // in force today, else the latest published, else the draft
	Today     bool                       // Current is in force today
	Versions  []versionRow
	Draft     *tillit.RequirementVersion
	CanManage bool
}

// versionRows lists the versions with the day each stopped applying.
func versionRows(req *tillit.Requirement, today time.Time) []versionRow {
	inForce := req.InForce(today)
	var out []versionRow
	var prev int
	for _, v := range req.Versions {
		row := versionRow{RequirementVersion: v, Href: requirementPath(req.Code, v.Number), InForce: inForce != nil && inForce.Number == v.Number}
		if prev > 0 {
			row.DiffHref = requirementPath(req.Code, 0) + "/diff?a=" + strconv.Itoa(prev) + "&b=" + strconv.Itoa(v.Number)
		}
		if v.Status == tillit.RequirementPublished {
			for _, w := range req.Versions {
				if w.Status == tillit.RequirementPublished && w.Number > v.Number {
					row.Until = w.EffectiveFrom.AddDate(0, 0, -1)
					break
				}
			}
		}
		prev = v.Number
		out = append(out, row)
	}
	return out
}

// requirementCategory names the requirement's category, if it has one.
func (u *UI) requirementCategory(r *http.Request, req *tillit.Requirement, lang tillit.Lang) (string, error) {
	if req.CategoryID == 0 {
		return "", nil
	}
	cat, err := u.categoryByID(r.Context(), req.CategoryID)
	if err != nil {
		return "", err
	}
	return cat.Name(string(lang)), nil
}

// ShowRequirement serves GET /requirements/{code}.
func (u *UI) ShowRequirement() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, manage, err := u.requirementFor(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := requirementShowPage{Page: u.page(r, "Requirement"), R: req, CanManage: manage}
		p.lang = p.Lang
		today := tillit.DateOf(inStockholm(u.changeTime()))
		if p.Current = req.InForce(today); p.Current != nil {
			p.Today = true
		} else if p.Current = req.LatestPublished(); p.Current == nil {
			p.Current = req.Draft()
		}
		if p.Current != nil {
			p.Title = req.Code + " " + p.Current.Title.In(p.Lang)
		} else {
			p.Title = req.Code
		}
		p.Versions = versionRows(req, today)
		if manage {
			p.Draft = req.Draft()
		}
		if p.Category, err = u.requirementCategory(r, req, p.Lang); err != nil {
			u.Error(w, r, err)
			return
		}
		u.render(w, r, http.StatusOK, "requirements/show", p)
	})
}

type requirementVersionPage struct {
	Page
	requirementLabels
	R         *tillit.Requirement
	V         versionRow
	Category  string
	CanManage bool
}

// versionParam reads {n}.
func versionParam(r *http.Request, name string, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, tillit.Errorf(tillit.ENOTFOUND, "%s has no version %s.", name, s)
	}
	return n, nil
}

// ShowRequirementVersion serves GET /requirements/{code}/versions/{n}.
func (u *UI) ShowRequirementVersion() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, manage, err := u.requirementFor(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		n, err := versionParam(r, req.Code, r.PathValue("n"))
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := requirementVersionPage{Page: u.page(r, "Requirement version"), R: req, CanManage: manage}
		p.lang = p.Lang
		found := false
		for _, row := range versionRows(req, tillit.DateOf(inStockholm(u.changeTime()))) {
			if row.Number == n {
				p.V, found = row, true
			}
		}
		if !found {
			u.Error(w, r, tillit.Errorf(tillit.ENOTFOUND, "%s has no version %d.", req.Code, n))
			return
		}
		p.Title = fmt.Sprintf(T(p.Lang, "%s, version %d"), req.Code, n)
		if p.Category, err = u.requirementCategory(r, req, p.Lang); err != nil {
			u.Error(w, r, err)
			return
		}
		u.render(w, r, http.StatusOK, "requirements/version", p)
	})
}

// diffField is one text compared, as HTML with <del> and <ins>.
type diffField struct {
	ID      string
	Label   string
	Lang    string
	HTML    template.HTML
	Changed bool
}

type requirementDiffPage struct {
	Page
	requirementLabels
	R          *tillit.Requirement
	A, B       int
	Choices    []int
	Fields     []diffField
	EffectiveA time.Time
	EffectiveB time.Time
	Message    string
}

// diffHTML renders a word diff: removed words in <del>, added ones in
// <ins>, each with a hidden word for screen readers; the browser's
// strike-through and underline mark them without relying on colour.
func diffHTML(lang tillit.Lang, parts []tillit.DiffPart) (template.HTML, bool) {
	var b strings.Builder
	changed := false
	text := func(s string) string { return strings.ReplaceAll(html.EscapeString(s), "\n", "<br>\n") }
	for _, p := range parts {
		switch p.Kind {
		case tillit.DiffSame:
			b.WriteString(text(p.Text))
		case tillit.DiffDelete:
			changed = true
			b.WriteString(`<del><span class="visually-hidden">` + html.EscapeString(T(lang, "[removed:")) + ` </span>` + text(p.Text) +
				`<span class="visually-hidden">]</span></del>`)
		case tillit.DiffInsert:
			changed = true
			b.WriteString(`<ins><span class="visually-hidden">` + html.EscapeString(T(lang, "[added:")) + ` </span>` + text(p.Text) +
				`<span class="visually-hidden">]</span></ins>`)
		}
	}
	return template.HTML(b.String()), changed
}

// RequirementDiff serves GET /requirements/{code}/diff?a=1&b=2; without
// a and b it compares the two latest versions.
func (u *UI) RequirementDiff() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, _, err := u.requirementFor(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := requirementDiffPage{Page: u.page(r, "Differences between versions"), R: req}
		p.lang = p.Lang
		for _, v := range req.Versions {
			p.Choices = append(p.Choices, v.Number)
		}
		if n := len(p.Choices); n >= 2 {
			p.A, p.B = p.Choices[n-2], p.Choices[n-1]
		}
		q := r.URL.Query()
		for _, x := range []struct {
			key string
			to  *int
		}{{"a", &p.A}, {"b", &p.B}} {
			if s := q.Get(x.key); s != "" {
				n, err := versionParam(r, req.Code, s)
				if err != nil || req.Version(n) == nil {
					u.Error(w, r, tillit.Errorf(tillit.EINVALID, "Choose two versions of %s from the lists.", req.Code))
					return
				}
				*x.to = n
			}
		}
		p.Title = fmt.Sprintf(T(p.Lang, "%s: differences between versions"), req.Code)
		va, vb := req.Version(p.A), req.Version(p.B)
		if va == nil || vb == nil {
			p.Message = T(p.Lang, "There is only one version so far, so there is nothing to compare.")
			u.render(w, r, http.StatusOK, "requirements/diff", p)
			return
		}
		p.EffectiveA, p.EffectiveB = va.EffectiveFrom, vb.EffectiveFrom
		for _, f := range []struct {
			label, lang string
			a, b        string
		}{
			{T(p.Lang, "Title in Swedish"), "sv", va.Title.SV, vb.Title.SV},
			{T(p.Lang, "Text in Swedish"), "sv", va.Body.SV, vb.Body.SV},
			{T(p.Lang, "Title in English"), "en", va.Title.EN, vb.Title.EN},
			{T(p.Lang, "Text in English"), "en", va.Body.EN, vb.Body.EN},
		} {
			h, changed := diffHTML(p.Lang, tillit.DiffWords(f.a, f.b))
			p.Fields = append(p.Fields, diffField{ID: "diff-" + strconv.Itoa(len(p.Fields)+1), Label: f.label, Lang: f.lang, HTML: h, Changed: changed})
		}
		u.render(w, r, http.StatusOK, "requirements/diff", p)
	})
}

// requirementForm is the form for a new requirement or a version.
type requirementForm struct {
	Page
	requirementLabels
	New              bool   // a new requirement (code and classification too)
	Action           string // where the form posts
	Code, Kind, Area string
	CategoryID       string
	TitleSV, TitleEN string
	BodySV, BodyEN   string
	EffectiveFrom    string
	Number           int
	Kinds, Areas     []requirementOption
	Categories       []tillit.Category
	Fields           map[string]string
	Problem          string
	Back             string
}

func (u *UI) requirementFormPage(r *http.Request, title string) (requirementForm, error) {
	p := requirementForm{Page: u.page(r, title), Fields: map[string]string{}}
	p.lang = p.Lang
	for _, k := range tillit.RequirementKinds {
		p.Kinds = append(p.Kinds, requirementOption{string(k), p.KindLabel(k)})
	}
	p.Areas = append(p.Areas, requirementOption{"", p.AreaOrNone("")})
	for _, a := range tillit.SustainabilityAreas {
		p.Areas = append(p.Areas, requirementOption{string(a), p.AreaLabel(a)})
	}
	var err error
	p.Categories, err = u.DB.FindCategories(r.Context())
	return p, err
}

// readVersionForm reads the texts and date of a posted form.
func readVersionForm(r *http.Request, p *requirementForm, probs tillit.Problems) tillit.VersionInput {
	v := r.PostFormValue
	p.TitleSV, p.TitleEN, p.BodySV, p.BodyEN, p.EffectiveFrom = v("title_sv"), v("title_en"), v("body_sv"), v("body_en"), v("effective_from")
	in := tillit.VersionInput{Title: tillit.Text{SV: p.TitleSV, EN: p.TitleEN}, Body: tillit.Text{SV: p.BodySV, EN: p.BodyEN}}
	in.EffectiveFrom = optionalFormDate(p.EffectiveFrom, probs, "effective_from")
	probs.Merge(in.Validate())
	return in
}

// formAgain shows the posted form with what to fix.
func (u *UI) requirementFormAgain(w http.ResponseWriter, r *http.Request, p requirementForm, err error) {
	if code := tillit.ErrorCode(err); code != tillit.EINVALID && code != tillit.ECONFLICT {
		u.Error(w, r, err)
		return
	}
	tr := translator(p.Lang)
	p.Problem = tillit.ErrorMessage(err).In(tr)
	for k, m := range tillit.ErrorFields(err) {
		p.Fields[k] = m.In(tr)
	}
	status := http.StatusBadRequest
	if tillit.ErrorCode(err) == tillit.ECONFLICT {
		status = http.StatusConflict
	}
	u.render(w, r, status, "requirements/edit", p)
}

// NewRequirement serves GET /requirements/new.
func (u *UI) NewRequirement() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := u.requirementFormPage(r, "New requirement")
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p.New, p.Action, p.Back = true, "/requirements/new", "/requirements"
		p.Kind = string(tillit.KindCodeOfConduct)
		p.EffectiveFrom = formatDate(u.changeTime())
		u.render(w, r, http.StatusOK, "requirements/edit", p)
	})
}

// CreateRequirement serves POST /requirements/new.
func (u *UI) CreateRequirement() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, err := u.requirementFormPage(r, "New requirement")
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p.New, p.Action, p.Back = true, "/requirements/new", "/requirements"
		probs := tillit.Problems{}
		p.Code, p.Kind, p.Area, p.CategoryID = strings.TrimSpace(r.PostFormValue("code")), r.PostFormValue("kind"), r.PostFormValue("area"), r.PostFormValue("category_id")
		req := &tillit.Requirement{Code: p.Code, Kind: tillit.RequirementKind(p.Kind), Area: tillit.SustainabilityArea(p.Area)}
		if p.CategoryID != "" {
			id, err := strconv.ParseInt(p.CategoryID, 10, 64)
			if err != nil || id <= 0 {
				probs.Add("category_id", "Choose a category from the list.")
			}
			req.CategoryID = id
		}
		in := readVersionForm(r, &p, probs)
		probs.Merge(req.Validate())
		if err := probs.Err(); err != nil {
			u.requirementFormAgain(w, r, p, err)
			return
		}
		if err := u.DB.CreateRequirement(ctx, web.Actor(ctx), req, in); err != nil {
			u.requirementFormAgain(w, r, p, err)
			return
		}
		u.redirect(w, r, requirementPath(req.Code, 1), "The requirement is saved with version 1 as a draft.")
	})
}

// NewRequirementVersion serves GET /requirements/{code}/versions/new: the
// form starts from the latest text; when a draft exists, that draft is
// opened instead.
func (u *UI) NewRequirementVersion() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, _, err := u.requirementFor(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if d := req.Draft(); d != nil {
			http.Redirect(w, r, requirementPath(req.Code, d.Number)+"/edit", http.StatusSeeOther)
			return
		}
		p, err := u.requirementFormPage(r, "New version")
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p.Code, p.Action, p.Back = req.Code, requirementPath(req.Code, 0)+"/versions/new", requirementPath(req.Code, 0)
		if v := req.LatestPublished(); v != nil {
			p.TitleSV, p.TitleEN, p.BodySV, p.BodyEN = v.Title.SV, v.Title.EN, v.Body.SV, v.Body.EN
		}
		p.EffectiveFrom = formatDate(u.changeTime())
		u.render(w, r, http.StatusOK, "requirements/edit", p)
	})
}

// CreateRequirementVersion serves POST /requirements/{code}/versions/new.
func (u *UI) CreateRequirementVersion() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		req, _, err := u.requirementFor(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p, err := u.requirementFormPage(r, "New version")
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p.Code, p.Action, p.Back = req.Code, requirementPath(req.Code, 0)+"/versions/new", requirementPath(req.Code, 0)
		probs := tillit.Problems{}
		in := readVersionForm(r, &p, probs)
		if err := probs.Err(); err != nil {
			u.requirementFormAgain(w, r, p, err)
			return
		}
		v, err := u.DB.AddRequirementDraft(ctx, web.Actor(ctx), req.Code, in)
		if err != nil {
			u.requirementFormAgain(w, r, p, err)
			return
		}
		u.redirect(w, r, requirementPath(req.Code, v.Number), "The new version is saved as a draft.")
	})
}

// draftFor loads the {code} requirement and its draft {n}.
func (u *UI) draftFor(r *http.Request) (*tillit.Requirement, *tillit.RequirementVersion, error) {
	req, _, err := u.requirementFor(r)
	if err != nil {
		return nil, nil, err
	}
	n, err := versionParam(r, req.Code, r.PathValue("n"))
	if err != nil {
		return nil, nil, err
	}
	v := req.Version(n)
	if v == nil {
		return nil, nil, tillit.Errorf(tillit.ENOTFOUND, "%s has no version %d.", req.Code, n)
	}
	if v.Status != tillit.RequirementDraft {
		return nil, nil, tillit.Errorf(tillit.ECONFLICT, "Version %d of %s is published and cannot be changed. Start a new version instead.", n, req.Code)
	}
	return req, v, nil
}

// EditRequirementVersion serves GET /requirements/{code}/versions/{n}/edit.
func (u *UI) EditRequirementVersion() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, v, err := u.draftFor(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p, err := u.requirementFormPage(r, "Edit draft version")
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p.Code, p.Number, p.Back = req.Code, v.Number, requirementPath(req.Code, v.Number)
		p.Action = p.Back + "/edit"
		p.TitleSV, p.TitleEN, p.BodySV, p.BodyEN, p.EffectiveFrom = v.Title.SV, v.Title.EN, v.Body.SV, v.Body.EN, formatDate(v.EffectiveFrom)
		u.render(w, r, http.StatusOK, "requirements/edit", p)
	})
}

// UpdateRequirementVersion serves POST /requirements/{code}/versions/{n}/edit.
func (u *UI) UpdateRequirementVersion() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		req, v, err := u.draftFor(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p, err := u.requirementFormPage(r, "Edit draft version")
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p.Code, p.Number, p.Back = req.Code, v.Number, requirementPath(req.Code, v.Number)
		p.Action = p.Back + "/edit"
		probs := tillit.Problems{}
		in := readVersionForm(r, &p, probs)
		if err := probs.Err(); err != nil {
			u.requirementFormAgain(w, r, p, err)
			return
		}
		if _, err := u.DB.UpdateRequirementDraft(ctx, web.Actor(ctx), req.Code, v.Number, in); err != nil {
			u.requirementFormAgain(w, r, p, err)
			return
		}
		u.redirect(w, r, p.Back, "The draft is saved.")
	})
}

// PublishRequirementVersion serves POST /requirements/{code}/versions/{n}/publish.
func (u *UI) PublishRequirementVersion() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		req, v, err := u.draftFor(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if _, err := u.DB.PublishRequirementVersion(ctx, web.Actor(ctx), req.Code, v.Number); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, requirementPath(req.Code, v.Number), "The version is published. It can no longer be changed.")
	})
}
