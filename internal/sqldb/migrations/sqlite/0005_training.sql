-- Training (issue 9): courses, webinars and e-learning licence batches,
-- with their participants as counts per organisation and role, or as
-- named people who agreed to be recorded. The yearly total is the annual
-- report's "people trained".

CREATE TABLE trainings (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('course','webinar','elearning')),
	title TEXT NOT NULL CHECK (title <> ''),
	held_on DATE NOT NULL,
	ends_on DATE,
	organiser TEXT NOT NULL DEFAULT '',
	audience TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	CHECK (ends_on IS NULL OR ends_on >= held_on)
);
CREATE INDEX trainings_held_on ON trainings (held_on);

CREATE TABLE training_counts (
	training_id INTEGER NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	org_id INTEGER NOT NULL REFERENCES organisations (id),
	role TEXT NOT NULL CHECK (role IN ('procurement_officer','category_specialist','sustainability_strategist','contract_manager','other')),
	participants INTEGER NOT NULL CHECK (participants BETWEEN 1 AND 100000),
	PRIMARY KEY (training_id, position),
	UNIQUE (training_id, org_id, role)
);

-- A named person is stored only with the date they agreed to it.
CREATE TABLE training_people (
	training_id INTEGER NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	name TEXT NOT NULL CHECK (name <> ''),
	organisation TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	consent_on DATE NOT NULL,
	PRIMARY KEY (training_id, position)
);
