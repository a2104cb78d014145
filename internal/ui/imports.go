package ui

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/importer"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// Import and export of the registers: suppliers, a region's contracts and
// production sites, as CSV or XLSX (internal/importer does the work).
//
// An upload is checked at once (its size, and its content: a workbook or
// text, whatever its name says), then imported in the background: the
// page of the import shows how far it has come, refreshed by htmx every
// second, or by a link for those without JavaScript, and then the report
// with every problem. Imports are kept in memory, each visible to the
// person who started it only, for two hours; the file itself only while
// its valid rows may still be imported.

// ImportMaxBytes is the largest file the upload form takes.
const ImportMaxBytes = 32 << 20

const (
	importKeep        = 2 * time.Hour
	importTimeout     = 30 * time.Minute
	importsRunningMax = 4  // at once on the server; SQLite writes one at a time anyway
	importsPerUser    = 10 // kept per person
	importProblemsMax = 200
)

// importJobs are the imports of this process.
type importJobs struct {
	mu   sync.Mutex
	jobs map[string]*importJob
}

type importJob struct {
	id         string
	userID     int64
	kind       importer.Kind
	regionID   int64
	regionName string
	supplierID int64
	fileName   string
	started    time.Time

	mu       sync.Mutex
	data     []byte // kept while the valid rows may still be imported
	progress importer.Progress
	report   *importer.Report
	err      error
	finished time.Time
}

func (j *importJob) setProgress(p importer.Progress) {
	j.mu.Lock()
	j.progress = p
	j.mu.Unlock()
}

// snapshot is the job's state, read under its lock.
func (j *importJob) snapshot() (importer.Progress, *importer.Report, error, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.progress, j.report, j.err, j.finished.IsZero()
}

// add registers a job, refusing when its owner has one running or the
// server is busy, and forgets old ones.
func (js *importJobs) add(j *importJob, now time.Time) error {
	js.mu.Lock()
	defer js.mu.Unlock()
	if js.jobs == nil {
		js.jobs = map[string]*importJob{}
	}
	running := 0
	var mine []*importJob
	for id, o := range js.jobs {
		_, _, _, busy := o.snapshot()
		if !busy && now.Sub(o.started) > importKeep {
			delete(js.jobs, id)
			continue
		}
		if busy {
			running++
			if o.userID == j.userID {
				return tillit.Errorf(tillit.ECONFLICT, "An import of yours is still running. Wait until it is done, then import the next file.")
			}
		}
		if o.userID == j.userID {
			mine = append(mine, o)
		}
	}
	if running >= importsRunningMax {
		return tillit.Errorf(tillit.ECONFLICT, "The server is busy importing other files. Try again in a minute.")
	}
	sort.Slice(mine, func(a, b int) bool { return mine[a].started.After(mine[b].started) })
	for i, o := range mine {
		if i >= importsPerUser-1 {
			delete(js.jobs, o.id)
		}
		o.mu.Lock()
		o.data = nil // only the newest import may still import its valid rows
		o.mu.Unlock()
	}
	js.jobs[j.id] = j
	return nil
}

// get returns the user's job; anyone else's is "not found".
func (js *importJobs) get(id string, userID int64) (*importJob, error) {
	js.mu.Lock()
	defer js.mu.Unlock()
	j := js.jobs[id]
	if j == nil || j.userID != userID {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "This import is not kept any longer, or was started by someone else. Import the file again.")
	}
	return j, nil
}

// mine lists the user's jobs, newest first.
func (js *importJobs) mine(userID int64) []*importJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	var out []*importJob
	for _, j := range js.jobs {
		if j.userID == userID {
			out = append(out, j)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].started.After(out[b].started) })
	return out
}

// importAction is the policy's action for importing a register.
func importAction(k importer.Kind) tillit.Action {
	switch k {
	case importer.KindSuppliers:
		return tillit.ActManageSuppliers
	case importer.KindContracts:
		return tillit.ActManageContracts
	}
	return tillit.ActManageSites
}

// registerLink is an import or export the hub page offers.
type registerView struct {
	Kind      importer.Kind
	Title     string
	CanImport bool
	CSV, XLSX string
	Regions   []valueChoice // contracts: the export's region filter
}

