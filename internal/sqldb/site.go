package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
)

// The public site's content (issue 8): settings, files, authors, news,
// events and pages. The public pages read only what is visible at the
// time asked for; the editor's pages read everything. Each change also
// moves the site's "changed" mark, which the pages' Last-Modified uses.

// siteChangedKey is the setting that holds when public content last changed.
const siteChangedKey = "changed_at"

// touchSite records that public content changed now.
func (tx *Tx) touchSite(ctx context.Context) error {
	return tx.setSetting(ctx, siteChangedKey, tx.now.Format(time.RFC3339Nano))
}

func (tx *Tx) setSetting(ctx context.Context, key, value string) error {
	_, err := tx.exec(ctx, `INSERT INTO site_settings (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value, tx.now)
	return err
}

// SiteSettings returns every stored setting of the public site.
func (db *DB) SiteSettings(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT key, value FROM site_settings")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				return err
			}
			out[k] = v
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.SiteSettings: %w", err)
	}
	return out, nil
}

// SaveSiteSettings stores settings (the front page's introduction, for
// example) as one audited change.
func (db *DB) SaveSiteSettings(ctx context.Context, actor tillit.Actor, settings map[string]string) error {
	err := db.write(ctx, func(tx *Tx) error {
		keys := make([]string, 0, len(settings))
		for k := range settings {
			if k == siteChangedKey {
				return fmt.Errorf("setting %q is kept by the store", k)
			}
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := tx.setSetting(ctx, k, settings[k]); err != nil {
				return err
			}
		}
		if err := tx.touchSite(ctx); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "site.settings", "site_settings", 0, nil, settings)
	})
	if err != nil {
		return fmt.Errorf("sqldb.SaveSiteSettings: %w", err)
	}
	return nil
}

// SiteChangedAt is when what the public sees at now last changed: an edit,
// or something that became visible by itself since (a scheduled article,
// a result whose review window ended, an event that ended).
func (db *DB) SiteChangedAt(ctx context.Context, now time.Time) (time.Time, error) {
	var latest time.Time
	err := db.read(ctx, func(tx *Tx) error {
		var s string
		err := tx.queryRow(ctx, "SELECT value FROM site_settings WHERE key = ?", siteChangedKey).Scan(&s)
		if err != nil && !isNoRows(err) {
			return err
		}
		if t, perr := time.Parse(time.RFC3339Nano, s); perr == nil {
			latest = t
		}
		for _, q := range []string{
			"SELECT max(publish_at) FROM news WHERE status = 'published' AND publish_at <= ?",
			"SELECT max(visible_from) FROM result_summaries WHERE visible_from <= ?",
			"SELECT max(ends_at) FROM events WHERE published = TRUE AND ends_at <= ?",
		} {
			var t *time.Time
			if err := tx.queryRow(ctx, q, now.UTC()).Scan(&oldestScan{&t}); err != nil {
				return err
			}
			if t != nil && t.After(latest) {
				latest = *t
			}
		}
		return nil
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("sqldb.SiteChangedAt: %w", err)
	}
	return latest.UTC(), nil
}

// ---- Files

const publicFileColumns = "id, hash, name, size, content_type, kind, title_sv, title_en, alt_sv, alt_en, listed, COALESCE(report_year, 0), uploaded_at"

func scanPublicFile(s interface{ Scan(...any) error }, f *tillit.PublicFile) error {
	return s.Scan(&f.ID, &f.Hash, &f.Name, &f.Size, &f.ContentType, &f.Kind, &f.Title.SV, &f.Title.EN,
		&f.Alt.SV, &f.Alt.EN, &f.Listed, &f.ReportYear, &f.UploadedAt)
}

// CreatePublicFile records a file the caller has put in the file store.
func (db *DB) CreatePublicFile(ctx context.Context, actor tillit.Actor, f *tillit.PublicFile) error {
	if err := f.Validate(); err != nil {
		return err
	}
	if !tillit.ValidAttachmentRef(f.Hash) {
		return fmt.Errorf("sqldb.CreatePublicFile: %q is not a content hash", f.Hash)
	}
	err := db.write(ctx, func(tx *Tx) error {
		f.UploadedAt = tx.now
		id, err := tx.insert(ctx, `INSERT INTO public_files (hash, name, size, content_type, kind, title_sv, title_en, alt_sv, alt_en, listed, report_year, uploaded_by, uploaded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.Hash, f.Name, f.Size, f.ContentType, f.Kind, f.Title.SV, f.Title.EN,
			f.Alt.SV, f.Alt.EN, f.Listed, nullID(int64(f.ReportYear)), nullID(actor.UserID), f.UploadedAt)
		if err != nil {
			return err
		}
		f.ID = id
		if err := tx.touchSite(ctx); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "public_file.create", "public_file", id, nil, f)
	})
	if err != nil {
		return fmt.Errorf("sqldb.CreatePublicFile: %w", err)
	}
	return nil
}

