package yamlio

import (
	"strings"
	"testing"

	"github.com/tillit-project/tillit"
)

func TestUnmarshalStrict(t *testing.T) {
	type doc struct {
		Name string `yaml:"name"`
	}
	for _, c := range []struct{ in, want string }{
		{"name: a\n", ""},
		{"", "empty"},
		{"nmae: a\n", "could not be read"},
		{"name: a\n---\nname: b\n", "more than one document"},
		{"name: [a\n", "could not be read"},
		{strings.Repeat("#", MaxBytes+1), "larger than"},
	} {
		var d doc
		err := Unmarshal([]byte(c.in), &d)
		if c.want == "" {
			if err != nil || d.Name != "a" {
				t.Errorf("%q: %v %+v", c.in, err, d)
			}
			continue
		}
		if tillit.ErrorCode(err) != tillit.EINVALID || !strings.Contains(tillit.ErrorMessage(err).String(), c.want) {
			t.Errorf("%.20q: %v, want EINVALID with %q", c.in, err, c.want)
		}
	}
	out, err := Marshal(doc{Name: "å"})
	if err != nil || string(out) != "name: å\n" {
		t.Errorf("Marshal: %q %v", out, err)
	}
}
