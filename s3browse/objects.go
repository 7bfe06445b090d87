package s3browse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// MaxCopyBytes is the largest object one CopyObject can copy (5 GiB).
const MaxCopyBytes = 5 << 30

// ObjectInfo is what HeadObject tells about one object.
type ObjectInfo struct {
	Size               int64
	ETag               string
	LastModified       time.Time
	ContentType        string
	CacheControl       string
	ContentDisposition string
	ContentEncoding    string
	ContentLanguage    string
	Metadata           map[string]string
}

// HeadObject returns the facts of bucket/key, or an error wrapping
// ErrNoSuchKey (or ErrNoSuchBucket, ErrAccessDenied...). A HEAD answer has
// no body, so a 404 cannot tell a missing object from a missing bucket: the
// bucket check that comes with it does.
func (b *Browser) HeadObject(ctx context.Context, bucket, key string) (ObjectInfo, error) {
	region, err := b.BucketRegion(ctx, bucket)
	if err != nil {
		return ObjectInfo{}, err
	}
	out, err := b.client(region).HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return ObjectInfo{}, b.regionAware("HeadObject", bucket, key, err)
	}
	return ObjectInfo{
		Size: aws.ToInt64(out.ContentLength), ETag: aws.ToString(out.ETag), LastModified: aws.ToTime(out.LastModified),
		ContentType: aws.ToString(out.ContentType), CacheControl: aws.ToString(out.CacheControl),
		ContentDisposition: aws.ToString(out.ContentDisposition), ContentEncoding: aws.ToString(out.ContentEncoding),
		ContentLanguage: aws.ToString(out.ContentLanguage), Metadata: out.Metadata,
	}, nil
}

// ProbeObject learns the facts of bucket/key with a GET of its first byte:
// unlike a HEAD, a refused GET carries S3's error code, so a missing
// object (ErrNoSuchKey), a missing bucket (ErrNoSuchBucket) and rejected
// credentials are told apart. An empty object (416) exists with size 0.
//
// The probe goes to the bucket's known region, else to the configured one
// without resolving it first (a one-shot presign probes alongside its
// bucket check); a wrong guess answers ErrWrongRegion.
func (b *Browser) ProbeObject(ctx context.Context, bucket, key string) (ObjectInfo, error) {
	region := b.KnownRegion(bucket)
	if region == "" {
		region = b.cfg.Region
	}
	out, err := b.client(region).GetObject(ctx, &s3.GetObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Range: aws.String("bytes=0-0")})
	if err != nil {
		var api smithy.APIError
		if errors.As(err, &api) && api.ErrorCode() == "InvalidRange" {
			return ObjectInfo{Size: 0}, nil
		}
		return ObjectInfo{}, b.regionAware("GetObject", bucket, key, err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(out.Body, 64)) // one byte; the error, if any, changes nothing
	out.Body.Close()
	return ObjectInfo{
		Size: totalSize(aws.ToString(out.ContentRange), aws.ToInt64(out.ContentLength)), ETag: aws.ToString(out.ETag),
		LastModified: aws.ToTime(out.LastModified), ContentType: aws.ToString(out.ContentType),
		CacheControl: aws.ToString(out.CacheControl), ContentDisposition: aws.ToString(out.ContentDisposition),
		ContentEncoding: aws.ToString(out.ContentEncoding), ContentLanguage: aws.ToString(out.ContentLanguage),
		Metadata: out.Metadata,
	}, nil
}

