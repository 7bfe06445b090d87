package s3browse

import (
	"fmt"
	"net"
	"path"
	"strings"
	"unicode/utf8"
)

// MaxKeyBytes is the longest object key S3 accepts, in bytes of UTF-8.
const MaxKeyBytes = 1024

// Location is a parsed s3:// location: a bucket, a folder prefix in it
// (Key ends in "/") or one object.
type Location struct {
	Bucket string
	Key    string // "" for the bucket itself
}

// ParseLocation parses s3://BUCKET, s3://BUCKET/PREFIX/ or s3://BUCKET/KEY.
// "s3://bucket/" is the bucket itself. Bad input gives an error wrapping
// ErrBadLocation that says what is expected.
func ParseLocation(s string) (Location, error) {
	rest, ok := strings.CutPrefix(s, "s3://")
	if !ok {
		return Location{}, badLocation(s, "expected s3://BUCKET[/KEY]")
	}
	bucket, key, _ := strings.Cut(rest, "/")
	if bucket == "" {
		return Location{}, badLocation(s, "missing bucket name: expected s3://BUCKET[/KEY]")
	}
	if reason := checkBucket(bucket); reason != "" {
		return Location{}, badLocation(s, reason)
	}
	if reason := checkKey(key); reason != "" {
		return Location{}, badLocation(s, reason)
	}
	return Location{Bucket: bucket, Key: key}, nil
}

// badLocation builds the ErrBadLocation error for input s.
func badLocation(s, reason string) error {
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return fmt.Errorf("%w %q: %s", ErrBadLocation, s, reason)
}

// checkBucket returns why name is not a valid bucket name, or "".
func checkBucket(name string) string {
	const rule = "bucket names are 3-63 characters of lowercase letters, digits, dots and hyphens"
	if len(name) < 3 || len(name) > 63 {
		return rule
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return rule
		}
	}
	if !isAlnum(name[0]) || !isAlnum(name[len(name)-1]) {
		return "bucket names start and end with a lowercase letter or digit"
	}
	if strings.Contains(name, "..") {
		return "bucket names cannot contain two dots in a row"
	}
	if net.ParseIP(name) != nil {
		return "bucket names cannot be IP addresses"
	}
	return ""
}

// checkKey returns why key is not a valid object key, or "".
func checkKey(key string) string {
	if len(key) > MaxKeyBytes {
		return fmt.Sprintf("keys are at most %d bytes (this one is %d)", MaxKeyBytes, len(key))
	}
	if !utf8.ValidString(key) {
		return "keys must be valid UTF-8"
	}
	return ""
}

// isAlnum reports whether c is a lowercase ASCII letter or a digit.
func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// IsBucket reports whether the location is a whole bucket.
func (l Location) IsBucket() bool { return l.Key == "" }

// IsPrefix reports whether the location is a folder: the bucket itself or a
// key ending in "/".
func (l Location) IsPrefix() bool { return l.Key == "" || strings.HasSuffix(l.Key, "/") }

// String returns the location as s3://bucket or s3://bucket/key.
func (l Location) String() string {
	if l.Key == "" {
		return "s3://" + l.Bucket
	}
	return "s3://" + l.Bucket + "/" + l.Key
}

// Folder is the folder the location names when it is opened: the bucket's
// root, a prefix ending in "/", the folder holding an image key, or for any
// other key that folder itself, as s3share ls reads "s3://b/photos".
func (l Location) Folder() string {
	switch {
	case l.IsPrefix():
		return l.Key
	case IsImage(l.Key):
		return strings.TrimPrefix(path.Dir(l.Key)+"/", "./")
	}
	return l.Key + "/"
}
