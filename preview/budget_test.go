package preview

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/draw"
	"image/gif"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

// allocated is how many bytes f allocates on the heap (TotalAlloc): an
// upper bound of the memory it holds at any one time, and deterministic.
// The preview tests do not run in parallel, so nothing else adds to it.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// streamedPNG writes a w x h PNG of the given colour type and bit depth row
// by row, never holding the picture: a horizontal gradient whose rows after
// the first are coded as "same as above", so a 7000x7000 16-bit RGBA PNG,
// 392 MB decoded, is a few hundred kB, as in issue 17.
func streamedPNG(t testing.TB, w, h int, colourType, depth byte) []byte {
	t.Helper()
	channels := map[byte]int{0: 1, 2: 3, 4: 2, 6: 4}[colourType]
	rowBytes := w * channels * int(depth) / 8
	var idat bytes.Buffer
	zw := zlib.NewWriter(&idat)
	row := make([]byte, 1+rowBytes)
	for i := range rowBytes {
		row[1+i] = byte(i * 251 / rowBytes)
	}
	up := make([]byte, 1+rowBytes)
	up[0] = 2 // filter Up, all differences zero
	for y := range h {
		r := up
		if y == 0 {
			r = row
		}
		if _, err := zw.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, depth, colourType, 0, 0, 0)
	out := []byte("\x89PNG\r\n\x1a\n")
	for _, c := range []struct {
		kind string
		data []byte
	}{{"IHDR", ihdr}, {"IDAT", idat.Bytes()}, {"IEND", nil}} {
		out = binary.BigEndian.AppendUint32(out, uint32(len(c.data)))
		chunk := append([]byte(c.kind), c.data...)
		out = append(out, chunk...)
		out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(chunk))
	}
	return out
}

// hostileJPEG is a 7000x7000 progressive JPEG of a red-to-blue gradient
// (4:2:0, about 350 kB), made once per test binary with ImageMagick:
// image/jpeg writes only baseline JPEGs.
var hostileJPEG = sync.OnceValues(func() ([]byte, error) {
	if _, err := exec.LookPath("convert"); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "preview-hostile")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "progressive.jpg")
	cmd := exec.Command("convert", "-size", "7000x7000", "gradient:red-blue", "-interlace", "JPEG", "-quality", "85", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		return nil, errors.New(string(b))
	}
	return os.ReadFile(out)
})

// needConvert skips (or, in CI, fails) a test when ImageMagick is missing.
func needConvert(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("convert"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ImageMagick's convert is not installed; .ci/run installs Debian package imagemagick")
		}
		t.Skip("ImageMagick's convert is not installed (Debian package imagemagick)")
	}
}

// TestPrepareRefusesPNGOverMemoryBudget is issue 17, finding 11: a 381 kB
// 16-bit 7000x7000 PNG (under the pixel limit) took 600 MB to preview.
// It is refused from its header, with one line that says why, before any
// pixel is decoded.
func TestPrepareRefusesPNGOverMemoryBudget(t *testing.T) {
	data := streamedPNG(t, 7000, 7000, 6, 16)
	var err error
	n := allocated(func() {
		_, err = Prepare(context.Background(), data, int64(len(data)), Target{Mode: Blocks, Cols: 60, Rows: 30})
	})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v after allocating %d MB, want ErrTooLarge", err, n>>20)
	}
	want := regexp.MustCompile(`^no preview: 7000x7000 16-bit PNG would take ~3[789]\d MiB of memory, over the 256 MiB limit$`)
	if !want.MatchString(err.Error()) {
		t.Errorf("line = %q, want one line like %q", err.Error(), want)
	}
	if n > 1<<20 {
		t.Errorf("refusing it allocated %d bytes: it started decoding", n)
	}
}

