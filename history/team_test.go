package history

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/presigned"
)

// TestMigrateFromV2ToTeam opens a history written by the version-2 code
// (testdata/history-v2-links.db: two links, one revoked, one checked, a gallery
// with an image, a cached region; made by that code's History): it gains
// the team tables and columns, and keeps every row as it was.
func TestMigrateFromV2ToTeam(t *testing.T) {
	ctx := context.Background()
	h := openOld(t, "history-v2-links.db", nil)
	all, err := h.List(ctx, Query{})
	if err != nil || len(all) != 3 {
		t.Fatalf("top-level links after the migration: %d, %v; want 3", len(all), err)
	}
	byKey := map[string]presigned.Link{}
	for _, l := range all {
		byKey[l.Key] = l
		if l.TeamID != "" || l.Issuer != "" || l.FromTeam {
			t.Errorf("%s came out of the migration shared: %+v", l.Key, l)
		}
	}
	cat, dog, page := byKey["cat.png"], byKey["dog.jpg"], byKey["s3share-shares/g/index.html"]
	if cat.Label != "acme" || cat.Check.Kind != presigned.VerdictWorks || !strings.Contains(cat.URL, "X-Amz-Signature=abc") {
		t.Errorf("cat.png lost its data: %+v", cat)
	}
	if !dog.Revoked() || dog.ShareKey != "s3share-shares/x/dog.jpg" {
		t.Errorf("dog.jpg lost its revoke or copy: %+v", dog)
	}
	if members, err := h.List(ctx, Query{Parent: page.ID}); err != nil || len(members) != 1 || members[0].Key != "g/1.jpg" {
		t.Errorf("the gallery's images: %+v, %v", members, err)
	}
	if r, err := h.CachedRegion(ctx, "http://127.0.0.1:9000", "photos"); err != nil || r != "eu-west-1" {
		t.Errorf("cached region %q, %v", r, err)
	}
	if _, err := h.TeamMember(ctx, "s3://team/"); !errors.Is(err, ErrNotJoined) {
		t.Errorf("a migrated history is in a team: %v", err)
	}
}

// TestMigrateFromV4 opens a history written by the version-4 code
// (testdata/history-v4-team.db: a member of s3://team/s3share/ whose
// entry was written, a link and its event in the outbox; made by that
// code's History): the membership keeps its fields and is not pending,
// with no display name, and the outbox keeps its event.
func TestMigrateFromV4(t *testing.T) {
	ctx := context.Background()
	h := openOld(t, "history-v4-team.db", nil)
	m, err := h.TeamMember(ctx, "s3://team/s3share/")
	if err != nil {
		t.Fatal(err)
	}
	made := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) // the fixture's fixed clock, never shifted
	if m.Member != "ann" || m.Identity != "AKANN" || !m.Joined.Equal(made) || m.EntryPending() || m.Display != "" ||
		m.Skew != 2*time.Second || !m.SkewAt.Equal(made) {
		t.Errorf("the membership after the migration: %+v", m)
	}
	if got := outbox(t, h); len(got) != 1 || got[0] != "issued link1 parent=" {
		t.Errorf("the outbox after the migration: %q", got)
	}
}

