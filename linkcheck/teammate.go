package linkcheck

import (
	"context"
	"errors"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// ObjectHead reads, with the checker's own credentials and where link l
// was issued (its endpoint and region), the facts of bucket/key: a HEAD.
// A *s3browse.Browser at the link's endpoint does it (HeadObject).
type ObjectHead func(ctx context.Context, l presigned.Link, bucket, key string) error

// WithObjectHead makes c check teammates' links (FromTeam: their URLs
// carry no signature, which stays with their issuer) by the clock and a
// HEAD of the object they open (the share copy, for a revocable link),
// and returns c. Without it such links are not checked (VerdictWrongHost,
// "not checked").
func (c *Checker) WithObjectHead(head ObjectHead) *Checker {
	c.head = head
	return c
}

// probeTeammate checks a teammate's link the only way it can be checked
// from here: the clock settled nothing, so the object is read with a HEAD.
// The verdict says what the object's answer means for the link.
func (c *Checker) probeTeammate(ctx context.Context, l presigned.Link) presigned.Verdict {
	if c.head == nil {
		return presigned.Verdict{Kind: presigned.VerdictWrongHost, Detail: "not checked: a teammate's link, its URL stays with its issuer", At: c.now()}
	}
	key := l.Key
	if l.Revocable() {
		key = l.ShareKey
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	err := c.head(ctx, l, l.Bucket, key)
	v := presigned.Verdict{At: c.now()}
	switch {
	case err == nil:
		v.Kind, v.Detail = presigned.VerdictWorks, "its object is there (HEAD with your credentials) and the clock says it works"
	case errors.Is(err, s3browse.ErrNoSuchKey):
		v.Kind, v.Detail = presigned.VerdictObjectGone, "HEAD with your credentials: 404, the object it opens is gone"
	case errors.Is(err, s3browse.ErrNoSuchBucket):
		v.Kind, v.Detail = presigned.VerdictBucketGone, "HEAD with your credentials: the bucket is gone"
	case errors.Is(err, s3browse.ErrAccessDenied):
		v.Kind, v.Detail = presigned.VerdictDenied, "HEAD with your credentials: access denied, so it cannot be told from here"
	case errors.Is(err, s3browse.ErrEndpointUnreachable) || ctx.Err() != nil:
		v.Kind, v.Detail = presigned.VerdictUnreachable, "HEAD with your credentials: "+firstLineOf(err.Error(), 200)
	default:
		v.Kind, v.Detail = presigned.VerdictServerError, "HEAD with your credentials: "+firstLineOf(err.Error(), 200)
	}
	return v
}
