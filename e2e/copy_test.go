package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/presigned"
)

// TestURLsCopyableByHandAt80Columns shares three images at 80 columns with
// no clipboard, reveals the URLs and reads them off the screen as a mouse
// selection would: each URL is whole once its rows are joined, and opens.
// On quit the links are printed to the normal screen, one per line.
func TestURLsCopyableByHandAt80Columns(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "review")
	for i := range 3 {
		srv.Put(t, "review", fmt.Sprintf("shot-%d.png", i), []byte(fmt.Sprintf("png %d", i)))
	}
	history := filepath.Join(t.TempDir(), "history.db")
	cmdline := strings.Join([]string{Binary(t), "--endpoint-url", srv.Endpoint, "--history", history, "s3://review/"}, " ")
	term := StartTerm(t, cmdline, TermOptions{Width: 80, Height: 24, Env: srv.Env()})
	term.WaitFor("shot-2.png", 10*time.Second)
	term.SendKeys("Space", "Space", "Space", "s")
	term.WaitFor("Share 3 objects", 5*time.Second)
	term.SendKeys("Enter")
	term.WaitFor("Issued 3 links", 10*time.Second)
	term.SendKeys("v")
	links := recorded(t, history)
	screen := term.WaitFor("v hide URL", 5*time.Second)
	for i := len(links) - 1; i >= 0; i-- { // scroll down until each URL is whole on screen
		u := links[i].URL
		for range 10 {
			if got := urlOnScreen(screen, u); got == u {
				break
			}
			term.SendKeys("Down")
			time.Sleep(50 * time.Millisecond)
			screen = term.Screen()
		}
		if got := urlOnScreen(screen, u); got != u {
			t.Fatalf("URL %d read off the screen is not whole: %d of %d characters:\n%s", i, len(got), len(u), screen)
		}
	}
	if status := get(t, links[0].URL); status != 200 {
		t.Errorf("a URL read off the screen answers %d", status)
	}
	term.SendKeys("Escape")
	term.WaitFor("space select", 5*time.Second)
	term.SendKeys("q")
	// The normal screen, with rows the terminal wrapped joined back (-J),
	// until every link is on it: the output may still be arriving.
	var joined string
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		joined = term.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", term.session)
		if !strings.Contains(joined, "s3share  ") && allContained(joined, links) {
			return
		}
	}
	t.Errorf("after quitting, the normal screen does not hold every link whole:\n%s", joined)
}

// allContained reports whether every link's URL is in s.
func allContained(s string, links []presigned.Link) bool {
	for _, l := range links {
		if !strings.Contains(s, l.URL) {
			return false
		}
	}
	return true
}

// recorded returns the links in a history, newest first.
func recorded(t *testing.T, path string) []presigned.Link {
	t.Helper()
	h, err := history.OpenHistory(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	links, err := h.List(context.Background(), history.Query{})
	if err != nil {
		t.Fatal(err)
	}
	return links
}

// urlOnScreen finds the row where u starts and joins it with the rows after
// it, exactly as they are, for as long as they continue u; it returns what
// a mouse selection of those rows gives.
func urlOnScreen(screen, u string) string {
	rows := strings.Split(screen, "\n")
	for i, row := range rows {
		start := strings.Index(row, u[:min(60, len(u))])
		if start < 0 {
			continue
		}
		got := strings.TrimRight(row[start:], " ")
		for j := i + 1; j < len(rows) && len(got) < len(u); j++ {
			next := strings.TrimRight(rows[j], " ")
			if next == "" || !strings.HasPrefix(u[len(got):], next[:min(len(next), len(u)-len(got))]) {
				break
			}
			got += next
		}
		return got
	}
	return ""
}

// get fetches u and returns the status.
func get(t *testing.T, u string) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// TestOpenBucketWhenListingIsDenied: with ListBuckets denied, the binary
// opened at s3://bucket/ shows the folder, and shares from it.
func TestOpenBucketWhenListingIsDenied(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "scoped")
	srv.Put(t, "scoped", "only.png", []byte("png"))
	u, _ := url.Parse(srv.Endpoint)
	rp := httputil.NewSingleHostReverseProxy(u)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/" {
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"))
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	history := filepath.Join(t.TempDir(), "history.db")
	cmdline := strings.Join([]string{Binary(t), "--endpoint-url", front.URL, "--history", history, "s3://scoped/"}, " ")
	term := StartTerm(t, cmdline, TermOptions{Width: 100, Height: 30, Env: srv.Env()})
	term.WaitFor("only.png", 10*time.Second)
	term.SendKeys("s")
	term.WaitFor("Share 1 object from scoped", 5*time.Second)
	term.SendKeys("Enter")
	term.WaitFor("Issued 1 link", 10*time.Second)
	term.SendKeys("Escape")
	term.WaitFor("space select", 5*time.Second)
	term.SendKeys("Escape") // apart: a key right after Escape reads as alt+key
	term.WaitFor("Buckets opened before", 5*time.Second)
	term.WaitFor("scoped", 5*time.Second)
}
