-- The annual report reads a year's deviations (142 000 at EU scale) with
-- the category of their follow-up, and the follow-ups closed in the year.
-- These indexes hold every column those statements read, so they no
-- longer visit the deviation rows or the follow-up rows (which carry the
-- whole document). Three of them replace an index on their first column
-- alone; followups_category_of lets the deviation counts find a follow-up's
-- category without reading its row.
CREATE INDEX followup_deviations_recorded_cover ON followup_deviations (recorded_at, followup_id, severity);
CREATE INDEX followup_deviations_closed_cover ON followup_deviations (closed_at, followup_id, severity, recorded_at);
CREATE INDEX followups_category_of ON followups (id, category_id);
CREATE INDEX followups_closed_cover ON followups (closed_at, id, supplier_id, category_id, close_reason, open_deviations);
DROP INDEX followup_deviations_recorded_at;
DROP INDEX followup_deviations_closed_at;
DROP INDEX followups_closed_at;
