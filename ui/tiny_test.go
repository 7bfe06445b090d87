package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/s3share/s3share/presigned"
)

// TestTinyTerminalOnEveryScreen shrinks the terminal to 20x5, 1x1 and 0x0
// on every screen: each frame is a short message that fits (or nothing at
// 0x0), keys do not panic, and growing back to 80x24 shows the screen.
func TestTinyTerminalOnEveryScreen(t *testing.T) {
	screens := []struct {
		name  string
		keys  []string
		shows string
	}{
		{"buckets", nil, "scratch"},
		{"objects", []string{"enter"}, "cover.png"},
		{"share dialog", []string{"enter", "down", "down", "s"}, "Share 1 object from photos"},
		{"issued", []string{"enter", "down", "down", "s", "enter"}, "Issued 1 link"},
		{"history", []string{"enter", "down", "down", "s", "enter", "esc", "H"}, "history · "},
	}
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			d, _, _, _ := fakeDeps()
			h := newHarness(t, d, 80, 24)
			h.keys(sc.keys...)
			h.mustSee(sc.shows)
			for _, size := range [][2]int{{20, 5}, {1, 1}, {0, 0}, {39, 24}, {80, 9}} {
				h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				checkTooSmall(t, h.view(), size[0], size[1])
				h.keys("j", "k", "?", "?", "tab", "v", "v") // keys on a tiny terminal: no panic
				checkTooSmall(t, h.view(), size[0], size[1])
			}
			h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			h.mustSee(sc.shows)
		})
	}
}

// checkTooSmall fails unless frame is the too-small message fitting w x h.
func checkTooSmall(t *testing.T, frame string, w, h int) {
	t.Helper()
	if w == 0 || h == 0 {
		if frame != "" {
			t.Fatalf("%dx%d: frame %q, want nothing", w, h, frame)
		}
		return
	}
	lines := strings.Split(frame, "\n")
	if len(lines) > h {
		t.Fatalf("%dx%d: %d lines:\n%s", w, h, len(lines), frame)
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > w {
			t.Fatalf("%dx%d: line %q is %d wide", w, h, l, ansi.StringWidth(l))
		}
	}
	flat := strings.Join(strings.Fields(frame), " ")
	if w >= 20 && !strings.Contains(flat, "Terminal too small") {
		t.Fatalf("%dx%d: no too-small message:\n%s", w, h, frame)
	}
	if strings.Contains(flat, "s3share  ") || strings.Contains(flat, "photos") {
		t.Fatalf("%dx%d: the layout shows instead of the message:\n%s", w, h, frame)
	}
}

// TestHistoryColumnsStayApartAt40: at the smallest size the object and the
// time left never run into each other.
func TestHistoryColumnsStayApartAt40(t *testing.T) {
	d, _, hist, _ := fakeDeps()
	hist.links = []presigned.Link{{ID: 1, Bucket: "photos", Key: "a-rather-long-file-name.png", URL: "http://x/y?z",
		IssuedAt: fixedNow, ExpiresAt: fixedNow.Add(24 * time.Hour), EffectiveExpiresAt: fixedNow.Add(24 * time.Hour)}}
	h := newHarness(t, d, 40, 10)
	h.keys("H")
	h.mustSee("ame.png in 24h")
}

// TestClearingAFilterKeepsTheCursor: esc after a filter leaves the cursor
// on the entry it was on, not at the top.
func TestClearingAFilterKeepsTheCursor(t *testing.T) {
	d, _, _, _ := fakeDeps()
	h := newHarness(t, d, 100, 30)
	h.keys("enter", "enter") // photos/2026/
	h.mustSee("sunset.gif")
	h.keys("/")
	h.typeText("sun")
	h.keys("enter", "esc")
	if !strings.Contains(h.view(), "> sunset.gif") && !strings.Contains(h.view(), ">   sunset.gif") {
		t.Fatalf("after clearing the filter the cursor left sunset.gif:\n%s", h.view())
	}
}

// TestLongErrorReadsInFull: an error longer than the status line says how
// to see it whole, and e shows every word.
func TestLongErrorReadsInFull(t *testing.T) {
	d, _, _, _ := fakeDeps()
	h := newHarness(t, d, 80, 24)
	long := "cannot record links: database disk image is malformed; the history at /home/someone/.local/state/s3share/history.db was left as is: move it aside"
	h.send(statusMsg{text: long, err: true})
	h.mustSee("(e: in full)")
	h.keys("e")
	h.mustSee("The last error, in full", "was left as is: move it aside")
	h.keys("esc")
	h.mustSee("buckets")
}
