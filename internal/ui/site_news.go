package ui

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/markdown"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// News on the public site: the list (with tags as filters), articles with
// their author, the archive by year and month, and author pages.

// newsPerPage is how many items a news list shows.
const newsPerPage = 10

type newsListPage struct {
	publicPage
	Heading   string
	News      []newsCard
	Newer     string
	Older     string
	Filter    string // what the list is narrowed to, "" for all
	AllHref   string
	Archive   []archiveYear
	ShowIntro bool
}

type archiveYear struct {
	Year   int
	Months []archiveLink
}

type archiveLink struct {
	Href  string
	Label string
	Count int
}

// SiteNews serves GET /news: the latest news, ten a page; ?region= or
// ?category= narrows it to a tag.
func (u *UI) SiteNews() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		lang := publicLang(r)
		q := r.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		if page < 1 || page > 10000 {
			page = 1
		}
		f := sqldb.NewsFilter{VisibleAt: u.DB.Now(), Limit: newsPerPage + 1, Offset: (page - 1) * newsPerPage, WithoutBody: true}
		path, filter := "/news", ""
		if v := q.Get("region"); v != "" {
			id, _ := strconv.ParseInt(v, 10, 64)
			org, err := u.DB.FindOrganisationByID(ctx, id)
			if err != nil || org.Kind != tillit.OrgRegion {
				u.publicError(w, r, tillit.Errorf(tillit.ENOTFOUND, "There is no page at this address. Check the address, or start from the home page."))
				return
			}
			f.RegionID, path, filter = id, "/news?region="+strconv.FormatInt(id, 10), org.Name
		} else if v := q.Get("category"); v != "" {
			id, _ := strconv.ParseInt(v, 10, 64)
			name, ok := u.categoryName(r, id, lang)
			if !ok {
				u.publicError(w, r, tillit.Errorf(tillit.ENOTFOUND, "There is no page at this address. Check the address, or start from the home page."))
				return
			}
			f.CategoryID, path, filter = id, "/news?category="+strconv.FormatInt(id, 10), name
		}
		list, err := u.DB.FindNewsList(ctx, f)
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		rawPage := func(n int) string {
			if n <= 1 {
				return path
			}
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			return path + sep + "page=" + strconv.Itoa(n)
		}
		pagePath := func(n int) string { return langPath(rawPage(n), lang) }
		heading := T(lang, "News")
		if filter != "" {
			heading = T(lang, "News about") + " " + filter
		}
		self := rawPage(page)
		p := newsListPage{publicPage: u.publicBase(r, self, heading, T(lang, "News from the collaboration of Sweden's regions on sustainable procurement.")),
			Heading: heading, Filter: filter, AllHref: langPath("/news", lang), ShowIntro: filter == "" && page == 1}
		if len(list) > newsPerPage {
			list = list[:newsPerPage]
			p.Older = pagePath(page + 1)
		}
		if page > 1 {
			p.Newer = pagePath(page - 1)
		}
		p.News = newsCards(list, lang)
		if page == 1 && filter == "" {
			arch, err := u.DB.NewsArchive(ctx, u.DB.Now())
			if err != nil {
				u.publicError(w, r, err)
				return
			}
			p.Archive = archiveYears(arch, lang)
		}
		u.renderPublic(w, r, "public/news", p)
	})
}

// categoryName names a category, false when there is none with the id.
func (u *UI) categoryName(r *http.Request, id int64, lang tillit.Lang) (string, bool) {
	cats, err := u.DB.FindCategories(r.Context())
	if err != nil {
		return "", false
	}
	for _, c := range cats {
		if c.ID == id {
			return c.Name(string(lang)), true
		}
	}
	return "", false
}

func archiveYears(months []sqldb.ArchiveMonth, lang tillit.Lang) []archiveYear {
	var out []archiveYear
	for _, m := range months {
		if len(out) == 0 || out[len(out)-1].Year != m.Year {
			out = append(out, archiveYear{Year: m.Year})
		}
		y := &out[len(out)-1]
		y.Months = append(y.Months, archiveLink{Href: langPath("/news/archive/"+strconv.Itoa(m.Year)+"/"+strconv.Itoa(int(m.Month)), lang),
			Label: monthName(m.Month, lang), Count: m.Count})
	}
	return out
}

// SiteNewsArchive serves GET /news/archive: every month with news.
func (u *UI) SiteNewsArchive() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		arch, err := u.DB.NewsArchive(r.Context(), u.DB.Now())
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		heading := T(lang, "News archive")
		p := newsListPage{publicPage: u.publicBase(r, "/news/archive", heading, T(lang, "Every month's news, newest first.")),
			Heading: heading, Archive: archiveYears(arch, lang), AllHref: langPath("/news", lang)}
		u.renderPublic(w, r, "public/archive", p)
	})
}

