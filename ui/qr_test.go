package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/s3share/s3share/linkfmt"
)

// TestQRCodeOfALink: Q after sharing shows the link's QR code (the very
// code linkfmt.NewQR draws, which the share tests decode back) with its
// status and end; a terminal too small for it says how many columns the
// code needs.
func TestQRCodeOfALink(t *testing.T) {
	d, _, hist, _ := fakeDeps()
	h := newHarness(t, d, 160, 60)
	h.keys("enter", "down", "down", "enter", "enter") // share cover.png
	h.mustSee("Issued 1 link")
	h.keys("Q")
	want, err := linkfmt.NewQR(hist.links[0].URL)
	if err != nil {
		t.Fatal(err)
	}
	view := h.view()
	for _, line := range want.Lines() {
		if !strings.Contains(view, ansi.Strip(line)) {
			t.Fatalf("the QR code is not on screen:\n%s", view)
		}
	}
	h.mustSee("cover.png · active · ends " + dayYear(24*time.Hour))
	h.keys("esc", "esc", "H", "Q")
	h.mustSee("cover.png · active")
	h.send(tea.WindowSizeMsg{Width: 40, Height: 12})
	h.mustSee("QR code needs", "columns")
}
