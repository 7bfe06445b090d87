package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
)

// TestPresignCopyFallsBackToOSC52: presign --copy in a terminal with no
// system clipboard (no DISPLAY, as over SSH) sends the links to the
// terminal's clipboard with OSC 52, says so, and exits 0; the terminal
// (tmux, taking OSC 52) holds exactly the printed link, which opens.
func TestPresignCopyFallsBackToOSC52(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png a"))
	history := filepath.Join(t.TempDir(), "history.db")
	cmdline := fmt.Sprintf("sh -c '%s --history %s --endpoint-url %s --path-style presign --copy s3://photos/a.png; echo \"exit $?\"'",
		Binary(t), history, srv.Endpoint)
	term := StartTerm(t, cmdline, TermOptions{Width: 400, Height: 20, Env: srv.Env(), OSC52: true})
	screen := term.WaitFor("exit ", 20*time.Second)
	if !strings.Contains(screen, "exit 0") || !strings.Contains(screen, "OSC 52") {
		t.Fatalf("presign --copy with no system clipboard:\n%s\nwant exit 0 and a word on OSC 52", screen)
	}
	links := recorded(t, history)
	if len(links) != 1 {
		t.Fatalf("%d links recorded, want 1", len(links))
	}
	copied := strings.TrimSpace(term.tmux("show-buffer"))
	if copied != links[0].URL {
		t.Fatalf("the terminal's clipboard holds %q, want the link %q", copied, links[0].URL)
	}
	if status := get(t, copied); status != 200 {
		t.Errorf("the copied link answers %d", status)
	}
}
