package history

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testclock"
)

// testNow is the fixed clock of the history's tests (moved by
// S3SHARE_TEST_CLOCK_SHIFT, as every fixed clock is).
var testNow = testclock.At(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))

// benchKey is the key of the links the benchmarks record.
const benchKey = "2026/holiday/IMG_0001.jpg"

// countLinks counts every row of h, galleries' images too.
func countLinks(t *testing.T, h *History) int {
	t.Helper()
	all, err := h.List(context.Background(), Query{})
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

// openOld opens a copy of testdata/file, a history written by an older
// version's code, with the clock now (nil for the wall clock), and checks
// that it was migrated to the current schema. It is closed when the test
// ends.
func openOld(t *testing.T, file string, now func() time.Time) *History {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "history.db")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	h, err := OpenHistory(context.Background(), path, now)
	if err != nil {
		t.Fatalf("opening %s: %v", file, err)
	}
	t.Cleanup(func() { h.Close() })
	var version int
	if err := h.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != schemaVersion {
		t.Fatalf("schema version %d, %v; want %d", version, err, schemaVersion)
	}
	return h
}
