package linkcheck

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/presigned"
)

// liveLink is a link to key on the server at endpoint (path style), live
// for an hour by the wall clock.
func liveLink(endpoint, key string) presigned.Link {
	now := time.Now()
	return presigned.Link{Bucket: "photos", Key: key, Endpoint: endpoint, PathStyle: true, URL: endpoint + "/photos/" + key + "?X-Amz-Signature=secret",
		IssuedAt: now, ExpiresAt: now.Add(time.Hour), EffectiveExpiresAt: now.Add(time.Hour), Size: -1}
}

// TestCheckProbesOnlyTheRecordedEndpoint: a link whose stored URL names a
// host other than the link's recorded endpoint (an edited history) is not
// probed: the verdict says so and no request leaves.
func TestCheckProbesOnlyTheRecordedEndpoint(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	l := issueOne(t, srv, "a.png", time.Hour)
	if v := checkOne(t, l); v.Kind != presigned.VerdictWorks {
		t.Fatalf("the link as issued: %+v", v)
	}
	var hits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusPartialContent)
	}))
	t.Cleanup(other.Close)
	otherURL, _ := url.Parse(other.URL)
	for name, edit := range map[string]func(*url.URL){
		"another host":        func(u *url.URL) { u.Host = otherURL.Host },
		"another scheme":      func(u *url.URL) { u.Scheme = "https" },
		"a user name":         func(u *url.URL) { u.User = url.User("someone") },
		"another bucket":      func(u *url.URL) { u.Path = strings.Replace(u.Path, "/photos/", "/other/", 1) },
		"the host as bucket.": func(u *url.URL) { u.Host = "evil." + u.Host },
	} {
		u, err := url.Parse(l.URL)
		if err != nil {
			t.Fatal(err)
		}
		edit(u)
		bad := l
		bad.URL = u.String()
		v := checkOne(t, bad)
		if v.Kind != presigned.VerdictWrongHost || strings.Contains(v.Detail, "Signature") || !strings.Contains(v.Detail, "not checked") {
			t.Errorf("%s: verdict %q (%s), want %q, not checked, no URL", name, v.Kind, v.Detail, presigned.VerdictWrongHost)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the other host got %d requests, want none", n)
	}
}

