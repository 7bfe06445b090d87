package s3browse

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// maxBucketsPerPage is sent with ListBuckets: AWS reports BucketRegion only
// when the request carries a parameter, and paginates with it.
const maxBucketsPerPage = 10000

// ListBuckets lists every bucket with its region when the server reports it
// (BucketRegion), and caches those regions for BucketRegion.
func (b *Browser) ListBuckets(ctx context.Context) ([]Bucket, error) {
	c := b.client(b.cfg.Region)
	var out []Bucket
	var token *string
	for {
		in := &s3.ListBucketsInput{ContinuationToken: token, MaxBuckets: aws.Int32(maxBucketsPerPage)}
		res, err := c.ListBuckets(ctx, in)
		if err != nil {
			return nil, b.mapError("ListBuckets", "", "", err)
		}
		for _, bk := range res.Buckets {
			out = append(out, Bucket{
				Name:    aws.ToString(bk.Name),
				Region:  aws.ToString(bk.BucketRegion),
				Created: aws.ToTime(bk.CreationDate),
			})
		}
		if aws.ToString(res.ContinuationToken) == "" {
			break
		}
		token = res.ContinuationToken
	}
	b.remember(out)
	return out, nil
}

// remember caches the regions ListBuckets reported. A bucket listed without
// a region is left for headRegion to resolve.
func (b *Browser) remember(buckets []Bucket) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.listed = true
	for _, bk := range buckets {
		if bk.Region != "" {
			b.regions[bk.Name] = bk.Region
		}
	}
}

// cachedRegion returns the cached region of bucket and whether ListBuckets
// has already been tried.
func (b *Browser) cachedRegion(bucket string) (region string, listed bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.regions[bucket], b.listed
}

// BucketRegion returns the region of bucket: from the cache, else from
// ListBuckets (tried once per Browser), else from an unsigned HeadBucket
// (manager.GetBucketRegion) sent to the configured endpoint. The answer is
// cached.
func (b *Browser) BucketRegion(ctx context.Context, bucket string) (string, error) {
	region, listed := b.cachedRegion(bucket)
	if region != "" {
		return region, nil
	}
	if !listed {
		if region, err := b.regionFromList(ctx, bucket); region != "" || err != nil {
			return region, err
		}
	}
	region, err := b.headRegion(ctx, bucket)
	if err != nil {
		return "", err
	}
	b.mu.Lock()
	b.regions[bucket] = region
	b.mu.Unlock()
	return region, nil
}

// regionFromList tries ListBuckets for the region of bucket. It returns an
// error only when going on is pointless (canceled, endpoint unreachable,
// credentials missing or rejected: any link they sign would fail); other
// failures (no s3:ListAllMyBuckets, say) are remembered and skipped.
func (b *Browser) regionFromList(ctx context.Context, bucket string) (string, error) {
	_, err := b.ListBuckets(ctx)
	if err == nil {
		region, _ := b.cachedRegion(bucket)
		return region, nil
	}
	if ctx.Err() != nil || errors.Is(err, ErrEndpointUnreachable) || CredentialsRejected(err) {
		var e *Error
		if errors.As(err, &e) {
			return "", &Error{Op: "GetBucketRegion", Bucket: bucket, Kind: e.Kind, Err: e.Err, detail: e.detail}
		}
		return "", err
	}
	b.mu.Lock()
	b.listed = true
	b.mu.Unlock()
	return "", nil
}

// headRegion asks the endpoint for the bucket's region with an unsigned
// HeadBucket. Servers that refuse it without naming a region (many
// S3-compatible stores) get the configured region, and the signed request
// that follows reports what is really wrong.
func (b *Browser) headRegion(ctx context.Context, bucket string) (string, error) {
	region, err := manager.GetBucketRegion(ctx, b.client(b.cfg.Region), bucket)
	if err != nil {
		err = b.mapError("GetBucketRegion", bucket, "", err)
		if ctx.Err() != nil || errors.Is(err, ErrNoSuchBucket) || errors.Is(err, ErrEndpointUnreachable) {
			return "", err
		}
	}
	if region == "" {
		region = b.cfg.Region
	}
	return region, nil
}

// forgetRegion drops the cached region of bucket (after the server said it
// is wrong) so the next call resolves it again.
func (b *Browser) forgetRegion(bucket string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.regions, bucket)
	b.listed = false
}

// CredentialsRejected reports whether err says the credentials themselves
// are missing, expired or wrong (as opposed to a policy denying one action).
func CredentialsRejected(err error) bool {
	if errors.Is(err, ErrNoCredentials) || errors.Is(err, ErrCredentialsExpired) {
		return true
	}
	var api smithy.APIError
	if !errors.As(err, &api) {
		return false
	}
	switch api.ErrorCode() {
	case "SignatureDoesNotMatch", "InvalidAccessKeyId", "XAdminUserNotFound":
		return true
	}
	return false
}
