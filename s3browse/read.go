package s3browse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// ObjectInfo describes an object read with ReadRange.
type ObjectInfo struct {
	Size         int64 // the whole object, not only the bytes read
	ETag         string
	ContentType  string
	LastModified time.Time
}

// ReadRange reads at most the first maxBytes of an object with one ranged
// GetObject (Range: bytes=0-(maxBytes-1)) through a client for the bucket's
// region, and returns them with the object's facts. info.Size is the whole
// object's size: when it is larger than len(data) the object was cut at
// maxBytes. An empty object, which S3 answers with 416 for any range, is
// read again without one.
func (b *Browser) ReadRange(ctx context.Context, bucket, key string, maxBytes int64) ([]byte, ObjectInfo, error) {
	if maxBytes < 1 {
		return nil, ObjectInfo{}, fmt.Errorf("read s3://%s/%s: maxBytes must be at least 1, not %d", bucket, key, maxBytes)
	}
	region, err := b.BucketRegion(ctx, bucket)
	if err != nil {
		return nil, ObjectInfo{}, err
	}
	in := &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Range: aws.String(fmt.Sprintf("bytes=0-%d", maxBytes-1))}
	res, err := b.client(region).GetObject(ctx, in)
	if isInvalidRange(err) {
		in.Range = nil
		res, err = b.client(region).GetObject(ctx, in)
	}
	if err != nil {
		err = b.mapError("GetObject", bucket, key, err)
		if errors.Is(err, ErrWrongRegion) {
			b.forgetRegion(bucket)
		}
		return nil, ObjectInfo{}, err
	}
	defer res.Body.Close()
	// A server that ignores Range sends the whole object: read no more than asked.
	data, err := io.ReadAll(io.LimitReader(res.Body, maxBytes))
	if err != nil {
		return nil, ObjectInfo{}, b.mapError("GetObject", bucket, key, err)
	}
	return data, objectInfo(res), nil
}

// objectInfo takes the facts from a GetObject answer; the size comes from
// Content-Range ("bytes 0-99/12345") when the answer is partial.
func objectInfo(res *s3.GetObjectOutput) ObjectInfo {
	info := ObjectInfo{
		Size:         aws.ToInt64(res.ContentLength),
		ETag:         aws.ToString(res.ETag),
		ContentType:  aws.ToString(res.ContentType),
		LastModified: aws.ToTime(res.LastModified),
	}
	if cr := aws.ToString(res.ContentRange); cr != "" {
		if _, total, ok := strings.Cut(cr, "/"); ok {
			if n, err := strconv.ParseInt(total, 10, 64); err == nil {
				info.Size = n
			}
		}
	}
	return info
}

// isInvalidRange reports S3's answer to a range on an empty object.
func isInvalidRange(err error) bool {
	var api smithy.APIError
	return errors.As(err, &api) && (api.ErrorCode() == "InvalidRange" || api.ErrorCode() == "RequestedRangeNotSatisfiable")
}
