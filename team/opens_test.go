package team_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/internal/accesslogproxy"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/opens"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
	"github.com/s3share/s3share/team"
)

// logsAt is where the photos bucket's access logs go.
const logsAt = "s3://logs/access/"

// loggedTeam is versitygw with IAM behind the logging proxy: the team
// bucket, photos (logged into logsAt) and logs; bob may use the team
// bucket and read the logs.
type loggedTeam struct {
	srv, bobSrv *testsrv.Server
	proxy       *accesslogproxy.Proxy
}

func newLoggedTeam(t *testing.T) loggedTeam {
	t.Helper()
	s := testsrv.Versity(t, testsrv.WithIAM())
	for _, b := range []string{bucket, "photos", "logs"} {
		s.CreateBucket(t, b)
	}
	const access, secret = "AKBOBTEAM", "bob-team-secret-0123456789"
	s.CreateUser(t, access, secret, "user")
	for _, b := range []string{bucket, "logs"} {
		policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["` + access + `"]},` +
			`"Action":["s3:*"],"Resource":["arn:aws:s3:::` + b + `","arn:aws:s3:::` + b + `/*"]}]}`
		if _, err := s.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{Bucket: aws.String(b), Policy: aws.String(policy)}); err != nil {
			t.Fatalf("bucket policy: %v", err)
		}
	}
	proxy := accesslogproxy.Start(t, s.Endpoint, s.Region)
	proxy.EnableLogging("photos", accesslogproxy.Target{Bucket: "logs", Prefix: "access/"})
	return loggedTeam{srv: s, bobSrv: s.WithKeys(access, secret), proxy: proxy}
}

// browser reaches the servers through the proxy with srv's keys.
func (w loggedTeam) browser(srv *testsrv.Server) *s3browse.Browser {
	return s3browse.NewFromConfig(srv.Config(), s3browse.Options{EndpointURL: w.proxy.URL, Region: srv.Region, PathStyle: true})
}

// loggedMember is a member whose S3 client goes through the proxy.
type loggedMember struct {
	member
	b *s3browse.Browser
}

// join joins (or, with start, starts) the ledger as name with srv's keys,
// snapshots every 3 log objects.
func (w loggedTeam) join(t *testing.T, srv *testsrv.Server, name string, start bool) loggedMember {
	t.Helper()
	b := w.browser(srv)
	return loggedMember{member: joinVia(t, b, srv, team.JoinOptions{Name: name, Start: start}, 3), b: b}
}

// read reads the logs not read before into m's history.
func (m loggedMember) read(t *testing.T) opens.Result {
	t.Helper()
	res, err := opens.NewReader(m.b, m.h, opens.Options{Location: logsAt, Now: wall}).Read(context.Background())
	if err != nil {
		t.Fatalf("%s reads the logs: %v", m.Name(), err)
	}
	return res
}

// summaries are what m's history says of links.
func (m loggedMember) summaries(t *testing.T, links ...presigned.Link) (map[string]accesslog.Opens, time.Time) {
	t.Helper()
	rows := byTeamID(t, m.h)
	var ids []int64
	for _, l := range links {
		ids = append(ids, rows[l.TeamID].ID)
	}
	st, err := opens.Summaries(context.Background(), m.h, ids)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]accesslog.Opens{}
	for _, l := range links {
		out[l.Key] = st.ByLink[rows[l.TeamID].ID]
	}
	return out, st.LogsUpTo
}

// openFrom GETs rawURL from the loopback address from with a user agent,
// failing unless it opens.
func openFrom(t *testing.T, from, rawURL, agent string) {
	t.Helper()
	if status := testsrv.OpenFrom(t, from, rawURL, agent); status != 200 {
		t.Fatalf("GET from %s: %d", from, status)
	}
}

// TestTeamSeesOpens: ann's links are opened; ann reads the logs and
// pushes; bob, who syncs, sees the same opens and how far the logs go
// without reading them, and reading them himself finds nothing new to
// publish. When both read the same new logs before syncing, each
// publishes the request and both count it once, as does carl, who joins
// later and starts from a snapshot. Nothing in the bucket carries a
// signature or a referrer.
func TestTeamSeesOpens(t *testing.T) {
	w := newLoggedTeam(t)
	ctx := context.Background()
	ann := w.join(t, w.srv, "ann", true)
	bob := w.join(t, w.bobSrv, "bob", false)
	for _, k := range []string{"a.png", "b.png", "never.png"} {
		w.srv.Put(t, "photos", k, []byte("bytes of "+k))
	}
	issued, err := share.NewPipeline(ann.b, ann.h, wall).Share(ctx, []share.Request{
		{Bucket: "photos", Key: "a.png", Expires: time.Hour}, {Bucket: "photos", Key: "b.png", Expires: time.Hour},
		{Bucket: "photos", Key: "never.png", Expires: time.Hour}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, b, never := issued.Links[0], issued.Links[1], issued.Links[2]
	ann.sync(t)
	bob.sync(t)

	const hostile = "Mozilla/5.0 \"quoted\" \u202egnp.exe"
	openFrom(t, "127.0.0.1", a.URL, "first agent")
	openFrom(t, "127.0.0.2", a.URL, hostile)
	openFrom(t, "127.0.0.1", b.URL, "b agent")
	batch := w.proxy.Take("photos")
	w.proxy.Deliver(t, w.srv, batch, time.Now())
	w.proxy.Deliver(t, w.srv, batch, time.Now()) // S3 delivers some records twice

	res := ann.read(t)
	if res.NewHits != 3 {
		t.Fatalf("ann's read: %+v, want 3 new requests", res)
	}
	if waiting, _ := ann.Waiting(ctx); waiting != 2 {
		t.Errorf("%d events in ann's outbox, want an opened event for a and one for b", waiting)
	}
	ann.sync(t)
	bob.sync(t)
	want := map[string]accesslog.Opens{"a.png": {Opens: 2, IPs: 2, LastUserAgent: hostile}, "b.png": {Opens: 1, IPs: 1, LastUserAgent: "b agent"}}
	for name, m := range map[string]loggedMember{"ann": ann, "bob": bob} {
		got, upTo := m.summaries(t, a, b, never)
		checkOpens(t, name, got, want)
		if !upTo.Equal(res.LogsUpTo) {
			t.Errorf("%s: logs up to %v, want ann's %v", name, upTo, res.LogsUpTo)
		}
	}
	if again := bob.read(t); again.Objects != 2 || again.NewHits != 0 {
		t.Errorf("bob reads the same logs: %+v, want 2 objects and no new request", again)
	}
	if waiting, _ := bob.Waiting(ctx); waiting != 0 {
		t.Errorf("bob queued %d events for requests the team had", waiting)
	}

	// Both read a new open before syncing: two events, one request.
	openFrom(t, "127.0.0.3", a.URL, "third agent")
	w.proxy.Deliver(t, w.srv, w.proxy.Take("photos"), time.Now())
	if ra, rb := ann.read(t), bob.read(t); ra.NewHits != 1 || rb.NewHits != 1 {
		t.Fatalf("new requests: ann %d, bob %d; want 1 each", ra.NewHits, rb.NewHits)
	}
	ann.sync(t)
	bob.sync(t)
	ann.sync(t)
	want["a.png"] = accesslog.Opens{Opens: 3, IPs: 3, LastUserAgent: "third agent"}
	carl := w.join(t, w.srv, "carl", false)
	carl.sync(t)
	for name, m := range map[string]loggedMember{"ann": ann, "bob": bob, "carl": carl} {
		got, _ := m.summaries(t, a, b, never)
		checkOpens(t, name+" after both read", got, want)
	}
	events, err := team.NewCache(ann.h, ann.Ledger().Location()).Events(ctx)
	if err != nil {
		t.Fatal(err)
	}
	published := 0
	for _, e := range events {
		if e.Kind == ledger.KindOpened && e.Link == a.TeamID {
			published += len(e.Opened.Hits)
		}
	}
	if l, _ := ledger.Fold(events).Link(a.TeamID); published != 4 || len(l.Hits) != 3 {
		t.Errorf("a's requests: %d published, %d in the fold; want 4 (one by both) and 3", published, len(l.Hits))
	}
	objects := w.srv.ObjectsUnder(t, bucket, prefix)
	if len(objects) == 0 {
		t.Fatal("nothing under the ledger's prefix to scan")
	}
	var signatures []string
	for _, l := range issued.Links {
		u, err := url.Parse(l.URL)
		if err != nil {
			t.Fatal(err)
		}
		signatures = append(signatures, u.Query().Get("X-Amz-Signature"))
	}
	testsrv.NoSecrets(t, objects, signatures...)
}

// checkOpens compares summaries, their times aside.
func checkOpens(t *testing.T, who string, got, want map[string]accesslog.Opens) {
	t.Helper()
	for key, o := range got {
		if o.Opens > 0 && o.FirstOpen.IsZero() {
			t.Errorf("%s: %s has no first open", who, key)
		}
		o.FirstOpen, o.LastOpen = time.Time{}, time.Time{}
		if o != want[key] {
			t.Errorf("%s: %s = %+v, want %+v", who, key, o, want[key])
		}
	}
}
