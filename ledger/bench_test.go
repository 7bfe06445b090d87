package ledger_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
)

// bigLedger fills a ledger on versitygw with about 10,000 events the
// worst way for a first sync: a snapshot at 100 (objects 1 to 100 of 95
// events each) and the most log objects a snapshot can leave after it
// (101 to 199, 5 events each): 9,995 events. bob has joined.
func bigLedger(b *testing.B) *testsrv.Server {
	b.Helper()
	s := team(b)
	ann := started(b, browser(b, s, ""))
	for n := 1; n <= 199; n++ {
		per := 95
		if n > 100 {
			per = 5
		}
		for i := range per {
			ann.issue(fmt.Sprintf("photos/%d/%d.png", n, i))
		}
		res := ann.push(b)
		if res.Written[0] != int64(n) || (n == 100) != (res.Snapshot == 100) {
			b.Fatalf("push %d = %+v", n, res)
		}
	}
	joined(b, browser(b, s, ""), "bob")
	return s
}

// BenchmarkFirstSync10000Events: a new member's first sync of a 9,995-event
// ledger (snapshot at 100, 99 log objects after it) from versitygw behind
// a proxy that adds 20 ms to every request. The target is 2 s.
func BenchmarkFirstSync10000Events(b *testing.B) {
	s := bigLedger(b)
	p := faultproxy.New(b, s.Endpoint)
	p.SetDelay(20 * time.Millisecond)
	p.Always(faultproxy.Latency)
	requests := 0
	for b.Loop() {
		before := p.Requests()
		bob := newMember(b, browser(b, s, p.URL), "bob")
		res := bob.pull(b)
		if res.Snapshot != 100 || res.Applied != 199 || len(bob.cache.links()) != 9995 {
			b.Fatalf("first sync = snapshot %d, applied %d, %d links", res.Snapshot, res.Applied, len(bob.cache.links()))
		}
		requests = p.Requests() - before
	}
	b.ReportMetric(float64(requests), "requests/op")
}

// BenchmarkIdlePull: a pull with nothing new, and how many requests it sends.
func BenchmarkIdlePull(b *testing.B) {
	s := team(b)
	c := newCounter(b, s.Endpoint)
	ann := started(b, browser(b, s, c.URL))
	ann.issue("a.png")
	ann.push(b)
	before := c.requests.Load()
	for b.Loop() {
		if _, err := ann.Pull(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(c.requests.Load()-before)/float64(b.N), "requests/op")
}
