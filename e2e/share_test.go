package e2e

import (
	"bytes"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
)

// TestShareFromTerminal is the main job done as a person does it: open the
// bucket in the real binary, share an image with the default 24h, paste the
// link from the real clipboard, and find it active in the history.
func TestShareFromTerminal(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "client-review")
	image := bytes.Repeat([]byte("\x89PNG review image "), 200)
	srv.Put(t, "client-review", "cover.png", image)
	srv.Put(t, "client-review", "shots/detail.jpg", []byte("jpeg"))
	display := StartDisplay(t)
	history := filepath.Join(t.TempDir(), "state", "history.db")

	cmdline := strings.Join([]string{Binary(t), "--endpoint-url", srv.Endpoint, "--path-style", "--history", history}, " ")
	term := StartTerm(t, cmdline, TermOptions{Width: 100, Height: 30, Env: srv.Env(), Display: display})

	term.WaitFor("client-review", 10*time.Second)
	term.SendKeys("Enter")
	term.WaitFor("cover.png", 10*time.Second)
	term.SendKeys("Down", "Enter") // folders come first: shots/, then cover.png
	term.WaitFor("24h", 5*time.Second)
	term.SendKeys("Enter")
	term.WaitFor("Copied 1 link via system clipboard", 10*time.Second)

	url := strings.TrimSpace(display.WaitClipboard(t, 5*time.Second))
	if !strings.Contains(url, "X-Amz-Expires=86400") {
		t.Errorf("the default expiry is not 24h: %s", maskQuery(url))
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET the copied link: %v", err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Equal(got, image) {
		t.Fatalf("copied link: status %d, %d bytes, want 200 and the image's %d bytes", resp.StatusCode, len(got), len(image))
	}

	term.SendKeys("Escape") // back to the objects; a key right after Escape would read as alt+key
	term.WaitFor("shots/", 5*time.Second)
	term.SendKeys("H")
	term.WaitUntil(func(screen string) bool {
		for _, line := range strings.Split(screen, "\n") {
			if strings.Contains(line, "cover.png") && strings.Contains(line, "active") {
				return true
			}
		}
		return false
	}, "the history listing cover.png as active", 5*time.Second)
	term.SendKeys("q")
}

// maskQuery drops a URL's query string so a failure never prints a signature.
func maskQuery(url string) string {
	if i := strings.IndexByte(url, '?'); i >= 0 {
		return url[:i] + "?…"
	}
	return url
}
