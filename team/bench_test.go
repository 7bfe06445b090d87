package team_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/ledger"
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
