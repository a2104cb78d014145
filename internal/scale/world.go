package scale

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/demo"
)

// The world is the master data: organisations, categories, users,
// suppliers, contracts and production sites, each with the moment it was
// registered. It is drawn in one fixed sequence from one random source, so
// the seed decides everything. Ids are not known here: the Sink assigns
// them when an item is emitted, and later items read them through the
// pointers they hold (an item is always emitted after what it refers to).

type world struct {
	opt        Options
	start, end time.Time // the ten years
	epoch      time.Time // when the register that existed before the data was set up
	r          *rand.Rand

	office     *tillit.Organisation
	auditFirms []*auditFirm
	buyers     []*buyer
	buyerCum   []float64 // cumulative weights, to draw buyers by size
	categories []*category
	suppliers  []*supplier // by index; byRank orders them by size
	byRank     []*supplier
	contracts  []*contract
	sites      []*site
	officers   []*person // the national office's officers (and the admin)
	people     []*person // every user, in creation order

	items []item  // master data in the order it is emitted
	opens []*open // follow-ups in the order they open
}

type auditFirm struct {
	org      tillit.Organisation
	auditors []*person
}

type buyer struct {
	org         tillit.Organisation
	weight      float64
	refPrefix   string
	coordinator *person
	swedish     bool
}

type category struct {
	c           tillit.Category
	responsible []*buyer
}

type supplier struct {
	s       tillit.Supplier
	rank    int
	created time.Time
	cats    [2]*category
	parent  *supplier
	user    *person
	sites   []*site // in the order they were registered
	first   time.Time
}

type contract struct {
	c       tillit.Contract
	buyer   *buyer
	sup     *supplier
	cat     *category
	created time.Time
}

type site struct {
	s       tillit.ProductionSite
	sup     *supplier
	created time.Time
}

// person is a user to be: the membership names its organisation by
// pointer, because the id is not known until the organisation is emitted.
type person struct {
	u       tillit.User
	org     *tillit.Organisation
	role    tillit.Role
	hash    string
	created time.Time
}

// actor is who the person acts as once created.
func (p *person) actor() tillit.Actor { return tillit.ActorOf(&p.u) }

// item is one record of master data, emitted at its time.
type item struct {
	at   time.Time
	seq  int
	emit func(Sink) error
}

// open is a follow-up to open: on which contract's supplier and category,
// and when.
type open struct {
	at       time.Time
	contract *contract
}

