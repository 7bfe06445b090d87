//go:build unix

package userfile

import (
	"os"
	"syscall"
)

// openNoWait opens path to read with O_NONBLOCK, so that opening a FIFO
// returns at once instead of waiting for a writer. Reads of a regular file
// on a disk ignore the flag.
func openNoWait(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
