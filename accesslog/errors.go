package accesslog

import (
	"errors"
	"fmt"

	"github.com/s3share/s3share/s3browse"
)

// Error kinds; test with errors.Is. Errors from S3 keep their s3browse
// kinds (ErrAccessDenied, ErrNoSuchBucket, ErrEndpointUnreachable...) too.
var (
	// ErrBadLine: a line is not a server access log record (see LineError).
	// A Scanner counts such lines and goes on.
	ErrBadLine = errors.New("not an access log record")
	// ErrNotLog: an object is not a server access log (binary, or gzip
	// that does not decompress): nothing was read from it.
	ErrNotLog = errors.New("not a server access log")
	// ErrLoggingDisabled: the bucket writes no server access logs.
	ErrLoggingDisabled = errors.New("server access logging is off")
	// ErrLoggingUnknown: the server does not say where a bucket's logs go
	// (it does not implement GetBucketLogging).
	ErrLoggingUnknown = errors.New("the server does not tell where access logs go")
	// ErrBadLocation: a log location is not s3://BUCKET/PREFIX.
	ErrBadLocation = errors.New("bad access log location")
)

// LoggingDisabledError is ErrLoggingDisabled for one bucket, with what to
// do about it.
type LoggingDisabledError struct {
	Bucket string
}

// Error says that logging is off, how to turn it on and how long the
// first logs take.
func (e *LoggingDisabledError) Error() string {
	return fmt.Sprintf("s3://%s: server access logging is off, so nobody can tell who opened its links: "+
		"turn it on in the bucket's properties (Server access logging) or with "+
		"aws s3api put-bucket-logging, naming a log bucket and prefix; "+
		"it takes effect within about an hour and AWS delivers each log within a few hours, "+
		"so opens before it was on are never known", e.Bucket)
}

// Unwrap returns ErrLoggingDisabled.
func (e *LoggingDisabledError) Unwrap() error { return ErrLoggingDisabled }

// AccessError is a refusal that names the permission that was missing:
// s3:GetBucketLogging on the source bucket, s3:ListBucket or s3:GetObject
// on the log bucket. It matches s3browse.ErrAccessDenied.
type AccessError struct {
	Permission string // e.g. "s3:ListBucket"
	Resource   string // s3://bucket or s3://bucket/prefix*
	Purpose    string // what it was needed for, e.g. "to list the access logs"
	Err        error  // the refusal from S3
}

// Error says which permission is missing on what, in one line.
func (e *AccessError) Error() string {
	return fmt.Sprintf("access denied %s: needs %s on %s", e.Purpose, e.Permission, e.Resource)
}

// Unwrap returns the refusal (which matches s3browse.ErrAccessDenied).
func (e *AccessError) Unwrap() []error { return []error{s3browse.ErrAccessDenied, e.Err} }

// ObjectError is a log object that was refused: what it is and why.
type ObjectError struct {
	Location string // s3://logs/prefix/2026-12-05-14-05-00-ABCDEF0123456789
	Err      error  // wraps ErrNotLog, s3browse.ErrTooLarge...
}

// Error names the object and the problem.
func (e *ObjectError) Error() string { return e.Location + ": " + e.Err.Error() }

// Unwrap returns the problem.
func (e *ObjectError) Unwrap() error { return e.Err }
