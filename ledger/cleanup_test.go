package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/s3browse"
)

// keysUnder lists the keys under the prefix's dir ("log/", "snap/").
func keysUnder(t *testing.T, b *s3browse.Browser, dir string) []string {
	t.Helper()
	page, err := b.ListAfter(context.Background(), bucket, prefix+dir, "", "")
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, o := range page.Objects {
		out = append(out, strings.TrimPrefix(o.Key, prefix+dir))
	}
	return out
}

// TestCleanup: covered log objects and older snapshots go once they are a
// day old, and only by a member that has read what the snapshot covers; a
// member who was away starts again from the snapshot; one who was away
// long pulls before it pushes, so no cleaned number is written again.
func TestCleanup(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	ann := started(t, b, every(5))
	bob := joined(t, b, "bob", every(5))
	for i := range 12 {
		ann.issue(fmt.Sprintf("%d.png", i))
		if res := ann.push(t); res.Cleaned != 0 || len(res.Problems) != 0 {
			t.Fatalf("push %d cleaned %d (%v) before the margin", i, res.Cleaned, res.Problems)
		}
		if i == 2 {
			bob.pull(t) // bob has read 1 to 3, then goes away
		}
	}
	ctx := context.Background()
	ann.clock.Advance(23 * time.Hour)
	if n, err := ann.Cleanup(ctx); n != 0 || err != nil {
		t.Fatalf("cleanup within the margin deleted %d, %v", n, err)
	}
	if n, err := bob.Cleanup(ctx); n != 0 || err != nil {
		t.Fatalf("cleanup by a member who has not read up to the snapshot deleted %d, %v", n, err)
	}
	ann.clock.Advance(2 * time.Hour)
	n, err := ann.Cleanup(ctx)
	if err != nil || n != 11 {
		t.Fatalf("cleanup = %d, %v, want 11 (log 1 to 10, snapshot 5)", n, err)
	}
	if got := fmt.Sprint(keysUnder(t, b, "log/"), keysUnder(t, b, "snap/")); got !=
		"[00000000000000000011.json 00000000000000000012.json] [00000000000000000010.json.gz]" {
		t.Fatalf("left: %s", got)
	}
	// bob, at 3, finds 11 next: snapshot 10 covers the gap.
	res := bob.pull(t)
	if res.Snapshot != 10 || res.Applied != 12 || len(bob.cache.links()) != 12 {
		t.Fatalf("bob's pull = snapshot %d, applied %d, %d links", res.Snapshot, res.Applied, len(bob.cache.links()))
	}
	carol := joined(t, b, "carol")
	if res := carol.pull(t); res.Snapshot != 10 || len(carol.cache.links()) != 12 {
		t.Fatalf("carol's first sync = %+v", res)
	}
}

// TestStalePushPullsFirst: a member whose cache was last seen up to date
// more than half the cleanup margin ago pulls before it writes, so a
// number cleaned up meanwhile is not written again.
func TestStalePushPullsFirst(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	ann := started(t, b, every(5))
	bob := joined(t, b, "bob", every(5))
	for i := range 6 {
		ann.issue(fmt.Sprintf("%d.png", i))
		ann.push(t)
		if i == 1 {
			bob.pull(t) // bob has read 1 and 2: without pulling first he would write 3 again
		}
	}
	ann.clock.Advance(25 * time.Hour)
	if n, err := ann.Cleanup(context.Background()); n != 5 || err != nil {
		t.Fatalf("cleanup = %d, %v", n, err)
	}
	bob.clock.Advance(25 * time.Hour)
	e := bob.issue("bob.png")
	res := bob.push(t)
	if res.Pulled.Snapshot != 5 || len(res.Written) != 1 || res.Written[0] != 7 {
		t.Fatalf("stale push = %+v, want a pull from snapshot 5 then log 7", res)
	}
	if got := keysUnder(t, b, "log/"); fmt.Sprint(got) != "[00000000000000000006.json 00000000000000000007.json]" {
		t.Fatalf("log = %v: a cleaned number was written again", got)
	}
	ann.pull(t)
	if _, ok := ann.cache.state.Link(e.Link); !ok {
		t.Error("ann does not see bob's link")
	}
	// A fresh push within the margin sends no LIST first.
	bob.issue("again.png")
	if res := bob.push(t); res.Pulled.Objects != 0 || res.Pulled.Snapshot != 0 {
		t.Errorf("a push right after a sync pulled: %+v", res.Pulled)
	}
}

var _ ledger.Cache = (*memCache)(nil)

// TestCleanupKeepsWhatADamagedSnapshotCovers: a snapshot that does not
// read back cannot stand in for the log: nothing is deleted.
func TestCleanupKeepsWhatADamagedSnapshotCovers(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	ann := started(t, b, every(3))
	for i := range 3 {
		ann.issue(fmt.Sprintf("%d.png", i))
		ann.push(t)
	}
	s.Put(t, bucket, snapKey(3), []byte("damaged"))
	ann.clock.Advance(25 * time.Hour)
	n, err := ann.Cleanup(context.Background())
	if n != 0 || !errors.Is(err, ledger.ErrDamaged) || !strings.HasPrefix(err.Error(), "nothing cleaned up: s3://team/"+snapKey(3)) {
		t.Fatalf("cleanup = %d, %v", n, err)
	}
	if got := keysUnder(t, b, "log/"); len(got) != 3 {
		t.Errorf("log = %v", got)
	}
}
