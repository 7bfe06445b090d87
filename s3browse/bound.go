package s3browse

import (
	"context"
	"time"

	"github.com/aws/smithy-go/middleware"
)

// ListTimeout bounds one listing call (ListBuckets, one ListObjectsV2
// page, the HeadBucket of a region lookup) over all its attempts: an
// endpoint that accepts connections and never answers fails it in seconds
// instead of the SDK's three attempts of headerTimeout each.
const ListTimeout = 12 * time.Second

// boundedOps are the operations ListTimeout bounds. Their answers are small
// and read whole before the call returns; object reads (GetObject) stream
// their bodies and are not bounded here.
var boundedOps = map[string]bool{"ListBuckets": true, "ListObjectsV2": true, "HeadBucket": true}

// boundListing is an API option that gives the operations in boundedOps
// one deadline of ListTimeout over every attempt.
func boundListing(stack *middleware.Stack) error {
	if !boundedOps[stack.ID()] {
		return nil
	}
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("s3share.ListTimeout",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
			middleware.InitializeOutput, middleware.Metadata, error) {
			ctx, cancel := context.WithTimeout(ctx, ListTimeout)
			defer cancel()
			return next.HandleInitialize(ctx, in)
		}), middleware.Before)
}
