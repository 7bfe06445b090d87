package testsrv

import (
	"bytes"
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/s3browse"
)

// Default credentials of the test servers.
const (
	AccessKey = "AKTESTS3SHARE"
	SecretKey = "test-secret-s3share-0123456789"
)

// Server is a running S3-compatible server on 127.0.0.1.
type Server struct {
	Endpoint  string // e.g. http://127.0.0.1:40123
	AccessKey string
	SecretKey string
	Region    string
	Dir       string // versitygw's posix root (bucket = Dir/bucket); "" for Fake

	bin string // the versitygw binary, for admin commands
	pid int    // versitygw's process; 0 for Fake
}

// WithKeys returns a copy of s that signs with another user's keys.
func (s *Server) WithKeys(access, secret string) *Server {
	c := *s
	c.AccessKey, c.SecretKey = access, secret
	return &c
}

// Options returns s3browse options that point at the server.
func (s *Server) Options() s3browse.Options {
	return s3browse.Options{EndpointURL: s.Endpoint, Region: s.Region, PathStyle: true}
}

// Env returns environment variables (append them to os.Environ()) that give a
// child process the server's credentials and region and keep it away from
// the user's AWS profile and config files and from instance metadata.
func (s *Server) Env() []string {
	return []string{
		"AWS_ACCESS_KEY_ID=" + s.AccessKey,
		"AWS_SECRET_ACCESS_KEY=" + s.SecretKey,
		"AWS_SESSION_TOKEN=",
		"AWS_REGION=" + s.Region,
		"AWS_DEFAULT_REGION=" + s.Region,
		"AWS_PROFILE=",
		"AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"AWS_EC2_METADATA_DISABLED=true",
	}
}

// Credentials returns a static provider for the server's keys.
func (s *Server) Credentials() aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, "")
}

// Config returns an aws.Config with the server's static credentials and
// region that reads nothing from the environment or ~/.aws.
func (s *Server) Config() aws.Config {
	return aws.Config{Region: s.Region, Credentials: aws.NewCredentialsCache(s.Credentials())}
}

// Browser returns an s3browse.Browser for the server with static credentials.
func (s *Server) Browser(t testing.TB) *s3browse.Browser {
	t.Helper()
	return s3browse.NewFromConfig(s.Config(), s.Options())
}

// Client returns a plain SDK client for the server (path style, its region).
func (s *Server) Client() *s3.Client {
	return s3.NewFromConfig(s.Config(), func(o *s3.Options) {
		o.BaseEndpoint = aws.String(s.Endpoint)
		o.UsePathStyle = true
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
}

// CreateBucket creates bucket name, failing the test on error.
func (s *Server) CreateBucket(t testing.TB, name string) {
	t.Helper()
	_, err := s.Client().CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(name)})
	if err != nil {
		t.Fatalf("testsrv: create bucket %s: %v", name, err)
	}
}

// Put writes body to bucket/key through the SDK, failing the test on error.
func (s *Server) Put(t testing.TB, bucket, key string, body []byte) {
	t.Helper()
	_, err := s.Client().PutObject(context.Background(), &s3.PutObjectInput{
		Bucket:        aws.String(bucket),
		Key:           aws.String(key),
		Body:          bytes.NewReader(body),
		ContentLength: aws.Int64(int64(len(body))),
	})
	if err != nil {
		t.Fatalf("testsrv: put s3://%s/%s: %v", bucket, key, err)
	}
}

// Keys lists the keys below prefix in bucket (up to 1,000), failing the
// test on error.
func (s *Server) Keys(t testing.TB, bucket, prefix string) []string {
	t.Helper()
	out, err := s.Client().ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	if err != nil {
		t.Fatalf("testsrv: list s3://%s/%s: %v", bucket, prefix, err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	return keys
}

// MultipartUploads lists the keys of the multipart uploads begun in
// bucket and neither completed nor aborted, failing the test on error.
func (s *Server) MultipartUploads(t testing.TB, bucket string) []string {
	t.Helper()
	out, err := s.Client().ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatalf("testsrv: list the multipart uploads of %s: %v", bucket, err)
	}
	var keys []string
	for _, u := range out.Uploads {
		keys = append(keys, aws.ToString(u.Key))
	}
	return keys
}
