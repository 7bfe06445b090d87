package s3browse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/s3share/s3share/listing"
)

// The SDK decodes a ListObjectsV2 page at about 15 us per key (encoding/xml
// under smithy's node decoder): with 16 pages in flight the client's CPU,
// not the round trip, would bound a search. fastListing decodes a
// successful answer with a small scanner that knows the one document shape
// (ListBucketResult) instead; anything else it does not recognise, and
// every error answer, still goes to the SDK's own decoder, untouched.

// fastListing is a per-call option of ListObjectsV2 that swaps in the
// scanner.
func fastListing(o *s3.Options) { scanInto(nil)(o) }

// scanInto is fastListing with the objects going into files instead of
// the output's Contents (nil: into Contents). When the scanner cannot
// read an answer, files is left empty and the SDK fills Contents.
func scanInto(files *listing.Builder) func(*s3.Options) {
	return func(o *s3.Options) {
		o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
			orig, ok := stack.Deserialize.Get(deserializerID)
			if !ok {
				return nil // not the stack it was written for: keep the SDK's
			}
			_, err := stack.Deserialize.Swap(deserializerID, &listDecoder{orig: orig, files: files})
			return err
		})
	}
}

// deserializerID is the SDK's id of an operation's deserializer middleware.
const deserializerID = "OperationDeserializer"

// errScanned stops the SDK's decoder once the scanner has taken the answer.
var errScanned = errors.New("s3browse: listing decoded")

// listDecoder wraps the SDK's deserializer of ListObjectsV2.
type listDecoder struct {
	orig  middleware.DeserializeMiddleware
	files *listing.Builder // where the objects go; nil for Contents
}

// ID keeps the id of the middleware it replaces.
func (*listDecoder) ID() string { return deserializerID }

// HandleDeserialize lets the SDK's decoder run, but takes a 2xx answer
// away from it when the scanner can read the body; otherwise the body is
// put back as it was and the SDK decodes it (or reports the error).
func (d *listDecoder) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	middleware.DeserializeOutput, middleware.Metadata, error,
) {
	var scanned *s3.ListObjectsV2Output
	peek := middleware.DeserializeHandlerFunc(func(ctx context.Context, in middleware.DeserializeInput) (
		middleware.DeserializeOutput, middleware.Metadata, error,
	) {
		out, md, err := next.HandleDeserialize(ctx, in)
		resp, ok := out.RawResponse.(*smithyhttp.Response)
		if err != nil || !ok || resp.StatusCode < 200 || resp.StatusCode >= 300 {
			return out, md, err
		}
		body, err := readBody(resp)
		if err != nil {
			return out, md, err // cut short: the retryer decides
		}
		if scanned, err = scanListing(body.Bytes(), d.files); err == nil {
			pages.Put(body) // the scan copied what it kept
			return out, md, errScanned
		}
		if d.files != nil {
			d.files.Reset() // the SDK fills Contents instead
		}
		resp.Body = io.NopCloser(bytes.NewReader(body.Bytes()))
		return out, md, nil
	})
	out, md, err := d.orig.HandleDeserialize(ctx, in, peek)
	if errors.Is(err, errScanned) {
		out.Result = scanned
		return out, md, nil
	}
	return out, md, err
}

