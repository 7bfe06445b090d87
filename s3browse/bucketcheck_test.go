package s3browse_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

func TestCheckBucketMeasuresSkewAndRegion(t *testing.T) {
	for name, s := range servers(t) {
		t.Run(name, func(t *testing.T) {
			s.CreateBucket(t, "photos")
			chk, err := s.Browser(t).CheckBucket(context.Background(), "photos")
			if err != nil {
				t.Fatalf("CheckBucket: %v", err)
			}
			if !chk.Dated || chk.Skew < -time.Minute || chk.Skew > time.Minute {
				t.Errorf("skew = %v (dated %v) against a local server", chk.Skew, chk.Dated)
			}
			if chk.Region != s.Region {
				t.Errorf("region = %q, want %q", chk.Region, s.Region)
			}
			_, err = s.Browser(t).CheckBucket(context.Background(), "missing-bucket")
			if !errors.Is(err, s3browse.ErrNoSuchBucket) {
				t.Errorf("CheckBucket(missing) = %v, want ErrNoSuchBucket", err)
			}
		})
	}
}

// countingProxy forwards to upstream and counts the requests.
func countingProxy(t *testing.T, upstream string) (string, *atomic.Int32) {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int32
	rp := httputil.NewSingleHostReverseProxy(u)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	return front.URL, &n
}

// TestCheckBucketOneRoundTrip: a bucket in the configured region is checked,
// region and all, with one request; one in another region still resolves.
func TestCheckBucketOneRoundTrip(t *testing.T) {
	s := testsrv.Versity(t)
	s.CreateBucket(t, "photos")
	front, n := countingProxy(t, s.Endpoint)
	opts := s.Options()
	opts.EndpointURL = front
	b := s3browse.NewFromConfig(s.Config(), opts)
	chk, err := b.CheckBucket(context.Background(), "photos")
	if err != nil || chk.Region != "us-east-1" {
		t.Fatalf("CheckBucket = %+v, %v", chk, err)
	}
	if got := n.Load(); got != 1 {
		t.Errorf("CheckBucket sent %d requests, want 1", got)
	}

	eu := testsrv.Versity(t, testsrv.WithRegion("eu-west-1"))
	eu.CreateBucket(t, "euro")
	opts = eu.Options()
	opts.Region = "us-east-1" // configured for the wrong region
	b = s3browse.NewFromConfig(eu.Config(), opts)
	chk, err = b.CheckBucket(context.Background(), "euro")
	if err != nil || chk.Region != "eu-west-1" {
		t.Fatalf("CheckBucket in another region = %+v, %v; want eu-west-1", chk, err)
	}
	if b.KnownRegion("euro") != "eu-west-1" {
		t.Errorf("the region was not cached: %q", b.KnownRegion("euro"))
	}
}

func TestHeadCopyPutDelete(t *testing.T) {
	for name, s := range servers(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s.CreateBucket(t, "photos")
			s.Put(t, "photos", "a b+c/ü.png", []byte("png bytes"))
			b := s.Browser(t)
			info, err := b.HeadObject(ctx, "photos", "a b+c/ü.png")
			if err != nil || info.Size != 9 {
				t.Fatalf("HeadObject = %+v, %v", info, err)
			}
			if _, err := b.HeadObject(ctx, "photos", "nope.png"); !errors.Is(err, s3browse.ErrNoSuchKey) {
				t.Errorf("HeadObject(missing) = %v, want ErrNoSuchKey", err)
			}
			err = b.CopyObject(ctx, s3browse.CopyInput{Bucket: "photos", From: "a b+c/ü.png", To: "s3share-shares/x/ü.png",
				Source: info, Metadata: map[string]string{"s3share-source": "photos/a"}})
			if err != nil {
				t.Fatalf("CopyObject: %v", err)
			}
			if status, body := fetch(t, presign(t, b, "photos", "s3share-shares/x/ü.png").URL); status != 200 || body != "png bytes" {
				t.Errorf("the copy answers %d %q", status, body)
			}
			if err := b.DeleteObject(ctx, "photos", "s3share-shares/x/ü.png"); err != nil {
				t.Fatalf("DeleteObject: %v", err)
			}
			if status, _ := fetch(t, presign(t, b, "photos", "s3share-shares/x/ü.png").URL); status != 404 {
				t.Errorf("after delete the copy answers %d, want 404", status)
			}
			err = b.PutObject(ctx, s3browse.PutInput{Bucket: "photos", Key: "page/index.html", Body: []byte("<p>hi"),
				ContentType: "text/html; charset=utf-8", CacheControl: "no-store"})
			if err != nil {
				t.Fatalf("PutObject: %v", err)
			}
			if info, err := b.HeadObject(ctx, "photos", "page/index.html"); err != nil || info.ContentType != "text/html; charset=utf-8" {
				t.Errorf("put object = %+v, %v", info, err)
			}
		})
	}
}

func TestCopyRefusesOver5GiB(t *testing.T) {
	b := testsrv.Fake(t).Browser(t)
	err := b.CopyObject(context.Background(), s3browse.CopyInput{Bucket: "photos", From: "big.tif", To: "x/big.tif",
		Source: s3browse.ObjectInfo{Size: 6 << 30}})
	if !errors.Is(err, s3browse.ErrTooLarge) {
		t.Errorf("CopyObject(6 GiB) = %v, want ErrTooLarge", err)
	}
}

// TestCheckBucketSkewIsAgainstTheInjectedClock: the skew is the server's
// clock minus the clock that signs (Options.Now), not the wall clock: with
// that clock half an hour slow, a server on this machine is half an hour
// ahead of it.
func TestCheckBucketSkewIsAgainstTheInjectedClock(t *testing.T) {
	s := testsrv.Versity(t)
	s.CreateBucket(t, "photos")
	opts := s.Options()
	opts.Now = func() time.Time { return time.Now().Add(-30 * time.Minute) }
	chk, err := s3browse.NewFromConfig(s.Config(), opts).CheckBucket(t.Context(), "photos")
	if err != nil {
		t.Fatal(err)
	}
	if !chk.Dated || chk.Skew < 29*time.Minute || chk.Skew > 31*time.Minute {
		t.Errorf("skew = %v (dated %v), want about +30m against a clock 30m slow", chk.Skew, chk.Dated)
	}
}
