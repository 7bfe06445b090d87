package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/history"
	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/presigned"
)

// downEndpoint is an http:// address on which nothing listens.
func downEndpoint() string {
	return "http://127.0.0.1:1" // nothing listens on port 1; a freed port could be taken again
}

// historyCases are histories that cannot be used: each run fails with one
// line naming the file, and the file keeps what it had.
func historyCases(t *testing.T, srv *testsrv.Server) []badInput {
	presign := presignArgs("s3://photos/a.jpg")
	return []badInput{
		{name: "history corrupt", args: presign, code: 1, says: "is corrupt", setup: corruptHistory},
		{name: "history not a database", args: presign, code: 1, says: "not an s3share history", setup: foreignHistory},
		{name: "history list corrupt", args: []string{"history"}, code: 1, says: "is corrupt", setup: corruptHistory},
		{name: "history parent is a file", args: presign, code: 1, says: "not a directory: check that its directory is writable", setup: parentIsFile},
		{name: "history on a read-only filesystem", args: presign, code: 1, says: "read-only file system",
			setup: func(t *testing.T) (string, []string) { return readOnlyHistory(t, srv), nil }},
		{name: "history list on a read-only filesystem", args: []string{"history"}, code: 0,
			setup: func(t *testing.T) (string, []string) { return readOnlyHistory(t, srv), nil }},
		{name: "history made read-only", args: presign, code: 1, says: "read-only (mode 0400)",
			setup: func(t *testing.T) (string, []string) { return readOnlyFile(t, srv), nil }},
		{name: "history list of a file made read-only", args: []string{"history"}, code: 0,
			setup: func(t *testing.T) (string, []string) { return readOnlyFile(t, srv), nil }},
		{name: "history damaged past its schema", args: presign, code: 1, says: "is corrupt", setup: damagedHistory},
		{name: "history prune on a read-only filesystem", args: []string{"history", "prune"}, code: 1, says: "read-only file system",
			setup: func(t *testing.T) (string, []string) { return readOnlyHistory(t, srv), nil }},
		{name: "history label of a file made read-only", args: []string{"history", "label", "1", "x"}, code: 1, says: "read-only (mode 0400)",
			setup: func(t *testing.T) (string, []string) { return readOnlyFile(t, srv), nil }},
		{name: "history on a full disk", args: presign, code: 1, says: "disk has space",
			setup: func(t *testing.T) (string, []string) { return fullHistory(t, srv), nil }},
	}
}

// keptFile writes data to a new history file and checks, when the test
// ends, that the file still holds exactly data and that the error named it.
func keptFile(t *testing.T, data []byte) string {
	path := filepath.Join(t.TempDir(), "history.db")
	writeFile(t, path, data)
	t.Cleanup(func() {
		if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, data) {
			t.Errorf("the history file was changed (%v)", err)
		}
	})
	return path
}

// corruptHistory is a file with SQLite's header and garbage after it.
func corruptHistory(t *testing.T) (string, []string) {
	data := append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xA5, 0x17, 0x00, 0xFF}, 2048)...)
	return keptFile(t, data), nil
}

// foreignHistory is a file that is not a database at all.
func foreignHistory(t *testing.T) (string, []string) {
	return keptFile(t, []byte("id,url\n1,https://example.com/\n")), nil
}

// parentIsFile is a history path whose directory is a regular file: this
// fails even for root, unlike chmod.
func parentIsFile(t *testing.T) (string, []string) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	writeFile(t, file, []byte("x"))
	return filepath.Join(file, "history.db"), nil
}

// tmpfs mounts a small tmpfs (root only) or skips.
func tmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := shell(t, "mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir); err != nil {
		t.Skip("cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN); read-only and full-disk histories not tested")
	}
	t.Cleanup(func() { _ = shell(t, "umount", dir) })
	return dir
}

