package filestore

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/tillit-project/tillit"
)

// The content types Sniff accepts.
const (
	TypePDF  = "application/pdf"
	TypePNG  = "image/png"
	TypeJPEG = "image/jpeg"
	TypeGIF  = "image/gif"
	TypeWebP = "image/webp"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypePPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	TypeODT  = "application/vnd.oasis.opendocument.text"
	TypeODS  = "application/vnd.oasis.opendocument.spreadsheet"
	TypeODP  = "application/vnd.oasis.opendocument.presentation"
	TypeODG  = "application/vnd.oasis.opendocument.graphics"
	TypeDOC  = "application/msword"
	TypeXLS  = "application/vnd.ms-excel"
	TypePPT  = "application/vnd.ms-powerpoint"
	TypeCSV  = "text/csv"   // always UTF-8: serve as "text/csv; charset=utf-8"
	TypeText = "text/plain" // always UTF-8: serve as "text/plain; charset=utf-8"
)

// extensions lists, per accepted type, the file name extensions that may go
// with it; the first is added to a name that has none of them (see fixExt).
var extensions = map[string][]string{
	TypePDF:  {".pdf"},
	TypePNG:  {".png"},
	TypeJPEG: {".jpg", ".jpeg"},
	TypeGIF:  {".gif"},
	TypeWebP: {".webp"},
	TypeDOCX: {".docx", ".dotx"},
	TypeXLSX: {".xlsx", ".xltx"},
	TypePPTX: {".pptx", ".potx", ".ppsx"},
	TypeODT:  {".odt", ".ott"},
	TypeODS:  {".ods", ".ots"},
	TypeODP:  {".odp", ".otp"},
	TypeODG:  {".odg", ".otg"},
	TypeDOC:  {".doc", ".dot"},
	TypeXLS:  {".xls", ".xlt"},
	TypePPT:  {".ppt", ".pps", ".pot"},
	TypeCSV:  {".csv"},
	TypeText: {".txt", ".text", ".log", ".md", ".tsv"},
}

// sniffLen is how much of the start of a file the checks look at.
const sniffLen = 8 << 10

// Why a file is refused. Each has a whole sentence of its own rather than a
// description filled into one sentence, because a Message translates only
// its format, not its arguments.
var refusals = map[string]tillit.Message{
	"html":      tillit.Msg("Only PDF, images (PNG, JPEG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument) and CSV or plain text files can be attached. This file looks like a web page (HTML)."),
	"svg":       tillit.Msg("Only PDF, images (PNG, JPEG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument) and CSV or plain text files can be attached. This file looks like an SVG image."),
	"xml":       tillit.Msg("Only PDF, images (PNG, JPEG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument) and CSV or plain text files can be attached. This file looks like an XML file."),
	"script":    tillit.Msg("Only PDF, images (PNG, JPEG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument) and CSV or plain text files can be attached. This file looks like a script or program code."),
	"program":   tillit.Msg("Only PDF, images (PNG, JPEG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument) and CSV or plain text files can be attached. This file looks like a program."),
	"zip":       tillit.Msg("Only PDF, images (PNG, JPEG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument) and CSV or plain text files can be attached. This file looks like a ZIP archive."),
	"archive":   tillit.Msg("Only PDF, images (PNG, JPEG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument) and CSV or plain text files can be attached. This file looks like a compressed archive."),
	"macros":    tillit.Msg("Only PDF, images (PNG, JPEG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument) and CSV or plain text files can be attached. This file looks like an office document with macros."),
	"compound":  tillit.Msg("Only PDF, images (PNG, JPEG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument) and CSV or plain text files can be attached. This file looks like a Microsoft file that is not a Word, Excel or PowerPoint document."),
	"image":     tillit.Msg("Only PDF, images (PNG, JPEG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument) and CSV or plain text files can be attached. This file looks like an image in another format (for example HEIC or TIFF)."),
	"media":     tillit.Msg("Only PDF, images (PNG, JPEG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument) and CSV or plain text files can be attached. This file looks like a sound or video file."),
	"unknown":   tillit.Msg("Only PDF, images (PNG, JPEG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument) and CSV or plain text files can be attached. This file looks like a file of an unknown kind."),
	"encrypted": tillit.Msg("Password-protected files cannot be attached. Remove the password and attach the file again."),
	"encoding":  tillit.Msg("The text file is not in UTF-8. Save it as UTF-8 (in Excel: CSV UTF-8) and attach it again."),
}

func refuse(why string) error {
	return &tillit.Error{Code: tillit.EINVALID, Msg: refusals[why]}
}

