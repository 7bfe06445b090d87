package ui

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	compact "github.com/s3share/s3share/listing"
	"github.com/s3share/s3share/s3browse"
)

// benchPrefix is the folder the benchmarks list: image buckets often keep
// every upload under one prefix.
const benchPrefix = "uploads/2026/11/"

// uploadKey is the key of upload i as such buckets name them: 22 to 38 hex
// digits and an image extension under benchPrefix, 42 to 59 bytes.
func uploadKey(i int) string {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(i))
	sum := sha256.Sum256(n[:])
	digits := hex.EncodeToString(sum[:])
	return benchPrefix + digits[:22+i%17] + []string{".jpg", ".jpeg", ".png", ".webp", ".heic"}[i%5]
}

// page returns count uploads numbered from start, as the UI keeps a
// listing page of them (keepPage: without ETags).
func page(start, count int) *compact.Page {
	objs := make([]s3browse.Object, count)
	mod := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	for i := range objs {
		n := start + i
		objs[i] = s3browse.Object{Key: uploadKey(n), Size: int64(n*7919) % (8 << 20), LastModified: mod,
			ETag: fmt.Sprintf(`"%032x"`, n)}
	}
	return keepPage(s3browse.CompactObjects(benchPrefix, objs))
}

// objectsAt returns an objects screen of 120x40 holding n images.
func objectsAt(b *testing.B, n int) (*objectsScreen, model) {
	d, _, _, _ := fakeDeps()
	next, _ := newModel(d).Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m := next.(model)
	s := newObjectsScreen(m.c, "photos", benchPrefix)
	for i := 0; i < n; i += 1000 {
		s.appendPage(nil, page(i, min(1000, n-i)))
	}
	m.stack = append(m.stack, s)
	if rows := strings.Count(m.View().Content, "2026-11-27"); rows < 30 {
		b.Fatalf("the benchmark frame shows %d image rows, want a full 120x40 screen", rows)
	}
	return s, m
}

// sizes are the listing sizes the scaling benchmarks compare.
var sizes = []int{1000, 100000, 1000000}

func benchKeypress(b *testing.B, filtered bool) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			s, m := objectsAt(b, n)
			if filtered {
				s.filter.input.SetValue("1")
				s.refilter(false)
			}
			down := tea.KeyPressMsg{Code: tea.KeyDown}
			b.ResetTimer()
			for b.Loop() {
				s.update(down)
				_ = m.View()
			}
		})
	}
}

func BenchmarkObjectsKeypress(b *testing.B)         { benchKeypress(b, false) }
func BenchmarkObjectsKeypressFiltered(b *testing.B) { benchKeypress(b, true) }

// BenchmarkObjectsFilterKeystroke is the first keystroke of a filter: one
// hex digit, which most names hold, so the whole listing is searched and
// nearly every object kept (later keystrokes narrow what it kept). Each
// operation also clears the filter again, which costs next to nothing.
func BenchmarkObjectsFilterKeystroke(b *testing.B) {
	for _, n := range sizes[1:] {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			s, _ := objectsAt(b, n)
			cpu := cpuTime()
			for b.Loop() {
				s.filter.input.SetValue("")
				s.refilter(false)
				s.filter.input.SetValue("3")
				s.refilter(true)
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(s.shown.len()), "matches")
		})
	}
}

func BenchmarkObjectsAppendPage(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("total=%d", n), func(b *testing.B) {
			p := page(n, 1000)
			s, _ := objectsAt(b, n)
			files, shown, images := len(s.files), s.shown, s.images
			for b.Loop() {
				s.appendPage(nil, p)
				// Back to n items in O(1), so every append lands on the same total.
				s.files, s.shown, s.images = s.files[:files], shown, images
				s.list.setLen(len(s.fIdx) + s.shown.len())
			}
		})
	}
}
