package ui

import "testing"

// TestHistoryWithoutAHistorySaysWhy: with no history to read (the file
// could not be opened), the history screen shows why instead of crashing
// (a missing history answered with a zero page size once panicked).
func TestHistoryWithoutAHistorySaysWhy(t *testing.T) {
	d, _, _, _ := fakeDeps()
	d.History = nil
	h := newHarness(t, d, 100, 24)
	h.keys("H")
	h.mustSee("no history")
	h.keys("j", "k", "enter", "c", "r") // keys on the empty screen: no panic
	h.mustSee("no history")
}
