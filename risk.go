package tillit

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Risk analyses (riskanalys): per procurement category and year, the
// responsible regions judge where in the supply chain the risks to people,
// the environment and integrity lie. The judgement is a matrix of
// supply-chain stage × sustainability area; each cell has a likelihood and
// a severity from 1 to 4, a note and the sources it rests on. Countries of
// concern and prioritised product groups complete it. An analysis is a
// draft until it is approved; an approved analysis never changes — next
// year's revision is a new analysis.

// SupplyChainStage is a step from raw material to waste.
type SupplyChainStage string

const (
	StageRawMaterial   SupplyChainStage = "raw_material"   // råvaruutvinning
	StageProcessing    SupplyChainStage = "processing"     // bearbetning
	StageComponents    SupplyChainStage = "components"     // komponenttillverkning
	StageFinalAssembly SupplyChainStage = "final_assembly" // slutproduktion
	StageLogistics     SupplyChainStage = "logistics"      // logistik
	StageUse           SupplyChainStage = "use"            // användning
	StageWaste         SupplyChainStage = "waste"          // avfall
)

// SupplyChainStages lists the stages in supply-chain order.
var SupplyChainStages = []SupplyChainStage{StageRawMaterial, StageProcessing, StageComponents, StageFinalAssembly, StageLogistics, StageUse, StageWaste}

// SustainabilityArea is an area of the code of conduct.
type SustainabilityArea string

const (
	AreaHumanRights    SustainabilityArea = "human_rights"    // mänskliga rättigheter
	AreaLabourRights   SustainabilityArea = "labour_rights"   // arbetsrätt
	AreaEnvironment    SustainabilityArea = "environment"     // miljö
	AreaAntiCorruption SustainabilityArea = "anti_corruption" // antikorruption
)

// SustainabilityAreas lists the areas in the code of conduct's order.
var SustainabilityAreas = []SustainabilityArea{AreaHumanRights, AreaLabourRights, AreaEnvironment, AreaAntiCorruption}

// MaxRiskRating is the top of the likelihood and severity scales (1–4).
const MaxRiskRating = 4

// RiskLevel groups a cell's score (likelihood × severity, 1–16).
type RiskLevel string

const (
	RiskNotAssessed RiskLevel = "not_assessed"
	RiskLow         RiskLevel = "low"       // 1–3
	RiskMedium      RiskLevel = "medium"    // 4–7
	RiskHigh        RiskLevel = "high"      // 8–11
	RiskVeryHigh    RiskLevel = "very_high" // 12–16
)

// RiskLevels lists the levels from lowest to highest.
var RiskLevels = []RiskLevel{RiskNotAssessed, RiskLow, RiskMedium, RiskHigh, RiskVeryHigh}

// RiskCell is one stage × area judgement. Likelihood and Severity are 1–4,
// or both 0 when the cell is not assessed.
type RiskCell struct {
	Stage      SupplyChainStage
	Area       SustainabilityArea
	Likelihood int
	Severity   int
	Note       string
	Sources    string
}

// Assessed reports whether the cell has been judged.
func (c RiskCell) Assessed() bool { return c.Likelihood > 0 && c.Severity > 0 }

// Score is likelihood × severity, 0 when not assessed.
func (c RiskCell) Score() int {
	if !c.Assessed() {
		return 0
	}
	return c.Likelihood * c.Severity
}

// Level classifies the score.
func (c RiskCell) Level() RiskLevel {
	switch s := c.Score(); {
	case s == 0:
		return RiskNotAssessed
	case s >= 12:
		return RiskVeryHigh
	case s >= 8:
		return RiskHigh
	case s >= 4:
		return RiskMedium
	}
	return RiskLow
}

// CountryConcern is a country where the analysis sees elevated risk.
type CountryConcern struct {
	Country string // ISO 3166-1 alpha-2, upper case
	Reason  string
}

// ProductGroup is a product group the analysis prioritises for follow-up;
// Priority 1 comes first.
type ProductGroup struct {
	Name     string
	Priority int
	Reason   string
}

// RiskAnalysisStatus is where an analysis is in its life.
type RiskAnalysisStatus string

const (
	RiskDraft    RiskAnalysisStatus = "draft"
	RiskApproved RiskAnalysisStatus = "approved"
)

