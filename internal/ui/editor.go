package ui

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/markdown"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The web editor's pages: everything on the public site is written here.
// Forms are described in Go (editorField) and drawn by one template, so
// every field gets the same label, hint, error and ARIA wiring.

// editorField is one input of an editor's form.
type editorField struct {
	Name     string
	Label    string
	Hint     string
	Value    string
	Error    string
	Type     string // text, textarea, email, url, datetime-local, number, checkbox, select, multiselect, file
	Rows     int
	Required bool
	MaxLen   int
	Checked  bool
	Options  []editorOption
	Lang     string // the language of what is typed: "sv" or "en"
	Accept   string // file inputs
}

type editorOption struct {
	Value    string
	Label    string
	Selected bool
}

// editorFact is a read-only line above a form.
type editorFact struct {
	Label string
	Value string
	Href  string
}

// editorButton is a form with one button, such as publish or delete.
type editorButton struct {
	Action string
	Label  string
	Fields []editorField
	Hint   string
}

type editorFormPage struct {
	Page
	Heading   string
	Intro     string
	Facts     []editorFact
	Action    string
	Multipart bool
	Fields    []editorField
	Submit    string
	Problem   string
	Back      string
	Preview   string
	Buttons   []editorButton
}

// editorCell is a cell of an editor's list.
type editorCell struct {
	Text string
	Href string
}

type editorListPage struct {
	Page
	Heading  string
	Intro    string
	NewHref  string
	NewLabel string
	Headers  []string
	Rows     [][]editorCell
	Empty    string
	Upload   *editorFormPage
	Search   *editorField
}

// setErrors puts a failed save's field messages on the fields.
func setErrors(fields []editorField, lang tillit.Lang, err error) string {
	texts := fieldTexts(lang, err)
	for i := range fields {
		if t, ok := texts[fields[i].Name]; ok {
			fields[i].Error = t
			delete(texts, fields[i].Name)
		}
	}
	msg := tillit.ErrorMessage(err).In(translator(lang))
	// A problem with no field of its own is told at the top.
	for _, t := range texts {
		msg += " " + t
	}
	return msg
}

// translatedFields are the Swedish and English inputs of one text.
func translatedFields(lang tillit.Lang, name, label string, t tillit.Translated, typ string, rows, maxLen int, required bool, hint string) []editorField {
	sv := editorField{Name: name + "_sv", Label: label + " " + T(lang, "(Swedish)"), Value: t.SV, Type: typ, Rows: rows, MaxLen: maxLen, Required: required, Lang: "sv", Hint: hint}
	en := editorField{Name: name + "_en", Label: label + " " + T(lang, "(English, optional)"), Value: t.EN, Type: typ, Rows: rows, MaxLen: maxLen, Lang: "en"}
	return []editorField{sv, en}
}

// formTranslated reads the Swedish and English of a text from the form.
func formTranslated(r *http.Request, name string) tillit.Translated {
	return tillit.Translated{SV: strings.TrimSpace(r.PostFormValue(name + "_sv")), EN: strings.TrimSpace(r.PostFormValue(name + "_en"))}
}

// markdownProblems checks Markdown fields for images without alt text,
// pictures from elsewhere and links that would be removed.
func markdownProblems(p tillit.Problems, fields map[string]string) {
	for field, src := range fields {
		for _, pr := range markdown.Check(src) {
			switch pr.Kind {
			case "alt":
				p.Add(field, "Every picture needs a text alternative: write it between the brackets, as in ![Participants at the conference](/files/3/photo.jpg).")
			case "image":
				p.Add(field, "Pictures must be uploaded to the site first; %s is elsewhere.", pr.Target)
			case "link":
				p.Add(field, "The link %s cannot be used: links must start with https://, http://, mailto: or /.", pr.Target)
			}
		}
	}
}

// editorIndexPage is the editor's overview.
type editorIndexPage struct {
	Page
	Sections  []NavItem
	Fields    []editorField
	Problem   string
	Pending   int
	Confirmed int
}

// EditorHome serves GET /editor: the sections and the front page's text.
func (u *UI) EditorHome() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		settings, err := u.DB.SiteSettings(r.Context())
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.renderEditorHome(w, r, http.StatusOK, tillit.Translated{SV: settings[settingIntroSV], EN: settings[settingIntroEN]}, nil)
	})
}

