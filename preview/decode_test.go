package preview

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"os"
	"strings"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

// formatSamples encodes the quadrants picture in every decodable format.
func formatSamples(t *testing.T) map[string][]byte {
	t.Helper()
	src := quadrants(40, 20)
	var g, b, tf bytes.Buffer
	pal := image.NewPaletted(src.Bounds(), color.Palette{
		color.RGBA{255, 0, 0, 255}, color.RGBA{0, 255, 0, 255}, color.RGBA{0, 0, 255, 255}, color.RGBA{255, 255, 255, 255}})
	for y := range 20 {
		for x := range 40 {
			pal.Set(x, y, src.At(x, y))
		}
	}
	// Two frames: the first frame is the quadrants, the second all black.
	black := image.NewPaletted(src.Bounds(), color.Palette{color.Black})
	if err := gif.EncodeAll(&g, &gif.GIF{Image: []*image.Paletted{pal, black}, Delay: []int{10, 10}}); err != nil {
		t.Fatal(err)
	}
	if err := bmp.Encode(&b, src); err != nil {
		t.Fatal(err)
	}
	if err := tiff.Encode(&tf, src, nil); err != nil {
		t.Fatal(err)
	}
	webp, err := os.ReadFile("testdata/quadrants.webp") // made with ImageMagick: x/image has no WebP encoder
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{
		PNG: encodePNG(t, src), JPEG: encodeJPEG(t, src, 95), GIF: g.Bytes(),
		BMP: b.Bytes(), TIFF: tf.Bytes(), WebP: webp,
	}
}

