package ui

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The editor's authors, calendar, pages, pictures and documents, and the
// summaries of closed follow-ups.

// saveOutcome answers a save: the form again for what the editor can fix,
// the error page for anything else, otherwise on to the item.
func (u *UI) saveOutcome(w http.ResponseWriter, r *http.Request, err error, again func(status int, err error), to, flash string) {
	if code := tillit.ErrorCode(err); code == tillit.EINVALID || code == tillit.ECONFLICT {
		again(StatusOf(code), err)
		return
	} else if err != nil {
		u.Error(w, r, err)
		return
	}
	u.redirect(w, r, to, flash)
}

// ---- Authors

// EditorAuthors serves GET /editor/authors.
func (u *UI) EditorAuthors() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		authors, err := u.DB.FindAuthors(r.Context())
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := editorListPage{Page: u.page(r, "Authors"), NewHref: "/editor/authors/new"}
		lang := p.Lang
		p.Heading, p.NewLabel, p.Empty = p.Title, T(lang, "Add an author"), T(lang, "No authors yet.")
		p.Headers = []string{T(lang, "Name"), T(lang, "Role"), T(lang, "Public page")}
		for _, a := range authors {
			p.Rows = append(p.Rows, []editorCell{{Text: a.Name, Href: "/editor/authors/" + strconv.FormatInt(a.ID, 10)}, {Text: a.Role.SV},
				{Text: "/authors/" + a.Slug, Href: "/authors/" + a.Slug}})
		}
		u.render(w, r, http.StatusOK, "editor/list", p)
	})
}

func (u *UI) renderAuthorForm(w http.ResponseWriter, r *http.Request, status int, a *tillit.Author, fail error) {
	p := editorFormPage{Page: u.page(r, "Add an author"), Action: "/editor/authors", Back: "/editor/authors"}
	lang := p.Lang
	p.Submit = T(lang, "Save")
	if a.ID != 0 {
		p.Page = u.page(r, "Edit the author")
		p.Action = "/editor/authors/" + strconv.FormatInt(a.ID, 10)
		p.Facts = []editorFact{{Label: T(lang, "Public page"), Value: "/authors/" + a.Slug, Href: "/authors/" + a.Slug}}
	}
	p.Heading = p.Title
	p.Fields = []editorField{{Name: "name", Label: T(lang, "Name"), Value: a.Name, Type: "text", Required: true, MaxLen: 200}}
	p.Fields = append(p.Fields, translatedFields(lang, "role", T(lang, "Role"), a.Role, "text", 0, 200, false, T(lang, "What the author does, such as sustainability strategist at the national office."))...)
	p.Fields = append(p.Fields, translatedFields(lang, "bio", T(lang, "About the author"), a.Bio, "textarea", 5, 2000, false, T(lang, "A few sentences shown under the author's articles."))...)
	imgs, err := u.imageOptions(r, lang, a.PhotoID)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	p.Fields = append(p.Fields, editorField{Name: "photo", Label: T(lang, "Photo"), Type: "select", Options: imgs})
	if fail != nil {
		p.Problem = setErrors(p.Fields, lang, fail)
	}
	u.render(w, r, status, "editor/form", p)
}

// EditorNewAuthor serves GET /editor/authors/new.
func (u *UI) EditorNewAuthor() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.renderAuthorForm(w, r, http.StatusOK, &tillit.Author{}, nil)
	})
}

// EditorEditAuthor serves GET /editor/authors/{id}.
func (u *UI) EditorEditAuthor() http.Handler {
	return editorEdit(u, func(ctx context.Context, id int64) (*tillit.Author, error) { return u.DB.FindAuthor(ctx, id) },
		func(w http.ResponseWriter, r *http.Request, a *tillit.Author) {
			u.renderAuthorForm(w, r, http.StatusOK, a, nil)
		})
}

