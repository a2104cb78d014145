package sqldb_test

import (
	"slices"
	"testing"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

func newsItem(title string) *tillit.NewsItem {
	return &tillit.NewsItem{Title: tillit.Translated{SV: title}, Summary: tillit.Translated{SV: "Kort om " + title}, Status: tillit.NewsDraft}
}

func TestNewsPublishingAndGuard(t *testing.T) {
	f := newFixture(t)
	editor := sys
	author := &tillit.Author{Name: "Pauline Göthberg", Role: tillit.Translated{SV: "Nationell samordnare"}}
	mustOK(t, f.db.SaveAuthor(ctx, editor, author))
	if author.Slug != "pauline-gothberg" {
		t.Errorf("author slug %q", author.Slug)
	}

	// A draft is not public; publishing makes it so.
	n := newsItem("Det nationella kansliet träffar Region Blekinge")
	n.AuthorID, n.RegionIDs = author.ID, []int64{f.region.ID}
	mustOK(t, f.db.SaveNews(ctx, editor, n))
	if n.Slug != "det-nationella-kansliet-traffar-region-blekinge" {
		t.Errorf("slug %q", n.Slug)
	}
	_, err := f.db.FindVisibleNews(ctx, n.Slug, t0)
	wantCode(t, err, tillit.ENOTFOUND)
	_, err = f.db.PublishNews(ctx, editor, n.ID, t0)
	mustOK(t, err)
	got, err := f.db.FindVisibleNews(ctx, n.Slug, t0)
	mustOK(t, err)
	if got.AuthorID != author.ID || !slices.Equal(got.RegionIDs, []int64{f.region.ID}) || !got.PublishAt.Equal(t0) {
		t.Errorf("published item: %+v", got)
	}

	// The same title the same Swedish day is refused, whatever the case
	// or spacing; the next day it is a different article.
	dup := newsItem("Det nationella  kansliet träffar region Blekinge!")
	mustOK(t, f.db.SaveNews(ctx, editor, dup))
	_, err = f.db.PublishNews(ctx, editor, dup.ID, t0.Add(2*time.Hour))
	wantCode(t, err, tillit.ECONFLICT)
	dup.Status, dup.PublishAt = tillit.NewsPublished, t0.Add(2*time.Hour)
	wantCode(t, f.db.SaveNews(ctx, editor, dup), tillit.ECONFLICT)
	_, err = f.db.PublishNews(ctx, editor, dup.ID, t0.AddDate(0, 0, 1))
	mustOK(t, err)
	if dup.Slug == n.Slug {
		t.Error("two items share a slug")
	}

	// Scheduled: published, but invisible until its time.
	later := newsItem("Kemkollen")
	mustOK(t, f.db.SaveNews(ctx, editor, later))
	_, err = f.db.PublishNews(ctx, editor, later.ID, t0.AddDate(0, 1, 0))
	mustOK(t, err)
	list, err := f.db.FindNewsList(ctx, sqldb.NewsFilter{VisibleAt: t0.AddDate(0, 0, 2)})
	mustOK(t, err)
	if len(list) != 2 || list[0].ID != dup.ID || list[1].AuthorName != "Pauline Göthberg" {
		t.Fatalf("visible list: %+v", list)
	}
	list, err = f.db.FindNewsList(ctx, sqldb.NewsFilter{VisibleAt: t0.AddDate(0, 1, 0)})
	mustOK(t, err)
	if len(list) != 3 {
		t.Errorf("after the scheduled time %d items, want 3", len(list))
	}
	// Unpublishing frees the title and day, and hides the item.
	_, err = f.db.UnpublishNews(ctx, editor, n.ID)
	mustOK(t, err)
	_, err = f.db.FindVisibleNews(ctx, n.Slug, t0.AddDate(0, 0, 2))
	wantCode(t, err, tillit.ENOTFOUND)

	arch, err := f.db.NewsArchive(ctx, t0.AddDate(0, 2, 0))
	mustOK(t, err)
	if len(arch) != 2 || arch[0].Month != time.April || arch[1].Month != time.March || arch[1].Count != 1 {
		t.Errorf("archive: %+v", arch)
	}
	month, err := f.db.FindNewsList(ctx, sqldb.NewsFilter{VisibleAt: t0.AddDate(0, 2, 0), From: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)})
	mustOK(t, err)
	if len(month) != 1 || month[0].ID != later.ID {
		t.Errorf("April: %+v", month)
	}
	tagged, err := f.db.FindNewsList(ctx, sqldb.NewsFilter{RegionID: f.region.ID})
	mustOK(t, err)
	if len(tagged) != 1 || tagged[0].ID != n.ID {
		t.Errorf("tagged with the region: %+v", tagged)
	}
	bad := newsItem("Fel tagg")
	bad.RegionIDs = []int64{f.supplier.ID}
	wantCode(t, f.db.SaveNews(ctx, editor, bad), tillit.EINVALID)

	changed, err := f.db.SiteChangedAt(ctx, t0.AddDate(0, 2, 0))
	mustOK(t, err)
	if !changed.Equal(t0.AddDate(0, 1, 0)) {
		t.Errorf("SiteChangedAt = %v, want the scheduled item's time", changed)
	}
}