// totalSize reads the object size from a Content-Range ("bytes 0-0/1234");
// a server that ignored the range sent the whole object: length.
func totalSize(contentRange string, length int64) int64 {
	_, total, ok := strings.Cut(contentRange, "/")
	if !ok {
		return length
	}
	n, err := strconv.ParseInt(total, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// CopyInput is a server-side copy inside one bucket.
type CopyInput struct {
	Bucket   string
	From, To string            // source and destination keys
	Source   ObjectInfo        // the source's HeadObject: size and headers to keep
	Metadata map[string]string // replaces the source's user metadata (ASCII values)
}

// CopyObject copies in.From to in.To on the server, keeping the source's
// content headers and setting in.Metadata. Sources over MaxCopyBytes give an
// error wrapping ErrTooLarge before any request.
func (b *Browser) CopyObject(ctx context.Context, in CopyInput) error {
	if in.Source.Size > MaxCopyBytes {
		return &Error{Op: "CopyObject", Bucket: in.Bucket, Key: in.From, Kind: ErrTooLarge,
			detail: fmt.Sprintf("%d bytes is over the 5 GiB a server-side copy allows: share it as not revocable", in.Source.Size)}
	}
	region, err := b.BucketRegion(ctx, in.Bucket)
	if err != nil {
		return err
	}
	_, err = b.client(region).CopyObject(ctx, &s3.CopyObjectInput{
		Bucket: aws.String(in.Bucket), Key: aws.String(in.To),
		CopySource:         aws.String(in.Bucket + "/" + EscapePath(in.From)),
		MetadataDirective:  types.MetadataDirectiveReplace,
		Metadata:           in.Metadata,
		ContentType:        optional(in.Source.ContentType),
		CacheControl:       optional(in.Source.CacheControl),
		ContentDisposition: optional(in.Source.ContentDisposition),
		ContentEncoding:    optional(in.Source.ContentEncoding),
		ContentLanguage:    optional(in.Source.ContentLanguage),
	})
	return b.regionAware("CopyObject", in.Bucket, in.To, err)
}

// DeleteObject deletes bucket/key. Deleting a key that is already gone
// succeeds, as S3 does.
func (b *Browser) DeleteObject(ctx context.Context, bucket, key string) error {
	region, err := b.BucketRegion(ctx, bucket)
	if err != nil {
		return err
	}
	_, err = b.client(region).DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	return b.regionAware("DeleteObject", bucket, key, err)
}

// PutInput is a small object written in one request.
type PutInput struct {
	Bucket, Key  string
	Body         []byte
	ContentType  string
	CacheControl string
	Metadata     map[string]string
}

// PutObject writes in.Body to in.Bucket/in.Key.
func (b *Browser) PutObject(ctx context.Context, in PutInput) error {
	region, err := b.BucketRegion(ctx, in.Bucket)
	if err != nil {
		return err
	}
	_, err = b.client(region).PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(in.Bucket), Key: aws.String(in.Key),
		Body: bytes.NewReader(in.Body), ContentLength: aws.Int64(int64(len(in.Body))),
		ContentType: optional(in.ContentType), CacheControl: optional(in.CacheControl), Metadata: in.Metadata,
	})
	return b.regionAware("PutObject", in.Bucket, in.Key, err)
}

// regionAware maps err and forgets the bucket's cached region when the
// server said it is wrong, so the next call resolves it again.
func (b *Browser) regionAware(op, bucket, key string, err error) error {
	if err == nil {
		return nil
	}
	err = b.mapError(op, bucket, key, err)
	if errors.Is(err, ErrWrongRegion) {
		b.forgetRegion(bucket)
	}
	return err
}

// optional is nil for "", else a pointer to s.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

// EscapePath percent-encodes a key as S3 writes it in a path: every byte
// but unreserved characters and "/" (servers differ on "+", so it is
// encoded). x-amz-copy-source takes it, and server access logs show keys
// so encoded.
func EscapePath(key string) string {
	const hexDigits = "0123456789ABCDEF"
	var sb strings.Builder
	for i := 0; i < len(key); i++ {
		c := key[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~/", c) >= 0 {
			sb.WriteByte(c)
			continue
		}
		sb.WriteByte('%')
		sb.WriteByte(hexDigits[c>>4])
		sb.WriteByte(hexDigits[c&15])
	}
	return sb.String()
}
