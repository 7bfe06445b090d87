package s3browse_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// servers starts both real servers.
func servers(t *testing.T) map[string]*testsrv.Server {
	t.Helper()
	return map[string]*testsrv.Server{"versitygw": testsrv.Versity(t), "gofakes3": testsrv.Fake(t)}
}

// listAll collects every page of a folder into one page.
func listAll(t *testing.T, b *s3browse.Browser, bucket, prefix string) s3browse.Page {
	t.Helper()
	var all s3browse.Page
	err := b.ListAll(context.Background(), bucket, prefix, func(p s3browse.Page) error {
		all.Folders = append(all.Folders, p.Folders...)
		all.Objects = append(all.Objects, p.Objects...)
		return nil
	})
	if err != nil {
		t.Fatalf("ListAll s3://%s/%s: %v", bucket, prefix, err)
	}
	return all
}

// keys returns the object keys of a page.
func keys(p s3browse.Page) []string {
	out := []string{}
	for _, o := range p.Objects {
		out = append(out, o.Key)
	}
	return out
}

// writeFile writes an object straight into versitygw's posix directory.
func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// presign signs a one-hour GET, failing the test on error.
func presign(t *testing.T, b *s3browse.Browser, bucket, key string) s3browse.Presigned {
	t.Helper()
	return presignFor(t, b, bucket, key, time.Hour)
}

// presignFor signs a GET valid for d.
func presignFor(t *testing.T, b *s3browse.Browser, bucket, key string, d time.Duration) s3browse.Presigned {
	t.Helper()
	p, err := b.PresignGet(context.Background(), s3browse.PresignInput{Bucket: bucket, Key: key, Expires: d, SignedAt: time.Now()})
	if err != nil {
		t.Fatalf("PresignGet s3://%s/%s: %v", bucket, key, err)
	}
	return p
}

// fetch GETs a URL with plain net/http and returns the status and body.
func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET presigned URL: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// staticCreds is a static credentials provider.
func staticCreds(ak, sk string) aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(ak, sk, "")
}

// deleteBucket is the input to delete bucket name.
func deleteBucket(name string) *s3.DeleteBucketInput {
	return &s3.DeleteBucketInput{Bucket: aws.String(name)}
}
