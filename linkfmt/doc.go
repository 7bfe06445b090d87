// Package linkfmt hands links out: the formats a set of links is written
// in (url, markdown, html, message, csv, json), the gallery page that shows
// many images through one link, and QR codes for a terminal.
package linkfmt
