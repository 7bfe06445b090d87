package s3browse_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// The find benchmark's buckets (issue 12): 100,000 objects in 1,000
// folders, and 20,000 objects in no folder at all.
const (
	findNestedFolders = 1000
	findNestedPer     = 100
	findFlatKeys      = 20_000
	findRoundTrip     = 20 * time.Millisecond // added to every request: S3's typical round trip
)

// BenchmarkFind compares Browser.Find (every object, 16 requests in flight)
// with one sequential ListObjectsV2 walk of the same bucket, on versitygw
// behind internal/faultproxy adding 20 ms to every request. Every run checks
// that find reported each key of the walk exactly once. The ratio to judge
// is walk ns/op over find ns/op, per bucket.
func BenchmarkFind(b *testing.B) {
	srv := testsrv.Versity(b, testsrv.InDir(fastDir()))
	seedFindBuckets(b, srv)
	p := faultproxy.New(b, srv.Endpoint)
	p.SetDelay(findRoundTrip)
	p.Always(faultproxy.Latency)
	opts := srv.Options()
	opts.EndpointURL = p.URL
	br := s3browse.NewFromConfig(srv.Config(), opts)
	client := s3.NewFromConfig(srv.Config(), func(o *s3.Options) {
		o.BaseEndpoint, o.UsePathStyle = aws.String(p.URL), true
	})
	for _, bucket := range []string{"nested", "flat"} {
		want := map[string]bool{}
		for _, k := range walk(b, srv, bucket, "") {
			want[k] = true
		}
		b.Run("bucket="+bucket+"/find", func(b *testing.B) {
			before := p.Requests()
			for b.Loop() {
				checkOnce(b, findKeys(b, br, bucket, "", s3browse.FindOptions{All: true}), want)
			}
			b.ReportMetric(float64(len(want)), "keys")
			b.ReportMetric(float64(p.Requests()-before)/float64(b.N), "requests/op")
		})
		b.Run("bucket="+bucket+"/walk", func(b *testing.B) {
			before := p.Requests()
			for b.Loop() {
				checkOnce(b, walkClient(b, client, bucket), want)
			}
			b.ReportMetric(float64(len(want)), "keys")
			b.ReportMetric(float64(p.Requests()-before)/float64(b.N), "requests/op")
		})
	}
}

// fastDir is a tmpfs to seed the server in when there is one (creating a
// file costs about 0.6 ms on this machine's disk, 10 us on tmpfs), else "".
func fastDir() string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		return "/dev/shm"
	}
	return ""
}

// seedFindBuckets writes the two buckets straight into versitygw's directory.
func seedFindBuckets(b *testing.B, srv *testsrv.Server) {
	start := time.Now()
	srv.CreateBucket(b, "nested")
	for f := range findNestedFolders {
		dir := filepath.Join(srv.Dir, "nested", fmt.Sprintf("folder-%04d", f))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		for i := range findNestedPer {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("img-%03d.jpg", i)), nil, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	srv.CreateBucket(b, "flat")
	seedFlat(b, filepath.Join(srv.Dir, "flat"), findFlatKeys)
	b.Logf("seeded both buckets in %v", time.Since(start).Round(time.Millisecond))
}

// walkClient lists bucket with one plain sequential listing through c.
func walkClient(b *testing.B, c *s3.Client, bucket string) []string {
	p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	var keys []string
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		for _, o := range page.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
	}
	return keys
}

// checkOnce fails unless got holds every key of want exactly once.
func checkOnce(b *testing.B, got []string, want map[string]bool) {
	seen := make(map[string]bool, len(got))
	for _, k := range got {
		if seen[k] || !want[k] {
			b.Fatalf("key %q found twice or not in the walk", k)
		}
		seen[k] = true
	}
	if len(seen) != len(want) {
		b.Fatalf("found %d keys, the walk %d", len(seen), len(want))
	}
}
