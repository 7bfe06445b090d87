package ui

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/s3share/s3share/internal/clipboard"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

func TestFirstFrameNeedsNoNetwork(t *testing.T) {
	d, _, _, _ := fakeDeps()
	m := newModel(d)
	if got := m.View().Content; !strings.Contains(got, "starting") {
		t.Fatalf("first frame before any I/O = %q", got)
	}
	m2, _ := m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if !strings.Contains(m2.View().Content, "Loading buckets") {
		t.Fatalf("frame while loading lacks the loading note:\n%s", m2.View().Content)
	}
	if !m2.View().AltScreen {
		t.Fatal("the view does not ask for the alternate screen")
	}
}

func TestBucketsAndFolders(t *testing.T) {
	d, _, _, _ := fakeDeps()
	h := newHarness(t, d, 80, 24)
	h.mustSee("photos", "scratch", "eu-west-1", "endpoint http://127.0.0.1:9000")
	h.keys("enter")
	h.mustSee("photos/", "2026/", "clients/", "cover.png", "120 kB")
	if strings.Contains(h.view(), "notes.txt") {
		t.Fatal("non-image shown in images-only mode")
	}
	h.keys("a")
	h.mustSee("notes.txt", "showing all objects")
	h.keys("a", "enter") // cursor is on 2026/
	h.mustSee("photos/2026/", "beach.jpg", "dog.png", "sunset.gif")
	h.keys("backspace")
	h.mustSee("clients/", "cover.png")
	h.keys("esc")
	h.mustSee("scratch")
}

func TestFilterIsSubstringCaseInsensitive(t *testing.T) {
	d, _, _, _ := fakeDeps()
	h := newHarness(t, d, 80, 24)
	h.keys("enter", "enter") // photos/2026/
	h.keys("/")
	h.typeText("UNS")
	h.mustSee("sunset.gif", "1 of 3")
	if v := h.view(); strings.Contains(v, "beach.jpg") || strings.Contains(v, "dog.png") {
		t.Fatalf("filter kept non-matching rows:\n%s", v)
	}
	h.keys("backspace", "backspace") // "u" matches nothing but sunset
	h.typeText("o")                  // "uo": no fuzzy match for sunset/dog
	h.mustSee("Nothing matches")
	h.keys("esc")
	h.mustSee("beach.jpg", "dog.png", "sunset.gif")
}

func TestShareSelectionCopiesAndRecords(t *testing.T) {
	d, _, hist, copied := fakeDeps()
	h := newHarness(t, d, 80, 24)
	h.keys("enter", "enter") // photos/2026/
	h.keys("space", "space", "s")
	h.mustSee("Share 2 objects from photos", "(•) 24h", "expires "+day(24*time.Hour)+", in 24h")
	h.keys("up")
	h.mustSee("expires " + day(time.Hour) + ", in 1h")
	h.keys("enter")
	if len(hist.links) != 2 {
		t.Fatalf("history holds %d links, want 2", len(hist.links))
	}
	if len(*copied) != 1 || strings.Count((*copied)[0], "\n") != 1 {
		t.Fatalf("clipboard got %q, want two URLs on two lines", *copied)
	}
	h.mustSee("Copied 2 links via system clipboard, expire in 1h", "photos/2026/beach.jpg?…")
	for _, secret := range []string{"deadbeef", "SESSIONTOKEN", "AKFAKE", "X-Amz"} {
		if strings.Contains(h.view(), secret) {
			t.Fatalf("%s shown before reveal:\n%s", secret, h.view())
		}
	}
	h.keys("v")
	h.mustSee("deadbeef", "SESSIONTOKEN")
	h.keys("esc")
	h.mustSee("photos/2026/")
	if strings.Contains(h.view(), "selected") {
		t.Fatal("selection kept after sharing")
	}
}

