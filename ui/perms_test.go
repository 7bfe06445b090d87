//go:build unix

package ui

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/s3share/s3share/history"
)

// TestHistoryFilesStayPrivate writes the real history through every UI
// path (share, renew, delete) with a umask of 0, so that only s3share's own
// care keeps the directory 0700 and the database, -wal and -shm 0600.
func TestHistoryFilesStayPrivate(t *testing.T) {
	old := syscall.Umask(0)
	t.Cleanup(func() { syscall.Umask(old) })
	path := filepath.Join(t.TempDir(), "state", "history.db")
	hist, err := history.OpenHistory(context.Background(), path, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hist.Close() })
	d, fb, _, _ := fakeDeps()
	d.History, d.Sharer = hist, pipeline(fb, hist)
	h := newHarness(t, d, 120, 35)

	h.keys("enter", "down", "down", "enter", "enter")
	h.mustSee("Issued 1 link")
	checkPrivate(t, "share", path)
	h.keys("esc", "H", "r")
	h.mustSee("2 links")
	checkPrivate(t, "renew", path)
	h.keys("d", "y")
	h.mustSee("Deleted link #", "1 link")
	checkPrivate(t, "delete", path)
}

// checkPrivate fails unless path's directory is 0700 and path, -wal and
// -shm, where they exist, are 0600. The WAL must exist after a write.
func checkPrivate(t *testing.T, after, path string) {
	t.Helper()
	want := map[string]os.FileMode{filepath.Dir(path): 0o700, path: 0o600, path + "-wal": 0o600, path + "-shm": 0o600}
	for p, mode := range want {
		info, err := os.Stat(p)
		if os.IsNotExist(err) && p != path+"-wal" && p != path {
			continue
		}
		if err != nil {
			t.Fatalf("after %s: %v", after, err)
		}
		if got := info.Mode().Perm(); got != mode {
			t.Fatalf("after %s: %s is %o, want %o", after, filepath.Base(p), got, mode)
		}
	}
}
