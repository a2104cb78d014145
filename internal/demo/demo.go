// Package demo loads the collaboration's year 2022 as demo data: the 21
// regions with the population their contribution was based on, the national
// office, the Nordic partners, an audit firm, every supplier the 2022 report
// names, the eight procurement categories with their responsible regions,
// and one demo user per role; then contracts, production sites and the
// year's follow-ups as the events they would have been (see followups.go).
// Records go through the store as the system actor "demo"; follow-up
// events are made by the demo users who would have made them, dated when
// they happened. All of it is in the audit trail like any other change.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/sqldb"
)

// Options for loading the demo year.
type Options struct {
	Password string          // the demo users' password (the caller decides: env TILLIT_DEMO_PASSWORD or generated)
	Hash     password.Params // argon2id cost (tests pass password.Fast); zero means password.Default
}

// Result says what was loaded, for the start-up log.
type Result struct {
	// Created counts the records created this time: organisations,
	// population figures, categories (each with its responsibilities) and
	// users (each with its membership), and the invented suppliers,
	// supplier profiles, contracts and production sites. Zero when
	// everything was there.
	Created int
	// Events counts the follow-up events recorded, each follow-up's
	// opening included. Each record created and each event is one entry in
	// the audit trail.
	Events int
	// Users are the demo e-mails, whether created now or before.
	Users []string
}

// actor is who the audit trail says loaded the demo.
var actor = tillit.SystemActor("demo")

// Load loads the demo year 2022 idempotently: running it twice creates
// nothing the second time and never fails because things exist. It only
// adds what is missing and changes nothing that is there: an existing
// region keeps its population figure, an existing category its
// responsibilities, an existing demo user its password and memberships.
// The contracts, sites and follow-ups are loaded as a whole, once: not at
// all when any follow-up exists.
func Load(ctx context.Context, db *sqldb.DB, opt Options) (Result, error) {
	l := &loader{db: db, opt: opt}
	if l.opt.Hash == (password.Params{}) {
		l.opt.Hash = password.Default
	}
	steps := []func(context.Context) error{l.organisations, l.populations, l.categories, l.users, l.requirements, l.year, l.finances, l.riskAnalyses, l.trainings, l.questionnaires, l.incidents, l.inquiries, l.publicSite, l.categoriesOverTime, l.supplyChain}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return Result{Created: l.created, Events: l.events}, fmt.Errorf("demo.Load: %w", err)
		}
	}
	res := Result{Created: l.created, Events: l.events}
	for _, a := range Accounts {
		res.Users = append(res.Users, a.Email)
	}
	return res, nil
}

type orgKey struct {
	kind tillit.OrgKind
	name string
}

type loader struct {
	db      *sqldb.DB
	opt     Options
	created int

	orgs     map[orgKey]int64 // every organisation by kind and name
	counties map[string]int64 // regions by county code
	regions  map[string]int64 // the demo's regions by their county code here

	// For the supply chain and the follow-ups.
	events    int
	cast      cast
	category  map[string]catInfo // by code
	firstSite map[int64]int64    // a supplier's first production site
	now       time.Time          // when the demo is loaded, on the store's own clock
	clock     time.Time          // when the follow-up event being recorded happened
}

// refreshOrgs reads every organisation once, so looking up the ~50 that
// the demo needs costs one query rather than one each.
func (l *loader) refreshOrgs(ctx context.Context) error {
	all, err := l.db.FindOrganisations(ctx, sqldb.OrganisationFilter{})
	if err != nil {
		return err
	}
	l.orgs = make(map[orgKey]int64, len(all))
	l.counties = map[string]int64{}
	for _, o := range all {
		l.orgs[orgKey{o.Kind, o.Name}] = o.ID
		if o.Kind == tillit.OrgRegion && o.CountyCode != "" {
			l.counties[o.CountyCode] = o.ID
		}
	}
	return nil
}

// lookup finds an organisation the demo wants: a region by its county code
// (whatever it is called here), anything else by kind and name.
func (l *loader) lookup(o *tillit.Organisation) (int64, bool) {
	if o.Kind == tillit.OrgRegion {
		if id, ok := l.counties[o.CountyCode]; ok {
			return id, true
		}
	}
	id, ok := l.orgs[orgKey{o.Kind, o.Name}]
	return id, ok
}

