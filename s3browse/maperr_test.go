package s3browse_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/s3share/s3share/s3browse"
)

func TestMapError(t *testing.T) {
	api := func(code, msg string) error {
		return fmt.Errorf("operation error S3: X, https response error StatusCode: 400, api error: %w",
			&smithy.GenericAPIError{Code: code, Message: msg})
	}
	dns := &url.Error{Op: "Get", URL: "https://nope.example.com/photos?list-type=2&X-Amz-Signature=abc",
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "nope.example.com"}}}
	tests := []struct {
		op, bucket, key string
		err             error
		kind            error
		says            string
	}{
		{"ListObjectsV2", "photos", "", api("NoSuchBucket", "gone"), s3browse.ErrNoSuchBucket, "s3://photos: no such bucket"},
		{"HeadObject", "photos", "a.png", api("NotFound", ""), s3browse.ErrNoSuchKey, "s3://photos/a.png: no such object"},
		{"GetObject", "photos", "a.png", api("NoSuchKey", ""), s3browse.ErrNoSuchKey, "check the key"},
		{"ListObjectsV2", "photos", "", api("AccessDenied", "nope"), s3browse.ErrAccessDenied, "s3://photos: access denied: check the IAM policy for s3:ListBucket"},
		{"ListBuckets", "", "", api("AccessDenied", ""), s3browse.ErrAccessDenied, "list buckets: access denied: check the IAM policy for s3:ListAllMyBuckets"},
		{"ListBuckets", "", "", api("InvalidAccessKeyId", ""), s3browse.ErrAccessDenied, "AWS_ACCESS_KEY_ID"},
		{"ListBuckets", "", "", api("SignatureDoesNotMatch", ""), s3browse.ErrAccessDenied, "secret access key"},
		{"ListBuckets", "", "", api("ExpiredToken", "The provided token has expired."), s3browse.ErrCredentialsExpired, "credentials expired"},
		{"ListObjectsV2", "photos", "", api("AuthorizationHeaderMalformed", "the region 'us-east-1' is wrong; expecting 'ap-south-1'"), s3browse.ErrWrongRegion, "the bucket is in ap-south-1"},
		{"ListObjectsV2", "photos", "", api("PermanentRedirect", "use the specified endpoint"), s3browse.ErrWrongRegion, "wrong region"},
		{"ListObjectsV2", "photos", "", api("Whatever", "the region 'a' is wrong; expecting 'b'"), s3browse.ErrWrongRegion, "wrong region"},
		{"ListBuckets", "", "", fmt.Errorf("operation error S3: ListBuckets, get identity: get credentials: %w", errors.New("failed to refresh cached credentials, no EC2 IMDS role found")), s3browse.ErrNoCredentials, "no credentials"},
		{"ListObjectsV2", "photos", "", dns, s3browse.ErrEndpointUnreachable, "cannot reach https://nope.example.com"},
		{"ListObjectsV2", "photos", "", fmt.Errorf("op: %w", context.Canceled), context.Canceled, "canceled"},
		{"ListObjectsV2", "photos", "", api("InternalError", "We encountered an internal error.\nPlease try again."), nil, "InternalError: We encountered an internal error."},
	}
	for _, tt := range tests {
		err := s3browse.MapError(tt.op, tt.bucket, tt.key, tt.err)
		if tt.kind != nil && !errors.Is(err, tt.kind) {
			t.Errorf("%v: kind = %v, want %v", tt.err, err, tt.kind)
		}
		if !errors.Is(err, tt.err) {
			t.Errorf("%v: the underlying error does not unwrap", tt.err)
		}
		checkMessage(t, err, tt.says)
		t.Log(err)
	}
	if s3browse.MapError("X", "", "", nil) != nil {
		t.Error("MapError(nil) != nil")
	}
}
