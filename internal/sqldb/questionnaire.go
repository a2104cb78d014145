package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
)

// Questionnaires: template versions, campaigns and the requests suppliers
// answer (see questionnaire.go in the domain). A template version and a
// request are JSON documents with the columns lists query beside them;
// every change is one transaction with its audit event, and a change that
// concerns the follow-up (sending, submitting, the verdict, the audit it
// recommends) is written to the follow-up in that same transaction.

// NewPublicID returns 128 random bits in base32 (26 characters), the id
// suppliers see in addresses instead of a number that could be guessed.
func NewPublicID() string { return rand.Text() }

// validPublicID reports whether s can be a public id, so a malformed one
// is "not found" without a query.
func validPublicID(s string) bool {
	if len(s) != 26 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7') {
			return false
		}
	}
	return true
}

// TemplateRow is one version in the list of templates.
type TemplateRow struct {
	ID          int64
	Code        string
	Version     int
	Status      tillit.TemplateStatus
	TitleSV     string
	TitleEN     string
	Questions   int
	CreatedAt   time.Time
	PublishedAt time.Time
	Requests    int // requests sent from this version
}

// Title is the title in lang.
func (r TemplateRow) Title(lang tillit.Lang) string {
	return tillit.Text{SV: r.TitleSV, EN: r.TitleEN}.In(lang)
}

// SaveTemplate stores an imported or edited template: it replaces the
// draft version of its code when there is one, and otherwise adds a new
// draft version after the latest, so a published version never changes.
// t gets its id, version and status.
func (db *DB) SaveTemplate(ctx context.Context, actor tillit.Actor, t *tillit.Template) error {
	if err := t.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		content, err := json.Marshal(t)
		if err != nil {
			return err
		}
		var draftID int64
		var latest int
		err = tx.queryRow(ctx, `SELECT COALESCE(MAX(version), 0), COALESCE(MAX(CASE WHEN status = 'draft' THEN id END), 0)
			FROM questionnaire_templates WHERE code = ?`, t.Code).Scan(&latest, &draftID)
		if err != nil {
			return err
		}
		n := len(t.Questions())
		t.Status, t.CreatedAt = tillit.TemplateDraft, tx.now
		if draftID != 0 {
			t.ID, t.Version = draftID, latest
			if _, err := tx.exec(ctx, `UPDATE questionnaire_templates SET title_sv = ?, title_en = ?, questions = ?, content = ?, created_at = ?, created_by = ?
				WHERE id = ?`, t.Title.SV, t.Title.EN, n, string(content), t.CreatedAt, nullID(actor.UserID), t.ID); err != nil {
				return err
			}
			return tx.audit(ctx, actor, "questionnaire.template_update", "questionnaire_template", t.ID, nil, templateAudit(t))
		}
		t.Version = latest + 1
		t.ID, err = tx.insert(ctx, `INSERT INTO questionnaire_templates (code, version, status, title_sv, title_en, questions, content, created_at, created_by)
			VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?)`, t.Code, t.Version, t.Title.SV, t.Title.EN, n, string(content), t.CreatedAt, nullID(actor.UserID))
		if isUniqueViolation(err) {
			return tillit.Errorf(tillit.ECONFLICT, "Someone saved a version of %s at the same time. Reload the page and try again.", t.Code)
		}
		if err != nil {
			return err
		}
		return tx.audit(ctx, actor, "questionnaire.template_create", "questionnaire_template", t.ID, nil, templateAudit(t))
	})
	if err != nil {
		return fmt.Errorf("sqldb.SaveTemplate: %w", err)
	}
	return nil
}

// templateAudit is what the audit trail keeps of a version: the whole
// template, so any version can be read back from the trail.
func templateAudit(t *tillit.Template) map[string]any {
	return map[string]any{"code": t.Code, "version": t.Version, "status": t.Status, "template": t}
}

// PublishTemplate freezes a draft version; requests can then be sent from
// it.
func (db *DB) PublishTemplate(ctx context.Context, actor tillit.Actor, id int64) (*tillit.Template, error) {
	var t *tillit.Template
	err := db.write(ctx, func(tx *Tx) error {
		var err error
		if t, err = tx.findTemplate(ctx, id); err != nil {
			return err
		}
		if t.Status == tillit.TemplatePublished {
			return tillit.Errorf(tillit.ECONFLICT, "Version %d of %s was already published on %s.", t.Version, t.Code, t.PublishedAt.Format(time.DateOnly))
		}
		if err := t.Validate(); err != nil {
			return err
		}
		t.Status, t.PublishedAt = tillit.TemplatePublished, tx.now
		if _, err := tx.exec(ctx, "UPDATE questionnaire_templates SET status = 'published', published_at = ? WHERE id = ? AND status = 'draft'", tx.now, id); err != nil {
			return err
		}
		if err := tx.pinTemplateRequirements(ctx, id, t.RequirementCodes()); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "questionnaire.template_publish", "questionnaire_template", id, nil,
			map[string]any{"code": t.Code, "version": t.Version})
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.PublishTemplate: %w", err)
	}
	return t, nil
}

// FindTemplate returns a version, or ENOTFOUND.
func (db *DB) FindTemplate(ctx context.Context, id int64) (*tillit.Template, error) {
	var t *tillit.Template
	err := db.read(ctx, func(tx *Tx) (err error) { t, err = tx.findTemplate(ctx, id); return err })
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindTemplate: %w", err)
	}
	return t, nil
}

