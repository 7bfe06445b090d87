package preview

import (
	"fmt"
	"strings"
	"testing"
)

func picOf(n int) *Picture { return &Picture{Seq: strings.Repeat("x", n)} }

func TestCacheEvictsLeastRecentlyUsed(t *testing.T) {
	var evicted []string
	c := NewCache(3*(1000+256), func(p *Picture) { evicted = append(evicted, fmt.Sprint(len(p.Seq))) })
	a, b, d := Key{"b", "a", "1"}, Key{"b", "b", "1"}, Key{"b", "d", "1"}
	c.Put(a, picOf(1000))
	c.Put(b, picOf(1000))
	c.Put(d, picOf(1000))
	c.Get(a) // a is now the most recent: b goes first
	c.Put(Key{"b", "e", "1"}, picOf(1000))
	if _, ok := c.Get(b); ok {
		t.Fatal("b should have been evicted")
	}
	if _, ok := c.Get(a); !ok {
		t.Fatal("a was used recently and should stay")
	}
	if c.Used() > c.Limit() || len(evicted) != 1 {
		t.Fatalf("used %d of %d, evicted %v", c.Used(), c.Limit(), evicted)
	}
}

func TestCacheNewETagIsAnotherPicture(t *testing.T) {
	c := NewCache(0, nil)
	c.Put(Key{"b", "k", "v1"}, picOf(10))
	if _, ok := c.Get(Key{"b", "k", "v2"}); ok {
		t.Fatal("a new ETag must miss")
	}
}

func TestCacheRefusesPictureOverBound(t *testing.T) {
	var gone int
	c := NewCache(1000, func(*Picture) { gone++ })
	c.Put(Key{"b", "huge", "1"}, picOf(5000))
	if c.Len() != 0 || c.Used() != 0 || gone != 1 {
		t.Fatalf("len %d used %d gone %d", c.Len(), c.Used(), gone)
	}
}

// BenchmarkCacheScroll1000 scrolls through 1,000 distinct previews of a
// 60x30 pane: the cache must never hold more than its bound.
func BenchmarkCacheScroll1000(b *testing.B) {
	const limit = 8 << 20
	pic := &Picture{Lines: make([]string, 30)}
	for i := range pic.Lines {
		pic.Lines[i] = strings.Repeat("\x1b[38;2;255;255;255m\x1b[48;2;0;0;0m▀", 60) // worst case: colour per cell
	}
	var peak int64
	for b.Loop() {
		c := NewCache(limit, nil)
		for i := range 1000 {
			c.Put(Key{"photos", fmt.Sprintf("img%04d.jpg", i), "e"}, pic)
			peak = max(peak, c.Used())
		}
	}
	if peak > limit {
		b.Fatalf("cache held %d bytes, over its %d bound", peak, limit)
	}
	b.ReportMetric(float64(peak)/float64(limit), "peak/bound")
}
