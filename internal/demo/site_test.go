package demo_test

import (
	"testing"
	"time"

	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/sqldb/sqldbtest"
)

// The demo's public site: the articles of the collaboration's pages once
// each (the old site listed the Blekinge visit twice; the guard keeps it
// to one), with their authors, the calendar, the pages and the approved
// result summaries.
func TestDemoPublicSite(t *testing.T) {
	db := sqldbtest.Open(t)
	load(t, db)
	now := time.Now()
	news, err := db.FindNewsList(ctx, sqldb.NewsFilter{VisibleAt: now, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	byAuthor := map[string]int{}
	for _, n := range news {
		seen[n.Title.SV]++
		byAuthor[n.AuthorName]++
	}
	if seen["Det nationella kansliet träffar Region Blekinge"] != 1 || len(news) < 15 {
		t.Errorf("%d articles, Blekinge %d times", len(news), seen["Det nationella kansliet träffar Region Blekinge"])
	}
	if byAuthor["Pauline Göthberg"] != 2 || byAuthor["Karin Lonaeus"] != 2 {
		t.Errorf("articles by author: %v", byAuthor)
	}
	events, err := db.FindEvents(ctx, sqldb.EventFilter{PublishedOnly: true})
	if err != nil || len(events) != 4 {
		t.Errorf("%d events, %v", len(events), err)
	}
	pages, err := db.FindSitePages(ctx, true)
	if err != nil || len(pages) != 3 {
		t.Errorf("%d pages, %v", len(pages), err)
	}
	results, err := db.FindResultSummaries(ctx, sqldb.ResultFilter{PublicAt: now})
	if err != nil || len(results) != 6 {
		t.Errorf("%d public results, %v", len(results), err)
	}
	years, err := db.PublishedReports(ctx)
	if err != nil || len(years) != 1 || years[0] != 2022 {
		t.Errorf("published reports %v, %v", years, err)
	}
}
