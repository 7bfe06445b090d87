package s3browse

import (
	"context"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// listObjectsV2 sends in with EncodingType=url and decodes the keys,
// prefixes, delimiter and start-after of the answer, as the AWS CLI does.
// Without the encoding a key holding a character XML 1.0 cannot carry
// (S3 allows any but NUL) fails the whole page with an XML error. A server
// that ignores the parameter answers without EncodingType=url and its raw
// values are kept as they are.
func listObjectsV2(ctx context.Context, c *s3.Client, in *s3.ListObjectsV2Input, opts ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	in.EncodingType = types.EncodingTypeUrl
	out, err := c.ListObjectsV2(ctx, in, opts...)
	if err != nil {
		return nil, err
	}
	decodeListing(out)
	return out, nil
}

// decodeListing URL-decodes an answer that says it is URL-encoded.
func decodeListing(out *s3.ListObjectsV2Output) {
	if out.EncodingType != types.EncodingTypeUrl {
		return
	}
	out.Prefix = decodeValue(out.Prefix)
	out.Delimiter = decodeValue(out.Delimiter)
	out.StartAfter = decodeValue(out.StartAfter)
	for i := range out.Contents {
		out.Contents[i].Key = decodeValue(out.Contents[i].Key)
	}
	for i := range out.CommonPrefixes {
		out.CommonPrefixes[i].Prefix = decodeValue(out.CommonPrefixes[i].Prefix)
	}
}

// decodeValue decodes one URL-encoded value the way botocore does
// (unquote_plus: "+" is a space). A malformed escape is kept as sent
// rather than failing the page for one odd key.
func decodeValue(p *string) *string {
	if p == nil || !strings.ContainsAny(*p, "%+") {
		return p
	}
	s, err := url.QueryUnescape(*p)
	if err != nil {
		return p
	}
	return aws.String(s)
}