// seededHistory records one link in a history on a fresh tmpfs and checks,
// when the test ends, that the link is still there.
func seededHistory(t *testing.T, srv *testsrv.Server, size string) (string, string) {
	dir := tmpfs(t, size)
	path := filepath.Join(dir, "s3share", "history.db")
	if r := runCLI(t, srv, path, "presign", "s3://photos/a.jpg"); r.code != 0 {
		t.Fatalf("seed: %s", r.stderr)
	}
	before := historyList(t, path)
	t.Cleanup(func() {
		if after := historyList(t, path); len(after) != len(before) {
			t.Errorf("history on %s had %d links, now %d", dir, len(before), len(after))
		}
	})
	return dir, path
}

// readOnlyHistory is a history on a tmpfs remounted read-only: a write
// fails even for root.
func readOnlyHistory(t *testing.T, srv *testsrv.Server) string {
	dir, path := seededHistory(t, srv, "1m")
	if err := shell(t, "mount", "-o", "remount,ro", dir); err != nil {
		t.Skip("cannot remount the tmpfs read-only")
	}
	t.Cleanup(func() { _ = shell(t, "mount", "-o", "remount,rw", dir) })
	return path
}

// readOnlyFile is a history with one link that its owner made 0400: it
// must stay 0400 and unchanged.
func readOnlyFile(t *testing.T, srv *testsrv.Server) string {
	path := filepath.Join(t.TempDir(), "history.db")
	if r := runCLI(t, srv, path, "presign", "s3://photos/a.jpg"); r.code != 0 {
		t.Fatalf("seed: %s", r.stderr)
	}
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	t.Cleanup(func() {
		info, err := os.Stat(path)
		if got, _ := os.ReadFile(path); err != nil || info.Mode().Perm() != 0o400 || !bytes.Equal(got, data) {
			t.Errorf("the read-only history was changed or made writable (%v)", err)
		}
	})
	return path
}

// damagedHistory is a history of 300 links whose pages after the schema
// are damaged: it opens, but SQLite's check finds the damage. Nothing may
// be written to it.
func damagedHistory(t *testing.T) (string, []string) {
	path := filepath.Join(t.TempDir(), "history.db")
	h, err := history.OpenHistory(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	var many []presigned.Link
	for i := range 300 {
		many = append(many, presigned.Link{Bucket: "photos", Key: fmt.Sprintf("k-%d-%s", i, strings.Repeat("x", 100)),
			URL: "https://example.test/k", IssuedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)})
	}
	if _, err := h.Add(context.Background(), many); err != nil {
		t.Fatal(err)
	}
	h.Close()
	data, _ := os.ReadFile(path)
	for i := 4096*2 + 100; i < len(data); i += 7 {
		data[i] ^= 0x5A
	}
	writeFile(t, path, data)
	t.Cleanup(func() {
		if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
			t.Error("the damaged history was changed")
		}
	})
	return path, nil
}

// TestMissingHomeIsNotCreated: HOME naming a directory that does not exist
// is refused with a line naming the variable, and nothing is created.
func TestMissingHomeIsNotCreated(t *testing.T) {
	home := filepath.Join(t.TempDir(), "gone", "home")
	r := runCLIEnv(t, nil, "", []string{"HOME=" + home, "XDG_STATE_HOME="}, "history")
	if r.code != 1 || !strings.Contains(r.stderr, "HOME is "+home+", which does not exist") {
		t.Errorf("exit %d, stderr %q; want exit 1 naming HOME", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Dir(home)); err == nil {
		t.Error("s3share created the missing HOME")
	}
}

// fullHistory is a history on a tmpfs with no space left.
func fullHistory(t *testing.T, srv *testsrv.Server) string {
	dir, path := seededHistory(t, srv, "1m")
	filler := filepath.Join(dir, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte{1}, 4096)
	for err == nil {
		_, err = f.Write(chunk)
	}
	f.Close()
	if !strings.Contains(err.Error(), "no space") {
		t.Fatalf("filling the tmpfs: %v", err)
	}
	t.Cleanup(func() { os.Remove(filler) })
	return path
}
