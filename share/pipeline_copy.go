package share

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// Metadata on a revocable copy or a gallery page, so a lifecycle rule or a
// person can tell what it is and when its link ends, and s3share can tell
// it is deleting its own copy.
const (
	metaSource  = "s3share-source"   // s3://bucket/key of the original, percent-encoded
	metaLinkEnd = "s3share-link-end" // RFC 3339 time the copy's link stops working
	metaGallery = "s3share-gallery"  // on a gallery page: the gallery's batch id
)

// copyConcurrency bounds the server-side copies in flight.
const copyConcurrency = 8

// normalPrefix makes a share prefix end in "/" ("" is the default).
func normalPrefix(prefix string) string {
	prefix = strings.TrimLeft(prefix, "/")
	if prefix == "" {
		return DefaultSharePrefix
	}
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return prefix
}

// NewShareKey returns a fresh key under prefix for name: prefix, 128 random
// bits in hex, "/", name. The recipient sees name, never the original key.
// crypto/rand does not fail on supported systems (Read never returns an
// error since Go 1.24).
func NewShareKey(prefix, name string) string {
	var id [16]byte
	_, _ = rand.Read(id[:])
	return normalPrefix(prefix) + hex.EncodeToString(id[:]) + "/" + name
}

// copyGrace is how long copies in flight may still take once the share
// is cancelled: their answers are awaited so that the clean-up comes after
// them.
const copyGrace = checkTimeout

// makeCopies copies every revocable request's object under the share
// prefix and points the request at its copy. Any failure (no permission,
// too large) or a cancelled ctx (ctrl+c) deletes every copy that may have
// been made: no half states. Copies in flight are not cancelled with ctx:
// a CopyObject cancelled on the client's side may still land on the
// server after the clean-up. They run to their answer (for copyGrace at
// most after ctx ends), no new copy starts, and only then are the copies
// deleted.
func (p *Pipeline) makeCopies(ctx context.Context, reqs []task, f *findings) ([]presigned.Link, error) {
	var todo []int
	for i := range reqs {
		if reqs[i].Revocable {
			reqs[i].target = NewShareKey(p.sharePrefix, path.Base(reqs[i].Key))
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return nil, nil
	}
	copyCtx, cancelCopies := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelCopies()
	stopGrace := context.AfterFunc(ctx, func() { time.AfterFunc(copyGrace, cancelCopies) })
	defer stopGrace()
	started := make([]presigned.Link, len(todo))
	g, gctx := errgroup.WithContext(ctx) // gctx ends on the first failure or on ctx: no new copies
	g.SetLimit(copyConcurrency)
	for j, i := range todo {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			started[j] = presigned.Link{Bucket: reqs[i].Bucket, ShareKey: reqs[i].target}
			return p.copyOne(copyCtx, reqs[i], f.conds)
		})
	}
	err := g.Wait()
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		p.cleanUp(copiesOf(started))
		return nil, p.copyFailed(err, reqs)
	}
	return started, nil
}

// copyOne copies r's object to r.target, marked with its source and end.
func (p *Pipeline) copyOne(ctx context.Context, r task, c Conditions) error {
	var src s3browse.ObjectInfo
	if r.head != nil {
		src = *r.head
	}
	end := effectiveEnd(c.Creds, r.endFrom(c.SignedAt), c.Skew)
	return p.store.CopyObject(ctx, s3browse.CopyInput{
		Bucket: r.Bucket, From: r.Key, To: r.target, Source: src,
		Metadata: map[string]string{
			metaSource:  url.PathEscape("s3://" + r.Bucket + "/" + r.Key),
			metaLinkEnd: end.UTC().Format(time.RFC3339),
		},
	})
}

// copiesOf returns the links among links that point at a share copy.
func copiesOf(links []presigned.Link) []presigned.Link {
	var out []presigned.Link
	for _, l := range links {
		if l.Revocable() {
			out = append(out, l)
		}
	}
	return out
}

// CopyDeniedError is a revocable copy the server refused (AccessDenied on
// CopyObject): it says what a copy needs. It unwraps to the S3 error, so
// it matches s3browse.ErrAccessDenied.
type CopyDeniedError struct {
	Bucket string
	Source string // the key of the object to copy
	Prefix string // the share prefix the copy was to go under
	Err    error
}

// Needs says what was refused and which permissions a copy needs.
func (e *CopyDeniedError) Needs() string {
	return fmt.Sprintf("access denied making the revocable copy of %s: a copy needs s3:GetObject on it and s3:PutObject on %s",
		s3browse.Location{Bucket: e.Bucket, Key: e.Source}, s3browse.Location{Bucket: e.Bucket, Key: e.Prefix + "*"})
}

// Error is Needs, then what to do.
func (e *CopyDeniedError) Error() string {
	return e.Needs() + "; nothing was issued: share the original instead (not revocable), or ask for those permissions"
}

// Unwrap returns the S3 error.
func (e *CopyDeniedError) Unwrap() error { return e.Err }

// copyFailed words the error of a failed copy: a refusal says what a copy
// needs (not the s3:ListBucket a bare AccessDenied would suggest).
func (p *Pipeline) copyFailed(err error, reqs []task) error {
	var se *s3browse.Error
	if errors.Is(err, s3browse.ErrAccessDenied) && errors.As(err, &se) && se.Op == "CopyObject" {
		for _, r := range reqs {
			if r.target == se.Key && r.Bucket == se.Bucket {
				return &CopyDeniedError{Bucket: r.Bucket, Source: r.Key, Prefix: p.sharePrefix, Err: err}
			}
		}
	}
	return fmt.Errorf("revocable copy not made, nothing was issued: %w", err)
}

// GalleryKey returns a new object key for a gallery page under the share
// prefix: "<prefix><32 hex digits>/index.html", the digits a random 128-bit
// id. A prefix without a trailing "/" gets one.
func GalleryKey(sharePrefix string) string {
	return NewShareKey(sharePrefix, "index.html")
}
