package share

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"time"
)

// csvHeader names the columns of the csv format.
var csvHeader = []string{"name", "url", "end", "label", "bucket", "key", "issued_at"}

// writeCSV writes a header and one row per link (RFC 4180 quoting by
// encoding/csv). Times are RFC 3339 in the printer's zone; end is the
// effective end.
func (p Printer) writeCSV(w io.Writer, links []Link) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	loc := p.location()
	for _, l := range links {
		row := []string{l.Name(), l.URL, csvTime(l.End(), loc), l.Label, l.Bucket, l.Key, csvTime(l.IssuedAt, loc)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
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
func NewLinkJSON(l Link) LinkJSON {
	return LinkJSON{
		ID: l.ID, Name: l.Name(), Bucket: l.Bucket, Key: l.Key, URL: l.URL, Label: l.Label,
		IssuedAt: l.IssuedAt.UTC(), ExpiresAt: l.ExpiresAt.UTC(),
		EffectiveExpiresAt: l.EffectiveExpiresAt.UTC(), End: l.End().UTC(), Revocable: l.Revocable(),
	}
}

// writeJSON writes one JSON object per line (JSON Lines), as the CLI's
// --json does. HTML characters are left unescaped so URLs read as issued.
func writeJSON(w io.Writer, links []Link) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, l := range links {
		if err := enc.Encode(NewLinkJSON(l)); err != nil {
			return err
		}
	}
	return nil
}