// EditorSaveAuthor serves POST /editor/authors and /editor/authors/{id}.
func (u *UI) EditorSaveAuthor() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := &tillit.Author{}
		if r.PathValue("id") != "" {
			id, err := editorID(r)
			if err != nil {
				u.Error(w, r, err)
				return
			}
			a.ID = id
		}
		a.Name = strings.TrimSpace(r.PostFormValue("name"))
		a.Role, a.Bio = formTranslated(r, "role"), formTranslated(r, "bio")
		a.PhotoID, _ = strconv.ParseInt(r.PostFormValue("photo"), 10, 64)
		err := u.DB.SaveAuthor(r.Context(), web.Actor(r.Context()), a)
		u.saveOutcome(w, r, err, func(status int, err error) { u.renderAuthorForm(w, r, status, a, err) },
			"/editor/authors/"+strconv.FormatInt(a.ID, 10), "The author is saved.")
	})
}

// ---- Events

// EditorEvents serves GET /editor/events.
func (u *UI) EditorEvents() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		events, err := u.DB.FindEvents(r.Context(), sqldb.EventFilter{Limit: 1000})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := editorListPage{Page: u.page(r, "Calendar"), NewHref: "/editor/events/new"}
		lang := p.Lang
		p.Heading, p.NewLabel, p.Empty = p.Title, T(lang, "Add an event"), T(lang, "No events yet.")
		p.Headers = []string{T(lang, "Title"), T(lang, "When"), T(lang, "Where"), T(lang, "State")}
		for i := range events {
			e := &events[i]
			state := T(lang, "Not published")
			if e.Published {
				state = T(lang, "Published")
			}
			where := e.Place
			if where == "" {
				where = T(lang, "Online")
			}
			p.Rows = append(p.Rows, []editorCell{{Text: e.Title.SV, Href: "/editor/events/" + strconv.FormatInt(e.ID, 10)}, {Text: eventWhen(e, lang)},
				{Text: where}, {Text: state}})
		}
		u.render(w, r, http.StatusOK, "editor/list", p)
	})
}

func (u *UI) renderEventForm(w http.ResponseWriter, r *http.Request, status int, e *tillit.Event, typed map[string]string, fail error) {
	p := editorFormPage{Page: u.page(r, "Add an event"), Action: "/editor/events", Back: "/editor/events"}
	lang := p.Lang
	p.Submit = T(lang, "Save")
	if e.ID != 0 {
		p.Page = u.page(r, "Edit the event")
		p.Action = "/editor/events/" + strconv.FormatInt(e.ID, 10)
		if e.Published {
			p.Facts = []editorFact{{Label: T(lang, "Public page"), Value: "/calendar/" + strconv.FormatInt(e.ID, 10), Href: "/calendar/" + strconv.FormatInt(e.ID, 10)}}
		}
	}
	p.Heading = p.Title
	starts, ends := localDateTime(e.StartsAt), localDateTime(e.EndsAt)
	if typed != nil {
		starts, ends = typed["starts_at"], typed["ends_at"]
	}
	p.Fields = translatedFields(lang, "title", T(lang, "Title"), e.Title, "text", 0, 200, true, "")
	p.Fields = append(p.Fields,
		editorField{Name: "starts_at", Label: T(lang, "Starts"), Type: "datetime-local", Value: starts, Required: true, Hint: T(lang, "Swedish time.")},
		editorField{Name: "ends_at", Label: T(lang, "Ends"), Type: "datetime-local", Value: ends, Required: true},
		editorField{Name: "place", Label: T(lang, "Place"), Type: "text", Value: e.Place, MaxLen: 300, Hint: T(lang, "The address or venue; leave it empty for an online event.")},
		editorField{Name: "online_url", Label: T(lang, "Link to join online"), Type: "url", Value: e.OnlineURL, MaxLen: 2000})
	p.Fields = append(p.Fields, translatedFields(lang, "description", T(lang, "Description"), e.Description, "textarea", 6, 60000, false, T(lang, "Markdown, as in news items."))...)
	p.Fields = append(p.Fields, editorField{Name: "published", Label: T(lang, "Show the event on the public site"), Type: "checkbox", Checked: e.Published})
	if fail != nil {
		p.Problem = setErrors(p.Fields, lang, fail)
	}
	u.render(w, r, status, "editor/form", p)
}

// EditorNewEvent serves GET /editor/events/new.
func (u *UI) EditorNewEvent() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.renderEventForm(w, r, http.StatusOK, &tillit.Event{}, nil, nil)
	})
}