func TestCustomExpiryValidatesAsYouType(t *testing.T) {
	d, _, hist, _ := fakeDeps()
	h := newHarness(t, d, 120, 35)
	h.keys("enter", "down", "down", "s") // cover.png
	h.typeText("8d")
	h.mustSee("(•) custom: 8d")
	if v := h.view(); strings.Contains(v, "expires "+day(8*24*time.Hour)) || !strings.Contains(v, "7d") {
		t.Fatalf("8d not refused with the allowed range:\n%s", v)
	}
	h.keys("enter")
	if len(hist.links) != 0 {
		t.Fatal("an invalid expiry issued a link")
	}
	h.keys("backspace", "backspace")
	h.typeText("36h")
	h.mustSee("expires " + day(36*time.Hour) + ", in 36h")
}

func TestShareDialogWarnings(t *testing.T) {
	d, fb, _, _ := fakeDeps()
	fb.skew = -5 * time.Minute
	fb.pages["photos/"][0].Objects = append(fb.pages["photos/"][0].Objects, s3browse.Object{Key: "../up.png"})
	h := newHarness(t, d, 120, 35)
	h.keys("enter", "end", "s")
	h.mustSee(`key "../up.png" has a "../" segment: browsers and curl resolve it`, "this computer's clock is 5m ahead of the server's")
}

func TestOSC52WhenNativeFailsOrOverSSH(t *testing.T) {
	for _, ssh := range []bool{false, true} {
		d, _, _, _ := fakeDeps()
		d.OverSSH = ssh
		if !ssh {
			d.CopyNative = func(string) error { return errNoClip }
		} else {
			d.CopyNative = func(string) error { t.Fatal("native clipboard used over SSH"); return nil }
		}
		h := newHarness(t, d, 120, 35)
		h.keys("enter", "down", "down", "enter", "enter")
		if len(h.osc52) != 1 || !strings.Contains(h.osc52[0], "cover.png") {
			t.Fatalf("ssh=%v: OSC 52 got %q", ssh, h.osc52)
		}
		if ssh {
			h.mustSee("Sent 1 link to the terminal clipboard (OSC 52) — v reveals the URLs to copy by hand")
		} else {
			h.mustSee("✗ System clipboard failed: no clipboard · sent 1 link to the terminal clipboard (OSC 52)")
		}
		reason := "System clipboard failed: no clipboard"
		if n := strings.Count(h.view(), reason); ssh && n != 0 || !ssh && n != 2 {
			t.Fatalf("ssh=%v: %q shown %d times (status line and dialog expected without SSH):\n%s", ssh, reason, n, h.view())
		}
		if strings.Contains(h.view(), "Copied") {
			t.Fatalf("ssh=%v: claims a confirmed copy over OSC 52:\n%s", ssh, h.view())
		}
	}
}

func TestHistoryWriteFailureStaysVisible(t *testing.T) {
	d, _, hist, copied := fakeDeps()
	hist.addErr = errors.New("disk full")
	h := newHarness(t, d, 120, 35)
	h.keys("enter", "down", "down", "enter", "enter")
	if len(*copied) != 0 {
		t.Fatalf("links the history did not record were copied: %q", *copied)
	}
	h.mustSee("links not issued: disk full")
	h.send(clearStatusMsg{id: h.m.statusID})
	h.mustSee("✗ links not issued: disk full") // the dialog keeps the error
}

func TestCredentialsCutLinksShort(t *testing.T) {
	d, fb, _, _ := fakeDeps()
	fb.credsEnd = fixedNow.Add(2 * time.Hour)
	h := newHarness(t, d, 120, 35)
	h.keys("enter", "down", "down", "enter", "enter") // the default 24h
	h.mustSee("Issued 1 link, expires " + day(2*time.Hour) + ", in 2h — ends early because the credentials expire then (asked for 24h)")
	if strings.Contains(h.view(), day(24*time.Hour)) {
		t.Fatalf("headline shows the requested end:\n%s", h.view())
	}
}

func TestMaskURLHidesTheQuery(t *testing.T) {
	u := "https://b.s3.us-east-1.amazonaws.com/a/pic.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAXXX%2F20261127&X-Amz-Security-Token=IQoJb3JpZ2luSECRET&X-Amz-Signature=abc"
	if got, want := maskURL(u), "https://b.s3.us-east-1.amazonaws.com/a/pic.png?…"; got != want {
		t.Fatalf("maskURL = %q, want %q", got, want)
	}
	if got := maskURL("http://x/y.png"); got != "http://x/y.png" {
		t.Fatalf("maskURL without query = %q", got)
	}
}

