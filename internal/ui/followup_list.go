package ui

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/export"
	"github.com/tillit-project/tillit/internal/filestore"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// The lists of follow-ups, deviations and audits, each with filters in the
// query string, keyset paging ("Next page" carries the cursor), and the
// same filtered list as CSV and XLSX.

const (
	listPageSize = 50
	// maxExportRows bounds a download; a longer list is refused with a
	// sentence asking for more filters rather than cut short in silence.
	maxExportRows = 10000
)

// valueChoice is one option of a filter's select.
type valueChoice struct {
	Value    string
	Label    string
	Selected bool
}

func valueChoices(selected string, pairs ...string) []valueChoice {
	var out []valueChoice
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, valueChoice{Value: pairs[i], Label: pairs[i+1], Selected: pairs[i] == selected})
	}
	return out
}

// listFilterForm is what the filter forms share.
type listFilterForm struct {
	Categories []listChoice
	// CSV, XLSX and First are the addresses of the downloads and of the
	// first page, with the filters.
	CSV, XLSX, First string
	// Next is the address of the next page, "" on the last one.
	Next string
	// Paged reports whether this is a later page.
	Paged bool
}

// categoryChoices lists the categories in the reader's language.
func (u *UI) categoryChoices(r *http.Request, selected int64) ([]listChoice, error) {
	cats, err := u.DB.FindCategories(r.Context())
	if err != nil {
		return nil, err
	}
	lang := string(web.Lang(r.Context()))
	out := make([]listChoice, 0, len(cats))
	for i := range cats {
		out = append(out, listChoice{ID: cats[i].ID, Name: cats[i].Name(lang), Selected: cats[i].ID == selected})
	}
	return out, nil
}

// filterQuery is the query string without the paging cursor.
func filterQuery(r *http.Request) url.Values {
	q := url.Values{}
	for k, v := range r.URL.Query() {
		if k != "after" && k != "after_name" {
			q[k] = v
		}
	}
	return q
}

// links fills in the addresses for the list at path with the filters q.
func (l *listFilterForm) links(path string, q url.Values) {
	enc := ""
	if len(q) > 0 {
		enc = "?" + q.Encode()
	}
	l.CSV, l.XLSX, l.First = path+".csv"+enc, path+".xlsx"+enc, path+enc
}

func oneOfValues(s, field string, p tillit.Problems, values ...string) string {
	s = strings.TrimSpace(s)
	for _, v := range values {
		if s == v {
			return s
		}
	}
	p.Add(field, "Choose from the list.")
	return ""
}

func boxChecked(s string) bool { return s == "1" || s == "on" || s == "true" }

// followUpFilter reads the list's filters from the query string.
func followUpFilter(r *http.Request) (sqldb.FollowUpFilter, error) {
	q := r.URL.Query()
	p := tillit.Problems{}
	f := sqldb.FollowUpFilter{
		CategoryID: optionalFormID(q.Get("category"), p, "category"),
		RegionID:   optionalFormID(q.Get("region"), p, "region"),
		SupplierID: optionalFormID(q.Get("supplier"), p, "supplier"),
		Status:     tillit.FollowUpStatus(oneOfValues(q.Get("status"), "status", p, "", "open", "closed")),
		Light:      tillit.Light(oneOfValues(q.Get("light"), "light", p, "", "green", "yellow", "red")),
		Severity:   tillit.Severity(oneOfValues(q.Get("severity"), "severity", p, "", "major", "minor", "observation")),
		Overdue:    boxChecked(q.Get("overdue")),
		Supplier:   strings.TrimSpace(q.Get("q")),
		Sort:       oneOfValues(q.Get("sort"), "sort", p, "", "opened", "supplier"),
	}
	if len([]rune(f.Supplier)) > 200 {
		p.Add("q", "Search with at most 200 characters.")
	}
	year, err := yearParam(r, 0)
	if err != nil {
		return f, err
	}
	f.Year = year
	if s := q.Get("after"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return f, tillit.Errorf(tillit.EINVALID, "The page link is damaged. Go back to the first page of the list.")
		}
		f.After = sqldb.Cursor{ID: id, Name: q.Get("after_name")}
	}
	if len(p) > 0 {
		return f, tillit.Errorf(tillit.EINVALID, "A filter has a value that is not in its list. Choose the filters again.")
	}
	return f, nil
}

