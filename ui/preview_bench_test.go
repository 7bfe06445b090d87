package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	compact "github.com/s3share/s3share/listing"
	"github.com/s3share/s3share/preview"
	"github.com/s3share/s3share/s3browse"
)

// BenchmarkObjectsKeypressPreview is keypress-to-frame at 100k objects
// with the preview pane on and off. The cursor moves between two pictures
// already in the cache, so every frame draws one (on) or none (off);
// moving never waits for a picture either way.
func BenchmarkObjectsKeypressPreview(b *testing.B) {
	for _, on := range []bool{false, true} {
		b.Run(fmt.Sprintf("preview=%s", map[bool]string{false: "off", true: "on"}[on]), func(b *testing.B) {
			d, _, _, _ := fakeDeps()
			if on {
				d.Reader, d.Preview = &countingReader{}, preview.Blocks
			}
			next, _ := newModel(d).Update(tea.WindowSizeMsg{Width: 120, Height: 40})
			m := next.(model)
			s := newObjectsScreen(m.c, "photos", "")
			for i := 0; i < 100000; i += 1000 {
				s.appendPage(nil, imgPage(i, 1000))
			}
			m.stack = append(m.stack, s)
			s.list.jump(500)
			if on {
				cachePictures(b, s, 500, 501)
			}
			s.update(nil) // point the pane at row 500
			if got := strings.Contains(m.View().Content, "▀"); got != on {
				b.Fatalf("the frame shows a picture: %v, want %v", got, on)
			}
			down, up := tea.KeyPressMsg{Code: tea.KeyDown}, tea.KeyPressMsg{Code: tea.KeyUp}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if i%2 == 0 {
					s.update(down)
				} else {
					s.update(up)
				}
				_ = m.View()
			}
		})
	}
}

// cachePictures puts a photo-like picture in the cache for the given rows.
func cachePictures(b *testing.B, s *objectsScreen, rows ...int) {
	pv := s.c.previews()
	cols, boxRows := paneBox(s.paneWidth(s.c.width), s.c.height, true)
	data := pngOf(b, quadrants(400, 300))
	pic, err := preview.Prepare(context.Background(), data, int64(len(data)), pv.target(cols, boxRows))
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range rows {
		e, _ := s.at(r)
		pv.cache.Put(preview.Key{Bucket: "photos", Object: e.key, Version: version(e.obj)}, pic)
	}
}

// imgPage returns count images named img0000000.png on from start, as this
// benchmark has always listed them.
func imgPage(start, count int) *compact.Page {
	objs := make([]s3browse.Object, count)
	for i := range objs {
		objs[i] = s3browse.Object{Key: fmt.Sprintf("img%07d.png", start+i), Size: int64(i)}
	}
	return s3browse.CompactObjects("", objs)
}