// EditorEditEvent serves GET /editor/events/{id}.
func (u *UI) EditorEditEvent() http.Handler {
	return editorEdit(u, func(ctx context.Context, id int64) (*tillit.Event, error) { return u.DB.FindEvent(ctx, id, false) },
		func(w http.ResponseWriter, r *http.Request, e *tillit.Event) {
			u.renderEventForm(w, r, http.StatusOK, e, nil, nil)
		})
}

// EditorSaveEvent serves POST /editor/events and /editor/events/{id}.
func (u *UI) EditorSaveEvent() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e := &tillit.Event{}
		if r.PathValue("id") != "" {
			id, err := editorID(r)
			if err != nil {
				u.Error(w, r, err)
				return
			}
			e.ID = id
		}
		p := tillit.Problems{}
		typed := map[string]string{"starts_at": r.PostFormValue("starts_at"), "ends_at": r.PostFormValue("ends_at")}
		e.StartsAt = parseLocalDateTime(typed["starts_at"], p, "starts_at")
		e.EndsAt = parseLocalDateTime(typed["ends_at"], p, "ends_at")
		e.Title, e.Description = formTranslated(r, "title"), formTranslated(r, "description")
		e.Place, e.OnlineURL = strings.TrimSpace(r.PostFormValue("place")), strings.TrimSpace(r.PostFormValue("online_url"))
		e.Published = r.PostFormValue("published") != ""
		markdownProblems(p, map[string]string{"description_sv": e.Description.SV, "description_en": e.Description.EN})
		err := p.Err()
		if err == nil {
			err = u.DB.SaveEvent(r.Context(), web.Actor(r.Context()), e)
		}
		u.saveOutcome(w, r, err, func(status int, err error) { u.renderEventForm(w, r, status, e, typed, err) },
			"/editor/events/"+strconv.FormatInt(e.ID, 10), "The event is saved.")
	})
}

// ---- Pages

// EditorPages serves GET /editor/pages.
func (u *UI) EditorPages() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pages, err := u.DB.FindSitePages(r.Context(), false)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := editorListPage{Page: u.page(r, "Pages"), NewHref: "/editor/pages/new"}
		lang := p.Lang
		p.Heading, p.NewLabel, p.Empty = p.Title, T(lang, "Add a page"), T(lang, "No pages yet.")
		p.Headers = []string{T(lang, "Title"), T(lang, "Address"), T(lang, "State"), T(lang, "Position")}
		for _, sp := range pages {
			state := T(lang, "Not published")
			if sp.Published {
				state = T(lang, "Published")
			}
			p.Rows = append(p.Rows, []editorCell{{Text: sp.Title.SV, Href: "/editor/pages/" + strconv.FormatInt(sp.ID, 10)}, {Text: "/pages/" + sp.Slug},
				{Text: state}, {Text: strconv.Itoa(sp.Position)}})
		}
		u.render(w, r, http.StatusOK, "editor/list", p)
	})
}

func (u *UI) renderPageForm(w http.ResponseWriter, r *http.Request, status int, sp *tillit.SitePage, fail error) {
	p := editorFormPage{Page: u.page(r, "Add a page"), Action: "/editor/pages", Back: "/editor/pages"}
	lang := p.Lang
	p.Submit = T(lang, "Save")
	if sp.ID != 0 {
		p.Page = u.page(r, "Edit the page")
		p.Action = "/editor/pages/" + strconv.FormatInt(sp.ID, 10)
		p.Facts = []editorFact{{Label: T(lang, "Address"), Value: "/pages/" + sp.Slug}}
		if sp.Published {
			p.Facts[0].Href = "/pages/" + sp.Slug
		}
	}
	p.Heading = p.Title
	p.Fields = translatedFields(lang, "title", T(lang, "Title"), sp.Title, "text", 0, 200, true, "")
	p.Fields = append(p.Fields, translatedFields(lang, "summary", T(lang, "Summary"), sp.Summary, "textarea", 2, 600, false, T(lang, "Shown by search engines and when the page is shared."))...)
	p.Fields = append(p.Fields, translatedFields(lang, "body", T(lang, "Text"), sp.Body, "textarea", 16, 60000, true, T(lang, "Markdown, as in news items."))...)
	p.Fields = append(p.Fields,
		editorField{Name: "position", Label: T(lang, "Position in the menu"), Type: "number", Value: strconv.Itoa(sp.Position), Hint: T(lang, "Lower numbers come first.")},
		editorField{Name: "published", Label: T(lang, "Show the page on the public site"), Type: "checkbox", Checked: sp.Published})
	if fail != nil {
		p.Problem = setErrors(p.Fields, lang, fail)
	}
	u.render(w, r, status, "editor/form", p)
}

