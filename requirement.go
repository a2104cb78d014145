package tillit

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// The requirements library (kravbibliotek): the code of conduct, the
// contract clause at basic and advanced level and the harmonised
// environmental requirements, each under a stable code with numbered
// versions. A version is written as a draft and then published; a
// published version is frozen, so a deviation or a question judged
// against it can always show the exact text that applied. The version in
// force on a day is the latest published version whose effective date is
// on or before that day.
//
// Codes are FAMILY-N or FAMILY-N.M: UK for the code of conduct
// (uppförandekod), KVB and KVA for the contract clause at basic and
// advanced level (kontraktsvillkor), MK for environmental requirements
// (miljökrav); N numbers clauses within the family and M sub-clauses.
// The code never changes once a deviation refers to it, so the scheme is
// only a convention for new codes: the pattern is checked, the family is
// not tied to the kind.

// RequirementKind says which part of the library a requirement belongs to.
type RequirementKind string

const (
	KindCodeOfConduct  RequirementKind = "code_of_conduct"          // uppförandekod för leverantörer
	KindClauseBasic    RequirementKind = "contract_clause_basic"    // särskilt kontraktsvillkor, basnivå
	KindClauseAdvanced RequirementKind = "contract_clause_advanced" // särskilt kontraktsvillkor, avancerad nivå
	KindEnvironmental  RequirementKind = "environmental"            // harmoniserat miljökrav för en kategori
)

// RequirementKinds lists the kinds in the library's order.
var RequirementKinds = []RequirementKind{KindCodeOfConduct, KindClauseBasic, KindClauseAdvanced, KindEnvironmental}

// Valid reports whether k is a known kind.
func (k RequirementKind) Valid() bool { return oneOf(k, RequirementKinds) }

// RequirementStatus is where a version is in its life.
type RequirementStatus string

const (
	RequirementDraft     RequirementStatus = "draft"
	RequirementPublished RequirementStatus = "published"
)

// Requirement is one code with its versions. Kind, area and category
// classify the code, not a version: a requirement that moves to another
// area is a new code.
type Requirement struct {
	ID   int64 // assigned by the store
	Code string
	Kind RequirementKind
	// Area is the sustainability area; empty for requirements on the
	// supplier's own processes (policy, risk analysis, follow-up), which
	// serve every area.
	Area SustainabilityArea
	// CategoryID is the procurement category of an environmental
	// requirement; 0 means it applies to every category. Other kinds
	// have none.
	CategoryID int64
	CreatedAt  time.Time
	Versions   []RequirementVersion // by number, oldest first
}

// RequirementVersion is one version of a requirement's text.
type RequirementVersion struct {
	Code          string
	Number        int // 1, 2, …
	Title         Text
	Body          Text
	EffectiveFrom time.Time // calendar date from which it applies
	Status        RequirementStatus
	CreatedAt     time.Time
	UpdatedAt     time.Time
	PublishedAt   time.Time
	PublishedBy   string // the publisher's name
}

// VersionInput is what a draft version is written from.
type VersionInput struct {
	Title         Text
	Body          Text
	EffectiveFrom time.Time
}

// Limits of the library's texts.
const (
	maxRequirementTitle = 200
	maxRequirementBody  = 10000
)

var requirementCodePattern = regexp.MustCompile(`^[A-Z]{2,4}-[0-9]{1,3}(\.[0-9]{1,3})?$`)

// ValidRequirementCode reports whether code follows the library's pattern
// (FAMILY-N or FAMILY-N.M). Follow-ups accept any code, so this is checked
// only for codes added to the library.
func ValidRequirementCode(code string) bool { return requirementCodePattern.MatchString(code) }

// Validate checks the requirement's classification (not its versions).
func (r *Requirement) Validate() error {
	p := Problems{}
	if !ValidRequirementCode(r.Code) {
		p.Add("code", "Enter a code such as UK-5 or UK-5.2: two to four capital letters, a hyphen and a number, optionally a dot and a sub-number.")
	}
	if !r.Kind.Valid() {
		p.Add("kind", "Choose the kind: code of conduct, contract clause (basic or advanced) or environmental requirement.")
	}
	if r.Area != "" && !oneOf(r.Area, SustainabilityAreas) {
		p.Add("area", "Choose the sustainability area, or none for requirements on the supplier's own processes.")
	}
	if r.CategoryID < 0 || r.CategoryID != 0 && r.Kind != KindEnvironmental {
		p.Add("category_id", "Only environmental requirements belong to a procurement category.")
	}
	return p.Err()
}

// Validate checks a version's texts and date.
func (in VersionInput) Validate() error {
	p := Problems{}
	checkReqText(p, "title", in.Title, maxRequirementTitle)
	checkReqText(p, "body", in.Body, maxRequirementBody)
	if in.EffectiveFrom.IsZero() {
		p.Add("effective_from", "Enter the date from which the version applies.")
	} else if y := in.EffectiveFrom.Year(); y < 2000 || y > 2100 {
		p.Add("effective_from", "Enter a date between the years 2000 and 2100.")
	}
	return p.Err()
}

