package tillit

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Categories change over time: their scope is rewritten, product groups
// move from one category to another (from 2023 "imaging and function"
// belongs to ICT, no longer to medical technology), and the responsible
// regions change. Nothing is overwritten; every change is a dated version,
// so a screen or a report about a past day shows what was in force then.

// ScopeVersion is what a category covers from ValidFrom until the next
// version of the same category starts.
type ScopeVersion struct {
	ID         int64
	CategoryID int64
	ValidFrom  time.Time
	TextSV     string
	TextEN     string
}

// Text returns the scope in lang ("sv" or "en").
func (s ScopeVersion) Text(lang string) string {
	if lang == "en" && s.TextEN != "" {
		return s.TextEN
	}
	return s.TextSV
}

// maxScopeRunes bounds a scope text: a paragraph or two, not a document.
const maxScopeRunes = 4000

// Validate checks a scope version before it is stored.
func (s *ScopeVersion) Validate() error {
	p := Problems{}
	if s.ValidFrom.IsZero() {
		p.Add("valid_from", "Enter the date the scope applies from.")
	}
	s.TextSV, s.TextEN = strings.TrimSpace(s.TextSV), strings.TrimSpace(s.TextEN)
	if s.TextSV == "" {
		p.Add("text_sv", "Describe the scope in Swedish.")
	} else if utf8.RuneCountInString(s.TextSV) > maxScopeRunes {
		p.Add("text_sv", "The scope can be at most %d characters.", maxScopeRunes)
	}
	if s.TextEN == "" {
		p.Add("text_en", "Describe the scope in English.")
	} else if utf8.RuneCountInString(s.TextEN) > maxScopeRunes {
		p.Add("text_en", "The scope can be at most %d characters.", maxScopeRunes)
	}
	return p.Err()
}

// ScopeOn returns the scope in force on day d: the newest version that
// starts on or before d. There is none before the first version.
func (c *Category) ScopeOn(d time.Time) (ScopeVersion, bool) {
	var best ScopeVersion
	found := false
	for _, s := range c.Scopes {
		if !s.ValidFrom.After(d) && (!found || s.ValidFrom.After(best.ValidFrom)) {
			best, found = s, true
		}
	}
	return best, found
}

// checkResponsibilities adds a problem when the same region is responsible
// for the category twice over the same days: several regions may share a
// category, but one region's periods follow each other.
func checkResponsibilities(p Problems, rs []Responsibility) {
	for i, a := range rs {
		for _, b := range rs[i+1:] {
			if a.RegionID == b.RegionID && a.RegionID != 0 && !a.ValidFrom.IsZero() && !b.ValidFrom.IsZero() &&
				periodsOverlap(a.ValidFrom, a.ValidTo, b.ValidFrom, b.ValidTo) {
				p.Add("valid_from", "The same region is responsible twice from %s; end one period before the next begins.", later(a.ValidFrom, b.ValidFrom).Format(time.DateOnly))
				return
			}
		}
	}
}

