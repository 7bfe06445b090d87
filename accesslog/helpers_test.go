package accesslog_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/accesslog"
	"github.com/s3share/s3share/internal/accesslogproxy"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// world is versitygw behind the logging proxy, with a source bucket
// "photos" whose requests are logged into s3://logs/access/.
type world struct {
	srv    *testsrv.Server
	proxy  *accesslogproxy.Proxy
	b      *s3browse.Browser // through the proxy
	target accesslogproxy.Target
}

// newWorld starts the servers and makes the buckets.
func newWorld(t testing.TB, target accesslogproxy.Target, opts ...testsrv.Option) *world {
	t.Helper()
	srv := testsrv.Versity(t, opts...)
	proxy := accesslogproxy.Start(t, srv.Endpoint, srv.Region)
	srv.CreateBucket(t, "photos")
	srv.CreateBucket(t, target.Bucket)
	proxy.EnableLogging("photos", target)
	return &world{srv: srv, proxy: proxy, target: target, b: browserVia(srv, proxy)}
}

// browserVia is a Browser with srv's keys that talks through the proxy.
func browserVia(srv *testsrv.Server, proxy *accesslogproxy.Proxy) *s3browse.Browser {
	return s3browse.NewFromConfig(srv.Config(), s3browse.Options{EndpointURL: proxy.URL, Region: srv.Region, PathStyle: true})
}

// presign signs a GET of photos/key through the proxy, dated signedAt.
func (w *world) presign(t testing.TB, key string, signedAt time.Time, expires time.Duration) string {
	t.Helper()
	p, err := w.b.PresignGet(context.Background(), s3browse.PresignInput{Bucket: "photos", Key: key, Expires: expires, SignedAt: signedAt})
	if err != nil {
		t.Fatalf("presign %s: %v", key, err)
	}
	return p.URL
}

// ref is the LinkRef of a URL, failing the test on error.
func ref(t *testing.T, id, key, copyKey, rawURL string) accesslog.LinkRef {
	t.Helper()
	l, err := accesslog.RefFromURL(id, "photos", key, copyKey, rawURL, time.Time{})
	if err != nil {
		t.Fatalf("RefFromURL %s: %v", id, err)
	}
	return l
}

// client is an HTTP client whose connections come from the loopback
// address from (127.0.0.1, 127.0.0.2...), so logs show distinct IPs.
func client(from string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext, DisableCompression: true}, Timeout: 10 * time.Second}
}

// open GETs rawURL with a user agent ("" keeps Go's) and headers, reads
// the body and returns the status.
func open(t testing.TB, c *http.Client, rawURL, userAgent string, header ...string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if userAgent != "" {
		req.Header.Set("User-Agent", userAgent)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// curl fetches rawURL with curl when it is installed; false when not.
func curl(t *testing.T, rawURL string) bool {
	t.Helper()
	bin, err := exec.LookPath("curl")
	if err != nil {
		t.Log("curl not installed: the curl open is skipped")
		return false
	}
	out, err := exec.Command(bin, "-sS", "-o", "/dev/null", "-w", "%{http_code}", rawURL).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "200" {
		t.Fatalf("curl: %v: %s", err, out)
	}
	return true
}

// tamper changes the last character of the URL's signature.
func tamper(rawURL string) string {
	i := strings.Index(rawURL, "X-Amz-Signature=")
	if i < 0 {
		return rawURL
	}
	end := i + len("X-Amz-Signature=") + 64
	c := byte('0')
	if rawURL[end-1] == '0' {
		c = '1'
	}
	return rawURL[:end-1] + string(c) + rawURL[end:]
}

// seenSet is the caller's memory of the log objects read.
type seenSet map[string]bool

func (s seenSet) has(key string) bool { return s[key] }

func (s seenSet) add(keys []string) {
	for _, k := range keys {
		s[k] = true
	}
}
