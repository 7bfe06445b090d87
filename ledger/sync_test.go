package ledger_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/s3browse"
)

// TestTwoWritersConcurrently: two members push 100 batches each at the
// same moment; both end with the same 200 links, and the log holds every
// event exactly once with no gap.
func TestTwoWritersConcurrently(t *testing.T) {
	s := team(t)
	ann := started(t, browser(t, s, ""), every(50))
	bob := joined(t, browser(t, s, ""), "bob", every(50))
	ids := map[string]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, m := range []*member{ann, bob} {
		wg.Go(func() {
			for i := range 100 {
				e := m.issue(fmt.Sprintf("%s/%d.png", m.Name(), i))
				mu.Lock()
				ids[e.ID] = true
				mu.Unlock()
				if _, err := m.Push(context.Background()); err != nil {
					t.Errorf("%s: push %d: %v", m.Name(), i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	ann.pull(t)
	bob.pull(t)
	if a, b := encode(t, ann.cache.state.Events()), encode(t, bob.cache.state.Events()); a != b {
		t.Fatal("the two members ended with different states")
	}
	if n := len(ann.cache.links()); n != 200 {
		t.Fatalf("%d links, want 200", n)
	}
	seen := map[string]int{}
	for _, batch := range logBatches(t, s, 1) {
		for _, e := range batch.Events {
			seen[e.ID]++
		}
	}
	for id := range ids {
		if seen[id] != 1 {
			t.Errorf("event %s is in the log %d times", id, seen[id])
		}
		for _, m := range []*member{ann, bob} {
			if got := m.cache.applied[id]; got != 1 {
				t.Errorf("%s applied event %s %d times", m.Name(), id, got)
			}
		}
	}
	if len(seen) != len(ids) {
		t.Errorf("the log holds %d events, %d were pushed", len(seen), len(ids))
	}
}

// TestIdlePullIsOneRequest: a pull with nothing new is one LIST; one new
// object by a known member is a LIST and a GET.
func TestIdlePullIsOneRequest(t *testing.T) {
	s := team(t)
	c := newCounter(t, s.Endpoint)
	ann := started(t, browser(t, s, ""))
	ann.issue("a.png")
	ann.push(t)
	bob := joined(t, browser(t, s, c.URL), "bob")
	bob.pull(t)
	for range 3 {
		before := c.requests.Load()
		if res := bob.pull(t); res.Objects != 0 {
			t.Fatalf("idle pull read %d objects", res.Objects)
		}
		if got := c.requests.Load() - before; got != 1 {
			t.Fatalf("an idle pull sent %d requests, want 1", got)
		}
	}
	ann.issue("b.png")
	ann.push(t)
	before := c.requests.Load()
	bob.pull(t)
	if got := c.requests.Load() - before; got != 2 {
		t.Errorf("a pull of one object sent %d requests, want 2", got)
	}
}

// TestFirstSyncFromSnapshot: a new member reads the newest snapshot and
// only the log after it; the snapshot holds what the whole log folds to.
func TestFirstSyncFromSnapshot(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	ann := started(t, b, every(5))
	var snapshots []int64
	for i := range 12 {
		ann.issue(fmt.Sprintf("%d.png", i))
		if res := ann.push(t); res.Snapshot != 0 {
			snapshots = append(snapshots, res.Snapshot)
		}
	}
	if fmt.Sprint(snapshots) != "[5 10]" {
		t.Fatalf("snapshots written: %v, want [5 10]", snapshots)
	}
	c := newCounter(t, s.Endpoint)
	bob := joined(t, browser(t, s, c.URL), "bob", every(5))
	before := c.requests.Load()
	res := bob.pull(t)
	if res.Snapshot != 10 || res.Objects != 2 || res.Applied != 12 || len(bob.cache.links()) != 12 {
		t.Fatalf("first sync = snapshot %d, %d objects, applied %d, %d links", res.Snapshot, res.Objects, res.Applied, len(bob.cache.links()))
	}
	// LIST snap/, GET snap 10, GET members/ann.json, LIST log/, GET 11, GET 12.
	if got := c.requests.Load() - before; got != 6 {
		t.Errorf("first sync sent %d requests, want 6", got)
	}
	if a, b := encode(t, ann.cache.state.Events()), encode(t, bob.cache.state.Events()); a != b {
		t.Error("the member who started from the snapshot has another state")
	}
	// bob, who never read log 1 to 10, writes snapshot 15; it folds to what
	// ann, who read them all, has.
	for i := range 3 {
		bob.issue(fmt.Sprintf("bob-%d.png", i))
		bob.push(t)
	}
	ann.pull(t)
	objects := s.ObjectsUnder(t, bucket, prefix)
	var doc struct {
		N      int64          `json:"n"`
		Events []ledger.Event `json:"events"`
	}
	if err := json.Unmarshal(objects[snapKey(15)], &doc); err != nil {
		t.Fatalf("snapshot 15: %v", err)
	}
	if doc.N != 15 || encode(t, doc.Events) != encode(t, ann.cache.state.Events()) {
		t.Errorf("snapshot 15 by bob differs from the fold of the whole log")
	}
}

// TestConflictIsTriedAgain: a 409 tries the same number after a wait; too
// many give up and keep the outbox.
func TestConflictIsTriedAgain(t *testing.T) {
	s := team(t)
	c := newCounter(t, s.Endpoint)
	var waits []time.Duration
	ann := started(t, browser(t, s, c.URL), sleeper(func(_ context.Context, d time.Duration) error {
		waits = append(waits, d)
		return nil
	}))
	var conflicts atomic.Int32
	c.set(func(r *http.Request) (bool, func(http.ResponseWriter)) {
		if isLogPut(r) && conflicts.Add(1) <= 2 {
			return true, s3Error(http.StatusConflict, "ConditionalRequestConflict")
		}
		return false, nil
	}, nil)
	ann.issue("a.png")
	res := ann.push(t)
	if len(res.Written) != 1 || res.Written[0] != 1 || len(waits) != 2 || waits[1] < waits[0] {
		t.Fatalf("push = %+v after waits %v", res, waits)
	}
	c.set(func(r *http.Request) (bool, func(http.ResponseWriter)) {
		if isLogPut(r) {
			return true, s3Error(http.StatusConflict, "ConditionalRequestConflict")
		}
		return false, nil
	}, nil)
	ann.issue("b.png")
	before := c.requests.Load()
	_, err := ann.Push(context.Background())
	if !errors.Is(err, s3browse.ErrConflict) || ann.cache.outboxLen() != 1 {
		t.Fatalf("push against endless conflicts = %v, outbox %d", err, ann.cache.outboxLen())
	}
	if got := c.requests.Load() - before; got != 7 {
		t.Errorf("%d tries, want 7", got)
	}
}

// cutAfterWrite makes the proxy forward the next log PUT upstream (so the
// object is written) and then lose the answer: cut runs instead of
// answering.
func cutAfterWrite(t *testing.T, c *counter, upstream string, cut func(w http.ResponseWriter, r *http.Request)) *atomic.Int32 {
	var written atomic.Int32
	c.set(func(r *http.Request) (bool, func(http.ResponseWriter)) {
		if !isLogPut(r) || written.Load() > 0 {
			return false, nil
		}
		return true, func(w http.ResponseWriter) {
			out := r.Clone(context.Background())
			out.URL.Scheme, out.URL.Host, out.RequestURI = "http", strings.TrimPrefix(upstream, "http://"), ""
			resp, err := http.DefaultTransport.RoundTrip(out)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				written.Add(1)
			}
			cut(w, r)
		}
	}, nil)
	return &written
}

// TestPushCutShortLosesAndDoublesNothing: the PUT reached the server and
// the writer died (its context ended) before the answer; the next push
// finds its own events in the log and writes nothing more.
func TestPushCutShortLosesAndDoublesNothing(t *testing.T) {
	s := team(t)
	c := newCounter(t, s.Endpoint)
	ann := started(t, browser(t, s, c.URL))
	ctx, cancel := context.WithCancel(context.Background())
	written := cutAfterWrite(t, c, s.Endpoint, func(_ http.ResponseWriter, r *http.Request) {
		cancel()
		<-r.Context().Done()
	})
	e := ann.issue("a.png")
	if _, err := ann.Push(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("push cut short = %v, want canceled", err)
	}
	if written.Load() != 1 || ann.cache.outboxLen() != 1 {
		t.Fatalf("written %d, outbox %d", written.Load(), ann.cache.outboxLen())
	}
	c.set(nil, nil)
	res := ann.push(t)
	if len(res.Written) != 0 || res.Pulled.Applied != 1 || ann.cache.outboxLen() != 0 || ann.cache.applied[e.ID] != 1 {
		t.Fatalf("push after = %+v, outbox %d, applied %d times", res, ann.cache.outboxLen(), ann.cache.applied[e.ID])
	}
	if batches := logBatches(t, s, 1); len(batches) != 1 || batches[0].Events[0].ID != e.ID {
		t.Errorf("the log holds %+v", batches)
	}
}

// TestPushAnswerLostIsRetried: the connection drops after the object was
// written; the SDK's own retry finds it taken (412), and the push pulls its
// own events instead of writing them twice.
func TestPushAnswerLostIsRetried(t *testing.T) {
	s := team(t)
	c := newCounter(t, s.Endpoint)
	ann := started(t, browser(t, s, c.URL))
	written := cutAfterWrite(t, c, s.Endpoint, func(w http.ResponseWriter, _ *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	})
	e := ann.issue("a.png")
	res := ann.push(t)
	if written.Load() != 1 || len(res.Written) != 0 || res.Pulled.Applied != 1 || ann.cache.outboxLen() != 0 || ann.cache.applied[e.ID] != 1 {
		t.Fatalf("push = %+v, written %d, outbox %d", res, written.Load(), ann.cache.outboxLen())
	}
	if batches := logBatches(t, s, 1); len(batches) != 1 {
		t.Errorf("the log holds %d objects, want 1", len(batches))
	}
}

// TestPushStopsWhenBusy: a push that keeps losing the race gives up with
// ErrBusy instead of looping.
func TestPushStopsWhenBusy(t *testing.T) {
	s := team(t)
	c := newCounter(t, s.Endpoint)
	ann := started(t, browser(t, s, c.URL))
	c.set(func(r *http.Request) (bool, func(http.ResponseWriter)) {
		if isLogPut(r) {
			return true, s3Error(http.StatusPreconditionFailed, "PreconditionFailed")
		}
		return false, nil
	}, nil)
	ann.issue("a.png")
	_, err := ann.Push(context.Background())
	if !errors.Is(err, ledger.ErrBusy) || ann.cache.outboxLen() != 1 {
		t.Fatalf("push = %v, outbox %d", err, ann.cache.outboxLen())
	}
}

func TestPushOfflineKeepsOutbox(t *testing.T) {
	s := team(t)
	c := newCounter(t, s.Endpoint)
	ann := started(t, browser(t, s, c.URL))
	c.set(func(r *http.Request) (bool, func(http.ResponseWriter)) {
		return true, s3Error(http.StatusServiceUnavailable, "SlowDown")
	}, nil)
	ann.issue("a.png")
	if _, err := ann.Push(context.Background()); err == nil || ann.cache.outboxLen() != 1 {
		t.Fatalf("push against a failing server = %v, outbox %d", err, ann.cache.outboxLen())
	}
	c.set(nil, nil)
	if res := ann.push(t); len(res.Written) != 1 || ann.cache.outboxLen() != 0 {
		t.Fatalf("push once the server is back = %+v", res)
	}
}
