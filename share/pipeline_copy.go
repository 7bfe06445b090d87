package share

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

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

// makeCopies copies every revocable request's object under the share
// prefix and points the request at its copy. Any failure (no permission,
// too large) deletes the copies made so far: no half states.
func (p *Pipeline) makeCopies(ctx context.Context, reqs []Request, f *findings) ([]Link, error) {
	var made []Link
	var todo []int
	for i := range reqs {
		if !reqs[i].Revocable {
			continue
		}
		key := NewShareKey(p.sharePrefix, path.Base(reqs[i].Key))
		reqs[i].target = key
		made = append(made, Link{Bucket: reqs[i].Bucket, ShareKey: key})
		todo = append(todo, i)
	}
	if len(todo) == 0 {
		return nil, nil
	}
	// No cancelling the others on a failure: a copy cancelled in flight may
	// still land on the server after the clean-up below.
	var g errgroup.Group
	g.SetLimit(copyConcurrency)
	for _, i := range todo {
		g.Go(func() error { return p.copyOne(ctx, reqs[i], f.conds) })
	}
	if err := g.Wait(); err != nil {
		p.cleanUp(made)
		return nil, fmt.Errorf("revocable copy not made, nothing was issued: %w", err)
	}
	return made, nil
}

// copyOne copies r's object to r.target, marked with its source and end.
func (p *Pipeline) copyOne(ctx context.Context, r Request, c Conditions) error {
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
func copiesOf(links []Link) []Link {
	var out []Link
	for _, l := range links {
		if l.Revocable() {
			out = append(out, l)
		}
	}
	return out
}
