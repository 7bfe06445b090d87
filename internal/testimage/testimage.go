// Package testimage makes images for tests: pictures with a known
// pattern as JPEG and PNG, and a JPEG that carries a GPS position in its
// EXIF, the way a phone writes it. Only tests import it.
package testimage

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// Picture is a w×h picture of a fixed pattern.
func Picture(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{R: uint8(x * 255 / max(w-1, 1)), G: uint8(y * 255 / max(h-1, 1)), B: uint8((x + y) % 256), A: 255})
		}
	}
	return img
}

// JPEG is Picture(w, h) as a JPEG without metadata.
func JPEG(w, h int) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, Picture(w, h), &jpeg.Options{Quality: 90}); err != nil {
		panic(err) // encoding into memory does not fail
	}
	return buf.Bytes()
}

// PNG is Picture(w, h) as a PNG.
func PNG(w, h int) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, Picture(w, h)); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Camera is the Make the EXIF of JPEGWithGPS names, which a removal of
// the location keeps.
const Camera = "TestCam"

// JPEGWithGPS is JPEG(w, h) with an EXIF block (APP1) right after its
// start that names the camera and records the position lat, lon
// (degrees; north and east positive).
func JPEGWithGPS(w, h int, lat, lon float64) []byte {
	plain := JPEG(w, h)
	exif := append([]byte("Exif\x00\x00"), tiffWithGPS(lat, lon)...)
	app1 := binary.BigEndian.AppendUint16([]byte{0xff, 0xe1}, uint16(len(exif)+2))
	out := append([]byte{}, plain[:2]...) // SOI
	out = append(append(out, app1...), exif...)
	return append(out, plain[2:]...)
}

// tiffWithGPS is a little-endian TIFF block: IFD0 with Make and a
// GPSInfo pointer, then the GPS IFD with version, latitude and longitude.
func tiffWithGPS(lat, lon float64) []byte {
	le := binary.LittleEndian
	const (
		ifd0   = 8
		make_  = ifd0 + 2 + 2*12 + 4
		gpsIFD = make_ + 8
		latAt  = gpsIFD + 2 + 5*12 + 4
		lonAt  = latAt + 24
	)
	b := append([]byte("II*\x00"), le.AppendUint32(nil, ifd0)...)
	entry := func(tag, typ uint16, count, value uint32) {
		b = le.AppendUint16(b, tag)
		b = le.AppendUint16(b, typ)
		b = le.AppendUint32(b, count)
		b = le.AppendUint32(b, value)
	}
	b = le.AppendUint16(b, 2)
	entry(0x010f, 2, 8, make_)  // Make
	entry(0x8825, 4, 1, gpsIFD) // GPSInfo
	b = le.AppendUint32(b, 0)
	b = append(b, Camera+"\x00"...)
	latRef, lonRef := ref(lat, 'N', 'S'), ref(lon, 'E', 'W')
	b = le.AppendUint16(b, 5)
	entry(0, 1, 4, 0x00000302) // GPSVersionID 2.3.0.0
	entry(1, 2, 2, uint32(latRef))
	entry(2, 5, 3, latAt)
	entry(3, 2, 2, uint32(lonRef))
	entry(4, 5, 3, lonAt)
	b = le.AppendUint32(b, 0)
	return append(appendDMS(b, lat), appendDMS(nil, lon)...)
}

// ref is the hemisphere letter of a coordinate.
func ref(v float64, pos, neg byte) byte {
	if v < 0 {
		return neg
	}
	return pos
}

// appendDMS appends |v| as three rationals: degrees, minutes, seconds
// in hundredths.
func appendDMS(b []byte, v float64) []byte {
	le := binary.LittleEndian
	v = math.Abs(v)
	deg := math.Floor(v)
	minutes := math.Floor((v - deg) * 60)
	sec := math.Round(((v-deg)*60 - minutes) * 60 * 100)
	for _, r := range [][2]uint32{{uint32(deg), 1}, {uint32(minutes), 1}, {uint32(sec), 100}} {
		b = le.AppendUint32(le.AppendUint32(b, r[0]), r[1])
	}
	return b
}

// LargePNG is a PNG of at least minBytes: noise stored without
// compression, 2048 pixels wide, for tests of big uploads.
func LargePNG(minBytes int) []byte {
	const w = 2048
	h := max((minBytes+w*4-1)/(w*4), 1)
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i+8 <= len(img.Pix); i += 8 {
		binary.LittleEndian.PutUint64(img.Pix[i:], r.Uint64())
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.NoCompression}
	if err := enc.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// WriteFiles writes files (name -> bytes, names may hold folders) under
// dir, as a person's disk holds the images an upload takes.
func WriteFiles(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
