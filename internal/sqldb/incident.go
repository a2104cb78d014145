package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
)

// Incidents (issue 9): the incident row and what it names (countries with
// places, categories, companies, sites), rewritten together on every edit;
// the assessment; the follow-ups opened from it; and the exposure, which
// is computed from the incident and the current contracts and sites each
// time it is read, in three queries whatever the size of the data.

// incidentAudit is what the audit trail keeps of an incident.
type incidentAudit struct {
	SourceKind  tillit.IncidentSource   `json:"source_kind"`
	SourceName  string                  `json:"source_name"`
	Link        string                  `json:"link,omitempty"`
	ReportedOn  string                  `json:"reported_on"`
	Title       string                  `json:"title"`
	Text        string                  `json:"text,omitempty"`
	Severity    tillit.IncidentSeverity `json:"severity"`
	Countries   []incidentAuditCountry  `json:"countries"`
	CategoryIDs []int64                 `json:"category_ids"`
	Products    []string                `json:"products"`
	SupplierIDs []int64                 `json:"supplier_ids"`
	SiteIDs     []int64                 `json:"site_ids"`
}

type incidentAuditCountry struct {
	Country string   `json:"country"`
	Places  []string `json:"places,omitempty"`
}

func auditOfIncident(in *tillit.Incident) incidentAudit {
	a := incidentAudit{SourceKind: in.SourceKind, SourceName: in.SourceName, Link: in.Link, ReportedOn: in.ReportedOn.Format(time.DateOnly),
		Title: in.Title, Text: in.Text, Severity: in.Severity, Countries: []incidentAuditCountry{},
		CategoryIDs: incidentList(in.CategoryIDs), Products: incidentList(in.Products), SupplierIDs: incidentList(in.SupplierIDs), SiteIDs: incidentList(in.SiteIDs)}
	for _, c := range in.Countries {
		a.Countries = append(a.Countries, incidentAuditCountry{c.Country, c.Places})
	}
	return a
}

