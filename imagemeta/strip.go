package imagemeta

import (
	"bytes"
	"cmp"
	"io"
	"slices"
	"strings"
)

// Report says what a removal took out of an image.
type Report struct {
	Format  Format
	Removed []Removal // empty when the image had no location data
}

// Removal is the location data taken out of one metadata block.
type Removal struct {
	In       string    // "EXIF", "XMP" or "PNG text"
	Tags     int       // GPS tags or properties removed
	Position *Position // the position they recorded, when readable
}

// Changed reports whether anything was removed.
func (r Report) Changed() bool { return len(r.Removed) > 0 }

// Position returns the first position removed, or nil.
func (r Report) Position() *Position {
	for _, m := range r.Removed {
		if m.Position != nil {
			return m.Position
		}
	}
	return nil
}

// String says in a few words what was removed: "GPS position removed
// (EXIF, XMP)", "GPS tags removed (EXIF)", "empty GPS block removed
// (EXIF)" or "no location data found".
func (r Report) String() string {
	if !r.Changed() {
		return "no location data found"
	}
	var in []string
	tags := 0
	for _, m := range r.Removed {
		in = appendNew(in, m.In)
		tags += m.Tags
	}
	what := "GPS tags removed"
	switch {
	case r.Position() != nil:
		what = "GPS position removed"
	case tags == 0:
		what = "empty GPS block removed"
	}
	return what + " (" + strings.Join(in, ", ") + ")"
}

// Plan is a removal worked out but not yet applied: the edits that take
// the location data out of one file.
type Plan struct {
	report Report
	edits  []edit // sorted, not overlapping
	size   int64  // of the original file
}

// PlanStrip reads the metadata of a file of size bytes through r and works
// out the edits that remove its location data. Only the metadata is read,
// so a file of any size costs a few small reads. Nothing to remove is a
// Plan with an empty report, whose Open gives the file unchanged. A file
// whose location data cannot be removed safely is an error, and no plan.
func PlanStrip(r io.ReaderAt, size int64) (*Plan, error) {
	src := source{r: r, size: size}
	f := sniffAt(src)
	blocks, err := walk(src, f)
	if err != nil {
		return nil, withFormat(err, f)
	}
	p := &Plan{report: Report{Format: f}, size: size}
	for _, b := range blocks {
		data, err := b.read(src)
		if err != nil {
			return nil, withFormat(err, f)
		}
		g, edits, err := b.strip(data)
		if err != nil {
			return nil, withFormat(err, f)
		}
		if g.refs > 0 {
			p.edits = append(p.edits, edits...)
			p.report.Removed = append(p.report.Removed, Removal{In: b.where(), Tags: g.tags, Position: g.pos})
		}
	}
	slices.SortFunc(p.edits, func(a, b edit) int { return cmp.Compare(a.off, b.off) })
	for i := 1; i < len(p.edits); i++ {
		if prev := p.edits[i-1]; prev.off+prev.n > p.edits[i].off {
			return nil, withFormat(malformed("metadata blocks overlap"), f)
		}
	}
	return p, nil
}

// Report says what the plan removes.
func (p *Plan) Report() Report { return p.report }

// Size is the length of the file the plan gives.
func (p *Plan) Size() int64 {
	n := p.size
	for _, e := range p.edits {
		n += int64(len(e.data)) - e.n
	}
	return n
}

// Open returns the file without its location data, read through src (the
// same file the plan was made from) with the edits laid over it. It is
// an io.Reader, io.ReaderAt and io.Seeker, so an upload can read it in
// parallel parts; nothing is held in memory but the edits.
func (p *Plan) Open(src io.ReaderAt) *io.SectionReader {
	return io.NewSectionReader(newEditedReader(src, p.size, p.edits), 0, p.Size())
}

// Apply returns data, the bytes the plan was made from, without their
// location data: data itself when there is nothing to remove.
func (p *Plan) Apply(data []byte) []byte {
	if len(p.edits) == 0 {
		return data
	}
	var out bytes.Buffer
	out.Grow(int(p.Size()))
	at := int64(0)
	for _, e := range p.edits {
		out.Write(data[at:e.off])
		out.Write(e.data)
		at = e.off + e.n
	}
	out.Write(data[at:])
	return out.Bytes()
}

// StripLocation returns an image without its location data, and what was
// removed. The pixels and every other byte of metadata stay as they are.
// An image without location data comes back as data itself. On error
// (unsupported format, metadata that cannot be edited safely) it returns
// nil and the caller decides whether to use the original.
func StripLocation(data []byte) ([]byte, Report, error) {
	p, err := PlanStrip(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, Report{Format: Sniff(data)}, err
	}
	return p.Apply(data), p.report, nil
}
