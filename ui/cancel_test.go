package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/presigned"
)

// recordedAfterAll is the status line for a cancelled request that the
// history recorded anyway.
const recordedAfterAll = "A cancelled share was recorded after all: 1 link in the history (H), not copied"

// isIssued matches any issue reply.
func isIssued(msg tea.Msg) bool { _, ok := msg.(issuedMsg); return ok }

// TestLateRecordAfterDialogClosedIsAnnounced cancels an issue whose
// history write commits anyway, then closes the dialog before the reply:
// the status line still says the link was recorded, and nothing is copied.
func TestLateRecordAfterDialogClosedIsAnnounced(t *testing.T) {
	d, fb, _, copied := fakeDeps()
	hist, g := openHistory(t), newGate()
	d.History, d.Sharer = hist, pipeline(fb, gatedHistory{hist, g})
	l := cancelWhileBlocked(t, d, g)
	l.press("esc") // closes the dialog while the write is still pending
	l.untilSee("1 selected")
	close(g.release)
	l.untilMsg("the late issue replied", isIssued)
	l.mustSee(recordedAfterAll)
	if rows := historyRows(t, hist); rows != 1 || len(*copied) != 0 {
		t.Fatalf("%d history rows and %d clipboard writes, want 1 and 0", rows, len(*copied))
	}
}

// TestLateFailureSaysCancelledOnlyOnReply cancels an issue that then fails:
// until the reply the dialog only says it is cancelling; the reply turns
// that into "no link was issued", with no announcement of a record.
func TestLateFailureSaysCancelledOnlyOnReply(t *testing.T) {
	d, fb, _, copied := fakeDeps()
	hist, g := openHistory(t), newGate()
	fb.signGate = &g
	d.History, d.Sharer = hist, pipeline(fb, hist)
	l := cancelWhileBlocked(t, d, g)
	if v := l.view(); strings.Contains(v, "Cancelled") {
		t.Fatalf("the dialog claims the outcome before the reply:\n%s", v)
	}
	close(g.release)
	l.untilMsg("the late issue replied", isIssued)
	l.mustSee("Cancelled: no link was issued")
	if v := l.view(); strings.Contains(v, "recorded") || strings.Contains(v, "Cancelling") || strings.Contains(v, "✗") {
		t.Fatalf("a failed cancelled issue shows as recorded, pending or an error:\n%s", v)
	}
	if rows := historyRows(t, hist); rows != 0 || len(*copied) != 0 {
		t.Fatalf("%d history rows and %d clipboard writes, want 0 and 0", rows, len(*copied))
	}
}

// TestCancellingTwiceReportsBothRequests cancels two issues in a row whose
// writes had both committed: neither reply is dropped; the dialog counts
// both and the status line announces them.
func TestCancellingTwiceReportsBothRequests(t *testing.T) {
	d, _, hist, copied := fakeDeps()
	h := newHarness(t, d, 120, 35)
	h.keys("enter", "down", "down", "s")
	h.mustSee("Share 1 object from photos")
	h.hold = isIssued
	h.keys("enter", "esc", "enter", "esc")
	h.mustSee("Cancelling…")
	if len(h.held) != 2 {
		t.Fatalf("held %d issue replies, want 2", len(h.held))
	}
	held := h.held
	h.hold, h.held = nil, nil
	h.deliver(held[0])
	h.mustSee(recordedAfterAll, "Cancelling…")
	h.deliver(held[1])
	h.mustSee(recordedAfterAll, "The cancelled share had already been recorded: 2 links in the history (H), not copied")
	if len(hist.links) != 2 || len(*copied) != 0 || len(h.m.c.cancelled) != 0 {
		t.Fatalf("%d rows, %d copies, %d requests still marked cancelled; want 2, 0, 0", len(hist.links), len(*copied), len(h.m.c.cancelled))
	}
}

// renewSetup is the fake deps with one expired link in the history, and
// the context the last Issue call was given.
func renewSetup() (Deps, *memHistory, *[]string, *context.Context) {
	d, fb, hist, copied := fakeDeps()
	hist.links = []presigned.Link{{ID: 1, Bucket: "photos", Key: "old.png", URL: "http://x/old.png?X-Amz-Signature=abc",
		IssuedAt: fixedNow.Add(-27 * time.Hour), ExpiresAt: fixedNow.Add(-3 * time.Hour), EffectiveExpiresAt: fixedNow.Add(-3 * time.Hour)}}
	var ctx context.Context
	fb.signCtx = &ctx
	return d, hist, copied, &ctx
}

// TestRenewReleasesItsContext renews a link: once the reply is taken, the
// renew's context is cancelled instead of leaking.
func TestRenewReleasesItsContext(t *testing.T) {
	d, hist, _, ctx := renewSetup()
	h := newHarness(t, d, 120, 35)
	h.keys("H", "r")
	h.mustSee("Copied 1 link")
	if len(hist.links) != 2 || *ctx == nil {
		t.Fatalf("the renew did not run: %d rows", len(hist.links))
	}
	if (*ctx).Err() == nil {
		t.Fatal("the finished renew's context was never cancelled")
	}
}

// TestRenewRecordedAfterHistoryClosedIsAnnounced leaves the history while
// a renew whose write committed is on its way: its reply is not copied
// but announced.
func TestRenewRecordedAfterHistoryClosedIsAnnounced(t *testing.T) {
	d, hist, copied, _ := renewSetup()
	h := newHarness(t, d, 120, 35)
	h.hold = isIssued
	h.keys("H", "r", "esc")
	if len(h.held) != 1 {
		t.Fatalf("held %d issue replies, want 1", len(h.held))
	}
	held := h.held[0]
	h.hold, h.held = nil, nil
	h.deliver(held)
	h.mustSee(recordedAfterAll)
	if len(hist.links) != 2 || len(*copied) != 0 {
		t.Fatalf("%d rows and %d copies, want 2 and 0", len(hist.links), len(*copied))
	}
}
