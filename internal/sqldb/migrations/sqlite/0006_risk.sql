-- Risk analyses: per category and year, a matrix of supply-chain stage ×
-- sustainability area (likelihood and severity 1–4, 0 = not assessed),
-- countries of concern and prioritised product groups. An approved
-- analysis is never changed; next year's revision is a new row.

CREATE TABLE risk_analyses (
	id INTEGER PRIMARY KEY,
	category_id INTEGER NOT NULL REFERENCES categories (id),
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	title TEXT NOT NULL CHECK (title <> ''),
	scope TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('draft','approved')),
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	approved_at TIMESTAMP,
	approved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	approved_by_name TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL,
	UNIQUE (category_id, year, title),
	CHECK ((status = 'approved') = (approved_at IS NOT NULL))
);
CREATE INDEX risk_analyses_year ON risk_analyses (year, category_id);
CREATE INDEX risk_analyses_approved_at ON risk_analyses (approved_at);

CREATE TABLE risk_cells (
	analysis_id INTEGER NOT NULL REFERENCES risk_analyses (id) ON DELETE CASCADE,
	stage TEXT NOT NULL,
	area TEXT NOT NULL,
	likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 0 AND 4),
	severity INTEGER NOT NULL CHECK (severity BETWEEN 0 AND 4),
	note TEXT NOT NULL DEFAULT '',
	sources TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (analysis_id, stage, area)
);

CREATE TABLE risk_countries (
	analysis_id INTEGER NOT NULL REFERENCES risk_analyses (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	country TEXT NOT NULL CHECK (length(country) = 2),
	reason TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (analysis_id, position)
);
CREATE INDEX risk_countries_country ON risk_countries (country);

CREATE TABLE risk_products (
	analysis_id INTEGER NOT NULL REFERENCES risk_analyses (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	name TEXT NOT NULL,
	priority INTEGER NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (analysis_id, position)
);
