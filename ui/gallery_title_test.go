package ui

import (
	"strings"
	"testing"
)

// TestGalleryShownAsAGallery: a gallery link is shown as what it is, with
// its images and label, after sharing and in the history, never by its
// page's file name (index.html).
func TestGalleryShownAsAGallery(t *testing.T) {
	d, _, _, _ := fakeDeps()
	h := newHarness(t, d, 120, 35)
	h.keys("enter", "enter") // photos/2026/
	h.keys("space", "space", "s", "tab", "tab")
	h.typeText("Proofs for Bo")
	h.keys("tab", "tab", "space", "enter") // gallery
	const title = "gallery · 2 images · Proofs for Bo"
	h.mustSee("Issued 1 link", title)
	if v := h.view(); strings.Contains(v, "index.html\n") || strings.Contains(v, "index.html ") {
		t.Fatalf("the result names the gallery by its page's file name:\n%s", v)
	}
	h.keys("esc", "H")
	h.mustSee("▦ " + title)
	h.keys("Q")
	h.mustSee("QR code · " + title)
}