// UpdatePublicFile changes a file's description: title, alt text, whether
// the documents page lists it and the annual report year it stands for.
func (db *DB) UpdatePublicFile(ctx context.Context, actor tillit.Actor, f *tillit.PublicFile) error {
	err := db.write(ctx, func(tx *Tx) error {
		before, err := tx.findPublicFile(ctx, f.ID)
		if err != nil {
			return err
		}
		after := *before
		after.Title, after.Alt, after.Listed, after.ReportYear = f.Title, f.Alt, f.Listed, f.ReportYear
		if err := after.Validate(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE public_files SET title_sv = ?, title_en = ?, alt_sv = ?, alt_en = ?, listed = ?, report_year = ? WHERE id = ?`,
			after.Title.SV, after.Title.EN, after.Alt.SV, after.Alt.EN, after.Listed, nullID(int64(after.ReportYear)), f.ID); err != nil {
			return err
		}
		*f = after
		if err := tx.touchSite(ctx); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "public_file.update", "public_file", f.ID, before, after)
	})
	if err != nil {
		return fmt.Errorf("sqldb.UpdatePublicFile: %w", err)
	}
	return nil
}

func (tx *Tx) findPublicFile(ctx context.Context, id int64) (*tillit.PublicFile, error) {
	var f tillit.PublicFile
	err := scanPublicFile(tx.queryRow(ctx, "SELECT "+publicFileColumns+" FROM public_files WHERE id = ?", id), &f)
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "The file was not found.")
	}
	return &f, err
}

// FindPublicFile returns a file of the public site. Every file recorded
// here is public: that is what uploading it to the site means.
func (db *DB) FindPublicFile(ctx context.Context, id int64) (*tillit.PublicFile, error) {
	var f *tillit.PublicFile
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		f, err = tx.findPublicFile(ctx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindPublicFile: %w", err)
	}
	return f, nil
}

// PublicFileFilter narrows FindPublicFiles.
type PublicFileFilter struct {
	Kind       tillit.FileKind // "" for both
	ListedOnly bool            // documents on the documents page
	Reports    bool            // documents that are annual reports
}

// FindPublicFiles lists files, newest first (annual reports by year).
func (db *DB) FindPublicFiles(ctx context.Context, f PublicFileFilter) ([]tillit.PublicFile, error) {
	q := "SELECT " + publicFileColumns + " FROM public_files WHERE 1 = 1"
	var args []any
	if f.Kind != "" {
		q += " AND kind = ?"
		args = append(args, f.Kind)
	}
	if f.ListedOnly {
		q += " AND listed = TRUE"
	}
	order := " ORDER BY uploaded_at DESC, id DESC"
	if f.Reports {
		q += " AND report_year IS NOT NULL"
		order = " ORDER BY report_year DESC, id DESC"
	}
	var out []tillit.PublicFile
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, q+order, args, func(rows *sql.Rows) (tillit.PublicFile, error) {
			var pf tillit.PublicFile
			return pf, scanPublicFile(rows, &pf)
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindPublicFiles: %w", err)
	}
	return out, nil
}

// ---- Authors

const authorColumns = "id, slug, name, role_sv, role_en, bio_sv, bio_en, COALESCE(photo_id, 0)"

func scanAuthor(s interface{ Scan(...any) error }, a *tillit.Author) error {
	return s.Scan(&a.ID, &a.Slug, &a.Name, &a.Role.SV, &a.Role.EN, &a.Bio.SV, &a.Bio.EN, &a.PhotoID)
}

// SaveAuthor creates (ID 0) or changes an author profile. The address
// (slug) is made from the name when the author is created.
func (db *DB) SaveAuthor(ctx context.Context, actor tillit.Actor, a *tillit.Author) error {
	if err := a.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.checkImage(ctx, a.PhotoID, "photo"); err != nil {
			return err
		}
		if a.ID == 0 {
			slug, err := tx.freeSlug(ctx, "authors", tillit.Slugify(a.Name), 0)
			if err != nil {
				return err
			}
			a.Slug = slug
			id, err := tx.insert(ctx, `INSERT INTO authors (slug, name, role_sv, role_en, bio_sv, bio_en, photo_id, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.Slug, a.Name, a.Role.SV, a.Role.EN, a.Bio.SV, a.Bio.EN, nullID(a.PhotoID), tx.now, tx.now)
			if err != nil {
				return err
			}
			a.ID = id
			if err := tx.touchSite(ctx); err != nil {
				return err
			}
			return tx.audit(ctx, actor, "author.create", "author", id, nil, a)
		}
		var before tillit.Author
		if err := scanAuthor(tx.queryRow(ctx, "SELECT "+authorColumns+" FROM authors WHERE id = ?", a.ID), &before); isNoRows(err) {
			return tillit.Errorf(tillit.ENOTFOUND, "The author was not found.")
		} else if err != nil {
			return err
		}
		a.Slug = before.Slug
		if _, err := tx.exec(ctx, `UPDATE authors SET name = ?, role_sv = ?, role_en = ?, bio_sv = ?, bio_en = ?, photo_id = ?, updated_at = ? WHERE id = ?`,
			a.Name, a.Role.SV, a.Role.EN, a.Bio.SV, a.Bio.EN, nullID(a.PhotoID), tx.now, a.ID); err != nil {
			return err
		}
		if err := tx.touchSite(ctx); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "author.update", "author", a.ID, before, a)
	})
	if err != nil {
		return fmt.Errorf("sqldb.SaveAuthor: %w", err)
	}
	return nil
}

