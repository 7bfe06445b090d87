// Package termtext makes text that came from outside (object keys, labels,
// bucket names, server messages) safe to show on a terminal: control
// characters are written as visible escapes instead of being sent raw, so a
// key cannot clear the screen, move the cursor or forge a line of output,
// and bidirectional controls are written visibly too, so a key cannot show
// its name in another order. EscapeBidi does the latter alone, for the
// human-facing link formats (Markdown, HTML, CSV, the gallery page) that
// escape the rest their own way.
package termtext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Escape returns s with every control character written visibly: "\n",
// "\r", "\t" and "\x1b"-style escapes for C0 and DEL, "\u0085"-style for C1
// controls and for the bidirectional controls that reorder what a line
// appears to say (see IsBidiControl), and "\xNN" for bytes that are not
// UTF-8. Everything else,
// backslashes included, is kept as is. Text with nothing to escape is
// returned unchanged without allocating.
func Escape(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			b.WriteString(escapeRune(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstUnsafe returns the byte offset of the first rune Escape rewrites,
// or -1 when there is none.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			return i
		}
		if c < utf8.RuneSelf {
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || unsafeRune(r) {
			return i
		}
		i += size - 1
	}
	return -1
}

// unsafeRune reports whether r must not reach a terminal raw.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	}
	return IsBidiControl(r)
}

// IsBidiControl reports whether r is one of the invisible characters that
// change the order a line is shown in, so that "rtl\u202egnp.exe" reads as
// "rtlexe.png": the embeddings and overrides (U+202A..U+202E), the isolates
// (U+2066..U+2069) and the marks LRM, RLM and ALM (U+200E, U+200F, U+061C).
func IsBidiControl(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return r == 0x200e || r == 0x200f || r == 0x061c
}

// EscapeBidi returns s with only its bidirectional controls written
// visibly, "\u202e"-style as Escape writes them, for text whose other
// characters are escaped another way (HTML, Markdown, CSV): the trick
// shows and the name stays recognisable. Everything else, invalid UTF-8
// included, is kept as is; text without bidi controls is returned
// unchanged without allocating.
func EscapeBidi(s string) string {
	i := strings.IndexFunc(s, IsBidiControl)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i >= 0 {
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[:i])
		b.WriteString(escapeRune(r))
		s = s[i+size:]
		i = strings.IndexFunc(s, IsBidiControl)
	}
	b.WriteString(s)
	return b.String()
}

// escapeRune writes one unsafe rune the way Go source would.
func escapeRune(r rune) string {
	switch r {
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	}
	if r < 0x80 {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}
