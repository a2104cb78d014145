-- Organisations, people, roles, sessions, tokens and the audit trail.

CREATE TABLE organisations (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('national_office','region','partner','supplier','audit_firm')),
	name TEXT NOT NULL,
	county_code TEXT,
	org_number TEXT,
	country TEXT,
	created_at TIMESTAMP NOT NULL,
	UNIQUE (kind, name)
);
CREATE UNIQUE INDEX organisations_county_code ON organisations (county_code) WHERE county_code IS NOT NULL;

CREATE TABLE region_populations (
	region_id INTEGER NOT NULL REFERENCES organisations (id),
	year INTEGER NOT NULL,
	population INTEGER NOT NULL CHECK (population >= 0),
	PRIMARY KEY (region_id, year)
);

CREATE TABLE categories (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name_sv TEXT NOT NULL,
	name_en TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE category_responsibilities (
	id INTEGER PRIMARY KEY,
	category_id INTEGER NOT NULL REFERENCES categories (id),
	region_id INTEGER NOT NULL REFERENCES organisations (id),
	valid_from DATE NOT NULL,
	valid_to DATE,
	CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX category_responsibilities_category ON category_responsibilities (category_id);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	lang TEXT NOT NULL DEFAULT 'sv' CHECK (lang IN ('sv','en')),
	password_hash TEXT NOT NULL DEFAULT '',
	disabled INTEGER NOT NULL DEFAULT 0,
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE memberships (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	org_id INTEGER NOT NULL REFERENCES organisations (id),
	role TEXT NOT NULL CHECK (role IN ('admin','officer','coordinator','staff','auditor','supplier','editor')),
	PRIMARY KEY (user_id, org_id)
);
CREATE INDEX memberships_org ON memberships (org_id);

CREATE TABLE sessions (
	id_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at TIMESTAMP NOT NULL,
	last_seen_at TIMESTAMP NOT NULL,
	ip TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	prefix TEXT NOT NULL,
	hash TEXT NOT NULL UNIQUE,
	created_at TIMESTAMP NOT NULL,
	last_used_at TIMESTAMP,
	revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE one_time_tokens (
	hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	purpose TEXT NOT NULL CHECK (purpose IN ('reset','invite')),
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	used_at TIMESTAMP
);

CREATE TABLE login_failures (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL,
	at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);

CREATE TABLE audit_events (
	id INTEGER PRIMARY KEY,
	at TIMESTAMP NOT NULL,
	actor_id INTEGER,
	actor_label TEXT NOT NULL,
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_id INTEGER NOT NULL,
	before_json TEXT NOT NULL DEFAULT '',
	after_json TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id);

-- One row that every audit write locks, so the chain never forks when two
-- transactions append at once.
CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	last_id INTEGER NOT NULL,
	last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '');
