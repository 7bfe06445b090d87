package ui

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

// TestGalleryInTheMessageFormat: the dialog's gallery and format choices
// give one link, copied as a note to paste; the format stays for the next
// share of the session.
func TestGalleryInTheMessageFormat(t *testing.T) {
	d, _, hist, copied := fakeDeps()
	h := newHarness(t, d, 120, 35)
	h.keys("enter", "enter") // photos/2026/
	h.keys("space", "space", "s")
	h.mustSee("Share 2 objects from photos")
	h.keys("tab", "tab", "tab", "tab", "space") // gallery
	h.mustSee("[x] gallery")
	h.keys("tab", "right", "right", "right")
	h.mustSee("copy as: ‹ message ›")
	h.keys("enter")
	h.mustSee("Issued 1 link")
	if len(*copied) != 1 {
		t.Fatalf("%d clipboard writes", len(*copied))
	}
	text := (*copied)[0]
	lines := strings.Split(text, "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "2 images, open until "+dayYear(24*time.Hour)) ||
		!strings.Contains(lines[0], "24 hours from now") || !strings.Contains(lines[1], "gallery of 2 images: http") {
		t.Fatalf("the copied note:\n%s", text)
	}
	if len(hist.links) != 3 || !hist.links[0].Gallery && !hist.links[2].Gallery {
		t.Fatalf("history: %+v", hist.links)
	}
	h.keys("esc", "s")
	h.mustSee("copy as: ‹ message ›") // remembered for the session
}

// TestHistoryCopiesSelectedLinksAs: space picks links in the history and C
// copies them again in a format chosen there (CSV, read back by a CSV
// reader).
func TestHistoryCopiesSelectedLinksAs(t *testing.T) {
	d, _, _, copied := fakeDeps()
	h := newHarness(t, d, 120, 35)
	h.keys("enter", "enter", "space", "space", "s", "enter") // two links
	h.mustSee("Issued 2 links")
	h.keys("esc", "H", "space", "space", "C")
	h.mustSee("Copy 2 links as:")
	h.keys("down", "down", "down", "down") // url, markdown, html, message, csv
	h.mustSee("> csv")
	h.keys("enter")
	rows, err := csv.NewReader(strings.NewReader((*copied)[len(*copied)-1])).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "name" {
		t.Fatalf("the copied CSV: %v, %v", rows, err)
	}
	names := rows[1][0] + " " + rows[2][0]
	if !strings.Contains(names, "beach.jpg") || !strings.Contains(names, "dog.png") {
		t.Errorf("the CSV names %q", names)
	}
}
