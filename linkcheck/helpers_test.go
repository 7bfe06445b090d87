package linkcheck

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/presigned"
	"github.com/s3share/s3share/s3browse"
)

// issueOne presigns photos/key on srv for d with the wall clock (the
// server verifies with it) and returns it as the pipeline records it.
func issueOne(t *testing.T, srv *testsrv.Server, key string, d time.Duration) presigned.Link {
	t.Helper()
	now := time.Now()
	p, err := srv.Browser(t).PresignGet(context.Background(), s3browse.PresignInput{Bucket: "photos", Key: key, Expires: d, SignedAt: now})
	if err != nil {
		t.Fatalf("presign %s: %v", key, err)
	}
	size := int64(-1)
	if head, err := srv.Client().HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String("photos"), Key: aws.String(key)}); err == nil {
		size = aws.ToInt64(head.ContentLength) // the pipeline records the size it saw
	}
	return presigned.Link{Bucket: "photos", Key: key, Region: p.Region, Endpoint: p.Endpoint, PathStyle: p.PathStyle,
		URL: p.URL, IssuedAt: p.SignedAt, ExpiresAt: p.SignedAt.Add(d), CredentialKind: presigned.CredStatic, Size: size}
}

// checkOne checks one link with a fresh checker.
func checkOne(t *testing.T, l presigned.Link) presigned.Verdict {
	t.Helper()
	return NewChecker(0, 5*time.Second, nil).Probe(context.Background(), l)
}
