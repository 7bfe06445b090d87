package complete

import (
	"context"
	"strings"
)

const scheme = "s3://"

// s3Values completes an s3:// location: bucket names until the first "/",
// then the folders (and, unless foldersOnly, the objects) of the typed
// prefix. A word that could still become "s3://" ("", "s", "s3:") lists
// the buckets too.
func s3Values(ctx context.Context, src Source, cur string, foldersOnly bool) []Candidate {
	if !strings.HasPrefix(cur, scheme) {
		if !strings.HasPrefix(scheme, cur) {
			return nil
		}
		cur = scheme
	}
	bucket, prefix, inBucket := strings.Cut(cur[len(scheme):], "/")
	if !inBucket {
		return bucketValues(ctx, src, bucket)
	}
	entries, err := src.List(ctx, bucket, prefix)
	if err != nil {
		return nil
	}
	var out []Candidate
	for _, e := range entries {
		folder := strings.HasSuffix(e, "/")
		if !strings.HasPrefix(e, prefix) || foldersOnly && !folder {
			continue
		}
		out = append(out, Candidate{Value: scheme + bucket + "/" + e})
	}
	return out
}

// bucketValues lists s3://NAME/ for the buckets that start with typed.
func bucketValues(ctx context.Context, src Source, typed string) []Candidate {
	names, err := src.Buckets(ctx)
	if err != nil {
		return nil
	}
	var out []Candidate
	for _, n := range names {
		if strings.HasPrefix(n, typed) {
			out = append(out, Candidate{Value: scheme + n + "/", Help: "bucket"})
		}
	}
	return out
}
