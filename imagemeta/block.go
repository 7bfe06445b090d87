package imagemeta

import "encoding/binary"

// blockKind says what a metadata block holds.
type blockKind int

const (
	blockEXIF     blockKind = iota // a TIFF structure from its first byte
	blockEXIFItem                  // a HEIF Exif item: a 4-byte offset to the TIFF header first
	blockXMP                       // an XMP packet
	blockGPSText                   // a text chunk that is all location (PNG "exif:GPSLatitude")
)

// block is one piece of metadata in a file that may hold location data.
type block struct {
	kind   blockKind
	pieces []piece // where its bytes are in the file, in order
	// decode returns the metadata inside the block's bytes, when that is
	// not simply all of them (a PNG text chunk). When it is set, encode
	// turns the stripped metadata into the edits of the file.
	decode func(data []byte) ([]byte, error)
	encode func(payload []byte) ([]edit, error)
}

// length is the number of file bytes in the block.
func (b block) length() int64 {
	var n int64
	for _, p := range b.pieces {
		n += p.n
	}
	return n
}

// read returns the block's bytes.
func (b block) read(src source) ([]byte, error) {
	if n := b.length(); n > maxBlock {
		return nil, tooLarge("metadata block", n)
	}
	var out []byte
	for _, p := range b.pieces {
		d, err := src.read(p.off, p.n, "metadata block")
		if err != nil {
			return nil, err
		}
		out = append(out, d...)
	}
	return out, nil
}

// payload returns the metadata inside a block's bytes: data itself or a
// part of it (to be edited in place), or a decoded copy.
func (b block) payload(data []byte) ([]byte, error) {
	if b.decode != nil {
		return b.decode(data)
	}
	if b.kind != blockEXIFItem {
		return data, nil
	}
	if len(data) < 4 {
		return nil, truncated("Exif item")
	}
	off := uint64(binary.BigEndian.Uint32(data)) + 4
	if off > uint64(len(data)) {
		return nil, malformed("Exif item's TIFF header offset is past its end")
	}
	return data[off:], nil
}

// find reads a block's location data.
func (b block) find(data []byte) (gpsFound, error) {
	p, err := b.payload(data)
	if err != nil {
		return gpsFound{}, err
	}
	switch b.kind {
	case blockXMP:
		return xmpGPS(p), nil
	case blockGPSText:
		return gpsFound{refs: 1, tags: 1}, nil
	}
	return exifGPS(p)
}

// strip removes a block's location data and returns the edits that do it
// in the file.
func (b block) strip(data []byte) (gpsFound, []edit, error) {
	edited := append([]byte(nil), data...)
	p, err := b.payload(edited)
	if err != nil {
		return gpsFound{}, nil, err
	}
	var f gpsFound
	switch b.kind {
	case blockXMP:
		f, err = stripXMP(p)
	case blockGPSText:
		f = gpsFound{refs: 1, tags: 1}
	default:
		f, err = stripEXIF(p)
	}
	if err != nil || f.refs == 0 {
		return gpsFound{}, nil, err
	}
	if b.encode != nil {
		edits, err := b.encode(p)
		return f, edits, err
	}
	return f, diffEdits(b.pieces, data, edited), nil
}

// refuse is the encode of a block whose location data cannot be removed.
func refuse(what string) func([]byte) ([]edit, error) {
	return func([]byte) ([]edit, error) {
		return nil, unsupported("location data in %s is not removed", what)
	}
}
