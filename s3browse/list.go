package s3browse

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// FirstPageKeys is the size of a listing's first page. It is small so the
// first screen arrives quickly: decoding a full page of 1000 keys takes the
// SDK about 15 ms on its own. Later pages are the server's full size.
const FirstPageKeys = 200

// ListPage lists one page of the folder prefix in bucket with delimiter "/":
// sub-folders and the objects directly inside. token is "" for the first
// page, then the previous page's NextToken. The request goes through a client
// for the bucket's region and stops when ctx is cancelled.
func (b *Browser) ListPage(ctx context.Context, bucket, prefix, token string) (Page, error) {
	res, err := b.listFolder(ctx, bucket, prefix, token)
	if err != nil {
		return Page{}, err
	}
	return toPage(res, prefix), nil
}

// toPage converts a ListObjectsV2 result. The folder's own marker object
// (key == prefix, ending in "/") is left out.
func toPage(res *s3.ListObjectsV2Output, prefix string) Page {
	p := Page{Folders: make([]string, 0, len(res.CommonPrefixes)), Objects: make([]Object, 0, len(res.Contents))}
	for _, cp := range res.CommonPrefixes {
		p.Folders = append(p.Folders, aws.ToString(cp.Prefix))
	}
	for _, o := range res.Contents {
		key := aws.ToString(o.Key)
		if key == prefix && strings.HasSuffix(key, "/") {
			continue
		}
		p.Objects = append(p.Objects, Object{
			Key:          key,
			Size:         aws.ToInt64(o.Size),
			LastModified: aws.ToTime(o.LastModified),
			ETag:         aws.ToString(o.ETag),
		})
	}
	if aws.ToBool(res.IsTruncated) {
		p.NextToken = aws.ToString(res.NextContinuationToken)
	}
	return p
}

// ListAll lists every page of the folder prefix, calling each with every page
// in order. It stops at the first error from the listing or from each, and
// when ctx is cancelled. Pages are read as ListFiles reads them, and each
// page's Objects are made only when each is called: a listing of any size
// holds about one page.
func (b *Browser) ListAll(ctx context.Context, bucket, prefix string, each func(Page) error) error {
	token := ""
	for {
		if err := ctx.Err(); err != nil {
			return b.mapError("ListObjectsV2", bucket, prefix, err)
		}
		fp, err := b.ListFiles(ctx, bucket, prefix, token)
		if err != nil {
			return err
		}
		page := Page{Folders: fp.Folders, Objects: make([]Object, fp.Files.Len()), NextToken: fp.NextToken}
		for i := range page.Objects {
			page.Objects[i] = FileObject(fp.Files, i)
		}
		if err := each(page); err != nil {
			return err
		}
		if page.Last() {
			return nil
		}
		if page.NextToken == token {
			return &Error{Op: "ListObjectsV2", Bucket: bucket, Key: prefix,
				detail: "the server repeated its continuation token: listing stopped"}
		}
		token = page.NextToken
	}
}
