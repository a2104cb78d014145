// Package importer reads the registers people keep in spreadsheets –
// suppliers, a region's contracts, production sites in Open Supply Hub's
// list format – from CSV or XLSX files, checks every row, and writes what
// is new or changed; and writes the same registers back out in the same
// formats (registers.go).
//
// An import runs in four steps: read the file into rows (any of ';', ','
// or tab between fields, UTF-8, UTF-16 or Windows-1252 text, or the first
// sheet of a workbook); find the columns by their headings, in English or
// Swedish; check each row and match it with what is stored by its natural
// key; and, unless some row has a problem and the user did not ask for
// the valid rows only, write the new and changed rows in one transaction.
// Every problem is reported with its line, its column and a sentence
// saying what to fix. A row that matches a stored record with the same
// values changes nothing, so importing a file twice is the same as once.
package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// Kind names a register.
type Kind string

const (
	KindSuppliers Kind = "suppliers"
	KindContracts Kind = "contracts"
	KindSites     Kind = "sites"
)

// Kinds lists the registers in the order pages show them.
var Kinds = []Kind{KindSuppliers, KindContracts, KindSites}

// Valid reports whether k names a register.
func (k Kind) Valid() bool { return k == KindSuppliers || k == KindContracts || k == KindSites }

// Limits of a file.
const (
	DefaultMaxBytes = 64 << 20
	DefaultMaxRows  = 1_000_000
)

// Options adjust an import.
type Options struct {
	// OnlyValid writes the rows without problems even when other rows
	// have some; without it a file with any problem writes nothing.
	OnlyValid bool
	// DryRun checks the file and plans the changes, and writes nothing.
	DryRun bool
	// FileName is recorded in the report and the audit trail.
	FileName string
	// SupplierID owns the production sites of a file without a supplier
	// column (an Open Supply Hub list); ignored for other registers.
	SupplierID int64
	// MaxBytes and MaxRows bound the file; 0 means the defaults.
	MaxBytes int64
	MaxRows  int
	// Progress, if set, is called as the import goes on: at each phase
	// and every few thousand rows within one.
	Progress func(Progress)
}

// Phase is a step of an import.
type Phase string

const (
	PhaseReading  Phase = "reading"
	PhaseChecking Phase = "checking"
	PhaseWriting  Phase = "writing"
	PhaseDone     Phase = "done"
)

// Progress is how far an import has come: Done of Total rows in Phase.
type Progress struct {
	Phase       Phase
	Done, Total int
}

// Outcome is what an import did, or would do, with a row.
type Outcome uint8

const (
	Skipped   Outcome = iota // the row has a problem
	Created                  // a new record
	Updated                  // a stored record with other values
	Unchanged                // a stored record with the same values
)

func (o Outcome) String() string {
	switch o {
	case Created:
		return "created"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	}
	return "skipped"
}

// Row is one data row of the file and what became of it.
type Row struct {
	Line    int
	Key     string // what identifies it: a reference, a name, an organisation number
	Outcome Outcome
}

// Problem is something wrong with the file (Line 0), its headings or one
// of its rows.
type Problem struct {
	Line   int    // line of a CSV file, row of a workbook; 0 for the whole file
	Column string // the column's heading in the file; "" for the whole row
	Cell   string // the column's letter in a spreadsheet, "C"
	Msg    tillit.Message
}

// Report is what an import found and did.
type Report struct {
	Kind      Kind
	FileName  string
	Format    Format
	Encoding  string // CSV only
	Delimiter string // CSV only: ";", "," or "tab"
	Ignored   []string
	Rows      []Row     // every data row, in file order
	Problems  []Problem // in line order
	// Written says whether the valid rows were written. When it is false
	// the counts say what importing would have done.
	Written                              bool
	Created, Updated, Unchanged, Skipped int
	Elapsed                              time.Duration
}

// Invalid reports how many rows have problems.
func (r *Report) Invalid() int { return r.Skipped }

// Valid reports how many rows have none.
func (r *Report) Valid() int { return r.Created + r.Updated + r.Unchanged }

