package history

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/s3share/s3share/presigned"
)

// TestHistoryOpeningRecords: a history opened in the background records
// links like one opened first, and reads them back once closed.
func TestHistoryOpeningRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	o := OpenHistoryInBackground(path, func() time.Time { return testNow })
	ctx := context.Background()
	if err := o.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	if err := o.RememberRegion(ctx, "http://e", "photos", "eu-west-1"); err != nil {
		t.Fatal(err)
	}
	added, err := o.Add(ctx, []presigned.Link{link("photos", "a.png", "", testNow, time.Hour, 0)})
	if err != nil || len(added) != 1 || added[0].ID == 0 {
		t.Fatalf("Add: %+v, %v", added, err)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	h, err := OpenHistory(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if got, err := h.Get(ctx, added[0].ID); err != nil || got.Key != "a.png" {
		t.Errorf("read back %+v, %v", got, err)
	}
	if region, err := h.CachedRegion(ctx, "http://e", "photos"); err != nil || region != "eu-west-1" {
		t.Errorf("cached region %q, %v", region, err)
	}
}

// TestHistoryOpeningFailsLikeOpenHistory: a history that cannot be opened
// answers every call with the open's error, and closing it is harmless.
func TestHistoryOpeningFailsLikeOpenHistory(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	o := OpenHistoryInBackground(filepath.Join(notDir, "history.db"), nil)
	var he *HistoryError
	if err := o.Verify(context.Background()); !errors.As(err, &he) {
		t.Errorf("Verify: %v, want the open's HistoryError", err)
	}
	if _, err := o.Add(context.Background(), []presigned.Link{link("b", "k", "", testNow, time.Hour, 0)}); !errors.As(err, &he) {
		t.Errorf("Add: %v, want the open's HistoryError", err)
	}
	if _, err := o.Opened(); !errors.As(err, &he) {
		t.Errorf("Opened: %v", err)
	}
	if err := o.Close(); err != nil {
		t.Errorf("Close after a failed open: %v", err)
	}
}
