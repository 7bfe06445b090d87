package s3browse

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// DefaultFindConcurrency is how many listing requests Find keeps in flight
// when FindOptions.Concurrency is 0.
const DefaultFindConcurrency = 16

// FindOptions select the objects Find reports. The zero value reports
// every image.
type FindOptions struct {
	// Name is a glob (path.Match syntax: *, ?, [a-z]) on the base name
	// of the key, matched case-insensitively; "" matches every name.
	Name string
	// All reports every object, not only images (IsImage).
	All bool
	// Since, when set, keeps objects modified after it.
	Since time.Time
	// MinSize keeps objects of at least this many bytes; 0 keeps all.
	MinSize int64
	// Concurrency bounds the listing requests in flight; 0 means
	// DefaultFindConcurrency.
	Concurrency int

	pageKeys int32 // keys per listing page; 0 for the server's (tests use small pages)
}

// ErrBadPattern marks a FindOptions.Name that is not a valid glob.
var ErrBadPattern = errors.New("bad name pattern")

// Check reports a Name that is not a valid glob, before any request.
func (o FindOptions) Check() error {
	if _, err := path.Match(strings.ToLower(o.Name), ""); err != nil {
		return fmt.Errorf("%w %q: use *, ? and [a-z] with closed brackets", ErrBadPattern, o.Name)
	}
	return nil
}

// matcher returns the predicate for the options (already checked).
func (o FindOptions) matcher() func(Object) bool {
	pattern := strings.ToLower(o.Name)
	return func(obj Object) bool {
		switch {
		case !o.All && !IsImage(obj.Key):
			return false
		case o.MinSize > 0 && obj.Size < o.MinSize:
			return false
		case !o.Since.IsZero() && !obj.LastModified.After(o.Since):
			return false
		case pattern == "":
			return true
		}
		ok, _ := path.Match(pattern, strings.ToLower(path.Base(obj.Key)))
		return ok
	}
}

// Find reports the objects under prefix in bucket, at any depth, that opts
// selects: it calls each with every batch of matches (one listing page's
// worth), on the calling goroutine, one batch at a time, in no particular
// order. Every key is seen exactly once. The folder's own marker object
// (key == prefix) is left out, as in a listing.
//
// Find splits the bucket's key space into ranges at folder boundaries it
// discovers with delimiter listings, and lists the ranges concurrently; a
// bucket without folders is listed as one plain listing. It backs off when
// the server answers 503 SlowDown. It stops at the first error (from S3 or
// from each) and when ctx is cancelled, and returns only once none of its
// requests is still running. Memory grows with the batch being handed over
// and the folders being split on, not with the number of keys.
func (b *Browser) Find(ctx context.Context, bucket, prefix string, opts FindOptions, each func([]Object) error) error {
	if err := opts.Check(); err != nil {
		return err
	}
	region, err := b.BucketRegion(ctx, bucket)
	if err != nil {
		return err
	}
	conc := opts.Concurrency
	if conc <= 0 {
		conc = DefaultFindConcurrency
	}
	keep := opts.matcher()
	f := newFinder(b.client(region), bucket, prefix, conc)
	f.pageKeys = opts.pageKeys
	err = f.run(ctx, func(objs []types.Object) error {
		if matches := selectObjects(objs, prefix, keep); len(matches) > 0 {
			return each(matches)
		}
		return nil
	})
	if err != nil {
		err = b.mapError("ListObjectsV2", bucket, prefix, err)
		if errors.Is(err, ErrWrongRegion) {
			b.forgetRegion(bucket)
		}
	}
	return err
}

// selectObjects converts and filters one page's objects, leaving out the
// searched folder's own marker.
func selectObjects(objs []types.Object, prefix string, keep func(Object) bool) []Object {
	var out []Object
	for _, o := range objs {
		key := aws.ToString(o.Key)
		if key == prefix && strings.HasSuffix(key, "/") {
			continue
		}
		obj := Object{Key: key, Size: aws.ToInt64(o.Size), LastModified: aws.ToTime(o.LastModified), ETag: aws.ToString(o.ETag)}
		if keep(obj) {
			out = append(out, obj)
		}
	}
	return out
}
