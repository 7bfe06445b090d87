package presigned

import "strings"

// ContentDisposition returns an attachment header for filename (RFC 6266):
// a quoted ASCII fallback, plus filename*=UTF-8”... (RFC 5987) when the
// name is not plain ASCII. Path separators and control characters are
// replaced; an empty name gives plain "attachment".
func ContentDisposition(filename string) string {
	name := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '/' || r == '\\' {
			return '_'
		}
		return r
	}, filename)
	if name == "" {
		return "attachment"
	}
	fallback := asciiFallback(name)
	h := `attachment; filename="` + fallback + `"`
	if fallback != name {
		h += "; filename*=UTF-8''" + percentEncode(name)
	}
	return h
}

// asciiFallback replaces non-ASCII runes, quotes and backslashes with "_".
func asciiFallback(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0x7e || r == '"' || r == '%' {
			return '_'
		}
		return r
	}, s)
}

// percentEncode encodes every byte outside RFC 5987's attr-char set.
func percentEncode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isAttrChar(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// isAttrChar reports whether c may appear unencoded in an RFC 5987 value.
func isAttrChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}
