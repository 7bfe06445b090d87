package imagemeta

import "encoding/binary"

// TIFF tags that point at other IFDs or data.
const (
	tagExifIFD     = 0x8769
	tagGPSIFD      = 0x8825
	tagInteropIFD  = 0xa005
	tagSubIFDs     = 0x014a
	tagThumbOffset = 0x0201
	tagThumbLength = 0x0202
	tagStripOffset = 0x0111
	tagStripLength = 0x0117
	tagTileOffset  = 0x0144
	tagTileLength  = 0x0145
)

// Limits on the walk, against loops and hostile files.
const (
	maxIFDs     = 64 // IFDs read in one block
	maxIFDDepth = 4  // IFD0 -> Exif -> Interop, and one more
)

// span is the byte range [off, end) of a TIFF block.
type span struct{ off, end int }

// overlaps reports whether two spans share a byte.
func (s span) overlaps(o span) bool { return s.off < o.end && o.off < s.end }

// tiff is an EXIF block: its bytes from the byte-order mark on.
type tiff struct {
	b  []byte
	bo binary.ByteOrder
}

// entry is one 12-byte IFD entry.
type entry struct {
	tag, typ uint16
	count    uint32
	at       int // offset of the entry in the block
}

// ifd is one image file directory.
type ifd struct {
	off     int // offset of its entry count
	entries []entry
	end     int    // end of its table, next-IFD pointer included when present
	next    uint32 // offset of the next IFD in the chain, or 0
}

// parseTIFF checks a TIFF header and returns the block and IFD0's offset.
func parseTIFF(b []byte) (*tiff, uint32, error) {
	if len(b) < 8 {
		return nil, 0, truncated("TIFF header")
	}
	t := &tiff{b: b}
	switch string(b[:2]) {
	case "II":
		t.bo = binary.LittleEndian
	case "MM":
		t.bo = binary.BigEndian
	default:
		return nil, 0, malformed("EXIF block has no TIFF byte-order mark")
	}
	switch t.bo.Uint16(b[2:]) {
	case 42:
	case 43:
		return nil, 0, unsupported("BigTIFF EXIF block")
	default:
		return nil, 0, malformed("EXIF block has a bad TIFF magic number")
	}
	return t, t.bo.Uint32(b[4:]), nil
}

// readIFD reads the IFD at off. A missing next-IFD pointer at the very
// end of the block is read as 0, as most readers do.
func (t *tiff) readIFD(off uint32) (ifd, error) {
	if off < 8 || uint64(off)+2 > uint64(len(t.b)) {
		return ifd{}, malformed("IFD at offset %d is outside the EXIF block", off)
	}
	n := int(t.bo.Uint16(t.b[off:]))
	d := ifd{off: int(off), end: int(off) + 2 + 12*n}
	if d.end > len(t.b) {
		return ifd{}, malformed("IFD at offset %d runs past the EXIF block", off)
	}
	for i := range n {
		at := int(off) + 2 + 12*i
		d.entries = append(d.entries, entry{
			tag: t.bo.Uint16(t.b[at:]), typ: t.bo.Uint16(t.b[at+2:]),
			count: t.bo.Uint32(t.b[at+4:]), at: at,
		})
	}
	if d.end+4 <= len(t.b) {
		d.next = t.bo.Uint32(t.b[d.end:])
		d.end += 4
	}
	return d, nil
}

// typeSize is the size in bytes of one value of a TIFF type, 0 if unknown.
func typeSize(typ uint16) int {
	switch typ {
	case 1, 2, 6, 7: // BYTE, ASCII, SBYTE, UNDEFINED
		return 1
	case 3, 8: // SHORT, SSHORT
		return 2
	case 4, 9, 11, 13: // LONG, SLONG, FLOAT, IFD
		return 4
	case 5, 10, 12: // RATIONAL, SRATIONAL, DOUBLE
		return 8
	}
	return 0
}

// value locates an entry's value: inline in the entry or out of line.
// known is false for an unknown type; inBounds is false when an
// out-of-line value does not fit in the block.
func (t *tiff) value(e entry) (s span, outOfLine, known, inBounds bool) {
	size := uint64(typeSize(e.typ)) * uint64(e.count)
	if size == 0 {
		return span{}, false, typeSize(e.typ) != 0, true
	}
	if size <= 4 {
		return span{e.at + 8, e.at + 8 + int(size)}, false, true, true
	}
	off := uint64(t.bo.Uint32(t.b[e.at+8:]))
	if off+size > uint64(len(t.b)) {
		return span{}, true, true, false
	}
	return span{int(off), int(off + size)}, true, true, true
}

// uints reads the SHORT or LONG values of an entry; ok is false for any
// other type or a value outside the block.
func (t *tiff) uints(e entry) (v []uint32, ok bool) {
	s, _, known, in := t.value(e)
	if !known || !in || (e.typ != 3 && e.typ != 4 && e.typ != 13) {
		return nil, false
	}
	for at := s.off; at < s.end; at += typeSize(e.typ) {
		if e.typ == 3 {
			v = append(v, uint32(t.bo.Uint16(t.b[at:])))
		} else {
			v = append(v, t.bo.Uint32(t.b[at:]))
		}
	}
	return v, true
}
