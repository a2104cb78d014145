package ui

import (
	"context"
	"net/http"
	"strconv"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The editor's news: a list with each item's state, the form, a preview
// in the public layout, and publishing now, later or not at all.

// EditorNews serves GET /editor/news.
func (u *UI) EditorNews() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		list, err := u.DB.FindNewsList(r.Context(), sqldb.NewsFilter{Limit: 500, WithoutBody: true})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := editorListPage{Page: u.page(r, "News"), NewHref: "/editor/news/new"}
		lang := p.Lang
		p.Heading, p.NewLabel = p.Title, T(lang, "Write a news item")
		p.Headers = []string{T(lang, "Title"), T(lang, "State"), T(lang, "Published"), T(lang, "Author")}
		p.Empty = T(lang, "No news yet.")
		now := u.DB.Now()
		for i := range list {
			n := &list[i]
			state := T(lang, "Draft")
			switch {
			case n.Visible(now):
				state = T(lang, "Published")
			case n.Scheduled(now):
				state = T(lang, "Scheduled")
			}
			p.Rows = append(p.Rows, []editorCell{{Text: n.Title.SV, Href: "/editor/news/" + strconv.FormatInt(n.ID, 10)}, {Text: state},
				{Text: datetimeIn(n.PublishAt)}, {Text: n.AuthorName}})
		}
		u.render(w, r, http.StatusOK, "editor/list", p)
	})
}

// newsFields describes the news form.
func (u *UI) newsFields(r *http.Request, lang tillit.Lang, n *tillit.NewsItem) ([]editorField, error) {
	ctx := r.Context()
	md := T(lang, "Markdown: ## heading, **bold**, [link](https://…), ![alt text](/files/…) for a picture. Every picture needs its alt text.")
	var f []editorField
	f = append(f, translatedFields(lang, "title", T(lang, "Title"), n.Title, "text", 0, 200, true, "")...)
	f = append(f, translatedFields(lang, "summary", T(lang, "Summary"), n.Summary, "textarea", 3, 600, true, T(lang, "One or two sentences for lists, the feed and the newsletter."))...)
	f = append(f, translatedFields(lang, "body", T(lang, "Text"), n.Body, "textarea", 16, 60000, false, md)...)
	authors, err := u.DB.FindAuthors(ctx)
	if err != nil {
		return nil, err
	}
	af := editorField{Name: "author", Label: T(lang, "Author"), Type: "select", Options: []editorOption{{Value: "", Label: T(lang, "– none –")}}}
	for _, a := range authors {
		af.Options = append(af.Options, editorOption{Value: strconv.FormatInt(a.ID, 10), Label: a.Name, Selected: a.ID == n.AuthorID})
	}
	imgs, err := u.imageOptions(r, lang, n.ImageID)
	if err != nil {
		return nil, err
	}
	f = append(f, af, editorField{Name: "image", Label: T(lang, "Picture"), Type: "select", Options: imgs,
		Hint: T(lang, "Upload pictures under Pictures and documents, with their alt text.")})
	orgs, err := u.DB.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
	if err != nil {
		return nil, err
	}
	rf := editorField{Name: "regions", Label: T(lang, "Regions the item is about"), Type: "multiselect", Hint: T(lang, "Hold Ctrl (or Cmd) to choose more than one.")}
	for _, o := range orgs {
		rf.Options = append(rf.Options, editorOption{Value: strconv.FormatInt(o.ID, 10), Label: o.Name, Selected: containsID(n.RegionIDs, o.ID)})
	}
	cats, err := u.DB.FindCategories(ctx)
	if err != nil {
		return nil, err
	}
	cf := editorField{Name: "categories", Label: T(lang, "Procurement categories the item is about"), Type: "multiselect", Hint: T(lang, "Hold Ctrl (or Cmd) to choose more than one.")}
	for _, c := range cats {
		cf.Options = append(cf.Options, editorOption{Value: strconv.FormatInt(c.ID, 10), Label: c.Name(string(lang)), Selected: containsID(n.Categories, c.ID)})
	}
	return append(f, rf, cf), nil
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// renderNewsForm shows the news form with what was typed and the problems.
func (u *UI) renderNewsForm(w http.ResponseWriter, r *http.Request, status int, n *tillit.NewsItem, fail error) {
	p := editorFormPage{Page: u.page(r, "Write a news item"), Action: "/editor/news", Back: "/editor/news"}
	lang := p.Lang
	p.Submit = T(lang, "Save as draft")
	if n.ID != 0 {
		id := strconv.FormatInt(n.ID, 10)
		p.Page = u.page(r, "Edit the news item")
		p.Action, p.Preview, p.Submit = "/editor/news/"+id, "/editor/news/"+id+"/preview", T(lang, "Save changes")
		now := u.DB.Now()
		state := T(lang, "Draft")
		switch {
		case n.Visible(now):
			state = T(lang, "Published")
			p.Facts = append(p.Facts, editorFact{Label: T(lang, "Address"), Value: "/news/" + n.Slug, Href: "/news/" + n.Slug})
		case n.Scheduled(now):
			state = T(lang, "Scheduled")
		}
		p.Facts = append([]editorFact{{Label: T(lang, "State"), Value: state}}, p.Facts...)
		if !n.PublishAt.IsZero() && n.Status == tillit.NewsPublished {
			p.Facts = append(p.Facts, editorFact{Label: T(lang, "Published"), Value: datetimeIn(n.PublishAt)})
		}
		p.Buttons = append(p.Buttons,
			editorButton{Action: "/editor/news/" + id + "/publish", Label: T(lang, "Publish"), Hint: T(lang, "Leave the time empty to publish now, or enter a later time to schedule the item."),
				Fields: []editorField{{Name: "at", Label: T(lang, "Publish at (optional)"), Type: "datetime-local", Value: localDateTime(n.PublishAt)}}})
		if n.Status == tillit.NewsPublished {
			p.Buttons = append(p.Buttons, editorButton{Action: "/editor/news/" + id + "/unpublish", Label: T(lang, "Unpublish"),
				Hint: T(lang, "The item leaves the public site and becomes a draft again.")})
		}
	}
	p.Heading = p.Title
	fields, err := u.newsFields(r, lang, n)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	p.Fields = fields
	if fail != nil {
		p.Problem = setErrors(p.Fields, lang, fail)
	}
	u.render(w, r, status, "editor/form", p)
}

// EditorNewNews serves GET /editor/news/new.
func (u *UI) EditorNewNews() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.renderNewsForm(w, r, http.StatusOK, &tillit.NewsItem{Status: tillit.NewsDraft}, nil)
	})
}

