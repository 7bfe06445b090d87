package imagemeta

import (
	"bytes"
	"errors"
	"io"
)

// Finding is what Location learnt about the location data in an image.
type Finding struct {
	Format Format
	// GPS is true when the image carries GPS data: EXIF GPS tags or XMP
	// GPS properties. An EXIF GPS block without tags does not count.
	GPS bool
	// Position is the position recorded, when one could be read.
	Position *Position
	// In names where the GPS data is: "EXIF", "XMP" or "PNG text".
	In []string
	// Incomplete is true when the bytes ended before all the metadata
	// was read (the first bytes of a larger file): finding no GPS data
	// then does not prove there is none. A WebP file keeps its EXIF at
	// the end, after the picture.
	Incomplete bool
}

// Location reads the location data in data, a whole image or its first
// bytes (say, what a preview fetched). It returns what it could read even
// with an error: an error from one metadata block does not hide GPS data
// found in another.
func Location(data []byte) (Finding, error) {
	return LocationAt(bytes.NewReader(data), int64(len(data)))
}

// LocationAt is Location for a file of size bytes read through r; only
// the metadata is read.
func LocationAt(r io.ReaderAt, size int64) (Finding, error) {
	src := source{r: r, size: size}
	f := Finding{Format: sniffAt(src)}
	blocks, first := walk(src, f.Format)
	if isTruncated(first) {
		f.Incomplete, first = true, nil
	}
	for _, b := range blocks {
		data, err := b.read(src)
		var g gpsFound
		if err == nil {
			g, err = b.find(data)
		}
		if isTruncated(err) {
			f.Incomplete = true
			continue
		}
		if err != nil && first == nil {
			first = err
		}
		if g.refs > 0 && (g.tags > 0 || b.kind != blockEXIF && b.kind != blockEXIFItem) {
			f.GPS = true
			f.In = appendNew(f.In, b.where())
			if f.Position == nil {
				f.Position = g.pos
			}
		}
	}
	return f, withFormat(first, f.Format)
}

// sniffAt names the format of a file from its first bytes.
func sniffAt(src source) Format {
	head := make([]byte, min(src.size, 16))
	n, _ := src.r.ReadAt(head, 0)
	return Sniff(head[:n])
}

// walk finds the metadata blocks of a file in a format.
func walk(src source, f Format) ([]block, error) {
	switch f {
	case JPEG:
		return jpegBlocks(src)
	case PNG:
		return pngBlocks(src)
	case WebP:
		return webpBlocks(src)
	case HEIF:
		return heifBlocks(src)
	case Unknown:
		return nil, unsupported("not an image format this package reads")
	}
	return nil, unsupported("location data in %s files is not read", f)
}

// where names the kind of metadata a block holds, for people.
func (b block) where() string {
	switch b.kind {
	case blockXMP:
		return "XMP"
	case blockGPSText:
		return "PNG text"
	}
	return "EXIF"
}

// isTruncated reports whether err says the bytes ended too early.
func isTruncated(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Truncated
}

// appendNew appends s to list unless it is there already.
func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
