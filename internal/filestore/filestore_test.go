package filestore_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"

	"github.com/tillit-project/tillit"
	"github.com/tillit-project/tillit/internal/filestore"
)

func newStore(t *testing.T, max int64) *filestore.Store {
	t.Helper()
	s, err := filestore.New(filepath.Join(t.TempDir(), "files"), max)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// storedFiles lists every file under the store's directory.
func storedFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var pdf = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func TestNew(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	s, err := filestore.New(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s.MaxBytes != 25<<20 {
		t.Errorf("MaxBytes = %d, want 25 MiB", s.MaxBytes)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !fi.IsDir() || fi.Mode().Perm()&0o007 != 0 {
		t.Errorf("dir mode = %v, want a directory closed to others", fi.Mode())
	}
}

func TestPutOpen(t *testing.T) {
	s := newStore(t, 0)
	f, err := s.Put(context.Background(), "Rapport 2022.pdf", bytes.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	want := filestore.File{Hash: sha(pdf), Size: int64(len(pdf)), ContentType: "application/pdf", Name: "Rapport 2022.pdf"}
	if f != want {
		t.Errorf("Put = %+v, want %+v", f, want)
	}
	if _, err := os.Stat(filepath.Join(s.Dir, f.Hash[:2], f.Hash[2:])); err != nil {
		t.Errorf("not stored at Dir/ab/cdef…: %v", err)
	}

	rc, err := s.Open(f.Hash)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, pdf) {
		t.Errorf("Open read %q, want %q", got, pdf)
	}
	if _, err := rc.Seek(5, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(rc)
	if !bytes.Equal(rest, pdf[5:]) {
		t.Errorf("after Seek(5) read %q", rest)
	}
}

func TestPutIdenticalStoredOnce(t *testing.T) {
	s := newStore(t, 0)
	ctx := context.Background()
	a, err := s.Put(ctx, "a.pdf", bytes.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Put(ctx, "b.pdf", bytes.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	if a.Hash != b.Hash || b.Name != "b.pdf" {
		t.Errorf("second Put = %+v, want the same hash and its own name", b)
	}
	if files := storedFiles(t, s.Dir); len(files) != 1 {
		t.Errorf("stored files = %q, want one", files)
	}
}

func TestPutConcurrentSameContent(t *testing.T) {
	s := newStore(t, 0)
	content := bytes.Repeat([]byte("Leverantör;Avvikelse\n"), 5000)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := s.Put(context.Background(), "lista.csv", bytes.NewReader(content))
			if err == nil && (f.Hash != sha(content) || f.ContentType != "text/csv") {
				err = errors.New("wrong metadata")
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	files := storedFiles(t, s.Dir)
	if len(files) != 1 {
		t.Fatalf("stored files = %q, want one", files)
	}
	rc, err := s.Open(sha(content))
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, _ := io.ReadAll(rc)
	if !bytes.Equal(got, content) {
		t.Error("stored content differs")
	}
}

func TestPutTooLarge(t *testing.T) {
	s := newStore(t, 1<<20)
	ok := bytes.Repeat([]byte("a"), 1<<20)
	if _, err := s.Put(context.Background(), "exakt.txt", bytes.NewReader(ok)); err != nil {
		t.Fatalf("a file of exactly MaxBytes: %v", err)
	}
	_, err := s.Put(context.Background(), "stor.txt", bytes.NewReader(append(ok, 'b')))
	if tillit.ErrorCode(err) != tillit.EINVALID {
		t.Fatalf("err = %v, want EINVALID", err)
	}
	if got, want := tillit.ErrorMessage(err).String(), "The file is larger than 1 MiB. Make it smaller or split it."; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	if files := storedFiles(t, s.Dir); len(files) != 1 {
		t.Errorf("files after refusals = %q, want only the first upload (no temporary files left)", files)
	}

	small := newStore(t, 100)
	_, err = small.Put(context.Background(), "x.txt", strings.NewReader(strings.Repeat("x", 101)))
	if got, want := tillit.ErrorMessage(err).String(), "The file is larger than 0.01 MiB. Make it smaller or split it."; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}

	def := newStore(t, 0)
	_, err = def.Put(context.Background(), "x.txt", io.LimitReader(zeroReader{}, 25<<20+1))
	if got, want := tillit.ErrorMessage(err).String(), "The file is larger than 25 MiB. Make it smaller or split it."; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestPutEmpty(t *testing.T) {
	s := newStore(t, 0)
	_, err := s.Put(context.Background(), "tom.pdf", strings.NewReader(""))
	if tillit.ErrorCode(err) != tillit.EINVALID {
		t.Errorf("err = %v, want EINVALID", err)
	}
}

func TestPutRefusedLeavesNothing(t *testing.T) {
	s := newStore(t, 0)
	_, err := s.Put(context.Background(), "report.pdf", strings.NewReader("<!DOCTYPE html><html><script>alert(1)</script></html>"))
	if tillit.ErrorCode(err) != tillit.EINVALID {
		t.Fatalf("err = %v, want EINVALID", err)
	}
	if files := storedFiles(t, s.Dir); len(files) != 0 {
		t.Errorf("files = %q, want none", files)
	}
}

func TestPutCancelled(t *testing.T) {
	s := newStore(t, 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Put(ctx, "a.pdf", bytes.NewReader(pdf)); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if files := storedFiles(t, s.Dir); len(files) != 0 {
		t.Errorf("files = %q, want none", files)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestPutReadError(t *testing.T) {
	s := newStore(t, 0)
	_, err := s.Put(context.Background(), "a.pdf", io.MultiReader(bytes.NewReader(pdf), failingReader{}))
	if tillit.ErrorCode(err) != tillit.EINTERNAL {
		t.Errorf("err = %v, want an internal error", err)
	}
	if files := storedFiles(t, s.Dir); len(files) != 0 {
		t.Errorf("files = %q, want none", files)
	}
}

func TestPutFixesExtension(t *testing.T) {
	s := newStore(t, 0)
	for _, tt := range []struct{ name, content, want string }{
		{"x.exe", string(pdf), "x.exe.pdf"},
		{"rapport", string(pdf), "rapport.pdf"},
		{"RAPPORT.PDF", string(pdf), "RAPPORT.PDF"},
		{"anteckning", "hej", "anteckning.txt"},
		{"lista.csv", "a;b\n1;2\n", "lista.csv"},
		{"", string(pdf), "attachment.pdf"},
	} {
		f, err := s.Put(context.Background(), tt.name, strings.NewReader(tt.content))
		if err != nil {
			t.Errorf("Put(%q): %v", tt.name, err)
			continue
		}
		if f.Name != tt.want {
			t.Errorf("Put(%q).Name = %q, want %q", tt.name, f.Name, tt.want)
		}
	}
}

func TestOpen(t *testing.T) {
	s := newStore(t, 0)
	f, err := s.Put(context.Background(), "a.pdf", bytes.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{
		"",
		"../x",
		"../../../../etc/passwd",
		strings.ToUpper(f.Hash),
		f.Hash[:63],
		f.Hash + "0",
		f.Hash[:62] + "/x",
		f.Hash[:2] + "/" + f.Hash[3:],
		strings.Repeat("g", 64),
		sha([]byte("not stored")),
	} {
		rc, err := s.Open(h)
		if tillit.ErrorCode(err) != tillit.ENOTFOUND {
			t.Errorf("Open(%q) err = %v, want ENOTFOUND", h, err)
		}
		if rc != nil {
			rc.Close()
			t.Errorf("Open(%q) returned a file", h)
		}
	}
}

// zipOf builds a ZIP archive holding the named entries.
func zipOf(t testing.TB, entries ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		name, content, _ := strings.Cut(e, "=")
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// compoundOf builds a minimal Compound File Binary (version 3, 512-byte
// sectors) whose root holds up to three entries with the given names:
// sector 0 is the FAT, sector 1 the directory.
func compoundOf(names ...string) []byte {
	le := binary.LittleEndian
	const ss = 512
	b := make([]byte, 3*ss)
	h := b[:ss]
	copy(h, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	le.PutUint16(h[0x18:], 0x3E)
	le.PutUint16(h[0x1A:], 3)
	le.PutUint16(h[0x1C:], 0xFFFE)
	le.PutUint16(h[0x1E:], 9)
	le.PutUint16(h[0x20:], 6)
	le.PutUint32(h[0x2C:], 1)          // FAT sectors
	le.PutUint32(h[0x30:], 1)          // first directory sector
	le.PutUint32(h[0x38:], 4096)       // mini stream cutoff
	le.PutUint32(h[0x3C:], 0xFFFFFFFE) // no mini FAT
	le.PutUint32(h[0x44:], 0xFFFFFFFE) // no DIFAT sectors
	for i := 0; i < 109; i++ {
		le.PutUint32(h[0x4C+4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(h[0x4C:], 0) // the FAT is sector 0

	fat := b[ss : 2*ss]
	for i := 0; i < ss/4; i++ {
		le.PutUint32(fat[4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(fat[0:], 0xFFFFFFFD) // sector 0: FAT
	le.PutUint32(fat[4:], 0xFFFFFFFE) // sector 1: directory, end of chain

	dir := b[2*ss:]
	entry := func(i int, name string, kind byte, child, right uint32) {
		e := dir[128*i : 128*(i+1)]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		le.PutUint16(e[0x40:], uint16(2*(len(u)+1)))
		e[0x42] = kind
		e[0x43] = 1 // black
		le.PutUint32(e[0x44:], 0xFFFFFFFF)
		le.PutUint32(e[0x48:], right)
		le.PutUint32(e[0x4C:], child)
	}
	child := uint32(0xFFFFFFFF)
	if len(names) > 0 {
		child = 1
	}
	entry(0, "Root Entry", 5, child, 0xFFFFFFFF)
	for i, n := range names {
		right := uint32(0xFFFFFFFF)
		if i+1 < len(names) {
			right = uint32(i + 2)
		}
		kind := byte(2)
		if n == "Macros" || n == "_VBA_PROJECT_CUR" {
			kind = 1
		}
		entry(i+1, n, kind, 0xFFFFFFFF, right)
	}
	return b
}

func encodeImage(t *testing.T, enc func(io.Writer, image.Image) error) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := enc(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSniff(t *testing.T) {
	pngData := encodeImage(t, png.Encode)
	jpegData := encodeImage(t, func(w io.Writer, m image.Image) error { return jpeg.Encode(w, m, nil) })
	gifData := encodeImage(t, func(w io.Writer, m image.Image) error { return gif.Encode(w, m, nil) })
	webp := append([]byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00"), make([]byte, 14)...)
	ooxml := "[Content_Types].xml=<Types/>"

	tests := []struct {
		name    string
		file    string
		content []byte
		want    string // content type, or "" when refused
		looks   string // for refusals: what the message says it looks like
	}{
		{"pdf", "rapport.pdf", pdf, "application/pdf", ""},
		{"pdf named exe", "x.exe", pdf, "application/pdf", ""},
		{"html named pdf", "report.pdf", []byte("<!DOCTYPE html>\n<html><body>hej</body></html>"), "", "a web page (HTML)"},
		{"html with BOM and spaces", "a.txt", []byte("\xef\xbb\xbf \n<html><script>x()</script>"), "", "a web page (HTML)"},
		{"svg", "logo.png", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>`), "", "an SVG image"},
		{"svg without xml header", "logo.svg", []byte(`<svg onload="x()"/>`), "", "an SVG image"},
		{"xml", "data.txt", []byte(`<?xml version="1.0"?><data/>`), "", "an XML file"},
		{"javascript by name", "app.js", []byte("alert(document.cookie)"), "", "a script or program code"},
		{"shell script", "run.txt", []byte("#!/bin/sh\nrm -rf /\n"), "", "a script or program code"},
		{"windows program", "setup.pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 64)...), "", "a program"},
		{"linux program", "a.out", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00"), "", "a program"},
		{"png", "bild.png", pngData, "image/png", ""},
		{"jpeg", "foto.jpg", jpegData, "image/jpeg", ""},
		{"gif", "anim.gif", gifData, "image/gif", ""},
		{"webp", "bild.webp", webp, "image/webp", ""},
		{"bmp", "bild.bmp", append([]byte("BM"), make([]byte, 60)...), "", "an image in another format"},
		{"heic", "IMG_0001.HEIC", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), "", "an image in another format"},
		{"mp4", "film.mp4", []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"), "", "a sound or video file"},
		{"docx", "avtal.docx", zipOf(t, ooxml, "word/document.xml=<w/>"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ""},
		{"xlsx", "lista.xlsx", zipOf(t, ooxml, "xl/workbook.xml=<w/>"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ""},
		{"pptx", "bilder.pptx", zipOf(t, ooxml, "ppt/presentation.xml=<p/>"), "application/vnd.openxmlformats-officedocument.presentationml.presentation", ""},
		{"xlsm", "makro.xlsx", zipOf(t, ooxml, "xl/workbook.xml=<w/>", "xl/vbaProject.bin=x"), "", "an office document with macros"},
		{"odt", "text.odt", zipOf(t, "mimetype=application/vnd.oasis.opendocument.text", "content.xml=<x/>"), "application/vnd.oasis.opendocument.text", ""},
		{"ods", "kalk.ods", zipOf(t, "mimetype=application/vnd.oasis.opendocument.spreadsheet", "content.xml=<x/>"), "application/vnd.oasis.opendocument.spreadsheet", ""},
		{"odp", "pres.odp", zipOf(t, "mimetype=application/vnd.oasis.opendocument.presentation"), "application/vnd.oasis.opendocument.presentation", ""},
		{"odt with macros", "text.odt", zipOf(t, "mimetype=application/vnd.oasis.opendocument.text", "Basic/Standard/Module1.xml=x"), "", "an office document with macros"},
		{"other opendocument mimetype", "x.odf", zipOf(t, "mimetype=application/vnd.oasis.opendocument.formula"), "", "a ZIP archive"},
		{"epub", "bok.docx", zipOf(t, "mimetype=application/epub+zip", "OEBPS/x.html=<html/>"), "", "a ZIP archive"},
		{"zip without office structure", "avtal.docx", zipOf(t, "word/document.xml=<w/>"), "", "a ZIP archive"},
		{"plain zip", "arkiv.zip", zipOf(t, "a.txt=hej"), "", "a ZIP archive"},
		{"broken zip", "trasig.docx", []byte("PK\x03\x04 not really"), "", "a ZIP archive"},
		{"empty zip", "tom.zip", zipOf(t), "", "a ZIP archive"},
		{"gzip", "a.csv.gz", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"), "", "a compressed archive"},
		{"doc", "gammal.doc", compoundOf("WordDocument", "1Table"), "application/msword", ""},
		{"xls", "gammal.xls", compoundOf("Workbook"), "application/vnd.ms-excel", ""},
		{"xls 5", "gammal.xls", compoundOf("Book"), "application/vnd.ms-excel", ""},
		{"ppt", "gammal.ppt", compoundOf("Current User", "PowerPoint Document"), "application/vnd.ms-powerpoint", ""},
		{"doc with macros", "makro.doc", compoundOf("WordDocument", "Macros"), "", "an office document with macros"},
		{"msi", "setup.doc", compoundOf("\u4840\u3b3f\u43f2", "\x05SummaryInformation"), "", "a Microsoft file that is not"},
		{"encrypted ooxml", "hemlig.xlsx", compoundOf("EncryptionInfo", "EncryptedPackage"), "", "Password-protected files cannot be attached"},
		{"truncated compound", "x.doc", compoundOf("WordDocument")[:600], "", "a Microsoft file that is not"},
		{"csv", "lista.csv", []byte("Leverantör;Belopp\nÅkeri AB;1000\n"), "text/csv", ""},
		{"csv upper case", "LISTA.CSV", []byte("a;b\n"), "text/csv", ""},
		{"csv with BOM", "lista.csv", []byte("\xef\xbb\xbfa;b\n"), "text/csv", ""},
		{"text", "anteckning.txt", []byte("Hej då, åäö!\r\n"), "text/plain", ""},
		{"text named pdf", "x.pdf", []byte("just text"), "text/plain", ""},
		{"windows-1252 csv", "lista.csv", []byte("Leverant\xf6r;Belopp\n"), "", "The text file is not in UTF-8"},
		{"binary with NUL", "x.txt", []byte("abc\x00def"), "", "a file of an unknown kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := filestore.Sniff(bytes.NewReader(tt.content), int64(len(tt.content)), tt.file)
			if tt.want != "" {
				if err != nil || got != tt.want {
					t.Errorf("Sniff = %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if tillit.ErrorCode(err) != tillit.EINVALID {
				t.Fatalf("Sniff = %q, %v; want EINVALID", got, err)
			}
			msg := tillit.ErrorMessage(err).String()
			if !strings.Contains(msg, tt.looks) {
				t.Errorf("message %q does not say %q", msg, tt.looks)
			}
		})
	}
}

func TestSniffTextBoundary(t *testing.T) {
	// A multi-byte character cut by the 8 KiB sample is still UTF-8.
	content := []byte(strings.Repeat("a", 8<<10-1) + "ö and more")
	if got, err := filestore.Sniff(bytes.NewReader(content), int64(len(content)), "a.txt"); err != nil || got != "text/plain" {
		t.Errorf("Sniff = %q, %v; want text/plain", got, err)
	}
	// Only the first 8 KiB decide.
	late := []byte(strings.Repeat("a", 9<<10) + "\x00")
	if got, err := filestore.Sniff(bytes.NewReader(late), int64(len(late)), "a.txt"); err != nil || got != "text/plain" {
		t.Errorf("Sniff = %q, %v; want text/plain", got, err)
	}
}

func TestCleanName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Rapport åäö 2022.pdf", "Rapport åäö 2022.pdf"},
		{"ÅRSRAPPORT Örebro.xlsx", "ÅRSRAPPORT Örebro.xlsx"},
		{"../../etc/passwd", "passwd"},
		{"..", "attachment"},
		{"../", "attachment"},
		{`a\b.pdf`, "b.pdf"},
		{`C:\Users\Anna\Desktop\intyg.pdf`, "intyg.pdf"},
		{`"x".pdf`, "x.pdf"},
		{"it's `x`.pdf", "its x.pdf"},
		{"a\x00b\x1f\x7fc.pdf", "abc.pdf"},
		{"rad\r\nbrytning\t.pdf", "rad brytning .pdf"},
		{"  många   mellanslag  .pdf ", "många mellanslag .pdf"},
		{"...dold", "dold"},
		{"slut...", "slut"},
		{"evil\u202efdp.exe", "evilfdp.exe"},
		{"noll\u200bbredd.pdf", "nollbredd.pdf"},
		{"a<b>c:d|e?f*.pdf", "abcdef.pdf"},
		{"con.pdf", "_con.pdf"},
		{"LPT1", "_LPT1"},
		{"console.pdf", "console.pdf"},
		{"ogiltig \xff utf8.pdf", "ogiltig utf8.pdf"},
		{"", "attachment"},
		{"   ", "attachment"},
		{"\x00\x01", "attachment"},
		{"日本語.pdf", "日本語.pdf"},
	} {
		if got := filestore.CleanName(tt.in); got != tt.want {
			t.Errorf("CleanName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}

	long := strings.Repeat("ö", 200) + ".pdf"
	got := filestore.CleanName(long)
	if n := len([]rune(got)); n != 150 || !strings.HasSuffix(got, ".pdf") {
		t.Errorf("CleanName(200 ö + .pdf) = %d runes %q, want 150 ending in .pdf", n, got)
	}
	noExt := strings.Repeat("x", 300)
	if got := filestore.CleanName(noExt); got != strings.Repeat("x", 150) {
		t.Errorf("CleanName(300 x) = %q", got)
	}
}

func TestContentDisposition(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Rapport åäö 2022.pdf", `attachment; filename="Rapport aao 2022.pdf"; filename*=UTF-8''Rapport%20%C3%A5%C3%A4%C3%B6%202022.pdf`},
		{"ÅÄÖ.pdf", `attachment; filename="AAO.pdf"; filename*=UTF-8''%C3%85%C3%84%C3%96.pdf`},
		{"a\u030a.pdf", `attachment; filename="a.pdf"; filename*=UTF-8''a%CC%8A.pdf`},
		{"日本.pdf", `attachment; filename="__.pdf"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.pdf`},
		{`../"evil";.pdf`, `attachment; filename="evil;.pdf"; filename*=UTF-8''evil%3B.pdf`},
		{"100%.pdf", `attachment; filename="100%.pdf"; filename*=UTF-8''100%25.pdf`},
		{"", `attachment; filename="attachment"; filename*=UTF-8''attachment`},
	} {
		if got := filestore.ContentDisposition(tt.in); got != tt.want {
			t.Errorf("ContentDisposition(%q) =\n %s\nwant\n %s", tt.in, got, tt.want)
		}
	}
}

func FuzzCleanName(f *testing.F) {
	for _, s := range []string{"Rapport åäö 2022.pdf", "../../etc/passwd", `a\b.pdf`, `"x".pdf`, "a\x00b", "con.pdf",
		"evil\u202efdp.exe", "..", " . ", strings.Repeat("å", 151) + ".pdf", "\xff\xfe", "a.b.c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := filestore.CleanName(in)
		if got == "" {
			t.Fatal("empty name")
		}
		if !isValidUTF8(got) {
			t.Fatalf("CleanName(%q) = %q is not valid UTF-8", in, got)
		}
		if n := len([]rune(got)); n > filestore.MaxNameRunes {
			t.Fatalf("CleanName(%q) has %d runes", in, n)
		}
		for _, r := range got {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || strings.ContainsRune("/\\\"'`", r) || r == '\u202e' {
				t.Fatalf("CleanName(%q) = %q contains %U", in, got, r)
			}
		}
		if got != strings.TrimSpace(got) || strings.HasPrefix(got, ".") || strings.HasSuffix(got, ".") {
			t.Fatalf("CleanName(%q) = %q has leading or trailing spaces or dots", in, got)
		}
		if again := filestore.CleanName(got); again != got {
			t.Fatalf("CleanName is not idempotent: %q → %q → %q", in, got, again)
		}
		cd := filestore.ContentDisposition(in)
		for i := 0; i < len(cd); i++ {
			if cd[i] < 0x20 || cd[i] >= 0x7f {
				t.Fatalf("ContentDisposition(%q) = %q has byte %#x", in, cd, cd[i])
			}
		}
	})
}

func isValidUTF8(s string) bool { return strings.ToValidUTF8(s, "\ufffd") == s }

func FuzzSniff(f *testing.F) {
	f.Add(pdf, "a.pdf")
	f.Add([]byte("<html>"), "report.pdf")
	f.Add([]byte("a;b\nå;ä\n"), "x.csv")
	f.Add(zipOf(f, "[Content_Types].xml=x", "word/document.xml=y"), "a.docx")
	f.Add(zipOf(f, "mimetype=application/vnd.oasis.opendocument.text"), "a.odt")
	f.Add(compoundOf("WordDocument"), "a.doc")
	f.Add(compoundOf("Workbook", "Macros"), "a.xls")
	f.Add([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "a.doc")
	allowed := map[string]bool{}
	for _, ct := range []string{filestore.TypePDF, filestore.TypePNG, filestore.TypeJPEG, filestore.TypeGIF, filestore.TypeWebP,
		filestore.TypeDOCX, filestore.TypeXLSX, filestore.TypePPTX, filestore.TypeODT, filestore.TypeODS, filestore.TypeODP,
		filestore.TypeODG, filestore.TypeDOC, filestore.TypeXLS, filestore.TypePPT, filestore.TypeCSV, filestore.TypeText} {
		allowed[ct] = true
	}
	f.Fuzz(func(t *testing.T, content []byte, name string) {
		ct, err := filestore.Sniff(bytes.NewReader(content), int64(len(content)), name)
		if err != nil {
			if tillit.ErrorCode(err) != tillit.EINVALID {
				t.Fatalf("Sniff: %v, want EINVALID", err)
			}
			return
		}
		if !allowed[ct] {
			t.Fatalf("Sniff = %q, not an allowed type", ct)
		}
		if bytes.HasPrefix(content, []byte("%PDF-")) && ct != filestore.TypePDF {
			t.Fatalf("a PDF sniffed as %q", ct)
		}
		lower := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(content, []byte("\xef\xbb\xbf")), " \t\r\n\f"))
		if (ct == filestore.TypeText || ct == filestore.TypeCSV) && (bytes.HasPrefix(lower, []byte("<")) || bytes.IndexByte(content[:min(len(content), 8<<10)], 0) >= 0) {
			t.Fatalf("markup or binary accepted as %q", ct)
		}
	})
}