type importListItem struct {
	ID, Title, File, State string
	Started                time.Time
}

type registersPage struct {
	Page
	Registers []registerView
	Imports   []importListItem
}

// Registers serves GET /registers: the registers to download, the imports
// the reader may start, and the reader's recent imports.
func (u *UI) Registers() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		p := registersPage{Page: u.page(r, "Import and export")}
		regions, err := u.DB.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
		if err != nil {
			u.Error(w, r, err)
			return
		}
		for _, k := range importer.Kinds {
			v := registerView{Kind: k, Title: k.Title(p.Lang), CanImport: tillit.Can(actor, importAction(k), tillit.Resource{}),
				CSV: "/registers/" + string(k) + ".csv", XLSX: "/registers/" + string(k) + ".xlsx"}
			if k == importer.KindContracts {
				v.Regions = []valueChoice{{Value: "", Label: T(p.Lang, "All regions"), Selected: true}}
				for _, o := range regions {
					v.Regions = append(v.Regions, valueChoice{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
				}
			}
			p.Registers = append(p.Registers, v)
		}
		for _, j := range u.imports.mine(actor.UserID) {
			_, rep, err, running := j.snapshot()
			p.Imports = append(p.Imports, importListItem{ID: j.id, Title: j.kind.Title(p.Lang), File: j.fileName, Started: j.started,
				State: importState(p.Lang, rep, err, running)})
		}
		u.render(w, r, http.StatusOK, "registers/index", p)
	})
}

func importState(lang tillit.Lang, rep *importer.Report, err error, running bool) string {
	switch {
	case running:
		return T(lang, "Running")
	case err != nil:
		return T(lang, "Failed")
	case rep.Written && rep.Skipped > 0:
		return T(lang, "Imported, some rows skipped")
	case rep.Written:
		return T(lang, "Imported")
	}
	return T(lang, "Nothing imported")
}

// ExportRegister serves GET /registers/{suppliers,contracts,sites}.{csv,xlsx}:
// the register within the reader's scope in the format its import reads.
// Contracts take ?region=ID, sites ?supplier=ID.
func (u *UI) ExportRegister(kind importer.Kind, format string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var f importer.ExportFilter
		var err error
		q := r.URL.Query()
		if f.RegionID, err = optionalQueryID(q.Get("region")); err == nil {
			f.SupplierID, err = optionalQueryID(q.Get("supplier"))
		}
		if err != nil {
			u.Error(w, r, err)
			return
		}
		lang := web.Lang(ctx)
		t, err := importer.Export(ctx, u.DB, tillit.ScopeOf(web.Actor(ctx)), kind, lang, f)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.writeExport(w, r, format, strings.ToLower(strings.ReplaceAll(kind.Title(lang), " ", "-")), t)
	})
}

func optionalQueryID(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, tillit.Errorf(tillit.EINVALID, "A filter has a value that is not in its list. Choose the filters again.")
	}
	return id, nil
}

type importColumn struct {
	Heading  string
	Required bool
}

type importForm struct {
	Page
	Kind     importer.Kind
	Action   string
	Columns  []importColumn
	Regions  []valueChoice // contracts: those the reader may import for
	Supplier string        // sites: the supplier field's value
	OwnSite  string        // sites, for a supplier's staff: their company
	In       struct{ OnlyValid bool }
	Fields   map[string]string
	Problem  string
	MaxMB    int
}

// ImportForm serves GET /registers/{kind}/import: the upload form and the
// columns the file may have.
func (u *UI) ImportForm(kind importer.Kind) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := u.importForm(r, kind)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.render(w, r, http.StatusOK, "registers/import", p)
	})
}

