// Package accesslogproxy is test support for server access logs: an HTTP
// reverse proxy in front of a real S3-compatible server (versitygw) that
// writes each request made to a logged bucket as a record of AWS's
// documented server access log format, and delivers the buffered records
// into a log bucket under AWS's key layouts, batch by batch (a test can
// deliver one batch twice, as S3 sometimes does).
//
// versitygw checks every signature and expiry; the proxy only watches.
// Requests keep their Host header, so SigV4 signatures made for the
// proxy's address verify upstream. Addressing is path style.
// GetBucketLogging, which versitygw does not implement, is answered from
// the proxy's own configuration (EnableLogging), after versitygw has
// authenticated the request.
//
// Only tests import this package.
package accesslogproxy

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Target is where a logged bucket's records are delivered.
type Target struct {
	Bucket      string // the log bucket
	Prefix      string // TargetPrefix
	Partitioned bool   // PREFIX ACCOUNT/REGION/BUCKET/YYYY/MM/DD/... instead of PREFIX YYYY-...
}

// Proxy is a running logging proxy.
type Proxy struct {
	URL string // http://127.0.0.1:PORT: the endpoint to give clients

	// Account and Region are what the records and the partitioned layout
	// say of the source account and region.
	Account string
	Region  string

	server *httptest.Server
	now    func() time.Time

	mu         sync.Mutex
	idle       *sync.Cond          // signalled when inflight drops to 0
	inflight   int                 // requests being served
	logging    map[string]Target   // source bucket -> where its logs go
	pending    map[string][]string // source bucket -> records not taken yet
	counts     map[string]int      // "bucket operation" -> requests seen
	denyConfig map[string]bool     // access keys refused GetBucketLogging
}

// Start starts a proxy in front of upstream (http://host:port); it stops
// when the test ends. region is the region the records name.
func Start(t testing.TB, upstream, region string) *Proxy {
	t.Helper()
	up, err := url.Parse(upstream)
	if err != nil {
		t.Fatalf("accesslogproxy: upstream %q: %v", upstream, err)
	}
	p := &Proxy{Account: "123456789012", Region: region, now: time.Now,
		logging: map[string]Target{}, pending: map[string][]string{}, counts: map[string]int{}, denyConfig: map[string]bool{}}
	p.idle = sync.NewCond(&p.mu)
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(up)
			r.Out.Host = r.In.Host // the signature covers the Host the client used
			r.Out.URL.Path, r.Out.URL.RawPath = r.In.URL.Path, r.In.URL.RawPath
		},
		Transport:      &http.Transport{DisableCompression: true},
		ModifyResponse: p.modify,
	}
	p.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.serve(rp, w, r)
	}))
	t.Cleanup(p.server.Close)
	p.URL = p.server.URL
	return p
}

// EnableLogging logs the requests to source from now on, for delivery to
// to (what GetBucketLogging on source then answers).
func (p *Proxy) EnableLogging(source string, to Target) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.logging[source] = to
}

// DenyLoggingConfig makes GetBucketLogging answer 403 AccessDenied to
// requests signed by accessKey, as an IAM policy without
// s3:GetBucketLogging would.
func (p *Proxy) DenyLoggingConfig(accessKey string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.denyConfig[accessKey] = true
}

// Count is how many requests of operation (REST.GET.OBJECT,
// REST.GET.BUCKET...) on bucket the proxy has seen, logged or not, once
// the requests in flight are done.
func (p *Proxy) Count(bucket, operation string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waitIdle()
	return p.counts[bucket+" "+operation]
}

// Requests is how many requests of any kind the proxy has seen, once the
// requests in flight are done.
func (p *Proxy) Requests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waitIdle()
	n := 0
	for _, c := range p.counts {
		n += c
	}
	return n
}

// waitIdle waits (p.mu held) until no request is being served: a client
// has its answer a moment before the proxy has written its record.
func (p *Proxy) waitIdle() {
	for p.inflight > 0 {
		p.idle.Wait()
	}
}

// serve forwards one request and logs it.
func (p *Proxy) serve(rp *httputil.ReverseProxy, w http.ResponseWriter, r *http.Request) {
	start := p.now()
	p.mu.Lock()
	p.inflight++
	p.mu.Unlock()
	rw := &recorder{ResponseWriter: w, start: start, now: p.now}
	rp.ServeHTTP(rw, r)
	bucket, key := splitPath(r.URL.Path)
	op := operation(r, bucket, key)
	p.mu.Lock()
	defer p.mu.Unlock()
	defer func() {
		if p.inflight--; p.inflight == 0 {
			p.idle.Broadcast()
		}
	}()
	p.counts[bucket+" "+op]++
	if _, logged := p.logging[bucket]; !logged || bucket == "" {
		return
	}
	line := p.record(r, rw, start, bucket, key, op)
	p.pending[bucket] = append(p.pending[bucket], line)
}

// splitPath reads a path-style path: the bucket and the key.
func splitPath(path string) (bucket, key string) {
	path = strings.TrimPrefix(path, "/")
	bucket, key, _ = strings.Cut(path, "/")
	return bucket, key
}

// remoteIP is the address the request came from.
func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// recorder watches a response on its way to the client: status, headers,
// bytes, the first bytes of an error body, when the first byte left.
type recorder struct {
	http.ResponseWriter
	start, first time.Time
	now          func() time.Time
	status       int
	bytes        int64
	errBody      bytes.Buffer
}

// WriteHeader notes the status and the time of the first byte.
func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status, r.first = status, r.now()
	}
	r.ResponseWriter.WriteHeader(status)
}

// Write counts the bytes and keeps the start of an error body.
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
	}
	if r.status >= 300 && r.errBody.Len() < 4096 {
		r.errBody.Write(b[:min(len(b), 4096-r.errBody.Len())])
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Flush passes flushes on.
func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
