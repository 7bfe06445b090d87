package share

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// readOnlyUser adds a versitygw user (the server runs WithIAM) that may
// read bucket and its objects and nothing more, and returns the server as
// that user sees it.
func readOnlyUser(t *testing.T, srv *testsrv.Server, bucket string) *testsrv.Server {
	t.Helper()
	const access, secret = "AKREADONLY", "read-only-user-secret-0123456789"
	srv.CreateUser(t, access, secret, "user")
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["` + access + `"]},` +
		`"Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::` + bucket + `","arn:aws:s3:::` + bucket + `/*"]}]}`
	_, err := srv.Client().PutBucketPolicy(context.Background(), &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(policy)})
	if err != nil {
		t.Fatalf("bucket policy: %v", err)
	}
	return srv.WithKeys(access, secret)
}

// TestRevocableCopyDeniedSaysWhatItNeeds: a user who may only read gets,
// for a revocable share, an error that names what a copy needs
// (s3:GetObject on the source, s3:PutObject on the share prefix) and the
// way out (share the original), not s3:ListBucket; a plain share works.
func TestRevocableCopyDeniedSaysWhatItNeeds(t *testing.T) {
	srv := testsrv.Versity(t, testsrv.WithIAM())
	srv.CreateBucket(t, "photos")
	srv.Put(t, "photos", "a.png", []byte("png"))
	reader := readOnlyUser(t, srv, "photos")
	p := NewPipeline(reader.Browser(t), nil, nil)
	req := Request{Bucket: "photos", Key: "a.png", Expires: time.Hour}
	if _, err := p.Share(context.Background(), []Request{req}, nil); err != nil {
		t.Fatalf("a plain share by the read-only user: %v", err)
	}
	req.Revocable = true
	_, err := p.Share(context.Background(), []Request{req}, nil)
	var denied *CopyDeniedError
	if !errors.As(err, &denied) || !errors.Is(err, s3browse.ErrAccessDenied) {
		t.Fatalf("a revocable share by the read-only user: %v, want a *CopyDeniedError matching ErrAccessDenied", err)
	}
	msg := err.Error()
	for _, want := range []string{"s3:GetObject on it", "s3://photos/a.png", "s3:PutObject on s3://photos/s3share-shares/*", "not revocable"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "ListBucket") || strings.Contains(msg, "\n") {
		t.Errorf("%q: want one line, not s3:ListBucket", msg)
	}
	if keys := shareKeys(t, srv); len(keys) != 0 {
		t.Errorf("left under the share prefix: %v", keys)
	}
}
