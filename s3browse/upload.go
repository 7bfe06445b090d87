package s3browse

import (
	"context"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

const (
	// MaxObjectBytes is the largest object S3 stores (5 TiB).
	MaxObjectBytes = 5 << 40
	// MinPartSize is the smallest part S3 takes in a multipart upload
	// (5 MiB), and so the smallest PartSize.
	MinPartSize = manager.MinUploadPartSize
	// DefaultPartSize is the part size of uploads that do not choose
	// one: a larger object goes in parts.
	DefaultPartSize = 16 << 20
	// DefaultUploadConcurrency is how many parts are sent at once.
	DefaultUploadConcurrency = 4
	// finishTimeout bounds the requests an upload sends after it was
	// cancelled or while it ends: starting, completing and aborting a
	// multipart upload.
	finishTimeout = 30 * time.Second
)

// UploadInput is an object written from a file: in one request up to
// PartSize, else in parts sent in parallel.
type UploadInput struct {
	Bucket, Key string
	Body        io.ReaderAt // read in parallel; Size bytes from offset 0
	Size        int64
	ContentType string
	// Replace lets the upload replace an object at Key. Without it the
	// write is create-only (If-None-Match: *, on the PutObject or on the
	// CompleteMultipartUpload): a key that is taken gives an error
	// wrapping ErrExists, and nothing is written.
	Replace     bool
	PartSize    int64 // 0: DefaultPartSize; at least MinPartSize
	Concurrency int   // parts in flight; 0: DefaultUploadConcurrency
	// Progress, when set, is called with the bytes the server took since
	// the last call, from several goroutines at once. A request that
	// fails gives back what it counted (a negative call), so the sum is
	// what was stored so far.
	Progress func(delta int64)
}

// Uploaded is what an upload wrote.
type Uploaded struct {
	ETag      string
	Multipart bool // sent in parts
}

// Upload writes in.Body to in.Bucket/in.Key, create-only unless
// in.Replace. It either writes the object or leaves nothing behind: a
// failed or cancelled multipart upload is aborted (with a context of its
// own, so ctrl+c does not strand its parts). When ctx ends, requests
// whose bodies are not all sent are cut off, and those the server has
// whole are let finish, so that nothing lands after the abort; once
// every part is sent the upload is completed even if ctx ends meanwhile.
// Upload then succeeds with the object written, and the caller, seeing
// ctx done, decides. A size over MaxObjectBytes is refused with ErrTooLarge before
// any request; a server that refuses create-only writes (501) gives
// ErrNotConditional.
func (b *Browser) Upload(ctx context.Context, in UploadInput) (Uploaded, error) {
	if in.Size > MaxObjectBytes || in.Size < 0 {
		return Uploaded{}, &Error{Op: "PutObject", Bucket: in.Bucket, Key: in.Key, Kind: ErrTooLarge,
			detail: "an object holds at most 5 TiB"}
	}
	region, err := b.BucketRegion(ctx, in.Bucket)
	if err != nil {
		return Uploaded{}, err
	}
	// The transfer manager is deprecated for feature/s3/transfermanager,
	// still at v0.x; this is the one place that would change.
	//lint:ignore SA1019 the supported uploader until transfermanager is stable
	up := manager.NewUploader(&finishingClient{c: b.client(region)}, func(u *manager.Uploader) {
		u.PartSize = max(cmpOrZero(in.PartSize, DefaultPartSize), MinPartSize)
		u.Concurrency = cmpOrZero(in.Concurrency, DefaultUploadConcurrency)
		if in.Progress != nil {
			u.ClientOptions = append(u.ClientOptions, countSent(in.Progress))
		}
	})
	//lint:ignore SA1019 see NewUploader above
	out, err := up.Upload(ctx, uploadInput(in))
	if err != nil {
		return Uploaded{}, b.regionAware("PutObject", in.Bucket, in.Key, uploadError(in, err))
	}
	return Uploaded{ETag: aws.ToString(out.ETag), Multipart: out.UploadID != ""}, nil
}

// uploadInput is the PutObject the transfer manager sends (or splits).
func uploadInput(in UploadInput) *s3.PutObjectInput {
	put := &s3.PutObjectInput{
		Bucket: aws.String(in.Bucket), Key: aws.String(in.Key),
		Body:        io.NewSectionReader(in.Body, 0, in.Size),
		ContentType: optional(in.ContentType),
	}
	if !in.Replace {
		put.IfNoneMatch = aws.String("*")
	}
	return put
}

// uploadError names the answers of a create-only upload: 412 as
// ErrExists, 409 as ErrConflict, 501 as ErrNotConditional.
func uploadError(in UploadInput, err error) error {
	if in.Replace {
		return err
	}
	if status, code := answer(err); status == http.StatusNotImplemented || code == "NotImplemented" {
		return &Error{Op: "PutObject", Bucket: in.Bucket, Key: in.Key, Kind: ErrNotConditional, Err: err,
			detail: "the server does not take create-only writes (If-None-Match)"}
	}
	return conditionalError(in.Bucket, in.Key, err, ErrExists)
}

// cmpOrZero is v, or def when v is zero.
func cmpOrZero[T int | int64](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// finishingClient is the S3 client of one upload. The requests that
// start, complete and abort a multipart upload run to their end with a
// context of their own: a start cancelled in flight could leave an upload
// whose ID nobody learns, and an abort sent with the cancelled context
// of the upload would never leave.
type finishingClient struct{ c *s3.Client }

// detached is a context that ctx's cancellation does not reach, bounded
// by finishTimeout.
func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
}

// PutObject sends the object, guarded (see sendGuarded).
func (f *finishingClient) PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	return sendGuarded(ctx, func(ctx context.Context, guard func(*s3.Options)) (*s3.PutObjectOutput, error) {
		return f.c.PutObject(ctx, in, append(slices.Clip(opts), guard)...)
	})
}

