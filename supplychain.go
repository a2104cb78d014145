package tillit

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The supply-chain map (issue 7): which production sites supply which
// (supplier → site → sub-supplier site), and the products a supplier
// delivers with what they are made of.
//
// A sub-supplier's site is a ProductionSite like any other, owned by an
// organisation of the kind supplier even when the company has no contract
// with any region: the site table needs an owner, incidents and the
// Open Supply Hub import already find sites through their owner, and a
// sub-supplier that later wins a contract is then the same record, not
// free text to be matched by hand. Whether a company is contracted is
// read from the contracts, never from its kind.

// SiteLink says that a site is supplied by another site: SubSiteID makes
// something (What) that goes into what SiteID makes.
type SiteLink struct {
	SiteID    int64
	SubSiteID int64
	What      string // e.g. "woven fabric"; optional
}

// Validate checks a link.
func (l *SiteLink) Validate() error {
	p := Problems{}
	if l.SiteID <= 0 {
		p.Add("site_id", "Choose the site that is supplied.")
	}
	if l.SubSiteID <= 0 {
		p.Add("sub_site", "Choose or name the sub-supplier's site.")
	}
	if l.SiteID > 0 && l.SiteID == l.SubSiteID {
		p.Add("sub_site", "A site cannot supply itself.")
	}
	if utf8.RuneCountInString(l.What) > maxNameLen {
		p.Add("what", "The text can be at most %d characters.", maxNameLen)
	}
	return p.Err()
}

// Material is what a product is made of, from a fixed list so that the
// queries can find every product with cotton, whatever language the
// product was described in.
type Material string

const (
	MaterialCotton    Material = "cotton"
	MaterialPolyester Material = "polyester"
	MaterialPolyamide Material = "polyamide"
	MaterialElastane  Material = "elastane"
	MaterialViscose   Material = "viscose"
	MaterialLyocell   Material = "lyocell"
	MaterialWool      Material = "wool"
	MaterialLinen     Material = "linen"
	MaterialLatex     Material = "latex"
	MaterialNitrile   Material = "nitrile"
	MaterialSteel     Material = "steel"
	MaterialOther     Material = "other"
)

// Materials lists the materials in the order forms show them.
var Materials = []Material{MaterialCotton, MaterialPolyester, MaterialPolyamide, MaterialElastane, MaterialViscose,
	MaterialLyocell, MaterialWool, MaterialLinen, MaterialLatex, MaterialNitrile, MaterialSteel, MaterialOther}

// Valid reports whether m is a known material.
func (m Material) Valid() bool {
	for _, v := range Materials {
		if m == v {
			return true
		}
	}
	return false
}

// Permille is a share in tenths of a percent: 200 is 20 %, 199 is 19.9 %.
// Shares are kept as whole tenths so that "at least 20 %" is an exact
// comparison, not one of floating-point numbers.
type Permille int

// String writes the share as a percent with at most one decimal, with a
// decimal comma in Swedish: "35", "19.9" / "19,9".
func (p Permille) In(lang Lang) string {
	s := strconv.Itoa(int(p) / 10)
	if r := int(p) % 10; r != 0 {
		sep := "."
		if lang == Swedish {
			sep = ","
		}
		s += sep + strconv.Itoa(r)
	}
	return s
}

// Percent is the share as a number of percent, for exports and the API.
func (p Permille) Percent() float64 { return float64(p) / 10 }

// ParsePercent reads a share typed in percent with at most one decimal,
// a decimal point or comma and an optional % sign: "35", "19,9", "20 %".
func ParsePercent(s string) (Permille, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	whole, frac, hasFrac := strings.Cut(strings.ReplaceAll(s, ",", "."), ".")
	if whole == "" || len(whole) > 3 || len(frac) > 1 || hasFrac && frac == "" {
		return 0, false
	}
	n := 0
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if !hasFrac {
		n *= 10
	}
	return Permille(n), true
}

// MaterialLine is one line of a product's material content.
type MaterialLine struct {
	Material Material
	Share    Permille
}

// Product is something a supplier delivers in a category, where it is made
// and what it is made of.
type Product struct {
	ID         int64
	SupplierID int64
	CategoryID int64
	Name       string
	Group      string // the product group, free text: "surgical gowns"
	SiteIDs    []int64
	Materials  []MaterialLine
}

// Share returns the product's share of material m.
func (p *Product) Share(m Material) Permille {
	var n Permille
	for _, l := range p.Materials {
		if l.Material == m {
			n += l.Share
		}
	}
	return n
}

// CottonTestThreshold is the smallest cotton share that makes a product
// worth testing for the cotton's origin by isotope analysis: 20 %.
const CottonTestThreshold Permille = 200

// Validate checks a product: its names, and that its material lines name
// each material once with shares that together make at most 100 %.
func (p *Product) Validate() error {
	pr := Problems{}
	if p.SupplierID <= 0 {
		pr.Add("supplier_id", "Choose the supplier.")
	}
	if p.CategoryID <= 0 {
		pr.Add("category_id", "Choose the procurement category.")
	}
	switch n := strings.TrimSpace(p.Name); {
	case n == "":
		pr.Add("name", "Enter the product's name.")
	case utf8.RuneCountInString(n) > maxNameLen:
		pr.Add("name", "The name can be at most %d characters.", maxNameLen)
	}
	if utf8.RuneCountInString(p.Group) > maxNameLen {
		pr.Add("group", "The product group can be at most %d characters.", maxNameLen)
	}
	seen := map[Material]bool{}
	var total Permille
	for i, l := range p.Materials {
		field := "materials[" + strconv.Itoa(i) + "]"
		switch {
		case !l.Material.Valid():
			pr.Add(field, "Choose the material from the list.")
		case seen[l.Material]:
			pr.Add(field, "Each material can be listed once; add the shares together.")
		case l.Share <= 0 || l.Share > 1000:
			pr.Add(field, "Enter the share as a percent above 0 and at most 100, with at most one decimal.")
		}
		seen[l.Material] = true
		total += l.Share
	}
	if total > 1000 {
		pr.Add("materials", "The shares add up to %s %%; together they can be at most 100 %%.", total.In(English))
	}
	return pr.Err()
}
