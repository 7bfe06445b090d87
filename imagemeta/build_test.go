package imagemeta_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// The metadata every test image carries besides its location.
const (
	testMake   = "TestCam"
	testModel  = "Model X100"
	testOrient = 6
)

// testICC is a small valid ICC profile (version 2, display class, RGB)
// with a description, a copyright and a white point, so that exiftool
// reads it.
var testICC = func() []byte {
	be := binary.BigEndian
	const name = "s3share test profile\x00"
	desc := append([]byte("desc\x00\x00\x00\x00"), be.AppendUint32(nil, uint32(len(name)))...)
	desc = append(desc, name...)
	desc = append(desc, make([]byte, 4+4+2+1+67)...)
	tags := []struct {
		sig  string
		data []byte
	}{
		{"desc", desc},
		{"cprt", []byte("text\x00\x00\x00\x00No copyright\x00\x00\x00\x00")},
		{"wtpt", append([]byte("XYZ \x00\x00\x00\x00"), be.AppendUint32(be.AppendUint32(be.AppendUint32(nil, 0xf6d6), 0x10000), 0xd32d)...)},
	}
	table := be.AppendUint32(nil, uint32(len(tags)))
	var body []byte
	at := 128 + 4 + 12*len(tags)
	for _, tg := range tags {
		table = append(table, tg.sig...)
		table = be.AppendUint32(be.AppendUint32(table, uint32(at+len(body))), uint32(len(tg.data)))
		body = append(body, tg.data...)
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
	}
	h := make([]byte, 128)
	be.PutUint32(h[8:], 0x02100000)
	copy(h[12:], "mntrRGB XYZ ")
	for i, v := range []uint16{2024, 1, 1} {
		be.PutUint16(h[24+2*i:], v)
	}
	copy(h[36:], "acsp")
	be.PutUint32(h[68:], 0xf6d6)
	be.PutUint32(h[72:], 0x10000)
	be.PutUint32(h[76:], 0xd32d)
	out := append(append(h, table...), body...)
	be.PutUint32(out, uint32(len(out)))
	return out
}()

// byteOrder is what a TIFF writer needs of a byte order.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// tval is a TIFF value: a type, a count and its bytes, or a pointer to a
// named part of the block.
type tval struct {
	tag, typ uint16
	count    uint32
	data     []byte
	ptr      string
}

// tpart is an IFD (entries and the name of the next IFD) or a blob.
type tpart struct {
	entries []tval
	next    string
	blob    []byte
}

// exifSpec says how to build an EXIF block.
type exifSpec struct {
	bo    byteOrder
	order []string // where the parts go: ifd0, exif, gps, ifd1, thumb
	gps   bool
	thumb []byte // a JPEG thumbnail in IFD1, or nil
}

