package s3browse

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/s3share/s3share/listing"
)

// FilePage is one page of a folder listing with its objects held
// compactly (package listing), for callers that keep many pages: the
// terminal UI holds a million objects in a few dozen megabytes this way.
type FilePage struct {
	Folders   []string      // sub-folders: full prefixes ending in "/"
	Files     *listing.Page // the objects, stored without the prefix
	NextToken string        // continuation token; "" on the last page
}

// Last reports whether this is the final page of the listing.
func (p FilePage) Last() bool { return p.NextToken == "" }

// builders hold the buffers pages are scanned into, between pages.
var builders = sync.Pool{New: func() any { return new(listing.Builder) }}

// ListFiles lists one page of the folder prefix in bucket as ListPage
// does, scanning the answer straight into compact storage: no string or
// struct is made per object. Its objects are stored without prefix, and
// have the image flag of IsImage.
func (b *Browser) ListFiles(ctx context.Context, bucket, prefix, token string) (FilePage, error) {
	files := builders.Get().(*listing.Builder)
	defer builders.Put(files)
	res, err := b.listFolder(ctx, bucket, prefix, token, scanInto(files))
	if err != nil {
		return FilePage{}, err
	}
	return filePage(res, files, prefix), nil
}

// filePage makes the page of an answer whose objects the scanner put in
// files, keys as sent; when it could not read the answer, the SDK decoded
// it into Contents (and listObjectsV2 decoded the keys) and files is empty.
func filePage(res *s3.ListObjectsV2Output, files *listing.Builder, prefix string) FilePage {
	if len(res.Contents) == 0 && res.EncodingType == types.EncodingTypeUrl {
		files.Rewrite(appendDecoded)
	}
	for _, o := range res.Contents {
		files.Add(aws.ToString(o.Key), aws.ToInt64(o.Size), aws.ToTime(o.LastModified), aws.ToString(o.ETag))
	}
	p := FilePage{Folders: make([]string, 0, len(res.CommonPrefixes)), Files: files.Finish(prefix, isImageName)}
	for _, cp := range res.CommonPrefixes {
		p.Folders = append(p.Folders, aws.ToString(cp.Prefix))
	}
	if aws.ToBool(res.IsTruncated) {
		p.NextToken = aws.ToString(res.NextContinuationToken)
	}
	return p
}

// CompactObjects stores objs under prefix compactly, as ListFiles stores
// a page (the key equal to prefix, a folder's marker, is left out).
func CompactObjects(prefix string, objs []Object) *listing.Page {
	files := builders.Get().(*listing.Builder)
	defer builders.Put(files)
	files.Reset()
	for _, o := range objs {
		files.Add(o.Key, o.Size, o.LastModified, o.ETag)
	}
	return files.Finish(prefix, isImageName)
}

// FileObject is object i of p as an Object.
func FileObject(p *listing.Page, i int) Object {
	return Object{Key: p.Key(i), Size: p.Size(i), LastModified: p.LastModified(i), ETag: p.ETag(i)}
}

// appendDecoded appends key URL-decoded as decodeValue decodes it: "+" is
// a space, and a malformed escape leaves the key as sent.
func appendDecoded(dst, key []byte) []byte {
	for i := 0; i < len(key); i++ {
		if key[i] == '%' && (i+2 >= len(key) || !ishex(key[i+1]) || !ishex(key[i+2])) {
			return append(dst, key...)
		}
	}
	for i := 0; i < len(key); i++ {
		switch c := key[i]; c {
		case '+':
			dst = append(dst, ' ')
		case '%':
			dst = append(dst, unhex(key[i+1])<<4|unhex(key[i+2]))
			i += 2
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// ishex reports whether c is a hex digit.
func ishex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// unhex is the value of hex digit c.
func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// storeFile puts one field of an object into the scan's builder, without
// making a string of it.
func (s *listScan) storeFile(name string, raw []byte) error {
	v, err := appendUnescaped(s.buf[:0], raw)
	if err != nil {
		return err
	}
	s.buf = v
	switch name {
	case "Key":
		s.files.SetKey(v)
	case "ETag":
		s.files.SetETag(v)
	case "Size":
		n, err := parseSize(v)
		s.files.SetSize(n)
		return err
	case "LastModified":
		t, err := parseTime(v)
		s.files.SetTime(t)
		return err
	}
	return nil
}

// parseSize parses a size as strconv.ParseInt does, plain digits without
// a string.
func parseSize(v []byte) (int64, error) {
	if len(v) == 0 || len(v) > 18 {
		return strconv.ParseInt(string(v), 10, 64)
	}
	var n int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return strconv.ParseInt(string(v), 10, 64)
		}
		n = n*10 + int64(c-'0')
	}
	return n, nil
}

// parseTime parses a time as time.Parse(time.RFC3339Nano) does; S3's own
// form (2026-11-27T10:00:00.000Z) without a string.
func parseTime(v []byte) (time.Time, error) {
	if t, ok := parseUTC(v); ok {
		return t, nil
	}
	return time.Parse(time.RFC3339Nano, string(v))
}

// parseUTC parses YYYY-MM-DDTHH:MM:SS[.fraction]Z with every field in
// range, or reports false.
func parseUTC(v []byte) (time.Time, bool) {
	if len(v) < 20 || v[4] != '-' || v[7] != '-' || v[10] != 'T' || v[13] != ':' || v[16] != ':' || v[len(v)-1] != 'Z' {
		return time.Time{}, false
	}
	num := func(from, to int) int {
		n := 0
		for _, c := range v[from:to] {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	year, month, day, hour, minute, sec := num(0, 4), num(5, 7), num(8, 10), num(11, 13), num(14, 16), num(17, 19)
	nsec, frac := 0, v[19:len(v)-1]
	if len(frac) > 0 {
		if frac[0] != '.' || len(frac) < 2 || len(frac) > 10 {
			return time.Time{}, false
		}
		if nsec = num(20, len(v)-1); nsec < 0 {
			return time.Time{}, false
		}
		for range 10 - len(frac) {
			nsec *= 10
		}
	}
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	return t, t.Day() == day // not past the end of its month
}

// listFolder sends the ListObjectsV2 of one page of the folder prefix,
// with ListPage's page sizes, region and errors.
func (b *Browser) listFolder(ctx context.Context, bucket, prefix, token string, opts ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	region, err := b.BucketRegion(ctx, bucket)
	if err != nil {
		return nil, err
	}
	in := &s3.ListObjectsV2Input{
		Bucket:    aws.String(bucket),
		Delimiter: aws.String("/"),
	}
	if prefix != "" {
		in.Prefix = aws.String(prefix)
	}
	if token != "" {
		in.ContinuationToken = aws.String(token)
	} else {
		in.MaxKeys = aws.Int32(FirstPageKeys)
	}
	res, err := listObjectsV2(ctx, b.client(region), in, opts...)
	if err != nil {
		err = b.mapError("ListObjectsV2", bucket, prefix, err)
		if errors.Is(err, ErrWrongRegion) {
			b.forgetRegion(bucket)
		}
		return nil, err
	}
	return res, nil
}
