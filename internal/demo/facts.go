package demo

import (
	"time"

	"github.com/tillit-project/tillit"
)

// The facts of the collaboration's 2022 activity report, as data. Load puts
// what the store can hold into the database; the rest is exported so the
// annual report and its tests can check what they compute from data against
// the published figures. Amounts are whole SEK.

// Year is the demo year.
const Year = 2022

// Contribution rates in öre per inhabitant: 0.50 SEK in 2022; the steering
// group raised it to 1.00 SEK for the next period.
const (
	RateOre2022     = 50
	RateOreFrom2023 = 100
	orePerSEK       = 100
)

// Names of the organisations that are not regions, partners or suppliers.
const (
	NationalOffice = "Regionernas nationella kansli för hållbar upphandling"
	AuditFirm      = "Revisionsbyrån Exempel AB" // invented: the report names no audit firm
)

// Region is one of the 21 regions.
type Region struct {
	CountyCode string // länskod
	Name       string
}

// Regions lists the 21 regions in county-code order.
var Regions = []Region{
	{"01", "Region Stockholm"},
	{"03", "Region Uppsala"},
	{"04", "Region Sörmland"},
	{"05", "Region Östergötland"},
	{"06", "Region Jönköpings län"},
	{"07", "Region Kronoberg"},
	{"08", "Region Kalmar län"},
	{"09", "Region Gotland"},
	{"10", "Region Blekinge"},
	{"12", "Region Skåne"},
	{"13", "Region Halland"},
	{"14", "Västra Götalandsregionen"},
	{"17", "Region Värmland"},
	{"18", "Region Örebro län"},
	{"19", "Region Västmanland"},
	{"20", "Region Dalarna"},
	{"21", "Region Gävleborg"},
	{"22", "Region Västernorrland"},
	{"23", "Region Jämtland Härjedalen"},
	{"24", "Region Västerbotten"},
	{"25", "Region Norrbotten"},
}

// RegionName returns the name of the region with the county code, or "".
func RegionName(countyCode string) string {
	for _, r := range Regions {
		if r.CountyCode == countyCode {
			return r.Name
		}
	}
	return ""
}

// Contributions2022 is what each region paid the collaboration in 2022, by
// county code, in whole SEK, as the report's income table shows it.
var Contributions2022 = map[string]int64{
	"01": 1_206_000, // Stockholm
	"03": 195_079,   // Uppsala
	"04": 150_308,   // Sörmland
	"05": 233_883,   // Östergötland
	"06": 183_014,   // Jönköping
	"07": 101_165,   // Kronoberg
	"08": 123_318,   // Kalmar
	"09": 30_194,    // Gotland
	"10": 79_487,    // Blekinge
	"12": 697_222,   // Skåne
	"13": 169_296,   // Halland
	"14": 869_285,   // Västra Götaland
	"17": 141_455,   // Värmland
	"18": 152_916,   // Örebro
	"19": 139_180,   // Västmanland
	"20": 144_191,   // Dalarna
	"21": 143_952,   // Gävleborg
	"22": 122_412,   // Västernorrland
	"23": 65_709,    // Jämtland Härjedalen
	"24": 136_537,   // Västerbotten
	"25": 124_713,   // Norrbotten
}

// Population2022 is the implied population of a region in 2022: the
// contribution divided by the rate of 0.50 SEK per inhabitant (so twice the
// contribution). It is the number the charge was based on, not an official
// population statistic.
func Population2022(countyCode string) int64 {
	return Contributions2022[countyCode] * orePerSEK / RateOre2022
}

// Finances 2022 as published.
const (
	OpeningBalance2022     = 1_521_000
	Income2022             = 6_730_316 // opening balance + the 21 contributions
	CostPersonnel2022      = 3_061_000
	CostOther2022          = 178_269
	CostOtherServices2022  = 2_308_047 // risk analyses, systems, audits and other follow-ups
	Costs2022              = 5_547_316
	ClosingBalance2022     = 1_183_000 // Income2022 − Costs2022, carried to 2023
	ContributionsTotal2022 = Income2022 - OpeningBalance2022
)

