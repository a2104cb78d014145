package scale

import (
	"fmt"

	"github.com/tillit-project/tillit/internal/sqldb"
)

// Page is one of the key pages that issue 6 measures and the query-count
// test guards.
type Page struct {
	Name string
	Path string
	API  bool   // bearer token rather than session cookie
	User string // e-mail of who opens it; empty for an anonymous visitor
}

// KeyPages lists the key pages opened on the heaviest records of a data
// set (sqldb.FindKeyPageFacts), as the national office's officer sees
// them, and the follow-up list once more as the coordinator with the most
// notices (every page counts their unread ones), and the public news page
// as an anonymous visitor sees it.
func KeyPages(k sqldb.KeyPageFacts) []Page {
	list := fmt.Sprintf("/followups?category=%d&status=open", k.CategoryID)
	pages := []Page{
		{Name: "follow-up list, first page", Path: list},
		{Name: "follow-up list, deep keyset page", Path: fmt.Sprintf("%s&after=%d", list, k.DeepAfterID)},
		{Name: "supplier page", Path: fmt.Sprintf("/suppliers/%d", k.SupplierID)},
		{Name: "follow-up page", Path: fmt.Sprintf("/followups/%d", k.FollowUpID)},
		{Name: "office dashboard", Path: "/"},
		{Name: "annual report JSON", Path: fmt.Sprintf("/api/v1/reports/annual/%d", k.BusiestYear), API: true},
	}
	for i := range pages {
		pages[i].User = Officer
	}
	if k.Coordinator != "" {
		pages = append(pages, Page{Name: "follow-up list, busiest coordinator", Path: list, User: k.Coordinator})
	}
	pages = append(pages, Page{Name: "public news page", Path: "/news"})
	return pages
}

// Officer is the account the key pages are opened as: an officer of the
// national office, who sees everything and the dashboard.
const Officer = "officer@example.org"
