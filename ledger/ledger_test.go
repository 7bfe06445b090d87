package ledger_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/ledger"
)

func TestNewRefuses(t *testing.T) {
	s := testsrv.Fake(t)
	b := s.Browser(t)
	for name, cfg := range map[string]ledger.Config{
		"no bucket":  {Name: "ann", Objects: b, Cache: newCache(), Now: time.Now},
		"bad name":   {Bucket: bucket, Name: "ann\x1b[2J", Objects: b, Cache: newCache(), Now: time.Now},
		"no clock":   {Bucket: bucket, Name: "ann", Objects: b, Cache: newCache()},
		"no cache":   {Bucket: bucket, Name: "ann", Objects: b, Now: time.Now},
		"no objects": {Bucket: bucket, Name: "ann", Cache: newCache(), Now: time.Now},
	} {
		if _, err := ledger.New(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		} else if strings.ContainsAny(err.Error(), "\x1b\n") {
			t.Errorf("%s: control characters in %q", name, err)
		}
	}
}

func TestInitAndJoin(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	ctx := context.Background()
	ann := started(t, b)
	if got := ann.Location(); got != "s3://team/s3share/" {
		t.Errorf("Location = %q", got)
	}
	if _, err := newMember(t, b, "zed").Init(ctx, "AKIDZED", "Zed"); !errors.Is(err, ledger.ErrAlreadyLedger) {
		t.Errorf("a second Init = %v, want ErrAlreadyLedger", err)
	}
	bob := joined(t, b, "bob")
	if _, err := bob.Join(ctx, "AKIDBOB", "Bob again"); err != nil {
		t.Errorf("the same identity joining again: %v", err)
	}
	_, err := newMember(t, b, "bob").Join(ctx, "AKIDMALLORY", "Not Bob")
	if !errors.Is(err, ledger.ErrNameTaken) || !strings.Contains(err.Error(), "members/bob.json") {
		t.Errorf("another identity taking bob = %v, want ErrNameTaken naming the object", err)
	}
	members, bad, err := ann.Members(ctx)
	if err != nil || len(bad) != 0 || len(members) != 2 || members[0].Name != "ann" || members[1].Name != "bob" ||
		members[0].Display != "Ann" || members[0].Identity != "arn:aws:iam::111122223333:user/ann" || members[0].Joined.IsZero() {
		t.Fatalf("Members = %+v, %v, %v", members, bad, err)
	}
	if _, err := newMember(t, b, "cy").Join(ctx, "", "Cy"); err == nil {
		t.Error("a member without an identity joined")
	}
}

func TestJoinRefusesWhatIsNoLedger(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	ctx := context.Background()
	_, err := newMember(t, b, "bob").Join(ctx, "AKIDBOB", "Bob")
	if !errors.Is(err, ledger.ErrNotLedger) || err.Error() != "s3://team/s3share/: not a team ledger: there is no ledger.json" {
		t.Fatalf("Join of an empty prefix = %v, want ErrNotLedger", err)
	}
	s.Put(t, bucket, prefix+"ledger.json", []byte(`{"format":3,"created":"2030-01-01T00:00:00Z","more":[1]}`))
	_, err = newMember(t, b, "bob").Join(ctx, "AKIDBOB", "Bob")
	if !errors.Is(err, ledger.ErrNewerFormat) || !strings.Contains(err.Error(), "update s3share") {
		t.Fatalf("Join of a newer ledger = %v, want ErrNewerFormat", err)
	}
	s.Put(t, bucket, prefix+"ledger.json", []byte(`<html>`))
	if _, err = newMember(t, b, "bob").Join(ctx, "AKIDBOB", "Bob"); !errors.Is(err, ledger.ErrDamaged) {
		t.Fatalf("Join of a damaged marker = %v, want ErrDamaged", err)
	}
}