// checkImage refuses a picture reference that is not an image of the site.
func (tx *Tx) checkImage(ctx context.Context, id int64, field string) error {
	if id == 0 {
		return nil
	}
	var kind tillit.FileKind
	err := tx.queryRow(ctx, "SELECT kind FROM public_files WHERE id = ?", id).Scan(&kind)
	if err != nil && !isNoRows(err) {
		return err
	}
	if isNoRows(err) || kind != tillit.FileImage {
		m := tillit.Msg("Choose one of the site's pictures.")
		return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{field: m}}
	}
	return nil
}

// freeSlug returns slug, or slug-2, slug-3 … the first that no other row
// of table (other than id) uses.
func (tx *Tx) freeSlug(ctx context.Context, table, slug string, id int64) (string, error) {
	if len(slug) > 90 {
		slug = strings.TrimRight(slug[:90], "-")
	}
	for n := 1; n < 1000; n++ {
		try := slug
		if n > 1 {
			try = slug + "-" + strconv.Itoa(n)
		}
		var other int64
		err := tx.queryRow(ctx, "SELECT id FROM "+table+" WHERE slug = ? AND id <> ?", try, id).Scan(&other)
		if isNoRows(err) {
			return try, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", tillit.Errorf(tillit.ECONFLICT, "Too many items have this title. Choose another title.")
}

// FindAuthor returns an author by id.
func (db *DB) FindAuthor(ctx context.Context, id int64) (*tillit.Author, error) {
	return db.findAuthor(ctx, "id = ?", id)
}

// FindAuthorBySlug returns an author by address.
func (db *DB) FindAuthorBySlug(ctx context.Context, slug string) (*tillit.Author, error) {
	return db.findAuthor(ctx, "slug = ?", slug)
}

func (db *DB) findAuthor(ctx context.Context, where string, arg any) (*tillit.Author, error) {
	var a tillit.Author
	err := db.read(ctx, func(tx *Tx) error {
		err := scanAuthor(tx.queryRow(ctx, "SELECT "+authorColumns+" FROM authors WHERE "+where, arg), &a)
		if isNoRows(err) {
			return tillit.Errorf(tillit.ENOTFOUND, "The author was not found.")
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindAuthor: %w", err)
	}
	return &a, nil
}

// FindAuthors lists every author by name.
func (db *DB) FindAuthors(ctx context.Context) ([]tillit.Author, error) {
	var out []tillit.Author
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, "SELECT "+authorColumns+" FROM authors ORDER BY name, id", nil, func(rows *sql.Rows) (tillit.Author, error) {
			var a tillit.Author
			return a, scanAuthor(rows, &a)
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindAuthors: %w", err)
	}
	return out, nil
}

// ---- News

const newsColumns = "n.id, n.slug, n.title_sv, n.title_en, n.summary_sv, n.summary_en, n.body_sv, n.body_en, " +
	"COALESCE(n.author_id, 0), COALESCE(n.image_id, 0), n.status, n.publish_at, n.created_at, n.updated_at"

func scanNews(s interface{ Scan(...any) error }, n *tillit.NewsItem) error {
	var at *time.Time
	if err := s.Scan(&n.ID, &n.Slug, &n.Title.SV, &n.Title.EN, &n.Summary.SV, &n.Summary.EN, &n.Body.SV, &n.Body.EN,
		&n.AuthorID, &n.ImageID, &n.Status, &at, &n.CreatedAt, &n.UpdatedAt); err != nil {
		return err
	}
	if at != nil {
		n.PublishAt = at.UTC()
	}
	return nil
}

// SaveNews creates (ID 0) or changes a news item with its tags, in the
// status and at the publishing time it has. A published (or scheduled)
// item may not share its title with another one published the same
// Swedish day: the same article is never published twice.
func (db *DB) SaveNews(ctx context.Context, actor tillit.Actor, n *tillit.NewsItem) error {
	if err := n.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		return tx.saveNews(ctx, actor, n)
	})
	if err != nil {
		return fmt.Errorf("sqldb.SaveNews: %w", err)
	}
	return nil
}

func (tx *Tx) saveNews(ctx context.Context, actor tillit.Actor, n *tillit.NewsItem) error {
	if err := tx.checkImage(ctx, n.ImageID, "image"); err != nil {
		return err
	}
	if n.AuthorID != 0 {
		var one int
		if err := tx.queryRow(ctx, "SELECT 1 FROM authors WHERE id = ?", n.AuthorID).Scan(&one); isNoRows(err) {
			m := tillit.Msg("Choose one of the authors.")
			return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"author": m}}
		} else if err != nil {
			return err
		}
	}
	if err := tx.checkTags(ctx, n); err != nil {
		return err
	}
	key := tillit.TitleKey(n.Title.SV)
	var day, at any
	if !n.PublishAt.IsZero() {
		at = n.PublishAt.UTC()
	}
	if n.Status == tillit.NewsPublished {
		d := tillit.PublishDay(n.PublishAt)
		day = dateString(d)
		var other int64
		err := tx.queryRow(ctx, "SELECT id FROM news WHERE title_key = ? AND publish_day = ? AND id <> ?", key, day, n.ID).Scan(&other)
		if err == nil {
			return duplicateNews(d)
		}
		if !isNoRows(err) {
			return err
		}
	}
	var before *tillit.NewsItem
	if n.ID == 0 {
		slug, err := tx.freeSlug(ctx, "news", tillit.Slugify(n.Title.SV), 0)
		if err != nil {
			return err
		}
		n.Slug, n.CreatedAt = slug, tx.now
		id, err := tx.insert(ctx, `INSERT INTO news (slug, title_sv, title_en, summary_sv, summary_en, body_sv, body_en, author_id, image_id,
			status, publish_at, title_key, publish_day, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			n.Slug, n.Title.SV, n.Title.EN, n.Summary.SV, n.Summary.EN, n.Body.SV, n.Body.EN, nullID(n.AuthorID), nullID(n.ImageID),
			n.Status, at, key, day, tx.now, tx.now)
		if isUniqueViolation(err) && day != nil {
			return duplicateNews(tillit.PublishDay(n.PublishAt))
		}
		if err != nil {
			return err
		}
		n.ID = id
	} else {
		var err error
		before, err = tx.findNews(ctx, n.ID)
		if err != nil {
			return err
		}
		n.Slug, n.CreatedAt = before.Slug, before.CreatedAt
		_, err = tx.exec(ctx, `UPDATE news SET title_sv = ?, title_en = ?, summary_sv = ?, summary_en = ?, body_sv = ?, body_en = ?,
			author_id = ?, image_id = ?, status = ?, publish_at = ?, title_key = ?, publish_day = ?, updated_at = ? WHERE id = ?`,
			n.Title.SV, n.Title.EN, n.Summary.SV, n.Summary.EN, n.Body.SV, n.Body.EN, nullID(n.AuthorID), nullID(n.ImageID),
			n.Status, at, key, day, tx.now, n.ID)
		if isUniqueViolation(err) && day != nil {
			return duplicateNews(tillit.PublishDay(n.PublishAt))
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM news_tags WHERE news_id = ?", n.ID); err != nil {
			return err
		}
	}
	n.UpdatedAt = tx.now
	for _, t := range []struct {
		kind string
		ids  []int64
	}{{"region", n.RegionIDs}, {"category", n.Categories}} {
		for _, id := range uniqueIDs(t.ids) {
			if _, err := tx.exec(ctx, "INSERT INTO news_tags (news_id, kind, ref_id) VALUES (?, ?, ?)", n.ID, t.kind, id); err != nil {
				return err
			}
		}
	}
	if err := tx.touchSite(ctx); err != nil {
		return err
	}
	action := "news.update"
	var b any
	if before == nil {
		action = "news.create"
	} else {
		b = before
	}
	return tx.audit(ctx, actor, action, "news", n.ID, b, n)
}

func duplicateNews(day time.Time) error {
	m := tillit.Msg("An article with this title is already published on %s. Change the title or the date, or edit that article instead.", day.Format(time.DateOnly))
	return &tillit.Error{Code: tillit.ECONFLICT, Msg: m, Fields: map[string]tillit.Message{"title_sv": m}}
}

// checkTags refuses tags that are not regions or categories.
func (tx *Tx) checkTags(ctx context.Context, n *tillit.NewsItem) error {
	for _, id := range n.RegionIDs {
		var kind tillit.OrgKind
		err := tx.queryRow(ctx, "SELECT kind FROM organisations WHERE id = ?", id).Scan(&kind)
		if err != nil && !isNoRows(err) {
			return err
		}
		if isNoRows(err) || kind != tillit.OrgRegion {
			m := tillit.Msg("Choose regions from the list.")
			return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"regions": m}}
		}
	}
	for _, id := range n.Categories {
		var one int
		err := tx.queryRow(ctx, "SELECT 1 FROM categories WHERE id = ?", id).Scan(&one)
		if isNoRows(err) {
			m := tillit.Msg("Choose categories from the list.")
			return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"categories": m}}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func uniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// PublishNews publishes a news item at at: now for "publish now", later
// to schedule it.
func (db *DB) PublishNews(ctx context.Context, actor tillit.Actor, id int64, at time.Time) (*tillit.NewsItem, error) {
	return db.changeNews(ctx, actor, id, func(n *tillit.NewsItem) {
		n.Status, n.PublishAt = tillit.NewsPublished, at
	})
}

// UnpublishNews takes a news item off the site (or cancels its schedule);
// it becomes a draft again.
func (db *DB) UnpublishNews(ctx context.Context, actor tillit.Actor, id int64) (*tillit.NewsItem, error) {
	return db.changeNews(ctx, actor, id, func(n *tillit.NewsItem) { n.Status = tillit.NewsDraft })
}

func (db *DB) changeNews(ctx context.Context, actor tillit.Actor, id int64, change func(*tillit.NewsItem)) (*tillit.NewsItem, error) {
	var n *tillit.NewsItem
	err := db.write(ctx, func(tx *Tx) error {
		var err error
		if n, err = tx.findNews(ctx, id); err != nil {
			return err
		}
		change(n)
		if err := n.Validate(); err != nil {
			return err
		}
		return tx.saveNews(ctx, actor, n)
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.changeNews: %w", err)
	}
	return n, nil
}

func (tx *Tx) findNews(ctx context.Context, id int64) (*tillit.NewsItem, error) {
	var n tillit.NewsItem
	err := scanNews(tx.queryRow(ctx, "SELECT "+newsColumns+" FROM news n WHERE n.id = ?", id), &n)
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "The news item was not found.")
	}
	if err != nil {
		return nil, err
	}
	rows, err := tx.query(ctx, "SELECT kind, ref_id FROM news_tags WHERE news_id = ? ORDER BY kind, ref_id", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var ref int64
		if err := rows.Scan(&kind, &ref); err != nil {
			return nil, err
		}
		if kind == "region" {
			n.RegionIDs = append(n.RegionIDs, ref)
		} else {
			n.Categories = append(n.Categories, ref)
		}
	}
	return &n, rows.Err()
}

// FindNews returns a news item in any status, for the editor.
func (db *DB) FindNews(ctx context.Context, id int64) (*tillit.NewsItem, error) {
	var n *tillit.NewsItem
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		n, err = tx.findNews(ctx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindNews: %w", err)
	}
	return n, nil
}

// FindVisibleNews returns the news item at the address when the public
// sees it at now; ENOTFOUND for drafts and scheduled items alike.
func (db *DB) FindVisibleNews(ctx context.Context, slug string, now time.Time) (*tillit.NewsItem, error) {
	var n *tillit.NewsItem
	err := db.read(ctx, func(tx *Tx) error {
		var id int64
		err := tx.queryRow(ctx, "SELECT id FROM news WHERE slug = ? AND status = 'published' AND publish_at <= ?", slug, now.UTC()).Scan(&id)
		if isNoRows(err) {
			return tillit.Errorf(tillit.ENOTFOUND, "The news item was not found.")
		}
		if err != nil {
			return err
		}
		n, err = tx.findNews(ctx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindVisibleNews: %w", err)
	}
	return n, nil
}

// NewsFilter narrows FindNewsList. A zero VisibleAt lists every item,
// drafts included (the editor's list); otherwise only what the public
// sees at that time, newest first.
type NewsFilter struct {
	VisibleAt   time.Time
	From, To    time.Time // Swedish days: From ≤ publish day < To
	AuthorID    int64
	RegionID    int64
	CategoryID  int64
	IDs         []int64
	Limit       int // 0: 20
	Offset      int
	WithoutBody bool
}

// NewsEntry is a news item with its author's name, for lists.
type NewsEntry struct {
	tillit.NewsItem
	AuthorName string
	AuthorSlug string
}

// FindNewsList lists news items, newest first.
func (db *DB) FindNewsList(ctx context.Context, f NewsFilter) ([]NewsEntry, error) {
	q := "SELECT " + newsColumns + ", COALESCE(a.name, ''), COALESCE(a.slug, '') FROM news n LEFT JOIN authors a ON a.id = n.author_id WHERE 1 = 1"
	var args []any
	if !f.VisibleAt.IsZero() {
		q += " AND n.status = 'published' AND n.publish_at <= ?"
		args = append(args, f.VisibleAt.UTC())
	}
	if !f.From.IsZero() {
		q += " AND n.publish_day >= ?"
		args = append(args, dateString(f.From))
	}
	if !f.To.IsZero() {
		q += " AND n.publish_day < ?"
		args = append(args, dateString(f.To))
	}
	if f.AuthorID != 0 {
		q += " AND n.author_id = ?"
		args = append(args, f.AuthorID)
	}
	if f.RegionID != 0 {
		q += " AND EXISTS (SELECT 1 FROM news_tags t WHERE t.news_id = n.id AND t.kind = 'region' AND t.ref_id = ?)"
		args = append(args, f.RegionID)
	}
	if f.CategoryID != 0 {
		q += " AND EXISTS (SELECT 1 FROM news_tags t WHERE t.news_id = n.id AND t.kind = 'category' AND t.ref_id = ?)"
		args = append(args, f.CategoryID)
	}
	if len(f.IDs) > 0 {
		q += " AND n.id IN (" + placeholders(len(f.IDs)) + ")"
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 20
	}
	if f.VisibleAt.IsZero() {
		// Drafts (no publishing time) come first in the editor's list.
		q += " ORDER BY CASE WHEN n.publish_at IS NULL THEN 0 ELSE 1 END, n.publish_at DESC, n.id DESC LIMIT ? OFFSET ?"
	} else {
		// The public sees only published items, all with a time: this
		// order reads the newest through news_published instead of
		// sorting every item (2 000 at EU scale) on each visit.
		q += " ORDER BY n.publish_at DESC, n.id DESC LIMIT ? OFFSET ?"
	}
	args = append(args, limit, max(f.Offset, 0))
	var out []NewsEntry
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, q, args, func(rows *sql.Rows) (NewsEntry, error) {
			var e NewsEntry
			var at *time.Time
			err := rows.Scan(&e.ID, &e.Slug, &e.Title.SV, &e.Title.EN, &e.Summary.SV, &e.Summary.EN, &e.Body.SV, &e.Body.EN,
				&e.AuthorID, &e.ImageID, &e.Status, &at, &e.CreatedAt, &e.UpdatedAt, &e.AuthorName, &e.AuthorSlug)
			if at != nil {
				e.PublishAt = at.UTC()
			}
			if f.WithoutBody {
				e.Body = tillit.Translated{}
			}
			return e, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindNewsList: %w", err)
	}
	return out, nil
}

// ArchiveMonth is a month of the news archive.
type ArchiveMonth struct {
	Year  int
	Month time.Month
	Count int
}

// NewsArchive counts the news the public sees at now per Swedish month,
// newest first.
func (db *DB) NewsArchive(ctx context.Context, now time.Time) ([]ArchiveMonth, error) {
	count := map[[2]int]int{}
	err := db.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT publish_day FROM news WHERE status = 'published' AND publish_at <= ?", now.UTC())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d dateScan
			if err := rows.Scan(&d); err != nil {
				return err
			}
			count[[2]int{d.t.Year(), int(d.t.Month())}]++
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.NewsArchive: %w", err)
	}
	out := make([]ArchiveMonth, 0, len(count))
	for k, n := range count {
		out = append(out, ArchiveMonth{Year: k[0], Month: time.Month(k[1]), Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Year != out[j].Year {
			return out[i].Year > out[j].Year
		}
		return out[i].Month > out[j].Month
	})
	return out, nil
}

// ---- Events

const eventColumns = "id, uid, title_sv, title_en, description_sv, description_en, starts_at, ends_at, place, online_url, published, sequence, updated_at"

func scanEvent(s interface{ Scan(...any) error }, e *tillit.Event) error {
	err := s.Scan(&e.ID, &e.UID, &e.Title.SV, &e.Title.EN, &e.Description.SV, &e.Description.EN, &e.StartsAt, &e.EndsAt,
		&e.Place, &e.OnlineURL, &e.Published, &e.Sequence, &e.UpdatedAt)
	e.StartsAt, e.EndsAt = e.StartsAt.UTC(), e.EndsAt.UTC()
	return err
}

// SaveEvent creates (ID 0) or changes a calendar event. A change raises
// its sequence, so calendar programs replace the copy they imported.
func (db *DB) SaveEvent(ctx context.Context, actor tillit.Actor, e *tillit.Event) error {
	if err := e.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		if e.ID == 0 {
			e.UID = rand.Text() + "@tillit"
			e.Sequence = 0
			id, err := tx.insert(ctx, `INSERT INTO events (uid, title_sv, title_en, description_sv, description_en, starts_at, ends_at, place, online_url, published, sequence, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`, e.UID, e.Title.SV, e.Title.EN, e.Description.SV, e.Description.EN,
				e.StartsAt.UTC(), e.EndsAt.UTC(), e.Place, e.OnlineURL, e.Published, tx.now, tx.now)
			if err != nil {
				return err
			}
			e.ID, e.UpdatedAt = id, tx.now
			if err := tx.touchSite(ctx); err != nil {
				return err
			}
			return tx.audit(ctx, actor, "event.create", "event", id, nil, e)
		}
		var before tillit.Event
		if err := scanEvent(tx.queryRow(ctx, "SELECT "+eventColumns+" FROM events WHERE id = ?", e.ID), &before); isNoRows(err) {
			return tillit.Errorf(tillit.ENOTFOUND, "The event was not found.")
		} else if err != nil {
			return err
		}
		e.UID, e.Sequence, e.UpdatedAt = before.UID, before.Sequence+1, tx.now
		if _, err := tx.exec(ctx, `UPDATE events SET title_sv = ?, title_en = ?, description_sv = ?, description_en = ?, starts_at = ?, ends_at = ?,
			place = ?, online_url = ?, published = ?, sequence = ?, updated_at = ? WHERE id = ?`, e.Title.SV, e.Title.EN, e.Description.SV,
			e.Description.EN, e.StartsAt.UTC(), e.EndsAt.UTC(), e.Place, e.OnlineURL, e.Published, e.Sequence, tx.now, e.ID); err != nil {
			return err
		}
		if err := tx.touchSite(ctx); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "event.update", "event", e.ID, before, e)
	})
	if err != nil {
		return fmt.Errorf("sqldb.SaveEvent: %w", err)
	}
	return nil
}

// FindEvent returns an event; publishedOnly hides unpublished ones as not
// found.
func (db *DB) FindEvent(ctx context.Context, id int64, publishedOnly bool) (*tillit.Event, error) {
	var e tillit.Event
	err := db.read(ctx, func(tx *Tx) error {
		q := "SELECT " + eventColumns + " FROM events WHERE id = ?"
		if publishedOnly {
			q += " AND published = TRUE"
		}
		err := scanEvent(tx.queryRow(ctx, q, id), &e)
		if isNoRows(err) {
			return tillit.Errorf(tillit.ENOTFOUND, "The event was not found.")
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindEvent: %w", err)
	}
	return &e, nil
}

// EventFilter narrows FindEvents.
type EventFilter struct {
	PublishedOnly bool
	EndsAfter     time.Time // upcoming and ongoing: ends_at > EndsAfter
	EndsBefore    time.Time // past: ends_at <= EndsBefore, newest first
	Limit         int       // 0: 500
}

// FindEvents lists events by start, earliest first (past ones latest first).
func (db *DB) FindEvents(ctx context.Context, f EventFilter) ([]tillit.Event, error) {
	q := "SELECT " + eventColumns + " FROM events WHERE 1 = 1"
	var args []any
	if f.PublishedOnly {
		q += " AND published = TRUE"
	}
	order := " ORDER BY starts_at, id"
	if !f.EndsAfter.IsZero() {
		q += " AND ends_at > ?"
		args = append(args, f.EndsAfter.UTC())
	}
	if !f.EndsBefore.IsZero() {
		q += " AND ends_at <= ?"
		args = append(args, f.EndsBefore.UTC())
		order = " ORDER BY starts_at DESC, id DESC"
	}
	limit := f.Limit
	if limit <= 0 || limit > 5000 {
		limit = 500
	}
	q += order + " LIMIT ?"
	args = append(args, limit)
	var out []tillit.Event
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, q, args, func(rows *sql.Rows) (tillit.Event, error) {
			var e tillit.Event
			return e, scanEvent(rows, &e)
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindEvents: %w", err)
	}
	return out, nil
}

// ---- Pages

const sitePageColumns = "id, slug, title_sv, title_en, summary_sv, summary_en, body_sv, body_en, published, position, updated_at"

func scanSitePage(s interface{ Scan(...any) error }, p *tillit.SitePage) error {
	return s.Scan(&p.ID, &p.Slug, &p.Title.SV, &p.Title.EN, &p.Summary.SV, &p.Summary.EN, &p.Body.SV, &p.Body.EN, &p.Published, &p.Position, &p.UpdatedAt)
}

// SaveSitePage creates (ID 0) or changes a static page; a new page's
// address is made from its Swedish title unless Slug is given.
func (db *DB) SaveSitePage(ctx context.Context, actor tillit.Actor, p *tillit.SitePage) error {
	if err := p.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		if p.ID == 0 {
			base := p.Slug
			if !tillit.ValidSlug(base) {
				base = tillit.Slugify(p.Title.SV)
			}
			slug, err := tx.freeSlug(ctx, "site_pages", base, 0)
			if err != nil {
				return err
			}
			p.Slug = slug
			id, err := tx.insert(ctx, `INSERT INTO site_pages (slug, title_sv, title_en, summary_sv, summary_en, body_sv, body_en, published, position, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.Slug, p.Title.SV, p.Title.EN, p.Summary.SV, p.Summary.EN, p.Body.SV, p.Body.EN,
				p.Published, p.Position, tx.now, tx.now)
			if err != nil {
				return err
			}
			p.ID, p.UpdatedAt = id, tx.now
			if err := tx.touchSite(ctx); err != nil {
				return err
			}
			return tx.audit(ctx, actor, "site_page.create", "site_page", id, nil, p)
		}
		var before tillit.SitePage
		if err := scanSitePage(tx.queryRow(ctx, "SELECT "+sitePageColumns+" FROM site_pages WHERE id = ?", p.ID), &before); isNoRows(err) {
			return tillit.Errorf(tillit.ENOTFOUND, "The page was not found.")
		} else if err != nil {
			return err
		}
		p.Slug, p.UpdatedAt = before.Slug, tx.now
		if _, err := tx.exec(ctx, `UPDATE site_pages SET title_sv = ?, title_en = ?, summary_sv = ?, summary_en = ?, body_sv = ?, body_en = ?,
			published = ?, position = ?, updated_at = ? WHERE id = ?`, p.Title.SV, p.Title.EN, p.Summary.SV, p.Summary.EN, p.Body.SV, p.Body.EN,
			p.Published, p.Position, tx.now, p.ID); err != nil {
			return err
		}
		if err := tx.touchSite(ctx); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "site_page.update", "site_page", p.ID, before, p)
	})
	if err != nil {
		return fmt.Errorf("sqldb.SaveSitePage: %w", err)
	}
	return nil
}

