package demo

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"testing"

	"github.com/s3share/s3share/preview"
)

// seededBody returns the body of one seeded object.
func seededBody(t *testing.T, key string) []byte {
	t.Helper()
	objs, err := SeedObjects()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.Key == key {
			return o.Body
		}
	}
	t.Fatalf("%s is not seeded", key)
	return nil
}

func TestTestCard(t *testing.T) {
	img, _, err := image.Decode(bytes.NewReader(seededBody(t, TestCardKey)))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != TestCardW || b.Dy() != TestCardH {
		t.Fatalf("test card is %v", b)
	}
	for i, p := range []image.Point{{TestCardW / 4, TestCardH / 4}, {3 * TestCardW / 4, TestCardH / 4}, {TestCardW / 4, 3 * TestCardH / 4}, {3 * TestCardW / 4, 3 * TestCardH / 4}} {
		if got := color.RGBAModel.Convert(img.At(p.X, p.Y)); got != TestCardColours[i] {
			t.Errorf("quadrant %d = %v, want %v", i, got, TestCardColours[i])
		}
	}
}

// TestPhonePhotosStandUpright decodes each phone JPEG through the preview
// package: once its EXIF orientation is applied, the sky is on top, the
// grass below and the sun on the left.
func TestPhonePhotosStandUpright(t *testing.T) {
	for key, o := range PhoneOrientations {
		body := seededBody(t, key)
		pic, err := preview.Prepare(context.Background(), body, int64(len(body)), preview.Target{Mode: preview.Sixel, Cols: 30, Rows: 20, Cell: preview.CellSize{W: 10, H: 20}})
		if err != nil {
			t.Fatal(err)
		}
		f := pic.Facts
		if f.Orientation != o || f.Width != PhoneW || f.Height != PhoneH {
			t.Fatalf("%s: facts %+v, want orientation %d and %dx%d upright", key, f, o, PhoneW, PhoneH)
		}
		stored, _, err := image.DecodeConfig(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if sideways := o >= 5; sideways != (stored.Width > stored.Height) {
			t.Errorf("%s: stored %dx%d for orientation %d", key, stored.Width, stored.Height, o)
		}
	}
}

func TestLargeIsOverPreviewCap(t *testing.T) {
	body := seededBody(t, LargeKey)
	if len(body) <= 16<<20 {
		t.Fatalf("%s is %d bytes, want over 16 MiB", LargeKey, len(body))
	}
	f, err := preview.Inspect(body[:4096], int64(len(body)))
	if err != nil || f.Width != LargeW || f.Height != LargeH || f.Format != preview.BMP {
		t.Fatalf("facts %+v, %v", f, err)
	}
}

// BenchmarkStartToServe is Start up to the moment it serves, which is what
// delays the UI's first frame: the 18 MB poster is put in the background
// and Close, which waits for it, is left out of the timing.
func BenchmarkStartToServe(b *testing.B) {
	for b.Loop() {
		s, err := Start(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
