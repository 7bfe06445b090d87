package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/dustin/go-humanize"

	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/termtext"
)

// record is one thing a command prints, in both of its forms: a line of
// text for people (anything from outside escaped) and an object for
// scripts (exact), as s5cmd's String/JSON pair.
type record interface {
	text() string
	object() any
}

// printer writes records in the output the user chose (--output, or its
// alias --json): a text line each, or a JSON object per line.
type printer struct {
	w    io.Writer
	json *json.Encoder // nil for text
}

// out is the printer for the chosen output, on stdout.
func (g *globals) out() *printer { return g.outTo(g.stdout) }

// outTo is the printer for the chosen output, on w.
func (g *globals) outTo(w io.Writer) *printer {
	p := &printer{w: w}
	if g.jsonOutput() {
		p.json = json.NewEncoder(w)
		p.json.SetEscapeHTML(false) // URLs read as issued
	}
	return p
}

// jsonOutput reports whether records are printed as JSON.
func (g *globals) jsonOutput() bool { return g.Output == "json" || g.JSON }

// print writes each record.
func (p *printer) print(records ...record) error {
	for _, r := range records {
		var err error
		if p.json != nil {
			err = p.json.Encode(r.object())
		} else {
			_, err = fmt.Fprintln(p.w, r.text())
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// links writes issued links: as records in JSON, else in format f (url,
// markdown, message...), the printers of the client-ready formats.
func (p *printer) links(links []presigned.Link, f linkfmt.Format, now func() time.Time, rec func(presigned.Link) record) error {
	if p.json == nil {
		return linkfmt.Printer{Format: f, Now: now}.Write(p.w, links)
	}
	for _, l := range links {
		if err := p.print(rec(l)); err != nil {
			return err
		}
	}
	return nil
}

// bucketRecord is one bucket of `buckets`.
type bucketRecord struct{ s3browse.Bucket }

func (r bucketRecord) text() string {
	return fmt.Sprintf("%-40s %s", termtext.Escape(r.Name), termtext.Escape(orDash(r.Region)))
}

func (r bucketRecord) object() any {
	return struct {
		Name    string    `json:"name"`
		Region  string    `json:"region"`
		Created time.Time `json:"created"`
	}{r.Name, r.Region, r.Created.UTC()}
}

// folderRecord is a folder of a listing.
type folderRecord string

func (r folderRecord) text() string {
	return fmt.Sprintf("%27s  %s", "DIR", termtext.Escape(string(r)))
}
func (r folderRecord) object() any { return entryJSON{Type: "folder", Key: string(r)} }

// objectRecord is an object of a listing (ls, find).
type objectRecord struct{ s3browse.Object }

func (r objectRecord) text() string {
	return fmt.Sprintf("%s %10s  %s", r.LastModified.Local().Format("2006-01-02 15:04"),
		humanize.Bytes(uint64(r.Size)), termtext.Escape(r.Key))
}

func (r objectRecord) object() any {
	mod, size := r.LastModified.UTC(), r.Size
	return entryJSON{Type: "object", Key: r.Key, Size: &size, LastModified: &mod, ETag: r.ETag}
}

// entryJSON is one entry of a listing in JSON.
type entryJSON struct {
	Type         string     `json:"type"`
	Key          string     `json:"key"`
	Size         *int64     `json:"size,omitempty"` // nil for folders; 0 is a size
	LastModified *time.Time `json:"last_modified,omitempty"`
	ETag         string     `json:"etag,omitempty"`
}

// orDash is s, or "-" for nothing.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