func (tx *Tx) findTemplate(ctx context.Context, id int64) (*tillit.Template, error) {
	var t tillit.Template
	var content string
	var published *time.Time
	err := tx.queryRow(ctx, `SELECT version, status, content, created_at, published_at FROM questionnaire_templates WHERE id = ?`, id).
		Scan(&t.Version, &t.Status, &content, &t.CreatedAt, &published)
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "Questionnaire %d not found.", id)
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(content), &t); err != nil {
		return nil, fmt.Errorf("questionnaire %d: stored content: %w", id, err)
	}
	t.ID = id
	if published != nil {
		t.PublishedAt = *published
	}
	return &t, nil
}

// FindTemplates lists every version, by code and newest version first.
func (db *DB) FindTemplates(ctx context.Context) ([]TemplateRow, error) {
	var out []TemplateRow
	err := db.read(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, `SELECT t.id, t.code, t.version, t.status, t.title_sv, t.title_en, t.questions, t.created_at, t.published_at,
			(SELECT count(*) FROM questionnaire_requests r WHERE r.template_id = t.id)
			FROM questionnaire_templates t ORDER BY t.code, t.version DESC`, nil, func(rows *sql.Rows) (TemplateRow, error) {
			var r TemplateRow
			var published *time.Time
			err := rows.Scan(&r.ID, &r.Code, &r.Version, &r.Status, &r.TitleSV, &r.TitleEN, &r.Questions, &r.CreatedAt, &published, &r.Requests)
			if published != nil {
				r.PublishedAt = *published
			}
			return r, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindTemplates: %w", err)
	}
	return out, nil
}

// Campaign is one sending of a template version to many suppliers.
type Campaign struct {
	ID         int64
	TemplateID int64
	CategoryID int64
	Selection  tillit.CampaignSelection
	DueOn      time.Time
	CreatedAt  time.Time
}

// CampaignOutcome says what the campaign did for one supplier: sent a
// request (in an open follow-up, or one opened for it), reused an
// approved self-assessment, or skipped it and why.
type CampaignOutcome struct {
	SupplierID int64
	Supplier   string
	FollowUpID int64
	Opened     bool   // the follow-up was opened for the campaign
	PublicID   string // of the request sent
	ReusedOn   time.Time
	Skipped    tillit.Message // empty Format when not skipped
}

// CreateCampaign sends a published version to the suppliers the input
// selects, each in its own transaction: the supplier's open follow-up in
// the category (or a new one, with the category's responsible regions
// and the questionnaire's requirements in scope) records the
// self-assessment as sent, and the request is created. With reuse, a
// supplier with an approved self-assessment less than three years old
// gets that attached to the follow-up instead. A supplier that cannot get
// a request (one is already waiting, no region is responsible) is skipped
// with the reason; the others go ahead.
func (db *DB) CreateCampaign(ctx context.Context, actor tillit.Actor, in tillit.CampaignInput, reuse bool) (*Campaign, []CampaignOutcome, error) {
	if err := in.Validate(db.now()); err != nil {
		return nil, nil, err
	}
	c := &Campaign{TemplateID: in.TemplateID, CategoryID: in.CategoryID, Selection: in.Selection, DueOn: tillit.DateOf(in.DueOn)}
	var t *tillit.Template
	var suppliers []CampaignOutcome
	var regions []int64
	err := db.write(ctx, func(tx *Tx) error {
		var err error
		if t, err = tx.findTemplate(ctx, in.TemplateID); tillit.ErrorCode(err) == tillit.ENOTFOUND || err == nil && t.Status != tillit.TemplatePublished {
			m := tillit.Msg("Choose a published questionnaire; publish a draft before sending it.")
			return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"template_id": m}}
		} else if err != nil {
			return err
		}
		if regions, err = tx.responsibleRegions(ctx, in.CategoryID); err != nil {
			return err
		}
		if suppliers, err = tx.campaignSuppliers(ctx, in); err != nil {
			return err
		}
		if len(suppliers) == 0 {
			return tillit.Errorf(tillit.EINVALID, "No supplier matches the selection: none holds a contract in force in the category with the regions chosen. Choose another selection.")
		}
		c.CreatedAt = tx.now
		c.ID, err = tx.insert(ctx, `INSERT INTO questionnaire_campaigns (template_id, category_id, selection, due_on, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?)`, c.TemplateID, c.CategoryID, c.Selection, dateString(c.DueOn), c.CreatedAt, nullID(actor.UserID))
		if err != nil {
			return err
		}
		return tx.audit(ctx, actor, "questionnaire.campaign_create", "questionnaire_campaign", c.ID, nil,
			map[string]any{"template_id": c.TemplateID, "category_id": c.CategoryID, "selection": in.Selection,
				"region_ids": in.RegionIDs, "supplier_ids": in.SupplierIDs, "due_on": c.DueOn.Format(time.DateOnly), "suppliers": len(suppliers)})
	})
	if err != nil {
		return nil, nil, fmt.Errorf("sqldb.CreateCampaign: %w", err)
	}
	for i := range suppliers {
		o := &suppliers[i]
		err := db.write(ctx, func(tx *Tx) error { return tx.sendRequest(ctx, actor, c, t, regions, reuse, o) })
		switch tillit.ErrorCode(err) {
		case "":
		case tillit.EINVALID, tillit.ECONFLICT:
			o.Skipped, o.PublicID, o.FollowUpID, o.Opened = tillit.ErrorMessage(err), "", 0, false
		default:
			return c, suppliers, fmt.Errorf("sqldb.CreateCampaign: supplier %d: %w", o.SupplierID, err)
		}
	}
	return c, suppliers, nil
}

