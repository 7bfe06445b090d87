package ui

import (
	"fmt"
	"image/color"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/golden"
	"github.com/s3share/s3share/presigned"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestGoldenViews compares ANSI-stripped frames at 80x24 and 120x35 with a
// fixed clock against testdata/*.golden (go test ./ui -update rewrites them).
func TestGoldenViews(t *testing.T) {
	steps := map[string]func(h *harness){
		"buckets": func(h *harness) {},
		"objects": func(h *harness) { h.keys("enter", "enter", "space") },
		"share":   func(h *harness) { h.keys("enter", "enter", "space", "space", "s") },
		"issued":  func(h *harness) { h.keys("enter", "down", "down", "enter", "enter") },
		"history": func(h *harness) { h.keys("H") },
		"help":    func(h *harness) { h.keys("enter", "?") },
	}
	for name, step := range steps {
		for _, size := range [][2]int{{80, 24}, {120, 35}} {
			t.Run(fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), func(t *testing.T) {
				d, _, hist, _ := fakeDeps()
				seedHistory(hist)
				h := newHarness(t, d, size[0], size[1])
				step(h)
				golden.Check(t, fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), h.view())
			})
		}
	}
}

// seedHistory adds an active, an expiring and an expired link.
func seedHistory(h *memHistory) {
	n := fixedNow
	add := func(key string, issued, left time.Duration) {
		h.links = append(h.links, presigned.Link{
			ID: int64(len(h.links) + 1), Bucket: "photos", Key: key,
			URL:      "http://127.0.0.1:9000/photos/" + key + "?X-Amz-Signature=0123abcd",
			IssuedAt: n.Add(-issued), ExpiresAt: n.Add(left), EffectiveExpiresAt: n.Add(left),
		})
	}
	add("2026/beach.jpg", time.Hour, 23*time.Hour)
	add("2026/dog.png", 23*time.Hour, 30*time.Minute)
	add("cover.png", 27*time.Hour, -3*time.Hour)
}

// TestGoldenLightTerminal: on a light background (the terminal answers the
// background query with white) the frame is drawn in the light palette,
// colour codes kept, and the selected row is reverse video, readable on
// either background.
func TestGoldenLightTerminal(t *testing.T) {
	d, _, hist, _ := fakeDeps()
	seedHistory(hist)
	h := newHarness(t, d, 80, 24)
	h.send(tea.BackgroundColorMsg{Color: color.White})
	h.keys("H")
	raw := h.m.View().Content
	golden.Check(t, "history_light_80x24", raw)
	lightTitle, darkTitle := "38;2;90;63;192", "38;2;180;165;255" // Title's #5A3FC0 and #B4A5FF
	if !strings.Contains(raw, lightTitle) || strings.Contains(raw, darkTitle) {
		t.Errorf("the light palette is not in use")
	}
	for _, line := range strings.Split(raw, "\n") {
		if strings.Contains(ansi.Strip(line), "> active") && !strings.Contains(line, "\x1b[7m") && !strings.Contains(line, ";7m") {
			t.Errorf("the selected row is not reverse video: %q", line)
		}
	}
}
