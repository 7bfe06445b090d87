// Package share turns objects into presigned links with a truthful expiry and
// keeps the history of every link issued: expiry parsing and limits,
// effective expiry under temporary credentials, the SQLite history store,
// link status and the native clipboard. It also hands links out: the
// formats a set of links is written in (Printer: url, markdown, html,
// message, csv, json), the gallery page that shows many images through one
// link (RenderGallery, GalleryKey, PresignUntil) and QR codes for a
// terminal (NewQR).
//
// It never imports Charm packages.
package share
