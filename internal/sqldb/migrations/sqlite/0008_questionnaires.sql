-- Questionnaires (issue 5): template versions, campaigns, the requests
-- suppliers answer, reuse of approved answers, the mails the reminder
-- worker has sent, and public ids for the supplier portal.
--
-- A template version and a request are kept as JSON documents (content,
-- state) with the columns lists query beside them. A published version
-- never changes: requests refer to it.

CREATE TABLE questionnaire_templates (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL,
	version INTEGER NOT NULL CHECK (version > 0),
	status TEXT NOT NULL CHECK (status IN ('draft','published')),
	title_sv TEXT NOT NULL,
	title_en TEXT NOT NULL,
	questions INTEGER NOT NULL,
	content TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	created_by INTEGER,
	published_at TIMESTAMP,
	UNIQUE (code, version)
);

CREATE TABLE questionnaire_campaigns (
	id INTEGER PRIMARY KEY,
	template_id INTEGER NOT NULL REFERENCES questionnaire_templates (id),
	category_id INTEGER NOT NULL REFERENCES categories (id),
	selection TEXT NOT NULL,
	due_on DATE NOT NULL,
	created_at TIMESTAMP NOT NULL,
	created_by INTEGER
);

CREATE TABLE questionnaire_requests (
	id INTEGER PRIMARY KEY,
	-- 128 random bits in base32: the only id a supplier ever sees
	public_id TEXT NOT NULL UNIQUE,
	campaign_id INTEGER REFERENCES questionnaire_campaigns (id),
	template_id INTEGER NOT NULL REFERENCES questionnaire_templates (id),
	followup_id INTEGER NOT NULL REFERENCES followups (id),
	self_assessment_id INTEGER NOT NULL,
	supplier_id INTEGER NOT NULL REFERENCES organisations (id),
	status TEXT NOT NULL CHECK (status IN ('open','submitted','returned','reviewed')),
	sent_at TIMESTAMP NOT NULL,
	due_on DATE NOT NULL,
	submitted_at TIMESTAMP,
	reviewed_at TIMESTAMP,
	verdict TEXT NOT NULL DEFAULT '',
	submissions INTEGER NOT NULL DEFAULT 0,
	state TEXT NOT NULL,
	UNIQUE (followup_id, self_assessment_id)
);
CREATE INDEX questionnaire_requests_supplier ON questionnaire_requests (supplier_id, status);
CREATE INDEX questionnaire_requests_campaign ON questionnaire_requests (campaign_id);
CREATE INDEX questionnaire_requests_due ON questionnaire_requests (status, due_on);

-- An approved self-assessment attached to another follow-up instead of
-- asking the supplier again.
CREATE TABLE questionnaire_reuses (
	followup_id INTEGER NOT NULL REFERENCES followups (id),
	request_id INTEGER NOT NULL REFERENCES questionnaire_requests (id),
	attached_at TIMESTAMP NOT NULL,
	attached_by INTEGER,
	PRIMARY KEY (followup_id, request_id)
);

-- One row per mail the worker has claimed: the invitation or notice when a
-- request is sent, and the reminders before and after its due date. The
-- key makes each mail go out once.
CREATE TABLE questionnaire_mails (
	request_id INTEGER NOT NULL REFERENCES questionnaire_requests (id),
	kind TEXT NOT NULL CHECK (kind IN ('sent','before_due','after_due','returned')),
	round INTEGER NOT NULL DEFAULT 0,
	claimed_at TIMESTAMP NOT NULL,
	PRIMARY KEY (request_id, kind, round)
);

-- The portal names follow-ups by a random id too.
CREATE TABLE followup_public_ids (
	followup_id INTEGER PRIMARY KEY REFERENCES followups (id),
	public_id TEXT NOT NULL UNIQUE
);
