package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
)

// Inquiries (issue 9): the inquiry row with its questions as JSON, one
// request per supplier it was sent to, the answers by question, the files
// given as answers and the mails the worker has claimed. Sending writes
// every request in one transaction; each change is audited in its own.

// inquiryAudit is what the audit trail keeps of an inquiry.
type inquiryAudit struct {
	Title     string                   `json:"title"`
	Intro     string                   `json:"intro,omitempty"`
	DueOn     string                   `json:"due_on"`
	Selection tillit.InquirySelection  `json:"selection"`
	Questions []tillit.InquiryQuestion `json:"questions"`
}

func auditOfInquiry(q *tillit.Inquiry) inquiryAudit {
	return inquiryAudit{Title: q.Title, Intro: q.Intro, DueOn: q.DueOn.Format(time.DateOnly), Selection: q.Selection,
		Questions: incidentList(q.Questions)}
}

// CreateInquiry stores a new draft and sets its ID and creation stamp.
func (db *DB) CreateInquiry(ctx context.Context, actor tillit.Actor, q *tillit.Inquiry) error {
	q.Status = tillit.InquiryDraft
	if err := q.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.checkInquiryRefs(ctx, q); err != nil {
			return err
		}
		questions, err := json.Marshal(q.Questions)
		if err != nil {
			return err
		}
		s := q.Selection
		id, err := tx.insert(ctx, `INSERT INTO inquiries (title, intro, due_on, incident_id, country, category_id, product, status, questions,
			created_at, created_by, created_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)`,
			q.Title, q.Intro, dateString(q.DueOn), nullID(s.IncidentID), s.Country, nullID(s.CategoryID), s.Product, string(questions),
			tx.now, nullID(actor.UserID), actor.Name)
		if err != nil {
			return err
		}
		q.ID, q.CreatedAt, q.CreatedBy = id, tx.now, actor.Name
		return tx.audit(ctx, actor, "inquiry.created", "inquiry", id, nil, auditOfInquiry(q))
	})
	if err != nil {
		return fmt.Errorf("sqldb.CreateInquiry: %w", err)
	}
	return nil
}

// UpdateInquiry replaces what a draft says and how it chooses its
// recipients; a sent inquiry no longer changes (ECONFLICT).
func (db *DB) UpdateInquiry(ctx context.Context, actor tillit.Actor, q *tillit.Inquiry) error {
	q.Status = tillit.InquiryDraft
	if err := q.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		before, err := tx.findInquiry(ctx, q.ID, true)
		if err != nil {
			return err
		}
		if !before.Editable() {
			return tillit.Errorf(tillit.ECONFLICT, "The inquiry has been sent and can no longer be changed.")
		}
		if err := tx.checkInquiryRefs(ctx, q); err != nil {
			return err
		}
		questions, err := json.Marshal(q.Questions)
		if err != nil {
			return err
		}
		s := q.Selection
		if _, err := tx.exec(ctx, `UPDATE inquiries SET title = ?, intro = ?, due_on = ?, incident_id = ?, country = ?, category_id = ?,
			product = ?, questions = ? WHERE id = ?`, q.Title, q.Intro, dateString(q.DueOn), nullID(s.IncidentID), s.Country, nullID(s.CategoryID),
			s.Product, string(questions), q.ID); err != nil {
			return err
		}
		q.CreatedAt, q.CreatedBy = before.CreatedAt, before.CreatedBy
		return tx.audit(ctx, actor, "inquiry.updated", "inquiry", q.ID, auditOfInquiry(before), auditOfInquiry(q))
	})
	if err != nil {
		return fmt.Errorf("sqldb.UpdateInquiry: %w", err)
	}
	return nil
}

// checkInquiryRefs refuses an incident or category that does not exist.
func (tx *Tx) checkInquiryRefs(ctx context.Context, q *tillit.Inquiry) error {
	for _, c := range []struct {
		id    int64
		q     string
		field string
		msg   tillit.Message
	}{
		{q.Selection.IncidentID, "SELECT count(*) FROM incidents WHERE id = ?", "selection", tillit.Msg("The incident was not found; start from the incident's page again.")},
		{q.Selection.CategoryID, "SELECT count(*) FROM categories WHERE id = ?", "category_id", tillit.Msg("Choose the category from the list.")},
	} {
		if c.id == 0 {
			continue
		}
		var n int
		if err := tx.queryRow(ctx, c.q, c.id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return incidentField(c.field, c.msg)
		}
	}
	return nil
}

