package share

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/linkcheck"
	"github.com/s3share/s3share/presigned"
)

// openWallClock opens a history whose clock is the wall clock, for tests
// whose links a real server signs and expires.
func openWallClock(t *testing.T) (*history.History, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state", "history.db")
	h, err := history.OpenHistory(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h, path
}

// waitExpired polls url until the server refuses it (403), within a
// deadline: the server's clock, not a sleep, decides when a short link ends.
func waitExpired(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		status, _, _ := testsrv.Get(t, url)
		if status == http.StatusForbidden {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the short link still answers %d after 30 s", status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pageURLs are the image URLs (view and download) a gallery page links to.
var pageURLs = regexp.MustCompile(`(?:src|href)="(http[^"]+)"`)

// imagesOnPage fetches a gallery page and returns the distinct URLs it
// links to.
func imagesOnPage(t *testing.T, page string) []string {
	t.Helper()
	status, body, _ := testsrv.Get(t, page)
	if status != http.StatusOK {
		t.Fatalf("the gallery page answers %d", status)
	}
	var urls []string
	seen := map[string]bool{}
	for _, m := range pageURLs.FindAllStringSubmatch(string(body), -1) {
		if u := html.UnescapeString(m[1]); !seen[u] {
			seen[u] = true
			urls = append(urls, u)
		}
	}
	return urls
}

// objectExists tells whether bucket/key is on the server.
func objectExists(t *testing.T, c *s3.Client, bucket, key string) bool {
	t.Helper()
	_, err := c.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	return err == nil
}

// TestRenewGalleryIssuesAFreshPage: renewing a gallery whose images end in
// 2 s gives a new page whose images are signed afresh: once the old
// images' links have died, every image on the new page still opens. The
// renewed gallery is recorded as a gallery with its images, so a check of
// it covers them.
func TestRenewGalleryIssuesAFreshPage(t *testing.T) {
	srv := galleryServer(t)
	h, _ := openWallClock(t)
	p := NewPipeline(srv.Browser(t), h, nil)
	ctx := context.Background()
	old, err := p.ShareGallery(ctx, galleryReqs(2*time.Second), GalleryOptions{Title: "Proofs for Bo"})
	if err != nil {
		t.Fatal(err)
	}
	top, err := h.List(ctx, history.Query{}) // as the CLI and the UI load it: without its images
	if err != nil || len(top) != 1 {
		t.Fatalf("history: %d entries, %v", len(top), err)
	}
	res, err := p.RenewFor(ctx, top[0], Expiry{Duration: time.Hour}, nil)
	if err != nil {
		t.Fatal(err)
	}
	renewed := res.Links[0]
	for _, m := range old.Members {
		waitExpired(t, m.URL)
	}
	images := imagesOnPage(t, renewed.URL)
	if len(images) != 6 {
		t.Fatalf("the renewed page links to %d URLs, want 3 images to view and 3 to download", len(images))
	}
	for _, u := range images {
		if status, _, _ := testsrv.Get(t, u); status != http.StatusOK {
			t.Errorf("an image of the renewed page answers %d once the old links died", status)
		}
	}
	if !renewed.Gallery || renewed.ID == 0 || len(renewed.Members) != 3 || renewed.Label != "Proofs for Bo" {
		t.Fatalf("renewed: gallery %v, id %d, %d images, label %q; want a recorded gallery of 3 images, labelled as before",
			renewed.Gallery, renewed.ID, len(renewed.Members), renewed.Label)
	}
	all, err := h.WithMembers(ctx, []presigned.Link{renewed})
	if err != nil || len(all) != 4 {
		t.Fatalf("the renewed gallery's images in the history: %d, %v", len(all)-1, err)
	}
	verdicts, err := linkcheck.CheckAndRecord(ctx, linkcheck.NewChecker(0, 0, nil), h, all, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range verdicts {
		if v.Kind != presigned.VerdictWorks {
			t.Errorf("check of %s: %s (%s)", all[i].Key, v.Kind, v.Detail)
		}
	}
}

// TestRevokeGalleryDeletesEveryCopy: revoking a gallery deletes its page
// and the copies of its revocable images (each answers 404 and is recorded
// revoked); an image shared as the original keeps working, and the revoke
// says so.
func TestRevokeGalleryDeletesEveryCopy(t *testing.T) {
	srv := galleryServer(t)
	h, _ := openWallClock(t)
	p := NewPipeline(srv.Browser(t), h, nil)
	ctx := context.Background()
	reqs := galleryReqs(time.Hour)
	reqs[0].Revocable = true // a.png and d.png are copies, "b & c.png" the original
	page, err := p.ShareGallery(ctx, reqs, GalleryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	top, err := h.List(ctx, history.Query{})
	if err != nil || len(top) != 1 {
		t.Fatalf("history: %d entries, %v", len(top), err)
	}
	rv, err := p.Revoke(ctx, top[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range append([]presigned.Link{page}, page.Members...) {
		want := http.StatusNotFound
		if !l.Revocable() {
			want = http.StatusOK
		}
		if status, _, _ := testsrv.Get(t, l.URL); status != want {
			t.Errorf("%s answers %d after the revoke, want %d", l.Key, status, want)
		}
	}
	if keys := shareKeys(t, srv); len(keys) != 0 {
		t.Errorf("copies left after the revoke: %v", keys)
	}
	if len(rv.Live) != 1 || rv.Live[0].Key != "b & c.png" || rv.Deleted != 3 {
		t.Errorf("the revoke reports %d deleted and live %v; want 3 deleted and b & c.png live", rv.Deleted, rv.Live)
	}
	all, err := h.WithMembers(ctx, top)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range all[1:] {
		if l.Revocable() != l.Revoked() {
			t.Errorf("%s: revocable %v, recorded revoked %v", l.Key, l.Revocable(), l.Revoked())
		}
	}
}

// tamper rewrites the share key of link id in the history file, as a
// damaged or edited history might.
func tamper(t *testing.T, h *history.History, id int64, shareKey string) presigned.Link {
	t.Helper()
	if _, err := secondConnection(t, h.Path()).Exec("UPDATE links SET share_key = ? WHERE id = ?", shareKey, id); err != nil {
		t.Fatal(err)
	}
	l, err := h.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestTamperedRowsAreRefused: a history row whose share key names the
// original, or another link's copy, is refused with one line and nothing
// is deleted; a gallery with one such image is refused whole.
func TestTamperedRowsAreRefused(t *testing.T) {
	srv := galleryServer(t)
	h, _ := openWallClock(t)
	p := NewPipeline(srv.Browser(t), h, nil)
	ctx := context.Background()
	client := srv.Client()
	res, err := p.Share(ctx, []Request{{Bucket: "photos", Key: "a.png", Expires: time.Hour, Revocable: true},
		{Bucket: "photos", Key: "d.png", Expires: time.Hour, Revocable: true}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, key, why string }{
		{"the original", "a.png", "not under the share prefix"},
		{"another link's copy", res.Links[1].ShareKey, "copy of s3://photos/d.png"},
	}
	for _, c := range cases {
		l := tamper(t, h, res.Links[0].ID, c.key)
		_, err := p.Revoke(ctx, l)
		if !errors.Is(err, ErrNotACopy) || !strings.Contains(err.Error(), c.why) || strings.Contains(err.Error(), "\n") {
			t.Errorf("revoking a row pointing at %s: %v; want one line refusing it (%s)", c.name, err, c.why)
		}
		if !objectExists(t, client, "photos", c.key) {
			t.Errorf("revoking a row pointing at %s deleted it", c.name)
		}
		if got, _ := h.Get(ctx, l.ID); got.Revoked() {
			t.Errorf("a refused revoke was recorded")
		}
	}

	reqs := galleryReqs(time.Hour)
	reqs[0].Revocable = true
	page, err := p.ShareGallery(ctx, reqs, GalleryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tamper(t, h, page.Members[0].ID, "b & c.png")
	row, err := h.Get(ctx, page.ID) // as the CLI and the UI load it: without its images
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Revoke(ctx, row); !errors.Is(err, ErrNotACopy) {
		t.Errorf("revoking a gallery with a tampered image: %v, want refused", err)
	}
	for _, l := range append([]presigned.Link{page}, page.Members...) {
		if status, _, _ := testsrv.Get(t, l.URL); status != http.StatusOK {
			t.Errorf("%s answers %d after a refused revoke: something was deleted", l.Key, status)
		}
	}
	if !objectExists(t, client, "photos", "b & c.png") {
		t.Errorf("the original named by the tampered row was deleted")
	}
}

// TestHistoryBusyWhenGalleryRecorded: while another process holds the
// history's write lock, a gallery cannot be recorded: the error says the
// history is locked, and the page and the copies go again.
func TestHistoryBusyWhenGalleryRecorded(t *testing.T) {
	srv := galleryServer(t)
	h, path := openWallClock(t)
	p := NewPipeline(srv.Browser(t), h, nil)
	ctx := context.Background()
	// A first share caches the bucket's region: the gallery then writes
	// nothing to the history before recording itself.
	if _, err := p.Share(ctx, []Request{{Bucket: "photos", Key: "a.png", Expires: time.Hour}}, nil); err != nil {
		t.Fatal(err)
	}
	lock := holdWriteLock(t, path)
	reqs := galleryReqs(time.Hour)
	reqs[0].Revocable = true
	_, err := p.ShareGallery(ctx, reqs, GalleryOptions{})
	lock.release(t)
	if err == nil || !strings.Contains(err.Error(), "locked") || strings.Contains(err.Error(), "writable") || strings.Contains(err.Error(), "\n") {
		t.Errorf("a gallery recorded into a locked history: %v; want one line saying it is locked", err)
	}
	if !errors.Is(err, history.ErrHistoryBusy) {
		t.Errorf("the error does not wrap ErrHistoryBusy: %v", err)
	}
	if keys := shareKeys(t, srv); len(keys) != 0 {
		t.Errorf("the page or copies were left behind: %v", keys)
	}
	if n := countLinks(t, h); n != 1 {
		t.Errorf("%d links recorded, want only the first", n)
	}
}

// TestGalleryFileIsNeverOverwritten: a page file that exists is refused
// before anything is issued, left as it was; a new one is made 0600.
func TestGalleryFileIsNeverOverwritten(t *testing.T) {
	srv := galleryServer(t)
	h, _ := openWallClock(t)
	p := NewPipeline(srv.Browser(t), h, nil)
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(file, []byte("an earlier page"), 0o644); err != nil {
		t.Fatal(err)
	}
	reqs := galleryReqs(time.Hour)
	_, err := p.ShareGallery(ctx, reqs, GalleryOptions{File: file})
	if !errors.Is(err, ErrGalleryFileExists) || strings.Contains(err.Error(), "\n") {
		t.Errorf("a page file that exists: %v, want one line refusing it", err)
	}
	if got, _ := os.ReadFile(file); string(got) != "an earlier page" {
		t.Errorf("the existing file was overwritten")
	}
	if n, keys := countLinks(t, h), shareKeys(t, srv); n != 0 || len(keys) != 0 {
		t.Errorf("a refused page file left %d links and copies %v", n, keys)
	}
	fresh := filepath.Join(t.TempDir(), "new.html")
	if _, err := p.ShareGallery(ctx, reqs, GalleryOptions{File: fresh}); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(fresh); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the new page file: %v, %v; want mode 0600", info, err)
	}
}

// TestDeletingAGalleryTakesItsImages: deleting a gallery from the history
// deletes its images' rows too: none is left without its gallery.
func TestDeletingAGalleryTakesItsImages(t *testing.T) {
	now := testNow
	h := openTest(t, &now)
	ctx := context.Background()
	page := link("photos", "s3share-shares/x/index.html", "", now, time.Hour, 0)
	page.Gallery, page.ShareKey = true, page.Key
	page.Members = []presigned.Link{link("photos", "a.png", "", now, time.Hour, 0), link("photos", "b.png", "", now, time.Hour, 0)}
	added, err := h.AddGallery(ctx, page)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Delete(ctx, added.ID); err != nil {
		t.Fatal(err)
	}
	left, err := h.List(ctx, history.Query{IDs: []int64{added.Members[0].ID, added.Members[1].ID}})
	if err != nil || len(left) != 0 {
		t.Errorf("%d image rows left without their gallery (%v)", len(left), err)
	}
}

// TestPruneKeepsRowsWhoseCopiesExist: prune forgets dead links whose share
// copy is gone (revoked) or never was (plain), and keeps the rest: a dead
// revocable link whose copy is still there, and a gallery (page and
// images) while any of its copies is.
func TestPruneKeepsRowsWhoseCopiesExist(t *testing.T) {
	now := testNow
	h := openTest(t, &now)
	ctx := context.Background()
	issued := now.Add(-2 * time.Hour)
	plain := link("photos", "plain.png", "", issued, time.Hour, 0)
	copied := link("photos", "copied.png", "", issued, time.Hour, 0)
	copied.ShareKey = "s3share-shares/1/copied.png"
	page := link("photos", "s3share-shares/2/index.html", "", issued, time.Hour, 0)
	page.Gallery, page.ShareKey = true, page.Key
	image := link("photos", "image.png", "", issued, time.Hour, 0)
	image.ShareKey = "s3share-shares/3/image.png"
	page.Members = []presigned.Link{image, link("photos", "orig.png", "", issued, time.Hour, 0)}
	added, err := h.Add(ctx, []presigned.Link{plain, copied})
	if err != nil {
		t.Fatal(err)
	}
	gallery, err := h.AddGallery(ctx, page)
	if err != nil {
		t.Fatal(err)
	}
	res, err := h.PruneExpired(ctx)
	if err != nil || res.Forgotten != 1 || res.Kept != 3 {
		t.Fatalf("prune = %+v, %v; want the plain link forgotten, 3 dead links with copies kept", res, err)
	}
	if err := h.MarkRevoked(ctx, gallery.ID, now); err != nil {
		t.Fatal(err)
	}
	if res, err := h.PruneExpired(ctx); err != nil || res.Forgotten != 0 {
		t.Fatalf("prune with one image's copy left = %+v, %v; want the gallery kept whole", res, err)
	}
	for _, id := range []int64{gallery.Members[0].ID, added[1].ID} {
		if err := h.MarkRevoked(ctx, id, now); err != nil {
			t.Fatal(err)
		}
	}
	if res, err := h.PruneExpired(ctx); err != nil || res.Forgotten != 4 || res.Kept != 0 {
		t.Fatalf("prune with every copy gone = %+v, %v; want the link and the gallery's 3 rows forgotten", res, err)
	}
	var rows int
	if err := secondConnection(t, h.Path()).QueryRow("SELECT count(*) FROM links").Scan(&rows); err != nil || rows != 0 {
		t.Errorf("%d rows left, %v", rows, err)
	}
}

// TestWhatProvesACopy: a copy proves itself by its source, a page by its
// gallery's marker (or, put before pages were marked, by its end alone).
func TestWhatProvesACopy(t *testing.T) {
	copyOf := presigned.Link{Bucket: "photos", Key: "a b.png", ShareKey: "s3share-shares/1/a b.png"}
	page := presigned.Link{Bucket: "photos", Key: "s3share-shares/2/index.html", ShareKey: "s3share-shares/2/index.html", Gallery: true, BatchID: "b1"}
	end := "2026-12-01T00:00:00Z"
	cases := []struct {
		name string
		l    presigned.Link
		meta map[string]string
		ok   bool
	}{
		{"its copy", copyOf, map[string]string{metaSource: url.PathEscape("s3://photos/a b.png"), metaLinkEnd: end}, true},
		{"another's copy", copyOf, map[string]string{metaSource: url.PathEscape("s3://photos/c.png"), metaLinkEnd: end}, false},
		{"no metadata", copyOf, map[string]string{}, false},
		{"its page", page, map[string]string{metaGallery: "b1", metaLinkEnd: end}, true},
		{"another gallery's page", page, map[string]string{metaGallery: "b2", metaLinkEnd: end}, false},
		{"an unmarked page", page, map[string]string{metaLinkEnd: end}, true},
		{"a copy named as a page", page, map[string]string{metaSource: url.PathEscape("s3://photos/c.png"), metaLinkEnd: end}, false},
		{"a page without metadata", page, map[string]string{}, false},
	}
	for _, c := range cases {
		if reason := notItsCopy(c.l, c.meta); (reason == "") != c.ok {
			t.Errorf("%s: %q, want accepted %v", c.name, reason, c.ok)
		}
	}
}
