package linkfmt

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/termtext"
)

// writeMarkdown writes a Markdown (CommonMark) list with one link per line:
// "- [beach.png](https://...)". Bidi controls in names are written as the
// text "\u202e", so a name cannot show itself in another order.
func writeMarkdown(w io.Writer, links []presigned.Link) error {
	for _, l := range links {
		name := markdownText(termtext.EscapeBidi(l.Name()))
		_, err := fmt.Fprintf(w, "- [%s](%s)\n", name, markdownDestination(l.URL))
		if err != nil {
			return err
		}
	}
	return nil
}

// writeHTML writes one image link per line, the image inside its link:
// `<a href="URL"><img src="URL" alt="NAME" title="NAME"></a>`. Bidi
// controls in names are written as the text "\u202e".
func writeHTML(w io.Writer, links []presigned.Link) error {
	for _, l := range links {
		u, name := htmlEscape(l.URL), htmlEscape(termtext.EscapeBidi(l.Name()))
		_, err := fmt.Fprintf(w, "<a href=\"%s\"><img src=\"%s\" alt=\"%s\" title=\"%s\"></a>\n", u, u, name, name)
		if err != nil {
			return err
		}
	}
	return nil
}

// markdownText escapes s for Markdown inline text: every ASCII punctuation
// character gets a backslash (so no bracket, emphasis, table pipe or HTML
// tag can form), and every C0 control becomes a numeric character
// reference (so a line break cannot end the link or the paragraph).
func markdownText(s string) string {
	return escapeBytes(s, func(c byte) string {
		switch {
		case c < 0x20:
			return "&#" + strconv.Itoa(int(c)) + ";"
		case c < 0x80 && isASCIIPunct(c):
			return "\\" + string(c)
		}
		return ""
	})
}

// escapeBytes returns s with every byte for which escape returns a
// replacement replaced. Only ASCII bytes may be replaced, so multi-byte
// characters pass through whole.
func escapeBytes(s string, escape func(byte) string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		r := escape(s[i])
		if r == "" {
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[last:i])
		b.WriteString(r)
		last = i + 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// isASCIIPunct reports whether c is one of CommonMark's escapable
// punctuation characters.
func isASCIIPunct(c byte) bool {
	return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

// startsReference reports whether s starts with what CommonMark reads as a
// character reference ("&amp;", "&#65;", "&#x41;"), which Markdown would
// decode inside a link destination.
func startsReference(s string) bool {
	rest, ok := strings.CutPrefix(s, "&")
	if !ok {
		return false
	}
	digits, maxLen := isAlnum, 32
	if after, ok := strings.CutPrefix(rest, "#"); ok {
		rest, digits, maxLen = after, isDigit, 7
		if after, ok := strings.CutPrefix(after, "x"); ok {
			rest, digits, maxLen = after, isHex, 6
		} else if after, ok := strings.CutPrefix(after, "X"); ok {
			rest, digits, maxLen = after, isHex, 6
		}
	}
	n := 0
	for n < len(rest) && n <= maxLen && digits(rest[n]) {
		n++
	}
	return n > 0 && n <= maxLen && n < len(rest) && rest[n] == ';'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || (c|0x20) >= 'a' && (c|0x20) <= 'f' }
func isAlnum(c byte) bool { return isDigit(c) || (c|0x20) >= 'a' && (c|0x20) <= 'z' }

// markdownDestination writes url as a CommonMark link destination that
// decodes back to exactly url: parentheses get a backslash, an "&" that
// would start a character reference is written "&amp;", and the bytes a URL
// may not hold raw (space, controls, "<", ">", "\") are percent-encoded.
// A presigned URL needs none of this; a hand-made one might.
func markdownDestination(url string) string {
	if !strings.ContainsAny(url, "()&<>\\ \x7f") && !hasControl(url) {
		return url
	}
	var b strings.Builder
	b.Grow(len(url))
	for i := 0; i < len(url); i++ {
		c := url[i]
		switch {
		case c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '\\':
			fmt.Fprintf(&b, "%%%02X", c)
		case c == '(' || c == ')':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '&' && startsReference(url[i:]):
			b.WriteString("&amp;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// htmlEscape escapes s for HTML text and quoted attribute values: the five
// special characters become entities and every C0 control a numeric
// reference (a raw carriage return would be read back as a line feed).
func htmlEscape(s string) string {
	return escapeBytes(s, func(c byte) string {
		switch c {
		case '&':
			return "&amp;"
		case '<':
			return "&lt;"
		case '>':
			return "&gt;"
		case '"':
			return "&#34;"
		case '\'':
			return "&#39;"
		}
		if c < 0x20 {
			return "&#" + strconv.Itoa(int(c)) + ";"
		}
		return ""
	})
}

// hasControl reports whether s holds a C0 control character.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 {
			return true
		}
	}
	return false
}
