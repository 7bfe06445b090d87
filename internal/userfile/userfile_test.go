//go:build unix

package userfile

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestReadAllRefusesWhatIsNotAFile: a FIFO nobody writes, a device that
// never ends and a directory are refused before anything is read, each
// named for what it is; the null device is an empty file.
func TestReadAllRefusesWhatIsNotAFile(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for path, kind := range map[string]string{
		fifo:        "a named pipe (FIFO)",
		"/dev/zero": "a character device",
		t.TempDir(): "a directory",
	} {
		_, err := ReadAll(context.Background(), path, 1<<20)
		var nr *NotRegularError
		if !errors.As(err, &nr) || nr.Kind != kind {
			t.Errorf("%s: %v, want that it is %s", path, err, kind)
		}
		if _, err := Open(path); !errors.As(err, &nr) {
			t.Errorf("Open(%s): %v, want a *NotRegularError", path, err)
		}
	}
	if data, err := ReadAll(context.Background(), os.DevNull, 1<<20); err != nil || len(data) != 0 {
		t.Errorf("%s: %q, %v; want nothing and no error", os.DevNull, data, err)
	}
}

// TestReadAllCap: a file of exactly limit bytes is read; one byte more is
// refused.
func TestReadAllCap(t *testing.T) {
	dir := t.TempDir()
	for size, fits := range map[int]bool{1000: true, 1001: false} {
		path := filepath.Join(dir, "f")
		want := bytes.Repeat([]byte("x"), size)
		if err := os.WriteFile(path, want, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := ReadAll(context.Background(), path, 1000)
		var tl *TooLargeError
		switch {
		case fits && (err != nil || !bytes.Equal(got, want)):
			t.Errorf("%d bytes: %d read, %v", size, len(got), err)
		case !fits && (!errors.As(err, &tl) || tl.Limit != 1000):
			t.Errorf("%d bytes: %v, want a *TooLargeError of 1000", size, err)
		}
	}
}

// TestReadAllMissing: a missing file is fs.ErrNotExist.
func TestReadAllMissing(t *testing.T) {
	if _, err := ReadAll(context.Background(), filepath.Join(t.TempDir(), "none"), 10); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
