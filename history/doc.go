// Package history is the local SQLite store of every link issued: the
// schema with forward-only migrations, queries page by page, the access
// modes (read-only files, a damaged file never written), the region cache,
// what the buckets' access logs said of links (each request once, the log
// objects read, how far the logs go: opens.go), and safe use by several
// processes at once.
package history
