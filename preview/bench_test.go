package preview

import (
	"context"
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
