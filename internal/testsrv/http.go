package testsrv

import (
	"bytes"
	"io"
	"net"
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

// OpenFrom GETs rawURL from the loopback address from (127.0.0.2, say, so
// that access logs show distinct addresses) with a User-Agent, reads the
// body and returns the status.
func OpenFrom(t testing.TB, from, rawURL, agent string) int {
	t.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	c := &http.Client{Transport: &http.Transport{DialContext: d.DialContext}, Timeout: 10 * time.Second}
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", agent)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}