func incidentList[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// CreateIncident stores a new, unassessed incident and sets its ID,
// timestamps and version.
func (db *DB) CreateIncident(ctx context.Context, actor tillit.Actor, in *tillit.Incident) error {
	in.Assessment = tillit.IncidentUnassessed
	if err := in.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.checkIncidentRefs(ctx, in); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO incidents (source_kind, source_name, link, reported_on, title, body, severity, products,
			assessment, created_at, created_by, created_by_name, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, 1)`,
			in.SourceKind, in.SourceName, in.Link, dateString(in.ReportedOn), in.Title, in.Text, in.Severity, strings.Join(in.Products, "\n"),
			tx.now, nullID(actor.UserID), actor.Name, tx.now)
		if err != nil {
			return err
		}
		in.ID, in.CreatedAt, in.UpdatedAt, in.CreatedBy, in.Version = id, tx.now, tx.now, actor.Name, 1
		if err := tx.writeIncidentParts(ctx, in); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "incident.created", "incident", id, nil, auditOfIncident(in))
	})
	if err != nil {
		return fmt.Errorf("sqldb.CreateIncident: %w", err)
	}
	return nil
}

// UpdateIncident replaces what an incident says and names; its assessment
// stays. in.Version must be the version the edit was based on.
func (db *DB) UpdateIncident(ctx context.Context, actor tillit.Actor, in *tillit.Incident) error {
	if err := in.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		before, err := tx.findIncident(ctx, in.ID, true)
		if err != nil {
			return err
		}
		if before.Version != in.Version {
			return tillit.Errorf(tillit.ECONFLICT, "Someone else changed the incident while you edited it. Open it again and redo your change.")
		}
		if err := tx.checkIncidentRefs(ctx, in); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE incidents SET source_kind = ?, source_name = ?, link = ?, reported_on = ?, title = ?, body = ?,
			severity = ?, products = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			in.SourceKind, in.SourceName, in.Link, dateString(in.ReportedOn), in.Title, in.Text, in.Severity,
			strings.Join(in.Products, "\n"), tx.now, in.ID); err != nil {
			return err
		}
		for _, t := range []string{"incident_countries", "incident_categories", "incident_suppliers", "incident_sites"} {
			if _, err := tx.exec(ctx, "DELETE FROM "+t+" WHERE incident_id = ?", in.ID); err != nil {
				return err
			}
		}
		if err := tx.writeIncidentParts(ctx, in); err != nil {
			return err
		}
		in.CreatedAt, in.CreatedBy, in.UpdatedAt, in.Version = before.CreatedAt, before.CreatedBy, tx.now, before.Version+1
		in.Assessment, in.AssessmentReason, in.DuplicateOf = before.Assessment, before.AssessmentReason, before.DuplicateOf
		in.AssessedAt, in.AssessedBy = before.AssessedAt, before.AssessedBy
		return tx.audit(ctx, actor, "incident.updated", "incident", in.ID, auditOfIncident(before), auditOfIncident(in))
	})
	if err != nil {
		return fmt.Errorf("sqldb.UpdateIncident: %w", err)
	}
	return nil
}

// checkIncidentRefs refuses categories, suppliers and sites that do not
// exist, naming the field at fault.
func (tx *Tx) checkIncidentRefs(ctx context.Context, in *tillit.Incident) error {
	checks := []struct {
		ids   []int64
		q     string
		field string
		msg   tillit.Message
	}{
		{in.CategoryIDs, "SELECT count(*) FROM categories WHERE id IN (%s)", "category_ids", tillit.Msg("Choose the categories from the list.")},
		{in.SupplierIDs, "SELECT count(*) FROM organisations WHERE kind = 'supplier' AND id IN (%s)", "supplier_ids", tillit.Msg("Choose the companies among the suppliers in tillit.")},
		{in.SiteIDs, "SELECT count(*) FROM production_sites WHERE id IN (%s)", "site_ids", tillit.Msg("Choose the production sites among those in tillit.")},
	}
	for _, c := range checks {
		if len(c.ids) == 0 {
			continue
		}
		var n int
		if err := tx.queryRow(ctx, fmt.Sprintf(c.q, placeholders(len(c.ids))), incidentIDArgs(c.ids)...).Scan(&n); err != nil {
			return err
		}
		if n != len(c.ids) {
			return incidentField(c.field, c.msg)
		}
	}
	return nil
}

func incidentField(field string, m tillit.Message) error {
	return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{field: m}}
}

func incidentIDArgs(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

func (tx *Tx) writeIncidentParts(ctx context.Context, in *tillit.Incident) error {
	for i, c := range in.Countries {
		if _, err := tx.exec(ctx, "INSERT INTO incident_countries (incident_id, position, country, places) VALUES (?, ?, ?, ?)",
			in.ID, i, c.Country, strings.Join(c.Places, "\n")); err != nil {
			return err
		}
	}
	for _, id := range in.CategoryIDs {
		if _, err := tx.exec(ctx, "INSERT INTO incident_categories (incident_id, category_id) VALUES (?, ?)", in.ID, id); err != nil {
			return err
		}
	}
	for _, id := range in.SupplierIDs {
		if _, err := tx.exec(ctx, "INSERT INTO incident_suppliers (incident_id, supplier_id) VALUES (?, ?)", in.ID, id); err != nil {
			return err
		}
	}
	for _, id := range in.SiteIDs {
		if _, err := tx.exec(ctx, "INSERT INTO incident_sites (incident_id, site_id) VALUES (?, ?)", in.ID, id); err != nil {
			return err
		}
	}
	return nil
}

// AssessIncident records a conclusion about an incident: relevant,
// irrelevant, or a duplicate of another incident that must exist.
func (db *DB) AssessIncident(ctx context.Context, actor tillit.Actor, id int64, a tillit.IncidentAssessmentInput) (*tillit.Incident, error) {
	var in *tillit.Incident
	err := db.write(ctx, func(tx *Tx) error {
		var err error
		if in, err = tx.findIncident(ctx, id, true); err != nil {
			return err
		}
		type assessment struct {
			Assessment  tillit.IncidentAssessment `json:"assessment"`
			Reason      string                    `json:"reason,omitempty"`
			DuplicateOf int64                     `json:"duplicate_of,omitempty"`
		}
		before := assessment{in.Assessment, in.AssessmentReason, in.DuplicateOf}
		if err := in.Assess(actor, tx.now, a); err != nil {
			return err
		}
		if in.DuplicateOf != 0 {
			var n int
			if err := tx.queryRow(ctx, "SELECT count(*) FROM incidents WHERE id = ?", in.DuplicateOf).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return incidentField("duplicate_of", tillit.Msg("There is no incident %d; enter the number of the incident this one duplicates.", in.DuplicateOf))
			}
		}
		if _, err := tx.exec(ctx, `UPDATE incidents SET assessment = ?, assessment_reason = ?, duplicate_of = ?, assessed_at = ?,
			assessed_by = ?, assessed_by_name = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			in.Assessment, in.AssessmentReason, nullID(in.DuplicateOf), tx.now, nullID(actor.UserID), actor.Name, tx.now, id); err != nil {
			return err
		}
		in.UpdatedAt, in.Version = tx.now, in.Version+1
		return tx.audit(ctx, actor, "incident.assessed", "incident", id, before, assessment{in.Assessment, in.AssessmentReason, in.DuplicateOf})
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.AssessIncident: %w", err)
	}
	return in, nil
}