func newWorld(opt Options) *world {
	end := opt.End
	if end.IsZero() {
		end = DefaultEnd
	}
	end = end.In(stockholm).Truncate(time.Second)
	w := &world{opt: opt, end: end, start: end.AddDate(-Years, 0, 0), r: rand.New(rand.NewPCG(opt.Seed, 0x5ca1e))}
	w.epoch = w.start.AddDate(0, 0, -90)
	w.organisations()
	w.makeCategories()
	w.users()
	w.makeSuppliers()
	w.makeContracts()
	w.supplierDetails()
	w.makeSites()
	w.followUpOpenings()
	slices.SortStableFunc(w.items, func(a, b item) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	return w
}

func (w *world) add(at time.Time, emit func(Sink) error) {
	w.items = append(w.items, item{at: at, seq: len(w.items), emit: emit})
}

// swedishRegions are the 21 regions of the demo, in county-code order.
func swedishRegions() []demo.Region { return demo.Regions }

func (w *world) organisations() {
	at := w.epoch
	w.office = &tillit.Organisation{Kind: tillit.OrgNationalOffice, Name: "Nationella kansliet (syntetiska data)", Country: "SE"}
	o := w.office
	w.add(at, func(s Sink) error { return s.Organisation(at, o) })
	for i, r := range swedishRegions() {
		b := &buyer{org: tillit.Organisation{Kind: tillit.OrgRegion, Name: r.Name, CountyCode: r.CountyCode, Country: "SE"},
			weight: float64(demo.Population2022(r.CountyCode)) / 100_000, refPrefix: "SE" + r.CountyCode, swedish: true}
		w.buyers = append(w.buyers, b)
		t := at.Add(time.Duration(i+1) * time.Minute)
		w.add(t, func(s Sink) error { return s.Organisation(t, &b.org) })
	}
	foreign := w.opt.Size.BuyingOrgs - len(swedishRegions())
	for i := range foreign {
		place := buyingRegions[i%len(buyingRegions)]
		round := i / len(buyingRegions)
		name := "Region " + place.name + " " + buyingSuffixes[round%len(buyingSuffixes)]
		if round >= len(buyingSuffixes) {
			name += fmt.Sprintf(" %d", round/len(buyingSuffixes)+1)
		}
		// A foreign buying organisation is a region without a Swedish
		// county code: see docs/scale.md on why the model needs one.
		b := &buyer{org: tillit.Organisation{Kind: tillit.OrgRegion, Name: name, Country: place.country},
			weight: 1 + 9*w.r.Float64(), refPrefix: fmt.Sprintf("%s%03d", place.country, i+1)}
		w.buyers = append(w.buyers, b)
		t := at.Add(time.Hour + time.Duration(i)*time.Minute)
		w.add(t, func(s Sink) error { return s.Organisation(t, &b.org) })
	}
	sum := 0.0
	for _, b := range w.buyers {
		sum += b.weight
		w.buyerCum = append(w.buyerCum, sum)
	}
	firms := max(1, w.opt.Size.BuyingOrgs/15)
	countries := []string{"SE", "DE", "NL", "FR", "DK", "PL", "IT", "ES"}
	for i := range firms {
		f := &auditFirm{org: tillit.Organisation{Kind: tillit.OrgAuditFirm, Name: fmt.Sprintf("Revisionsbyrån Syntet %d", i+1), Country: countries[i%len(countries)]}}
		w.auditFirms = append(w.auditFirms, f)
		t := at.Add(6*time.Hour + time.Duration(i)*time.Minute)
		w.add(t, func(s Sink) error { return s.Organisation(t, &f.org) })
	}
}

// pickBuyer draws a buying organisation by size.
func (w *world) pickBuyer(r *rand.Rand) *buyer {
	x := r.Float64() * w.buyerCum[len(w.buyerCum)-1]
	i, _ := slices.BinarySearch(w.buyerCum, x)
	return w.buyers[min(i, len(w.buyers)-1)]
}

func (w *world) makeCategories() {
	at := w.epoch.AddDate(0, 0, 1)
	from := tillit.DateOf(w.epoch)
	byCode := map[string]*buyer{}
	for _, b := range w.buyers {
		if b.swedish {
			byCode[b.org.CountyCode] = b
		}
	}
	for _, dc := range demo.Categories {
		c := &category{c: tillit.Category{Code: dc.Code, NameSV: dc.NameSV, NameEN: dc.NameEN}}
		for _, cc := range dc.Responsible {
			c.responsible = append(c.responsible, byCode[cc])
		}
		w.categories = append(w.categories, c)
	}
	foreign := w.buyers[len(swedishRegions()):]
	for i, ec := range extraCategories {
		if len(foreign) < 20*(i+1) {
			break
		}
		c := &category{c: tillit.Category{Code: ec.code, NameSV: ec.sv, NameEN: ec.en}}
		for range 1 + w.r.IntN(3) {
			b := foreign[w.r.IntN(len(foreign))]
			if !slices.Contains(c.responsible, b) {
				c.responsible = append(c.responsible, b)
			}
		}
		w.categories = append(w.categories, c)
	}
	for i, c := range w.categories {
		t := at.Add(time.Duration(i) * time.Minute)
		w.add(t, func(s Sink) error {
			c.c.Responsible = nil
			for _, b := range c.responsible {
				c.c.Responsible = append(c.c.Responsible, tillit.Responsibility{RegionID: b.org.ID, ValidFrom: from})
			}
			return s.Category(t, &c.c)
		})
	}
}

// addPerson registers a user to be created at t.
func (w *world) addPerson(t time.Time, email, name string, lang tillit.Lang, org *tillit.Organisation, role tillit.Role, hash string) *person {
	p := &person{u: tillit.User{Email: email, Name: name, Lang: lang}, org: org, role: role, hash: hash, created: t}
	w.people = append(w.people, p)
	w.add(t, func(s Sink) error {
		p.u.Memberships = []tillit.Membership{{OrgID: org.ID, Role: role}}
		return s.User(t, &p.u, p.hash)
	})
	return p
}

func (w *world) personName(r *rand.Rand) string {
	return givenNames[r.IntN(len(givenNames))] + " " + familyNames[r.IntN(len(familyNames))]
}

func (w *world) users() {
	t := w.epoch.AddDate(0, 0, 2)
	next := func() time.Time { t = t.Add(time.Minute); return t }
	hash := w.opt.PasswordHash
	sv, en := tillit.Swedish, tillit.English
	// The well-known accounts of the demo, so the same e-mails sign in.
	w.officers = append(w.officers, w.addPerson(next(), "admin@example.org", "Karin Lindgren", sv, w.office, tillit.RoleAdmin, hash))
	w.officers = append(w.officers, w.addPerson(next(), "officer@example.org", "Johan Bergström", sv, w.office, tillit.RoleOfficer, hash))
	w.addPerson(next(), "editor@example.org", "Anders Sjöberg", sv, w.office, tillit.RoleEditor, hash)
	for i := range max(1, w.opt.Size.BuyingOrgs/30) {
		w.officers = append(w.officers, w.addPerson(next(), fmt.Sprintf("officer-%02d@office.example", i+1), w.personName(w.r), sv, w.office, tillit.RoleOfficer, ""))
	}
	for i, b := range w.buyers {
		lang, email, h := en, fmt.Sprintf("coordinator-%03d@buyers.example", i+1), ""
		if b.swedish {
			lang = sv
		}
		if b.org.CountyCode == "25" {
			email, h = "coordinator@example.org", hash
		}
		b.coordinator = w.addPerson(next(), email, w.personName(w.r), lang, &b.org, tillit.RoleCoordinator, h)
		if b.org.CountyCode == "12" {
			w.addPerson(next(), "staff@example.org", "Mikael Persson", sv, &b.org, tillit.RoleStaff, hash)
		} else if i%10 == 0 {
			w.addPerson(next(), fmt.Sprintf("staff-%03d@buyers.example", i+1), w.personName(w.r), lang, &b.org, tillit.RoleStaff, "")
		}
	}
	for i, f := range w.auditFirms {
		for j := range 4 {
			email, h := fmt.Sprintf("auditor-%02d-%d@audit.example", i+1, j+1), ""
			if i == 0 && j == 0 {
				email, h = "auditor@example.org", hash
			}
			f.auditors = append(f.auditors, w.addPerson(next(), email, w.personName(w.r), sv, &f.org, tillit.RoleAuditor, h))
		}
	}
}

// makeSuppliers draws the suppliers' names, countries and main categories.
// Their size is their rank: rank 0 is the largest.
func (w *world) makeSuppliers() {
	n := w.opt.Size.Suppliers
	seen := map[string]bool{}
	totalWeight := 0
	for _, c := range supplierCountries {
		totalWeight += c.weight
	}
	perm := w.r.Perm(n)
	w.byRank = make([]*supplier, n)
	for i := range n {
		x := w.r.IntN(totalWeight)
		country := supplierCountries[0]
		for _, c := range supplierCountries {
			if x < c.weight {
				country = c
				break
			}
			x -= c.weight
		}
		name := w.companyName(w.r, country.form, seen)
		sp := &supplier{rank: perm[i]}
		sp.s.Kind, sp.s.Name, sp.s.Country = tillit.OrgSupplier, name, country.code
		sp.s.OrgNumber = w.orgNumber(w.r, country.code)
		main := w.categories[w.r.IntN(len(w.categories))]
		sp.cats = [2]*category{main, w.categories[w.r.IntN(len(w.categories))]}
		w.suppliers = append(w.suppliers, sp)
		w.byRank[sp.rank] = sp
	}
}

func (w *world) companyName(r *rand.Rand, form string, seen map[string]bool) string {
	for tries := 0; ; tries++ {
		base := namePrefixes[r.IntN(len(namePrefixes))] + nameMiddles[r.IntN(len(nameMiddles))] + nameEnds[r.IntN(len(nameEnds))]
		name := base + " " + nameKinds[r.IntN(len(nameKinds))] + " " + form
		if tries > 3 {
			name = fmt.Sprintf("%s %d %s", base, tries, form)
		}
		key := strings.ToLower(name)
		if !seen[key] {
			seen[key] = true
			return name
		}
	}
}

// orgNumber makes a registration number: a Swedish one with a correct
// check digit, elsewhere letters and digits.
func (w *world) orgNumber(r *rand.Rand, country string) string {
	if country != "SE" {
		return fmt.Sprintf("%s %08d", country, r.IntN(100_000_000))
	}
	d := fmt.Sprintf("55%07d", r.IntN(10_000_000))
	sum := 0
	for i := range 9 {
		v := int(d[i] - '0')
		if i%2 == 0 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	d += fmt.Sprint((10 - sum%10) % 10)
	return d[:6] + "-" + d[6:]
}

// zipf draws supplier ranks: rank k with weight 1/(k+10)^1.1, so the
// largest suppliers hold a few per cent of everything each and the long
// tail one or two contracts.
func (w *world) zipf(r *rand.Rand) func() *supplier {
	z := rand.NewZipf(r, 1.1, 10, uint64(len(w.byRank)-1))
	return func() *supplier { return w.byRank[z.Uint64()] }
}

// workTime is day d (moved off weekends) at a time in office hours.
func workTime(r *rand.Rand, d time.Time) time.Time {
	d = d.In(stockholm)
	switch d.Weekday() {
	case time.Saturday:
		d = d.AddDate(0, 0, 2)
	case time.Sunday:
		d = d.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 8+r.IntN(9), r.IntN(60), r.IntN(60), 0, stockholm)
}

// daysAfter is workTime a random number of days in [lo, hi] after t.
func daysAfter(r *rand.Rand, t time.Time, lo, hi int) time.Time {
	return workTime(r, t.AddDate(0, 0, lo+r.IntN(hi-lo+1)))
}

func (w *world) makeContracts() {
	pick := w.zipf(w.r)
	// Contracts start from three years before the data (some are in force
	// when it begins) and grow in number by 12 % of the first year's each
	// year, as the consortium does.
	first := w.start.AddDate(-3, 0, 0)
	years := Years + 3
	weights := make([]float64, years)
	total := 0.0
	for y := range years {
		weights[y] = 1 + 0.12*float64(y)
		total += weights[y]
	}
	minCreated := w.epoch.AddDate(0, 0, 3)
	for i := range w.opt.Size.Contracts {
		sp := pick()
		cat := sp.cats[0]
		if w.r.IntN(4) == 0 {
			cat = sp.cats[1]
		}
		b := w.pickBuyer(w.r)
		x := w.r.Float64() * total
		y := 0
		for y < years-1 && x >= weights[y] {
			x -= weights[y]
			y++
		}
		start := tillit.DateOf(first.AddDate(y, 0, w.r.IntN(365)))
		if start.After(tillit.DateOf(w.end)) {
			start = tillit.DateOf(w.end)
		}
		dur := 2 + w.r.IntN(3)
		end := start.AddDate(dur, 0, -1)
		created := daysAfter(w.r, start, -60, 0)
		if created.Before(minCreated) {
			created = minCreated.Add(time.Duration(i%1000) * time.Second)
		}
		if created.After(w.end) {
			created = w.end.Add(-time.Hour)
		}
		c := &contract{buyer: b, sup: sp, cat: cat, created: created, c: tillit.Contract{
			Reference: fmt.Sprintf("%s-%d-%06d", b.refPrefix, start.Year(), i+1), Start: start, End: end}}
		if w.r.IntN(10) < 4 {
			c.c.OCID = fmt.Sprintf("ocds-tillitsynth-%07d", i+1)
		}
		if sp.first.IsZero() || created.Before(sp.first) {
			sp.first = created
		}
		w.contracts = append(w.contracts, c)
	}
	// Emitted in the order they were registered (the store's ids grow
	// with time).
	for _, c := range w.contracts {
		w.add(c.created, func(s Sink) error {
			c.c.RegionID, c.c.SupplierID, c.c.CategoryID = c.buyer.org.ID, c.sup.s.ID, c.cat.c.ID
			return s.Contract(c.created, &c.c)
		})
	}
}

// supplierDetails dates each supplier before its first contract and gives
// some a parent company, a former name, contacts and a user.
func (w *world) supplierDetails() {
	minCreated := w.epoch.AddDate(0, 0, 2).Add(12 * time.Hour)
	for _, sp := range w.suppliers {
		if sp.first.IsZero() {
			sp.created = daysAfter(w.r, w.start, 0, int(w.end.Sub(w.start).Hours()/24)-30)
		} else {
			sp.created = sp.first.Add(-time.Duration(1+w.r.IntN(30*24)) * time.Hour)
		}
		if sp.created.Before(minCreated) {
			sp.created = minCreated.Add(time.Duration(sp.rank) * time.Millisecond * 10)
		}
		sp.created = sp.created.Truncate(time.Millisecond)
	}
	seen := map[string]bool{}
	for _, sp := range w.suppliers {
		seen[strings.ToLower(sp.s.Name)] = true
	}
	topN := min(50, len(w.byRank))
	for _, sp := range w.suppliers {
		if sp.rank >= topN && w.r.IntN(100) < 4 {
			p := w.byRank[w.r.IntN(topN)]
			if p.created.Before(sp.created) {
				sp.parent = p
			}
		}
		if w.r.IntN(100) < 3 {
			sp.s.FormerNames = []string{w.companyName(w.r, "AB", seen)}
		}
		for j := range 1 + w.r.IntN(2) {
			given, family := givenNames[w.r.IntN(len(givenNames))], familyNames[w.r.IntN(len(familyNames))]
			local := strings.ToLower(strings.NewReplacer(" ", "", "ä", "a", "ö", "o", "å", "a", "ü", "u", "é", "e", "ø", "o", "í", "i", "á", "a").Replace(given + "." + family))
			c := tillit.Contact{Name: given + " " + family, Email: fmt.Sprintf("%s%d@supplier%d.example", local, j+1, sp.rank),
				Role: []string{"Sustainability manager", "Key account manager", "Quality manager"}[w.r.IntN(3)]}
			if w.r.IntN(2) == 0 {
				c.Phone = fmt.Sprintf("+46 8 %03d %02d %02d", w.r.IntN(1000), w.r.IntN(100), w.r.IntN(100))
			}
			sp.s.Contacts = append(sp.s.Contacts, c)
		}
	}
	for _, sp := range w.suppliers {
		w.add(sp.created, func(s Sink) error {
			if sp.parent != nil {
				sp.s.ParentOrgID = sp.parent.s.ID
			}
			return s.Supplier(sp.created, &sp.s)
		})
	}
	// The largest suppliers answer through their own accounts.
	users := max(1, len(w.byRank)/20)
	for rank := range users {
		sp := w.byRank[rank]
		email, name, hash := fmt.Sprintf("supplier-%05d@suppliers.example", rank+1), w.personName(w.r), ""
		if rank == 0 {
			email, name, hash = "supplier@example.org", "Eva Magnusson", w.opt.PasswordHash
		}
		sp.user = w.addPerson(sp.created.Add(time.Hour), email, name, tillit.English, &sp.s.Organisation, tillit.RoleSupplier, hash)
	}
}

func (w *world) makeSites() {
	pick := w.zipf(w.r)
	total := 0
	for _, c := range siteCities {
		total += c.weight
	}
	for i := range w.opt.Size.Sites {
		sp := pick()
		x := w.r.IntN(total)
		loc := siteCities[0]
		for _, c := range siteCities {
			if x < c.weight {
				loc = c
				break
			}
			x -= c.weight
		}
		created := daysAfter(w.r, sp.created, 1, 400)
		if !created.Before(w.end) {
			created = sp.created.Add(time.Hour)
		}
		created = created.Add(time.Duration(i%997) * time.Millisecond)
		short, _, _ := strings.Cut(sp.s.Name, " ")
		st := &site{sup: sp, created: created, s: tillit.ProductionSite{
			Name:    fmt.Sprintf("%s plant %d", short, len(sp.sites)+1),
			Address: fmt.Sprintf("Industrial Road %d", 1+w.r.IntN(400)),
			City:    loc.cities[w.r.IntN(len(loc.cities))], Country: loc.country}}
		if w.r.IntN(10) < 4 {
			st.s.OSHubID = fmt.Sprintf("%s%d%07X", loc.country, 2015+w.r.IntN(10), w.r.IntN(1<<28))
		}
		for range 1 + w.r.IntN(3) {
			p := siteProducts[w.r.IntN(len(siteProducts))]
			if !slices.Contains(st.s.Products, p) {
				st.s.Products = append(st.s.Products, p)
			}
		}
		sp.sites = append(sp.sites, st)
		w.sites = append(w.sites, st)
	}
	for _, sp := range w.suppliers {
		slices.SortStableFunc(sp.sites, func(a, b *site) int { return a.created.Compare(b.created) })
	}
	for _, st := range w.sites {
		w.add(st.created, func(s Sink) error {
			st.s.SupplierID = st.sup.s.ID
			return s.Site(st.created, &st.s)
		})
	}
}

// followUpOpenings picks the contracts whose supplier and category are
// followed up, and when: every day a contract is in force is as likely as
// any other to be the one, so large suppliers get most follow-ups and
// their number grows with the contracts.
func (w *world) followUpOpenings() {
	startDay, endDay := tillit.DateOf(w.start), tillit.DateOf(w.end)
	const longest = 4 * 366 // days: no contract is longer
	for range w.opt.Size.FollowUps {
		var c *contract
		var from time.Time
		var days int
		for {
			c = w.contracts[w.r.IntN(len(w.contracts))]
			from = c.c.Start
			to := c.c.End
			if created := tillit.DateOf(c.created).AddDate(0, 0, 1); from.Before(created) {
				from = created
			}
			if from.Before(startDay) {
				from = startDay
			}
			if to.After(endDay) {
				to = endDay
			}
			days = int(to.Sub(from).Hours()/24) + 1
			if days > 0 && w.r.IntN(longest) < days {
				break
			}
		}
		at := workTime(w.r, from.AddDate(0, 0, w.r.IntN(days)))
		if !at.Before(w.end) {
			at = w.end.Add(-time.Duration(1+w.r.IntN(3600)) * time.Second)
		}
		w.opens = append(w.opens, &open{at: at, contract: c})
	}
	slices.SortStableFunc(w.opens, func(a, b *open) int { return a.at.Compare(b.at) })
}

// lognormal draws a positive number with the given mean and a spread that
// gives the long tail of audit findings.
func lognormal(r *rand.Rand, mean, sigma float64) float64 {
	mu := math.Log(mean) - sigma*sigma/2
	return math.Exp(mu + sigma*r.NormFloat64())
}