// TestProbeTarget: which stored URLs a link may be probed at: its own
// endpoint's host (path style, or the bucket's virtual host), and for AWS
// an S3 host of its region, with the bucket in the host or the path.
func TestProbeTarget(t *testing.T) {
	aws := func(bucket, region, u string) presigned.Link {
		return presigned.Link{Bucket: bucket, Region: region, URL: u}
	}
	at := func(endpoint, u string) presigned.Link {
		return presigned.Link{Bucket: "photos", Region: "us-east-1", Endpoint: endpoint, URL: u}
	}
	good := []presigned.Link{
		aws("photos", "eu-west-1", "https://photos.s3.eu-west-1.amazonaws.com/a.png?X-Amz-Signature=s"),
		aws("photos", "eu-west-1", "https://s3.eu-west-1.amazonaws.com/photos/a.png"),
		aws("photos", "eu-west-1", "https://PHOTOS.S3.EU-WEST-1.AMAZONAWS.COM/a.png"),
		aws("photos", "eu-west-1", "https://photos.s3.eu-west-1.amazonaws.com:443/a.png"),
		aws("photos", "eu-west-1", "https://photos.s3.dualstack.eu-west-1.amazonaws.com/a.png"),
		aws("photos", "eu-west-1", "https://photos.s3-fips.eu-west-1.amazonaws.com/a.png"),
		aws("photos", "eu-west-1", "https://photos.s3-eu-west-1.amazonaws.com/a.png"),
		aws("photos", "us-east-1", "https://photos.s3.amazonaws.com/a.png"),
		aws("photos", "us-east-1", "https://s3.amazonaws.com/photos/a.png"),
		aws("photos", "eu-west-1", "https://photos.s3-accelerate.amazonaws.com/a.png"),
		aws("photos", "cn-north-1", "https://photos.s3.cn-north-1.amazonaws.com.cn/a.png"),
		aws("my.photos", "eu-west-1", "https://s3.eu-west-1.amazonaws.com/my.photos/a.png"),
		aws("photos", "", "https://photos.s3.ap-south-2.amazonaws.com/a.png"),
		at("http://127.0.0.1:9000", "http://127.0.0.1:9000/photos/a.png"),
		at("http://127.0.0.1:9000", "http://127.0.0.1:9000/photos"),
		at("https://s3.example.test", "https://photos.s3.example.test/a.png"),
		at("https://s3.example.test", "https://s3.example.test/photos/a.png"),
		at("https://s3.example.test", "https://s3.example.test:443/photos/a.png"),
		at("https://S3.Example.Test:8443", "https://photos.s3.example.test:8443/a.png"),
		at("http://localhost:9000", "http://localhost:9000/photos/a%20b.png"),
	}
	for _, l := range good {
		if err := probeTarget(l); err != nil {
			t.Errorf("%s (endpoint %q, region %q): %v, want it probed", l.URL, l.Endpoint, l.Region, err)
		}
	}
	bad := []presigned.Link{
		aws("photos", "eu-west-1", "https://photos.s3.us-east-1.amazonaws.com/a.png"),
		aws("photos", "eu-west-1", "https://photos.s3.eu-west-1.amazonaws.com.evil.test/a.png"),
		aws("photos", "eu-west-1", "http://photos.s3.eu-west-1.amazonaws.com/a.png"),
		aws("photos", "eu-west-1", "https://photos.s3.eu-west-1.amazonaws.com:8443/a.png"),
		aws("photos", "eu-west-1", "https://evil.s3.eu-west-1.amazonaws.com/a.png"),
		aws("photos", "eu-west-1", "https://evil.photos.s3.eu-west-1.amazonaws.com/a.png"),
		aws("photos", "eu-west-1", "https://s3.eu-west-1.amazonaws.com/evil/a.png"),
		aws("photos", "eu-west-1", "https://s3.eu-west-1.amazonaws.com/photosx/a.png"),
		aws("photos", "eu-west-1", "https://ec2.eu-west-1.amazonaws.com/photos/a.png"),
		aws("photos", "eu-west-1", "https://photos.s3.amazonaws.com/a.png"),
		aws("photos", "eu-west-1", "https://user@photos.s3.eu-west-1.amazonaws.com/a.png"),
		aws("photos", "eu-west-1", "https://127.0.0.1/photos/a.png"),
		aws("photos", "eu-west-1", "not a url\x7f"),
		aws("photos", "eu-west-1", "/photos/a.png"),
		at("http://127.0.0.1:9000", "http://127.0.0.1:9001/photos/a.png"),
		at("http://127.0.0.1:9000", "https://127.0.0.1:9000/photos/a.png"),
		at("http://127.0.0.1:9000", "http://127.0.0.2:9000/photos/a.png"),
		at("http://127.0.0.1:9000", "http://127.0.0.1:9000/other/a.png"),
		at("http://127.0.0.1:9000", "http://127.0.0.1:9000/"),
		at("https://s3.example.test", "https://evil.s3.example.test/a.png"),
		at("https://s3.example.test", "https://s3.example.test.evil/photos/a.png"),
		at("https://s3.example.test", "http://s3.example.test/photos/a.png"),
		at("https://s3.example.test", "https://s3.example.test:444/photos/a.png"),
		at("not an endpoint", "https://s3.example.test/photos/a.png"),
	}
	for _, l := range bad {
		if err := probeTarget(l); err == nil {
			t.Errorf("%q (endpoint %q, region %q) would be probed, want it refused", l.URL, l.Endpoint, l.Region)
		}
	}
}

// holdUntilGone serves status and headers, then body, then holds the
// answer open until the client leaves; left is closed then.
func holdUntilGone(t *testing.T, status int, header map[string]string, body string) (srv *httptest.Server, left chan struct{}) {
	left = make(chan struct{})
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
		http.NewResponseController(w).Flush()
		<-r.Context().Done()
		close(left)
	}))
	t.Cleanup(srv.Close)
	return srv, left
}

