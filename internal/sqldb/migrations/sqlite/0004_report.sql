-- The annual activity report: the narrative the national office writes
-- per category and year (everything else in the report is computed), and
-- the indexes that let the report count a year without reading others.

CREATE TABLE report_narratives (
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	category_id INTEGER NOT NULL REFERENCES categories (id),
	text TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	PRIMARY KEY (year, category_id)
);

CREATE INDEX followups_opened_at ON followups (opened_at);
CREATE INDEX followups_closed_at ON followups (closed_at);
CREATE INDEX followup_deviations_recorded_at ON followup_deviations (recorded_at);
CREATE INDEX followup_deviations_closed_at ON followup_deviations (closed_at);
