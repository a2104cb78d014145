package server

import (
	"net/http"

	"github.com/tillit-project/tillit"
)

// siteRoutes lists the routes of the public site (issue 8); see routeTable.
//
// The public pages are Bare: they skip the session lookup and set no
// cookie, so they are the same for everyone and any cache may keep them
// (ui.renderPublic adds ETag and Last-Modified). Their few forms
// (subscribe, confirm, unsubscribe, ask for one's data) therefore carry
// no CSRF token: they are protected by the browser's fetch metadata
// (http.CrossOriginProtection), the secrets in their links, and
// throttling; one-click unsubscribe must work without a cookie anyway
// (RFC 8058), because mail programs post it.
//
// Only the web editor writes the site (/editor/…). Coordinators of a
// responsible region and the office approve result summaries, and the
// office publishes annual reports (/publication/…).
func (s *Server) siteRoutes(page routeFunc) []Route {
	u := s.UI
	get := func(path string, h http.Handler) Route {
		return Route{Method: "GET", Path: path, Action: tillit.ActPublic, Bare: true, Handler: s.publicGet(h)}
	}
	post := func(path string, h http.Handler) Route {
		return Route{Method: "POST", Path: path, Action: tillit.ActPublic, Bare: true, Handler: s.publicPost(h)}
	}
	const (
		manage  = tillit.ActManageSite
		approve = tillit.ActApproveResults
		publish = tillit.ActPublishReport
	)
	return []Route{
		// The public site.
		get("/start", u.SiteHome()),
		get("/news", u.SiteNews()),
		get("/news/archive", u.SiteNewsArchive()),
		get("/news/archive/{year}/{month}", u.SiteNewsMonth()),
		get("/news/{slug}", u.SiteArticle()),
		get("/authors/{slug}", u.SiteAuthor()),
		get("/calendar", u.SiteCalendar()),
		get("/calendar/{id}", u.SiteEvent()),
		get("/calendar/{id}/event.ics", u.SiteEventICS()),
		get("/calendar.ics", u.SiteCalendarICS()),
		get("/pages/{slug}", u.SitePage()),
		get("/documents", u.SiteDocuments()),
		get("/files/{id}/{name}", u.SiteFile()),
		get("/results", u.SiteResults()),
		get("/annual-reports", u.SiteReports()),
		get("/annual-reports/{year}/report.pdf", u.SiteReportPDF()),
		get("/feed.xml", u.SiteFeed()),
		get("/sitemap.xml", u.SiteSitemap()),
		get("/robots.txt", u.SiteRobots()),
		get("/newsletter", u.SiteNewsletter()),
		post("/newsletter", u.SiteSubscribe()),
		get("/newsletter/confirm/{token}", u.SiteConfirmForm()),
		post("/newsletter/confirm/{token}", u.SiteConfirm()),
		get("/newsletter/unsubscribe/{token}", u.SiteUnsubscribeForm()),
		post("/newsletter/unsubscribe/{token}", u.SiteUnsubscribe()),
		get("/newsletter/privacy", u.SitePrivacyForm()),
		post("/newsletter/privacy", u.SitePrivacyRequest()),
		get("/newsletter/privacy/{token}", u.SiteMyData()),
		get("/newsletter/privacy/{token}/export.json", u.SiteMyDataExport()),
		post("/newsletter/privacy/{token}/delete", u.SiteMyDataDelete()),

		// The web editor.
		page("GET", "/editor", manage, u.EditorHome()),
		page("POST", "/editor/settings", manage, u.EditorSaveSettings()),
		page("GET", "/editor/news", manage, u.EditorNews()),
		page("GET", "/editor/news/new", manage, u.EditorNewNews()),
		page("POST", "/editor/news", manage, u.EditorSaveNews()),
		page("GET", "/editor/news/{id}", manage, u.EditorEditNews()),
		page("POST", "/editor/news/{id}", manage, u.EditorSaveNews()),
		page("GET", "/editor/news/{id}/preview", manage, u.EditorPreviewNews()),
		page("POST", "/editor/news/{id}/publish", manage, u.EditorPublishNews()),
		page("POST", "/editor/news/{id}/unpublish", manage, u.EditorUnpublishNews()),
		page("GET", "/editor/authors", manage, u.EditorAuthors()),
		page("GET", "/editor/authors/new", manage, u.EditorNewAuthor()),
		page("POST", "/editor/authors", manage, u.EditorSaveAuthor()),
		page("GET", "/editor/authors/{id}", manage, u.EditorEditAuthor()),
		page("POST", "/editor/authors/{id}", manage, u.EditorSaveAuthor()),
		page("GET", "/editor/events", manage, u.EditorEvents()),
		page("GET", "/editor/events/new", manage, u.EditorNewEvent()),
		page("POST", "/editor/events", manage, u.EditorSaveEvent()),
		page("GET", "/editor/events/{id}", manage, u.EditorEditEvent()),
		page("POST", "/editor/events/{id}", manage, u.EditorSaveEvent()),
		page("GET", "/editor/pages", manage, u.EditorPages()),
		page("GET", "/editor/pages/new", manage, u.EditorNewPage()),
		page("POST", "/editor/pages", manage, u.EditorSavePage()),
		page("GET", "/editor/pages/{id}", manage, u.EditorEditPage()),
		page("POST", "/editor/pages/{id}", manage, u.EditorSavePage()),
		page("GET", "/editor/files", manage, u.EditorFiles()),
		s.uploadRoute(page("POST", "/editor/files", manage, u.EditorUploadFile())),
		page("GET", "/editor/files/{id}", manage, u.EditorEditFile()),
		page("POST", "/editor/files/{id}", manage, u.EditorSaveFile()),
		page("GET", "/editor/newsletter", manage, u.EditorNewsletter()),
		page("GET", "/editor/newsletter/new", manage, u.EditorNewIssue()),
		page("POST", "/editor/newsletter", manage, u.EditorCreateIssue()),
		page("GET", "/editor/newsletter/{id}", manage, u.EditorIssue()),
		page("POST", "/editor/newsletter/{id}/send", manage, u.EditorSendIssue()),
		page("GET", "/editor/subscribers", manage, u.EditorSubscriber()),
		page("GET", "/editor/subscribers/export.json", manage, u.EditorSubscriberExport()),
		page("POST", "/editor/subscribers/delete", manage, u.EditorDeleteSubscriber()),
		page("POST", "/editor/subscribers/bounce", manage, u.EditorRecordBounce()),
		page("GET", "/editor/results", manage, u.EditorResults()),
		page("GET", "/editor/results/new", manage, u.EditorNewResult()),
		page("POST", "/editor/results", manage, u.EditorSaveResult()),
		page("GET", "/editor/results/{id}", manage, u.EditorEditResult()),
		page("POST", "/editor/results/{id}", manage, u.EditorSaveResult()),

		// Publication by those who own what is published.
		page("GET", "/publication", approve, u.Publication()),
		page("POST", "/publication/results/{id}/approve", approve, u.ApproveResult()),
		page("POST", "/publication/results/{id}/withdraw", approve, u.WithdrawResult()),
		page("POST", "/publication/review-window", publish, u.SaveReviewWindow()),
		page("POST", "/publication/reports/{year}/publish", publish, u.PublishReport()),
		page("POST", "/publication/reports/{year}/unpublish", publish, u.UnpublishReport()),
	}
}

// publicGet refuses a public request whose query holds what no handler
// should see (invalid UTF-8, NUL), as wrap does for other pages.
func (s *Server) publicGet(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !cleanValues(r, true) {
			s.UI.PublicError(w, r, tillit.Errorf(tillit.EINVALID, "The request contains characters that are not allowed. Check what you typed or pasted, and try again."))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// publicPost guards a public form: a bounded body, clean values, and no
// request that a browser says another site started.
func (s *Server) publicPost(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if crossOrigin.Check(r) != nil {
			s.UI.PublicError(w, r, tillit.Errorf(tillit.EFORBIDDEN, "The form came from another site. Go back, reload the page and try again."))
			return
		}
		if formTooLarge(r) {
			s.UI.PublicError(w, r, tillit.Errorf(tillit.EINVALID, "The request body is too large."))
			return
		}
		if !cleanValues(r, false) {
			s.UI.PublicError(w, r, tillit.Errorf(tillit.EINVALID, "The request contains characters that are not allowed. Check what you typed or pasted, and try again."))
			return
		}
		h.ServeHTTP(w, r)
	})
}
