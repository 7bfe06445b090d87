package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// evil are texts chosen by whoever writes to a bucket or runs a script: a
// screen clear, a colour, a forged history row, an OSC 52 clipboard write.
var evil = []string{"\x1b[2J\x1b[31mRED", "client\nFAKE 99 active in 7d s3://evil/x.png", "x\x1b]52;c;ZXZpbA==\x07y"}

// checkFrame fails when the frame holds an injected sequence raw, a line
// the key broke in two, or lacks the visible escape.
func checkFrame(t *testing.T, h *harness, where string, wantShown string) {
	t.Helper()
	raw := h.m.View().Content
	for _, bad := range []string{"\x1b[2J", "\x1b[31mRED", "\x1b]52", "\nFAKE 99"} {
		if strings.Contains(raw, bad) {
			t.Fatalf("%s: the frame holds %q raw", where, bad)
		}
	}
	if n := strings.Count(raw, "\n") + 1; n != h.m.height {
		t.Fatalf("%s: the frame has %d lines for %d rows: a text broke a row", where, n, h.m.height)
	}
	if wantShown != "" {
		h.mustSee(wantShown)
	}
}

// TestEscapesReachEveryScreenEscaped walks every screen with keys, a label
// and a bucket name full of control characters.
func TestEscapesReachEveryScreenEscaped(t *testing.T) {
	d, fb, hist, _ := fakeDeps()
	fb.buckets = append(fb.buckets, s3browse.Bucket{Name: "bad\x1b[2Jname"})
	page := &fb.pages["photos/"][0]
	for _, k := range evil {
		page.Objects = append(page.Objects, s3browse.Object{Key: k + ".png", Size: 1, LastModified: fixedNow})
	}
	hist.links = []presigned.Link{{ID: 7, Bucket: "photos", Key: evil[1] + ".png", Label: evil[0], URL: "http://x/y?X-Amz-Signature=s",
		IssuedAt: fixedNow, ExpiresAt: fixedNow.Add(time.Hour), EffectiveExpiresAt: fixedNow.Add(time.Hour)}}
	h := newHarness(t, d, 120, 35)
	checkFrame(t, h, "buckets", `bad\x1b[2Jname`)
	h.keys("enter")
	checkFrame(t, h, "objects", `\x1b[2J\x1b[31mRED.png`)
	h.keys("end", "s")
	checkFrame(t, h, "share dialog", `x\x1b]52;c;ZXZpbA==\x07y.png`)
	h.keys("enter")
	checkFrame(t, h, "after sharing", `x\x1b]52;c;ZXZpbA==\x07y.png`)
	h.keys("esc", "H")
	checkFrame(t, h, "history", `client\nFAKE 99 active`)
	h.keys("down")
	checkFrame(t, h, "history detail", `for \x1b[2J\x1b[31mRED`)
}
