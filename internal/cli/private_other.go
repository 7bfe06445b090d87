//go:build !unix

package cli

// keepFilesPrivate has nothing to do where there is no umask.
func keepFilesPrivate() {}
