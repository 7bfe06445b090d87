package s3browse

import (
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