func TestEventsPagesFiles(t *testing.T) {
	f := newFixture(t)
	e := &tillit.Event{Title: tillit.Translated{SV: "Webbinarium om högriskmineraler"}, StartsAt: t0, EndsAt: t0.Add(time.Hour),
		OnlineURL: "https://example.se/webbinarium", Published: true}
	mustOK(t, f.db.SaveEvent(ctx, sys, e))
	uid := e.UID
	e.Place = "Stockholm"
	mustOK(t, f.db.SaveEvent(ctx, sys, e))
	got, err := f.db.FindEvent(ctx, e.ID, true)
	mustOK(t, err)
	if got.UID != uid || got.Sequence != 1 || got.Place != "Stockholm" {
		t.Errorf("event after a change: %+v", got)
	}
	hidden := &tillit.Event{Title: tillit.Translated{SV: "Internt"}, StartsAt: t0, EndsAt: t0, Place: "Kansliet"}
	mustOK(t, f.db.SaveEvent(ctx, sys, hidden))
	_, err = f.db.FindEvent(ctx, hidden.ID, true)
	wantCode(t, err, tillit.ENOTFOUND)
	up, err := f.db.FindEvents(ctx, sqldb.EventFilter{PublishedOnly: true, EndsAfter: t0})
	mustOK(t, err)
	past, err2 := f.db.FindEvents(ctx, sqldb.EventFilter{PublishedOnly: true, EndsBefore: t0.Add(2 * time.Hour)})
	mustOK(t, err2)
	if len(up) != 1 || len(past) != 1 {
		t.Errorf("upcoming %d, past %d", len(up), len(past))
	}

	p := &tillit.SitePage{Title: tillit.Translated{SV: "Om samarbetet"}, Body: tillit.Translated{SV: "Text."}, Published: false}
	mustOK(t, f.db.SaveSitePage(ctx, sys, p))
	_, err = f.db.FindSitePage(ctx, 0, "om-samarbetet")
	wantCode(t, err, tillit.ENOTFOUND)
	p.Published = true
	mustOK(t, f.db.SaveSitePage(ctx, sys, p))
	if _, err := f.db.FindSitePage(ctx, 0, "om-samarbetet"); err != nil {
		t.Error(err)
	}

	img := &tillit.PublicFile{Hash: "ab" + string(make([]byte, 0)) + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd",
		Name: "bild.png", Size: 10, ContentType: "image/png", Kind: tillit.FileImage}
	wantCode(t, f.db.CreatePublicFile(ctx, sys, img), tillit.EINVALID)
	img.Alt.SV = "Deltagare i workshopen"
	mustOK(t, f.db.CreatePublicFile(ctx, sys, img))
	doc := &tillit.PublicFile{Hash: img.Hash, Name: "vagledning.pdf", Size: 10, ContentType: "application/pdf", Kind: tillit.FileDocument,
		Title: tillit.Translated{SV: "Vägledning"}, Listed: true}
	mustOK(t, f.db.CreatePublicFile(ctx, sys, doc))
	listed, err := f.db.FindPublicFiles(ctx, sqldb.PublicFileFilter{Kind: tillit.FileDocument, ListedOnly: true})
	mustOK(t, err)
	if len(listed) != 1 || listed[0].Name != "vagledning.pdf" {
		t.Errorf("listed documents: %+v", listed)
	}
	a := &tillit.Author{Name: "Karin Lonaeus", PhotoID: doc.ID}
	wantCode(t, f.db.SaveAuthor(ctx, sys, a), tillit.EINVALID)
	a.PhotoID = img.ID
	mustOK(t, f.db.SaveAuthor(ctx, sys, a))
}

