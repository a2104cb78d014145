-- Categories over time: a category's scope in dated versions, and product
-- groups that belong to one category at a time, with dated placements
-- (from 2023 "imaging and function" moves from medical technology to
-- ICT). Responsibilities were dated from the start (0001). That one
-- group's placements never overlap is checked in Go, in the transaction
-- that writes them.

CREATE TABLE category_scopes (
	id INTEGER PRIMARY KEY,
	category_id INTEGER NOT NULL REFERENCES categories (id),
	valid_from DATE NOT NULL,
	text_sv TEXT NOT NULL CHECK (text_sv <> ''),
	text_en TEXT NOT NULL CHECK (text_en <> ''),
	created_at TIMESTAMP NOT NULL,
	UNIQUE (category_id, valid_from)
);

CREATE TABLE category_groups (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name_sv TEXT NOT NULL,
	name_en TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE category_group_placements (
	id INTEGER PRIMARY KEY,
	group_id INTEGER NOT NULL REFERENCES category_groups (id),
	category_id INTEGER NOT NULL REFERENCES categories (id),
	valid_from DATE NOT NULL,
	valid_to DATE,
	CHECK (valid_to IS NULL OR valid_to > valid_from),
	UNIQUE (group_id, valid_from)
);
CREATE INDEX category_group_placements_category ON category_group_placements (category_id);
