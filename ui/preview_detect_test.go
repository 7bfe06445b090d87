package ui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"

	"github.com/s3share/s3share/preview"
)

// detecting is a previews state that has sent its queries (Auto).
func detecting(t *testing.T) *previews {
	t.Helper()
	pv := &previews{mode: preview.Auto, busy: make(chan struct{}, 1)}
	pv.start(func(time.Duration, tea.Msg) tea.Cmd { return nil })
	if !pv.detecting {
		t.Fatal("start in Auto did not begin detection")
	}
	return pv
}

// sixelDA1 is xterm's answer with sixel (4) among its attributes.
var sixelDA1 = uv.PrimaryDeviceAttributesEvent{63, 1, 2, 4, 6, 9, 15, 22}

// TestDetectionAnswered: a terminal that answers DA1 with sixel in time
// gets sixel pictures.
func TestDetectionAnswered(t *testing.T) {
	pv := detecting(t)
	pv.handle(sixelDA1)
	if pv.renderMode() != preview.Sixel {
		t.Errorf("mode after a sixel DA1 = %v, want sixel", pv.renderMode())
	}
}

// TestDetectionLateAnswer: a terminal whose answer arrives after the
// timeout (a loaded machine, a slow ssh link) starts with blocks and then
// gets what it answered, instead of blocks for the whole session.
func TestDetectionLateAnswer(t *testing.T) {
	pv := detecting(t)
	pv.handle(detectTimeoutMsg{})
	if pv.renderMode() != preview.Blocks {
		t.Fatalf("mode after the timeout = %v, want blocks", pv.renderMode())
	}
	pv.handle(sixelDA1)
	if pv.renderMode() != preview.Sixel {
		t.Errorf("mode after a late sixel DA1 = %v, want sixel", pv.renderMode())
	}
	pv.handle(uv.PrimaryDeviceAttributesEvent{62, 1})
	if pv.renderMode() != preview.Sixel {
		t.Errorf("a second DA1 (an app's own query) changed the mode to %v", pv.renderMode())
	}
}

// TestDetectionForcedModeStays: a DA1 reply never overrides a mode the
// user chose.
func TestDetectionForcedModeStays(t *testing.T) {
	pv := &previews{mode: preview.Blocks, busy: make(chan struct{}, 1)}
	pv.handle(sixelDA1)
	if pv.renderMode() != preview.Blocks {
		t.Errorf("forced blocks became %v", pv.renderMode())
	}
}
