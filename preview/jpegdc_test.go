package preview

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// boxMean is the mean colour of img's 8x8 block at block (bx, by).
func boxMean(img image.Image, bx, by int) (r, g, b int) {
	n := 0
	for y := by * 8; y < by*8+8 && y < img.Bounds().Dy(); y++ {
		for x := bx * 8; x < bx*8+8 && x < img.Bounds().Dx(); x++ {
			c := rgbaAt(img, x, y)
			r, g, b, n = r+int(c.R), g+int(c.G), b+int(c.B), n+1
		}
	}
	return r / n, g / n, b / n
}

// checkDC compares the DC decode of data with 8x8 means of the full decode.
func checkDC(t *testing.T, name string, data []byte, tol int) {
	t.Helper()
	small, err := decodeJPEGDC(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	full, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	fb, sb := full.Bounds(), small.Bounds()
	if sb.Dx() != (fb.Dx()+7)/8 || sb.Dy() != (fb.Dy()+7)/8 {
		t.Fatalf("%s: %v for a %v picture", name, sb, fb)
	}
	worst := 0
	for by := 0; by < fb.Dy()/8; by++ {
		for bx := 0; bx < fb.Dx()/8; bx++ {
			r, g, b := boxMean(full, bx, by)
			c := rgbaAt(small, bx, by)
			for _, d := range []int{r - int(c.R), g - int(c.G), b - int(c.B)} {
				worst = max(worst, d, -d)
			}
		}
	}
	if worst > tol {
		t.Errorf("%s: a block's colour is off by %d from the full decode's mean (tolerance %d)", name, worst, tol)
	}
}

// checkDCPlanes compares the DC decode of data with the full decode's
// planes averaged block by block, each plane at its own resolution: the
// DC term is exactly that mean, so only rounding and the clipping of
// the inverse DCT stand between them, even where subsampled chroma
// changes sharply (where checkDC's 8x8 means of RGB would differ).
func checkDCPlanes(t *testing.T, name string, data []byte, tol int) {
	t.Helper()
	small, err := decodeJPEGDC(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	full, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	blockMean := func(pix []byte, stride, bx, by int) uint8 {
		s := 0
		for y := range 8 {
			for x := range 8 {
				s += int(pix[(by*8+y)*stride+bx*8+x])
			}
		}
		return uint8((s + 32) / 64)
	}
	want := func(px, py int) color.RGBA {
		switch m := full.(type) {
		case *image.Gray:
			g := blockMean(m.Pix, m.Stride, px, py)
			return color.RGBA{g, g, g, 255}
		case *image.YCbCr:
			hd, vd := chromaDivisors(m.SubsampleRatio)
			cx, cy := px/hd, py/vd
			r, g, b := color.YCbCrToRGB(blockMean(m.Y, m.YStride, px, py),
				blockMean(m.Cb, m.CStride, cx, cy), blockMean(m.Cr, m.CStride, cx, cy))
			return color.RGBA{r, g, b, 255}
		}
		t.Fatalf("%s: full decode is a %T", name, full)
		return color.RGBA{}
	}
	fb, sb := full.Bounds(), small.Bounds()
	if sb.Dx() != (fb.Dx()+7)/8 || sb.Dy() != (fb.Dy()+7)/8 {
		t.Fatalf("%s: %v for a %v picture", name, sb, fb)
	}
	for py := range sb.Dy() {
		for px := range sb.Dx() {
			if got, w := rgbaAt(small, px, py), want(px, py); !near(got, w, tol) {
				t.Fatalf("%s: block (%d,%d) is %v, the full decode's planes average %v", name, px, py, got, w)
			}
		}
	}
}

func TestJPEGDCMatchesFullDecode(t *testing.T) {
	checkDC(t, "4:2:0 photo", encodeJPEG(t, photo(403, 301), 90), 12)
	// Edges on 16-pixel lines: DC-only chroma is one value per 16x16 MCU.
	checkDC(t, "quadrants", encodeJPEG(t, quadrants(160, 96), 95), 6)
	gray := image.NewGray(image.Rect(0, 0, 100, 60))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i * 7)
	}
	checkDC(t, "grey", encodeJPEG(t, gray, 90), 12)
}

// TestJPEGDCOtherEncoders checks 4:4:4, restart intervals and progressive
// files (libjpeg's default scan script), as cameras and web tools write
// them, made with ImageMagick when it is installed.
func TestJPEGDCOtherEncoders(t *testing.T) {
	needConvert(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "src.png")
	writeFile(t, src, encodePNG(t, photo(320, 240)))
	for name, args := range map[string][]string{
		"4:4:4":               {"-sampling-factor", "1x1"},
		"restart":             {"-define", "jpeg:restart-interval=3"},
		"4:2:2":               {"-sampling-factor", "2x1"},
		"progressive 4:2:0":   {"-interlace", "JPEG", "-sampling-factor", "2x2"},
		"progressive 4:4:4":   {"-interlace", "JPEG", "-sampling-factor", "1x1"},
		"progressive grey":    {"-interlace", "JPEG", "-colorspace", "Gray"},
		"progressive restart": {"-interlace", "JPEG", "-define", "jpeg:restart-interval=2"},
	} {
		out := filepath.Join(dir, "out.jpg")
		cmd := exec.Command("convert", append(append([]string{src}, args...), "-quality", "90", out)...)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("convert: %v: %s", err, b)
		}
		checkDC(t, name, readFile(t, out), 12)
	}
}

