package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/linkcheck"
	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/presigned"
)

// TestSettingsReachTheUI: the settings' expiry and format are the share
// dialog's defaults, and with automatic checks off opening the history
// sends nothing.
func TestSettingsReachTheUI(t *testing.T) {
	d, _, hist, copied := fakeDeps()
	d.DefaultExpiry, d.Format = 36*time.Hour, linkfmt.FormatMarkdown
	h := newHarness(t, d, 120, 35)
	h.keys("enter", "down", "down", "s")
	h.mustSee("(•) custom: 1d12h", "in 36h", "copy as: ‹ markdown ›")
	h.keys("enter")
	if len(*copied) != 1 || !strings.HasPrefix((*copied)[0], "- [cover") || !strings.Contains((*copied)[0], "](http") {
		t.Fatalf("copied %q, want a Markdown link", *copied)
	}
	if got := hist.links[0].Lifetime(); got != 36*time.Hour {
		t.Errorf("issued for %v", got)
	}

	d, _, hist, _ = fakeDeps()
	ts, requests := answering(t)
	d.Checker, d.NoAutoCheck = linkcheck.NewChecker(0, time.Second, d.Now), true
	hist.links = []presigned.Link{{ID: 1, Bucket: "photos", Key: "a.png", Endpoint: ts.URL, PathStyle: true, URL: ts.URL + "/photos/a.png",
		IssuedAt: fixedNow, ExpiresAt: fixedNow.Add(time.Hour), EffectiveExpiresAt: fixedNow.Add(time.Hour)}}
	h = newHarness(t, d, 120, 35)
	h.keys("H")
	if n := requests.Load(); n != 0 {
		t.Errorf("with automatic checks off, opening the history sent %d checks", n)
	}
	h.keys("t")
	if n := requests.Load(); n != 1 {
		t.Errorf("t sent %d checks, want 1", n)
	}
}
