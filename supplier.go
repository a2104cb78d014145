package tillit

import (
	"strconv"
	"strings"
	"time"
)

// Supplier is a supplier company: its organisation (name, country and
// organisation number live there, as for every organisation) and its
// supplier profile.
type Supplier struct {
	Organisation
	SupplierProfile
}

// SupplierProfile is what the collaboration knows about a supplier company
// beyond the organisation record.
type SupplierProfile struct {
	OrgID       int64    // the supplier's Organisation.ID
	FormerNames []string // earlier names, newest first: "Sylak" for Observe Medical
	ParentOrgID int64    // the parent company's organisation, 0 when none or unknown
	Contacts    []Contact
}

// Contact is a person at a supplier whom the regions contact about
// follow-ups. A contact need not have a user account.
type Contact struct {
	Name  string
	Email string
	Phone string
	Role  string // e.g. "Sustainability manager"
}

// Limits of free-text supplier fields.
const (
	maxNameLen      = 200
	maxReferenceLen = 100
	maxAddressLen   = 300
)

// Validate checks a supplier before it is stored: the organisation's
// fields, a Swedish organisation number's format and check digit, and the
// profile. Call NormalizeOrgNumber first so that "5560360793" is accepted
// as "556036-0793".
func (s *Supplier) Validate() error {
	p := Problems{}
	for field, m := range ErrorFields(s.Organisation.Validate()) {
		p[field] = m
	}
	if s.Kind != OrgSupplier {
		p.Add("kind", "A supplier must be an organisation of the kind supplier.")
	}
	if s.Country == "" {
		p.Add("country", "Enter the country where the supplier is registered, as a two-letter ISO code such as SE.")
	}
	if s.OrgNumber != "" {
		if s.Country == "SE" {
			if !ValidSwedishOrgNumber(s.OrgNumber) {
				p.Add("org_number", "Enter a Swedish organisation number as six digits, a hyphen and four digits, such as 556036-0793; check the last digit.")
			}
		} else if !validForeignOrgNumber(s.OrgNumber) {
			p.Add("org_number", "Enter the company registration number with letters, digits, spaces, hyphens, dots or slashes only, at most 40 characters.")
		}
	}
	if s.OrgID != 0 && s.ID != 0 && s.OrgID != s.ID {
		p.Add("org_id", "The supplier profile belongs to another organisation.")
	}
	s.SupplierProfile.check(p, s.Name)
	if s.ID != 0 && s.ParentOrgID == s.ID {
		p.Add("parent_org_id", "A company cannot be its own parent company.")
	}
	return p.Err()
}

// Validate checks the profile on its own; Supplier.Validate also compares
// the former names with the current name.
func (sp *SupplierProfile) Validate() error { return sp.ValidateFor("") }

// ValidateFor checks the profile of a supplier currently named name, so a
// former name cannot repeat the current one.
func (sp *SupplierProfile) ValidateFor(name string) error {
	p := Problems{}
	sp.check(p, name)
	return p.Err()
}

func (sp *SupplierProfile) check(p Problems, currentName string) {
	if sp.ParentOrgID < 0 {
		p.Add("parent_org_id", "Choose the parent company from the list, or leave it empty.")
	} else if sp.ParentOrgID != 0 && sp.ParentOrgID == sp.OrgID {
		p.Add("parent_org_id", "A company cannot be its own parent company.")
	}
	seen := map[string]bool{}
	for i, n := range sp.FormerNames {
		field := "former_names[" + strconv.Itoa(i) + "]"
		key := strings.ToLower(strings.TrimSpace(n))
		switch {
		case key == "":
			p.Add(field, "Enter the former name, or remove the empty line.")
		case strings.ContainsAny(n, "\r\n"):
			p.Add(field, "Write each former name on a line of its own.")
		case len(n) > maxNameLen:
			p.Add(field, "A former name can be at most %d characters.", maxNameLen)
		case currentName != "" && key == strings.ToLower(strings.TrimSpace(currentName)):
			p.Add(field, "A former name cannot be the same as the current name.")
		case seen[key]:
			p.Add(field, "The former name %s is listed more than once.", strings.TrimSpace(n))
		}
		seen[key] = true
	}
	for i, c := range sp.Contacts {
		prefix := "contacts[" + strconv.Itoa(i) + "]."
		if strings.TrimSpace(c.Name) == "" {
			p.Add(prefix+"name", "Enter the contact person's name.")
		} else if len(c.Name) > maxNameLen {
			p.Add(prefix+"name", "The name can be at most %d characters.", maxNameLen)
		}
		if c.Email == "" && c.Phone == "" {
			p.Add(prefix+"email", "Enter an e-mail address or a phone number so that the contact can be reached.")
		}
		if c.Email != "" && !validEmail(c.Email) {
			p.Add(prefix+"email", "Enter an e-mail address such as name@supplier.com.")
		}
		if c.Phone != "" && !validPhone(c.Phone) {
			p.Add(prefix+"phone", "Enter the phone number with digits, spaces, hyphens and an optional leading +, such as +46 8 123 456 78.")
		}
		if len(c.Role) > maxNameLen {
			p.Add(prefix+"role", "The role can be at most %d characters.", maxNameLen)
		}
	}
}

