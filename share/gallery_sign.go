package share

import (
	"context"
	"fmt"
	"time"

	"github.com/s3share/s3share/s3browse"
)

// PresignGetter signs GET URLs; *s3browse.Browser is one.
type PresignGetter interface {
	PresignGet(ctx context.Context, in s3browse.PresignInput) (s3browse.Presigned, error)
}

// PresignUntil presigns in.Bucket/in.Key so that the link ends at end,
// truncated to the second, rather than after in.Expires (which it sets):
// a gallery page signed this way with its images' end never outlives them.
// Passing the earliest Link.ExpiresAt of the images is safe: truncated, it
// is never later than the end their URLs carry.
//
// SigV4 counts the expiry from the signing second (X-Amz-Date), read from
// the real clock inside the SDK, so the expiry is computed from the real
// clock too, and the URL is signed again when a second boundary fell
// between the two.
func PresignUntil(ctx context.Context, s PresignGetter, in s3browse.PresignInput, end time.Time) (s3browse.Presigned, error) {
	end = end.Truncate(time.Second)
	var p s3browse.Presigned
	for range 3 {
		in.Expires = end.Sub(time.Now().Truncate(time.Second))
		if in.Expires < time.Second {
			return s3browse.Presigned{}, fmt.Errorf("s3://%s/%s: the links it goes with end at %s, too soon to sign another",
				in.Bucket, in.Key, end.UTC().Format(time.RFC3339))
		}
		var err error
		if p, err = s.PresignGet(ctx, in); err != nil {
			return s3browse.Presigned{}, err
		}
		if p.SignedAt.Add(in.Expires).Equal(end) {
			return p, nil
		}
	}
	if p.SignedAt.Add(in.Expires).After(end) {
		return s3browse.Presigned{}, fmt.Errorf("s3://%s/%s: could not sign a link that ends at %s (the clock keeps moving past the signing second)",
			in.Bucket, in.Key, end.UTC().Format(time.RFC3339))
	}
	return p, nil
}
