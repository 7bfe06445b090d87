//go:build unix

package history

import (
	"errors"
	"syscall"
)

// onReadOnlyFS reports whether path is on a file system mounted read-only
// (access(2) answers EROFS even for root, who passes every mode check).
func onReadOnlyFS(path string) bool {
	return errors.Is(syscall.Access(path, 2 /* W_OK */), syscall.EROFS)
}