func TestListingErrorAfterPagesStays(t *testing.T) {
	d, fb, _, _ := fakeDeps()
	fb.failing = map[string]error{"photos/2026/": errors.New("connection reset by peer")}
	h := newHarness(t, d, 80, 24)
	h.keys("enter", "enter")
	h.send(clearStatusMsg{id: h.m.statusID})
	h.mustSee("beach.jpg", "sunset.gif", "listing stopped (r retries): connection reset by peer", "incomplete", "r retry")
	if strings.Contains(h.view(), "loading more") {
		t.Fatalf("still says loading after the error:\n%s", h.view())
	}
	fb.mu.Lock()
	delete(fb.failing, "photos/2026/") // the network is back
	fb.mu.Unlock()
	h.keys("r")
	h.mustSee("0 folders, 3 images, 4 objects")
	if v := h.view(); strings.Contains(v, "incomplete") || strings.Contains(v, "listing stopped") {
		t.Fatalf("after r the listing still reads as stopped:\n%s", v)
	}
}

func TestLatePageForLeftFolderIsDropped(t *testing.T) {
	d, fb, _, _ := fakeDeps()
	h := newHarness(t, d, 80, 24)
	h.keys("enter")
	h.hold = func(msg tea.Msg) bool { p, ok := msg.(pageMsg); return ok && p.prefix == "2026/" }
	h.keys("enter") // into 2026/: its first page is held back
	h.mustSee("photos/2026/", "Loading")
	h.keys("backspace")
	if err := fb.ctxs["photos/2026/"].Err(); err == nil {
		t.Fatal("leaving the folder did not cancel its listing")
	}
	h.hold = nil
	late := h.held
	h.held = nil
	before := len(h.seen)
	h.deliver(late...)
	if len(h.seen) != before+len(late) {
		t.Fatal("the late page led to more messages (a next-page request?)")
	}
	h.mustSee("cover.png")
	if v := h.view(); strings.Contains(v, "beach.jpg") {
		t.Fatalf("late page leaked into the parent folder:\n%s", v)
	}

	// Re-entering the same folder starts a new request: a late page from
	// the first visit has the same bucket and prefix, only its seq differs.
	h.hold = func(msg tea.Msg) bool { p, ok := msg.(pageMsg); return ok && p.prefix == "2026/" }
	h.keys("enter")
	h.hold = nil
	fresh := h.held
	h.held = nil
	if len(fresh) != 1 || len(late) != 1 || fresh[0].(pageMsg).seq == late[0].(pageMsg).seq {
		t.Fatalf("re-entering reused the request number: late %v, fresh %v", late, fresh)
	}
	h.deliver(late...)
	h.mustSee("photos/2026/", "Loading")
	if v := h.view(); strings.Contains(v, "beach.jpg") {
		t.Fatalf("late page from the first visit landed in the second:\n%s", v)
	}
	h.deliver(fresh...)
	h.mustSee("beach.jpg", "sunset.gif")
}

func TestStreamingKeepsFoldersFirst(t *testing.T) {
	d, fb, _, _ := fakeDeps()
	fb.pages["photos/"] = []s3browse.Page{
		{Objects: []s3browse.Object{{Key: "a.png"}}},
		{Folders: []string{"zz/"}, Objects: []s3browse.Object{{Key: "b.png"}}},
	}
	h := newHarness(t, d, 80, 24)
	h.keys("enter")
	v := h.view()
	if !(strings.Index(v, "zz/") < strings.Index(v, "a.png") && strings.Index(v, "a.png") < strings.Index(v, "b.png")) {
		t.Fatalf("want zz/, a.png, b.png in order:\n%s", v)
	}
}

