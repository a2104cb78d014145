package importer

import (
	"strings"
	"unicode"

	"github.com/tillit-project/tillit"
)

// column is one column an import reads. Headings are matched without
// regard to case, spaces, underscores, hyphens and dots, in English or
// Swedish; EN and SV are the headings exports write, so an exported file
// imports again unchanged.
type column struct {
	key      string
	EN, SV   string
	aliases  []string
	required bool
}

var supplierColumns = []column{
	{key: "name", EN: "Name", SV: "Namn", required: true,
		aliases: []string{"supplier", "supplier name", "company", "company name", "leverantör", "leverantörsnamn", "leverantörens namn", "företag", "företagsnamn"}},
	{key: "country", EN: "Country", SV: "Land", required: true,
		aliases: []string{"country code", "landskod"}},
	{key: "org_number", EN: "Organisation number", SV: "Organisationsnummer",
		aliases: []string{"organization number", "org number", "org no", "orgnr", "org nr", "registration number", "company number", "company registration number", "organisationsnr"}},
	{key: "former_names", EN: "Former names", SV: "Tidigare namn",
		aliases: []string{"former name", "previous names", "tidigare namn", "tidigare företagsnamn"}},
}

var contractColumns = []column{
	{key: "reference", EN: "Reference", SV: "Referens", required: true,
		aliases: []string{"contract reference", "contract number", "contract no", "contract id", "avtalsreferens", "avtalsnummer", "avtals id", "avtalsid", "avtalsnr", "diarienummer"}},
	{key: "supplier_org_number", EN: "Supplier organisation number", SV: "Leverantörens organisationsnummer",
		aliases: []string{"supplier organization number", "supplier org number", "organisation number", "organization number", "org number", "orgnr", "org nr", "organisationsnummer", "leverantörens orgnr", "leverantör orgnr"}},
	{key: "supplier", EN: "Supplier", SV: "Leverantör",
		aliases: []string{"supplier name", "leverantörsnamn", "leverantörens namn"}},
	{key: "category", EN: "Category", SV: "Kategori", required: true,
		aliases: []string{"category code", "procurement category", "kategorikod", "inköpskategori", "upphandlingskategori"}},
	{key: "start", EN: "Start date", SV: "Startdatum", required: true,
		aliases: []string{"start", "from", "valid from", "contract start", "avtalsstart", "giltig från", "från", "från och med", "fr o m"}},
	{key: "end", EN: "End date", SV: "Slutdatum", required: true,
		aliases: []string{"end", "to", "until", "valid to", "valid until", "contract end", "avtalsslut", "giltig till", "till", "till och med", "t o m"}},
	{key: "ocid", EN: "OCID", SV: "OCID",
		aliases: []string{"ocds id", "open contracting id"}},
	{key: "region", EN: "Region", SV: "Region",
		aliases: []string{"county code", "länskod"}},
}

var siteColumns = []column{
	{key: "country", EN: "Country", SV: "Land", required: true,
		aliases: []string{"country code", "landskod"}},
	{key: "name", EN: "Name", SV: "Namn", required: true,
		aliases: []string{"facility name", "site name", "site", "facility", "anläggning", "anläggningens namn", "produktionsställe", "tillverkningsställe", "fabrik"}},
	{key: "address", EN: "Address", SV: "Adress",
		aliases: []string{"facility address", "street address", "gatuadress"}},
	{key: "city", EN: "City", SV: "Ort",
		aliases: []string{"town", "stad", "postort"}},
	{key: "lat", EN: "Latitude", SV: "Latitud",
		aliases: []string{"lat"}},
	{key: "lng", EN: "Longitude", SV: "Longitud",
		aliases: []string{"lng", "lon", "long"}},
	{key: "os_id", EN: "OS ID", SV: "OS ID",
		aliases: []string{"osid", "os hub id", "open supply hub id", "oar id"}},
	{key: "products", EN: "Products", SV: "Produkter",
		aliases: []string{"product", "produkt"}},
	{key: "supplier_org_number", EN: "Supplier organisation number", SV: "Leverantörens organisationsnummer",
		aliases: []string{"supplier organization number", "supplier org number", "leverantörens orgnr"}},
	{key: "supplier", EN: "Supplier", SV: "Leverantör",
		aliases: []string{"supplier name", "leverantörsnamn", "leverantörens namn"}},
}

