package share

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/s3share/s3share/s3browse"
)

// safeSigner is a concurrency-safe fake that fails on one key.
type safeSigner struct {
	calls  atomic.Int64
	failOn string
}

func (s *safeSigner) PresignGet(_ context.Context, in s3browse.PresignInput) (s3browse.Presigned, error) {
	s.calls.Add(1)
	if in.Key == s.failOn {
		return s3browse.Presigned{}, errors.New("refused")
	}
	return s3browse.Presigned{URL: "https://example.test/" + in.Key, Region: "us-east-1"}, nil
}

func (s *safeSigner) Credentials(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: "a", SecretAccessKey: "s"}, nil
}

// batchRequests is n one-hour requests for keys k0000...
func batchRequests(n int) []Request {
	reqs := make([]Request, n)
	for i := range reqs {
		reqs[i] = Request{Bucket: "b", Key: fmt.Sprintf("k%04d.png", i), Expires: time.Hour}
	}
	return reqs
}

// manyCores makes the batch tests run several workers on any machine.
func manyCores(t *testing.T) {
	t.Cleanup(func(prev int) func() { return func() { runtime.GOMAXPROCS(prev) } }(runtime.GOMAXPROCS(4)))
}

func TestIssueLargeBatchKeepsOrder(t *testing.T) {
	manyCores(t)
	s := &safeSigner{}
	reqs := batchRequests(3*parallelBatch + 5)
	links, err := issue(context.Background(), s, nil, reqs)
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != len(reqs) || s.calls.Load() != int64(len(reqs)) {
		t.Fatalf("%d links, %d signatures for %d requests", len(links), s.calls.Load(), len(reqs))
	}
	for i, l := range links {
		if l.Key != reqs[i].Key || l.URL != "https://example.test/"+reqs[i].Key || l.BatchID != links[0].BatchID {
			t.Fatalf("link %d = %s %s batch %s, want %s", i, l.Key, l.URL, l.BatchID, reqs[i].Key)
		}
	}
}

func TestIssueLargeBatchFailsWhole(t *testing.T) {
	manyCores(t)
	reqs := batchRequests(2 * parallelBatch)
	s := &safeSigner{failOn: reqs[77].Key}
	links, err := issue(context.Background(), s, nil, reqs)
	if err == nil || links != nil {
		t.Fatalf("links %d, err %v; want none and the signer's error", len(links), err)
	}
	if n := s.calls.Load(); n >= int64(len(reqs)) {
		t.Errorf("%d signatures after the failure at 77: the workers did not stop", n)
	}
}
