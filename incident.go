package tillit

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Incidents (händelser, issue 9): an alert that something is wrong in a
// supply chain — forced labour reported at glove factories, a certification
// scheme withdrawn, a flood where instruments are made. The people who see
// it register it with what it names (countries and places, categories,
// products, companies, production sites); tillit then shows at once which
// production sites, suppliers, contracts and regions are exposed (see
// sqldb.IncidentExposure). Someone judges whether the alert is relevant,
// irrelevant or a duplicate of another one, and it can open follow-ups of
// the exposed suppliers.

// IncidentSource is who reported the alert.
type IncidentSource string

const (
	SourceMedia     IncidentSource = "media"
	SourceNGO       IncidentSource = "ngo" // a non-governmental organisation, such as Swedwatch
	SourcePartner   IncidentSource = "partner"
	SourceAuthority IncidentSource = "authority"
	SourceOther     IncidentSource = "other"
)

// IncidentSources lists every source kind, in the order forms show them.
var IncidentSources = []IncidentSource{SourceMedia, SourceNGO, SourcePartner, SourceAuthority, SourceOther}

// Valid reports whether s is a known source kind.
func (s IncidentSource) Valid() bool { return oneOf(s, IncidentSources) }

// IncidentSeverity is how serious the alert is judged to be.
type IncidentSeverity string

const (
	IncidentLow      IncidentSeverity = "low"
	IncidentMedium   IncidentSeverity = "medium"
	IncidentHigh     IncidentSeverity = "high"
	IncidentCritical IncidentSeverity = "critical"
)

// IncidentSeverities lists the severities from lowest to highest.
var IncidentSeverities = []IncidentSeverity{IncidentLow, IncidentMedium, IncidentHigh, IncidentCritical}

// Valid reports whether s is a known severity.
func (s IncidentSeverity) Valid() bool { return oneOf(s, IncidentSeverities) }

// IncidentAssessment is what someone concluded about the alert.
type IncidentAssessment string

const (
	IncidentUnassessed IncidentAssessment = "new"
	IncidentRelevant   IncidentAssessment = "relevant"
	IncidentIrrelevant IncidentAssessment = "irrelevant"
	IncidentDuplicate  IncidentAssessment = "duplicate" // of another incident, IncidentAssessmentInput.DuplicateOf
)

// IncidentAssessments lists the conclusions a person can choose.
var IncidentAssessments = []IncidentAssessment{IncidentRelevant, IncidentIrrelevant, IncidentDuplicate}

// Valid reports whether a is a known assessment, "new" included.
func (a IncidentAssessment) Valid() bool {
	return a == IncidentUnassessed || oneOf(a, IncidentAssessments)
}

// IncidentCountry is a country the alert names and, optionally, places
// within it ("Punjab", "Sialkot"). With places, only production sites
// whose city or address mentions one of them are exposed.
type IncidentCountry struct {
	Country string // ISO 3166-1 alpha-2, upper case
	Places  []string
}

// IncidentRef names a supplier the incident names; the store fills the name.
type IncidentRef struct {
	ID   int64
	Name string
}

// IncidentSite is a production site the incident names, as the store reads it.
type IncidentSite struct {
	ID         int64
	SupplierID int64
	Supplier   string
	Name       string
	City       string
	Country    string
	OSHubID    string
}

// Incident is one registered alert.
type Incident struct {
	ID         int64
	SourceKind IncidentSource
	SourceName string // the newspaper, organisation, partner or authority
	Link       string // http or https, optional
	ReportedOn time.Time
	Title      string
	Text       string
	Severity   IncidentSeverity

	// What the alert names. The exposure is computed from these.
	Countries   []IncidentCountry
	CategoryIDs []int64
	Products    []string // free-text keywords, matched against the sites' products
	SupplierIDs []int64
	SiteIDs     []int64

	// Filled in by the store when read; ignored when stored.
	Categories  []Category // ID, Code, NameSV, NameEN
	Suppliers   []IncidentRef
	Sites       []IncidentSite
	FollowUpIDs []int64 // follow-ups opened from the incident

	Assessment       IncidentAssessment
	AssessmentReason string
	DuplicateOf      int64
	AssessedAt       time.Time
	AssessedBy       string // the person's name

	CreatedAt time.Time
	CreatedBy string
	UpdatedAt time.Time
	Version   int64 // optimistic lock: an edit based on an older version is refused
}

