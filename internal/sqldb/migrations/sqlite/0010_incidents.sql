-- Incidents and consultations (issue 9).
--
-- An incident is an alert about a supply chain with what it names:
-- countries (with places within them), categories, product keywords,
-- companies and production sites. The exposure is computed from these
-- when the incident is read, never stored, so it follows the contracts
-- and sites as they change. An assessment says whether the alert is
-- relevant, irrelevant or a duplicate of an earlier one.

CREATE TABLE incidents (
	id INTEGER PRIMARY KEY,
	source_kind TEXT NOT NULL CHECK (source_kind IN ('media','ngo','partner','authority','other')),
	source_name TEXT NOT NULL CHECK (source_name <> ''),
	link TEXT NOT NULL DEFAULT '',
	reported_on DATE NOT NULL,
	title TEXT NOT NULL CHECK (title <> ''),
	body TEXT NOT NULL DEFAULT '',
	severity TEXT NOT NULL CHECK (severity IN ('low','medium','high','critical')),
	-- product keywords, one a line
	products TEXT NOT NULL DEFAULT '',
	assessment TEXT NOT NULL DEFAULT 'new' CHECK (assessment IN ('new','relevant','irrelevant','duplicate')),
	assessment_reason TEXT NOT NULL DEFAULT '',
	duplicate_of INTEGER REFERENCES incidents (id),
	assessed_at TIMESTAMP,
	assessed_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	assessed_by_name TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_by_name TEXT NOT NULL DEFAULT '',
	updated_at TIMESTAMP NOT NULL,
	version INTEGER NOT NULL,
	CHECK ((assessment = 'duplicate') = (duplicate_of IS NOT NULL)),
	CHECK (duplicate_of IS NULL OR duplicate_of <> id)
);
CREATE INDEX incidents_reported ON incidents (reported_on, id);
CREATE INDEX incidents_assessment ON incidents (assessment, reported_on);

-- places within the country, one a line; none means the whole country
CREATE TABLE incident_countries (
	incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	country TEXT NOT NULL CHECK (length(country) = 2),
	places TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (incident_id, position),
	UNIQUE (incident_id, country)
);
CREATE INDEX incident_countries_country ON incident_countries (country);

CREATE TABLE incident_categories (
	incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
	category_id INTEGER NOT NULL REFERENCES categories (id),
	PRIMARY KEY (incident_id, category_id)
);

CREATE TABLE incident_suppliers (
	incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
	supplier_id INTEGER NOT NULL REFERENCES organisations (id),
	PRIMARY KEY (incident_id, supplier_id)
);
CREATE INDEX incident_suppliers_supplier ON incident_suppliers (supplier_id);

CREATE TABLE incident_sites (
	incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
	site_id INTEGER NOT NULL REFERENCES production_sites (id),
	PRIMARY KEY (incident_id, site_id)
);

-- follow-ups opened from an incident
CREATE TABLE incident_followups (
	incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
	followup_id INTEGER NOT NULL REFERENCES followups (id),
	PRIMARY KEY (incident_id, followup_id)
);

-- Consultations (remisser): requests to answer a proposal. The answer
-- document lives in the content-addressed file store; the row keeps its
-- hash, name, size and type.
CREATE TABLE consultations (
	id INTEGER PRIMARY KEY,
	sender_kind TEXT NOT NULL CHECK (sender_kind IN ('eu','ministry','authority','other')),
	sender TEXT NOT NULL CHECK (sender <> ''),
	subject TEXT NOT NULL CHECK (subject <> ''),
	reference TEXT NOT NULL DEFAULT '',
	received_on DATE NOT NULL,
	due_on DATE NOT NULL,
	drafter_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	status TEXT NOT NULL CHECK (status IN ('received','drafting','sent','declined')),
	sent_on DATE,
	notes TEXT NOT NULL DEFAULT '',
	document_hash TEXT NOT NULL DEFAULT '',
	document_name TEXT NOT NULL DEFAULT '',
	document_size INTEGER NOT NULL DEFAULT 0,
	document_type TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	version INTEGER NOT NULL,
	CHECK (due_on >= received_on),
	CHECK ((status = 'sent') = (sent_on IS NOT NULL))
);
CREATE INDEX consultations_due ON consultations (status, due_on);
