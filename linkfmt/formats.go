package linkfmt

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/s3share/s3share/presigned"
)

// Format is a way of writing a set of issued links: for a person to paste
// (url, markdown, html, message), for a spreadsheet (csv) or for a program
// to read (json). The formats that show names to people (markdown, html,
// message, csv) write bidi controls as the text "\u202e", and csv keeps
// cells from starting a formula; only json holds keys and labels exactly.
type Format int

// The formats, in the order they are offered.
const (
	FormatURL      Format = iota // one URL per line
	FormatMarkdown               // a Markdown list of [name](url)
	FormatHTML                   // one <a href><img></a> per line
	FormatMessage                // a note for mail or chat: count, end, one line per image
	FormatCSV                    // a header, then one row per link
	FormatJSON                   // one JSON object per line (JSON Lines)
)

var formatNames = [...]string{"url", "markdown", "html", "message", "csv", "json"}

// Formats lists every format, in the order they are offered.
func Formats() []Format {
	return []Format{FormatURL, FormatMarkdown, FormatHTML, FormatMessage, FormatCSV, FormatJSON}
}

// String is the format's name, as ParseFormat accepts it.
func (f Format) String() string {
	if f < 0 || int(f) >= len(formatNames) {
		return fmt.Sprintf("Format(%d)", int(f))
	}
	return formatNames[f]
}

// ParseFormat reads a format name ("url", "markdown", "html", "message",
// "csv", "json"; case and surrounding spaces ignored). The error is one line
// that lists the allowed names.
func ParseFormat(s string) (Format, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for i, n := range formatNames {
		if name == n {
			return Format(i), nil
		}
	}
	return 0, fmt.Errorf("unknown format %q: use one of %s", s, strings.Join(formatNames[:], ", "))
}

// UnmarshalText sets f from its name, as ParseFormat reads it: command-line
// parsers and settings files take a Format directly.
func (f *Format) UnmarshalText(text []byte) error {
	parsed, err := ParseFormat(string(text))
	if err != nil {
		return err
	}
	*f = parsed
	return nil
}

// Printer writes links in one format. The zero value writes URLs one per
// line; Now and Location matter only to the message format.
type Printer struct {
	Format   Format
	Now      func() time.Time // the clock for "in 24 hours"; nil means time.Now
	Location *time.Location   // the zone the end time is written in; nil means time.Local
}

// Write writes links to w in p.Format. Names come from the keys' base names;
// the end of a link is its effective end (Link.End).
func (p Printer) Write(w io.Writer, links []presigned.Link) error {
	bw := bufio.NewWriter(w)
	var err error
	switch p.Format {
	case FormatURL:
		err = writeURLs(bw, links)
	case FormatMarkdown:
		err = writeMarkdown(bw, links)
	case FormatHTML:
		err = writeHTML(bw, links)
	case FormatMessage:
		err = p.writeMessage(bw, links)
	case FormatCSV:
		err = p.writeCSV(bw, links)
	case FormatJSON:
		err = writeJSON(bw, links)
	default:
		return fmt.Errorf("unknown format %v", p.Format)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// Text returns what Write would write, for a clipboard. Only an unknown
// Format fails.
func (p Printer) Text(links []presigned.Link) (string, error) {
	var b strings.Builder
	if err := p.Write(&b, links); err != nil {
		return "", err
	}
	return b.String(), nil
}

// now is the printer's clock.
func (p Printer) now() time.Time {
	if p.Now == nil {
		return time.Now()
	}
	return p.Now()
}

// location is the printer's zone.
func (p Printer) location() *time.Location {
	if p.Location == nil {
		return time.Local
	}
	return p.Location
}

// writeURLs writes one URL per line.
func writeURLs(w io.Writer, links []presigned.Link) error {
	for _, l := range links {
		if _, err := fmt.Fprintln(w, l.URL); err != nil {
			return err
		}
	}
	return nil
}
