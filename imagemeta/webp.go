package imagemeta

import (
	"bytes"
	"encoding/binary"
)

// webpBlocks finds the EXIF and XMP chunks of a WebP file. They usually
// come after the image data; the chunks before them are skipped by their
// sizes, not read.
func webpBlocks(src source) ([]block, error) {
	h, err := src.read(4, 4, "RIFF header")
	if err != nil {
		return nil, err
	}
	end := 8 + int64(binary.LittleEndian.Uint32(h))
	if end > src.size {
		return nil, truncated("WebP RIFF container")
	}
	var blocks []block
	for pos := int64(12); pos+8 <= end; {
		c, err := src.read(pos, 8, "WebP chunk")
		if err != nil {
			return blocks, err
		}
		n := int64(binary.LittleEndian.Uint32(c[4:]))
		if pos+8+n > end {
			return blocks, malformed("WebP chunk %q runs past the RIFF container", c[:4])
		}
		switch string(c[:4]) {
		case "EXIF":
			b, err := webpEXIF(src, pos+8, n)
			if err != nil {
				return blocks, err
			}
			blocks = append(blocks, b)
		case "XMP ", "XMP\x00": // ImageMagick writes the second
			blocks = append(blocks, block{kind: blockXMP, pieces: []piece{{pos + 8, n}}})
		}
		pos += 8 + n + n&1
	}
	return blocks, nil
}

// webpEXIF is the block of an EXIF chunk. The specification has the TIFF
// header first; some writers put JPEG's "Exif\0\0" before it.
func webpEXIF(src source, off, n int64) (block, error) {
	head, err := src.read(off, min(n, 6), "WebP EXIF chunk")
	if err != nil {
		return block{}, err
	}
	if bytes.HasPrefix(head, exifSignature) && n >= 6 {
		off, n = off+6, n-6
	}
	return block{kind: blockEXIF, pieces: []piece{{off, n}}}, nil
}
