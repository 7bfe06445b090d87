package share

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/s3share/s3share/internal/hint"
	"github.com/s3share/s3share/s3browse"
)

// KeyError is an object key an upload cannot use.
type KeyError struct {
	Key    string
	Reason string
	Fix    hint.Setting // ObjectName when the key came from a file's name
}

// Error quotes the key, so a name that is not UTF-8 or holds control
// characters shows escaped.
func (e *KeyError) Error() string {
	msg := "key " + strconv.Quote(e.Key) + ": " + e.Reason
	if e.Fix == hint.ObjectName {
		msg += ": name the object another way"
	}
	return msg
}

// FixedBy is the setting that fixes the key.
func (e *KeyError) FixedBy() hint.Setting { return e.Fix }

// checkUploadKey returns why key cannot hold an upload, or nil: S3 keys
// are UTF-8 of at most 1024 bytes; a "." or ".." segment is dropped by
// browsers and curl (the link would answer 403); control characters and
// a key that names a folder are refused too. fromFile says the key ends
// in a file's name, which another name fixes.
func checkUploadKey(key string, fromFile bool) error {
	refuse := func(reason string) error {
		e := &KeyError{Key: key, Reason: reason}
		if fromFile {
			e.Fix = hint.ObjectName
		}
		return e
	}
	switch {
	case !utf8.ValidString(key):
		return refuse("not valid UTF-8, which S3 keys are")
	case len(key) > s3browse.MaxKeyBytes:
		return refuse(fmt.Sprintf("%d bytes, over the %d S3 allows", len(key), s3browse.MaxKeyBytes))
	case strings.IndexFunc(key, unicode.IsControl) >= 0:
		return refuse("it has control characters")
	case key == "" || strings.HasSuffix(key, "/"):
		return refuse("it names a folder, not an object")
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "." || seg == ".." {
			return refuse(fmt.Sprintf("it has a %q segment, which browsers and curl drop (the link would answer 403)", seg))
		}
	}
	return nil
}
