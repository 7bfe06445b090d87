package linkcheck

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// BenchmarkCheckLive checks 1,000 live links against a local versitygw:
// each a real ranged GET of its exact URL, 8 at a time.
func BenchmarkCheckLive(b *testing.B) {
	srv := testsrv.Versity(b)
	srv.CreateBucket(b, "photos")
	dir := filepath.Join(srv.Dir, "photos")
	br := srv.Browser(b)
	links := make([]presigned.Link, 1000)
	now := time.Now()
	for i := range links {
		key := fmt.Sprintf("img-%04d.png", i)
		if err := os.WriteFile(filepath.Join(dir, key), []byte("png bytes"), 0o644); err != nil {
			b.Fatal(err)
		}
		p, err := br.PresignGet(context.Background(), s3browse.PresignInput{Bucket: "photos", Key: key, Expires: time.Hour, SignedAt: time.Now()})
		if err != nil {
			b.Fatal(err)
		}
		links[i] = presigned.Link{ID: int64(i + 1), Bucket: "photos", Key: key, Size: 9, Endpoint: p.Endpoint, PathStyle: p.PathStyle, URL: p.URL,
			IssuedAt: now, ExpiresAt: now.Add(time.Hour), EffectiveExpiresAt: now.Add(time.Hour)}
	}
	c := NewChecker(0, 0, nil)
	b.ResetTimer()
	for b.Loop() {
		works := 0
		c.Check(context.Background(), links, func(_ int, v presigned.Verdict) {
			if v.Works() {
				works++
			}
		})
		if works != len(links) {
			b.Fatalf("%d of %d links work", works, len(links))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/1000links")
}

// BenchmarkCheckPastEnd checks 10,000 links past their end: every verdict
// comes from the clock, and the requests metric counts what reached a
// server (it must be 0).
func BenchmarkCheckPastEnd(b *testing.B) {
	var hits atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	b.Cleanup(ts.Close)
	issued := time.Now().Add(-48 * time.Hour)
	links := make([]presigned.Link, 10000)
	for i := range links {
		links[i] = presigned.Link{ID: int64(i + 1), URL: ts.URL + "/photos/a.png", IssuedAt: issued,
			ExpiresAt: issued.Add(time.Hour), EffectiveExpiresAt: issued.Add(time.Hour)}
	}
	c := NewChecker(0, 0, nil)
	for b.Loop() {
		c.Check(context.Background(), links, func(int, presigned.Verdict) {})
	}
	b.ReportMetric(float64(hits.Load()), "requests")
}
