package team_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/team"
)

const (
	bucket = "team"
	prefix = "s3share/"
)

// wall is the clock of these tests: the servers verify signatures with
// the real time, and the ledger's events carry the server's.
func wall() time.Time { return time.Now() }

// server starts versitygw with IAM and the team bucket, and a second user,
// bob, who may do anything in that bucket (a bucket policy).
func server(t *testing.T) (ann, bob *testsrv.Server) {
	t.Helper()
	s := testsrv.Versity(t, testsrv.WithIAM())
	s.CreateBucket(t, bucket)
	const access, secret = "AKBOBTEAM", "bob-team-secret-0123456789"
	s.CreateUser(t, access, secret, "user")
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["` + access + `"]},` +
		`"Action":["s3:*"],"Resource":["arn:aws:s3:::` + bucket + `","arn:aws:s3:::` + bucket + `/*"]}]}`
	_, err := s.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(policy)})
	if err != nil {
		t.Fatalf("bucket policy: %v", err)
	}
	return s, s.WithKeys(access, secret)
}

// member is one member: a history and a session.
type member struct {
	h *history.History
	*team.Session
}

// join opens a fresh history and joins the ledger with it (starting it
// when start).
func join(t *testing.T, s *testsrv.Server, name string, start bool, every int64) member {
	t.Helper()
	return joinWith(t, s, team.JoinOptions{Name: name, Start: start}, every)
}

// joinWith is join with the options given (the identity is the server's
// access key).
func joinWith(t *testing.T, s *testsrv.Server, opt team.JoinOptions, every int64) member {
	t.Helper()
	return joinVia(t, s.Browser(t), s, opt, every)
}

// joinVia is joinWith with b as the S3 client.
func joinVia(t *testing.T, b *s3browse.Browser, s *testsrv.Server, opt team.JoinOptions, every int64) member {
	t.Helper()
	ctx := context.Background()
	h, err := history.OpenHistory(ctx, filepath.Join(t.TempDir(), "history.db"), wall)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	cfg := team.Config{History: h, Objects: b, Bucket: bucket, Prefix: prefix, Local: wall, SnapshotEvery: every}
	opt.Identity = s.AccessKey
	_, sess, err := team.Join(ctx, cfg, opt)
	if err != nil {
		t.Fatalf("%s joins: %v", opt.Name, err)
	}
	return member{h: h, Session: sess}
}

// shared is a link as the pipeline records it, its URL with the
// signature and session token a teammate must never see.
func shared(key string, revocable bool) presigned.Link {
	now := wall().Truncate(time.Second)
	l := presigned.Link{Bucket: "photos", Key: key, Region: "us-east-1", Endpoint: "http://127.0.0.1:1", PathStyle: true,
		URL: "http://127.0.0.1:1/photos/" + key + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20261127&X-Amz-Date=20261127T100000Z" +
			"&X-Amz-Expires=3600&X-Amz-Security-Token=SESSIONTOKEN&X-Amz-SignedHeaders=host&X-Amz-Signature=0123abcd",
		IssuedAt: now, ExpiresAt: now.Add(time.Hour), EffectiveExpiresAt: now.Add(time.Hour), CredentialKind: presigned.CredSession,
		Size: 12, Label: "for ACME"}
	if revocable {
		l.ShareKey = "s3share-shares/x/" + key
	}
	return l
}

// byTeamID lists every row of h (gallery images too) by team id.
func byTeamID(t *testing.T, h *history.History) map[string]presigned.Link {
	t.Helper()
	ctx := context.Background()
	top, err := h.List(ctx, history.Query{})
	if err != nil {
		t.Fatal(err)
	}
	all, err := h.WithMembers(ctx, top)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]presigned.Link{}
	for _, l := range all {
		out[l.TeamID] = l
	}
	return out
}

func (m member) sync(t *testing.T) ledger.SyncResult {
	t.Helper()
	res, err := m.Sync(context.Background())
	if err != nil || res.PushErr != nil {
		t.Fatalf("%s: sync: %v, push: %v", m.Ledger().Name(), err, res.PushErr)
	}
	return res
}

// TestTwoMembersShareThroughTheirHistories: what one member's history
// records reaches the other's through the bucket: links (a gallery's
// image under its page), a revoke by the teammate, a check, a removal.
// The teammate's rows carry no signature; nothing under the prefix does.
func TestTwoMembersShareThroughTheirHistories(t *testing.T) {
	annSrv, bobSrv := server(t)
	ctx := context.Background()
	ann := join(t, annSrv, "ann", true, 0)
	bob := join(t, bobSrv, "bob", false, 0)

	links, err := ann.h.Add(ctx, []presigned.Link{shared("a.jpg", false), shared("b.jpg", true)})
	if err != nil {
		t.Fatal(err)
	}
	page := shared("s3share-shares/g/index.html", true)
	page.Gallery, page.Members = true, []presigned.Link{shared("g/1.jpg", false)}
	gallery, err := ann.h.AddGallery(ctx, page)
	if err != nil {
		t.Fatal(err)
	}
	if waiting, _ := ann.Waiting(ctx); waiting != 4 {
		t.Fatalf("%d events in ann's outbox, want 4", waiting)
	}
	if res, err := ann.Push(ctx); err != nil || res.Events != 4 {
		t.Fatalf("push: %+v, %v", res, err)
	}
	bob.sync(t)
	seen := byTeamID(t, bob.h)
	if len(seen) != 4 {
		t.Fatalf("bob sees %d links, want 4", len(seen))
	}
	b := seen[links[1].TeamID]
	if !b.FromTeam || b.Issuer != "ann" || b.Label != "for ACME" || b.ShareKey != "s3share-shares/x/b.jpg" ||
		strings.Contains(b.URL, "Signature") || strings.Contains(b.URL, "Security-Token") || !strings.Contains(b.URL, "X-Amz-Credential") {
		t.Errorf("bob's view of ann's link: %+v", b)
	}
	if img := seen[gallery.Members[0].TeamID]; img.Parent != seen[gallery.TeamID].ID {
		t.Errorf("the gallery's image is not under its page at bob's: %+v", img)
	}

	// Bob revokes ann's revocable link; ann checks her first link.
	if err := bob.h.MarkRevoked(ctx, b.ID, wall()); err != nil {
		t.Fatal(err)
	}
	verdict := presigned.Verdict{Kind: presigned.VerdictWorks, Detail: "200 OK", At: wall()}
	if err := ann.h.RecordChecks(ctx, map[int64]presigned.Verdict{links[0].ID: verdict}); err != nil {
		t.Fatal(err)
	}
	bob.sync(t)
	ann.sync(t)
	bob.sync(t)
	if got := byTeamID(t, ann.h)[links[1].TeamID]; !got.Revoked() || got.FromTeam || got.URL != links[1].URL {
		t.Errorf("ann's link after bob's revoke: %+v", got)
	}
	if got := byTeamID(t, bob.h)[links[0].TeamID]; got.Check.Kind != presigned.VerdictWorks {
		t.Errorf("bob does not see ann's check: %+v", got.Check)
	}

	// Bob removes ann's gallery: it goes from both histories.
	if err := bob.h.Delete(ctx, seen[gallery.TeamID].ID); err != nil {
		t.Fatal(err)
	}
	bob.sync(t)
	ann.sync(t)
	for name, h := range map[string]*history.History{"ann": ann.h, "bob": bob.h} {
		got := byTeamID(t, h)
		if _, ok := got[gallery.TeamID]; ok || len(got) != 2 {
			t.Errorf("%s still has the removed gallery: %d links", name, len(got))
		}
	}
	testsrv.NoSecrets(t, annSrv.ObjectsUnder(t, bucket, prefix), "SESSIONTOKEN", "0123abcd")
}

// TestHistoryFollowsTheFold: after any sync, a history's team links are
// ledger.Fold of the events it holds, and a new member that starts from
// a snapshot gets the same links as those who read the whole log.
func TestHistoryFollowsTheFold(t *testing.T) {
	annSrv, bobSrv := server(t)
	ctx := context.Background()
	ann := join(t, annSrv, "ann", true, 3)
	bob := join(t, bobSrv, "bob", false, 3)
	for i := range 5 {
		if _, err := ann.h.Add(ctx, []presigned.Link{shared("a"+string(rune('0'+i))+".jpg", i%2 == 0)}); err != nil {
			t.Fatal(err)
		}
		ann.sync(t)
		if _, err := bob.h.Add(ctx, []presigned.Link{shared("b"+string(rune('0'+i))+".jpg", false)}); err != nil {
			t.Fatal(err)
		}
		bob.sync(t)
	}
	ann.sync(t)
	carl := join(t, annSrv, "carl", false, 3)
	res := carl.sync(t)
	if res.Pull.Snapshot == 0 && res.Push.Pulled.Snapshot == 0 { // a push with a cache never synced pulls first
		t.Errorf("carl did not start from a snapshot: %+v", res)
	}
	want := teamLinks(t, ann.h)
	for name, m := range map[string]member{"bob": bob, "carl": carl} {
		if got := teamLinks(t, m.h); !slices.Equal(got, want) {
			t.Errorf("%s's links:\n %v\nann's:\n %v", name, got, want)
		}
	}
	events, err := team.NewCache(carl.h, carl.Ledger().Location()).Events(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var fromFold []string
	for _, l := range ledger.Fold(events).Links() {
		fromFold = append(fromFold, l.ID+" "+l.Issuer+" "+l.Record.Key)
	}
	slices.Sort(fromFold)
	if !slices.Equal(fromFold, want) {
		t.Errorf("the fold of carl's events:\n %v\nhis links:\n %v", fromFold, want)
	}
}

// teamLinks lists h's team links as "id issuer key", sorted.
func teamLinks(t *testing.T, h *history.History) []string {
	t.Helper()
	var out []string
	for id, l := range byTeamID(t, h) {
		out = append(out, id+" "+l.Issuer+" "+l.Key)
	}
	slices.Sort(out)
	return out
}

// TestTeammateRelabels: ann relabels bob's link and clears the label of
// her own; once she pushes and bob syncs, both rows carry the new labels
// in both histories. Ann's measure of the server's clock is two seconds
// behind bob's (a measure is good to a second or so): when she relabels
// again right after bob did, her label still wins, for she changed the
// one she saw. A label the ledger would refuse is refused at once, and
// nothing changes or waits in the outbox.
func TestTeammateRelabels(t *testing.T) {
	annSrv, bobSrv := server(t)
	ctx := context.Background()
	ann := joinWith(t, annSrv, team.JoinOptions{Name: "ann", Start: true, Skew: -2 * time.Second}, 0)
	bob := join(t, bobSrv, "bob", false, 0)
	bobs, err := bob.h.Add(ctx, []presigned.Link{shared("b.jpg", true)})
	if err != nil {
		t.Fatal(err)
	}
	anns, err := ann.h.Add(ctx, []presigned.Link{shared("a.jpg", false)})
	if err != nil {
		t.Fatal(err)
	}
	bob.sync(t)
	ann.sync(t)
	atAnn := byTeamID(t, ann.h)[bobs[0].TeamID]
	if !atAnn.FromTeam || atAnn.Label != "for ACME" {
		t.Fatalf("bob's link at ann's: %+v", atAnn)
	}
	if err := ann.h.Relabel(ctx, atAnn.ID, "for ACME, \x1b[31msecond round"); err != nil {
		t.Fatal(err)
	}
	if err := ann.h.Relabel(ctx, anns[0].ID, ""); err != nil {
		t.Fatal(err)
	}
	if err := ann.h.Relabel(ctx, anns[0].ID, strings.Repeat("x", 1025)); !errors.Is(err, history.ErrNotShareable) {
		t.Errorf("a label over the ledger's limit: %v", err)
	}
	if res, err := ann.Push(ctx); err != nil || res.Events != 2 {
		t.Fatalf("ann's push: %+v, %v", res, err)
	}
	relabels := 0
	for _, e := range bob.sync(t).Pull.Events {
		if e.Kind == ledger.KindRelabelled && e.Writer == "ann" {
			relabels++
		}
	}
	if relabels != 2 {
		t.Errorf("bob's sync brought %d of ann's relabelled events, want 2", relabels)
	}
	labels := func(want string) {
		t.Helper()
		for name, h := range map[string]*history.History{"ann": ann.h, "bob": bob.h} {
			got := byTeamID(t, h)
			if l := got[bobs[0].TeamID]; l.Label != want {
				t.Errorf("bob's link at %s's is labelled %q, want %q", name, l.Label, want)
			}
			if l := got[anns[0].TeamID]; l.Label != "" {
				t.Errorf("ann's link at %s's is labelled %q, want none", name, l.Label)
			}
		}
	}
	labels("for ACME, \x1b[31msecond round")
	if got := byTeamID(t, bob.h)[bobs[0].TeamID]; got.FromTeam || got.URL != bobs[0].URL {
		t.Errorf("bob's own link lost its URL to the relabel: %+v", got)
	}

	if err := bob.h.Relabel(ctx, bobs[0].ID, "third round"); err != nil {
		t.Fatal(err)
	}
	bob.sync(t)
	ann.sync(t)
	labels("third round")
	if err := ann.h.Relabel(ctx, atAnn.ID, "fourth round"); err != nil {
		t.Fatal(err)
	}
	ann.sync(t)
	bob.sync(t)
	labels("fourth round")
}

// TestPushOfACommandIsOnePut: a command that starts with a new S3 client
// (a new process) and pushes its one event sends one request, the PUT of
// the log object: the ledger bucket's region comes from the history's
// cache, filled when the history joined, not from a ListBuckets each
// time.
func TestPushOfACommandIsOnePut(t *testing.T) {
	s := testsrv.Versity(t)
	s.CreateBucket(t, bucket)
	px := faultproxy.New(t, s.Endpoint)
	client := func() *s3browse.Browser {
		opts := s.Options()
		opts.EndpointURL = px.URL
		return s3browse.NewFromConfig(s.Config(), opts)
	}
	ctx := context.Background()
	h, err := history.OpenHistory(ctx, filepath.Join(t.TempDir(), "history.db"), wall)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	cfg := team.Config{History: h, Objects: client(), Bucket: bucket, Prefix: prefix, Local: wall}
	_, ann, err := team.Join(ctx, cfg, team.JoinOptions{Name: "ann", Identity: s.AccessKey, Start: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ann.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		cfg.Objects = client()
		sess, err := team.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.Add(ctx, []presigned.Link{shared(fmt.Sprintf("%d.png", i), false)}); err != nil {
			t.Fatal(err)
		}
		before, puts := px.Requests(), px.RequestsOf(http.MethodPut)
		res, err := sess.Push(ctx)
		if err != nil || res.Events != 1 {
			t.Fatalf("push %d = %+v, %v", i, res, err)
		}
		if n, p := px.Requests()-before, px.RequestsOf(http.MethodPut)-puts; n != 1 || p != 1 {
			t.Errorf("push %d of a new client sent %d requests, %d PUTs; want the one PUT", i, n, p)
		}
	}
}

// TestReadOnlyMemberEntryWaits: a member whose credentials may read the
// ledger but not write it joins with its entry pending. A sync with
// nothing to push stays one LIST (no try at the entry); a push of an
// event tries the entry first, and when that is denied sends nothing
// else and keeps the event.
func TestReadOnlyMemberEntryWaits(t *testing.T) {
	s := testsrv.Versity(t, testsrv.WithIAM())
	s.CreateBucket(t, bucket)
	s.CreateUser(t, "reader", "reader-secret-0123456789", "user")
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["reader"]},` +
		`"Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::team","arn:aws:s3:::team/*"]}]}`
	if _, err := s.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(policy)}); err != nil {
		t.Fatal(err)
	}
	ann := join(t, s, "ann", true, 0)
	if _, err := ann.h.Add(context.Background(), []presigned.Link{shared("a.png", false)}); err != nil {
		t.Fatal(err)
	}
	if _, err := ann.Push(context.Background()); err != nil {
		t.Fatal(err)
	}
	reader := s.WithKeys("reader", "reader-secret-0123456789")
	px := faultproxy.New(t, reader.Endpoint)
	via := *reader
	via.Endpoint = px.URL
	rita := join(t, &via, "rita", false, 0)
	if !rita.EntryPending() {
		t.Fatal("a read-only member's entry is not pending")
	}
	ctx := context.Background()
	if _, err := rita.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	before, puts := px.Requests(), px.RequestsOf(http.MethodPut)
	if res, err := rita.Sync(ctx); err != nil || res.PushErr != nil {
		t.Fatalf("idle sync = %+v, %v", res, err)
	}
	if n, p := px.Requests()-before, px.RequestsOf(http.MethodPut)-puts; n != 1 || p != 0 {
		t.Errorf("an idle sync of a pending member sent %d requests, %d PUTs; want one LIST", n, p)
	}
	if _, err := rita.h.Add(ctx, []presigned.Link{shared("r.png", false)}); err != nil {
		t.Fatal(err)
	}
	puts = px.RequestsOf(http.MethodPut)
	_, err := rita.Push(ctx)
	if !errors.Is(err, ledger.ErrEntryNotWritten) || !errors.Is(err, s3browse.ErrAccessDenied) {
		t.Errorf("push of a pending member = %v, want the entry not written", err)
	}
	if p := px.RequestsOf(http.MethodPut) - puts; p != 1 {
		t.Errorf("the push sent %d PUTs, want the entry's only", p)
	}
	if n, _ := rita.Waiting(ctx); n != 1 || !rita.EntryPending() {
		t.Errorf("after the denied push: %d waiting, pending %v", n, rita.EntryPending())
	}
}
