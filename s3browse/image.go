package s3browse

import (
	"bytes"
	"path"
	"strings"
)

// imageExts are the extensions IsImage accepts, lower case without the dot.
var imageExts = map[string]bool{
	"jpg": true, "jpeg": true, "png": true, "gif": true, "webp": true, "avif": true,
	"heic": true, "heif": true, "bmp": true, "tif": true, "tiff": true, "svg": true, "ico": true,
}

// IsImage reports whether key names an image by its extension,
// case-insensitively. Folder keys (ending in "/") are never images.
func IsImage(key string) bool {
	if strings.HasSuffix(key, "/") {
		return false
	}
	ext := path.Ext(key)
	if len(ext) < 2 {
		return false
	}
	return imageExts[strings.ToLower(ext[1:])]
}

// isImageName is IsImage of a key or name in bytes, without a string.
// An extension with a byte outside ASCII is never an image's: no
// lower-casing of one gives an extension of imageExts.
func isImageName(name []byte) bool {
	if len(name) == 0 || name[len(name)-1] == '/' {
		return false
	}
	dot := bytes.LastIndexByte(name, '.')
	if dot < 0 || bytes.IndexByte(name[dot:], '/') >= 0 || len(name)-dot < 2 || len(name)-dot > 8 {
		return false
	}
	var ext [8]byte
	n := copy(ext[:], name[dot+1:])
	for i, c := range ext[:n] {
		switch {
		case c >= 0x80:
			return false
		case 'A' <= c && c <= 'Z':
			ext[i] = c + 'a' - 'A'
		}
	}
	return imageExts[string(ext[:n])]
}
