//go:build !unix

package userfile

import "os"

// openNoWait opens path to read; opening a file does not wait here.
func openNoWait(path string) (*os.File, error) {
	return os.Open(path)
}