// ensureOrg creates o unless it exists. A conflict means someone else
// created it since we looked (another instance loading the demo at the same
// time): read again and use theirs.
func (l *loader) ensureOrg(ctx context.Context, o tillit.Organisation) (int64, error) {
	if id, ok := l.lookup(&o); ok {
		return id, nil
	}
	err := l.db.CreateOrganisation(ctx, actor, &o)
	switch tillit.ErrorCode(err) {
	case "":
		l.created++
		l.orgs[orgKey{o.Kind, o.Name}] = o.ID
		if o.Kind == tillit.OrgRegion {
			l.counties[o.CountyCode] = o.ID
		}
		return o.ID, nil
	case tillit.ECONFLICT:
		if err := l.refreshOrgs(ctx); err != nil {
			return 0, err
		}
		if id, ok := l.lookup(&o); ok {
			return id, nil
		}
	}
	return 0, fmt.Errorf("organisation %q: %w", o.Name, err)
}

func (l *loader) organisations(ctx context.Context) error {
	if err := l.refreshOrgs(ctx); err != nil {
		return err
	}
	want := []tillit.Organisation{{Kind: tillit.OrgNationalOffice, Name: NationalOffice, Country: "SE"}}
	for _, r := range Regions {
		want = append(want, tillit.Organisation{Kind: tillit.OrgRegion, Name: r.Name, CountyCode: r.CountyCode, Country: "SE"})
	}
	for _, p := range Partners {
		want = append(want, tillit.Organisation{Kind: tillit.OrgPartner, Name: p.Name, Country: p.Country})
	}
	want = append(want, tillit.Organisation{Kind: tillit.OrgAuditFirm, Name: AuditFirm, Country: "SE"})
	for _, s := range Suppliers {
		want = append(want, tillit.Organisation{Kind: tillit.OrgSupplier, Name: s.Name, Country: s.Country})
	}
	l.regions = map[string]int64{}
	for _, o := range want {
		id, err := l.ensureOrg(ctx, o)
		if err != nil {
			return err
		}
		if o.Kind == tillit.OrgRegion {
			l.regions[o.CountyCode] = id
		}
	}
	return nil
}

// populations records each region's implied 2022 population where the
// region has no figure for 2022 yet.
func (l *loader) populations(ctx context.Context) error {
	have, err := l.db.Populations(ctx, Year)
	if err != nil {
		return err
	}
	for _, r := range Regions {
		id := l.regions[r.CountyCode]
		if _, ok := have[id]; ok {
			continue
		}
		p := tillit.RegionPopulation{RegionID: id, Year: Year, Population: Population2022(r.CountyCode)}
		if err := l.db.SetPopulation(ctx, actor, p); err != nil {
			return fmt.Errorf("population of %s: %w", r.Name, err)
		}
		l.created++
	}
	return nil
}

func (l *loader) categories(ctx context.Context) error {
	existing, err := l.db.FindCategories(ctx)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, c := range existing {
		have[c.Code] = true
	}
	for _, dc := range Categories {
		if have[dc.Code] {
			continue
		}
		c := tillit.Category{Code: dc.Code, NameSV: dc.NameSV, NameEN: dc.NameEN}
		for _, cc := range dc.Responsible {
			c.Responsible = append(c.Responsible, tillit.Responsibility{RegionID: l.regions[cc], ValidFrom: ResponsibleFrom})
		}
		err := l.db.CreateCategory(ctx, actor, &c)
		switch tillit.ErrorCode(err) {
		case "":
			l.created++
		case tillit.ECONFLICT: // created meanwhile by someone else
		default:
			return fmt.Errorf("category %s: %w", dc.Code, err)
		}
	}
	return nil
}

func (l *loader) users(ctx context.Context) error {
	checked := false
	for _, a := range Accounts {
		_, err := l.db.FindUserByEmail(ctx, a.Email)
		if err == nil {
			continue // leave it as it is, password included
		}
		if tillit.ErrorCode(err) != tillit.ENOTFOUND {
			return err
		}
		if !checked {
			if err := password.Check(l.opt.Password); err != nil {
				return fmt.Errorf("the demo users' password: %w", err)
			}
			checked = true
		}
		org := tillit.Organisation{Kind: a.OrgKind, Name: a.OrgName}
		for _, r := range Regions {
			if a.OrgKind == tillit.OrgRegion && r.Name == a.OrgName {
				org.CountyCode = r.CountyCode
			}
		}
		orgID, ok := l.lookup(&org)
		if !ok {
			return fmt.Errorf("user %s: organisation %q not found", a.Email, a.OrgName)
		}
		hash, err := password.Hash(l.opt.Password, l.opt.Hash)
		if err != nil {
			return err
		}
		u := tillit.User{Email: a.Email, Name: a.Name, Lang: tillit.Swedish,
			Memberships: []tillit.Membership{{OrgID: orgID, Role: a.Role}}}
		err = l.db.CreateUser(ctx, actor, &u, hash)
		switch tillit.ErrorCode(err) {
		case "":
			l.created++
		case tillit.ECONFLICT: // created meanwhile by someone else
		default:
			return fmt.Errorf("user %s: %w", a.Email, err)
		}
	}
	return nil
}
