package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/web"
)

// Procurement categories over time: the list as it stood on a chosen day,
// one category's timeline, and the office's forms that record a new scope,
// a new product group and a group's move to another category.

type categoriesPage struct {
	Page
	On         time.Time
	Categories []categoryRow
}

// categoryRow is one category as it stood on the page's date.
type categoryRow struct {
	Name        string
	Code        string
	Scope       string
	Groups      []string
	Responsible []tillit.Responsibility
}

// pageDate reads ?on=YYYY-MM-DD; without it, today in Sweden by the
// store's clock.
func (u *UI) pageDate(r *http.Request) (time.Time, error) {
	s := r.URL.Query().Get("on")
	if s == "" {
		return tillit.SwedishDay(u.DB.Now()), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, tillit.Errorf(tillit.EINVALID, "Write the date as YYYY-MM-DD, for example 2022-06-30.")
	}
	return t, nil
}

// Categories serves GET /categories: every category with its scope,
// product groups and responsible regions in force on a date (?on=,
// default today).
func (u *UI) Categories() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		on, err := u.pageDate(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		reg, err := u.DB.FindCategoryRegister(r.Context())
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := categoriesPage{Page: u.page(r, "Procurement categories"), On: on}
		lang := string(p.Lang)
		for _, c := range reg.AllInForce(on) {
			row := categoryRow{Name: c.Category.Name(lang), Code: c.Category.Code, Responsible: c.Responsible}
			if c.Scope != nil {
				row.Scope = c.Scope.Text(lang)
			}
			for _, g := range c.Groups {
				row.Groups = append(row.Groups, g.Name(lang))
			}
			p.Categories = append(p.Categories, row)
		}
		u.render(w, r, http.StatusOK, "categories", p)
	})
}

type categoryPage struct {
	Page
	On          time.Time
	Code        string
	Name        string
	Scope       string
	Responsible []string
	Groups      []string
	Timeline    []categoryEventRow
	CanManage   bool
	// For the forms: the groups the category has on the page's date, the
	// other categories, what was sent and what is wrong with it.
	Movable []choice
	Targets []choice
	Form    categoryForm
	Failed  string // which form the problems belong to: scope, group or move
	Problem string
	// Errs are the field problems by form (scope, group, move), so one
	// form's problems do not mark the same field in another.
	Errs map[string]map[string]string
}

type choice struct {
	Value, Label string
	Selected     bool
}

type categoryEventRow struct {
	On      time.Time
	Text    string
	Details string
}

// categoryForm is what the three forms send, kept so nothing typed is lost
// when a form comes back with problems.
type categoryForm struct {
	ValidFrom, TextSV, TextEN string // scope; ValidFrom is shared by all three
	Code, NameSV, NameEN      string // new group
	Group, To                 string // move
}

// ShowCategory serves GET /categories/{code}: the category on a date and
// its whole timeline.
func (u *UI) ShowCategory() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		on, err := u.pageDate(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.renderCategory(w, r, http.StatusOK, on, "", categoryForm{}, nil)
	})
}

func (u *UI) renderCategory(w http.ResponseWriter, r *http.Request, status int, on time.Time, failed string, form categoryForm, fail error) {
	reg, err := u.DB.FindCategoryRegister(r.Context())
	if err != nil {
		u.Error(w, r, err)
		return
	}
	c, ok := reg.Category(r.PathValue("code"))
	if !ok {
		u.Error(w, r, tillit.Errorf(tillit.ENOTFOUND, "There is no category with the code %q.", r.PathValue("code")))
		return
	}
	p := categoryPage{Page: u.page(r, "Procurement category"), On: on, Code: c.Code, Form: form, Failed: failed,
		CanManage: tillit.Can(web.Actor(r.Context()), tillit.ActManageCategories, tillit.Resource{})}
	lang := string(p.Lang)
	p.Name = c.Name(lang)
	p.Title = p.Name
	p.Errs = map[string]map[string]string{"scope": {}, "group": {}, "move": {}}
	if fail != nil {
		p.Problem, p.Errs[failed] = tillit.ErrorMessage(fail).In(translator(p.Lang)), fieldTexts(p.Lang, fail)
	}
	now := reg.InForce(c, on)
	if now.Scope != nil {
		p.Scope = now.Scope.Text(lang)
	}
	for _, rs := range now.Responsible {
		p.Responsible = append(p.Responsible, rs.RegionName)
	}
	for _, g := range now.Groups {
		p.Groups = append(p.Groups, g.Name(lang))
		p.Movable = append(p.Movable, choice{Value: g.Code, Label: g.Name(lang), Selected: g.Code == form.Group})
	}
	for _, o := range reg.Categories {
		if o.ID != c.ID {
			p.Targets = append(p.Targets, choice{Value: o.Code, Label: o.Name(lang), Selected: o.Code == form.To})
		}
	}
	for _, e := range reg.Timeline(c) {
		p.Timeline = append(p.Timeline, categoryEventText(p.Lang, e))
	}
	u.render(w, r, status, "categories/show", p)
}

