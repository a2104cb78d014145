package tillit

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Country risk (issue 7): risk indices that users import from CSV files,
// each a score per country on a scale of its own, turned into a risk level
// by thresholds. tillit ships no third-party index data: the countries
// below are the ISO 3166-1 list with names, nothing more.

// Country is one ISO 3166-1 country with its names.
type Country struct {
	Code   string // alpha-2, "SE"
	NameSV string
	NameEN string
}

// Name returns the country's name in lang.
func (c Country) Name(lang Lang) string {
	if lang == English {
		return c.NameEN
	}
	return c.NameSV
}

// CountryByCode returns the country with the alpha-2 code (any case).
func CountryByCode(code string) (Country, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	i := sort.Search(len(countries), func(i int) bool { return countries[i].Code >= code })
	if i < len(countries) && countries[i].Code == code {
		return countries[i], true
	}
	return Country{}, false
}

// Countries returns every ISO 3166-1 country, by code.
func Countries() []Country { return append([]Country(nil), countries...) }

// CountryName names a code in lang, or returns the code when it is no
// country in the list.
func CountryName(code string, lang Lang) string {
	if c, ok := CountryByCode(code); ok {
		return c.Name(lang)
	}
	return code
}

// FindCountry reads a country as its alpha-2 code or its Swedish or
// English name, without regard to case.
func FindCountry(s string) (Country, bool) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) == 2 {
		return CountryByCode(s)
	}
	key := strings.ToLower(s)
	for _, c := range countries {
		if strings.ToLower(c.NameSV) == key || strings.ToLower(c.NameEN) == key {
			return c, true
		}
	}
	return Country{}, false
}

// RiskIndex is one named country risk index, such as "Index A 2024": a
// score per country on a scale, and the thresholds at which a score
// becomes medium, high and very high risk.
//
// Thresholds are on the index's own scale. When high scores mean high
// risk, a score at or above ThresholdVeryHigh is very high risk, at or
// above ThresholdHigh high, at or above ThresholdMedium medium, and below
// it low; when low scores mean high risk, the same with "at or below". A
// score on a boundary takes the riskier level. Without thresholds of its
// own an index uses the quartiles of its scale (DefaultThresholds).
type RiskIndex struct {
	ID                int64
	Name              string
	Year              int
	Source            string // where the figures come from, in the importer's words
	ScaleMin          float64
	ScaleMax          float64
	HighIsRisky       bool // a higher score means a higher risk
	ThresholdMedium   float64
	ThresholdHigh     float64
	ThresholdVeryHigh float64
	Scores            map[string]float64 // by country code; may be nil when not read
}

// DefaultThresholds sets the thresholds to the quartiles of the scale:
// a quarter, half and three quarters of the way from the least risky end.
func (x *RiskIndex) DefaultThresholds() {
	span := x.ScaleMax - x.ScaleMin
	at := func(q float64) float64 {
		if x.HighIsRisky {
			return roundScore(x.ScaleMin + q*span)
		}
		return roundScore(x.ScaleMax - q*span)
	}
	x.ThresholdMedium, x.ThresholdHigh, x.ThresholdVeryHigh = at(0.25), at(0.5), at(0.75)
}

// roundScore keeps scores and thresholds to four decimals, what both
// databases store and compare exactly enough.
func roundScore(f float64) float64 { return math.Round(f*1e4) / 1e4 }

// Level is the risk level of score on this index: one of the levels of
// risk analyses (risk.go) other than "not assessed".
func (x *RiskIndex) Level(score float64) RiskLevel {
	beyond := func(t float64) bool {
		if x.HighIsRisky {
			return score >= t
		}
		return score <= t
	}
	switch {
	case beyond(x.ThresholdVeryHigh):
		return RiskVeryHigh
	case beyond(x.ThresholdHigh):
		return RiskHigh
	case beyond(x.ThresholdMedium):
		return RiskMedium
	}
	return RiskLow
}

// Limits of index texts.
const (
	maxIndexNameLen   = 100
	maxIndexSourceLen = 1000
)

