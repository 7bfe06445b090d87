package s3browse

import "time"

// Options override parts of the standard AWS configuration chain.
// Zero values mean "use what the chain says".
type Options struct {
	Profile string // named profile (AWS_PROFILE otherwise)
	// DefaultProfile is AWS_PROFILE as the caller read it, named in
	// descriptions when Profile is empty (the SDK reads it itself).
	DefaultProfile string
	Region         string // default region for calls that are not bucket-specific
	EndpointURL    string // S3-compatible endpoint, e.g. http://127.0.0.1:9000
	PathStyle      bool   // force path-style addressing
	// Now is the clock links are signed by, which the server's Date is
	// measured against (time.Now when nil).
	Now func() time.Time
}

// Bucket is one bucket from ListBuckets with its region ("" when unknown).
type Bucket struct {
	Name    string
	Region  string
	Created time.Time
}

// Object is one object in a listing.
type Object struct {
	Key          string
	Size         int64
	LastModified time.Time
	ETag         string
}

// Page is one page of a folder listing: sub-folders (common prefixes, full
// prefixes ending in "/") and objects directly in the folder.
type Page struct {
	Folders   []string
	Objects   []Object
	NextToken string // continuation token; "" on the last page
}

// Last reports whether this is the final page of the listing.
func (p Page) Last() bool { return p.NextToken == "" }

// PresignInput describes one presigned GET.
type PresignInput struct {
	Bucket  string
	Key     string
	Expires time.Duration // already validated by the caller: 1s..7d, whole seconds
	// SignedAt is the instant the link counts from (its X-Amz-Date),
	// truncated to the second: the caller's clock, which also records the
	// link. Required.
	SignedAt time.Time
	// ContentDisposition, when set, becomes the signed
	// response-content-disposition query parameter.
	ContentDisposition string
}

// Presigned is a presigned GET URL and where it was signed for.
type Presigned struct {
	URL       string
	Region    string
	Endpoint  string    // the effective endpoint URL, "" for AWS
	PathStyle bool      // the bucket is in the path, not the host name
	SignedAt  time.Time // X-Amz-Date: the input's SignedAt, whole seconds, UTC
}