// FindInquiry returns one inquiry, or ENOTFOUND.
func (db *DB) FindInquiry(ctx context.Context, id int64) (*tillit.Inquiry, error) {
	var q *tillit.Inquiry
	err := db.read(ctx, func(tx *Tx) (err error) { q, err = tx.findInquiry(ctx, id, false); return err })
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindInquiry: %w", err)
	}
	return q, nil
}

const inquiryColumns = `q.id, q.title, q.intro, q.due_on, COALESCE(q.incident_id, 0), q.country, COALESCE(q.category_id, 0), q.product,
	q.status, q.questions, q.created_at, q.created_by_name, q.sent_at, q.closed_at`

func scanInquiry(s interface{ Scan(...any) error }) (*tillit.Inquiry, error) {
	q := &tillit.Inquiry{}
	var due dateScan
	var questions string
	var sent, closed sql.NullTime
	err := s.Scan(&q.ID, &q.Title, &q.Intro, &due, &q.Selection.IncidentID, &q.Selection.Country, &q.Selection.CategoryID, &q.Selection.Product,
		&q.Status, &questions, &q.CreatedAt, &q.CreatedBy, &sent, &closed)
	if err != nil {
		return nil, err
	}
	q.DueOn, q.CreatedAt = due.t, q.CreatedAt.UTC()
	if sent.Valid {
		q.SentAt = sent.Time.UTC()
	}
	if closed.Valid {
		q.ClosedAt = closed.Time.UTC()
	}
	if err := json.Unmarshal([]byte(questions), &q.Questions); err != nil {
		return nil, fmt.Errorf("inquiry %d: stored questions: %w", q.ID, err)
	}
	return q, nil
}

func (tx *Tx) findInquiry(ctx context.Context, id int64, lock bool) (*tillit.Inquiry, error) {
	qs := "SELECT " + inquiryColumns + " FROM inquiries q WHERE q.id = ?"
	if lock && tx.dialect == Postgres {
		qs += " FOR UPDATE"
	}
	q, err := scanInquiry(tx.queryRow(ctx, qs, id))
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "There is no inquiry %d.", id)
	}
	return q, err
}

// InquiryRow is one inquiry in a list, with how far its answers are.
type InquiryRow struct {
	ID         int64
	Title      string
	Status     tillit.InquiryStatus
	DueOn      time.Time
	IncidentID int64
	CreatedAt  time.Time
	SentAt     time.Time
	Requests   int // suppliers asked
	Answered   int // of them, those who submitted
}

// InquiryFilter narrows the list; zero values mean any.
type InquiryFilter struct {
	Status     tillit.InquiryStatus
	IncidentID int64
	Limit      int // at most 500; 0 means 200
}

