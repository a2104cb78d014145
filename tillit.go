// Package tillit holds the domain of shared follow-up of sustainable public
// procurement: organisations, people and their roles, the policy that says
// who may do what, and the rules of each state change. It does no I/O; the
// subpackages under internal/ store, serve and render it.
package tillit

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Version is set at build time with -ldflags "-X github.com/tillit-project/tillit.Version=…".
var Version = "dev"

// OrgKind says what an organisation is in the collaboration.
type OrgKind string

const (
	OrgNationalOffice OrgKind = "national_office"
	OrgRegion         OrgKind = "region"
	OrgPartner        OrgKind = "partner"    // Nordic strategic partner, e.g. Adda
	OrgSupplier       OrgKind = "supplier"   // a supplier company
	OrgAuditFirm      OrgKind = "audit_firm" // a contracted auditor's employer
)

// OrgKinds lists every kind, in the order forms show them.
var OrgKinds = []OrgKind{OrgNationalOffice, OrgRegion, OrgPartner, OrgSupplier, OrgAuditFirm}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool {
	for _, v := range OrgKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Organisation is any party that people belong to. Regions carry a county
// code; suppliers an organisation number and country.
type Organisation struct {
	ID         int64
	Kind       OrgKind
	Name       string
	CountyCode string // regions only: the two-digit länskod, e.g. "25"
	OrgNumber  string // suppliers: national company registration number
	Country    string // ISO 3166-1 alpha-2
	CreatedAt  time.Time
}

// Validate checks the fields a form or import can get wrong.
func (o *Organisation) Validate() error {
	p := Problems{}
	if o.Name == "" {
		p.Add("name", "Enter a name.")
	} else if utf8.RuneCountInString(o.Name) > 200 {
		p.Add("name", "The name can be at most 200 characters.")
	}
	if !o.Kind.Valid() {
		p.Add("kind", "Choose what kind of organisation this is.")
	}
	if o.Kind == OrgRegion && !validCountyCode(o.CountyCode) {
		p.Add("county_code", "A region needs a two-digit county code, such as 01 or 25.")
	}
	if o.Kind != OrgRegion && o.CountyCode != "" {
		p.Add("county_code", "Only regions have a county code.")
	}
	if o.Country != "" && !validCountry(o.Country) {
		p.Add("country", "Enter the country as a two-letter ISO code, such as SE or PK.")
	}
	return p.Err()
}

func validCountyCode(s string) bool {
	return len(s) == 2 && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' && s != "00"
}

func validCountry(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// RegionPopulation is the number of inhabitants a region's contribution for
// a year is based on.
type RegionPopulation struct {
	RegionID   int64
	Year       int
	Population int64
}

// Category is a prioritised procurement category (inköpskategori).
type Category struct {
	ID          int64
	Code        string // stable short code, e.g. "surgical-instruments"
	NameSV      string
	NameEN      string
	Responsible []Responsibility
	// Scopes are what the category covers over time, oldest first (see
	// category.go); FindCategories leaves them empty.
	Scopes []ScopeVersion
}

// Name returns the category's name in lang ("sv" or "en").
func (c *Category) Name(lang string) string {
	if lang == "en" && c.NameEN != "" {
		return c.NameEN
	}
	return c.NameSV
}

// Responsibility says that a region owns a category's risk analysis and
// follow-ups from ValidFrom up to, but not including, ValidTo (zero: open).
type Responsibility struct {
	CategoryID int64
	RegionID   int64
	RegionName string
	ValidFrom  time.Time
	ValidTo    time.Time
}

// ActiveOn reports whether the responsibility is in force on day d.
func (r Responsibility) ActiveOn(d time.Time) bool {
	if d.Before(r.ValidFrom) {
		return false
	}
	return r.ValidTo.IsZero() || d.Before(r.ValidTo)
}

// ResponsibleOn returns the responsibilities in force on day d.
func (c *Category) ResponsibleOn(d time.Time) []Responsibility {
	var out []Responsibility
	for _, r := range c.Responsible {
		if r.ActiveOn(d) {
			out = append(out, r)
		}
	}
	return out
}

// Lang is a user interface language.
type Lang string

const (
	Swedish Lang = "sv"
	English Lang = "en"
)

// Valid reports whether the language is one the interface speaks.
func (l Lang) Valid() bool { return l == Swedish || l == English }

// User is a person who signs in.
type User struct {
	ID          int64
	Email       string // stored lower-case; the sign-in name
	Name        string
	Lang        Lang
	Disabled    bool
	CreatedAt   time.Time
	Memberships []Membership
}

// Membership gives a user one role in one organisation.
type Membership struct {
	OrgID   int64
	OrgName string
	OrgKind OrgKind
	Role    Role
}

// Actor is who is acting: a signed-in user with their memberships, or the
// system itself (command line, background jobs, the demo loader).
type Actor struct {
	UserID      int64
	Name        string
	Email       string
	Lang        Lang
	Memberships []Membership
	System      bool
}

// SystemActor acts for the command line and background jobs.
func SystemActor(what string) Actor { return Actor{Name: what, System: true} }

// ActorOf builds the actor for a user.
func ActorOf(u *User) Actor {
	return Actor{UserID: u.ID, Name: u.Name, Email: u.Email, Lang: u.Lang, Memberships: u.Memberships}
}

// Label is how the actor appears in the audit trail.
func (a Actor) Label() string {
	if a.System {
		return "system: " + a.Name
	}
	return a.Email
}

// HasRole reports whether any membership carries the role.
func (a Actor) HasRole(r Role) bool {
	for _, m := range a.Memberships {
		if m.Role == r {
			return true
		}
	}
	return false
}

// OrgIDs returns the organisations in which the actor holds role r.
func (a Actor) OrgIDs(r Role) []int64 {
	var ids []int64
	for _, m := range a.Memberships {
		if m.Role == r {
			ids = append(ids, m.OrgID)
		}
	}
	return ids
}

// Session is a signed-in browser. The cookie holds a secret whose hash is
// the stored id, so a leaked database does not leak live sessions.
type Session struct {
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// APIToken is a bearer credential for the JSON API.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string // the first characters, shown so users can tell tokens apart
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// AuditEvent is one record of the hash-chained audit trail.
type AuditEvent struct {
	ID         int64
	At         time.Time
	ActorID    int64 // 0 for the system
	ActorLabel string
	Action     string // e.g. "user.create"
	Entity     string // e.g. "user"
	EntityID   int64
	Before     string // JSON of the entity before the change, "" when created
	After      string // JSON after the change, "" when deleted
	PrevHash   string
	Hash       string
}

type actorKey struct{}

// NewContextWithActor returns a context carrying the actor.
func NewContextWithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFromContext returns the actor in ctx and whether there was one.
func ActorFromContext(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// Validate checks a category before it is stored.
func (c *Category) Validate() error {
	p := Problems{}
	if c.Code == "" {
		p.Add("code", "Enter a short code of lower-case letters, digits and hyphens.")
	} else {
		for _, r := range c.Code {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				p.Add("code", "The code may contain only lower-case letters a–z, digits and hyphens.")
				break
			}
		}
	}
	if c.NameSV == "" {
		p.Add("name_sv", "Enter the Swedish name.")
	}
	if c.NameEN == "" {
		p.Add("name_en", "Enter the English name.")
	}
	for _, r := range c.Responsible {
		if r.ValidFrom.IsZero() {
			p.Add("valid_from", "Enter the date the responsibility starts.")
		} else if !r.ValidTo.IsZero() && !r.ValidTo.After(r.ValidFrom) {
			p.Add("valid_to", "The end date must come after the start date.")
		}
	}
	checkResponsibilities(p, c.Responsible)
	return p.Err()
}

// Validate checks a user before it is stored. Emails are compared
// lower-case; call NormalizeEmail first.
func (u *User) Validate() error {
	p := Problems{}
	if u.Email == "" {
		p.Add("email", "Enter an e-mail address.")
	} else if !validEmail(u.Email) {
		p.Add("email", "Enter an e-mail address such as name@region.se.")
	}
	if u.Name == "" {
		p.Add("name", "Enter the person's name.")
	} else if utf8.RuneCountInString(u.Name) > 200 {
		p.Add("name", "The name can be at most 200 characters.")
	}
	if !u.Lang.Valid() {
		p.Add("lang", "Choose Swedish or English.")
	}
	if len(u.Memberships) == 0 {
		p.Add("role", "Choose a role and an organisation.")
	}
	for _, m := range u.Memberships {
		if !m.Role.Valid() {
			p.Add("role", "Choose one of the roles in the list.")
		} else if m.OrgKind != "" && !m.Role.FitsOrg(m.OrgKind) {
			p.Add("role", "The role %s cannot be held in that kind of organisation.", string(m.Role))
		}
	}
	return p.Err()
}

// NormalizeEmail trims and lower-cases an address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func validEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " \t\r\n<>,;\"") {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.Contains(domain, "@") &&
		!strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}