// EditorNewPage serves GET /editor/pages/new.
func (u *UI) EditorNewPage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.renderPageForm(w, r, http.StatusOK, &tillit.SitePage{}, nil)
	})
}

// EditorEditPage serves GET /editor/pages/{id}.
func (u *UI) EditorEditPage() http.Handler {
	return editorEdit(u, func(ctx context.Context, id int64) (*tillit.SitePage, error) { return u.DB.FindSitePage(ctx, id, "") },
		func(w http.ResponseWriter, r *http.Request, sp *tillit.SitePage) {
			u.renderPageForm(w, r, http.StatusOK, sp, nil)
		})
}

// EditorSavePage serves POST /editor/pages and /editor/pages/{id}.
func (u *UI) EditorSavePage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sp := &tillit.SitePage{}
		if r.PathValue("id") != "" {
			id, err := editorID(r)
			if err != nil {
				u.Error(w, r, err)
				return
			}
			sp.ID = id
		}
		sp.Title, sp.Summary, sp.Body = formTranslated(r, "title"), formTranslated(r, "summary"), formTranslated(r, "body")
		sp.Published = r.PostFormValue("published") != ""
		p := tillit.Problems{}
		if v := strings.TrimSpace(r.PostFormValue("position")); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				p.Add("position", "Enter a position between 0 and 1000.")
			}
			sp.Position = n
		}
		markdownProblems(p, map[string]string{"body_sv": sp.Body.SV, "body_en": sp.Body.EN})
		err := p.Err()
		if err == nil {
			err = u.DB.SaveSitePage(r.Context(), web.Actor(r.Context()), sp)
		}
		u.saveOutcome(w, r, err, func(status int, err error) { u.renderPageForm(w, r, status, sp, err) },
			"/editor/pages/"+strconv.FormatInt(sp.ID, 10), "The page is saved.")
	})
}

// ---- Files

// EditorFiles serves GET /editor/files: the pictures and documents, and
// the upload form.
func (u *UI) EditorFiles() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.renderFiles(w, r, http.StatusOK, nil, nil)
	})
}

func (u *UI) renderFiles(w http.ResponseWriter, r *http.Request, status int, typed *tillit.PublicFile, fail error) {
	files, err := u.DB.FindPublicFiles(r.Context(), sqldb.PublicFileFilter{})
	if err != nil {
		u.Error(w, r, err)
		return
	}
	p := editorListPage{Page: u.page(r, "Pictures and documents")}
	lang := p.Lang
	p.Heading, p.Empty = p.Title, T(lang, "No files yet.")
	p.Intro = T(lang, "Everything uploaded here is public. Pictures are used in news, on author profiles and in texts; documents (PDF) can be listed on the documents page.")
	p.Headers = []string{T(lang, "File"), T(lang, "Kind"), T(lang, "Title or alt text"), T(lang, "Size"), T(lang, "Address for texts")}
	for i := range files {
		f := &files[i]
		kind, text := T(lang, "Picture"), f.Alt.SV
		if f.Kind == tillit.FileDocument {
			kind, text = T(lang, "Document"), f.Title.SV
		}
		p.Rows = append(p.Rows, []editorCell{{Text: f.Name, Href: "/editor/files/" + strconv.FormatInt(f.ID, 10)}, {Text: kind}, {Text: text},
			{Text: formatSize(f.Size, lang)}, {Text: fileHref(f)}})
	}
	if typed == nil {
		typed = &tillit.PublicFile{Kind: tillit.FileImage}
	}
	up := &editorFormPage{Action: "/editor/files", Multipart: true, Submit: T(lang, "Upload")}
	up.Fields = []editorField{
		{Name: "file", Label: T(lang, "File"), Type: "file", Required: true, Accept: ".png,.jpg,.jpeg,.gif,.webp,.pdf", Hint: T(lang, "A picture (PNG, JPEG, GIF, WebP) or a PDF document.")},
		{Name: "kind", Label: T(lang, "Kind"), Type: "select", Options: []editorOption{
			{Value: string(tillit.FileImage), Label: T(lang, "Picture"), Selected: typed.Kind == tillit.FileImage},
			{Value: string(tillit.FileDocument), Label: T(lang, "Document"), Selected: typed.Kind == tillit.FileDocument}}},
	}
	up.Fields = append(up.Fields, fileFields(lang, typed)...)
	if fail != nil {
		up.Problem = setErrors(up.Fields, lang, fail)
	}
	p.Upload = up
	u.render(w, r, status, "editor/list", p)
}