type followUpRow struct {
	sqldb.FollowUpRow
	Category string
	Status   string
}

type followUpListPage struct {
	Page
	followUpLabels
	listFilterForm
	Filter   sqldb.FollowUpFilter
	Regions  []listChoice
	Statuses []valueChoice
	Lights   []valueChoice
	Sevs     []valueChoice
	Sorts    []valueChoice
	Rows     []followUpRow
	CanOpen  bool
}

// followUpRows reads one page of the list (limit ≤ 1000) with the texts
// the reader sees.
func (u *UI) followUpRows(r *http.Request, f sqldb.FollowUpFilter) ([]followUpRow, error) {
	ctx := r.Context()
	scope := tillit.ScopeOf(web.Actor(ctx))
	lang := web.Lang(ctx)
	rows, err := u.DB.FindFollowUps(ctx, scope, f)
	if err != nil {
		return nil, err
	}
	var other []int64
	for _, row := range rows {
		if row.CloseReason == tillit.CloseOther {
			other = append(other, row.ID)
		}
	}
	texts, err := u.DB.FindCloseTexts(ctx, scope, other)
	if err != nil {
		return nil, err
	}
	out := make([]followUpRow, 0, len(rows))
	for _, row := range rows {
		cat := row.CategorySV
		if lang == tillit.English && row.CategoryEN != "" {
			cat = row.CategoryEN
		}
		out = append(out, followUpRow{FollowUpRow: row, Category: cat,
			Status: followUpStatusText(lang, row.Status, row.CloseReason, texts[row.ID])})
	}
	return out, nil
}

// FollowUps serves GET /followups.
func (u *UI) FollowUps() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		f, err := followUpFilter(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f.Limit = listPageSize
		p := followUpListPage{Page: u.page(r, "Follow-ups"), Filter: f,
			CanOpen: tillit.Can(web.Actor(ctx), tillit.ActOpenFollowUp, tillit.Resource{})}
		p.followUpLabels = followUpLabels{lang: p.Lang}
		if p.Rows, err = u.followUpRows(r, f); err != nil {
			u.Error(w, r, err)
			return
		}
		if p.Categories, err = u.categoryChoices(r, f.CategoryID); err != nil {
			u.Error(w, r, err)
			return
		}
		regions, err := u.DB.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		for _, o := range regions {
			p.Regions = append(p.Regions, listChoice{ID: o.ID, Name: o.Name, Selected: o.ID == f.RegionID})
		}
		l := p.Lang
		p.Statuses = valueChoices(string(f.Status), "", T(l, "Any status"), "open", T(l, "Open"), "closed", T(l, "Closed"))
		p.Lights = valueChoices(string(f.Light), "", T(l, "Any traffic light"), "green", T(l, "Green"), "yellow", T(l, "Yellow"), "red", T(l, "Red"))
		p.Sevs = valueChoices(string(f.Severity), "", T(l, "Any or none"), "major", T(l, "Major deviation"), "minor", T(l, "Minor deviation"),
			"observation", T(l, "Observation"))
		p.Sorts = valueChoices(f.Sort, "", T(l, "Newest first"), "supplier", T(l, "Supplier name"))
		q := filterQuery(r)
		p.links("/followups", q)
		p.Paged = f.After.ID != 0
		if len(p.Rows) == listPageSize {
			last := p.Rows[len(p.Rows)-1]
			q.Set("after", strconv.FormatInt(last.ID, 10))
			if f.Sort == "supplier" {
				q.Set("after_name", last.Supplier)
			}
			p.Next = "/followups?" + q.Encode()
		}
		u.render(w, r, http.StatusOK, "followups/list", p)
	})
}