// HasName reports whether name, compared without case and surrounding
// spaces, is the supplier's current or a former name, so that a report
// naming "Sylak" finds Observe Medical.
func (s *Supplier) HasName(name string) bool {
	key := strings.ToLower(strings.TrimSpace(name))
	if key == "" {
		return false
	}
	if key == strings.ToLower(strings.TrimSpace(s.Name)) {
		return true
	}
	for _, n := range s.FormerNames {
		if key == strings.ToLower(strings.TrimSpace(n)) {
			return true
		}
	}
	return false
}

// DisplayName is the name to show where the supplier may be known by an
// older name: "Observe Medical (formerly Sylak)".
func (s *Supplier) DisplayName() Message {
	if len(s.FormerNames) == 0 {
		return Msg("%s", s.Name)
	}
	return Msg("%s (formerly %s)", s.Name, strings.Join(s.FormerNames, ", "))
}

// ValidSwedishOrgNumber reports whether s is a Swedish organisation number
// written NNNNNN-NNNN whose last digit is the Luhn check digit of the nine
// before it.
func ValidSwedishOrgNumber(s string) bool {
	if len(s) != 11 || s[6] != '-' {
		return false
	}
	digits := s[:6] + s[7:]
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return false
		}
	}
	return luhnValid(digits)
}

// luhnValid reports whether the decimal digits end in a correct Luhn check
// digit: from the right, every second digit is doubled (subtracting 9 when
// that gives two digits) and the sum must be divisible by ten.
func luhnValid(digits string) bool {
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// NormalizeOrgNumber trims s and, for Swedish suppliers, writes ten digits
// given without a hyphen, or with spaces, as NNNNNN-NNNN. Anything else is
// returned trimmed, for Validate to judge.
func NormalizeOrgNumber(country, s string) string {
	s = strings.TrimSpace(s)
	if country != "SE" {
		return s
	}
	compact := strings.NewReplacer(" ", "", "-", "").Replace(s)
	if len(compact) != 10 {
		return s
	}
	for i := 0; i < len(compact); i++ {
		if compact[i] < '0' || compact[i] > '9' {
			return s
		}
	}
	return compact[:6] + "-" + compact[6:]
}

func validForeignOrgNumber(s string) bool {
	if len(s) > 40 {
		return false
	}
	alnum := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
			alnum++
		case r == ' ' || r == '-' || r == '.' || r == '/':
		default:
			return false
		}
	}
	return alnum > 0
}

func validPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return digits >= 5 && digits <= 20
}

// Contract is an agreement between a region and a supplier in a procurement
// category. Start and End are calendar dates; the contract is in force on
// both of them.
type Contract struct {
	ID         int64
	RegionID   int64
	SupplierID int64
	CategoryID int64
	Reference  string // the region's contract or procurement reference
	OCID       string // Open Contracting ocid, e.g. "ocds-213czf-000-00001"; optional
	Start      time.Time
	End        time.Time
}

// Validate checks a contract before it is stored.
func (c *Contract) Validate() error {
	p := Problems{}
	if c.RegionID <= 0 {
		p.Add("region_id", "Choose the region that holds the contract.")
	}
	if c.SupplierID <= 0 {
		p.Add("supplier_id", "Choose the supplier.")
	}
	if c.CategoryID <= 0 {
		p.Add("category_id", "Choose the procurement category.")
	}
	if strings.TrimSpace(c.Reference) == "" {
		p.Add("reference", "Enter the contract reference, such as the procurement's case number.")
	} else if len(c.Reference) > maxReferenceLen {
		p.Add("reference", "The reference can be at most %d characters.", maxReferenceLen)
	}
	if c.OCID != "" && !ValidOCID(c.OCID) {
		p.Add("ocid", "Enter the Open Contracting ocid as published, such as ocds-213czf-000-00001, or leave it empty.")
	}
	if c.Start.IsZero() {
		p.Add("start", "Enter the date the contract starts.")
	} else if !plausibleYear(c.Start) {
		p.Add("start", "Enter a date between the years 1900 and 2200.")
	}
	if c.End.IsZero() {
		p.Add("end", "Enter the date the contract ends.")
	} else if !plausibleYear(c.End) {
		p.Add("end", "Enter a date between the years 1900 and 2200.")
	} else if !c.Start.IsZero() && !DateOf(c.End).After(DateOf(c.Start)) {
		p.Add("end", "The end date must come after the start date.")
	}
	return p.Err()
}

