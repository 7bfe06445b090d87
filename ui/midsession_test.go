package ui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
)

// TestUIRefusesWhatTheCLIRefuses: a bucket deleted after it was listed,
// and an endpoint that died after the listing, fail the share in the UI
// as they do in the CLI, with nothing recorded.
func TestUIRefusesWhatTheCLIRefuses(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	px := faultproxy.New(t, srv.Endpoint)
	opts := srv.Options()
	opts.EndpointURL = px.URL
	hist, err := history.OpenHistory(context.Background(), filepath.Join(t.TempDir(), "history.db"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hist.Close() })
	br := s3browse.NewFromConfig(srv.Config(), opts)
	d := Deps{Browser: br, Sharer: share.NewPipeline(br, hist, time.Now), History: hist, Now: time.Now,
		CopyNative: func(string) error { return nil }}
	h := newHarness(t, d, 100, 30)
	h.keys("enter")
	h.mustSee("a.png")
	h.keys("s")
	h.mustSee("Share 1 object from photos")

	px.Always(faultproxy.Reset) // the endpoint dies
	h.keys("enter")
	h.mustSee("✗")
	if rows := historyRows(t, hist); rows != 0 {
		t.Fatalf("with the endpoint dead the UI recorded %d links", rows)
	}

	px.Always(faultproxy.None)
	ctx := context.Background()
	if _, err := srv.Client().DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("photos"), Key: aws.String("a.png")}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Client().DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("photos")}); err != nil {
		t.Fatal(err)
	}
	h.keys("enter")
	h.mustSee("no such bucket")
	if rows := historyRows(t, hist); rows != 0 {
		t.Fatalf("with the bucket deleted the UI recorded %d links", rows)
	}
}
