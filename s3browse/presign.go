package s3browse

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
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
		URL:      req.URL,
		Region:   region,
		Endpoint: b.opts.EndpointURL,
		SignedAt: signedAt(req.URL, now),
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

// ClockSkew estimates server clock minus local clock from the Date header of
// a cheap signed request (HeadBucket on bucket, or ListBuckets when bucket is
// ""). Error responses carry a Date too, so a refused request still counts.
// The result has one-second resolution.
func (b *Browser) ClockSkew(ctx context.Context, bucket string) (time.Duration, error) {
	start := time.Now()
	date, err := b.serverDate(ctx, bucket)
	if date.IsZero() {
		if err == nil {
			err = &Error{Op: "ClockSkew", Bucket: bucket, detail: "the server sent no Date header"}
		}
		return 0, err
	}
	return skewSince(date, start), nil
}

// CheckBucket sends one signed HeadBucket (ListBuckets when bucket is "")
// and returns the server's clock skew, as ClockSkew does (0 when the answer
// had no Date), and the request's error, mapped: ErrNoSuchBucket,
// ErrAccessDenied, ErrEndpointUnreachable... A caller about to presign
// learns in one round trip whether the bucket exists and the clocks agree.
func (b *Browser) CheckBucket(ctx context.Context, bucket string) (time.Duration, error) {
	start := time.Now()
	date, err := b.serverDate(ctx, bucket)
	if date.IsZero() {
		return 0, err
	}
	return skewSince(date, start), err
}

// skewSince is the server's date minus the local clock halfway through a
// request that started at start, to one-second resolution.
func skewSince(date, start time.Time) time.Duration {
	local := start.Add(time.Since(start) / 2)
	return date.Sub(local).Truncate(time.Second)
}

// serverDate sends the probe request and returns the server's Date.
func (b *Browser) serverDate(ctx context.Context, bucket string) (time.Time, error) {
	var meta middleware.Metadata
	var err error
	if bucket == "" {
		var out *s3.ListBucketsOutput
		out, err = b.client(b.cfg.Region).ListBuckets(ctx, &s3.ListBucketsInput{MaxBuckets: aws.Int32(1)})
		if err == nil {
			meta = out.ResultMetadata
		}
	} else {
		region, rerr := b.BucketRegion(ctx, bucket)
		if rerr != nil {
			return time.Time{}, rerr
		}
		var out *s3.HeadBucketOutput
		out, err = b.client(region).HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
		if err == nil {
			meta = out.ResultMetadata
		}
	}
	if err != nil {
		return dateOf(err), b.mapError("ClockSkew", bucket, "", err)
	}
	if raw, ok := awsmiddleware.GetRawResponse(meta).(*smithyhttp.Response); ok {
		if t, perr := http.ParseTime(raw.Header.Get("Date")); perr == nil {
			return t, nil
		}
	}
	t, _ := awsmiddleware.GetServerTime(meta)
	return t, nil
}

// dateOf returns the Date header of the HTTP response inside err, if any.
func dateOf(err error) time.Time {
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.Response == nil {
		return time.Time{}
	}
	t, perr := http.ParseTime(re.Response.Header.Get("Date"))
	if perr != nil {
		return time.Time{}
	}
	return t
}
