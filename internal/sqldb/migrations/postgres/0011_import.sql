-- Import of the registers (issue 7): the natural keys a re-import matches
-- rows on, so that importing the same file twice changes nothing, and the
-- coordinates that Open Supply Hub lists carry for production sites.
--
-- A region's contract reference names one contract; each supplier of a
-- framework agreement gets a reference of its own.
CREATE UNIQUE INDEX contracts_region_reference ON contracts (region_id, reference);

-- A supplier lists an Open Supply Hub facility once. The same facility may
-- make goods for several suppliers, so the id alone is not unique.
CREATE UNIQUE INDEX production_sites_supplier_os_hub ON production_sites (supplier_id, os_hub_id) WHERE os_hub_id <> '';

-- Suppliers are matched by organisation number first. Not unique: two
-- registrations of one company must be merged by a person, not refused.
CREATE INDEX organisations_org_number ON organisations (org_number) WHERE org_number IS NOT NULL;

ALTER TABLE production_sites ADD COLUMN latitude DOUBLE PRECISION CHECK (latitude BETWEEN -90 AND 90);
ALTER TABLE production_sites ADD COLUMN longitude DOUBLE PRECISION CHECK (longitude BETWEEN -180 AND 180);