// TestProbeReadsAFewBytesOnly: a server that gives the answer and then
// holds the body open (or drips it) does not hold the probe: the verdict
// comes from the status, the headers and the first bytes of an error, and
// the probe hangs up at once.
func TestProbeReadsAFewBytesOnly(t *testing.T) {
	cases := []struct {
		name   string
		status int
		header map[string]string
		body   string
		want   presigned.VerdictKind
	}{
		{"a working link whose body never ends", http.StatusPartialContent,
			map[string]string{"Content-Type": "image/png", "Content-Length": "1000"}, "x", presigned.VerdictWorks},
		{"an error whose document never ends", http.StatusForbidden, map[string]string{"Content-Type": "application/xml"},
			"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>", presigned.VerdictExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, left := holdUntilGone(t, c.status, c.header, c.body)
			// The probe's timeout is far longer than the guard below, which
			// only catches a probe held by the open body (it would wait the
			// whole hour): a probe that hangs up once it knows is done in
			// milliseconds.
			got := make(chan presigned.Verdict, 1)
			go func() { got <- NewChecker(1, time.Hour, nil).Probe(t.Context(), liveLink(srv.URL, "a.png")) }()
			select {
			case v := <-got:
				if v.Kind != c.want {
					t.Errorf("verdict %q (%s), want %q", v.Kind, v.Detail, c.want)
				}
			case <-time.After(time.Minute):
				t.Fatal("the probe is still waiting for a body it does not need")
			}
			<-left
		})
	}
}

// TestProbeDeadlineCoversTheWholeAnswer: a server that drips its headers,
// or an error document that never reaches its message, cannot hold a probe
// past its timeout.
func TestProbeDeadlineCoversTheWholeAnswer(t *testing.T) {
	drip := func(w io.Writer, r *http.Request, flush func() error) {
		for {
			if _, err := io.WriteString(w, "x"); err != nil || flush() != nil {
				return
			}
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	headers := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		buf.WriteString("HTTP/1.1 206 Partial Content\r\nX-Drip: ")
		drip(buf, r, buf.Flush)
	}))
	t.Cleanup(headers.Close)
	body := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, "<Error><Code>AccessDenied</Code><Padding>")
		drip(w, r, http.NewResponseController(w).Flush)
	}))
	t.Cleanup(body.Close)
	c := NewChecker(1, 300*time.Millisecond, nil)
	if v := c.Probe(context.Background(), liveLink(headers.URL, "a.png")); v.Kind != presigned.VerdictUnreachable || !strings.Contains(v.Detail, "no answer within") {
		t.Errorf("dripped headers: verdict %q (%s), want unreachable, no answer within the timeout", v.Kind, v.Detail)
	}
	if v := c.Probe(context.Background(), liveLink(body.URL, "a.png")); v.Kind != presigned.VerdictDenied || !strings.Contains(v.Detail, "AccessDenied") {
		t.Errorf("dripped error document: verdict %q (%s), want denied with the code read before the deadline", v.Kind, v.Detail)
	}
}

