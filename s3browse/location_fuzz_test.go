package s3browse_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/s3share/s3share/s3browse"
)

func FuzzParseLocation(f *testing.F) {
	for _, s := range []string{"s3://photos", "s3://photos/", "s3://photos/a/b.png", "s3:/x", "s3://", "http://x",
		"s3://ab", "s3://Photos", "s3://my_bucket", "s3://a..b", "s3://192.168.0.1", "s3://photos/a//b",
		"s3://photos/📷 café.jpg", "s3://photos/../x", "s3://-ab", "s3://photos/\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		loc, err := s3browse.ParseLocation(s)
		if err != nil {
			if !errors.Is(err, s3browse.ErrBadLocation) || strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("ParseLocation(%q): error %q", s, err)
			}
			return
		}
		if n := len(loc.Bucket); n < 3 || n > 63 || len(loc.Key) > s3browse.MaxKeyBytes || !utf8.ValidString(loc.Key) {
			t.Fatalf("ParseLocation(%q) accepted %+v", s, loc)
		}
		back, err := s3browse.ParseLocation(loc.String())
		if err != nil || back != loc {
			t.Fatalf("round trip of %q: %+v, %v", s, back, err)
		}
		if loc.IsBucket() && !loc.IsPrefix() {
			t.Fatalf("%q: a bucket that is not a prefix", s)
		}
	})
}