func TestNoCredentialsSaysWhatToConfigure(t *testing.T) {
	d, fb, _, _ := fakeDeps()
	fb.credErr = &s3browse.Error{Op: "credentials", Kind: s3browse.ErrNoCredentials}
	h := newHarness(t, d, 80, 24)
	h.mustSee("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "aws configure")
	if strings.Contains(h.view(), "--endpoint-url") {
		t.Errorf("the hint offers --endpoint-url, which gives no credentials:\n%s", h.view())
	}
	if h.quit {
		t.Fatal("quit on missing credentials")
	}
}

func TestHistoryScreen(t *testing.T) {
	d, _, hist, copied := fakeDeps()
	now := fixedNow
	hist.links = []presigned.Link{
		{ID: 2, Bucket: "photos", Key: "old.png", URL: "http://x/old.png?X-Amz-Signature=abc", IssuedAt: now.Add(-27 * time.Hour), ExpiresAt: now.Add(-3 * time.Hour), EffectiveExpiresAt: now.Add(-3 * time.Hour), Download: true, Filename: "Old Pic.png", Disposition: `attachment; filename="Old Pic.png"`},
		{ID: 1, Bucket: "photos", Key: "new.png", URL: "http://x/new.png?X-Amz-Signature=def", IssuedAt: now.Add(-time.Hour), ExpiresAt: now.Add(5 * time.Hour), EffectiveExpiresAt: now.Add(5 * time.Hour)},
	}
	h := newHarness(t, d, 120, 35)
	h.keys("H")
	h.mustSee("[all]", "expired 3h ago", "in 5h")
	if got := h.rowStatus("photos/old.png"); got != "expired" {
		t.Fatalf("old.png status = %q, want expired:\n%s", got, h.view())
	}
	if got := h.rowStatus("photos/new.png"); got != "active" {
		t.Fatalf("new.png status = %q, want active:\n%s", got, h.view())
	}
	h.keys("c")
	h.mustSee("no longer works")
	if len(*copied) != 0 {
		t.Fatal("copied an expired link")
	}
	h.keys("r")
	if len(hist.links) != 3 || hist.links[0].Key != "old.png" || !hist.links[0].Download || hist.links[0].Filename != "Old Pic.png" ||
		!strings.Contains(hist.links[0].Disposition, "Old Pic.png") {
		t.Fatalf("renew did not add a row with the same settings: %+v", hist.links[0])
	}
	if got := hist.links[0].ExpiresAt.Sub(hist.links[0].IssuedAt); got != 24*time.Hour {
		t.Fatalf("renewed for %v, want 24h", got)
	}
	h.keys("tab")
	h.mustSee("[active]")
	if strings.Contains(h.view(), "expired 3h ago") {
		t.Fatal("active filter shows an expired link")
	}
	h.keys("tab", "/")
	h.typeText("OLD")
	h.keys("enter")
	h.mustSee("[expired]", "photos/old.png")
	h.keys("d")
	h.mustSee("Delete link #2")
	h.keys("y")
	if len(hist.links) != 2 {
		t.Fatalf("delete left %d links", len(hist.links))
	}
	h.mustSee("Deleted link #2")
}

func TestTooSmallAndResize(t *testing.T) {
	d, _, _, _ := fakeDeps()
	h := newHarness(t, d, 30, 8)
	h.mustSee("Terminal too small")
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.mustSee("photos")
	if lines := strings.Count(h.view(), "\n") + 1; lines != 24 {
		t.Fatalf("frame has %d lines at 80x24", lines)
	}
}

func TestQuitKeys(t *testing.T) {
	d, _, _, _ := fakeDeps()
	h := newHarness(t, d, 80, 24)
	h.keys("q")
	if !h.quit {
		t.Fatal("q did not quit")
	}
	h = newHarness(t, d, 80, 24)
	h.keys("/", "q")
	if h.quit {
		t.Fatal("q quit while typing a filter")
	}
	h.keys("ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c did not quit")
	}
}

func TestHelpToggles(t *testing.T) {
	d, _, _, _ := fakeDeps()
	h := newHarness(t, d, 120, 35)
	h.keys("?")
	h.mustSee("page down")
	h.keys("?")
	if strings.Contains(h.view(), "page down") {
		t.Fatal("full help did not close")
	}
}

