package share

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/s3share/s3share/internal/testsrv"
	"github.com/s3share/s3share/s3browse"
)

// benchKey is a typical photo key.
const benchKey = "2026/holiday/IMG_0001.jpg"

// presignBrowser returns a Browser on an in-process server whose region for
// bucket "photos" is already cached, so presigning makes no network call.
func presignBrowser(b *testing.B) *s3browse.Browser {
	b.Helper()
	srv := testsrv.Fake(b)
	srv.CreateBucket(b, "photos")
	br := srv.Browser(b)
	if _, err := br.PresignGet(context.Background(), presignInput(0)); err != nil {
		b.Fatal(err)
	}
	return br
}

// presignInput is a one-day GET of photo i.
func presignInput(i int) s3browse.PresignInput {
	return s3browse.PresignInput{Bucket: "photos", Key: fmt.Sprintf("2026/holiday/IMG_%04d.jpg", i), Expires: 24 * time.Hour, SignedAt: time.Now()}
}

// BenchmarkPresign signs one URL per iteration through Browser.PresignGet
// and its cached per-region presign client, on one goroutine (one core).
func BenchmarkPresign(b *testing.B) {
	br := presignBrowser(b)
	ctx := context.Background()
	in := presignInput(1)
	for b.Loop() {
		if _, err := br.PresignGet(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "urls/s")
}

// BenchmarkPresignBatch1000 issues one batch of 1000 links through the
// batch signer, as the pipeline does after its checks (validation, one
// credentials retrieval, signing, warnings).
func BenchmarkPresignBatch1000(b *testing.B) {
	iss := issuer{presignBrowser(b), nil}
	reqs := make([]Request, 1000)
	for i := range reqs {
		in := presignInput(i)
		reqs[i] = Request{Bucket: in.Bucket, Key: in.Key, Expires: in.Expires}
	}
	ctx := context.Background()
	for b.Loop() {
		links, err := iss.issue(ctx, reqs)
		if err != nil || len(links) != len(reqs) {
			b.Fatalf("issued %d links: %v", len(links), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/batch")
}

// floorCanonical is the canonical request of a typical presigned GET.
const floorCanonical = "GET\n/photos/" + benchKey + "\n" +
	"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKTESTS3SHARE%2F20261127%2Fus-east-1%2Fs3%2Faws4_request" +
	"&X-Amz-Date=20261127T005000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\n" +
	"host:127.0.0.1:9000\n\nhost\nUNSIGNED-PAYLOAD"

// BenchmarkSigV4Floor is the least work a SigV4 query signature needs: the
// SHA-256 of the canonical request and one HMAC-SHA256 of the string to
// sign with an already derived signing key.
func BenchmarkSigV4Floor(b *testing.B) {
	key := sha256.Sum256([]byte("derived signing key"))
	canonical := []byte(floorCanonical)
	var sig []byte
	for b.Loop() {
		sum := sha256.Sum256(canonical)
		sts := "AWS4-HMAC-SHA256\n20261127T005000Z\n20261127/us-east-1/s3/aws4_request\n" + hex.EncodeToString(sum[:])
		mac := hmac.New(sha256.New, key[:])
		mac.Write([]byte(sts))
		sig = mac.Sum(sig[:0])
	}
	if len(sig) != sha256.Size {
		b.Fatal("no signature")
	}
}
