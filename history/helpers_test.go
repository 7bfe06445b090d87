package history

import (
	"context"
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
