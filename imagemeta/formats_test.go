package imagemeta_test

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/s3share/s3share/imagemeta"
)

// TestXMPGPSBlanked: XMP GPS properties, as attributes, elements and
// empty elements, become spaces; the packet stays well-formed and keeps
// its other properties.
func TestXMPGPSBlanked(t *testing.T) {
	tiff := buildEXIF(exifSpec{bo: binary.BigEndian, order: layouts[0], gps: true})
	orig := withJPEGSegments(plainJPEG(t, 40, 30), exifSegment(tiff), xmpSegment(testXMP), iccSegment())
	f, err := imagemeta.Location(orig)
	if err != nil || !f.GPS || strings.Join(f.In, ",") != "EXIF,XMP" {
		t.Fatalf("Location: %+v, %v", f, err)
	}
	out, rep, err := imagemeta.StripLocation(orig)
	if err != nil || rep.String() != "GPS position removed (EXIF, XMP)" {
		t.Fatalf("%q, %v", rep, err)
	}
	if len(rep.Removed) != 2 || rep.Removed[1].Tags != 4 || rep.Removed[1].Position == nil ||
		!near(rep.Removed[1].Position.Latitude, 48+51.498/60) || !near(rep.Removed[1].Position.Longitude, 2+17.67/60) {
		t.Errorf("XMP removal: %+v", rep.Removed[1])
	}
	at := bytes.Index(out, []byte("<?xpacket begin"))
	packet := out[at : at+len(testXMP)]
	for _, gone := range []string{"GPS", "48,51", "35/1"} {
		if bytes.Contains(packet, []byte(gone)) {
			t.Errorf("%q still in the XMP packet", gone)
		}
	}
	for _, kept := range []string{"exif:ExposureTime='1/100'", "<rdf:li xml:lang='x-default'>Tower</rdf:li>", "xmlns:exif="} {
		if !bytes.Contains(packet, []byte(kept)) {
			t.Errorf("%q lost from the XMP packet", kept)
		}
	}
	wellFormed(t, packet)
	samePixels(t, orig, out)
	if f, err := imagemeta.Location(out); err != nil || f.GPS {
		t.Errorf("after: %+v, %v", f, err)
	}
}

// wellFormed fails unless an XMP packet parses as XML to its end.
func wellFormed(t *testing.T, packet []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(packet))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("XMP no longer well-formed: %v\n%s", err, packet)
		}
	}
}

// TestXMPFormNotUnderstood: GPS coordinates in a form the blanking does
// not know are refused, not left behind.
func TestXMPFormNotUnderstood(t *testing.T) {
	odd := `<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
<rdf:Description xmlns='http://ns.adobe.com/exif/1.0/'><GPSLatitude>48,51.498N</GPSLatitude></rdf:Description></rdf:RDF></x:xmpmeta>`
	orig := withJPEGSegments(plainJPEG(t, 16, 16), xmpSegment(odd))
	if f, _ := imagemeta.Location(orig); !f.GPS {
		t.Errorf("Location does not see it: %+v", f)
	}
	out, _, err := imagemeta.StripLocation(orig)
	if !errorsIs(err, imagemeta.ErrUnsupported) || out != nil {
		t.Fatalf("got %v", err)
	}
}

// TestHEIF: the Exif and XMP items of a HEIC (made by ImageMagick, tagged
// by exiftool) and an AVIF lose their GPS data; no other byte changes.
func TestHEIF(t *testing.T) {
	for _, tc := range []struct{ file, report string }{
		{"gps.heic", "GPS position removed (EXIF, XMP)"},
		{"gps.avif", "GPS position removed (EXIF)"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			orig := readTestdata(t, tc.file)
			f, err := imagemeta.Location(orig)
			if err != nil || !f.GPS || f.Format != imagemeta.HEIF || f.Position == nil ||
				!near(f.Position.Latitude, 48.8583) || !near(f.Position.Longitude, 2.2945) {
				t.Fatalf("Location: %+v, %v", f, err)
			}
			out, rep, err := imagemeta.StripLocation(orig)
			if err != nil || rep.String() != tc.report {
				t.Fatalf("%q, %v", rep, err)
			}
			exifAt := bytes.Index(orig, []byte("Exif\x00\x00MM\x00*"))
			if exifAt < 0 {
				exifAt = bytes.Index(orig, []byte("Exif\x00\x00II*\x00"))
			}
			tiff := orig[exifAt+6:]
			ranges := [][2]int{{exifAt, exifAt + 6 + len(tiff)}}
			if x := bytes.Index(orig, []byte("<?xpacket")); x >= 0 {
				ranges = append(ranges, [2]int{x, len(orig)})
			}
			changedOnlyWithin(t, orig, out, ranges...)
			if p := readEXIF(t, out[exifAt+6:]); p.gps || p.make != testMake || p.model != testModel || p.orientation != testOrient {
				t.Errorf("after: %+v", p)
			}
			if f, err := imagemeta.Location(out); err != nil || f.GPS {
				t.Errorf("after: %+v, %v", f, err)
			}
		})
	}
}