// TestJPEGDCGoTestdata reads the layouts of Go's own JPEG test files
// (testdata/jpeg): progressive files with interleaved or separate DC
// scans and refinement scans, every chroma subsampling, a one-component
// frame sampled 2x2 (its blocks are in raster order, not in MCUs),
// restart intervals, and a progressive file cut after a few scans.
func TestJPEGDCGoTestdata(t *testing.T) {
	for _, name := range []string{
		"video-001.q50.420.progressive.jpeg",
		"video-001.q50.410.progressive.jpeg",
		"video-001.q50.411.progressive.jpeg",
		"video-001.q50.422.progressive.jpeg",
		"video-001.q50.440.progressive.jpeg",
		"video-001.separate.dc.progression.progressive.jpeg",
		"video-001.progressive.truncated.jpeg",
		"video-005.gray.q50.2x2.progressive.jpeg",
		"video-005.gray.q50.2x2.jpeg",
		"video-001.restart2.jpeg",
	} {
		checkDCPlanes(t, name, readFile(t, filepath.Join("testdata", "jpeg", name)), 6)
	}
}

// TestJPEGDCRefusesWhatItCannotRead leaves CMYK, RGB, arithmetic-coded
// and lossless JPEGs to the full decoder.
func TestJPEGDCRefusesWhatItCannotRead(t *testing.T) {
	for name, data := range map[string][]byte{
		"CMYK":       readFile(t, "testdata/jpeg/video-001.cmyk.jpeg"),
		"RGB":        readFile(t, "testdata/jpeg/video-001.rgb.jpeg"),
		"arithmetic": {0xff, 0xd8, 0xff, 0xc9, 0, 11, 8, 0, 8, 0, 8, 1, 1, 0x11, 0},
		"lossless":   {0xff, 0xd8, 0xff, 0xc3, 0, 11, 8, 0, 8, 0, 8, 1, 1, 0x11, 0},
	} {
		if _, err := decodeJPEGDC(data); !errors.Is(err, errDCUnsupported) {
			t.Errorf("%s: err = %v, want errDCUnsupported", name, err)
		}
	}
}

func TestPrepareUsesDCForSmallBoxes(t *testing.T) {
	data := encodeJPEG(t, quadrants(800, 400), 95)
	for _, c := range []struct {
		t    Target
		fast bool
	}{
		{Target{Mode: Blocks, Cols: 60, Rows: 30}, true},                         // 60x30 pixels from 100x50
		{Target{Mode: Kitty, Cols: 60, Rows: 30, Cell: CellSize{10, 20}}, false}, // 600x300: needs the full decode
	} {
		if got := eighthWillDo(Facts{Width: 800, Height: 400}, c.t); got != c.fast {
			t.Errorf("%+v: eighth will do = %v", c.t, got)
		}
		pic, err := Prepare(context.Background(), data, int64(len(data)), c.t)
		if err != nil || pic.Facts.Width != 800 {
			t.Fatalf("%+v: %v %+v", c.t, err, pic)
		}
	}
}

func FuzzJPEGDC(f *testing.F) {
	f.Add(encodeJPEG(f, quadrants(16, 16), 90))
	for _, name := range []string{"video-001.q50.420.progressive.jpeg", "video-001.separate.dc.progression.progressive.jpeg"} {
		data, err := os.ReadFile(filepath.Join("testdata", "jpeg", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeJPEGDC(data) //nolint:errcheck // must not panic or hang
	})
}

// TestDCPathHonoursOrientation turns a large sideways photo upright on
// the one-eighth path too.
func TestDCPathHonoursOrientation(t *testing.T) {
	data := withOrientation(encodeJPEG(t, quadrants(800, 400), 95), 6)
	tg := Target{Mode: Blocks, Cols: 20, Rows: 20}
	if !eighthWillDo(Facts{Width: 400, Height: 800}, tg) {
		t.Fatal("the test means the one-eighth path")
	}
	pic, err := Prepare(context.Background(), data, int64(len(data)), tg)
	if err != nil {
		t.Fatal(err)
	}
	img := decodeBlocks(t, pic.Lines)
	b := img.Bounds()
	if b.Dx() >= b.Dy() {
		t.Fatalf("the picture is %v: not upright", b)
	}
	// Turned a quarter right, the red top-left quadrant is top right.
	if got := rgbaAt(img, 3*b.Dx()/4, b.Dy()/4); !near(got, quadrantColour(0, 0, 2, 2), 40) {
		t.Errorf("top right is %v, want red", got)
	}
}
