package s3browse

import (
	"fmt"
	"strings"
	"testing"
)

// page1000 is a ListBucketResult of 1000 keys shaped like versitygw's.
func page1000() []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>nested</Name><KeyCount>1000</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>`)
	for i := range 1000 {
		fmt.Fprintf(&b, `<Contents><LastModified>2026-11-27T09:59:40Z</LastModified><ChecksumAlgorithm></ChecksumAlgorithm><ChecksumType></ChecksumType><ETag></ETag><Key>folder-%04d/img-%03d.jpg</Key><Size>0</Size><StorageClass>STANDARD</StorageClass></Contents>`, i/100, i%100)
	}
	b.WriteString(`<NextContinuationToken>folder-0009/img-099.jpg</NextContinuationToken><EncodingType>url</EncodingType></ListBucketResult>`)
	return []byte(b.String())
}

// BenchmarkScanListing is the scanner's cost for a page of 1000 keys.
func BenchmarkScanListing(b *testing.B) {
	body := page1000()
	for b.Loop() {
		if _, err := scanListing(body, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/key")
}