// FileProblem reports whether a problem concerns the whole file or its
// headings, so that no row can be imported.
func (r *Report) FileProblem() bool {
	return len(r.Problems) > 0 && len(r.Rows) == 0
}

// Suppliers imports suppliers. Only the national office may.
func Suppliers(ctx context.Context, db *sqldb.DB, actor tillit.Actor, r io.Reader, opts Options) (Report, error) {
	if !tillit.Can(actor, tillit.ActManageSuppliers, tillit.Resource{}) {
		return Report{}, tillit.Errorf(tillit.EFORBIDDEN, "Your role does not allow this. Ask the national office if you need access.")
	}
	return run(ctx, dbStore{db}, actor, &supplierPlan{}, r, opts)
}

// Contracts imports a region's contract register. The national office
// may, and the region's own staff and coordinators.
func Contracts(ctx context.Context, db *sqldb.DB, actor tillit.Actor, regionID int64, r io.Reader, opts Options) (Report, error) {
	if !tillit.Can(actor, tillit.ActManageContracts, tillit.Resource{RegionID: regionID}) {
		return Report{}, tillit.Errorf(tillit.EFORBIDDEN, "You can import contracts only for your own region. Ask the national office or the region's staff.")
	}
	return run(ctx, dbStore{db}, actor, &contractPlan{regionID: regionID}, r, opts)
}

// Sites imports production sites. The national office may import any
// supplier's; a supplier's staff their own company's.
func Sites(ctx context.Context, db *sqldb.DB, actor tillit.Actor, r io.Reader, opts Options) (Report, error) {
	if opts.SupplierID == 0 {
		opts.SupplierID = OwnSupplier(actor)
	}
	if !tillit.Can(actor, tillit.ActManageSites, tillit.Resource{SupplierID: opts.SupplierID}) {
		return Report{}, tillit.Errorf(tillit.EFORBIDDEN, "You can import the production sites of your own company only.")
	}
	return run(ctx, dbStore{db}, actor, &sitePlan{actor: actor, defaultSupplier: opts.SupplierID}, r, opts)
}

// OwnSupplier is the company of an actor who works for one supplier and
// is not in the national office: the owner of the sites they import.
func OwnSupplier(a tillit.Actor) int64 {
	if tillit.Can(a, tillit.ActManageSuppliers, tillit.Resource{}) {
		return 0
	}
	var id int64
	for _, m := range a.Memberships {
		if m.Role == tillit.RoleSupplier {
			if id != 0 && id != m.OrgID {
				return 0
			}
			id = m.OrgID
		}
	}
	return id
}

// Import runs the import of kind; regionID is used for contracts only.
func Import(ctx context.Context, db *sqldb.DB, actor tillit.Actor, kind Kind, regionID int64, r io.Reader, opts Options) (Report, error) {
	switch kind {
	case KindSuppliers:
		return Suppliers(ctx, db, actor, r, opts)
	case KindContracts:
		return Contracts(ctx, db, actor, regionID, r, opts)
	case KindSites:
		return Sites(ctx, db, actor, r, opts)
	}
	return Report{}, tillit.Errorf(tillit.EINVALID, "Choose what to import: suppliers, contracts or production sites.")
}

// store is what an import reads and writes; the database, or a map in
// the tests that need none.
type store interface {
	suppliers(ctx context.Context) ([]tillit.Supplier, error)
	categories(ctx context.Context) ([]tillit.Category, error)
	regions(ctx context.Context) ([]tillit.Organisation, error)
	contracts(ctx context.Context, regionID int64) ([]tillit.Contract, error)
	sites(ctx context.Context, supplierIDs []int64) ([]sqldb.SiteRecord, error)
	writeSuppliers(ctx context.Context, actor tillit.Actor, ch []sqldb.SupplierChange, sum sqldb.ImportSummary, progress func(int)) error
	writeContracts(ctx context.Context, actor tillit.Actor, regionID int64, ch []sqldb.ContractChange, sum sqldb.ImportSummary, progress func(int)) error
	writeSites(ctx context.Context, actor tillit.Actor, ch []sqldb.SiteChange, sum sqldb.ImportSummary, progress func(int)) error
}

