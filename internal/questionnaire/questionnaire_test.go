package questionnaire

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tillit-project/tillit"
)

// The default self-assessment covers every area the issue names, in both
// languages, and every type of question.
func TestDefault(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatalf("the default self-assessment does not read: %v", err)
	}
	if d.Code != DefaultCode {
		t.Errorf("code %q", d.Code)
	}
	var titles []string
	for _, s := range d.Sections {
		titles = append(titles, s.Title.EN)
	}
	for _, want := range []string{"Policy commitment", "Allocation of responsibility", "Risk analysis of the supply chain",
		"Passing requirements on to sub-suppliers", "Follow-up in the supply chain", "Deviation handling",
		"Systematic environmental work", "Product-specific environmental requirements", "Anti-corruption"} {
		if !strings.Contains(strings.Join(titles, "|"), want) {
			t.Errorf("no section %q", want)
		}
	}
	types := map[tillit.QuestionType]bool{}
	conditional := 0
	for _, q := range d.Questions() {
		types[q.Type] = true
		if q.ShowIf != nil {
			conditional++
		}
	}
	for _, ty := range tillit.QuestionTypes {
		if !types[ty] {
			t.Errorf("no question of type %s", ty)
		}
	}
	if conditional == 0 {
		t.Error("no conditional question")
	}
}

// Export → import gives an equal template.
func TestRoundTrip(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	out, err := Write(d)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Read(out)
	if err != nil {
		t.Fatalf("the export does not read back: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(d, back) {
		t.Fatalf("round trip changed the template:\n%s", out)
	}
	again, err := Write(back)
	if err != nil || string(again) != string(out) {
		t.Fatalf("the second export differs (%v)", err)
	}
}

// Faults name where they are and what to fix.
func TestReadFaults(t *testing.T) {
	const head = "code: x\ntitle: {sv: T, en: T}\nsections:\n  - key: s\n    title: {sv: S, en: S}\n    questions:\n"
	q := func(lines string) string { return head + lines }
	for _, c := range []struct {
		name, yaml, field, want string
	}{
		{"empty", "", "", "The YAML file is empty."},
		{"unknown field", q("      - {key: a, type: yes_no, requirement: R, text: {sv: A, en: A}, mandetory: true}\n"), "", "could not be read"},
		{"bad syntax", "code: [x\n", "", "could not be read"},
		{"two documents", q("      - {key: a, type: yes_no, requirement: R, text: {sv: A, en: A}}\n") + "---\ncode: y\n", "", "more than one document"},
		{"no English", q("      - {key: a, type: yes_no, requirement: R, text: {sv: A}}\n"), "sections[0].questions[0].text", "The English text (en) is missing."},
		{"bad type", q("      - {key: a, type: essay, requirement: R, text: {sv: A, en: A}}\n"), "sections[0].questions[0].type", "unknown type"},
		{"no requirement", q("      - {key: a, type: text, text: {sv: A, en: A}}\n"), "sections[0].questions[0].requirement", "requirement"},
		{"choice without options", q("      - {key: a, type: single_choice, requirement: R, text: {sv: A, en: A}}\n"), "sections[0].questions[0].options", "at least two options"},
		{"duplicate key", q("      - {key: a, type: text, requirement: R, text: {sv: A, en: A}}\n      - {key: a, type: text, requirement: R, text: {sv: A, en: A}}\n"), "sections[0].questions[1].key", "used twice"},
		{"condition on a later question", q("      - {key: a, type: text, requirement: R, text: {sv: A, en: A}, show_if: {question: b, equals: \"yes\"}}\n      - {key: b, type: yes_no, requirement: R, text: {sv: B, en: B}}\n"), "sections[0].questions[0].show_if", "not an earlier question"},
		{"condition value", q("      - {key: a, type: yes_no, requirement: R, text: {sv: A, en: A}}\n      - {key: b, type: text, requirement: R, text: {sv: B, en: B}, show_if: {question: a, equals: maybe}}\n"), "sections[0].questions[1].show_if", "cannot answer"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read([]byte(c.yaml))
			if tillit.ErrorCode(err) != tillit.EINVALID {
				t.Fatalf("error %v, want EINVALID", err)
			}
			msg := tillit.ErrorMessage(err).String()
			if c.field != "" {
				msg = tillit.ErrorFields(err)[c.field].String()
			}
			if !strings.Contains(msg, c.want) {
				t.Fatalf("problem %q (all: %v), want one containing %q", msg, tillit.ErrorFields(err), c.want)
			}
		})
	}
}
