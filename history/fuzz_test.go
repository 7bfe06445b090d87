package history

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testclock"
	"github.com/s3share/s3share/presigned"
)

// fuzzValue turns fuzz input into a column value of the type sel picks.
func fuzzValue(sel byte, i int64, fl float64, s string, b []byte) any {
	switch sel % 5 {
	case 0:
		return i
	case 1:
		return fl
	case 2:
		return s
	case 3:
		return b
	}
	return nil
}

// checkHistoryErr fails unless err is a one-line *HistoryError.
func checkHistoryErr(t *testing.T, err error) {
	t.Helper()
	var he *HistoryError
	if !errors.As(err, &he) || strings.ContainsAny(err.Error(), "\n\r") {
		t.Fatalf("not a one-line history error: %q", err)
	}
}

// FuzzHistoryDecode stores rows with arbitrary column values and types (as
// another program or a damaged file could) and reads them back: reading
// gives links or a clean one-line error, never a panic.
func FuzzHistoryDecode(f *testing.F) {
	f.Add([]byte{2, 2, 2, 2, 2, 0, 0, 0, 2, 2, 2, 2}, int64(1764000000000000000), 1.5, "photos", []byte("x"))
	f.Add([]byte{2, 3, 4, 1, 0}, int64(-1), math.Copysign(0, -1), "not a time", []byte{0xff, 0})
	f.Add([]byte{1}, int64(9223372036854775807), 1e300, "", []byte(nil))
	now := testclock.At(time.Unix(1764000000, 0))
	h, err := OpenHistory(context.Background(), filepath.Join(f.TempDir(), "history.db"), func() time.Time { return now })
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { h.Close() })
	// Decoding is under test, not durability: without an fsync per input
	// the runs are quicker, and a disk that stalls cannot hold a worker
	// past the end of -fuzztime (which the engine reports as "context
	// deadline exceeded").
	if _, err := h.db.Exec("PRAGMA synchronous=OFF"); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, sel []byte, i int64, fl float64, s string, b []byte) {
		if len(sel) == 0 {
			sel = []byte{2}
		}
		vals := make([]any, 12)
		for k := range vals {
			vals[k] = fuzzValue(sel[k%len(sel)]+byte(k/len(sel)), i, fl, s, b)
		}
		ctx := context.Background()
		if _, err := h.db.Exec("DELETE FROM links"); err != nil {
			t.Fatal(err)
		}
		res, err := h.db.Exec(`INSERT INTO links (bucket, key, region, endpoint, url, issued_at, expires_at,
			effective_expires_at, credential_kind, disposition, batch_id, label) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, vals...)
		if err != nil {
			return // NOT NULL refused it: nothing stored
		}
		id, _ := res.LastInsertId()
		for _, q := range []Query{{}, {Filter: FilterActive}, {Filter: FilterExpired, Search: s}} {
			links, err := h.List(ctx, q)
			if err != nil {
				checkHistoryErr(t, err)
				continue
			}
			for _, l := range links {
				_ = l.StatusAt(now)
			}
		}
		if _, err := h.Get(ctx, id); err != nil {
			checkHistoryErr(t, err)
		}
	})
}

// FuzzHistoryOpen opens arbitrary bytes as a history: it opens, or fails
// with a one-line error naming the file and leaves the bytes untouched.
// Its seeds run with go test; it is not in `make fuzz` because the fuzzing
// engine's worker stalls after a few hundred inputs (no input was found
// that hangs when replayed on its own).
func FuzzHistoryOpen(f *testing.F) {
	f.Add([]byte(""))
	f.Add([]byte(sqliteHeader))
	f.Add([]byte("id,url\n1,https://example.com/\n"))
	f.Add(validHistoryBytes(f))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "history.db")
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			os.Remove(p)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		openArbitrary(t, path, data)
	})
}

// openArbitrary opens a history file holding data and reads it.
func openArbitrary(t *testing.T, path string, data []byte) {
	h, err := OpenHistory(context.Background(), path, nil)
	if err != nil {
		checkHistoryErr(t, err)
		if !strings.Contains(err.Error(), path) {
			t.Errorf("error does not name the file: %q", err)
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
			t.Error("a history that failed to open was changed")
		}
		return
	}
	defer h.Close()
	if _, err := h.List(context.Background(), Query{}); err != nil {
		checkHistoryErr(t, err)
	}
}

// validHistoryBytes is a small real history file with two links.
func validHistoryBytes(f *testing.F) []byte {
	path := filepath.Join(f.TempDir(), "seed.db")
	h, err := OpenHistory(context.Background(), path, nil)
	if err != nil {
		f.Fatal(err)
	}
	now := testclock.At(time.Unix(1764000000, 0))
	_, err = h.Add(context.Background(), []presigned.Link{
		{Bucket: "photos", Key: "a.png", URL: "https://example.com/a", IssuedAt: now, ExpiresAt: now.Add(time.Hour)},
		{Bucket: "photos", Key: "b.png", URL: "https://example.com/b", IssuedAt: now, ExpiresAt: now.Add(time.Minute)},
	})
	if err != nil || h.Close() != nil {
		f.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return data
}
