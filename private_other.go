//go:build !unix

package main

// keepFilesPrivate has nothing to do where there is no umask.
func keepFilesPrivate() {}
