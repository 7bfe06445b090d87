package history

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/presigned"
)

// openTest opens a history in a fresh temp dir with the clock at *now.
func openTest(t *testing.T, now *time.Time) *History {
	t.Helper()
	h, err := OpenHistory(context.Background(), filepath.Join(t.TempDir(), "state", "history.db"), func() time.Time { return *now })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// link builds a link issued at issued for d, ending early after eff when eff > 0.
func link(bucket, key, label string, issued time.Time, d, eff time.Duration) presigned.Link {
	l := presigned.Link{Bucket: bucket, Key: key, Label: label, Region: "us-east-1", URL: "https://example.test/" + key,
		IssuedAt: issued, ExpiresAt: issued.Add(d), EffectiveExpiresAt: issued.Add(d), CredentialKind: presigned.CredStatic}
	if eff > 0 {
		l.EffectiveExpiresAt, l.CredentialKind = issued.Add(eff), presigned.CredTemporary
	}
	return l
}

func TestHistoryAddListStatuses(t *testing.T) {
	now := testNow
	h := openTest(t, &now)
	ctx := context.Background()
	in := []presigned.Link{
		link("photos", "a.png", "", now.Add(-4*time.Hour), 24*time.Hour, 0),               // active
		link("photos", "b.png", "", now.Add(-3*time.Hour), 3*time.Hour+30*time.Minute, 0), // expiring soon
		link("photos", "c.png", "", now.Add(-2*time.Hour), time.Hour, 0),                  // expired
		link("photos", "d.png", "", now.Add(-1*time.Hour), 24*time.Hour, 30*time.Minute),  // ended early
	}
	in[0].Disposition, in[0].BatchID, in[0].Endpoint = `attachment; filename="a.png"`, "b1", "http://127.0.0.1:9000"
	added, err := h.Add(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range added {
		if l.ID == 0 {
			t.Fatalf("link %d has no ID", i)
		}
	}
	all, err := h.List(ctx, Query{})
	if err != nil {
		t.Fatal(err)
	}
	wantKeys := []string{"d.png", "c.png", "b.png", "a.png"}
	wantStatus := []presigned.Status{presigned.StatusEndedEarly, presigned.StatusExpired, presigned.StatusExpiringSoon, presigned.StatusActive}
	if len(all) != 4 {
		t.Fatalf("List = %d links, want 4", len(all))
	}
	for i, l := range all {
		if l.Key != wantKeys[i] || l.StatusAt(now) != wantStatus[i] {
			t.Errorf("row %d = %s %v, want %s %v", i, l.Key, l.StatusAt(now), wantKeys[i], wantStatus[i])
		}
	}
	got, err := h.Get(ctx, added[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	want := added[0]
	if !got.IssuedAt.Equal(want.IssuedAt) || !got.ExpiresAt.Equal(want.ExpiresAt) || !got.EffectiveExpiresAt.Equal(want.EffectiveExpiresAt) ||
		got.Disposition != want.Disposition || got.BatchID != "b1" || got.Endpoint != want.Endpoint || got.URL != want.URL ||
		got.Region != "us-east-1" || got.CredentialKind != presigned.CredStatic {
		t.Errorf("Get = %+v, want %+v", got, want)
	}
	checkKeys(t, h, Query{Filter: FilterActive}, "b.png", "a.png")
	checkKeys(t, h, Query{Filter: FilterExpired}, "d.png", "c.png")
	checkKeys(t, h, Query{Limit: 2}, "d.png", "c.png")
}

// checkKeys lists with q and compares the keys in order.
func checkKeys(t *testing.T, h *History, q Query, want ...string) {
	t.Helper()
	links, err := h.List(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range links {
		got = append(got, l.Key)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("List(%+v) = %v, want %v", q, got, want)
	}
}

func TestHistorySearch(t *testing.T) {
	now := testNow
	h := openTest(t, &now)
	ctx := context.Background()
	_, err := h.Add(ctx, []presigned.Link{
		link("photos", "Holiday/Beach.PNG", "", now.Add(-3*time.Minute), time.Hour, 0),
		link("docs", "100%_done.txt", "", now.Add(-2*time.Minute), time.Hour, 0),
		link("docs", "100xxdone.txt", "For Alice", now.Add(-1*time.Minute), time.Hour, 0),
	})
	if err != nil {
		t.Fatal(err)
	}
	checkKeys(t, h, Query{Search: "beach"}, "Holiday/Beach.PNG")
	checkKeys(t, h, Query{Search: "PHOTOS"}, "Holiday/Beach.PNG")
	checkKeys(t, h, Query{Search: "alice"}, "100xxdone.txt")
	checkKeys(t, h, Query{Search: "%_"}, "100%_done.txt")
	checkKeys(t, h, Query{Search: "100_"})
	checkKeys(t, h, Query{Search: "docs", Filter: FilterExpired})
	checkKeys(t, h, Query{Search: "docs", Filter: FilterActive}, "100xxdone.txt", "100%_done.txt")
}

func TestHistoryDeleteAndPrune(t *testing.T) {
	now := testNow
	h := openTest(t, &now)
	ctx := context.Background()
	added, err := h.Add(ctx, []presigned.Link{
		link("b", "old", "", now.Add(-3*time.Hour), time.Hour, 0),
		link("b", "early", "", now.Add(-2*time.Hour), 24*time.Hour, time.Hour),
		link("b", "live", "", now.Add(-1*time.Hour), 24*time.Hour, 0),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := h.PruneExpired(ctx); err != nil || res.Forgotten != 2 {
		t.Fatalf("PruneExpired = %+v, %v; want 2 forgotten", res, err)
	}
	checkKeys(t, h, Query{}, "live")
	if err := h.Delete(ctx, added[0].ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete pruned id: %v, want ErrNotFound", err)
	}
	if _, err := h.Get(ctx, added[0].ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get pruned id: %v, want ErrNotFound", err)
	}
	if err := h.Delete(ctx, added[2].ID); err != nil {
		t.Fatal(err)
	}
	checkKeys(t, h, Query{})
	now = now.Add(48 * time.Hour)
	if res, err := h.PruneExpired(ctx); err != nil || res.Forgotten != 0 {
		t.Fatalf("PruneExpired on empty = %+v, %v", res, err)
	}
}

func TestHistoryPermissions(t *testing.T) {
	now := testNow
	dir := filepath.Join(t.TempDir(), "state", "s3share")
	path := filepath.Join(dir, "history.db")
	h, err := OpenHistory(context.Background(), path, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ctx := context.Background()
	added, err := h.Add(ctx, []presigned.Link{link("b", "k", "", now, time.Hour, 0), link("b", "k2", "", now, time.Hour, 0)})
	if err != nil {
		t.Fatal(err)
	}
	checkMode(t, dir, 0o700)
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		checkMode(t, p, 0o600)
	}
	if err := h.Delete(ctx, added[0].ID); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * time.Hour)
	if _, err := h.PruneExpired(ctx); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		checkMode(t, p, 0o600)
	}
}

// checkMode fails unless path exists with exactly mode.
func checkMode(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != mode {
		t.Errorf("%s has mode %v, want %v", filepath.Base(path), st.Mode().Perm(), mode)
	}
}

func TestHistoryCorruptFileKept(t *testing.T) {
	dir := t.TempDir()
	cases := map[string][]byte{
		"garbage.db":    []byte("this is not a database at all\x00\x01\x02 just some bytes"),
		"badpages.db":   append([]byte(sqliteHeader), bytes.Repeat([]byte{0xAB}, 8000)...),
		"text-file.db":  []byte("hello\n"),
		"binary-one.db": {0},
	}
	for name, data := range cases {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		h, err := OpenHistory(context.Background(), path, nil)
		if err == nil {
			h.Close()
			t.Errorf("%s: OpenHistory succeeded on a corrupt file", name)
		}
		t.Logf("%s: %v", name, err)
		var he *HistoryError
		if !errors.As(err, &he) || he.Path != path || !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v: want a one-line HistoryError naming the file", name, err)
		}
		got, _ := os.ReadFile(path)
		if !bytes.Equal(got, data) {
			t.Errorf("%s: file changed by OpenHistory", name)
		}
		for _, side := range []string{"-wal", "-shm", "-journal"} {
			if st, err := os.Stat(path + side); err == nil && st.Size() > 0 {
				t.Errorf("%s: left a non-empty %s file", name, side)
			}
		}
	}
}

func TestHistoryNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	h, err := OpenHistory(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	h.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = 7"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(path)
	_, err = OpenHistory(context.Background(), path, nil)
	if err == nil || !strings.Contains(err.Error(), "was written by a newer s3share") || !strings.Contains(err.Error(), path) {
		t.Fatalf("OpenHistory on schema 7: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("newer history was modified")
	}
}

func TestHistoryForeignDatabaseRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE notes (x TEXT)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := OpenHistory(context.Background(), path, nil); err == nil || !strings.Contains(err.Error(), "not an s3share history") {
		t.Fatalf("OpenHistory on a foreign database: %v", err)
	}
}

func TestHistoryReopenKeepsRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	h, err := OpenHistory(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Add(context.Background(), []presigned.Link{link("b", "k", "", testNow, time.Hour, 0)}); err != nil {
		t.Fatal(err)
	}
	h.Close()
	h, err = OpenHistory(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if h.Path() != path {
		t.Errorf("Path() = %q", h.Path())
	}
	checkKeys(t, h, Query{}, "k")
}

// damagedHistory returns a history file with 300 links whose pages after
// the first are damaged: it opens, but reading the links fails.
func damagedHistory(t *testing.T) (string, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history.db")
	h, err := OpenHistory(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	var many []presigned.Link
	for i := range 300 {
		many = append(many, link("b", fmt.Sprintf("key-%d-%s", i, strings.Repeat("x", 100)), "", testNow, time.Hour, 0))
	}
	if _, err := h.Add(context.Background(), many); err != nil {
		t.Fatal(err)
	}
	h.Close()
	data, _ := os.ReadFile(path)
	// Damage the second half of the file: the links' pages, written after
	// the schema's tables were made (their root pages come first).
	for i := len(data)/2 + 100; i < len(data); i += 7 {
		data[i] ^= 0x5A
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, data
}

// TestDamagedHistoryIsNeverWritten: once SQLite's check finds damage, a
// link is refused with the file's name and the file stays byte for byte as
// it was.
func TestDamagedHistoryIsNeverWritten(t *testing.T) {
	path, data := damagedHistory(t)
	h, err := OpenHistory(context.Background(), path, nil)
	if err != nil {
		t.Fatalf("the damage is past the schema, so opening works: %v", err)
	}
	defer h.Close()
	_, err = h.Add(context.Background(), []presigned.Link{link("b", "k", "", testNow, time.Hour, 0)})
	if err == nil || !strings.Contains(err.Error(), "is corrupt") || !strings.Contains(err.Error(), path) {
		t.Fatalf("adding to a damaged history: %v, want a refusal naming the file", err)
	}
	h.Close()
	if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
		t.Error("the damaged history was changed")
	}
}

// TestReadOnlyHistoryIsRespected: a history its owner made 0400 opens for
// reading, refuses writes with a line saying why, and keeps its mode.
func TestReadOnlyHistoryIsRespected(t *testing.T) {
	now := testNow
	path := filepath.Join(t.TempDir(), "history.db")
	h, err := OpenHistory(context.Background(), path, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Add(context.Background(), []presigned.Link{link("b", "k", "", testNow, time.Hour, 0)}); err != nil {
		t.Fatal(err)
	}
	h.Close()
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	h, err = OpenHistory(context.Background(), path, func() time.Time { return now })
	if err != nil {
		t.Fatalf("opening a 0400 history: %v", err)
	}
	defer h.Close()
	checkKeys(t, h, Query{}, "k")
	_, err = h.Add(context.Background(), []presigned.Link{link("b", "k2", "", testNow, time.Hour, 0)})
	if err == nil || !strings.Contains(err.Error(), "read-only (mode 0400)") {
		t.Errorf("Add to a 0400 history: %v", err)
	}
	if err := h.Verify(context.Background()); err == nil {
		t.Error("Verify passed a history that may not be written")
	}
	info, _ := os.Stat(path)
	if got, _ := os.ReadFile(path); info.Mode().Perm() != 0o400 || !bytes.Equal(got, data) {
		t.Errorf("the history is now %04o (or its bytes changed), want it kept 0400", info.Mode().Perm())
	}
}

// appenderEnv makes the test binary act as one appending process.
const appenderEnv = "S3SHARE_TEST_APPEND_TO"

// appendAsChild is the child side of TestHistoryTwoProcesses: TestMain
// runs it instead of the tests when appenderEnv names a history.
func appendAsChild(path string) error {
	h, err := OpenHistory(context.Background(), path, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	for i := range 200 {
		l := link("b", fmt.Sprintf("%d-%d", os.Getpid(), i), "", testNow, time.Hour, 0)
		if _, err := h.Add(context.Background(), []presigned.Link{l}); err != nil {
			return err
		}
	}
	return nil
}

func TestHistoryTwoProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "history.db")
	var cmds []*execCmd
	for range 2 {
		cmds = append(cmds, startAppender(t, path))
	}
	for _, c := range cmds {
		if err := c.cmd.Wait(); err != nil {
			t.Fatalf("appender failed: %v\n%s", err, c.out.String())
		}
	}
	h, err := OpenHistory(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	links, err := h.List(context.Background(), Query{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, l := range links {
		seen[l.Key] = true
	}
	if len(links) != 400 || len(seen) != 400 {
		t.Fatalf("two processes left %d rows (%d distinct), want 400", len(links), len(seen))
	}
}

func TestHistoryDamagedPagesKept(t *testing.T) {
	path, data := damagedHistory(t)
	h, err := OpenHistory(context.Background(), path, nil)
	if err == nil {
		_, err = h.List(context.Background(), Query{})
		h.Close()
	}
	var he *HistoryError
	if !errors.As(err, &he) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "is corrupt") {
		t.Errorf("damaged history: %v, want a HistoryError naming the file", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
		t.Error("damaged history was modified")
	}
}

// An s3share directory left group- or world-readable (by an older version, or
// by hand) is tightened to 0700; a directory the user chose is left alone.
func TestHistoryTightensItsDirectory(t *testing.T) {
	root := t.TempDir()
	ours := filepath.Join(root, "state", "s3share")
	theirs := filepath.Join(root, "shared")
	for _, dir := range []string{ours, theirs} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		h, err := OpenHistory(context.Background(), filepath.Join(dir, "history.db"), time.Now)
		if err != nil {
			t.Fatal(err)
		}
		h.Close()
	}
	checkMode(t, ours, 0o700)
	checkMode(t, theirs, 0o755)
}

// TestMigrateFromV1 opens a history written by the version-1 code: it is
// migrated in place, every link kept, and the download settings that v1
// only had inside Content-Disposition become columns.
func TestMigrateFromV1(t *testing.T) {
	h := openOld(t, "history-v1.db", nil)
	links, err := h.List(context.Background(), Query{})
	if err != nil || len(links) != 3 {
		t.Fatalf("links after the migration: %d, %v; want 3", len(links), err)
	}
	byKey := map[string]presigned.Link{}
	for _, l := range links {
		byKey[l.Key] = l
	}
	want := map[string]struct {
		download bool
		filename string
	}{"cat.png": {false, ""}, "docs/Straße plan.png": {true, "Straße plan.png"}, "dog.jpg": {true, "holiday.jpg"}}
	for key, w := range want {
		l := byKey[key]
		if l.Download != w.download || l.Filename != w.filename || l.Size != -1 || l.Revocable() || l.Check.Checked() {
			t.Errorf("%s migrated to download=%v filename=%q size=%d: want %v %q, size unknown", key, l.Download, l.Filename, l.Size, w.download, w.filename)
		}
	}
	if l := byKey["cat.png"]; l.Label != "acme" || l.Endpoint != "http://127.0.0.1:9000" || !strings.Contains(l.URL, "X-Amz-Signature=abc") {
		t.Errorf("cat.png lost its data: %+v", l)
	}
}