// ExportFollowUps serves GET /followups.csv and GET /followups.xlsx: the
// filtered list, every page of it.
func (u *UI) ExportFollowUps(format string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := followUpFilter(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f.Limit = 1000
		rows, err := allPages(f.Limit, func(last *followUpRow) ([]followUpRow, error) {
			f.After = sqldb.Cursor{}
			if last != nil {
				f.After = sqldb.Cursor{ID: last.ID, Name: last.Supplier}
			}
			return u.followUpRows(r, f)
		})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		lang := web.Lang(r.Context())
		l := followUpLabels{lang: lang}
		t := export.Table{Title: T(lang, "Follow-ups"), Columns: []export.Column{
			{Header: T(lang, "Follow-up"), Kind: export.Integer},
			{Header: T(lang, "Supplier"), Kind: export.Text},
			{Header: T(lang, "Category"), Kind: export.Text},
			{Header: T(lang, "Responsible regions"), Kind: export.Text},
			{Header: T(lang, "Status"), Kind: export.Text},
			{Header: T(lang, "Open deviations"), Kind: export.Integer},
			{Header: T(lang, "Traffic light"), Kind: export.Text},
			{Header: T(lang, "Opened"), Kind: export.Date},
			{Header: T(lang, "Closed"), Kind: export.Date},
			{Header: T(lang, "Next deadline"), Kind: export.Date},
		}}
		for _, row := range rows {
			t.Rows = append(t.Rows, []export.Cell{
				export.IntCell(row.ID), export.TextCell(row.Supplier), export.TextCell(row.Category), export.TextCell(row.Regions),
				export.TextCell(row.Status), export.IntCell(int64(row.OpenDeviations)), export.TextCell(l.LightLabel(row.Light)),
				export.DateCell(row.OpenedAt.In(stockholm)), export.DateCell(inStockholm(row.ClosedAt)), export.DateCell(row.NextDue),
			})
		}
		u.writeExport(w, r, format, T(lang, "follow-ups"), t)
	})
}

func inStockholm(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(stockholm)
}

func errTooManyRows() error {
	return tillit.Errorf(tillit.EINVALID, "The list has more than %d rows, too many to download at once. Filter it further and download it again.", maxExportRows)
}

// writeExport sends t as a CSV or XLSX download named after the list and
// today's date.
func (u *UI) writeExport(w http.ResponseWriter, r *http.Request, format, base string, t export.Table) {
	var buf bytes.Buffer
	var err error
	ct := export.ContentTypeCSV
	if format == "xlsx" {
		ct = export.ContentTypeXLSX
		err = export.WriteXLSX(&buf, t)
	} else {
		err = export.WriteCSV(&buf, t)
	}
	if err != nil {
		u.Error(w, r, err)
		return
	}
	writeDownload(w, fmt.Sprintf("%s-%s.%s", base, formatDate(u.changeTime()), format), ct, buf.Bytes())
}