// SiteNewsMonth serves GET /news/archive/{year}/{month}.
func (u *UI) SiteNewsMonth() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		y, errY := strconv.Atoi(r.PathValue("year"))
		m, errM := strconv.Atoi(r.PathValue("month"))
		if errY != nil || errM != nil || y < 2000 || y > 2200 || m < 1 || m > 12 {
			u.publicError(w, r, tillit.Errorf(tillit.ENOTFOUND, "There is no page at this address. Check the address, or start from the home page."))
			return
		}
		from := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		list, err := u.DB.FindNewsList(r.Context(), sqldb.NewsFilter{VisibleAt: u.DB.Now(), From: from, To: from.AddDate(0, 1, 0), Limit: 500, WithoutBody: true})
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		heading := T(lang, "News") + " " + monthName(time.Month(m), lang) + " " + strconv.Itoa(y)
		p := newsListPage{publicPage: u.publicBase(r, "/news/archive/"+strconv.Itoa(y)+"/"+strconv.Itoa(m), heading, ""),
			Heading: heading, News: newsCards(list, lang), AllHref: langPath("/news/archive", lang), Filter: monthName(time.Month(m), lang)}
		u.renderPublic(w, r, "public/news", p)
	})
}

// authorView is an author's profile as shown under an article and on
// their page.
type authorView struct {
	Name     string
	Href     string
	Role     langText
	Bio      langText
	Photo    *imageView
	Initials string
}

func (u *UI) authorOf(r *http.Request, a *tillit.Author, lang tillit.Lang) *authorView {
	v := &authorView{Name: a.Name, Href: langPath("/authors/"+a.Slug, lang), Role: textIn(a.Role, lang), Bio: textIn(a.Bio, lang),
		Photo: u.imageOf(r, a.PhotoID, lang)}
	for _, part := range strings.Fields(a.Name) {
		v.Initials += string([]rune(part)[:1])
	}
	return v
}

type articlePage struct {
	publicPage
	Headline     langText
	Summary      langText
	Body         langText
	Date         string
	ISO          string
	Image        *imageView
	Author       *authorView
	Tags         []NavItem
	Untranslated bool
	Scheduled    string // the preview of a scheduled item says when it appears
}

// SiteArticle serves GET /news/{slug}.
func (u *UI) SiteArticle() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slug := r.PathValue("slug")
		if !tillit.ValidSlug(slug) {
			u.publicError(w, r, tillit.Errorf(tillit.ENOTFOUND, "The news item was not found."))
			return
		}
		n, err := u.DB.FindVisibleNews(r.Context(), slug, u.DB.Now())
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		p, err := u.articleView(r, n)
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		u.renderPublic(w, r, "public/article", p)
	})
}

// articleView builds an article's page; the editor's preview uses it too.
func (u *UI) articleView(r *http.Request, n *tillit.NewsItem) (articlePage, error) {
	ctx := r.Context()
	lang := publicLang(r)
	title := textIn(n.Title, lang)
	summary := textIn(n.Summary, lang)
	p := articlePage{publicPage: u.publicBase(r, "/news/"+n.Slug, title.Text, summary.Text), Headline: title, Summary: summary,
		Body: markdownIn(n.Body, lang), Date: longDate(n.PublishAt, lang), ISO: isoTime(n.PublishAt),
		Image: u.imageOf(r, n.ImageID, lang), Untranslated: lang == tillit.English && title.Lang != tillit.English}
	p.OGType = "article"
	if !n.PublishAt.IsZero() {
		p.Published = n.PublishAt.UTC().Format(time.RFC3339)
	}
	if p.Image != nil {
		p.OGImage = u.absolute(p.Image.Src)
	}
	if n.AuthorID != 0 {
		a, err := u.DB.FindAuthor(ctx, n.AuthorID)
		if err != nil {
			return p, err
		}
		p.Author = u.authorOf(r, a, lang)
	}
	for _, id := range n.RegionIDs {
		if org, err := u.DB.FindOrganisationByID(ctx, id); err == nil {
			p.Tags = append(p.Tags, NavItem{Href: langPath("/news?region="+strconv.FormatInt(id, 10), lang), Label: org.Name})
		}
	}
	for _, id := range n.Categories {
		if name, ok := u.categoryName(r, id, lang); ok {
			p.Tags = append(p.Tags, NavItem{Href: langPath("/news?category="+strconv.FormatInt(id, 10), lang), Label: name})
		}
	}
	if p.Description == "" {
		p.Description = markdown.Excerpt(p.Body.Text, 200)
	}
	return p, nil
}

type authorPage struct {
	publicPage
	Author *authorView
	News   []newsCard
}

// SiteAuthor serves GET /authors/{slug}: the profile and the articles.
func (u *UI) SiteAuthor() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := publicLang(r)
		slug := r.PathValue("slug")
		if !tillit.ValidSlug(slug) {
			u.publicError(w, r, tillit.Errorf(tillit.ENOTFOUND, "The author was not found."))
			return
		}
		a, err := u.DB.FindAuthorBySlug(r.Context(), slug)
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		list, err := u.DB.FindNewsList(r.Context(), sqldb.NewsFilter{VisibleAt: u.DB.Now(), AuthorID: a.ID, Limit: 200, WithoutBody: true})
		if err != nil {
			u.publicError(w, r, err)
			return
		}
		v := u.authorOf(r, a, lang)
		p := authorPage{publicPage: u.publicBase(r, "/authors/"+a.Slug, a.Name, v.Bio.Text), Author: v, News: newsCards(list, lang)}
		p.OGType = "profile"
		if v.Photo != nil {
			p.OGImage = u.absolute(v.Photo.Src)
		}
		u.renderPublic(w, r, "public/author", p)
	})
}
