package history

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/s3share/s3share/presigned"
)

// TestMigrateV5KeepsOpensAndTeam opens a history written by the version-5
// code (testdata/history-v5-opens.db: ann in s3://team/s3share/, two
// shared links, two events in the outbox, one request read from the logs
// up to 10:02): it gains the team's logs-up-to time, zero, and keeps the
// rest.
func TestMigrateV5KeepsOpensAndTeam(t *testing.T) {
	ctx := context.Background()
	h := openOld(t, "history-v5-opens.db", nil)
	m, err := h.TeamMember(ctx, "s3://team/s3share/")
	if err != nil || m.Member != "ann" {
		t.Fatalf("the membership: %+v, %v", m, err)
	}
	if got := outbox(t, h); len(got) != 2 {
		t.Errorf("the outbox: %q", got)
	}
	all, err := h.List(ctx, Query{})
	if err != nil || len(all) != 2 {
		t.Fatalf("links: %d, %v", len(all), err)
	}
	hits, err := h.Hits(ctx, []int64{all[0].ID, all[1].ID})
	if err != nil || len(hits) != 1 || hits[0].RequestID != "REQ1" || hits[0].UserAgent != "agent" {
		t.Errorf("the requests read: %+v, %v", hits, err)
	}
	upTo, err := h.LogsUpTo(ctx)
	if want := time.Date(2026, 11, 27, 10, 2, 0, 0, time.UTC); err != nil || !upTo.Equal(want) {
		t.Errorf("logs up to %v, %v; want %v", upTo, err, want)
	}
}

// TestRecordLogReadPublishesSharedOpens: a read's requests through shared
// links queue their team events in the same transaction; requests stored
// already and links of this history alone queue nothing; a publisher
// that fails records nothing of the read.
func TestRecordLogReadPublishesSharedOpens(t *testing.T) {
	now := testNow
	h := openTest(t, &now)
	ctx := context.Background()
	local, err := h.Add(ctx, []presigned.Link{link("photos", "local.jpg", "", now, time.Hour, 0)})
	if err != nil {
		t.Fatal(err)
	}
	pub := &fakePublisher{}
	h.SetPublisher(pub)
	shared, err := h.Add(ctx, []presigned.Link{link("photos", "a.jpg", "", now, time.Hour, 0), link("photos", "b.jpg", "", now, time.Hour, 0)})
	if err != nil {
		t.Fatal(err)
	}
	a, b := shared[0], shared[1]
	hit := func(id string, link int64) Hit {
		return Hit{LinkID: link, RequestID: id, At: now, Kind: "open", Status: 200, RemoteIP: "192.0.2.1"}
	}
	before := len(outbox(t, h))
	read := LogRead{Location: "s3://logs/access/", LogsUpTo: now, Objects: []LogObject{{Key: "access/1"}},
		Hits: []Hit{hit("R1", a.ID), hit("R2", local[0].ID), hit("R3", b.ID), hit("R4", a.ID)}}
	if n, err := h.RecordLogRead(ctx, read); err != nil || n != 4 {
		t.Fatalf("RecordLogRead = %d, %v", n, err)
	}
	got := outbox(t, h)[before:]
	want := []string{"opened " + a.TeamID + " R1,R4", "opened " + b.TeamID + " R3"}
	if !slices.Equal(got, want) {
		t.Errorf("queued %q, want %q", got, want)
	}

	// The same requests again (delivered twice): nothing new, nothing queued.
	read.Objects = []LogObject{{Key: "access/2"}}
	if n, err := h.RecordLogRead(ctx, read); err != nil || n != 0 || len(outbox(t, h)) != before+2 {
		t.Errorf("a repeat: %d new, %v, outbox %q", n, err, outbox(t, h))
	}

	pub.failOpened = errors.New("cannot be shared")
	read.Objects, read.Hits = []LogObject{{Key: "access/3"}}, []Hit{hit("R5", a.ID)}
	if _, err := h.RecordLogRead(ctx, read); err == nil {
		t.Fatal("a failing publisher recorded the read")
	}
	if seen, _ := h.SeenLogObjects(ctx, "", "s3://logs/access/"); seen["access/3"] {
		t.Error("the failed read's log object counts as read")
	}
	if hits, _ := h.Hits(ctx, []int64{a.ID}); len(hits) != 2 {
		t.Errorf("a's requests after the failed read: %+v", hits)
	}
}

