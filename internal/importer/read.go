package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/tillit-project/tillit"
)

// Format is the kind of file an import reads.
type Format string

const (
	CSV  Format = "CSV"
	XLSX Format = "XLSX"
)

// sheet is a file read into text: the header and the rows under it, each
// with the line (CSV) or row (XLSX) number a person finds it at.
type sheet struct {
	format    Format
	encoding  string // CSV: "UTF-8", "Windows-1252", "UTF-16"
	delimiter rune   // CSV
	date1904  bool   // XLSX: dates count from 1904 (old Mac workbooks)
	header    []string
	headerAt  int
	rows      []record
}

type record struct {
	line  int
	cells []string
}

// Magic numbers of the files people upload by mistake.
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	pdfMagic = []byte("%PDF-")
)

// Sniff tells from its content what kind of file data is: an XLSX
// workbook (a ZIP), or text to be read as CSV. Files that are neither (an
// old XLS workbook, a PDF, an empty file, binary data) give a sentence
// saying what to do instead. The file's name is not consulted: people
// rename files, and the content is what will be parsed.
func Sniff(data []byte) (Format, error) {
	switch {
	case len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))) == 0:
		return "", tillit.Errorf(tillit.EINVALID, "The file is empty. Choose the file with the register and upload it again.")
	case bytes.HasPrefix(data, oleMagic):
		return "", tillit.Errorf(tillit.EINVALID, "The file is an old Excel workbook (XLS) or a workbook with a password. Open it in Excel, save it as an Excel workbook (XLSX) or as CSV UTF-8 without a password, and upload that.")
	case bytes.HasPrefix(data, pdfMagic):
		return "", tillit.Errorf(tillit.EINVALID, "The file is a PDF. Upload the register as a CSV file or an Excel workbook (XLSX).")
	case bytes.HasPrefix(data, zipMagic):
		if bytes.Contains(data[:min(len(data), 100)], []byte("opendocument")) {
			return "", tillit.Errorf(tillit.EINVALID, "The file is an OpenDocument spreadsheet (ODS). Save it as an Excel workbook (XLSX) or as CSV UTF-8, and upload that.")
		}
		return XLSX, nil
	}
	if hasUTF16BOM(data) {
		return CSV, nil
	}
	// Text has no NUL bytes; binary files nearly always do early on.
	if bytes.IndexByte(data[:min(len(data), 8192)], 0) >= 0 {
		return "", tillit.Errorf(tillit.EINVALID, "The file is not a CSV file or an Excel workbook (XLSX). Save the register from Excel as CSV UTF-8 or as an Excel workbook, and upload that.")
	}
	return CSV, nil
}

func hasUTF16BOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF})
}

// cp1252Undefined are the bytes Windows-1252 gives no character; text that
// holds them is in some other encoding.
var cp1252Undefined = [256]bool{0x81: true, 0x8D: true, 0x8F: true, 0x90: true, 0x9D: true}

// decodeText turns the bytes of a CSV file into text. Excel writes
// "CSV UTF-8" with a byte order mark, "Unicode text" as UTF-16 and plain
// "CSV" in the Windows code page, which for Swedish is Windows-1252. UTF-8
// is recognised by being valid (Windows-1252 text with å, ä or ö almost
// never is); what is neither gives a sentence.
func decodeText(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")):
		data = data[3:]
		if !utf8.Valid(data) {
			return "", "", tillit.Errorf(tillit.EINVALID, "The file says it is UTF-8 but is not. Save it from Excel again as CSV UTF-8 (comma delimited) and upload that.")
		}
		return string(data), "UTF-8", nil
	case hasUTF16BOM(data):
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(b) {
			return "", "", tillit.Errorf(tillit.EINVALID, "The file's characters cannot be read. Save it from Excel as CSV UTF-8 (comma delimited) and upload that.")
		}
		return string(b), "UTF-16", nil
	case utf8.Valid(data):
		return string(data), "UTF-8", nil
	}
	for _, c := range data {
		if cp1252Undefined[c] || c == 0 {
			return "", "", tillit.Errorf(tillit.EINVALID, "The file's characters cannot be read: it is neither UTF-8 nor Windows-1252. Save it from Excel as CSV UTF-8 (comma delimited) and upload that.")
		}
	}
	b, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", tillit.Errorf(tillit.EINVALID, "The file's characters cannot be read: it is neither UTF-8 nor Windows-1252. Save it from Excel as CSV UTF-8 (comma delimited) and upload that.")
	}
	return string(b), "Windows-1252", nil
}

