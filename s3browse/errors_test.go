package s3browse_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// checkMessage asserts an error message is one line with no URL query or secret.
func checkMessage(t *testing.T, err error, mustContain string) {
	t.Helper()
	msg := err.Error()
	if strings.ContainsAny(msg, "\r\n") || strings.Contains(msg, "?") || strings.Contains(msg, testsrv.SecretKey) {
		t.Errorf("message is not one clean line: %q", msg)
	}
	if !strings.Contains(msg, mustContain) {
		t.Errorf("message %q does not mention %q", msg, mustContain)
	}
}

func TestErrNoSuchBucket(t *testing.T) {
	for name, s := range servers(t) {
		t.Run(name, func(t *testing.T) {
			_, err := s.Browser(t).ListPage(context.Background(), "missing", "", "")
			if !errors.Is(err, s3browse.ErrNoSuchBucket) {
				t.Fatalf("ListPage on a missing bucket = %v, want ErrNoSuchBucket", err)
			}
			checkMessage(t, err, "s3://missing")
		})
	}
}

func TestErrNoSuchBucketAfterRegionKnown(t *testing.T) {
	s := testsrv.Versity(t)
	s.CreateBucket(t, "photos")
	b := s.Browser(t)
	if _, err := b.ListBuckets(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Client().DeleteBucket(context.Background(), deleteBucket("photos")); err != nil {
		t.Fatal(err)
	}
	_, err := b.ListPage(context.Background(), "photos", "", "")
	if !errors.Is(err, s3browse.ErrNoSuchBucket) {
		t.Fatalf("ListPage on a deleted bucket = %v, want ErrNoSuchBucket", err)
	}
}

func TestErrWrongCredentials(t *testing.T) {
	for name, s := range servers(t) {
		t.Run(name, func(t *testing.T) {
			s.CreateBucket(t, "photos")
			for _, c := range []struct{ ak, sk, says string }{
				{s.AccessKey, "wrong-secret", "secret"},
				{"AKUNKNOWN", s.SecretKey, "access key"},
			} {
				cfg := s.Config()
				cfg.Credentials = aws.NewCredentialsCache(staticCreds(c.ak, c.sk))
				_, err := s3browse.NewFromConfig(cfg, s.Options()).ListBuckets(context.Background())
				if !errors.Is(err, s3browse.ErrAccessDenied) {
					t.Errorf("ListBuckets with %s wrong = %v, want ErrAccessDenied", c.says, err)
					continue
				}
				checkMessage(t, err, "")
			}
		})
	}
}

// TestErrWrongRegion maps the real error of a request signed for the wrong
// region (a Browser resolves regions itself, so the SDK client makes it).
func TestErrWrongRegion(t *testing.T) {
	s := testsrv.Versity(t, testsrv.WithRegion("eu-west-1"))
	s.CreateBucket(t, "euro")
	s.Region = "us-east-1"
	_, err := s.Client().ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String("euro")})
	err = s3browse.MapError("ListObjectsV2", "euro", "", err)
	if !errors.Is(err, s3browse.ErrWrongRegion) {
		t.Fatalf("listing signed for the wrong region = %v, want ErrWrongRegion", err)
	}
	checkMessage(t, err, "eu-west-1")
}

func TestErrEndpointUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	endpoint := "http://" + l.Addr().String()
	l.Close() // nothing listens there now
	fake := testsrv.Fake(t)
	b := s3browse.NewFromConfig(fake.Config(), s3browse.Options{EndpointURL: endpoint, PathStyle: true})
	ctx := context.Background()
	_, err = b.ListBuckets(ctx)
	if !errors.Is(err, s3browse.ErrEndpointUnreachable) {
		t.Fatalf("ListBuckets = %v, want ErrEndpointUnreachable", err)
	}
	checkMessage(t, err, endpoint)
	_, err = b.ListPage(ctx, "photos", "", "")
	if !errors.Is(err, s3browse.ErrEndpointUnreachable) {
		t.Fatalf("ListPage = %v, want ErrEndpointUnreachable", err)
	}
	checkMessage(t, err, "s3://photos")
}

func TestErrNoCredentials(t *testing.T) {
	s := testsrv.Fake(t)
	cfg := s.Config()
	cfg.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{}, errors.New("no EC2 IMDS role found")
	})
	b := s3browse.NewFromConfig(cfg, s.Options())
	if _, err := b.Credentials(context.Background()); !errors.Is(err, s3browse.ErrNoCredentials) {
		t.Errorf("Credentials = %v, want ErrNoCredentials", err)
	}
	_, err := b.ListBuckets(context.Background())
	if !errors.Is(err, s3browse.ErrNoCredentials) {
		t.Fatalf("ListBuckets = %v, want ErrNoCredentials", err)
	}
	checkMessage(t, err, "AWS_ACCESS_KEY_ID")
	cfg.Credentials = nil
	if _, err := s3browse.NewFromConfig(cfg, s.Options()).Credentials(context.Background()); !errors.Is(err, s3browse.ErrNoCredentials) {
		t.Errorf("Credentials with no provider = %v, want ErrNoCredentials", err)
	}
}

func TestCredentials(t *testing.T) {
	s := testsrv.Fake(t)
	c, err := s.Browser(t).Credentials(context.Background())
	if err != nil || c.AccessKeyID != s.AccessKey || c.CanExpire {
		t.Errorf("Credentials = %+v, %v", c.AccessKeyID, err)
	}
	exp := time.Now().Add(time.Hour)
	cfg := s.Config()
	cfg.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "A", SecretAccessKey: "S", CanExpire: true, Expires: exp}, nil
	})
	c, err = s3browse.NewFromConfig(cfg, s.Options()).Credentials(context.Background())
	if err != nil || !c.CanExpire || !c.Expires.Equal(exp) {
		t.Errorf("expiring Credentials = %v %v, %v", c.CanExpire, c.Expires, err)
	}
}
