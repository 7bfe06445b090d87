package s3browse

import (
	"bytes"
	"io"
	"math/rand/v2"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/s3share/s3share/listing"
)

// The scanner fills a builder with exactly the objects it puts in
// Contents otherwise.
func TestScanIntoFilesAsIntoContents(t *testing.T) {
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult><Name>b</Name><Prefix>a/</Prefix><IsTruncated>true</IsTruncated><NextContinuationToken>t</NextContinuationToken>` +
		`<Contents><Key>a/x%01&lt;&#38;&#x1F4F7;.png</Key><LastModified>2026-11-27T10:00:00.123Z</LastModified><ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag><Size>42</Size><Owner><ID>me</ID></Owner><StorageClass>STANDARD</StorageClass></Contents>` +
		`<Contents><Size>7</Size><ETag>&quot;e1-3&quot;</ETag><Key>a/y
z.PNG</Key><LastModified>2024-02-29T23:59:59+01:00</LastModified></Contents><Contents><Key>a/</Key></Contents>` +
		`<CommonPrefixes><Prefix>a/sub/</Prefix></CommonPrefixes></ListBucketResult>`
	want, err := scanListing([]byte(doc), nil)
	if err != nil {
		t.Fatal(err)
	}
	var files listing.Builder
	files.Add("stale", 1, time.Time{}, "") // a builder used before
	got, err := scanListing([]byte(doc), &files)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Contents) != 0 || *got.NextContinuationToken != "t" || len(got.CommonPrefixes) != 1 {
		t.Errorf("result beside the objects: %+v", got)
	}
	p := files.Finish("", isImageName)
	if p.Len() != len(want.Contents) {
		t.Fatalf("%d objects, want %d", p.Len(), len(want.Contents))
	}
	for i, o := range want.Contents {
		g := FileObject(p, i)
		if g.Key != *o.Key || g.Size != aws.ToInt64(o.Size) || !g.LastModified.Equal(aws.ToTime(o.LastModified)) || g.ETag != aws.ToString(o.ETag) {
			t.Errorf("object %d: %+v, want %+v", i, g, o)
		}
	}
}

// A page the SDK decoded (the scanner could not) keeps its decoded keys;
// a scanned page's keys are decoded once, when the answer says encoded.
func TestFilePageDecodesKeysOnce(t *testing.T) {
	var files listing.Builder
	files.Reset()
	sdk := &s3.ListObjectsV2Output{EncodingType: types.EncodingTypeUrl, IsTruncated: aws.Bool(false),
		Contents: []types.Object{{Key: aws.String("p/100%41 a+b.png")}}}
	if got := filePage(sdk, &files, "p/").Files.Key(0); got != "p/100%41 a+b.png" {
		t.Errorf("SDK-decoded key became %q", got)
	}
	files.Reset()
	files.Add("p/100%2541+a%2Bb.png", 0, time.Time{}, "")
	scanned := &s3.ListObjectsV2Output{EncodingType: types.EncodingTypeUrl, IsTruncated: aws.Bool(true), NextContinuationToken: aws.String("n")}
	page := filePage(scanned, &files, "p/")
	if got := page.Files.Key(0); got != "p/100%41 a+b.png" || page.NextToken != "n" {
		t.Errorf("scanned key %q token %q", got, page.NextToken)
	}
}

// The byte versions agree with the string ones they stand for.
func TestByteParsersAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	parts := []string{"%", "+", "4", "1", "g", "%2", "%zz", "a", " ", "é", "%C3%A9", "."}
	for range 2000 {
		var sb strings.Builder
		for range rng.IntN(6) {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		s := sb.String()
		if got, want := string(appendDecoded(nil, []byte(s))), *decodeValue(&s); got != want {
			t.Errorf("appendDecoded(%q) = %q, want %q", s, got, want)
		}
	}
	names := []string{"a.png", "a.PNG", "a.JpEg", "a.", "a", ".png", "a/", "a.png/", "dir.png/x", "a.p\xffg", "a.\u212Aml",
		"a.tiff", "a.tiffany", "a.svgz", "x/y.heic", "ÄÖ.GIF", "a.jpg.txt", "a..png", "a.pn"}
	for _, n := range names {
		if got, want := isImageName([]byte(n)), IsImage(n); got != want {
			t.Errorf("isImageName(%q) = %v, IsImage %v", n, got, want)
		}
	}
	times := []string{"2026-11-27T10:00:00.000Z", "2026-11-27T10:00:00Z", "2026-11-27T10:00:00.123456789Z", "2024-02-29T23:59:59.5Z",
		"2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T10:00:60Z",
		"2026-11-27T10:00:00.Z", "2026-11-27T10:00:00.1234567890Z", "2026-11-27T10:00:00+01:00", "2026-11-27 10:00:00Z",
		"0000-01-01T00:00:00Z", "2026-1-27T10:00:00Z", "", "garbage", "2026-11-27T10:00:00.12a4Z"}
	for _, s := range times {
		got, gotErr := parseTime([]byte(s))
		want, wantErr := time.Parse(time.RFC3339Nano, s)
		if (gotErr == nil) != (wantErr == nil) || !got.Equal(want) {
			t.Errorf("parseTime(%q) = %v, %v; time.Parse %v, %v", s, got, gotErr, want, wantErr)
		}
	}
	for _, s := range []string{"0", "42", "007", "-1", "+1", "", "x", "999999999999999999", "9223372036854775807", "9223372036854775808", "1 "} {
		got, gotErr := parseSize([]byte(s))
		want, wantErr := strconv.ParseInt(s, 10, 64)
		if (gotErr == nil) != (wantErr == nil) || got != want {
			t.Errorf("parseSize(%q) = %d, %v; ParseInt %d, %v", s, got, gotErr, want, wantErr)
		}
	}
}

// An answer of known length is read into a buffer of about its size:
// bytes.Buffer.ReadFrom wants room for another read after the last byte,
// and a buffer grown to exactly the length (a length the allocator does
// not round up: 32 KiB, 37 pages of 8 KiB) doubled there.
func TestReadBodyBufferFitsTheAnswer(t *testing.T) {
	for _, n := range []int{1, 32 << 10, 37 * 8192} {
		body := strings.Repeat("x", n)
		resp := &smithyhttp.Response{Response: &http.Response{
			ContentLength: int64(n), Body: io.NopCloser(strings.NewReader(body))}}
		runtime.GC() // twice empties the pool of buffers: this one is new
		runtime.GC()
		buf, err := readBody(resp)
		if err != nil {
			t.Fatal(err)
		}
		if buf.String() != body {
			t.Fatalf("%d bytes: read %d", n, buf.Len())
		}
		if limit := n + bytes.MinRead + 8192; buf.Cap() > limit {
			t.Errorf("%d bytes read into a buffer of %d (at most %d)", n, buf.Cap(), limit)
		}
	}
}
