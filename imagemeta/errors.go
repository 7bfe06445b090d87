package imagemeta

import (
	"errors"
	"fmt"
)

// Kinds of failure. Every error from this package is an *Error wrapping one
// of them, except a read error of the caller's io.ReaderAt, returned as
// it is.
var (
	// ErrMalformed: the file or its metadata is damaged or inconsistent,
	// so the location data cannot be removed without risk.
	ErrMalformed = errors.New("malformed image metadata")
	// ErrUnsupported: the format, or the form the location data takes in
	// it, is not handled; nothing was changed.
	ErrUnsupported = errors.New("unsupported image metadata")
	// ErrTooLarge: a metadata block is larger than this package reads.
	ErrTooLarge = errors.New("image metadata too large")
)

// Error describes why an image's location data could not be read or
// removed.
type Error struct {
	Format Format // the container, e.g. JPEG
	Kind   error  // ErrMalformed, ErrUnsupported or ErrTooLarge
	Detail string // what was wrong, in a few words
	// Truncated is true when the bytes ended before the metadata did:
	// a prefix of a file, or a file cut short.
	Truncated bool
}

// Error returns the format and the detail on one line.
func (e *Error) Error() string {
	if e.Format == "" {
		return e.Detail
	}
	return string(e.Format) + ": " + e.Detail
}

// Unwrap returns the kind.
func (e *Error) Unwrap() error { return e.Kind }

// malformed builds an ErrMalformed error; the format is filled in later.
func malformed(format string, args ...any) *Error {
	return &Error{Kind: ErrMalformed, Detail: fmt.Sprintf(format, args...)}
}

// unsupported builds an ErrUnsupported error.
func unsupported(format string, args ...any) *Error {
	return &Error{Kind: ErrUnsupported, Detail: fmt.Sprintf(format, args...)}
}

// tooLarge builds an ErrTooLarge error.
func tooLarge(what string, n int64) *Error {
	return &Error{Kind: ErrTooLarge, Detail: fmt.Sprintf("%s of %d bytes is over the %d-byte limit", what, n, maxBlock)}
}

// truncated builds the error for bytes that end too early.
func truncated(what string) *Error {
	return &Error{Kind: ErrMalformed, Detail: what + " ends early", Truncated: true}
}

// withFormat sets the format of an *Error that has none and returns err.
func withFormat(err error, f Format) error {
	var e *Error
	if errors.As(err, &e) && e.Format == "" {
		e.Format = f
	}
	return err
}
