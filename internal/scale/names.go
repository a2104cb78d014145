package scale

// Word lists for synthetic names. Every organisation name the generator
// makes is invented: buying organisations are named after real European
// regions with a Swedish suffix ("Region Noord-Brabant Inköp") so that
// nobody mistakes them for the real bodies; suppliers are made of
// syllables and a legal form of their country.

// buyingRegions are the places foreign buying organisations are named
// after, with their ISO 3166-1 country codes.
var buyingRegions = []struct{ country, name string }{
	{"NL", "Noord-Brabant"}, {"NL", "Gelderland"}, {"NL", "Zuid-Holland"}, {"NL", "Limburg"},
	{"BE", "Vlaanderen"}, {"BE", "Wallonie"}, {"BE", "Bruxelles"},
	{"DE", "Bayern"}, {"DE", "Sachsen"}, {"DE", "Hessen"}, {"DE", "Niedersachsen"}, {"DE", "Brandenburg"},
	{"DE", "Thüringen"}, {"DE", "Schleswig-Holstein"}, {"DE", "Baden-Württemberg"},
	{"FR", "Occitanie"}, {"FR", "Bretagne"}, {"FR", "Normandie"}, {"FR", "Grand Est"}, {"FR", "Hauts-de-France"},
	{"FR", "Auvergne-Rhône-Alpes"}, {"FR", "Nouvelle-Aquitaine"},
	{"ES", "Catalunya"}, {"ES", "Andalucía"}, {"ES", "Galicia"}, {"ES", "Aragón"}, {"ES", "País Vasco"},
	{"IT", "Lombardia"}, {"IT", "Toscana"}, {"IT", "Piemonte"}, {"IT", "Emilia-Romagna"}, {"IT", "Veneto"}, {"IT", "Puglia"},
	{"PT", "Norte"}, {"PT", "Alentejo"},
	{"PL", "Mazowieckie"}, {"PL", "Małopolskie"}, {"PL", "Pomorskie"}, {"PL", "Śląskie"},
	{"CZ", "Jihomoravský kraj"}, {"CZ", "Plzeňský kraj"},
	{"AT", "Tirol"}, {"AT", "Steiermark"}, {"AT", "Oberösterreich"},
	{"DK", "Hovedstaden"}, {"DK", "Midtjylland"}, {"DK", "Syddanmark"}, {"DK", "Nordjylland"},
	{"FI", "Uusimaa"}, {"FI", "Pirkanmaa"}, {"FI", "Lappi"}, {"FI", "Varsinais-Suomi"},
	{"NO", "Vestland"}, {"NO", "Trøndelag"}, {"NO", "Viken"},
	{"IE", "Munster"}, {"IE", "Leinster"}, {"IE", "Connacht"},
	{"EE", "Harjumaa"}, {"LV", "Vidzeme"}, {"LT", "Kauno apskritis"},
	{"SI", "Gorenjska"}, {"SK", "Košický kraj"}, {"HU", "Pest"}, {"RO", "Cluj"}, {"HR", "Istra"},
	{"GR", "Kriti"}, {"LU", "Luxembourg"},
}

// buyingSuffixes make several buying organisations of one place distinct.
var buyingSuffixes = []string{"Inköp", "Vårdinköp", "Hälsoinköp", "Upphandling", "Sjukhusinköp", "Läkemedelsinköp", "Inköpscentral"}

// supplierCountries are where suppliers are registered, with weights: the
// Swedish market first, then the rest of Europe and the big manufacturing
// countries.
var supplierCountries = []struct {
	code   string
	weight int
	form   string // legal form
}{
	{"SE", 22, "AB"}, {"DE", 14, "GmbH"}, {"FR", 7, "SAS"}, {"NL", 6, "B.V."}, {"DK", 5, "A/S"}, {"FI", 4, "Oy"},
	{"NO", 3, "AS"}, {"IT", 5, "S.p.A."}, {"ES", 4, "S.L."}, {"PL", 4, "Sp. z o.o."}, {"BE", 3, "NV"}, {"AT", 2, "GmbH"},
	{"IE", 2, "Ltd"}, {"GB", 4, "Ltd"}, {"US", 5, "Inc."}, {"CN", 5, "Co., Ltd."}, {"PK", 2, "(Pvt) Ltd."},
	{"IN", 2, "Pvt. Ltd."}, {"MY", 1, "Sdn. Bhd."},
}

// Syllables of invented company names.
var (
	namePrefixes = []string{"Nor", "Medi", "Sana", "Vita", "Cura", "Astra", "Bio", "Lumo", "Terra", "Aqua",
		"Dento", "Ortho", "Sani", "Pulsa", "Nova", "Clara", "Opti", "Cardi", "Steri", "Vasa", "Linde", "Björk",
		"Fjäll", "Kron", "Gran", "Eke", "Sol", "Iso", "Tex", "Agro"}
	nameMiddles = []string{"", "ve", "ra", "li", "to", "me", "sa", "no", "ri", "ka", "lo", "ne"}
	nameEnds    = []string{"med", "tech", "care", "lab", "pharm", "tex", "line", "form", "gard", "ium", "ex",
		"plus", "ica", "on", "is", "a", "ent", "flex", "tron", "vent"}
	nameKinds = []string{"Medical", "Healthcare", "Instruments", "Supplies", "Textiles", "Solutions", "Foods",
		"Systems", "Products", "Devices", "Group", "Nordic", "Europe", "International"}
)

