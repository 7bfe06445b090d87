package imagemeta_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"testing"

	"github.com/s3share/s3share/imagemeta"
)

// The position buildEXIF writes: 48°51'29.88"N 2°17'40.20"E.
const (
	wantLat = 48 + 51.0/60 + 29.88/3600
	wantLon = 2 + 17.0/60 + 40.20/3600
)

// container wraps an EXIF block and a colour profile into an image file
// and says where in the file the EXIF block is and how to find the
// profile again.
type container struct {
	name string
	wrap func(t *testing.T, tiff []byte) []byte
	icc  func(file []byte) []byte // the profile's bytes as stored, or nil
	// extra bytes after the EXIF block that may change (a PNG CRC)
	trailer int
}

var containers = []container{
	{name: "JPEG", wrap: func(t *testing.T, tiff []byte) []byte {
		return withJPEGSegments(plainJPEG(t, 40, 30), exifSegment(tiff), iccSegment())
	}, icc: func(f []byte) []byte { return find(f, iccSegment()) }},
	{name: "PNG", wrap: func(t *testing.T, tiff []byte) []byte {
		return withPNGChunks(plainPNG(t, 40, 30), iccpChunk(), pngChunk("eXIf", tiff))
	}, icc: func(f []byte) []byte { return find(f, iccpChunk()) }, trailer: 4},
	{name: "WebP", wrap: func(t *testing.T, tiff []byte) []byte {
		return webpWith(t, tiff, testICC)
	}, icc: func(f []byte) []byte { return find(f, riffChunk("ICCP", testICC)) }},
}

// find returns want if it occurs in b, else nil.
func find(b, want []byte) []byte {
	if bytes.Contains(b, want) {
		return want
	}
	return nil
}

// layouts place the GPS IFD before, between and after the others.
var layouts = [][]string{
	{"ifd0", "exif", "gps", "ifd1", "thumb"},
	{"ifd0", "gps", "exif", "ifd1", "thumb"},
	{"gps", "ifd0", "thumb", "exif", "ifd1"},
	{"ifd1", "thumb", "exif", "ifd0", "gps"},
}

// TestStripLocationKeepsEverythingElse is the table: each container, both
// byte orders, the GPS IFD in each place, with and without a thumbnail.
func TestStripLocationKeepsEverythingElse(t *testing.T) {
	thumb := plainJPEG(t, 8, 6)
	for _, c := range containers {
		for _, bo := range []byteOrder{binary.LittleEndian, binary.BigEndian} {
			for li, order := range layouts {
				for _, withThumb := range []bool{false, true} {
					spec := exifSpec{bo: bo, order: order, gps: true}
					if withThumb {
						spec.thumb = thumb
					}
					name := fmt.Sprintf("%s/%s/layout%d/thumb=%v", c.name, bo, li, withThumb)
					t.Run(name, func(t *testing.T) { checkStrip(t, c, spec) })
				}
			}
		}
	}
}