// buildEXIF lays out a TIFF structure: IFD0 (Make, Model, Orientation,
// XResolution, Exif and GPS pointers), the Exif IFD (a date and a maker
// note), the GPS IFD (the Eiffel tower, 35 m) and IFD1 with a thumbnail,
// in the order asked.
func buildEXIF(s exifSpec) []byte {
	bo := s.bo
	u16 := func(v ...uint16) []byte {
		var b []byte
		for _, x := range v {
			b = bo.AppendUint16(b, x)
		}
		return b
	}
	rat := func(v ...uint32) []byte {
		var b []byte
		for _, x := range v {
			b = bo.AppendUint32(b, x)
		}
		return b
	}
	parts := map[string]*tpart{}
	ifd0 := []tval{
		{tag: 0x010f, typ: 2, count: uint32(len(testMake) + 1), data: append([]byte(testMake), 0)},
		{tag: 0x0110, typ: 2, count: uint32(len(testModel) + 1), data: append([]byte(testModel), 0)},
		{tag: 0x0112, typ: 3, count: 1, data: u16(testOrient)},
		{tag: 0x011a, typ: 5, count: 1, data: rat(72, 1)},
		{tag: 0x8769, typ: 4, count: 1, ptr: "exif"},
	}
	if s.gps {
		ifd0 = append(ifd0, tval{tag: 0x8825, typ: 4, count: 1, ptr: "gps"})
		parts["gps"] = &tpart{entries: []tval{
			{tag: 0, typ: 1, count: 4, data: []byte{2, 3, 0, 0}},
			{tag: 1, typ: 2, count: 2, data: []byte("N\x00")},
			{tag: 2, typ: 5, count: 3, data: rat(48, 1, 51, 1, 2988, 100)},
			{tag: 3, typ: 2, count: 2, data: []byte("E\x00")},
			{tag: 4, typ: 5, count: 3, data: rat(2, 1, 17, 1, 4020, 100)},
			{tag: 5, typ: 1, count: 1, data: []byte{0}},
			{tag: 6, typ: 5, count: 1, data: rat(35, 1)},
			{tag: 0x1d, typ: 2, count: 11, data: []byte("2024:05:01\x00")},
		}}
	}
	parts["ifd0"] = &tpart{entries: ifd0}
	parts["exif"] = &tpart{entries: []tval{
		{tag: 0x9003, typ: 2, count: 20, data: []byte("2024:05:01 12:00:00\x00")},
		{tag: 0x927c, typ: 7, count: 40, data: bytes.Repeat([]byte("MKNT"), 10)},
	}}
	if s.thumb != nil {
		parts["ifd0"].next = "ifd1"
		parts["ifd1"] = &tpart{entries: []tval{
			{tag: 0x0103, typ: 3, count: 1, data: u16(6)},
			{tag: 0x0201, typ: 4, count: 1, ptr: "thumb"},
			{tag: 0x0202, typ: 4, count: 1, data: rat(uint32(len(s.thumb)))},
		}}
		parts["thumb"] = &tpart{blob: s.thumb}
	}
	return layoutTIFF(bo, s.order, parts)
}

// size is the bytes a part takes: its table and out-of-line values.
func (p *tpart) size() int {
	if p.blob != nil {
		return len(p.blob) + len(p.blob)&1
	}
	n := 2 + 12*len(p.entries) + 4
	for _, e := range p.entries {
		if len(e.data) > 4 {
			n += len(e.data) + len(e.data)&1
		}
	}
	return n
}

// layoutTIFF places the parts in order after the header and writes them.
func layoutTIFF(bo byteOrder, order []string, parts map[string]*tpart) []byte {
	offs := map[string]uint32{}
	at := 8
	for _, name := range order {
		if p := parts[name]; p != nil {
			offs[name] = uint32(at)
			at += p.size()
		}
	}
	out := make([]byte, at)
	if bo == binary.LittleEndian {
		copy(out, "II")
	} else {
		copy(out, "MM")
	}
	bo.PutUint16(out[2:], 42)
	bo.PutUint32(out[4:], offs["ifd0"])
	for _, name := range order {
		if p := parts[name]; p != nil {
			p.write(bo, out, int(offs[name]), offs)
		}
	}
	return out
}

// write puts a part at its offset.
func (p *tpart) write(bo byteOrder, out []byte, at int, offs map[string]uint32) {
	if p.blob != nil {
		copy(out[at:], p.blob)
		return
	}
	bo.PutUint16(out[at:], uint16(len(p.entries)))
	values := at + 2 + 12*len(p.entries) + 4
	for i, e := range p.entries {
		w := at + 2 + 12*i
		bo.PutUint16(out[w:], e.tag)
		bo.PutUint16(out[w+2:], e.typ)
		bo.PutUint32(out[w+4:], e.count)
		switch {
		case e.ptr != "":
			bo.PutUint32(out[w+8:], offs[e.ptr])
		case len(e.data) <= 4:
			copy(out[w+8:], e.data)
		default:
			bo.PutUint32(out[w+8:], uint32(values))
			copy(out[values:], e.data)
			values += len(e.data) + len(e.data)&1
		}
	}
	bo.PutUint32(out[at+2+12*len(p.entries):], offs[p.next])
}

// testPicture is a small picture with detail in both directions.
func testPicture(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x ^ y) * 7), 255})
		}
	}
	return img
}

