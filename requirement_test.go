package tillit

import (
	"strings"
	"testing"
	"time"
)

func reqDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func versionInput(title, from string) VersionInput {
	return VersionInput{Title: Text{SV: title + " sv", EN: title}, Body: Text{SV: "Text " + title, EN: "Text " + title}, EffectiveFrom: reqDay(from)}
}

func TestRequirementCodes(t *testing.T) {
	for _, c := range []struct {
		code string
		ok   bool
	}{
		{"UK-1", true}, {"UK-5.2", true}, {"KVB-3", true}, {"MK-12.10", true},
		{"uk-1", false}, {"UK1", false}, {"UK-", false}, {"UK-1.", false}, {"ABCDE-1", false}, {"U-1", false}, {" UK-1", false}, {"UK-1.2.3", false},
	} {
		if got := ValidRequirementCode(c.code); got != c.ok {
			t.Errorf("ValidRequirementCode(%q) = %v, want %v", c.code, got, c.ok)
		}
	}
}

func TestRequirementValidate(t *testing.T) {
	tests := []struct {
		name  string
		r     Requirement
		field string // "" = valid
	}{
		{"code of conduct", Requirement{Code: "UK-5", Kind: KindCodeOfConduct, Area: AreaLabourRights}, ""},
		{"process requirement has no area", Requirement{Code: "UK-1", Kind: KindCodeOfConduct}, ""},
		{"environmental for a category", Requirement{Code: "MK-3", Kind: KindEnvironmental, Area: AreaEnvironment, CategoryID: 4}, ""},
		{"bad code", Requirement{Code: "uk 1", Kind: KindCodeOfConduct}, "code"},
		{"bad kind", Requirement{Code: "UK-1", Kind: "rule"}, "kind"},
		{"bad area", Requirement{Code: "UK-1", Kind: KindCodeOfConduct, Area: "ethics"}, "area"},
		{"category on a clause", Requirement{Code: "KVB-1", Kind: KindClauseBasic, CategoryID: 2}, "category_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.r.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if _, ok := ErrorFields(err)[tt.field]; !ok {
				t.Fatalf("want a problem with %s, got %v", tt.field, err)
			}
		})
	}
}

func TestVersionInputValidate(t *testing.T) {
	ok := versionInput("Child labour", "2016-01-01")
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	missing := VersionInput{Title: Text{SV: "x"}}
	fields := ErrorFields(missing.Validate())
	for _, f := range []string{"title_en", "body_sv", "body_en", "effective_from"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("want a problem with %s, got %v", f, fields)
		}
	}
	long := ok
	long.Title.EN = strings.Repeat("x", maxRequirementTitle+1)
	if _, ok := ErrorFields(long.Validate())["title_en"]; !ok {
		t.Error("an over-long title is accepted")
	}
}

