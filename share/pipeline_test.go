package share

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/linkcheck"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// countLinks returns how many links the history holds.
func countLinks(t *testing.T, h *history.History) int {
	t.Helper()
	all, err := h.List(context.Background(), history.Query{})
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

// shareKeys lists the keys under the default share prefix.
func shareKeys(t *testing.T, srv *testsrv.Server) []string {
	t.Helper()
	out, err := srv.Client().ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{
		Bucket: aws.String("photos"), Prefix: aws.String(DefaultSharePrefix)})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}

func TestShareRefusesMissingObjectsAndBuckets(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	now := time.Now()
	h := openTest(t, &now)
	p := NewPipeline(srv.Browser(t), h, nil)
	ctx := context.Background()
	_, err := p.Share(ctx, []Request{{Bucket: "photos", Key: "a.png", Expires: time.Hour},
		{Bucket: "photos", Key: "does-not-exist.png", Expires: time.Hour}}, nil)
	if !errors.Is(err, ErrMissingObject) || !strings.Contains(err.Error(), "s3://photos/does-not-exist.png") {
		t.Errorf("a missing object: %v, want ErrMissingObject naming it", err)
	}
	_, err = p.Share(ctx, []Request{{Bucket: "no-such-bucket", Key: "a.png", Expires: time.Hour}}, nil)
	if !errors.Is(err, s3browse.ErrNoSuchBucket) {
		t.Errorf("a missing bucket: %v, want ErrNoSuchBucket", err)
	}
	if n := countLinks(t, h); n != 0 {
		t.Errorf("the history holds %d links after refusals, want 0", n)
	}
	res, err := p.Share(ctx, []Request{{Bucket: "photos", Key: "a.png", Expires: time.Hour, Download: true, Filename: "x.png", Label: "bo"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := h.Get(ctx, res.Links[0].ID)
	if err != nil || !got.Download || got.Filename != "x.png" || got.Size != 3 || got.Endpoint != srv.Endpoint || !got.PathStyle {
		t.Errorf("recorded %+v, %v: want download x.png, size 3, the endpoint, path style", got, err)
	}
}

func TestRevocableLink(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	body := []byte("\x89PNG secret client draft")
	srv.Put(t, "photos", "clients/acme/draft v2.png", body)
	now := time.Now()
	h := openTest(t, &now)
	p := NewPipeline(srv.Browser(t), h, nil)
	ctx := context.Background()
	res, err := p.Share(ctx, []Request{{Bucket: "photos", Key: "clients/acme/draft v2.png", Expires: time.Hour, Revocable: true}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	l := res.Links[0]
	if !l.Revocable() || !strings.HasPrefix(l.ShareKey, DefaultSharePrefix) || strings.Contains(l.URL, "clients") || strings.Contains(l.URL, "acme") {
		t.Fatalf("link %q with copy %q: want a copy under the share prefix, the original key hidden", l.URL, l.ShareKey)
	}
	if status, got, _ := fetch(t, l.URL); status != 200 || string(got) != string(body) {
		t.Fatalf("the revocable link answers %d %q", status, got)
	}
	head, err := srv.Browser(t).HeadObject(ctx, "photos", l.ShareKey)
	if err != nil || head.Metadata[metaSource] == "" || head.Metadata[metaLinkEnd] == "" {
		t.Errorf("the copy's metadata = %v, %v; want its source and link end", head.Metadata, err)
	}
	if _, err := p.Revoke(ctx, l); err != nil {
		t.Fatal(err)
	}
	if status, _, _ := fetch(t, l.URL); status != 404 {
		t.Errorf("after revoke the link answers %d, want 404", status)
	}
	got, err := h.Get(ctx, l.ID)
	if err != nil || !got.Revoked() || got.StatusAt(time.Now()) != presigned.StatusRevoked {
		t.Fatalf("recorded %+v, %v: want revoked", got, err)
	}
	vs, err := linkcheck.CheckAndRecord(ctx, linkcheck.NewChecker(0, 0, nil), h, []presigned.Link{got}, nil)
	if err != nil || vs[0].Kind != presigned.VerdictRevoked {
		t.Errorf("check after revoke = %+v, %v; want revoked", vs, err)
	}
	if _, err := p.Revoke(ctx, presigned.Link{ID: 9, Bucket: "photos", Key: "a.png"}); !errors.Is(err, ErrNotRevocable) {
		t.Errorf("revoking a plain link: %v, want ErrNotRevocable", err)
	}
}

// failingRecorder refuses every write.
type failingRecorder struct{ Recorder }

func (failingRecorder) Add(context.Context, []presigned.Link) ([]presigned.Link, error) {
	return nil, errors.New("database disk image is malformed")
}

// denyingStore refuses CopyObject for one key.
type denyingStore struct {
	Store
	deny string
}

func (d denyingStore) CopyObject(ctx context.Context, in s3browse.CopyInput) error {
	if in.From == d.deny {
		return &s3browse.Error{Op: "CopyObject", Bucket: in.Bucket, Key: in.To, Kind: s3browse.ErrAccessDenied}
	}
	return d.Store.CopyObject(ctx, in)
}

// TestRevocableNoHalfStates: a copy that cannot be made, or whose link
// cannot be recorded, leaves no copy and no record behind.
func TestRevocableNoHalfStates(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	for _, k := range []string{"a.png", "b.png", "c.png"} {
		srv.Put(t, "photos", k, []byte("png"))
	}
	now := time.Now()
	h := openTest(t, &now)
	reqs := []Request{{Bucket: "photos", Key: "a.png", Expires: time.Hour, Revocable: true},
		{Bucket: "photos", Key: "b.png", Expires: time.Hour, Revocable: true}, {Bucket: "photos", Key: "c.png", Expires: time.Hour, Revocable: true}}
	b := srv.Browser(t)
	p := NewPipelineWith(denyingStore{b, "b.png"}, h, nil, nil)
	if _, err := p.Share(context.Background(), reqs, nil); !errors.Is(err, s3browse.ErrAccessDenied) {
		t.Errorf("a denied copy: %v, want access denied", err)
	}
	if keys := shareKeys(t, srv); len(keys) != 0 || countLinks(t, h) != 0 {
		t.Errorf("after a denied copy: copies %v, %d links; want none", keys, countLinks(t, h))
	}
	p = NewPipelineWith(b, failingRecorder{h}, nil, nil)
	if _, err := p.Share(context.Background(), reqs, nil); err == nil || !strings.Contains(err.Error(), "links not issued") {
		t.Errorf("a failing history: %v", err)
	}
	if keys := shareKeys(t, srv); len(keys) != 0 {
		t.Errorf("after the history failed the copies %v remain", keys)
	}
}

// TestShareWithServerClockAhead: with the server's clock an hour ahead, a
// 30-minute link is refused (dead on arrival) and a 2-hour one is recorded
// with the end the server enforces, and a warning.
func TestShareWithServerClockAhead(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	proxy := faultproxy.New(t, srv.Endpoint)
	proxy.ShiftDate(time.Hour)
	opts := srv.Options()
	opts.EndpointURL = proxy.URL
	now := time.Now()
	h := openTest(t, &now)
	p := NewPipeline(s3browse.NewFromConfig(srv.Config(), opts), h, nil)
	_, err := p.Share(context.Background(), []Request{{Bucket: "photos", Key: "a.png", Expires: 30 * time.Minute}}, nil)
	if err == nil || !strings.Contains(err.Error(), "expired on arrival") || countLinks(t, h) != 0 {
		t.Fatalf("a 30m link with the server 1h ahead: %v (%d recorded), want refused", err, countLinks(t, h))
	}
	res, err := p.Share(context.Background(), []Request{{Bucket: "photos", Key: "a.png", Expires: 2 * time.Hour}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	l := res.Links[0]
	if d := l.ExpiresAt.Sub(l.End()); d < time.Hour-2*time.Second || d > time.Hour+2*time.Second {
		t.Errorf("recorded end %v before the requested one, want 1h", d)
	}
	if len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0], "behind the server") {
		t.Errorf("warnings %q, want the clock warning", res.Warnings)
	}
}

// holdingProxy forwards to upstream but holds a HeadBucket until the
// object's probe (a GET of its first byte) has arrived (or 5 s pass), and
// counts the times one did.
type holdingProxy struct {
	rp       *httputil.ReverseProxy
	mu       sync.Mutex
	object   chan struct{}
	armed    bool // hold HeadBucket requests
	overlaps int
}

func (p *holdingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	isObject := r.Method == http.MethodGet && strings.Count(strings.Trim(r.URL.Path, "/"), "/") > 0
	p.mu.Lock()
	object, armed := p.object, p.armed
	if isObject {
		select {
		case <-object:
		default:
			close(object)
		}
	}
	p.mu.Unlock()
	if !isObject && r.Method == http.MethodHead && armed {
		select {
		case <-object:
			p.mu.Lock()
			p.overlaps++
			p.mu.Unlock()
		case <-time.After(5 * time.Second):
		}
	}
	p.rp.ServeHTTP(w, r)
}

// TestChecksBeforeSigningTakeOneRoundTrip: the bucket check and the
// object's probe go out together, the first time (the region guessed) and
// once the history has cached the region: the probe is sent while the
// HeadBucket is still unanswered.
func TestChecksBeforeSigningTakeOneRoundTrip(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	u, _ := url.Parse(srv.Endpoint)
	hp := &holdingProxy{rp: httputil.NewSingleHostReverseProxy(u), object: make(chan struct{})}
	front := httptest.NewServer(hp)
	t.Cleanup(front.Close)
	opts := srv.Options()
	opts.EndpointURL = front.URL
	now := time.Now()
	h := openTest(t, &now)
	share := func() {
		t.Helper()
		hp.mu.Lock()
		hp.object = make(chan struct{})
		hp.mu.Unlock()
		p := NewPipeline(s3browse.NewFromConfig(srv.Config(), opts), h, nil) // a fresh process: no region in memory
		if _, err := p.Share(context.Background(), []Request{{Bucket: "photos", Key: "a.png", Expires: time.Hour}}, nil); err != nil {
			t.Fatal(err)
		}
	}
	hp.mu.Lock()
	hp.armed = true
	hp.mu.Unlock()
	share()
	if hp.overlaps != 1 {
		t.Errorf("the first time, the HeadBucket and the object's probe did not overlap")
	}
	if region, err := h.CachedRegion(context.Background(), front.URL, "photos"); err != nil || region != "us-east-1" {
		t.Fatalf("cached region %q, %v", region, err)
	}
	share()
	if hp.overlaps != 2 {
		t.Errorf("with the region cached the HeadBucket and the object's probe did not overlap")
	}
}

// TestObjectsInAnotherRegionAreStillChecked: probed first in the
// configured region, objects of a bucket elsewhere are probed again where
// it is: a missing one is still refused.
func TestObjectsInAnotherRegionAreStillChecked(t *testing.T) {
	eu := testsrv.Versity(t, testsrv.WithRegion("eu-west-1"))
	eu.CreateBucket(t, "euro")
	eu.Put(t, "euro", "a.png", []byte("png"))
	opts := eu.Options()
	opts.Region = "us-east-1"
	now := time.Now()
	h := openTest(t, &now)
	p := NewPipeline(s3browse.NewFromConfig(eu.Config(), opts), h, nil)
	res, err := p.Share(context.Background(), []Request{{Bucket: "euro", Key: "a.png", Expires: time.Hour}}, nil)
	if err != nil || res.Links[0].Region != "eu-west-1" || res.Links[0].Size != 3 {
		t.Fatalf("sharing from another region: %+v, %v", res.Links, err)
	}
	p = NewPipeline(s3browse.NewFromConfig(eu.Config(), opts), nil, nil) // a fresh process, nothing cached
	if _, err := p.Share(context.Background(), []Request{{Bucket: "euro", Key: "gone.png", Expires: time.Hour}}, nil); !errors.Is(err, ErrMissingObject) {
		t.Errorf("a missing object in another region: %v, want ErrMissingObject", err)
	}
}
