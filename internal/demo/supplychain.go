package demo

import (
	"context"
	"fmt"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// The supply-chain map's demo: a country risk index whose figures are
// made up for the demo (tillit ships no real index data, and the name
// says so), the sub-suppliers of three textile suppliers' sites, and
// textile products with 100 %, 35 % and 12 % cotton, so that both
// supply-chain queries show something. The sub-supplier companies and
// their sites are invented.

// DemoRiskIndex is the name of the demo's made-up index.
const DemoRiskIndex = "Påhittat demoindex 2024"

// demoRiskScores are invented scores, 0–100, high meaning high risk.
var demoRiskScores = map[string]float64{
	"BD": 82, "PK": 78, "IN": 66, "CN": 71, "MY": 58, "TR": 49, "PL": 22, "DE": 9, "SE": 4, "DK": 5,
}

// demoLink is a sub-supplier's site below a site of the chain: below the
// site named site of the supplier (or of the sub-supplier named there).
type demoLink struct {
	owner, site                       string // the supplied site: its owner's name and its name
	company, sub, city, country, what string
}

var demoLinks = []demoLink{
	{"Kanwar Group", "Väveri och konfektion", "Spinneri Exempel Ltd", "Spinneri (underleverantör)", "Multan", "PK", "bomullsgarn"},
	{"FM Trading", "Stickeri och sömnad", "Garnspinneri Exempel Pvt Ltd", "Garnspinneri (underleverantör)", "Coimbatore", "IN", "garn"},
	{"Garnspinneri Exempel Pvt Ltd", "Garnspinneri (underleverantör)", "Bomullsrensning Exempel", "Rensning och balning", "Rajkot", "IN", "rensad bomull"},
	{"Promoters", "Konfektionsfabrik", "Tygfärgeri Exempel Ltd", "Färgeri (underleverantör)", "Gazipur", "BD", "färgat tyg"},
}

// demoProduct is a textile product with its cotton share in tenths of a
// percent (the rest is polyester) and the site it is made at.
type demoProduct struct {
	supplier, name, group, site string
	cotton                      tillit.Permille
}

var demoProducts = []demoProduct{
	{"Kanwar Group", "Lakan, bomull", "Sängtextilier", "Väveri och konfektion", 1000},
	{"FM Trading", "Patientskjorta, blandväv", "Patientkläder", "Stickeri och sömnad", 350},
	{"Promoters", "Arbetsbyxa, polyester och bomull", "Arbetskläder", "Konfektionsfabrik", 120},
}

// SupplyChainRecords is how many audited records supplyChain adds besides
// the sub-suppliers' sites, which the demo's tests count with the other
// sites: the index (its description, its scores and the import), a
// company and a link per sub-supplier, and the products.
var SupplyChainRecords = 3 + 2*len(demoLinks) + len(demoProducts)

// SubSupplierCompanies is how many organisations of the kind supplier the
// map adds: each link's sub-supplier is a company of its own, without a
// contract.
var SubSupplierCompanies = len(demoLinks)

// supplyChain loads the map once, by the loader that loaded the year
// (whose sites it builds on).
func (l *loader) supplyChain(ctx context.Context) error {
	if l.now.IsZero() {
		return nil
	}
	have, err := l.db.FindRiskIndexByName(ctx, DemoRiskIndex)
	if err != nil || have != nil {
		return err
	}
	x := tillit.RiskIndex{Name: DemoRiskIndex, Year: 2024, HighIsRisky: true, ScaleMin: 0, ScaleMax: 100,
		Source: "Påhittade siffror för demonstrationen. Inga riktiga indexdata: importera ett riktigt index på sidan Landrisk."}
	x.DefaultThresholds()
	imp := sqldb.CountryRiskImport{Index: x}
	for c, s := range demoRiskScores {
		imp.Scores = append(imp.Scores, sqldb.ScoreChange{Country: c, Score: s})
	}
	sum := sqldb.ImportSummary{Register: "country-risk", FileName: "demo", Rows: len(imp.Scores), Created: len(imp.Scores)}
	if _, err := l.db.ImportCountryRisk(ctx, actor, imp, sum); err != nil {
		return fmt.Errorf("country risk: %w", err)
	}
	l.created += 3
	if err := l.refreshOrgs(ctx); err != nil {
		return err
	}
	siteOf := func(owner, name string) (int64, int64, error) {
		id, ok := l.orgs[orgKey{tillit.OrgSupplier, owner}]
		if !ok {
			return 0, 0, fmt.Errorf("supply chain: no supplier %q", owner)
		}
		sites, err := l.db.FindSites(ctx, tillit.Scope{All: true}, id)
		if err != nil {
			return 0, 0, err
		}
		for _, s := range sites {
			if s.Name == name {
				return id, s.ID, nil
			}
		}
		return 0, 0, fmt.Errorf("supply chain: %s has no site %q", owner, name)
	}
	// The chain a link belongs to is its top supplier's: follow the
	// sub-suppliers back up to a supplier named in demoProducts.
	top := map[string]string{}
	for _, lk := range demoLinks {
		t := lk.owner
		if up, ok := top[lk.owner]; ok {
			t = up
		}
		top[lk.company] = t
		owner, site, err := siteOf(lk.owner, lk.site)
		if err != nil {
			return err
		}
		chainOwner := owner
		if t != lk.owner {
			chainOwner = l.orgs[orgKey{tillit.OrgSupplier, t}]
		}
		if _, err := l.db.AddSiteLink(ctx, actor, chainOwner, site, sqldb.SubSupplier{Company: lk.company, Site: lk.sub,
			City: lk.city, Country: lk.country, What: lk.what}); err != nil {
			return fmt.Errorf("supply chain link below %s: %w", lk.site, err)
		}
		l.created += 3 // the company, its site and the link
		if err := l.refreshOrgs(ctx); err != nil {
			return err
		}
	}
	cat := l.category[CategoryTextilesFurniture].id
	for _, p := range demoProducts {
		owner, site, err := siteOf(p.supplier, p.site)
		if err != nil {
			return err
		}
		pr := &tillit.Product{SupplierID: owner, CategoryID: cat, Name: p.name, Group: p.group, SiteIDs: []int64{site},
			Materials: []tillit.MaterialLine{{Material: tillit.MaterialCotton, Share: p.cotton}}}
		if p.cotton < 1000 {
			pr.Materials = append(pr.Materials, tillit.MaterialLine{Material: tillit.MaterialPolyester, Share: 1000 - p.cotton})
		}
		if err := l.db.CreateProduct(ctx, actor, pr); err != nil {
			return fmt.Errorf("product %s: %w", p.name, err)
		}
		l.created++
	}
	return nil
}
