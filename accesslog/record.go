package accesslog

import (
	"strings"
	"time"

	"github.com/s3share/s3share/termtext"
)

// Record is one request of an S3 server access log, in the documented
// field order. A field logged as "-" is "" here (numbers: see each).
// Strings keep every byte that was logged: escape sequences, quotes and
// invalid UTF-8 from a stranger's user agent or key stay raw, for matching;
// Escaped gives a copy that is safe to show on a terminal.
type Record struct {
	BucketOwner string    // canonical user id of the source bucket's owner
	Bucket      string    // the source bucket
	Time        time.Time // when the request was received, UTC, whole seconds
	RemoteIP    string
	Requester   string // ARN or canonical id whose credentials signed it; "" when anonymous
	RequestID   string
	Operation   string // REST.GET.OBJECT, REST.HEAD.OBJECT, ...
	Key         string // the key as logged: URL-encoded (twice, for most operations)
	// RequestURI is the request line inside its quotes, e.g.
	// "GET /bucket/key?X-Amz-Date=... HTTP/1.1".
	RequestURI string
	Status     int    // HTTP status; 0 when "-"
	ErrorCode  string // S3 error code, e.g. AccessDenied, SignatureDoesNotMatch, NoSuchKey
	BytesSent  int64  // response bytes ("-" means zero)
	ObjectSize int64  // -1 when "-"
	TotalTime  int64  // milliseconds; -1 when "-"
	TurnAround int64  // milliseconds; -1 when "-"
	Referrer   string
	UserAgent  string
	// The fields AWS added later; "" in older records. Fields after
	// ACLRequired are ignored.
	VersionID        string
	HostID           string
	SignatureVersion string // SigV2, SigV4
	CipherSuite      string
	AuthType         string // AuthHeader, QueryString (presigned)
	HostHeader       string
	TLSVersion       string
	AccessPointARN   string
	ACLRequired      string
}

// Method is the HTTP method of the request line ("GET"), "" when none.
func (r *Record) Method() string {
	m, _, ok := strings.Cut(r.RequestURI, " ")
	if !ok {
		return ""
	}
	return m
}

// Target is the request target of the request line: the raw path and
// query as the client sent them ("/bucket/key?X-Amz-Date=...").
func (r *Record) Target() string {
	_, rest, ok := strings.Cut(r.RequestURI, " ")
	if !ok {
		return ""
	}
	if i := strings.LastIndexByte(rest, ' '); i >= 0 && strings.HasPrefix(rest[i+1:], "HTTP/") {
		rest = rest[:i]
	}
	return rest
}

// RawPath is the target's path, still percent-encoded.
func (r *Record) RawPath() string {
	p, _, _ := strings.Cut(r.Target(), "?")
	return p
}

// RawQuery is the target's query string without the "?", still encoded.
func (r *Record) RawQuery() string {
	_, q, _ := strings.Cut(r.Target(), "?")
	return q
}

// QueryValue returns the raw (still percent-encoded) value of the first
// query parameter named exactly name, without allocating.
func (r *Record) QueryValue(name string) (string, bool) {
	return queryValue(r.RawQuery(), name)
}

// queryValue finds name=value in a raw query string.
func queryValue(q, name string) (string, bool) {
	for q != "" {
		var part string
		part, q, _ = strings.Cut(q, "&")
		k, v, _ := strings.Cut(part, "=")
		if k == name {
			return v, true
		}
	}
	return "", false
}

// Presigned reports whether the request was authenticated by a presigned
// URL's query string.
func (r *Record) Presigned() bool {
	if r.AuthType != "" {
		return r.AuthType == "QueryString"
	}
	_, ok := r.QueryValue("X-Amz-Signature")
	return ok
}

// Escaped returns a copy of r with every string written so that it is safe
// on a terminal (termtext.Escape): control characters, bidi controls and
// invalid UTF-8 become visible escapes.
func (r Record) Escaped() Record {
	for _, f := range r.stringFields() {
		*f = termtext.Escape(*f)
	}
	return r
}

// stringFields points at every string field of r.
func (r *Record) stringFields() []*string {
	return []*string{&r.BucketOwner, &r.Bucket, &r.RemoteIP, &r.Requester, &r.RequestID, &r.Operation,
		&r.Key, &r.RequestURI, &r.ErrorCode, &r.Referrer, &r.UserAgent, &r.VersionID, &r.HostID,
		&r.SignatureVersion, &r.CipherSuite, &r.AuthType, &r.HostHeader, &r.TLSVersion,
		&r.AccessPointARN, &r.ACLRequired}
}