func (u *UI) importForm(r *http.Request, kind importer.Kind) (importForm, error) {
	ctx := r.Context()
	actor := web.Actor(ctx)
	titles := map[importer.Kind]tillit.Message{importer.KindSuppliers: tillit.Msg("Import suppliers"),
		importer.KindContracts: tillit.Msg("Import contracts"), importer.KindSites: tillit.Msg("Import production sites")}
	p := importForm{Page: u.page(r, titles[kind].Format), Kind: kind, Action: "/registers/" + string(kind) + "/import", Fields: map[string]string{}, MaxMB: ImportMaxBytes >> 20}
	headings, required := kind.Headings(p.Lang)
	for i, h := range headings {
		p.Columns = append(p.Columns, importColumn{Heading: h, Required: required[i]})
	}
	switch kind {
	case importer.KindContracts:
		regions, err := u.DB.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
		if err != nil {
			return p, err
		}
		chosen := r.PostFormValue("region_id")
		for _, o := range regions {
			if tillit.Can(actor, tillit.ActManageContracts, tillit.Resource{RegionID: o.ID}) {
				id := strconv.FormatInt(o.ID, 10)
				p.Regions = append(p.Regions, valueChoice{Value: id, Label: o.Name, Selected: id == chosen})
			}
		}
	case importer.KindSites:
		if own := importer.OwnSupplier(actor); own != 0 {
			o, err := u.DB.FindOrganisationByID(ctx, own)
			if err != nil {
				return p, err
			}
			p.OwnSite = o.Name
		}
		p.Supplier = r.PostFormValue("supplier")
	}
	p.In.OnlyValid = r.PostFormValue("only_valid") != ""
	return p, nil
}

// StartImport serves POST /registers/{kind}/import: it checks the upload
// and starts the import in the background.
func (u *UI) StartImport(kind importer.Kind) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		lang := web.Lang(ctx)
		again := func(err error) {
			if code := tillit.ErrorCode(err); code != tillit.EINVALID && code != tillit.ECONFLICT {
				u.Error(w, r, err)
				return
			}
			p, ferr := u.importForm(r, kind)
			if ferr != nil {
				u.Error(w, r, ferr)
				return
			}
			p.Fields = fieldTexts(lang, err)
			p.Problem = tillit.ErrorMessage(err).In(translator(lang))
			u.render(w, r, StatusOf(tillit.ErrorCode(err)), "registers/import", p)
		}
		if err := parseUpload(r); err != nil {
			again(oneFieldError("file", tillit.ErrorMessage(err)))
			return
		}
		j := &importJob{kind: kind, userID: actor.UserID, started: u.DB.Now()}
		switch kind {
		case importer.KindContracts:
			id, err := strconv.ParseInt(r.PostFormValue("region_id"), 10, 64)
			if err != nil || id <= 0 {
				again(oneFieldError("region_id", tillit.Msg("Choose the region whose contract register the file is.")))
				return
			}
			if !tillit.Can(actor, tillit.ActManageContracts, tillit.Resource{RegionID: id}) {
				u.Error(w, r, tillit.Errorf(tillit.EFORBIDDEN, "You can import contracts only for your own region. Ask the national office or the region's staff."))
				return
			}
			o, err := u.DB.FindOrganisationByID(ctx, id)
			if err != nil || o.Kind != tillit.OrgRegion {
				again(oneFieldError("region_id", tillit.Msg("Choose the region whose contract register the file is.")))
				return
			}
			j.regionID, j.regionName = o.ID, o.Name
		case importer.KindSites:
			j.supplierID = importer.OwnSupplier(actor)
			if s := strings.TrimSpace(r.PostFormValue("supplier")); s != "" && j.supplierID == 0 {
				id, err := importer.FindSupplier(ctx, u.DB, s)
				if err != nil {
					again(oneFieldError("supplier", tillit.ErrorMessage(err)))
					return
				}
				j.supplierID = id
			}
		}
		data, name, err := readImportUpload(r)
		if err != nil {
			again(err)
			return
		}
		j.fileName, j.data = name, data
		u.startImport(w, r, j, false)
	})
}

