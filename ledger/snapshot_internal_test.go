package ledger

import (
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
	"time"
)

// event is a valid issued event by writer.
func event(writer string, minute int) Event {
	at := time.Date(2026, 11, 27, 10, minute, 0, 0, time.UTC)
	return Event{ID: NewID(), Kind: KindIssued, Writer: writer, At: at, Link: NewID(),
		Record: &LinkRecord{Bucket: "photos", Key: "a.png", IssuedAt: at, ExpiresAt: at.Add(time.Hour), Size: -1}}
}

// gz packs doc.
func gz(t *testing.T, doc string) []byte {
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

func TestSnapshotEqualForEqualStates(t *testing.T) {
	events := []Event{event("ann", 1), event("bob", 2), event("ann", 3)}
	one, err := encodeSnapshot(7, Fold(events))
	if err != nil {
		t.Fatal(err)
	}
	two, err := encodeSnapshot(7, Fold([]Event{events[2], events[0], events[1], events[0]}))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one, two) {
		t.Fatal("two snapshots of the same events differ")
	}
	got, err := decodeSnapshot(one, 7, maxSnapshotUnpacked)
	if err != nil || len(got) != 3 {
		t.Fatalf("decodeSnapshot = %d events, %v", len(got), err)
	}
}

func TestDecodeSnapshotRefuses(t *testing.T) {
	good, err := encodeSnapshot(7, Fold([]Event{event("ann", 1)}))
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		data []byte
		kind error
		says string
	}{
		"not gzip":      {[]byte("{}"), ErrDamaged, "not gzip"},
		"cut short":     {good[:len(good)/2], ErrDamaged, "gzip stream is broken"},
		"bomb":          {gz(t, `{"format":1,"n":7,"events":[],"pad":"`+strings.Repeat("0", 1<<20)+`"}`), ErrDamaged, "unpacks to more than"},
		"not json":      {gz(t, "}{"), ErrDamaged, "not valid JSON"},
		"newer":         {gz(t, `{"format":3,"n":"seven"}`), ErrNewerFormat, "format 3"},
		"other number":  {gz(t, `{"format":1,"n":8,"events":[]}`), ErrDamaged, "up to 8, its name says 7"},
		"invalid event": {gz(t, `{"format":1,"n":7,"events":[{"id":"x"}]}`), ErrDamaged, "event id"},
		"event type":    {gz(t, `{"format":1,"n":7,"events":[7]}`), ErrDamaged, "event 1"},
	} {
		_, err := decodeSnapshot(tc.data, 7, 1<<19)
		if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v, want %v saying %q", name, err, tc.kind, tc.says)
		}
	}
}

func TestLayoutNumbers(t *testing.T) {
	l := layout{bucket: "team", prefix: normalPrefix("/s3share")}
	if l.prefix != "s3share/" || normalPrefix("") != "" {
		t.Fatalf("prefix = %q", l.prefix)
	}
	if got := l.logKey(42); got != "s3share/log/00000000000000000042.json" {
		t.Fatalf("logKey = %q", got)
	}
	for key, want := range map[string]int64{
		"s3share/log/00000000000000000042.json":     42,
		"s3share/log/00000000000000000000.json":     0,
		"s3share/log/0000000000000000042.json":      0,
		"s3share/log/00000000000000000042.json.tmp": 0,
		"s3share/log/0000000000000000004x.json":     0,
		"s3share/log/-0000000000000000042.json":     0,
		"s3share/log/99999999999999999999.json":     0,
		"other/log/00000000000000000042.json":       0,
	} {
		n, ok := l.logNumber(key)
		if n != want || ok != (want > 0) {
			t.Errorf("logNumber(%q) = %d, %v, want %d", key, n, ok, want)
		}
	}
	if n, ok := l.snapNumber(l.snapKey(100)); n != 100 || !ok {
		t.Errorf("snapNumber = %d, %v", n, ok)
	}
	for key, want := range map[string]string{
		"s3share/members/ann.json": "ann", "s3share/members/a\x1bb.json": "", "s3share/members/ann.txt": "",
		"s3share/members/x/ann.json": "",
	} {
		name, ok := l.memberName(key)
		if name != want && ok || ok != (want != "") {
			t.Errorf("memberName(%q) = %q, %v", key, name, ok)
		}
	}
}

func TestBackoffGrowsAndIsBounded(t *testing.T) {
	for attempt := 1; attempt <= 80; attempt++ {
		d := backoff(attempt)
		floor := min(conflictWait<<(attempt-1), maxWait)
		if attempt > 40 {
			floor = maxWait
		}
		if d < floor || d > floor+floor/2 {
			t.Fatalf("backoff(%d) = %v, want %v to %v", attempt, d, floor, floor+floor/2)
		}
	}
}

// TestSnapshotKeepsOpens: a snapshot holds every opened event of a link
// that was not removed (format 2 then, format 1 without), and folding it
// gives the same requests.
func TestSnapshotKeepsOpens(t *testing.T) {
	a := event("ann", 1)
	plain, err := encodeSnapshot(7, Fold([]Event{a}))
	if err != nil {
		t.Fatal(err)
	}
	o := Event{ID: NewID(), Kind: KindOpened, Writer: "bob", At: a.At.Add(time.Minute), Link: a.Link,
		Opened: &Opened{LogsUpTo: a.At, Hits: []Hit{{RequestID: "R1", At: a.At, Kind: "open", Status: 200}}}}
	withOpens, err := encodeSnapshot(7, Fold([]Event{a, o}))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		data   []byte
		format string
		hits   int
	}{{plain, `"format":1`, 0}, {withOpens, `"format":2`, 1}} {
		doc := gunzip(t, tc.data)
		events, err := decodeSnapshot(tc.data, 7, maxSnapshotUnpacked)
		if err != nil || !strings.HasPrefix(doc, "{"+tc.format) {
			t.Fatalf("snapshot %.40s: %v, want %s", doc, err, tc.format)
		}
		if l, _ := Fold(events).Link(a.Link); len(l.Hits) != tc.hits {
			t.Errorf("%s: %d requests after the snapshot, want %d", tc.format, len(l.Hits), tc.hits)
		}
	}
}

// gunzip unpacks data.
func gunzip(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
