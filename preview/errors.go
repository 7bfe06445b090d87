package preview

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dustin/go-humanize"
)

// Kinds of "no preview". Every error from this package wraps one of them,
// so callers can tell a broken picture from a format without a decoder.
var (
	ErrEmpty       = errors.New("empty object")
	ErrNotPicture  = errors.New("not a picture")
	ErrUnsupported = errors.New("no decoder for this format")
	ErrTooLarge    = errors.New("picture too large")
	ErrBroken      = errors.New("broken picture")
)

// NoPreview says, in one calm line, why an object has no preview.
type NoPreview struct {
	Kind error  // one of the Err* kinds above
	Text string // the line to show, e.g. "no preview for HEIC"
	Err  error  // the decoder's error, when there was one
}

// Error returns the one-line text.
func (e *NoPreview) Error() string { return e.Text }

// Unwrap returns the kind and the underlying error.
func (e *NoPreview) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Kind, e.Err}
	}
	return []error{e.Kind}
}

// noPreview builds a *NoPreview with a formatted line.
func noPreview(kind, err error, format string, args ...any) *NoPreview {
	return &NoPreview{Kind: kind, Text: fmt.Sprintf(format, args...), Err: err}
}

// TooLargeToFetch is the line for an object bigger than the fetch cap: it
// names the size and how to load it anyway (how is the caller's words,
// e.g. "press L to load it").
func TooLargeToFetch(size, limit int64, how string) string {
	s := fmt.Sprintf("%s is over the %s preview limit", humanize.IBytes(uint64(size)), humanize.IBytes(uint64(limit)))
	if how != "" {
		s += ": " + how
	}
	return s
}

// brokenLine describes a decoder failure briefly, without the decoder's
// package prefix ("png: invalid format: ...").
func brokenLine(format string, err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.HasPrefix(msg, strings.ToLower(format)) {
		msg = msg[i+2:]
	}
	if strings.Contains(msg, "EOF") || strings.Contains(msg, "not enough") || strings.Contains(msg, "short") {
		return fmt.Sprintf("no preview: the %s is cut short or damaged", format)
	}
	return fmt.Sprintf("no preview: the %s is damaged (%s)", format, oneLine(msg))
}

// oneLine keeps the first line of s, at most 60 bytes of it.
func oneLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return s
}