func TestResultPublication(t *testing.T) {
	w := newFollowUpWorld(t)
	coord := tillit.ActorOf(w.coordinator)
	fu := w.open(t, w.supplier.ID)
	r := &tillit.ResultSummary{FollowUpID: fu.ID, Light: tillit.LightGreen, Summary: tillit.Translated{SV: "Leverantören har åtgärdat avvikelserna."}}
	wantCode(t, w.db.SaveResultSummary(ctx, sys, r), tillit.ECONFLICT) // still open
	_, _, err := w.db.ChangeFollowUp(ctx, coord, fu.ID, func(f *tillit.FollowUp) (tillit.FollowUpEvent, error) {
		return f.Close(coord, w.clock.Now(), tillit.CloseResolved, "")
	})
	mustOK(t, err)
	mustOK(t, w.db.SaveResultSummary(ctx, sys, r))
	closed, err := w.db.UnscopedClosedFollowUps(ctx, 0)
	mustOK(t, err)
	if len(closed) != 1 || closed[0].SummaryID != r.ID || closed[0].Supplier != "Instrument AB" {
		t.Errorf("closed follow-ups: %+v", closed)
	}

	public := func(at time.Time) int {
		t.Helper()
		rs, err := w.db.FindResultSummaries(ctx, sqldb.ResultFilter{PublicAt: at})
		mustOK(t, err)
		return len(rs)
	}
	now := w.clock.Now()
	if public(now.AddDate(1, 0, 0)) != 0 {
		t.Fatal("an unapproved summary is public")
	}
	refuse := func(*tillit.ResultSummary) error { return tillit.Errorf(tillit.EFORBIDDEN, "no") }
	_, err = w.db.ApproveResult(ctx, coord, r.ID, 14*24*time.Hour, refuse)
	wantCode(t, err, tillit.EFORBIDDEN)
	var seen []int64
	allow := func(s *tillit.ResultSummary) error { seen = s.ResponsibleIn; return nil }
	approved, err := w.db.ApproveResult(ctx, coord, r.ID, 14*24*time.Hour, allow)
	mustOK(t, err)
	if !slices.Equal(seen, []int64{w.region.ID}) || approved.ApprovedBy != "coord@sll.se" {
		t.Errorf("approval saw regions %v, by %q", seen, approved.ApprovedBy)
	}
	if public(now.AddDate(0, 0, 13)) != 0 || public(now.AddDate(0, 0, 14)) != 1 {
		t.Error("the review window is not kept")
	}
	// Editing the text withdraws the approval.
	r.Summary.SV = "Ny text."
	mustOK(t, w.db.SaveResultSummary(ctx, sys, r))
	if public(now.AddDate(1, 0, 0)) != 0 {
		t.Error("an edited summary stayed public")
	}
	_, err = w.db.ApproveResult(ctx, coord, r.ID, 0, allow)
	mustOK(t, err)
	mustOK(t, w.db.WithdrawResult(ctx, coord, r.ID, allow))
	wantCode(t, w.db.WithdrawResult(ctx, coord, r.ID, allow), tillit.ECONFLICT)

	mustOK(t, w.db.PublishReport(ctx, sys, 2022))
	wantCode(t, w.db.PublishReport(ctx, sys, 2022), tillit.ECONFLICT)
	years, err := w.db.PublishedReports(ctx)
	mustOK(t, err)
	if !slices.Equal(years, []int{2022}) {
		t.Errorf("published reports %v", years)
	}
	mustOK(t, w.db.UnpublishReport(ctx, sys, 2022))
}

