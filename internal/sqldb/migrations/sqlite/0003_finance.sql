-- Finances: the rate per inhabitant, contributions set by hand and cost
-- lines per year. Money is integer öre. Region populations live in
-- region_populations (0001). A year without an opening balance carries
-- the previous year's closing balance, which is computed, never stored.

CREATE TABLE finance_years (
	year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
	rate_ore INTEGER NOT NULL CHECK (rate_ore > 0),
	opening_balance_ore INTEGER CHECK (opening_balance_ore IS NULL OR opening_balance_ore >= 0),
	updated_at TIMESTAMP NOT NULL
);

CREATE TABLE contribution_overrides (
	year INTEGER NOT NULL REFERENCES finance_years (year) ON DELETE CASCADE,
	region_id INTEGER NOT NULL REFERENCES organisations (id),
	amount_ore INTEGER NOT NULL CHECK (amount_ore >= 0),
	reason TEXT NOT NULL CHECK (reason <> ''),
	PRIMARY KEY (year, region_id)
);

CREATE TABLE cost_lines (
	year INTEGER NOT NULL REFERENCES finance_years (year) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('personnel','other_costs','other_services')),
	description TEXT NOT NULL DEFAULT '',
	amount_ore INTEGER NOT NULL CHECK (amount_ore >= 0),
	PRIMARY KEY (year, position)
);
