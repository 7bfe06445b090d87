package ui

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkObjectsMemory holds n listed objects in an objects screen and
// reports the heap the listing takes (MB-heap, and B-per-object) and the
// whole test process's resident set (MB-rss, an upper bound for what
// s3share needs; scripts/bench measures the s3share process itself).
func BenchmarkObjectsMemory(b *testing.B) {
	for _, n := range sizes[1:] {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			var rss, heap float64
			for b.Loop() {
				before := heapInUse()
				s, _ := objectsAt(b, n)
				heap = float64(heapInUse() - before)
				rss = residentMB(b)
				runtime.KeepAlive(s)
			}
			b.ReportMetric(rss, "MB-rss")
			b.ReportMetric(heap/(1<<20), "MB-heap")
			b.ReportMetric(heap/float64(n), "B-per-object")
		})
	}
}

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// residentMB reads VmRSS from /proc/self/status.
func residentMB(b *testing.B) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skipf("no /proc/self/status: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				b.Fatalf("VmRSS %q: %v", rest, err)
			}
			return kb / 1024
		}
	}
	b.Fatal("VmRSS not found")
	return 0
}
