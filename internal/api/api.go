// Package api serves the JSON API v1 under /api/v1. Clients authenticate
// with a bearer token; errors come as {"error":{"code","message","fields"}}
// with the status the code maps to.
package api

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/filestore"
	"github.com/tillit-project/tillit/internal/mail"
	"github.com/tillit-project/tillit/internal/password"
	"github.com/tillit-project/tillit/internal/sqldb"
	"github.com/tillit-project/tillit/internal/web"
)

// Deps are what the API handlers need.
type Deps struct {
	DB     *sqldb.DB
	Logger *slog.Logger
	Mail   mail.Sender
	Hash   password.Params
	Files  *filestore.Store
}

// API holds the handlers of /api/v1.
type API struct{ Deps }

// New returns the API.
func New(d Deps) *API { return &API{Deps: d} }

// errorBody is the shape of every error response.
type errorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
	} `json:"error"`
}

// StatusOf maps an error code to a status; see web.StatusOf.
func StatusOf(code string) int { return web.StatusOf(code) }

// Error returns the function that writes err as JSON; internal errors are
// logged with the request id and answered with a generic message.
func Error(logger *slog.Logger) func(w http.ResponseWriter, r *http.Request, err error) {
	return func(w http.ResponseWriter, r *http.Request, err error) {
		code := tillit.ErrorCode(err)
		status := StatusOf(code)
		if status == http.StatusInternalServerError {
			code = tillit.EINTERNAL
			logger.ErrorContext(r.Context(), "internal error", "err", err, "request_id", web.RequestID(r.Context()),
				"method", r.Method, "path", r.URL.Path)
		}
		var body errorBody
		body.Error.Code = code
		body.Error.Message = tillit.ErrorMessage(err).String()
		if fs := tillit.ErrorFields(err); len(fs) > 0 {
			body.Error.Fields = map[string]string{}
			for k, m := range fs {
				body.Error.Fields[k] = m.String()
			}
		}
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="tillit"`)
		}
		writeJSON(w, status, body)
	}
}

func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) { Error(a.Logger)(w, r, err) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":{"code":"EINTERNAL","message":"encoding failed"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// decode reads a JSON body into v strictly: unknown fields and trailing
// data are errors that name what is wrong.
func decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return tillit.Errorf(tillit.EINVALID, "Send the body as JSON with Content-Type: application/json.")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		var tooBig *http.MaxBytesError
		switch {
		case errors.Is(err, io.EOF):
			return tillit.Errorf(tillit.EINVALID, "The request body is empty; send a JSON object.")
		case errors.As(err, &syn):
			return tillit.Errorf(tillit.EINVALID, "The request body is not valid JSON (at byte %d).", syn.Offset)
		case errors.As(err, &typ) && typ.Field == "":
			// The body itself is not an object (an array, a string…).
			return tillit.Errorf(tillit.EINVALID, "Send exactly one JSON object.")
		case errors.As(err, &typ):
			return &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The field %s has the wrong type.", typ.Field),
				Fields: map[string]tillit.Message{typ.Field: tillit.Msg("Expected a value of type %s.", jsonType(typ.Type))}}
		case errors.As(err, &tooBig):
			return tillit.Errorf(tillit.EINVALID, "The request body is too large.")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The field %s is not known.", f),
				Fields: map[string]tillit.Message{f: tillit.Msg("Remove this field.")}}
		}
		return tillit.Errorf(tillit.EINVALID, "The request body could not be read as JSON.")
	}
	if dec.More() {
		return tillit.Errorf(tillit.EINVALID, "Send exactly one JSON object.")
	}
	if f, ok := nulField(reflect.ValueOf(v), ""); ok {
		// "\u0000" decodes to a NUL, which PostgreSQL refuses to store.
		return &tillit.Error{Code: tillit.EINVALID, Msg: tillit.Msg("The field %s contains a character that is not allowed.", f),
			Fields: map[string]tillit.Message{f: tillit.Msg("Remove the NUL character (\\u0000).")}}
	}
	return nil
}

// nulField returns the JSON name (dotted, as in type errors) of the first
// string in v that holds a NUL character.
func nulField(v reflect.Value, name string) (string, bool) {
	switch v.Kind() {
	case reflect.String:
		return name, strings.ContainsRune(v.String(), 0)
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return nulField(v.Elem(), name)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if f, ok := nulField(v.Index(i), name); ok {
				return f, true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if f, ok := nulField(it.Key(), name); ok {
				return f, true
			}
			if f, ok := nulField(it.Value(), name); ok {
				return f, true
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			sf := v.Type().Field(i)
			if !sf.IsExported() {
				continue
			}
			field, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if field == "" {
				field = sf.Name
			}
			if name != "" {
				field = name + "." + field
			}
			if f, ok := nulField(v.Field(i), field); ok {
				return f, true
			}
		}
	}
	return "", false
}

// jsonType names the JSON type a Go type is decoded from, so messages
// speak JSON rather than Go ("number", not "int64" or "api.userInput").
func jsonType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.String:
		return "string"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Pointer:
		return jsonType(t.Elem())
	}
	return "object"
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, tillit.Errorf(tillit.ENOTFOUND, "No such resource: %q is not an id.", r.PathValue("id"))
	}
	return id, nil
}

// NotFound answers any /api/ path no route matches.
func (a *API) NotFound() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.fail(w, r, tillit.Errorf(tillit.ENOTFOUND, "There is no endpoint %s %s. See /api/v1/openapi.json.", r.Method, r.URL.Path))
	})
}

//go:embed openapi.json
var openAPIDoc []byte

// OpenAPI serves the OpenAPI 3.1 description of every endpoint.
func (a *API) OpenAPI() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(openAPIDoc)
	})
}

// OpenAPIDocument returns the embedded document, for tests.
func OpenAPIDocument() []byte { return openAPIDoc }
