package importer

import (
	"context"
	"slices"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// memStore is a store in memory, for the tests of reading and checking
// that need no database (and for fuzzing, which must be fast).
type memStore struct {
	sups     []tillit.Supplier
	cats     []tillit.Category
	regs     []tillit.Organisation
	conts    []tillit.Contract
	siteRecs []sqldb.SiteRecord
	written  int
}

func newMemStore() *memStore {
	return &memStore{
		sups: []tillit.Supplier{
			{Organisation: tillit.Organisation{ID: 10, Kind: tillit.OrgSupplier, Name: "Observe Medical", Country: "SE", OrgNumber: "556036-0793"},
				SupplierProfile: tillit.SupplierProfile{OrgID: 10, FormerNames: []string{"Sylak"}}},
			{Organisation: tillit.Organisation{ID: 11, Kind: tillit.OrgSupplier, Name: "Instrumenta GmbH", Country: "DE", OrgNumber: "HRB 1234"}},
			{Organisation: tillit.Organisation{ID: 12, Kind: tillit.OrgSupplier, Name: "Utan Nummer AB", Country: "SE"}},
		},
		cats: []tillit.Category{
			{ID: 1, Code: "surgical-instruments", NameSV: "Kirurgiska instrument", NameEN: "Surgical instruments"},
			{ID: 2, Code: "gloves", NameSV: "Handskar", NameEN: "Gloves"},
		},
		regs: []tillit.Organisation{
			{ID: 100, Kind: tillit.OrgRegion, Name: "Region Skåne", CountyCode: "12"},
			{ID: 101, Kind: tillit.OrgRegion, Name: "Region Norrbotten", CountyCode: "25"},
		},
		conts: []tillit.Contract{
			{ID: 500, RegionID: 100, SupplierID: 10, CategoryID: 1, Reference: "RS-2021-1", Start: day("2021-01-01"), End: day("2024-12-31")},
		},
		siteRecs: []sqldb.SiteRecord{
			{ProductionSite: tillit.ProductionSite{ID: 900, SupplierID: 10, Name: "Forge One", City: "Sialkot", Country: "PK", OSHubID: "PK2019085AB1C2D"}},
		},
	}
}

func day(s string) time.Time {
	t, _ := parseDate(s, nil)
	return t
}

func (m *memStore) suppliers(context.Context) ([]tillit.Supplier, error)   { return m.sups, nil }
func (m *memStore) categories(context.Context) ([]tillit.Category, error)  { return m.cats, nil }
func (m *memStore) regions(context.Context) ([]tillit.Organisation, error) { return m.regs, nil }
func (m *memStore) contracts(_ context.Context, region int64) ([]tillit.Contract, error) {
	var out []tillit.Contract
	for _, c := range m.conts {
		if c.RegionID == region {
			out = append(out, c)
		}
	}
	return out, nil
}
func (m *memStore) sites(_ context.Context, ids []int64) ([]sqldb.SiteRecord, error) {
	var out []sqldb.SiteRecord
	for _, s := range m.siteRecs {
		if slices.Contains(ids, s.SupplierID) {
			out = append(out, s)
		}
	}
	return out, nil
}
func (m *memStore) writeSuppliers(_ context.Context, _ tillit.Actor, ch []sqldb.SupplierChange, _ sqldb.ImportSummary, _ func(int)) error {
	m.written += len(ch)
	return nil
}
func (m *memStore) writeContracts(_ context.Context, _ tillit.Actor, _ int64, ch []sqldb.ContractChange, _ sqldb.ImportSummary, _ func(int)) error {
	m.written += len(ch)
	return nil
}
func (m *memStore) writeSites(_ context.Context, _ tillit.Actor, ch []sqldb.SiteChange, _ sqldb.ImportSummary, _ func(int)) error {
	m.written += len(ch)
	return nil
}
