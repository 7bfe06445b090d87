package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
)

// slowSetup is a fake S3 server behind a fault proxy, a real history in a
// temp dir, and deps whose Browser and Sharer both go through the proxy.
// The Sharer has its own Browser, so that issuing has to ask the (slow)
// server for the bucket's region instead of using the listing's cache.
func slowSetup(t *testing.T) (*faultproxy.Proxy, *history.History, Deps) {
	t.Helper()
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "cover.png", []byte("png"))
	srv.Put(t, "photos", "2026/beach.jpg", []byte("jpeg"))
	px := faultproxy.New(t, srv.Endpoint)
	opts := s3browse.Options{EndpointURL: px.URL, Region: srv.Region, PathStyle: true}
	hist := openHistory(t)
	d := Deps{
		Browser: s3browse.NewFromConfig(srv.Config(), opts),
		Sharer:  share.NewPipeline(s3browse.NewFromConfig(srv.Config(), opts), hist, time.Now),
		History: hist, Now: time.Now,
		CopyNative: func(string) error { return nil },
	}
	return px, hist, d
}

// openHistory opens a real history in a fresh directory of the test.
func openHistory(t *testing.T) *history.History {
	t.Helper()
	hist, err := history.OpenHistory(context.Background(), filepath.Join(t.TempDir(), "state", "history.db"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hist.Close() })
	return hist
}

// historyRows counts what the history holds.
func historyRows(t *testing.T, h History) int {
	t.Helper()
	links, err := h.List(context.Background(), history.Query{})
	if err != nil {
		t.Fatal(err)
	}
	return len(links)
}

// isPage matches the reply to a listing of prefix.
func isPage(prefix string) func(tea.Msg) bool {
	return func(msg tea.Msg) bool { p, ok := msg.(pageMsg); return ok && p.prefix == prefix }
}

// TestSlowListingStaysResponsiveAndEscCancels puts the proxy's latency
// between the UI and a real server. While a folder listing hangs on the
// wire, keys still change the view; esc goes back and cancels the listing
// (its reply carries context.Canceled, not a page: a delay longer than the
// SDK's own timeout means only the cancel can end it early as Canceled);
// with the 2 s latency the listing then completes behind the spinner.
func TestSlowListingStaysResponsiveAndEscCancels(t *testing.T) {
	px, _, d := slowSetup(t)
	l := newLive(t, d, 100, 30)
	l.untilSee("photos")

	px.SetDelay(10 * time.Minute) // only a cancel ends these requests
	px.Always(faultproxy.Latency)
	n := px.Requests()
	l.press("enter")
	l.untilSee("photos/", "Loading…")
	waitRequests(t, px.Requests, n)
	l.press("a", "/")
	l.typeText("cov")
	l.mustSee("showing all objects", "/cov")
	l.press("esc", "esc") // clear the filter, then leave the folder
	l.untilSee("buckets", "> photos")
	late := l.untilMsg("the cancelled listing replied", isPage("")).(pageMsg)
	if !errors.Is(late.err, context.Canceled) {
		t.Fatalf("esc did not cancel the listing: its reply is %v", late.err)
	}
	if _, ok := l.m.top().(*bucketsScreen); !ok || strings.Contains(l.view(), "Cannot") {
		t.Fatalf("the cancelled listing's reply changed the view:\n%s", l.view())
	}

	px.SetDelay(2 * time.Second)
	l.press("enter")
	l.untilSee("photos/", "Loading…")
	l.press("?") // help still toggles while the page is on the wire
	l.mustSee("page down")
	l.press("?")
	l.untilSee("cover.png", "2026/")
}