type dbStore struct{ db *sqldb.DB }

func (s dbStore) suppliers(ctx context.Context) ([]tillit.Supplier, error) {
	return s.db.SuppliersForImport(ctx)
}
func (s dbStore) categories(ctx context.Context) ([]tillit.Category, error) {
	return s.db.FindCategories(ctx)
}
func (s dbStore) regions(ctx context.Context) ([]tillit.Organisation, error) {
	return s.db.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
}
func (s dbStore) contracts(ctx context.Context, regionID int64) ([]tillit.Contract, error) {
	return s.db.ContractsOfRegion(ctx, regionID)
}
func (s dbStore) sites(ctx context.Context, ids []int64) ([]sqldb.SiteRecord, error) {
	return s.db.SitesOfSuppliers(ctx, ids)
}
func (s dbStore) writeSuppliers(ctx context.Context, a tillit.Actor, ch []sqldb.SupplierChange, sum sqldb.ImportSummary, p func(int)) error {
	return s.db.ImportSuppliers(ctx, a, ch, sum, p)
}
func (s dbStore) writeContracts(ctx context.Context, a tillit.Actor, region int64, ch []sqldb.ContractChange, sum sqldb.ImportSummary, p func(int)) error {
	return s.db.ImportContracts(ctx, a, region, ch, sum, p)
}
func (s dbStore) writeSites(ctx context.Context, a tillit.Actor, ch []sqldb.SiteChange, sum sqldb.ImportSummary, p func(int)) error {
	return s.db.ImportSites(ctx, a, ch, sum, p)
}

// planner is one register's part of an import.
type planner interface {
	kind() Kind
	columns() []column
	// check reads every row, adding its problems and planned outcome to
	// the report (rep.Rows[i] is row i).
	check(ctx context.Context, st store, sh *sheet, l *layout, rep *Report, tick func(int)) error
	// write applies the planned changes of the rows without problems.
	write(ctx context.Context, st store, actor tillit.Actor, sum sqldb.ImportSummary, progress func(int)) error
	changes() int
}

// rowProblems collects a row's problems, named by column.
type rowProblems struct {
	l    *layout
	line int
	list []Problem
	seen map[string]bool
}

func (l *layout) problems(line int) *rowProblems { return &rowProblems{l: l, line: line} }

// add records a problem with column key; the first per column wins, as
// with tillit.Problems.
func (p *rowProblems) add(key string, m tillit.Message) {
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	if key != "" && p.seen[key] {
		return
	}
	p.seen[key] = true
	pr := Problem{Line: p.line, Msg: m}
	if key != "" {
		pr.Column, pr.Cell = p.l.heading(key)
	}
	p.list = append(p.list, pr)
}

// addFields records a domain validation error, its fields mapped to
// columns by fieldColumn; a field it maps to false is left out (the
// import's own checks have said it better).
func (p *rowProblems) addFields(err error, fieldColumn func(field string) (string, bool)) {
	if err == nil {
		return
	}
	fields := tillit.ErrorFields(err)
	if len(fields) == 0 {
		p.add("", tillit.ErrorMessage(err))
		return
	}
	names := make([]string, 0, len(fields))
	for f := range fields {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		if key, ok := fieldColumn(f); ok {
			p.add(key, fields[f])
		}
	}
}

func (p *rowProblems) has(key string) bool { return p.seen[key] }

// text reads a column's cell, with a problem when it holds characters
// that cannot be stored.
func (p *rowProblems) text(rec record, key string) string {
	s := p.l.cell(rec, key)
	if unprintable(s) {
		p.add(key, tillit.Msg("The value has characters that cannot be stored, such as control characters. Type it again."))
		return ""
	}
	return s
}

