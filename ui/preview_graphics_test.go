package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/preview"
)

// TestGraphicsSync: a new picture in the same layout is erased and painted
// at once, with no full redraw; a layout change erases, redraws the
// screen, and paints only after a delay; a stale repaint does nothing.
func TestGraphicsSync(t *testing.T) {
	pv := &previews{mode: preview.Sixel}
	var timers []tea.Msg
	after := func(_ time.Duration, msg tea.Msg) tea.Cmd { timers = append(timers, msg); return nil }
	a := &preview.Picture{Seq: "\x1bP;1qA\x1b\\"}
	b := &preview.Picture{Seq: "\x1bP;1qB\x1b\\"}
	l := layout{owner: 1, width: 120, height: 40, body: 37, col: 74, row: 1}

	pv.sync(placement{pic: a, col: 74, row: 1, cols: 46, rows: 11, layout: l}, after)
	if len(timers) != 1 {
		t.Fatalf("a picture in a new layout is painted after a delay; timers %v", timers)
	}
	raw := pv.repaint(timers[0].(paintMsg))().(tea.RawMsg)
	if s := raw.Msg.(string); !strings.Contains(s, "A") || !strings.HasPrefix(s, "\x1b7\x1b[2;75H") {
		t.Fatalf("repaint wrote %q", s)
	}

	msg := pv.sync(placement{pic: b, col: 80, row: 1, cols: 30, rows: 8, layout: l}, after)()
	raw, ok := msg.(tea.RawMsg)
	if !ok {
		t.Fatalf("a new picture in the same layout gave %T, want one raw write", msg)
	}
	s := raw.Msg.(string)
	if !strings.Contains(s, "\x1b[2;75H\x1b[46X") || !strings.HasSuffix(s, "\x1b[2;81H\x1bP;1qB\x1b\\\x1b8") {
		t.Fatalf("same layout: %q, want the old box erased then the new picture", s)
	}

	l2 := l
	l2.owner = 2 // another screen on top
	if msg := pv.sync(placement{layout: l2}, after)(); msg == nil {
		t.Fatal("covering the picture does nothing")
	} else if _, ok := msg.(tea.RawMsg); ok {
		t.Fatal("covering the picture must also redraw the screen, not only erase")
	}
	if cmd := pv.repaint(paintMsg{gen: 1}); cmd != nil {
		t.Fatal("a stale repaint painted")
	}
}
