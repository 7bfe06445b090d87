package history

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/s3share/s3share/presigned"
)

// benchEntries is the history size of issue 4's targets.
const benchEntries = 100_000

// benchNow is the fixed clock of the history benchmarks: the moment the
// newest of the generated links was issued.
var benchNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// benchHistory is the shared 100k-entry history, built once per process.
var benchHistory struct {
	once sync.Once
	dir  string
	h    *History
	err  error
}

// sharedHistory returns the 100k-entry history, building it on first use.
func sharedHistory(b *testing.B) *History {
	b.Helper()
	benchHistory.once.Do(func() {
		if benchHistory.dir, benchHistory.err = os.MkdirTemp("", "s3share-bench-"); benchHistory.err != nil {
			return
		}
		benchHistory.h, benchHistory.err = buildHistory(filepath.Join(benchHistory.dir, "history.db"), benchEntries)
	})
	if benchHistory.err != nil {
		b.Fatal(benchHistory.err)
	}
	return benchHistory.h
}

// bulkInsert fills links with n rows in one statement: one link every five
// minutes back from benchNow, expiries cycling through 1h, 24h and 7d, a
// presigned-URL-sized url, and every 10th link ended early by temporary
// credentials. With that spread about 2.5k links are still active.
const bulkInsert = `
WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ?1),
gen AS (SELECT i, ?2 - i * 300000000000 AS issued,
	CASE i % 3 WHEN 0 THEN 3600 WHEN 1 THEN 86400 ELSE 604800 END * 1000000000 AS dur FROM seq)
INSERT INTO links (bucket, key, region, endpoint, url, issued_at, expires_at, effective_expires_at,
	credential_kind, disposition, batch_id, label)
SELECT 'photos', printf('2026/album-%03d/IMG_%06d.jpg', i % 500, i), 'us-east-1', '',
	printf('https://photos.s3.us-east-1.amazonaws.com/2026/album-%03d/IMG_%06d.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256'
		|| '&X-Amz-Credential=AKIAEXAMPLEEXAMPLE%%2F20261127%%2Fus-east-1%%2Fs3%%2Faws4_request&X-Amz-Date=20261127T120000Z'
		|| '&X-Amz-Expires=%d&X-Amz-SignedHeaders=host&X-Amz-Signature=%s', i % 500, i, dur / 1000000000,
		lower(hex(randomblob(32)))),
	issued, issued + dur,
	CASE WHEN i % 10 = 0 THEN issued + dur / 2 ELSE issued + dur END,
	CASE WHEN i % 10 = 0 THEN 'temporary' ELSE 'static' END, '',
	printf('%016x', i / 10), CASE WHEN i % 7 = 0 THEN printf('client %d', i % 50) ELSE '' END
FROM gen`

// buildHistory creates a history at path holding n generated links.
func buildHistory(path string, n int) (*History, error) {
	h, err := OpenHistory(context.Background(), path, func() time.Time { return benchNow })
	if err != nil {
		return nil, err
	}
	if _, err := h.db.Exec(bulkInsert, n, benchNow.UnixNano()); err != nil {
		h.Close()
		return nil, fmt.Errorf("bulk insert: %w", err)
	}
	if _, err := h.db.Exec("ANALYZE"); err != nil {
		h.Close()
		return nil, err
	}
	return h, nil
}

// benchQuery runs q against the 100k history once per iteration.
func benchQuery(b *testing.B, q Query, want int) {
	h := sharedHistory(b)
	ctx := context.Background()
	for b.Loop() {
		links, err := h.List(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		if want > 0 && len(links) != want {
			b.Fatalf("got %d links, want %d", len(links), want)
		}
	}
}

// BenchmarkHistoryRecent is the first screen of the history: the newest 100
// links of 100k.
func BenchmarkHistoryRecent(b *testing.B) {
	b.Run(fmt.Sprintf("entries=%d", benchEntries), func(b *testing.B) {
		benchQuery(b, Query{Limit: 100}, 100)
	})
}

// uiHistoryLimit is the bound the terminal UI puts on one history query.
const uiHistoryLimit = 2000

// BenchmarkHistoryQueryExpired is the UI's "expired" tab: the newest 2000
// links that no longer work, of 100k.
func BenchmarkHistoryQueryExpired(b *testing.B) {
	b.Run(fmt.Sprintf("entries=%d", benchEntries), func(b *testing.B) {
		benchQuery(b, Query{Filter: FilterExpired, Limit: uiHistoryLimit}, uiHistoryLimit)
	})
}

// BenchmarkHistoryQueryActive is the UI's "active" tab: every link that
// still works (about 2.5k of 100k), up to the UI's bound.
func BenchmarkHistoryQueryActive(b *testing.B) {
	b.Run(fmt.Sprintf("entries=%d", benchEntries), func(b *testing.B) {
		benchQuery(b, Query{Filter: FilterActive, Limit: uiHistoryLimit}, 0)
	})
}

// BenchmarkHistoryAppend records one link per iteration (one transaction,
// fsync on commit: WAL with synchronous=FULL) into a 100k-entry history.
func BenchmarkHistoryAppend(b *testing.B) {
	h, err := buildHistory(filepath.Join(b.TempDir(), "history.db"), benchEntries)
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	ctx := context.Background()
	l := link("photos", benchKey, "bench", benchNow, 24*time.Hour, 0)
	for b.Loop() {
		if _, err := h.Add(ctx, []presigned.Link{l}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHistoryOneShot is the history's part of a one-shot presign:
// open, the check before issuing (Verify), record one link, close. Its
// cost must not grow with the history: compare entries=100k with
// entries=100.
func BenchmarkHistoryOneShot(b *testing.B) {
	for _, n := range []int{100, benchEntries} {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "history.db")
			h, err := buildHistory(path, n)
			if err != nil {
				b.Fatal(err)
			}
			h.Close()
			ctx := context.Background()
			l := link("photos", benchKey, "bench", benchNow, 24*time.Hour, 0)
			for b.Loop() {
				h, err := OpenHistory(context.Background(), path, func() time.Time { return benchNow })
				if err != nil {
					b.Fatal(err)
				}
				if err := h.Verify(ctx); err != nil {
					b.Fatal(err)
				}
				if _, err := h.Add(ctx, []presigned.Link{l}); err != nil {
					b.Fatal(err)
				}
				if err := h.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
