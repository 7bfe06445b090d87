package preview

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkDecodeScaleJPEG decodes a 4000x3000 camera-sized JPEG (about
// 5 MB), scales it for a 60x30-cell pane and encodes it, as the UI's Cmd
// does: for blocks (60x60 pixels) and for kitty (10x20-pixel cells).
func BenchmarkDecodeScaleJPEG(b *testing.B) {
	data := encodeJPEG(b, photo(4000, 3000), 92)
	for _, mode := range []Mode{Blocks, Kitty} {
		b.Run("pane="+string(mode), func(b *testing.B) {
			t := Target{Mode: mode, Cols: 60, Rows: 30, Cell: CellSize{W: 10, H: 20}, KittyID: 1}
			for b.Loop() {
				if _, err := Prepare(context.Background(), data, int64(len(data)), t); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(data))/1e6, "MB-jpeg")
		})
	}
}

// BenchmarkPrepareProgressiveJPEG previews a 4000x3000 progressive JPEG,
// which image/jpeg decodes holding every coefficient (90 MB here), for
// the same panes as BenchmarkDecodeScaleJPEG: both are read at one eighth
// from the DC scans, the AC scans skipped unread.
func BenchmarkPrepareProgressiveJPEG(b *testing.B) {
	if _, err := exec.LookPath("convert"); err != nil {
		b.Skip("ImageMagick's convert is not installed (Debian package imagemagick)")
	}
	dir := b.TempDir()
	src, out := filepath.Join(dir, "src.png"), filepath.Join(dir, "progressive.jpg")
	if err := os.WriteFile(src, encodePNG(b, photo(4000, 3000)), 0o644); err != nil {
		b.Fatal(err)
	}
	if msg, err := exec.Command("convert", src, "-interlace", "JPEG", "-quality", "92", out).CombinedOutput(); err != nil {
		b.Fatalf("convert: %v: %s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []Mode{Blocks, Kitty} {
		b.Run("pane="+string(mode), func(b *testing.B) {
			t := Target{Mode: mode, Cols: 60, Rows: 30, Cell: CellSize{W: 10, H: 20}, KittyID: 1}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Prepare(context.Background(), data, int64(len(data)), t); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
