// Package yamlio reads and writes the YAML files people edit by hand, such
// as questionnaire templates. It is the only importer of the YAML module,
// so the rest of tillit neither knows nor cares which one it is.
//
// Reading is strict: a field the target type does not have is an error
// (a typo such as "mandetory" must not be silently dropped), and a file
// holds exactly one document.
package yamlio

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tillit-project/tillit"
)

// MaxBytes is the largest document Unmarshal reads. A questionnaire of a
// few hundred questions in two languages is well under 1 MiB.
const MaxBytes = 1 << 20

// Unmarshal decodes one YAML document into v, refusing unknown fields. A
// fault in the document is an EINVALID error whose message quotes the
// parser (with the line number), so the author can find it.
func Unmarshal(data []byte, v any) error {
	if len(data) > MaxBytes {
		return tillit.Errorf(tillit.EINVALID, "The YAML file is larger than %d KiB. Split it, or shorten the texts.", MaxBytes>>10)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return tillit.Errorf(tillit.EINVALID, "The YAML file is empty.")
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return readError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return tillit.Errorf(tillit.EINVALID, "The YAML file holds more than one document (a second \"---\"). Keep one template per file.")
	}
	return nil
}

// readError turns the parser's error into a message for the author.
func readError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msg = strings.Join(te.Errors, "; ")
	}
	return tillit.Errorf(tillit.EINVALID, "The YAML file could not be read: %s.", strings.TrimSuffix(msg, "."))
}

// Marshal encodes v as YAML with two-space indentation.
func Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
