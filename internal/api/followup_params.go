package api

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tillit-project/tillit"
)

// Helpers shared by the follow-up, supplier, contract and site endpoints:
// strict query parameters, opaque paging cursors, and the JSON forms of
// dates, times and optional ids.

// maxPage is the largest page a list endpoint returns.
const maxPage = 200

// params returns the query parameters after checking that each is one the
// endpoint knows and is given once: a misspelt filter would otherwise be
// ignored silently and return everything.
func params(r *http.Request, known ...string) (url.Values, error) {
	q := r.URL.Query()
	p := tillit.Problems{}
	for name, vs := range q {
		switch {
		case !oneOfStrings(name, known):
			p.Add(name, "The parameter %s is not known. Use one of: %s.", name, strings.Join(known, ", "))
		case len(vs) > 1:
			p.Add(name, "Give the parameter %s only once.", name)
		}
	}
	return q, problems(p)
}

// problems is Problems.Err, except that a single problem becomes the
// message itself, so a client that shows only the message still learns
// what to fix.
func problems(p tillit.Problems) error {
	if len(p) == 1 {
		for field, m := range p {
			return &tillit.Error{Code: tillit.EINVALID, Msg: m, Fields: map[string]tillit.Message{field: m}}
		}
	}
	return p.Err()
}

// idParam reads an optional positive id; 0 when absent.
func idParam(q url.Values, p tillit.Problems, name string) int64 {
	s := q.Get(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		p.Add(name, "Use a positive whole number, such as 12.")
		return 0
	}
	return n
}

// limitParam reads limit: 1 to maxPage, 50 when absent.
func limitParam(q url.Values, p tillit.Problems) int {
	s := q.Get("limit")
	if s == "" {
		return 50
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxPage {
		p.Add("limit", "Use a number between 1 and %d.", maxPage)
		return 50
	}
	return n
}

// dateParam reads an optional calendar date written YYYY-MM-DD.
func dateParam(p tillit.Problems, field, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		p.Add(field, "Write the date as YYYY-MM-DD, such as 2026-03-31.")
		return time.Time{}
	}
	return t
}

// A cursor is the position after the last row of a page: the sort order it
// belongs to, the row's id and, when sorting by name, the name. Clients
// treat it as an opaque string and pass back the "next" value they got.
type cursor struct {
	Sort string
	ID   int64
	Name string
}

func (c cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.Sort + "\n" + strconv.FormatInt(c.ID, 10) + "\n" + c.Name))
}

// afterParam decodes the after parameter for a list sorted by sort.
func afterParam(q url.Values, p tillit.Problems, sort string) cursor {
	s := q.Get("after")
	if s == "" {
		return cursor{}
	}
	bad := func() cursor {
		p.Add("after", "The cursor is not valid for this list. Pass the value of next from the previous page, with the same sort.")
		return cursor{}
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return bad()
	}
	parts := strings.SplitN(string(b), "\n", 3)
	if len(parts) != 3 || parts[0] != sort {
		return bad()
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	// The name goes into SQL as a parameter: PostgreSQL refuses NUL and
	// invalid UTF-8, so such a cursor is refused here as malformed.
	if err != nil || id <= 0 || !utf8.ValidString(parts[2]) || strings.ContainsRune(parts[2], 0) {
		return bad()
	}
	return cursor{Sort: sort, ID: id, Name: parts[2]}
}

// readBody reads the whole request body, so that it can be decoded twice
// (the follow-up events endpoint reads the type first).
func readBody(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(r.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, tillit.Errorf(tillit.EINVALID, "The request body is too large.")
	}
	if err != nil {
		return nil, err
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	return b, nil
}

// dateJSON writes a calendar date as YYYY-MM-DD, or null when unset.
func dateJSON(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

// timeJSON writes a moment in UTC (RFC 3339), or null when unset.
func timeJSON(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// idJSON writes an optional reference, null when 0.
func idJSON(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// textJSON writes an optional text, null when empty.
func textJSON(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// list returns s, or an empty slice so that JSON shows [] rather than null.
func list[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func oneOfStrings(s string, among []string) bool {
	for _, x := range among {
		if s == x {
			return true
		}
	}
	return false
}
