-- Suppliers, contracts, production sites and follow-ups.
--
-- A follow-up is stored whole as a JSON document (state), written in one
-- transaction with the tables below that lists and reports query: its
-- regions, audits and deviations as rows, and its events. The document
-- is the truth; the rows are rewritten from it on every change.

CREATE TABLE supplier_profiles (
	org_id INTEGER PRIMARY KEY REFERENCES organisations (id),
	former_names TEXT NOT NULL DEFAULT '',
	parent_org_id INTEGER REFERENCES organisations (id),
	updated_at TIMESTAMP NOT NULL
);

CREATE TABLE supplier_contacts (
	id INTEGER PRIMARY KEY,
	supplier_id INTEGER NOT NULL REFERENCES organisations (id),
	name TEXT NOT NULL,
	email TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL DEFAULT ''
);
CREATE INDEX supplier_contacts_supplier ON supplier_contacts (supplier_id);

CREATE TABLE contracts (
	id INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES organisations (id),
	supplier_id INTEGER NOT NULL REFERENCES organisations (id),
	category_id INTEGER NOT NULL REFERENCES categories (id),
	reference TEXT NOT NULL,
	ocid TEXT NOT NULL DEFAULT '',
	start_date DATE NOT NULL,
	end_date DATE NOT NULL,
	created_at TIMESTAMP NOT NULL,
	CHECK (end_date >= start_date)
);
CREATE INDEX contracts_supplier ON contracts (supplier_id, category_id, end_date);
CREATE INDEX contracts_region ON contracts (region_id);
CREATE INDEX contracts_category ON contracts (category_id, end_date);

CREATE TABLE production_sites (
	id INTEGER PRIMARY KEY,
	supplier_id INTEGER NOT NULL REFERENCES organisations (id),
	name TEXT NOT NULL,
	address TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL DEFAULT '',
	country TEXT NOT NULL,
	os_hub_id TEXT NOT NULL DEFAULT '',
	products TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX production_sites_supplier ON production_sites (supplier_id);
CREATE INDEX production_sites_country ON production_sites (country);

CREATE TABLE followups (
	id INTEGER PRIMARY KEY,
	supplier_id INTEGER NOT NULL REFERENCES organisations (id),
	category_id INTEGER NOT NULL REFERENCES categories (id),
	status TEXT NOT NULL CHECK (status IN ('open','closed')),
	opened_at TIMESTAMP NOT NULL,
	closed_at TIMESTAMP,
	close_reason TEXT NOT NULL DEFAULT '',
	open_deviations INTEGER NOT NULL DEFAULT 0,
	-- the earliest pending deadline; the follow-up is red from the day after
	next_due DATE,
	version INTEGER NOT NULL,
	state TEXT NOT NULL
);
CREATE INDEX followups_list ON followups (status, id);
CREATE INDEX followups_category ON followups (category_id, status, id);
CREATE INDEX followups_supplier ON followups (supplier_id, id);

CREATE TABLE followup_regions (
	followup_id INTEGER NOT NULL REFERENCES followups (id),
	region_id INTEGER NOT NULL REFERENCES organisations (id),
	PRIMARY KEY (followup_id, region_id)
);
CREATE INDEX followup_regions_region ON followup_regions (region_id, followup_id);

CREATE TABLE followup_audits (
	followup_id INTEGER NOT NULL REFERENCES followups (id),
	audit_id INTEGER NOT NULL,
	kind TEXT NOT NULL,
	status TEXT NOT NULL,
	planned_for DATE,
	performed_on DATE,
	auditor_org_id INTEGER,
	auditor_user_id INTEGER,
	PRIMARY KEY (followup_id, audit_id)
);
CREATE INDEX followup_audits_auditor ON followup_audits (auditor_user_id);
CREATE INDEX followup_audits_performed ON followup_audits (performed_on);

CREATE TABLE followup_deviations (
	followup_id INTEGER NOT NULL REFERENCES followups (id),
	deviation_id INTEGER NOT NULL,
	audit_id INTEGER NOT NULL,
	requirement_code TEXT NOT NULL,
	severity TEXT NOT NULL,
	status TEXT NOT NULL,
	recorded_at TIMESTAMP NOT NULL,
	closed_at TIMESTAMP,
	deadline DATE,
	PRIMARY KEY (followup_id, deviation_id)
);
CREATE INDEX followup_deviations_status ON followup_deviations (status, severity);

CREATE TABLE followup_events (
	id INTEGER PRIMARY KEY,
	followup_id INTEGER NOT NULL REFERENCES followups (id),
	type TEXT NOT NULL,
	at TIMESTAMP NOT NULL,
	by_user_id INTEGER,
	by_label TEXT NOT NULL,
	data TEXT NOT NULL
);
CREATE INDEX followup_events_followup ON followup_events (followup_id, id);
CREATE INDEX followup_events_type_at ON followup_events (type, at);

-- Attachments: the file lives in the content-addressed store; a reference
-- ties it to the follow-up whose authorisation guards it.
CREATE TABLE attachments (
	id INTEGER PRIMARY KEY,
	hash TEXT NOT NULL,
	followup_id INTEGER REFERENCES followups (id),
	supplier_id INTEGER NOT NULL REFERENCES organisations (id),
	name TEXT NOT NULL,
	size INTEGER NOT NULL,
	content_type TEXT NOT NULL,
	uploaded_by INTEGER,
	uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_followup ON attachments (followup_id);
CREATE INDEX attachments_hash ON attachments (hash);

CREATE TABLE notifications (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	followup_id INTEGER NOT NULL REFERENCES followups (id),
	event_type TEXT NOT NULL,
	text TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	read_at TIMESTAMP,
	-- e-mail to the user: a worker leases unsent rows, so two instances
	-- never send the same mail
	mailed_at TIMESTAMP,
	mail_leased_until TIMESTAMP,
	mail_attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notifications_unmailed ON notifications (mailed_at, mail_leased_until);
CREATE INDEX notifications_user ON notifications (user_id, id);