// TestPublishingNeverChangesOlderVersions is the library's promise: a new
// version is added beside the old ones, which stay as they were.
func TestPublishingNeverChangesOlderVersions(t *testing.T) {
	at := reqDay("2016-01-01")
	r := &Requirement{Code: "UK-5", Kind: KindCodeOfConduct, Area: AreaLabourRights}
	if _, err := r.AddDraft(at, versionInput("First", "2016-01-01")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Publish(1, "Office", at); err != nil {
		t.Fatal(err)
	}
	v1 := r.Versions[0]

	if _, err := r.EditDraft(1, at, versionInput("Changed", "2016-01-01")); ErrorCode(err) != ECONFLICT {
		t.Fatalf("editing a published version: want ECONFLICT, got %v", err)
	}
	if _, err := r.Publish(1, "Office", at); ErrorCode(err) != ECONFLICT {
		t.Fatalf("publishing twice: want ECONFLICT, got %v", err)
	}
	if _, err := r.AddDraft(at, versionInput("Second", "2022-06-01")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.AddDraft(at, versionInput("Third", "2024-01-01")); ErrorCode(err) != ECONFLICT {
		t.Fatalf("a second draft: want ECONFLICT, got %v", err)
	}
	if _, err := r.EditDraft(2, at, versionInput("Second, revised", "2023-01-01")); err != nil {
		t.Fatal(err)
	}
	// A version cannot apply before the one it follows.
	if _, err := r.EditDraft(2, at, versionInput("Second, revised", "2015-01-01")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Publish(2, "Office", at); ErrorCode(err) != EINVALID {
		t.Fatalf("publishing with an earlier effective date: want EINVALID, got %v", err)
	}
	if _, err := r.EditDraft(2, at, versionInput("Second, revised", "2023-01-01")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Publish(2, "Office", reqDay("2022-12-01")); err != nil {
		t.Fatal(err)
	}
	if r.Versions[0] != v1 {
		t.Fatalf("version 1 changed when version 2 was published:\n%+v\n%+v", v1, r.Versions[0])
	}

	for _, c := range []struct {
		on   string
		want int // 0 = none
	}{{"2015-12-31", 0}, {"2016-01-01", 1}, {"2022-12-31", 1}, {"2023-01-01", 2}, {"2030-01-01", 2}} {
		got := 0
		if v := r.InForce(reqDay(c.on)); v != nil {
			got = v.Number
		}
		if got != c.want {
			t.Errorf("in force on %s: version %d, want %d", c.on, got, c.want)
		}
	}
	if v := r.LatestPublished(); v == nil || v.Number != 2 {
		t.Errorf("latest published: %+v", v)
	}
}

func TestDiffWords(t *testing.T) {
	tests := []struct {
		name, a, b string
		want       string // parts rendered as [-deleted-] and {+inserted+}
	}{
		{"same", "a b c", "a b c", "a b c"},
		{"insert in the middle", "the supplier shall respect", "the supplier shall always respect", "the supplier shall {+always+} respect"},
		{"delete at the start", "all suppliers shall", "suppliers shall", "[-all-] suppliers shall"},
		{"replace a word", "ILO convention 138", "ILO convention 182", "ILO convention [-138-] {+182+}"},
		{"from nothing", "", "new text", "{+new text+}"},
		{"to nothing", "old text", "", "[-old text-]"},
		{"line breaks count", "one\ntwo", "one two", "one[-\n-]two"},
		{"extra spaces are not changes", "a  b", "a b", "a b"},
		{"runs join", "x a b c y", "x d e y", "x [-a b c-] {+d e+} y"},
		{"punctuation is its own token", "the law of the country of production.", "the law of the country of production and its rules.", "the law of the country of production {+and its rules+}."},
		{"brackets", "labour (ILO 29).", "labour (ILO 29 and 105).", "labour (ILO 29 {+and 105+})."},
		{"a comma replaces a word", "conventions and the law", "conventions, the law", "conventions [-and-]{+,+} the law"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			for _, p := range DiffWords(tt.a, tt.b) {
				switch p.Kind {
				case DiffSame:
					b.WriteString(p.Text)
				case DiffDelete:
					b.WriteString("[-" + p.Text + "-]")
				case DiffInsert:
					b.WriteString("{+" + p.Text + "+}")
				}
			}
			if got := b.String(); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestDiffWordsRebuildsBothTexts checks the diff is complete: the same
// and deleted parts give the old words back, the same and inserted parts
// the new ones.
func TestDiffWordsRebuildsBothTexts(t *testing.T) {
	a := "The supplier shall not use forced or compulsory labour (ILO 29 and 105).\nWorkers are free to leave."
	b := "The supplier and its sub-suppliers shall not use forced, bonded or compulsory labour (ILO 29 and 105).\nWorkers are free to leave after notice.\nNo deposits."
	var old, nw []string
	for _, p := range DiffWords(a, b) {
		if p.Kind != DiffInsert {
			old = append(old, p.Text)
		}
		if p.Kind != DiffDelete {
			nw = append(nw, p.Text)
		}
	}
	if got := strings.Join(diffTokens(strings.Join(old, " ")), " "); got != strings.Join(diffTokens(a), " ") {
		t.Errorf("old text rebuilt as %q", got)
	}
	if got := strings.Join(diffTokens(strings.Join(nw, " ")), " "); got != strings.Join(diffTokens(b), " ") {
		t.Errorf("new text rebuilt as %q", got)
	}
}

func TestDiffWordsLargeTextsFallBack(t *testing.T) {
	a := strings.Repeat("a ", 2500) + "x"
	b := "y " + strings.Repeat("b ", 2500)
	parts := DiffWords(a, b)
	if len(parts) == 0 {
		t.Fatal("no parts")
	}
}
