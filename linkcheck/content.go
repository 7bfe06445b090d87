package linkcheck

import (
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// unexpectedContent says what is wrong with a working answer (its status
// and headers) for l, with the media type, or what == "" when nothing is.
// A person opening an image link expects the image: a web page instead is
// a Wi-Fi sign-in page, a proxy's or a CDN's error page, not a link that
// works. So a web page is wrong for any link but a gallery page or an HTML
// object, and for an image any type but an image, unless the answer shows
// it is the object shared all the same (a 206 of the size recorded when
// it was shared: some servers give files they did not store a type for
// as text/plain). A type that says nothing (none, octet-stream) is not
// held against a link.
func unexpectedContent(l presigned.Link, status int, h http.Header) (media, what string) {
	contentType := h.Get("Content-Type")
	if contentType == "" || l.Gallery {
		return "", ""
	}
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		media, _, _ = strings.Cut(strings.ToLower(strings.TrimSpace(contentType)), ";")
	}
	webPage := media == "text/html" || media == "application/xhtml+xml"
	switch {
	case webPage && !htmlKey(l.Key):
		return media, "a web page, not the object (a Wi-Fi sign-in page or an error page?)"
	case webPage, !s3browse.IsImage(l.Key), strings.HasPrefix(media, "image/"), saysNothing(media),
		status == http.StatusPartialContent && l.Size >= 0 && rangeTotal(h) == l.Size:
		return "", ""
	}
	return media, "not an image"
}

// rangeTotal is the object's size a 206's Content-Range gives ("bytes
// 0-0/1234"), or -1.
func rangeTotal(h http.Header) int64 {
	_, total, ok := strings.Cut(h.Get("Content-Range"), "/")
	if !ok {
		return -1
	}
	n, err := strconv.ParseInt(strings.TrimSpace(total), 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// htmlKey reports whether key names a web page by its extension.
func htmlKey(key string) bool {
	switch strings.ToLower(path.Ext(key)) {
	case ".html", ".htm", ".xhtml":
		return true
	}
	return false
}

// saysNothing reports whether a media type tells nothing of the content:
// what S3 stores when an upload gave no type.
func saysNothing(media string) bool {
	return media == "" || media == "application/octet-stream" || media == "binary/octet-stream"
}