// TestHistoryReachesEveryLink: past one page, scrolling loads more, so the
// history reaches its oldest link however many there are.
func TestHistoryReachesEveryLink(t *testing.T) {
	d, _, hist, _ := fakeDeps()
	const n = 2*historyPage + 505
	for i := range n {
		hist.links = append(hist.links, presigned.Link{
			ID: int64(n - i), Bucket: "photos", Key: fmt.Sprintf("img%04d.png", i), URL: "http://x/y?z",
			IssuedAt: fixedNow, ExpiresAt: fixedNow.Add(24 * time.Hour), EffectiveExpiresAt: fixedNow.Add(24 * time.Hour),
		})
	}
	h := newHarness(t, d, 120, 35)
	h.keys("H")
	h.mustSee(fmt.Sprintf("%d+ links (more load as you scroll)", historyPage))
	for range 4 {
		h.keys("G")
	}
	h.mustSee(fmt.Sprintf("photos/img%04d.png", n-1), fmt.Sprintf("%d links", n))
}

func TestHistoryKeepsFileNameAt80(t *testing.T) {
	d, _, hist, _ := fakeDeps()
	hist.links = []presigned.Link{{
		ID: 1, Bucket: "demo-photos", Key: "archive/2026/november/thumb-001.jpg", URL: "http://x/y?z",
		IssuedAt: fixedNow, ExpiresAt: fixedNow.Add(24 * time.Hour), EffectiveExpiresAt: fixedNow.Add(24 * time.Hour),
	}}
	h := newHarness(t, d, 80, 24)
	h.keys("H")
	h.mustSee("…", "thumb-001.jpg")
}

func TestProfileLeadsTheStatusBar(t *testing.T) {
	d, _, _, _ := fakeDeps()
	d.Profile = "demo"
	h := newHarness(t, d, 80, 24)
	h.mustSee("demo · endpoint http://127.0.0.1:9000")
}

// TestCursorStaysOnItsFileWhenFoldersArrive: a later page bringing folders
// (which sort first) does not move the cursor off the file it is on.
func TestCursorStaysOnItsFileWhenFoldersArrive(t *testing.T) {
	d, fb, _, _ := fakeDeps()
	fb.buckets = append(fb.buckets, s3browse.Bucket{Name: "late"})
	fb.pages["late/"] = []s3browse.Page{
		{Folders: []string{"a/"}, Objects: []s3browse.Object{{Key: "x.png"}, {Key: "y.png"}}},
		{Folders: []string{"b/", "c/"}, Objects: []s3browse.Object{{Key: "z.png"}}},
	}
	h := newHarness(t, d, 100, 30)
	h.hold = func(msg tea.Msg) bool { p, ok := msg.(pageMsg); return ok && p.token == "1" }
	h.keys("G", "enter")
	h.mustSee("x.png", "y.png")
	h.keys("down", "down")
	h.mustSee(">   y.png")
	held := h.held
	if len(held) != 1 {
		t.Fatalf("held %d pages, want the second", len(held))
	}
	h.hold, h.held = nil, nil
	h.deliver(held...)
	h.mustSee("b/", "c/", "z.png", ">   y.png")
}

// TestNoClipboardNoticeIsTrue: without a display the real system
// clipboard fails; the notice must not send the person to a printed URL
// (the URL on screen is masked) but say how to reveal it.
func TestNoClipboardNoticeIsTrue(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the system clipboard needs a display only on Linux and the BSDs")
	}
	d, _, _, _ := fakeDeps()
	d.CopyNative = func(text string) error { return clipboard.CopyNative(text, clipboard.Display{}) } // no display
	h := newHarness(t, d, 120, 35)
	h.keys("enter", "down", "down", "enter", "enter")
	h.mustSee("System clipboard failed: no clipboard", "v reveals the URLs to copy by hand")
	h.keys("e")
	if v := h.view(); strings.Contains(v, "printed") {
		t.Fatalf("the notice sends the person to a printed URL, while the URL on screen is masked:\n%s", v)
	}
}