// Validate checks an index's description (not its scores).
func (x *RiskIndex) Validate() error {
	p := Problems{}
	switch n := strings.TrimSpace(x.Name); {
	case n == "":
		p.Add("name", "Enter the index's name, such as Index A 2024.")
	case utf8.RuneCountInString(n) > maxIndexNameLen:
		p.Add("name", "The name can be at most %d characters.", maxIndexNameLen)
	case strings.ContainsAny(x.Name, "\r\n\t"):
		p.Add("name", "Write the name on one line.")
	}
	if x.Year < 1990 || x.Year > 2100 {
		p.Add("year", "Enter the index's year with four digits, between 1990 and 2100.")
	}
	if utf8.RuneCountInString(x.Source) > maxIndexSourceLen {
		p.Add("source", "The source can be at most %d characters.", maxIndexSourceLen)
	}
	if strings.TrimSpace(x.Source) == "" {
		p.Add("source", "Say where the figures come from: the publisher, the report and where to find it.")
	}
	finite := func(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) && math.Abs(f) < 1e9 }
	if !finite(x.ScaleMin) || !finite(x.ScaleMax) || x.ScaleMin >= x.ScaleMax {
		p.Add("scale_max", "The highest score of the scale must be greater than the lowest.")
		return p.Err()
	}
	t := []float64{x.ThresholdMedium, x.ThresholdHigh, x.ThresholdVeryHigh}
	for _, v := range t {
		if !finite(v) || v < x.ScaleMin || v > x.ScaleMax {
			p.Add("thresholds", "Each threshold must lie on the scale, from %s to %s.", FormatScore(x.ScaleMin), FormatScore(x.ScaleMax))
			return p.Err()
		}
	}
	if x.HighIsRisky && !(t[0] < t[1] && t[1] < t[2]) {
		p.Add("thresholds", "When high scores mean high risk, the thresholds must rise: medium below high, high below very high.")
	}
	if !x.HighIsRisky && !(t[0] > t[1] && t[1] > t[2]) {
		p.Add("thresholds", "When low scores mean high risk, the thresholds must fall: medium above high, high above very high.")
	}
	return p.Err()
}

// OnScale reports whether score lies on the index's scale.
func (x *RiskIndex) OnScale(score float64) bool {
	return !math.IsNaN(score) && score >= x.ScaleMin && score <= x.ScaleMax
}

