-- The public site (issue 8): news with authors and tags, the calendar,
-- static pages, public files, the newsletter with its subscribers and
-- deliveries, published summaries of closed follow-ups and the annual
-- reports put on the site. Every text comes in Swedish (_sv) and an
-- optional English translation (_en).

CREATE TABLE site_settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

CREATE TABLE public_files (
	id INTEGER PRIMARY KEY,
	hash TEXT NOT NULL,
	name TEXT NOT NULL,
	size INTEGER NOT NULL CHECK (size > 0),
	content_type TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('image','document')),
	title_sv TEXT NOT NULL DEFAULT '',
	title_en TEXT NOT NULL DEFAULT '',
	alt_sv TEXT NOT NULL DEFAULT '',
	alt_en TEXT NOT NULL DEFAULT '',
	listed INTEGER NOT NULL DEFAULT 0,
	report_year INTEGER CHECK (report_year IS NULL OR report_year BETWEEN 2000 AND 2100),
	uploaded_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	uploaded_at TIMESTAMP NOT NULL,
	-- A picture without a text alternative never reaches a page.
	CHECK (kind <> 'image' OR alt_sv <> ''),
	CHECK (kind <> 'document' OR title_sv <> '')
);

CREATE TABLE authors (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL CHECK (name <> ''),
	role_sv TEXT NOT NULL DEFAULT '',
	role_en TEXT NOT NULL DEFAULT '',
	bio_sv TEXT NOT NULL DEFAULT '',
	bio_en TEXT NOT NULL DEFAULT '',
	photo_id INTEGER REFERENCES public_files (id),
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

CREATE TABLE news (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	title_sv TEXT NOT NULL CHECK (title_sv <> ''),
	title_en TEXT NOT NULL DEFAULT '',
	summary_sv TEXT NOT NULL DEFAULT '',
	summary_en TEXT NOT NULL DEFAULT '',
	body_sv TEXT NOT NULL DEFAULT '',
	body_en TEXT NOT NULL DEFAULT '',
	author_id INTEGER REFERENCES authors (id),
	image_id INTEGER REFERENCES public_files (id),
	status TEXT NOT NULL CHECK (status IN ('draft','published')),
	publish_at TIMESTAMP,
	-- The guard against publishing one article twice: the normalised
	-- title and the Swedish calendar day it is published on, set only
	-- while it is published (or scheduled).
	title_key TEXT NOT NULL,
	publish_day DATE,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	CHECK (status = 'draft' OR publish_at IS NOT NULL AND publish_day IS NOT NULL)
);
CREATE UNIQUE INDEX news_once ON news (title_key, publish_day) WHERE publish_day IS NOT NULL;
CREATE INDEX news_published ON news (status, publish_at);
CREATE INDEX news_author ON news (author_id, publish_at);

CREATE TABLE news_tags (
	news_id INTEGER NOT NULL REFERENCES news (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('region','category')),
	ref_id INTEGER NOT NULL,
	PRIMARY KEY (news_id, kind, ref_id)
);
CREATE INDEX news_tags_ref ON news_tags (kind, ref_id);

CREATE TABLE events (
	id INTEGER PRIMARY KEY,
	uid TEXT NOT NULL UNIQUE,
	title_sv TEXT NOT NULL CHECK (title_sv <> ''),
	title_en TEXT NOT NULL DEFAULT '',
	description_sv TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT '',
	starts_at TIMESTAMP NOT NULL,
	ends_at TIMESTAMP NOT NULL,
	place TEXT NOT NULL DEFAULT '',
	online_url TEXT NOT NULL DEFAULT '',
	published INTEGER NOT NULL DEFAULT 0,
	sequence INTEGER NOT NULL DEFAULT 0,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	CHECK (place <> '' OR online_url <> '')
);
CREATE INDEX events_starts ON events (published, starts_at);

CREATE TABLE site_pages (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	title_sv TEXT NOT NULL CHECK (title_sv <> ''),
	title_en TEXT NOT NULL DEFAULT '',
	summary_sv TEXT NOT NULL DEFAULT '',
	summary_en TEXT NOT NULL DEFAULT '',
	body_sv TEXT NOT NULL DEFAULT '',
	body_en TEXT NOT NULL DEFAULT '',
	published INTEGER NOT NULL DEFAULT 0,
	position INTEGER NOT NULL DEFAULT 0,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

-- Subscribers of the newsletter. An address is pending until its owner
-- follows the link in the confirmation mail; only confirmed addresses
-- get newsletters. Unsubscribing deletes the row. Secrets (the
-- confirmation and data-access links) are stored as hashes only.
CREATE TABLE subscribers (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,
	lang TEXT NOT NULL CHECK (lang IN ('sv','en')),
	status TEXT NOT NULL CHECK (status IN ('pending','confirmed')),
	confirm_hash TEXT UNIQUE,
	confirm_sent_at TIMESTAMP,
	access_hash TEXT UNIQUE,
	access_until TIMESTAMP,
	bounces INTEGER NOT NULL DEFAULT 0,
	created_at TIMESTAMP NOT NULL,
	confirmed_at TIMESTAMP
);
CREATE INDEX subscribers_status ON subscribers (status, id);

CREATE TABLE newsletter_issues (
	id INTEGER PRIMARY KEY,
	subject_sv TEXT NOT NULL CHECK (subject_sv <> ''),
	subject_en TEXT NOT NULL DEFAULT '',
	intro_sv TEXT NOT NULL DEFAULT '',
	intro_en TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	queued_at TIMESTAMP
);

CREATE TABLE newsletter_issue_news (
	issue_id INTEGER NOT NULL REFERENCES newsletter_issues (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	news_id INTEGER NOT NULL REFERENCES news (id),
	PRIMARY KEY (issue_id, position)
);

-- One row per newsletter per subscriber, made when sending begins; the
-- worker leases queued rows, so two instances never send one twice.
-- token_hash is the hash of the one-click unsubscribe secret in that mail.
-- A deleted subscriber's rows keep the count but lose the address.
CREATE TABLE newsletter_deliveries (
	id INTEGER PRIMARY KEY,
	issue_id INTEGER NOT NULL REFERENCES newsletter_issues (id),
	subscriber_id INTEGER REFERENCES subscribers (id) ON DELETE SET NULL,
	status TEXT NOT NULL CHECK (status IN ('queued','sent','failed','bounced')),
	token_hash TEXT UNIQUE,
	attempts INTEGER NOT NULL DEFAULT 0,
	leased_until TIMESTAMP,
	sent_at TIMESTAMP,
	error TEXT NOT NULL DEFAULT '',
	UNIQUE (issue_id, subscriber_id)
);
CREATE INDEX newsletter_deliveries_queue ON newsletter_deliveries (status, id);
CREATE INDEX newsletter_deliveries_subscriber ON newsletter_deliveries (subscriber_id);

-- Requests from public forms, counted per key (address, client) so a
-- form cannot be used to flood someone's inbox.
CREATE TABLE site_requests (
	key TEXT NOT NULL,
	at TIMESTAMP NOT NULL
);
CREATE INDEX site_requests_key ON site_requests (key, at);

-- Public summaries of closed follow-ups.
CREATE TABLE result_summaries (
	id INTEGER PRIMARY KEY,
	followup_id INTEGER NOT NULL UNIQUE REFERENCES followups (id),
	light TEXT NOT NULL CHECK (light IN ('green','yellow','red')),
	summary_sv TEXT NOT NULL CHECK (summary_sv <> ''),
	summary_en TEXT NOT NULL DEFAULT '',
	approved_at TIMESTAMP,
	approved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	approved_by_label TEXT NOT NULL DEFAULT '',
	visible_from TIMESTAMP,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	CHECK (approved_at IS NULL OR visible_from IS NOT NULL)
);
CREATE INDEX result_summaries_visible ON result_summaries (visible_from);

-- Years whose computed annual report the office has put on the site.
CREATE TABLE published_reports (
	year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
	published_at TIMESTAMP NOT NULL,
	published_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