// UploadPart sends one part, guarded (see sendGuarded).
func (f *finishingClient) UploadPart(ctx context.Context, in *s3.UploadPartInput, opts ...func(*s3.Options)) (*s3.UploadPartOutput, error) {
	return sendGuarded(ctx, func(ctx context.Context, guard func(*s3.Options)) (*s3.UploadPartOutput, error) {
		return f.c.UploadPart(ctx, in, append(slices.Clip(opts), guard)...)
	})
}

// CreateMultipartUpload starts the upload even when ctx ends meanwhile,
// then aborts it again if ctx did end.
func (f *finishingClient) CreateMultipartUpload(ctx context.Context, in *s3.CreateMultipartUploadInput, opts ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error) {
	dctx, cancel := detached(ctx)
	defer cancel()
	out, err := f.c.CreateMultipartUpload(dctx, in, opts...)
	if err != nil || ctx.Err() == nil {
		return out, err
	}
	_, _ = f.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: in.Bucket, Key: in.Key, UploadId: out.UploadId}, opts...)
	return nil, ctx.Err()
}

// CompleteMultipartUpload completes the upload even when ctx ends
// meanwhile: every part was sent, and a completion cut off might or might
// not have written the object.
func (f *finishingClient) CompleteMultipartUpload(ctx context.Context, in *s3.CompleteMultipartUploadInput, opts ...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error) {
	dctx, cancel := detached(ctx)
	defer cancel()
	return f.c.CompleteMultipartUpload(dctx, in, opts...)
}

// AbortMultipartUpload aborts even when ctx ended: that is when it is sent.
func (f *finishingClient) AbortMultipartUpload(ctx context.Context, in *s3.AbortMultipartUploadInput, opts ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error) {
	dctx, cancel := detached(ctx)
	defer cancel()
	return f.c.AbortMultipartUpload(dctx, in, opts...)
}
