package imagemeta_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/s3share/s3share/imagemeta"
)

// Offsets in a big-endian EXIF block of layout 0 with a thumbnail: IFD0
// at 8 with six entries (Make, Model, Orientation, XResolution, Exif,
// GPS), then its next-IFD pointer.
const (
	ifd0ExifValue = 8 + 2 + 12*4 + 8
	ifd0GPSValue  = 8 + 2 + 12*5 + 8
	ifd0Next      = 8 + 2 + 12*6
)

// damaged returns the test EXIF block with one change made by f.
func damaged(t *testing.T, f func(b []byte)) []byte {
	b := buildEXIF(exifSpec{bo: binary.BigEndian, order: layouts[0], gps: true, thumb: plainJPEG(t, 8, 6)})
	if binary.BigEndian.Uint16(b[ifd0GPSValue-8:]) != 0x8825 {
		t.Fatal("test layout changed: no GPS entry where expected")
	}
	f(b)
	return b
}

// be32 reads and puts big-endian offsets in a block.
func be32(b []byte, at int) int          { return int(binary.BigEndian.Uint32(b[at:])) }
func put32(b []byte, at int, v int)      { binary.BigEndian.PutUint32(b[at:], uint32(v)) }
func gpsEntry(b []byte, i int) (at int)  { return be32(b, ifd0GPSValue) + 2 + 12*i }
func exifEntry(b []byte, i int) (at int) { return be32(b, ifd0ExifValue) + 2 + 12*i }

// TestMalformedEXIF: damaged EXIF is a typed error and no output, never a
// panic, never a partial removal.
func TestMalformedEXIF(t *testing.T) {
	cases := []struct {
		name string
		kind error
		tiff []byte
	}{
		{"GPS IFD outside the block", imagemeta.ErrMalformed, damaged(t, func(b []byte) { put32(b, ifd0GPSValue, 1<<20) })},
		{"GPS IFD is IFD0", imagemeta.ErrMalformed, damaged(t, func(b []byte) { put32(b, ifd0GPSValue, 8) })},
		{"GPS value outside the block", imagemeta.ErrMalformed, damaged(t, func(b []byte) { put32(b, gpsEntry(b, 2)+8, 0xffffff00) })},
		{"GPS value in the maker note", imagemeta.ErrMalformed, damaged(t, func(b []byte) { put32(b, gpsEntry(b, 2)+8, be32(b, exifEntry(b, 1)+8)) })},
		{"GPS value in the thumbnail", imagemeta.ErrMalformed, damaged(t, func(b []byte) {
			ifd1 := be32(b, ifd0Next)
			put32(b, gpsEntry(b, 2)+8, be32(b, ifd1+2+12+8)+4)
		})},
		{"GPS tag of unknown type", imagemeta.ErrMalformed, damaged(t, func(b []byte) { binary.BigEndian.PutUint16(b[gpsEntry(b, 2)+2:], 99) })},
		{"IFD loop", imagemeta.ErrMalformed, damaged(t, func(b []byte) {
			ifd1 := be32(b, ifd0Next)
			put32(b, ifd1+2+12*3, 8)
		})},
		{"Exif IFD outside the block", imagemeta.ErrMalformed, damaged(t, func(b []byte) { put32(b, ifd0ExifValue, 1<<24) })},
		{"IFD0 outside the block", imagemeta.ErrMalformed, damaged(t, func(b []byte) { put32(b, 4, 1<<24) })},
		{"no byte-order mark", imagemeta.ErrMalformed, damaged(t, func(b []byte) { copy(b, "XX") })},
		{"BigTIFF", imagemeta.ErrUnsupported, damaged(t, func(b []byte) { b[3] = 43 })},
		{"GPS pointer is a SHORT", imagemeta.ErrMalformed, damaged(t, func(b []byte) { binary.BigEndian.PutUint16(b[ifd0GPSValue-6:], 3) })},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, ct := range containers {
				orig := ct.wrap(t, c.tiff)
				out, rep, err := imagemeta.StripLocation(orig)
				if !errorsIs(err, c.kind) || out != nil || rep.Changed() {
					t.Fatalf("%s: got %v (changed %v), want %v", ct.name, err, rep.Changed(), c.kind)
				}
				if rep.Format != imagemeta.Format(ct.name) || err.Error()[:len(ct.name)] != ct.name {
					t.Errorf("%s: format %q, error %q", ct.name, rep.Format, err)
				}
			}
		})
	}
}