// fileFields describe a file: alt text for pictures, title and listing
// for documents.
func fileFields(lang tillit.Lang, f *tillit.PublicFile) []editorField {
	out := translatedFields(lang, "alt", T(lang, "Alt text (pictures)"), f.Alt, "text", 0, 300, false, T(lang, "Required for pictures: what the picture shows, for those who cannot see it."))
	out = append(out, translatedFields(lang, "title", T(lang, "Title (documents)"), f.Title, "text", 0, 200, false, T(lang, "Required for documents: the name the documents page shows."))...)
	year := ""
	if f.ReportYear != 0 {
		year = strconv.Itoa(f.ReportYear)
	}
	return append(out,
		editorField{Name: "listed", Label: T(lang, "List the document on the documents page"), Type: "checkbox", Checked: f.Listed},
		editorField{Name: "report_year", Label: T(lang, "Annual report for the year (documents, optional)"), Type: "number", Value: year,
			Hint: T(lang, "For reports from before the system: the document is then listed with the annual reports.")})
}

// readFileForm reads the description fields of a file.
func readFileForm(r *http.Request, f *tillit.PublicFile, p tillit.Problems) {
	f.Alt, f.Title = formTranslated(r, "alt"), formTranslated(r, "title")
	f.Listed = r.PostFormValue("listed") != ""
	f.ReportYear = 0
	if v := strings.TrimSpace(r.PostFormValue("report_year")); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			p.Add("report_year", "Enter a year between 2000 and 2100, or leave it empty.")
		}
		f.ReportYear = y
	}
}

// EditorUploadFile serves POST /editor/files: the file is checked by the
// file store (size, and type from its content) before it is recorded.
func (u *UI) EditorUploadFile() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		f := &tillit.PublicFile{Kind: tillit.FileKind(r.PostFormValue("kind"))}
		p := tillit.Problems{}
		readFileForm(r, f, p)
		if err := parseUpload(r); err != nil {
			u.renderFiles(w, r, http.StatusBadRequest, f, err)
			return
		}
		atts, err := u.storeUploads(ctx, r, "file")
		if err == nil && len(atts) == 0 {
			err = oneFieldError("file", tillit.Msg("Choose a file to upload."))
		}
		if err == nil && len(atts) > 1 {
			err = oneFieldError("file", tillit.Msg("Upload one file at a time."))
		}
		if err == nil {
			err = p.Err()
		}
		if err == nil {
			f.Hash, f.Name, f.Size, f.ContentType = atts[0].Hash, atts[0].Name, atts[0].Size, atts[0].ContentType
			err = u.DB.CreatePublicFile(ctx, web.Actor(ctx), f)
		}
		if code := tillit.ErrorCode(err); code == tillit.EINVALID {
			u.renderFiles(w, r, http.StatusBadRequest, f, err)
			return
		} else if err != nil {
			u.Error(w, r, err)
			return
		}
		u.redirect(w, r, "/editor/files/"+strconv.FormatInt(f.ID, 10), "The file is uploaded.")
	})
}

