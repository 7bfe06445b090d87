package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/presigned"
)

// TestHistoryLabel: l opens an input prefilled with the label under the
// cursor (a hostile label escaped, there and in the detail line); enter
// with nothing changed changes nothing, esc cancels, keys such as q are
// text while it is open; enter saves in a Cmd, the row shows the new
// label and the change is pushed to the team; an empty label clears it;
// a failure is said in the status line.
func TestHistoryLabel(t *testing.T) {
	d, _, hist, _ := fakeDeps()
	now := fixedNow
	hist.links = []presigned.Link{{ID: 1, Bucket: "photos", Key: "cat.png", URL: "http://x/cat.png?X-Amz-Signature=abc",
		Label: "for ACME \x1b[2J", IssuedAt: now.Add(-time.Hour), ExpiresAt: now.Add(time.Hour), EffectiveExpiresAt: now.Add(time.Hour)}}
	team := &fakeTeam{hist: hist}
	d.Team, d.NoAutoCheck = team, true
	h := newHarness(t, d, 120, 35)
	h.keys("H")
	h.mustSee(`for ACME \x1b[2J`)
	noRawLabel := func() {
		t.Helper()
		if strings.Contains(h.m.View().Content, "\x1b[2J") {
			t.Fatalf("the label is drawn raw:\n%q", h.m.View().Content)
		}
	}
	noRawLabel()

	h.keys("l")
	h.mustSee("Label of link #1 (cat.png): enter saves, empty clears it, esc cancels", `label: for ACME \x1b[2J`)
	noRawLabel()
	h.keys("enter")
	h.mustSee("Label unchanged")
	if hist.relabels != 0 {
		t.Fatalf("an unchanged label was recorded")
	}

	h.keys("l")
	for range len(`for ACME \x1b[2J`) {
		h.keys("backspace")
	}
	h.typeText("Client q")
	if h.quit {
		t.Fatal("q quit while a label was typed")
	}
	h.keys("enter")
	if got := hist.links[0].Label; got != "Client q" || hist.relabels != 1 {
		t.Fatalf("label %q after %d relabels, want Client q", got, hist.relabels)
	}
	h.mustSee("Labelled link #1: Client q", "for Client q")
	if team.pushes != 1 {
		t.Errorf("the relabel was pushed %d times, want 1", team.pushes)
	}

	h.keys("l", "x", "esc")
	h.mustSee("Label unchanged")
	if hist.links[0].Label != "Client q" {
		t.Fatalf("esc saved the label: %q", hist.links[0].Label)
	}

	h.keys("l")
	for range len("Client q") {
		h.keys("backspace")
	}
	h.keys("enter")
	h.mustSee("Cleared the label of link #1")
	if hist.links[0].Label != "" {
		t.Fatalf("the label was not cleared: %q", hist.links[0].Label)
	}

	hist.relabelErr = errors.New("disk full")
	h.keys("l", "y", "enter")
	h.mustSee("disk full")
}
