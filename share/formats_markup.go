package share

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// writeMarkdown writes a Markdown (CommonMark) list with one link per line:
// "- [beach.png](https://...)".
func writeMarkdown(w io.Writer, links []Link) error {
	for _, l := range links {
		_, err := fmt.Fprintf(w, "- [%s](%s)\n", markdownText(DisplayName(l.Key)), markdownDestination(l.URL))
		if err != nil {
			return err
		}
	}
	return nil
}

// writeHTML writes one image link per line, the image inside its link:
// `<a href="URL"><img src="URL" alt="NAME" title="NAME"></a>`.
func writeHTML(w io.Writer, links []Link) error {
	for _, l := range links {
		u, name := htmlEscape(l.URL), htmlEscape(DisplayName(l.Key))
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
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for _, r := range s {
		switch {
		case r < 0x20:
			b.WriteString("&#" + strconv.Itoa(int(r)) + ";")
		case r < 0x80 && isASCIIPunct(byte(r)):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isASCIIPunct reports whether c is one of CommonMark's escapable
// punctuation characters.
func isASCIIPunct(c byte) bool {
	return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

// entityLike matches the start of a character reference, which Markdown
// would decode inside a link destination.
var entityLike = regexp.MustCompile(`^&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});`)

// markdownDestination writes url as a CommonMark link destination that
// decodes back to exactly url: parentheses get a backslash, an "&" that
// would start a character reference is written "&amp;", and the bytes a URL
// may not hold raw (space, controls, "<", ">", "\") are percent-encoded.
// A presigned URL needs none of this; a hand-made one might.
func markdownDestination(url string) string {
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
		case c == '&' && entityLike.MatchString(url[i:]):
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
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			if r < 0x20 {
				b.WriteString("&#" + strconv.Itoa(int(r)) + ";")
			} else {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}
