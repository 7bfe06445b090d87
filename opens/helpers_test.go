package opens_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/accesslogproxy"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
	"github.com/s3share/s3share/share"
)

// world is versitygw behind the logging proxy, whose bucket "photos" is
// logged into s3://logs/access/, and a history. The servers check
// signatures with the real time, so the history's clock is the real one.
type world struct {
	srv   *testsrv.Server
	proxy *accesslogproxy.Proxy
	b     *s3browse.Browser // through the proxy
	h     *history.History
}

// newWorld starts the servers, makes the buckets and opens a history.
func newWorld(t *testing.T, opts ...testsrv.Option) *world {
	t.Helper()
	srv := testsrv.Versity(t, opts...)
	proxy := accesslogproxy.Start(t, srv.Endpoint, srv.Region)
	srv.CreateBucket(t, "photos")
	srv.CreateBucket(t, "logs")
	proxy.EnableLogging("photos", accesslogproxy.Target{Bucket: "logs", Prefix: "access/"})
	h, err := history.OpenHistory(context.Background(), filepath.Join(t.TempDir(), "history.db"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	b := s3browse.NewFromConfig(srv.Config(), s3browse.Options{EndpointURL: proxy.URL, Region: srv.Region, PathStyle: true})
	return &world{srv: srv, proxy: proxy, b: b, h: h}
}

// fresh is a new S3 client through the proxy, as a new process has: no
// region known yet.
func (w *world) fresh() *s3browse.Browser {
	return s3browse.NewFromConfig(w.srv.Config(), s3browse.Options{EndpointURL: w.proxy.URL, Region: w.srv.Region, PathStyle: true})
}

// share issues links to photos/keys through the proxy and records them.
func (w *world) share(t *testing.T, revocable bool, keys ...string) []presigned.Link {
	t.Helper()
	for _, k := range keys {
		w.srv.Put(t, "photos", k, []byte("bytes of "+k))
	}
	return issue(t, w.b, w.h, "photos", revocable, keys...)
}

// shareVia puts bucket/keys and issues links to them through b, recorded
// in w's history.
func (w *world) shareVia(t *testing.T, b *s3browse.Browser, bucket string, keys ...string) []presigned.Link {
	t.Helper()
	for _, k := range keys {
		w.srv.Put(t, bucket, k, []byte("bytes of "+k))
	}
	return issue(t, b, w.h, bucket, false, keys...)
}

// issue issues links to existing objects bucket/keys through b.
func issue(t *testing.T, b *s3browse.Browser, h *history.History, bucket string, revocable bool, keys ...string) []presigned.Link {
	t.Helper()
	var reqs []share.Request
	for _, k := range keys {
		reqs = append(reqs, share.Request{Bucket: bucket, Key: k, Expires: time.Hour, Revocable: revocable})
	}
	res, err := share.NewPipeline(b, h, time.Now).Share(context.Background(), reqs, nil)
	if err != nil {
		t.Fatalf("share %v: %v", keys, err)
	}
	return res.Links
}

// ended records a link to photos/key signed two hours ago for one hour:
// it ended an hour ago (the pipeline refuses to issue such a link).
func (w *world) ended(t *testing.T, key string) presigned.Link {
	t.Helper()
	w.srv.Put(t, "photos", key, []byte("bytes of "+key))
	signed := time.Now().Add(-2 * time.Hour).Truncate(time.Second)
	p, err := w.b.PresignGet(context.Background(), s3browse.PresignInput{Bucket: "photos", Key: key, Expires: time.Hour, SignedAt: signed})
	if err != nil {
		t.Fatal(err)
	}
	l := presigned.Link{Bucket: "photos", Key: key, Region: p.Region, Endpoint: p.Endpoint, PathStyle: p.PathStyle, URL: p.URL,
		IssuedAt: p.SignedAt, ExpiresAt: p.SignedAt.Add(time.Hour), EffectiveExpiresAt: p.SignedAt.Add(time.Hour),
		CredentialKind: presigned.CredStatic, Size: -1}
	added, err := w.h.Add(context.Background(), []presigned.Link{l})
	if err != nil {
		t.Fatal(err)
	}
	return added[0]
}

// deliver delivers what the proxy logged of photos since the last
// delivery, times times (S3 delivers some records twice).
func (w *world) deliver(t *testing.T, times int) {
	t.Helper()
	batch := w.proxy.Take("photos")
	for i := 0; i < times; i++ {
		w.proxy.Deliver(t, w.srv, batch, time.Now())
	}
}

// ids are the links' ids.
func ids(links ...presigned.Link) []int64 {
	out := make([]int64, len(links))
	for i, l := range links {
		out[i] = l.ID
	}
	return out
}
