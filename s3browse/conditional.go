package s3browse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// maxDeleteKeys is the most keys one DeleteObjects request may name.
const maxDeleteKeys = 1000

// CreateObject writes in.Body to in.Bucket/in.Key only if no object has
// that key (If-None-Match: *), and returns the new object's ETag. A key that
// is taken gives an error wrapping ErrExists (412); another conditional
// write racing on the key, one wrapping ErrConflict (409), which may be
// tried again. A server without conditional writes may ignore the header
// and overwrite: a capability probe must tell first.
func (b *Browser) CreateObject(ctx context.Context, in PutInput) (string, error) {
	return b.putIf(ctx, in, func(p *s3.PutObjectInput) { p.IfNoneMatch = aws.String("*") }, ErrExists)
}

// ReplaceObject writes in.Body to in.Bucket/in.Key only if the object there
// still has the ETag etag (If-Match), and returns the new ETag. Another
// version gives an error wrapping ErrPreconditionFailed (412), a missing
// object ErrNoSuchKey on AWS, a racing conditional write ErrConflict (409).
func (b *Browser) ReplaceObject(ctx context.Context, in PutInput, etag string) (string, error) {
	if etag == "" {
		return "", &Error{Op: "PutObject", Bucket: in.Bucket, Key: in.Key, detail: "no ETag given to replace"}
	}
	return b.putIf(ctx, in, func(p *s3.PutObjectInput) { p.IfMatch = aws.String(etag) }, ErrPreconditionFailed)
}

// putIf sends a conditional PutObject; a 412 is reported as kind412.
func (b *Browser) putIf(ctx context.Context, in PutInput, cond func(*s3.PutObjectInput), kind412 error) (string, error) {
	region, err := b.BucketRegion(ctx, in.Bucket)
	if err != nil {
		return "", err
	}
	put := putObjectInput(in)
	cond(put)
	out, err := b.client(region).PutObject(ctx, put)
	if err != nil {
		return "", b.regionAware("PutObject", in.Bucket, in.Key, conditionalError(in.Bucket, in.Key, err, kind412))
	}
	return aws.ToString(out.ETag), nil
}

// putObjectInput is the PutObject of in.
func putObjectInput(in PutInput) *s3.PutObjectInput {
	return &s3.PutObjectInput{
		Bucket: aws.String(in.Bucket), Key: aws.String(in.Key),
		Body: bytes.NewReader(in.Body), ContentLength: aws.Int64(int64(len(in.Body))),
		ContentType: optional(in.ContentType), CacheControl: optional(in.CacheControl), Metadata: in.Metadata,
	}
}

// conditionalError names the answers of a conditional write: 412 as
// kind412, 409 ConditionalRequestConflict as ErrConflict; anything else
// is left for mapError.
func conditionalError(bucket, key string, err error, kind412 error) error {
	status, code := answer(err)
	switch {
	case status == http.StatusPreconditionFailed || code == "PreconditionFailed":
		detail := "already exists"
		if kind412 == ErrPreconditionFailed {
			detail = "changed since it was read (its ETag no longer matches)"
		}
		return &Error{Op: "PutObject", Bucket: bucket, Key: key, Kind: kind412, Err: err, detail: detail}
	case code == "ConditionalRequestConflict" || status == http.StatusConflict && code == "":
		return &Error{Op: "PutObject", Bucket: bucket, Key: key, Kind: ErrConflict, Err: err,
			detail: "another conditional write to this key was in progress: try again"}
	}
	return err
}

// answer returns the HTTP status and the S3 error code inside err (0 and ""
// when there was no answer).
func answer(err error) (int, string) {
	status, code := 0, ""
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) {
		status = re.HTTPStatusCode()
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		code = api.ErrorCode()
	}
	return status, code
}

// ListAfter lists one page of the keys under prefix (no delimiter: every
// key below it) that sort after startAfter, in key order. token is "" for
// the first page, then the previous page's NextToken (S3 then ignores
// startAfter). A reader that keeps the last key it has seen lists only
// what is new: a listing with nothing new is one request.
func (b *Browser) ListAfter(ctx context.Context, bucket, prefix, startAfter, token string) (Page, error) {
	region, err := b.BucketRegion(ctx, bucket)
	if err != nil {
		return Page{}, err
	}
	in := &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: optional(prefix)}
	if token != "" {
		in.ContinuationToken = aws.String(token)
	} else {
		in.StartAfter = optional(startAfter)
	}
	res, err := listObjectsV2(ctx, b.client(region), in)
	if err != nil {
		return Page{}, b.regionAware("ListObjectsV2", bucket, prefix, err)
	}
	return toPage(res, ""), nil
}