// TestImageMagickPNG: ImageMagick copies a JPEG's metadata into a PNG
// three times: an eXIf chunk, a compressed raw XMP profile, and one text
// chunk per property (exif:GPSLatitude, xmp:GPSLatitude, ...). All of it
// goes; the picture and the other chunks stay.
func TestImageMagickPNG(t *testing.T) {
	orig := readTestdata(t, "imagemagick-gps.png")
	f, err := imagemeta.Location(orig)
	if err != nil || !f.GPS || strings.Join(f.In, ",") != "XMP,EXIF,PNG text" {
		t.Fatalf("Location: %+v, %v", f, err)
	}
	out, rep, err := imagemeta.StripLocation(orig)
	if err != nil || !strings.HasPrefix(rep.String(), "GPS position removed") {
		t.Fatalf("%q, %v", rep, err)
	}
	if bytes.Contains(out, []byte("GPS")) {
		t.Error("GPS still in the file")
	}
	for _, kept := range []string{"exif:Make\x00Test", "date:create", "IDAT", "pHYs", "Raw profile type xmp"} {
		if !bytes.Contains(out, []byte(kept)) {
			t.Errorf("%q lost", kept)
		}
	}
	samePixels(t, orig, out)
	chunksValid(t, out)
	if f, err := imagemeta.Location(out); err != nil || f.GPS {
		t.Errorf("after: %+v, %v", f, err)
	}
}

// chunksValid fails unless every chunk of a PNG has the right CRC.
func chunksValid(t *testing.T, p []byte) {
	t.Helper()
	for pos := 8; pos < len(p); {
		n := int(binary.BigEndian.Uint32(p[pos:]))
		c := pngChunk(string(p[pos+4:pos+8]), p[pos+8:pos+8+n])
		if !bytes.Equal(c, p[pos:pos+12+n]) {
			t.Fatalf("chunk %q at %d has a bad CRC", p[pos+4:pos+8], pos)
		}
		pos += 12 + n
	}
}

// TestMultiPictureJPEG: phones append a second picture (a gain map, a
// depth map) after the main one and list it in an APP2 MPF index; its own
// EXIF GPS data goes too.
func TestMultiPictureJPEG(t *testing.T) {
	be := binary.BigEndian
	withGPS := buildEXIF(exifSpec{bo: be, order: layouts[0], gps: true})
	entries := make([]byte, 32)
	mpf := layoutTIFF(be, []string{"ifd0", "mpe"}, map[string]*tpart{
		"ifd0": {entries: []tval{
			{tag: 0xb000, typ: 7, count: 4, data: []byte("0100")},
			{tag: 0xb001, typ: 4, count: 1, data: be.AppendUint32(nil, 2)},
			{tag: 0xb002, typ: 7, count: 32, ptr: "mpe"},
		}},
		"mpe": {blob: entries},
	})
	primary := withJPEGSegments(plainJPEG(t, 40, 30), exifSegment(withGPS), jpegSegment(0xe2, append([]byte("MPF\x00"), mpf...)))
	second := withJPEGSegments(plainJPEG(t, 20, 15), exifSegment(withGPS))
	header := bytes.Index(primary, []byte("MPF\x00")) + 4
	mpe := header + len(mpf) - 32
	be.PutUint32(primary[mpe+16+4:], uint32(len(second)))
	be.PutUint32(primary[mpe+16+8:], uint32(len(primary)-header))
	orig := append(primary, second...)

	out, rep, err := imagemeta.StripLocation(orig)
	if err != nil || len(rep.Removed) != 2 {
		t.Fatalf("%+v, %v", rep, err)
	}
	if bytes.Contains(out, rationalBytes(be, 48, 1, 51, 1, 2988, 100)) {
		t.Error("GPS values left in a picture")
	}
	samePixels(t, orig, out)
	if !bytes.Equal(out[len(primary):][len(second)-100:], second[len(second)-100:]) {
		t.Error("the second picture's data changed")
	}
	if f, err := imagemeta.Location(out); err != nil || f.GPS {
		t.Errorf("after: %+v, %v", f, err)
	}
}
