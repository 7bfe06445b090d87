package history

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/presigned"
)

// TestMigrateFromV2 opens a history written by the version-2 code: it is
// migrated in place to the current schema, every link, check and cached
// region kept, and it then records what access logs say.
func TestMigrateFromV2(t *testing.T) {
	ctx := context.Background()
	h := openOld(t, "history-v2.db", func() time.Time { return testNow })
	links, err := h.WithMembers(ctx, mustList(t, h, Query{}))
	if err != nil || len(links) != 4 {
		t.Fatalf("links after the migration: %d, %v; want 4 (a gallery's image too)", len(links), err)
	}
	byKey := map[string]presigned.Link{}
	for _, l := range links {
		byKey[l.Key] = l
	}
	if l := byKey["cat.png"]; l.Check.Kind != presigned.VerdictWorks || l.Label != "v2" || l.Size != 1234 {
		t.Errorf("cat.png lost its data: %+v", l)
	}
	if l := byKey["dog.jpg"]; l.ShareKey != "s3share-shares/0123/dog.jpg" {
		t.Errorf("dog.jpg lost its share copy: %+v", l)
	}
	if l := byKey["gal/1.png"]; l.Parent != byKey["s3share-shares/gal/index.html"].ID || l.Parent == 0 {
		t.Errorf("the gallery's image lost its gallery: %+v", l)
	}
	if r, err := h.CachedRegion(ctx, "http://127.0.0.1:9000", "photos"); r != "us-east-1" || err != nil {
		t.Errorf("cached region %q, %v", r, err)
	}
	id := byKey["cat.png"].ID
	added, err := h.RecordLogRead(ctx, LogRead{Endpoint: "e", Location: "s3://logs/", Hits: []Hit{{LinkID: id, RequestID: "R1", At: testNow, Kind: "open"}}})
	if err != nil || added != 1 {
		t.Fatalf("recording a read in the migrated history: %d, %v", added, err)
	}
}