// FindSitePage returns a page by id (any state) or, with a slug, a
// published page by address.
func (db *DB) FindSitePage(ctx context.Context, id int64, slug string) (*tillit.SitePage, error) {
	var p tillit.SitePage
	err := db.read(ctx, func(tx *Tx) error {
		q, arg := "SELECT "+sitePageColumns+" FROM site_pages WHERE id = ?", any(id)
		if slug != "" {
			q, arg = "SELECT "+sitePageColumns+" FROM site_pages WHERE slug = ? AND published = TRUE", slug
		}
		err := scanSitePage(tx.queryRow(ctx, q, arg), &p)
		if isNoRows(err) {
			return tillit.Errorf(tillit.ENOTFOUND, "The page was not found.")
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindSitePage: %w", err)
	}
	return &p, nil
}

// FindSitePages lists pages in menu order.
func (db *DB) FindSitePages(ctx context.Context, publishedOnly bool) ([]tillit.SitePage, error) {
	q := "SELECT " + sitePageColumns + " FROM site_pages"
	if publishedOnly {
		q += " WHERE published = TRUE"
	}
	var out []tillit.SitePage
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, q+" ORDER BY position, id", nil, func(rows *sql.Rows) (tillit.SitePage, error) {
			var p tillit.SitePage
			return p, scanSitePage(rows, &p)
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindSitePages: %w", err)
	}
	return out, nil
}