// TestCheckWantsTheImage: a link to an image that answers 200 or 206 with
// a web page (a Wi-Fi sign-in page, a proxy's error page) or any other type
// that is not an image does not "work", unless a 206 shows the size the
// object had when it was shared (a server that stored no type for it); a
// gallery page and an HTML object are HTML, and a type that says nothing
// (octet-stream, none) is not held against the link.
func TestCheckWantsTheImage(t *testing.T) {
	cases := []struct {
		key, contentType string
		gallery          bool
		size             int64  // recorded when shared
		total            string // the 206's Content-Range total; "" for a 200
		want             presigned.VerdictKind
	}{
		{"a.png", "text/html; charset=utf-8", false, -1, "", presigned.VerdictWrongContent},
		{"a.png", "TEXT/HTML", false, -1, "", presigned.VerdictWrongContent},
		{"a.png", "application/xhtml+xml", false, -1, "", presigned.VerdictWrongContent},
		{"a.png", "text/html", false, 50, "50", presigned.VerdictWrongContent},
		{"a.jpg", "application/json", false, -1, "", presigned.VerdictWrongContent},
		{"a.jpg", "text/plain", false, -1, "", presigned.VerdictWrongContent},
		{"a.jpg", "text/plain", false, 50, "", presigned.VerdictWrongContent},
		{"a.jpg", "text/plain", false, 50, "49", presigned.VerdictWrongContent},
		{"a.jpg", "text/plain", false, -1, "50", presigned.VerdictWrongContent},
		{"a.jpg", "text/plain; charset=utf-8", false, 50, "50", presigned.VerdictWorks},
		{"report.pdf", "text/html", false, -1, "", presigned.VerdictWrongContent},
		{"a.png", "image/png", false, -1, "", presigned.VerdictWorks},
		{"a.png", "image/jpeg", false, -1, "", presigned.VerdictWorks},
		{"a.png", "application/octet-stream", false, -1, "", presigned.VerdictWorks},
		{"a.png", "binary/octet-stream", false, -1, "", presigned.VerdictWorks},
		{"a.png", "", false, -1, "", presigned.VerdictWorks},
		{"report.pdf", "application/pdf", false, -1, "", presigned.VerdictWorks},
		{"notes.txt", "text/plain", false, -1, "", presigned.VerdictWorks},
		{"page.html", "text/html", false, -1, "", presigned.VerdictWorks},
		{"s3share-shares/x/index.html", "text/html; charset=utf-8", true, -1, "", presigned.VerdictWorks},
	}
	for _, c := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header()["Content-Type"] = []string{c.contentType}
			if c.contentType == "" {
				w.Header()["Content-Type"] = nil // no sniffing by net/http
			}
			if c.total == "" {
				w.WriteHeader(http.StatusOK)
				io.WriteString(w, "<html><body>Sign in to the Wi-Fi</body></html>")
				return
			}
			w.Header().Set("Content-Range", "bytes 0-0/"+c.total)
			w.WriteHeader(http.StatusPartialContent)
			io.WriteString(w, "<")
		}))
		l := liveLink(srv.URL, c.key)
		l.Gallery, l.Size = c.gallery, c.size
		v := checkOne(t, l)
		srv.Close()
		if v.Kind != c.want {
			t.Errorf("%s answering %q (gallery %v, size %d, range total %q): verdict %q (%s), want %q",
				c.key, c.contentType, c.gallery, c.size, c.total, v.Kind, v.Detail, c.want)
		}
		media := strings.ToLower(strings.TrimSpace(strings.Split(c.contentType, ";")[0]))
		if v.Kind == presigned.VerdictWrongContent && !strings.Contains(v.Detail, media) {
			t.Errorf("%s: detail %q does not name the type", c.key, v.Detail)
		}
	}
}

// TestCheckWantsTheImageOnVersity: an image replaced by a web page under
// the same key checks as wrong content.
func TestCheckWantsTheImageOnVersity(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("\x89PNG\r\n\x1a\n"))
	l := issueOne(t, srv, "a.png", time.Hour)
	if v := checkOne(t, l); v.Kind != presigned.VerdictWorks {
		t.Fatalf("the image: %+v", v)
	}
	_, err := srv.Client().PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String("photos"), Key: aws.String("a.png"),
		Body: strings.NewReader("<html>moved</html>"), ContentType: aws.String("text/html")})
	if err != nil {
		t.Fatal(err)
	}
	if v := checkOne(t, l); v.Kind != presigned.VerdictWrongContent {
		t.Errorf("a web page where the image was: %+v, want %q", v, presigned.VerdictWrongContent)
	}
	// versitygw serves a file put in its directory by hand, with no type
	// stored, as text/plain: the size shows it is the image shared.
	if err := os.WriteFile(filepath.Join(srv.Dir, "photos", "b.png"), []byte("\x89PNG\r\n\x1a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if v := checkOne(t, issueOne(t, srv, "b.png", time.Hour)); v.Kind != presigned.VerdictWorks {
		t.Errorf("an image with no stored type: %+v, want works", v)
	}
}