// Follow-up figures 2022 as published.
const (
	SelfAssessmentsReviewed2022  = 39
	SelfAssessmentsDeficient2022 = 22 // all recommended for an office audit
	RiskAnalyses2022             = 9
	PeopleTrained2022            = 160
)

// OfficeAuditsStarted2022 names the suppliers at which a new office audit
// started in 2022, as organisation names in Suppliers.
var OfficeAuditsStarted2022 = []string{
	"3M", "Abigo Medical", "Codan Triplus", "Handelshuset Viroderm", "KiiltoClean",
	"Mermaid Medical A/S", "MIP Pharma GmbH", "Mylan AB", "Mölnlycke Health Care AB",
	"Procurator AB", "Smith & Nephew AB", "SMP+Cardio", "Solann AB", "Stryker AB",
	"Vingmed A/S", "Zimmer Biomet",
}

// AuditsClosed2022 names the suppliers whose audit was closed in 2022, as
// organisation names in Suppliers. Procurator AB is in both lists: one
// supplier, two audits.
var AuditsClosed2022 = []string{
	"Alcon Nordic", "Erixon Medtech", "FM Trading", "Henry Eriksson", "Kanwar Group",
	"Merit Medical Systems", "Procurator AB", "Promoters", "Stille",
	"Sylak (nu Observe Medical)", "Unimedica Pharma", "Wingplast",
}

// ClosedWithOpenDeviations2022 is the one audit closed in 2022 with
// deviations still open, because the supplier's contracts had expired.
const ClosedWithOpenDeviations2022 = "Merit Medical Systems"

// Org is an organisation other than a region that Load creates.
type Org struct {
	Name    string
	Country string // ISO 3166-1 alpha-2
}

// Partners are the Nordic strategic partners.
var Partners = []Org{
	{"Adda", "SE"},
	{"Sykehusinnkjøp", "NO"},
	{"HUS", "FI"},
}

// Suppliers are every supplier the 2022 report names, once each. The
// country is where the contracting company sits as far as its name tells
// (a Danish A/S, a German GmbH, the Pakistani instrument maker); otherwise
// Sweden. The report gives no organisation numbers and none are invented.
// Sylak keeps the report's wording, as it has since become Observe Medical.
var Suppliers = []Org{
	{"3M", "SE"},
	{"Abigo Medical", "SE"},
	{"Alcon Nordic", "SE"},
	{"Codan Triplus", "SE"},
	{"Erixon Medtech", "SE"},
	{"FM Trading", "SE"},
	{"Handelshuset Viroderm", "SE"},
	{"Henry Eriksson", "SE"},
	{"Kanwar Group", "PK"},
	{"KiiltoClean", "SE"},
	{"Merit Medical Systems", "SE"},
	{"Mermaid Medical A/S", "DK"},
	{"MIP Pharma GmbH", "DE"},
	{"Mylan AB", "SE"},
	{"Mölnlycke Health Care AB", "SE"},
	{"Procurator AB", "SE"},
	{"Promoters", "SE"},
	{"Smith & Nephew AB", "SE"},
	{"SMP+Cardio", "SE"},
	{"Solann AB", "SE"},
	{"Stille", "SE"},
	{"Stryker AB", "SE"},
	{"Sylak (nu Observe Medical)", "SE"},
	{"Unimedica Pharma", "SE"},
	{"Vingmed A/S", "DK"},
	{"Wingplast", "SE"},
	{"Zimmer Biomet", "SE"},
}

// Stable codes of the eight procurement categories.
const (
	CategorySurgicalInstruments = "surgical-instruments"
	CategoryFood                = "food"
	CategoryICT                 = "ict"
	CategoryWoundCareDental     = "wound-care-dental"
	CategoryPharmaceuticals     = "pharmaceuticals"
	CategoryCareEquipment       = "care-equipment"
	CategoryMedicalTechnology   = "medical-technology"
	CategoryTextilesFurniture   = "textiles-furniture"
)

