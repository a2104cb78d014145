package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/export"
	"github.com/tillit-project/tillit/internal/importer"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// importCmd serves `tillit import suppliers|contracts|sites FILE`: the
// import of a register from CSV or XLSX, with a progress bar on stderr and
// the report on stdout.
func (e *environment) importCmd(ctx context.Context, args []string) error {
	if len(args) == 0 || !importer.Kind(args[0]).Valid() {
		return usageError{msg: "import needs what to import (suppliers, contracts or sites) and a FILE"}
	}
	kind := importer.Kind(args[0])
	fs, f := e.flags("import " + string(kind))
	region := fs.String("region", "", "contracts: the region whose register the file is, by county code (12), name or id")
	supplier := fs.String("supplier", "", "sites: the supplier owning the sites of rows without a supplier, by organisation number, name or id")
	onlyValid := fs.Bool("only-valid", false, "import the rows without problems even when other rows have some")
	dryRun := fs.Bool("dry-run", false, "check the file and say what importing would do, without writing")
	reportFile := fs.String("report", "", "also write the per-row report to this CSV file")
	flags, files := splitArgs(fs, args[1:])
	c, err := e.parse(f, flags)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError{msg: "import needs exactly one FILE"}
	}
	if kind == importer.KindContracts && *region == "" {
		return usageError{msg: "import contracts needs --region: the county code (such as 12), the region's name or its id"}
	}
	file, err := os.Open(files[0])
	if err != nil {
		return err
	}
	defer file.Close()
	db, err := e.open(ctx, c, e.logger(c))
	if err != nil {
		return err
	}
	defer db.Close()
	opts := importer.Options{OnlyValid: *onlyValid, DryRun: *dryRun, FileName: fileBase(files[0])}
	var regionID int64
	if kind == importer.KindContracts {
		regions, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
		if err != nil {
			return err
		}
		o, ok := importer.FindRegion(regions, *region)
		if !ok {
			return usageError{msg: fmt.Sprintf("no region %q: give the county code (such as 12), the region's name or its id", *region)}
		}
		regionID = o.ID
	}
	if *supplier != "" {
		if opts.SupplierID, err = findSupplier(ctx, db, *supplier); err != nil {
			return err
		}
	}
	bar := newProgressBar(e.stderr)
	opts.Progress = bar.update
	rep, err := importer.Import(ctx, db, tillit.SystemActor("command line"), kind, regionID, file, opts)
	bar.finish()
	if err != nil {
		return describe(err)
	}
	printReport(e.stdout, &rep)
	if *reportFile != "" {
		out, err := os.Create(*reportFile)
		if err != nil {
			return err
		}
		if err := export.WriteCSV(out, rep.ReportTable(nil)); err != nil {
			out.Close()
			return err
		}
		if err := out.Close(); err != nil {
			return err
		}
	}
	if len(rep.Problems) > 0 && !rep.Written {
		return exitError{code: 1, msg: "nothing was imported: fix the problems above, or use --only-valid to import the rows without problems"}
	}
	return nil
}

// exportCmd serves `tillit export suppliers|contracts|sites`: the register
// in the format its import reads, on stdout or in --out.
func (e *environment) exportCmd(ctx context.Context, args []string) error {
	if len(args) == 0 || !importer.Kind(args[0]).Valid() {
		return usageError{msg: "export needs what to export: suppliers, contracts or sites"}
	}
	kind := importer.Kind(args[0])
	fs, f := e.flags("export " + string(kind))
	format := fs.String("format", "csv", "csv (semicolons and a byte order mark, for Excel) or xlsx")
	region := fs.String("region", "", "contracts: only this region's, by county code (12), name or id")
	supplier := fs.String("supplier", "", "sites: only this supplier's, by organisation number, name or id")
	lang := fs.String("lang", "sv", "language of the headings: sv or en")
	out := fs.String("out", "", "file to write (default: standard output)")
	flags, rest := splitArgs(fs, args[1:])
	c, err := e.parse(f, flags)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{msg: fmt.Sprintf("unexpected %q: export writes to standard output or --out FILE", rest[0])}
	}
	if *format != "csv" && *format != "xlsx" {
		return usageError{msg: "--format must be csv or xlsx"}
	}
	if *lang != "sv" && *lang != "en" {
		return usageError{msg: "--lang must be sv or en"}
	}
	db, err := e.open(ctx, c, e.logger(c))
	if err != nil {
		return err
	}
	defer db.Close()
	var filter importer.ExportFilter
	if *region != "" {
		regions, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
		if err != nil {
			return err
		}
		o, ok := importer.FindRegion(regions, *region)
		if !ok {
			return usageError{msg: fmt.Sprintf("no region %q: give the county code (such as 12), the region's name or its id", *region)}
		}
		filter.RegionID = o.ID
	}
	if *supplier != "" {
		if filter.SupplierID, err = findSupplier(ctx, db, *supplier); err != nil {
			return err
		}
	}
	t, err := importer.Export(ctx, db, tillit.Scope{All: true}, kind, tillit.Lang(*lang), filter)
	if err != nil {
		return describe(err)
	}
	w := e.stdout
	var file *os.File
	if *out != "" {
		if file, err = os.Create(*out); err != nil {
			return err
		}
		w = file
	}
	if *format == "xlsx" {
		err = export.WriteXLSX(w, t)
	} else {
		err = export.WriteCSV(w, t)
	}
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return describe(err)
	}
	if file != nil {
		fmt.Fprintf(e.stderr, "wrote %d %s to %s\n", len(t.Rows), kind, *out)
	}
	return nil
}