// writeDownload sends a generated file as an attachment that browsers and
// caches must not keep or sniff.
func writeDownload(w http.ResponseWriter, name, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", filestore.ContentDisposition(name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

// listCursor reads ?after=FOLLOWUP-NUMBER.
func listCursor(r *http.Request) (sqldb.ListCursor, error) {
	s := r.URL.Query().Get("after")
	if s == "" {
		return sqldb.ListCursor{}, nil
	}
	a, b, ok := strings.Cut(s, "-")
	fu, err1 := strconv.ParseInt(a, 10, 64)
	n, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || fu <= 0 || n < 0 {
		return sqldb.ListCursor{}, tillit.Errorf(tillit.EINVALID, "The page link is damaged. Go back to the first page of the list.")
	}
	return sqldb.ListCursor{FollowUpID: fu, Number: n}, nil
}

func cursorString(c sqldb.ListCursor) string {
	return strconv.FormatInt(c.FollowUpID, 10) + "-" + strconv.FormatInt(c.Number, 10)
}

// deviationFilter reads the deviation list's filters.
func deviationFilter(r *http.Request) (sqldb.DeviationFilter, error) {
	q := r.URL.Query()
	p := tillit.Problems{}
	f := sqldb.DeviationFilter{
		Severity:   tillit.Severity(oneOfValues(q.Get("severity"), "severity", p, "", "major", "minor", "observation")),
		Status:     oneOfValues(q.Get("status"), "status", p, "", "open", "action_submitted", "action_approved", "action_returned", "closed"),
		CategoryID: optionalFormID(q.Get("category"), p, "category"),
		Overdue:    boxChecked(q.Get("overdue")),
	}
	if len(p) > 0 {
		return f, tillit.Errorf(tillit.EINVALID, "A filter has a value that is not in its list. Choose the filters again.")
	}
	var err error
	f.After, err = listCursor(r)
	return f, err
}

type deviationRow struct {
	sqldb.DeviationRow
	Category string
}

type deviationListPage struct {
	Page
	followUpLabels
	listFilterForm
	Filter   sqldb.DeviationFilter
	Sevs     []valueChoice
	Statuses []valueChoice
	Rows     []deviationRow
}

func (u *UI) deviationRows(r *http.Request, f sqldb.DeviationFilter) ([]deviationRow, error) {
	rows, err := u.DB.FindDeviations(r.Context(), tillit.ScopeOf(web.Actor(r.Context())), f)
	if err != nil {
		return nil, err
	}
	lang := web.Lang(r.Context())
	out := make([]deviationRow, 0, len(rows))
	for _, row := range rows {
		cat := row.CategorySV
		if lang == tillit.English && row.CategoryEN != "" {
			cat = row.CategoryEN
		}
		out = append(out, deviationRow{DeviationRow: row, Category: cat})
	}
	return out, nil
}

// Deviations serves GET /followups/deviations: every deviation in the
// reader's scope.
func (u *UI) Deviations() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := deviationFilter(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f.Limit = listPageSize
		p := deviationListPage{Page: u.page(r, "Deviations"), Filter: f}
		p.followUpLabels = followUpLabels{lang: p.Lang}
		if p.Rows, err = u.deviationRows(r, f); err != nil {
			u.Error(w, r, err)
			return
		}
		if p.Categories, err = u.categoryChoices(r, f.CategoryID); err != nil {
			u.Error(w, r, err)
			return
		}
		l := p.Lang
		p.Sevs = valueChoices(string(f.Severity), "", T(l, "Any severity"), "major", T(l, "Major deviation"), "minor", T(l, "Minor deviation"),
			"observation", T(l, "Observation"))
		p.Statuses = valueChoices(f.Status, "", T(l, "Any status"), "open", T(l, "Not closed"),
			"action_submitted", p.DeviationStatusLabel(tillit.DeviationActionSubmitted), "action_approved", p.DeviationStatusLabel(tillit.DeviationActionApproved),
			"action_returned", p.DeviationStatusLabel(tillit.DeviationActionReturned), "closed", T(l, "Closed"))
		q := filterQuery(r)
		p.links("/followups/deviations", q)
		p.Paged = f.After.FollowUpID != 0
		if len(p.Rows) == listPageSize {
			q.Set("after", cursorString(p.Rows[len(p.Rows)-1].Cursor()))
			p.Next = "/followups/deviations?" + q.Encode()
		}
		u.render(w, r, http.StatusOK, "followups/deviations", p)
	})
}

