package s3browse_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// randomBytes is n bytes of a fixed pseudo-random sequence.
func randomBytes(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]byte, n)
	for i := range out {
		out[i] = byte(r.Uint32())
	}
	return out
}

// upload is an UploadInput of body at team/key.
func upload(key string, body []byte) s3browse.UploadInput {
	return s3browse.UploadInput{Bucket: "team", Key: key, Body: bytes.NewReader(body), Size: int64(len(body)), ContentType: "image/png"}
}

// openUploads lists the multipart uploads left in bucket.
func openUploads(t *testing.T, s *testsrv.Server, bucket string) []string {
	t.Helper()
	out, err := s.Client().ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatalf("ListMultipartUploads: %v", err)
	}
	var keys []string
	for _, u := range out.Uploads {
		keys = append(keys, aws.ToString(u.Key))
	}
	return keys
}

func TestUploadCreatesOnly(t *testing.T) {
	s := testsrv.Versity(t)
	s.CreateBucket(t, "team")
	b, ctx := s.Browser(t), context.Background()
	var sent atomic.Int64
	in := upload("shots/a.png", []byte("first"))
	in.Progress = func(n int64) { sent.Add(n) }
	up, err := b.Upload(ctx, in)
	if err != nil || up.ETag == "" || up.Multipart {
		t.Fatalf("first upload = %+v, %v", up, err)
	}
	if sent.Load() != 5 {
		t.Errorf("progress counted %d bytes, want 5", sent.Load())
	}
	_, err = b.Upload(ctx, upload("shots/a.png", []byte("second")))
	if !errors.Is(err, s3browse.ErrExists) || err.Error() != "s3://team/shots/a.png: already exists" {
		t.Fatalf("second upload = %v, want ErrExists", err)
	}
	data, info, _ := b.ReadObject(ctx, "team", "shots/a.png", 100)
	if string(data) != "first" || info.ContentType != "image/png" {
		t.Errorf("object holds %q (%s) after a refused create", data, info.ContentType)
	}
	in = upload("shots/a.png", []byte("second"))
	in.Replace = true
	if _, err := b.Upload(ctx, in); err != nil {
		t.Fatalf("replacing upload: %v", err)
	}
	if data, _, _ := b.ReadObject(ctx, "team", "shots/a.png", 100); string(data) != "second" {
		t.Errorf("object holds %q after a replacing upload", data)
	}
}

func TestUploadMultipart(t *testing.T) {
	s := testsrv.Versity(t)
	s.CreateBucket(t, "team")
	b, ctx := s.Browser(t), context.Background()
	body := randomBytes(11<<20 + 123)
	var sent atomic.Int64
	in := upload("big.bin", body)
	in.PartSize, in.Progress = s3browse.MinPartSize, func(n int64) { sent.Add(n) }
	up, err := b.Upload(ctx, in)
	if err != nil || !up.Multipart {
		t.Fatalf("upload = %+v, %v; want a multipart upload", up, err)
	}
	if sent.Load() != int64(len(body)) {
		t.Errorf("progress counted %d bytes, want %d", sent.Load(), len(body))
	}
	data, info, err := b.ReadObject(ctx, "team", "big.bin", 64<<20)
	if err != nil || !bytes.Equal(data, body) || info.ContentType != "image/png" {
		t.Fatalf("object: %d bytes (%s), equal %v, %v", len(data), info.ContentType, bytes.Equal(data, body), err)
	}
	// A second create-only multipart upload of the key is refused at the
	// completion, and its parts do not stay behind.
	_, err = b.Upload(ctx, in)
	if !errors.Is(err, s3browse.ErrExists) {
		t.Fatalf("second multipart upload = %v, want ErrExists", err)
	}
	if left := openUploads(t, s, "team"); len(left) != 0 {
		t.Errorf("multipart uploads left: %v", left)
	}
}

// cancelAt is a body that cancels the upload's context when a read
// reaches offset at, and from then on reads fail.
type cancelAt struct {
	r      io.ReaderAt
	at     int64
	cancel context.CancelFunc
	once   sync.Once
}

func (c *cancelAt) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > c.at {
		c.once.Do(c.cancel)
		return 0, context.Canceled
	}
	return c.r.ReadAt(p, off)
}

func TestUploadCancelledLeavesNothing(t *testing.T) {
	s := testsrv.Versity(t)
	s.CreateBucket(t, "team")
	b := s.Browser(t)
	body := randomBytes(16 << 20)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := upload("big.bin", body)
	in.Body = &cancelAt{r: bytes.NewReader(body), at: 7 << 20, cancel: cancel}
	in.PartSize, in.Concurrency = s3browse.MinPartSize, 1
	_, err := b.Upload(ctx, in)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled upload = %v, want context.Canceled", err)
	}
	if left := openUploads(t, s, "team"); len(left) != 0 {
		t.Errorf("multipart uploads left after ctrl+c: %v", left)
	}
	if _, err := b.HeadObject(context.Background(), "team", "big.bin"); !errors.Is(err, s3browse.ErrNoSuchKey) {
		t.Errorf("object after a cancelled upload: %v, want ErrNoSuchKey", err)
	}
}

// failingReader fails every read: an upload refused before it starts
// never reads.
type failingReader struct{ t *testing.T }

func (f failingReader) ReadAt([]byte, int64) (int, error) {
	f.t.Error("the body was read")
	return 0, io.ErrUnexpectedEOF
}

func TestUploadOver5TiBRefusedBeforeAnyRequest(t *testing.T) {
	b := s3browse.NewFromConfig(aws.Config{}, s3browse.Options{EndpointURL: "http://127.0.0.1:1", PathStyle: true})
	in := s3browse.UploadInput{Bucket: "team", Key: "huge.tif", Body: failingReader{t}, Size: s3browse.MaxObjectBytes + 1}
	_, err := b.Upload(context.Background(), in)
	if !errors.Is(err, s3browse.ErrTooLarge) || err.Error() != "s3://team/huge.tif: an object holds at most 5 TiB" {
		t.Fatalf("upload of 5 TiB + 1 = %v, want ErrTooLarge", err)
	}
}
