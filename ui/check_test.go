package ui

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/s3share/s3share/linkcheck"
	"github.com/s3share/s3share/presigned"
)

// answering is a server that answers presigned GETs: 404 NoSuchKey for
// paths containing "gone", else 206; it counts the requests.
func answering(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if strings.Contains(r.URL.Path, "gone") {
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>"))
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.WriteHeader(http.StatusPartialContent)
		w.Write([]byte("x"))
	}))
	t.Cleanup(ts.Close)
	return ts, &n
}

// TestHistoryChecksLinks: opening the history checks the live links not
// checked lately, in the background; a deleted object shows in the status
// column; t checks one link again, T every shown one.
func TestHistoryChecksLinks(t *testing.T) {
	d, _, hist, _ := fakeDeps()
	ts, requests := answering(t)
	d.Checker = linkcheck.NewChecker(0, 2*time.Second, d.Now)
	live := func(id int64, key string) presigned.Link {
		return presigned.Link{ID: id, Bucket: "photos", Key: key, Endpoint: ts.URL, PathStyle: true, URL: ts.URL + "/photos/" + key + "?X-Amz-Signature=s",
			IssuedAt: fixedNow.Add(-time.Hour), ExpiresAt: fixedNow.Add(5 * time.Hour), EffectiveExpiresAt: fixedNow.Add(5 * time.Hour)}
	}
	recent := live(3, "recent.png")
	recent.Check = presigned.Verdict{Kind: presigned.VerdictWorks, At: fixedNow.Add(-time.Minute)}
	expired := live(4, "old-gone.png")
	expired.ExpiresAt, expired.EffectiveExpiresAt = fixedNow.Add(-time.Hour), fixedNow.Add(-time.Hour)
	hist.links = []presigned.Link{live(1, "works.png"), live(2, "gone.png"), recent, expired}
	h := newHarness(t, d, 120, 35)
	h.keys("H")
	if got := requests.Load(); got != 2 {
		t.Errorf("opening the history sent %d checks, want 2 (not the recently checked or the expired link)", got)
	}
	if got := h.rowStatus("photos/gone.png"); !strings.HasPrefix(got, "✗ object") {
		t.Fatalf("gone.png shows %q, want the verdict:\n%s", got, h.view())
	}
	if got := h.rowStatus("photos/works.png"); got != "active" {
		t.Errorf("works.png shows %q", got)
	}
	h.mustSee("Checked: 1 link that should work does not")
	if v := hist.links[1].Check; v.Kind != presigned.VerdictObjectGone {
		t.Errorf("the verdict was not recorded: %+v", v)
	}
	h.keys("t") // the cursor is on works.png
	if got := requests.Load(); got != 3 {
		t.Errorf("t sent %d checks in all, want 3", got)
	}
	h.mustSee("Checked 1 link: all work")
	h.keys("T")
	if got := requests.Load(); got != 6 {
		t.Errorf("T sent %d checks in all, want 6 (every shown link with a URL to ask; the expired one settles offline)", got)
	}
}

// TestRevocableShareAndRevoke: the dialog's revocable toggle shares a copy,
// and R then y in the history deletes it.
func TestRevocableShareAndRevoke(t *testing.T) {
	d, fb, hist, _ := fakeDeps()
	h := newHarness(t, d, 120, 35)
	h.keys("enter", "down", "down", "s") // cover.png
	h.keys("tab", "tab")
	h.typeText("Bo at Acme")
	h.keys("tab", "space")
	h.mustSee("[x] revocable")
	h.keys("enter")
	h.mustSee("Issued 1 link")
	if len(hist.links) != 1 || !hist.links[0].Revocable() || hist.links[0].Label != "Bo at Acme" || len(fb.copies) != 1 {
		t.Fatalf("shared %+v with copies %v: want a revocable link for Bo at Acme and its copy", hist.links, fb.copies)
	}
	h.keys("esc", "H")
	h.mustSee("for Bo at Acme", "revocable")
	h.keys("R")
	h.mustSee("Revoke link #1 for cover.png?")
	h.keys("y")
	h.mustSee("Revoked link #1")
	if len(fb.copies) != 0 || !hist.links[0].Revoked() {
		t.Fatalf("after revoke: copies %v, link %+v", fb.copies, hist.links[0])
	}
	if got := h.rowStatus("photos/cover.png"); got != "revoked" {
		t.Errorf("the revoked link shows %q", got)
	}
}