// TestApplyTeamStoresOpens: the requests a teammate found are stored with
// the link's row, each request id once (one read here already is not
// doubled), a new teammate's link gets them with its row, a link with no
// row here drops them, and the ledger's logs-up-to time only moves
// forward, so LogsUpTo reports it when no log was read here.
func TestApplyTeamStoresOpens(t *testing.T) {
	now := testNow
	h := openTest(t, &now)
	ctx := context.Background()
	const loc = "s3://team/s3share/"
	if err := h.JoinTeam(ctx, TeamMember{Ledger: loc, Member: "ann", Joined: now}); err != nil {
		t.Fatal(err)
	}
	h.SetPublisher(&fakePublisher{})
	mine, err := h.Add(ctx, []presigned.Link{link("photos", "mine.jpg", "", now, time.Hour, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if upTo, _ := h.LogsUpTo(ctx); !upTo.IsZero() {
		t.Fatalf("logs up to %v before any read", upTo)
	}
	hit := func(id string, min int) Hit {
		return Hit{RequestID: id, At: now.Add(time.Duration(min) * time.Minute), Kind: "open", Status: 200, UserAgent: "agent " + id}
	}
	if _, err := h.RecordLogRead(ctx, LogRead{Location: "s3://logs/", LogsUpTo: now.Add(time.Minute),
		Hits: []Hit{{LinkID: mine[0].ID, RequestID: "R1", At: now, Kind: "open", Status: 200, UserAgent: "read here"}}}); err != nil {
		t.Fatal(err)
	}
	view := TeamLink{Link: mine[0], Hits: []Hit{hit("R1", 0), hit("R2", 1)}, LogsUpTo: now.Add(5 * time.Minute)}
	bobs := teammate("bob1", "bob.jpg", "", true)
	bobs.Hits, bobs.LogsUpTo = []Hit{hit("R3", 2)}, now.Add(3*time.Minute)
	pruned := teammate("old", "old.jpg", "", false)
	pruned.Hits = []Hit{hit("R4", 2)}
	var seen map[string][]TeamEvent
	events := []TeamEvent{{ID: "e1", Link: mine[0].TeamID, Body: []byte("x")}, {ID: "e2", Link: "bob1", Body: []byte("y")},
		{ID: "e3", Link: "old", Body: []byte("z")}}
	for range 2 { // applying twice stores nothing twice
		if err := h.ApplyTeam(ctx, loc, TeamPosition{Applied: 1}, events, foldTo(&seen, view, bobs, pruned)); err != nil {
			t.Fatal(err)
		}
	}
	hits, err := h.Hits(ctx, []int64{mine[0].ID})
	if err != nil || len(hits) != 2 || hits[0].UserAgent != "read here" || hits[1].RequestID != "R2" {
		t.Errorf("my link's requests: %+v, %v; want R1 as read here, then the team's R2", hits, err)
	}
	all, _ := h.List(ctx, Query{})
	var ids []int64
	for _, l := range all {
		ids = append(ids, l.ID)
	}
	if hits, _ := h.Hits(ctx, ids); len(hits) != 3 {
		t.Errorf("requests stored: %+v, want R1, R2 and bob's R3 (R4's link has no row)", hits)
	}
	if upTo, _ := h.LogsUpTo(ctx); !upTo.Equal(now.Add(5 * time.Minute)) {
		t.Errorf("logs up to %v, want the team's %v", upTo, now.Add(5*time.Minute))
	}
	view.LogsUpTo, view.Hits = now, nil
	if err := h.ApplyTeam(ctx, loc, TeamPosition{}, []TeamEvent{{ID: "e4", Link: mine[0].TeamID, Body: []byte("w")}}, foldTo(&seen, view)); err != nil {
		t.Fatal(err)
	}
	if upTo, _ := h.LogsUpTo(ctx); !upTo.Equal(now.Add(5 * time.Minute)) {
		t.Errorf("the team's logs-up-to time went back to %v", upTo)
	}
}