func TestMembersReportsDamagedMembers(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	ann := started(t, b)
	s.Put(t, bucket, prefix+"members/eve.json", []byte(`{"format":1,"name":"mallory","identity":"x"}`))
	s.Put(t, bucket, prefix+"members/x\x1by.json", []byte(`{}`))
	s.Put(t, bucket, prefix+"members/zed.json", []byte(`{"format":1,"name":"zed","identity":"AKIDZED","display_name":"Z\u001b[31med"}`))
	members, bad, err := ann.Members(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != 2 || members[1].Display != "Z\x1b[31med" {
		t.Errorf("members = %+v (display names are kept as data)", members)
	}
	if len(bad) != 1 || !errors.Is(bad[0], ledger.ErrDamaged) || !strings.Contains(bad[0].Error(), "members/eve.json: damaged ledger object: names member \"mallory\"") {
		t.Errorf("bad = %v", bad)
	}
}

func TestPushThenPull(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	ann := started(t, b)
	bob := joined(t, b, "bob")
	first := ann.issue("a.png")
	second := ann.issue("b.png")
	res := ann.push(t)
	if len(res.Written) != 1 || res.Written[0] != 1 || res.Events != 2 || ann.cache.outboxLen() != 0 {
		t.Fatalf("push = %+v, outbox %d", res, ann.cache.outboxLen())
	}
	pulled := bob.pull(t)
	if pulled.Applied != 1 || pulled.Objects != 1 || len(pulled.Events) != 2 || pulled.Events[0].ID != first.ID {
		t.Fatalf("pull = %+v", pulled)
	}
	links := bob.cache.links()
	if len(links) != 2 || links[0].ID != first.Link || links[1].ID != second.Link || links[0].Issuer != "ann" {
		t.Fatalf("bob sees %+v", links)
	}
	revoke := bob.NewEvent(ledger.KindRevoked, first.Link)
	bob.cache.enqueue(revoke)
	if res := bob.push(t); len(res.Written) != 1 || res.Written[0] != 2 {
		t.Fatalf("bob's push = %+v", res)
	}
	if res := ann.pull(t); len(res.Events) != 1 || res.Events[0].ID != revoke.ID {
		t.Fatalf("ann's pull = %+v", res)
	}
	l := ann.cache.links()[0]
	if !l.Revoked || l.RevokedBy != "bob" {
		t.Errorf("ann sees %+v", l)
	}
	if res, err := ann.Push(context.Background()); err != nil || len(res.Written) != 0 {
		t.Errorf("an empty push = %+v, %v", res, err)
	}
}

func TestSyncPushesThenPulls(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	ann := started(t, b)
	bob := joined(t, b, "bob")
	ann.issue("a.png")
	ann.push(t)
	bob.issue("b.png")
	res, err := bob.Sync(context.Background())
	if err != nil || res.PushErr != nil {
		t.Fatalf("Sync = %+v, %v", res, err)
	}
	// bob's push lost the race for 1, pulled it, wrote 2; the pull found nothing more.
	if len(res.Push.Written) != 1 || res.Push.Written[0] != 2 || res.Push.Pulled.Applied != 1 || len(bob.cache.links()) != 2 {
		t.Errorf("sync = %+v, links %d", res, len(bob.cache.links()))
	}
}

func TestPushRefusesInvalidOutbox(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	ann := started(t, b)
	ann.cache.enqueue(issued("bob", time.Now(), "a.png"))
	if _, err := ann.Push(context.Background()); !errors.Is(err, ledger.ErrInvalidEvent) {
		t.Fatalf("pushing bob's event as ann = %v, want ErrInvalidEvent", err)
	}
	ann.cache.outbox = nil
	e := ann.issue("a.png")
	e.Record.URL += "&X-Amz-Signature=abc"
	ann.cache.outbox = []ledger.Event{e}
	_, err := ann.Push(context.Background())
	if !errors.Is(err, ledger.ErrInvalidEvent) || !strings.Contains(err.Error(), "signature or session token") {
		t.Fatalf("pushing a usable URL = %v, want ErrInvalidEvent", err)
	}
	if page, _ := b.ListAfter(context.Background(), bucket, prefix+"log/", "", ""); len(page.Objects) != 0 {
		t.Errorf("something was written: %v", page.Objects)
	}
}

func TestPushSplitsLargeOutbox(t *testing.T) {
	s := team(t)
	b := browser(t, s, "")
	ann := started(t, b)
	for range 1234 {
		ann.issue("a.png")
	}
	res := ann.push(t)
	if len(res.Written) != 3 || res.Events != 1234 || ann.cache.outboxLen() != 0 {
		t.Fatalf("push of 1234 events = %+v", res)
	}
}
