// Package history is the local SQLite store of every link issued: the
// schema with forward-only migrations, queries page by page, the access
// modes (read-only files, a damaged file never written), the region cache,
// and safe use by several processes at once.
package history
