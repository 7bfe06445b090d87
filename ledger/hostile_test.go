package ledger_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/ledger"
)

// rawBatch encodes a batch without the checks EncodeBatch makes, as a
// hostile writer would.
func rawBatch(t *testing.T, writer string, events ...ledger.Event) []byte {
	t.Helper()
	out, err := json.Marshal(ledger.Batch{Format: ledger.FormatVersion, Writer: writer, Events: events})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHostileLogObjects: objects that are huge, not JSON, by a non-member,
// with a forged writer or an invalid name are each reported with their
// location and nothing from them is applied; the log goes on past them,
// and text with control characters is kept as data.
func TestHostileLogObjects(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	ann := started(t, b)
	bob := joined(t, b, "bob")
	ann.issue("a.png")
	ann.push(t)
	now := time.Now()
	forged := issued("bob", now, "forged.png")
	escaped := issued("bob", now, "b.png")
	escaped.Record.Label = "\x1b]0;title\x07label\u202e\r\n"
	hostile := [][]byte{
		2: bytes.Repeat([]byte(" "), ledger.MaxLogBytes+1),
		3: []byte("{\"format\":1,\"writer\":\"ann\",\"events\":[{\"id\":"),
		4: rawBatch(t, "eve", issued("eve", now, "eve.png")),
		5: rawBatch(t, "ann", forged),
		6: rawBatch(t, "ann\x1b[2J", issued("ann\x1b[2J", now, "x.png")),
		7: rawBatch(t, "bob", escaped),
	}
	for n := int64(2); n <= 7; n++ {
		s.Put(t, bucket, logKey(n), hostile[n])
	}
	ann.issue("c.png") // ann's push loses the race for 2, pulls 2 to 7, writes 8
	if res := ann.push(t); len(res.Written) != 1 || res.Written[0] != 8 || len(res.Pulled.Rejected) != 5 {
		t.Fatalf("ann's push = %+v", res)
	}
	res := bob.pull(t)
	if res.Applied != 8 || res.Objects != 8 || len(res.Events) != 3 {
		t.Fatalf("pull = applied %d, %d objects, %d events", res.Applied, res.Objects, len(res.Events))
	}
	want := map[int64]struct {
		kind error
		says string
	}{
		2: {ledger.ErrDamaged, "larger than the 4194304 bytes a log object may be: nothing applied from it"},
		3: {ledger.ErrDamaged, "not valid JSON"},
		4: {ledger.ErrNotMember, "written by eve, who is not a member: nothing applied from it"},
		5: {ledger.ErrForged, "says it is by bob, the batch is by ann: nothing applied from it"},
		6: {ledger.ErrDamaged, `writer "ann\x1b[2J" is not a valid member name`},
	}
	if len(res.Rejected) != len(want) {
		t.Fatalf("rejected %v", res.Rejected)
	}
	for i, n := 0, int64(2); n <= 6; i, n = i+1, n+1 {
		err := res.Rejected[i]
		prefix := "s3://team/" + logKey(n) + ": "
		if !errors.Is(err, want[n].kind) || !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), want[n].says) {
			t.Errorf("log %d: %v, want %v saying %q", n, err, want[n].kind, want[n].says)
		}
		if strings.ContainsAny(err.Error(), "\n\r\x1b\x07") {
			t.Errorf("log %d: the error holds control characters: %q", n, err)
		}
	}
	for _, l := range bob.cache.links() {
		if l.Record.Key == "forged.png" || l.Record.Key == "eve.png" || l.Record.Key == "x.png" {
			t.Errorf("a link from a rejected object was applied: %s", l.Record.Key)
		}
		if l.ID == escaped.Link && l.Label != escaped.Record.Label {
			t.Errorf("the label was changed: %q", l.Label)
		}
	}
	if n := len(bob.cache.links()); n != 3 {
		t.Errorf("%d links, want 3", n)
	}
}

