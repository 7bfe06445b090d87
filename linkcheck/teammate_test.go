package linkcheck

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// TestTeammatesLinksAreReadWithAHead: a teammate's link (no signature in
// its URL) is never fetched: the clock settles what it can, the rest is a
// HEAD of the object it opens (its copy, when revocable), read for what
// it means for the link.
func TestTeammatesLinksAreReadWithAHead(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	live := presigned.Link{Bucket: "photos", Key: "a.png", URL: "http://127.0.0.1:1/photos/a.png?X-Amz-Date=x", FromTeam: true,
		IssuedAt: now.Add(-time.Hour), ExpiresAt: now.Add(time.Hour), EffectiveExpiresAt: now.Add(time.Hour)}
	revocable := live
	revocable.ShareKey = "s3share-shares/x/a.png"
	tests := []struct {
		link    presigned.Link
		err     error
		want    presigned.VerdictKind
		wantKey string
	}{
		{live, nil, presigned.VerdictWorks, "a.png"},
		{revocable, &s3browse.Error{Kind: s3browse.ErrNoSuchKey}, presigned.VerdictObjectGone, "s3share-shares/x/a.png"},
		{live, &s3browse.Error{Kind: s3browse.ErrNoSuchBucket}, presigned.VerdictBucketGone, "a.png"},
		{live, &s3browse.Error{Kind: s3browse.ErrAccessDenied}, presigned.VerdictDenied, "a.png"},
		{live, fmt.Errorf("x: %w", s3browse.ErrEndpointUnreachable), presigned.VerdictUnreachable, "a.png"},
		{live, errors.New("500 InternalError"), presigned.VerdictServerError, "a.png"},
	}
	for _, tt := range tests {
		var asked string
		c := NewChecker(1, time.Second, func() time.Time { return now }).WithObjectHead(
			func(_ context.Context, _ presigned.Link, bucket, key string) error {
				asked = bucket + "/" + key
				return tt.err
			})
		v := c.Probe(context.Background(), tt.link)
		if v.Kind != tt.want || asked != "photos/"+tt.wantKey || !v.At.Equal(now) {
			t.Errorf("HEAD answering %v: verdict %+v after asking %q; want %s of photos/%s", tt.err, v, asked, tt.want, tt.wantKey)
		}
	}
	if v := NewChecker(1, time.Second, nil).Probe(context.Background(), live); v.Kind != presigned.VerdictWrongHost {
		t.Errorf("without a HEAD: %+v", v)
	}
}