// checkStrip builds one file, removes its location and checks all that
// must and must not have changed.
func checkStrip(t *testing.T, c container, spec exifSpec) {
	tiff := buildEXIF(spec)
	orig := c.wrap(t, tiff)
	before := readEXIF(t, tiff)
	if !before.gps || !near(before.lat, wantLat) || !near(before.lon, wantLon) {
		t.Fatalf("test file: go-exif reads GPS %v %v,%v", before.gps, before.lat, before.lon)
	}
	f, err := imagemeta.Location(orig)
	if err != nil || !f.GPS || f.Position == nil || !near(f.Position.Latitude, wantLat) || !near(f.Position.Longitude, wantLon) {
		t.Fatalf("Location: %+v, %v", f, err)
	}
	if !f.Position.HasAltitude || f.Position.Altitude != 35 {
		t.Errorf("altitude: %+v", f.Position)
	}
	out, rep, err := imagemeta.StripLocation(orig)
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.String(); got != "GPS position removed (EXIF)" || rep.Format != imagemeta.Format(c.name) {
		t.Errorf("report %q, format %s", got, rep.Format)
	}
	at := bytes.Index(orig, tiff)
	changedOnlyWithin(t, orig, out, [2]int{at, at + len(tiff) + c.trailer})
	after := readEXIF(t, out[at:at+len(tiff)])
	checkKept(t, before, after, spec)
	if bytes.Contains(out, rationalBytes(spec.bo, 48, 1, 51, 1, 2988, 100)) || bytes.Contains(out, []byte("2024:05:01\x00")) {
		t.Error("GPS values are still in the file")
	}
	if bytes.Contains(out[at:at+len(tiff)], append(spec.bo.AppendUint16(nil, 0x8825), spec.bo.AppendUint16(nil, 4)...)) {
		t.Error("the GPSInfo entry's bytes are still in the EXIF block")
	}
	block := out[at : at+len(tiff)]
	ifd0 := int(spec.bo.Uint32(block[4:]))
	end := ifd0 + 2 + 12*int(spec.bo.Uint16(block[ifd0:])) + 4
	if !bytes.Equal(block[end:end+12], make([]byte, 12)) {
		t.Errorf("IFD0's freed tail is not zeros: % x", block[end:end+12])
	}
	if c.icc(out) == nil {
		t.Error("the colour profile is gone or changed")
	}
	samePixels(t, orig, out)
	if f, err := imagemeta.Location(out); err != nil || f.GPS {
		t.Errorf("Location after strip: %+v, %v", f, err)
	}
	again, rep2, err := imagemeta.StripLocation(out)
	if err != nil || rep2.Changed() || !bytes.Equal(again, out) || rep2.String() != "no location data found" {
		t.Errorf("second strip: changed %v (%q), %v", rep2.Changed(), rep2, err)
	}
}

// checkKept compares what go-exif reads before and after.
func checkKept(t *testing.T, before, after parsed, spec exifSpec) {
	t.Helper()
	if after.gps {
		t.Error("go-exif still finds a GPS IFD")
	}
	if after.make != testMake || after.model != testModel || after.orientation != testOrient {
		t.Errorf("IFD0 after: make %q model %q orientation %d", after.make, after.model, after.orientation)
	}
	if after.date != before.date || !bytes.Equal(after.makerNote, before.makerNote) || after.date == "" {
		t.Errorf("Exif IFD after: date %q maker note %q", after.date, after.makerNote)
	}
	if !bytes.Equal(after.thumb, spec.thumb) {
		t.Errorf("thumbnail: %d bytes, want %d", len(after.thumb), len(spec.thumb))
	}
}

// TestNoMetadataPassesThrough: files without EXIF come back as they are.
func TestNoMetadataPassesThrough(t *testing.T) {
	noGPS := buildEXIF(exifSpec{bo: binary.BigEndian, order: layouts[0], thumb: plainJPEG(t, 8, 6)})
	files := map[string][]byte{
		"JPEG":              plainJPEG(t, 40, 30),
		"JPEG with EXIF":    withJPEGSegments(plainJPEG(t, 40, 30), exifSegment(noGPS), iccSegment()),
		"PNG":               plainPNG(t, 40, 30),
		"PNG with eXIf":     withPNGChunks(plainPNG(t, 40, 30), pngChunk("eXIf", noGPS)),
		"WebP":              readTestdata(t, "plain.webp"),
		"WebP with EXIF":    webpWith(t, noGPS, testICC),
		"JPEG with XMP":     withJPEGSegments(plainJPEG(t, 40, 30), xmpSegment("<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")),
		"PNG with iCCP":     withPNGChunks(plainPNG(t, 40, 30), iccpChunk()),
		"JPEG, EXIF at end": append(plainJPEG(t, 40, 30), exifSegment(buildEXIF(exifSpec{bo: binary.BigEndian, order: layouts[0], gps: true}))...),
	}
	for name, b := range files {
		t.Run(name, func(t *testing.T) {
			out, rep, err := imagemeta.StripLocation(b)
			if err != nil || rep.Changed() || !bytes.Equal(out, b) {
				t.Fatalf("changed %v, %v", rep.Changed(), err)
			}
			if f, err := imagemeta.Location(b); err != nil || f.GPS || f.Incomplete {
				t.Fatalf("Location: %+v, %v", f, err)
			}
		})
	}
}

// readTestdata reads a file of testdata.
func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