func (u *UI) renderEditorHome(w http.ResponseWriter, r *http.Request, status int, intro tillit.Translated, fail error) {
	p := editorIndexPage{Page: u.page(r, "Public site")}
	lang := p.Lang
	p.Sections = []NavItem{
		{Href: "/editor/news", Label: T(lang, "News")}, {Href: "/editor/authors", Label: T(lang, "Authors")},
		{Href: "/editor/events", Label: T(lang, "Calendar")}, {Href: "/editor/pages", Label: T(lang, "Pages")},
		{Href: "/editor/files", Label: T(lang, "Pictures and documents")}, {Href: "/editor/newsletter", Label: T(lang, "Newsletter")},
		{Href: "/editor/results", Label: T(lang, "Results of follow-ups")}, {Href: "/start", Label: T(lang, "See the public site")},
	}
	p.Fields = translatedFields(lang, "intro", T(lang, "Introduction on the front page"), intro, "textarea", 8, 5000, false,
		T(lang, "Markdown: **bold**, *italic*, [link](https://…), a blank line between paragraphs."))
	if fail != nil {
		p.Problem = setErrors(p.Fields, lang, fail)
	}
	var err error
	if p.Pending, p.Confirmed, err = u.DB.SubscriberCounts(r.Context()); err != nil {
		u.Error(w, r, err)
		return
	}
	u.render(w, r, status, "editor/index", p)
}

// EditorSaveSettings serves POST /editor/settings.
func (u *UI) EditorSaveSettings() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		intro := formTranslated(r, "intro")
		p := tillit.Problems{}
		markdownProblems(p, map[string]string{"intro_sv": intro.SV, "intro_en": intro.EN})
		if len([]rune(intro.SV)) > 5000 || len([]rune(intro.EN)) > 5000 {
			p.Add("intro_sv", "The text can be at most %d characters.", 5000)
		}
		if err := p.Err(); err != nil {
			u.renderEditorHome(w, r, http.StatusBadRequest, intro, err)
			return
		}
		if err := u.DB.SaveSiteSettings(r.Context(), web.Actor(r.Context()), map[string]string{settingIntroSV: intro.SV, settingIntroEN: intro.EN}); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/editor", "The front page is saved.")
	})
}

// editorID reads the {id} of an editor's path, ENOTFOUND when it is not one.
func editorID(r *http.Request) (int64, error) {
	id := pathNum(r, "id")
	if id == 0 {
		return 0, tillit.Errorf(tillit.ENOTFOUND, "There is no page at this address. Check the address, or start from the home page.")
	}
	return id, nil
}

// editorEdit serves GET /editor/<kind>/{id}: the stored item, found by
// find, in its form.
func editorEdit[T any](u *UI, find func(ctx context.Context, id int64) (T, error), form func(w http.ResponseWriter, r *http.Request, item T)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := editorID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		item, err := find(r.Context(), id)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		form(w, r, item)
	})
}

// localDateTime writes a time for a datetime-local input, Swedish time.
func localDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(stockholm).Format("2006-01-02T15:04")
}

// parseLocalDateTime reads a datetime-local input as Swedish time.
func parseLocalDateTime(s string, p tillit.Problems, field string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, stockholm); err == nil && t.Year() >= 2000 && t.Year() <= 2200 {
			return t.UTC()
		}
	}
	p.Add(field, "Write the date and time as YYYY-MM-DD HH:MM, for example 2019-03-19 09:30.")
	return time.Time{}
}

// formIDs reads a multiple select of ids.
func formIDs(r *http.Request, name string) []int64 {
	var out []int64
	for _, v := range r.PostForm[name] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			out = append(out, id)
		}
	}
	return out
}

// imageOptions offers the site's pictures for a picture field.
func (u *UI) imageOptions(r *http.Request, lang tillit.Lang, selected int64) ([]editorOption, error) {
	files, err := u.DB.FindPublicFiles(r.Context(), sqldb.PublicFileFilter{Kind: tillit.FileImage})
	if err != nil {
		return nil, err
	}
	out := []editorOption{{Value: "", Label: T(lang, "– none –")}}
	for _, f := range files {
		out = append(out, editorOption{Value: strconv.FormatInt(f.ID, 10), Label: f.Name + " – " + f.Alt.SV, Selected: f.ID == selected})
	}
	return out, nil
}

// ID is the field's element id.
func (f editorField) ID() string { return "f-" + f.Name }

// DescribedBy lists the ids of the field's hint and error.
func (f editorField) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID()+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID()+"-error")
	}
	return strings.Join(ids, " ")
}
