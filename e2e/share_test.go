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
	term := StartTerm(t, cmdline, TermOptions{Width: 400, Height: 30, // wide: a URL is never cut before its signature
		Env: srv.Env(), Display: display})

	var screens []string // every screen seen, checked for secrets at the end
	see := func(text string, timeout time.Duration) {
		t.Helper()
		screens = append(screens, term.WaitFor(text, timeout))
	}
	see("client-review", 10*time.Second)
	term.SendKeys("Enter")
	see("cover.png", 10*time.Second)
	term.SendKeys("Down", "Enter") // folders come first: shots/, then cover.png
	see("24h", 5*time.Second)
	term.SendKeys("Enter")
	see("Copied 1 link via system clipboard", 10*time.Second)

	url := strings.TrimSpace(display.WaitClipboard(t, 5*time.Second))
	screens = append(screens, term.Screen())
	defer func() { checkScreens(t, screens, srv.SecretKey, url) }()
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
	see("shots/", 5*time.Second)
	term.SendKeys("H")
	screens = append(screens, term.WaitUntil(func(screen string) bool {
		for _, line := range strings.Split(screen, "\n") {
			if strings.Contains(line, "cover.png") && strings.Contains(line, "active") {
				return true
			}
		}
		return false
	}, "the history listing cover.png as active", 5*time.Second))
	term.SendKeys("q")
}

// checkScreens fails when a captured screen shows the secret key or the
// signature of url. Lines are joined so that a value wrapped across them
// still counts; failures never print the values.
func checkScreens(t *testing.T, screens []string, secretKey, url string) {
	t.Helper()
	sig := queryValue(url, "X-Amz-Signature")
	if len(sig) < 32 {
		t.Fatalf("the copied link has no signature: %s", maskQuery(url))
	}
	for i, screen := range screens {
		joined := strings.Join(strings.Fields(screen), "")
		if strings.Contains(joined, sig) || strings.Contains(joined, secretKey) {
			t.Errorf("screen %d shows the signature or the secret key", i)
		}
	}
}

// queryValue returns the raw value of name in url's query, or "".
func queryValue(url, name string) string {
	_, query, _ := strings.Cut(url, "?")
	for _, p := range strings.Split(query, "&") {
		if v, ok := strings.CutPrefix(p, name+"="); ok {
			return v
		}
	}
	return ""
}

// maskQuery drops a URL's query string so a failure never prints a signature.
func maskQuery(url string) string {
	if i := strings.IndexByte(url, '?'); i >= 0 {
		return url[:i] + "?…"
	}
	return url
}