// normHeader is the form headings are compared in: lower case, without a
// note in brackets ("Start date (YYYY-MM-DD)"), a trailing asterisk or
// colon, and with runs of spaces, underscores, hyphens, dots and slashes
// as one space.
func normHeader(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	if i := strings.IndexAny(s, "(["); i > 0 {
		s = s[:i]
	}
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '*' || r == ':':
		case r == '_' || r == '-' || r == '.' || r == '/' || unicode.IsSpace(r):
			space = true
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return b.String()
}

// layout is where each known column is in a file.
type layout struct {
	cols    []column
	index   map[string]int // key → position in the file
	header  []string
	ignored []string // headings of columns the import does not use
}

func (l *layout) has(key string) bool { _, ok := l.index[key]; return ok }

// cell returns the trimmed text of column key in a row, "" when the file
// has no such column or the row ends before it.
func (l *layout) cell(rec record, key string) string {
	i, ok := l.index[key]
	if !ok || i >= len(rec.cells) {
		return ""
	}
	return cleanCell(rec.cells[i])
}

// heading is how a problem names column key: its heading in the file.
func (l *layout) heading(key string) (string, string) {
	i, ok := l.index[key]
	if !ok {
		for _, c := range l.cols {
			if c.key == key {
				return c.EN, ""
			}
		}
		return key, ""
	}
	return strings.TrimSpace(strings.TrimPrefix(l.header[i], "\ufeff")), columnLetter(i)
}

// mapColumns finds the known columns among the headings.
func mapColumns(cols []column, header []string, headerAt int) (*layout, []Problem) {
	l := &layout{cols: cols, index: map[string]int{}, header: header}
	lookup := map[string]string{}
	for _, c := range cols {
		for _, h := range append([]string{c.EN, c.SV, c.key}, c.aliases...) {
			lookup[normHeader(h)] = c.key
		}
	}
	var problems []Problem
	for i, h := range header {
		n := normHeader(h)
		if n == "" {
			continue
		}
		key, ok := lookup[n]
		if !ok {
			l.ignored = append(l.ignored, strings.TrimSpace(h))
			continue
		}
		if j, dup := l.index[key]; dup {
			problems = append(problems, Problem{Line: headerAt, Column: strings.TrimSpace(h), Cell: columnLetter(i),
				Msg: tillit.Msg("This column and column %s (%s) say the same thing. Remove one of them.", columnLetter(j), strings.TrimSpace(header[j]))})
			continue
		}
		l.index[key] = i
	}
	for _, c := range cols {
		if c.required && !l.has(c.key) {
			problems = append(problems, Problem{Line: headerAt,
				Msg: tillit.Msg("The file has no column %s (in Swedish: %s). Add it with that heading in the first row.", c.EN, c.SV)})
		}
	}
	return l, problems
}

// cleanCell trims a value and takes off the apostrophe that exports put
// before text a spreadsheet would run as a formula.
func cleanCell(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' })
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte("=+-@", s[1]) >= 0 {
		s = s[1:]
	}
	return s
}

// unprintable reports a control character other than tab and line breaks,
// or a character that cannot be stored.
func unprintable(s string) bool {
	for _, r := range s {
		if r == '\t' || r == '\n' || r == '\r' {
			continue
		}
		if r == 0xFFFD || unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// splitList splits a cell listing several values (former names, products)
// on line breaks and semicolons.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ';' || r == '\r' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}