// periodsOverlap reports whether [af, at) and [bf, bt) share a day; a zero
// end is open.
func periodsOverlap(af, at, bf, bt time.Time) bool {
	return (at.IsZero() || bf.Before(at)) && (bt.IsZero() || af.Before(bt))
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// CategoryGroup is a product group (produktgrupp) within the categories,
// such as "imaging and function" (bild och funktion). It belongs to one
// category at a time; Placements say which, from when. (A risk analysis's
// prioritised ProductGroup is a line of free text in that analysis.)
type CategoryGroup struct {
	ID         int64
	Code       string // stable short code, e.g. "imaging-function"
	NameSV     string
	NameEN     string
	Placements []GroupPlacement // oldest first
}

// GroupPlacement says that a product group belongs to a category from
// ValidFrom up to, but not including, ValidTo (zero: open).
type GroupPlacement struct {
	ID         int64
	GroupID    int64
	CategoryID int64
	ValidFrom  time.Time
	ValidTo    time.Time
}

// ActiveOn reports whether the placement is in force on day d.
func (p GroupPlacement) ActiveOn(d time.Time) bool {
	return !d.Before(p.ValidFrom) && (p.ValidTo.IsZero() || d.Before(p.ValidTo))
}

// Name returns the group's name in lang ("sv" or "en").
func (g *CategoryGroup) Name(lang string) string {
	if lang == "en" && g.NameEN != "" {
		return g.NameEN
	}
	return g.NameSV
}

// PlacementOn returns the placement in force on day d, if any.
func (g *CategoryGroup) PlacementOn(d time.Time) (GroupPlacement, bool) {
	for _, p := range g.Placements {
		if p.ActiveOn(d) {
			return p, true
		}
	}
	return GroupPlacement{}, false
}

// Validate checks a product group and its placements before it is stored.
func (g *CategoryGroup) Validate() error {
	p := Problems{}
	g.Code, g.NameSV, g.NameEN = strings.TrimSpace(g.Code), strings.TrimSpace(g.NameSV), strings.TrimSpace(g.NameEN)
	if !validCode(g.Code) {
		p.Add("code", "Enter a short code of lower-case letters a–z, digits and hyphens, such as imaging-function.")
	}
	if g.NameSV == "" {
		p.Add("name_sv", "Enter the Swedish name.")
	} else if utf8.RuneCountInString(g.NameSV) > 200 {
		p.Add("name_sv", "The name can be at most 200 characters.")
	}
	if g.NameEN == "" {
		p.Add("name_en", "Enter the English name.")
	} else if utf8.RuneCountInString(g.NameEN) > 200 {
		p.Add("name_en", "The name can be at most 200 characters.")
	}
	if len(g.Placements) == 0 {
		p.Add("category_id", "Choose the category the group belongs to.")
	}
	for _, pl := range g.Placements {
		if pl.CategoryID <= 0 {
			p.Add("category_id", "Choose the category the group belongs to.")
		}
		if pl.ValidFrom.IsZero() {
			p.Add("valid_from", "Enter the date the group belongs to the category from.")
		} else if !pl.ValidTo.IsZero() && !pl.ValidTo.After(pl.ValidFrom) {
			p.Add("valid_to", "The end date must come after the start date.")
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	return CheckPlacements(g.Placements)
}

func validCode(s string) bool {
	if s == "" || len(s) > 60 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// CheckPlacements refuses placements of one group that share a day: a
// product group belongs to one category at a time.
func CheckPlacements(ps []GroupPlacement) error {
	sorted := slices.Clone(ps)
	slices.SortFunc(sorted, func(a, b GroupPlacement) int { return a.ValidFrom.Compare(b.ValidFrom) })
	for i := 1; i < len(sorted); i++ {
		a, b := sorted[i-1], sorted[i]
		if periodsOverlap(a.ValidFrom, a.ValidTo, b.ValidFrom, b.ValidTo) {
			m := Msg("The placement from %s overlaps the one from %s: a product group belongs to one category at a time.",
				b.ValidFrom.Format(time.DateOnly), a.ValidFrom.Format(time.DateOnly))
			return &Error{Code: EINVALID, Msg: m, Fields: map[string]Message{"valid_from": m}}
		}
	}
	return nil
}

// Move is the change that moves a group to another category from a day:
// the placement in force that day (if any) is closed the day before, and a
// new one opens, lasting as long as the closed one would have.
type Move struct {
	Closed *GroupPlacement // with its new end; nil when the group had no placement that day
	Opened GroupPlacement
}

// Move works out how to move g to the category toCategoryID from day
// from. It changes nothing; the store applies the result in one
// transaction.
func (g *CategoryGroup) Move(toCategoryID int64, from time.Time) (Move, error) {
	p := Problems{}
	if toCategoryID <= 0 {
		p.Add("category_id", "Choose the category the group moves to.")
	}
	if from.IsZero() {
		p.Add("valid_from", "Enter the date the move takes effect.")
	}
	if err := problemsErr(p); err != nil {
		return Move{}, err
	}
	m := Move{Opened: GroupPlacement{GroupID: g.ID, CategoryID: toCategoryID, ValidFrom: from}}
	if cur, ok := g.PlacementOn(from); ok {
		if cur.CategoryID == toCategoryID {
			return Move{}, invalid("category_id", "The product group already belongs to that category on %s.", from.Format(time.DateOnly))
		}
		if cur.ValidFrom.Equal(from) {
			return Move{}, invalid("valid_from", "The group's placement begins on %s; a move must take effect after that day.", from.Format(time.DateOnly))
		}
		closed := cur
		closed.ValidTo = from
		m.Closed, m.Opened.ValidTo = &closed, cur.ValidTo
	} else {
		// Not placed that day: the new placement lasts until the next one.
		for _, pl := range g.Placements {
			if pl.ValidFrom.After(from) && (m.Opened.ValidTo.IsZero() || pl.ValidFrom.Before(m.Opened.ValidTo)) {
				m.Opened.ValidTo = pl.ValidFrom
			}
		}
	}
	after := []GroupPlacement{m.Opened}
	for _, pl := range g.Placements {
		if m.Closed != nil && pl.ID == m.Closed.ID && pl.ValidFrom.Equal(m.Closed.ValidFrom) {
			pl = *m.Closed
		}
		after = append(after, pl)
	}
	if err := CheckPlacements(after); err != nil {
		return Move{}, err
	}
	return m, nil
}

// CategoryRegister is every category with its responsibilities and scope
// versions, and every product group with its placements: enough to say
// what any category was on any day.
type CategoryRegister struct {
	Categories []Category
	Groups     []CategoryGroup
}

// Category finds a category by its code.
func (r *CategoryRegister) Category(code string) (*Category, bool) {
	for i := range r.Categories {
		if r.Categories[i].Code == code {
			return &r.Categories[i], true
		}
	}
	return nil, false
}

// CategoryByID finds a category by its id.
func (r *CategoryRegister) CategoryByID(id int64) (*Category, bool) {
	for i := range r.Categories {
		if r.Categories[i].ID == id {
			return &r.Categories[i], true
		}
	}
	return nil, false
}

// Group finds a product group by its code.
func (r *CategoryRegister) Group(code string) (*CategoryGroup, bool) {
	for i := range r.Groups {
		if r.Groups[i].Code == code {
			return &r.Groups[i], true
		}
	}
	return nil, false
}

// GroupsOn returns the product groups that belong to the category on day
// d, in the register's order.
func (r *CategoryRegister) GroupsOn(categoryID int64, d time.Time) []CategoryGroup {
	var out []CategoryGroup
	for _, g := range r.Groups {
		if p, ok := g.PlacementOn(d); ok && p.CategoryID == categoryID {
			out = append(out, g)
		}
	}
	return out
}

// CategoryOfGroup returns the category the product group belongs to on
// day d; false when the group is unknown or not placed that day.
func (r *CategoryRegister) CategoryOfGroup(groupCode string, d time.Time) (*Category, bool) {
	g, ok := r.Group(groupCode)
	if !ok {
		return nil, false
	}
	p, ok := g.PlacementOn(d)
	if !ok {
		return nil, false
	}
	return r.CategoryByID(p.CategoryID)
}

// CategoryInForce is a category as it stood on one day.
type CategoryInForce struct {
	Category    *Category
	On          time.Time
	Scope       *ScopeVersion // nil when no scope was recorded by then
	Responsible []Responsibility
	Groups      []CategoryGroup
}

// InForce returns the category as it stood on day d: its scope, its
// responsible regions and its product groups that day.
func (r *CategoryRegister) InForce(c *Category, d time.Time) CategoryInForce {
	out := CategoryInForce{Category: c, On: d, Responsible: c.ResponsibleOn(d), Groups: r.GroupsOn(c.ID, d)}
	if s, ok := c.ScopeOn(d); ok {
		out.Scope = &s
	}
	return out
}

// AllInForce returns every category as it stood on day d.
func (r *CategoryRegister) AllInForce(d time.Time) []CategoryInForce {
	out := make([]CategoryInForce, 0, len(r.Categories))
	for i := range r.Categories {
		out = append(out, r.InForce(&r.Categories[i], d))
	}
	return out
}

// CategoryEventKind says what changed in a category's timeline.
type CategoryEventKind string

const (
	EventScope           CategoryEventKind = "scope"            // a new scope version
	EventResponsibleFrom CategoryEventKind = "responsible_from" // a region becomes responsible
	EventResponsibleTo   CategoryEventKind = "responsible_to"   // a region stops being responsible
	EventGroupIn         CategoryEventKind = "group_in"         // a product group joins (new, or moved in)
	EventGroupOut        CategoryEventKind = "group_out"        // a product group leaves (moved out, or ended)
)

// eventOrder puts the day's changes in reading order: what ends, then
// what begins.
var eventOrder = map[CategoryEventKind]int{EventResponsibleTo: 0, EventGroupOut: 1, EventScope: 2, EventResponsibleFrom: 3, EventGroupIn: 4}

// CategoryEvent is one dated change in a category's timeline.
type CategoryEvent struct {
	On    time.Time
	Kind  CategoryEventKind
	Scope ScopeVersion // EventScope
	// Region is the region that becomes or stops being responsible.
	Region string
	// Group is the product group that joins or leaves; Other is the
	// category it came from or went to, nil when it was new or ended.
	Group *CategoryGroup
	Other *Category
}

// Timeline lists every dated change of the category, oldest first.
func (r *CategoryRegister) Timeline(c *Category) []CategoryEvent {
	var out []CategoryEvent
	for _, s := range c.Scopes {
		out = append(out, CategoryEvent{On: s.ValidFrom, Kind: EventScope, Scope: s})
	}
	for _, rs := range c.Responsible {
		out = append(out, CategoryEvent{On: rs.ValidFrom, Kind: EventResponsibleFrom, Region: rs.RegionName})
		if !rs.ValidTo.IsZero() {
			out = append(out, CategoryEvent{On: rs.ValidTo, Kind: EventResponsibleTo, Region: rs.RegionName})
		}
	}
	for gi := range r.Groups {
		g := &r.Groups[gi]
		for _, p := range g.Placements {
			if p.CategoryID != c.ID {
				continue
			}
			// The placement that ends the day this one begins is where the
			// group came from; the one that begins the day this one ends
			// is where it went.
			in := CategoryEvent{On: p.ValidFrom, Kind: EventGroupIn, Group: g}
			if prev, ok := g.PlacementOn(p.ValidFrom.AddDate(0, 0, -1)); ok && prev.ValidTo.Equal(p.ValidFrom) {
				in.Other, _ = r.CategoryByID(prev.CategoryID)
			}
			out = append(out, in)
			if !p.ValidTo.IsZero() {
				ev := CategoryEvent{On: p.ValidTo, Kind: EventGroupOut, Group: g}
				if next, ok := g.PlacementOn(p.ValidTo); ok {
					ev.Other, _ = r.CategoryByID(next.CategoryID)
				}
				out = append(out, ev)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b CategoryEvent) int {
		if c := a.On.Compare(b.On); c != 0 {
			return c
		}
		return eventOrder[a.Kind] - eventOrder[b.Kind]
	})
	return out
}

// SwedishDay returns the calendar day in Sweden at instant t, as a date
// at midnight UTC like every stored date. What was in force "today" is
// decided by the Swedish day: at 00:30 on 1 January in Stockholm it is
// still 31 December in UTC, and the new year's responsible regions apply.
func SwedishDay(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return DateOf(t.In(reportLocation()))
}
