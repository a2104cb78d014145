package bench

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/importer"
	"github.com/tillit-project/tillit/internal/scale"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// ImportResult puts the register import of a contract file beside a raw
// insert of the same rows, each into its own fresh copy of the tiny data
// set (so both find the same suppliers and categories and an empty
// contract register of the region).
type ImportResult struct {
	Rows        int
	FileBytes   int
	Import, Raw time.Duration
}

// Share is the import's rate as a fraction of the raw insert's.
func (r ImportResult) Share() float64 {
	if r.Import == 0 {
		return 0
	}
	return r.Raw.Seconds() / r.Import.Seconds()
}

// CompareImport times importer.Contracts on an n-row file against
// sqldb.InsertContractsRaw writing the same rows, on two SQLite databases
// made in dir. The raw insert is given the rows with their suppliers and
// categories already resolved: finding them is part of what the importer
// is measured doing.
func CompareImport(ctx context.Context, dir string, n int, logf func(string, ...any)) (ImportResult, error) {
	res := ImportResult{Rows: n}
	var file []byte
	var rows []tillit.Contract
	var regionID int64
	for i, step := range []string{"import", "raw"} {
		db, err := sqldb.Open(ctx, filepath.Join(dir, fmt.Sprintf("import-%d.db", i)))
		if err != nil {
			return res, err
		}
		defer db.Close()
		if _, err := db.Migrate(ctx); err != nil {
			return res, err
		}
		if _, err := scale.Load(ctx, db, scale.Options{Seed: 1, Size: scale.Tiny}, nil); err != nil {
			return res, err
		}
		if file == nil {
			if file, rows, regionID, err = contractFile(ctx, db, n); err != nil {
				return res, err
			}
			res.FileBytes = len(file)
		}
		logf("%s of %d contracts (%.1f MB file)", step, n, float64(len(file))/1e6)
		before, err := db.ContractsOfRegion(ctx, regionID)
		if err != nil {
			return res, err
		}
		start := time.Now()
		if step == "import" {
			rep, err := importer.Contracts(ctx, db, scale.Loader, regionID, bytes.NewReader(file), importer.Options{})
			if err != nil {
				return res, err
			}
			if rep.Created != n || len(rep.Problems) > 0 {
				return res, fmt.Errorf("import created %d of %d contracts, %d problems", rep.Created, n, len(rep.Problems))
			}
			res.Import = time.Since(start)
		} else {
			if err := db.InsertContractsRaw(ctx, rows); err != nil {
				return res, err
			}
			res.Raw = time.Since(start)
		}
		after, err := db.ContractsOfRegion(ctx, regionID)
		if err != nil {
			return res, err
		}
		if len(after)-len(before) != n {
			return res, fmt.Errorf("%s: the region has %d contracts more, not %d", step, len(after)-len(before), n)
		}
	}
	return res, nil
}

// contractFile writes an n-row contract register for the first region, as
// a region exports it (semicolons, Swedish headers), spread over the data
// set's suppliers and categories, and the same rows resolved.
func contractFile(ctx context.Context, db *sqldb.DB, n int) ([]byte, []tillit.Contract, int64, error) {
	regions, err := db.FindOrganisations(ctx, sqldb.OrganisationFilter{Kind: tillit.OrgRegion})
	if err != nil {
		return nil, nil, 0, err
	}
	suppliers, err := db.SuppliersForImport(ctx)
	if err != nil {
		return nil, nil, 0, err
	}
	cats, err := db.FindCategories(ctx)
	if err != nil {
		return nil, nil, 0, err
	}
	var withNumber []tillit.Supplier
	for _, s := range suppliers {
		if s.OrgNumber != "" {
			withNumber = append(withNumber, s)
		}
	}
	if len(regions) == 0 || len(withNumber) == 0 || len(cats) == 0 {
		return nil, nil, 0, fmt.Errorf("the tiny data set has no region, supplier with an organisation number or category")
	}
	region := regions[0].ID
	var b bytes.Buffer
	b.WriteString("Referens;Leverantörens organisationsnummer;Kategori;Startdatum;Slutdatum;OCID\r\n")
	rows := make([]tillit.Contract, 0, n)
	for i := range n {
		s, c := withNumber[i%len(withNumber)], cats[i%len(cats)]
		start := time.Date(2020+i%5, time.Month(1+i%12), 1, 0, 0, 0, 0, time.UTC)
		ct := tillit.Contract{RegionID: region, SupplierID: s.ID, CategoryID: c.ID,
			Reference: fmt.Sprintf("BENCH-%d-%06d", start.Year(), i), OCID: fmt.Sprintf("ocds-bench-%06d", i),
			Start: start, End: start.AddDate(3, 0, -1)}
		rows = append(rows, ct)
		fmt.Fprintf(&b, "%s;%s;%s;%s;%s;%s\r\n", ct.Reference, s.OrgNumber, c.Code,
			ct.Start.Format(time.DateOnly), ct.End.Format(time.DateOnly), ct.OCID)
	}
	return b.Bytes(), rows, region, nil
}