// splitArgs separates flags from other arguments, so that flags may come
// after the file (`tillit import contracts FILE --region 12`), which the
// flag package alone does not allow.
func splitArgs(fs *flag.FlagSet, args []string) (flags, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flags, append(rest, args[i+1:]...)
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		fl := fs.Lookup(name)
		if fl == nil {
			continue // the flag package reports it
		}
		if b, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, rest
}

func fileBase(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}

// findSupplier reads a supplier as an organisation number, a name or an
// id.
func findSupplier(ctx context.Context, db *sqldb.DB, ref string) (int64, error) {
	id, err := importer.FindSupplier(ctx, db, ref)
	if tillit.ErrorCode(err) == tillit.EINVALID {
		return 0, usageError{msg: tillit.ErrorMessage(err).String()}
	}
	return id, err
}

// printReport writes the outcome and every problem, one per line.
func printReport(w io.Writer, r *importer.Report) {
	what := "imported"
	if !r.Written {
		what = "checked, nothing written"
	}
	src := string(r.Format)
	if r.Encoding != "" {
		src += ", " + r.Encoding + ", separated by " + r.Delimiter
	}
	fmt.Fprintf(w, "%s %s (%s): %d rows in %v\n", r.FileName, what, src, len(r.Rows), r.Elapsed.Round(time.Millisecond))
	verb := map[bool][3]string{true: {"created", "updated", "unchanged"}, false: {"would be created", "would be updated", "unchanged"}}[r.Written]
	fmt.Fprintf(w, "  %d %s, %d %s, %d %s, %d skipped\n", r.Created, verb[0], r.Updated, verb[1], r.Unchanged, verb[2], r.Skipped)
	if len(r.Ignored) > 0 {
		fmt.Fprintf(w, "  columns not used: %s\n", strings.Join(r.Ignored, ", "))
	}
	for _, p := range r.Problems {
		where := "file"
		if p.Line > 0 {
			where = fmt.Sprintf("line %d", p.Line)
		}
		if p.Column != "" {
			where += ", column " + p.Column
			if p.Cell != "" {
				where += " (" + p.Cell + ")"
			}
		}
		fmt.Fprintf(w, "  %s: %s\n", where, p.Msg)
	}
	if r.Written && r.Rows != nil && r.Skipped > 0 {
		fmt.Fprintf(w, "  the %d rows with problems were skipped\n", r.Skipped)
	}
}

// progressBar draws an import's progress on stderr: a bar redrawn in
// place on a terminal, and a line per phase and per tenth otherwise (a
// log file or CI output would fill with carriage returns).
type progressBar struct {
	w        io.Writer
	terminal bool
	last     time.Time
	phase    importer.Phase
	tenth    int
	drawn    bool
	start    time.Time
}

func newProgressBar(w io.Writer) *progressBar {
	b := &progressBar{w: w, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			b.terminal = true
		}
	}
	return b
}

var phaseNames = map[importer.Phase]string{
	importer.PhaseReading: "reading", importer.PhaseChecking: "checking", importer.PhaseWriting: "writing", importer.PhaseDone: "done",
}

func (b *progressBar) update(p importer.Progress) {
	if p.Phase == importer.PhaseDone {
		return
	}
	pct := 0
	if p.Total > 0 {
		pct = p.Done * 100 / p.Total
	}
	if b.terminal {
		now := time.Now()
		if p.Phase == b.phase && now.Sub(b.last) < 100*time.Millisecond && p.Done != p.Total {
			return
		}
		b.phase, b.last = p.Phase, now
		const width = 30
		fill := pct * width / 100
		fmt.Fprintf(b.w, "\r%-8s [%s%s] %3d%%  %d/%d rows ", phaseNames[p.Phase], strings.Repeat("#", fill), strings.Repeat(".", width-fill), pct, p.Done, p.Total)
		b.drawn = true
		return
	}
	if p.Phase != b.phase {
		b.phase, b.tenth = p.Phase, -1
		if p.Total == 0 {
			fmt.Fprintf(b.w, "%s\n", phaseNames[p.Phase])
			return
		}
	}
	if p.Total > 0 && pct/10 > b.tenth {
		b.tenth = pct / 10
		fmt.Fprintf(b.w, "%s: %d of %d rows (%d%%)\n", phaseNames[p.Phase], p.Done, p.Total, pct)
	}
}

func (b *progressBar) finish() {
	if b.terminal && b.drawn {
		fmt.Fprint(b.w, "\r\033[K")
	}
	fmt.Fprintf(b.w, "done in %v\n", time.Since(b.start).Round(time.Millisecond))
}