// TestDamageWithoutGPS: an EXIF block with a broken sub-IFD but no GPS
// data passes through: there is nothing to remove, so nothing to risk.
func TestDamageWithoutGPS(t *testing.T) {
	tiff := buildEXIF(exifSpec{bo: binary.LittleEndian, order: layouts[0]})
	binary.LittleEndian.PutUint32(tiff[8+2+12*4+8:], 1<<24) // the Exif IFD pointer
	orig := withJPEGSegments(plainJPEG(t, 16, 16), exifSegment(tiff))
	out, rep, err := imagemeta.StripLocation(orig)
	if err != nil || rep.Changed() || !bytes.Equal(out, orig) {
		t.Fatalf("changed %v, %v", rep.Changed(), err)
	}
}

// TestTruncatedFiles: a file cut inside its metadata cannot be stripped
// (typed error), while Location reads what is there and says the rest is
// missing.
func TestTruncatedFiles(t *testing.T) {
	tiff := buildEXIF(exifSpec{bo: binary.BigEndian, order: layouts[0], gps: true})
	for _, ct := range containers {
		orig := ct.wrap(t, tiff)
		at := bytes.Index(orig, tiff)
		cut := orig[:at+len(tiff)/2]
		if _, _, err := imagemeta.StripLocation(cut); !errorsIs(err, imagemeta.ErrMalformed) {
			t.Errorf("%s cut: %v", ct.name, err)
		}
		f, err := imagemeta.Location(cut)
		if err != nil || f.GPS || !f.Incomplete {
			t.Errorf("%s cut: Location %+v, %v", ct.name, f, err)
		}
	}
}

// TestLocationOfPrefix: a preview's first bytes are enough for a JPEG
// (metadata first) but not for a WebP (metadata last), which says so.
func TestLocationOfPrefix(t *testing.T) {
	tiff := buildEXIF(exifSpec{bo: binary.BigEndian, order: layouts[0], gps: true})
	jpg := withJPEGSegments(plainJPEG(t, 200, 150), exifSegment(tiff), iccSegment())
	f, err := imagemeta.Location(jpg[:len(jpg)/2])
	if err != nil || !f.GPS || f.Position == nil || f.Incomplete {
		t.Errorf("JPEG prefix: %+v, %v", f, err)
	}
	webp := webpWith(t, tiff, testICC)
	f, err = imagemeta.Location(webp[:len(webp)-len(tiff)])
	if err != nil || f.GPS || !f.Incomplete {
		t.Errorf("WebP prefix: %+v, %v", f, err)
	}
}

// TestUnsupportedFormats: formats without support are ErrUnsupported and
// StripLocation gives no output.
func TestUnsupportedFormats(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty": nil, "text": []byte("hello, world"), "GIF": []byte("GIF89a\x01\x00\x01\x00"),
		"TIFF": []byte("MM\x00*\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00"),
	} {
		out, _, err := imagemeta.StripLocation(b)
		if !errorsIs(err, imagemeta.ErrUnsupported) || out != nil {
			t.Errorf("%s: %v", name, err)
		}
		if _, err := imagemeta.Location(b); !errorsIs(err, imagemeta.ErrUnsupported) {
			t.Errorf("%s: Location %v", name, err)
		}
	}
}

// TestExtendedXMPRefused: GPS data in a JPEG's extended XMP (a part of a
// larger packet, with a digest) is found and refused, not left behind.
func TestExtendedXMPRefused(t *testing.T) {
	ext := jpegSegment(0xe1, append([]byte("http://ns.adobe.com/xmp/extension/\x00"+
		"0123456789ABCDEF0123456789ABCDEF\x00\x00\x01\x00\x00\x00\x00\x00"), testXMP...))
	orig := withJPEGSegments(plainJPEG(t, 16, 16), ext)
	if f, _ := imagemeta.Location(orig); !f.GPS {
		t.Errorf("Location: %+v", f)
	}
	if _, _, err := imagemeta.StripLocation(orig); !errorsIs(err, imagemeta.ErrUnsupported) {
		t.Errorf("got %v", err)
	}
}

// TestCompressedXMPInPNG: a compressed iTXt XMP chunk is inflated,
// blanked and deflated again; the chunk changes length, the pixels stay.
func TestCompressedXMPInPNG(t *testing.T) {
	itxt := pngChunk("iTXt", append([]byte("XML:com.adobe.xmp\x00\x01\x00\x00\x00"), zlibBytes([]byte(testXMP))...))
	orig := withPNGChunks(plainPNG(t, 40, 30), iccpChunk(), itxt)
	out, rep, err := imagemeta.StripLocation(orig)
	if err != nil || rep.String() != "GPS position removed (XMP)" {
		t.Fatalf("%q, %v", rep, err)
	}
	samePixels(t, orig, out)
	chunksValid(t, out)
	if !bytes.Contains(out, iccpChunk()) {
		t.Error("iCCP lost")
	}
	if f, err := imagemeta.Location(out); err != nil || f.GPS {
		t.Errorf("after: %+v, %v", f, err)
	}
}
