-- Indexes for the EU-scale data set (issue 6; figures in BENCHMARKS.md).

-- Every page counts the reader's unread notices. A coordinator collects
-- ~200 000 notices over ten years at EU scale, nearly all read, and the
-- count read them all (300 ms a page on SQLite); unread ones are few.
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- The annual report and the dashboard count follow-ups open across a
-- year's end and per category. These indexes hold every column those
-- counts read, so they no longer read the follow-up rows, which carry the
-- whole document.
CREATE INDEX followups_span ON followups (opened_at, closed_at);
CREATE INDEX followups_category_span ON followups (category_id, opened_at, closed_at);