// responsibleRegions lists the regions responsible for the category today
// in Sweden, the day the campaign opens its follow-ups.
func (tx *Tx) responsibleRegions(ctx context.Context, categoryID int64) ([]int64, error) {
	var n int
	if err := tx.queryRow(ctx, "SELECT count(*) FROM categories WHERE id = ?", categoryID).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		m := tillit.Msg("Choose a procurement category.")
		return nil, &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{"category_id": m}}
	}
	today := dateString(tillit.SwedishDay(tx.now))
	return collect(ctx, tx, `SELECT region_id FROM category_responsibilities WHERE category_id = ? AND valid_from <= ?
		AND (valid_to IS NULL OR valid_to > ?) ORDER BY region_id`, []any{categoryID, today, today}, func(rows *sql.Rows) (int64, error) {
		var id int64
		return id, rows.Scan(&id)
	})
}

// campaignSuppliers lists the suppliers the selection names, by name.
func (tx *Tx) campaignSuppliers(ctx context.Context, in tillit.CampaignInput) ([]CampaignOutcome, error) {
	today := dateString(tillit.SwedishDay(tx.now))
	q := `SELECT DISTINCT s.id, s.name FROM organisations s JOIN contracts c ON c.supplier_id = s.id
		WHERE c.category_id = ? AND c.start_date <= ? AND c.end_date >= ?`
	args := []any{in.CategoryID, today, today}
	switch in.Selection {
	case tillit.SelectRegions:
		for _, id := range in.RegionIDs {
			if err := tx.checkKind(ctx, id, tillit.OrgRegion, "region_ids", tillit.Msg("Choose regions from the list.")); err != nil {
				return nil, err
			}
			args = append(args, id)
		}
		q += " AND c.region_id IN (" + placeholders(len(in.RegionIDs)) + ")"
	case tillit.SelectByHand:
		q = "SELECT s.id, s.name FROM organisations s WHERE s.kind = 'supplier' AND s.id IN (" + placeholders(len(in.SupplierIDs)) + ")"
		args = nil
		for _, id := range in.SupplierIDs {
			if err := tx.checkKind(ctx, id, tillit.OrgSupplier, "supplier_ids", tillit.Msg("Choose suppliers from the list.")); err != nil {
				return nil, err
			}
			args = append(args, id)
		}
	}
	out, err := collect(ctx, tx, q, args, func(rows *sql.Rows) (CampaignOutcome, error) {
		var o CampaignOutcome
		return o, rows.Scan(&o.SupplierID, &o.Supplier)
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Supplier < out[j].Supplier })
	return out, err
}

// sendRequest does the campaign's work for one supplier, within tx.
func (tx *Tx) sendRequest(ctx context.Context, actor tillit.Actor, c *Campaign, t *tillit.Template, regions []int64, reuse bool, o *CampaignOutcome) error {
	var fid int64
	err := tx.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM followups WHERE supplier_id = ? AND category_id = ? AND status = 'open'`,
		o.SupplierID, c.CategoryID).Scan(&fid)
	if err != nil {
		return err
	}
	if reuse {
		prev, err := tx.reusableRequest(ctx, o.SupplierID)
		if err != nil {
			return err
		}
		if prev != nil && fid != 0 {
			o.FollowUpID, o.ReusedOn = fid, prev.ReviewedAt
			return tx.attachReuse(ctx, actor, fid, prev)
		}
	}
	var f *tillit.FollowUp
	if fid == 0 {
		if len(regions) == 0 {
			return tillit.Errorf(tillit.ECONFLICT, "No region is responsible for the category today, so no follow-up can be opened. Record the responsible regions first.")
		}
		if f, err = tx.openFollowUp(ctx, actor, tillit.FollowUpInput{SupplierID: o.SupplierID, CategoryID: c.CategoryID,
			ResponsibleRegionIDs: regions, RequirementCodes: t.RequirementCodes()}); err != nil {
			return err
		}
		o.Opened = true
		if reuse {
			prev, err := tx.reusableRequest(ctx, o.SupplierID)
			if err != nil {
				return err
			}
			if prev != nil {
				o.FollowUpID, o.ReusedOn = f.ID, prev.ReviewedAt
				return tx.attachReuse(ctx, actor, f.ID, prev)
			}
		}
	} else if f, err = tx.loadFollowUp(ctx, fid, true); err != nil {
		return err
	}
	ev, err := f.SendSelfAssessment(actor, tx.now, c.DueOn)
	if err != nil {
		return err
	}
	ev.FollowUpID = f.ID
	if err := tx.saveFollowUp(ctx, actor, f, ev, false); err != nil {
		return err
	}
	r := &tillit.Request{PublicID: NewPublicID(), CampaignID: c.ID, TemplateID: t.ID, FollowUpID: f.ID, SelfAssessmentID: ev.SelfAssessmentID,
		SupplierID: o.SupplierID, Status: tillit.RequestOpen, SentAt: tx.now, DueOn: c.DueOn, Answers: map[string]tillit.Answer{}}
	if err := tx.insertRequest(ctx, actor, r); err != nil {
		return err
	}
	o.FollowUpID, o.PublicID = f.ID, r.PublicID
	return nil
}

func (tx *Tx) insertRequest(ctx context.Context, actor tillit.Actor, r *tillit.Request) error {
	state, err := json.Marshal(r)
	if err != nil {
		return err
	}
	r.ID, err = tx.insert(ctx, `INSERT INTO questionnaire_requests (public_id, campaign_id, template_id, followup_id, self_assessment_id, supplier_id,
		status, sent_at, due_on, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.PublicID, nullID(r.CampaignID), r.TemplateID, r.FollowUpID,
		r.SelfAssessmentID, r.SupplierID, r.Status, r.SentAt, dateString(r.DueOn), string(state))
	if err != nil {
		return err
	}
	return tx.audit(ctx, actor, "questionnaire.request_send", "questionnaire_request", r.ID, nil,
		map[string]any{"public_id": r.PublicID, "template_id": r.TemplateID, "followup_id": r.FollowUpID,
			"self_assessment_id": r.SelfAssessmentID, "supplier_id": r.SupplierID, "due_on": r.DueOn.Format(time.DateOnly)})
}