// FindInquiries lists inquiries, the latest created first.
func (db *DB) FindInquiries(ctx context.Context, f InquiryFilter) ([]InquiryRow, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	q := `SELECT q.id, q.title, q.status, q.due_on, COALESCE(q.incident_id, 0), q.created_at, q.sent_at,
		(SELECT count(*) FROM inquiry_requests r WHERE r.inquiry_id = q.id),
		(SELECT count(*) FROM inquiry_requests r WHERE r.inquiry_id = q.id AND r.status = 'answered')
		FROM inquiries q WHERE 1=1`
	var args []any
	if f.Status != "" {
		q += " AND q.status = ?"
		args = append(args, f.Status)
	}
	if f.IncidentID != 0 {
		q += " AND q.incident_id = ?"
		args = append(args, f.IncidentID)
	}
	q += " ORDER BY q.created_at DESC, q.id DESC LIMIT ?"
	args = append(args, f.Limit)
	out, err := readAll(ctx, db, q, args, func(rows *sql.Rows) (InquiryRow, error) {
		var r InquiryRow
		var due dateScan
		var sent sql.NullTime
		err := rows.Scan(&r.ID, &r.Title, &r.Status, &due, &r.IncidentID, &r.CreatedAt, &sent, &r.Requests, &r.Answered)
		r.DueOn, r.CreatedAt = due.t, r.CreatedAt.UTC()
		if sent.Valid {
			r.SentAt = sent.Time.UTC()
		}
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindInquiries: %w", err)
	}
	return out, nil
}

// InquiryRecipient is a supplier the selection reaches, with the sites
// that put it there (none when it is chosen by its contracts alone).
type InquiryRecipient struct {
	SupplierID int64
	Name       string
	Sites      []string // "Name (City, CC)"
}

// InquiryRecipients resolves a selection to suppliers, by name, as the
// data stands now:
//
//   - from an incident: the suppliers its exposure lists (see
//     IncidentExposure);
//   - otherwise, with a country or a product: the owners of production
//     sites in the country whose products mention the product
//     (case-insensitive), and who, when a category is given, hold a
//     contract in it in force today or later;
//   - with a category alone: every supplier holding such a contract.
func (db *DB) InquiryRecipients(ctx context.Context, sel tillit.InquirySelection) ([]InquiryRecipient, error) {
	if sel.IncidentID != 0 {
		in, err := db.FindIncident(ctx, sel.IncidentID)
		if err != nil {
			return nil, err
		}
		e, err := db.IncidentExposure(ctx, in)
		if err != nil {
			return nil, err
		}
		byID := map[int64]*InquiryRecipient{}
		var out []InquiryRecipient
		for _, s := range e.Suppliers {
			out = append(out, InquiryRecipient{SupplierID: s.ID, Name: s.Name})
		}
		for i := range out {
			byID[out[i].SupplierID] = &out[i]
		}
		for _, s := range e.Sites {
			if r := byID[s.SupplierID]; r != nil {
				r.Sites = append(r.Sites, siteLabel(s.Name, s.City, s.Country))
			}
		}
		return out, nil
	}
	if sel.Empty() {
		return nil, nil
	}
	today := dateString(tillit.SwedishDay(db.now()))
	product := strings.ToLower(strings.TrimSpace(sel.Product))
	var out []InquiryRecipient
	err := db.read(ctx, func(tx *Tx) error {
		if sel.Country == "" && product == "" {
			var err error
			out, err = collect(ctx, tx, `SELECT DISTINCT o.id, o.name FROM contracts c JOIN organisations o ON o.id = c.supplier_id
				WHERE c.category_id = ? AND c.end_date >= ? ORDER BY o.name, o.id`, []any{sel.CategoryID, today},
				func(r *sql.Rows) (InquiryRecipient, error) {
					var x InquiryRecipient
					return x, r.Scan(&x.SupplierID, &x.Name)
				})
			return err
		}
		q := `SELECT s.supplier_id, o.name, s.name, s.city, s.country, s.products FROM production_sites s
			JOIN organisations o ON o.id = s.supplier_id WHERE o.kind = 'supplier'`
		var args []any
		if sel.Country != "" {
			q += " AND s.country = ?"
			args = append(args, sel.Country)
		}
		if sel.CategoryID != 0 {
			q += " AND EXISTS (SELECT 1 FROM contracts c WHERE c.supplier_id = s.supplier_id AND c.category_id = ? AND c.end_date >= ?)"
			args = append(args, sel.CategoryID, today)
		}
		q += " ORDER BY o.name, o.id, s.name, s.id"
		type site struct {
			supplier       int64
			owner, label   string
			name, products string
		}
		sites, err := collect(ctx, tx, q, args, func(r *sql.Rows) (site, error) {
			var s site
			var city, country string
			err := r.Scan(&s.supplier, &s.owner, &s.name, &city, &country, &s.products)
			s.label = siteLabel(s.name, city, country)
			return s, err
		})
		for _, s := range sites {
			// Folded in Go: SQLite's lower() knows only ASCII.
			if product != "" && !strings.Contains(strings.ToLower(s.products), product) {
				continue
			}
			if n := len(out); n == 0 || out[n-1].SupplierID != s.supplier {
				out = append(out, InquiryRecipient{SupplierID: s.supplier, Name: s.owner})
			}
			out[len(out)-1].Sites = append(out[len(out)-1].Sites, s.label)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.InquiryRecipients: %w", err)
	}
	return out, nil
}

func siteLabel(name, city, country string) string {
	if city == "" {
		return name + " (" + country + ")"
	}
	return name + " (" + city + ", " + country + ")"
}

// SendInquiry sends the draft to the chosen suppliers, which must be
// among those its selection reaches now: one request each, with a random
// public id, in one transaction with the inquiry's new status and one
// audit event naming them all. It returns the requests.
func (db *DB) SendInquiry(ctx context.Context, actor tillit.Actor, id int64, supplierIDs []int64) ([]tillit.InquiryRequest, error) {
	q, err := db.FindInquiry(ctx, id)
	if err != nil {
		return nil, err
	}
	reach, err := db.InquiryRecipients(ctx, q.Selection)
	if err != nil {
		return nil, err
	}
	chosen := map[int64]bool{}
	for _, s := range supplierIDs {
		chosen[s] = true
	}
	var to []InquiryRecipient
	for _, r := range reach {
		if chosen[r.SupplierID] {
			to = append(to, r)
			delete(chosen, r.SupplierID)
		}
	}
	if len(chosen) > 0 {
		return nil, incidentField("supplier", tillit.Msg("A chosen supplier is no longer among the recipients. Look at the list again and send."))
	}
	var out []tillit.InquiryRequest
	chosenFrom := q.Selection
	err = db.write(ctx, func(tx *Tx) error {
		q, err := tx.findInquiry(ctx, id, true)
		if err != nil {
			return err
		}
		// The recipients were found before this transaction: if the
		// selection was changed meanwhile, they may no longer match it.
		if q.Selection != chosenFrom {
			return tillit.Errorf(tillit.ECONFLICT, "The inquiry's recipients were changed while it was being sent. Look at the list again and send.")
		}
		if err := q.Send(tx.now, len(to)); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE inquiries SET status = 'sent', sent_at = ? WHERE id = ?", tx.now, id); err != nil {
			return err
		}
		type sentTo struct {
			SupplierID int64  `json:"supplier_id"`
			PublicID   string `json:"public_id"`
		}
		var audit []sentTo
		for _, r := range to {
			rq := tillit.InquiryRequest{PublicID: NewPublicID(), InquiryID: id, SupplierID: r.SupplierID, Supplier: r.Name,
				Status: tillit.InquiryRequestSent, SentAt: tx.now}
			if rq.ID, err = tx.insert(ctx, `INSERT INTO inquiry_requests (public_id, inquiry_id, supplier_id, status, sent_at) VALUES (?, ?, ?, 'sent', ?)`,
				rq.PublicID, id, r.SupplierID, tx.now); err != nil {
				return err
			}
			out = append(out, rq)
			audit = append(audit, sentTo{r.SupplierID, rq.PublicID})
		}
		return tx.audit(ctx, actor, "inquiry.sent", "inquiry", id, nil, map[string]any{"requests": audit, "due_on": q.DueOn.Format(time.DateOnly)})
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.SendInquiry: %w", err)
	}
	return out, nil
}

// CloseInquiry ends answering and reminding.
func (db *DB) CloseInquiry(ctx context.Context, actor tillit.Actor, id int64) (*tillit.Inquiry, error) {
	var q *tillit.Inquiry
	err := db.write(ctx, func(tx *Tx) error {
		var err error
		if q, err = tx.findInquiry(ctx, id, true); err != nil {
			return err
		}
		if err := q.Close(tx.now); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE inquiries SET status = 'closed', closed_at = ? WHERE id = ?", tx.now, id); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "inquiry.closed", "inquiry", id, map[string]any{"status": tillit.InquirySent}, map[string]any{"status": tillit.InquiryClosed})
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.CloseInquiry: %w", err)
	}
	return q, nil
}

// InquiryRequestRow is one request in the portal's list.
type InquiryRequestRow struct {
	PublicID      string
	InquiryID     int64
	Title         string
	InquiryStatus tillit.InquiryStatus
	SupplierID    int64
	Supplier      string
	Status        tillit.InquiryRequestStatus
	DueOn         time.Time
	SentAt        time.Time
	AnsweredAt    time.Time
}

// FindInquiryRequests lists the requests the scope may read (a supplier
// its own companies'), the soonest due first; open ones only with open.
func (db *DB) FindInquiryRequests(ctx context.Context, scope tillit.Scope, open bool) ([]InquiryRequestRow, error) {
	q, args := scopeRequestSQL(`SELECT r.public_id, r.inquiry_id, q.title, q.status, r.supplier_id, o.name, r.status, q.due_on, r.sent_at, r.answered_at
		FROM inquiry_requests r JOIN inquiries q ON q.id = r.inquiry_id JOIN organisations o ON o.id = r.supplier_id WHERE 1=1`, nil, scope)
	if open {
		q += " AND r.status = 'sent' AND q.status = 'sent'"
	}
	q += " ORDER BY q.due_on, q.id, o.name LIMIT 500"
	out, err := readAll(ctx, db, q, args, func(rows *sql.Rows) (InquiryRequestRow, error) {
		var r InquiryRequestRow
		var due dateScan
		var answered sql.NullTime
		err := rows.Scan(&r.PublicID, &r.InquiryID, &r.Title, &r.InquiryStatus, &r.SupplierID, &r.Supplier, &r.Status, &due, &r.SentAt, &answered)
		r.DueOn, r.SentAt = due.t, r.SentAt.UTC()
		if answered.Valid {
			r.AnsweredAt = answered.Time.UTC()
		}
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindInquiryRequests: %w", err)
	}
	return out, nil
}

const inquiryRequestColumns = `r.id, r.public_id, r.inquiry_id, r.supplier_id, o.name, r.status, r.sent_at, r.saved_at, r.answered_at,
	r.answered_by_name, r.reminders`

func scanInquiryRequest(s interface{ Scan(...any) error }) (*tillit.InquiryRequest, error) {
	r := &tillit.InquiryRequest{}
	var saved, answered sql.NullTime
	err := s.Scan(&r.ID, &r.PublicID, &r.InquiryID, &r.SupplierID, &r.Supplier, &r.Status, &r.SentAt, &saved, &answered, &r.AnsweredBy, &r.Reminders)
	r.SentAt = r.SentAt.UTC()
	if saved.Valid {
		r.SavedAt = saved.Time.UTC()
	}
	if answered.Valid {
		r.AnsweredAt = answered.Time.UTC()
	}
	return r, err
}

// fillAnswers reads the answers and files of the requests, for an
// inquiry of n questions.
func (tx *Tx) fillAnswers(ctx context.Context, n int, rs []*tillit.InquiryRequest) error {
	if len(rs) == 0 {
		return nil
	}
	byID := map[int64]*tillit.InquiryRequest{}
	var ids []any
	for _, r := range rs {
		r.Answers = make([]tillit.InquiryAnswer, n)
		byID[r.ID] = r
		ids = append(ids, r.ID)
	}
	in := " IN (" + placeholders(len(ids)) + ")"
	type val struct {
		req   int64
		pos   int
		value string
	}
	vals, err := collect(ctx, tx, "SELECT request_id, position, value FROM inquiry_answers WHERE request_id"+in, ids, func(rows *sql.Rows) (val, error) {
		var v val
		return v, rows.Scan(&v.req, &v.pos, &v.value)
	})
	if err != nil {
		return err
	}
	for _, v := range vals {
		if r := byID[v.req]; r != nil && v.pos >= 0 && v.pos < n {
			r.Answers[v.pos].Value = v.value
		}
	}
	type file struct {
		req int64
		pos int
		f   tillit.InquiryFileRef
	}
	files, err := collect(ctx, tx, "SELECT request_id, position, id, hash, name, size, content_type FROM inquiry_files WHERE request_id"+in+" ORDER BY id", ids,
		func(rows *sql.Rows) (file, error) {
			var x file
			return x, rows.Scan(&x.req, &x.pos, &x.f.ID, &x.f.Hash, &x.f.Name, &x.f.Size, &x.f.ContentType)
		})
	if err != nil {
		return err
	}
	for _, x := range files {
		if r := byID[x.req]; r != nil && x.pos >= 0 && x.pos < n {
			r.Answers[x.pos].Files = append(r.Answers[x.pos].Files, x.f)
		}
	}
	return nil
}

// InquiryAnswers returns every request of the inquiry with its answers,
// by supplier name: what the summary, the export and the API show.
func (db *DB) InquiryAnswers(ctx context.Context, q *tillit.Inquiry) ([]*tillit.InquiryRequest, error) {
	var out []*tillit.InquiryRequest
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, "SELECT "+inquiryRequestColumns+` FROM inquiry_requests r JOIN organisations o ON o.id = r.supplier_id
			WHERE r.inquiry_id = ? ORDER BY o.name, r.id`, []any{q.ID}, func(rows *sql.Rows) (*tillit.InquiryRequest, error) { return scanInquiryRequest(rows) })
		if err != nil {
			return err
		}
		return tx.fillAnswers(ctx, len(q.Questions), out)
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.InquiryAnswers: %w", err)
	}
	return out, nil
}

func errInquiryRequestNotFound() error {
	return tillit.Errorf(tillit.ENOTFOUND, "The inquiry was not found. Check the address, or start from the portal.")
}

// FindInquiryRequest returns the request with the public id, with its
// answers and its inquiry, if the scope may read it; ENOTFOUND otherwise,
// exactly as when there is none.
func (db *DB) FindInquiryRequest(ctx context.Context, scope tillit.Scope, publicID string) (*tillit.InquiryRequest, *tillit.Inquiry, error) {
	var r *tillit.InquiryRequest
	var q *tillit.Inquiry
	err := db.read(ctx, func(tx *Tx) (err error) {
		r, q, err = tx.findInquiryRequest(ctx, scope, publicID, false)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("sqldb.FindInquiryRequest: %w", err)
	}
	return r, q, nil
}

func (tx *Tx) findInquiryRequest(ctx context.Context, scope tillit.Scope, publicID string, lock bool) (*tillit.InquiryRequest, *tillit.Inquiry, error) {
	if !validPublicID(publicID) {
		return nil, nil, errInquiryRequestNotFound()
	}
	qs, args := scopeRequestSQL("SELECT "+inquiryRequestColumns+" FROM inquiry_requests r JOIN organisations o ON o.id = r.supplier_id WHERE r.public_id = ?",
		[]any{publicID}, scope)
	if lock && tx.dialect == Postgres {
		qs += " FOR UPDATE OF r"
	}
	r, err := scanInquiryRequest(tx.queryRow(ctx, qs, args...))
	if isNoRows(err) {
		return nil, nil, errInquiryRequestNotFound()
	}
	if err != nil {
		return nil, nil, err
	}
	q, err := tx.findInquiry(ctx, r.InquiryID, false)
	if err != nil {
		return nil, nil, err
	}
	return r, q, tx.fillAnswers(ctx, len(q.Questions), []*tillit.InquiryRequest{r})
}

// InquiryUpload is a file stored in the file store, to be given as the
// answer to question Position.
type InquiryUpload struct {
	Position int
	tillit.InquiryFileRef
}

// AnswerInquiry saves the supplier's answers to the request with the
// public id, read within the scope: in gives, by question, the text or
// yes/no and the ids of the files to keep (others are dropped); uploads
// are added. With submit the answers are then submitted and locked; when
// that fails because mandatory answers are missing, the draft is kept and
// the error says which.
func (db *DB) AnswerInquiry(ctx context.Context, actor tillit.Actor, scope tillit.Scope, publicID string, in []tillit.InquiryAnswerInput,
	uploads []InquiryUpload, submit bool) (*tillit.InquiryRequest, error) {
	var r *tillit.InquiryRequest
	var submitErr error
	err := db.write(ctx, func(tx *Tx) error {
		var q *tillit.Inquiry
		var err error
		if r, q, err = tx.findInquiryRequest(ctx, scope, publicID, true); err != nil {
			return err
		}
		if !tillit.Can(actor, tillit.ActAnswerInquiry, tillit.Resource{SupplierID: r.SupplierID}) {
			return tillit.Errorf(tillit.EFORBIDDEN, "Only the supplier's own staff can answer its inquiries.")
		}
		if err := r.Answerable(q); err != nil {
			return err
		}
		if len(in) != len(q.Questions) {
			return tillit.Errorf(tillit.EINVALID, "The form does not match the inquiry's questions. Reload the page and answer again.")
		}
		// The files kept are those the request has at that question; new
		// uploads get their rows now, and so their ids.
		have := map[int64]int{}
		for i, a := range r.Answers {
			for _, f := range a.Files {
				have[f.ID] = i
			}
		}
		keep := map[int64]bool{}
		for i := range in {
			var files []tillit.InquiryFileRef
			for _, f := range in[i].Files {
				if pos, ok := have[f.ID]; ok && pos == i && !keep[f.ID] {
					keep[f.ID] = true
					for _, g := range r.Answers[i].Files {
						if g.ID == f.ID {
							files = append(files, g)
						}
					}
				}
			}
			in[i].Files = files
		}
		for _, u := range uploads {
			if u.Position < 0 || u.Position >= len(in) {
				return tillit.Errorf(tillit.EINVALID, "The form does not match the inquiry's questions. Reload the page and answer again.")
			}
			f := u.InquiryFileRef
			if f.ID, err = tx.insert(ctx, `INSERT INTO inquiry_files (request_id, position, hash, name, size, content_type, uploaded_by, uploaded_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, u.Position, f.Hash, f.Name, f.Size, f.ContentType, nullID(actor.UserID), tx.now); err != nil {
				return err
			}
			in[u.Position].Files = append(in[u.Position].Files, f)
		}
		for id := range have {
			if !keep[id] {
				if _, err := tx.exec(ctx, "DELETE FROM inquiry_files WHERE id = ?", id); err != nil {
					return err
				}
			}
		}
		if err := r.SaveAnswers(q, actor, tx.now, in); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM inquiry_answers WHERE request_id = ?", r.ID); err != nil {
			return err
		}
		for i, a := range r.Answers {
			if a.Value == "" {
				continue
			}
			if _, err := tx.exec(ctx, "INSERT INTO inquiry_answers (request_id, position, value) VALUES (?, ?, ?)", r.ID, i, a.Value); err != nil {
				return err
			}
		}
		action := "inquiry.answers_saved"
		if submit {
			if submitErr = r.Submit(q, actor, tx.now); submitErr == nil {
				action = "inquiry.answered"
			} else if tillit.ErrorCode(submitErr) != tillit.EINVALID {
				return submitErr
			}
		}
		if _, err := tx.exec(ctx, `UPDATE inquiry_requests SET status = ?, saved_at = ?, answered_at = ?, answered_by = ?, answered_by_name = ? WHERE id = ?`,
			r.Status, tx.now, nullTime(r.AnsweredAt), nullIDIf(r.Status == tillit.InquiryRequestAnswered, actor.UserID), r.AnsweredBy, r.ID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, action, "inquiry_request", r.ID, nil, map[string]any{"public_id": r.PublicID, "answers": auditOfAnswers(r.Answers)})
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.AnswerInquiry: %w", err)
	}
	return r, submitErr
}

func nullIDIf(ok bool, id int64) any {
	if !ok {
		return nil
	}
	return nullID(id)
}

// auditOfAnswers writes answers for the audit trail: files by name and hash.
func auditOfAnswers(as []tillit.InquiryAnswer) []map[string]any {
	out := []map[string]any{}
	for _, a := range as {
		m := map[string]any{"value": a.Value}
		if len(a.Files) > 0 {
			var fs []string
			for _, f := range a.Files {
				fs = append(fs, f.Name+" "+f.Hash)
			}
			m["files"] = fs
		}
		out = append(out, m)
	}
	return out
}

// InquiryFile is a file given as an answer, with the request it belongs to.
type InquiryFile struct {
	tillit.InquiryFileRef
	RequestID  int64
	InquiryID  int64
	SupplierID int64
	UploadedAt time.Time
}

// FindInquiryFile returns the file if it belongs to the inquiry (for the
// office) or to the request with the public id within the scope (for the
// supplier); ENOTFOUND otherwise.
func (db *DB) FindInquiryFile(ctx context.Context, scope tillit.Scope, inquiryID int64, publicID string, fileID int64) (*InquiryFile, error) {
	qs := `SELECT f.id, f.hash, f.name, f.size, f.content_type, r.id, r.inquiry_id, r.supplier_id, f.uploaded_at
		FROM inquiry_files f JOIN inquiry_requests r ON r.id = f.request_id WHERE f.id = ?`
	args := []any{fileID}
	if publicID != "" {
		if !validPublicID(publicID) {
			return nil, tillit.Errorf(tillit.ENOTFOUND, "The file was not found.")
		}
		qs += " AND r.public_id = ?"
		args = append(args, publicID)
	} else {
		qs += " AND r.inquiry_id = ?"
		args = append(args, inquiryID)
	}
	qs, args = scopeRequestSQL(qs, args, scope)
	var f InquiryFile
	err := db.read(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, qs, args...).Scan(&f.ID, &f.Hash, &f.Name, &f.Size, &f.ContentType, &f.RequestID, &f.InquiryID, &f.SupplierID, &f.UploadedAt)
	})
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "The file was not found.")
	}
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindInquiryFile: %w", err)
	}
	return &f, nil
}

// InquiryMail is a mail the worker owes for one request: the invitation
// when it is sent (MailSent), or a reminder before or after the due date
// (MailBeforeDue, MailAfterDue), as for questionnaires.
type InquiryMail struct {
	RequestID  int64
	PublicID   string
	SupplierID int64
	Supplier   string
	Title      string
	DueOn      time.Time
	Kind       string
}

// InquiryMailsDue lists the mails owed now, each kind at most once per
// request, for requests not answered of inquiries not closed. The
// reminder before the due date waits until the request is two days old,
// so a short deadline does not bring two mails at once.
func (db *DB) InquiryMailsDue(ctx context.Context, limit int) ([]InquiryMail, error) {
	now := db.now()
	today := tillit.SwedishDay(now)
	base := `SELECT r.id, r.public_id, r.supplier_id, o.name, q.title, q.due_on, '%s'
		FROM inquiry_requests r JOIN inquiries q ON q.id = r.inquiry_id JOIN organisations o ON o.id = r.supplier_id
		WHERE r.status = 'sent' AND q.status = 'sent' AND %s AND NOT EXISTS (SELECT 1 FROM inquiry_mails m WHERE m.request_id = r.id AND m.kind = '%s')`
	parts := []struct {
		kind, where string
		args        []any
	}{
		{MailSent, "1=1", nil},
		{MailBeforeDue, "q.due_on >= ? AND q.due_on <= ? AND r.sent_at < ?", []any{dateString(today), dateString(today.AddDate(0, 0, ReminderLead)), now.Add(-48 * time.Hour)}},
		{MailAfterDue, "q.due_on < ?", []any{dateString(today)}},
	}
	var qs []string
	var args []any
	for _, p := range parts {
		qs = append(qs, fmt.Sprintf(base, p.kind, p.where, p.kind))
		args = append(args, p.args...)
	}
	q := strings.Join(qs, " UNION ALL ") + " ORDER BY 1 LIMIT ?"
	args = append(args, limit)
	out, err := readAll(ctx, db, q, args, func(rows *sql.Rows) (InquiryMail, error) {
		var m InquiryMail
		var due dateScan
		err := rows.Scan(&m.RequestID, &m.PublicID, &m.SupplierID, &m.Supplier, &m.Title, &due, &m.Kind)
		m.DueOn = due.t
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.InquiryMailsDue: %w", err)
	}
	// The invitation goes before the reminders of the same request.
	order := map[string]int{MailSent: 0, MailBeforeDue: 1, MailAfterDue: 2}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].RequestID < out[j].RequestID || out[i].RequestID == out[j].RequestID && order[out[i].Kind] < order[out[j].Kind]
	})
	return out, nil
}

// ClaimInquiryMail records that the mail is being sent, counting a
// reminder on the request; false when another worker claimed it first.
func (db *DB) ClaimInquiryMail(ctx context.Context, m InquiryMail) (bool, error) {
	claimed := false
	err := db.write(ctx, func(tx *Tx) error {
		// ON CONFLICT rather than catching the unique violation, which
		// would leave a PostgreSQL transaction aborted: another instance
		// claimed it first, and this one simply does not send it.
		res, err := tx.exec(ctx, "INSERT INTO inquiry_mails (request_id, kind, claimed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", m.RequestID, m.Kind, tx.now)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		claimed = true
		if m.Kind != MailSent {
			_, err = tx.exec(ctx, "UPDATE inquiry_requests SET reminders = reminders + 1 WHERE id = ?", m.RequestID)
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("sqldb.ClaimInquiryMail: %w", err)
	}
	return claimed, nil
}

// ReleaseInquiryMail gives a claimed mail back after a failed send, so the
// next run tries again.
func (db *DB) ReleaseInquiryMail(ctx context.Context, m InquiryMail) error {
	err := db.write(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "DELETE FROM inquiry_mails WHERE request_id = ? AND kind = ?", m.RequestID, m.Kind)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 && m.Kind != MailSent {
			_, err = tx.exec(ctx, "UPDATE inquiry_requests SET reminders = reminders - 1 WHERE id = ?", m.RequestID)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("sqldb.ReleaseInquiryMail: %w", err)
	}
	return nil
}
