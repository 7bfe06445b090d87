package s3browse

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// BucketLogging is where a bucket's server access logs go, as
// GetBucketLogging tells it.
type BucketLogging struct {
	Enabled      bool   // false: the bucket writes no server access logs
	TargetBucket string // the bucket the logs are delivered to
	TargetPrefix string // the prefix of every log object's key ("" for none)
	// Partitioned: keys are TargetPrefix + ACCOUNT/REGION/BUCKET/YYYY/MM/DD/
	// + YYYY-MM-DD-hh-mm-ss-UNIQUE rather than TargetPrefix +
	// YYYY-mm-DD-HH-MM-SS-UNIQUE.
	Partitioned bool
	// PartitionDateSource is "EventTime" or "DeliveryTime" when Partitioned.
	PartitionDateSource string
}

// BucketLogging reads bucket's server access logging configuration with
// GetBucketLogging (which needs s3:GetBucketLogging on it) through a client
// for its region. A server that does not implement it answers an error
// whose API code is NotImplemented.
func (b *Browser) BucketLogging(ctx context.Context, bucket string) (BucketLogging, error) {
	region, err := b.BucketRegion(ctx, bucket)
	if err != nil {
		return BucketLogging{}, err
	}
	out, err := b.client(region).GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: aws.String(bucket)})
	if err != nil {
		return BucketLogging{}, b.regionAware("GetBucketLogging", bucket, "", err)
	}
	le := out.LoggingEnabled
	if le == nil || aws.ToString(le.TargetBucket) == "" {
		return BucketLogging{}, nil
	}
	l := BucketLogging{Enabled: true, TargetBucket: aws.ToString(le.TargetBucket), TargetPrefix: aws.ToString(le.TargetPrefix)}
	if f := le.TargetObjectKeyFormat; f != nil && f.PartitionedPrefix != nil {
		l.Partitioned = true
		l.PartitionDateSource = string(f.PartitionedPrefix.PartitionDateSource)
	}
	return l, nil
}
