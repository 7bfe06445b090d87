package s3browse

import (
	"context"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// SigV4 query-signing limits.
const (
	minPresign = time.Second
	maxPresign = 7 * 24 * time.Hour
)

// PresignGet presigns a GET of in.Bucket/in.Key for in.Expires through the
// presign client of the bucket's region, dated in.SignedAt: the URL's
// X-Amz-Date is the caller's clock, not the SDK's, so the end a caller
// records is the end the URL carries. It only signs: the object is not
// checked. Expiries outside 1s..7d or with a fraction of a second, and a
// missing signing time, are refused.
func (b *Browser) PresignGet(ctx context.Context, in PresignInput) (Presigned, error) {
	if err := in.check(); err != nil {
		return Presigned{}, err
	}
	region, err := b.BucketRegion(ctx, in.Bucket)
	if err != nil {
		return Presigned{}, err
	}
	get := &s3.GetObjectInput{Bucket: aws.String(in.Bucket), Key: aws.String(in.Key)}
	if in.ContentDisposition != "" {
		get.ResponseContentDisposition = aws.String(in.ContentDisposition)
	}
	signedAt := in.SignedAt.Truncate(time.Second).UTC()
	req, err := b.presigner(region).PresignGetObject(ctx, get, s3.WithPresignExpires(in.Expires),
		func(o *s3.PresignOptions) { o.Presigner = datedPresigner{signer: b.v4, at: signedAt} })
	if err != nil {
		return Presigned{}, b.mapError("PresignGet", in.Bucket, in.Key, err)
	}
	return Presigned{
		URL:       req.URL,
		Region:    region,
		Endpoint:  b.opts.EndpointURL,
		PathStyle: b.opts.PathStyle,
		SignedAt:  signedAt,
	}, nil
}

// check refuses what SigV4 cannot sign or a caller forgot to say.
func (in PresignInput) check() error {
	switch {
	case in.Expires < minPresign || in.Expires > maxPresign || in.Expires%time.Second != 0:
		return &Error{Op: "PresignGet", Bucket: in.Bucket, Key: in.Key,
			detail: "expiry must be whole seconds from 1s to 7d (604800s), got " + in.Expires.String()}
	case in.SignedAt.IsZero():
		return &Error{Op: "PresignGet", Bucket: in.Bucket, Key: in.Key, detail: "no signing time given"}
	}
	return nil
}

// datedPresigner is the SDK's SigV4 presigner with the signing time the
// caller chose instead of the SDK's own reading of the wall clock.
type datedPresigner struct {
	signer *v4.Signer
	at     time.Time
}

// PresignHTTP implements s3.HTTPPresignerV4.
func (d datedPresigner) PresignHTTP(ctx context.Context, creds aws.Credentials, r *http.Request,
	payloadHash, service, region string, _ time.Time, optFns ...func(*v4.SignerOptions)) (string, http.Header, error) {
	return d.signer.PresignHTTP(ctx, creds, r, payloadHash, service, region, d.at, optFns...)
}

// newS3Signer is a SigV4 signer as the S3 client makes its own: S3 paths
// are escaped once, by the client, not again by the signer.
func newS3Signer() *v4.Signer {
	return v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
}
