package s3browse_test

import (
	"testing"

	"github.com/s3share/s3share/s3browse"
)

func TestIsImage(t *testing.T) {
	tests := map[string]bool{
		"a.jpg": true, "a.JPEG": true, "dir/b.png": true, "c.Gif": true, "d.webp": true, "e.avif": true,
		"f.heic": true, "g.HEIF": true, "h.bmp": true, "i.tif": true, "j.tiff": true, "k.svg": true,
		"l.ico": true, "x.y/m.PNG": true, "🐱 cat.jpg": true,
		"": false, "png": false, "a.txt": false, "a.png.txt": false, "a.pngx": false, "photos.png/": false,
		"a.": false, "x.jpg/readme": false, "a.json": false, "a.jp": false,
	}
	for key, want := range tests {
		if got := s3browse.IsImage(key); got != want {
			t.Errorf("IsImage(%q) = %v, want %v", key, got, want)
		}
	}
}