// ActiveOn reports whether the contract is in force on the calendar day of
// d: from its start date through its end date. A zero End means open-ended.
func (c *Contract) ActiveOn(d time.Time) bool {
	day := DateOf(d)
	if day.Before(DateOf(c.Start)) {
		return false
	}
	return c.End.IsZero() || !day.After(DateOf(c.End))
}

// ValidOCID reports whether s looks like an Open Contracting ocid: "ocds-",
// a publisher prefix of letters and digits, a hyphen and the publisher's
// identifier for the process, without spaces.
func ValidOCID(s string) bool {
	rest, ok := strings.CutPrefix(s, "ocds-")
	if !ok || len(s) > 200 {
		return false
	}
	prefix, id, ok := strings.Cut(rest, "-")
	if !ok || prefix == "" || id == "" {
		return false
	}
	for _, r := range prefix {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	for _, r := range id {
		if r <= ' ' || r == 0x7f {
			return false
		}
	}
	return true
}

// ProductionSite is a facility where a supplier's products, or parts of
// them, are made.
type ProductionSite struct {
	ID         int64
	SupplierID int64
	Name       string
	Address    string
	City       string // e.g. "Sialkot"
	Country    string // ISO 3166-1 alpha-2, e.g. "PK"
	OSHubID    string // Open Supply Hub id, e.g. "PK2019085AB1C2D"; optional
	Products   []string
}

// Validate checks a production site before it is stored.
func (s *ProductionSite) Validate() error {
	p := Problems{}
	if s.SupplierID <= 0 {
		p.Add("supplier_id", "Choose the supplier the site belongs to.")
	}
	if strings.TrimSpace(s.Name) == "" {
		p.Add("name", "Enter the name of the production site.")
	} else if len(s.Name) > maxNameLen {
		p.Add("name", "The name can be at most %d characters.", maxNameLen)
	}
	if len(s.Address) > maxAddressLen {
		p.Add("address", "The address can be at most %d characters.", maxAddressLen)
	}
	if strings.TrimSpace(s.City) == "" {
		p.Add("city", "Enter the city or town where the site is, such as Sialkot.")
	} else if len(s.City) > maxNameLen {
		p.Add("city", "The city can be at most %d characters.", maxNameLen)
	}
	if s.Country == "" {
		p.Add("country", "Enter the country as a two-letter ISO code, such as PK.")
	} else if !validCountry(s.Country) {
		p.Add("country", "Enter the country as a two-letter ISO code, such as SE or PK.")
	}
	if s.OSHubID != "" && !ValidOSHubID(s.OSHubID) {
		p.Add("os_hub_id", "Enter the Open Supply Hub ID as shown on its facility page: 8 to 20 letters and digits, such as PK2019085AB1C2D.")
	}
	seen := map[string]bool{}
	for i, pr := range s.Products {
		field := "products[" + strconv.Itoa(i) + "]"
		key := strings.ToLower(strings.TrimSpace(pr))
		switch {
		case key == "":
			p.Add(field, "Enter the product, or remove the empty line.")
		case len(pr) > maxNameLen:
			p.Add(field, "A product can be at most %d characters.", maxNameLen)
		case seen[key]:
			p.Add(field, "The product %s is listed more than once.", strings.TrimSpace(pr))
		}
		seen[key] = true
	}
	return p.Err()
}

// ValidOSHubID reports whether s looks like an Open Supply Hub facility id:
// 8 to 20 ASCII letters and digits. It is checked loosely; the hub's own
// format has changed over time.
func ValidOSHubID(s string) bool {
	if len(s) < 8 || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// plausibleYear keeps dates within what a contract can have and what both
// databases store (PostgreSQL has no year 0).
func plausibleYear(t time.Time) bool { return t.Year() >= 1900 && t.Year() <= 2200 }
