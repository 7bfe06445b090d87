// Package userfile opens and reads the files a person names (a settings
// file, a history, a CA bundle) without the ways such a read can hang or
// run away: a FIFO is opened without waiting for a writer, anything but a
// regular file is refused before a byte is read, a read is capped, and a
// read that blocks all the same gives up when its context ends.
package userfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/s3share/s3share/internal/interrupt"
)

// NotRegularError is a path that names something other than a regular
// file: a directory, a FIFO, a device or a socket.
type NotRegularError struct {
	Kind string // what it is, like "a named pipe (FIFO)"
}

func (e *NotRegularError) Error() string { return "is " + e.Kind + ", not a regular file" }

// TooLargeError is a file over the size its reader takes.
type TooLargeError struct {
	Limit int64 // bytes
}

func (e *TooLargeError) Error() string { return fmt.Sprintf("is over %d bytes", e.Limit) }

// Open opens the regular file at path to read. It does not wait: opening a
// FIFO with no writer would block until one comes. Anything but a regular
// file is refused with a *NotRegularError; other errors are the *fs.PathError
// of the open.
func Open(path string) (*os.File, error) {
	f, err := openNoWait(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = &NotRegularError{Kind: kind(st.Mode())}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ReadAll reads the regular file at path whole, as Open opens it. A file
// over limit bytes is refused with a *TooLargeError, whatever its size
// said (a file can grow while it is read). The null device reads as an
// empty file. A read that blocks (a network file system that stopped
// answering) gives up with ctx's error when ctx ends.
func ReadAll(ctx context.Context, path string, limit int64) ([]byte, error) {
	f, err := Open(path)
	var notRegular *NotRegularError
	if errors.As(err, &notRegular) && isNullDevice(path) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return interrupt.Wait(ctx, func() ([]byte, error) {
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, limit+1))
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if int64(len(data)) > limit {
			return nil, &TooLargeError{Limit: limit}
		}
		return data, nil
	})
}

// isNullDevice reports whether path is the null device (/dev/null, or a
// link to it), which people name to mean "no file".
func isNullDevice(path string) bool {
	st, err := os.Stat(path)
	if err != nil {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err == nil && os.SameFile(st, null)
}

// kind says what a file that is not a regular file is.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	}
	return "a special file"
}