// IncidentOpening is one follow-up to open from an incident and what came
// of it: the follow-up, or why it was not opened (Err, EINVALID or
// ECONFLICT; other errors undo them all).
type IncidentOpening struct {
	In       tillit.FollowUpInput
	FollowUp *tillit.FollowUp
	Err      error
}

// OpenIncidentFollowUps opens the follow-ups and links them to the incident
// in one transaction: either the follow-ups and their links are all
// recorded or none is. A follow-up that cannot be opened (invalid input,
// or the supplier got an open follow-up in the category meanwhile: on
// SQLite, with its one writer, that check cannot race; on PostgreSQL a
// concurrent opening can still slip between it and the insert) is left
// out with its reason and the others go ahead.
func (db *DB) OpenIncidentFollowUps(ctx context.Context, actor tillit.Actor, incidentID int64, ins []tillit.FollowUpInput) ([]IncidentOpening, error) {
	out := make([]IncidentOpening, len(ins))
	err := db.write(ctx, func(tx *Tx) error {
		var opened []int64
		for i, in := range ins {
			out[i] = IncidentOpening{In: in}
			var open int
			if err := tx.queryRow(ctx, "SELECT count(*) FROM followups WHERE supplier_id = ? AND category_id = ? AND status = 'open'",
				in.SupplierID, in.CategoryID).Scan(&open); err != nil {
				return err
			}
			if open > 0 {
				out[i].Err = tillit.Errorf(tillit.ECONFLICT, "The supplier already has an open follow-up in this category.")
				continue
			}
			// A savepoint, so a follow-up refused half-way leaves nothing
			// behind while the others are kept. (openFollowUp validates
			// before it writes today; the savepoint keeps that true if a
			// later check comes after a write.)
			if _, err := tx.exec(ctx, "SAVEPOINT incident_followup"); err != nil {
				return err
			}
			f, err := tx.openFollowUp(ctx, actor, in)
			if code := tillit.ErrorCode(err); code == tillit.EINVALID || code == tillit.ECONFLICT {
				if _, rerr := tx.exec(ctx, "ROLLBACK TO SAVEPOINT incident_followup"); rerr != nil {
					return rerr
				}
				if _, rerr := tx.exec(ctx, "RELEASE SAVEPOINT incident_followup"); rerr != nil {
					return rerr
				}
				out[i].Err = err
				continue
			} else if err != nil {
				return err
			}
			if _, err := tx.exec(ctx, "RELEASE SAVEPOINT incident_followup"); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, "INSERT INTO incident_followups (incident_id, followup_id) VALUES (?, ?)", incidentID, f.ID); err != nil {
				return err
			}
			out[i].FollowUp = f
			opened = append(opened, f.ID)
		}
		if len(opened) == 0 {
			return nil
		}
		type linked struct {
			FollowUpIDs []int64 `json:"followup_ids"`
		}
		return tx.audit(ctx, actor, "incident.followups_opened", "incident", incidentID, nil, linked{opened})
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.OpenIncidentFollowUps: %w", err)
	}
	return out, nil
}

// FindIncident returns one incident with what it names, or ENOTFOUND.
func (db *DB) FindIncident(ctx context.Context, id int64) (*tillit.Incident, error) {
	var in *tillit.Incident
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		in, err = tx.findIncident(ctx, id, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindIncident: %w", err)
	}
	return in, nil
}