// ReadObject reads all of bucket/key when it holds at most maxBytes, with
// its facts. A larger object gives an error wrapping ErrTooLarge: its size
// is known from the answer's headers and its body is not read (a server
// that sends no length is read to maxBytes+1 and no further).
func (b *Browser) ReadObject(ctx context.Context, bucket, key string, maxBytes int64) ([]byte, ObjectInfo, error) {
	if maxBytes < 0 {
		return nil, ObjectInfo{}, fmt.Errorf("read s3://%s/%s: maxBytes must not be negative, not %d", bucket, key, maxBytes)
	}
	region, err := b.BucketRegion(ctx, bucket)
	if err != nil {
		return nil, ObjectInfo{}, err
	}
	res, err := b.client(region).GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return nil, ObjectInfo{}, b.regionAware("GetObject", bucket, key, err)
	}
	defer res.Body.Close()
	info := ObjectInfo{Size: aws.ToInt64(res.ContentLength), ETag: aws.ToString(res.ETag),
		LastModified: aws.ToTime(res.LastModified), ContentType: aws.ToString(res.ContentType)}
	if res.ContentLength != nil && info.Size > maxBytes {
		return nil, info, tooLarge(bucket, key, info.Size, maxBytes)
	}
	data, err := io.ReadAll(io.LimitReader(res.Body, maxBytes+1))
	if err != nil {
		return nil, info, b.mapError("GetObject", bucket, key, err)
	}
	if int64(len(data)) > maxBytes {
		return nil, info, tooLarge(bucket, key, -1, maxBytes)
	}
	info.Size = int64(len(data))
	return data, info, nil
}

// tooLarge is the ErrTooLarge error of ReadObject; size is -1 when the
// server did not say.
func tooLarge(bucket, key string, size, maxBytes int64) error {
	detail := fmt.Sprintf("larger than the %d bytes allowed here", maxBytes)
	if size >= 0 {
		detail = fmt.Sprintf("%d bytes is larger than the %d allowed here", size, maxBytes)
	}
	return &Error{Op: "GetObject", Bucket: bucket, Key: key, Kind: ErrTooLarge, detail: detail}
}

// DeleteObjects deletes keys in bucket with as few requests as S3 allows
// (1000 keys each). Keys already gone count as deleted. The first key the
// server refused gives the error, after every request was sent.
func (b *Browser) DeleteObjects(ctx context.Context, bucket string, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	region, err := b.BucketRegion(ctx, bucket)
	if err != nil {
		return err
	}
	var first error
	for start := 0; start < len(keys); start += maxDeleteKeys {
		chunk := keys[start:min(start+maxDeleteKeys, len(keys))]
		if err := b.deleteChunk(ctx, region, bucket, chunk); err != nil {
			if ctx.Err() != nil {
				return err
			}
			first = cmpOr(first, err)
		}
	}
	return first
}

// deleteChunk sends one DeleteObjects (quiet: only failures are listed).
func (b *Browser) deleteChunk(ctx context.Context, region, bucket string, keys []string) error {
	ids := make([]types.ObjectIdentifier, len(keys))
	for i, k := range keys {
		ids[i] = types.ObjectIdentifier{Key: aws.String(k)}
	}
	out, err := b.client(region).DeleteObjects(ctx, &s3.DeleteObjectsInput{
		Bucket: aws.String(bucket), Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
	if err != nil {
		return b.regionAware("DeleteObjects", bucket, keys[0], err)
	}
	for _, e := range out.Errors {
		if aws.ToString(e.Code) == "NoSuchKey" {
			continue
		}
		return mapError("DeleteObject", bucket, aws.ToString(e.Key),
			&smithy.GenericAPIError{Code: aws.ToString(e.Code), Message: aws.ToString(e.Message)})
	}
	return nil
}

// cmpOr returns a when it is not nil, else b.
func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