// TestNewerFormatStopsThePull: an object written by a newer s3share stops
// the pull there: nothing from it or after it is applied.
func TestNewerFormatStopsThePull(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	ann := started(t, b)
	bob := joined(t, b, "bob")
	ann.issue("a.png")
	ann.push(t)
	s.Put(t, bucket, logKey(2), []byte(`{"format":3,"writer":"ann","events":{"new":"shape"}}`))
	s.Put(t, bucket, logKey(3), rawBatch(t, "ann", issued("ann", time.Now(), "c.png")))
	res, err := bob.Pull(context.Background())
	if !errors.Is(err, ledger.ErrNewerFormat) || !strings.HasPrefix(err.Error(), "s3://team/"+logKey(2)+": ") ||
		!strings.Contains(err.Error(), "update s3share") {
		t.Fatalf("pull = %v, want ErrNewerFormat naming log 2", err)
	}
	if res.Applied != 1 || len(bob.cache.links()) != 1 {
		t.Errorf("applied %d, %d links: nothing from or after the newer object may be", res.Applied, len(bob.cache.links()))
	}
	ann.issue("d.png")
	if _, err := ann.Push(context.Background()); !errors.Is(err, ledger.ErrNewerFormat) || ann.cache.outboxLen() != 1 {
		t.Errorf("a push past a newer object = %v, outbox %d", err, ann.cache.outboxLen())
	}
}

func TestGapStopsThePull(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	started(t, b)
	bob := joined(t, b, "bob")
	s.Put(t, bucket, logKey(1), rawBatch(t, "ann", issued("ann", time.Now(), "a.png")))
	s.Put(t, bucket, logKey(3), rawBatch(t, "ann", issued("ann", time.Now(), "c.png")))
	res, err := bob.Pull(context.Background())
	want := "s3://team/" + logKey(2) + ": gap in the log: missing while 00000000000000000003.json exists: nothing after it was applied"
	if !errors.Is(err, ledger.ErrGap) || err.Error() != want {
		t.Fatalf("pull = %v\nwant %s", err, want)
	}
	if res.Applied != 1 {
		t.Errorf("applied %d, want 1", res.Applied)
	}
}

// TestFirstSyncOfAGapWithoutSnapshot: a log that starts after 1 with no
// snapshot covering the start is a gap.
func TestFirstSyncOfAGapWithoutSnapshot(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	started(t, b)
	bob := joined(t, b, "bob")
	s.Put(t, bucket, logKey(4), rawBatch(t, "ann", issued("ann", time.Now(), "a.png")))
	_, err := bob.Pull(context.Background())
	if !errors.Is(err, ledger.ErrGap) || !strings.Contains(err.Error(), logKey(1)+": gap in the log: missing, and no snapshot covers it") {
		t.Fatalf("pull = %v", err)
	}
}

// TestHostileSnapshots: a damaged snapshot, or one with events by a
// non-member, is not used: the first sync falls back to an older one or
// the log.
func TestHostileSnapshots(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	ann := started(t, b, every(2))
	for range 4 {
		ann.issue("a.png")
		ann.push(t)
	}
	s.Put(t, bucket, snapKey(4), []byte("not gzip"))
	bob := joined(t, b, "bob")
	res := bob.pull(t)
	if res.Snapshot != 2 || res.Applied != 4 || len(bob.cache.links()) != 4 || len(res.Rejected) != 1 ||
		!strings.Contains(res.Rejected[0].Error(), snapKey(4)+": damaged ledger object: not gzip: not used") {
		t.Fatalf("first sync = snapshot %d, applied %d, rejected %v", res.Snapshot, res.Applied, res.Rejected)
	}
	s.Put(t, bucket, snapKey(4), gzipped(t, `{"format":1,"n":4,"events":[`+string(mustJSON(t, issued("eve", time.Now(), "e.png")))+`]}`))
	carol := joined(t, b, "carol")
	res = carol.pull(t)
	if res.Snapshot != 2 || len(res.Rejected) != 1 || !errors.Is(res.Rejected[0], ledger.ErrNotMember) {
		t.Fatalf("first sync past a snapshot by a non-member = snapshot %d, rejected %v", res.Snapshot, res.Rejected)
	}
	s.Put(t, bucket, snapKey(4), gzipped(t, `{"format":9}`))
	_, err := joined(t, b, "dan").Pull(context.Background())
	if !errors.Is(err, ledger.ErrNewerFormat) {
		t.Fatalf("first sync of a newer snapshot = %v, want ErrNewerFormat", err)
	}
}

func TestHugeMemberObject(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	started(t, b)
	bob := joined(t, b, "bob")
	s.Put(t, bucket, prefix+"members/eve.json", bytes.Repeat([]byte("x"), 1<<20))
	s.Put(t, bucket, logKey(1), rawBatch(t, "eve", issued("eve", time.Now(), "e.png")))
	res := bob.pull(t)
	if len(res.Rejected) != 1 || !errors.Is(res.Rejected[0], ledger.ErrNotMember) || len(bob.cache.links()) != 0 {
		t.Fatalf("pull = %+v", res)
	}
}

// gzipped packs doc.
func gzipped(t *testing.T, doc string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(doc)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// mustJSON encodes v.
func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
