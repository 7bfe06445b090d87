package ledger_test

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testclock"
	"github.com/s3share/s3share/ledger"
)

// history is a small team history: two links, one renewed, relabelled,
// checked, revoked and removed by different members.
func history() []ledger.Event {
	at := testclock.At(fixedAt)
	ev := func(kind ledger.Kind, writer string, link string, min int) ledger.Event {
		return ledger.Event{ID: ledger.NewID(), Kind: kind, Writer: writer, At: at.Add(time.Duration(min) * time.Minute), Link: link}
	}
	a := issued("ann", at, "a.png")
	b := issued("bob", at.Add(time.Minute), "b.png")
	renew := issued("bob", at.Add(2*time.Minute), "a.png")
	renew.Kind, renew.RenewedFrom = ledger.KindRenewed, a.Link
	relabel1, relabel2 := ev(ledger.KindRelabelled, "bob", a.Link, 3), ev(ledger.KindRelabelled, "ann", a.Link, 4)
	relabel1.Label, relabel2.Label = "first", "second"
	check1, check2 := ev(ledger.KindChecked, "ann", b.Link, 9), ev(ledger.KindChecked, "bob", b.Link, 5)
	check1.Verdict = &ledger.Verdict{Kind: "works", At: at.Add(5 * time.Minute)} // published late
	check2.Verdict = &ledger.Verdict{Kind: "object gone", Detail: "404 NoSuchKey", At: at.Add(6 * time.Minute)}
	revoke1, revoke2 := ev(ledger.KindRevoked, "bob", a.Link, 7), ev(ledger.KindRevoked, "ann", a.Link, 8)
	removed := ev(ledger.KindRemoved, "ann", renew.Link, 10)
	late := ev(ledger.KindRelabelled, "bob", renew.Link, 11)
	late.Label = "after removal"
	// Ann and bob both read the logs that hold request r2 of b.
	seenByAnn, seenByBob := ev(ledger.KindOpened, "ann", b.Link, 12), ev(ledger.KindOpened, "bob", b.Link, 13)
	seenByAnn.Opened = &ledger.Opened{LogsUpTo: at.Add(11 * time.Minute), Hits: []ledger.Hit{hit("r1", at, 1), hit("r2", at, 2)}}
	seenByBob.Opened = &ledger.Opened{LogsUpTo: at.Add(12 * time.Minute), Hits: []ledger.Hit{hit("r3", at, 3), hit("r2", at, 2)}}
	seenByBob.Opened.Hits[1].UserAgent = "bob's copy"
	openedRemoved := ev(ledger.KindOpened, "ann", renew.Link, 12)
	openedRemoved.Opened = &ledger.Opened{LogsUpTo: at, Hits: []ledger.Hit{hit("r9", at, 0)}}
	return []ledger.Event{a, b, renew, relabel1, relabel2, check1, check2, revoke1, revoke2, removed, late,
		seenByAnn, seenByBob, openedRemoved}
}

// hit is an open, request id at at plus min minutes.
func hit(id string, at time.Time, min int) ledger.Hit {
	return ledger.Hit{RequestID: id, At: at.Add(time.Duration(min) * time.Minute), Kind: "open", Status: 200,
		Operation: "REST.GET.OBJECT", RemoteIP: "192.0.2.7", UserAgent: "Mozilla/5.0", BytesSent: 1234}
}

func TestStateRules(t *testing.T) {
	events := history()
	s := ledger.Fold(events)
	a, b := events[0], events[1]
	links := s.Links()
	if len(links) != 2 || links[0].ID != a.Link || links[1].ID != b.Link {
		t.Fatalf("links = %+v", links)
	}
	la := links[0]
	if la.Issuer != "ann" || la.Label != "second" || !la.Revoked || la.RevokedBy != "bob" || !la.RevokedAt.Equal(events[7].At) {
		t.Errorf("link a = %+v", la)
	}
	lb := links[1]
	if lb.Issuer != "bob" || lb.Label != "for ACME" || lb.Verdict.Kind != "object gone" || lb.CheckedBy != "bob" {
		t.Errorf("link b = %+v (the latest check is by the check's time, not its publication)", lb)
	}
	var got []string
	for _, h := range lb.Hits {
		got = append(got, h.RequestID+" "+h.UserAgent)
	}
	if !slices.Equal(got, []string{"r1 Mozilla/5.0", "r2 Mozilla/5.0", "r3 Mozilla/5.0"}) || !lb.LogsUpTo.Equal(events[12].Opened.LogsUpTo) {
		t.Errorf("link b's requests = %q up to %v: want r1, r2 (once, as the earlier event has it), r3, up to bob's", got, lb.LogsUpTo)
	}
	if len(la.Hits) != 0 || !la.LogsUpTo.IsZero() {
		t.Errorf("link a has requests: %+v", la.Hits)
	}
	if _, ok := s.Link(events[2].Link); ok {
		t.Error("a removed link is still listed")
	}
	if _, ok := s.Link(ledger.NewID()); ok {
		t.Error("an unknown link is found")
	}
	if s.Len() != 3 {
		t.Errorf("Len = %d, want 3 (the removed link is remembered)", s.Len())
	}
}

func TestStateRenewedLink(t *testing.T) {
	events := history()[:3]
	l, ok := ledger.Fold(events).Link(events[2].Link)
	if !ok || l.RenewedFrom != events[0].Link || l.Issuer != "bob" {
		t.Fatalf("renewed link = %+v, %v", l, ok)
	}
}

// TestStateOrderAndRepeats: the state depends on the set of events only.
func TestStateOrderAndRepeats(t *testing.T) {
	events := history()
	want := encode(t, ledger.Fold(events).Events())
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		shuffled := slices.Clone(events)
		for range rng.IntN(5) {
			shuffled = append(shuffled, events[rng.IntN(len(events))])
		}
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := encode(t, ledger.Fold(shuffled).Events()); got != want {
			t.Fatalf("order %v changed the state:\n%s\n%s", shuffled, got, want)
		}
	}
}

// TestStateCompacts: folding a snapshot of a prefix and then the rest gives
// what folding everything gives, so snapshots of the same number are equal
// whichever way their writers got there.
func TestStateCompacts(t *testing.T) {
	events := history()
	want := encode(t, ledger.Fold(events).Events())
	for k := range len(events) + 1 {
		s := ledger.Fold(ledger.Fold(events[:k]).Events())
		s.Apply(events[k:]...)
		if got := encode(t, s.Events()); got != want {
			t.Fatalf("snapshot after %d events then the rest:\n%s\nwant\n%s", k, got, want)
		}
	}
	compact := ledger.Fold(events).Events()
	if len(compact) >= len(events) {
		t.Errorf("nothing was compacted: %d events of %d", len(compact), len(events))
	}
}

func TestStateSameIDDifferentContent(t *testing.T) {
	a := issued("ann", fixedAt, "a.png")
	forged := a
	forged.Record = &ledger.LinkRecord{}
	*forged.Record = *a.Record
	forged.Record.Key = "other.png"
	one := encode(t, ledger.Fold([]ledger.Event{a, forged}).Events())
	two := encode(t, ledger.Fold([]ledger.Event{forged, a}).Events())
	if one != two {
		t.Fatalf("two events sharing an id fold differently by order:\n%s\n%s", one, two)
	}
}

// encode is the JSON of events, to compare them.
func encode(t *testing.T, events []ledger.Event) string {
	t.Helper()
	out, err := json.Marshal(events)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
