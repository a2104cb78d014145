-- Country risk and the supply-chain map (issue 7).
--
-- Country risk indices are imported by users from CSV files; tillit ships
-- no index data. An index has a scale, a direction (whether high scores
-- mean high risk) and the three thresholds at which a score becomes
-- medium, high and very high risk, on its own scale. The level is computed
-- from them when read, so changing the thresholds never leaves stale
-- levels behind.
CREATE TABLE country_risk_indices (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
	source TEXT NOT NULL,
	scale_min REAL NOT NULL,
	scale_max REAL NOT NULL,
	direction TEXT NOT NULL CHECK (direction IN ('high_is_risky','low_is_risky')),
	threshold_medium REAL NOT NULL,
	threshold_high REAL NOT NULL,
	threshold_very_high REAL NOT NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	CHECK (scale_min < scale_max)
);

CREATE TABLE country_risk_scores (
	index_id INTEGER NOT NULL REFERENCES country_risk_indices (id) ON DELETE CASCADE,
	country TEXT NOT NULL CHECK (length(country) = 2),
	score REAL NOT NULL,
	PRIMARY KEY (index_id, country)
);
CREATE INDEX country_risk_scores_country ON country_risk_scores (country);

-- A site supplied by another site: sub_site_id makes something that goes
-- into what site_id makes. Sub-supplier sites belong to organisations of
-- the kind supplier, contracted or not (see supplychain.go).
-- A link belongs to the chain of one supplier (supplier_id): the same
-- mill may supply sites in several suppliers' chains, and each supplier
-- sees and changes only its own links.
CREATE TABLE site_links (
	supplier_id INTEGER NOT NULL REFERENCES organisations (id),
	site_id INTEGER NOT NULL REFERENCES production_sites (id) ON DELETE CASCADE,
	sub_site_id INTEGER NOT NULL REFERENCES production_sites (id) ON DELETE CASCADE,
	what TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	PRIMARY KEY (supplier_id, site_id, sub_site_id),
	CHECK (site_id <> sub_site_id)
);
CREATE INDEX site_links_sub_site ON site_links (sub_site_id);

-- Products a supplier delivers in a category, where they are made and
-- what they are made of. Shares are whole tenths of a percent (200 is
-- 20 %), so "at least 20 %" compares integers.
CREATE TABLE products (
	id INTEGER PRIMARY KEY,
	supplier_id INTEGER NOT NULL REFERENCES organisations (id),
	category_id INTEGER NOT NULL REFERENCES categories (id),
	name TEXT NOT NULL,
	product_group TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	UNIQUE (supplier_id, name)
);
CREATE INDEX products_category ON products (category_id);

CREATE TABLE product_sites (
	product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
	site_id INTEGER NOT NULL REFERENCES production_sites (id) ON DELETE CASCADE,
	PRIMARY KEY (product_id, site_id)
);
CREATE INDEX product_sites_site ON product_sites (site_id);

CREATE TABLE product_materials (
	product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
	material TEXT NOT NULL,
	permille INTEGER NOT NULL CHECK (permille > 0 AND permille <= 1000),
	PRIMARY KEY (product_id, material)
);
CREATE INDEX product_materials_material ON product_materials (material, permille);
