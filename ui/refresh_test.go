package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/presigned"
)

// TestHistoryRefreshesItself: the history screen's tick redraws relative
// times (a 4 s link turns expired without a key) and shows links another
// process recorded.
func TestHistoryRefreshesItself(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	clock := fixedNow
	now := func() time.Time { return clock }
	mine, err := history.OpenHistory(context.Background(), path, now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mine.Close() })
	other, err := history.OpenHistory(context.Background(), path, now) // another s3share process
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	short := presigned.Link{Bucket: "photos", Key: "short.png", URL: "http://x/short?s", IssuedAt: clock,
		ExpiresAt: clock.Add(4 * time.Second), EffectiveExpiresAt: clock.Add(4 * time.Second)}
	if _, err := mine.Add(context.Background(), []presigned.Link{short}); err != nil {
		t.Fatal(err)
	}
	d, _, _, _ := fakeDeps()
	d.History, d.Now = mine, now
	h := newHarness(t, d, 120, 35)
	h.keys("H")
	if got := h.rowStatus("photos/short.png"); got != "active" {
		t.Fatalf("short.png reads %q at first", got)
	}
	tick := func() {
		t.Helper()
		hs := h.m.top().(*historyScreen)
		h.send(historyTickMsg{seq: hs.tickSeq})
	}
	tick() // learns the data version
	clock = clock.Add(time.Minute)
	tick()
	if got := h.rowStatus("photos/short.png"); got != "expired" {
		t.Errorf("a minute on, with no key pressed, short.png reads %q", got)
	}
	cli := short
	cli.Key, cli.ExpiresAt, cli.EffectiveExpiresAt = "from-the-cli.png", clock.Add(time.Hour), clock.Add(time.Hour)
	if _, err := other.Add(context.Background(), []presigned.Link{cli}); err != nil {
		t.Fatal(err)
	}
	tick()
	if !strings.Contains(h.view(), "photos/from-the-cli.png") {
		t.Errorf("a link another process recorded did not appear:\n%s", h.view())
	}
}

// TestRenewKeepsTheCursorOnItsLink: after a renew adds a row at the top,
// the cursor is still on the link it was on.
func TestRenewKeepsTheCursorOnItsLink(t *testing.T) {
	d, _, hist, _ := fakeDeps()
	hist.links = []presigned.Link{
		{ID: 2, Bucket: "photos", Key: "new.png", URL: "http://x/new.png?X-Amz-Signature=a", IssuedAt: fixedNow.Add(-time.Hour),
			ExpiresAt: fixedNow.Add(5 * time.Hour), EffectiveExpiresAt: fixedNow.Add(5 * time.Hour)},
		{ID: 1, Bucket: "photos", Key: "old.png", URL: "http://x/old.png?X-Amz-Signature=b", IssuedAt: fixedNow.Add(-27 * time.Hour),
			ExpiresAt: fixedNow.Add(-3 * time.Hour), EffectiveExpiresAt: fixedNow.Add(-3 * time.Hour)},
	}
	h := newHarness(t, d, 120, 35)
	h.keys("H", "down")
	h.mustSee("> expired")
	h.keys("r")
	if len(hist.links) != 3 {
		t.Fatalf("renew did not add a link: %d", len(hist.links))
	}
	if l, _ := h.m.top().(*historyScreen).current(); l.ID != 1 {
		t.Errorf("after the renew the cursor is on link %d (%s), want the renewed link 1", l.ID, l.Key)
	}
}
