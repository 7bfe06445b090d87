package share

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
)

// TestCheckSharePrefix: a share prefix is a folder of the bucket whose
// links work as they are printed: no dot segments (browsers and curl drop
// them, so the link would answer 403), no control characters, valid UTF-8.
func TestCheckSharePrefix(t *testing.T) {
	good := map[string]string{
		"s3share-shares/": "s3share-shares/", "links": "links/", "/links": "links/", "a/b/c": "a/b/c/",
		"..a/": "..a/", "a../b.": "a../b./", ".hidden/": ".hidden/", "a b/": "a b/", "ünï/": "ünï/",
	}
	for in, want := range good {
		got, err := CheckSharePrefix(in)
		if err != nil || got != want {
			t.Errorf("CheckSharePrefix(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := map[string]string{
		"": "empty", "/": "empty", "//": "empty",
		"../": `".."`, "..": `".."`, "x/../y": `".."`, "a/..": `".."`, "/../x": `".."`,
		"./": `"."`, ".": `"."`, "a/./b": `"."`, "a/.": `"."`,
		"a\x00b/": "control", "a\nb/": "control", "a\x1b[31mb/": "control", "a\u0085b": "control", "a\x7f": "control",
		"a\xffb/": "UTF-8",
	}
	for in, says := range bad {
		_, err := CheckSharePrefix(in)
		var pe *SharePrefixError
		if !errors.Is(err, ErrBadSharePrefix) || !errors.As(err, &pe) || pe.Prefix != in {
			t.Errorf("CheckSharePrefix(%q) = %v, want a *SharePrefixError wrapping ErrBadSharePrefix", in, err)
			continue
		}
		if !strings.Contains(err.Error(), says) || strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "--") {
			t.Errorf("CheckSharePrefix(%q): %q, want one line saying %s and no flag name", in, err, says)
		}
	}
}

// TestPipelineRefusesABadSharePrefix: a pipeline given a prefix that would
// make broken links shares nothing and sends no request.
func TestPipelineRefusesABadSharePrefix(t *testing.T) {
	srv := testsrv.Fake(t)
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	p := NewPipeline(srv.Browser(t), nil, nil).WithSharePrefix("shares/../x")
	reqs := []Request{{Bucket: "photos", Key: "a.png", Expires: time.Hour, Revocable: true}}
	if _, err := p.Share(context.Background(), reqs, nil); !errors.Is(err, ErrBadSharePrefix) {
		t.Errorf("Share with a dot-segment prefix: %v, want ErrBadSharePrefix", err)
	}
	if _, err := p.ShareGallery(context.Background(), reqs, GalleryOptions{}); !errors.Is(err, ErrBadSharePrefix) {
		t.Errorf("ShareGallery with a dot-segment prefix: %v, want ErrBadSharePrefix", err)
	}
}