// RiskAnalysis is one category's analysis for a year.
type RiskAnalysis struct {
	ID         int64
	CategoryID int64
	Category   string // the category's Swedish name, filled in by the store
	CategoryEN string
	Year       int
	Title      string // what the analysis covers, e.g. the category or a part of it
	Scope      string // the product groups and contracts it covers, in words
	Status     RiskAnalysisStatus
	Cells      []RiskCell // one per stage × area, in SupplyChainStages × SustainabilityAreas order
	Countries  []CountryConcern
	Products   []ProductGroup
	CreatedAt  time.Time
	UpdatedAt  time.Time
	ApprovedAt time.Time
	ApprovedBy string // the approver's name
	Version    int64  // optimistic lock: an edit based on an older version is refused
}

// Limits of the risk analysis's text fields.
const (
	maxRiskTitleLen = 200
	maxRiskTextLen  = 2000
	maxRiskListLen  = 100
)

// NewRiskAnalysis returns a draft with every cell present and unassessed.
func NewRiskAnalysis(categoryID int64, year int, title, scope string) *RiskAnalysis {
	a := &RiskAnalysis{CategoryID: categoryID, Year: year, Title: strings.TrimSpace(title), Scope: strings.TrimSpace(scope), Status: RiskDraft}
	for _, s := range SupplyChainStages {
		for _, ar := range SustainabilityAreas {
			a.Cells = append(a.Cells, RiskCell{Stage: s, Area: ar})
		}
	}
	return a
}

// Cell returns the cell for stage and area (nil if the analysis has none).
func (a *RiskAnalysis) Cell(stage SupplyChainStage, area SustainabilityArea) *RiskCell {
	for i := range a.Cells {
		if a.Cells[i].Stage == stage && a.Cells[i].Area == area {
			return &a.Cells[i]
		}
	}
	return nil
}

// AssessedCells counts the judged cells.
func (a *RiskAnalysis) AssessedCells() int {
	n := 0
	for _, c := range a.Cells {
		if c.Assessed() {
			n++
		}
	}
	return n
}

// Validate checks the analysis before it is stored. Field names are the
// form's: title, scope, year, cell[stage][area].likelihood …, countries,
// products.
func (a *RiskAnalysis) Validate() error {
	p := Problems{}
	if a.CategoryID <= 0 {
		p.Add("category", "Choose the procurement category the analysis is for.")
	}
	if !ValidReportYear(a.Year) {
		p.Add("year", "Enter a year between 2000 and 2100.")
	}
	if strings.TrimSpace(a.Title) == "" {
		p.Add("title", "Give the analysis a title, such as the category's name.")
	} else if utf8.RuneCountInString(a.Title) > maxRiskTitleLen {
		p.Add("title", "The title can be at most %d characters.", maxRiskTitleLen)
	}
	if utf8.RuneCountInString(a.Scope) > maxRiskTextLen {
		p.Add("scope", "The scope can be at most %d characters.", maxRiskTextLen)
	}
	seen := map[string]bool{}
	for _, c := range a.Cells {
		key := "cell." + string(c.Stage) + "." + string(c.Area)
		if !oneOf(c.Stage, SupplyChainStages) || !oneOf(c.Area, SustainabilityAreas) {
			p.Add("cells", "A cell names an unknown supply-chain stage or sustainability area.")
			continue
		}
		if seen[key] {
			p.Add("cells", "Each stage and area can be judged once; remove the duplicate.")
		}
		seen[key] = true
		if c.Likelihood < 0 || c.Likelihood > MaxRiskRating || c.Severity < 0 || c.Severity > MaxRiskRating {
			p.Add(key, "Likelihood and severity are rated from 1 to 4.")
		} else if (c.Likelihood == 0) != (c.Severity == 0) {
			p.Add(key, "Rate both likelihood and severity, or neither if the cell is not assessed.")
		}
		if utf8.RuneCountInString(c.Note) > maxRiskTextLen || utf8.RuneCountInString(c.Sources) > maxRiskTextLen {
			p.Add(key, "A note or its sources can be at most %d characters.", maxRiskTextLen)
		}
	}
	if len(a.Countries) > maxRiskListLen {
		p.Add("countries", "List at most %d countries of concern.", maxRiskListLen)
	}
	countries := map[string]bool{}
	for i, c := range a.Countries {
		if !ValidCountryCode(c.Country) {
			p.Add("countries", "Line %d: write the country as its two-letter ISO code, such as PK for Pakistan.", i+1)
		} else if countries[c.Country] {
			p.Add("countries", "Line %d: %s is listed twice.", i+1, c.Country)
		}
		countries[c.Country] = true
		if utf8.RuneCountInString(c.Reason) > maxRiskTextLen {
			p.Add("countries", "Line %d: the reason can be at most %d characters.", i+1, maxRiskTextLen)
		}
	}
	if len(a.Products) > maxRiskListLen {
		p.Add("products", "List at most %d product groups.", maxRiskListLen)
	}
	for i, g := range a.Products {
		if strings.TrimSpace(g.Name) == "" {
			p.Add("products", "Line %d: name the product group.", i+1)
		} else if utf8.RuneCountInString(g.Name) > maxRiskTitleLen {
			p.Add("products", "Line %d: the name can be at most %d characters.", i+1, maxRiskTitleLen)
		}
		if g.Priority < 1 || g.Priority > 99 {
			p.Add("products", "Line %d: give the priority as a number from 1 (highest) to 99.", i+1)
		}
		if utf8.RuneCountInString(g.Reason) > maxRiskTextLen {
			p.Add("products", "Line %d: the reason can be at most %d characters.", i+1, maxRiskTextLen)
		}
	}
	return p.Err()
}

