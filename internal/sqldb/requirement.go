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

// The requirements library: a requirement row and its versions. Every
// change loads the requirement whole, applies one domain method and writes
// back the one version it touched; the UPDATE statements match drafts
// only, so even a bug above cannot rewrite a published version.

// CreateRequirement adds a requirement with its first version as a draft.
func (db *DB) CreateRequirement(ctx context.Context, actor tillit.Actor, r *tillit.Requirement, first tillit.VersionInput) error {
	r.Code = strings.TrimSpace(r.Code)
	p := tillit.Problems{}
	p.Merge(r.Validate())
	p.Merge(first.Validate())
	if err := p.Err(); err != nil {
		return err
	}
	err := db.write(ctx, func(tx *Tx) error {
		if r.CategoryID != 0 {
			if err := tx.requireCategory(ctx, r.CategoryID); err != nil {
				return err
			}
		}
		r.CreatedAt, r.Versions = tx.now, nil
		id, err := tx.insert(ctx, `INSERT INTO requirements (code, kind, area, category_id, created_at) VALUES (?, ?, ?, ?, ?)`,
			r.Code, r.Kind, r.Area, nullID(r.CategoryID), tx.now)
		if isUniqueViolation(err) {
			return tillit.Errorf(tillit.ECONFLICT, "The library already has a requirement %s. Open it and add a new version instead.", r.Code)
		}
		if err != nil {
			return err
		}
		r.ID = id
		v, err := r.AddDraft(tx.now, first)
		if err != nil {
			return err
		}
		if err := tx.insertRequirementVersion(ctx, v); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "requirement.created", "requirement", r.ID, nil, r)
	})
	if err != nil {
		return fmt.Errorf("sqldb.CreateRequirement: %w", err)
	}
	return nil
}

