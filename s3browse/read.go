package s3browse

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// ReadRange reads at most the first maxBytes of an object with one ranged
// GetObject (Range: bytes=0-(maxBytes-1)) through a client for the bucket's
// region, and returns them with the object's facts. info.Size is the whole
// object's size: when it is larger than len(data) the object was cut at
// maxBytes. An empty object, which S3 answers with 416 for any range, is
// read again without one. Images are the caller's business: nothing here
// decodes.
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
		return nil, ObjectInfo{}, b.regionAware("GetObject", bucket, key, err)
	}
	defer res.Body.Close()
	// A server that ignores Range sends the whole object: read no more than asked.
	data, err := io.ReadAll(io.LimitReader(res.Body, maxBytes))
	if err != nil {
		return nil, ObjectInfo{}, b.mapError("GetObject", bucket, key, err)
	}
	return data, ObjectInfo{
		Size: totalSize(aws.ToString(res.ContentRange), aws.ToInt64(res.ContentLength)), ETag: aws.ToString(res.ETag),
		LastModified: aws.ToTime(res.LastModified), ContentType: aws.ToString(res.ContentType),
	}, nil
}

// isInvalidRange reports S3's answer to a range on an empty object.
func isInvalidRange(err error) bool {
	var api smithy.APIError
	return errors.As(err, &api) && (api.ErrorCode() == "InvalidRange" || api.ErrorCode() == "RequestedRangeNotSatisfiable")
}