func (tx *Tx) findIncident(ctx context.Context, id int64, lock bool) (*tillit.Incident, error) {
	q := `SELECT id, source_kind, source_name, link, reported_on, title, body, severity, products, assessment, assessment_reason,
		duplicate_of, assessed_at, assessed_by_name, created_at, created_by_name, updated_at, version FROM incidents WHERE id = ?`
	if lock && tx.dialect == Postgres {
		q += " FOR UPDATE"
	}
	in := &tillit.Incident{}
	var reported dateScan
	var products string
	var dup sql.NullInt64
	var assessed sql.NullTime
	err := tx.queryRow(ctx, q, id).Scan(&in.ID, &in.SourceKind, &in.SourceName, &in.Link, &reported, &in.Title, &in.Text, &in.Severity,
		&products, &in.Assessment, &in.AssessmentReason, &dup, &assessed, &in.AssessedBy, &in.CreatedAt, &in.CreatedBy, &in.UpdatedAt, &in.Version)
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "There is no incident %d.", id)
	}
	if err != nil {
		return nil, err
	}
	in.ReportedOn, in.DuplicateOf = reported.t, dup.Int64
	in.CreatedAt, in.UpdatedAt = in.CreatedAt.UTC(), in.UpdatedAt.UTC()
	if assessed.Valid {
		in.AssessedAt = assessed.Time.UTC()
	}
	if products != "" {
		in.Products = strings.Split(products, "\n")
	}
	args := []any{id}
	if in.Countries, err = collect(ctx, tx, "SELECT country, places FROM incident_countries WHERE incident_id = ? ORDER BY position", args,
		func(r *sql.Rows) (tillit.IncidentCountry, error) {
			var c tillit.IncidentCountry
			var places string
			err := r.Scan(&c.Country, &places)
			if places != "" {
				c.Places = strings.Split(places, "\n")
			}
			return c, err
		}); err != nil {
		return nil, err
	}
	if in.Categories, err = collect(ctx, tx, `SELECT k.id, k.code, k.name_sv, k.name_en FROM incident_categories ic JOIN categories k ON k.id = ic.category_id
		WHERE ic.incident_id = ? ORDER BY k.name_sv, k.id`, args, func(r *sql.Rows) (tillit.Category, error) {
		var c tillit.Category
		err := r.Scan(&c.ID, &c.Code, &c.NameSV, &c.NameEN)
		return c, err
	}); err != nil {
		return nil, err
	}
	for _, c := range in.Categories {
		in.CategoryIDs = append(in.CategoryIDs, c.ID)
	}
	if in.Suppliers, err = collect(ctx, tx, `SELECT o.id, o.name FROM incident_suppliers s JOIN organisations o ON o.id = s.supplier_id
		WHERE s.incident_id = ? ORDER BY o.name, o.id`, args, func(r *sql.Rows) (tillit.IncidentRef, error) {
		var s tillit.IncidentRef
		err := r.Scan(&s.ID, &s.Name)
		return s, err
	}); err != nil {
		return nil, err
	}
	for _, s := range in.Suppliers {
		in.SupplierIDs = append(in.SupplierIDs, s.ID)
	}
	if in.Sites, err = collect(ctx, tx, `SELECT p.id, p.supplier_id, o.name, p.name, p.city, p.country, p.os_hub_id
		FROM incident_sites i JOIN production_sites p ON p.id = i.site_id JOIN organisations o ON o.id = p.supplier_id
		WHERE i.incident_id = ? ORDER BY o.name, p.name, p.id`, args, scanIncidentSite); err != nil {
		return nil, err
	}
	for _, s := range in.Sites {
		in.SiteIDs = append(in.SiteIDs, s.ID)
	}
	if in.FollowUpIDs, err = collect(ctx, tx, "SELECT followup_id FROM incident_followups WHERE incident_id = ? ORDER BY followup_id", args,
		func(r *sql.Rows) (int64, error) {
			var id int64
			err := r.Scan(&id)
			return id, err
		}); err != nil {
		return nil, err
	}
	return in, nil
}

func scanIncidentSite(r *sql.Rows) (tillit.IncidentSite, error) {
	var s tillit.IncidentSite
	err := r.Scan(&s.ID, &s.SupplierID, &s.Supplier, &s.Name, &s.City, &s.Country, &s.OSHubID)
	return s, err
}

// IncidentFilter narrows the list of incidents; zero values mean any.
type IncidentFilter struct {
	Assessment tillit.IncidentAssessment
	Severity   tillit.IncidentSeverity
	Country    string
	Before     IncidentCursor // keyset paging: incidents listed after this one
	Limit      int
}

// IncidentCursor is the position of an incident in the list, which runs
// from the latest reported to the earliest.
type IncidentCursor struct {
	ReportedOn time.Time
	ID         int64
}

// IncidentRow is one incident in a list.
type IncidentRow struct {
	ID          int64
	ReportedOn  time.Time
	Title       string
	Severity    tillit.IncidentSeverity
	SourceKind  tillit.IncidentSource
	SourceName  string
	Assessment  tillit.IncidentAssessment
	DuplicateOf int64
	Countries   string // "PK (Sialkot), MY"
}