// AddRequirementDraft starts the next version of code as a draft.
func (db *DB) AddRequirementDraft(ctx context.Context, actor tillit.Actor, code string, in tillit.VersionInput) (*tillit.RequirementVersion, error) {
	var out tillit.RequirementVersion
	err := db.write(ctx, func(tx *Tx) error {
		r, err := tx.findRequirement(ctx, code, true)
		if err != nil {
			return err
		}
		v, err := r.AddDraft(tx.now, in)
		if err != nil {
			return err
		}
		if err := tx.insertRequirementVersion(ctx, v); err != nil {
			return err
		}
		out = *v
		return tx.audit(ctx, actor, "requirement.draft_added", "requirement", r.ID, nil, v)
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.AddRequirementDraft: %w", err)
	}
	return &out, nil
}

// UpdateRequirementDraft changes draft version n of code.
func (db *DB) UpdateRequirementDraft(ctx context.Context, actor tillit.Actor, code string, n int, in tillit.VersionInput) (*tillit.RequirementVersion, error) {
	var out tillit.RequirementVersion
	err := db.write(ctx, func(tx *Tx) error {
		r, err := tx.findRequirement(ctx, code, true)
		if err != nil {
			return err
		}
		var before tillit.RequirementVersion
		if v := r.Version(n); v != nil {
			before = *v
		}
		v, err := r.EditDraft(n, tx.now, in)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE requirement_versions SET title_sv = ?, title_en = ?, body_sv = ?, body_en = ?, effective_from = ?, updated_at = ?
			WHERE code = ? AND number = ? AND status = 'draft'`,
			v.Title.SV, v.Title.EN, v.Body.SV, v.Body.EN, dateString(v.EffectiveFrom), tx.now, r.Code, n); err != nil {
			return err
		}
		out = *v
		return tx.audit(ctx, actor, "requirement.draft_updated", "requirement", r.ID, before, v)
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.UpdateRequirementDraft: %w", err)
	}
	return &out, nil
}

// PublishRequirementVersion publishes draft version n of code; from then
// on it never changes.
func (db *DB) PublishRequirementVersion(ctx context.Context, actor tillit.Actor, code string, n int) (*tillit.RequirementVersion, error) {
	var out tillit.RequirementVersion
	err := db.write(ctx, func(tx *Tx) error {
		r, err := tx.findRequirement(ctx, code, true)
		if err != nil {
			return err
		}
		v, err := r.Publish(n, actor.Label(), tx.now)
		if err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE requirement_versions SET status = 'published', published_at = ?, published_by = ?, published_by_name = ?, updated_at = ?
			WHERE code = ? AND number = ? AND status = 'draft'`, tx.now, nullID(actor.UserID), v.PublishedBy, tx.now, r.Code, n)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil || k != 1 {
			return tillit.Errorf(tillit.ECONFLICT, "Version %d of %s was published by someone else at the same time.", n, r.Code)
		}
		out = *v
		type publication struct {
			Code          string    `json:"code"`
			Number        int       `json:"number"`
			EffectiveFrom string    `json:"effective_from"`
			PublishedAt   time.Time `json:"published_at"`
		}
		return tx.audit(ctx, actor, "requirement.published", "requirement", r.ID, nil,
			publication{r.Code, n, v.EffectiveFrom.Format(time.DateOnly), tx.now})
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.PublishRequirementVersion: %w", err)
	}
	return &out, nil
}

func (tx *Tx) insertRequirementVersion(ctx context.Context, v *tillit.RequirementVersion) error {
	_, err := tx.exec(ctx, `INSERT INTO requirement_versions (code, number, title_sv, title_en, body_sv, body_en, effective_from, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.Code, v.Number, v.Title.SV, v.Title.EN, v.Body.SV, v.Body.EN,
		dateString(v.EffectiveFrom), v.Status, v.CreatedAt, v.UpdatedAt)
	if isUniqueViolation(err) {
		return tillit.Errorf(tillit.ECONFLICT, "Someone started a version of %s at the same time. Open the requirement again.", v.Code)
	}
	return err
}

// FindRequirement returns a requirement with every version, or ENOTFOUND.
func (db *DB) FindRequirement(ctx context.Context, code string) (*tillit.Requirement, error) {
	var r *tillit.Requirement
	err := db.read(ctx, func(tx *Tx) (err error) { r, err = tx.findRequirement(ctx, code, false); return err })
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindRequirement: %w", err)
	}
	return r, nil
}

func (tx *Tx) findRequirement(ctx context.Context, code string, lock bool) (*tillit.Requirement, error) {
	q := `SELECT id, code, kind, area, COALESCE(category_id, 0), created_at FROM requirements WHERE code = ?`
	if lock && tx.dialect == Postgres {
		q += " FOR UPDATE"
	}
	r := &tillit.Requirement{}
	err := tx.queryRow(ctx, q, code).Scan(&r.ID, &r.Code, &r.Kind, &r.Area, &r.CategoryID, &r.CreatedAt)
	if isNoRows(err) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "Requirement %s is not in the library.", code)
	}
	if err != nil {
		return nil, err
	}
	r.CreatedAt = r.CreatedAt.UTC()
	r.Versions, err = collect(ctx, tx, versionColumns+` WHERE code = ? ORDER BY number`, []any{code}, scanRequirementVersion)
	return r, err
}

const versionColumns = `SELECT code, number, title_sv, title_en, body_sv, body_en, effective_from, status, created_at, updated_at,
	published_at, published_by_name FROM requirement_versions`

func scanRequirementVersion(rows *sql.Rows) (tillit.RequirementVersion, error) {
	var v tillit.RequirementVersion
	var from dateScan
	var published sql.NullTime
	err := rows.Scan(&v.Code, &v.Number, &v.Title.SV, &v.Title.EN, &v.Body.SV, &v.Body.EN, &from, &v.Status, &v.CreatedAt, &v.UpdatedAt,
		&published, &v.PublishedBy)
	v.EffectiveFrom, v.CreatedAt, v.UpdatedAt = from.t, v.CreatedAt.UTC(), v.UpdatedAt.UTC()
	if published.Valid {
		v.PublishedAt = published.Time.UTC()
	}
	return v, err
}

// RequirementInForce returns the version of code in force on day, or
// ENOTFOUND when the code is not in the library or nothing applied yet.
func (db *DB) RequirementInForce(ctx context.Context, code string, day time.Time) (*tillit.RequirementVersion, error) {
	r, err := db.FindRequirement(ctx, code)
	if err != nil {
		return nil, err
	}
	v := r.InForce(day)
	if v == nil {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "No version of %s was in force on %s.", code, day.Format(time.DateOnly))
	}
	return v, nil
}

// LatestRequirement returns the latest published version of code, or
// ENOTFOUND.
func (db *DB) LatestRequirement(ctx context.Context, code string) (*tillit.RequirementVersion, error) {
	r, err := db.FindRequirement(ctx, code)
	if err != nil {
		return nil, err
	}
	v := r.LatestPublished()
	if v == nil {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "%s has no published version yet.", code)
	}
	return v, nil
}

// versionInForce is the number of the version of code in force on day; 0
// when there is none. Effective dates rise with the version number (the
// domain refuses anything else), so the highest number that applies wins.
func (tx *Tx) versionInForce(ctx context.Context, code string, day time.Time) (int, error) {
	var n sql.NullInt64
	err := tx.queryRow(ctx, `SELECT MAX(number) FROM requirement_versions WHERE code = ? AND status = 'published' AND effective_from <= ?`,
		code, dateString(tillit.SwedishDay(day))).Scan(&n)
	return int(n.Int64), err
}

// pinDeviationRequirement sets a newly recorded deviation's requirement
// version: the one in force on the day the audit was performed (the day
// it was recorded if the audit has no date). Saving the follow-up then
// keeps it in the state and the rows.
func (tx *Tx) pinDeviationRequirement(ctx context.Context, f *tillit.FollowUp, ev tillit.FollowUpEvent) error {
	if ev.Type != tillit.EventDeviationRecorded {
		return nil
	}
	for i := range f.Deviations {
		d := &f.Deviations[i]
		if d.ID != ev.DeviationID {
			continue
		}
		day := d.RecordedAt
		for _, a := range f.Audits {
			if a.ID == d.AuditID && !a.PerformedOn.IsZero() {
				day = a.PerformedOn
			}
		}
		n, err := tx.versionInForce(ctx, d.RequirementCode, day)
		if err != nil {
			return err
		}
		d.RequirementVersion = n
	}
	return nil
}

// RequirementFilter narrows the library; zero values mean any.
type RequirementFilter struct {
	Kind       tillit.RequirementKind
	Area       tillit.SustainabilityArea // "none" = requirements without an area
	CategoryID int64
	Query      string    // part of the code, title or text (either language), any case
	On         time.Time // show the version in force on this day; zero = the latest published
	Drafts     bool      // also list requirements with nothing published, showing their draft
}

// RequirementRow is one requirement in the library's list, with the
// version the filter asked for.
type RequirementRow struct {
	Code       string
	Kind       tillit.RequirementKind
	Area       tillit.SustainabilityArea
	CategoryID int64
	CategorySV string
	CategoryEN string
	Version    tillit.RequirementVersion // Number 0 when none applies on the day asked for
	Versions   int                       // published versions
	HasDraft   bool
}

// Category is the category's name in lang, "" for none.
func (r RequirementRow) Category(lang tillit.Lang) string {
	if lang == tillit.English && r.CategoryEN != "" {
		return r.CategoryEN
	}
	return r.CategorySV
}

// FindRequirements lists the library in kind, area and code order. The
// library is small (hundreds of codes), so the versions are read whole and
// the day and the search are applied with the domain's own rules.
func (db *DB) FindRequirements(ctx context.Context, f RequirementFilter) ([]RequirementRow, error) {
	cond := ""
	var args []any
	if f.Kind != "" {
		cond += " AND r.kind = ?"
		args = append(args, f.Kind)
	}
	switch f.Area {
	case "":
	case "none":
		cond += " AND r.area = ''"
	default:
		cond += " AND r.area = ?"
		args = append(args, f.Area)
	}
	if f.CategoryID != 0 {
		cond += " AND r.category_id = ?"
		args = append(args, f.CategoryID)
	}
	q := `SELECT r.code, r.kind, r.area, COALESCE(r.category_id, 0), COALESCE(k.name_sv, ''), COALESCE(k.name_en, '')
		FROM requirements r LEFT JOIN categories k ON k.id = r.category_id WHERE 1=1` + cond
	var rows []RequirementRow
	byCode := map[string][]tillit.RequirementVersion{}
	err := db.read(ctx, func(tx *Tx) error {
		var err error
		rows, err = collect(ctx, tx, q, args, func(r *sql.Rows) (RequirementRow, error) {
			var v RequirementRow
			err := r.Scan(&v.Code, &v.Kind, &v.Area, &v.CategoryID, &v.CategorySV, &v.CategoryEN)
			return v, err
		})
		if err != nil || len(rows) == 0 {
			return err
		}
		vq := versionColumns + ` WHERE code IN (SELECT r.code FROM requirements r WHERE 1=1` + cond + `) ORDER BY code, number`
		vs, err := collect(ctx, tx, vq, args, scanRequirementVersion)
		for _, v := range vs {
			byCode[v.Code] = append(byCode[v.Code], v)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.FindRequirements: %w", err)
	}
	needle := strings.ToLower(strings.TrimSpace(f.Query))
	out := rows[:0]
	for _, row := range rows {
		req := tillit.Requirement{Code: row.Code, Versions: byCode[row.Code]}
		for _, v := range req.Versions {
			if v.Status == tillit.RequirementPublished {
				row.Versions++
			} else {
				row.HasDraft = true
			}
		}
		var v *tillit.RequirementVersion
		if f.On.IsZero() {
			v = req.LatestPublished()
		} else {
			v = req.InForce(f.On)
		}
		if v == nil && f.Drafts && row.Versions == 0 {
			v = req.Draft()
		}
		if v == nil {
			if !f.On.IsZero() && row.Versions > 0 && needle == "" {
				out = append(out, row) // in the library, but not yet in force on the day
			}
			continue
		}
		row.Version = *v
		if needle != "" && !strings.Contains(strings.ToLower(row.Code+"\n"+v.Title.SV+"\n"+v.Title.EN+"\n"+v.Body.SV+"\n"+v.Body.EN), needle) {
			continue
		}
		out = append(out, row)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ka, kb := kindOrder(a.Kind), kindOrder(b.Kind); ka != kb {
			return ka < kb
		}
		if aa, ab := areaOrder(a.Area), areaOrder(b.Area); aa != ab {
			return aa < ab
		}
		return codeLess(a.Code, b.Code)
	})
	return out, nil
}

func kindOrder(k tillit.RequirementKind) int {
	for i, v := range tillit.RequirementKinds {
		if v == k {
			return i
		}
	}
	return len(tillit.RequirementKinds)
}

// areaOrder puts the requirements without an area (the supplier's own
// processes) first, then the areas in the code of conduct's order.
func areaOrder(a tillit.SustainabilityArea) int {
	for i, v := range tillit.SustainabilityAreas {
		if v == a {
			return i + 1
		}
	}
	return 0
}

// codeLess orders codes by family and then numerically, so UK-10 comes
// after UK-9 and UK-5.2 after UK-5.
func codeLess(a, b string) bool {
	fa, na := splitCode(a)
	fb, nb := splitCode(b)
	if fa != fb {
		return fa < fb
	}
	for i := 0; i < len(na) && i < len(nb); i++ {
		if na[i] != nb[i] {
			return na[i] < nb[i]
		}
	}
	if len(na) != len(nb) {
		return len(na) < len(nb)
	}
	return a < b
}

func splitCode(c string) (string, []int) {
	fam, rest, _ := strings.Cut(c, "-")
	var nums []int
	for _, p := range strings.Split(rest, ".") {
		n := 0
		for _, ch := range p {
			if ch < '0' || ch > '9' {
				break
			}
			n = n*10 + int(ch-'0')
		}
		nums = append(nums, n)
	}
	return fam, nums
}

// pinTemplateRequirements records, when a questionnaire version is
// published, the version of each requirement its questions follow up
// that is in force that day; codes not in the library get no row.
func (tx *Tx) pinTemplateRequirements(ctx context.Context, templateID int64, codes []string) error {
	for _, code := range codes {
		n, err := tx.versionInForce(ctx, code, tx.now)
		if err != nil {
			return err
		}
		if n == 0 {
			continue
		}
		if _, err := tx.exec(ctx, `INSERT INTO questionnaire_requirement_pins (template_id, code, version) VALUES (?, ?, ?)`, templateID, code, n); err != nil {
			return err
		}
	}
	return nil
}

// TemplateRequirementPins returns the requirement versions a published
// questionnaire version was pinned to, by code; empty for a draft.
func (db *DB) TemplateRequirementPins(ctx context.Context, templateID int64) (map[string]int, error) {
	type pin struct {
		code string
		n    int
	}
	pins, err := readAll(ctx, db, `SELECT code, version FROM questionnaire_requirement_pins WHERE template_id = ?`, []any{templateID},
		func(r *sql.Rows) (pin, error) {
			var p pin
			err := r.Scan(&p.code, &p.n)
			return p, err
		})
	if err != nil {
		return nil, fmt.Errorf("sqldb.TemplateRequirementPins: %w", err)
	}
	out := map[string]int{}
	for _, p := range pins {
		out[p.code] = p.n
	}
	return out, nil
}

// KnownRequirementCodes returns which of the codes the library has a
// published version of, in one query: a page that shows deviations with
// no version pinned says whether the code is missing from the library or
// had no version in force yet on the day it was judged.
func (db *DB) KnownRequirementCodes(ctx context.Context, codes []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(codes) == 0 {
		return out, nil
	}
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	err := db.read(ctx, func(tx *Tx) error {
		known, err := collect(ctx, tx, "SELECT DISTINCT code FROM requirement_versions WHERE status = 'published' AND code IN ("+placeholders(len(codes))+")",
			args, func(r *sql.Rows) (string, error) {
				var c string
				return c, r.Scan(&c)
			})
		for _, c := range known {
			out[c] = true
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqldb.KnownRequirementCodes: %w", err)
	}
	return out, nil
}
