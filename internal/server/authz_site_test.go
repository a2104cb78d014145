package server

import (
	"strings"

	"github.com/tillit-project/tillit"
)

// Who reaches the routes of the public site (routes_site.go): everyone
// reads it and may use its forms; only the web editor writes it; result
// summaries are approved by coordinators and the office; the office
// publishes annual reports.
var (
	siteEditors   = []tillit.Role{tillit.RoleEditor}
	siteApprovers = []tillit.Role{tillit.RoleAdmin, tillit.RoleOfficer, tillit.RoleCoordinator}
)

var expectedSite = map[string][]tillit.Role{
	"GET /start":                                  everyone,
	"GET /news":                                   everyone,
	"GET /news/archive":                           everyone,
	"GET /news/archive/{year}/{month}":            everyone,
	"GET /news/{slug}":                            everyone,
	"GET /authors/{slug}":                         everyone,
	"GET /calendar":                               everyone,
	"GET /calendar/{id}":                          everyone,
	"GET /calendar/{id}/event.ics":                everyone,
	"GET /calendar.ics":                           everyone,
	"GET /pages/{slug}":                           everyone,
	"GET /documents":                              everyone,
	"GET /files/{id}/{name}":                      everyone,
	"GET /results":                                everyone,
	"GET /annual-reports":                         everyone,
	"GET /annual-reports/{year}/report.pdf":       everyone,
	"GET /feed.xml":                               everyone,
	"GET /sitemap.xml":                            everyone,
	"GET /robots.txt":                             everyone,
	"GET /newsletter":                             everyone,
	"POST /newsletter":                            everyone,
	"GET /newsletter/confirm/{token}":             everyone,
	"POST /newsletter/confirm/{token}":            everyone,
	"GET /newsletter/unsubscribe/{token}":         everyone,
	"POST /newsletter/unsubscribe/{token}":        everyone,
	"GET /newsletter/privacy":                     everyone,
	"POST /newsletter/privacy":                    everyone,
	"GET /newsletter/privacy/{token}":             everyone,
	"GET /newsletter/privacy/{token}/export.json": everyone,
	"POST /newsletter/privacy/{token}/delete":     everyone,
	"GET /editor":                                 siteEditors,
	"POST /editor/settings":                       siteEditors,
	"GET /editor/news":                            siteEditors,
	"GET /editor/news/new":                        siteEditors,
	"POST /editor/news":                           siteEditors,
	"GET /editor/news/{id}":                       siteEditors,
	"POST /editor/news/{id}":                      siteEditors,
	"GET /editor/news/{id}/preview":               siteEditors,
	"POST /editor/news/{id}/publish":              siteEditors,
	"POST /editor/news/{id}/unpublish":            siteEditors,
	"GET /editor/authors":                         siteEditors,
	"GET /editor/authors/new":                     siteEditors,
	"POST /editor/authors":                        siteEditors,
	"GET /editor/authors/{id}":                    siteEditors,
	"POST /editor/authors/{id}":                   siteEditors,
	"GET /editor/events":                          siteEditors,
	"GET /editor/events/new":                      siteEditors,
	"POST /editor/events":                         siteEditors,
	"GET /editor/events/{id}":                     siteEditors,
	"POST /editor/events/{id}":                    siteEditors,
	"GET /editor/pages":                           siteEditors,
	"GET /editor/pages/new":                       siteEditors,
	"POST /editor/pages":                          siteEditors,
	"GET /editor/pages/{id}":                      siteEditors,
	"POST /editor/pages/{id}":                     siteEditors,
	"GET /editor/files":                           siteEditors,
	"POST /editor/files":                          siteEditors,
	"GET /editor/files/{id}":                      siteEditors,
	"POST /editor/files/{id}":                     siteEditors,
	"GET /editor/newsletter":                      siteEditors,
	"GET /editor/newsletter/new":                  siteEditors,
	"POST /editor/newsletter":                     siteEditors,
	"GET /editor/newsletter/{id}":                 siteEditors,
	"POST /editor/newsletter/{id}/send":           siteEditors,
	"GET /editor/subscribers":                     siteEditors,
	"GET /editor/subscribers/export.json":         siteEditors,
	"POST /editor/subscribers/delete":             siteEditors,
	"POST /editor/subscribers/bounce":             siteEditors,
	"GET /editor/results":                         siteEditors,
	"GET /editor/results/new":                     siteEditors,
	"POST /editor/results":                        siteEditors,
	"GET /editor/results/{id}":                    siteEditors,
	"POST /editor/results/{id}":                   siteEditors,
	"GET /publication":                            siteApprovers,
	"POST /publication/results/{id}/approve":      siteApprovers,
	"POST /publication/results/{id}/withdraw":     siteApprovers,
	"POST /publication/review-window":             office,
	"POST /publication/reports/{year}/publish":    office,
	"POST /publication/reports/{year}/unpublish":  office,
}

// siteParams gives the wildcards of these routes values: things that do
// not exist (a 404 is not a refusal), and a report year.
func siteParams(f *fixture, path string) map[string]string {
	switch {
	case strings.HasPrefix(path, "/editor/"), strings.HasPrefix(path, "/publication/"), strings.HasPrefix(path, "/calendar/"),
		strings.HasPrefix(path, "/files/"), strings.HasPrefix(path, "/news/"), strings.HasPrefix(path, "/authors/"),
		strings.HasPrefix(path, "/pages/"), strings.HasPrefix(path, "/annual-reports/"):
		return map[string]string{"{id}": "999999", "{slug}": "no-such-item", "{name}": "x.pdf", "{year}": "2022", "{month}": "3"}
	}
	return nil
}
