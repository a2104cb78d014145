package scale

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// LoadNews publishes the public site's news of the data set, spread evenly
// over its ten years, each tagged with a region and a category. The site
// is small beside the registers, so the news goes through the ordinary
// store (validated and audited), not the bulk loader. It adds nothing when
// the site has news already, so a data set loaded before news were part
// of it gets them by running it again.
func LoadNews(ctx context.Context, db *sqldb.DB, opt Options) (int, error) {
	if opt.Size.News == 0 {
		return 0, nil
	}
	have, err := db.FindNewsList(ctx, sqldb.NewsFilter{Limit: 1, WithoutBody: true})
	if err != nil || len(have) > 0 {
		return 0, err
	}
	regions, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
	if err != nil {
		return 0, err
	}
	cats, err := db.FindCategories(ctx)
	if err != nil {
		return 0, err
	}
	if len(regions) == 0 || len(cats) == 0 {
		return 0, fmt.Errorf("scale: news need the data set's regions and categories")
	}
	end := opt.End
	if end.IsZero() {
		end = DefaultEnd
	}
	author := &tillit.Author{Slug: "redaktionen", Name: "Redaktionen",
		Role: tillit.Translated{SV: "Kommunikatör", EN: "Communications officer"}}
	if err := db.SaveAuthor(ctx, Loader, author); err != nil {
		return 0, err
	}
	r := rand.New(rand.NewPCG(opt.Seed, 0x6e657773))
	start := end.AddDate(-Years, 0, 0)
	step := end.Sub(start) / time.Duration(opt.Size.News)
	for i := range opt.Size.News {
		region, cat := regions[r.IntN(len(regions))], cats[r.IntN(len(cats))]
		topic := newsTopics[r.IntN(len(newsTopics))]
		n := &tillit.NewsItem{
			Title: tillit.Translated{SV: fmt.Sprintf("%s: %s (%d)", cat.NameSV, topic.sv, i+1),
				EN: fmt.Sprintf("%s: %s (%d)", cat.NameEN, topic.en, i+1)},
			Summary: tillit.Translated{SV: fmt.Sprintf("%s berättar om uppföljningen inom %s.", region.Name, cat.NameSV),
				EN: fmt.Sprintf("%s reports on the follow-up in %s.", region.Name, cat.NameEN)},
			Body: tillit.Translated{SV: "Uppföljningen fortsätter enligt plan.\n\n" + topic.sv + " redovisas i årsrapporten.",
				EN: "The follow-up continues as planned.\n\n" + topic.en + " is reported in the annual report."},
			AuthorID: author.ID, Status: tillit.NewsPublished, PublishAt: start.Add(time.Duration(i) * step),
			RegionIDs: []int64{region.ID}, Categories: []int64{cat.ID},
		}
		if err := db.SaveNews(ctx, Loader, n); err != nil {
			return i, err
		}
	}
	return opt.Size.News, nil
}

var newsTopics = []struct{ sv, en string }{
	{"revision genomförd", "audit performed"},
	{"självskattningar inkomna", "self-assessments received"},
	{"åtgärdsplan godkänd", "action plan approved"},
	{"ny riskanalys", "new risk analysis"},
	{"utbildning för leverantörer", "training for suppliers"},
	{"uppföljning avslutad", "follow-up closed"},
}