// pages holds the buffers listing answers are read into, between pages: a
// page of 1000 keys is about 300 KB, and a find reads a hundred of them.
var pages = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// readBody reads a whole answer into a buffer from pages.
func readBody(resp *smithyhttp.Response) (*bytes.Buffer, error) {
	buf := pages.Get().(*bytes.Buffer)
	buf.Reset()
	n := resp.ContentLength
	if n > 0 && n <= 64<<20 {
		// ReadFrom wants MinRead bytes free before each read, even the one
		// that only finds the end: without them it would double the buffer
		// after the last byte of the answer.
		buf.Grow(int(n) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return nil, err
	}
	if n > 0 && int64(buf.Len()) != n {
		return nil, io.ErrUnexpectedEOF // cut short
	}
	return buf, nil
}

// listScan is the state of scanning one ListBucketResult.
type listScan struct {
	out   *s3.ListObjectsV2Output
	path  []string // names of the open elements
	obj   *types.Object
	files *listing.Builder // where objects go, when not to out.Contents
	buf   []byte           // a field's unescaped text, for files
}

// scanListing reads a ListBucketResult document. It fails on anything it
// does not expect, so the caller can fall back to the SDK's decoder. With
// files, the objects go there (reset first) and Contents stays empty.
func scanListing(b []byte, files *listing.Builder) (*s3.ListObjectsV2Output, error) {
	s := &listScan{out: &s3.ListObjectsV2Output{}, files: files}
	if files != nil {
		files.Reset()
	}
	text := 0 // where the text of the innermost element starts
	for i := 0; i < len(b); {
		lt := bytes.IndexByte(b[i:], '<')
		if lt < 0 {
			break
		}
		end := i + lt
		gt := bytes.IndexByte(b[end:], '>')
		if gt < 0 {
			return nil, errors.New("unterminated tag")
		}
		tag := b[end+1 : end+gt]
		i = end + gt + 1
		if len(tag) == 0 {
			return nil, errors.New("empty tag")
		}
		var err error
		switch tag[0] {
		case '?':
			// the XML declaration
		case '!':
			return nil, errors.New("comment, CDATA or DOCTYPE: not from S3") // left to the SDK
		case '/':
			err = s.close(intern(tag[1:]), b[text:end])
		default:
			name, empty := tagName(tag)
			s.open(name)
			text = i
			if empty {
				err = s.close(name, nil)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if len(s.path) != 0 || s.out.IsTruncated == nil {
		return nil, errors.New("not a complete ListBucketResult")
	}
	return s.out, nil
}

// tagName is the element name of a start tag and whether it is empty (<a/>).
func tagName(tag []byte) (string, bool) {
	empty := tag[len(tag)-1] == '/'
	if empty {
		tag = tag[:len(tag)-1]
	}
	if j := bytes.IndexAny(tag, " \t\r\n"); j >= 0 {
		tag = tag[:j]
	}
	return intern(tag), empty
}

// intern returns the element names of a listing without allocating.
func intern(name []byte) string {
	switch string(name) {
	case "Contents":
		return "Contents"
	case "Key":
		return "Key"
	case "LastModified":
		return "LastModified"
	case "ETag":
		return "ETag"
	case "Size":
		return "Size"
	case "StorageClass":
		return "StorageClass"
	case "ChecksumAlgorithm":
		return "ChecksumAlgorithm"
	case "ChecksumType":
		return "ChecksumType"
	case "CommonPrefixes":
		return "CommonPrefixes"
	case "Prefix":
		return "Prefix"
	}
	return string(name)
}

// open enters an element.
func (s *listScan) open(name string) {
	s.path = append(s.path, name)
	switch {
	case len(s.path) != 2 || name != "Contents":
	case s.files != nil:
		s.files.Begin()
	default:
		s.obj = &types.Object{}
	}
}

// close leaves an element, storing the text of the fields it knows.
func (s *listScan) close(name string, raw []byte) error {
	n := len(s.path)
	if n == 0 || s.path[n-1] != name {
		return fmt.Errorf("</%s> does not close the open element", name)
	}
	s.path = s.path[:n-1]
	if len(s.path) == 0 {
		if name != "ListBucketResult" {
			return fmt.Errorf("root element %s", name)
		}
		return nil
	}
	if len(s.path) == 1 && name == "Contents" {
		if s.files == nil {
			s.out.Contents = append(s.out.Contents, *s.obj)
		}
		return nil
	}
	if bytes.IndexByte(raw, '<') >= 0 {
		return nil // a container's text
	}
	if s.files != nil && len(s.path) == 2 && s.path[1] == "Contents" {
		return s.storeFile(name, raw)
	}
	v, err := unescapeXML(raw)
	if err != nil {
		return err
	}
	return s.store(s.path[len(s.path)-1], name, v)
}

// store puts one field's value where it belongs; parent is the enclosing element.
func (s *listScan) store(parent, name, v string) error {
	switch parent {
	case "ListBucketResult":
		return s.storeTop(name, v)
	case "Contents":
		return storeObject(s.obj, name, v)
	case "CommonPrefixes":
		if name == "Prefix" {
			s.out.CommonPrefixes = append(s.out.CommonPrefixes, types.CommonPrefix{Prefix: aws.String(v)})
		}
	}
	return nil
}

// storeTop stores a field of the result itself.
func (s *listScan) storeTop(name, v string) error {
	o := s.out
	switch name {
	case "IsTruncated":
		t, err := strconv.ParseBool(v)
		o.IsTruncated = aws.Bool(t)
		return err
	case "NextContinuationToken":
		o.NextContinuationToken = aws.String(v)
	case "ContinuationToken":
		o.ContinuationToken = aws.String(v)
	case "Prefix":
		o.Prefix = aws.String(v)
	case "Delimiter":
		o.Delimiter = aws.String(v)
	case "StartAfter":
		o.StartAfter = aws.String(v)
	case "EncodingType":
		o.EncodingType = types.EncodingType(v)
	case "Name":
		o.Name = aws.String(v)
	case "KeyCount", "MaxKeys":
		n, err := strconv.ParseInt(v, 10, 32)
		if name == "KeyCount" {
			o.KeyCount = aws.Int32(int32(n))
		} else {
			o.MaxKeys = aws.Int32(int32(n))
		}
		return err
	}
	return nil
}

// storeObject stores a field of one object.
func storeObject(obj *types.Object, name, v string) error {
	switch name {
	case "Key":
		obj.Key = aws.String(v)
	case "ETag":
		obj.ETag = aws.String(v)
	case "Size":
		n, err := strconv.ParseInt(v, 10, 64)
		obj.Size = aws.Int64(n)
		return err
	case "LastModified":
		t, err := time.Parse(time.RFC3339Nano, v)
		obj.LastModified = aws.Time(t)
		return err
	case "StorageClass":
		obj.StorageClass = types.ObjectStorageClass(v)
	}
	return nil
}

// xmlEntities are the named entities of XML.
var xmlEntities = map[string]string{"lt": "<", "gt": ">", "amp": "&", "quot": `"`, "apos": "'"}

// unescapeXML decodes entity and character references and normalises line
// ends as an XML parser does. A reference to a character XML 1.0 forbids
// (S3 writes such keys as &#x1; unless asked to URL-encode) is an error, as
// in encoding/xml.
func unescapeXML(raw []byte) (string, error) {
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		return string(raw), nil
	}
	b, err := appendUnescaped(nil, raw)
	return string(b), err
}

// appendUnescaped appends raw to dst as unescapeXML decodes it.
func appendUnescaped(dst, raw []byte) ([]byte, error) {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\r':
			dst = append(dst, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		case c != '&':
			dst = append(dst, c)
		default:
			semi := bytes.IndexByte(raw[i:], ';')
			if semi < 0 {
				return nil, errors.New("unterminated entity")
			}
			r, err := entity(string(raw[i+1 : i+semi]))
			if err != nil {
				return nil, err
			}
			dst = append(dst, r...)
			i += semi
		}
	}
	return dst, nil
}

// entity resolves one reference, without its & and ;.
func entity(ref string) (string, error) {
	if v, ok := xmlEntities[ref]; ok {
		return v, nil
	}
	if !strings.HasPrefix(ref, "#") {
		return "", fmt.Errorf("unknown entity &%s;", ref)
	}
	base, digits := 10, ref[1:]
	if strings.HasPrefix(digits, "x") {
		base, digits = 16, digits[1:]
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil || !xmlChar(rune(n)) {
		return "", fmt.Errorf("illegal character reference &%s;", ref)
	}
	return string(rune(n)), nil
}

// xmlChar reports whether XML 1.0 allows r.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