// ExportDeviations serves GET /followups/deviations.csv and .xlsx.
func (u *UI) ExportDeviations(format string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := deviationFilter(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f.Limit = 1000
		rows, err := allPages(f.Limit, func(last *deviationRow) ([]deviationRow, error) {
			f.After = sqldb.ListCursor{}
			if last != nil {
				f.After = last.Cursor()
			}
			return u.deviationRows(r, f)
		})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		lang := web.Lang(r.Context())
		l := followUpLabels{lang: lang}
		t := export.Table{Title: T(lang, "Deviations"), Columns: []export.Column{
			{Header: T(lang, "Follow-up"), Kind: export.Integer},
			{Header: T(lang, "Deviation"), Kind: export.Integer},
			{Header: T(lang, "Audit"), Kind: export.Integer},
			{Header: T(lang, "Supplier"), Kind: export.Text},
			{Header: T(lang, "Category"), Kind: export.Text},
			{Header: T(lang, "Requirement"), Kind: export.Text},
			{Header: T(lang, "Requirement version"), Kind: export.Text},
			{Header: T(lang, "Severity"), Kind: export.Text},
			{Header: T(lang, "Status"), Kind: export.Text},
			{Header: T(lang, "Recorded"), Kind: export.Date},
			{Header: T(lang, "Deadline"), Kind: export.Date},
			{Header: T(lang, "Overdue"), Kind: export.Text},
			{Header: T(lang, "Closed"), Kind: export.Date},
		}}
		for _, row := range rows {
			overdue, version := "", ""
			if row.Overdue {
				overdue = T(lang, "Overdue")
			}
			if row.RequirementVersion > 0 {
				version = strconv.Itoa(row.RequirementVersion)
			}
			t.Rows = append(t.Rows, []export.Cell{
				export.IntCell(row.FollowUpID), export.IntCell(row.DeviationID), export.IntCell(row.AuditID),
				export.TextCell(row.Supplier), export.TextCell(row.Category), export.TextCell(row.RequirementCode), export.TextCell(version),
				export.TextCell(l.SeverityLabel(row.Severity)), export.TextCell(l.DeviationStatusLabel(row.Status)),
				export.DateCell(row.RecordedAt.In(stockholm)), export.DateCell(row.Deadline), export.TextCell(overdue),
				export.DateCell(inStockholm(row.ClosedAt)),
			})
		}
		u.writeExport(w, r, format, T(lang, "deviations"), t)
	})
}

// auditFilter reads the audit list's filters.
func auditFilter(r *http.Request) (sqldb.FollowUpAuditFilter, error) {
	q := r.URL.Query()
	p := tillit.Problems{}
	f := sqldb.FollowUpAuditFilter{
		Kind:       tillit.AuditKind(oneOfValues(q.Get("kind"), "kind", p, "", "office", "site", "re_audit", "desk_review")),
		Status:     tillit.AuditStatus(oneOfValues(q.Get("status"), "status", p, "", "planned", "performed", "cancelled")),
		CategoryID: optionalFormID(q.Get("category"), p, "category"),
	}
	if len(p) > 0 {
		return f, tillit.Errorf(tillit.EINVALID, "A filter has a value that is not in its list. Choose the filters again.")
	}
	year, err := yearParam(r, 0)
	if err != nil {
		return f, err
	}
	f.Year = year
	f.After, err = listCursor(r)
	return f, err
}

type auditRow struct {
	sqldb.FollowUpAuditRow
	Category string
}

type auditListPage struct {
	Page
	followUpLabels
	listFilterForm
	Filter   sqldb.FollowUpAuditFilter
	Kinds    []valueChoice
	Statuses []valueChoice
	Rows     []auditRow
}

func (u *UI) auditRows(r *http.Request, f sqldb.FollowUpAuditFilter) ([]auditRow, error) {
	rows, err := u.DB.FindAudits(r.Context(), tillit.ScopeOf(web.Actor(r.Context())), f)
	if err != nil {
		return nil, err
	}
	lang := web.Lang(r.Context())
	out := make([]auditRow, 0, len(rows))
	for _, row := range rows {
		cat := row.CategorySV
		if lang == tillit.English && row.CategoryEN != "" {
			cat = row.CategoryEN
		}
		out = append(out, auditRow{FollowUpAuditRow: row, Category: cat})
	}
	return out, nil
}

