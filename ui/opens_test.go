package ui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/opens"
)

// fakeOpens holds what the access logs said, by link id; a Read makes
// them say more (then) and answers next.
type fakeOpens struct {
	mu      sync.Mutex
	byLink  map[int64]accesslog.Opens
	upTo    time.Time
	reads   int
	then    func(f *fakeOpens) // what a read finds, applied when it runs
	next    opens.Result
	readErr error
}

func (f *fakeOpens) Read(context.Context) (opens.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	if f.then != nil && f.readErr == nil {
		f.then(f)
	}
	return f.next, f.readErr
}

func (f *fakeOpens) Summaries(_ context.Context, ids []int64) (opens.Stored, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := opens.Stored{ByLink: map[int64]accesslog.Opens{}, LogsUpTo: f.upTo}
	for _, id := range ids {
		if o, ok := f.byLink[id]; ok {
			st.ByLink[id] = o
		}
	}
	return st, nil
}

// rowOf is the history row showing object.
func (h *harness) rowOf(object string) string {
	for _, line := range strings.Split(h.view(), "\n") {
		if strings.Contains(line, object) {
			return line
		}
	}
	return ""
}

// TestHistoryReadsOpens: the history shows an opened column ("not yet"
// before any log is read, never "never") and how far the logs go; O reads
// new logs in a Cmd, with a status line saying what it found; the rows
// then say how often each link was opened, and a link tried after it
// ended is marked in its detail, one key (r) from its renewal.
func TestHistoryReadsOpens(t *testing.T) {
	d, _, hist, _ := fakeDeps()
	seedHistory(hist) // 1 beach.jpg active, 2 dog.png expiring, 3 cover.png expired
	fo := d.Opens.(*fakeOpens)
	h := newHarness(t, d, 120, 35)
	h.keys("H")
	h.mustSee("OPENED", "opened: logs not read yet", "O read opens", "not opened yet · logs not read yet")
	if row := h.rowOf("photos/cover.png"); !strings.HasSuffix(strings.TrimSpace(row), "not yet") {
		t.Errorf("before any read cover.png shows %q", row)
	}
	if strings.Contains(h.view(), "never") {
		t.Errorf("the history says never:\n%s", h.view())
	}

	upTo := fixedNow.Add(-5 * time.Minute)
	fo.then = func(f *fakeOpens) {
		f.byLink = map[int64]accesslog.Opens{
			1: {Opens: 3, IPs: 2, FirstOpen: fixedNow.Add(-3 * time.Hour), LastOpen: fixedNow.Add(-2 * time.Hour), LastUserAgent: "curl/8 \x1b[2J"},
			3: {AfterEnd: 1, LastAfterEnd: fixedNow.Add(-10 * time.Minute)},
		}
		f.upTo = upTo
	}
	fo.next = opens.Result{Links: 3, Objects: 2, NewHits: 4, LogsUpTo: upTo}
	h.keys("O")
	at := upTo.In(time.UTC).Format("15:04")
	h.mustSee("Read 2 new log objects: 4 new requests; logs up to "+at, "opened: logs up to "+at)
	if fo.reads != 1 {
		t.Errorf("O read the logs %d times", fo.reads)
	}
	if row := h.rowOf("photos/2026/beach.jpg"); !strings.Contains(row, "3×, last 2h ago") {
		t.Errorf("beach.jpg's row: %q", row)
	}
	h.mustSee(`opened 3× from 2 IPs`, `(by curl/8 \x1b[2J)`)
	if row := h.rowOf("photos/cover.png"); !strings.Contains(row, "tried 1× after it ended") {
		t.Errorf("cover.png's row: %q", row)
	}
	h.keys("down", "down")
	h.mustSee("tried 1× after it ended, last " + fixedNow.Add(-10*time.Minute).Format("15:04") + ": renew it (r) · logs up to " + at)
	added := len(hist.links)
	h.keys("r")
	if len(hist.links) != added+1 || hist.links[0].Key != "cover.png" {
		t.Errorf("r on the link tried after its end did not renew it: %d links, newest %q", len(hist.links), hist.links[0].Key)
	}
}

// TestHistoryOpensRequestIdentity: a read answers only the request it
// belongs to; O while one is in flight says so instead of reading twice;
// the screen's other replies are not mistaken for it.
func TestHistoryOpensRequestIdentity(t *testing.T) {
	d, _, hist, _ := fakeDeps()
	seedHistory(hist)
	fo := d.Opens.(*fakeOpens)
	fo.next = opens.Result{Links: 3}
	h := newHarness(t, d, 120, 35)
	h.keys("H")
	h.hold = func(msg tea.Msg) bool { _, ok := msg.(logsReadMsg); return ok }
	h.keys("O")
	h.keys("O")
	h.mustSee("Still reading the access logs")
	if len(h.held) != 1 || fo.reads != 1 {
		t.Fatalf("%d reads, %d replies held; want one read", fo.reads, len(h.held))
	}
	h.hold = nil
	h.send(logsReadMsg{seq: 9999, err: fmt.Errorf("a stale reply")})
	if strings.Contains(h.view(), "stale") {
		t.Errorf("a reply to another request was taken:\n%s", h.view())
	}
	h.send(h.held[0])
	h.mustSee("No new access logs; logs not read yet")
	h.keys("O")
	if fo.reads != 2 {
		t.Errorf("after the answer, O reads again: %d reads", fo.reads)
	}
}

// TestHistoryOpensErrors: a server that does not say where its logs go
// asks for the access_logs setting; a refusal names the permission.
func TestHistoryOpensErrors(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("s3://photos: %w (GetBucketLogging is not implemented)", accesslog.ErrLoggingUnknown), `set access_logs = "s3://LOG-BUCKET/PREFIX/" in the settings file or S3SHARE_ACCESS_LOGS`},
		{&accesslog.AccessError{Permission: "s3:ListBucket", Resource: "s3://logs", Purpose: "listing the access logs", Err: fmt.Errorf("denied")}, "needs s3:ListBucket on s3://logs"},
		{&accesslog.LoggingDisabledError{Bucket: "photos"}, "server access logging is off"},
	} {
		d, _, hist, _ := fakeDeps()
		seedHistory(hist)
		d.Opens.(*fakeOpens).readErr = c.err
		h := newHarness(t, d, 200, 35)
		h.keys("H", "O")
		h.mustSee(c.want)
	}
}

// TestHistoryWithoutOpens: with no access logs wired, the history has no
// opened column and O says so.
func TestHistoryWithoutOpens(t *testing.T) {
	d, _, hist, _ := fakeDeps()
	seedHistory(hist)
	d.Opens = nil
	h := newHarness(t, d, 120, 35)
	h.keys("H")
	if strings.Contains(h.view(), "OPENED") {
		t.Errorf("an opened column without access logs:\n%s", h.view())
	}
	h.keys("O")
	h.mustSee("Access logs are not read here")
}
