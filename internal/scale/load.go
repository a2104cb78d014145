package scale

import (
	"context"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// LoadResult is what Load wrote and how long it took.
type LoadResult struct {
	Summary
	Rows     map[string]int64 // rows written per table
	Total    int64            // all rows
	Duration time.Duration    // generating and writing, indexes included
}

// RowsPerSecond is the load's throughput.
func (r LoadResult) RowsPerSecond() float64 {
	if r.Duration <= 0 {
		return 0
	}
	return float64(r.Total) / r.Duration.Seconds()
}

// Load generates the data set into db, which must be migrated and hold no
// follow-ups and none of the data set's organisations (an empty database,
// in practice). It writes in bulk (sqldb.Bulk); on failure the database
// holds part of the data and should be thrown away.
func Load(ctx context.Context, db *sqldb.DB, opt Options, progress func(Progress)) (LoadResult, error) {
	started := time.Now()
	b, err := db.BeginBulk(ctx)
	if err != nil {
		return LoadResult{}, err
	}
	end := opt.End
	if end.IsZero() {
		end = DefaultEnd
	}
	b.NoticeFate = noticeFate(end)
	sum, err := Generate(ctx, opt, bulkSink{b}, progress)
	if err != nil {
		b.Abort()
		return LoadResult{Summary: sum}, err
	}
	if err := b.Finish(); err != nil {
		return LoadResult{Summary: sum}, err
	}
	news, err := LoadNews(ctx, db, opt)
	if err != nil {
		return LoadResult{Summary: sum}, err
	}
	res := LoadResult{Summary: sum, Rows: b.Rows(), Duration: time.Since(started)}
	if news > 0 { // with their author and tags, each change audited
		res.Rows["news"], res.Rows["authors"], res.Rows["news_tags"] = int64(news), 1, int64(2*news)
		res.Rows["audit_events"] += int64(news + 1)
	}
	for _, n := range res.Rows {
		res.Total += n
	}
	return res, nil
}

// noticeFate says what became of a notice by the end of the data: mailed
// a couple of minutes after it was made (the mailer runs every minute; so
// that a server started on the data does not mail the last minutes'
// notices, even those count as mailed) and read within three weeks,
// unless that is still to come.
func noticeFate(end time.Time) func(user int64, created time.Time) (time.Time, time.Time) {
	return func(user int64, created time.Time) (time.Time, time.Time) {
		mailed := created.Add(2 * time.Minute)
		read := created.Add(time.Duration(1+(user*31+created.Unix()/60)%21) * 24 * time.Hour)
		if read.After(end) {
			read = time.Time{}
		}
		return read, mailed
	}
}

// bulkSink writes the stream with sqldb.Bulk: records as the Loader
// system actor, follow-up changes as the people who made them.
type bulkSink struct{ b *sqldb.Bulk }

func (s bulkSink) Organisation(at time.Time, o *tillit.Organisation) error {
	return s.b.Organisation(Loader, at, o)
}
func (s bulkSink) Supplier(at time.Time, sp *tillit.Supplier) error {
	return s.b.Supplier(Loader, at, sp)
}
func (s bulkSink) Category(at time.Time, c *tillit.Category) error {
	return s.b.Category(Loader, at, c)
}
func (s bulkSink) User(at time.Time, u *tillit.User, hash string) error {
	return s.b.User(Loader, at, u, hash)
}
func (s bulkSink) Contract(at time.Time, c *tillit.Contract) error {
	return s.b.Contract(Loader, at, c)
}
func (s bulkSink) Site(at time.Time, st *tillit.ProductionSite) error {
	return s.b.Site(Loader, at, st)
}

func (s bulkSink) FollowUpOpened(fu *FollowUp) error {
	if err := s.b.FollowUp(fu.Final); err != nil {
		return err
	}
	// Only the times are needed from here on.
	for i := range fu.Steps {
		fu.Steps[i].Do = nil
	}
	return s.b.FollowUpEvent(fu.Opener, fu.Final, 0)
}

func (s bulkSink) FollowUpStep(fu *FollowUp, i int) error {
	if len(fu.Final.Timeline) <= i {
		return fmt.Errorf("step %d has no event", i)
	}
	return s.b.FollowUpEvent(fu.Steps[i].By, fu.Final, i)
}
