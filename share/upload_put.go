package share

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/s3share/s3share/internal/hint"
	"github.com/s3share/s3share/s3browse"
)

const (
	// headsInFlight is how many keys are checked at once before uploading.
	headsInFlight = 8
	// undoTimeout bounds deleting again what a failed put created.
	undoTimeout = 30 * time.Second
)

// UploadStore is the S3 side of uploads; *s3browse.Browser satisfies it.
type UploadStore interface {
	CheckBucket(ctx context.Context, bucket string) (s3browse.BucketCheck, error)
	HeadObject(ctx context.Context, bucket, key string) (s3browse.ObjectInfo, error)
	Upload(ctx context.Context, in s3browse.UploadInput) (s3browse.Uploaded, error)
	DeleteObject(ctx context.Context, bucket, key string) error
}

// ExistsError is a key already taken, for an upload that may not replace.
type ExistsError struct {
	Location s3browse.Location
	Err      error // from the HEAD or the create-only write
}

func (e *ExistsError) Error() string {
	return e.Location.String() + ": already exists: nothing was uploaded; replace it, or choose another name"
}
func (e *ExistsError) Unwrap() error         { return e.Err }
func (e *ExistsError) FixedBy() hint.Setting { return hint.Overwrite }

// PutError is a put that failed or was cancelled after it created
// objects: they were deleted again, except Left.
type PutError struct {
	Err  error
	Left []s3browse.Location // created, and could not be deleted again
}

func (e *PutError) Error() string {
	if len(e.Left) == 0 {
		return e.Err.Error()
	}
	return fmt.Sprintf("%s; uploaded and not deleted again: %s", e.Err, locations(e.Left))
}
func (e *PutError) Unwrap() error { return e.Err }

// locations lists locations for a message.
func locations(ls []s3browse.Location) string {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = l.String()
	}
	return strings.Join(s, ", ")
}

// PutUploads uploads the prepared files, all or nothing. It checks the
// bucket first, and unless Overwrite that every key is free (a HEAD: a
// taken key is an *ExistsError before any byte is sent), then uploads
// each file in turn, create-only unless Overwrite, so a key taken
// meanwhile is refused too. On a server without create-only writes only
// the HEAD stood guard: the upload is marked NotAtomic.
//
// A failure or a cancelled ctx stops the put, and the objects it created
// are deleted again (objects it replaced stay replaced); the error says
// which could not be. Every file is then still open, for the caller to
// close.
func PutUploads(ctx context.Context, store UploadStore, ups []*Upload, opts UploadOptions) error {
	if len(ups) == 0 {
		return nil
	}
	// A bucket check refused says nothing of the right to write (HeadBucket
	// needs s3:ListBucket): the upload itself will tell.
	if _, err := store.CheckBucket(ctx, ups[0].Bucket); err != nil && !errors.Is(err, s3browse.ErrAccessDenied) {
		return err
	}
	if !opts.Overwrite {
		if err := keysFree(ctx, store, ups); err != nil {
			return err
		}
	}
	for i, up := range ups {
		err := putOne(ctx, store, up, opts, progressOf(opts, i))
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			return &PutError{Err: err, Left: UndoUploads(ctx, store, ups)}
		}
	}
	return nil
}

// progressOf is what the upload of the i-th file tells its progress to:
// opts.Progress, and opts.FileProgress with i.
func progressOf(opts UploadOptions, i int) func(int64) {
	file := opts.FileProgress
	switch {
	case file == nil:
		return opts.Progress
	case opts.Progress == nil:
		return func(d int64) { file(i, d) }
	}
	return func(d int64) { opts.Progress(d); file(i, d) }
}

// keysFree checks with HEADs, several at once, that no key is taken. A
// HEAD that is refused (write-only credentials) proves nothing either
// way: the create-only write still guards the key.
func keysFree(ctx context.Context, store UploadStore, ups []*Upload) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(headsInFlight)
	for _, up := range ups {
		g.Go(func() error {
			_, err := store.HeadObject(gctx, up.Bucket, up.Key)
			switch {
			case err == nil:
				return &ExistsError{Location: up.Where()}
			case errors.Is(err, s3browse.ErrNoSuchKey), errors.Is(err, s3browse.ErrAccessDenied):
				return nil
			}
			return err
		})
	}
	return g.Wait()
}

// putOne uploads one file. A server that refuses create-only writes gets
// the file again without the condition: the HEAD before found the key
// free.
func putOne(ctx context.Context, store UploadStore, up *Upload, opts UploadOptions, progress func(int64)) error {
	if err := up.unchanged(); err != nil {
		return err
	}
	in := s3browse.UploadInput{
		Bucket: up.Bucket, Key: up.Key, Body: up.body, Size: up.Size, ContentType: up.ContentType,
		Replace: opts.Overwrite, PartSize: opts.PartSize, Progress: progress,
	}
	_, err := store.Upload(ctx, in)
	if errors.Is(err, s3browse.ErrNotConditional) {
		in.Replace, up.NotAtomic = true, true
		_, err = store.Upload(ctx, in)
	}
	switch {
	case errors.Is(err, s3browse.ErrExists):
		return &ExistsError{Location: up.Where(), Err: err}
	case err != nil:
		return err
	}
	up.Created = !opts.Overwrite
	return up.unchanged() // what was sent may mix two versions of the file
}

// UndoUploads deletes the objects ups created (not those they replaced),
// with a context of its own so that a cancelled put still cleans up, and
// returns those it could not delete.
func UndoUploads(ctx context.Context, store UploadStore, ups []*Upload) []s3browse.Location {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), undoTimeout)
	defer cancel()
	var left []s3browse.Location
	for _, up := range ups {
		if !up.Created {
			continue
		}
		if err := store.DeleteObject(ctx, up.Bucket, up.Key); err != nil {
			left = append(left, up.Where())
			continue
		}
		up.Created = false
	}
	return left
}
