// Package questionnaire reads and writes questionnaire templates as YAML
// (the format is described in docs/questionnaires.md) and ships the
// default self-assessment, written for tillit in Swedish and English.
package questionnaire

import (
	_ "embed"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/yamlio"
)

//go:embed default.yaml
var defaultYAML []byte

// DefaultCode is the code of the default self-assessment.
const DefaultCode = "self-assessment"

// DefaultYAML returns the default self-assessment as its YAML file.
func DefaultYAML() []byte { return append([]byte(nil), defaultYAML...) }

// Default returns the default self-assessment, parsed and checked.
func Default() (*tillit.Template, error) { return Read(defaultYAML) }

// Read parses a template from YAML and validates it. Faults in the YAML
// or in the template are EINVALID errors saying where and what to fix.
func Read(data []byte) (*tillit.Template, error) {
	var t tillit.Template
	if err := yamlio.Unmarshal(data, &t); err != nil {
		return nil, err
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return &t, nil
}

// Write encodes a template as YAML, as Read reads it.
func Write(t *tillit.Template) ([]byte, error) { return yamlio.Marshal(t) }
