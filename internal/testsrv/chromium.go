package testsrv

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Chromium finds headless Chromium (the Debian package chromium), or
// skips the test; under CI=true a missing Chromium fails it.
func Chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missing(t, "chromium is not installed (Debian package chromium): nothing is opened in a browser")
	return ""
}

// chromiumFlags run Chromium headless, quietly, without a sandbox (tests
// run as root in containers) and without its own network traffic, so
// that what a server sees is the page's.
var chromiumFlags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync"}

// RunChromium runs headless Chromium with a fresh profile and args (e.g.
// "--dump-dom", URL, or "--screenshot=FILE", URL) and returns its
// standard output; it fails the test when Chromium fails or runs over
// two minutes.
func RunChromium(t testing.TB, chromium string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	flags := append(append([]string{}, chromiumFlags...), "--user-data-dir="+t.TempDir())
	cmd := exec.CommandContext(ctx, chromium, append(flags, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", args[0], err, lastLines(stderr.String(), 10))
	}
	return stdout.Bytes()
}

// lastLines is the end of s, n lines at most.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