// siteCities are where production sites are, by country.
var siteCities = []struct {
	country string
	weight  int
	cities  []string
}{
	{"CN", 20, []string{"Shenzhen", "Suzhou", "Ningbo", "Dongguan", "Xiamen", "Qingdao"}},
	{"PK", 8, []string{"Sialkot", "Lahore", "Karachi", "Faisalabad"}},
	{"IN", 8, []string{"Chennai", "Ahmedabad", "Pune", "Tiruppur"}},
	{"MY", 5, []string{"Penang", "Ipoh", "Kulim", "Johor Bahru"}},
	{"VN", 5, []string{"Ho Chi Minh City", "Hanoi", "Da Nang"}},
	{"BD", 4, []string{"Dhaka", "Chittagong", "Gazipur"}},
	{"TH", 4, []string{"Bangkok", "Chonburi", "Rayong"}},
	{"TR", 4, []string{"Izmir", "Bursa", "Denizli"}},
	{"DE", 8, []string{"Tuttlingen", "Hamburg", "Nürnberg", "Leipzig"}},
	{"PL", 6, []string{"Łódź", "Poznań", "Gdańsk"}},
	{"SE", 8, []string{"Göteborg", "Malmö", "Uppsala", "Borås", "Jönköping"}},
	{"IT", 5, []string{"Mirandola", "Prato", "Bologna"}},
	{"US", 4, []string{"Minneapolis", "Boston", "San Diego"}},
	{"MX", 3, []string{"Tijuana", "Juárez"}},
	{"CZ", 3, []string{"Brno", "Ostrava"}},
	{"PT", 2, []string{"Porto", "Braga"}},
	{"EE", 2, []string{"Tallinn", "Tartu"}},
}

// products made at sites, by the kind of supplier.
var siteProducts = []string{"Surgical instruments", "Examination gloves", "Wound dressings", "Compression stockings",
	"Syringes", "Catheters", "Patient gowns", "Bed linen", "Hospital furniture", "Dental consumables", "Infusion sets",
	"Face masks", "Laboratory glassware", "Printed circuit boards", "Monitors", "Textile fibres", "Packaged food",
	"Cleaning chemicals", "Orthopaedic implants", "Test kits"}

// extraCategories join the eight Swedish categories at EU scale.
var extraCategories = []struct{ code, sv, en string }{
	{"laboratory", "Laboratorieprodukter", "Laboratory products"},
	{"cleaning-hygiene", "Städ- och hygienprodukter", "Cleaning and hygiene products"},
	{"transport", "Transporttjänster", "Transport services"},
	{"ppe", "Personlig skyddsutrustning", "Personal protective equipment"},
	{"office-supplies", "Kontorsmaterial", "Office supplies"},
	{"construction", "Byggmaterial", "Construction materials"},
	{"vehicles", "Fordon", "Vehicles"},
	{"energy", "Energi", "Energy"},
}

// Given and family names of the invented users.
var (
	givenNames  = []string{"Anna", "Erik", "Maria", "Lars", "Sofia", "Jan", "Eva", "Per", "Karin", "Nils", "Ingrid", "Olof", "Jonas", "Emma", "Lukas", "Marie", "Pieter", "Chiara", "Mateusz", "Aino", "Søren", "Inés", "Tomás", "Hanna"}
	familyNames = []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "de Vries", "Müller", "Dubois", "Rossi", "Nowak", "Virtanen", "Jensen", "García", "Novák", "Murphy"}
)

// Texts of the follow-up steps: a handful of sentences each, so that
// documents have realistic sizes without pretending to be real findings.
var (
	deviationTexts = []string{
		"The supplier has no documented risk analysis of its supply chain.",
		"Working hours at the production site exceed the legal maximum in the payroll sample.",
		"No written requirements are passed on to sub-suppliers.",
		"Chemical storage lacks secondary containment.",
		"Fire exits on the second floor were locked during the visit.",
		"Wages in the sample are below the legal minimum wage.",
		"The supplier cannot show the origin of the raw material.",
		"Grievance mechanism for workers is missing.",
	}
	actionTexts = []string{
		"Carry out and document a risk analysis of the supply chain, and update it yearly.",
		"Introduce a time registration system and limit overtime to the legal maximum.",
		"Add the code of conduct to every sub-supplier contract.",
		"Install secondary containment and train the warehouse staff.",
		"Keep fire exits unlocked and check them weekly.",
		"Adjust wages and pay back the difference for the last twelve months.",
	}
	findingsTexts = []string{
		"Office audit of routines for supply chain follow-up.",
		"Site audit with interviews of twelve workers.",
		"Desk review of the evidence the supplier sent.",
		"Re-audit of the deviations from the previous audit.",
	}
)
