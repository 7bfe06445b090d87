package imagemeta_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"testing"

	"github.com/s3share/s3share/imagemeta"
)

// FuzzStripLocation: any bytes give either a typed error and no output, or
// an output without location data that a second removal leaves as it is;
// the streamed output is the same bytes; nothing panics.
func FuzzStripLocation(f *testing.F) {
	thumb := plainJPEG(f, 8, 6)
	for _, bo := range []byteOrder{binary.LittleEndian, binary.BigEndian} {
		tiff := buildEXIF(exifSpec{bo: bo, order: layouts[2], gps: true, thumb: thumb})
		f.Add(withJPEGSegments(plainJPEG(f, 16, 16), exifSegment(tiff), xmpSegment(testXMP)))
		f.Add(withPNGChunks(plainPNG(f, 8, 8), pngChunk("eXIf", tiff)))
		f.Add(webpWith(f, tiff, testICC, riffChunk("XMP ", []byte(testXMP))))
	}
	for _, name := range []string{"gps.heic", "gps.avif", "imagemagick-gps.png", "plain.webp"} {
		f.Add(readTestdata(f, name))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		imagemeta.Location(b)
		out, rep, err := imagemeta.StripLocation(b)
		if err != nil {
			var e *imagemeta.Error
			if !errors.As(err, &e) || out != nil || rep.Changed() || !(errors.Is(err, imagemeta.ErrMalformed) ||
				errors.Is(err, imagemeta.ErrUnsupported) || errors.Is(err, imagemeta.ErrTooLarge)) {
				t.Fatalf("error %v (%T), output %d bytes", err, err, len(out))
			}
			return
		}
		if !rep.Changed() && !bytes.Equal(out, b) {
			t.Fatal("nothing removed, yet the bytes changed")
		}
		again, rep2, err := imagemeta.StripLocation(out)
		if err != nil || rep2.Changed() || !bytes.Equal(again, out) {
			t.Fatalf("second removal: %q, %v", rep2, err)
		}
		if f, _ := imagemeta.Location(out); f.GPS {
			t.Fatalf("GPS still found: %+v", f)
		}
		plan, err := imagemeta.PlanStrip(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		streamed, err := io.ReadAll(plan.Open(bytes.NewReader(b)))
		if err != nil || !bytes.Equal(streamed, out) {
			t.Fatalf("streamed output differs: %v", err)
		}
	})
}
