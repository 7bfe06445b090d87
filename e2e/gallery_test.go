package e2e

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/linkfmt"
	"github.com/s3share/s3share/presigned"
)

// TestGalleryMessageInTheClipboard shares three images as one gallery in
// the message format, as a person would, and reads the real clipboard: the
// note holds the gallery's link and its end time, and the link opens the
// page with the three images.
func TestGalleryMessageInTheClipboard(t *testing.T) {
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "review")
	for i := range 3 {
		srv.Put(t, "review", fmt.Sprintf("look-%d.png", i), []byte(fmt.Sprintf("png %d", i)))
	}
	display := StartDisplay(t)
	history := filepath.Join(t.TempDir(), "history.db")
	cmdline := strings.Join([]string{Binary(t), "--endpoint-url", srv.Endpoint, "--history", history, "s3://review/"}, " ")
	term := StartTerm(t, cmdline, TermOptions{Width: 120, Height: 35, Env: srv.Env(), Display: display})
	term.WaitFor("look-2.png", 10*time.Second)
	term.SendKeys("Space", "Space", "Space", "s")
	term.WaitFor("Share 3 objects", 5*time.Second)
	term.SendKeys("Tab", "Tab", "Tab", "Tab", "Space", "Tab", "Right", "Right", "Right")
	term.WaitFor("copy as: ‹ message ›", 5*time.Second)
	term.SendKeys("Enter")
	term.WaitFor("Copied 1 link via system clipboard", 10*time.Second)
	note := display.WaitClipboard(t, 5*time.Second)

	links := recorded(t, history)
	var page presigned.Link
	for _, l := range links {
		if l.Gallery {
			page = l
		}
	}
	if page.ID == 0 {
		t.Fatalf("no gallery in the history: %d links", len(links))
	}
	end := linkfmt.FormatEnd(page.End(), time.Local)
	if !strings.HasPrefix(note, "3 images, open until "+end) || !strings.Contains(note, ": "+page.URL) {
		t.Fatalf("the note in the clipboard lacks the end %q or the gallery link:\n%s", end, note)
	}
	resp, err := http.Get(page.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Count(string(body), "look-") < 3 {
		t.Fatalf("the gallery link answers %d", resp.StatusCode)
	}
}
