package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/faultproxy"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// fillerImages spans several listing pages of 1000 keys.
const fillerImages = 1200

// findBucket is versitygw with logos at several depths under clients/,
// one outside it, and fillerImages more images, written into its directory.
func findBucket(t *testing.T) *testsrv.Server {
	t.Helper()
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	files := []string{"clients/acme/logo.png", "clients/acme/deep/er/logo-2.jpg", "clients/beta/LOGO.gif",
		"clients/beta/notes-logo.txt", "other/logo.png"}
	for i := range fillerImages {
		files = append(files, fmt.Sprintf("clients/filler/%04d.jpg", i))
	}
	for _, k := range files {
		path := filepath.Join(srv.Dir, "photos", k)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return srv
}

// trackingFinder is a real Browser that reports when each Find returned.
type trackingFinder struct {
	*s3browse.Browser
	returned chan error
}

func (f trackingFinder) Find(ctx context.Context, bucket, prefix string, opts s3browse.FindOptions, each func([]s3browse.Object) error) error {
	err := f.Browser.Find(ctx, bucket, prefix, opts, each)
	f.returned <- err
	return err
}

// TestFindScreen searches below a folder from the objects screen with a
// real tea-like loop against versitygw: matches at any depth stream in
// with a count, enter opens a match's folder, s shares it, and a search
// for every image finds all of them across listing pages.
func TestFindScreen(t *testing.T) {
	srv := findBucket(t)
	d, _, _, _ := fakeDeps()
	finder := trackingFinder{srv.Browser(t), make(chan error, 8)}
	d.Browser = finder
	l := newLive(t, d, 120, 40)
	l.untilSee("photos")
	l.press("enter")
	l.untilSee("clients/", "other/")
	l.press("enter") // clients/
	l.untilSee("acme/", "beta/")
	l.press("f")
	l.untilSee("Find images below s3://photos/clients/, at any depth", "name:")
	l.press("l", "o", "G", "o", "enter")
	l.untilSee("images named *loGo* below s3://photos/clients/ · 3 found · done")
	l.mustSee("acme/logo.png", "acme/deep/er/logo-2.jpg", "beta/LOGO.gif")
	if v := l.view(); strings.Contains(v, "other/logo.png") || strings.Contains(v, "notes-logo.txt") {
		t.Fatalf("the search went outside clients/ or kept a non-image:\n%s", v)
	}

	l.press("s")
	l.untilSee("Share 1 object from photos")
	l.press("esc")
	l.untilSee("3 found · done")

	// The match under the cursor is one of the three; enter opens its
	// folder with the cursor on it.
	row := cursorRow(l.view())
	dir := "clients/" + row[:strings.LastIndex(row, "/")+1]
	l.press("enter")
	l.untilSee("photos/" + dir)
	l.press("backspace")
	l.untilSee("3 found · done")

	l.press("f", "backspace", "backspace", "backspace", "backspace", "enter")
	l.untilSee(fmt.Sprintf("images below s3://photos/clients/ · %s found · done", "1,203"))
	for range 2 {
		if err := <-finder.returned; err != nil {
			t.Fatalf("a search failed: %v", err)
		}
	}
}

// TestFindOpensTheFolderAtTheMatch: enter on a match opens its folder with
// the cursor on it, even when it arrives on the listing's second page; a
// key pressed before then leaves the cursor to the person.
func TestFindOpensTheFolderAtTheMatch(t *testing.T) {
	srv := findBucket(t)
	d, _, _, _ := fakeDeps()
	d.Browser = srv.Browser(t)
	l := newLive(t, d, 120, 40)
	l.untilSee("photos")
	l.press("enter")
	l.untilSee("clients/", "other/")
	l.press("f")
	l.untilSee("Find images below s3://photos/, at any depth", "name:")
	l.press("1", "1", "5", "0", "enter")
	l.untilSee("images named *1150* below s3://photos/ · 1 found · done")
	l.press("enter")
	l.untilSee("photos/clients/filler/")
	l.until("the cursor on 1150.jpg", func() bool { return cursorRow(l.view()) == "1150.jpg" })
	l.press("down")
	l.until("the cursor on 1151.jpg", func() bool { return cursorRow(l.view()) == "1151.jpg" })
}

// cursorRow is the name on the row under the cursor ("> name   size...").
func cursorRow(view string) string {
	for _, line := range strings.Split(view, "\n") {
		if strings.HasPrefix(line, "> ") {
			return strings.Fields(line[2:])[0]
		}
	}
	return ""
}

// esc during a search stops it at once: the screen says stopped, the
// search's Find returns (cancelled), and matches still on their way are
// dropped. A second esc goes back to the folder.
func TestFindScreenEscCancels(t *testing.T) {
	srv := findBucket(t)
	p := faultproxy.New(t, srv.Endpoint)
	p.SetDelay(300 * time.Millisecond)
	opts := srv.Options()
	opts.EndpointURL = p.URL
	d, _, _, _ := fakeDeps()
	finder := trackingFinder{s3browse.NewFromConfig(srv.Config(), opts), make(chan error, 8)}
	d.Browser = finder
	l := newLive(t, d, 120, 40)
	l.untilSee("photos")
	l.press("enter")
	l.untilSee("clients/")
	p.Always(faultproxy.Latency)
	l.press("f")
	l.untilSee("name:")
	l.press("enter")
	l.mustSee("searching…")
	before := p.Requests()
	waitRequests(t, p.Requests, before)
	l.press("esc")
	l.mustSee("stopped")
	select {
	case err := <-finder.returned:
		if err == nil || !strings.Contains(err.Error(), "cancel") {
			t.Fatalf("the stopped search returned %v, want cancelled", err)
		}
	case <-time.After(hangGuard):
		t.Fatal("the search went on after esc")
	}
	found := strings.Contains(l.view(), "0 found")
	l.update(findMsg{seq: 1, objs: []s3browse.Object{{Key: "clients/late.png"}}})
	l.update(findMsg{seq: l.m.c.seq - 1, objs: []s3browse.Object{{Key: "clients/late.png"}}})
	if strings.Contains(l.view(), "late.png") || found != strings.Contains(l.view(), "0 found") {
		t.Fatalf("a late match was shown after esc:\n%s", l.view())
	}
	l.press("esc")
	l.untilSee("clients/", "other/")
}

// Keys from the bucket are shown escaped in the list of matches.
func TestFindScreenEscapesKeys(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "x/\x1b[2Jevil\x01.png", []byte("x"))
	d, _, _, _ := fakeDeps()
	d.Browser = srv.Browser(t)
	l := newLive(t, d, 100, 30)
	l.untilSee("photos")
	l.press("enter")
	l.untilSee("x/")
	l.press("f")
	l.untilSee("name:")
	l.press("enter")
	l.untilSee("1 found · done")
	l.mustSee(`x/\x1b[2Jevil\x01.png`)
	if strings.Contains(l.m.View().Content, "\x1b[2J") {
		t.Fatal("the key's escape sequence reached the terminal")
	}
}
