package preview

import (
	"context"
	"testing"
)

// BenchmarkDecodeScaleJPEG decodes a 4000x3000 camera-sized JPEG (about
// 5 MB) and scales it for a 60x30-cell pane, as the UI's Cmd does.
func BenchmarkDecodeScaleJPEG(b *testing.B) {
	data := encodeJPEG(b, photo(4000, 3000), 92)
	b.ReportMetric(float64(len(data))/1e6, "MB-jpeg")
	b.ResetTimer()
	for b.Loop() {
		img, f, err := Decode(context.Background(), data, int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		w, h := Fit(f.Width, f.Height, 60*10, 30*20)
		_ = Scale(img, w, h)
	}
}