// readImportUpload reads the uploaded file, refusing what is too large or
// is neither a workbook nor text.
func readImportUpload(r *http.Request) ([]byte, string, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 || r.MultipartForm.File["file"][0].Filename == "" {
		return nil, "", oneFieldError("file", tillit.Msg("Choose the file to import."))
	}
	fh := r.MultipartForm.File["file"][0]
	if fh.Size > ImportMaxBytes {
		return nil, "", oneFieldError("file", tillit.Msg("The file is larger than %d MB. Split it into smaller files and import them one at a time.", ImportMaxBytes>>20))
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, ImportMaxBytes+1))
	if err != nil {
		return nil, "", oneFieldError("file", tillit.Msg("The upload was incomplete. Choose the files again and send the form again."))
	}
	if len(data) > ImportMaxBytes {
		return nil, "", oneFieldError("file", tillit.Msg("The file is larger than %d MB. Split it into smaller files and import them one at a time.", ImportMaxBytes>>20))
	}
	if _, err := importer.Sniff(data); err != nil {
		return nil, "", oneFieldError("file", tillit.ErrorMessage(err))
	}
	name := fh.Filename
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return data, name, nil
}

// startImport registers the job, runs it in the background and sends the
// browser to its page.
func (u *UI) startImport(w http.ResponseWriter, r *http.Request, j *importJob, onlyValid bool) {
	j.id = strings.ToLower(rand.Text())
	if !onlyValid {
		onlyValid = r.PostFormValue("only_valid") != ""
	}
	if err := u.imports.add(j, u.DB.Now()); err != nil {
		u.Error(w, r, err)
		return
	}
	actor := web.Actor(r.Context())
	data := j.data
	opts := importer.Options{OnlyValid: onlyValid, FileName: j.fileName, SupplierID: j.supplierID, MaxBytes: ImportMaxBytes, Progress: j.setProgress}
	// The import outlives the request; it keeps its values (the actor,
	// the request id for the log) but not its cancellation.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), importTimeout)
	go func() {
		defer cancel()
		rep, err := importer.Import(ctx, u.DB, actor, j.kind, j.regionID, bytes.NewReader(data), opts)
		if err != nil && tillit.ErrorCode(err) == tillit.EINTERNAL {
			u.Logger.ErrorContext(ctx, "import failed", "err", err, "kind", j.kind, "file", j.fileName)
		}
		j.mu.Lock()
		defer j.mu.Unlock()
		j.report, j.err, j.finished = &rep, err, time.Now()
		// The file is kept only for importing its valid rows later.
		if err != nil || rep.Written || rep.Valid() == 0 || rep.FileProblem() {
			j.data = nil
		}
	}()
	http.Redirect(w, r, "/registers/imports/"+j.id, http.StatusSeeOther)
}

type importProblem struct {
	Line   int
	Column string
	Text   string
}

type importJobPage struct {
	Page
	ID, File, Region     string
	Running              bool
	Phase                string
	Done, Total, Percent int
	Failed               string
	Report               *importer.Report
	Summary              string
	Counts               []figure
	Problems             []importProblem
	MoreProblems         int
	CanImportValid       bool
	ValidRows            int
	Again                string
}

type figure struct {
	Label string
	Value int
}

