package linkfmt

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/termtext"
)

// csvHeader names the columns of the csv format.
var csvHeader = []string{"name", "url", "end", "label", "bucket", "key", "issued_at"}

// writeCSV writes a header and one row per link (RFC 4180 quoting by
// encoding/csv), every cell made safe for a spreadsheet by csvCell. Times
// are RFC 3339 in the printer's zone; end is the effective end.
func (p Printer) writeCSV(w io.Writer, links []presigned.Link) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	loc := p.location()
	for _, l := range links {
		row := []string{l.Name(), l.URL, csvTime(l.End(), loc), l.Label, l.Bucket, l.Key, csvTime(l.IssuedAt, loc)}
		for i, cell := range row {
			row[i] = csvCell(cell)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula (OWASP's list for CSV injection).
const formulaStarts = "=+-@\t\r"

// csvCell is s as a cell a spreadsheet shows as text: bidi controls written
// as the text "\u202e", and a "'" put before a cell that would start with
// one of formulaStarts, so that a key such as "=HYPERLINK(...)" is never
// evaluated. Every cell goes through it: URLs and times cannot start that
// way, and one rule for all is easier to trust than one per column.
func csvCell(s string) string {
	s = termtext.EscapeBidi(s)
	if s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// csvTime is t in RFC 3339 in loc, or "" for the zero time.
func csvTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(time.RFC3339)
}

// LinkJSON is one link in the json format. The fields of `presign --json`
// are kept with their names; name and end are added.
type LinkJSON struct {
	ID                 int64     `json:"id,omitempty"`
	Name               string    `json:"name"`
	Bucket             string    `json:"bucket"`
	Key                string    `json:"key"`
	URL                string    `json:"url"`
	Label              string    `json:"label,omitempty"`
	IssuedAt           time.Time `json:"issued_at"`
	ExpiresAt          time.Time `json:"expires_at"`
	EffectiveExpiresAt time.Time `json:"effective_expires_at"`
	End                time.Time `json:"end"`
	Revocable          bool      `json:"revocable"`
}

// NewLinkJSON is l as the json format writes it, times in UTC.
func NewLinkJSON(l presigned.Link) LinkJSON {
	return LinkJSON{
		ID: l.ID, Name: l.Name(), Bucket: l.Bucket, Key: l.Key, URL: l.URL, Label: l.Label,
		IssuedAt: l.IssuedAt.UTC(), ExpiresAt: l.ExpiresAt.UTC(),
		EffectiveExpiresAt: l.EffectiveExpiresAt.UTC(), End: l.End().UTC(), Revocable: l.Revocable(),
	}
}

// writeJSON writes one JSON object per line (JSON Lines), as the CLI's
// --json does. HTML characters are left unescaped so URLs read as issued;
// bidi controls are JSON-escaped ("\u202e"), so the values stay exact and
// a line shown on a terminal keeps its order.
func writeJSON(w io.Writer, links []presigned.Link) error {
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	enc.SetEscapeHTML(false)
	for _, l := range links {
		line.Reset()
		if err := enc.Encode(NewLinkJSON(l)); err != nil {
			return err
		}
		// Outside ASCII, encoded JSON holds characters only inside strings,
		// where EscapeBidi's "\u202e" is the JSON escape of the same rune.
		if _, err := io.WriteString(w, termtext.EscapeBidi(line.String())); err != nil {
			return err
		}
	}
	return nil
}
