package ui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// TestMouseMovesAndOpens: the wheel scrolls the list, a click puts the
// cursor on the row clicked, a double click opens it.
func TestMouseMovesAndOpens(t *testing.T) {
	d, _, _, _ := fakeDeps()
	clock := fixedNow
	d.Now = func() time.Time { return clock }
	h := newHarness(t, d, 100, 30)
	h.mustSee("> photos")
	h.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 5, Y: 2})
	h.mustSee("> scratch")                                       // the last bucket: the wheel moved past photos
	h.send(tea.MouseClickMsg{Button: tea.MouseLeft, X: 5, Y: 1}) // title line 0, first row on line 1
	h.mustSee("> photos")
	clock = clock.Add(100 * time.Millisecond)
	h.send(tea.MouseClickMsg{Button: tea.MouseLeft, X: 5, Y: 1})
	h.mustSee("photos/", "cover.png")                             // opened
	h.send(tea.MouseClickMsg{Button: tea.MouseLeft, X: 10, Y: 4}) // header, 2026/, clients/, cover.png
	h.mustSee(">   cover.png")
	if v := h.m.View(); v.MouseMode != tea.MouseModeCellMotion {
		t.Errorf("mouse mode %v, want cell motion", v.MouseMode)
	}
}

// TestMouseOff leaves the mouse to the terminal.
func TestMouseOff(t *testing.T) {
	d, _, _, _ := fakeDeps()
	d.NoMouse = true
	h := newHarness(t, d, 100, 30)
	if v := h.m.View(); v.MouseMode != tea.MouseModeNone {
		t.Errorf("mouse mode %v with the mouse off", v.MouseMode)
	}
}
