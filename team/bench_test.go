package team_test

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/ledger"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
	"github.com/s3share/s3share/team"
)

// BenchmarkCacheApply10k applies what a first sync from a snapshot of
// 10,000 links brings (10,000 issued events, one Apply) to a fresh
// history: the local half of the 2 s first sync.
func BenchmarkCacheApply10k(b *testing.B) {
	ctx := context.Background()
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	events := make([]ledger.Event, 10000)
	for i := range events {
		l := shared("k.jpg", i%2 == 0)
		rec := &ledger.LinkRecord{Bucket: l.Bucket, Key: l.Key, Region: l.Region, URL: "http://127.0.0.1:1/photos/k.jpg?X-Amz-Date=x",
			IssuedAt: l.IssuedAt, ExpiresAt: l.ExpiresAt, EffectiveExpiresAt: l.EffectiveExpiresAt, ShareKey: l.ShareKey, Size: 12}
		events[i] = ledger.Event{ID: ledger.NewID(), Kind: ledger.KindIssued, Writer: "bob", At: at, Link: ledger.NewID(), Record: rec}
	}
	for b.Loop() {
		b.StopTimer()
		h, err := history.OpenHistory(ctx, filepath.Join(b.TempDir(), "h.db"), nil)
		if err != nil {
			b.Fatal(err)
		}
		const loc = "s3://team/s3share/"
		if err := h.JoinTeam(ctx, history.TeamMember{Ledger: loc, Member: "ann"}); err != nil {
			b.Fatal(err)
		}
		c := team.NewCache(h, loc)
		b.StartTimer()
		if err := c.Apply(ctx, ledger.Position{Applied: 100, Synced: at}, events); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		h.Close()
		b.StartTimer()
	}
}

// BenchmarkPresignTeam: what a team adds to a presign, against versitygw
// behind a proxy that adds 20 ms to every request, each op as a presign
// process does it (a new S3 client, the pipeline's checks, signing,
// recording): off, without a team; on, with one, the push after it
// included. roundtrip is one PUT of 1 KiB (about a log object) through
// the proxy, the unit of the target: a team adds at most one round trip
// and one PUT (a snapshot every 100 log objects aside). Each reports
// requests/op and PUTs/op.
func BenchmarkPresignTeam(b *testing.B) {
	srv := testsrv.Versity(b)
	srv.CreateBucket(b, "team")
	srv.CreateBucket(b, "photos")
	srv.Put(b, "photos", "cat.png", []byte("cat"))
	px := faultproxy.New(b, srv.Endpoint)
	px.SetDelay(20 * time.Millisecond)
	px.Always(faultproxy.Latency)
	ctx := context.Background()
	browser := func() *s3browse.Browser {
		opts := srv.Options()
		opts.EndpointURL = px.URL
		return s3browse.NewFromConfig(srv.Config(), opts)
	}
	measure := func(b *testing.B, op func()) {
		requests, puts := px.Requests(), px.RequestsOf(http.MethodPut)
		for b.Loop() {
			op()
		}
		b.ReportMetric(float64(px.Requests()-requests)/float64(b.N), "requests/op")
		b.ReportMetric(float64(px.RequestsOf(http.MethodPut)-puts)/float64(b.N), "PUTs/op")
	}
	b.Run("roundtrip", func(b *testing.B) {
		br := browser()
		body := bytes.Repeat([]byte("x"), 1024) // about a log object of one event
		measure(b, func() {
			if err := br.PutObject(ctx, s3browse.PutInput{Bucket: "photos", Key: "roundtrip", Body: body}); err != nil {
				b.Fatal(err)
			}
		})
	})
	for _, on := range []bool{false, true} {
		h, cfg := benchTeam(b, browser(), on) // once: -count runs the sub-benchmarks again
		presignOnce(b, h, browser(), cfg, on) // the first push pulls first: measure the ones after
		b.Run(map[bool]string{false: "off", true: "on"}[on], func(b *testing.B) {
			measure(b, func() { presignOnce(b, h, browser(), cfg, on) })
		})
	}
}

// benchTeam opens a history and, with on, starts a ledger in the team
// bucket with it, as ann.
func benchTeam(b testing.TB, br *s3browse.Browser, on bool) (*history.History, team.Config) {
	b.Helper()
	h, err := history.OpenHistory(context.Background(), filepath.Join(b.TempDir(), "h.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { h.Close() })
	cfg := team.Config{History: h, Objects: br, Bucket: "team", Prefix: "s3share/", Local: time.Now}
	if on {
		if _, _, err := team.Join(context.Background(), cfg, team.JoinOptions{Name: "ann", Identity: "AK", Start: true}); err != nil {
			b.Fatal(err)
		}
	}
	return h, cfg
}

// presignOnce issues one link of photos/cat.png through br into h, as the
// CLI's presign does: with on, the team's session records its event and
// pushes it afterwards.
func presignOnce(b testing.TB, h *history.History, br *s3browse.Browser, cfg team.Config, on bool) {
	ctx := context.Background()
	var s *team.Session
	if on {
		cfg.Objects = br
		var err error
		if s, err = team.Open(ctx, cfg); err != nil {
			b.Fatal(err)
		}
	}
	res, err := share.NewPipeline(br, h, nil).Share(ctx, []share.Request{{Bucket: "photos", Key: "cat.png", Expires: time.Hour}}, nil)
	if err != nil || len(res.Links) != 1 {
		b.Fatalf("presign: %v", err)
	}
	if s != nil {
		if _, err := s.Push(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
