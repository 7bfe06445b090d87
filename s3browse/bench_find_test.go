package s3browse_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
// with one sequential ListObjectsV2 walk of the same bucket, both through
// internal/faultproxy adding 20 ms to every request, on three servers:
//
//   - server=versitygw: the real gateway, as installed. For each key it
//     lists it reads three extended attributes (none set here: the objects
//     are files written straight into its directory) and stats the file;
//     syscalls are dear on this VM, and its CPU (reported as
//     server-cpu-ms/op) shares the machine's two cores with the client, so
//     on this machine it, not the round trips, bounds a parallel search.
//   - server=versitygw-nometa: the same gateway with --nometa, which skips
//     the attribute reads and lists exactly the same keys, sizes and dates
//     at about a third of the CPU per key.
//   - server=memory: memLister, keys in memory at next to no CPU per key:
//     the round trips are the cost, as against S3.
//
// Every run checks that each key was reported exactly once. The ratios to
// judge are walk ns/op over find ns/op (nested) and find over walk (flat).
func BenchmarkFind(b *testing.B) {
	buckets := map[string][]string{"nested": nestedBenchKeys(), "flat": numbered("", "img-%06d.jpg", findFlatKeys)}
	for _, server := range []struct {
		name string
		opts []testsrv.Option
	}{
		{"versitygw", nil},
		{"versitygw-nometa", []testsrv.Option{testsrv.WithoutMetadata()}},
	} {
		b.Run("server="+server.name, func(b *testing.B) {
			srv := testsrv.Versity(b, append(server.opts, testsrv.InDir(fastDir()))...)
			seedFiles(b, srv, buckets)
			benchFindOn(b, srv.Endpoint, srv.Config(), buckets, srv.CPUTime)
		})
	}
	b.Run("server=memory", func(b *testing.B) {
		copies := map[string][]string{}
		for name, keys := range buckets {
			copies[name] = slices.Clone(keys)
		}
		endpoint := startMemLister(b, copies)
		srv := testsrv.Server{Region: "us-east-1", AccessKey: testsrv.AccessKey, SecretKey: testsrv.SecretKey}
		benchFindOn(b, endpoint, srv.Config(), buckets, srv.CPUTime)
	})
}

// benchFindOn times find and the walk on each bucket through a proxy
// adding findRoundTrip in front of endpoint; serverCPU, when it knows,
// tells the server's CPU time so far.
func benchFindOn(b *testing.B, endpoint string, cfg aws.Config, buckets map[string][]string, serverCPU func() (time.Duration, bool)) {
	p := faultproxy.New(b, endpoint)
	p.SetDelay(findRoundTrip)
	p.Always(faultproxy.Latency)
	br := s3browse.NewFromConfig(cfg, s3browse.Options{EndpointURL: p.URL, Region: cfg.Region, PathStyle: true})
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint, o.UsePathStyle = aws.String(p.URL), true
	})
	for _, bucket := range []string{"nested", "flat"} {
		want := map[string]bool{}
		for _, k := range buckets[bucket] {
			want[k] = true
		}
		run := func(name string, list func(b *testing.B) []string) {
			b.Run("bucket="+bucket+"/"+name, func(b *testing.B) {
				before := p.Requests()
				cpu0, known := serverCPU()
				for b.Loop() {
					checkOnce(b, list(b), want)
				}
				b.ReportMetric(float64(len(want)), "keys")
				b.ReportMetric(float64(p.Requests()-before)/float64(b.N), "requests/op")
				if cpu, ok := serverCPU(); known && ok {
					b.ReportMetric(float64((cpu-cpu0).Milliseconds())/float64(b.N), "server-cpu-ms/op")
				}
			})
		}
		run("find", func(b *testing.B) []string { return findKeys(b, br, bucket, "", s3browse.FindOptions{All: true}) })
		run("walk", func(b *testing.B) []string { return walkClient(b, client, bucket) })
	}
}

// nestedBenchKeys are 100 images in each of 1,000 folders.
func nestedBenchKeys() []string {
	var keys []string
	for f := range findNestedFolders {
		keys = append(keys, numbered(fmt.Sprintf("folder-%04d/", f), "img-%03d.jpg", findNestedPer)...)
	}
	return keys
}

// fastDir is a tmpfs to seed the server in when there is one (creating a
// file costs about 0.6 ms on this machine's disk, 10 us on tmpfs), else "".
func fastDir() string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		return "/dev/shm"
	}
	return ""
}

// seedFiles creates the buckets and writes their keys as empty files
// straight into versitygw's directory.
func seedFiles(b *testing.B, srv *testsrv.Server, buckets map[string][]string) {
	start := time.Now()
	for bucket, keys := range buckets {
		srv.CreateBucket(b, bucket)
		for _, k := range keys {
			path := filepath.Join(srv.Dir, bucket, k)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(path, nil, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Logf("seeded the buckets in %v", time.Since(start).Round(time.Millisecond))
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
			b.Fatalf("key %q found twice or not in the bucket", k)
		}
		seen[k] = true
	}
	if len(seen) != len(want) {
		b.Fatalf("found %d keys of %d", len(seen), len(want))
	}
}