// FindIncidents lists incidents, the latest reported first.
func (db *DB) FindIncidents(ctx context.Context, f IncidentFilter) ([]IncidentRow, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q := `SELECT i.id, i.reported_on, i.title, i.severity, i.source_kind, i.source_name, i.assessment, i.duplicate_of
		FROM incidents i WHERE 1=1`
	var args []any
	if f.Assessment != "" {
		q += " AND i.assessment = ?"
		args = append(args, f.Assessment)
	}
	if f.Severity != "" {
		q += " AND i.severity = ?"
		args = append(args, f.Severity)
	}
	if f.Country != "" {
		q += " AND EXISTS (SELECT 1 FROM incident_countries c WHERE c.incident_id = i.id AND c.country = ?)"
		args = append(args, f.Country)
	}
	if f.Before.ID != 0 {
		q += " AND (i.reported_on < ? OR i.reported_on = ? AND i.id < ?)"
		d := dateString(f.Before.ReportedOn)
		args = append(args, d, d, f.Before.ID)
	}
	q += " ORDER BY i.reported_on DESC, i.id DESC LIMIT ?"
	args = append(args, f.Limit)
	var out []IncidentRow
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, q, args, func(r *sql.Rows) (IncidentRow, error) {
			var v IncidentRow
			var reported dateScan
			var dup sql.NullInt64
			err := r.Scan(&v.ID, &reported, &v.Title, &v.Severity, &v.SourceKind, &v.SourceName, &v.Assessment, &dup)
			v.ReportedOn, v.DuplicateOf = reported.t, dup.Int64
			return v, err
		})
		if err != nil || len(out) == 0 {
			return err
		}
		// The countries of the page in one query.
		ids := make([]int64, len(out))
		idx := map[int64]int{}
		for i, v := range out {
			ids[i], idx[v.ID] = v.ID, i
		}
		type place struct {
			id     int64
			c      tillit.IncidentCountry
			places string
		}
		ps, err := collect(ctx, tx, "SELECT incident_id, country, places FROM incident_countries WHERE incident_id IN ("+placeholders(len(ids))+
			") ORDER BY incident_id, position", incidentIDArgs(ids), func(r *sql.Rows) (place, error) {
			var p place
			err := r.Scan(&p.id, &p.c.Country, &p.places)
			return p, err
		})
		byIncident := map[int64]*tillit.Incident{}
		for _, p := range ps {
			in := byIncident[p.id]
			if in == nil {
				in = &tillit.Incident{}
				byIncident[p.id] = in
			}
			if p.places != "" {
				p.c.Places = strings.Split(p.places, "\n")
			}
			in.Countries = append(in.Countries, p.c)
		}
		for id, in := range byIncident {
			out[idx[id]].Countries = in.CountryList()
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindIncidents: %w", err)
	}
	return out, nil
}

