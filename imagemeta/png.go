package imagemeta

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"strings"
)

// pngSignature starts every PNG file.
var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// pngBlocks finds the chunks that may hold location data: eXIf, XMP in
// iTXt, and the text chunks ImageMagick writes (raw EXIF and XMP
// profiles, and one chunk per EXIF property, such as exif:GPSLatitude).
func pngBlocks(src source) ([]block, error) {
	var blocks []block
	for pos := int64(len(pngSignature)); ; {
		h, err := src.read(pos, 8, "PNG chunk")
		if err != nil {
			return blocks, err
		}
		n := int64(binary.BigEndian.Uint32(h))
		typ := string(h[4:8])
		if n > 1<<31-1 {
			return blocks, malformed("PNG chunk %q has length %d", typ, n)
		}
		if typ == "IEND" {
			return blocks, nil
		}
		b, err := pngChunk(src, pos, n, typ)
		if err != nil {
			return blocks, err
		}
		if b != nil {
			blocks = append(blocks, *b)
		}
		pos += 12 + n
	}
}

// pngChunk returns the block a chunk is, or nil for a chunk without
// metadata.
func pngChunk(src source, pos, n int64, typ string) (*block, error) {
	c := &pngMeta{pos: pos, n: n, typ: typ}
	whole := []piece{{pos + 8, n}}
	switch typ {
	case "eXIf":
		return &block{kind: blockEXIF, pieces: whole, decode: c.plain, encode: c.rewrite}, nil
	case "tEXt", "zTXt", "iTXt":
	default:
		return nil, nil
	}
	head, err := src.read(pos+8, min(n, 80), "PNG text chunk")
	if err != nil {
		return nil, err
	}
	key, _, _ := bytes.Cut(head, []byte{0})
	c.key = string(key)
	switch {
	case (strings.HasPrefix(c.key, "exif:") || strings.HasPrefix(c.key, "xmp:")) && strings.Contains(c.key, "GPS"):
		return &block{kind: blockGPSText, pieces: whole, encode: c.remove}, nil
	case c.key == "XML:com.adobe.xmp" && typ == "iTXt":
		return &block{kind: blockXMP, pieces: whole, decode: c.text, encode: c.rewrite}, nil
	case c.key == "Raw profile type xmp":
		c.raw = true
		return &block{kind: blockXMP, pieces: whole, decode: c.text, encode: c.rewrite}, nil
	case c.key == "Raw profile type exif" || c.key == "Raw profile type APP1":
		c.raw = true
		return &block{kind: blockEXIF, pieces: whole, decode: c.text, encode: c.rewrite}, nil
	}
	return nil, nil
}

// pngMeta is a metadata chunk being read and written again.
type pngMeta struct {
	pos, n int64  // where the chunk starts, and its data length
	typ    string // eXIf, tEXt, zTXt or iTXt
	key    string // the text chunk's keyword
	raw    bool   // an ImageMagick raw profile: hex digits under a header

	data    []byte       // the chunk data, as decoded
	parts   pngTextParts // the parts of a text chunk
	profile []byte       // the decoded profile of a raw profile chunk
	prefix  int          // bytes of profile before the metadata ("Exif\0\0")
}

// plain is the decode of eXIf: the data itself.
func (c *pngMeta) plain(data []byte) ([]byte, error) {
	c.data = data
	return data, nil
}

// remove is the encode of a chunk that is all location data: it goes.
func (c *pngMeta) remove([]byte) ([]edit, error) {
	return []edit{{off: c.pos, n: 12 + c.n}}, nil
}

// rewrite is the encode of an edited chunk: the chunk again, with its new
// data and CRC.
func (c *pngMeta) rewrite([]byte) ([]edit, error) {
	data := c.data
	if c.typ != "eXIf" {
		text := c.parts.body
		if c.raw {
			text = rawProfileWrite(text, c.profile)
		}
		var err error
		if data, err = c.parts.assemble(text); err != nil {
			return nil, err
		}
	}
	return []edit{{off: c.pos, n: 12 + c.n, data: pngChunkBytes(c.typ, data)}}, nil
}

// pngChunkBytes builds a chunk: length, type, data, CRC.
func pngChunkBytes(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[4:]))
}

// text is the decode of a text chunk: its text, or the profile a raw
// profile holds.
func (c *pngMeta) text(data []byte) ([]byte, error) {
	parts, err := splitPNGText(c.typ, data)
	if err != nil {
		return nil, err
	}
	c.data, c.parts = data, parts
	if !c.raw {
		return parts.body, nil
	}
	if c.profile, err = rawProfileRead(parts.body); err != nil {
		return nil, err
	}
	if bytes.HasPrefix(c.profile, []byte("Exif\x00\x00")) {
		c.prefix = 6
	}
	return c.profile[c.prefix:], nil
}