// plainJPEG encodes a picture as a JPEG without metadata.
func plainJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testPicture(w, h), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// plainPNG encodes a picture as a PNG without metadata.
func plainPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, testPicture(w, h)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// jpegSegment builds a marker segment.
func jpegSegment(marker byte, payload []byte) []byte {
	n := len(payload) + 2
	return append([]byte{0xff, marker, byte(n >> 8), byte(n)}, payload...)
}

// withJPEGSegments inserts segments right after a JPEG's SOI marker.
func withJPEGSegments(jpg []byte, segs ...[]byte) []byte {
	out := append([]byte(nil), jpg[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, jpg[2:]...)
}

// exifSegment is an APP1 Exif segment around a TIFF block.
func exifSegment(tiff []byte) []byte {
	return jpegSegment(0xe1, append([]byte("Exif\x00\x00"), tiff...))
}

// iccSegment is an APP2 ICC_PROFILE segment with the test profile.
func iccSegment() []byte {
	return jpegSegment(0xe2, append([]byte("ICC_PROFILE\x00\x01\x01"), testICC...))
}

// xmpSegment is an APP1 XMP segment.
func xmpSegment(xmp string) []byte {
	return jpegSegment(0xe1, append([]byte("http://ns.adobe.com/xap/1.0/\x00"), xmp...))
}

// pngChunk builds a PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[4:]))
}

// withPNGChunks inserts chunks right after a PNG's IHDR chunk.
func withPNGChunks(p []byte, chunks ...[]byte) []byte {
	const afterIHDR = 8 + 12 + 13
	out := append([]byte(nil), p[:afterIHDR]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, p[afterIHDR:]...)
}

// iccpChunk is an iCCP chunk with the test profile.
func iccpChunk() []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(testICC)
	w.Close()
	return pngChunk("iCCP", append([]byte("icc\x00\x00"), z.Bytes()...))
}

// zlibBytes compresses b.
func zlibBytes(b []byte) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(b)
	w.Close()
	return z.Bytes()
}

// testXMP is an XMP packet with GPS properties in both forms and other
// properties that must stay.
const testXMP = `<?xpacket begin='` + "\ufeff" + `' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x='adobe:ns:meta/'>
<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
 <rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'
  xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSAltitude='35/1' exif:ExposureTime='1/100'>
  <exif:GPSLatitude>48,51.498N</exif:GPSLatitude>
  <exif:GPSLongitude>2,17.67E</exif:GPSLongitude>
  <exif:GPSVersionID/>
  <dc:title><rdf:Alt><rdf:li xml:lang='x-default'>Tower</rdf:li></rdf:Alt></dc:title>
 </rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end='w'?>`

// riffChunk builds a RIFF chunk, padded to an even length.
func riffChunk(fourcc string, data []byte) []byte {
	out := append([]byte(fourcc), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
	out = append(out, data...)
	if len(data)%2 == 1 {
		out = append(out, 0)
	}
	return out
}

// webpWith builds an extended WebP from testdata/plain.webp (a lossy
// 32x24 picture made by cwebp): VP8X, ICCP, the picture, then EXIF, in
// the order the specification gives.
func webpWith(t testing.TB, tiff, icc []byte, more ...[]byte) []byte {
	t.Helper()
	plain := readTestdata(t, "plain.webp")
	vp8 := plain[12:]
	if string(vp8[:4]) != "VP8 " {
		t.Fatalf("testdata/plain.webp: first chunk %q", vp8[:4])
	}
	w := int(binary.LittleEndian.Uint16(vp8[8+6:]) & 0x3fff)
	h := int(binary.LittleEndian.Uint16(vp8[8+8:]) & 0x3fff)
	x := make([]byte, 10)
	x[0] = 0x20 | 0x08 // ICC, EXIF
	x[4], x[5], x[6] = byte(w-1), byte((w-1)>>8), byte((w-1)>>16)
	x[7], x[8], x[9] = byte(h-1), byte((h-1)>>8), byte((h-1)>>16)
	body := append([]byte("WEBP"), riffChunk("VP8X", x)...)
	body = append(body, riffChunk("ICCP", icc)...)
	body = append(body, vp8...)
	body = append(body, riffChunk("EXIF", tiff)...)
	for _, m := range more {
		body = append(body, m...)
	}
	return append(append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...), body...)
}