// MatchSuppliers finds, for each name, the suppliers whose current or
// former name it is (without regard to case or surrounding spaces): none,
// one, or several when names are shared.
func (db *DB) MatchSuppliers(ctx context.Context, names []string) ([][]tillit.IncidentRef, error) {
	out := make([][]tillit.IncidentRef, len(names))
	if len(names) == 0 {
		return out, nil
	}
	// A wide net in SQL (LIKE folds only ASCII on SQLite), the exact
	// match in Go.
	q := `SELECT o.id, o.name, COALESCE(p.former_names, '') FROM organisations o LEFT JOIN supplier_profiles p ON p.org_id = o.id
		WHERE o.kind = 'supplier' AND (o.name IN (` + placeholders(len(names)) + `)`
	var args []any
	for _, n := range names {
		args = append(args, strings.TrimSpace(n))
	}
	for _, n := range names {
		q += ` OR lower(o.name) = ? OR lower(COALESCE(p.former_names, '')) LIKE ? ESCAPE '\'`
		key := strings.ToLower(strings.TrimSpace(n))
		args = append(args, key, "%"+escapeLike(key)+"%")
	}
	q += ") ORDER BY o.name, o.id"
	err := db.read(ctx, func(tx *Tx) error {
		cands, err := collect(ctx, tx, q, args, func(r *sql.Rows) (tillit.Supplier, error) {
			var s tillit.Supplier
			var former string
			err := r.Scan(&s.ID, &s.Name, &former)
			if former != "" {
				s.FormerNames = strings.Split(former, "\n")
			}
			return s, err
		})
		for i, n := range names {
			for _, s := range cands {
				if s.HasName(n) {
					out[i] = append(out[i], tillit.IncidentRef{ID: s.ID, Name: s.Name})
				}
			}
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.MatchSuppliers: %w", err)
	}
	return out, nil
}

// SiteRef names a production site as a person types it: by its Open
// Supply Hub id, or by its company and its name.
type SiteRef struct {
	OSHubID string
	Company string
	Name    string
}

// MatchSites finds, for each reference, the production sites it names:
// none, one, or several when a company has two sites of the same name.
func (db *DB) MatchSites(ctx context.Context, refs []SiteRef) ([][]tillit.IncidentSite, error) {
	out := make([][]tillit.IncidentSite, len(refs))
	if len(refs) == 0 {
		return out, nil
	}
	var conds []string
	var args []any
	for _, ref := range refs {
		if ref.OSHubID != "" {
			conds = append(conds, "p.os_hub_id = ?")
			args = append(args, strings.ToUpper(strings.TrimSpace(ref.OSHubID)))
		} else {
			conds = append(conds, "(p.name = ? OR lower(p.name) = ?)")
			args = append(args, strings.TrimSpace(ref.Name), strings.ToLower(strings.TrimSpace(ref.Name)))
		}
	}
	q := `SELECT p.id, p.supplier_id, o.name, p.name, p.city, p.country, p.os_hub_id, COALESCE(sp.former_names, '')
		FROM production_sites p JOIN organisations o ON o.id = p.supplier_id LEFT JOIN supplier_profiles sp ON sp.org_id = p.supplier_id
		WHERE ` + strings.Join(conds, " OR ") + " ORDER BY o.name, p.name, p.id"
	err := db.read(ctx, func(tx *Tx) error {
		type cand struct {
			site  tillit.IncidentSite
			owner tillit.Supplier
		}
		cands, err := collect(ctx, tx, q, args, func(r *sql.Rows) (cand, error) {
			var c cand
			var former string
			err := r.Scan(&c.site.ID, &c.site.SupplierID, &c.site.Supplier, &c.site.Name, &c.site.City, &c.site.Country, &c.site.OSHubID, &former)
			c.owner.Name = c.site.Supplier
			if former != "" {
				c.owner.FormerNames = strings.Split(former, "\n")
			}
			return c, err
		})
		for i, ref := range refs {
			for _, c := range cands {
				if ref.OSHubID != "" && strings.EqualFold(c.site.OSHubID, strings.TrimSpace(ref.OSHubID)) ||
					ref.OSHubID == "" && c.owner.HasName(ref.Company) && strings.EqualFold(strings.TrimSpace(c.site.Name), strings.TrimSpace(ref.Name)) {
					out[i] = append(out[i], c.site)
				}
			}
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.MatchSites: %w", err)
	}
	return out, nil
}

// ExposedSite is a production site within an incident's reach, with why.
type ExposedSite struct {
	tillit.ProductionSite
	Supplier  string
	ByCountry bool // in a named country, and at a named place when places are given
	ByCompany bool // a site of a named company
	BySite    bool // named itself
}

// ExposedSupplier is a supplier owning an exposed site.
type ExposedSupplier struct {
	ID        int64
	Name      string
	Sites     int
	Contracts int
}

// ExposedCategory is a category of the exposed contracts.
type ExposedCategory struct {
	ID        int64
	Code      string
	NameSV    string
	NameEN    string
	Suppliers int
	Contracts int
}

// Name returns the category's name in the language ("sv" or "en").
func (c ExposedCategory) Name(lang string) string {
	if lang == "en" {
		return c.NameEN
	}
	return c.NameSV
}

// ExposedRegion is a region holding exposed contracts.
type ExposedRegion struct {
	ID         int64
	Name       string
	CountyCode string
	Suppliers  int
	Contracts  int
}

// ExposedPair is a supplier in a category: what a follow-up is opened for.
type ExposedPair struct {
	SupplierID     int64
	Supplier       string
	CategoryID     int64
	CategorySV     string
	CategoryEN     string
	Contracts      int
	OpenFollowUpID int64 // the supplier's open follow-up in the category, 0 when none
}

// IncidentExposure is what an incident reaches: sites, their owners, the
// owners' contracts in force on or after the incident's date (in the named
// categories, when any are named), the categories and the regions.
type IncidentExposure struct {
	On         time.Time
	Sites      []ExposedSite     // by country, city, supplier and name
	Suppliers  []ExposedSupplier // by name
	Contracts  []ContractRow     // by region, category and start
	Categories []ExposedCategory // by Swedish name
	Regions    []ExposedRegion   // by county code
	Pairs      []ExposedPair     // by supplier, then category
}

// Empty reports whether the incident reaches nothing.
func (e *IncidentExposure) Empty() bool { return len(e.Sites) == 0 }

// IncidentExposure computes what the incident reaches, as the data stands
// now:
//
//   - every production site in a named country (at a named place, when
//     the country has places: a case-insensitive match in the site's city
//     or address), every site of a named company and every named site;
//   - of those, when categories are named, only sites whose owner holds a
//     contract in one of them in force on or after the incident's date;
//     when products are named, only sites whose products mention one of
//     the keywords (case-insensitive);
//   - the suppliers owning them, their contracts in force on or after the
//     incident's date (in the named categories, when any), the categories
//     and the regions holding those contracts, and the supplier's open
//     follow-ups in those categories.
//
// It runs three queries whatever the number of sites and contracts. SQL
// narrows by country, company, site and category; the places and
// products are matched in Go, where case folding knows more than ASCII.
func (db *DB) IncidentExposure(ctx context.Context, in *tillit.Incident) (*IncidentExposure, error) {
	e := &IncidentExposure{On: tillit.DateOf(in.ReportedOn)}
	if !in.Named() {
		return e, nil
	}
	on := dateString(e.On)
	var ors []string
	var where []any
	if len(in.Countries) > 0 {
		ors = append(ors, "s.country IN ("+placeholders(len(in.Countries))+")")
		for _, c := range in.Countries {
			where = append(where, c.Country)
		}
	}
	if len(in.SupplierIDs) > 0 {
		ors = append(ors, "s.supplier_id IN ("+placeholders(len(in.SupplierIDs))+")")
		where = append(where, incidentIDArgs(in.SupplierIDs)...)
	}
	if len(in.SiteIDs) > 0 {
		ors = append(ors, "s.id IN ("+placeholders(len(in.SiteIDs))+")")
		where = append(where, incidentIDArgs(in.SiteIDs)...)
	}
	cond := "(" + strings.Join(ors, " OR ") + ")"
	if len(in.CategoryIDs) > 0 {
		cond += " AND EXISTS (SELECT 1 FROM contracts cc WHERE cc.supplier_id = s.supplier_id AND cc.end_date >= ? AND cc.category_id IN (" +
			placeholders(len(in.CategoryIDs)) + "))"
		where = append(append(where, on), incidentIDArgs(in.CategoryIDs)...)
	}

	err := db.read(ctx, func(tx *Tx) error {
		sites, err := collect(ctx, tx, `SELECT s.id, s.supplier_id, o.name, s.name, s.address, s.city, s.country, s.os_hub_id, s.products
			FROM production_sites s JOIN organisations o ON o.id = s.supplier_id WHERE `+cond+`
			ORDER BY s.country, s.city, o.name, s.name, s.id`, where, func(r *sql.Rows) (ExposedSite, error) {
			var s ExposedSite
			var products string
			err := r.Scan(&s.ID, &s.SupplierID, &s.Supplier, &s.Name, &s.Address, &s.City, &s.Country, &s.OSHubID, &products)
			if products != "" {
				s.Products = strings.Split(products, "\n")
			}
			return s, err
		})
		if err != nil {
			return err
		}
		owners := map[int64]*ExposedSupplier{}
		for _, s := range sites {
			if !exposedBy(in, &s) {
				continue
			}
			e.Sites = append(e.Sites, s)
			o := owners[s.SupplierID]
			if o == nil {
				o = &ExposedSupplier{ID: s.SupplierID, Name: s.Supplier}
				owners[s.SupplierID] = o
			}
			o.Sites++
		}
		if len(owners) == 0 {
			return nil
		}

		// The contracts of the suppliers SQL found, kept for those whose
		// sites also matched the places and products.
		cq := `SELECT c.id, c.region_id, c.supplier_id, c.category_id, c.reference, c.ocid, c.start_date, c.end_date,
			r.name, COALESCE(r.county_code, ''), o.name, k.code, k.name_sv, k.name_en
			FROM contracts c JOIN organisations r ON r.id = c.region_id JOIN organisations o ON o.id = c.supplier_id
			JOIN categories k ON k.id = c.category_id WHERE c.end_date >= ?`
		cargs := []any{on}
		if len(in.CategoryIDs) > 0 {
			cq += " AND c.category_id IN (" + placeholders(len(in.CategoryIDs)) + ")"
			cargs = append(cargs, incidentIDArgs(in.CategoryIDs)...)
		}
		cq += " AND c.supplier_id IN (SELECT s.supplier_id FROM production_sites s WHERE " + cond + ")" +
			" ORDER BY r.county_code, k.name_sv, o.name, c.start_date, c.id"
		contracts, err := collect(ctx, tx, cq, append(cargs, where...), func(r *sql.Rows) (ContractRow, error) {
			var c ContractRow
			var start, end dateScan
			err := r.Scan(&c.ID, &c.RegionID, &c.SupplierID, &c.CategoryID, &c.Reference, &c.OCID, &start, &end,
				&c.Region, &c.CountyCode, &c.Supplier, &c.CategoryCode, &c.CategorySV, &c.CategoryEN)
			c.Start, c.End = start.t, end.t
			return c, err
		})
		if err != nil {
			return err
		}
		type pairKey struct{ supplier, category int64 }
		pairs := map[pairKey]*ExposedPair{}
		cats := map[int64]*ExposedCategory{}
		regions := map[int64]*ExposedRegion{}
		catSuppliers := map[pairKey]bool{}
		regionSuppliers := map[pairKey]bool{}
		for _, c := range contracts {
			o := owners[c.SupplierID]
			if o == nil {
				continue
			}
			e.Contracts = append(e.Contracts, c)
			o.Contracts++
			k := cats[c.CategoryID]
			if k == nil {
				k = &ExposedCategory{ID: c.CategoryID, Code: c.CategoryCode, NameSV: c.CategorySV, NameEN: c.CategoryEN}
				cats[c.CategoryID] = k
			}
			k.Contracts++
			if pk := (pairKey{c.SupplierID, c.CategoryID}); !catSuppliers[pk] {
				catSuppliers[pk] = true
				k.Suppliers++
			}
			rg := regions[c.RegionID]
			if rg == nil {
				rg = &ExposedRegion{ID: c.RegionID, Name: c.Region, CountyCode: c.CountyCode}
				regions[c.RegionID] = rg
			}
			rg.Contracts++
			if rk := (pairKey{c.SupplierID, c.RegionID}); !regionSuppliers[rk] {
				regionSuppliers[rk] = true
				rg.Suppliers++
			}
			pk := pairKey{c.SupplierID, c.CategoryID}
			p := pairs[pk]
			if p == nil {
				p = &ExposedPair{SupplierID: c.SupplierID, Supplier: o.Name, CategoryID: c.CategoryID, CategorySV: c.CategorySV, CategoryEN: c.CategoryEN}
				pairs[pk] = p
			}
			p.Contracts++
		}

		// The suppliers' open follow-ups, to tell which pairs already have one.
		open, err := collect(ctx, tx, `SELECT f.id, f.supplier_id, f.category_id FROM followups f WHERE f.status = 'open'
			AND f.supplier_id IN (SELECT s.supplier_id FROM production_sites s WHERE `+cond+`) ORDER BY f.id`, where,
			func(r *sql.Rows) ([3]int64, error) {
				var v [3]int64
				err := r.Scan(&v[0], &v[1], &v[2])
				return v, err
			})
		if err != nil {
			return err
		}
		for _, f := range open {
			if p := pairs[pairKey{f[1], f[2]}]; p != nil && p.OpenFollowUpID == 0 {
				p.OpenFollowUpID = f[0]
			}
		}

		for _, o := range owners {
			e.Suppliers = append(e.Suppliers, *o)
		}
		sort.Slice(e.Suppliers, func(i, j int) bool {
			a, b := e.Suppliers[i], e.Suppliers[j]
			return a.Name < b.Name || a.Name == b.Name && a.ID < b.ID
		})
		for _, k := range cats {
			e.Categories = append(e.Categories, *k)
		}
		sort.Slice(e.Categories, func(i, j int) bool {
			a, b := e.Categories[i], e.Categories[j]
			return a.NameSV < b.NameSV || a.NameSV == b.NameSV && a.ID < b.ID
		})
		for _, rg := range regions {
			e.Regions = append(e.Regions, *rg)
		}
		sort.Slice(e.Regions, func(i, j int) bool {
			a, b := e.Regions[i], e.Regions[j]
			return a.CountyCode < b.CountyCode || a.CountyCode == b.CountyCode && a.Name < b.Name
		})
		for _, p := range pairs {
			e.Pairs = append(e.Pairs, *p)
		}
		sort.Slice(e.Pairs, func(i, j int) bool {
			a, b := e.Pairs[i], e.Pairs[j]
			if a.Supplier != b.Supplier {
				return a.Supplier < b.Supplier
			}
			if a.SupplierID != b.SupplierID {
				return a.SupplierID < b.SupplierID
			}
			return a.CategorySV < b.CategorySV || a.CategorySV == b.CategorySV && a.CategoryID < b.CategoryID
		})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.IncidentExposure: %w", err)
	}
	return e, nil
}

// exposedBy sets why the site is within the incident's reach and reports
// whether it is: a named country (and place), company or site, and then
// one of the named products, if any.
func exposedBy(in *tillit.Incident, s *ExposedSite) bool {
	for _, c := range in.Countries {
		if c.Country != s.Country {
			continue
		}
		if len(c.Places) == 0 {
			s.ByCountry = true
		}
		city, addr := strings.ToLower(s.City), strings.ToLower(s.Address)
		for _, pl := range c.Places {
			key := strings.ToLower(strings.TrimSpace(pl))
			if key != "" && (strings.Contains(city, key) || strings.Contains(addr, key)) {
				s.ByCountry = true
			}
		}
	}
	for _, id := range in.SupplierIDs {
		s.ByCompany = s.ByCompany || id == s.SupplierID
	}
	for _, id := range in.SiteIDs {
		s.BySite = s.BySite || id == s.ID
	}
	if !s.ByCountry && !s.ByCompany && !s.BySite {
		return false
	}
	if len(in.Products) == 0 {
		return true
	}
	text := strings.ToLower(strings.Join(s.Products, "\n"))
	for _, kw := range in.Products {
		if key := strings.ToLower(strings.TrimSpace(kw)); key != "" && strings.Contains(text, key) {
			return true
		}
	}
	return false
}
