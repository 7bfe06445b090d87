package s3browse

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// SigV4 query-signing limits.
const (
	minPresign = time.Second
	maxPresign = 7 * 24 * time.Hour
)

// PresignGet presigns a GET of in.Bucket/in.Key for in.Expires through the
// presign client of the bucket's region. It only signs: the object is not
// checked. Expiries outside 1s..7d or with a fraction of a second are refused.
func (b *Browser) PresignGet(ctx context.Context, in PresignInput) (Presigned, error) {
	if in.Expires < minPresign || in.Expires > maxPresign || in.Expires%time.Second != 0 {
		return Presigned{}, &Error{Op: "PresignGet", Bucket: in.Bucket, Key: in.Key,
			detail: "expiry must be whole seconds from 1s to 7d (604800s), got " + in.Expires.String()}
	}
	region, err := b.BucketRegion(ctx, in.Bucket)
	if err != nil {
		return Presigned{}, err
	}
	get := &s3.GetObjectInput{Bucket: aws.String(in.Bucket), Key: aws.String(in.Key)}
	if in.ContentDisposition != "" {
		get.ResponseContentDisposition = aws.String(in.ContentDisposition)
	}
	now := time.Now().UTC()
	req, err := b.presigner(region).PresignGetObject(ctx, get, s3.WithPresignExpires(in.Expires))
	if err != nil {
		return Presigned{}, b.mapError("PresignGet", in.Bucket, in.Key, err)
	}
	return Presigned{
		URL:       req.URL,
		Region:    region,
		Endpoint:  b.opts.EndpointURL,
		PathStyle: b.opts.PathStyle,
		SignedAt:  signedAt(req.URL, now),
	}, nil
}

// signedAt reads X-Amz-Date from a presigned URL, the instant its expiry
// counts from; fallback when it is missing.
func signedAt(rawURL string, fallback time.Time) time.Time {
	_, query, ok := strings.Cut(rawURL, "?")
	if !ok {
		return fallback
	}
	for param := range strings.SplitSeq(query, "&") {
		if value, ok := strings.CutPrefix(param, "X-Amz-Date="); ok {
			if t, err := time.Parse("20060102T150405Z", value); err == nil {
				return t
			}
		}
	}
	return fallback
}