// TestSlowIssueEscCancelsAndRecordsNothing opens the share dialog through
// the slow proxy: the expiry cursor moves while the clock-skew probe is in
// flight; enter starts the issue; esc cancels it, the dialog says so, and
// the real history stays empty.
func TestSlowIssueEscCancelsAndRecordsNothing(t *testing.T) {
	px, hist, d := slowSetup(t)
	var copied []string
	d.CopyNative = func(s string) error { copied = append(copied, s); return nil }
	l := newLive(t, d, 100, 30)
	l.untilSee("photos")
	l.press("enter")
	l.untilSee("cover.png")

	px.SetDelay(10 * time.Minute)
	px.Always(faultproxy.Latency)
	n := px.Requests()
	l.press("down", "down", "s") // cover.png, after 2026/
	l.untilSee("Share 1 object from photos")
	waitRequests(t, px.Requests, n)
	l.press("up") // the skew probe hangs; the cursor moves anyway
	l.mustSee("(•) 1h", "in 1h")

	n = px.Requests()
	l.press("enter")
	l.mustSee("Signing… (esc cancels)")
	waitRequests(t, px.Requests, n) // the issue asks the server for the region
	l.press("esc")
	l.mustSee("Cancelling…", "(•) 1h")
	reply := l.untilMsg("the cancelled issue replied", func(msg tea.Msg) bool { _, ok := msg.(issuedMsg); return ok }).(issuedMsg)
	if !errors.Is(reply.err, context.Canceled) {
		t.Fatalf("esc did not cancel the issue's context: its reply is %v", reply.err)
	}
	l.mustSee("Cancelled: no link was issued")
	if v := l.view(); strings.Contains(v, "✗") {
		t.Fatalf("the cancelled issue's reply shows as an error:\n%s", v)
	}
	if _, ok := l.m.top().(*shareDialog); !ok {
		t.Fatalf("the dialog closed:\n%s", l.view())
	}
	if rows := historyRows(t, hist); rows != 0 || len(copied) != 0 {
		t.Fatalf("a cancelled issue left %d history rows and %d clipboard writes", rows, len(copied))
	}

	px.SetDelay(2 * time.Second)
	l.press("enter") // trying again issues through the 2 s latency
	l.untilSee("Issued 1 link", "Copied 1 link")
	if rows := historyRows(t, hist); rows != 1 || len(copied) != 1 {
		t.Fatalf("the retried issue left %d history rows and %d clipboard writes, want 1 and 1", rows, len(copied))
	}
}

// gate blocks a call until released, ignoring the call's context: work
// that finishes after the user cancelled it.
type gate struct{ started, release chan struct{} }

func newGate() gate { return gate{make(chan struct{}), make(chan struct{})} }

// wait marks the call started and blocks until release.
func (g gate) wait() {
	close(g.started)
	<-g.release
}

// ctxBlind records whatever the context says.
type ctxBlind struct{ *history.History }

func (c ctxBlind) Add(_ context.Context, links []presigned.Link) ([]presigned.Link, error) {
	return c.History.Add(context.Background(), links)
}

// gatedHistory records once its gate opens, whatever the context says: the
// write committed just before the cancel.
type gatedHistory struct {
	*history.History
	gate
}

func (g gatedHistory) Add(_ context.Context, links []presigned.Link) ([]presigned.Link, error) {
	g.wait()
	return g.History.Add(context.Background(), links)
}