func run(ctx context.Context, st store, actor tillit.Actor, pl planner, r io.Reader, opts Options) (Report, error) {
	start := time.Now()
	rep := Report{Kind: pl.kind(), FileName: opts.FileName}
	progress := func(ph Phase, done, total int) {
		if opts.Progress != nil {
			opts.Progress(Progress{Phase: ph, Done: done, Total: total})
		}
	}
	finish := func() (Report, error) {
		rep.Elapsed = time.Since(start)
		progress(PhaseDone, len(rep.Rows), len(rep.Rows))
		return rep, nil
	}
	progress(PhaseReading, 0, 0)
	maxBytes := opts.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	maxRows := opts.MaxRows
	if maxRows <= 0 {
		maxRows = DefaultMaxRows
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return rep, fmt.Errorf("importer: read: %w", err)
	}
	if int64(len(data)) > maxBytes {
		rep.Problems = []Problem{{Msg: tillit.Msg("The file is larger than %d MB. Split it into smaller files and import them one at a time.", maxBytes>>20)}}
		return finish()
	}
	format, err := Sniff(data)
	if err != nil {
		rep.Problems = []Problem{{Msg: tillit.ErrorMessage(err)}}
		return finish()
	}
	rep.Format = format
	var sh *sheet
	var problems []Problem
	if format == XLSX {
		sh, problems = readXLSX(data, maxRows)
	} else {
		sh, problems = readCSV(data, maxRows)
	}
	if sh != nil && sh.format == CSV {
		rep.Encoding = sh.encoding
		rep.Delimiter = map[rune]string{';': ";", ',': ",", '\t': "tab"}[sh.delimiter]
	}
	if len(problems) > 0 {
		rep.Problems = problems
		return finish()
	}
	if sh.header == nil {
		rep.Problems = []Problem{{Msg: tillit.Msg("The file has no rows. The first row must hold the column headings and the rows under it the register.")}}
		return finish()
	}
	l, problems := mapColumns(pl.columns(), sh.header, sh.headerAt)
	rep.Ignored = l.ignored
	if hc, ok := pl.(interface {
		checkHeadings(*layout, int) []Problem
	}); ok && len(problems) == 0 {
		problems = hc.checkHeadings(l, sh.headerAt)
	}
	if len(problems) > 0 {
		rep.Problems = problems
		return finish()
	}
	if len(sh.rows) == 0 {
		rep.Problems = []Problem{{Line: sh.headerAt, Msg: tillit.Msg("The file has headings but no rows under them.")}}
		return finish()
	}
	total := len(sh.rows)
	progress(PhaseChecking, 0, total)
	rep.Rows = make([]Row, total)
	for i, rec := range sh.rows {
		rep.Rows[i].Line = rec.line
	}
	tick := func(done int) { progress(PhaseChecking, done, total) }
	if err := pl.check(ctx, st, sh, l, &rep, tick); err != nil {
		return rep, err
	}
	sort.SliceStable(rep.Problems, func(i, j int) bool { return rep.Problems[i].Line < rep.Problems[j].Line })
	for _, row := range rep.Rows {
		switch row.Outcome {
		case Created:
			rep.Created++
		case Updated:
			rep.Updated++
		case Unchanged:
			rep.Unchanged++
		default:
			rep.Skipped++
		}
	}
	if opts.DryRun || rep.Skipped > 0 && !opts.OnlyValid || pl.changes() == 0 {
		// Nothing to write, or not allowed to: the counts say what an
		// import would do. A file whose rows all match is "written":
		// the register already holds it.
		rep.Written = !opts.DryRun && rep.Valid() > 0 && (rep.Skipped == 0 || opts.OnlyValid) && pl.changes() == 0
		return finish()
	}
	sum := sqldb.ImportSummary{Register: string(pl.kind()), FileName: opts.FileName, SHA256: hashOf(data), Rows: total,
		Created: rep.Created, Updated: rep.Updated, Unchanged: rep.Unchanged, Skipped: rep.Skipped, OnlyValid: opts.OnlyValid}
	n := pl.changes()
	progress(PhaseWriting, 0, n)
	if err := pl.write(ctx, st, actor, sum, func(done int) { progress(PhaseWriting, done, n) }); err != nil {
		return rep, err
	}
	rep.Written = true
	return finish()
}

func hashOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// every says how often check reports progress and looks at ctx.
const every = 2000