// TestPreparePNGJustUnderBudget decodes an 8-bit RGBA PNG that fits: the
// budget refuses only what does not.
func TestPreparePNGJustUnderBudget(t *testing.T) {
	data := streamedPNG(t, 6000, 6000, 6, 8) // 144 MB decoded
	var err error
	n := allocated(func() {
		_, err = Prepare(context.Background(), data, int64(len(data)), Target{Mode: Blocks, Cols: 60, Rows: 30})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n > DecodeMemory {
		t.Errorf("preview allocated %d MB, over the %d MB budget", n>>20, DecodeMemory>>20)
	}
}

// TestPrepareProgressiveJPEGWithinBudget is the other half of finding 11:
// a 7000x7000 progressive JPEG took 456 MB and 3.9 s. It is read at one
// eighth from its DC scans, skipping the rest, for a small pane and (the
// full decode being over the budget) for a large one too.
func TestPrepareProgressiveJPEGWithinBudget(t *testing.T) {
	needConvert(t)
	data, err := hostileJPEG()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		t     Target
		limit uint64
	}{
		{"blocks 60x30", Target{Mode: Blocks, Cols: 60, Rows: 30}, 16 << 20},
		{"kitty 200x60", Target{Mode: Kitty, Cols: 200, Rows: 60, Cell: CellSize{W: 10, H: 20}, KittyID: 1}, 128 << 20},
	} {
		t.Run(c.name, func(t *testing.T) {
			var pic *Picture
			n := allocated(func() {
				pic, err = Prepare(context.Background(), data, int64(len(data)), c.t)
			})
			if err != nil {
				t.Fatalf("%v (after allocating %d MB)", err, n>>20)
			}
			if n > c.limit {
				t.Errorf("preview allocated %d MB, want at most %d MB", n>>20, c.limit>>20)
			}
			if pic.Facts.Width != 7000 || pic.Facts.Height != 7000 {
				t.Errorf("facts %+v", pic.Facts)
			}
			if c.t.Mode != Blocks {
				return
			}
			img := decodeBlocks(t, pic.Lines)
			b := img.Bounds()
			top, bottom := rgbaAt(img, b.Dx()/2, 1), rgbaAt(img, b.Dx()/2, b.Dy()-2)
			if !near(top, color.RGBA{255, 0, 0, 255}, 24) || !near(bottom, color.RGBA{0, 0, 255, 255}, 24) {
				t.Errorf("top %v, bottom %v: want red to blue", top, bottom)
			}
		})
	}
}

// estimateSamples are pictures of every format and layout whose decode
// costs differ: 16-bit, grey, paletted and interlaced PNGs, baseline,
// progressive and turned JPEGs, lossy, lossless and alpha WebPs, a
// compressed 16-bit TIFF.
func estimateSamples(t *testing.T) map[string][]byte {
	t.Helper()
	src := photo(1200, 800)
	gray := image.NewGray(src.Bounds())
	draw.Draw(gray, gray.Bounds(), src, image.Point{}, draw.Src)
	pal := image.NewPaletted(src.Bounds(), palette.Plan9)
	draw.Draw(pal, pal.Bounds(), src, image.Point{}, draw.Src)
	var g, bm, tf bytes.Buffer
	if err := gif.Encode(&g, src, nil); err != nil {
		t.Fatal(err)
	}
	if err := bmp.Encode(&bm, src); err != nil {
		t.Fatal(err)
	}
	if err := tiff.Encode(&tf, src, &tiff.Options{Compression: tiff.Deflate}); err != nil {
		t.Fatal(err)
	}
	jpg := encodeJPEG(t, src, 90)
	noise := image.NewRGBA(src.Bounds())
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range noise.Pix {
		noise.Pix[i] = uint8(rng.Uint32()) | 3
	}
	out := map[string][]byte{
		"PNG noise": encodePNG(t, noise),
		"PNG RGBA":  encodePNG(t, src), "PNG grey": encodePNG(t, gray), "PNG paletted": encodePNG(t, pal),
		"PNG 16-bit": streamedPNG(t, 1200, 800, 6, 16), "PNG grey 16-bit": streamedPNG(t, 1200, 800, 0, 16),
		"JPEG": jpg, "JPEG turned": withOrientation(jpg, 6), "JPEG grey": encodeJPEG(t, gray, 90),
		"GIF": g.Bytes(), "BMP": bm.Bytes(), "TIFF": tf.Bytes(),
	}
	needConvert(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.png")
	writeFile(t, in, encodePNG(t, src))
	for name, args := range map[string][]string{
		"JPEG progressive":     {"-interlace", "JPEG", "-quality", "85"},
		"JPEG progressive 444": {"-interlace", "JPEG", "-quality", "95", "-sampling-factor", "1x1"},
		"PNG interlaced":       {"-interlace", "PNG"},
		"WebP lossy":           {"-quality", "80", "-define", "webp:lossless=false"},
		"WebP lossless":        {"-define", "webp:lossless=true"},
		"WebP alpha":           {"-alpha", "set", "-channel", "A", "-evaluate", "set", "50%", "-quality", "80"},
		"TIFF 16-bit":          {"-depth", "16", "-compress", "zip"},
	} {
		ext := map[string]string{"JPEG": "jpg", "PNG": "png", "WebP": "webp", "TIFF": "tiff"}[strings.Fields(name)[0]]
		o := filepath.Join(dir, "out."+ext)
		cmd := exec.Command("convert", append(append([]string{in}, args...), o)...)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("convert %s: %v: %s", name, err, b)
		}
		out[name] = readFile(t, o)
	}
	return out
}

// TestDecodeEstimatesCoverAllocations checks the cost model the budget
// rests on: for every sample, what its decoder allocates in all (an upper
// bound of what it holds at once) is within the estimate.
func TestDecodeEstimatesCoverAllocations(t *testing.T) {
	for name, data := range estimateSamples(t) {
		f, cfg, err := inspect(data, int64(len(data)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		check := func(path string, estimate int64, decode func() (image.Image, error)) {
			var err error
			n := allocated(func() { _, err = decode() })
			if err != nil {
				t.Fatalf("%s, %s: %v", name, path, err)
			}
			t.Logf("%-22s %-4s allocated %6.2f MB, estimated %6.2f MB (%.2f)", name, path, float64(n)/1e6, float64(estimate)/1e6, float64(estimate)/float64(n))
			if int64(n) > estimate {
				t.Errorf("%s, %s: decoding allocated %d bytes, estimated %d", name, path, n, estimate)
			}
		}
		check("full", decodeBytes(f.Format, cfg, data), func() (image.Image, error) { return decodeFull(f.Format, data) })
		if h, err := readJPEGHeader(data); err == nil && h.dcReadable() == nil {
			check("DC", h.dcDecodeBytes(), func() (image.Image, error) { return decodeJPEGDC(data) })
		}
	}
}

// TestScaleEstimateCoversAllocations does the same for Scale, from every
// kind of decoded picture, down by whole and fractional factors and up.
func TestScaleEstimateCoversAllocations(t *testing.T) {
	rect := image.Rect(0, 0, 1203, 797)
	sources := map[string]image.Image{
		"RGBA": photo(1203, 797), "NRGBA64": image.NewNRGBA64(rect), "Gray": image.NewGray(rect),
		"YCbCr 4:2:0": image.NewYCbCr(rect, image.YCbCrSubsampleRatio420), "Paletted": image.NewPaletted(rect, palette.Plan9),
	}
	for name, src := range sources {
		for _, size := range []image.Point{{60, 40}, {600, 400}, {900, 600}, {1800, 1200}} {
			n := allocated(func() { Scale(src, size.X, size.Y) })
			estimate := scaleBytes(1203, 797, size.X, size.Y)
			if int64(n) > estimate {
				t.Errorf("%s to %v: allocated %d bytes, estimated %d", name, size, n, estimate)
			}
		}
	}
}

// TestPreviewsInFlightShareTheBudget: while other previews hold the
// budget, a preview waits for room instead of adding its memory to
// theirs, goes ahead once they are done, and gives up if cancelled while
// it waits. Nothing stays held afterwards.
func TestPreviewsInFlightShareTheBudget(t *testing.T) {
	data := encodePNG(t, photo(400, 300))
	tg := Target{Mode: Blocks, Cols: 40, Rows: 20}
	for _, cancelled := range []bool{false, true} {
		mem := newMemoryBudget(8 << 20)
		waiting := make(chan int64, 1)
		mem.observe = func(n int64, wait bool) {
			if wait {
				waiting <- n
			}
		}
		others, err := mem.acquire(context.Background(), mem.size-64<<10)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := prepare(ctx, mem, data, int64(len(data)), tg)
			done <- err
		}()
		if n := <-waiting; n <= 64<<10 {
			t.Fatalf("waited for %d bytes with 64 KiB free", n)
		}
		if cancelled {
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled while waiting: err = %v", err)
			}
			others()
		} else {
			others()
			if err := <-done; err != nil {
				t.Fatalf("once the others were done: %v", err)
			}
		}
		cancel()
		if !mem.sem.TryAcquire(mem.size) {
			t.Fatal("the budget is still partly held")
		}
	}
}

// TestPrepareJPEGOverBudget: a JPEG whose full decode is over the budget
// is read from its DC terms even for a pane that wants more than one
// eighth; one the DC decoder cannot read (CMYK) is refused with one line.
func TestPrepareJPEGOverBudget(t *testing.T) {
	tg := Target{Mode: Kitty, Cols: 60, Rows: 30, Cell: CellSize{W: 10, H: 20}, KittyID: 1} // 600x412 from 150x103
	progressive := readFile(t, "testdata/jpeg/video-001.q50.420.progressive.jpeg")
	h, err := readJPEGHeader(progressive)
	if err != nil {
		t.Fatal(err)
	}
	f, cfg, err := inspect(progressive, int64(len(progressive)))
	if err != nil {
		t.Fatal(err)
	}
	size := h.dcDecodeBytes() + renderBytes(19, 13, f, tg)
	if full := decodeBytes(JPEG, cfg, progressive) + renderBytes(150, 103, f, tg); full <= size || eighthWillDo(f, tg) {
		t.Fatalf("the test needs a full decode over the budget (%d, budget %d) for a pane that wants more than an eighth", full, size)
	}
	mem := newMemoryBudget(size)
	pic, err := prepare(context.Background(), mem, progressive, int64(len(progressive)), tg)
	if err != nil || pic.Facts.Width != 150 {
		t.Fatalf("progressive: %v", err)
	}
	cmyk := readFile(t, "testdata/jpeg/video-001.cmyk.jpeg")
	_, err = prepare(context.Background(), mem, cmyk, int64(len(cmyk)), tg)
	want := regexp.MustCompile(`^no preview: 150x103 CMYK JPEG would take ~[\d.]+ MiB of memory, over the [\d.]+ MiB limit$`)
	if !errors.Is(err, ErrTooLarge) || !want.MatchString(err.Error()) {
		t.Fatalf("CMYK: err = %v, want a line like %q", err, want)
	}
}