func TestDecodeEveryFormat(t *testing.T) {
	for format, data := range formatSamples(t) {
		t.Run(format, func(t *testing.T) {
			if got := Sniff(data); got != format {
				t.Fatalf("Sniff = %q, want %q", got, format)
			}
			f, _, err := inspect(data, int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			img, err := decodeFull(f.Format, data)
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != format || f.Width != 40 || f.Height != 20 {
				t.Fatalf("facts = %+v, want %s 40x20", f, format)
			}
			// The centre of each quadrant (GIF: of its first frame).
			for _, p := range []image.Point{{10, 5}, {30, 5}, {10, 15}, {30, 15}} {
				want := quadrantColour(p.X, p.Y, 40, 20)
				if got := rgbaAt(img, p.X, p.Y); !near(got, want, 8) {
					t.Errorf("pixel %v = %v, want %v", p, got, want)
				}
			}
		})
	}
}

// TestNoPreviewLines covers the bad input of issue 10: each case is one
// calm line of a known kind, never a panic.
func TestNoPreviewLines(t *testing.T) {
	png := encodePNG(t, quadrants(40, 20))
	cases := []struct {
		name string
		data []byte
		kind error
		line string
	}{
		{"empty object", nil, ErrEmpty, "the object is empty"},
		{"text named .jpg", []byte("not really a jpeg, just some text\n"), ErrNotPicture, "this is text, not a picture"},
		{"truncated PNG", png[:len(png)/2], ErrBroken, "the PNG is cut short or damaged"},
		{"30000x30000 header", bombPNG(t), ErrTooLarge, "30000x30000 is 900 megapixels"},
		{"HEIC", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), ErrUnsupported, "no preview for HEIC"},
		{"AVIF", []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"), ErrUnsupported, "no preview for AVIF"},
		{"SVG", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`), ErrUnsupported, "no preview for SVG"},
		{"binary junk", []byte{0, 1, 2, 3, 0xff, 0xfe, 0x80, 0x81}, ErrNotPicture, "not a picture"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Prepare(context.Background(), c.data, int64(len(c.data)), Target{Mode: Blocks, Cols: 20, Rows: 10})
			if !errors.Is(err, c.kind) {
				t.Fatalf("err = %v, want kind %v", err, c.kind)
			}
			if msg := err.Error(); !strings.Contains(msg, c.line) || strings.Contains(msg, "\n") {
				t.Fatalf("line = %q, want one line containing %q", msg, c.line)
			}
		})
	}
}

// bombPNG is a valid PNG header (with a correct CRC) for a 30000x30000
// picture followed by no pixel data: decoding it naively asks for 3.6 GB.
func bombPNG(t *testing.T) []byte {
	t.Helper()
	big := image.NewGray(image.Rect(0, 0, 30000, 1)) // 30 KB, encodes fast
	data := encodePNG(t, big)
	// Patch the height in IHDR and fix the chunk's CRC.
	data[20], data[21], data[22], data[23] = 0, 0, 0x75, 0x30
	crc := crc32IEEE(data[12:29])
	data[29], data[30], data[31], data[32] = byte(crc>>24), byte(crc>>16), byte(crc>>8), byte(crc)
	return data[:33+12] // header chunk and a little of the next
}

func TestDecodeRefusesBombWithoutAllocating(t *testing.T) {
	data := bombPNG(t)
	allocs := testing.AllocsPerRun(5, func() {
		if _, err := Prepare(context.Background(), data, int64(len(data)), Target{Mode: Blocks, Cols: 20, Rows: 10}); !errors.Is(err, ErrTooLarge) {
			t.Fatalf("err = %v", err)
		}
	})
	if allocs > 50 {
		t.Fatalf("refusing the bomb took %v allocations: it started decoding", allocs)
	}
}

func TestJPEGOrientation(t *testing.T) {
	src := quadrants(40, 20) // red TL, green TR, blue BL, white BR
	jpg := encodeJPEG(t, src, 95)
	// Where the red quadrant ends up once upright, for each orientation.
	for o, wantRedAt := range map[int]image.Point{1: {0, 0}, 3: {1, 1}, 6: {1, 0}, 8: {0, 1}, 2: {1, 0}, 4: {0, 1}, 5: {0, 0}, 7: {1, 1}} {
		data := withOrientation(jpg, o)
		pic, err := Prepare(context.Background(), data, int64(len(data)), Target{Mode: Blocks, Cols: 40, Rows: 20})
		if err != nil {
			t.Fatal(err)
		}
		f := pic.Facts
		if f.Orientation != o {
			t.Fatalf("orientation %d read as %d", o, f.Orientation)
		}
		upright := o < 5 && f.Width == 40 && f.Height == 20 || o >= 5 && f.Width == 20 && f.Height == 40
		if !upright {
			t.Fatalf("orientation %d: facts say %dx%d", o, f.Width, f.Height)
		}
		img := decodeBlocks(t, pic.Lines)
		b := img.Bounds()
		x, y := b.Dx()/4+wantRedAt.X*b.Dx()/2, b.Dy()/4+wantRedAt.Y*b.Dy()/2
		if got := rgbaAt(img, x, y); !near(got, color.RGBA{255, 0, 0, 255}, 40) {
			t.Errorf("orientation %d: red quadrant not at %v (found %v there)", o, wantRedAt, got)
		}
	}
}

func TestBrokenEXIFIsIgnored(t *testing.T) {
	jpg := encodeJPEG(t, quadrants(8, 8), 90)
	for _, bad := range [][]byte{
		append(append([]byte{0xff, 0xd8, 0xff, 0xe1, 0x00, 0x08}, "Exif\x00\x00"...), jpg[2:]...), // too short
		append(append([]byte{0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff}, "Exif"...), jpg[2:]...),         // length past the end
	} {
		if o := jpegOrientation(bad); o != 1 {
			t.Errorf("orientation = %d, want 1", o)
		}
	}
}

func FuzzJPEGOrientation(f *testing.F) {
	f.Add(withOrientation([]byte{0xff, 0xd8, 0xff, 0xd9}, 6))
	f.Add([]byte{0xff, 0xd8})
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := jpegOrientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}
