-- Follow-up closing and deviation times were written in the writer's time
-- zone (Swedish time from the pages). SQLite compares times as text, so
-- they are rewritten in UTC, as every time is written from now on;
-- strftime converts a time with an offset to UTC (to the millisecond).

UPDATE followups SET closed_at = strftime('%Y-%m-%d %H:%M:%f', closed_at) || '+00:00'
	WHERE closed_at IS NOT NULL AND closed_at NOT LIKE '%+00:00' AND closed_at NOT LIKE '%Z';
UPDATE followups SET opened_at = strftime('%Y-%m-%d %H:%M:%f', opened_at) || '+00:00'
	WHERE opened_at NOT LIKE '%+00:00' AND opened_at NOT LIKE '%Z';
UPDATE followup_deviations SET recorded_at = strftime('%Y-%m-%d %H:%M:%f', recorded_at) || '+00:00'
	WHERE recorded_at NOT LIKE '%+00:00' AND recorded_at NOT LIKE '%Z';
UPDATE followup_deviations SET closed_at = strftime('%Y-%m-%d %H:%M:%f', closed_at) || '+00:00'
	WHERE closed_at IS NOT NULL AND closed_at NOT LIKE '%+00:00' AND closed_at NOT LIKE '%Z';
