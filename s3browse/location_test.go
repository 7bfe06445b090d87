package s3browse_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/s3share/s3share/s3browse"
)

func TestParseLocation(t *testing.T) {
	long := strings.Repeat("k", 1024)
	tests := []struct {
		in                 string
		bucket, key        string
		isBucket, isPrefix bool
	}{
		{"s3://photos", "photos", "", true, true},
		{"s3://photos/", "photos", "", true, true},
		{"s3://photos/2024/", "photos", "2024/", false, true},
		{"s3://photos/2024/cat.png", "photos", "2024/cat.png", false, false},
		{"s3://my.bucket-1/a b+c/ünï 🐱.jpg", "my.bucket-1", "a b+c/ünï 🐱.jpg", false, false},
		{"s3://abc/a//b", "abc", "a//b", false, false},
		{"s3://abc/" + long, "abc", long, false, false},
	}
	for _, tt := range tests {
		loc, err := s3browse.ParseLocation(tt.in)
		if err != nil {
			t.Errorf("ParseLocation(%q): %v", tt.in, err)
			continue
		}
		if loc.Bucket != tt.bucket || loc.Key != tt.key || loc.IsBucket() != tt.isBucket || loc.IsPrefix() != tt.isPrefix {
			t.Errorf("ParseLocation(%q) = %+v bucket=%v prefix=%v", tt.in, loc, loc.IsBucket(), loc.IsPrefix())
		}
		if again, err := s3browse.ParseLocation(loc.String()); err != nil || again != loc {
			t.Errorf("round trip of %q via %q = %+v, %v", tt.in, loc.String(), again, err)
		}
	}
}

func TestParseLocationRefuses(t *testing.T) {
	for _, in := range []string{
		"", "photos", "s3:/x", "s3://", "s3:///key", "http://x", "https://photos/a", "S3://photos",
		"s3://ab", "s3://" + strings.Repeat("a", 64), "s3://Photos", "s3://pho_tos", "s3://-photos",
		"s3://photos-", "s3://pho..tos", "s3://192.168.1.1", "s3://abc/" + strings.Repeat("k", 1025),
		"s3://abc/\xff",
	} {
		_, err := s3browse.ParseLocation(in)
		if !errors.Is(err, s3browse.ErrBadLocation) {
			t.Errorf("ParseLocation(%q) err = %v, want ErrBadLocation", in, err)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "\n") || len(msg) > 200 {
			t.Errorf("ParseLocation(%q) message not one short line: %q", in, msg)
		}
	}
}

func TestLocationString(t *testing.T) {
	if got := (s3browse.Location{Bucket: "b12"}).String(); got != "s3://b12" {
		t.Errorf("String() = %q", got)
	}
	if got := (s3browse.Location{Bucket: "b12", Key: "x/"}).String(); got != "s3://b12/x/" {
		t.Errorf("String() = %q", got)
	}
}