// categoryEventText says one change of the timeline in a sentence.
func categoryEventText(lang tillit.Lang, e tillit.CategoryEvent) categoryEventRow {
	row := categoryEventRow{On: e.On}
	group := func() string { return e.Group.Name(string(lang)) }
	switch e.Kind {
	case tillit.EventScope:
		row.Text, row.Details = T(lang, "New scope"), e.Scope.Text(string(lang))
	case tillit.EventResponsibleFrom:
		row.Text = fmt.Sprintf(T(lang, "%s becomes responsible"), e.Region)
	case tillit.EventResponsibleTo:
		row.Text = fmt.Sprintf(T(lang, "%s is no longer responsible"), e.Region)
	case tillit.EventGroupIn:
		if e.Other != nil {
			row.Text = fmt.Sprintf(T(lang, "Product group %s moves here from %s"), group(), e.Other.Name(string(lang)))
		} else {
			row.Text = fmt.Sprintf(T(lang, "Product group %s is added"), group())
		}
	case tillit.EventGroupOut:
		if e.Other != nil {
			row.Text = fmt.Sprintf(T(lang, "Product group %s moves to %s"), group(), e.Other.Name(string(lang)))
		} else {
			row.Text = fmt.Sprintf(T(lang, "Product group %s leaves the category"), group())
		}
	}
	return row
}

// categoryPost is the common part of the three forms: the category from
// the path, the form read, the date parsed, the change applied. A form
// with problems comes back with them; after a change it returns the page
// to go to, showing the category from the change's date.
func (u *UI) categoryPost(w http.ResponseWriter, r *http.Request, failed string, apply func(c *tillit.Category, reg *tillit.CategoryRegister, form categoryForm, from time.Time) error) (string, bool) {
	ctx := r.Context()
	v := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	form := categoryForm{ValidFrom: v("valid_from"), TextSV: v("text_sv"), TextEN: v("text_en"),
		Code: v("code"), NameSV: v("name_sv"), NameEN: v("name_en"), Group: v("group"), To: v("to")}
	on := tillit.SwedishDay(u.DB.Now())
	reg, err := u.DB.FindCategoryRegister(ctx)
	if err != nil {
		u.Error(w, r, err)
		return "", false
	}
	c, ok := reg.Category(r.PathValue("code"))
	if !ok {
		u.Error(w, r, tillit.Errorf(tillit.ENOTFOUND, "There is no category with the code %q.", r.PathValue("code")))
		return "", false
	}
	var from time.Time
	if form.ValidFrom != "" {
		if from, err = time.Parse(time.DateOnly, form.ValidFrom); err != nil {
			m := tillit.Msg("Write the date as YYYY-MM-DD, for example 2023-01-01.")
			u.renderCategory(w, r, http.StatusBadRequest, on, failed, form, &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"valid_from": m}})
			return "", false
		}
		on = from
	}
	err = apply(c, reg, form, from)
	switch code := tillit.ErrorCode(err); code {
	case "":
		return "/categories/" + url.PathEscape(c.Code) + "?on=" + on.Format(time.DateOnly), true
	case tillit.EINVALID, tillit.ECONFLICT:
		u.renderCategory(w, r, web.StatusOf(code), on, failed, form, err)
	default:
		u.Error(w, r, err)
	}
	return "", false
}

// AddScopeVersion serves POST /categories/{code}/scopes.
func (u *UI) AddScopeVersion() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		to, ok := u.categoryPost(w, r, "scope", func(c *tillit.Category, _ *tillit.CategoryRegister, f categoryForm, from time.Time) error {
			s := &tillit.ScopeVersion{CategoryID: c.ID, ValidFrom: from, TextSV: f.TextSV, TextEN: f.TextEN}
			return u.DB.AddScopeVersion(r.Context(), web.Actor(r.Context()), s)
		})
		if ok {
			u.redirect(w, r, to, "The scope is recorded.")
		}
	})
}

// AddCategoryGroup serves POST /categories/{code}/groups: a new product
// group, in this category from a date.
func (u *UI) AddCategoryGroup() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		to, ok := u.categoryPost(w, r, "group", func(c *tillit.Category, _ *tillit.CategoryRegister, f categoryForm, from time.Time) error {
			g := &tillit.CategoryGroup{Code: f.Code, NameSV: f.NameSV, NameEN: f.NameEN,
				Placements: []tillit.GroupPlacement{{CategoryID: c.ID, ValidFrom: from}}}
			return u.DB.CreateCategoryGroup(r.Context(), web.Actor(r.Context()), g)
		})
		if ok {
			u.redirect(w, r, to, "The product group is added.")
		}
	})
}

// MoveCategoryGroup serves POST /categories/{code}/groups/move: one of the
// category's product groups moves to another category from a date.
func (u *UI) MoveCategoryGroup() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		to, ok := u.categoryPost(w, r, "move", func(c *tillit.Category, reg *tillit.CategoryRegister, f categoryForm, from time.Time) error {
			p := tillit.Problems{}
			g, ok := reg.Group(f.Group)
			if !ok {
				p.Add("group", "Choose the product group to move.")
			}
			to, ok := reg.Category(f.To)
			if !ok {
				p.Add("category_id", "Choose the category the group moves to.")
			}
			if err := p.Err(); err != nil {
				return err
			}
			_, err := u.DB.MoveCategoryGroup(r.Context(), web.Actor(r.Context()), g.ID, to.ID, from)
			return err
		})
		if ok {
			u.redirect(w, r, to, "The product group is moved.")
		}
	})
}