func (u *UI) importJobPage(r *http.Request) (importJobPage, error) {
	ctx := r.Context()
	lang := web.Lang(ctx)
	j, err := u.imports.get(r.PathValue("id"), web.Actor(ctx).UserID)
	if err != nil {
		return importJobPage{}, err
	}
	titles := map[importer.Kind]tillit.Message{importer.KindSuppliers: tillit.Msg("Import of suppliers"),
		importer.KindContracts: tillit.Msg("Import of contracts"), importer.KindSites: tillit.Msg("Import of production sites")}
	p := importJobPage{Page: u.page(r, titles[j.kind].Format), ID: j.id, File: j.fileName, Region: j.regionName,
		Again: "/registers/" + string(j.kind) + "/import"}
	prog, rep, jerr, running := j.snapshot()
	p.Running = running
	if running {
		phases := map[importer.Phase]tillit.Message{importer.PhaseReading: tillit.Msg("Reading the file"), importer.PhaseChecking: tillit.Msg("Checking the rows"),
			importer.PhaseWriting: tillit.Msg("Saving the rows"), importer.PhaseDone: tillit.Msg("Finishing")}
		ph, ok := phases[prog.Phase]
		if !ok {
			ph = phases[importer.PhaseReading]
		}
		p.Phase = ph.In(translator(lang))
		p.Done, p.Total = prog.Done, prog.Total
		if prog.Total > 0 {
			p.Percent = prog.Done * 100 / prog.Total
		}
		return p, nil
	}
	if jerr != nil {
		p.Failed = tillit.ErrorMessage(jerr).In(translator(lang))
		return p, nil
	}
	p.Report = rep
	tr := translator(lang)
	switch {
	case rep.FileProblem():
		p.Summary = T(lang, "The file could not be imported. Nothing was saved.")
	case rep.Written && rep.Skipped > 0:
		p.Summary = fmt.Sprintf(T(lang, "The file is imported, except the rows with problems (%d), which were skipped."), rep.Skipped)
	case rep.Written:
		p.Summary = T(lang, "The file is imported.")
	default:
		p.Summary = fmt.Sprintf(T(lang, "Nothing was saved: the file has rows with problems (%d). Correct them and import the file again, or import only the rows without problems."), rep.Skipped)
	}
	if !rep.FileProblem() {
		p.Counts = []figure{
			{rep.OutcomeText(importer.Created).In(tr), rep.Created},
			{rep.OutcomeText(importer.Updated).In(tr), rep.Updated},
			{rep.OutcomeText(importer.Unchanged).In(tr), rep.Unchanged},
			{rep.OutcomeText(importer.Skipped).In(tr), rep.Skipped},
		}
	}
	for i, pr := range rep.Problems {
		if i >= importProblemsMax {
			p.MoreProblems = len(rep.Problems) - i
			break
		}
		col := pr.Column
		if pr.Cell != "" {
			col += " (" + pr.Cell + ")"
		}
		p.Problems = append(p.Problems, importProblem{Line: pr.Line, Column: col, Text: pr.Msg.In(tr)})
	}
	j.mu.Lock()
	p.CanImportValid = j.data != nil && !rep.Written && rep.Valid() > 0
	j.mu.Unlock()
	p.ValidRows = rep.Valid()
	return p, nil
}

// ImportJob serves GET /registers/imports/{id}: the import's progress,
// then its report.
func (u *UI) ImportJob() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := u.importJobPage(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		u.render(w, r, http.StatusOK, "registers/job", p)
	})
}

// ImportStatus serves GET /registers/imports/{id}/status: the part of the
// import's page that htmx replaces while it runs.
func (u *UI) ImportStatus() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := u.importJobPage(r)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		var buf bytes.Buffer
		t, err := u.template("registers/job")
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if err := t.ExecuteTemplate(&buf, "importstatus", p); err != nil {
			u.Error(w, r, fmt.Errorf("ui: render import status: %w", err))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(buf.Bytes())
	})
}

// ImportReport serves GET /registers/imports/{id}/report.csv: every row
// and every problem.
func (u *UI) ImportReport() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		j, err := u.imports.get(r.PathValue("id"), web.Actor(ctx).UserID)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		_, rep, jerr, running := j.snapshot()
		if running || jerr != nil {
			u.Error(w, r, tillit.Errorf(tillit.ECONFLICT, "The import has no report yet. Wait until it is done."))
			return
		}
		lang := web.Lang(ctx)
		u.writeExport(w, r, "csv", T(lang, "import-report"), rep.ReportTable(translator(lang)))
	})
}

// ImportValidRows serves POST /registers/imports/{id}/valid: the same
// file again, importing the rows without problems.
func (u *UI) ImportValidRows() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		actor := web.Actor(ctx)
		j, err := u.imports.get(r.PathValue("id"), actor.UserID)
		if err != nil {
			u.Error(w, r, err)
			return
		}
		if !tillit.Can(actor, importAction(j.kind), tillit.Resource{RegionID: j.regionID}) {
			u.Error(w, r, tillit.Errorf(tillit.EFORBIDDEN, "Your role does not allow this. Ask the national office if you need access."))
			return
		}
		j.mu.Lock()
		data := j.data
		j.data = nil
		j.mu.Unlock()
		if data == nil {
			u.Error(w, r, tillit.Errorf(tillit.ECONFLICT, "The file is not kept any longer. Import it again and choose to import only the rows without problems."))
			return
		}
		next := &importJob{kind: j.kind, userID: actor.UserID, regionID: j.regionID, regionName: j.regionName,
			supplierID: j.supplierID, fileName: j.fileName, started: u.DB.Now(), data: data}
		u.startImport(w, r, next, true)
	})
}