// Category is a procurement category with the county codes of the regions
// responsible for it from ResponsibleFrom, open-ended.
type Category struct {
	Code        string
	NameSV      string
	NameEN      string
	Responsible []string // county codes
}

// ResponsibleFrom is when the demo responsibilities start.
var ResponsibleFrom = mustDate("2022-01-01")

// Categories are the eight categories and their responsible regions in 2022.
//
// The report also says that from 2023 "imaging and function" (bild och
// funktion) moves from medical technology to ICT. That changes the scope of
// the two categories, not who is responsible for them: the demo records it
// as scope versions and a product group placed in one category, then the
// other (categories.go); both categories' responsibilities stay open-ended.
var Categories = []Category{
	{CategorySurgicalInstruments, "Kirurgiska instrument", "Surgical instruments",
		[]string{"25", "24", "23", "22"}},
	{CategoryFood, "Livsmedel och tillhörande tjänster", "Food and related services",
		[]string{"03", "19", "20", "21"}},
	{CategoryICT, "Informationsteknik och kommunikation", "Information and communication technology",
		[]string{"01"}},
	// The report names "Varuförsörjningen" as the fourth responsible: that
	// is Västra Götalandsregionen's supply organisation, so the region (14)
	// holds the responsibility.
	{CategoryWoundCareDental, "Sårvård och kompression samt tandvårdsutrustning och förbrukningsmaterial",
		"Wound care and compression; dental equipment and consumables",
		[]string{"09", "04", "17", "14"}},
	{CategoryPharmaceuticals, "Läkemedel", "Pharmaceuticals",
		[]string{"14"}},
	{CategoryCareEquipment, "Vårdrelaterad utrustning och förbrukningsvaror", "Care-related equipment and consumables",
		[]string{"08", "06", "05"}},
	{CategoryMedicalTechnology, "Medicinteknisk utrustning och relaterade förbrukningsvaror",
		"Medical technology equipment and related consumables",
		[]string{"10", "07", "13"}},
	{CategoryTextilesFurniture, "Textilier och möbler", "Textiles and furniture",
		[]string{"12"}},
}

// Account is a demo user: one per role. The people are invented.
type Account struct {
	Email   string
	Name    string
	Role    tillit.Role
	OrgKind tillit.OrgKind
	OrgName string
}

// Accounts lists the demo users in the order the start-up log shows them.
var Accounts = []Account{
	{"admin@example.org", "Karin Lindgren", tillit.RoleAdmin, tillit.OrgNationalOffice, NationalOffice},
	{"officer@example.org", "Johan Bergström", tillit.RoleOfficer, tillit.OrgNationalOffice, NationalOffice},
	// Norrbotten is one of the regions responsible for surgical instruments.
	{"coordinator@example.org", "Lena Öhman", tillit.RoleCoordinator, tillit.OrgRegion, "Region Norrbotten"},
	{"staff@example.org", "Mikael Persson", tillit.RoleStaff, tillit.OrgRegion, "Region Skåne"},
	{"auditor@example.org", "Sofia Håkansson", tillit.RoleAuditor, tillit.OrgAuditFirm, AuditFirm},
	{"editor@example.org", "Anders Sjöberg", tillit.RoleEditor, tillit.OrgNationalOffice, NationalOffice},
	{"supplier@example.org", "Eva Magnusson", tillit.RoleSupplier, tillit.OrgSupplier, "Mölnlycke Health Care AB"},
	{"supplier2@example.org", "Per Wallin", tillit.RoleSupplier, tillit.OrgSupplier, "Stryker AB"},
}

// Users maps each demo e-mail to its role.
var Users = func() map[string]tillit.Role {
	m := make(map[string]tillit.Role, len(Accounts))
	for _, a := range Accounts {
		m[a.Email] = a.Role
	}
	return m
}()