// RequestRow is one line of a list of requests.
type RequestRow struct {
	ID               int64
	PublicID         string
	SupplierID       int64
	Supplier         string
	FollowUpID       int64
	SelfAssessmentID int64
	TemplateID       int64
	TitleSV, TitleEN string
	Status           tillit.RequestStatus
	SentAt           time.Time
	DueOn            time.Time
	SubmittedAt      time.Time
	ReviewedAt       time.Time
	Verdict          tillit.Verdict
}

// Title is the questionnaire's title in lang.
func (r RequestRow) Title(lang tillit.Lang) string {
	return tillit.Text{SV: r.TitleSV, EN: r.TitleEN}.In(lang)
}

// RequestFilter selects requests; zero fields match all.
type RequestFilter struct {
	SupplierID int64
	FollowUpID int64
	CampaignID int64
	Status     tillit.RequestStatus
	Pending    bool // not reviewed yet
	Limit      int  // at most 1000; 0 means 200
}

// scopeRequestSQL limits requests (alias r) to those the scope may read:
// the office and the regions every request, a supplier its own company's,
// anyone else none.
func scopeRequestSQL(q string, args []any, scope tillit.Scope) (string, []any) {
	if scope.All {
		return q, args
	}
	if len(scope.SupplierIDs) == 0 {
		return q + " AND 1=0", args
	}
	for _, id := range scope.SupplierIDs {
		args = append(args, id)
	}
	return q + " AND r.supplier_id IN (" + placeholders(len(scope.SupplierIDs)) + ")", args
}

// FindRequests lists the requests the scope may read, soonest due first.
func (db *DB) FindRequests(ctx context.Context, scope tillit.Scope, f RequestFilter) ([]RequestRow, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	q := `SELECT r.id, r.public_id, r.supplier_id, s.name, r.followup_id, r.self_assessment_id, r.template_id, t.title_sv, t.title_en,
		r.status, r.sent_at, r.due_on, r.submitted_at, r.reviewed_at, r.verdict
		FROM questionnaire_requests r JOIN organisations s ON s.id = r.supplier_id JOIN questionnaire_templates t ON t.id = r.template_id WHERE 1=1`
	var args []any
	q, args = scopeRequestSQL(q, args, scope)
	for _, c := range []struct {
		on   bool
		cond string
		arg  any
	}{
		{f.SupplierID != 0, " AND r.supplier_id = ?", f.SupplierID},
		{f.FollowUpID != 0, " AND r.followup_id = ?", f.FollowUpID},
		{f.CampaignID != 0, " AND r.campaign_id = ?", f.CampaignID},
		{f.Status != "", " AND r.status = ?", f.Status},
	} {
		if c.on {
			q += c.cond
			args = append(args, c.arg)
		}
	}
	if f.Pending {
		q += " AND r.status <> 'reviewed'"
	}
	q += " ORDER BY r.due_on, s.name, r.id LIMIT ?"
	args = append(args, f.Limit)
	var out []RequestRow
	err := db.read(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, q, args, scanRequestRow)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindRequests: %w", err)
	}
	return out, nil
}

func scanRequestRow(rows *sql.Rows) (RequestRow, error) {
	var r RequestRow
	var due dateScan
	var submitted, reviewed *time.Time
	err := rows.Scan(&r.ID, &r.PublicID, &r.SupplierID, &r.Supplier, &r.FollowUpID, &r.SelfAssessmentID, &r.TemplateID, &r.TitleSV, &r.TitleEN,
		&r.Status, &r.SentAt, &due, &submitted, &reviewed, &r.Verdict)
	r.DueOn = due.t
	if submitted != nil {
		r.SubmittedAt = *submitted
	}
	if reviewed != nil {
		r.ReviewedAt = *reviewed
	}
	return r, err
}

// FindRequest returns the request with the public id if the scope may
// read it; ENOTFOUND otherwise, exactly as when there is none.
func (db *DB) FindRequest(ctx context.Context, scope tillit.Scope, publicID string) (*tillit.Request, error) {
	var r *tillit.Request
	err := db.read(ctx, func(tx *Tx) (err error) { r, err = tx.findRequest(ctx, scope, publicID, false); return err })
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindRequest: %w", err)
	}
	return r, nil
}

func errRequestNotFound() error {
	return tillit.Errorf(tillit.ENOTFOUND, "The self-assessment was not found. Check the address, or start from the portal.")
}

