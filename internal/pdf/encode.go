package pdf

import (
	"strings"
	"unicode/utf16"
)

// The core fonts (Helvetica) are single-byte fonts that fpdf writes with
// /WinAnsiEncoding, so every string must reach fpdf as cp1252 bytes. We
// translate ourselves rather than with fpdf's UnicodeTranslatorFromDescriptor
// because that one turns unknown runes into '.', which silently corrupts
// numbers ("1.5" from "1⅕"); '?' is visibly a replacement.

// cp1252High returns the cp1252 byte for a rune of its 0x80–0x9F block
// (0xA0–0xFF are Latin-1 and map to themselves).
func cp1252High(r rune) (byte, bool) {
	switch r {
	case '€':
		return 0x80, true
	case '‚':
		return 0x82, true
	case 'ƒ':
		return 0x83, true
	case '„':
		return 0x84, true
	case '…':
		return 0x85, true
	case '†':
		return 0x86, true
	case '‡':
		return 0x87, true
	case 'ˆ':
		return 0x88, true
	case '‰':
		return 0x89, true
	case 'Š':
		return 0x8A, true
	case '‹':
		return 0x8B, true
	case 'Œ':
		return 0x8C, true
	case 'Ž':
		return 0x8E, true
	case '‘':
		return 0x91, true
	case '’':
		return 0x92, true
	case '“':
		return 0x93, true
	case '”':
		return 0x94, true
	case '•':
		return 0x95, true
	case '–':
		return 0x96, true
	case '—':
		return 0x97, true
	case '˜':
		return 0x98, true
	case '™':
		return 0x99, true
	case 'š':
		return 0x9A, true
	case '›':
		return 0x9B, true
	case 'œ':
		return 0x9C, true
	case 'ž':
		return 0x9E, true
	case 'Ÿ':
		return 0x9F, true
	}
	return 0, false
}

const nbsp = 0xA0

// toCP1252 converts UTF-8 text to the bytes a core font prints. Newlines
// are kept (callers split on them); other control characters are dropped.
func toCP1252(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7F:
			// \r and other controls print as boxes in some viewers.
		case r < 0x80:
			b.WriteByte(byte(r))
		case r == 0xAD, r == 0x200B, r == 0x200C, r == 0x200D, r == 0x2060, r == 0xFEFF:
			// Soft hyphen and zero-width characters: a core font would
			// print the soft hyphen as a real one, the others as '?'.
		case r == 0x2212, r == 0x2010, r == 0x2011:
			// The minus sign and hyphens are not in cp1252; the hyphen-minus
			// is what readers expect in "−12 %".
			b.WriteByte('-')
		case r == 0x202F, r == 0x2009, r == 0x2007, r == 0x200A, r == 0x2008:
			// Narrow, thin and figure spaces separate digit groups
			// ("6 730 316"): a no-break space keeps the number on one line.
			b.WriteByte(nbsp)
		case r >= 0x2000 && r <= 0x2006, r == 0x205F, r == 0x3000:
			b.WriteByte(' ')
		case r >= 0xA0 && r <= 0xFF:
			b.WriteByte(byte(r))
		default:
			if c, ok := cp1252High(r); ok {
				b.WriteByte(c)
			} else {
				b.WriteByte('?')
			}
		}
	}
	return b.String()
}

// utf16BE returns s as a PDF text string in UTF-16BE with a byte order
// mark, the form PDF requires for non-Latin-1 text outside content
// streams (bookmarks); fpdf escapes it when writing.
func utf16BE(s string) string {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 0, 2+2*len(u))
	b = append(b, 0xFE, 0xFF)
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return string(b)
}
