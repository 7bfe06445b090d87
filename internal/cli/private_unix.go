//go:build unix

package cli

import "syscall"

// keepFilesPrivate makes every file s3share creates readable by its owner
// only: the history holds presigned URLs, bearer secrets until they expire,
// and SQLite creates its -wal and -shm files with the process umask.
func keepFilesPrivate() { syscall.Umask(0o077) }
