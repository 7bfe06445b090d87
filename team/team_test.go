package team_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/history"
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
	return joinVia(t, s.Browser(t), s, name, start, every)
}

// joinVia is join with b as the S3 client (s gives the identity).
func joinVia(t *testing.T, b *s3browse.Browser, s *testsrv.Server, name string, start bool, every int64) member {
	t.Helper()
	ctx := context.Background()
	h, err := history.OpenHistory(ctx, filepath.Join(t.TempDir(), "history.db"), wall)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	cfg := team.Config{History: h, Objects: b, Bucket: bucket, Prefix: prefix, Local: wall, SnapshotEvery: every}
	_, sess, err := team.Join(ctx, cfg, team.JoinOptions{Name: name, Identity: s.AccessKey, Start: start})
	if err != nil {
		t.Fatalf("%s joins: %v", name, err)
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
	noSecrets(t, annSrv.Browser(t))
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

// noSecrets reads every object under the ledger's prefix (snapshots
// unpacked) and fails on a signature or session token.
func noSecrets(t *testing.T, b *s3browse.Browser) {
	t.Helper()
	ctx := context.Background()
	token, n := "", 0
	for {
		page, err := b.ListAfter(ctx, bucket, prefix, "", token)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Objects {
			data, _, err := b.ReadObject(ctx, bucket, o.Key, 1<<30)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(o.Key, ".gz") {
				zr, err := gzip.NewReader(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				if data, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			lower := bytes.ToLower(data)
			if bytes.Contains(lower, []byte("x-amz-signature")) || bytes.Contains(lower, []byte("x-amz-security-token")) ||
				bytes.Contains(data, []byte("SESSIONTOKEN")) || bytes.Contains(data, []byte("0123abcd")) {
				t.Errorf("%s holds a signature or session token:\n%s", o.Key, data)
			}
			n++
		}
		if page.Last() {
			break
		}
		token = page.NextToken
	}
	if n == 0 {
		t.Fatal("nothing under the prefix to scan")
	}
}