// Sniff decides the content type of the size bytes of r from the content
// alone and returns one of the Type constants, or EINVALID with a sentence
// saying what the file looks like.
//
// Accepted: PDF; PNG, JPEG, GIF and WebP images; Word, Excel and
// PowerPoint files (OOXML without macros, and the legacy binary formats);
// OpenDocument text, spreadsheets, presentations and drawings; UTF-8 text.
// The name is used only to tell CSV (".csv") from plain text, and to refuse
// text whose name says it is a script or markup (".js", ".html", ...), which
// cannot be told from other text by content.
func Sniff(r io.ReaderAt, size int64, name string) (string, error) {
	head := make([]byte, min(size, sniffLen))
	n, err := r.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return "", err
	}
	head = head[:n]

	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return TypePDF, nil
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return TypePNG, nil
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return TypeJPEG, nil
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return TypeGIF, nil
	case len(head) >= 16 && string(head[:4]) == "RIFF" && string(head[8:14]) == "WEBPVP":
		return TypeWebP, nil
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return sniffZip(r, size)
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return sniffCompound(r, size)
	}
	if why := binaryKind(head); why != "" {
		return "", refuse(why)
	}
	return sniffText(head, size, name)
}

// binaryKind names a few kinds of file that are refused, to say more than
// "unknown" about them; "" means none of them.
func binaryKind(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("MZ")), // Windows
		bytes.HasPrefix(head, []byte("\x7fELF")),          // Linux
		bytes.HasPrefix(head, []byte("\xcf\xfa\xed\xfe")), // macOS, 64-bit
		bytes.HasPrefix(head, []byte("\xce\xfa\xed\xfe")), // macOS, 32-bit
		bytes.HasPrefix(head, []byte("\xca\xfe\xba\xbe")), // macOS universal, Java class
		bytes.HasPrefix(head, []byte("\x00asm")):          // WebAssembly
		return "program"
	case bytes.HasPrefix(head, []byte("PK\x05\x06")), bytes.HasPrefix(head, []byte("PK\x07\x08")):
		return "zip"
	case bytes.HasPrefix(head, []byte("\x1f\x8b")),
		bytes.HasPrefix(head, []byte("Rar!\x1a\x07")),
		bytes.HasPrefix(head, []byte("7z\xbc\xaf\x27\x1c")),
		bytes.HasPrefix(head, []byte("BZh")) && len(head) > 4 && bytes.HasPrefix(head[4:], []byte("1AY&SY")),
		bytes.HasPrefix(head, []byte("\xfd7zXZ\x00")),
		bytes.HasPrefix(head, []byte("\x28\xb5\x2f\xfd")):
		return "archive"
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		switch string(head[8:12]) {
		case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis":
			return "image"
		}
		return "media"
	}
	ct := http.DetectContentType(head)
	switch {
	case strings.HasPrefix(ct, "image/"):
		return "image"
	case strings.HasPrefix(ct, "audio/"), strings.HasPrefix(ct, "video/"), ct == "application/ogg":
		return "media"
	case ct == "application/wasm":
		return "program"
	case ct == "application/x-gzip", ct == "application/x-rar-compressed":
		return "archive"
	}
	return ""
}

// textExtensions are names whose text is refused: scripts and markup a
// browser or the operating system would run or render.
var scriptExtensions = map[string]bool{
	".js": true, ".mjs": true, ".cjs": true, ".jse": true, ".vbs": true, ".vbe": true, ".wsf": true,
	".wsh": true, ".ps1": true, ".psm1": true, ".bat": true, ".cmd": true, ".hta": true, ".sh": true,
	".py": true, ".pl": true, ".rb": true, ".php": true, ".jsp": true, ".asp": true, ".aspx": true,
	".html": true, ".htm": true, ".xhtml": true, ".shtml": true, ".svg": true, ".svgz": true,
	".xml": true, ".xsl": true, ".xslt": true, ".url": true, ".reg": true, ".inf": true, ".scr": true,
	".desktop": true, ".command": true, ".applescript": true, ".scpt": true, ".lnk": true,
}

