package importer

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// parseDate reads a calendar date written as Swedish and ISO registers do
// (2024-01-31, 20240131, 2024/01/31, with or without a time after it) or,
// from a workbook, as the serial number a date cell holds.
func parseDate(s string, sh *sheet) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if sh != nil && sh.format == XLSX {
		if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "-/") {
			y, m, d, err := excelSerialDate(f, sh.date1904)
			if err != nil {
				return time.Time{}, false
			}
			return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
		}
	}
	// A time after the date ("2024-01-31 00:00:00", "2024-01-31T00:00")
	// is dropped: the registers mean the day.
	if i := strings.IndexAny(s, " T"); i == 10 {
		s = s[:10]
	}
	var y, m, d string
	switch {
	case len(s) == 8 && digits(s):
		y, m, d = s[:4], s[4:6], s[6:]
	case len(s) == 10 && (s[4] == '-' && s[7] == '-' || s[4] == '/' && s[7] == '/' || s[4] == '.' && s[7] == '.'):
		y, m, d = s[:4], s[5:7], s[8:]
	default:
		return time.Time{}, false
	}
	if !digits(y + m + d) {
		return time.Time{}, false
	}
	yy, _ := strconv.Atoi(y)
	mm, _ := strconv.Atoi(m)
	dd, _ := strconv.Atoi(d)
	t := time.Date(yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if t.Year() != yy || int(t.Month()) != mm || t.Day() != dd {
		return time.Time{}, false // 2024-02-30
	}
	return t, true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// parseCoordinate reads a latitude or longitude in decimal degrees, with a
// decimal point or, as Swedish spreadsheets write it, a decimal comma.
func parseCoordinate(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	if s == "" || strings.ContainsAny(s, "eEinfINFxX_") {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// formatCoordinate writes a coordinate as exports do: a decimal point and
// no more digits than needed.
func formatCoordinate(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// countryCode reads a country as its ISO 3166-1 alpha-2 code, or as its
// English or Swedish name for the countries sites and suppliers are
// usually in: Open Supply Hub lists often carry the name.
func countryCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 2 && isLetter(s[0]) && isLetter(s[1]) {
		return strings.ToUpper(s), true
	}
	code, ok := countryNames[strings.ToLower(s)]
	return code, ok
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// countryNames are the English and Swedish names of the countries
// suppliers and production sites most often are in. Others are written
// with their code.
var countryNames = func() map[string]string {
	m := map[string]string{}
	for _, c := range []struct{ code, en, sv string }{
		{"SE", "Sweden", "Sverige"}, {"NO", "Norway", "Norge"}, {"DK", "Denmark", "Danmark"}, {"FI", "Finland", "Finland"},
		{"IS", "Iceland", "Island"}, {"DE", "Germany", "Tyskland"}, {"NL", "Netherlands", "Nederländerna"},
		{"BE", "Belgium", "Belgien"}, {"FR", "France", "Frankrike"}, {"GB", "United Kingdom", "Storbritannien"},
		{"IE", "Ireland", "Irland"}, {"ES", "Spain", "Spanien"}, {"PT", "Portugal", "Portugal"}, {"IT", "Italy", "Italien"},
		{"AT", "Austria", "Österrike"}, {"CH", "Switzerland", "Schweiz"}, {"PL", "Poland", "Polen"},
		{"CZ", "Czechia", "Tjeckien"}, {"SK", "Slovakia", "Slovakien"}, {"HU", "Hungary", "Ungern"},
		{"RO", "Romania", "Rumänien"}, {"BG", "Bulgaria", "Bulgarien"}, {"EE", "Estonia", "Estland"},
		{"LV", "Latvia", "Lettland"}, {"LT", "Lithuania", "Litauen"}, {"GR", "Greece", "Grekland"},
		{"TR", "Turkey", "Turkiet"}, {"US", "United States", "USA"}, {"CA", "Canada", "Kanada"}, {"MX", "Mexico", "Mexiko"},
		{"BR", "Brazil", "Brasilien"}, {"CN", "China", "Kina"}, {"HK", "Hong Kong", "Hongkong"}, {"TW", "Taiwan", "Taiwan"},
		{"JP", "Japan", "Japan"}, {"KR", "South Korea", "Sydkorea"}, {"IN", "India", "Indien"},
		{"PK", "Pakistan", "Pakistan"}, {"BD", "Bangladesh", "Bangladesh"}, {"LK", "Sri Lanka", "Sri Lanka"},
		{"VN", "Vietnam", "Vietnam"}, {"TH", "Thailand", "Thailand"}, {"MY", "Malaysia", "Malaysia"},
		{"ID", "Indonesia", "Indonesien"}, {"PH", "Philippines", "Filippinerna"}, {"KH", "Cambodia", "Kambodja"},
		{"MM", "Myanmar", "Myanmar"}, {"EG", "Egypt", "Egypten"}, {"MA", "Morocco", "Marocko"}, {"TN", "Tunisia", "Tunisien"},
		{"ET", "Ethiopia", "Etiopien"}, {"KE", "Kenya", "Kenya"}, {"ZA", "South Africa", "Sydafrika"},
		{"IL", "Israel", "Israel"}, {"AU", "Australia", "Australien"},
	} {
		m[strings.ToLower(c.en)], m[strings.ToLower(c.sv)] = c.code, c.code
	}
	m["viet nam"], m["türkiye"], m["usa"], m["uk"], m["czech republic"] = "VN", "TR", "US", "GB", "CZ"
	return m
}()

// compactOrgNumber is the form organisation numbers are compared in: upper
// case without spaces, hyphens, dots and slashes, so "556036-0793" and
// "5560360793" are the same company.
func compactOrgNumber(s string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if r == '-' || r == '.' || r == '/' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s))
}

// fold is the form names are compared in.
func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// cityFromAddress guesses the city from an address written as Open Supply
// Hub lists write it, "street, area, city postcode": the last part that
// has letters, without its postcode and without the country's name.
func cityFromAddress(address, country string) string {
	parts := strings.Split(address, ",")
	for i := len(parts) - 1; i >= 0; i-- {
		var words []string
		for _, w := range strings.Fields(parts[i]) {
			if !strings.ContainsFunc(w, func(r rune) bool { return r >= '0' && r <= '9' }) {
				words = append(words, w)
			}
		}
		p := strings.Join(words, " ")
		if p == "" {
			continue
		}
		if code, ok := countryCode(p); ok && (code == country || len(p) > 2) {
			continue // the country's name (not a two-letter town)
		}
		return p
	}
	return ""
}
