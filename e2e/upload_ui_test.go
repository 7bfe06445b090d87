package e2e

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testimage"
	"github.com/s3share/s3share/internal/testsrv"
)

// uploadingBar is a frame's bar of big.png under way: its percentage.
var uploadingBar = regexp.MustCompile(`big\.png\s+\S+\s+(\d+)%\s+\S+ \S+ / 67 MB`)

// TestUploadFromTheUI is an upload as a person does it in the real
// binary: u in a folder, the picker on the working directory, two
// images marked (one of 64 MiB, whose bar is seen part way, its last
// part held a moment by a proxy), enter; the share dialog opens for both,
// enter copies their links, which fetch the files; the folder lists them.
// Then a path pasted into the terminal (bracketed paste, as a dropped
// file) offers its upload, and y uploads it.
func TestUploadFromTheUI(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "shots")
	px := faultproxy.New(t, srv.Endpoint)
	px.Only(func(r *http.Request) bool {
		return r.Method == http.MethodPut && r.URL.Query().Get("partNumber") == "4"
	})
	px.SetDelay(2 * time.Second)
	px.Always(faultproxy.Latency)
	dir := t.TempDir()
	files := map[string][]byte{"big.png": testimage.LargePNG(64 << 20), "my shot.png": testimage.PNG(32, 32), "later shot.png": testimage.PNG(8, 8)}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	display := StartDisplay(t)
	cmdline := strings.Join([]string{Binary(t), "--endpoint-url", px.URL, "--path-style",
		"--history", filepath.Join(t.TempDir(), "history.db"), "s3://shots/"}, " ")
	term := StartTerm(t, cmdline, TermOptions{Width: 120, Height: 35, Env: srv.Env(), Dir: dir, Display: display})

	term.WaitFor("No folders or images here", 10*time.Second)
	term.SendKeys("u")
	term.WaitFor("my shot.png", 5*time.Second)
	term.SendKeys("Space", "Down", "Space") // big.png, my shot.png; not later shot.png between them
	term.WaitFor("2 files marked", 5*time.Second)
	term.SendKeys("Enter")
	term.WaitUntil(func(s string) bool {
		m := uploadingBar.FindStringSubmatch(s)
		if m == nil {
			return false
		}
		pct, _ := strconv.Atoi(m[1])
		return pct > 0 && pct < 100
	}, "big.png's bar part way", 30*time.Second)
	term.WaitFor("Share 2 objects from shots", 30*time.Second)
	term.WaitFor("Uploaded 2 files (67 MB) to s3://shots/", 5*time.Second)
	term.SendKeys("Enter")
	term.WaitFor("Copied 2 links via system clipboard", 10*time.Second)
	urls := strings.Split(strings.TrimSpace(display.WaitClipboard(t, 5*time.Second)), "\n")
	if len(urls) != 2 {
		t.Fatalf("the clipboard holds %d lines, want 2 links", len(urls))
	}
	for i, name := range []string{"big.png", "my shot.png"} {
		if code, got, _ := testsrv.Get(t, urls[i]); code != http.StatusOK || !bytes.Equal(got, files[name]) {
			t.Errorf("the link of %s answered %d with %d bytes, want 200 and its %d", name, code, len(got), len(files[name]))
		}
	}
	term.SendKeys("Escape")
	term.WaitUntil(func(s string) bool {
		return strings.Contains(s, "2 images") && strings.Contains(s, "big.png") && strings.Contains(s, "my shot.png")
	}, "the folder listing both", 10*time.Second)

	term.tmux("set-buffer", "-b", "drop", "'"+filepath.Join(dir, "later shot.png")+"'")
	term.tmux("paste-buffer", "-p", "-d", "-b", "drop", "-t", term.session)
	term.WaitFor("Upload 1 file to s3://shots/? y uploads", 10*time.Second)
	term.SendKeys("y")
	term.WaitFor("Share 1 object from shots", 10*time.Second)
	term.SendKeys("Escape")
	term.WaitFor("3 images", 10*time.Second)
	term.SendKeys("q")
}
