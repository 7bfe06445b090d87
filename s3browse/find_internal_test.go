package s3browse

import (
	"slices"
	"testing"
)

// A sweep from sub-folder c[i] starts below every key of c[i] and past
// every key of the folder before it, for siblings that sort around "/".
func TestStartAfterBoundsTheFolder(t *testing.T) {
	c := []string{"p/a-1/", "p/a.old/", "p/a/", "p/a0/", "p/b/"}
	keys := map[string][]string{ // keys of each folder, and objects beside them
		"p/a-1/": {"p/a-1/x"}, "p/a.old/": {"p/a.old/", "p/a.old/z/w", "p/a.old/\U0010FFFF"},
		"p/a/": {"p/a/", "p/a/!", "p/a/b"}, "p/a0/": {"p/a0/q"}, "p/b/": {"p/b/"},
	}
	for i := range c {
		after := startAfter(c, i)
		if after >= c[i] {
			t.Errorf("startAfter(%q) = %q, not below the folder", c[i], after)
		}
		for _, k := range keys[c[i]] {
			if k <= after {
				t.Errorf("key %q of %q is not after %q", k, c[i], after)
			}
		}
		if i > 0 {
			for _, k := range keys[c[i-1]] {
				if k > after {
					t.Errorf("key %q of the folder before %q is after %q", k, c[i], after)
				}
			}
		}
	}
}

func TestSpacedPicksEvenly(t *testing.T) {
	if got := spaced(3, 63); !slices.Equal(got, []int{0, 1, 2}) {
		t.Errorf("spaced(3, 63) = %v", got)
	}
	got := spaced(1000, 63)
	if len(got) != 63 || got[0] != 15 || got[62] != 984 || !slices.IsSorted(got) {
		t.Errorf("spaced(1000, 63) = %v", got)
	}
}

// The scanner reads S3's document, entities and all, and refuses what it
// does not know, so the SDK's decoder gets it instead.
func TestScanListing(t *testing.T) {
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>a/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated><NextContinuationToken>tok&amp;1</NextContinuationToken><EncodingType>url</EncodingType>` +
		`<Contents><Key>a/x%01&lt;&#38;&#x1F4F7;.png</Key><LastModified>2026-11-27T10:00:00.123Z</LastModified><ETag>&quot;e1&quot;</ETag><Size>42</Size><Owner><ID>me</ID></Owner><StorageClass>STANDARD</StorageClass></Contents>` +
		`<Contents><Key>a/y.png</Key><Size>0</Size></Contents><CommonPrefixes><Prefix>a/sub/</Prefix></CommonPrefixes><CommonPrefixes><Prefix/></CommonPrefixes></ListBucketResult>`
	out, err := scanListing([]byte(doc), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Contents) != 2 || *out.Contents[0].Key != "a/x%01<&📷.png" || *out.Contents[0].ETag != `"e1"` ||
		*out.Contents[0].Size != 42 || out.Contents[0].LastModified.Nanosecond() != 123e6 || *out.Contents[1].Key != "a/y.png" {
		t.Errorf("objects: %+v", out.Contents)
	}
	if !*out.IsTruncated || *out.NextContinuationToken != "tok&1" || out.EncodingType != "url" || *out.KeyCount != 2 ||
		len(out.CommonPrefixes) != 2 || *out.CommonPrefixes[0].Prefix != "a/sub/" || *out.CommonPrefixes[1].Prefix != "" {
		t.Errorf("result: %+v", out)
	}
	for _, bad := range []string{
		`<Error><Code>NoSuchBucket</Code></Error>`,
		`<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a&#x1;</Key></Contents></ListBucketResult>`,
		`<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a&bogus;</Key></Contents></ListBucketResult>`,
		`<ListBucketResult><IsTruncated>false</IsTruncated><!-- x --></ListBucketResult>`,
		`<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a</Contents></ListBucketResult>`,
		`<ListBucketResult><IsTruncated>maybe</IsTruncated></ListBucketResult>`,
		`<ListBucketResult><IsTruncated>false</IsTruncated>`,
		`<ListBucketResult><Contents><Key>a</Key></Contents></ListBucketResult>`,
	} {
		if _, err := scanListing([]byte(bad), nil); err == nil {
			t.Errorf("scanned %q without an error", bad)
		}
	}
}
