package s3browse_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/s3share/s3share/s3browse"
)

func TestReadRange(t *testing.T) {
	for name, srv := range servers(t) {
		t.Run(name, func(t *testing.T) {
			srv.CreateBucket(t, "pics")
			body := bytes.Repeat([]byte("0123456789"), 1000) // 10000 bytes
			srv.Put(t, "pics", "big.png", body)
			srv.Put(t, "pics", "empty.png", nil)
			srv.Put(t, "pics", "gone.png", []byte("soon deleted"))
			b := srv.Browser(t)
			ctx := context.Background()

			data, info, err := b.ReadRange(ctx, "pics", "big.png", 4096)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, body[:4096]) || info.Size != 10000 || info.ETag == "" || info.LastModified.IsZero() {
				t.Fatalf("capped read: %d bytes, info %+v", len(data), info)
			}

			data, info, err = b.ReadRange(ctx, "pics", "big.png", 1<<20)
			if err != nil || !bytes.Equal(data, body) || info.Size != 10000 {
				t.Fatalf("whole read: %d bytes, size %d, %v", len(data), info.Size, err)
			}

			data, info, err = b.ReadRange(ctx, "pics", "empty.png", 4096)
			if err != nil || len(data) != 0 || info.Size != 0 {
				t.Fatalf("empty object: %d bytes, size %d, %v", len(data), info.Size, err)
			}

			if _, err := srv.Client().DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("pics"), Key: aws.String("gone.png")}); err != nil {
				t.Fatal(err)
			}
			_, _, err = b.ReadRange(ctx, "pics", "gone.png", 4096)
			if !errors.Is(err, s3browse.ErrNoSuchKey) {
				t.Fatalf("deleted object: %v, want ErrNoSuchKey", err)
			}
		})
	}
}
