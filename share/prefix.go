package share

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrBadSharePrefix is wrapped by every error about a share prefix.
var ErrBadSharePrefix = errors.New("bad share prefix")

// SharePrefixError is a share prefix refused, with the reason. The CLI
// and the config package word it for where the prefix came from.
type SharePrefixError struct {
	Prefix string // as given
	Reason string // e.g. `it has a ".." segment, which browsers and curl drop (the link would answer 403)`
}

// SharePrefixHint says what a share prefix should look like.
const SharePrefixHint = "use a folder of the bucket, like " + DefaultSharePrefix

// Error is one line: the prefix (quoted, so control characters show
// escaped), the reason and what to use.
func (e *SharePrefixError) Error() string {
	return fmt.Sprintf("share prefix %q: %s: %s", e.Prefix, e.Reason, SharePrefixHint)
}

// Unwrap makes the error match ErrBadSharePrefix.
func (e *SharePrefixError) Unwrap() error { return ErrBadSharePrefix }

// CheckSharePrefix is the one check of a share prefix, wherever it comes
// from: it returns the prefix as copies use it (no leading "/", ending in
// "/"), or a *SharePrefixError. Refused: an empty prefix, one that is not
// UTF-8 (S3 keys are), control characters, and "." or ".." segments, which
// browsers and curl remove from a URL before sending it, so the signature
// no longer matches and the link answers 403.
func CheckSharePrefix(prefix string) (string, error) {
	refuse := func(reason string) (string, error) { return "", &SharePrefixError{Prefix: prefix, Reason: reason} }
	p := strings.TrimLeft(prefix, "/")
	switch {
	case p == "":
		return refuse("it is empty")
	case !utf8.ValidString(p):
		return refuse("it is not valid UTF-8")
	case strings.IndexFunc(p, unicode.IsControl) >= 0:
		return refuse("it has control characters")
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return refuse(fmt.Sprintf("it has a %q segment, which browsers and curl drop (the links would answer 403)", seg))
		}
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p, nil
}