// Limits of an incident.
const (
	maxIncidentTitleLen   = 200
	maxIncidentNameLen    = 200 // source name, a place, a product keyword
	maxIncidentLinkLen    = 2000
	maxIncidentTextLen    = 20000
	maxIncidentReasonLen  = 2000
	MaxIncidentCountries  = 100
	MaxIncidentPlaces     = 50 // per country
	MaxIncidentCategories = 50
	MaxIncidentProducts   = 100
	MaxIncidentSuppliers  = 200
	MaxIncidentSites      = 500
)

// Validate checks an incident before it is stored. Field names are the
// API's: source_kind, source_name, link, reported_on, title, text,
// severity, countries, category_ids, products, supplier_ids, site_ids.
func (in *Incident) Validate() error {
	p := Problems{}
	if !in.SourceKind.Valid() {
		p.Add("source_kind", "Choose who reported it: media, an NGO, a partner, an authority or another source.")
	}
	if strings.TrimSpace(in.SourceName) == "" {
		p.Add("source_name", "Name the source, such as the newspaper or the organisation.")
	}
	incidentTextLen(p, "source_name", in.SourceName, maxIncidentNameLen)
	if in.Link != "" {
		if utf8.RuneCountInString(in.Link) > maxIncidentLinkLen {
			p.Add("link", "The link can be at most %d characters.", maxIncidentLinkLen)
		} else if !ValidWebLink(in.Link) {
			p.Add("link", "Enter the link as a whole web address starting with https:// or http://, or leave it empty.")
		}
	}
	switch {
	case in.ReportedOn.IsZero():
		p.Add("reported_on", "Enter the date the alert was reported, such as 2022-08-30.")
	case in.ReportedOn.Year() < 2000 || in.ReportedOn.Year() > 2100:
		p.Add("reported_on", "Enter a date between the years 2000 and 2100.")
	}
	if strings.TrimSpace(in.Title) == "" {
		p.Add("title", "Give the incident a short title that says what happened.")
	}
	incidentTextLen(p, "title", in.Title, maxIncidentTitleLen)
	incidentTextLen(p, "text", in.Text, maxIncidentTextLen)
	if !in.Severity.Valid() {
		p.Add("severity", "Choose how serious it is: low, medium, high or critical.")
	}

	if len(in.Countries) > MaxIncidentCountries {
		p.Add("countries", "Name at most %d countries.", MaxIncidentCountries)
	}
	seen := map[string]bool{}
	for i, c := range in.Countries {
		switch {
		case !ValidCountryCode(c.Country):
			p.Add("countries", "Line %d: write the country as its two-letter ISO code, such as PK for Pakistan.", i+1)
		case seen[c.Country]:
			p.Add("countries", "Line %d: %s is named twice; put all its places on one line.", i+1, c.Country)
		case len(c.Places) > MaxIncidentPlaces:
			p.Add("countries", "Line %d: name at most %d places in a country.", i+1, MaxIncidentPlaces)
		}
		seen[c.Country] = true
		places := map[string]bool{}
		for _, pl := range c.Places {
			key := strings.ToLower(strings.TrimSpace(pl))
			switch {
			case key == "":
				p.Add("countries", "Line %d: a place is empty; remove the extra semicolon.", i+1)
			case utf8.RuneCountInString(pl) > maxIncidentNameLen:
				p.Add("countries", "Line %d: a place can be at most %d characters.", i+1, maxIncidentNameLen)
			case places[key]:
				p.Add("countries", "Line %d: the place %s is named twice.", i+1, strings.TrimSpace(pl))
			}
			places[key] = true
		}
	}
	switch {
	case len(in.CategoryIDs) > MaxIncidentCategories:
		p.Add("category_ids", "Name at most %d categories.", MaxIncidentCategories)
	case !incidentIDsValid(in.CategoryIDs):
		p.Add("category_ids", "Choose the categories from the list.")
	}
	switch {
	case len(in.SupplierIDs) > MaxIncidentSuppliers:
		p.Add("supplier_ids", "Name at most %d companies.", MaxIncidentSuppliers)
	case !incidentIDsValid(in.SupplierIDs):
		p.Add("supplier_ids", "Choose the companies among the suppliers in tillit.")
	}
	switch {
	case len(in.SiteIDs) > MaxIncidentSites:
		p.Add("site_ids", "Name at most %d production sites.", MaxIncidentSites)
	case !incidentIDsValid(in.SiteIDs):
		p.Add("site_ids", "Choose the production sites among those in tillit.")
	}
	if len(in.Products) > MaxIncidentProducts {
		p.Add("products", "Name at most %d products.", MaxIncidentProducts)
	}
	products := map[string]bool{}
	for i, pr := range in.Products {
		key := strings.ToLower(strings.TrimSpace(pr))
		switch {
		case key == "":
			p.Add("products", "Line %d: the product is empty.", i+1)
		case utf8.RuneCountInString(pr) > maxIncidentNameLen:
			p.Add("products", "Line %d: a product can be at most %d characters.", i+1, maxIncidentNameLen)
		case products[key]:
			p.Add("products", "Line %d: %s is named twice.", i+1, strings.TrimSpace(pr))
		}
		products[key] = true
	}
	return p.Err()
}

