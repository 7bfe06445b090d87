package testsrv

import (
	"bytes"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// Get fetches raw as a browser would and returns the status, the body and
// the headers.
func Get(t testing.TB, raw string) (int, []byte, http.Header) {
	t.Helper()
	resp, err := http.Get(raw)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, buf.Bytes(), resp.Header
}

// URLEnd is when a presigned URL stops working, read from its own query:
// X-Amz-Date plus X-Amz-Expires.
func URLEnd(t testing.TB, raw string) time.Time {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	signed, err := time.Parse("20060102T150405Z", q.Get("X-Amz-Date"))
	if err != nil {
		t.Fatal(err)
	}
	secs, err := time.ParseDuration(q.Get("X-Amz-Expires") + "s")
	if err != nil {
		t.Fatal(err)
	}
	return signed.Add(secs)
}
