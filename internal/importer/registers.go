package importer

import (
	"context"
	"strings"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/export"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// Exports write a register in the format its import reads, with headings
// in the reader's language: an exported file, changed in a spreadsheet and
// imported again, changes what was changed and nothing else.

// ExportFilter narrows an export; zero fields select everything the
// reader's scope allows.
type ExportFilter struct {
	RegionID   int64 // contracts: one region's register
	SupplierID int64 // sites: one supplier's
}

// Title is the register's name in lang, for sheet names and pages.
func (k Kind) Title(lang tillit.Lang) string {
	names := map[Kind][2]string{
		KindSuppliers: {"Suppliers", "Leverantörer"},
		KindContracts: {"Contracts", "Avtal"},
		KindSites:     {"Production sites", "Tillverkningsställen"},
	}[k]
	if lang == tillit.Swedish {
		return names[1]
	}
	return names[0]
}

// Headings lists the columns an import of k reads, in lang, required ones
// marked, for the page that explains the format.
func (k Kind) Headings(lang tillit.Lang) (headings []string, required []bool) {
	for _, c := range columnsOf(k) {
		h := c.EN
		if lang == tillit.Swedish {
			h = c.SV
		}
		headings = append(headings, h)
		required = append(required, c.required)
	}
	return headings, required
}

func columnsOf(k Kind) []column {
	switch k {
	case KindSuppliers:
		return supplierColumns
	case KindContracts:
		return contractColumns
	}
	return siteColumns
}

func heading(lang tillit.Lang, cols []column, key string) export.Column {
	for _, c := range cols {
		if c.key == key {
			h := c.EN
			if lang == tillit.Swedish {
				h = c.SV
			}
			return export.Column{Header: h, Kind: export.Text}
		}
	}
	panic("importer: no column " + key)
}

// Export reads a register within the scope as a table to write with
// export.WriteCSV or export.WriteXLSX.
func Export(ctx context.Context, db *sqldb.DB, scope tillit.Scope, kind Kind, lang tillit.Lang, f ExportFilter) (export.Table, error) {
	t := export.Table{Title: kind.Title(lang)}
	text := export.TextCell
	switch kind {
	case KindSuppliers:
		cols := supplierColumns
		for _, k := range []string{"name", "country", "org_number", "former_names"} {
			t.Columns = append(t.Columns, heading(lang, cols, k))
		}
		list, err := db.SuppliersForExport(ctx, scope)
		if err != nil {
			return t, err
		}
		for _, s := range list {
			t.Rows = append(t.Rows, []export.Cell{text(s.Name), text(s.Country), text(s.OrgNumber), text(strings.Join(s.FormerNames, "; "))})
		}
	case KindContracts:
		cols := contractColumns
		for _, k := range []string{"reference", "supplier_org_number", "supplier", "category", "start", "end", "ocid", "region"} {
			c := heading(lang, cols, k)
			if k == "start" || k == "end" {
				c.Kind = export.Date
			}
			t.Columns = append(t.Columns, c)
		}
		list, err := db.ContractsForExport(ctx, scope, f.RegionID)
		if err != nil {
			return t, err
		}
		for _, c := range list {
			t.Rows = append(t.Rows, []export.Cell{text(c.Reference), text(c.SupplierOrgNumber), text(c.SupplierName), text(c.CategoryCode),
				export.DateCell(c.Start), export.DateCell(c.End), text(c.OCID), text(c.CountyCode)})
		}
	case KindSites:
		cols := siteColumns
		for _, k := range []string{"supplier_org_number", "supplier", "country", "name", "address", "city", "lat", "lng", "os_id", "products"} {
			t.Columns = append(t.Columns, heading(lang, cols, k))
		}
		list, err := db.SitesForExport(ctx, scope, f.SupplierID)
		if err != nil {
			return t, err
		}
		coord := func(f *float64) export.Cell {
			if f == nil {
				return export.BlankCell()
			}
			return text(formatCoordinate(*f))
		}
		for _, s := range list {
			t.Rows = append(t.Rows, []export.Cell{text(s.SupplierOrgNumber), text(s.SupplierName), text(s.Country), text(s.Name),
				text(s.Address), text(s.City), coord(s.Lat), coord(s.Lng), text(s.OSHubID), text(strings.Join(s.Products, "; "))})
		}
	default:
		return t, tillit.Errorf(tillit.EINVALID, "Choose what to import: suppliers, contracts or production sites.")
	}
	return t, nil
}
