package s3browse_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// listBenchKeys is how many keys BenchmarkList streams: the 100k of issue 4,
// seeded as zero-byte files in one flat folder of versitygw's directory.
const listBenchKeys = 100_000

// listBenchBucket is the bucket the listing benchmark seeds.
const listBenchBucket = "bench"

// BenchmarkList streams every page of a 100k-key folder through
// Browser.ListAll and reports keys/s, against two local servers:
//
//   - server=versitygw: the real gateway over a directory. Its posix backend
//     reads and sorts the whole 100k-entry directory for every page of 1000,
//     so this figure is bound by the server, not by s3share.
//   - server=replay: an httptest server answering with the very pages
//     versitygw sent (recorded on the way through), so the figure is the
//     client's own throughput: signing, HTTP, XML decoding, conversion.
//
// The versitygw run also reports page 1 (Browser.ListPage) next to one raw
// round trip of the same signed ListObjectsV2 request, read to the end
// without decoding: the difference is the client's cost before page 1 can
// be drawn. b.Loop runs each body once per -count, so the server starts and
// the 100k files are written once.
func BenchmarkList(b *testing.B) {
	srv := testsrv.Versity(b)
	srv.CreateBucket(b, listBenchBucket)
	seedFlat(b, filepath.Join(srv.Dir, listBenchBucket), listBenchKeys)
	rec := &recorder{pages: map[string][]byte{}}
	cfg := srv.Config()
	cfg.HTTPClient = &http.Client{Transport: rec}
	br := s3browse.NewFromConfig(cfg, srv.Options())
	if _, err := br.BucketRegion(context.Background(), listBenchBucket); err != nil {
		b.Fatal(err)
	}
	b.Run("server=versitygw", func(b *testing.B) {
		page1, rtt := firstPageLatency(b, br, func() { rawListPage(b, srv) })
		benchListAll(b, br)
		reportPage1(b, page1, rtt)
	})
	b.Run("server=replay", func(b *testing.B) {
		if rec.len() == 0 {
			listCount(b, br) // record the pages when the versitygw run was filtered out
		}
		replay, url := replayBrowser(b, srv, rec)
		page1, rtt := firstPageLatency(b, replay, func() { rawReplayPage(b, url) })
		benchListAll(b, replay)
		reportPage1(b, page1, rtt)
	})
}

// benchListAll lists the folder once per iteration and reports keys/s.
func benchListAll(b *testing.B, br *s3browse.Browser) {
	total := 0
	for b.Loop() {
		total += listCount(b, br)
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "keys/s")
}

// listCount lists the whole bench folder and checks every key came back.
func listCount(b *testing.B, br *s3browse.Browser) int {
	n := 0
	err := br.ListAll(context.Background(), listBenchBucket, "", func(p s3browse.Page) error {
		n += len(p.Objects)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if n != listBenchKeys {
		b.Fatalf("listed %d keys, want %d", n, listBenchKeys)
	}
	return n
}

// seedFlat writes n zero-byte files straight into dir (the bucket's folder).
func seedFlat(b *testing.B, dir string, n int) {
	b.Helper()
	start := time.Now()
	for i := range n {
		name := filepath.Join(dir, fmt.Sprintf("img-%06d.jpg", i))
		if err := os.WriteFile(name, nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("seeded %d files in %v", n, time.Since(start).Round(time.Millisecond))
}

// firstPageLatency returns the median of page 1 through the Browser and of
// raw, the same request as one plain GET whose body is read and discarded.
func firstPageLatency(b *testing.B, br *s3browse.Browser, raw func()) (page1, rtt time.Duration) {
	b.Helper()
	const runs = 15
	var pages, raws []time.Duration
	for range runs {
		start := time.Now()
		if _, err := br.ListPage(context.Background(), listBenchBucket, "", ""); err != nil {
			b.Fatal(err)
		}
		pages = append(pages, time.Since(start))
		start = time.Now()
		raw()
		raws = append(raws, time.Since(start))
	}
	return median(pages), median(raws)
}

// reportPage1 reports page 1, the raw round trip, and the client's cost
// between them.
func reportPage1(b *testing.B, page1, rtt time.Duration) {
	b.ReportMetric(ms(page1), "page1-ms")
	b.ReportMetric(ms(rtt), "rtt-ms")
	b.ReportMetric(ms(page1-rtt), "page1-over-rtt-ms")
}

// emptySHA256 is the payload hash of a request without a body.
var emptySHA256 = func() string { s := sha256.Sum256(nil); return hex.EncodeToString(s[:]) }()

// rawListPage sends ListObjectsV2 page 1 as a plain signed GET and reads the
// whole body without parsing it.
func rawListPage(b *testing.B, srv *testsrv.Server) {
	b.Helper()
	ctx := context.Background()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		srv.Endpoint+"/"+listBenchBucket+"?delimiter=%2F&list-type=2&max-keys="+strconv.Itoa(s3browse.FirstPageKeys), nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("X-Amz-Content-Sha256", emptySHA256)
	creds, err := srv.Credentials().Retrieve(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, emptySHA256, "s3", srv.Region, time.Now()); err != nil {
		b.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		b.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("raw ListObjectsV2: status %d", resp.StatusCode)
	}
}

// median returns the middle value of ds.
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// ms converts d to fractional milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
