package ui

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/share"
)

// TestFlowShareTwoImages drives the real Browser, pipeline and History against
// an in-process S3 server that checks signatures: open a bucket, go into a
// folder, select two images, share them for 1h, and see both under the
// history's active filter.
func TestFlowShareTwoImages(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	bodies := map[string]string{"2026/a.png": "png bytes", "2026/b.jpg": "jpeg bytes", "2026/c.txt": "text", "top.png": "top"}
	for k, v := range bodies {
		srv.Put(t, "photos", k, []byte(v))
	}
	br := srv.Browser(t)
	hist, err := history.OpenHistory(context.Background(), filepath.Join(t.TempDir(), "history.db"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hist.Close() })
	var copied []string
	d := Deps{
		Browser: br, Sharer: share.NewPipeline(br, hist, time.Now), History: hist, Now: time.Now,
		CopyNative: func(s string) error { copied = append(copied, s); return nil },
	}

	h := newHarness(t, d, 80, 24)
	h.mustSee("photos")
	h.keys("enter")
	h.mustSee("2026/", "top.png")
	h.keys("enter") // the folder comes first
	h.mustSee("photos/2026/", "a.png", "b.jpg")
	h.keys("space", "space", "s", "up")
	h.mustSee("Share 2 objects from photos", "in 1h")
	h.keys("enter")
	h.mustSee("Copied 2 links via system clipboard, expire in 1h")

	if len(copied) != 1 {
		t.Fatalf("clipboard writes = %d, want 1", len(copied))
	}
	urls := strings.Split(copied[0], "\n")
	if len(urls) != 2 {
		t.Fatalf("clipboard holds %d URLs, want 2", len(urls))
	}
	for i, key := range []string{"2026/a.png", "2026/b.jpg"} {
		if got := fetch(t, urls[i]); got != bodies[key] {
			t.Fatalf("GET %s = %q, want %q", key, got, bodies[key])
		}
	}

	// Both fresh 1h links read active, and the active filter lists them.
	h.keys("esc", "H", "tab")
	h.mustSee("[active]", "2 links")
	for _, obj := range []string{"photos/2026/a.png", "photos/2026/b.jpg"} {
		if got := h.rowStatus(obj); got != "active" {
			t.Fatalf("%s has status %q, want active:\n%s", obj, got, h.view())
		}
	}
	active, err := hist.List(context.Background(), history.Query{Filter: history.FilterActive})
	if err != nil || len(active) != 2 {
		t.Fatalf("history active = %d, %v; want 2", len(active), err)
	}
}

// fetch GETs a presigned URL and returns the body.
func fetch(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET presigned URL: %s %v", resp.Status, err)
	}
	return string(b)
}
