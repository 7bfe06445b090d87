package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/opens"
	"github.com/s3share/s3share/presigned"
)

// fakeTeam is a team ledger whose sync brings in what arrive holds, once.
type fakeTeam struct {
	hist    *memHistory
	arrive  []presigned.Link
	opened  []ledger.Event // opened events the next sync brings, once
	syncs   int
	pushes  int
	pushErr error
}

func (f *fakeTeam) Name() string { return "ann" }

func (f *fakeTeam) Sync(context.Context) (ledger.SyncResult, error) {
	f.syncs++
	var res ledger.SyncResult
	for _, l := range f.arrive {
		l.ID = int64(len(f.hist.links) + 1)
		f.hist.links = append([]presigned.Link{l}, f.hist.links...)
		res.Pull.Events = append(res.Pull.Events, ledger.Event{Kind: ledger.KindIssued, Writer: l.Issuer})
	}
	f.arrive = nil
	res.Pull.Events = append(res.Pull.Events, f.opened...)
	f.opened = nil
	res.PushErr = f.pushErr
	return res, nil
}

func (f *fakeTeam) Push(context.Context) (ledger.PushResult, error) {
	f.pushes++
	return ledger.PushResult{Events: 1}, f.pushErr
}

// TestHistoryWithATeam: the history syncs when it opens and again on its
// tick, a teammate's new link appears with its issuer without a restart,
// m switches between everyone's links and one's own, a teammate's link
// cannot be copied (its URL has no signature), and what the UI records is
// pushed in the background, a failure said in the status line.
func TestHistoryWithATeam(t *testing.T) {
	d, _, hist, copied := fakeDeps()
	now := fixedNow
	mine := presigned.Link{ID: 1, Bucket: "photos", Key: "mine.png", URL: "http://x/mine.png?X-Amz-Signature=abc", Issuer: "ann",
		TeamID: "t1", IssuedAt: now.Add(-time.Hour), ExpiresAt: now.Add(5 * time.Hour), EffectiveExpiresAt: now.Add(5 * time.Hour)}
	hist.links = []presigned.Link{mine}
	bobs := presigned.Link{Bucket: "photos", Key: "bobs.png", URL: "http://x/bobs.png?X-Amz-Date=x", Issuer: "bob", FromTeam: true,
		TeamID: "t2", IssuedAt: now.Add(-time.Minute), ExpiresAt: now.Add(time.Hour), EffectiveExpiresAt: now.Add(time.Hour)}
	team := &fakeTeam{hist: hist, arrive: []presigned.Link{bobs}}
	d.Team, d.NoAutoCheck = team, true
	h := newHarness(t, d, 120, 35)
	h.keys("H")
	if team.syncs != 1 {
		t.Fatalf("opening the history synced %d times, want 1", team.syncs)
	}
	h.mustSee("bob · photos/bobs.png", "ann · photos/mine.png", "everyone's (m)", "From the team: 1 issued")
	h.keys("g", "c") // bob's link, the newest
	h.mustSee("That is bob's link")
	if len(*copied) != 0 {
		t.Fatalf("copied a teammate's link: %q", *copied)
	}
	h.keys("m")
	h.mustSee("mine (m)", "photos/mine.png")
	if strings.Contains(h.view(), "bobs.png") {
		t.Fatalf("mine lists bob's link:\n%s", h.view())
	}
	h.keys("m")
	h.mustSee("everyone's (m)", "bobs.png")

	team.arrive = []presigned.Link{{Bucket: "photos", Key: "later.png", URL: "http://x/later.png", Issuer: "bob", FromTeam: true,
		TeamID: "t3", IssuedAt: now, ExpiresAt: now.Add(time.Hour), EffectiveExpiresAt: now.Add(time.Hour)}}
	hs := h.m.top().(*historyScreen)
	h.send(teamTickMsg{seq: hs.teamSeq})
	if team.syncs != 2 {
		t.Fatalf("the tick synced %d times in all, want 2", team.syncs)
	}
	h.mustSee("bob · photos/later.png")
	h.send(teamTickMsg{seq: hs.teamSeq - 1}) // a stale tick
	if team.syncs != 2 {
		t.Fatalf("a stale tick synced")
	}

	team.pushErr = errors.New("offline")
	h.keys("G", "d", "y") // delete my own link: its event is pushed in the background
	if team.pushes != 1 {
		t.Fatalf("deleting pushed %d times, want 1", team.pushes)
	}
	h.mustSee("Team: not shared yet, kept for the next sync")
}

// TestHistoryOpensWithATeam: a read of the access logs that found new
// requests pushes them to the team in the background (one that found
// none pushes nothing), and a sync that brings a teammate's opens says
// so and shows them.
func TestHistoryOpensWithATeam(t *testing.T) {
	d, _, hist, _ := fakeDeps()
	seedHistory(hist)
	team := &fakeTeam{hist: hist}
	d.Team, d.NoAutoCheck = team, true
	fo := d.Opens.(*fakeOpens)
	h := newHarness(t, d, 120, 35)
	h.keys("H")
	fo.next = opens.Result{Links: 3, Objects: 1, NewHits: 2, LogsUpTo: fixedNow}
	h.keys("O")
	h.mustSee("Read 1 new log object: 2 new requests")
	if team.pushes != 1 {
		t.Fatalf("a read with new requests pushed %d times, want 1", team.pushes)
	}
	fo.next = opens.Result{Links: 3, LogsUpTo: fixedNow}
	h.keys("O")
	h.mustSee("No new access logs")
	if team.pushes != 1 {
		t.Fatalf("a read with nothing new pushed")
	}

	fo.byLink = map[int64]accesslog.Opens{1: {Opens: 4, IPs: 1, LastOpen: fixedNow.Add(-time.Hour)}}
	team.opened = []ledger.Event{{Kind: ledger.KindOpened, Writer: "bob"}}
	hs := h.m.top().(*historyScreen)
	h.send(teamTickMsg{seq: hs.teamSeq})
	h.mustSee("From the team: 1 opened")
	if row := h.rowOf("photos/2026/beach.jpg"); !strings.Contains(row, "4×, last 1h ago") {
		t.Errorf("beach.jpg after the team's opens: %q", row)
	}
}