// mustList lists q or fails the test.
func mustList(t *testing.T, h *History, q Query) []presigned.Link {
	t.Helper()
	links, err := h.List(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return links
}

// TestRecordLogRead: a read is recorded whole; a request delivered again
// (in the same read or a later one) is stored once; the objects read are
// remembered per location and forgotten once named before ForgetBefore;
// logs-up-to only moves forward; the layout found is kept.
func TestRecordLogRead(t *testing.T) {
	now := testNow
	h := openTest(t, &now)
	ctx := context.Background()
	added, err := h.Add(ctx, []presigned.Link{link("photos", "a.png", "", now.Add(-time.Hour), time.Hour, 0),
		link("photos", "b.png", "", now.Add(-time.Hour), 2*time.Hour, 0)})
	if err != nil {
		t.Fatal(err)
	}
	a, b := added[0].ID, added[1].ID
	hit := func(id int64, rid string, at time.Duration, kind string) Hit {
		return Hit{LinkID: id, RequestID: rid, At: now.Add(at), Kind: kind, Status: 200, Operation: "REST.GET.OBJECT",
			RemoteIP: "192.0.2.1", UserAgent: "agent \x1b[31m " + rid, Referrer: "-", BytesSent: 10}
	}
	first := LogRead{Endpoint: "http://127.0.0.1:9000", Location: "s3://logs/access/", Layout: "simple",
		Objects:  []LogObject{{"access/2026-11-27-09-00-00-A", now.Add(-time.Hour)}, {"access/2026-11-27-09-30-00-B", now.Add(-30 * time.Minute)}},
		Hits:     []Hit{hit(a, "R2", -20*time.Minute, "open"), hit(a, "R1", -40*time.Minute, "open"), hit(b, "R3", -10*time.Minute, "after_end"), hit(a, "R1", -40*time.Minute, "open")},
		LogsUpTo: now.Add(-5 * time.Minute)}
	if n, err := h.RecordLogRead(ctx, first); err != nil || n != 3 {
		t.Fatalf("first read: %d new hits, %v; want 3", n, err)
	}
	again := first
	again.Objects = []LogObject{{"access/2026-11-27-09-45-00-C", now.Add(-15 * time.Minute)}}
	again.Hits = []Hit{hit(a, "R1", -40*time.Minute, "open"), hit(b, "R4", -time.Minute, "open")}
	again.LogsUpTo, again.Layout, again.ForgetBefore = now.Add(-time.Hour), "", now.Add(-45*time.Minute)
	if n, err := h.RecordLogRead(ctx, again); err != nil || n != 1 {
		t.Fatalf("second read: %d new hits, %v; want 1 (R1 was stored)", n, err)
	}
	seen, err := h.SeenLogObjects(ctx, first.Endpoint, first.Location)
	want := map[string]bool{"access/2026-11-27-09-30-00-B": true, "access/2026-11-27-09-45-00-C": true}
	if err != nil || !reflect.DeepEqual(seen, want) {
		t.Errorf("seen %v, %v; want %v (the one named before ForgetBefore forgotten)", seen, err, want)
	}
	if other, _ := h.SeenLogObjects(ctx, "", first.Location); len(other) != 0 {
		t.Errorf("another endpoint's location has seen %v", other)
	}
	loc, err := h.LogLocationState(ctx, first.Endpoint, first.Location)
	if err != nil || loc.Layout != "simple" || !loc.LogsUpTo.Equal(now.Add(-5*time.Minute)) || !loc.ReadAt.Equal(now) {
		t.Errorf("location %+v, %v; want simple, logs up to 5 minutes ago, read now", loc, err)
	}
	if upTo, err := h.LogsUpTo(ctx); err != nil || !upTo.Equal(now.Add(-5*time.Minute)) {
		t.Errorf("LogsUpTo %v, %v", upTo, err)
	}
	hits, err := h.Hits(ctx, []int64{a, b})
	if err != nil || len(hits) != 4 {
		t.Fatalf("hits %+v, %v; want 4", hits, err)
	}
	for i, rid := range []string{"R1", "R2", "R3", "R4"} {
		if hits[i].RequestID != rid {
			t.Errorf("hit %d is %s, want %s (time order)", i, hits[i].RequestID, rid)
		}
	}
	if w := hit(a, "R1", -40*time.Minute, "open"); !reflect.DeepEqual(stripMono(hits[0]), stripMono(w)) {
		t.Errorf("stored %+v, want %+v", hits[0], w)
	}
	if err := h.Delete(ctx, a); err != nil {
		t.Fatal(err)
	}
	if left, _ := h.Hits(ctx, []int64{a, b}); len(left) != 2 || left[0].LinkID != b {
		t.Errorf("after the link is deleted its hits are still there: %+v", left)
	}
}

// stripMono compares times by instant.
func stripMono(x Hit) Hit {
	x.At = x.At.UTC()
	return x
}

// TestLogLocationNeverRead: a location never read says so, and nothing
// was read anywhere.
func TestLogLocationNeverRead(t *testing.T) {
	now := testNow
	h := openTest(t, &now)
	ctx := context.Background()
	loc, err := h.LogLocationState(ctx, "", "s3://logs/")
	if err != nil || !loc.LogsUpTo.IsZero() || !loc.ReadAt.IsZero() || loc.Location != "s3://logs/" {
		t.Errorf("a location never read: %+v, %v", loc, err)
	}
	if upTo, err := h.LogsUpTo(ctx); err != nil || !upTo.IsZero() {
		t.Errorf("LogsUpTo with nothing read: %v, %v", upTo, err)
	}
	if hits, err := h.Hits(ctx, nil); err != nil || len(hits) != 0 {
		t.Errorf("hits of no link: %v, %v", hits, err)
	}
}

// TestHitsOfManyLinks: Hits asks for the links in chunks and keeps each
// link's hits in order.
func TestHitsOfManyLinks(t *testing.T) {
	now := testNow
	h := openTest(t, &now)
	ctx := context.Background()
	ids := make([]int64, 2*hitsChunk+3)
	var hits []Hit
	for i := range ids {
		ids[i] = int64(i + 1)
		hits = append(hits, Hit{LinkID: ids[i], RequestID: fmt.Sprintf("R%d", i), At: now, Kind: "open"},
			Hit{LinkID: ids[i], RequestID: fmt.Sprintf("S%d", i), At: now, Kind: "after_end"})
	}
	if _, err := h.RecordLogRead(ctx, LogRead{Location: "s3://logs/", Hits: hits}); err != nil {
		t.Fatal(err)
	}
	got, err := h.Hits(ctx, ids)
	if err != nil || len(got) != len(hits) {
		t.Fatalf("%d hits, %v; want %d", len(got), err, len(hits))
	}
	last := map[int64]string{}
	for _, x := range got {
		if last[x.LinkID] == "" && x.Kind != "open" || last[x.LinkID] == "open" && x.Kind != "after_end" {
			t.Fatalf("link %d: %s after %q: the recorded order is lost", x.LinkID, x.Kind, last[x.LinkID])
		}
		last[x.LinkID] = x.Kind
	}
}

// TestReadOnlyHistoryRecordsNoRead: a history its owner made read-only
// refuses to record a read, and says why.
func TestReadOnlyHistoryRecordsNoRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	h, err := OpenHistory(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	h.Close()
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	h, err = OpenHistory(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	_, err = h.RecordLogRead(context.Background(), LogRead{Location: "s3://logs/", Hits: []Hit{{LinkID: 1, RequestID: "R", At: testNow, Kind: "open"}}})
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("recording into a read-only history: %v", err)
	}
}