func checkReqText(p Problems, field string, t Text, limit int) {
	sv, en := strings.TrimSpace(t.SV), strings.TrimSpace(t.EN)
	switch {
	case sv == "":
		p.Add(field+"_sv", "Write the Swedish text.")
	case utf8.RuneCountInString(sv) > limit:
		p.Add(field+"_sv", "The text can be at most %d characters.", limit)
	}
	switch {
	case en == "":
		p.Add(field+"_en", "Write the English text.")
	case utf8.RuneCountInString(en) > limit:
		p.Add(field+"_en", "The text can be at most %d characters.", limit)
	}
}

func (in VersionInput) trimmed() VersionInput {
	return VersionInput{
		Title:         Text{SV: strings.TrimSpace(in.Title.SV), EN: strings.TrimSpace(in.Title.EN)},
		Body:          Text{SV: strings.TrimSpace(in.Body.SV), EN: strings.TrimSpace(in.Body.EN)},
		EffectiveFrom: DateOf(in.EffectiveFrom),
	}
}

// Version returns version n, or nil.
func (r *Requirement) Version(n int) *RequirementVersion {
	for i := range r.Versions {
		if r.Versions[i].Number == n {
			return &r.Versions[i]
		}
	}
	return nil
}

// Draft returns the draft version, or nil; there is at most one.
func (r *Requirement) Draft() *RequirementVersion {
	for i := range r.Versions {
		if r.Versions[i].Status == RequirementDraft {
			return &r.Versions[i]
		}
	}
	return nil
}

// LatestPublished returns the published version with the highest number,
// or nil when none is published.
func (r *Requirement) LatestPublished() *RequirementVersion {
	var out *RequirementVersion
	for i := range r.Versions {
		v := &r.Versions[i]
		if v.Status == RequirementPublished && (out == nil || v.Number > out.Number) {
			out = v
		}
	}
	return out
}

// InForce returns the version in force on day: the published version
// with the highest number whose effective date is on or before day; nil
// when none applied yet.
func (r *Requirement) InForce(day time.Time) *RequirementVersion {
	day = DateOf(day)
	var out *RequirementVersion
	for i := range r.Versions {
		v := &r.Versions[i]
		if v.Status == RequirementPublished && !v.EffectiveFrom.After(day) && (out == nil || v.Number > out.Number) {
			out = v
		}
	}
	return out
}

// AddDraft adds the next version as a draft. There can be only one draft
// at a time, so two people cannot prepare competing next versions.
func (r *Requirement) AddDraft(at time.Time, in VersionInput) (*RequirementVersion, error) {
	if d := r.Draft(); d != nil {
		return nil, Errorf(ECONFLICT, "Version %d of %s is already a draft. Change that draft or publish it before starting another.", d.Number, r.Code)
	}
	in = in.trimmed()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	n := 1
	for _, v := range r.Versions {
		if v.Number >= n {
			n = v.Number + 1
		}
	}
	r.Versions = append(r.Versions, RequirementVersion{Code: r.Code, Number: n, Title: in.Title, Body: in.Body,
		EffectiveFrom: in.EffectiveFrom, Status: RequirementDraft, CreatedAt: at, UpdatedAt: at})
	return &r.Versions[len(r.Versions)-1], nil
}

// EditDraft replaces the texts and date of draft version n. A published
// version is refused: it is what deviations were judged against.
func (r *Requirement) EditDraft(n int, at time.Time, in VersionInput) (*RequirementVersion, error) {
	v := r.Version(n)
	if v == nil {
		return nil, Errorf(ENOTFOUND, "%s has no version %d.", r.Code, n)
	}
	if v.Status != RequirementDraft {
		return nil, Errorf(ECONFLICT, "Version %d of %s is published and cannot be changed. Start a new version instead.", n, r.Code)
	}
	in = in.trimmed()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	v.Title, v.Body, v.EffectiveFrom, v.UpdatedAt = in.Title, in.Body, in.EffectiveFrom, at
	return v, nil
}

// Publish publishes draft version n. Its effective date must come after
// every earlier published version's, so the versions follow each other
// in time and "in force on a day" has one answer.
func (r *Requirement) Publish(n int, by string, at time.Time) (*RequirementVersion, error) {
	v := r.Version(n)
	if v == nil {
		return nil, Errorf(ENOTFOUND, "%s has no version %d.", r.Code, n)
	}
	if v.Status != RequirementDraft {
		return nil, Errorf(ECONFLICT, "Version %d of %s was already published on %s.", n, r.Code, dateString(v.PublishedAt))
	}
	if prev := r.LatestPublished(); prev != nil && !v.EffectiveFrom.After(prev.EffectiveFrom) {
		return nil, invalid("effective_from", "The effective date must be after that of version %d (%s).", prev.Number, dateString(prev.EffectiveFrom))
	}
	if strings.TrimSpace(by) == "" || at.IsZero() {
		return nil, Errorf(EINVALID, "A version must be published by someone at a time.")
	}
	v.Status, v.PublishedAt, v.PublishedBy, v.UpdatedAt = RequirementPublished, at, by, at
	return v, nil
}

