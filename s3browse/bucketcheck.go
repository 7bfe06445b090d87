package s3browse

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// regionHeader is where S3 names a bucket's region, in successful and in
// refused answers alike.
const regionHeader = "X-Amz-Bucket-Region"

// BucketCheck is what one signed HeadBucket tells about a bucket.
type BucketCheck struct {
	Region string        // the region the bucket answers in
	Skew   time.Duration // server clock minus local clock, to the second
	Dated  bool          // the answer had a Date header, so Skew was measured
}

// CheckBucket sends a signed HeadBucket and returns the bucket's region, the
// server's clock skew and the request's error, mapped (ErrNoSuchBucket,
// ErrAccessDenied, ErrEndpointUnreachable...). Error answers carry a Date
// and often the region too, so a refused check still measures both.
//
// A bucket whose region is not cached is asked in the configured region and
// its answer's x-amz-bucket-region header is believed: a one-shot presign
// needs this single round trip. Only when a refusal names no region is the
// region resolved the long way (BucketRegion) and the check sent again.
func (b *Browser) CheckBucket(ctx context.Context, bucket string) (BucketCheck, error) {
	region, _ := b.cachedRegion(bucket)
	known := region != ""
	if !known {
		region = b.cfg.Region
	}
	chk, named, err := b.headBucket(ctx, region, bucket)
	switch {
	case err != nil && named != "" && named != region:
		region = named
		chk, named, err = b.headBucket(ctx, region, bucket)
	case err != nil && !known && worthResolving(err):
		b.forgetRegion(bucket)
		resolved, rerr := b.BucketRegion(ctx, bucket)
		if rerr != nil {
			return chk, rerr
		}
		if resolved != region {
			region = resolved
			chk, named, err = b.headBucket(ctx, region, bucket)
		}
	}
	if named != "" {
		region = named
	}
	if err == nil || errors.Is(err, ErrAccessDenied) || named != "" {
		b.SetRegion(bucket, region)
	}
	chk.Region = region
	return chk, err
}

// worthResolving reports whether a failed check might pass in another
// region: not for a missing bucket, a dead endpoint or bad credentials.
func worthResolving(err error) bool {
	return !errors.Is(err, ErrNoSuchBucket) && !errors.Is(err, ErrEndpointUnreachable) &&
		!CredentialsRejected(err) && !errors.Is(err, context.Canceled)
}

// headBucket sends one signed HeadBucket in region and returns the measured
// skew, the region the answer named ("" when none) and the mapped error.
func (b *Browser) headBucket(ctx context.Context, region, bucket string) (BucketCheck, string, error) {
	start, sent := b.now(), time.Now() // sent times the round trip only
	out, err := b.client(region).HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
	var header http.Header
	if err != nil {
		header = errHeader(err)
	} else {
		header = metaHeader(out.ResultMetadata)
	}
	chk := BucketCheck{Region: region}
	if date, perr := http.ParseTime(header.Get("Date")); perr == nil {
		chk.Skew, chk.Dated = skewSince(date, start, time.Since(sent)), true
	}
	named := header.Get(regionHeader)
	if out != nil && aws.ToString(out.BucketRegion) != "" {
		named = aws.ToString(out.BucketRegion)
	}
	if err != nil {
		err = b.mapError("HeadBucket", bucket, "", err)
		if errors.Is(err, ErrWrongRegion) {
			b.forgetRegion(bucket)
		}
	}
	return chk, named, err
}

// SetRegion caches region as bucket's region, as a region cache kept
// elsewhere (the history) knows it; a wrong-region answer forgets it again.
func (b *Browser) SetRegion(bucket, region string) {
	if region == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.regions[bucket] = region
}

// KnownRegion returns bucket's cached region, "" when it is not known yet.
func (b *Browser) KnownRegion(bucket string) string {
	region, _ := b.cachedRegion(bucket)
	return region
}

// skewSince is the server's date minus the local clock halfway through a
// request that started at start and took took, to one-second resolution.
func skewSince(date, start time.Time, took time.Duration) time.Duration {
	local := start.Add(took / 2)
	return date.Sub(local).Truncate(time.Second)
}

// metaHeader returns the HTTP header of a successful answer.
func metaHeader(meta middleware.Metadata) http.Header {
	if raw, ok := awsmiddleware.GetRawResponse(meta).(*smithyhttp.Response); ok && raw.Response != nil {
		return raw.Header
	}
	return http.Header{}
}

// errHeader returns the HTTP header of the answer inside err, if any.
func errHeader(err error) http.Header {
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.Response == nil || re.Response.Response == nil {
		return http.Header{}
	}
	return re.Response.Header
}
