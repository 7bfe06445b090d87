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

// PresignUntil presigns in.Bucket/in.Key, dated in.SignedAt, so that the
// link ends at end, truncated to the second, rather than after in.Expires
// (which it sets): a gallery page signed this way with its images' end
// never outlives them. Passing the earliest Link.ExpiresAt of the images is
// safe: truncated, it is never later than the end their URLs carry.
func PresignUntil(ctx context.Context, s PresignGetter, in s3browse.PresignInput, end time.Time) (s3browse.Presigned, error) {
	end = end.Truncate(time.Second)
	in.SignedAt = in.SignedAt.Truncate(time.Second)
	in.Expires = end.Sub(in.SignedAt)
	if in.Expires < time.Second {
		return s3browse.Presigned{}, fmt.Errorf("s3://%s/%s: the links it goes with end at %s, too soon to sign another",
			in.Bucket, in.Key, end.UTC().Format(time.RFC3339))
	}
	return s.PresignGet(ctx, in)
}
