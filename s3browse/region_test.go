package s3browse_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// bucketRegionTag matches ListBuckets' <BucketRegion> element.
var bucketRegionTag = regexp.MustCompile(`<BucketRegion>[^<]*</BucketRegion>`)

// TestRegionWhenListBucketsOmitsIt covers AWS's ListBuckets without
// BucketRegion: the region must come from the bucket itself
// (GetBucketRegion), never be assumed to be the configured one.
func TestRegionWhenListBucketsOmitsIt(t *testing.T) {
	s := testsrv.Versity(t, testsrv.WithRegion("eu-west-1"))
	s.CreateBucket(t, "euro")
	s.Put(t, "euro", "tower.jpg", []byte("jpeg bytes"))
	upstream, err := url.Parse(s.Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(upstream)
	proxy.ModifyResponse = stripBucketRegion
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)

	opts := s.Options()
	opts.EndpointURL, opts.Region = front.URL, "us-east-1"
	b := s3browse.NewFromConfig(s.Config(), opts)
	ctx := context.Background()
	buckets, err := b.ListBuckets(ctx)
	if err != nil || len(buckets) != 1 || buckets[0].Region != "" {
		t.Fatalf("ListBuckets through the proxy = %+v, %v; want euro without a region", buckets, err)
	}
	region, err := b.BucketRegion(ctx, "euro")
	if err != nil || region != "eu-west-1" {
		t.Fatalf("BucketRegion = %q, %v; want eu-west-1", region, err)
	}
	p := presign(t, b, "euro", "tower.jpg")
	if status, body := fetch(t, p.URL); status != 200 || body != "jpeg bytes" {
		t.Errorf("GET = %d %q", status, body)
	}
}

// stripBucketRegion removes BucketRegion from response bodies.
func stripBucketRegion(resp *http.Response) error {
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	body = bucketRegionTag.ReplaceAll(body, nil)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return nil
}
