package share

import (
	"regexp"
	"strings"
	"testing"
)

func TestGalleryKey(t *testing.T) {
	shape := regexp.MustCompile(`^s3share-shares/[0-9a-f]{32}/index\.html$`)
	seen := map[string]bool{}
	for range 1000 {
		k := GalleryKey("s3share-shares/")
		if !shape.MatchString(k) || seen[k] {
			t.Fatalf("key %q: wrong shape or repeated", k)
		}
		seen[k] = true
	}
	if k := GalleryKey("team/shares"); !strings.HasPrefix(k, "team/shares/") {
		t.Errorf("GalleryKey(team/shares) = %q", k)
	}
	if k := GalleryKey(""); !shape.MatchString(k) { // no prefix is the default one, never the bucket's root
		t.Errorf("GalleryKey(\"\") = %q", k)
	}
}
