package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
)

// denyListBuckets is a proxy in front of upstream that answers ListBuckets
// (GET /) with 403 AccessDenied, as a scoped IAM user or an R2 token gets.
func denyListBuckets(t *testing.T, upstream string) string {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/" {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"))
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// TestWayInWhenListBucketsIsDenied: with ListBuckets denied, o opens a
// bucket typed by hand (s3:// optional), it can be shared from, and the
// next session lists it on the buckets screen.
func TestWayInWhenListBucketsIsDenied(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "clients/a.png", []byte("png"))
	opts := srv.Options()
	opts.EndpointURL = denyListBuckets(t, srv.Endpoint)
	hist, err := history.OpenHistory(context.Background(), filepath.Join(t.TempDir(), "history.db"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hist.Close() })
	deps := func() Deps {
		br := s3browse.NewFromConfig(srv.Config(), opts)
		return Deps{Browser: br, Sharer: share.NewPipeline(br, hist, time.Now), History: hist, Places: hist, Now: time.Now,
			CopyNative: func(string) error { return nil }}
	}
	h := newHarness(t, deps(), 100, 30)
	h.mustSee("Cannot list buckets", "access denied", "Press o to open a bucket by name")
	h.keys("o")
	h.typeText("photos/clients")
	h.keys("enter")
	h.mustSee("photos/clients/", "a.png")
	h.keys("s", "enter")
	h.mustSee("Issued 1 link")

	h = newHarness(t, deps(), 100, 30) // the next session
	h.mustSee("Cannot list buckets", "Buckets opened before", "photos")
	h.keys("enter")
	h.mustSee("clients/")
}

// TestStartInAFolder: a location given at start opens that folder.
func TestStartInAFolder(t *testing.T) {
	d, _, _, _ := fakeDeps()
	d.Start = &s3browse.Location{Bucket: "photos", Key: "2026"}
	h := newHarness(t, d, 100, 30)
	h.mustSee("photos/2026/", "beach.jpg")
	h.keys("esc")
	h.mustSee("scratch") // the buckets screen is underneath
}
