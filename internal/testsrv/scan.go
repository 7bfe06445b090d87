package testsrv

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// ObjectsUnder reads every object under prefix in bucket, by key, with
// gzip objects (".gz", a ledger's snapshots) unpacked: what a test scans
// for what must never be stored.
func (s *Server) ObjectsUnder(t testing.TB, bucket, prefix string) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	out := map[string][]byte{}
	p := s3.NewListObjectsV2Paginator(s.Client(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("testsrv: list s3://%s/%s: %v", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			out[*o.Key] = s.read(t, bucket, *o.Key)
		}
	}
	return out
}

// read is the object's bytes, unpacked when its key ends in ".gz".
func (s *Server) read(t testing.TB, bucket, key string) []byte {
	t.Helper()
	obj, err := s.Client().GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("testsrv: get s3://%s/%s: %v", bucket, key, err)
	}
	defer obj.Body.Close()
	var r io.Reader = obj.Body
	if strings.HasSuffix(key, ".gz") {
		if r, err = gzip.NewReader(obj.Body); err != nil {
			t.Fatalf("testsrv: s3://%s/%s: %v", bucket, key, err)
		}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("testsrv: read s3://%s/%s: %v", bucket, key, err)
	}
	return data
}

// NoSecrets fails t for each object that holds a presigned URL's
// signature or session token parameter, or one of secrets (the values
// themselves), whatever their case.
func NoSecrets(t testing.TB, objects map[string][]byte, secrets ...string) {
	t.Helper()
	for key, data := range objects {
		lower := bytes.ToLower(data)
		for _, s := range append([]string{"x-amz-signature", "x-amz-security-token"}, secrets...) {
			if s != "" && bytes.Contains(lower, bytes.ToLower([]byte(s))) {
				t.Errorf("%s holds %q", key, s)
			}
		}
	}
}