func TestNewsletterSubscribersAndDeliveries(t *testing.T) {
	f := newFixture(t)
	secret, err := f.db.Subscribe(ctx, "anna@example.se", tillit.Swedish)
	mustOK(t, err)
	if secret == "" {
		t.Fatal("no confirmation secret for a new address")
	}
	if again, _ := f.db.Subscribe(ctx, "anna@example.se", tillit.Swedish); again != "" {
		t.Error("a second request at once sends another mail")
	}
	_, err = f.db.Subscribe(ctx, "bo@example.se", tillit.English) // never confirms
	mustOK(t, err)

	n := newsItem("Kemkollen")
	n.Status, n.PublishAt = tillit.NewsPublished, t0.Add(-time.Hour)
	mustOK(t, f.db.SaveNews(ctx, sys, n))
	issue := &tillit.NewsletterIssue{Subject: tillit.Translated{SV: "Nyhetsbrev mars"}, NewsIDs: []int64{n.ID}}
	mustOK(t, f.db.SaveNewsletterIssue(ctx, sys, issue))

	// Before anyone confirms, sending queues nothing.
	pending, err := f.db.PendingSubscriber(ctx, secret)
	mustOK(t, err)
	if pending.Email != "anna@example.se" || pending.Confirmed {
		t.Errorf("pending: %+v", pending)
	}
	_, err = f.db.ConfirmSubscriber(ctx, secret)
	mustOK(t, err)
	_, err = f.db.ConfirmSubscriber(ctx, secret)
	wantCode(t, err, tillit.ENOTFOUND) // used
	queued, err := f.db.QueueNewsletterIssue(ctx, sys, issue.ID)
	mustOK(t, err)
	if queued != 1 {
		t.Fatalf("queued %d, want only the confirmed address", queued)
	}
	_, err = f.db.QueueNewsletterIssue(ctx, sys, issue.ID)
	wantCode(t, err, tillit.ECONFLICT)
	wantCode(t, f.db.SaveNewsletterIssue(ctx, sys, issue), tillit.ECONFLICT)

	// The worker leases the delivery with a fresh unsubscribe secret; a
	// second worker finds nothing while the lease holds.
	ds, err := f.db.LeaseDeliveries(ctx, 10, time.Minute)
	mustOK(t, err)
	if len(ds) != 1 || ds[0].Email != "anna@example.se" || ds[0].Secret == "" {
		t.Fatalf("leased: %+v", ds)
	}
	if more, _ := f.db.LeaseDeliveries(ctx, 10, time.Minute); len(more) != 0 {
		t.Fatalf("leased twice: %+v", more)
	}
	mustOK(t, f.db.MarkDelivered(ctx, ds[0].ID))
	row, err := f.db.FindNewsletterIssue(ctx, issue.ID)
	mustOK(t, err)
	if row.Sent != 1 || row.Queued != 0 {
		t.Errorf("counts: %+v", row)
	}

	// The owner asks for their data, then the unsubscribe link removes
	// the address and leaves only the count.
	access, sub, err := f.db.RequestSubscriberAccess(ctx, "anna@example.se")
	mustOK(t, err)
	data, err := f.db.SubscriberByAccess(ctx, access)
	mustOK(t, err)
	if data.ID != sub.ID || len(data.Deliveries) != 1 || data.Deliveries[0].Subject != "Nyhetsbrev mars" {
		t.Errorf("data: %+v", data)
	}
	if none, _, _ := f.db.RequestSubscriberAccess(ctx, "nobody@example.se"); none != "" {
		t.Error("an access link for an unknown address")
	}
	who, err := f.db.DeliverySubscriber(ctx, ds[0].Secret)
	mustOK(t, err)
	if who.Email != "anna@example.se" {
		t.Errorf("unsubscribe link is for %q", who.Email)
	}
	mustOK(t, f.db.Unsubscribe(ctx, ds[0].Secret))
	wantCode(t, f.db.Unsubscribe(ctx, ds[0].Secret), tillit.ENOTFOUND)
	_, err = f.db.FindSubscriber(ctx, "anna@example.se")
	wantCode(t, err, tillit.ENOTFOUND)
	row, err = f.db.FindNewsletterIssue(ctx, issue.ID)
	mustOK(t, err)
	if row.Sent != 1 {
		t.Errorf("the sent count went with the address: %+v", row)
	}

	// A permanent failure is a bounce and counts against the address.
	s3, err := f.db.Subscribe(ctx, "cecilia@example.se", tillit.Swedish)
	mustOK(t, err)
	_, err = f.db.ConfirmSubscriber(ctx, s3)
	mustOK(t, err)
	issue2 := &tillit.NewsletterIssue{Subject: tillit.Translated{SV: "Nyhetsbrev april"}, NewsIDs: []int64{n.ID}}
	mustOK(t, f.db.SaveNewsletterIssue(ctx, sys, issue2))
	_, err = f.db.QueueNewsletterIssue(ctx, sys, issue2.ID)
	mustOK(t, err)
	ds, err = f.db.LeaseDeliveries(ctx, 10, time.Minute)
	mustOK(t, err)
	mustOK(t, f.db.MarkDeliveryFailed(ctx, ds[0].ID, "550 no such user", true))
	c, err := f.db.FindSubscriber(ctx, "cecilia@example.se")
	mustOK(t, err)
	if c.Bounces != 1 || c.Deliveries[0].Status != "bounced" {
		t.Errorf("after a bounce: %+v", c)
	}
	mustOK(t, f.db.RecordBounce(ctx, sys, "cecilia@example.se"))
	mustOK(t, f.db.DeleteSubscriber(ctx, sys, c.ID))

	// Unconfirmed addresses expire.
	f.clock.Add(sqldb.ConfirmValidity + time.Minute)
	pruned, err := f.db.PruneSubscribers(ctx)
	mustOK(t, err)
	if pruned != 1 {
		t.Errorf("pruned %d, want the one never confirmed", pruned)
	}
	pend, conf, err := f.db.SubscriberCounts(ctx)
	mustOK(t, err)
	if pend != 0 || conf != 0 {
		t.Errorf("counts %d pending, %d confirmed", pend, conf)
	}
	if n, err := f.db.CountSiteRequest(ctx, time.Minute, "ip:1", "email:x"); err != nil || n != 1 {
		t.Errorf("CountSiteRequest = %d, %v", n, err)
	}
	if n, _ := f.db.CountSiteRequest(ctx, time.Minute, "ip:1"); n != 2 {
		t.Errorf("second request counted %d", n)
	}
}
