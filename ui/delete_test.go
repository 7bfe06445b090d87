package ui

import "testing"

// TestDeleteSaysTheCopyStays: deleting a revocable link from the history
// asks with, and then reports, what stays in the bucket: its share copy.
func TestDeleteSaysTheCopyStays(t *testing.T) {
	d, fb, hist, _ := fakeDeps()
	h := newHarness(t, d, 160, 35)
	h.keys("enter", "down", "down", "s") // cover.png
	h.keys("tab", "tab", "tab", "space")
	h.mustSee("[x] revocable")
	h.keys("enter")
	h.mustSee("Issued 1 link")
	h.keys("esc", "H")
	h.mustSee("revocable")
	h.keys("d")
	h.mustSee("Delete link #1 for cover.png (its share copy stays in the bucket: R revokes it first)?")
	h.keys("y")
	h.mustSee("Deleted link #1: its share copy stays in the bucket")
	if len(hist.links) != 0 || len(fb.copies) != 1 {
		t.Errorf("after the delete: %d links, copies %v; want none and the copy left", len(hist.links), fb.copies)
	}
}
