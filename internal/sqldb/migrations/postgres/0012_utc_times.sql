-- PostgreSQL keeps timestamptz as instants, so the SQLite migration of the
-- same number (times rewritten in UTC) has nothing to do here.
SELECT 1;