func sniffText(head []byte, size int64, name string) (string, error) {
	if bytes.IndexByte(head, 0) >= 0 {
		return "", refuse("unknown")
	}
	check := head
	if int64(len(head)) < size {
		// The sample may end inside a multi-byte character.
		for i := 0; i < utf8.UTFMax-1 && len(check) > 0; i++ {
			if utf8.Valid(check) {
				break
			}
			check = check[:len(check)-1]
		}
	}
	if !utf8.Valid(check) {
		if looksLikeText(head) {
			return "", refuse("encoding")
		}
		return "", refuse("unknown")
	}

	t := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	t = bytes.TrimLeft(t, " \t\r\n\f")
	lower := bytes.ToLower(t)
	switch {
	case bytes.HasPrefix(t, []byte("<")):
		switch {
		case bytes.Contains(lower, []byte("<svg")):
			return "", refuse("svg")
		case bytes.HasPrefix(lower, []byte("<?xml")) && !bytes.Contains(lower, []byte("<html")):
			return "", refuse("xml")
		}
		return "", refuse("html")
	case bytes.HasPrefix(t, []byte("#!")):
		return "", refuse("script")
	}
	ext := strings.ToLower(path.Ext(name))
	if scriptExtensions[ext] {
		return "", refuse("script")
	}
	if ext == ".csv" {
		return TypeCSV, nil
	}
	return TypeText, nil
}

// looksLikeText reports whether b has no control characters other than
// tab, line breaks and form feed: text in a legacy 8-bit encoding, such as
// Windows-1252 from "CSV (semicolon delimited)" in Swedish Excel.
func looksLikeText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
			return false
		}
	}
	return true
}

// sniffZip accepts OOXML (Word, Excel, PowerPoint) and OpenDocument files
// and refuses other ZIP archives, including office files with macros.
func sniffZip(r io.ReaderAt, size int64) (string, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil || zr == nil {
		return "", refuse("zip")
	}
	var contentTypes, word, xl, ppt, macros bool
	var mimetype *zip.File
	for _, f := range zr.File {
		n := f.Name
		lower := strings.ToLower(n)
		switch {
		case n == "[Content_Types].xml":
			contentTypes = true
		case n == "mimetype":
			mimetype = f
		case strings.HasPrefix(n, "word/"):
			word = true
		case strings.HasPrefix(n, "xl/"):
			xl = true
		case strings.HasPrefix(n, "ppt/"):
			ppt = true
		}
		if strings.HasSuffix(lower, "vbaproject.bin") || strings.HasPrefix(n, "Basic/") || strings.HasPrefix(n, "Scripts/") {
			macros = true
		}
	}
	var ct string
	switch {
	case contentTypes && word:
		ct = TypeDOCX
	case contentTypes && xl:
		ct = TypeXLSX
	case contentTypes && ppt:
		ct = TypePPTX
	case mimetype != nil:
		ct = odfType(mimetype)
	}
	if ct == "" {
		return "", refuse("zip")
	}
	if macros {
		return "", refuse("macros")
	}
	return ct, nil
}

// odfType returns the OpenDocument type named in the mimetype entry, or ""
// when it is not one that is accepted.
func odfType(f *zip.File) string {
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, 100))
	if err != nil {
		return ""
	}
	switch t := strings.TrimSpace(string(b)); t {
	case TypeODT, TypeODS, TypeODP, TypeODG,
		TypeODT + "-template", TypeODS + "-template", TypeODP + "-template", TypeODG + "-template":
		return strings.TrimSuffix(t, "-template")
	}
	return ""
}

// sniffCompound accepts legacy Word, Excel and PowerPoint files and refuses
// other compound files: Windows installers (.msi), Outlook messages,
// password-protected OOXML, and legacy documents with macros.
func sniffCompound(r io.ReaderAt, size int64) (string, error) {
	names, err := cfbTopLevel(r, size)
	if err != nil {
		return "", refuse("compound")
	}
	var ct string
	var macros, encrypted bool
	for _, n := range names {
		switch {
		case strings.EqualFold(n, "WordDocument"):
			ct = TypeDOC
		case strings.EqualFold(n, "Workbook"), strings.EqualFold(n, "Book"):
			ct = TypeXLS
		case strings.EqualFold(n, "PowerPoint Document"):
			ct = TypePPT
		case strings.EqualFold(n, "EncryptedPackage"):
			encrypted = true
		case strings.EqualFold(n, "Macros"), strings.EqualFold(n, "_VBA_PROJECT_CUR"), strings.EqualFold(n, "VBA"):
			macros = true
		}
	}
	switch {
	case encrypted:
		return "", refuse("encrypted")
	case ct == "":
		return "", refuse("compound")
	case macros:
		return "", refuse("macros")
	}
	return ct, nil
}

// fixExt returns name with the usual extension for ct added when it has
// none of the extensions that go with ct, so that a download opens in the
// program the content is for: "x.exe" holding a PDF becomes "x.exe.pdf".
func fixExt(name, ct string) string {
	exts := extensions[ct]
	if len(exts) == 0 {
		return name
	}
	ext := strings.ToLower(path.Ext(name))
	for _, e := range exts {
		if ext == e {
			return name
		}
	}
	return CleanName(name + exts[0])
}
