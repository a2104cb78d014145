package filestore

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameRunes is the longest name CleanName returns, in characters.
const MaxNameRunes = 150

// CleanName makes a safe display and download name from an uploaded one:
// the base name only (after the last / or \), without control or
// formatting characters (including the bidirectional overrides that make
// "evil\u202Efdp.exe" look like "evilexe.pdf"), quotes, or the characters
// Windows forbids in names (<>:|?*); runs of white space become one space,
// leading and trailing spaces and dots are removed, names Windows reserves
// (CON, NUL, COM1, ...) get a leading "_", and long names are cut to
// MaxNameRunes characters, keeping the extension. Letters of any script,
// Swedish å, ä and ö included, are kept. An empty result is "attachment".
func CleanName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	space := false
	for _, r := range strings.ToValidUTF8(name, "") {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Co, r),
			unicode.Is(unicode.Cs, r), r == utf8.RuneError, !unicode.IsPrint(r),
			strings.ContainsRune("\"'`<>:|?*/\\", r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	name = trimName(b.String())

	stem, ext := splitExt(name)
	if reservedWindowsName(stem) {
		name = "_" + name
	}
	if utf8.RuneCountInString(name) > MaxNameRunes {
		stem, ext = splitExt(name)
		if utf8.RuneCountInString(ext) > 16 {
			stem, ext = name, ""
		}
		stem = trimName(truncateRunes(stem, MaxNameRunes-utf8.RuneCountInString(ext)))
		name = trimName(stem + ext)
	}
	if name == "" {
		return "attachment"
	}
	return name
}

func trimName(s string) string { return strings.Trim(s, " .") }

// splitExt splits "a.b.pdf" into "a.b" and ".pdf"; a name without a dot, or
// with only a leading one, has no extension.
func splitExt(name string) (stem, ext string) {
	ext = path.Ext(name)
	if ext == name {
		return name, ""
	}
	return name[:len(name)-len(ext)], ext
}

func truncateRunes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

func reservedWindowsName(stem string) bool {
	s := strings.ToUpper(strings.TrimRight(stem, " ."))
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = s[:i] // "CON.tar" is as reserved as "CON"
	}
	switch s {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(s) == 4 && (strings.HasPrefix(s, "COM") || strings.HasPrefix(s, "LPT")) && '0' <= s[3] && s[3] <= '9' {
		return true
	}
	return false
}

// ContentDisposition returns a Content-Disposition header value that makes
// the browser download the file as CleanName(name): a plain ASCII
// filename="..." for old clients and a filename* parameter with the exact
// name, UTF-8 and percent-encoded, for the rest (RFC 6266, RFC 5987). Swedish and other accented
// letters become their base letter in the ASCII fallback (å → a), other
// non-ASCII characters "_".
func ContentDisposition(name string) string {
	name = CleanName(name)
	var ascii, enc strings.Builder
	for _, r := range name {
		switch {
		case r < utf8.RuneSelf:
			ascii.WriteRune(r)
		case asciiFold(r) != 0:
			ascii.WriteByte(asciiFold(r))
		case unicode.IsMark(r):
			// a combining accent (from a decomposed name): drop it
		default:
			ascii.WriteByte('_')
		}
	}
	for _, c := range []byte(name) {
		if isAttrChar(c) {
			enc.WriteByte(c)
		} else {
			const hex = "0123456789ABCDEF"
			enc.WriteByte('%')
			enc.WriteByte(hex[c>>4])
			enc.WriteByte(hex[c&15])
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + enc.String()
}

// isAttrChar reports whether c may stand unencoded in an RFC 5987 value.
func isAttrChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}

// asciiFold maps the accented Latin letters common in Swedish and its
// neighbours' names to a base letter, or 0.
func asciiFold(r rune) byte {
	const from = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿÆæŒœßÐðÞþ"
	const to = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyyAaOosDdTt"
	i := 0
	for _, f := range from {
		if f == r {
			return to[i]
		}
		i++
	}
	return 0
}