// Audits serves GET /followups/audits: every audit in the reader's scope.
func (u *UI) Audits() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := auditFilter(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f.Limit = listPageSize
		p := auditListPage{Page: u.page(r, "Audits"), Filter: f}
		p.followUpLabels = followUpLabels{lang: p.Lang}
		if p.Rows, err = u.auditRows(r, f); err != nil {
			u.Error(w, r, err)
			return
		}
		if p.Categories, err = u.categoryChoices(r, f.CategoryID); err != nil {
			u.Error(w, r, err)
			return
		}
		l := p.Lang
		p.Kinds = valueChoices(string(f.Kind), "", T(l, "Any kind"), "office", T(l, "Office audit"), "site", T(l, "Site audit"),
			"re_audit", T(l, "Re-audit"), "desk_review", T(l, "Desk review"))
		p.Statuses = valueChoices(string(f.Status), "", T(l, "Any status"), "planned", T(l, "Planned"), "performed", T(l, "Performed"),
			"cancelled", T(l, "Cancelled"))
		q := filterQuery(r)
		p.links("/followups/audits", q)
		p.Paged = f.After.FollowUpID != 0
		if len(p.Rows) == listPageSize {
			q.Set("after", cursorString(p.Rows[len(p.Rows)-1].Cursor()))
			p.Next = "/followups/audits?" + q.Encode()
		}
		u.render(w, r, http.StatusOK, "followups/audits", p)
	})
}

// ExportAudits serves GET /followups/audits.csv and .xlsx.
func (u *UI) ExportAudits(format string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := auditFilter(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		f.Limit = 1000
		rows, err := allPages(f.Limit, func(last *auditRow) ([]auditRow, error) {
			f.After = sqldb.ListCursor{}
			if last != nil {
				f.After = last.Cursor()
			}
			return u.auditRows(r, f)
		})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		lang := web.Lang(r.Context())
		l := followUpLabels{lang: lang}
		t := export.Table{Title: T(lang, "Audits"), Columns: []export.Column{
			{Header: T(lang, "Follow-up"), Kind: export.Integer},
			{Header: T(lang, "Audit"), Kind: export.Integer},
			{Header: T(lang, "Supplier"), Kind: export.Text},
			{Header: T(lang, "Category"), Kind: export.Text},
			{Header: T(lang, "Kind"), Kind: export.Text},
			{Header: T(lang, "Status"), Kind: export.Text},
			{Header: T(lang, "Planned for"), Kind: export.Date},
			{Header: T(lang, "Performed on"), Kind: export.Date},
			{Header: T(lang, "Performed by"), Kind: export.Text},
			{Header: T(lang, "Auditor"), Kind: export.Text},
		}}
		for _, row := range rows {
			t.Rows = append(t.Rows, []export.Cell{
				export.IntCell(row.FollowUpID), export.IntCell(row.AuditID), export.TextCell(row.Supplier), export.TextCell(row.Category),
				export.TextCell(l.AuditKindLabel(row.Kind)), export.TextCell(l.AuditStatusLabel(row.Status)),
				export.DateCell(row.PlannedFor), export.DateCell(row.PerformedOn), export.TextCell(row.AuditorOrg), export.TextCell(row.AuditorUser),
			})
		}
		u.writeExport(w, r, format, T(lang, "audits"), t)
	})
}

// allPages collects a whole filtered list for a download: fetch gets the
// last row of the previous page (nil for the first) and returns the next
// page of pageSize rows. More than maxExportRows rows is refused.
func allPages[R any](pageSize int, fetch func(last *R) ([]R, error)) ([]R, error) {
	var rows []R
	var last *R
	for {
		page, err := fetch(last)
		if err != nil {
			return nil, err
		}
		rows = append(rows, page...)
		if len(rows) > maxExportRows {
			return nil, errTooManyRows()
		}
		if len(page) < pageSize {
			return rows, nil
		}
		last = &page[len(page)-1]
	}
}
