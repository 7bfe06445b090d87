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

// jpegBlocks finds the EXIF and XMP segments before the first scan. The
// segments after it (a rare place for metadata) are not read.
func jpegBlocks(src source) ([]block, error) {
	var blocks []block
	pos := int64(2)
	for range maxSegments {
		m, err := src.read(pos, 2, "JPEG marker")
		if err != nil {
			return blocks, err
		}
		switch {
		case m[0] != 0xff:
			return blocks, malformed("no JPEG marker at byte %d", pos)
		case m[1] == 0xff: // fill byte
			pos++
			continue
		case m[1] == 0xda || m[1] == 0xd9: // start of scan, end of image
			return blocks, nil
		case m[1] == 0x01 || m[1] >= 0xd0 && m[1] <= 0xd8: // no length
			pos += 2
			continue
		}
		l, err := src.read(pos+2, 2, "JPEG segment")
		if err != nil {
			return blocks, err
		}
		n := int64(binary.BigEndian.Uint16(l))
		if n < 2 {
			return blocks, malformed("JPEG segment at byte %d has length %d", pos, n)
		}
		if m[1] == 0xe1 {
			b, err := jpegAPP1(src, pos+4, n-2)
			if err != nil {
				return blocks, err
			}
			blocks = append(blocks, b...)
		}
		pos += 2 + n
	}
	return blocks, malformed("more than %d JPEG segments before the image data", maxSegments)
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
