-- Inquiries (issue 9): a few questions sent to a set of suppliers, often
-- those an incident reaches. The inquiry keeps how its recipients were
-- chosen (an incident, or a country, a category and a product); sending
-- it writes one request per supplier, with a random public id the portal
-- names it by. Answers are kept per question; files given as answers are
-- in the file store, tied to the request here.

CREATE TABLE inquiries (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL CHECK (title <> ''),
	intro TEXT NOT NULL DEFAULT '',
	due_on DATE NOT NULL,
	incident_id INTEGER REFERENCES incidents (id),
	country TEXT NOT NULL DEFAULT '',
	category_id INTEGER REFERENCES categories (id),
	product TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('draft','sent','closed')),
	-- the questions as JSON: [{"text":…,"kind":"text|yes_no|file","mandatory":…}]
	questions TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_by_name TEXT NOT NULL DEFAULT '',
	sent_at TIMESTAMP,
	closed_at TIMESTAMP
);
CREATE INDEX inquiries_incident ON inquiries (incident_id);
CREATE INDEX inquiries_status ON inquiries (status, due_on);

CREATE TABLE inquiry_requests (
	id INTEGER PRIMARY KEY,
	-- 128 random bits in base32: the only id a supplier ever sees
	public_id TEXT NOT NULL UNIQUE,
	inquiry_id INTEGER NOT NULL REFERENCES inquiries (id),
	supplier_id INTEGER NOT NULL REFERENCES organisations (id),
	status TEXT NOT NULL CHECK (status IN ('sent','answered')),
	sent_at TIMESTAMP NOT NULL,
	saved_at TIMESTAMP,
	answered_at TIMESTAMP,
	answered_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	answered_by_name TEXT NOT NULL DEFAULT '',
	reminders INTEGER NOT NULL DEFAULT 0,
	UNIQUE (inquiry_id, supplier_id)
);
CREATE INDEX inquiry_requests_supplier ON inquiry_requests (supplier_id, status);

-- one row per answered question; position counts from 0
CREATE TABLE inquiry_answers (
	request_id INTEGER NOT NULL REFERENCES inquiry_requests (id),
	position INTEGER NOT NULL,
	value TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (request_id, position)
);

CREATE TABLE inquiry_files (
	id INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL REFERENCES inquiry_requests (id),
	position INTEGER NOT NULL,
	hash TEXT NOT NULL,
	name TEXT NOT NULL,
	size INTEGER NOT NULL,
	content_type TEXT NOT NULL,
	uploaded_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX inquiry_files_request ON inquiry_files (request_id, position);

-- One row per mail the worker has claimed: the invitation when a request
-- is sent and the reminders before and after its due date. The key makes
-- each go out once.
CREATE TABLE inquiry_mails (
	request_id INTEGER NOT NULL REFERENCES inquiry_requests (id),
	kind TEXT NOT NULL CHECK (kind IN ('sent','before_due','after_due')),
	claimed_at TIMESTAMP NOT NULL,
	PRIMARY KEY (request_id, kind)
);
