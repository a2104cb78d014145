-- The requirements library: a requirement is a stable code with its
-- classification; its texts are numbered versions. A published version
-- is never changed (the store updates drafts only), so deviations and
-- questionnaires keep pointing at the text they were judged against.

CREATE TABLE requirements (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('code_of_conduct','contract_clause_basic','contract_clause_advanced','environmental')),
	area TEXT NOT NULL DEFAULT '',
	category_id INTEGER REFERENCES categories (id),
	created_at TIMESTAMP NOT NULL,
	CHECK (category_id IS NULL OR kind = 'environmental')
);
CREATE INDEX requirements_kind ON requirements (kind, area);

CREATE TABLE requirement_versions (
	code TEXT NOT NULL REFERENCES requirements (code),
	number INTEGER NOT NULL CHECK (number > 0),
	title_sv TEXT NOT NULL,
	title_en TEXT NOT NULL,
	body_sv TEXT NOT NULL,
	body_en TEXT NOT NULL,
	effective_from DATE NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('draft','published')),
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	published_at TIMESTAMP,
	published_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	published_by_name TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (code, number),
	CHECK ((status = 'published') = (published_at IS NOT NULL))
);
-- At most one draft per requirement.
CREATE UNIQUE INDEX requirement_versions_draft ON requirement_versions (code) WHERE status = 'draft';
CREATE INDEX requirement_versions_in_force ON requirement_versions (code, status, effective_from);

-- The version a deviation was judged against; 0 = not in the library.
ALTER TABLE followup_deviations ADD COLUMN requirement_version INTEGER NOT NULL DEFAULT 0;

-- The versions in force when a questionnaire version was published, one
-- row per requirement code its questions follow up.
CREATE TABLE questionnaire_requirement_pins (
	template_id INTEGER NOT NULL REFERENCES questionnaire_templates (id),
	code TEXT NOT NULL,
	version INTEGER NOT NULL,
	PRIMARY KEY (template_id, code)
);
