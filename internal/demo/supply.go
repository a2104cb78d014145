package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// The suppliers' side of the demo: the invented suppliers, contracts
// between regions and suppliers, production sites and two supplier
// profiles, and then the follow-ups, which need all of these.

// year loads the supply chain and the follow-ups once. Contracts, sites
// and follow-ups have no natural key to tell an existing one from a new
// one, so this part is loaded as a whole or not at all: it is skipped when
// any follow-up exists (the demo, or an operator's own work), and
// otherwise claimed by creating the first invented supplier. The unique
// organisation name makes the claim atomic, so of two instances starting
// at once on an empty database exactly one loads the year. The price: if
// loading fails half-way, a later run does not finish it (start from an
// empty database instead).
func (l *loader) year(ctx context.Context) error {
	some, err := l.db.FindFollowUps(ctx, tillit.Scope{All: true}, sqldb.FollowUpFilter{Limit: 1})
	if err != nil {
		return err
	}
	if len(some) > 0 {
		return nil
	}
	claim := tillit.Organisation{Kind: tillit.OrgSupplier, Name: InventedSuppliers[0].Name, Country: InventedSuppliers[0].Country}
	if _, ok := l.lookup(&claim); ok {
		return nil
	}
	err = l.db.CreateOrganisation(ctx, actor, &claim)
	if tillit.ErrorCode(err) == tillit.ECONFLICT {
		return nil // another instance is loading the year
	}
	if err != nil {
		return fmt.Errorf("organisation %q: %w", claim.Name, err)
	}
	l.created++
	l.orgs[orgKey{claim.Kind, claim.Name}] = claim.ID
	for _, s := range InventedSuppliers[1:] {
		if _, err := l.ensureOrg(ctx, tillit.Organisation{Kind: tillit.OrgSupplier, Name: s.Name, Country: s.Country}); err != nil {
			return err
		}
	}
	l.now = l.db.Now()
	steps := []func(context.Context) error{l.loadCast, l.loadCategories, l.profiles, l.contracts, l.sites, l.followUps}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// catInfo is a category as the follow-ups need it.
type catInfo struct {
	id      int64
	regions []int64 // responsible regions, as the demo defines them
}

func (l *loader) loadCategories(ctx context.Context) error {
	cats, err := l.db.FindCategories(ctx)
	if err != nil {
		return err
	}
	l.category = map[string]catInfo{}
	for _, c := range cats {
		for _, dc := range Categories {
			if dc.Code != c.Code {
				continue
			}
			info := catInfo{id: c.ID}
			for _, cc := range dc.Responsible {
				info.regions = append(info.regions, l.regions[cc])
			}
			l.category[c.Code] = info
		}
	}
	return nil
}

// profiles gives the demo suppliers' companies their contact person: the
// demo user who answers for them.
func (l *loader) profiles(ctx context.Context) error {
	for _, a := range Accounts {
		if a.Role != tillit.RoleSupplier {
			continue
		}
		id := l.orgs[orgKey{tillit.OrgSupplier, a.OrgName}]
		sp := tillit.SupplierProfile{OrgID: id, Contacts: []tillit.Contact{{Name: a.Name, Email: a.Email, Role: "Hållbarhetsansvarig"}}}
		if err := l.db.UpdateSupplierProfile(ctx, actor, &sp); err != nil {
			return fmt.Errorf("profile of %s: %w", a.OrgName, err)
		}
		l.created++
	}
	return nil
}

// supplierCategories lists every supplier with a follow-up and the
// category of its (first) follow-up, in the order the follow-ups are
// loaded.
func supplierCategories() []struct{ supplier, category string } {
	var out []struct{ supplier, category string }
	seen := map[string]bool{}
	add := func(supplier, category string) {
		if !seen[supplier] {
			seen[supplier] = true
			out = append(out, struct{ supplier, category string }{supplier, category})
		}
	}
	for _, group := range [][]story{storiesClosed2022, storiesStarted2022, storiesOther2022, approvedStories()} {
		for _, st := range group {
			add(st.supplier, st.category)
		}
	}
	add("Alcon Nordic", CategoryCareEquipment)
	add("Merit Medical Systems", CategoryCareEquipment)
	add("Procurator AB", CategoryCareEquipment)
	add("Mölnlycke Health Care AB", CategoryWoundCareDental)
	add("Stryker AB", CategoryMedicalTechnology)
	add("Handskgrossisten Exempel AB", CategoryCareEquipment)
	return out
}

// span is a contract's region (county code) and term.
type span struct{ region, start, end string }

// fixedContracts are contracts that matter to the story: Merit Medical's
// had all expired when its follow-up was closed in May 2022; the demo
// suppliers' companies hold contracts in force today with Region Skåne,
// where the demo staff user works, and had some with Region Norrbotten,
// whose demo coordinator is then told about their follow-ups.
var fixedContracts = map[string][]span{
	"Merit Medical Systems": {
		{"08", "2017-09-01", "2021-08-31"},
		{"06", "2018-03-01", "2022-02-28"},
	},
	"Mölnlycke Health Care AB": {
		{"09", "2021-03-01", "2025-02-28"},
		{"25", "2022-01-01", "2026-12-31"},
		{"12", "2023-04-01", "2027-03-31"},
	},
	"Stryker AB": {
		{"13", "2021-06-01", "2025-05-31"},
		{"25", "2022-02-01", "2026-01-31"},
		{"12", "2024-01-01", "2027-12-31"},
	},
}

// otherBuyers are regions that buy from suppliers in every category
// besides the responsible ones.
var otherBuyers = []string{"12", "01", "14", "25", "05", "18"}

// contracts gives every supplier with a follow-up contracts in its
// category: one with a responsible region from 2021 (expired in 2025) and
// one with another region from 2023 (in force until 2027), unless
// fixedContracts says otherwise. References are invented.
func (l *loader) contracts(ctx context.Context) error {
	seq := 0
	for i, sc := range supplierCategories() {
		spans, ok := fixedContracts[sc.supplier]
		if !ok {
			var cat Category
			for _, c := range Categories {
				if c.Code == sc.category {
					cat = c
				}
			}
			first := cat.Responsible[i%len(cat.Responsible)]
			other := otherBuyers[i%len(otherBuyers)]
			if other == first {
				other = otherBuyers[(i+1)%len(otherBuyers)]
			}
			a := time.Date(2021, time.Month(i%12+1), 1, 0, 0, 0, 0, time.UTC)
			b := time.Date(2023, time.Month((i+5)%12+1), 1, 0, 0, 0, 0, time.UTC)
			spans = []span{{first, iso(a), iso(a.AddDate(4, 0, -1))}, {other, iso(b), iso(b.AddDate(4, 0, -1))}}
		}
		for _, sp := range spans {
			seq++
			start := day(sp.start)
			c := tillit.Contract{
				RegionID:   l.regions[sp.region],
				SupplierID: l.orgs[orgKey{tillit.OrgSupplier, sc.supplier}],
				CategoryID: l.category[sc.category].id,
				Reference:  fmt.Sprintf("UH %s-%d-%03d", sp.region, start.Year(), seq),
				Start:      start,
				End:        day(sp.end),
			}
			if err := l.db.CreateContract(ctx, actor, &c); err != nil {
				return fmt.Errorf("contract of %s with %s: %w", sc.supplier, RegionName(sp.region), err)
			}
			l.created++
		}
	}
	return nil
}

// site is a production site as the demo describes it. The places are
// where such products are typically made (surgical instruments in
// Sialkot, gloves in Malaysia, textiles in South Asia and Turkey); the
// sites are invented, so they have no real names and no Open Supply Hub
// ids.
type site struct {
	supplier, name, city, country string
	products                      []string
}

var demoSites = []site{
	{"Sylak (nu Observe Medical)", "Instrumentsmedja (kontraktstillverkare)", "Sialkot", "PK", []string{"Peanger", "Saxar"}},
	{"Stille", "Slipning och härdning (underleverantör)", "Sialkot", "PK", []string{"Saxar"}},
	{"Wingplast", "Montering av engångsinstrument (kontraktstillverkare)", "Sialkot", "PK", []string{"Engångspincetter"}},
	{"Henry Eriksson", "Instrumentverkstad (underleverantör)", "Sialkot", "PK", []string{"Pincetter", "Nålförare"}},
	{"Erixon Medtech", "Instrumentsmedja (kontraktstillverkare)", "Sialkot", "PK", []string{"Peanger"}},
	{"Erixon Medtech", "Kontroll och förpackning", "Tuttlingen", "DE", []string{"Peanger"}},
	{"SMP+Cardio", "Instrumentverkstad (kontraktstillverkare)", "Sialkot", "PK", []string{"Kärlklämmor", "Saxar"}},
	{"Mermaid Medical A/S", "Engångsinstrument (kontraktstillverkare)", "Sialkot", "PK", []string{"Engångssaxar"}},
	{"Codan Triplus", "Instrumentset (kontraktstillverkare)", "Sialkot", "PK", []string{"Instrumentset"}},
	{"Codan Triplus", "Operationstextilier (underleverantör)", "Denizli", "TR", []string{"Operationsrockar", "Draperingar"}},
	{"Solann AB", "Instrumentsmedja (kontraktstillverkare)", "Sialkot", "PK", []string{"Peanger", "Pincetter"}},
	{"Vingmed A/S", "Instrumenttillverkning", "Tuttlingen", "DE", []string{"Retraktorer"}},
	{"Instrumenthuset Exempel AB", "Instrumentverkstad (kontraktstillverkare)", "Sialkot", "PK", []string{"Saxar"}},
	{"Kanwar Group", "Väveri och konfektion", "Faisalabad", "PK", []string{"Lakan", "Patientskjortor"}},
	{"FM Trading", "Stickeri och sömnad", "Tiruppur", "IN", []string{"Patientskjortor", "Byxor"}},
	{"Promoters", "Konfektionsfabrik", "Dhaka", "BD", []string{"Arbetskläder"}},
	{"Vårdtextil Exempel AB", "Sömnad (kontraktstillverkare)", "Tiruppur", "IN", []string{"Frottéhanddukar"}},
	{"Möbelfabriken Exempel AB", "Stoppmöbler", "Poznań", "PL", []string{"Väntrumsstolar"}},
	{"Mölnlycke Health Care AB", "Handskfabrik (kontraktstillverkare)", "Ipoh", "MY", []string{"Operationshandskar"}},
	{"Mölnlycke Health Care AB", "Bomullsförädling (underleverantör)", "Ahmedabad", "IN", []string{"Kompresser"}},
	{"Stryker AB", "Instrumentsmedja (underleverantör)", "Sialkot", "PK", []string{"Retraktorer"}},
	{"Stryker AB", "Implantattillverkning (kontraktstillverkare)", "Tuttlingen", "DE", []string{"Knäimplantat"}},
	{"Procurator AB", "Handskfabrik (kontraktstillverkare)", "Klang", "MY", []string{"Nitrilhandskar"}},
	{"Handskgrossisten Exempel AB", "Handskfabrik (kontraktstillverkare)", "Seremban", "MY", []string{"Undersökningshandskar"}},
	{"Abigo Medical", "Förbandstillverkning (kontraktstillverkare)", "Karachi", "PK", []string{"Kompresser"}},
	{"Datorleverantören Exempel AB", "Sluttillverkning (kontraktstillverkare)", "Chongqing", "CN", []string{"Bärbara datorer"}},
}

func (l *loader) sites(ctx context.Context) error {
	l.firstSite = map[int64]int64{}
	for _, s := range demoSites {
		id, ok := l.orgs[orgKey{tillit.OrgSupplier, s.supplier}]
		if !ok {
			return fmt.Errorf("site of %q: no such supplier", s.supplier)
		}
		ps := tillit.ProductionSite{SupplierID: id, Name: s.name, City: s.city, Country: s.country, Products: s.products}
		if err := l.db.CreateSite(ctx, actor, &ps); err != nil {
			return fmt.Errorf("site of %s: %w", s.supplier, err)
		}
		l.created++
		if _, ok := l.firstSite[id]; !ok {
			l.firstSite[id] = ps.ID
		}
	}
	return nil
}