// TestCancelledIssueFinishingLateIsDropped cancels an issue whose work
// finishes anyway. Signed late, it is not recorded; recorded late, the
// dialog and the status line say so. Either way the late reply is not copied, not announced
// and shows no error.
func TestCancelledIssueFinishingLateIsDropped(t *testing.T) {
	for _, c := range []struct {
		name     string
		gateHist bool
		rows     int
		note     string
	}{
		{"signed late", false, 0, "Cancelled: no link was issued"},
		{"recorded late", true, 1, "The cancelled share had already been recorded: 1 link in the history (H), not copied"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, fb, _, copied := fakeDeps()
			hist, g := openHistory(t), newGate()
			if c.gateHist {
				d.History, d.Sharer = hist, pipeline(fb, gatedHistory{hist, g})
			} else {
				// The history would take the late links even on the
				// cancelled context: only the pipeline's own check, before
				// recording, keeps them out.
				fb.signGate = &g
				d.History, d.Sharer = hist, pipeline(fb, ctxBlind{hist})
			}
			l := cancelWhileBlocked(t, d, g)
			close(g.release)
			l.untilMsg("the late issue replied", func(msg tea.Msg) bool { _, ok := msg.(issuedMsg); return ok })
			for _, msg := range l.seen {
				if _, ok := msg.(linkIssuedMsg); ok {
					t.Fatal("a cancelled issue was announced as issued")
				}
			}
			l.untilSee(c.note)
			if v := l.view(); strings.Contains(v, "✗") || strings.Contains(v, "Issued") {
				t.Fatalf("the late reply shows as an error or an issue:\n%s", v)
			}
			if rows := historyRows(t, hist); rows != c.rows || len(*copied) != 0 {
				t.Fatalf("%d history rows and %d clipboard writes, want %d and 0", rows, len(*copied), c.rows)
			}
			l.press("esc")
			l.untilSee("1 selected") // the selection waits for a real share
		})
	}
}

// cancelWhileBlocked selects cover.png, shares it, and presses esc while
// the issue's Cmd is blocked at g; keys still work meanwhile.
func cancelWhileBlocked(t *testing.T, d Deps, g gate) *live {
	t.Helper()
	l := newLive(t, d, 100, 30)
	l.untilSee("photos")
	l.press("enter")
	l.untilSee("cover.png")
	l.press("down", "down", "space", "s")
	l.untilSee("Share 1 object from photos")
	l.press("enter")
	<-g.started // the Cmd's goroutine is blocked
	l.press("?")
	l.mustSee("Signing… (esc cancels)", "ctrl+c")
	l.press("?", "esc")
	l.mustSee("Cancelling…") // whether it was recorded is not known yet
	return l
}

// TestEndpointDownNamesIt points the UI at a closed port and at a name that
// does not resolve: the buckets screen says, in one line naming the
// endpoint, that it cannot list, and the UI keeps working.
func TestEndpointDownNamesIt(t *testing.T) {
	for _, c := range []struct{ name, endpoint, names string }{
		{"refused", "http://" + refusedAddr, ""},
		{"dns", "http://s3share-no-such-host.invalid:9000", "s3share-no-such-host.invalid"},
	} {
		t.Run(c.name, func(t *testing.T) {
			names := c.names
			if names == "" {
				names = strings.TrimPrefix(c.endpoint, "http://")
			}
			cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKDOWN", "secretdown", "")}
			d := Deps{Browser: s3browse.NewFromConfig(cfg, s3browse.Options{EndpointURL: c.endpoint, PathStyle: true}), History: openHistory(t)}
			l := newLive(t, d, 200, 30)
			msg := l.untilMsg("the bucket listing failed", func(msg tea.Msg) bool { _, ok := msg.(bucketsMsg); return ok }).(bucketsMsg)
			if msg.err == nil || strings.ContainsAny(msg.err.Error(), "\r\n") {
				t.Fatalf("want a one-line error, got %q", msg.err)
			}
			if !oneLineWith(l.view(), "Cannot list buckets: ", names) {
				t.Fatalf("no single line says it cannot list buckets at %s:\n%s", names, l.view())
			}
			l.press("enter", "j", "H", "esc")
			l.untilSee("Cannot list buckets")
		})
	}
}

// oneLineWith reports whether one line of frame holds every want.
func oneLineWith(frame string, want ...string) bool {
	for _, line := range strings.Split(frame, "\n") {
		all := true
		for _, w := range want {
			all = all && strings.Contains(line, w)
		}
		if all {
			return true
		}
	}
	return false
}

// refusedAddr is a local address nothing listens on: port 1 is privileged
// and unused, so unlike a closed ephemeral port no server started later
// in the run can take it and answer.
const refusedAddr = "127.0.0.1:1"

// typeText types s one rune at a time.
func (l *live) typeText(s string) {
	for _, r := range s {
		l.update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}