// ValidCountryCode reports whether s looks like an ISO 3166-1 alpha-2
// code: two upper-case ASCII letters.
func ValidCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// Approve marks a draft as approved. At least one cell must be assessed:
// an empty matrix is not an analysis.
func (a *RiskAnalysis) Approve(byName string, at time.Time) error {
	if a.Status == RiskApproved {
		return Errorf(ECONFLICT, "The risk analysis is already approved.")
	}
	if a.AssessedCells() == 0 {
		return Errorf(EINVALID, "Assess at least one cell of the matrix before approving the analysis.")
	}
	if err := a.Validate(); err != nil {
		return err
	}
	a.Status, a.ApprovedAt, a.ApprovedBy = RiskApproved, at, byName
	return nil
}

// CanEdit reports whether the analysis may still change.
func (a *RiskAnalysis) CanEdit() error {
	if a.Status == RiskApproved {
		return Errorf(ECONFLICT, "An approved risk analysis cannot be changed; start next year's revision instead.")
	}
	return nil
}

// RiskCellKey names a cell in forms and error fields.
func RiskCellKey(stage SupplyChainStage, area SustainabilityArea) string {
	return "cell." + string(stage) + "." + string(area)
}

// RiskDifference is how one cell changed between two analyses.
type RiskDifference struct {
	Stage        SupplyChainStage
	Area         SustainabilityArea
	Before       RiskCell
	After        RiskCell
	ScoreChange  int // After.Score() − Before.Score()
	LevelChanged bool
}

// CompareRisk lists the cells whose rating differs between before and
// after, in matrix order.
func CompareRisk(before, after *RiskAnalysis) []RiskDifference {
	var out []RiskDifference
	for _, s := range SupplyChainStages {
		for _, ar := range SustainabilityAreas {
			var b, a RiskCell
			if c := before.Cell(s, ar); c != nil {
				b = *c
			}
			if c := after.Cell(s, ar); c != nil {
				a = *c
			}
			if b.Likelihood == a.Likelihood && b.Severity == a.Severity {
				continue
			}
			out = append(out, RiskDifference{Stage: s, Area: ar, Before: b, After: a,
				ScoreChange: a.Score() - b.Score(), LevelChanged: a.Level() != b.Level()})
		}
	}
	return out
}

// ParseCountryLines reads "CC; reason" lines (one country per line).
func ParseCountryLines(text string) ([]CountryConcern, error) {
	var out []CountryConcern
	p := Problems{}
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		code, reason, _ := strings.Cut(line, ";")
		code = strings.ToUpper(strings.TrimSpace(code))
		if !ValidCountryCode(code) {
			p.Add("countries", "Line %d: start with the country's two-letter ISO code, then a semicolon and the reason: PK; surgical instruments made by hand in Sialkot.", i+1)
			continue
		}
		out = append(out, CountryConcern{Country: code, Reason: strings.TrimSpace(reason)})
	}
	return out, p.Err()
}

// ParseProductLines reads "name; priority; reason" lines.
func ParseProductLines(text string) ([]ProductGroup, error) {
	var out []ProductGroup
	p := Problems{}
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.SplitN(line, ";", 3)
		g := ProductGroup{Name: strings.TrimSpace(parts[0]), Priority: len(out) + 1}
		if len(parts) > 1 {
			n, err := strconv.Atoi(strings.TrimSpace(parts[1]))
			if err != nil {
				p.Add("products", "Line %d: write the product group, a semicolon, its priority as a number and, after another semicolon, the reason: Gloves; 1; forced labour reported.", i+1)
				continue
			}
			g.Priority = n
		}
		if len(parts) > 2 {
			g.Reason = strings.TrimSpace(parts[2])
		}
		out = append(out, g)
	}
	return out, p.Err()
}
