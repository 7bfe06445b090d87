package s3browse

import (
	"errors"
	"strings"

	"github.com/s3share/s3share/internal/hint"
)

// Sentinel error kinds. Every error returned by a Browser method is an *Error
// whose Kind is one of these (or nil when the failure has no better name), so
// callers test with errors.Is.
var (
	ErrBadLocation         = errors.New("bad s3 location")
	ErrNoSuchBucket        = errors.New("no such bucket")
	ErrNoSuchKey           = errors.New("no such object")
	ErrAccessDenied        = errors.New("access denied")
	ErrNoCredentials       = errors.New("no credentials")
	ErrCredentialsExpired  = errors.New("credentials expired")
	ErrWrongRegion         = errors.New("wrong region")
	ErrEndpointUnreachable = errors.New("endpoint unreachable")
	ErrBadEndpoint         = errors.New("bad endpoint URL")
	ErrTooLarge            = errors.New("object too large")
	// ErrExists: a create-only write (If-None-Match: *) found the key taken (412).
	ErrExists = errors.New("object already exists")
	// ErrPreconditionFailed: a write on condition of an ETag (If-Match)
	// found another version of the object (412).
	ErrPreconditionFailed = errors.New("precondition failed")
	// ErrConflict: another conditional write to the same key was in
	// progress (409 ConditionalRequestConflict); trying again is safe.
	ErrConflict = errors.New("conditional write conflict")
	// ErrNotConditional: the server refused a create-only write's
	// If-None-Match header (501): it cannot create without replacing.
	ErrNotConditional = errors.New("conditional writes not supported")
)

// Error is a failed S3 operation: what was attempted, on which bucket and
// key, its kind (one of the sentinel errors) and the underlying error.
type Error struct {
	Op     string // SDK operation, e.g. "ListObjectsV2"
	Bucket string
	Key    string
	Kind   error // a sentinel such as ErrAccessDenied, or nil
	Err    error // the underlying error

	detail string // one-line reason and what to do
}

// FixedBy is the setting that fixes the error, "" when none does: the
// profile for missing credentials, the region for a wrong one, the
// endpoint for one that cannot be reached.
func (e *Error) FixedBy() hint.Setting {
	switch e.Kind {
	case ErrNoCredentials:
		return hint.Profile
	case ErrWrongRegion:
		return hint.Region
	case ErrEndpointUnreachable, ErrBadEndpoint:
		return hint.Endpoint
	}
	return ""
}

// Error returns one line that says what failed and what to do about it.
func (e *Error) Error() string {
	where := e.where()
	if e.detail != "" {
		return where + ": " + e.detail
	}
	if e.Kind != nil {
		return where + ": " + e.Kind.Error()
	}
	return where + ": " + oneLine(e.Err)
}

// Unwrap returns the kind and the underlying error, for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	var out []error
	if e.Kind != nil {
		out = append(out, e.Kind)
	}
	if e.Err != nil {
		out = append(out, e.Err)
	}
	return out
}

// where names the object of the failed operation: an s3:// location when
// there is a bucket, else the operation.
func (e *Error) where() string {
	if e.Bucket != "" {
		return Location{Bucket: e.Bucket, Key: e.Key}.String()
	}
	if e.Op == "" {
		return "s3"
	}
	return opName(e.Op)
}

// opName turns an SDK operation name into words for messages.
func opName(op string) string {
	switch op {
	case "ListBuckets":
		return "list buckets"
	case "Credentials":
		return "credentials"
	}
	return op
}

// oneLine shortens an error to its first line without URL query strings.
func oneLine(err error) string {
	if err == nil {
		return "unknown error"
	}
	s := err.Error()
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	return stripQueries(s)
}

// stripQueries removes the query part of any URL in s so that no signature
// or token ends up in a message.
func stripQueries(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := strings.IndexAny(s[i:], " \"'")
		if end < 0 {
			end = len(s) - i
		}
		u := s[i : i+end]
		if q := strings.IndexByte(u, '?'); q >= 0 {
			u = u[:q]
		}
		b.WriteString(s[:i])
		b.WriteString(u)
		s = s[i+end:]
	}
}