// TestTeamEntryPending: a membership joined without its entry in the
// ledger keeps its display name and is pending until the entry is noted.
func TestTeamEntryPending(t *testing.T) {
	now := testNow
	h := openTest(t, &now)
	ctx := context.Background()
	const loc = "s3://team/s3share/"
	if err := h.JoinTeam(ctx, TeamMember{Ledger: loc, Member: "bob", Identity: "AKBOB", Display: "Bob B"}); err != nil {
		t.Fatal(err)
	}
	m, err := h.TeamMember(ctx, loc)
	if err != nil || !m.EntryPending() || m.Display != "Bob B" {
		t.Fatalf("joined without an entry: %+v, %v", m, err)
	}
	if err := h.NoteTeamEntry(ctx, loc, testNow.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if m, err = h.TeamMember(ctx, loc); err != nil || m.EntryPending() || !m.Joined.Equal(testNow.Add(time.Minute)) {
		t.Errorf("after the entry was written: %+v, %v", m, err)
	}
}

// fakePublisher publishes plain-text events; fail makes Issue fail,
// changeFail Change.
type fakePublisher struct {
	n          int
	fail       error
	changeFail error
	failOpened error
}

func (p *fakePublisher) Ledger() string { return "s3://team/s3share/" }

func (p *fakePublisher) Issue(l *presigned.Link, parent string) (Outgoing, error) {
	if p.fail != nil {
		return Outgoing{}, p.fail
	}
	p.n++
	l.TeamID, l.Issuer = fmt.Sprintf("link%d", p.n), "ann"
	return Outgoing{ID: fmt.Sprintf("ev%d", p.n), Body: []byte("issued " + l.TeamID + " parent=" + parent)}, nil
}

func (p *fakePublisher) Change(c Change, l presigned.Link, prior Prior) (Outgoing, bool, error) {
	if c == ChangeChecked && l.FromTeam {
		return Outgoing{}, false, nil
	}
	if p.changeFail != nil {
		return Outgoing{}, false, p.changeFail
	}
	p.n++
	body := fmt.Sprintf("change %d %s", c, l.TeamID)
	if c == ChangeRelabelled {
		body += fmt.Sprintf(" label=%s held=%d", l.Label, len(prior.Held))
	}
	return Outgoing{ID: fmt.Sprintf("ev%d", p.n), Body: []byte(body)}, true, nil
}

// Opened publishes one event per shared link naming its request ids;
// failOpened makes it fail.
func (p *fakePublisher) Opened(teamID string, hits []Hit, logsUpTo time.Time) ([]Outgoing, error) {
	if p.failOpened != nil {
		return nil, p.failOpened
	}
	p.n++
	ids := make([]string, len(hits))
	for i, x := range hits {
		ids[i] = x.RequestID
	}
	return []Outgoing{{ID: fmt.Sprintf("ev%d", p.n), Body: []byte("opened " + teamID + " " + strings.Join(ids, ","))}}, nil
}

// outbox returns the bodies in h's outbox, oldest first.
func outbox(t *testing.T, h *History) []string {
	t.Helper()
	out, err := h.TeamOutbox(context.Background(), "s3://team/s3share/")
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, o := range out {
		bodies = append(bodies, string(o.Body))
	}
	return bodies
}

// TestPublisherQueuesWithTheChange: with a publisher, every change queues
// its event in the same transaction; a publisher that fails records
// nothing at all.
func TestPublisherQueuesWithTheChange(t *testing.T) {
	now := testNow
	h := openTest(t, &now)
	ctx := context.Background()
	pub := &fakePublisher{}
	h.SetPublisher(pub)
	added, err := h.Add(ctx, []presigned.Link{link("b", "a.jpg", "", now, time.Hour, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if added[0].TeamID != "link1" || added[0].Issuer != "ann" {
		t.Fatalf("the added link has no team id: %+v", added[0])
	}
	page := link("b", "s3share-shares/g/index.html", "", now, time.Hour, 0)
	page.Gallery, page.ShareKey = true, page.Key
	page.Members = []presigned.Link{link("b", "g/1.jpg", "", now, time.Hour, 0)}
	if _, err := h.AddGallery(ctx, page); err != nil {
		t.Fatal(err)
	}
	got, _ := h.Get(ctx, added[0].ID)
	if got.TeamID != "link1" || got.Issuer != "ann" || got.FromTeam {
		t.Errorf("stored: %+v", got)
	}
	if err := h.MarkRevoked(ctx, added[0].ID, now); err != nil {
		t.Fatal(err)
	}
	if err := h.RecordChecks(ctx, map[int64]presigned.Verdict{added[0].ID: {Kind: presigned.VerdictRevoked, At: now}}); err != nil {
		t.Fatal(err)
	}
	if err := h.Delete(ctx, added[0].ID+1); err != nil { // the gallery: its image goes with it
		t.Fatal(err)
	}
	want := []string{"issued link1 parent=", "issued link2 parent=", "issued link3 parent=link2",
		"change 1 link1", "change 2 link1", "change 3 link2", "change 3 link3"}
	if got := outbox(t, h); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("outbox:\n %q\nwant\n %q", got, want)
	}
	pub.fail = errors.New("refused")
	if _, err := h.Add(ctx, []presigned.Link{link("b", "c.jpg", "", now, time.Hour, 0)}); err == nil {
		t.Fatal("a link was recorded though its event could not be made")
	}
	if n := countLinks(t, h); n != 1 {
		t.Errorf("%d links after a refused add, want 1", n)
	}
	if got := outbox(t, h); len(got) != len(want) {
		t.Errorf("the refused add changed the outbox: %q", got)
	}
	h.SetPublisher(nil)
	if _, err := h.Add(ctx, []presigned.Link{link("b", "d.jpg", "", now, time.Hour, 0)}); err != nil {
		t.Fatal(err)
	}
	if got := outbox(t, h); len(got) != len(want) {
		t.Errorf("without a publisher the outbox grew: %q", got)
	}
}

// teammate is a TeamLink for a teammate's link.
func teammate(id, key, parent string, fresh bool) TeamLink {
	l := link("photos", key, "", testNow, time.Hour, 0)
	l.URL, l.TeamID, l.Issuer = "https://photos.example/"+key+"?X-Amz-Date=20261127T100000Z", id, "bob"
	return TeamLink{Link: l, Parent: parent, Fresh: fresh}
}

// foldTo returns a fold that answers links whatever it is given, and
// remembers what it was given.
func foldTo(seen *map[string][]TeamEvent, links ...TeamLink) TeamFold {
	return func(byLink map[string][]TeamEvent) ([]TeamLink, error) {
		*seen = byLink
		return links, nil
	}
}

// TestApplyTeam: events are kept once, leave the outbox, move the
// position only forward, and the links take the fold's view: a teammate's
// link is added (a gallery's image under its page, even listed first),
// an existing row keeps its URL and takes a revoke and a newer check, a
// removed link goes, a forgotten one is not brought back.
func TestApplyTeam(t *testing.T) {
	now := testNow
	h := openTest(t, &now)
	ctx := context.Background()
	const loc = "s3://team/s3share/"
	if err := h.ApplyTeam(ctx, loc, TeamPosition{Applied: 1}, nil, nil); !errors.Is(err, ErrNotJoined) {
		t.Fatalf("applying to a ledger not joined: %v", err)
	}
	if err := h.JoinTeam(ctx, TeamMember{Ledger: loc, Member: "ann", Identity: "AKIDANN", Joined: now}); err != nil {
		t.Fatal(err)
	}
	h.SetPublisher(&fakePublisher{})
	mine, err := h.Add(ctx, []presigned.Link{link("photos", "mine.jpg", "", now, time.Hour, 0)})
	if err != nil {
		t.Fatal(err)
	}
	var seen map[string][]TeamEvent
	ev := func(id, link string) TeamEvent { return TeamEvent{ID: id, Link: link, Body: []byte(id)} }
	image, page := teammate("img", "g/1.jpg", "pg", true), teammate("pg", "g/index.html", "", true)
	page.Link.Gallery = true
	err = h.ApplyTeam(ctx, loc, TeamPosition{Applied: 3, Synced: now}, []TeamEvent{ev("ev1", "link1"), ev("e2", "img"), ev("e3", "pg")},
		foldTo(&seen, image, page))
	if err != nil {
		t.Fatal(err)
	}
	if len(seen["link1"]) != 1 || !seen["link1"][0].New || len(seen) != 3 {
		t.Errorf("the fold was given %+v", seen)
	}
	if got := outbox(t, h); len(got) != 0 {
		t.Errorf("applied events stayed in the outbox: %q", got)
	}
	all, _ := h.List(ctx, Query{})
	if len(all) != 2 {
		t.Fatalf("top-level links: %+v", all)
	}
	pageRow := all[0]
	if all[0].TeamID != "pg" {
		pageRow = all[1]
	}
	if !pageRow.FromTeam || pageRow.Issuer != "bob" || strings.Contains(pageRow.URL, "Signature") {
		t.Errorf("the teammate's page: %+v", pageRow)
	}
	if images, _ := h.List(ctx, Query{Parent: pageRow.ID}); len(images) != 1 || images[0].TeamID != "img" {
		t.Errorf("the page's images: %+v", images)
	}

	// The same events again: held once, nothing new.
	err = h.ApplyTeam(ctx, loc, TeamPosition{Applied: 2}, []TeamEvent{ev("e2", "img")}, foldTo(&seen))
	if err != nil || seen["img"][0].New {
		t.Errorf("a repeat was new: %+v, %v", seen, err)
	}
	if m, _ := h.TeamMember(ctx, loc); m.Position.Applied != 3 || !m.Position.Synced.Equal(now) {
		t.Errorf("the position went back: %+v", m.Position)
	}
	if applied, waiting, _ := h.TeamCounts(ctx, loc); applied != 3 || waiting != 0 {
		t.Errorf("counts %d applied, %d waiting", applied, waiting)
	}

	// My link: revoked and checked by the team, label changed; its URL stays.
	view := mine[0]
	view.URL, view.Label, view.RevokedAt = "stripped", "new label", now.Add(time.Minute)
	view.Check = presigned.Verdict{Kind: presigned.VerdictRevoked, At: now.Add(2 * time.Minute)}
	forgotten := teammate("old", "old.jpg", "", false) // not fresh: pruned here once, stays so
	gone := TeamLink{Link: presigned.Link{TeamID: "pg"}, Gone: true}
	err = h.ApplyTeam(ctx, loc, TeamPosition{Applied: 4}, []TeamEvent{ev("e4", "link1"), ev("e5", "old"), ev("e6", "pg")},
		foldTo(&seen, TeamLink{Link: view}, forgotten, gone))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := h.Get(ctx, mine[0].ID)
	if got.URL != mine[0].URL || got.Label != "new label" || !got.RevokedAt.Equal(view.RevokedAt) || got.Check.Kind != presigned.VerdictRevoked {
		t.Errorf("my link after the team's events: %+v", got)
	}
	if n := countLinks(t, h); n != 1 {
		t.Errorf("%d links, want only mine (the gallery removed, the forgotten one not back)", n)
	}

	// An older check does not replace a newer one.
	view.Check = presigned.Verdict{Kind: presigned.VerdictWorks, At: now}
	if err := h.ApplyTeam(ctx, loc, TeamPosition{}, []TeamEvent{ev("e7", "link1")}, foldTo(&seen, TeamLink{Link: view})); err != nil {
		t.Fatal(err)
	}
	if got, _ := h.Get(ctx, mine[0].ID); got.Check.Kind != presigned.VerdictRevoked {
		t.Errorf("an older team check replaced a newer one: %+v", got.Check)
	}

	// A fold that fails applies nothing.
	failing := func(map[string][]TeamEvent) ([]TeamLink, error) { return nil, errors.New("damaged") }
	if err := h.ApplyTeam(ctx, loc, TeamPosition{Applied: 9}, []TeamEvent{ev("e8", "x")}, failing); err == nil {
		t.Fatal("a failed fold applied")
	}
	if m, _ := h.TeamMember(ctx, loc); m.Position.Applied != 4 {
		t.Errorf("a failed apply moved the position to %d", m.Position.Applied)
	}
	if applied, _, _ := h.TeamCounts(ctx, loc); applied != 7 {
		t.Errorf("%d events held after a failed apply, want 7", applied)
	}
}

// TestMineFilter: Mine leaves teammates' links out, but keeps those of
// the same member from another machine.
func TestMineFilter(t *testing.T) {
	now := testNow
	h := openTest(t, &now)
	ctx := context.Background()
	const loc = "s3://team/"
	if err := h.JoinTeam(ctx, TeamMember{Ledger: loc, Member: "ann"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Add(ctx, []presigned.Link{link("photos", "here.jpg", "", now, time.Hour, 0)}); err != nil {
		t.Fatal(err)
	}
	bob, annElsewhere := teammate("b1", "bob.jpg", "", true), teammate("a2", "ann2.jpg", "", true)
	annElsewhere.Link.Issuer = "ann"
	var seen map[string][]TeamEvent
	ev := []TeamEvent{{ID: "1", Link: "b1", Body: []byte("x")}, {ID: "2", Link: "a2", Body: []byte("y")}}
	if err := h.ApplyTeam(ctx, loc, TeamPosition{Applied: 1}, ev, foldTo(&seen, bob, annElsewhere)); err != nil {
		t.Fatal(err)
	}
	mine, err := h.List(ctx, Query{Mine: true, Me: "ann"})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, l := range mine {
		keys = append(keys, l.Key)
	}
	if strings.Join(keys, ",") != "ann2.jpg,here.jpg" && strings.Join(keys, ",") != "here.jpg,ann2.jpg" {
		t.Errorf("mine: %v", keys)
	}
	if all, _ := h.List(ctx, Query{}); len(all) != 3 {
		t.Errorf("everyone's: %d links, want 3", len(all))
	}
}

// TestRelabel: a label is changed and cleared, a gallery's on its page's
// row only; with a publisher each change of a shared link queues its
// event in the same transaction (the publisher given the events held of
// the link), the same label again queues nothing, a link recorded before
// the team none. A label the publisher refuses
// changes nothing and says so without blaming the file; an unknown id is
// ErrNotFound.
func TestRelabel(t *testing.T) {
	now := testNow
	h := openTest(t, &now)
	ctx := context.Background()
	before, err := h.Add(ctx, []presigned.Link{link("b", "old.jpg", "", now, time.Hour, 0)})
	if err != nil {
		t.Fatal(err)
	}
	pub := &fakePublisher{}
	h.SetPublisher(pub)
	added, err := h.Add(ctx, []presigned.Link{link("b", "a.jpg", "acme", now, time.Hour, 0)})
	if err != nil {
		t.Fatal(err)
	}
	page := link("b", "s3share-shares/g/index.html", "proofs", now, time.Hour, 0)
	page.Gallery, page.Members = true, []presigned.Link{link("b", "g/1.jpg", "proofs", now, time.Hour, 0)}
	gallery, err := h.AddGallery(ctx, page)
	if err != nil {
		t.Fatal(err)
	}
	label := func(id int64) string {
		t.Helper()
		l, err := h.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return l.Label
	}
	const loc = "s3://team/s3share/"
	if err := h.JoinTeam(ctx, TeamMember{Ledger: loc, Member: "ann"}); err != nil {
		t.Fatal(err)
	}
	var seen map[string][]TeamEvent
	held := []TeamEvent{{ID: "seen", Link: "link1", Body: []byte("bob's relabel")}}
	if err := h.ApplyTeam(ctx, loc, TeamPosition{Applied: 1}, held, foldTo(&seen)); err != nil {
		t.Fatal(err)
	}
	a := added[0].ID
	for _, step := range []struct {
		id    int64
		label string
	}{
		{a, "ACME Corp \x1b[31m"}, {a, "ACME Corp \x1b[31m"}, {a, ""}, {gallery.ID, "final proofs"}, {before[0].ID, "mine"},
	} {
		if err := h.Relabel(ctx, step.id, step.label); err != nil {
			t.Fatalf("relabel %d to %q: %v", step.id, step.label, err)
		}
		if got := label(step.id); got != step.label {
			t.Errorf("link %d is labelled %q, want %q", step.id, got, step.label)
		}
	}
	if got := label(gallery.Members[0].ID); got != "proofs" {
		t.Errorf("the gallery's image took its page's label: %q", got)
	}
	want := []string{"issued link1 parent=", "issued link2 parent=", "issued link3 parent=link2",
		"change 4 link1 label=ACME Corp \x1b[31m held=1", "change 4 link1 label= held=1", "change 4 link2 label=final proofs held=0"}
	if got := outbox(t, h); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("outbox:\n %q\nwant\n %q", got, want)
	}

	pub.changeFail = fmt.Errorf("%w: the label is 2000 bytes, more than the 1024 allowed", ErrNotShareable)
	err = h.Relabel(ctx, a, strings.Repeat("x", 2000))
	if !errors.Is(err, ErrNotShareable) || strings.Contains(err.Error(), fixHint) || strings.Contains(err.Error(), "history.db") {
		t.Errorf("a refused label: %v", err)
	}
	if got := label(a); got != "" {
		t.Errorf("a refused label was recorded: %q", got)
	}
	if got := outbox(t, h); len(got) != len(want) {
		t.Errorf("a refused label changed the outbox: %q", got)
	}
	if err := h.Relabel(ctx, 9999, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("relabelling an unknown id: %v", err)
	}
}
