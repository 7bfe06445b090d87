package s3browse_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// recorder is an http.RoundTripper that keeps the body of every
// ListObjectsV2 answer, keyed by the request's continuation token.
type recorder struct {
	mu    sync.Mutex
	pages map[string][]byte
}

// RoundTrip forwards req and records ListObjectsV2 bodies.
func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	q := req.URL.Query()
	if err != nil || resp.StatusCode != http.StatusOK || q.Get("list-type") != "2" {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.pages[q.Get("continuation-token")] = body
	r.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// len returns how many pages were recorded.
func (r *recorder) len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.pages)
}

// replayBrowser starts a server that answers ListObjectsV2 with the recorded
// pages (signatures are not checked) and returns a Browser pointed at it and
// the server's URL.
func replayBrowser(b *testing.B, srv *testsrv.Server, rec *recorder) (*s3browse.Browser, string) {
	b.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rec.mu.Lock()
		body, ok := rec.pages[req.URL.Query().Get("continuation-token")]
		rec.mu.Unlock()
		if !ok {
			http.Error(w, "no recorded page", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		_, _ = w.Write(body)
	}))
	b.Cleanup(ts.Close)
	opts := srv.Options()
	opts.EndpointURL = ts.URL
	return s3browse.NewFromConfig(srv.Config(), opts), ts.URL
}

// rawReplayPage fetches page 1 from the replay server and reads it whole,
// without signing or decoding: the floor of one round trip.
func rawReplayPage(b *testing.B, url string) {
	resp, err := http.Get(url + "/" + listBenchBucket + "?delimiter=%2F&list-type=2")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("raw replayed page 1: status %d, %v", resp.StatusCode, err)
	}
}
