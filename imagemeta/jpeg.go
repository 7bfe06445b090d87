package imagemeta

import (
	"bytes"
	"encoding/binary"
)

// JPEG APP1 signatures.
var (
	exifSignature   = []byte("Exif\x00")
	xmpSignature    = []byte("http://ns.adobe.com/xap/1.0/\x00")
	xmpExtSignature = []byte("http://ns.adobe.com/xmp/extension/\x00")
)

// maxSegments bounds the markers read before the first scan.
const maxSegments = 1 << 16

// jpegBlocks finds the EXIF and XMP segments before the first scan, and
// those of the other pictures a multi-picture (MPF) index lists, such as
// the gain map or depth map phones append after the main picture.
// Segments after a scan (a rare place for metadata) are not read.
func jpegBlocks(src source) ([]block, error) {
	blocks, more, err := jpegSegments(src, 0)
	seen := map[int64]bool{0: true}
	for _, at := range more {
		if err != nil {
			break
		}
		if seen[at] {
			continue
		}
		seen[at] = true
		var b []block
		b, _, err = jpegSegments(src, at)
		blocks = append(blocks, b...)
	}
	return blocks, err
}

// jpegSegments walks the segments of the JPEG picture at start up to its
// first scan: its metadata blocks, and the offsets of the pictures its
// MPF index lists.
func jpegSegments(src source, start int64) (blocks []block, more []int64, err error) {
	soi, err := src.read(start, 2, "JPEG picture")
	if err != nil {
		return nil, nil, err
	}
	if soi[0] != 0xff || soi[1] != 0xd8 {
		return nil, nil, malformed("no JPEG picture at byte %d", start)
	}
	pos := start + 2
	for range maxSegments {
		m, err := src.read(pos, 2, "JPEG marker")
		if err != nil {
			return blocks, more, err
		}
		switch {
		case m[0] != 0xff:
			return blocks, more, malformed("no JPEG marker at byte %d", pos)
		case m[1] == 0xff: // fill byte
			pos++
			continue
		case m[1] == 0xda || m[1] == 0xd9: // start of scan, end of image
			return blocks, more, nil
		case m[1] == 0x01 || m[1] >= 0xd0 && m[1] <= 0xd8: // no length
			pos += 2
			continue
		}
		l, err := src.read(pos+2, 2, "JPEG segment")
		if err != nil {
			return blocks, more, err
		}
		n := int64(binary.BigEndian.Uint16(l))
		if n < 2 {
			return blocks, more, malformed("JPEG segment at byte %d has length %d", pos, n)
		}
		switch m[1] {
		case 0xe1:
			b, err := jpegAPP1(src, pos+4, n-2)
			if err != nil {
				return blocks, more, err
			}
			blocks = append(blocks, b...)
		case 0xe2:
			if start == 0 {
				if more, err = mpfPictures(src, pos+4, n-2); err != nil {
					return blocks, more, err
				}
			}
		}
		pos += 2 + n
	}
	return blocks, more, malformed("more than %d JPEG segments before the image data", maxSegments)
}

// mpfPictures reads an APP2 MPF index and returns the file offsets of the
// pictures after the first.
func mpfPictures(src source, off, n int64) ([]int64, error) {
	head, err := src.read(off, min(n, 4), "JPEG APP2 segment")
	if err != nil || string(head) != "MPF\x00" {
		return nil, err
	}
	p, err := src.read(off+4, n-4, "JPEG MPF index")
	if err != nil {
		return nil, err
	}
	t, first, err := parseTIFF(p)
	if err != nil {
		return nil, err
	}
	d, err := t.readIFD(first)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, e := range d.entries {
		v, _, _, in := t.value(e)
		if e.tag != 0xb002 || e.typ != 7 || !in {
			continue
		}
		for at := v.off; at+16 <= v.end; at += 16 {
			if rel := int64(t.bo.Uint32(t.b[at+8:])); rel != 0 {
				out = append(out, off+4+rel)
			}
		}
	}
	return out, nil
}

// jpegAPP1 returns the block an APP1 payload holds, if it is EXIF or XMP.
func jpegAPP1(src source, off, n int64) ([]block, error) {
	head, err := src.read(off, min(n, int64(len(xmpExtSignature))), "JPEG APP1 segment")
	if err != nil {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, exifSignature) && n >= 6:
		return []block{{kind: blockEXIF, pieces: []piece{{off + 6, n - 6}}}}, nil
	case bytes.HasPrefix(head, xmpSignature):
		l := int64(len(xmpSignature))
		return []block{{kind: blockXMP, pieces: []piece{{off + l, n - l}}}}, nil
	case bytes.HasPrefix(head, xmpExtSignature):
		// Extended XMP: a part of a larger packet, with a digest of the
		// whole; its GPS data is found but not removed.
		l := int64(len(xmpExtSignature))
		return []block{{kind: blockXMP, pieces: []piece{{off + l, n - l}}, encode: refuse("extended XMP")}}, nil
	}
	return nil, nil
}
