package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/s3share/s3share/termtext"
)

// urlLines lays a revealed URL out for copying by hand: cut into rows of
// exactly w cells with nothing inserted (no indent, no padding, no
// hyphen), so joining the rows gives the URL back; each row is an OSC 8
// hyperlink to the whole URL, which terminals that know OSC 8 open on a
// click.
func urlLines(u string, w int) []string {
	u = termtext.Escape(u)
	w = max(w, 1)
	var out []string
	for len(u) > 0 {
		n := min(w, len(u)) // escaped URLs are ASCII: one byte per cell
		out = append(out, ansi.SetHyperlink(u)+u[:n]+ansi.ResetHyperlink())
		u = u[n:]
	}
	return out
}

// maskURL hides the whole query of a presigned URL (signature, credential,
// security token): "scheme://host/path?…".
func maskURL(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		u = u[:i] + "?…"
	}
	return termtext.Escape(u)
}

// splitLines and joinLines convert between a block and its rows.
func splitLines(s string) []string { return strings.Split(s, "\n") }
func joinLines(l []string) string  { return strings.Join(l, "\n") }

// scroller is a scroll offset over a list of lines taller than the screen.
type scroller struct{ offset int }

// window returns the lines to show in h rows from the offset, clamping it.
func (s *scroller) window(lines []string, h int) []string {
	s.offset = max(0, min(s.offset, len(lines)-h))
	return lines[s.offset:min(len(lines), s.offset+max(h, 0))]
}
