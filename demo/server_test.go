package demo

import (
	"bytes"
	"context"
	"errors"
	"image"
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// startServer starts a demo server that closes with the test.
func startServer(t *testing.T) *Server {
	t.Helper()
	s, err := Start(t.Context())
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// client is an SDK client for s with the given credentials.
func client(s *Server, creds aws.CredentialsProvider) *s3.Client {
	cfg := s.Config()
	cfg.Credentials = creds
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(s.Endpoint)
		o.UsePathStyle = true
	})
}

// presign returns a presigned GET URL for bucket/key valid for d.
func presign(t *testing.T, s *Server, bucket, key string, d time.Duration) string {
	t.Helper()
	pc := s3.NewPresignClient(client(s, s.Credentials()))
	req, err := pc.PresignGetObject(t.Context(), &s3.GetObjectInput{Bucket: &bucket, Key: &key}, s3.WithPresignExpires(d))
	if err != nil {
		t.Fatalf("presign %s/%s: %v", bucket, key, err)
	}
	return req.URL
}

// fetch GETs u with plain net/http and returns the status and body.
func fetch(t *testing.T, u string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET presigned URL: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return resp.StatusCode, body
}

// seedOnce generates the seed objects once for all tests.
var seedOnce = sync.OnceValues(SeedObjects)

// seeded returns the seed object bucket/key.
func seeded(t *testing.T, bucket, key string) SeedObject {
	t.Helper()
	objs, err := seedOnce()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(objs, func(o SeedObject) bool { return o.Bucket == bucket && o.Key == key })
	if i < 0 {
		t.Fatalf("no seed object %s/%s", bucket, key)
	}
	return objs[i]
}

func TestListBuckets(t *testing.T) {
	s := startServer(t)
	out, err := client(s, s.Credentials()).ListBuckets(t.Context(), &s3.ListBucketsInput{})
	if err != nil {
		t.Fatalf("ListBuckets: %v", err)
	}
	var names []string
	for _, b := range out.Buckets {
		names = append(names, aws.ToString(b.Name))
	}
	if !slices.Equal(names, []string{PhotosBucket, ScreensBucket}) {
		t.Fatalf("buckets = %v, want %s and %s", names, PhotosBucket, ScreensBucket)
	}
}

func TestListFolders(t *testing.T) {
	s := startServer(t)
	out, err := client(s, s.Credentials()).ListObjectsV2(t.Context(), &s3.ListObjectsV2Input{
		Bucket: aws.String(PhotosBucket), Delimiter: aws.String("/"),
	})
	if err != nil {
		t.Fatalf("ListObjectsV2: %v", err)
	}
	var folders, keys []string
	for _, p := range out.CommonPrefixes {
		folders = append(folders, aws.ToString(p.Prefix))
	}
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	wantFolders := []string{"archive/", "designs/", "photos/", "products/", "screenshots/"}
	if !slices.Equal(folders, wantFolders) {
		t.Errorf("folders = %v, want %v", folders, wantFolders)
	}
	if !slices.Equal(keys, []string{"README.txt", "data.csv", "hero.png", "notes.md", TestCardKey}) {
		t.Errorf("top-level keys = %v", keys)
	}
}

func TestPresignedURLReturnsExactImage(t *testing.T) {
	s := startServer(t)
	cases := []struct{ bucket, key, format string }{
		{PhotosBucket, "hero.png", "png"},
		{PhotosBucket, "products/shoes/runner-red.jpg", "jpeg"},
		{PhotosBucket, "screenshots/2026/04-loading.gif", "gif"},
		{PhotosBucket, "designs/café menu.png", "png"},
		{PhotosBucket, "designs/poster A3.jpg", "jpeg"},
		{PhotosBucket, "designs/sale+promo.jpg", "jpeg"},
		{PhotosBucket, "designs/🎨 moodboard.png", "png"},
		{ScreensBucket, "cart.gif", "gif"},
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			want := seeded(t, c.bucket, c.key)
			code, body := fetch(t, presign(t, s, c.bucket, c.key, time.Hour))
			if code != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", code, body)
			}
			if !bytes.Equal(body, want.Body) {
				t.Fatalf("body differs from the seeded object (%d vs %d bytes)", len(body), len(want.Body))
			}
			cfg, format, err := image.DecodeConfig(bytes.NewReader(body))
			if err != nil || format != c.format {
				t.Fatalf("decoded as %q (%v), want %s", format, err, c.format)
			}
			if cfg.Width < 64 || cfg.Height < 40 {
				t.Fatalf("image %dx%d is too small", cfg.Width, cfg.Height)
			}
		})
	}
}

