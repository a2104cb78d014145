// Package filestore keeps attachments (evidence, audit reports) on disk,
// content-addressed: a file's name is the SHA-256 of its bytes, so identical
// uploads are stored once and a stored file never changes.
//
// The directory must be outside any path the web server serves; files are
// only ever read through Open, by hash, and sent as downloads with the
// content type decided here from the bytes (never from the uploaded name).
package filestore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/tillit-project/tillit"
)

// DefaultMaxBytes is the size limit when none is given: 25 MiB.
const DefaultMaxBytes = 25 << 20

const mib = 1 << 20

// Store keeps files under Dir/ab/cdef… named by the SHA-256 of their
// content, outside any served path.
type Store struct {
	Dir      string
	MaxBytes int64 // 0 means DefaultMaxBytes
}

// File describes a stored file.
type File struct {
	Hash        string // hex SHA-256 of the content, the key for Open
	Size        int64
	ContentType string // decided from the content; text types are always UTF-8
	// Name is CleanName of the uploaded name, for display and download,
	// with the usual extension for ContentType added when the name has
	// none that fits ("x.exe" holding a PDF becomes "x.exe.pdf").
	Name string
}

// New returns a Store in dir, creating the directory (0750) if needed. A
// maxBytes of 0 or less means DefaultMaxBytes.
func New(dir string, maxBytes int64) (*Store, error) {
	if dir == "" {
		return nil, errors.New("filestore.New: no directory given")
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("filestore.New: %w", err)
	}
	return &Store{Dir: dir, MaxBytes: maxBytes}, nil
}

func (s *Store) maxBytes() int64 {
	if s.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return s.MaxBytes
}

// Put stores the content of r under its SHA-256 and returns its metadata.
//
// The content is streamed to a temporary file in Dir (so the final rename
// stays on one file system), hashed on the way, and refused with EINVALID
// when it is larger than MaxBytes, empty, or not one of the allowed types
// (see Sniff). Storing content that is already there is not an error: the
// existing file is kept and the same metadata returned. The file and its
// directory are synced before Put returns.
func (s *Store) Put(ctx context.Context, name string, r io.Reader) (File, error) {
	limit := s.maxBytes()
	tmp, err := os.CreateTemp(s.Dir, ".upload-*")
	if err != nil {
		return File{}, fmt.Errorf("filestore.Put: %w", err)
	}
	tmpName := tmp.Name()
	renamed := false
	defer func() {
		if !renamed {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()

	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(ctxReader{ctx, r}, limit+1))
	if err != nil {
		if ctx.Err() != nil {
			return File{}, ctx.Err()
		}
		return File{}, fmt.Errorf("filestore.Put: %w", err)
	}
	if n > limit {
		return File{}, tillit.Errorf(tillit.EINVALID, "The file is larger than %s MiB. Make it smaller or split it.", formatMiB(limit))
	}
	if n == 0 {
		return File{}, tillit.Errorf(tillit.EINVALID, "The file is empty. Choose the file again.")
	}

	clean := CleanName(name)
	ctype, err := Sniff(tmp, n, clean)
	if err != nil {
		return File{}, err
	}
	f := File{Hash: hex.EncodeToString(h.Sum(nil)), Size: n, ContentType: ctype, Name: fixExt(clean, ctype)}

	if err := ctx.Err(); err != nil {
		return File{}, err
	}
	dir := filepath.Join(s.Dir, f.Hash[:2])
	final := filepath.Join(dir, f.Hash[2:])
	if _, err := os.Lstat(final); err == nil {
		return f, nil // identical content is already stored
	}
	created := true
	if err := os.Mkdir(dir, 0o750); errors.Is(err, fs.ErrExist) {
		created = false
	} else if err != nil {
		return File{}, fmt.Errorf("filestore.Put: %w", err)
	}
	if err := tmp.Chmod(0o640); err != nil {
		return File{}, fmt.Errorf("filestore.Put: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return File{}, fmt.Errorf("filestore.Put: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return File{}, fmt.Errorf("filestore.Put: %w", err)
	}
	// Renaming over a file that a concurrent Put of the same content has
	// just placed is harmless: the bytes are the same.
	if err := os.Rename(tmpName, final); err != nil {
		if _, statErr := os.Lstat(final); statErr != nil {
			return File{}, fmt.Errorf("filestore.Put: %w", err)
		}
		os.Remove(tmpName)
	}
	renamed = true
	if err := syncDir(dir); err != nil {
		return File{}, fmt.Errorf("filestore.Put: %w", err)
	}
	if created {
		if err := syncDir(s.Dir); err != nil {
			return File{}, fmt.Errorf("filestore.Put: %w", err)
		}
	}
	return f, nil
}

// Open returns the stored file with the given hash. A hash that is not 64
// lower-case hex digits, or that is not stored, gives ENOTFOUND.
func (s *Store) Open(hash string) (io.ReadSeekCloser, error) {
	if !validHash(hash) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "The attachment was not found.")
	}
	f, err := os.Open(filepath.Join(s.Dir, hash[:2], hash[2:]))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "The attachment was not found.")
	} else if err != nil {
		return nil, fmt.Errorf("filestore.Open: %w", err)
	}
	return f, nil
}

func validHash(h string) bool {
	if len(h) != sha256.Size*2 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// formatMiB writes n bytes in MiB with at most two decimals: 25, 0.5, 0.01.
func formatMiB(n int64) string {
	v := float64(n) / mib
	if v < 0.01 {
		v = 0.01
	}
	return strconv.FormatFloat(float64(int64(v*100))/100, 'f', -1, 64)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	return nil
}

// ctxReader stops reading once ctx is done, so a cancelled upload does not
// keep writing to disk.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