func (u *UI) renderFileForm(w http.ResponseWriter, r *http.Request, status int, f *tillit.PublicFile, fail error) {
	p := editorFormPage{Page: u.page(r, "Describe the file"), Action: "/editor/files/" + strconv.FormatInt(f.ID, 10), Back: "/editor/files"}
	lang := p.Lang
	p.Heading, p.Submit = f.Name, T(lang, "Save")
	kind := T(lang, "Picture")
	if f.Kind == tillit.FileDocument {
		kind = T(lang, "Document")
	}
	p.Facts = []editorFact{{Label: T(lang, "Kind"), Value: kind}, {Label: T(lang, "Size"), Value: formatSize(f.Size, lang)},
		{Label: T(lang, "Address for texts"), Value: fileHref(f), Href: fileHref(f)}}
	p.Fields = fileFields(lang, f)
	if fail != nil {
		p.Problem = setErrors(p.Fields, lang, fail)
	}
	u.render(w, r, status, "editor/form", p)
}

// EditorEditFile serves GET /editor/files/{id}.
func (u *UI) EditorEditFile() http.Handler {
	return editorEdit(u, func(ctx context.Context, id int64) (*tillit.PublicFile, error) { return u.DB.FindPublicFile(ctx, id) },
		func(w http.ResponseWriter, r *http.Request, f *tillit.PublicFile) {
			u.renderFileForm(w, r, http.StatusOK, f, nil)
		})
}

// EditorSaveFile serves POST /editor/files/{id}.
func (u *UI) EditorSaveFile() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := editorID(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f, err := u.DB.FindPublicFile(r.Context(), id)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		p := tillit.Problems{}
		readFileForm(r, f, p)
		err = p.Err()
		if err == nil {
			err = u.DB.UpdatePublicFile(r.Context(), web.Actor(r.Context()), f)
		}
		u.saveOutcome(w, r, err, func(status int, err error) { u.renderFileForm(w, r, status, f, err) },
			"/editor/files/"+strconv.FormatInt(id, 10), "The file is saved.")
	})
}

// ---- Results

// EditorResults serves GET /editor/results: closed follow-ups and the
// summaries written for them, with where each stands.
func (u *UI) EditorResults() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		closed, err := u.DB.UnscopedClosedFollowUps(ctx, 500)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		sums, err := u.DB.FindResultSummaries(ctx, sqldb.ResultFilter{})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		byID := map[int64]tillit.ResultSummary{}
		for _, s := range sums {
			byID[s.ID] = s
		}
		p := editorListPage{Page: u.page(r, "Results of follow-ups")}
		lang := p.Lang
		p.Heading, p.Empty = p.Title, T(lang, "No follow-up is closed yet.")
		p.Intro = T(lang, "Write a short public summary of a closed follow-up. It appears on the public site once a coordinator of a responsible region (or the national office) has approved it and the supplier's review window has passed.")
		p.Headers = []string{T(lang, "Supplier"), T(lang, "Category"), T(lang, "Closed"), T(lang, "Summary")}
		now := u.DB.Now()
		for _, c := range closed {
			cell := editorCell{Text: T(lang, "Write a summary"), Href: "/editor/results/new?followup=" + strconv.FormatInt(c.ID, 10)}
			if s, ok := byID[c.SummaryID]; ok {
				cell = editorCell{Text: resultState(lang, &s, now), Href: "/editor/results/" + strconv.FormatInt(s.ID, 10)}
			}
			p.Rows = append(p.Rows, []editorCell{{Text: c.Supplier}, {Text: c.Category.Text(lang)}, {Text: formatDate(c.ClosedAt)}, cell})
		}
		u.render(w, r, http.StatusOK, "editor/list", p)
	})
}

// resultState says where a summary stands.
func resultState(lang tillit.Lang, s *tillit.ResultSummary, now time.Time) string {
	switch {
	case s.ApprovedAt.IsZero():
		return T(lang, "Waiting for approval")
	case s.Public(now):
		return T(lang, "Published")
	}
	return fmt.Sprintf(T(lang, "Approved; public from %s"), formatDate(s.VisibleFrom.In(stockholm)))
}