// ParseScore reads a score with a decimal point or, as Swedish
// spreadsheets write it, a decimal comma: "72.5", "72,5", "-3".
func ParseScore(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	if s == "" || strings.ContainsAny(s, "eEinfINFxX_ ") {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.Abs(f) >= 1e9 {
		return 0, false
	}
	return roundScore(f), true
}

// FormatScore writes a score as short as it goes: "72.5", "3".
func FormatScore(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// CountryRisk is a country's score and level on one index, as the
// supplier and site pages show it: "Country risk: high (Index A 2024)".
type CountryRisk struct {
	Country string
	IndexID int64
	Index   string
	Score   float64
	Level   RiskLevel
}

// countries is ISO 3166-1 alpha-2 with Swedish and English short names,
// by code. The names were taken from the CLDR data in
// golang.org/x/text/language/display once and edited by hand where CLDR's
// short form reads oddly in a table ("Hong Kong SAR China").
var countries = []Country{
	{"AD", "Andorra", "Andorra"},
	{"AE", "Förenade Arabemiraten", "United Arab Emirates"},
	{"AF", "Afghanistan", "Afghanistan"},
	{"AG", "Antigua och Barbuda", "Antigua and Barbuda"},
	{"AI", "Anguilla", "Anguilla"},
	{"AL", "Albanien", "Albania"},
	{"AM", "Armenien", "Armenia"},
	{"AO", "Angola", "Angola"},
	{"AQ", "Antarktis", "Antarctica"},
	{"AR", "Argentina", "Argentina"},
	{"AS", "Amerikanska Samoa", "American Samoa"},
	{"AT", "Österrike", "Austria"},
	{"AU", "Australien", "Australia"},
	{"AW", "Aruba", "Aruba"},
	{"AX", "Åland", "Åland Islands"},
	{"AZ", "Azerbajdzjan", "Azerbaijan"},
	{"BA", "Bosnien och Hercegovina", "Bosnia and Herzegovina"},
	{"BB", "Barbados", "Barbados"},
	{"BD", "Bangladesh", "Bangladesh"},
	{"BE", "Belgien", "Belgium"},
	{"BF", "Burkina Faso", "Burkina Faso"},
	{"BG", "Bulgarien", "Bulgaria"},
	{"BH", "Bahrain", "Bahrain"},
	{"BI", "Burundi", "Burundi"},
	{"BJ", "Benin", "Benin"},
	{"BL", "S:t Barthélemy", "Saint Barthélemy"},
	{"BM", "Bermuda", "Bermuda"},
	{"BN", "Brunei", "Brunei"},
	{"BO", "Bolivia", "Bolivia"},
	{"BQ", "Karibiska Nederländerna", "Caribbean Netherlands"},
	{"BR", "Brasilien", "Brazil"},
	{"BS", "Bahamas", "Bahamas"},
	{"BT", "Bhutan", "Bhutan"},
	{"BV", "Bouvetön", "Bouvet Island"},
	{"BW", "Botswana", "Botswana"},
	{"BY", "Vitryssland", "Belarus"},
	{"BZ", "Belize", "Belize"},
	{"CA", "Kanada", "Canada"},
	{"CC", "Kokosöarna", "Cocos (Keeling) Islands"},
	{"CD", "Kongo-Kinshasa", "Congo (Kinshasa)"},
	{"CF", "Centralafrikanska republiken", "Central African Republic"},
	{"CG", "Kongo-Brazzaville", "Congo (Brazzaville)"},
	{"CH", "Schweiz", "Switzerland"},
	{"CI", "Elfenbenskusten", "Côte d’Ivoire"},
	{"CK", "Cooköarna", "Cook Islands"},
	{"CL", "Chile", "Chile"},
	{"CM", "Kamerun", "Cameroon"},
	{"CN", "Kina", "China"},
	{"CO", "Colombia", "Colombia"},
	{"CR", "Costa Rica", "Costa Rica"},
	{"CU", "Kuba", "Cuba"},
	{"CV", "Kap Verde", "Cape Verde"},
	{"CW", "Curaçao", "Curaçao"},
	{"CX", "Julön", "Christmas Island"},
	{"CY", "Cypern", "Cyprus"},
	{"CZ", "Tjeckien", "Czechia"},
	{"DE", "Tyskland", "Germany"},
	{"DJ", "Djibouti", "Djibouti"},
	{"DK", "Danmark", "Denmark"},
	{"DM", "Dominica", "Dominica"},
	{"DO", "Dominikanska republiken", "Dominican Republic"},
	{"DZ", "Algeriet", "Algeria"},
	{"EC", "Ecuador", "Ecuador"},
	{"EE", "Estland", "Estonia"},
	{"EG", "Egypten", "Egypt"},
	{"EH", "Västsahara", "Western Sahara"},
	{"ER", "Eritrea", "Eritrea"},
	{"ES", "Spanien", "Spain"},
	{"ET", "Etiopien", "Ethiopia"},
	{"FI", "Finland", "Finland"},
	{"FJ", "Fiji", "Fiji"},
	{"FK", "Falklandsöarna", "Falkland Islands"},
	{"FM", "Mikronesien", "Micronesia"},
	{"FO", "Färöarna", "Faroe Islands"},
	{"FR", "Frankrike", "France"},
	{"GA", "Gabon", "Gabon"},
	{"GB", "Storbritannien", "United Kingdom"},
	{"GD", "Grenada", "Grenada"},
	{"GE", "Georgien", "Georgia"},
	{"GF", "Franska Guyana", "French Guiana"},
	{"GG", "Guernsey", "Guernsey"},
	{"GH", "Ghana", "Ghana"},
	{"GI", "Gibraltar", "Gibraltar"},
	{"GL", "Grönland", "Greenland"},
	{"GM", "Gambia", "Gambia"},
	{"GN", "Guinea", "Guinea"},
	{"GP", "Guadeloupe", "Guadeloupe"},
	{"GQ", "Ekvatorialguinea", "Equatorial Guinea"},
	{"GR", "Grekland", "Greece"},
	{"GS", "Sydgeorgien och Sydsandwichöarna", "South Georgia and South Sandwich Islands"},
	{"GT", "Guatemala", "Guatemala"},
	{"GU", "Guam", "Guam"},
	{"GW", "Guinea-Bissau", "Guinea-Bissau"},
	{"GY", "Guyana", "Guyana"},
	{"HK", "Hongkong", "Hong Kong"},
	{"HM", "Heardön och McDonaldöarna", "Heard and McDonald Islands"},
	{"HN", "Honduras", "Honduras"},
	{"HR", "Kroatien", "Croatia"},
	{"HT", "Haiti", "Haiti"},
	{"HU", "Ungern", "Hungary"},
	{"ID", "Indonesien", "Indonesia"},
	{"IE", "Irland", "Ireland"},
	{"IL", "Israel", "Israel"},
	{"IM", "Isle of Man", "Isle of Man"},
	{"IN", "Indien", "India"},
	{"IO", "Brittiska territoriet i Indiska oceanen", "British Indian Ocean Territory"},
	{"IQ", "Irak", "Iraq"},
	{"IR", "Iran", "Iran"},
	{"IS", "Island", "Iceland"},
	{"IT", "Italien", "Italy"},
	{"JE", "Jersey", "Jersey"},
	{"JM", "Jamaica", "Jamaica"},
	{"JO", "Jordanien", "Jordan"},
	{"JP", "Japan", "Japan"},
	{"KE", "Kenya", "Kenya"},
	{"KG", "Kirgizistan", "Kyrgyzstan"},
	{"KH", "Kambodja", "Cambodia"},
	{"KI", "Kiribati", "Kiribati"},
	{"KM", "Komorerna", "Comoros"},
	{"KN", "S:t Kitts och Nevis", "Saint Kitts and Nevis"},
	{"KP", "Nordkorea", "North Korea"},
	{"KR", "Sydkorea", "South Korea"},
	{"KW", "Kuwait", "Kuwait"},
	{"KY", "Caymanöarna", "Cayman Islands"},
	{"KZ", "Kazakstan", "Kazakhstan"},
	{"LA", "Laos", "Laos"},
	{"LB", "Libanon", "Lebanon"},
	{"LC", "S:t Lucia", "Saint Lucia"},
	{"LI", "Liechtenstein", "Liechtenstein"},
	{"LK", "Sri Lanka", "Sri Lanka"},
	{"LR", "Liberia", "Liberia"},
	{"LS", "Lesotho", "Lesotho"},
	{"LT", "Litauen", "Lithuania"},
	{"LU", "Luxemburg", "Luxembourg"},
	{"LV", "Lettland", "Latvia"},
	{"LY", "Libyen", "Libya"},
	{"MA", "Marocko", "Morocco"},
	{"MC", "Monaco", "Monaco"},
	{"MD", "Moldavien", "Moldova"},
	{"ME", "Montenegro", "Montenegro"},
	{"MF", "Saint-Martin", "Saint Martin"},
	{"MG", "Madagaskar", "Madagascar"},
	{"MH", "Marshallöarna", "Marshall Islands"},
	{"MK", "Makedonien", "Macedonia"},
	{"ML", "Mali", "Mali"},
	{"MM", "Myanmar (Burma)", "Myanmar (Burma)"},
	{"MN", "Mongoliet", "Mongolia"},
	{"MO", "Macao", "Macao"},
	{"MP", "Nordmarianerna", "Northern Mariana Islands"},
	{"MQ", "Martinique", "Martinique"},
	{"MR", "Mauretanien", "Mauritania"},
	{"MS", "Montserrat", "Montserrat"},
	{"MT", "Malta", "Malta"},
	{"MU", "Mauritius", "Mauritius"},
	{"MV", "Maldiverna", "Maldives"},
	{"MW", "Malawi", "Malawi"},
	{"MX", "Mexiko", "Mexico"},
	{"MY", "Malaysia", "Malaysia"},
	{"MZ", "Moçambique", "Mozambique"},
	{"NA", "Namibia", "Namibia"},
	{"NC", "Nya Kaledonien", "New Caledonia"},
	{"NE", "Niger", "Niger"},
	{"NF", "Norfolkön", "Norfolk Island"},
	{"NG", "Nigeria", "Nigeria"},
	{"NI", "Nicaragua", "Nicaragua"},
	{"NL", "Nederländerna", "Netherlands"},
	{"NO", "Norge", "Norway"},
	{"NP", "Nepal", "Nepal"},
	{"NR", "Nauru", "Nauru"},
	{"NU", "Niue", "Niue"},
	{"NZ", "Nya Zeeland", "New Zealand"},
	{"OM", "Oman", "Oman"},
	{"PA", "Panama", "Panama"},
	{"PE", "Peru", "Peru"},
	{"PF", "Franska Polynesien", "French Polynesia"},
	{"PG", "Papua Nya Guinea", "Papua New Guinea"},
	{"PH", "Filippinerna", "Philippines"},
	{"PK", "Pakistan", "Pakistan"},
	{"PL", "Polen", "Poland"},
	{"PM", "S:t Pierre och Miquelon", "Saint Pierre and Miquelon"},
	{"PN", "Pitcairnöarna", "Pitcairn Islands"},
	{"PR", "Puerto Rico", "Puerto Rico"},
	{"PS", "Palestinska territorierna", "Palestinian Territories"},
	{"PT", "Portugal", "Portugal"},
	{"PW", "Palau", "Palau"},
	{"PY", "Paraguay", "Paraguay"},
	{"QA", "Qatar", "Qatar"},
	{"RE", "Réunion", "Réunion"},
	{"RO", "Rumänien", "Romania"},
	{"RS", "Serbien", "Serbia"},
	{"RU", "Ryssland", "Russia"},
	{"RW", "Rwanda", "Rwanda"},
	{"SA", "Saudiarabien", "Saudi Arabia"},
	{"SB", "Salomonöarna", "Solomon Islands"},
	{"SC", "Seychellerna", "Seychelles"},
	{"SD", "Sudan", "Sudan"},
	{"SE", "Sverige", "Sweden"},
	{"SG", "Singapore", "Singapore"},
	{"SH", "S:t Helena", "Saint Helena"},
	{"SI", "Slovenien", "Slovenia"},
	{"SJ", "Svalbard och Jan Mayen", "Svalbard and Jan Mayen"},
	{"SK", "Slovakien", "Slovakia"},
	{"SL", "Sierra Leone", "Sierra Leone"},
	{"SM", "San Marino", "San Marino"},
	{"SN", "Senegal", "Senegal"},
	{"SO", "Somalia", "Somalia"},
	{"SR", "Surinam", "Suriname"},
	{"SS", "Sydsudan", "South Sudan"},
	{"ST", "São Tomé och Príncipe", "São Tomé and Príncipe"},
	{"SV", "El Salvador", "El Salvador"},
	{"SX", "Sint Maarten", "Sint Maarten"},
	{"SY", "Syrien", "Syria"},
	{"SZ", "Swaziland", "Swaziland"},
	{"TC", "Turks- och Caicosöarna", "Turks and Caicos Islands"},
	{"TD", "Tchad", "Chad"},
	{"TF", "Franska sydterritorierna", "French Southern Territories"},
	{"TG", "Togo", "Togo"},
	{"TH", "Thailand", "Thailand"},
	{"TJ", "Tadzjikistan", "Tajikistan"},
	{"TK", "Tokelau", "Tokelau"},
	{"TL", "Östtimor", "Timor-Leste"},
	{"TM", "Turkmenistan", "Turkmenistan"},
	{"TN", "Tunisien", "Tunisia"},
	{"TO", "Tonga", "Tonga"},
	{"TR", "Turkiet", "Turkey"},
	{"TT", "Trinidad och Tobago", "Trinidad and Tobago"},
	{"TV", "Tuvalu", "Tuvalu"},
	{"TW", "Taiwan", "Taiwan"},
	{"TZ", "Tanzania", "Tanzania"},
	{"UA", "Ukraina", "Ukraine"},
	{"UG", "Uganda", "Uganda"},
	{"UM", "USA:s yttre öar", "U.S. Outlying Islands"},
	{"US", "USA", "United States"},
	{"UY", "Uruguay", "Uruguay"},
	{"UZ", "Uzbekistan", "Uzbekistan"},
	{"VA", "Vatikanstaten", "Vatican City"},
	{"VC", "S:t Vincent och Grenadinerna", "Saint Vincent and the Grenadines"},
	{"VE", "Venezuela", "Venezuela"},
	{"VG", "Brittiska Jungfruöarna", "British Virgin Islands"},
	{"VI", "Amerikanska Jungfruöarna", "U.S. Virgin Islands"},
	{"VN", "Vietnam", "Vietnam"},
	{"VU", "Vanuatu", "Vanuatu"},
	{"WF", "Wallis- och Futunaöarna", "Wallis and Futuna"},
	{"WS", "Samoa", "Samoa"},
	{"YE", "Jemen", "Yemen"},
	{"YT", "Mayotte", "Mayotte"},
	{"ZA", "Sydafrika", "South Africa"},
	{"ZM", "Zambia", "Zambia"},
	{"ZW", "Zimbabwe", "Zimbabwe"},
}
