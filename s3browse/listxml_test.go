package s3browse_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/s3share/s3share/s3browse"
)

// The scanner decodes every listing both servers send exactly as the SDK
// does: plain and URL-encoded keys, delimiters, owners, pages and tokens,
// an empty answer; and error answers still come back as the SDK's errors.
func TestFastListingDecodesAsTheSDK(t *testing.T) {
	for name, srv := range servers(t) {
		t.Run(name, func(t *testing.T) {
			keys := append(findShapes["odd"], "p/&amp;lt;.png", "p/tab\there.png", "p/100% +.png")
			if name == "gofakes3" {
				keys = append(keys, "p/ctl\x01\x1b.png")
			}
			seed(t, srv, "scan", keys)
			srv.CreateBucket(t, "scan-empty")
			c := srv.Client()
			inputs := []*s3.ListObjectsV2Input{
				{Bucket: aws.String("scan")},
				{Bucket: aws.String("scan"), EncodingType: types.EncodingTypeUrl},
				{Bucket: aws.String("scan"), Delimiter: aws.String("/"), EncodingType: types.EncodingTypeUrl},
				{Bucket: aws.String("scan"), Prefix: aws.String("a/"), MaxKeys: aws.Int32(2), FetchOwner: aws.Bool(true)},
				{Bucket: aws.String("scan"), StartAfter: aws.String("a.jpg"), MaxKeys: aws.Int32(3), EncodingType: types.EncodingTypeUrl},
				{Bucket: aws.String("scan-empty"), Delimiter: aws.String("/")},
			}
			for i, in := range inputs {
				want, wantErr := c.ListObjectsV2(context.Background(), in)
				got, gotErr := c.ListObjectsV2(context.Background(), in, s3browse.FastListing)
				if (wantErr == nil) != (gotErr == nil) {
					t.Fatalf("input %d: SDK error %v, scanner error %v", i, wantErr, gotErr)
				}
				if wantErr != nil {
					continue // the SDK refuses a raw control character; so may the scanner
				}
				if w, g := project(want), project(got); !reflect.DeepEqual(w, g) {
					t.Errorf("input %d:\nSDK     %+v\nscanner %+v", i, w, g)
				}
			}
			_, err := c.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String("nosuch")}, s3browse.FastListing)
			var nsb *types.NoSuchBucket
			if !errors.As(err, &nsb) {
				t.Errorf("listing a missing bucket through the scanner: %v, want the SDK's NoSuchBucket", err)
			}
		})
	}
}

// listing is what the scanner promises to decode, as plain values.
type listing struct {
	Name, Prefix, Delimiter, StartAfter, Token, NextToken, Encoding string
	Truncated                                                       bool
	KeyCount, MaxKeys                                               int32
	Objects                                                         []string // key|size|etag|time|class
	Prefixes                                                        []string
}

// project reads a decoded listing into a listing.
func project(o *s3.ListObjectsV2Output) listing {
	l := listing{Name: aws.ToString(o.Name), Prefix: aws.ToString(o.Prefix), Delimiter: aws.ToString(o.Delimiter),
		StartAfter: aws.ToString(o.StartAfter), Token: aws.ToString(o.ContinuationToken),
		NextToken: aws.ToString(o.NextContinuationToken), Encoding: string(o.EncodingType),
		Truncated: aws.ToBool(o.IsTruncated), KeyCount: aws.ToInt32(o.KeyCount), MaxKeys: aws.ToInt32(o.MaxKeys)}
	for _, c := range o.Contents {
		l.Objects = append(l.Objects, fmt.Sprintf("%q|%d|%s|%s|%s", aws.ToString(c.Key), aws.ToInt64(c.Size),
			aws.ToString(c.ETag), aws.ToTime(c.LastModified).Format(time.RFC3339Nano), c.StorageClass))
	}
	for _, p := range o.CommonPrefixes {
		l.Prefixes = append(l.Prefixes, aws.ToString(p.Prefix))
	}
	return l
}
