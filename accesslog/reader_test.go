package accesslog_test

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/internal/accesslogproxy"
	"github.com/s3share/s3share/s3browse"
)

// gauge is a Store that measures how many reads are in flight at once.
type gauge struct {
	accesslog.Store
	mu            sync.Mutex
	now, most     int
	release       chan struct{} // closed when enough reads wait at once
	once          sync.Once
	waitFor       int
	startAfterArg []string
}

func (g *gauge) ListAfter(ctx context.Context, bucket, prefix, startAfter, token string) (s3browse.Page, error) {
	g.mu.Lock()
	g.startAfterArg = append(g.startAfterArg, startAfter)
	g.mu.Unlock()
	return g.Store.ListAfter(ctx, bucket, prefix, startAfter, token)
}

func (g *gauge) ReadObject(ctx context.Context, bucket, key string, maxBytes int64) ([]byte, s3browse.ObjectInfo, error) {
	g.mu.Lock()
	g.now++
	g.most = max(g.most, g.now)
	if g.now == g.waitFor {
		g.once.Do(func() { close(g.release) })
	}
	g.mu.Unlock()
	select { // hold each read until the limit is reached, so that it is
	case <-g.release: // reached whatever the scheduling
	case <-ctx.Done():
	case <-time.After(5 * time.Second): // a reader fetching fewer at a time: measured below
	}
	defer func() { g.mu.Lock(); g.now--; g.mu.Unlock() }()
	return g.Store.ReadObject(ctx, bucket, key, maxBytes)
}

// TestReaderFetchesEightAtATime: 30 new log objects are fetched at most
// Concurrency at a time, returned in key order; one named a day before
// the time of interest is not even listed.
func TestReaderFetchesEightAtATime(t *testing.T) {
	w := newWorld(t, accesslogproxy.Target{Bucket: "logs", Prefix: "access/"})
	w.deliverOne(t)
	since := time.Now().Add(-time.Minute)
	w.srv.Put(t, "logs", "access/"+since.Add(-25*time.Hour).UTC().Format("2006-01-02-15-04-05")+"-OLD0000000000000", []byte(""))
	w.srv.Put(t, "photos", "b.png", []byte("b"))
	for range 29 {
		wantStatus(t, open(t, client("127.0.0.1"), w.presign(t, "b.png", time.Now(), time.Hour), ""), 200)
	}
	lines := w.proxy.Take("photos").Lines
	for i := range lines {
		w.proxy.Deliver(t, w.srv, accesslogproxy.Batch{Source: "photos", Lines: lines[i : i+1]}, time.Now())
	}
	g := &gauge{Store: w.b, release: make(chan struct{}), waitFor: accesslog.Concurrency}
	res, err := accesslog.NewReader(g).Read(context.Background(), accesslog.Request{
		Location: accesslog.Location{Bucket: "logs", Prefix: "access/", Layout: accesslog.LayoutSimple}, Since: since})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Read) != 30 || len(res.Records) != 30 || !sort.StringsAreSorted(res.Read) {
		t.Fatalf("read %d objects, %d records (sorted: %v); want 30, 30", len(res.Read), len(res.Records), sort.StringsAreSorted(res.Read))
	}
	if g.most != accesslog.Concurrency {
		t.Errorf("%d reads at once, want %d", g.most, accesslog.Concurrency)
	}
	for i := 1; i < len(res.Records); i++ {
		if res.Records[i].Time.Before(res.Records[i-1].Time.Add(-time.Second)) {
			t.Errorf("record %d at %v comes after one at %v", i, res.Records[i].Time, res.Records[i-1].Time)
		}
	}
	if len(g.startAfterArg) != 1 || g.startAfterArg[0] == "" {
		t.Errorf("listings started after %q", g.startAfterArg)
	}
}