// detectDelimiter picks ';', ',' or tab by which occurs most often outside
// quotes in the first line that has text: Swedish Excel writes ';', other
// programs ',', and "Unicode text" tabs. A first line "sep=;" (which Excel
// understands) decides it and is blanked, keeping the line numbers.
func detectDelimiter(text string) (rune, string) {
	first := text
	start := 0
	for {
		line, rest, found := strings.Cut(first, "\n")
		if strings.TrimSpace(line) != "" || !found {
			first = line
			break
		}
		start += len(line) + 1
		first = rest
	}
	trimmed := strings.TrimSpace(first)
	if strings.HasPrefix(strings.ToLower(trimmed), "sep=") && utf8.RuneCountInString(trimmed) == 5 {
		r, _ := utf8.DecodeLastRuneInString(trimmed)
		// The directive's own line stays, empty, so line numbers match
		// what a text editor shows.
		return r, text[:start] + text[start+len(first):]
	}
	counts := map[rune]int{}
	inQuotes := false
	for _, r := range first {
		switch {
		case r == '"':
			inQuotes = !inQuotes
		case !inQuotes && (r == ';' || r == ',' || r == '\t'):
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best, text
}

// readCSV reads text as CSV. A quoting mistake stops the reading: after
// it, what belongs to which row is guesswork.
func readCSV(data []byte, maxRows int) (*sheet, []Problem) {
	text, enc, err := decodeText(data)
	if err != nil {
		return nil, []Problem{{Msg: tillit.ErrorMessage(err)}}
	}
	delim, text := detectDelimiter(text)
	s := &sheet{format: CSV, encoding: enc, delimiter: delim}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	for {
		cells, err := r.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return s, []Problem{csvProblem(pe)}
		}
		if err != nil {
			return s, []Problem{{Msg: tillit.Msg("The file could not be read to the end. Upload it again.")}}
		}
		line, _ := r.FieldPos(0)
		if blankRow(cells) {
			continue
		}
		if s.header == nil {
			s.header, s.headerAt = cells, line
			continue
		}
		if len(s.rows) >= maxRows {
			return s, []Problem{{Line: line, Msg: tillit.Msg("The file has more than %d rows. Split it into smaller files and import them one at a time.", maxRows)}}
		}
		s.rows = append(s.rows, record{line: line, cells: cells})
	}
	return s, nil
}

func csvProblem(pe *csv.ParseError) Problem {
	p := Problem{Line: pe.StartLine, Cell: columnLetter(pe.Column - 1)}
	if pe.StartLine == 0 {
		p.Line = pe.Line
	}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		p.Msg = tillit.Msg("A quotation mark stands inside a value that does not begin with one. Put the whole value in quotation marks and write the quotation mark inside it twice, or remove it. Nothing after this line was read.")
	case errors.Is(pe.Err, csv.ErrQuote):
		p.Msg = tillit.Msg("A value that begins with a quotation mark is not closed properly. Check the quotation marks on this line. Nothing after it was read.")
	default:
		p.Msg = tillit.Msg("This line cannot be read as CSV. Nothing after it was read.")
	}
	return p
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// columnLetter is the spreadsheet name of column i (0-based): A, B, … Z,
// AA, …
func columnLetter(i int) string {
	if i < 0 {
		return ""
	}
	var b []byte
	for i >= 0 {
		b = append([]byte{byte('A' + i%26)}, b...)
		i = i/26 - 1
	}
	return string(b)
}