// DiffKind marks a piece of a word diff.
type DiffKind string

const (
	DiffSame   DiffKind = "same"
	DiffInsert DiffKind = "insert" // in the newer text only
	DiffDelete DiffKind = "delete" // in the older text only
)

// DiffPart is a run of words of one kind. Text keeps the line breaks of
// the original.
type DiffPart struct {
	Kind DiffKind
	Text string
}

// maxDiffCells bounds the LCS table (words of a × words of b) after the
// common beginning and end are set aside; longer texts show as wholly
// replaced rather than costing unbounded memory.
const maxDiffCells = 4_000_000

// DiffWords compares two texts word by word (a longest common
// subsequence of words, line breaks counting as words) and returns the
// runs that are the same, deleted from a or inserted in b, in order.
func DiffWords(a, b string) []DiffPart {
	x, y := diffTokens(a), diffTokens(b)
	// The common beginning and end need no table.
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var ops []diffOp
	for _, t := range x[:pre] {
		ops = append(ops, diffOp{DiffSame, t})
	}
	ops = append(ops, lcsOps(x[pre:len(x)-suf], y[pre:len(y)-suf])...)
	for _, t := range x[len(x)-suf:] {
		ops = append(ops, diffOp{DiffSame, t})
	}
	return joinOps(ops)
}

type diffOp struct {
	kind DiffKind
	tok  string
}

// diffTokens splits s into words, line breaks and the punctuation around
// words, so "production." and "production and" share the word.
func diffTokens(s string) []string {
	var out []string
	for i, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if i > 0 {
			out = append(out, "\n")
		}
		for _, w := range strings.Fields(line) {
			for len(w) > 1 && strings.ContainsRune(openingPunct, rune(w[0])) {
				out, w = append(out, w[:1]), w[1:]
			}
			var tail []string
			for len(w) > 1 && strings.ContainsRune(closingPunct, rune(w[len(w)-1])) {
				tail, w = append([]string{w[len(w)-1:]}, tail...), w[:len(w)-1]
			}
			out = append(out, w)
			out = append(out, tail...)
		}
	}
	return out
}

// Punctuation split off words (ASCII only, so byte slicing is safe).
const (
	openingPunct = "("
	closingPunct = ".,;:!?)"
)

// spaceBetween says whether the text has a space between tokens a and b.
func spaceBetween(a, b string) bool {
	if a == "" || a == "\n" || b == "\n" {
		return false
	}
	if len(a) == 1 && strings.Contains(openingPunct, a) || len(b) == 1 && strings.Contains(closingPunct, b) {
		return false
	}
	return true
}

// lcsOps is the classic dynamic programme: l[i][j] is the length of the
// longest common subsequence of x[i:] and y[j:].
func lcsOps(x, y []string) []diffOp {
	var ops []diffOp
	if len(x)*len(y) > maxDiffCells {
		for _, t := range x {
			ops = append(ops, diffOp{DiffDelete, t})
		}
		for _, t := range y {
			ops = append(ops, diffOp{DiffInsert, t})
		}
		return ops
	}
	w := len(y) + 1
	l := make([]int32, (len(x)+1)*w)
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				l[i*w+j] = l[(i+1)*w+j+1] + 1
			} else {
				l[i*w+j] = max(l[(i+1)*w+j], l[i*w+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			ops = append(ops, diffOp{DiffSame, x[i]})
			i, j = i+1, j+1
		case l[(i+1)*w+j] >= l[i*w+j+1]:
			ops = append(ops, diffOp{DiffDelete, x[i]})
			i++
		default:
			ops = append(ops, diffOp{DiffInsert, y[j]})
			j++
		}
	}
	for ; i < len(x); i++ {
		ops = append(ops, diffOp{DiffDelete, x[i]})
	}
	for ; j < len(y); j++ {
		ops = append(ops, diffOp{DiffInsert, y[j]})
	}
	return ops
}

// joinOps merges neighbouring tokens of one kind into runs, with a space
// between words and none around line breaks. A run that is not the first
// starts with the space that separates it from the previous word, so the
// runs concatenated read as the text.
func joinOps(ops []diffOp) []DiffPart {
	var out []DiffPart
	prev := ""
	for _, op := range ops {
		sep := ""
		if spaceBetween(prev, op.tok) {
			sep = " "
		}
		prev = op.tok
		if n := len(out); n > 0 && out[n-1].Kind == op.kind {
			out[n-1].Text += sep + op.tok
			continue
		}
		// The separating space belongs to the unchanged side, so a marked
		// insertion or deletion holds words only.
		if sep != "" {
			if n := len(out); n > 0 && out[n-1].Kind == DiffSame {
				out[n-1].Text += sep
			} else {
				out = append(out, DiffPart{Kind: DiffSame, Text: sep})
			}
		}
		out = append(out, DiffPart{Kind: op.kind, Text: op.tok})
	}
	return out
}
