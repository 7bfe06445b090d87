package listing_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/s3share/s3share/listing"
)

// realName is the name of upload i as image buckets name them: 24 to 40
// hex digits and an extension (keys of 40 to 60 bytes under
// uploads/2026/11/).
func realName(i int) string {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(i))
	sum := sha256.Sum256(n[:])
	digits := hex.EncodeToString(sum[:])[:24+i%17]
	return digits + []string{".jpg", ".jpeg", ".png", ".webp", ".heic"}[i%5]
}

// realPages lists n such uploads in pages of 1000.
func realPages(n int) listing.Pages {
	var b listing.Builder
	var ps listing.Pages
	mod := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	for i := 0; i < n; i += 1000 {
		b.Reset()
		for j := i; j < min(n, i+1000); j++ {
			b.Add("uploads/2026/11/"+realName(j), int64(j), mod, `"d41d8cd98f00b204e9800998ecf8427e"`)
		}
		ps.Append(b.Finish("uploads/2026/11/", func([]byte) bool { return true }))
	}
	return ps
}

// BenchmarkFilter is one filter keystroke over a million names: a query
// most names hold, one few hold, and narrowing the first to the second.
func BenchmarkFilter(b *testing.B) {
	ps := realPages(1_000_000)
	idx := make([]int32, 0, ps.Len())
	for _, q := range []string{"3", "3f0c", "e1.jp", ".heic"} {
		b.Run(fmt.Sprintf("names=1000000/q=%s", q), func(b *testing.B) {
			cpu := cpuTime()
			for b.Loop() {
				idx = ps.Filter(idx[:0], q, true)
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(len(idx)), "matches")
		})
	}
	b.Run("names=1000000/narrow=3-to-3f", func(b *testing.B) {
		all := ps.Filter(nil, "3", true)
		cpu := cpuTime()
		for b.Loop() {
			idx = ps.Narrow(append(idx[:0], all...), "3f")
		}
		b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
	})
}
