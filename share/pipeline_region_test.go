package share

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// probeWatch forwards to upstream and closes probed when the first object
// probe (a GET of a key) signed for region arrives. With holdHead, it holds
// each HeadBucket until then (or 5 s), so a check that waited for the
// bucket's answer before probing in region would take those 5 s.
type probeWatch struct {
	rp       *httputil.ReverseProxy
	region   string
	holdHead bool
	probed   chan struct{}
	once     sync.Once

	mu          sync.Mutex
	headsWaited int // held HeadBucket requests the probe did not release (5 s passed)
}

func newProbeWatch(t *testing.T, upstream, region string, holdHead bool) (*probeWatch, string) {
	u, _ := url.Parse(upstream)
	w := &probeWatch{rp: httputil.NewSingleHostReverseProxy(u), region: region, holdHead: holdHead, probed: make(chan struct{})}
	front := httptest.NewServer(w)
	t.Cleanup(front.Close)
	return w, front.URL
}

func (p *probeWatch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	isObject := r.Method == http.MethodGet && strings.Count(strings.Trim(r.URL.Path, "/"), "/") > 0
	if isObject && strings.Contains(r.Header.Get("Authorization"), "/"+p.region+"/s3/") {
		p.once.Do(func() { close(p.probed) })
	}
	if r.Method == http.MethodHead && p.holdHead {
		select {
		case <-p.probed:
		case <-time.After(5 * time.Second):
			p.mu.Lock()
			p.headsWaited++
			p.mu.Unlock()
		}
	}
	p.rp.ServeHTTP(w, r)
}

// sawProbe reports whether the probe arrived within 5 s.
func (p *probeWatch) sawProbe() bool {
	select {
	case <-p.probed:
		return true
	case <-time.After(5 * time.Second):
		return false
	}
}

// slowRecorder is a history whose region cache answers only once the object
// probe has reached the server: a history still opening.
type slowRecorder struct {
	*history.History
	watch    *probeWatch
	mu       sync.Mutex
	answered bool // the cache answered after the probe, not after 5 s
}

func (r *slowRecorder) CachedRegion(ctx context.Context, endpoint, bucket string) (string, error) {
	ok := r.watch.sawProbe()
	r.mu.Lock()
	r.answered = ok
	r.mu.Unlock()
	return r.History.CachedRegion(ctx, endpoint, bucket)
}

// TestProbesDoNotWaitForTheHistory: the object's probe leaves while the
// history is still busy (its region cache has not answered), so opening
// the history in the background costs a one-shot presign nothing; the link
// is still recorded.
func TestProbesDoNotWaitForTheHistory(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	watch, front := newProbeWatch(t, srv.Endpoint, "us-east-1", false)
	opts := srv.Options()
	opts.EndpointURL = front
	now := time.Now()
	rec := &slowRecorder{History: openTest(t, &now), watch: watch}
	p := NewPipelineWith(s3browse.NewFromConfig(srv.Config(), opts), rec, nil, nil)
	res, err := p.Share(context.Background(), []Request{{Bucket: "photos", Key: "a.png", Expires: time.Hour}}, nil)
	if err != nil || len(res.Links) != 1 || res.Links[0].ID == 0 {
		t.Fatalf("share: %+v, %v", res.Links, err)
	}
	if !rec.answered {
		t.Error("the object's probe waited for the history's region cache")
	}
}

// TestCachedRegionIsProbedAtOnce: with the bucket's region cached in the
// history and another one configured, the object is probed in the cached
// region as soon as the cache answers: before the bucket check (held here)
// has answered, so the checks still take one round trip.
func TestCachedRegionIsProbedAtOnce(t *testing.T) {
	eu := testsrv.Versity(t, testsrv.WithRegion("eu-west-1"))
	eu.CreateBucket(t, "euro")
	eu.Put(t, "euro", "a.png", []byte("png"))
	watch, front := newProbeWatch(t, eu.Endpoint, "eu-west-1", true)
	opts := eu.Options()
	opts.EndpointURL, opts.Region = front, "us-east-1"
	now := time.Now()
	h := openTest(t, &now)
	if err := h.RememberRegion(context.Background(), front, "euro", "eu-west-1"); err != nil {
		t.Fatal(err)
	}
	p := NewPipeline(s3browse.NewFromConfig(eu.Config(), opts), h, nil) // a fresh process: no region in memory
	res, err := p.Share(context.Background(), []Request{{Bucket: "euro", Key: "a.png", Expires: time.Hour}}, nil)
	if err != nil || res.Links[0].Region != "eu-west-1" || res.Links[0].Size != 3 {
		t.Fatalf("share: %+v, %v", res.Links, err)
	}
	// Order, not speed: the bucket check is held until the object's probe
	// arrives, so a probe that waited for the check's answer leaves it
	// held to its 5 s end.
	watch.mu.Lock()
	defer watch.mu.Unlock()
	if watch.headsWaited > 0 {
		t.Errorf("the probe in the cached region waited for the bucket check (%d held to the end)", watch.headsWaited)
	}
}