func (u *UI) renderResultForm(w http.ResponseWriter, r *http.Request, status int, s *tillit.ResultSummary, fail error) {
	p := editorFormPage{Page: u.page(r, "Summary of a follow-up"), Action: "/editor/results", Back: "/editor/results"}
	lang := p.Lang
	p.Heading, p.Submit = p.Title, T(lang, "Save")
	closed, err := u.DB.UnscopedClosedFollowUps(r.Context(), 1000)
	if err != nil {
		u.Error(w, r, err)
		return
	}
	var fu *sqldb.ClosedFollowUp
	for i := range closed {
		if closed[i].ID == s.FollowUpID {
			fu = &closed[i]
		}
	}
	if fu == nil {
		u.Error(w, r, tillit.Errorf(tillit.ENOTFOUND, "Choose a closed follow-up from the list."))
		return
	}
	p.Facts = []editorFact{{Label: T(lang, "Supplier"), Value: fu.Supplier}, {Label: T(lang, "Category"), Value: fu.Category.Text(lang)},
		{Label: T(lang, "Closed"), Value: formatDate(fu.ClosedAt)}}
	if s.ID != 0 {
		p.Action = "/editor/results/" + strconv.FormatInt(s.ID, 10)
		p.Facts = append(p.Facts, editorFact{Label: T(lang, "State"), Value: resultState(lang, s, u.DB.Now())})
		p.Intro = T(lang, "Saving a change withdraws the approval: the region approves the text that is published.")
	}
	lights := editorField{Name: "light", Label: T(lang, "Traffic light"), Type: "select", Hint: T(lang, "Green: the deviations were remedied. Yellow: closed with deviations left. Red: serious deviations were not remedied.")}
	for _, l := range []tillit.Light{tillit.LightGreen, tillit.LightYellow, tillit.LightRed} {
		lights.Options = append(lights.Options, editorOption{Value: string(l), Label: lightLabel(lang, l), Selected: s.Light == l})
	}
	p.Fields = append([]editorField{{Name: "followup", Type: "hidden", Value: strconv.FormatInt(s.FollowUpID, 10)}, lights},
		translatedFields(lang, "summary", T(lang, "Summary"), s.Summary, "textarea", 5, 1200, true, T(lang, "What the follow-up found and how the supplier remedied it, in a few sentences. Plain text."))...)
	if fail != nil {
		p.Problem = setErrors(p.Fields, lang, fail)
	}
	u.render(w, r, status, "editor/form", p)
}

// EditorNewResult serves GET /editor/results/new?followup=ID.
func (u *UI) EditorNewResult() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.URL.Query().Get("followup"), 10, 64)
		u.renderResultForm(w, r, http.StatusOK, &tillit.ResultSummary{FollowUpID: id, Light: tillit.LightGreen}, nil)
	})
}

// EditorEditResult serves GET /editor/results/{id}.
func (u *UI) EditorEditResult() http.Handler {
	return editorEdit(u, func(ctx context.Context, id int64) (*tillit.ResultSummary, error) {
		return u.DB.FindResultSummary(ctx, id)
	},
		func(w http.ResponseWriter, r *http.Request, s *tillit.ResultSummary) {
			u.renderResultForm(w, r, http.StatusOK, s, nil)
		})
}

// EditorSaveResult serves POST /editor/results and /editor/results/{id}.
func (u *UI) EditorSaveResult() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := &tillit.ResultSummary{}
		if r.PathValue("id") != "" {
			id, err := editorID(r)
			if err != nil {
				u.Error(w, r, err)
				return
			}
			old, err := u.DB.FindResultSummary(r.Context(), id)
			if err != nil {
				u.Error(w, r, err)
				return
			}
			s = old
		} else {
			s.FollowUpID, _ = strconv.ParseInt(r.PostFormValue("followup"), 10, 64)
		}
		s.Light = tillit.Light(r.PostFormValue("light"))
		s.Summary = formTranslated(r, "summary")
		err := u.DB.SaveResultSummary(r.Context(), web.Actor(r.Context()), s)
		u.saveOutcome(w, r, err, func(status int, err error) { u.renderResultForm(w, r, status, s, err) },
			"/editor/results/"+strconv.FormatInt(s.ID, 10), "The summary is saved. It waits for a responsible region's approval.")
	})
}
