// Package share turns objects into presigned links with a truthful expiry and
// keeps the history of every link issued: expiry parsing and limits,
// effective expiry under temporary credentials, the SQLite history store,
// link status and the native clipboard.
//
// It never imports Charm packages.
package share
