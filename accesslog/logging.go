package accesslog

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/smithy-go"

	"github.com/s3share/s3share/s3browse"
)

// LoggingConfig reads a bucket's logging configuration; *s3browse.Browser
// is one.
type LoggingConfig interface {
	BucketLogging(ctx context.Context, bucket string) (s3browse.BucketLogging, error)
}

// Find asks S3 where bucket's server access logs go (GetBucketLogging).
// Errors: a *LoggingDisabledError when logging is off (it says how to turn
// it on, and that logs take hours); an *AccessError naming
// s3:GetBucketLogging when the caller may not read the configuration; an
// error wrapping ErrLoggingUnknown when the server does not implement it
// (then the location has to be given).
func Find(ctx context.Context, api LoggingConfig, bucket string) (Location, error) {
	cfg, err := api.BucketLogging(ctx, bucket)
	switch {
	case errors.Is(err, s3browse.ErrAccessDenied):
		return Location{}, &AccessError{Permission: "s3:GetBucketLogging", Resource: "s3://" + bucket,
			Purpose: "reading where the bucket's access logs go", Err: err}
	case isNotImplemented(err):
		return Location{}, fmt.Errorf("s3://%s: %w (GetBucketLogging is not implemented): give the log location", bucket, ErrLoggingUnknown)
	case err != nil:
		return Location{}, err
	case !cfg.Enabled:
		return Location{}, &LoggingDisabledError{Bucket: bucket}
	}
	loc := Location{Bucket: cfg.TargetBucket, Prefix: cfg.TargetPrefix, Layout: LayoutSimple}
	if cfg.Partitioned {
		loc.Layout = LayoutPartitioned
	}
	return loc, nil
}

// isNotImplemented reports S3's answer to an operation the server lacks.
func isNotImplemented(err error) bool {
	var api smithy.APIError
	return errors.As(err, &api) && (api.ErrorCode() == "NotImplemented" || api.ErrorCode() == "501")
}