func (tx *Tx) findRequest(ctx context.Context, scope tillit.Scope, publicID string, forUpdate bool) (*tillit.Request, error) {
	if !validPublicID(publicID) {
		return nil, errRequestNotFound()
	}
	q, args := scopeRequestSQL("SELECT r.id, r.state FROM questionnaire_requests r WHERE r.public_id = ?", []any{publicID}, scope)
	if forUpdate && tx.dialect == Postgres {
		q += " FOR UPDATE"
	}
	var id int64
	var state string
	err := tx.queryRow(ctx, q, args...).Scan(&id, &state)
	if isNoRows(err) {
		return nil, errRequestNotFound()
	}
	if err != nil {
		return nil, err
	}
	var r tillit.Request
	if err := json.Unmarshal([]byte(state), &r); err != nil {
		return nil, fmt.Errorf("request %d: stored state: %w", id, err)
	}
	r.ID = id
	return &r, nil
}

// RequestChange is one change to a request, made by ChangeRequest's fn:
// the request and its template, and the follow-up it belongs to (locked
// too). Events lists the follow-up events fn recorded, in order; Action
// and Detail go to the audit trail.
type RequestChange struct {
	Request  *tillit.Request
	Template *tillit.Template
	FollowUp *tillit.FollowUp
	Events   []tillit.FollowUpEvent
	Action   string // e.g. "questionnaire.answers_save"
	Detail   any
}

