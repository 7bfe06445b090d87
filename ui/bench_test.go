package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/s3browse"
)

// objectsAt returns an objects screen of 120x40 holding n images.
func objectsAt(b *testing.B, n int) (*objectsScreen, model) {
	d, _, _, _ := fakeDeps()
	next, _ := newModel(d).Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m := next.(model)
	s := newObjectsScreen(m.c, "photos", "")
	for i := 0; i < n; i += 1000 {
		s.appendPage(page(i, min(1000, n-i)))
	}
	m.stack = append(m.stack, s)
	if rows := strings.Count(m.View().Content, ".png"); rows < 30 {
		b.Fatalf("the benchmark frame shows %d image rows, want a full 120x40 screen", rows)
	}
	return s, m
}

// page returns count objects numbered from start.
func page(start, count int) s3browse.Page {
	p := s3browse.Page{Objects: make([]s3browse.Object, count)}
	for i := range p.Objects {
		p.Objects[i] = s3browse.Object{Key: fmt.Sprintf("img%07d.png", start+i), Size: int64(i)}
	}
	return p
}

func benchKeypress(b *testing.B, filtered bool) {
	for _, n := range []int{1000, 100000} {
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

func BenchmarkObjectsFilterKeystroke(b *testing.B) {
	b.Run("items=100000", func(b *testing.B) {
		s, _ := objectsAt(b, 100000)
		for b.Loop() {
			s.filter.input.SetValue("img00")
			s.refilter(false)
		}
	})
}

func BenchmarkObjectsAppendPage(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprintf("total=%d", n), func(b *testing.B) {
			p := page(n, 1000)
			s, _ := objectsAt(b, n)
			files, shown, images := len(s.files), len(s.oIdx), s.images
			for b.Loop() {
				s.appendPage(p)
				// Back to n items in O(1), so every append lands on the same total.
				s.files, s.oIdx, s.images = s.files[:files], s.oIdx[:shown], images
				s.list.setLen(len(s.fIdx) + len(s.oIdx))
			}
		})
	}
}