// incidentTextLen checks a text field's length.
func incidentTextLen(p Problems, field, s string, limit int) {
	if utf8.RuneCountInString(s) > limit {
		p.Add(field, "The text can be at most %d characters.", limit)
	}
}

// incidentIDsValid reports whether a list of references holds positive
// ids, each once.
func incidentIDsValid(ids []int64) bool {
	seen := map[int64]bool{}
	for _, id := range ids {
		if id <= 0 || seen[id] {
			return false
		}
		seen[id] = true
	}
	return true
}

// ValidWebLink reports whether s is an absolute http or https address
// with a host: the only links an incident may point to, so a stored link
// can never run script when someone follows it.
func ValidWebLink(s string) bool {
	if strings.ContainsAny(s, " \t\r\n\"<>\\") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	return u.Scheme == "https" || u.Scheme == "http"
}

// Named reports whether the incident names anything the exposure can be
// computed from: a country, a company or a production site.
func (in *Incident) Named() bool {
	return len(in.Countries) > 0 || len(in.SupplierIDs) > 0 || len(in.SiteIDs) > 0
}

// IncidentAssessmentInput is a person's conclusion about an incident.
type IncidentAssessmentInput struct {
	Assessment  IncidentAssessment
	Reason      string
	DuplicateOf int64 // the earlier incident, for a duplicate
}

// Assess records a conclusion; it may be changed later with a new one.
func (in *Incident) Assess(by Actor, at time.Time, a IncidentAssessmentInput) error {
	p := Problems{}
	if !oneOf(a.Assessment, IncidentAssessments) {
		p.Add("assessment", "Choose whether the incident is relevant, irrelevant or a duplicate.")
	}
	a.Reason = strings.TrimSpace(a.Reason)
	switch {
	case a.Reason == "":
		p.Add("reason", "Give the reason for your assessment, so others can follow it.")
	case utf8.RuneCountInString(a.Reason) > maxIncidentReasonLen:
		p.Add("reason", "The reason can be at most %d characters.", maxIncidentReasonLen)
	}
	switch {
	case a.Assessment == IncidentDuplicate && a.DuplicateOf <= 0:
		p.Add("duplicate_of", "Enter the number of the incident this one duplicates.")
	case a.Assessment == IncidentDuplicate && a.DuplicateOf == in.ID:
		p.Add("duplicate_of", "An incident cannot duplicate itself; enter the number of the other incident.")
	case a.Assessment != IncidentDuplicate && a.DuplicateOf != 0:
		p.Add("duplicate_of", "Leave the incident number empty unless the incident is a duplicate.")
	}
	if err := p.Err(); err != nil {
		return err
	}
	in.Assessment, in.AssessmentReason, in.DuplicateOf = a.Assessment, a.Reason, a.DuplicateOf
	in.AssessedAt, in.AssessedBy = at, by.Name
	return nil
}

// ParseIncidentCountries reads one country a line: its two-letter code,
// then the places within it, each after a semicolon ("PK; Sialkot").
func ParseIncidentCountries(text string) ([]IncidentCountry, error) {
	var out []IncidentCountry
	p := Problems{}
	n := 0
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		n++
		parts := strings.Split(line, ";")
		code := strings.ToUpper(strings.TrimSpace(parts[0]))
		if !ValidCountryCode(code) {
			p.Add("countries", "Line %d: start with the country's two-letter ISO code, then any places within it after semicolons: PK; Sialkot.", n)
			continue
		}
		c := IncidentCountry{Country: code}
		for _, pl := range parts[1:] {
			if pl = strings.TrimSpace(pl); pl != "" {
				c.Places = append(c.Places, pl)
			}
		}
		out = append(out, c)
	}
	return out, p.Err()
}

// FormatIncidentCountries writes countries as ParseIncidentCountries reads them.
func FormatIncidentCountries(cs []IncidentCountry) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Country)
		for _, pl := range c.Places {
			b.WriteString("; " + pl)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// CountryList writes the countries and places for a list: "PK (Sialkot), MY".
func (in *Incident) CountryList() string {
	parts := make([]string, 0, len(in.Countries))
	for _, c := range in.Countries {
		s := c.Country
		if len(c.Places) > 0 {
			s += " (" + strings.Join(c.Places, ", ") + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}
