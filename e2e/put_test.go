package e2e

import (
	"crypto/rand"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
)

// TestPutProgressInTmux uploads a file in parts (each held a moment by a
// proxy, so the upload takes long enough to watch) in a terminal: stderr
// shows one progress line with the bytes, the percentage and the rate,
// which is gone once the upload is done and the link printed.
func TestPutProgressInTmux(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "raw")
	px := faultproxy.New(t, srv.Endpoint)
	px.Only(func(r *http.Request) bool { return r.Method == http.MethodPut && r.URL.Query().Get("partNumber") != "" })
	px.SetDelay(700 * time.Millisecond)
	px.Always(faultproxy.Latency)
	dir := t.TempDir()
	big := make([]byte, 24<<20)
	if _, err := rand.Read(big); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "big.bin"), big, 0o600); err != nil {
		t.Fatal(err)
	}
	cmdline := strings.Join([]string{Binary(t), "--endpoint-url", px.URL, "--history", filepath.Join(dir, "h.db"),
		"put", "--all", "--part-size", "5MiB", filepath.Join(dir, "big.bin"), "s3://raw/"}, " ")
	term := StartTerm(t, cmdline, TermOptions{Width: 100, Height: 20, Env: srv.Env()})
	term.WaitUntil(func(s string) bool {
		return strings.Contains(s, "uploading big.bin") && strings.Contains(s, "/ 25 MB") && strings.Contains(s, "MB/s")
	}, "a progress line with bytes and rate", 20*time.Second)
	term.WaitFor("http://", 30*time.Second)
	all := term.tmux("capture-pane", "-p", "-S", "-50", "-t", term.session) // the scrollback too
	if strings.Contains(all, "uploading big.bin") || !strings.Contains(all, "s3share: uploaded big.bin to s3://raw/big.bin (25 MB") {
		t.Errorf("after the upload:\n%s", all)
	}
}
