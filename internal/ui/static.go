package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
)

// Static serves the embedded assets under /static/ with a content hash in
// the URL, so they can be cached for a year and still change on upgrade.
type Static struct {
	files map[string][]byte
	sums  map[string]string
}

func newStatic() (*Static, error) {
	s := &Static{files: map[string][]byte{}, sums: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		s.files[name] = b
		s.sums[name] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
	return s, err
}

// URL returns the address of an asset, with its hash as the version.
func (s *Static) URL(name string) string {
	return "/static/" + name + "?v=" + s.sums[name]
}

// Handler serves GET /static/{file...}.
func (u *UI) Static() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("file")
		b, ok := u.static.files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		switch {
		case strings.HasSuffix(name, ".css"):
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
		case strings.HasSuffix(name, ".js"):
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		case strings.HasSuffix(name, ".svg"):
			w.Header().Set("Content-Type", "image/svg+xml")
		}
		if r.URL.Query().Get("v") == u.static.sums[name] {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		w.Header().Set("ETag", `"`+u.static.sums[name]+`"`)
		if r.Header.Get("If-None-Match") == `"`+u.static.sums[name]+`"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(b)
	})
}