// EditorEditNews serves GET /editor/news/{id}.
func (u *UI) EditorEditNews() http.Handler {
	return editorEdit(u, func(ctx context.Context, id int64) (*tillit.NewsItem, error) { return u.DB.FindNews(ctx, id) },
		func(w http.ResponseWriter, r *http.Request, n *tillit.NewsItem) {
			u.renderNewsForm(w, r, http.StatusOK, n, nil)
		})
}

// EditorSaveNews serves POST /editor/news and POST /editor/news/{id}.
func (u *UI) EditorSaveNews() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		n := &tillit.NewsItem{Status: tillit.NewsDraft}
		if r.PathValue("id") != "" {
			id, err := editorID(r)
			if err != nil {
				u.Error(w, r, err)
				return
			}
			if n, err = u.DB.FindNews(ctx, id); err != nil {
				u.Error(w, r, err)
				return
			}
		}
		n.Title, n.Summary, n.Body = formTranslated(r, "title"), formTranslated(r, "summary"), formTranslated(r, "body")
		n.AuthorID, _ = strconv.ParseInt(r.PostFormValue("author"), 10, 64)
		n.ImageID, _ = strconv.ParseInt(r.PostFormValue("image"), 10, 64)
		n.RegionIDs, n.Categories = formIDs(r, "regions"), formIDs(r, "categories")
		p := tillit.Problems{}
		markdownProblems(p, map[string]string{"body_sv": n.Body.SV, "body_en": n.Body.EN})
		err := p.Err()
		if err == nil {
			err = u.DB.SaveNews(ctx, web.Actor(ctx), n)
		}
		if code := tillit.ErrorCode(err); code == tillit.EINVALID || code == tillit.ECONFLICT {
			u.renderNewsForm(w, r, StatusOf(code), n, err)
			return
		} else if err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/editor/news/"+strconv.FormatInt(n.ID, 10), "The news item is saved.")
	})
}

// EditorPreviewNews serves GET /editor/news/{id}/preview: the item as the
// public will see it, whatever its state, never cached.
func (u *UI) EditorPreviewNews() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := editorID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		n, err := u.DB.FindNews(r.Context(), id)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p, err := u.articleView(r, n)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p.Preview = true
		if n.PublishAt.IsZero() {
			p.Date = longDate(u.DB.Now(), p.Lang)
		}
		u.render(w, r, http.StatusOK, "public/article", p)
	})
}

// EditorPublishNews serves POST /editor/news/{id}/publish: now, or at the
// time given (a later time schedules it).
func (u *UI) EditorPublishNews() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := editorID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := tillit.Problems{}
		at := parseLocalDateTime(r.PostFormValue("at"), p, "at")
		if err := p.Err(); err != nil {
			u.Error(w, r, err)
			return
		}
		if at.IsZero() {
			at = u.DB.Now()
		}
		n, err := u.DB.PublishNews(ctx, web.Actor(ctx), id, at)
		if code := tillit.ErrorCode(err); code == tillit.ECONFLICT || code == tillit.EINVALID {
			old, ferr := u.DB.FindNews(ctx, id)
			if ferr != nil {
				u.Error(w, r, ferr)
				return
			}
			u.renderNewsForm(w, r, StatusOf(code), old, err)
			return
		} else if err != nil {
			u.Error(w, r, err)
			return
		}
		flash := "The news item is published."
		if n.Scheduled(u.DB.Now()) {
			flash = "The news item is scheduled."
		}
		u.redirect(w, r, "/editor/news/"+strconv.FormatInt(id, 10), flash)
	})
}

// EditorUnpublishNews serves POST /editor/news/{id}/unpublish.
func (u *UI) EditorUnpublishNews() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := editorID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if _, err := u.DB.UnpublishNews(ctx, web.Actor(ctx), id); err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/editor/news/"+strconv.FormatInt(id, 10), "The news item is taken off the site.")
	})
}