func mustDate(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// Requirement is a clause of the shared supplier code of conduct that
// follow-ups record deviations against. The codes are the demo's own
// numbering (the report names the areas, not numbers): UK for the code of
// conduct (uppförandekod), MK for environmental requirements (miljökrav).
// They are stable, because deviations and reports refer to them.
type Requirement struct {
	Code   string
	NameSV string
	NameEN string
}

// Requirements are in scope of every demo follow-up: the code of conduct
// applies as a whole to every contract.
var Requirements = []Requirement{
	{"UK-1", "Policyåtagande", "Policy commitment"},
	{"UK-2", "Riskanalys av leveranskedjan", "Risk analysis of the supply chain"},
	{"UK-3", "Uppföljning i leveranskedjan", "Follow-up in the supply chain"},
	{"UK-4", "Krav vidare till underleverantörer", "Requirements passed on to sub-suppliers"},
	{"UK-5", "Arbetsvillkor enligt ILO:s kärnkonventioner", "Working conditions under the ILO core conventions"},
	{"MK-1", "Systematiskt miljöarbete", "Systematic environmental work"},
	{"MK-2", "Produktspecifika miljökrav", "Product-specific environmental requirements"},
}

// RequirementCodes are the codes of Requirements in order.
func RequirementCodes() []string {
	out := make([]string, len(Requirements))
	for i, r := range Requirements {
		out[i] = r.Code
	}
	return out
}

// SelfAssessmentsApproved2022 is what the report implies: of the 39
// answers reviewed, those not found deficient.
const SelfAssessmentsApproved2022 = SelfAssessmentsReviewed2022 - SelfAssessmentsDeficient2022

// InventedSuppliers answered the other 25 of the 39 self-assessments the
// national office reviewed in 2022. The report counts those answers but
// does not name who gave them, so the demo invents the companies; "Exempel"
// in every name says so, as for the audit firm. Load creates them together
// with the follow-ups, contracts and sites.
var InventedSuppliers = []Org{
	// Orthopaedic implants: the report says two of the suppliers asked were
	// recommended for an office audit (Stryker and Zimmer Biomet); these
	// four were approved.
	{"Ortopedimplantat Exempel AB", "SE"},
	{"Ledprotes Exempel AB", "SE"},
	{"Implantatteknik Exempel AB", "SE"},
	{"Ryggkirurgi Exempel AB", "SE"},
	// Food: self-assessments on coffee, fish, meat, soy, cocoa and palm oil.
	{"Kafferosteriet Exempel AB", "SE"},
	{"Fiskgrossisten Exempel AB", "SE"},
	{"Charkuteriet Exempel AB", "SE"},
	{"Sojaprodukter Exempel AB", "SE"},
	{"Chokladfabriken Exempel AB", "SE"},
	{"Oljeimportören Exempel AB", "SE"},
	{"Grönsaksgrossisten Exempel AB", "SE"},
	// Pharmaceuticals.
	{"Läkemedelsgrossisten Exempel AB", "SE"},
	{"Generika Exempel AB", "SE"},
	{"Infusionsvätskor Exempel AB", "SE"},
	// Surgical instruments.
	{"Instrumenthuset Exempel AB", "SE"},
	{"Kirurgprodukter Exempel AB", "SE"},
	// Wound care and dental consumables.
	{"Tandvårdsdepån Exempel AB", "SE"},
	{"Förbandsprodukter Exempel AB", "SE"},
	// Care-related equipment and consumables.
	{"Handskgrossisten Exempel AB", "SE"},
	{"Inkontinensprodukter Exempel AB", "SE"},
	{"Desinfektion Exempel AB", "SE"},
	// ICT.
	{"Datorleverantören Exempel AB", "SE"},
	{"Nätverksprodukter Exempel AB", "SE"},
	// Textiles and furniture.
	{"Vårdtextil Exempel AB", "SE"},
	{"Möbelfabriken Exempel AB", "SE"},
}