func TestTamperedSignatureRefused(t *testing.T) {
	s := startServer(t)
	u, err := url.Parse(presign(t, s, PhotosBucket, "hero.png", time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	sig := []byte(q.Get("X-Amz-Signature"))
	if sig[0] == '0' { // change the first hex digit (whatever it is)
		sig[0] = '1'
	} else {
		sig[0] = '0'
	}
	q.Set("X-Amz-Signature", string(sig))
	u.RawQuery = q.Encode()
	code, body := fetch(t, u.String())
	if code != http.StatusForbidden || !strings.Contains(string(body), "SignatureDoesNotMatch") {
		t.Fatalf("tampered signature: status %d, want 403 SignatureDoesNotMatch: %s", code, body)
	}
}

func TestShortLinkExpires(t *testing.T) {
	s := startServer(t)
	signed := time.Now()
	u := presign(t, s, PhotosBucket, "hero.png", 2*time.Second)
	if code, _ := fetch(t, u); code != http.StatusOK {
		t.Fatalf("fresh 2s link: status %d, want 200", code)
	}
	time.Sleep(time.Until(signed.Add(3 * time.Second)))
	code, body := fetch(t, u)
	if code != http.StatusForbidden || !strings.Contains(string(body), "Request has expired") {
		t.Fatalf("expired link: status %d, want 403 Request has expired: %s", code, body)
	}
}

func TestWrongCredentialsRefused(t *testing.T) {
	s := startServer(t)
	cases := map[string]aws.CredentialsProvider{
		"wrong secret":     credentials.NewStaticCredentialsProvider(AccessKey, "not-the-secret", ""),
		"unknown key":      credentials.NewStaticCredentialsProvider("SOMEONE-ELSE", SecretKey, ""),
		"anonymous client": aws.AnonymousCredentials{},
	}
	for name, creds := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := client(s, creds).ListBuckets(t.Context(), &s3.ListBucketsInput{})
			var apiErr smithy.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("ListBuckets with %s: err = %v, want an S3 error", name, err)
			}
		})
	}
}

func TestCloseFreesPortAndFixedAddr(t *testing.T) {
	s := startServer(t)
	addr := strings.TrimPrefix(s.Endpoint, "http://")
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	s2, err := StartWith(t.Context(), StartOptions{Addr: addr})
	if err != nil {
		t.Fatalf("restart on the freed port %s: %v", addr, err)
	}
	defer s2.Close()
	if s2.Endpoint != s.Endpoint {
		t.Fatalf("endpoint = %s, want %s", s2.Endpoint, s.Endpoint)
	}
	if _, err := client(s2, s2.Credentials()).ListBuckets(t.Context(), &s3.ListBucketsInput{}); err != nil {
		t.Fatalf("ListBuckets on fixed address: %v", err)
	}
}

func TestContextCancelStops(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	s, err := Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	addr := strings.TrimPrefix(s.Endpoint, "http://")
	for range 100 { // Close runs in a goroutine after cancel
		ln, err := net.Listen("tcp", addr)
		if err == nil {
			ln.Close()
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("port %s still in use after the context ended", addr)
}

func TestGetBucketRegion(t *testing.T) {
	s := startServer(t)
	region, err := manager.GetBucketRegion(t.Context(), client(s, s.Credentials()), PhotosBucket)
	if err != nil || region != Region {
		t.Fatalf("GetBucketRegion = %q, %v; want %s", region, err, Region)
	}
}

func TestNonLoopbackAddrRefused(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:9000", ":9000", "example.com:80", "nonsense"} {
		if _, err := StartWith(t.Context(), StartOptions{Addr: addr}); err == nil {
			t.Errorf("StartWith(%q) succeeded, want a loopback-only error", addr)
		}
	}
}

func TestOptions(t *testing.T) {
	s := startServer(t)
	o := s.Options()
	if o.EndpointURL != s.Endpoint || o.Region != Region || !o.PathStyle {
		t.Fatalf("Options = %+v", o)
	}
	c, err := s.Credentials().Retrieve(t.Context())
	if err != nil || c.AccessKeyID != AccessKey || c.SecretAccessKey != SecretKey || c.CanExpire {
		t.Fatalf("Credentials = %+v, %v", c, err)
	}
}

func BenchmarkStart(b *testing.B) {
	for b.Loop() {
		s, err := Start(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
