//go:build !unix

package history

// onReadOnlyFS reports whether path is on a read-only file system; outside
// unix the open itself tells (isReadOnlyFS).
func onReadOnlyFS(string) bool { return false }
