package cli

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	_ "modernc.org/sqlite" // to edit a history file as a damaged one would read

	"github.com/s3share/s3share/internal/testsrv"
)

// waitExpired polls url until the server refuses it (403), within a
// deadline: the server's clock, not a sleep, decides when a short link ends.
func waitExpired(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		code, _ := fetch(t, url)
		if code == 403 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the short link still answers %d after 30 s", code)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// historyDB opens the history file straight with SQLite, closed when the
// test ends.
func historyDB(t *testing.T, history string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", history)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// historyRows counts every row of the history file, images of galleries
// included (history lists only the top level).
func historyRows(t *testing.T, history string) int {
	t.Helper()
	var n int
	if err := historyDB(t, history).QueryRow("SELECT count(*) FROM links").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// tamperShareKey rewrites the share key of link id in the history file, as
// an edited or damaged history might.
func tamperShareKey(t *testing.T, history, id, key string) {
	t.Helper()
	if _, err := historyDB(t, history).Exec("UPDATE links SET share_key = ? WHERE id = ?", key, id); err != nil {
		t.Fatal(err)
	}
}

// exists tells whether bucket/key is on the server.
func exists(t *testing.T, srv *testsrv.Server, bucket, key string) bool {
	t.Helper()
	_, err := srv.Client().HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	return err == nil
}

// photosServer is versitygw with a.png and b.png in photos.
func photosServer(t *testing.T) *testsrv.Server {
	t.Helper()
	srv := testsrv.Versity(t)
	srv.CreateBucket(t, "photos")
	for _, k := range []string{"a.png", "b.png"} {
		srv.Put(t, "photos", k, []byte("png "+k))
	}
	return srv
}

// galleryID presigns a gallery of locs with extra flags and returns its id
// and its page's URL.
func galleryID(t *testing.T, srv *testsrv.Server, history string, args ...string) (string, string) {
	t.Helper()
	r := runCLI(t, srv, history, append([]string{"presign", "--gallery", "--json"}, args...)...)
	rows := jsonLines(t, r.stdout)
	if r.code != 0 || len(rows) != 1 {
		t.Fatalf("presign --gallery %v: exit %d: %s", args, r.code, r.stderr)
	}
	return jsonID(rows[0]), rows[0]["url"].(string)
}

// TestRevokeGalleriesFromTheCLI: revoking a revocable gallery deletes every
// copy (the page and each image's); revoking a plain one deletes the page
// and says that its images' links keep working until they end.
func TestRevokeGalleriesFromTheCLI(t *testing.T) {
	srv := photosServer(t)
	history := filepath.Join(t.TempDir(), "history.db")
	id, _ := galleryID(t, srv, history, "--revocable", "s3://photos/a.png", "s3://photos/b.png")
	if n := len(shareCopies(t, srv)); n != 3 {
		t.Fatalf("%d copies under the share prefix, want the page and 2 images", n)
	}
	if r := runCLI(t, srv, history, "revoke", id); r.code != 0 {
		t.Fatalf("revoke of a revocable gallery: exit %d: %s", r.code, r.stderr)
	}
	if keys := shareCopies(t, srv); len(keys) != 0 {
		t.Errorf("copies left after revoking the gallery: %v", keys)
	}
	plain, page := galleryID(t, srv, history, "s3://photos/a.png", "s3://photos/b.png")
	r := runCLI(t, srv, history, "revoke", plain)
	if r.code != 0 || !strings.Contains(r.stderr, "2 image links") || !strings.Contains(r.stderr, "keep working until") {
		t.Errorf("revoke of a plain gallery: exit %d: %q; want it to say its image links keep working", r.code, r.stderr)
	}
	if code, _ := fetch(t, page); code != 404 {
		t.Errorf("the revoked page answers %d", code)
	}
}

// TestPruneDeletesGalleryCopies: once a revocable gallery's links have
// ended, prune --delete-copies deletes the page and every image's copy,
// then forgets the gallery and its images.
func TestPruneDeletesGalleryCopies(t *testing.T) {
	srv := photosServer(t)
	history := filepath.Join(t.TempDir(), "history.db")
	_, page := galleryID(t, srv, history, "--revocable", "--expires", "2s", "s3://photos/a.png", "s3://photos/b.png")
	waitExpired(t, page)
	if r := runCLI(t, srv, history, "history", "prune", "--delete-copies"); r.code != 0 {
		t.Fatalf("prune --delete-copies: exit %d: %s", r.code, r.stderr)
	}
	if keys := shareCopies(t, srv); len(keys) != 0 {
		t.Errorf("copies left after the prune: %v", keys)
	}
	if n := historyRows(t, history); n != 0 {
		t.Errorf("%d rows left in the history", n)
	}
}

// TestTamperedRowsAreRefusedByTheCLI: a history row whose share key was
// changed to name the original is refused by revoke and by prune
// --delete-copies with one line each (exit 1): the original survives and
// prune keeps the row.
func TestTamperedRowsAreRefusedByTheCLI(t *testing.T) {
	srv := photosServer(t)
	history := filepath.Join(t.TempDir(), "history.db")
	live, _ := presignIDs(t, srv, history, "--revocable", "s3://photos/a.png")
	short, urls := presignIDs(t, srv, history, "--revocable", "--expires", "2s", "s3://photos/b.png")
	tamperShareKey(t, history, live[0], "a.png")
	tamperShareKey(t, history, short[0], "b.png")
	r := runCLI(t, srv, history, "revoke", live[0])
	if r.code != 1 || !strings.Contains(r.stderr, "refus") || !strings.Contains(r.stderr, "share prefix") {
		t.Errorf("revoke of a tampered row: exit %d: %q; want it refused", r.code, r.stderr)
	}
	waitExpired(t, urls[0])
	p := runCLI(t, srv, history, "history", "prune", "--delete-copies")
	if p.code != 1 || !strings.Contains(p.stderr, "refus") {
		t.Errorf("prune of a tampered row: exit %d: %q; want it refused", p.code, p.stderr)
	}
	for _, key := range []string{"a.png", "b.png"} {
		if !exists(t, srv, "photos", key) {
			t.Errorf("the original %s was deleted", key)
		}
	}
	if n := historyRows(t, history); n != 2 {
		t.Errorf("%d rows left, want both tampered rows kept", n)
	}
}

// TestHistoryRmDeletesCopies: history rm --delete-copy deletes a revocable
// link's copy with its row; rm of a gallery without it forgets the gallery
// and its images (no row left behind) and says its copies stay.
func TestHistoryRmDeletesCopies(t *testing.T) {
	srv := photosServer(t)
	history := filepath.Join(t.TempDir(), "history.db")
	ids, urls := presignIDs(t, srv, history, "--revocable", "s3://photos/a.png")
	if r := runCLI(t, srv, history, "history", "rm", "--delete-copy", ids[0]); r.code != 0 {
		t.Fatalf("history rm --delete-copy: exit %d: %s", r.code, r.stderr)
	}
	if code, _ := fetch(t, urls[0]); code != 404 {
		t.Errorf("the link answers %d after rm --delete-copy", code)
	}
	id, _ := galleryID(t, srv, history, "--revocable", "s3://photos/a.png", "s3://photos/b.png")
	r := runCLI(t, nil, history, "history", "rm", id)
	if r.code != 0 || !strings.Contains(r.stderr, "stay") || !strings.Contains(r.stderr, "--delete-copy") {
		t.Errorf("history rm of a gallery: exit %d: %q; want it to say the copies stay", r.code, r.stderr)
	}
	if n := historyRows(t, history); n != 0 {
		t.Errorf("%d rows left in the history after rm", n)
	}
	if n := len(shareCopies(t, srv)); n != 3 {
		t.Errorf("%d copies, want the page and its 2 images left as rm said", n)
	}
}

// TestGalleryFileIsNotOverwritten: --gallery-file refuses a file that
// exists (exit 1, nothing issued, the file as it was) and makes a new one
// 0600.
func TestGalleryFileIsNotOverwritten(t *testing.T) {
	srv := photosServer(t)
	history := filepath.Join(t.TempDir(), "history.db")
	file := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(file, []byte("last week's page"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, srv, history, "presign", "--gallery-file", file, "s3://photos/a.png")
	if r.code != 1 || !strings.Contains(r.stderr, "--gallery-file") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("--gallery-file on an existing file: exit %d: %q; want one line naming the flag", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(file); string(got) != "last week's page" {
		t.Errorf("the existing file was overwritten")
	}
	if n := historyRows(t, history); n != 0 {
		t.Errorf("%d links recorded for a refused page file", n)
	}
	fresh := filepath.Join(t.TempDir(), "new.html")
	if r := runCLI(t, srv, history, "presign", "--gallery-file", fresh, "s3://photos/a.png"); r.code != 0 {
		t.Fatalf("--gallery-file on a new file: exit %d: %s", r.code, r.stderr)
	}
	if info, err := os.Stat(fresh); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the new page file: %v, %v; want mode 0600", info, err)
	}
}

// TestRenewGalleryFromTheCLI: renew of a gallery prints a new page whose
// images are signed afresh; once the old links have ended, check of the
// renewed gallery checks the page and each image, and all work.
func TestRenewGalleryFromTheCLI(t *testing.T) {
	srv := photosServer(t)
	history := filepath.Join(t.TempDir(), "history.db")
	id, page := galleryID(t, srv, history, "--expires", "2s", "s3://photos/a.png", "s3://photos/b.png")
	r := runCLI(t, srv, history, "renew", "--json", "--expires", "1h", id)
	rows := jsonLines(t, r.stdout)
	if r.code != 0 || len(rows) != 1 {
		t.Fatalf("renew of a gallery: exit %d: %s", r.code, r.stderr)
	}
	waitExpired(t, page)
	c := runCLI(t, nil, history, "check", "--json", jsonID(rows[0]))
	checked := jsonLines(t, c.stdout)
	if c.code != 0 || len(checked) != 3 {
		t.Fatalf("check of the renewed gallery: exit %d, %d verdicts, want the page and its 2 images: %s", c.code, len(checked), c.stderr)
	}
	for _, v := range checked {
		if v["verdict"] != "works" {
			t.Errorf("check of the renewed gallery: %s %v (%v)", v["key"], v["verdict"], v["detail"])
		}
	}
}