// ChangeRequest applies one change to the request with the public id,
// read within the scope (ENOTFOUND outside it): fn checks what it must
// and changes the request, and perhaps the follow-up. Nothing is written
// when fn fails, except that fn may return an EINVALID error together
// with a change to keep (a draft saved in part): keep reports that.
func (db *DB) ChangeRequest(ctx context.Context, actor tillit.Actor, scope tillit.Scope, publicID string,
	fn func(c *RequestChange) (keep bool, err error)) (*RequestChange, error) {
	var c *RequestChange
	var fnErr error
	err := db.write(ctx, func(tx *Tx) error {
		r, err := tx.findRequest(ctx, scope, publicID, true)
		if err != nil {
			return err
		}
		t, err := tx.findTemplate(ctx, r.TemplateID)
		if err != nil {
			return err
		}
		f, err := tx.loadFollowUp(ctx, r.FollowUpID, true)
		if err != nil {
			return err
		}
		c = &RequestChange{Request: r, Template: t, FollowUp: f}
		keep, err := fn(c)
		if err != nil && !(keep && tillit.ErrorCode(err) == tillit.EINVALID) {
			return err
		}
		fnErr = err
		return tx.saveRequest(ctx, actor, c)
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.ChangeRequest: %w", err)
	}
	return c, fnErr
}

// saveRequest writes the request, the follow-up events and the audit.
func (tx *Tx) saveRequest(ctx context.Context, actor tillit.Actor, c *RequestChange) error {
	r := c.Request
	state, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE questionnaire_requests SET status = ?, submitted_at = ?, reviewed_at = ?, verdict = ?, submissions = ?, state = ?
		WHERE id = ?`, r.Status, nullTime(r.SubmittedAt), nullTime(r.ReviewedAt), string(r.Verdict), r.Submissions, string(state), r.ID); err != nil {
		return err
	}
	for _, ev := range c.Events {
		ev.FollowUpID = c.FollowUp.ID
		if err := tx.saveFollowUp(ctx, actor, c.FollowUp, ev, false); err != nil {
			return err
		}
	}
	if c.Action == "" {
		return nil
	}
	return tx.audit(ctx, actor, c.Action, "questionnaire_request", r.ID, nil, c.Detail)
}

// reusableRequest is the supplier's latest approved self-assessment less
// than three years old, or nil.
func (tx *Tx) reusableRequest(ctx context.Context, supplierID int64) (*tillit.Request, error) {
	var pid string
	err := tx.queryRow(ctx, `SELECT public_id FROM questionnaire_requests WHERE supplier_id = ? AND status = 'reviewed' AND verdict = 'approved'
		AND reviewed_at > ? ORDER BY reviewed_at DESC LIMIT 1`, supplierID, tx.now.AddDate(-3, 0, 0)).Scan(&pid)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r, err := tx.findRequest(ctx, tillit.Scope{All: true}, pid, false)
	if err != nil || !r.ReusableFor(supplierID, tx.now) {
		return nil, err
	}
	return r, nil
}

// FindReusable returns the supplier's latest approved self-assessment less
// than three years old, or nil.
func (db *DB) FindReusable(ctx context.Context, supplierID int64) (*tillit.Request, error) {
	var r *tillit.Request
	err := db.read(ctx, func(tx *Tx) (err error) { r, err = tx.reusableRequest(ctx, supplierID); return err })
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindReusable: %w", err)
	}
	return r, nil
}

// AttachReuse attaches an approved self-assessment to another follow-up of
// the same supplier instead of asking again.
func (db *DB) AttachReuse(ctx context.Context, actor tillit.Actor, followUpID int64, publicID string) error {
	err := db.write(ctx, func(tx *Tx) error {
		r, err := tx.findRequest(ctx, tillit.Scope{All: true}, publicID, false)
		if err != nil {
			return err
		}
		f, err := tx.loadFollowUp(ctx, followUpID, false)
		if err != nil {
			return err
		}
		switch {
		case f.Status == tillit.FollowUpClosed:
			return tillit.Errorf(tillit.ECONFLICT, "The follow-up is closed, so nothing can be attached to it.")
		case f.ID == r.FollowUpID:
			return tillit.Errorf(tillit.ECONFLICT, "The self-assessment already belongs to this follow-up.")
		case !r.ReusableFor(f.SupplierID, tx.now):
			return tillit.Errorf(tillit.ECONFLICT, "Only an approved self-assessment of the same supplier, less than three years old, can be reused.")
		}
		return tx.attachReuse(ctx, actor, f.ID, r)
	})
	if err != nil {
		return fmt.Errorf("sqldb.AttachReuse: %w", err)
	}
	return nil
}

func (tx *Tx) attachReuse(ctx context.Context, actor tillit.Actor, followUpID int64, r *tillit.Request) error {
	_, err := tx.exec(ctx, "INSERT INTO questionnaire_reuses (followup_id, request_id, attached_at, attached_by) VALUES (?, ?, ?, ?)",
		followUpID, r.ID, tx.now, nullID(actor.UserID))
	if isUniqueViolation(err) {
		return tillit.Errorf(tillit.ECONFLICT, "The self-assessment is already attached to the follow-up.")
	}
	if err != nil {
		return err
	}
	return tx.audit(ctx, actor, "questionnaire.reuse", "followup", followUpID, nil,
		map[string]any{"request": r.PublicID, "reviewed_at": r.ReviewedAt, "from_followup_id": r.FollowUpID})
}

// Reuse is an approved self-assessment attached to a follow-up.
type Reuse struct {
	PublicID   string
	FollowUpID int64 // the follow-up it was answered in
	ReviewedAt time.Time
	AttachedAt time.Time
}

// FindReuses lists the self-assessments attached to the follow-up.
func (db *DB) FindReuses(ctx context.Context, followUpID int64) ([]Reuse, error) {
	var out []Reuse
	err := db.read(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, `SELECT r.public_id, r.followup_id, r.reviewed_at, u.attached_at FROM questionnaire_reuses u
			JOIN questionnaire_requests r ON r.id = u.request_id WHERE u.followup_id = ? ORDER BY u.attached_at`, []any{followUpID},
			func(rows *sql.Rows) (Reuse, error) {
				var x Reuse
				var reviewed *time.Time
				err := rows.Scan(&x.PublicID, &x.FollowUpID, &reviewed, &x.AttachedAt)
				if reviewed != nil {
					x.ReviewedAt = *reviewed
				}
				return x, err
			})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindReuses: %w", err)
	}
	return out, nil
}

// FollowUpPublicID returns the follow-up's public id, creating it the
// first time it is asked for.
func (db *DB) FollowUpPublicID(ctx context.Context, followUpID int64) (string, error) {
	var pid string
	err := db.read(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, "SELECT public_id FROM followup_public_ids WHERE followup_id = ?", followUpID).Scan(&pid)
		if isNoRows(err) {
			return nil
		}
		return err
	})
	if err != nil || pid != "" {
		return pid, err
	}
	err = db.write(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, "SELECT public_id FROM followup_public_ids WHERE followup_id = ?", followUpID).Scan(&pid)
		if !isNoRows(err) {
			return err
		}
		pid = NewPublicID()
		_, err = tx.exec(ctx, "INSERT INTO followup_public_ids (followup_id, public_id) VALUES (?, ?)", followUpID, pid)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("sqldb.FollowUpPublicID: %w", err)
	}
	return pid, nil
}

// FindFollowUpByPublicID returns the follow-up with the public id if the
// scope may read it; ENOTFOUND otherwise.
func (db *DB) FindFollowUpByPublicID(ctx context.Context, scope tillit.Scope, publicID string) (*tillit.FollowUp, error) {
	var id int64
	err := db.read(ctx, func(tx *Tx) error {
		if !validPublicID(publicID) {
			return tillit.Errorf(tillit.ENOTFOUND, "The follow-up was not found.")
		}
		err := tx.queryRow(ctx, "SELECT followup_id FROM followup_public_ids WHERE public_id = ?", publicID).Scan(&id)
		if isNoRows(err) {
			return tillit.Errorf(tillit.ENOTFOUND, "The follow-up was not found.")
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindFollowUpByPublicID: %w", err)
	}
	f, err := db.FindFollowUp(ctx, scope, id)
	if tillit.ErrorCode(err) == tillit.ENOTFOUND {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "The follow-up was not found.")
	}
	return f, err
}

// QuestionnaireMail is a mail the worker owes for one request: the
// invitation or notice when it is sent ("sent"), a reminder before or
// after the due date ("before_due", "after_due"), or the notice that
// questions were returned ("returned").
type QuestionnaireMail struct {
	RequestID        int64
	PublicID         string
	SupplierID       int64
	Supplier         string
	TitleSV, TitleEN string
	DueOn            time.Time
	Kind             string
	Round            int
}

// Mail kinds, in the order the worker sends them.
const (
	MailSent      = "sent"
	MailBeforeDue = "before_due"
	MailAfterDue  = "after_due"
	MailReturned  = "returned"
)

// ReminderLead is how many days before the due date the reminder goes.
const ReminderLead = 7

// QuestionnaireMailsDue lists the mails owed now: each kind at most once
// per request (the returned notice once per return). The reminder before
// the due date waits until the request is two days old, so a short
// deadline does not bring two mails at once.
func (db *DB) QuestionnaireMailsDue(ctx context.Context, limit int) ([]QuestionnaireMail, error) {
	now := db.now()
	today := tillit.SwedishDay(now)
	base := `SELECT r.id, r.public_id, r.supplier_id, s.name, t.title_sv, t.title_en, r.due_on, '%s', %s
		FROM questionnaire_requests r JOIN organisations s ON s.id = r.supplier_id JOIN questionnaire_templates t ON t.id = r.template_id
		WHERE %s AND NOT EXISTS (SELECT 1 FROM questionnaire_mails m WHERE m.request_id = r.id AND m.kind = '%s' AND m.round = %s)`
	parts := []struct {
		kind, round, where string
		args               []any
	}{
		{MailSent, "0", "r.status = 'open'", nil},
		{MailBeforeDue, "0", "r.status IN ('open','returned') AND r.due_on >= ? AND r.due_on <= ? AND r.sent_at < ?",
			[]any{dateString(today), dateString(today.AddDate(0, 0, ReminderLead)), now.Add(-48 * time.Hour)}},
		{MailAfterDue, "0", "r.status IN ('open','returned') AND r.due_on < ?", []any{dateString(today)}},
		{MailReturned, "r.submissions", "r.status = 'returned'", nil},
	}
	var qs []string
	var args []any
	for _, p := range parts {
		qs = append(qs, fmt.Sprintf(base, p.kind, p.round, p.where, p.kind, p.round))
		args = append(args, p.args...)
	}
	q := strings.Join(qs, " UNION ALL ") + " ORDER BY 1 LIMIT ?"
	args = append(args, limit)
	var out []QuestionnaireMail
	err := db.read(ctx, func(tx *Tx) (err error) {
		out, err = collect(ctx, tx, q, args, func(rows *sql.Rows) (QuestionnaireMail, error) {
			var m QuestionnaireMail
			var due dateScan
			err := rows.Scan(&m.RequestID, &m.PublicID, &m.SupplierID, &m.Supplier, &m.TitleSV, &m.TitleEN, &due, &m.Kind, &m.Round)
			m.DueOn = due.t
			return m, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.QuestionnaireMailsDue: %w", err)
	}
	return out, nil
}

// ClaimQuestionnaireMail records that the mail is being sent; false when
// another worker claimed it first.
func (db *DB) ClaimQuestionnaireMail(ctx context.Context, m QuestionnaireMail) (bool, error) {
	claimed := false
	err := db.write(ctx, func(tx *Tx) error {
		// ON CONFLICT: a caught unique violation would leave a PostgreSQL
		// transaction aborted and the commit would fail.
		res, err := tx.exec(ctx, "INSERT INTO questionnaire_mails (request_id, kind, round, claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", m.RequestID, m.Kind, m.Round, tx.now)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		claimed = n > 0
		return err
	})
	if err != nil {
		return false, fmt.Errorf("sqldb.ClaimQuestionnaireMail: %w", err)
	}
	return claimed, nil
}

// ReleaseQuestionnaireMail gives a claimed mail back after a failed send,
// so the next run tries again.
func (db *DB) ReleaseQuestionnaireMail(ctx context.Context, m QuestionnaireMail) error {
	err := db.write(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "DELETE FROM questionnaire_mails WHERE request_id = ? AND kind = ? AND round = ?", m.RequestID, m.Kind, m.Round)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqldb.ReleaseQuestionnaireMail: %w", err)
	}
	return nil
}

// Recipient is a supplier's user who gets the questionnaire's mail.
// NeedsPassword: the account has no password yet, so the mail carries an
// invitation link.
type Recipient struct {
	User          *tillit.User
	NeedsPassword bool
}

// SupplierRecipients lists the supplier's active users. When it has none
// and invite is set, each contact person with an e-mail address who has
// no account gets one (role supplier, no password), to be invited; a
// contact whose address belongs to another account is left out.
func (db *DB) SupplierRecipients(ctx context.Context, actor tillit.Actor, supplierID int64, invite bool) ([]Recipient, error) {
	var out []Recipient
	err := db.write(ctx, func(tx *Tx) error {
		list := func() error {
			out = out[:0]
			ids, err := collect(ctx, tx, `SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id
				WHERE m.org_id = ? AND m.role = 'supplier' AND u.disabled = FALSE ORDER BY u.id`, []any{supplierID},
				func(rows *sql.Rows) (int64, error) {
					var id int64
					return id, rows.Scan(&id)
				})
			if err != nil {
				return err
			}
			for _, id := range ids {
				u, err := tx.findUser(ctx, "id = ?", id)
				if err != nil {
					return err
				}
				var hash string
				if err := tx.queryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", id).Scan(&hash); err != nil {
					return err
				}
				out = append(out, Recipient{User: u, NeedsPassword: hash == ""})
			}
			return nil
		}
		if err := list(); err != nil || len(out) > 0 || !invite {
			return err
		}
		contacts, err := collect(ctx, tx, "SELECT name, email FROM supplier_contacts WHERE supplier_id = ? AND email <> '' ORDER BY id",
			[]any{supplierID}, func(rows *sql.Rows) (tillit.Contact, error) {
				var c tillit.Contact
				return c, rows.Scan(&c.Name, &c.Email)
			})
		if err != nil {
			return err
		}
		for _, c := range contacts {
			u := &tillit.User{Email: tillit.NormalizeEmail(c.Email), Name: c.Name, Lang: tillit.Swedish,
				Memberships: []tillit.Membership{{OrgID: supplierID, Role: tillit.RoleSupplier}}}
			var n int
			if err := tx.queryRow(ctx, "SELECT count(*) FROM users WHERE email = ?", u.Email).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue // the address belongs to another account
			}
			if err := tx.createUser(ctx, actor, u, ""); tillit.ErrorCode(err) == tillit.EINTERNAL {
				return err
			}
			// A contact whose address or name does not pass is left out;
			// the office sees who was invited in the request's mail log.
		}
		return list()
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.SupplierRecipients: %w", err)
	}
	return out, nil
}

// The changes of a request, each one ChangeRequest: the domain method on
// the request and, where the follow-up takes part, on the follow-up, in
// one transaction. The caller has checked the route's policy; the scope
// decides which requests can be found at all.

// SaveAnswers saves the supplier's draft answers and, with submit, then
// submits them. Valid answers are kept when others are not, and when
// submitting fails because answers are missing. The first submission is
// recorded on the follow-up.
func (db *DB) SaveAnswers(ctx context.Context, actor tillit.Actor, scope tillit.Scope, publicID string, in map[string]tillit.AnswerInput, submit bool) (*RequestChange, error) {
	return db.ChangeRequest(ctx, actor, scope, publicID, func(c *RequestChange) (bool, error) {
		r, at := c.Request, db.now()
		changed, err := r.SaveAnswers(actor, at, c.Template, in)
		if len(changed) > 0 {
			saved := map[string]tillit.Answer{}
			for _, k := range changed {
				saved[k] = r.Answers[k]
			}
			c.Action, c.Detail = "questionnaire.answers_save", map[string]any{"answers": saved}
		}
		if err != nil || !submit {
			return len(changed) > 0, err
		}
		if err := r.Submit(actor, at, c.Template); err != nil {
			return len(changed) > 0, err
		}
		c.Action, c.Detail = "questionnaire.submit", map[string]any{"submission": r.Submissions, "answers": r.Answers}
		// The follow-up records the first submission; one already recorded
		// there by other means (the API's events) is not recorded twice.
		if sa := c.FollowUp.SelfAssessmentByID(r.SelfAssessmentID); r.Submissions == 1 && (sa == nil || sa.Status != tillit.SelfAssessmentSubmitted) {
			ev, err := c.FollowUp.SubmitSelfAssessment(actor, at, r.SelfAssessmentID)
			if err != nil {
				return false, err
			}
			c.Events = append(c.Events, ev)
		}
		return true, nil
	})
}

// ReviewAnswer records the reviewer's judgement of one answer.
func (db *DB) ReviewAnswer(ctx context.Context, actor tillit.Actor, publicID, key string, status tillit.ReviewStatus, comment string) (*RequestChange, error) {
	return db.ChangeRequest(ctx, actor, tillit.Scope{All: true}, publicID, func(c *RequestChange) (bool, error) {
		if err := c.Request.ReviewAnswer(actor, db.now(), c.Template, key, status, comment); err != nil {
			return false, err
		}
		c.Action, c.Detail = "questionnaire.answer_review", map[string]any{"question": key, "review": c.Request.Answers[key].Review}
		return true, nil
	})
}

// ReturnRequest sends the answers marked "needs change" back to the
// supplier.
func (db *DB) ReturnRequest(ctx context.Context, actor tillit.Actor, publicID string) (*RequestChange, error) {
	return db.ChangeRequest(ctx, actor, tillit.Scope{All: true}, publicID, func(c *RequestChange) (bool, error) {
		if err := c.Request.Return(actor, db.now(), c.Template); err != nil {
			return false, err
		}
		c.Action, c.Detail = "questionnaire.return", map[string]any{"questions": c.Request.NeedsChange(c.Template)}
		return true, nil
	})
}

// VerdictInput is the verdict on a request. Audit is the audit a
// deficient verdict recommending an office or site audit plans in the
// follow-up; its Kind is set from the recommendation.
type VerdictInput struct {
	Verdict        tillit.Verdict
	Recommendation tillit.Recommendation
	Note           string
	Audit          tillit.AuditPlan
}

// PlansAudit reports whether the verdict plans an audit.
func (v VerdictInput) PlansAudit() bool {
	return v.Verdict == tillit.VerdictDeficient &&
		(v.Recommendation == tillit.RecommendOfficeAudit || v.Recommendation == tillit.RecommendSiteAudit)
}

// DecideRequest gives the verdict: the follow-up records the review of its
// self-assessment and, for a deficient verdict recommending an office or
// site audit, plans that audit.
func (db *DB) DecideRequest(ctx context.Context, actor tillit.Actor, publicID string, v VerdictInput) (*RequestChange, error) {
	return db.ChangeRequest(ctx, actor, tillit.Scope{All: true}, publicID, func(c *RequestChange) (bool, error) {
		at := db.now()
		r, f := c.Request, c.FollowUp
		ev, err := f.ReviewSelfAssessment(actor, at, r.SelfAssessmentID, v.Verdict, v.Recommendation, v.Note)
		if err != nil {
			return false, err
		}
		c.Events = append(c.Events, ev)
		if err := r.Decide(actor, at, c.Template, v.Verdict, v.Recommendation, v.Note); err != nil {
			return false, err
		}
		detail := map[string]any{"verdict": r.Verdict, "recommendation": r.Recommendation, "note": r.ReviewNote}
		if v.PlansAudit() {
			plan := v.Audit
			plan.Kind = tillit.AuditOffice
			if v.Recommendation == tillit.RecommendSiteAudit {
				plan.Kind = tillit.AuditSite
			} else {
				plan.SiteID = 0
			}
			ev, err := f.PlanAudit(actor, at, plan)
			if err != nil {
				return false, err
			}
			c.Events = append(c.Events, ev)
			detail["audit_id"] = ev.AuditID
		}
		c.Action, c.Detail = "questionnaire.verdict", detail
		return true, nil
	})
}
